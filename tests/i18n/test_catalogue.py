"""The English catalogue is complete, compiled, and covers every string marked in the code."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
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
    changed = [
        entry.msgid
        for entry in catalogue
        if sorted(PLACEHOLDERS.findall(entry.msgid)) != sorted(PLACEHOLDERS.findall(entry.msgstr))
    ]
    assert changed == []
    no_chinese_left = [entry.msgstr for entry in catalogue if re.search(r"[\u4e00-\u9fff]", entry.msgstr)]
    # Only the sample Chinese in help texts (a synonym example, the Chinese list separator, a name).
    assert len(no_chinese_left) <= 3, no_chinese_left


def test_the_compiled_catalogues_match_their_sources():
    result = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, str(ROOT / "scripts" / "compile_messages.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs GNU gettext (xgettext)")
def test_every_marked_string_is_in_the_english_catalogue(tmp_path, settings, monkeypatch):
    """makemessages over the code finds no string the English catalogue lacks."""
    work = tmp_path / "locale"
    shutil.copytree(LOCALE, work)
    settings.LOCALE_PATHS = [work]
    monkeypatch.chdir(ROOT)
    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=[".venv/*", "bench/*", "tests/*", "test-artifacts/*", "static/*"],
        no_location=True,
        verbosity=0,
    )
    fresh = polib.pofile(str(work / "en" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in fresh if not entry.translated() and not entry.obsolete]
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
