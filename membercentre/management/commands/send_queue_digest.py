from django.core.management.base import BaseCommand

from membercentre.digest import send_digests


class Command(BaseCommand):
    help = "把“我的待办”清单发给订阅了每日待办邮件的工作人员（每天运行一次）。"

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"sent {sent} digest(s)")
