from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from search.catch_up import catch_up


class Command(BaseCommand):
    help = (
        "重建搜索索引（update_index）之后运行：把重建期间发布、撤回、删除或移动的内容补进新索引。"
        "--since 填重建开始的时间（如 2026-11-25T02:00），或 --minutes 填重建用了多少分钟（多填无妨）。"
    )

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--since", help="重建开始的时间，ISO 格式，如 2026-11-25T02:00（本地时区）")
        when.add_argument("--minutes", type=int, help="补最近多少分钟内的变更")

    def handle(self, *args, since=None, minutes=None, **options):
        if minutes is not None:
            if minutes <= 0:
                raise CommandError("--minutes 应为正整数。")
            start = timezone.now() - timedelta(minutes=minutes)
        else:
            start = parse_datetime(since)
            if start is None:
                raise CommandError(f"无法识别的时间：{since!r}，请用 ISO 格式，如 2026-11-25T02:00。")
            if timezone.is_naive(start):
                start = timezone.make_aware(start)
        updated, removed = catch_up(start)
        self.stdout.write(f"自 {start:%Y-%m-%d %H:%M} 以来：重新索引 {updated} 项，移出索引 {removed} 项。")
