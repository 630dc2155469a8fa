"""Builders for the batch-importer tests: a library of their own (not the demo's), and resource rows."""

import io
import json

from wagtail.models import Page

ROW = {
    "title": "《数控车削编程与加工》课程标准",
    "summary": "明确数控车削编程与加工课程的性质、目标、内容与要求。",
    "body": "第一部分 课程性质\n\n第二部分 课程目标",
    "major": "数控技术应用",
    "resource_type": "course_standard",
    "school": "批量导入测试学校",
    "year": 2024,
    "tags": ["数控车削", "课程标准"],
    "visibility": "public",
}


def make_library(slug: str = "scale-library"):
    """A home page of its own under the root, with a resource library under it."""
    from home.models import HomePage
    from resources.models import ResourceIndexPage

    home = Page.get_first_root_node().add_child(instance=HomePage(title="批量导入测试站", slug=f"{slug}-home"))
    return home.add_child(instance=ResourceIndexPage(title="教学资源库（测试）", slug=slug))


def rows(count: int, *, prefix: str = "scale", **overrides) -> list[dict]:
    return [
        {**ROW, "external_id": f"{prefix}-{i:04d}", "title": f"{ROW['title']}（第 {i} 版）", **overrides}
        for i in range(count)
    ]


def jsonl(items) -> io.BytesIO:
    return io.BytesIO("\n".join(json.dumps(item, ensure_ascii=False) for item in items).encode())
