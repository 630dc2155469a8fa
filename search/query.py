"""Turning what people type into a word query for Wagtail's backends.

Every word of the query must match (AND); a word matches itself, or all of its parts, or any of its
synonyms' expansions: 新能源车 电池 → (新能源车 | 新能源+车 | 新能源+汽车) & 电池.
"""

import difflib

from wagtail.search.query import And, Or, PlainText

from . import chinese
from .synonyms import synonym_map


def _all_of(words: list[str]) -> PlainText:
    return PlainText(" ".join(words), operator="and")


def _word_match(word: str):
    """The word itself, or all of its parts (search mode indexes only parts of 2–3 characters)."""
    parts = chinese.word_parts(word)
    return Or([PlainText(word), _all_of(parts)]) if parts else PlainText(word)


def _phrase_match(text: str):
    matches = [_word_match(word) for word in chinese.query_words(text)]
    if not matches:
        return None
    return matches[0] if len(matches) == 1 else And(matches)


def word_alternatives(word: str, synonyms: dict[str, list[str]]) -> list:
    alternatives = [_word_match(word)]
    for expansion in synonyms.get(word, []):
        match = _phrase_match(expansion)
        if match is not None:
            alternatives.append(match)
    return alternatives


def words_with_synonym_terms(text: str, synonyms: dict[str, list[str]]) -> list[str]:
    """The query's words, with adjacent words joined where together they form a synonym term:
    新能源车 is cut 新能源 + 车 by the segmenter and becomes 新能源车 again here. Joining only along
    word boundaries keeps 题库 from being found inside 试题库."""
    words = chinese.query_words(text)
    joined, index = [], 0
    while index < len(words):
        for width in (3, 2):
            candidate = "".join(words[index : index + width])
            if index + width <= len(words) and candidate in synonyms:
                joined.append(candidate)
                index += width
                break
        else:
            joined.append(words[index])
            index += 1
    return list(dict.fromkeys(joined))


def build_query(text: str, *, match_all: bool = True):
    """A Wagtail query object, or None when nothing searchable is left (only punctuation, say)."""
    synonyms = synonym_map()
    words = words_with_synonym_terms(text, synonyms)
    if not words:
        return None
    groups = []
    for word in words:
        alternatives = word_alternatives(word, synonyms)
        groups.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
    if len(groups) == 1:
        return groups[0]
    return And(groups) if match_all else Or(groups)


def suggestion(text: str, vocabulary: list[str]) -> str | None:
    """“Did you mean”: each word replaced by the closest known word, when that changes anything."""
    words = chinese.query_words(text)
    corrected = []
    for word in words:
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.5)
        corrected.append(close[0] if close else word)
    if corrected and corrected != words:
        return "".join(corrected) if all(not w.isascii() for w in corrected) else " ".join(corrected)
    return None
