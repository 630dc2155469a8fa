"""An import's page shows rows done out of the file's rows; an import that stopped midway says
exactly which rows it committed, and continues after them when asked."""

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from resources import importer
from resources.models import CourseResourcePage, ResourceImport
from tests.scale.factories import jsonl, make_library, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    make_library()
    admin = User.objects.create_superuser("t_scale_admin", "scale-admin@example.org", "pw-not-used")
    client.force_login(admin)
    client.admin = admin
    return client


def job_for(user, items, **fields) -> ResourceImport:
    job = ResourceImport(uploaded_by=user, original_name="学校资源.jsonl", file_format="jsonl", publish=True, **fields)
    job.file.save("resources.jsonl", ContentFile(jsonl(items).getvalue()), save=False)
    job.save()
    return job


def test_a_running_import_shows_rows_done_out_of_the_total(admin_client):
    job = job_for(admin_client.admin, rows(5), status=ResourceImport.Status.RUNNING, rows_read=2)
    html = admin_client.get(f"/admin/resources/import/{job.pk}/").content.decode()
    assert "已处理 2 / 5 行（40%）" in html and '<progress max="5" value="2">' in html


def test_an_import_that_failed_midway_reports_what_it_committed_and_resumes(
    admin_client, monkeypatch, django_capture_on_commit_callbacks
):
    from resources.imports import run_import

    job = job_for(admin_client.admin, rows(5))
    monkeypatch.setattr(importer, "BATCH_ROWS", 2)
    write_batch, calls = importer._write_batch, []

    def connection_lost_in_the_third_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("server closed the connection unexpectedly")
        return write_batch(*args, **kwargs)

    monkeypatch.setattr(importer, "_write_batch", connection_lost_in_the_third_batch)
    assert run_import.call(job.pk) == "failed"
    job.refresh_from_db()
    assert (job.rows_read, job.created) == (4, 4)
    html = admin_client.get(f"/admin/resources/import/{job.pk}/").content.decode()
    assert "此前已提交文件的前 4 条数据行" in html and "从中断处继续导入" in html
    monkeypatch.setattr(importer, "_write_batch", write_batch)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/resources/import/{job.pk}/resume/")
    job.refresh_from_db()
    assert job.status == ResourceImport.Status.DONE and (job.rows_read, job.created, job.updated) == (5, 5, 0)
    assert CourseResourcePage.objects.filter(external_id__startswith="scale-").count() == 5
    html = admin_client.get(f"/admin/resources/import/{job.pk}/").content.decode()
    assert "新建 5 条，更新 0 条，拒绝 0 条" in html and "从中断处继续导入" not in html


def test_a_finished_import_is_not_resumed(admin_client, django_capture_on_commit_callbacks):
    job = job_for(admin_client.admin, rows(1), status=ResourceImport.Status.DONE, rows_read=1, created=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/resources/import/{job.pk}/resume/", follow=True)
    assert "这次导入没有中断，无需继续" in response.content.decode()
    assert not CourseResourcePage.objects.filter(external_id__startswith="scale-").exists()
