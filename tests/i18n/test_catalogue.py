"""The English catalogue is complete, compiled, and covers every string marked in the code."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import polib
from django.utils import translation

from .template_scan import ROOT

LOCALE = ROOT / "site" / "locale"
ENGLISH = LOCALE / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDERS = re.compile(r"%\(\w+\)s|\{[^{}]*\}")


def test_every_english_entry_is_translated_and_keeps_its_placeholders():
    catalogue = polib.pofile(str(ENGLISH))
    assert len(catalogue) > 800
    untranslated = [entry.msgid for entry in catalogue if not entry.translated()]
    assert untranslated == []

    def forms(entry):  # (source, translation) pairs: one, or each plural form against its source
        if not entry.msgid_plural:
            return [(entry.msgid, entry.msgstr)]
        return [(entry.msgid if n == 0 else entry.msgid_plural, text) for n, text in entry.msgstr_plural.items()]

    changed = [
        entry.msgid
        for entry in catalogue
        for source, text in forms(entry)
        if not text or sorted(PLACEHOLDERS.findall(source)) != sorted(PLACEHOLDERS.findall(text))
    ]
    assert changed == []
    # Only these help texts keep Chinese in English: their examples are Chinese by nature (synonyms,
    # the filing numbers Chinese authorities issue, the keys of a Chinese-keyed record). Named one
    # by one, so no other entry can be left in Chinese.
    samples = {
        "多个用逗号或顿号分隔，如：电子商务、跨境电子商务",
        "如：京ICP备12345678号-1；填写后显示在页脚并链接到工信部备案系统",
        "如：京公网安备 11010502000000号；填写后显示在页脚",
        "{字段: 新值}",
    }
    chinese_left = [
        entry.msgid
        for entry in catalogue
        if entry.msgid not in samples
        and re.search(r"[\u4e00-\u9fff]", entry.msgstr + "".join(entry.msgstr_plural.values()))
    ]
    assert chinese_left == []


def test_the_compiled_catalogues_match_their_sources():
    result = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, str(ROOT / "scripts" / "compile_messages.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def marked_strings() -> set[str]:
    """Every string the code marks for translation: gettext calls in Python (read with ast) and
    translate tags in templates (read with Django's own `templatize`, as makemessages does)."""
    from django.utils.translation.template import templatize

    from .template_scan import project_templates

    names = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
    found = set()
    sources = [path for folder in SOURCE_FOLDERS for path in (ROOT / folder).rglob("*.py")]
    for path in sources:
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                function = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if function in names and isinstance(node.args[0].value, str):
                    found.add(node.args[0].value)
    literal = re.compile(r"""\bgettext\(u?(?P<text>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\)""")
    for path in project_templates():
        python = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        found |= {ast.literal_eval(match.group("text")) for match in literal.finditer(python)}
    return found


SOURCE_FOLDERS = ["site", "membership", "expertpool", "workflows", "search", "governance", "membercentre"]


def test_every_marked_string_is_in_the_english_catalogue():
    """Nothing the code marks is missing from the catalogue (`make messages` adds it; then translate)."""
    catalogue = {entry.msgid for entry in polib.pofile(str(ENGLISH)) if entry.translated()}
    found = marked_strings()
    assert "证书查验" in found and "第 %(number)s / %(pages)s 页" in found  # both sources are read
    missing = sorted(found - catalogue)
    assert missing == [], "run `make messages` and translate:\n" + "\n".join(missing)


def test_strings_wagtail_leaves_in_english_are_chinese_in_the_admin():
    with translation.override("zh-hans"):
        assert translation.gettext("Saved") == "已保存"
        assert translation.gettext("Layout") == "布局"
        assert translation.gettext("Privacy and access") == "隐私与访问"
        assert translation.gettext("Page") == "页面"  # Wagtail's own translation still applies


def test_the_english_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("证书查验") == "Certificate verification"
    assert Path(ENGLISH).with_suffix(".mo").exists()
