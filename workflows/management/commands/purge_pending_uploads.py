import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workflows.pending_uploads import purge_stale


class Command(BaseCommand):
    help = "删除表单校验失败后暂存、已超过保留时间的上传文件（每天运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=settings.WORKFLOW_PENDING_UPLOADS_MAX_AGE_HOURS,
            help="只删除早于这么多小时的暂存文件（默认 WORKFLOW_PENDING_UPLOADS_MAX_AGE_HOURS）。",
        )

    def handle(self, *args, older_than_hours: int, **options):
        if older_than_hours < 1:
            raise CommandError("--older-than-hours 至少为 1：更短会删掉正在填写的表单刚暂存的文件。")
        removed = purge_stale(older_than=datetime.timedelta(hours=older_than_hours))
        self.stdout.write(f"removed {removed} kept upload(s) older than {older_than_hours} hours")
