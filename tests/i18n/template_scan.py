"""Finds Chinese text in the project's templates that is not marked for translation.

A template is read with Django's own lexer: Chinese in a text node outside {% blocktranslate %},
in a variable or in a tag other than {% translate %}/{% blocktranslate %} (a string literal there
must be written `_("…")`) is a string the English site would show in Chinese. The arguments of a
{% blocktranslate with … %} are such a place too: `when=day|date:"Y年n月j日"` is not translated by
the block around it, and the English site said "by 2026年12月1日 18:00".
"""

import re
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
# Chinese characters and the full-width punctuation that only Chinese text uses (：，。、（）“” …)
HAN = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff1f\u201c\u201d]")
MARKED_LITERAL = re.compile(r'_\(\s*"[^"]*"\s*\)|_\(\s*\'[^\']*\'\s*\)')
TRANSLATING_TAGS = {"translate", "trans", "blocktranslate", "blocktrans", "plural"}
# what a {% blocktranslate %} tag may carry besides its arguments: a context literal (a msgctxt)
BLOCK_CONTEXT = re.compile(r'\bcontext\s+("[^"]*"|\'[^\']*\')')


def project_templates() -> list[Path]:
    found = []
    for folder in ROOT.rglob("templates"):
        if ".venv" in folder.parts or "node_modules" in folder.parts or not folder.is_dir():
            continue
        found += [p for p in folder.rglob("*") if p.suffix in (".html", ".txt")]
    return sorted(found)


def untranslated(source: str) -> list[str]:
    """The pieces of Chinese in `source` that are not marked for translation."""
    problems = []
    inside = 0  # depth of {% blocktranslate %} and {% comment %}
    for token in Lexer(source).tokenize():
        contents = token.contents
        if token.token_type == TokenType.BLOCK:
            word = contents.split()[0] if contents else ""
            if word in ("blocktranslate", "blocktrans", "comment"):
                inside += 1
            elif word in ("endblocktranslate", "endblocktrans", "endcomment"):
                inside -= 1
            if word not in TRANSLATING_TAGS and HAN.search(MARKED_LITERAL.sub("", contents)):
                problems.append("{% " + contents + " %}")
            elif word in ("blocktranslate", "blocktrans", "plural") and HAN.search(
                MARKED_LITERAL.sub("", BLOCK_CONTEXT.sub("", contents))
            ):
                problems.append("{% " + contents + " %}")
        elif token.token_type == TokenType.VAR:
            if HAN.search(MARKED_LITERAL.sub("", contents)):
                problems.append("{{ " + contents + " }}")
        elif token.token_type == TokenType.TEXT and not inside and HAN.search(contents):
            problems.append(contents.strip())
    return problems
