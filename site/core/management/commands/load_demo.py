from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from search.maintenance import analyze_search_tables
from workflows import notifications


class Command(BaseCommand):
    help = "载入演示内容（条例、新闻、活动、资源、教材、各角色演示账号、各状态的入会申请）。可重复运行，不会重复创建。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="为所有演示账号设置此密码（仅用于自动化测试，勿在共享环境使用）",
        )

    def handle(self, *args, password=None, **options):
        with transaction.atomic(), notifications.suppressed():
            for dotted_path in settings.DEMO_LOADERS:
                import_string(dotted_path)(self.stdout, password=password)
        # As bakerydemo does: finish with the search index in step with the content.
        call_command("update_index", verbosity=0)
        analyze_search_tables()
        self.stdout.write(self.style.SUCCESS(f"演示内容已就绪：{settings.SITE_BASE_URL.rstrip('/')}/"))
