"""One way to compare unit names, shared by duplicate detection (applications) and avoidance (panel
draws), so that "江苏省某某学校（本部）", "江苏省某某学校 " and "江苏省某某学校(本部)" are the same unit.

`name_key` is the normalised form stored on `MemberUnit.name_key`; `match` says how two names relate:
SAME (equal keys), CONTAINS (one key contains the other, the shorter at least MIN_CONTAINED
characters, e.g. a school and its branch campus), NEAR (similar enough that a person should look),
or None. difflib (standard library) gives the similarity; the names are short and few, so a
dedicated fuzzy-matching library would add a dependency for no gain.
"""

import re
import unicodedata
from difflib import SequenceMatcher
from enum import StrEnum

#: Shorter keys than this never count as contained in another ("学校" is in every school's name).
MIN_CONTAINED = 4
#: Similarity ratio from which two different names are shown to the secretariat as a near match.
NEAR_RATIO = 0.8

_BRACKETED_SUFFIX = re.compile(r"[(\[【〔［][^()\[\]【】〔〕［］]*[)\]】〕］]$")
_SPACES_AND_PUNCTUATION = re.compile(r"[\s\u3000·・.,，。、\-—_'\"“”‘’]+")


class Match(StrEnum):
    SAME = "same"
    CONTAINS = "contains"
    NEAR = "near"


def name_key(name: str) -> str:
    """NFKC (全角→半角, （）→()), bracketed suffixes such as （本部） removed, spaces and punctuation
    removed, lower case."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = _SPACES_AND_PUNCTUATION.sub("", text)
    while True:
        stripped = _BRACKETED_SUFFIX.sub("", text)
        if stripped == text or not stripped:
            break
        text = stripped
    return text.casefold()


def match_keys(a: str, b: str) -> Match | None:
    if not a or not b:
        return None
    if a == b:
        return Match.SAME
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= MIN_CONTAINED and shorter in longer:
        return Match.CONTAINS
    if SequenceMatcher(None, a, b).ratio() >= NEAR_RATIO:
        return Match.NEAR
    return None


def match(a: str, b: str) -> Match | None:
    return match_keys(name_key(a), name_key(b))
