"""Resource imports started in the admin run as a task (django-tasks: an RQ worker when REDIS_URL is
set, inline otherwise), so a file of thousands of rows never outlives the web request that uploaded
it. The job row records progress and the importer's report as it goes: it is written in the same
transaction as each batch of rows (resources.importer), so after a crash `rows_read` says exactly how
many data rows of the file were committed, and `resume_import` continues after them."""

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from workflows import notifications
from workflows.uploads import safe_filename

from .importer import Report, count_rows, import_resources
from .models import ResourceImport

logger = logging.getLogger(__name__)


def start_import(uploaded, *, file_format: str, user, publish: bool) -> ResourceImport:
    """Store the uploaded file privately and queue its import once this transaction commits."""
    job = ResourceImport(
        uploaded_by=user,
        original_name=safe_filename(uploaded.name)[:120],
        file_format=file_format,
        publish=publish,
    )
    job.file.save(uploaded.name, uploaded, save=False)
    job.save()
    transaction.on_commit(lambda: _queue(job))
    return job


def resume_import(job: ResourceImport) -> bool:
    """Queue an interrupted import again (its worker died, was stopped, or failed after committing
    some batches): it continues after the rows its last committed batch recorded. False when the
    job is not one to resume."""
    if not is_resumable(job):
        return False
    ResourceImport.objects.filter(pk=job.pk, status=job.status).update(status=ResourceImport.Status.QUEUED)
    job.status = ResourceImport.Status.QUEUED
    transaction.on_commit(lambda: _queue(job))
    return True


def _queue(job: ResourceImport) -> None:
    """Hand the job to the task queue. If the queue (Redis) cannot be reached the job fails at once
    with a message saying so, instead of the upload answering a server error and the job waiting
    forever: an import is too long to run inside the web request."""
    from redis.exceptions import RedisError

    try:
        run_import.enqueue(job.pk)
    except RedisError:
        logger.warning("task queue unreachable: import %s not queued", job.pk, exc_info=True)
        _update(
            job,
            status=ResourceImport.Status.FAILED,
            error=gettext("任务队列暂时无法连接，导入没有开始。请稍后重新上传该文件。"),
            finished_at=timezone.now(),
        )


def is_resumable(job: ResourceImport) -> bool:
    failed_midway = job.status == ResourceImport.Status.FAILED and job.rows_read > 0
    return failed_midway or job.is_stalled


def _record_batch(job: ResourceImport, report: Report, rows_done: int) -> None:
    """Called inside each batch's transaction: the job row says what is committed, no more."""
    _update(job, rows_read=rows_done, **_report_fields(report))


def _report_fields(report: Report) -> dict:
    return {
        "created": report.created,
        "updated": report.updated,
        "drafts": report.drafts,
        "rejected": [list(item) for item in sorted(report.rejected)],
        "new_majors": list(report.new_majors),
    }


@task(queue_name="imports")
def run_import(job_id: int) -> str:
    queued = ResourceImport.objects.filter(pk=job_id, status=ResourceImport.Status.QUEUED)
    if not queued.update(status=ResourceImport.Status.RUNNING):  # one statement: one delivery claims it
        return ResourceImport.objects.get(pk=job_id).status  # delivered twice: the first one has it
    job = ResourceImport.objects.select_related("uploaded_by").get(pk=job_id)
    resume = (job.rows_read, report_of(job)) if job.rows_read else None
    try:
        with job.file.open("rb") as stream, notifications.suppressed():
            report = import_resources(
                stream,
                job.file_format,
                user=job.uploaded_by,
                publish=job.publish,
                source=job.original_name,
                resume=resume,
                on_batch=lambda report, rows_done: _record_batch(job, report, rows_done),
            )
    except Exception as failure:  # noqa: BLE001 - a corrupt spreadsheet can raise almost anything
        committed = ResourceImport.objects.values_list("rows_read", flat=True).get(pk=job.pk)
        error = gettext("无法读取文件：{failure}").format(failure=failure)
        if committed:
            error += gettext("（此前已提交文件的前 {committed} 条数据行，之后的行均未写入）").format(
                committed=committed
            )
        _update(job, status=ResourceImport.Status.FAILED, error=error, finished_at=timezone.now())
        return job.status
    _update(job, status=ResourceImport.Status.DONE, **_report_fields(report), finished_at=timezone.now())
    return job.status


def report_of(job: ResourceImport) -> Report:
    return Report(
        created=job.created,
        updated=job.updated,
        drafts=job.drafts,
        rejected=[(line, reason) for line, reason in job.rejected],
        new_majors=list(job.new_majors),
    )


def _update(job: ResourceImport, **fields) -> None:
    """Write these fields now, in their own statement, so the uploader's page sees them mid-import."""
    for name, value in fields.items():
        setattr(job, name, value)
    ResourceImport.objects.filter(pk=job.pk).update(**fields)


@dataclass
class Progress:
    done: int  # data rows committed (or rejected)
    total: int | None  # data rows in the file (None: not counted yet, or unreadable)
    eta_seconds: int | None  # None until two observations show the rate

    @property
    def eta_text(self) -> str:
        """The time left as a person reads it: 不到 1 分钟, 约 12 分钟, 约 1 小时 5 分钟."""
        if self.eta_seconds is None:
            return ""
        minutes = -(-self.eta_seconds // 60)
        if self.eta_seconds < 60:
            return gettext("不到 1 分钟")
        if minutes < 60:
            return gettext("约 %(m)s 分钟") % {"m": minutes}
        return gettext("约 %(h)s 小时 %(m)s 分钟") % {"h": minutes // 60, "m": minutes % 60}

    @property
    def percent(self) -> int | None:
        return min(100, self.done * 100 // self.total) if self.total else None


def progress_of(job: ResourceImport) -> Progress:
    """Rows done out of the file's rows, and the time left at the rate observed so far. The file is
    counted once (a streamed pass, cached); the rate comes from the first time this process saw the
    job running and what has been committed since."""
    total = cache.get(f"resource-import-total-{job.pk}")
    if total is None:
        try:
            with job.file.open("rb") as stream:
                total = count_rows(stream, job.file_format)
        except Exception:  # noqa: BLE001 - an unreadable file fails in the import with its reason
            total = -1
        cache.set(f"resource-import-total-{job.pk}", total, timeout=24 * 3600)
    now = time.time()
    first_key = f"resource-import-seen-{job.pk}"
    first = cache.get(first_key)
    if first is None or first[1] > job.rows_read:
        first = (now, job.rows_read)
        cache.set(first_key, first, timeout=24 * 3600)
    eta = None
    if total and total > 0 and job.rows_read > first[1] and now > first[0]:
        rate = (job.rows_read - first[1]) / (now - first[0])
        eta = int(max(0, total - job.rows_read) / rate)
    return Progress(done=job.rows_read, total=total if total >= 0 else None, eta_seconds=eta)
