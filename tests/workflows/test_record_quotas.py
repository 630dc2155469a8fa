"""Files are capped per record (count and total bytes), over all requests, wherever they accumulate:
an application's materials and any record's transition attachments. The refusal says what the cap
is and what is already there; nothing is saved."""

import pytest
from django.core.exceptions import ValidationError

from membership import services
from membership.models import ApplicationFile, ApplicationState, MembershipApplication
from tests.factories import PDF_BYTES, pdf_upload, unit_data
from workflows.actions import run
from workflows.models import TransitionAttachment

pytestmark = pytest.mark.django_db


def test_application_files_are_capped_in_number(settings, draft, applicant):
    settings.WORKFLOW_FILES_PER_RECORD = 3
    services.application_update(
        application=draft, by=applicant, unit_data=unit_data(), supporting=[pdf_upload("a.pdf"), pdf_upload("b.pdf")]
    )
    with pytest.raises(ValidationError) as refusal:
        services.application_update(
            application=draft, by=applicant, unit_data=unit_data(), supporting=[pdf_upload("c.pdf")]
        )
    assert "每份记录最多保存 3 个文件：已有 3 个，本次又上传 1 个" in refusal.value.message_dict["supporting"][0]
    assert ApplicationFile.objects.filter(application=draft).count() == 3


def test_application_files_are_capped_in_bytes_and_the_form_says_so(settings, client, draft, applicant):
    settings.WORKFLOW_BYTES_PER_RECORD = len(PDF_BYTES) * 2
    client.force_login(applicant)
    url = f"/membership/applications/{draft.public_id}/edit/"
    data = {**unit_data(), "homepage": "", "save": "1"}
    response = client.post(url, {**data, "supporting": [pdf_upload("a.pdf"), pdf_upload("b.pdf")]})
    assert response.status_code == 200
    assert "每份记录的文件合计不能超过" in response.content.decode()
    assert ApplicationFile.objects.filter(application=draft).count() == 1


def test_transition_attachments_are_capped_per_record(settings, draft, walk, secretariat):
    settings.WORKFLOW_FILES_PER_RECORD = 1
    submitted = walk(draft, ApplicationState.SUBMITTED)
    with pytest.raises(ValidationError) as refusal:
        run(submitted, "return_for_revision", by=secretariat, comment="补材料", files=[pdf_upload(), pdf_upload()])
    assert "最多保存 1 个文件" in refusal.value.messages[0]
    assert MembershipApplication.objects.get(pk=submitted.pk).state == ApplicationState.SUBMITTED
    assert not TransitionAttachment.objects.filter(log__object_id=submitted.pk).exists()
