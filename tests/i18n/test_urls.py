"""Every public URL pattern answers under /en/: the patterns are read from the URL conf (everything
inside i18n_patterns), each is filled with a real object of the right owner where it takes one, and
requested in English; none may be a 404 or a server error, and the page must be in English."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from membership.models import ApplicationState, Membership
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db

# Patterns that answer only to a form's POST (GET is a 405 by design).
POST_ONLY = {
    "logout",
    "events:registration_cancel",
    "governance:nomination_answer",
    "membercentre:contribution_action",
}
# Query strings a pattern needs (the search API refuses a request without a query: a 400).
QUERIES = {"search:api": {"q": "curriculum"}, "search:suggest": {"q": "cur"}, "search:page": {"q": "curriculum"}}


def public_url_names() -> set[str]:
    """The names of every pattern served under the language prefix."""

    def names(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace if namespace is None else namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                yield from names(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    found = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            found |= set(names(entry.url_patterns))
    return found


@pytest.fixture
def records(pages, draft, walk, applicant, expert_user, cnc, appoint):
    from expertpool import services
    from tests.expertpool.conftest import profile

    certified = walk(draft, ApplicationState.CERTIFIED)
    membership = Membership.objects.get(application=certified)
    candidate = appoint(services.apply(user=expert_user, data=profile(), majors=[cnc], cv=pdf_upload("cv.pdf")))
    return {"application": certified, "membership": membership, "candidate": candidate, **other_records(certified)}


def other_records(certified) -> dict:
    """An event (a competition taking registrations) the applicant registered for, a contribution of
    the applicant's unit, and a meeting, motion, ballot and election its unit is invited to."""
    import datetime

    from django.utils import timezone

    from core import roles
    from events import services as events
    from events.models import EventType
    from tests.events.factories import EventPageFactory, answers
    from tests.factories import user_with_role
    from tests.governance import factories as governance
    from tests.governance.test_meetings import make_meeting
    from tests.participation.factories import contribution_with_file
    from workflows.actions import run

    applicant, unit = certified.applicant, certified.unit
    event = EventPageFactory(
        event_type=EventType.COMPETITION, entry_deadline=timezone.now() + datetime.timedelta(days=5)
    )
    registration = events.register(event=event, user=applicant, answers=answers())
    contribution = contribution_with_file(unit=unit, submitted_by=applicant)
    governance.setup_roles()
    secretariat = user_with_role("i18n_secretariat", roles.SECRETARIAT)
    meeting = run(make_meeting(), "send_invitations", by=secretariat)
    ballot = governance.open_ballot(secretariat)
    motion = ballot.motion  # members read a motion once it leaves the secretariat's draft
    election = run(governance.election(secretariat), "open_nominations", by=secretariat)
    return {
        "event": event,
        "registration": registration,
        "contribution": contribution,
        "meeting": meeting,
        "motion": motion,
        "ballot": ballot,
        "election": election,
    }


def requests_for(name: str, records, applicant, expert_user):
    """(user to log in as, kwargs) for pattern `name`."""
    application, membership, candidate = records["application"], records["membership"], records["candidate"]
    by_name = {
        "membership:application_detail": (applicant, {"public_id": application.public_id}),
        "membership:application_edit": (applicant, {"public_id": application.public_id}),
        "membership:application_file": (
            applicant,
            {"public_id": application.public_id, "file_id": application.files.first().pk},
        ),
        "membership:application_action": (applicant, {"public_id": application.public_id, "transition": "withdraw"}),
        "membership:certificate_pdf": (applicant, {"pk": membership.pk}),
        "membership:withdraw": (applicant, {"pk": membership.pk}),
        "membership:dashboard": (applicant, {}),
        "membership:apply": (applicant, {}),
        "password_change": (applicant, {}),
        "password_change_done": (applicant, {}),
        "expertpool:candidate_detail": (expert_user, {"public_id": candidate.public_id}),
        "expertpool:letter_pdf": (expert_user, {"public_id": candidate.public_id}),
        "expertpool:cv": (expert_user, {"public_id": candidate.public_id}),
        "expertpool:candidate_action": (expert_user, {"public_id": candidate.public_id, "transition": "withdraw"}),
        "expertpool:mine": (expert_user, {}),
        "expertpool:apply": (expert_user, {}),
        "expertpool:directory": (applicant, {}),  # members only: the certified applicant is a member
        "expertpool:recommend": (applicant, {}),
        "certificate_verify": (None, {"number": membership.certificate.number}),
        "password_reset_confirm": (
            None,
            {
                "uidb64": urlsafe_base64_encode(force_bytes(applicant.pk)),
                "token": default_token_generator.make_token(applicant),
            },
        ),
        "wagtail_serve": (None, ["news/untranslated/"]),  # positional: Wagtail's page path
        "events:register": (applicant, {"event_id": records["event"].pk}),
        "events:enter_competition": (applicant, {"event_id": records["event"].pk}),
        "events:event_check_in": (None, {"event_id": records["event"].pk}),  # staff only: to the login
        "events:my_registrations": (applicant, {}),
        "events:registration_detail": (applicant, {"public_id": records["registration"].public_id}),
        "events:registration_cancel": (applicant, {"public_id": records["registration"].public_id}),
        "events:registration_calendar": (applicant, {"public_id": records["registration"].public_id}),
        "events:check_in": (None, {"token": records["registration"].token}),
        "membercentre:centre": (applicant, {}),
        "membercentre:profile_edit": (applicant, {"unit_id": application.unit_id}),
        "membercentre:contribution_new": (applicant, {}),
        "membercentre:contribution_detail": (applicant, {"public_id": records["contribution"].public_id}),
        "membercentre:contribution_edit": (applicant, {"public_id": records["contribution"].public_id}),
        "membercentre:contribution_file": (
            applicant,
            {"public_id": records["contribution"].public_id, "file_id": records["contribution"].files.first().pk},
        ),
        "membercentre:contribution_action": (
            applicant,
            {"public_id": records["contribution"].public_id, "transition": "submit"},
        ),
        "governance:index": (applicant, {}),
        "governance:meeting": (applicant, {"public_id": records["meeting"].public_id}),
        "governance:meeting_ics": (applicant, {"public_id": records["meeting"].public_id}),
        "governance:motions": (applicant, {}),
        "governance:motion": (applicant, {"public_id": records["motion"].public_id}),
        "governance:motion_diff": (applicant, {"public_id": records["motion"].public_id}),
        "governance:ballot": (applicant, {"public_id": records["ballot"].public_id}),
        "governance:election": (applicant, {"public_id": records["election"].public_id}),
        "governance:charter": (applicant, {}),
        "governance:charter_diff": (applicant, {}),
        "governance:unit_accounts": (applicant, {}),
    }
    return by_name.get(name, (None, {}))


# Patterns whose objects this test does not build, each answered by its view (not by a missing route):
# a file that was never uploaded, a consent link never sent, a page without a password.
VIEW_404 = {
    "expertpool:photo": {"public_id": None},
    "expertpool:consent": {"token": "no-such-token"},
    "workflow_attachment": {"token": "no-such-token"},
    "wagtailcore_authenticate_with_password": {"page_view_restriction_id": 999999, "page_id": 999999},
    "membercentre:contribution_review": {"public_id": None},  # the applicant is no reviewing expert
    "governance:meeting_paper": {"public_id": None, "paper_id": 999999},
    "governance:nomination_answer": {"pk": 999999},
    "governance:unit_join": {"token": "no-such-token"},
}


def test_every_public_url_pattern_answers_in_english(client, records, applicant, expert_user):
    names = public_url_names()
    assert {"search:page", "certificate_verify", "membership:register", "expertpool:directory", "login"} <= names
    failures = []
    for name in sorted(names):
        user, kwargs = requests_for(name, records, applicant, expert_user)
        expected_404 = name in VIEW_404
        if expected_404:
            kwargs = {k: (v if v is not None else records["candidate"].public_id) for k, v in VIEW_404[name].items()}
        with translation.override("en"):
            url = reverse(name, args=kwargs) if isinstance(kwargs, list) else reverse(name, kwargs=kwargs)
        assert url.startswith("/en/"), url
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url, QUERIES.get(name, {}))
        allowed = {200, 302} | ({405} if name in POST_ONLY else set()) | ({404} if expected_404 else set())
        if response.status_code not in allowed:
            failures.append(f"{name} {url}: {response.status_code}")
        elif response.status_code == 302 and not response["Location"].startswith(("/en/", "http")):
            failures.append(f"{name} {url}: redirects out of the English site to {response['Location']}")
        elif response.get("Content-Type", "").startswith("text/html") and response.status_code == 200:
            if not re.search(r'<html lang="en"[ >]', response.content.decode()):
                failures.append(f"{name} {url}: not an English page")
    assert failures == [], "\n".join(failures)
