"""Compile the project's translation catalogues (site/locale/*/LC_MESSAGES/*.po → .mo) in pure
Python, with polib: no system gettext needed. `make messages` runs it after `makemessages`; the .mo
files are committed, so `make run` shows English without this step (docs/i18n.md).

    python scripts/compile_messages.py          # compile every catalogue
    python scripts/compile_messages.py --check  # exit 1 if a .mo is missing or older than its .po's content
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "site" / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def translations(po_path: Path) -> dict:
    """msgid (with context and plural) → msgstr for every translated, non-fuzzy entry."""
    po = polib.pofile(str(po_path))
    found = {}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        found[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)) or entry.msgstr
    return found


def compiled(mo_path: Path) -> dict:
    mo = polib.mofile(str(mo_path))
    found = {}
    for entry in mo:
        if not entry.msgid:
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        found[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)) or entry.msgstr
    return found


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if check:
            wanted = {(c, m, p or None): s for (c, m, p), s in translations(po_path).items()}
            if not mo_path.exists() or compiled(mo_path) != wanted:
                stale.append(str(mo_path))
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        print(f"compiled {mo_path.relative_to(LOCALE.parent.parent)}")
    if stale:
        print("out of date (run `make messages`):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
