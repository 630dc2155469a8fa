from django.core.management.base import BaseCommand

from expertpool.services import expire_terms


class Command(BaseCommand):
    help = "每日运行：专家聘期届满自动转为“聘期届满”，并在届满前 60 天、30 天各发送一次提醒。"

    def handle(self, *args, **options):
        result = expire_terms()
        self.stdout.write(f"聘期届满 {result['expired']} 人，发送到期提醒 {result['reminded']} 人。")
