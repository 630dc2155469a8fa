"""A public form that fails validation opens with an error summary at its top ("N 处需要修改", role
alert, focus moved to it by site.js) linking to each field's error. The forms are found by walking
every public URL pattern (the i18n walk's records, tests/i18n/test_urls.py), opening each as its
owner and posting the form it shows back empty. The long forms whose record in that walk is past
editing (a certified application, an event the applicant already registered for) get their own."""

import re

import pytest
from django.urls import reverse

from tests.expertpool.conftest import appoint, cnc, committee, expert_user  # noqa: F401, F811
from tests.i18n.conftest import pages  # noqa: F401
from tests.i18n.test_urls import VIEW_404, public_url_names, records, requests_for  # noqa: F401, F811

pytestmark = pytest.mark.django_db

# Forms posted back empty are answered by what the page is for; these are not forms with fields to
# get wrong (a button that cancels, a search box) or would act on an empty POST.
NOT_POSTED = {"logout", "login", "events:check_in", "events:registration_cancel", "governance:unit_join"}
#: The long forms the summary is for: each must be among those the walk finds.
LONG_FORMS = {
    "membership:apply",
    "membership:application_edit",
    "expertpool:apply",
    "membercentre:profile_edit",
    "membercentre:contribution_new",
    "events:register",
}
POST_FORM = re.compile(r'<form[^>]*method="post"(?![^>]*action=)[^>]*>', re.I)


def summary_of(html: str) -> str | None:
    found = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S)
    return found.group(0) if found else None


def test_every_public_form_shows_an_error_summary(client, records, applicant, expert_user):  # noqa: F811
    from tests.events.factories import EventPageFactory
    from tests.factories import UserFactory
    from tests.factories.membership import ApplicationFactory

    other_draft = ApplicationFactory(applicant=UserFactory())
    own = {
        "membership:application_edit": (other_draft.applicant, {"public_id": other_draft.public_id}),
        "events:register": (applicant, {"event_id": EventPageFactory().pk}),
    }
    walked, failures = set(), []
    for name in sorted(public_url_names() - NOT_POSTED - set(VIEW_404)):
        user, kwargs = own.get(name) or requests_for(name, records, applicant, expert_user)
        if isinstance(kwargs, list):
            continue  # Wagtail's pages: no forms of their own
        client.logout()
        if user is not None:
            client.force_login(user)
        url = reverse(name, kwargs=kwargs)
        page = client.get(url)
        if page.status_code != 200 or page.streaming or not POST_FORM.search(page.content.decode()):
            continue
        # every field empty; `submit` asks for the full check where a form also saves drafts
        response = client.post(url, {"submit": "1"})
        html = response.content.decode()
        if "has-error" not in html:
            continue  # an empty POST this form accepts (or a redirect): nothing to summarise
        walked.add(name)
        summary = summary_of(html)
        if summary is None:
            failures.append(f"{name}: fields in error but no summary")
            continue
        count = len(re.findall(r"<li>", summary))
        if 'role="alert"' not in summary or "data-error-summary" not in summary or 'tabindex="-1"' not in summary:
            failures.append(f"{name}: the summary is not an alert that takes the focus")
        if f"{count} 处需要修改" not in summary or count == 0:
            failures.append(f"{name}: the heading does not count the {count} items")
        if html.find("error-summary") > html.find('class="field has-error"'):
            failures.append(f"{name}: the summary is not above the fields")
        for anchor in re.findall(r'href="#([^"]+)"', summary):
            if not re.search(rf'id="{re.escape(anchor)}"', html):
                failures.append(f"{name}: the link #{anchor} leads nowhere")
        if count < len(re.findall(r'class="field has-error"', html)):
            failures.append(f"{name}: {count} items for more fields in error")
    assert failures == [], "\n".join(failures)
    assert LONG_FORMS <= walked, f"not walked: {LONG_FORMS - walked}"
