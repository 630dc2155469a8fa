from django.core.management.base import BaseCommand

from governance import services


class Command(BaseCommand):
    help = "投票：截止前一天提醒尚未投票的单位；已到截止时间的投票自动计票。建议每小时运行一次。"

    def handle(self, *args, **options):
        reminded = services.send_reminders()
        closed = services.close_due_ballots()
        self.stdout.write(f"reminded={reminded} closed={closed}")
