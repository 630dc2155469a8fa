"""The public site's templates run under a Content-Security-Policy without 'unsafe-inline': no
inline <script>, no inline event handler, no style attribute (the browser would silently ignore
them). Behaviour lives in static/js, looks in static/css. The admin's own templates are exempt."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_FOLDERS = ["site", "membership", "expertpool", "workflows", "search"]
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=\s*[\"']", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def site_templates():
    for folder in TEMPLATE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("templates/**/*.html")):
            if "/admin/" not in str(path) and "/mail/" not in str(path):
                yield pytest.param(path, id=str(path.relative_to(ROOT)))


@pytest.mark.parametrize("path", list(site_templates()))
def test_template_has_nothing_inline(path):
    text = path.read_text(encoding="utf-8")
    found = [kind for kind, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{path.name}: {', '.join(found)}"


def test_there_are_templates_to_check():
    assert len(list(site_templates())) > 20
