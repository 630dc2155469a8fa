from django.core.management.base import BaseCommand

from workflows.diagrams import all_diagrams


class Command(BaseCommand):
    help = "以 Mermaid 格式输出各流程的状态图（由代码中的状态转换生成，docs/architecture.md 中的图即由此生成）。"

    def handle(self, *args, **options):
        for name, source in all_diagrams().items():
            self.stdout.write(f"{name}\n\n```mermaid\n{source}\n```\n")
