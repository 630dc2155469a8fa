"""A readable comparison of two texts (motion versions, charter versions): difflib, line by line,
with changed lines compared character by character (Chinese has no spaces to split words on)."""

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    kind: str  # "same", "added", "removed", "changed"
    old: list[tuple[str, str]]  # (kind, text) fragments; kind in "same", "removed"
    new: list[tuple[str, str]]  # kind in "same", "added"


def _fragments(old: str, new: str):
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    before, after = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            before.append(("same", old[i1:i2]))
            after.append(("same", new[j1:j2]))
        else:
            if i2 > i1:
                before.append(("removed", old[i1:i2]))
            if j2 > j1:
                after.append(("added", new[j1:j2]))
    return before, after


def compare(old_text: str, new_text: str, *, context: int | None = None) -> list[Line]:
    old_lines = [line for line in old_text.splitlines() if line.strip()]
    new_lines = [line for line in new_text.splitlines() if line.strip()]
    lines: list[Line] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.extend(Line("same", [("same", t)], [("same", t)]) for t in old_lines[i1:i2])
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for old, new in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True):
                before, after = _fragments(old, new)
                lines.append(Line("changed", before, after))
        else:
            lines.extend(Line("removed", [("removed", t)], []) for t in old_lines[i1:i2])
            lines.extend(Line("added", [], [("added", t)]) for t in new_lines[j1:j2])
    return lines


def changed_only(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.kind != "same"]
