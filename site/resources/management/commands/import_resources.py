import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resources.importer import FORMATS, detect_format, import_resources
from workflows import notifications


class Command(BaseCommand):
    help = "从 .jsonl、.csv 或 .xlsx 文件批量导入课程资源（按 external_id 新建或更新，发布并建立索引）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="要导入的文件")
        parser.add_argument("--format", choices=FORMATS, help="文件格式（默认按扩展名判断）")

    def handle(self, *args, file, format=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            fmt = format or detect_format(path.name)
        except ValueError as error:
            raise CommandError(str(error)) from error
        total_lines = self._count_lines(path, fmt)

        def progress(line: int) -> None:
            if sys.stderr.isatty() or line % 500 == 0 or line == total_lines:
                done = min(line, total_lines)
                width = 30
                filled = int(width * done / max(total_lines, 1))
                sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total_lines}")
                sys.stderr.flush()

        with path.open("rb") as stream, notifications.suppressed():
            report = import_resources(stream, fmt, progress=progress)
        sys.stderr.write("\n")
        for line, reason in report.rejected:
            self.stdout.write(self.style.WARNING(f"第 {line} 行被拒绝：{reason}"))
        self.stdout.write(self.style.SUCCESS(f"导入完成：{report.summary()}。"))

    @staticmethod
    def _count_lines(path: Path, fmt: str) -> int:
        if fmt == "xlsx":
            from openpyxl import load_workbook

            return load_workbook(path, read_only=True).active.max_row or 0
        with path.open("rb") as handle:
            return sum(1 for _ in handle)
