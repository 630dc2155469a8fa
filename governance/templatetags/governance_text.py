"""How a motion's text reads on the site.

A charter amendment's text is the whole charter in the same Markdown-ish form the charter page is
built from (`charter.text_lines`: `#` headings, `**bold**`, dotted table-of-contents lines); shown
with `linebreaks` a member read "# 第一章 总 则" and "**第十一条**" verbatim. The same reading makes
the chapters headings here, one level under the page's 正文 heading.
"""

from django import template
from django.utils.html import format_html, format_html_join

from governance.charter import BOLD, text_lines

register = template.Library()

# A chapter is h2 and an article h3 on the charter page; under the motion page's h1 and h2 (正文)
# they are one level lower.
_LEVEL_ON_THE_MOTION_PAGE = {"h2": "h3", "h3": "h4"}


def _with_bold(line: str):
    pieces = BOLD.split(line)  # plain, bold, plain, bold, …
    return format_html_join(
        "", "{}", ((format_html("<b>{}</b>", piece) if i % 2 else piece,) for i, piece in enumerate(pieces))
    )


@register.filter
def motion_text(text: str):
    """The text as HTML: headings for its `#` lines, paragraphs (bold kept) for the rest; every
    piece of the text is escaped."""
    parts = []
    for kind, line, size in text_lines(text or ""):
        if kind == "heading":
            level = _LEVEL_ON_THE_MOTION_PAGE[size]
            parts.append(format_html("<{}>{}</{}>", level, line, level))
        else:
            parts.append(format_html("<p>{}</p>", _with_bold(line)))
    return format_html_join("\n", "{}", ((part,) for part in parts))
