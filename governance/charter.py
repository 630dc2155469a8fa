"""The charter in force (Art. 23): versions, and publishing an adopted amendment through the CMS.

The charter page stays a `home.StandardPage` that editors own; adopting an amendment saves and
publishes a new revision of it (so Wagtail's history and rollback apply), with the new text as its
body and the version line (number, date, motion) as its introduction. `CharterVersion` keeps every
text; /governance/charter/ lists them and compares any two.
"""

import re
from html import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import CharterVersion, GovernanceSettings

BOLD = re.compile(r"\*\*(.+?)\*\*")


def text_lines(text: str) -> list[tuple[str, str, str]]:
    """The charter's Markdown-ish text (as site/core/demo/charter.md) read line by line:
    ("heading", its text without '#' or '**', "h2" for a chapter else "h3"), or ("paragraph", the
    raw line, ""). Blank lines and the table of contents' dotted lines are left out."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or "....." in line:
            continue
        if line.startswith("#"):
            heading = BOLD.sub(r"\1", line.lstrip("#").strip())
            lines.append(("heading", heading, "h2" if heading.startswith("第") and "章" in heading[:5] else "h3"))
        else:
            lines.append(("paragraph", line, ""))
    return lines


def text_blocks(text: str) -> list[tuple[str, object]]:
    """The charter's text as StreamField blocks (the charter page's body)."""
    return [
        ("heading", {"text": line, "size": size})
        if kind == "heading"
        else ("paragraph", "<p>" + BOLD.sub(r"<b>\1</b>", escape(line)) + "</p>")
        for kind, line, size in text_lines(text)
    ]


def in_force() -> CharterVersion | None:
    return CharterVersion.objects.filter(in_force_from__lte=timezone.localdate()).order_by("-number").first()


def version_line(version: CharterVersion) -> str:
    if version.motion_id:
        return _("现行版本：第 %(number)s 版，%(day)s 起施行，依据议案《%(motion)s》通过。") % {
            "number": version.number,
            "day": date_format(version.in_force_from, _("Y年m月d日")),
            "motion": version.motion.title,
        }
    return _("现行版本：第 %(number)s 版，%(day)s 起施行。") % {
        "number": version.number,
        "day": date_format(version.in_force_from, _("Y年m月d日")),
    }


def charter_page():
    from home.models import StandardPage

    chosen = GovernanceSettings.load().charter_page
    if chosen is not None:
        return chosen.specific
    return StandardPage.objects.filter(slug="charter").first()


def adopt(motion, *, by) -> CharterVersion:
    """The motion's text becomes the charter in force today, and the charter page is republished."""
    latest = CharterVersion.objects.order_by("-number").first()
    version = CharterVersion.objects.create(
        number=(latest.number + 1) if latest else 1,
        text=motion.text,
        in_force_from=timezone.localdate(),
        motion=motion,
    )
    publish(version, by=by)
    return version


def publish(version: CharterVersion, *, by=None) -> None:
    page = charter_page()
    if page is None:
        return
    page.introduction = version_line(version)
    blocks = text_blocks(version.text)
    see_versions, versions = (
        escape(_("历次版本及修改对照见")),
        escape(_("条例版本")),
    )  # outside the f-string: makemessages reads them
    blocks.append(("paragraph", f'<p>{see_versions} <a href="/governance/charter/">{versions}</a>。</p>'))
    page.body = blocks
    revision = page.save_revision(user=by, log_action=True)
    revision.publish(user=by)
