"""The three apps' forms with uploads share one view (workflows.upload_forms): on each, a submit that
fails on another field keeps the file, and the corrected submit, without choosing it again, attaches
it to the record it creates."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from expertpool.models import ExpertCandidate
from membercentre.models import Contribution
from membership.models import MembershipApplication
from resources.models import Major
from tests.factories import PDF_BYTES, UserFactory, pdf_upload, unit_data
from tests.factories.expertpool import profile
from tests.participation.factories import library, member_unit

pytestmark = pytest.mark.django_db

KEPT = PDF_BYTES.replace(b"%%EOF", b"% kept across the failed submit\n%%EOF")


@dataclass
class UploadForm:
    url: str
    file_field: str
    #: (the person, the form's valid data, one field made invalid)
    setup: Callable
    #: the contents of the files attached to what the person's valid submit created
    attached: Callable


def membership_setup():
    return UserFactory(), {**unit_data(), "homepage": "", "submit": "1"}, {"contact_email": "不是邮箱"}


def expert_setup():
    user = UserFactory(email="kept_form@example.org")
    major = Major.objects.filter(is_active=True).first()
    data = {**profile(email="kept_form@example.org"), "majors": [major.pk], "submit": "1", "homepage": ""}
    return user, data, {"years_experience": 99}


def contribution_setup():
    library()
    unit = member_unit()
    data = {
        "unit": unit.pk,
        "title": "保留附件的投稿",
        "summary": "摘要。",
        "description": "",
        "major": Major.objects.filter(is_active=True).first().pk,
        "resource_type": "training_guide",
        "year": 2025,
        "visibility": "members",
        "licence": "members_internal",
        "submit": "1",
    }
    return unit.account, data, {"year": "明年"}


FORMS = {
    "membership application": UploadForm(
        "membership:apply",
        "letter",
        membership_setup,
        lambda user: [record.file.read() for record in MembershipApplication.objects.get(applicant=user).files.all()],
    ),
    "expert application": UploadForm(
        "expertpool:apply",
        "cv",
        expert_setup,
        lambda user: [ExpertCandidate.objects.get(user=user).cv.read()],
    ),
    "resource contribution": UploadForm(
        "membercentre:contribution_new",
        "files",
        contribution_setup,
        lambda user: [record.file.read() for record in Contribution.objects.get(unit__account=user).files.all()],
    ),
}


@pytest.mark.parametrize("name", FORMS)
def test_a_file_survives_a_failed_submit_and_is_attached_after_the_fix(client, name):
    form = FORMS[name]
    user, data, invalid = form.setup()
    client.force_login(user)
    url = reverse(form.url)
    failed = client.post(url, {**data, **invalid, form.file_field: pdf_upload("保留的文件.pdf", content=KEPT)})
    assert failed.status_code == 200 and failed.context["form"].errors
    assert "保留的文件.pdf" in failed.content.decode()  # named on the form shown again
    fixed = client.post(url, data)
    assert fixed.status_code == 302
    assert form.attached(user) == [KEPT]
