import datetime

from django.core.management.base import BaseCommand

from workflows import notifications


class Command(BaseCommand):
    help = (
        "发送仍未发出的通知邮件（队列任务丢失、任务进程被终止、Redis 或邮件服务器暂时不可用时留下的），"
        "每封至多发送一次。建议每 5 分钟运行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=int(notifications.SWEEP_GRACE.total_seconds()),
            help="只发送生成已超过这么多秒的邮件（默认 300：给队列留出正常发送的时间）",
        )

    def handle(self, *args, older_than: int, **options):
        result = notifications.send_pending(grace=datetime.timedelta(seconds=older_than))
        self.stdout.write(f"sent={result.sent} failed={result.failed} given_up={result.given_up}")
