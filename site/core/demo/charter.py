"""The charter as StreamField blocks, from the Markdown-ish copy in charter.md."""

import re
from html import escape
from pathlib import Path

CHARTER_FILE = Path(__file__).with_name("charter.md")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", escape(text))


def charter_blocks() -> list[tuple[str, object]]:
    """Headings for chapters and article groups, one paragraph per article or item; no contents table."""
    blocks: list[tuple[str, object]] = []
    for raw in CHARTER_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or "....." in line or line.replace(" ", "") in {"#目录", "条例"}:
            continue
        if line.startswith("全国中等职业教育合作发展联席会"):
            continue
        if line.startswith("#"):
            text = _BOLD.sub(r"\1", line.lstrip("#").strip())
            level = "h2" if text.startswith("第") and "章" in text[:5] else "h3"
            blocks.append(("heading", {"text": text, "size": level}))
        else:
            blocks.append(("paragraph", f"<p>{_inline(line)}</p>"))
    return blocks
