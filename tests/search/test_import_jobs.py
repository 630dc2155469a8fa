"""Resource imports uploaded in the admin run in the background: the upload returns at once to the
import's own page, which follows the progress and then shows the report; only the uploader sees it;
a file that cannot be read fails with the reason. With REDIS_URL the import waits in the real queue
until a worker takes it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core import roles
from resources.imports import run_import
from resources.models import CourseResourcePage, ResourceImport
from tests.factories import user_with_role
from tests.queue_fixtures import needs_redis, run_worker_until_empty
from tests.search.test_import import BAD_ROWS, GOOD, csv_file, jsonl

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


def upload(client, name: str, content: bytes, capture):
    """Upload as the editor does; the page the browser lands on (after the queued task ran, if the
    queue runs tasks inline)."""
    with capture(execute=True):
        response = client.post("/admin/resources/import/", {"file": SimpleUploadedFile(name, content)})
    if response.status_code != 302:
        return response
    return client.get(response["Location"])


@pytest.fixture
def editor_in_admin(client, editor):
    client.force_login(editor)
    return client


def test_an_upload_lands_on_its_import_page_with_the_report(editor_in_admin, django_capture_on_commit_callbacks):
    response = upload(
        editor_in_admin, "resources.jsonl", jsonl([GOOD, BAD_ROWS[0]]).getvalue(), django_capture_on_commit_callbacks
    )
    job = ResourceImport.objects.get()
    assert response.request["PATH_INFO"] == f"/admin/resources/import/{job.pk}/"
    html = response.content.decode()
    assert "已完成" in html and "新建 1 条，更新 0 条，拒绝 1 条" in html and "已保存为草稿并提交审核" in html
    assert "resource_type“movie”无效" in html
    assert "Refresh" not in response  # finished: the page stops reloading
    assert CourseResourcePage.objects.filter(external_id=GOOD["external_id"]).exists()
    listing = editor_in_admin.get("/admin/resources/import/").content.decode()
    assert "resources.jsonl" in listing and "新建 1，更新 0，拒绝 1" in listing


def test_an_unfinished_import_page_reloads_itself(editor_in_admin, editor):
    job = ResourceImport.objects.create(
        uploaded_by=editor, original_name="big.csv", file_format="csv", publish=False, rows_read=0
    )
    response = editor_in_admin.get(f"/admin/resources/import/{job.pk}/")
    assert response["Refresh"] == "2"
    assert "排队中" in response.content.decode() and "等待后台处理" in response.content.decode()


def test_an_import_no_worker_finished_says_so_and_stops_reloading(editor_in_admin, editor):
    job = ResourceImport.objects.create(uploaded_by=editor, original_name="big.csv", file_format="csv", publish=False)
    ResourceImport.objects.filter(pk=job.pk).update(
        status=ResourceImport.Status.RUNNING, created_at=timezone.now() - datetime.timedelta(hours=5)
    )
    response = editor_in_admin.get(f"/admin/resources/import/{job.pk}/")
    assert "Refresh" not in response
    assert "超过 4 小时仍未完成" in response.content.decode()


def test_a_file_that_cannot_be_read_fails_with_the_reason(editor_in_admin, django_capture_on_commit_callbacks):
    html = upload(
        editor_in_admin, "broken.xlsx", b"PK\x03\x04 not really a workbook", django_capture_on_commit_callbacks
    )
    html = html.content.decode()
    assert "失败" in html and "无法读取文件" in html
    assert ResourceImport.objects.get().status == ResourceImport.Status.FAILED


def test_unsupported_files_are_refused_on_the_form(editor_in_admin, django_capture_on_commit_callbacks):
    response = upload(editor_in_admin, "resources.pdf", b"%PDF-1.4", django_capture_on_commit_callbacks)
    assert "不支持的文件格式" in response.content.decode()
    assert not ResourceImport.objects.exists()


def test_only_the_uploader_sees_an_import(client, editor, member, django_capture_on_commit_callbacks):
    client.force_login(editor)
    upload(client, "resources.jsonl", jsonl([GOOD]).getvalue(), django_capture_on_commit_callbacks)
    job = ResourceImport.objects.get()
    client.force_login(user_with_role("another_editor", roles.EDITORS))
    assert client.get(f"/admin/resources/import/{job.pk}/").status_code == 404
    assert "resources.jsonl" not in client.get("/admin/resources/import/").content.decode()
    client.force_login(member)
    assert client.get("/admin/resources/import/").status_code in (302, 403)
    assert client.get(f"/admin/resources/import/{job.pk}/").status_code in (302, 403)


def test_a_job_delivered_twice_is_imported_once(editor_in_admin, django_capture_on_commit_callbacks):
    upload(editor_in_admin, "resources.jsonl", jsonl([GOOD]).getvalue(), django_capture_on_commit_callbacks)
    job = ResourceImport.objects.get()
    assert run_import.call(job.pk) == "done"  # a second delivery finds it done and leaves it
    job.refresh_from_db()
    assert (job.created, job.updated) == (1, 0)


@needs_redis
def test_with_a_queue_the_import_waits_for_a_worker(editor_in_admin, rq_backend, django_capture_on_commit_callbacks):
    response = upload(editor_in_admin, "resources.jsonl", jsonl([GOOD]).getvalue(), django_capture_on_commit_callbacks)
    assert "排队中" in response.content.decode() and response["Refresh"] == "2"
    assert not CourseResourcePage.objects.filter(external_id=GOOD["external_id"]).exists()
    assert run_worker_until_empty("default") == 0  # mail and indexing are not held up by imports
    assert run_worker_until_empty("imports") == 1
    page = editor_in_admin.get(f"/admin/resources/import/{ResourceImport.objects.get().pk}/")
    assert "已完成" in page.content.decode() and "Refresh" not in page
    assert CourseResourcePage.objects.filter(external_id=GOOD["external_id"]).exists()


def test_the_import_page_lists_the_columns_itself(editor_in_admin):
    html = editor_in_admin.get("/admin/resources/import/").content.decode()
    assert "见 README" not in html
    for column in ("external_id", "resource_type", "visibility"):
        assert f"<code>{column}</code>" in html
    assert "GBK" in html


def test_a_gbk_csv_with_an_unlisted_major_imports_from_the_admin(editor_in_admin, django_capture_on_commit_callbacks):
    rows = [GOOD, {**GOOD, "external_id": "imp-002", "major": "智能网联汽车技术应用"}]
    content = csv_file(rows).getvalue().decode("utf-8-sig").encode("gbk")
    html = upload(editor_in_admin, "excel.csv", content, django_capture_on_commit_callbacks).content.decode()
    assert "新建 2 条，更新 0 条，拒绝 0 条" in html
    assert "待秘书处确认或合并：智能网联汽车技术应用" in html and "查看待确认专业" in html


def test_an_admin_merges_an_imported_major_into_the_listed_one(editor):
    from django.test import Client

    from core.models import Major
    from resources.importer import import_resources
    from resources.models import MajorToConfirm

    import_resources(jsonl([{**GOOD, "major": "数控技术应用专业"}]), "jsonl")
    mark = MajorToConfirm.objects.get(major__name="数控技术应用专业")
    listed = Major.objects.get(name="数控技术应用")
    from core import roles
    from tests.conftest import make_user

    client = Client()
    client.force_login(make_user("t_merger", roles.SECRETARIAT))  # the secretariat confirms imported majors
    assert "合并到目录中的专业" in client.get("/admin/resources/majors-to-confirm/").content.decode()
    response = client.post(f"/admin/resources/majors-to-confirm/{mark.pk}/merge/", {"into": listed.pk})
    assert response.status_code == 302
    assert CourseResourcePage.objects.get(external_id=GOOD["external_id"]).major == listed
    assert not Major.objects.filter(name="数控技术应用专业").exists()
    assert not MajorToConfirm.objects.exists()
    client.force_login(editor)  # an editor may not merge majors
    other = MajorToConfirm.objects.create(major=Major.objects.create(name="临时", category="71"), source="x")
    refused = client.post(f"/admin/resources/majors-to-confirm/{other.pk}/merge/", {"into": listed.pk})
    assert refused.status_code == 302 and refused.url == "/admin/"  # Wagtail's answer to PermissionDenied
    assert Major.objects.filter(name="临时").exists()
