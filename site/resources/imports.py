"""Resource imports started in the admin run as a task (django-tasks: an RQ worker when REDIS_URL is
set, inline otherwise), so a file of thousands of rows never outlives the web request that uploaded
it. The job row records progress and, at the end, the importer's report."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from workflows import notifications
from workflows.uploads import safe_filename

from .importer import Report, import_resources
from .models import ResourceImport

PROGRESS_EVERY = 25  # rows between two progress writes


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
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


@task(queue_name="imports")
def run_import(job_id: int) -> str:
    queued = ResourceImport.objects.filter(pk=job_id, status=ResourceImport.Status.QUEUED)
    if not queued.update(status=ResourceImport.Status.RUNNING):  # one statement: one delivery claims it
        return ResourceImport.objects.get(pk=job_id).status  # delivered twice: the first one has it
    job = ResourceImport.objects.select_related("uploaded_by").get(pk=job_id)

    def progress(row_number: int) -> None:
        if row_number % PROGRESS_EVERY == 0:
            _update(job, rows_read=row_number)

    try:
        with job.file.open("rb") as stream, notifications.suppressed():
            report = import_resources(
                stream,
                job.file_format,
                user=job.uploaded_by,
                publish=job.publish,
                progress=progress,
                source=job.original_name,
            )
    except Exception as failure:  # noqa: BLE001 - a corrupt spreadsheet can raise almost anything
        _update(
            job,
            status=ResourceImport.Status.FAILED,
            error=gettext("无法读取文件：{failure}").format(failure=failure),
            finished_at=timezone.now(),
        )
        return job.status
    _update(
        job,
        status=ResourceImport.Status.DONE,
        rows_read=report.total,
        created=report.created,
        updated=report.updated,
        drafts=report.drafts,
        rejected=[list(item) for item in report.rejected],
        new_majors=report.new_majors,
        finished_at=timezone.now(),
    )
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
