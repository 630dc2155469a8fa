from django.core.management.base import BaseCommand

from governance import services


class Command(BaseCommand):
    help = "每日运行：理事会职务任期届满前 60 天、30 天各提醒一次（会员单位与秘书处）。"

    def handle(self, *args, **options):
        self.stdout.write(f"reminded={services.remind_position_terms()}")
