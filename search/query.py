"""Turning what people type into a word query for Wagtail's backends.

Every word of the query must match (AND); a word matches itself, or all of its parts, or any of its
synonyms' expansions: 新能源车 电池 → (新能源车 | 新能源+车 | 新能源+汽车) & 电池.

`build_query(text, parts=False)` is the strict form (whole words and synonyms only): search/services.py
lists its matches before those that contain only the parts of a word (会员费 before 会员 … 费).
"""

import difflib

from wagtail.search.query import And, Or, PlainText

from . import chinese
from .synonyms import synonym_map


def _all_of(words: list[str]) -> PlainText:
    return PlainText(" ".join(words), operator="and")


def _word_match(word: str, parts: bool = True):
    """The word itself, or all of its parts (search mode indexes only parts of 2–3 characters)."""
    word_parts = chinese.word_parts(word) if parts else []
    return Or([PlainText(word), _all_of(word_parts)]) if word_parts else PlainText(word)


def _phrase_match(text: str, parts: bool = True):
    matches = [_word_match(word, parts) for word in chinese.query_words(text)]
    if not matches:
        return None
    return matches[0] if len(matches) == 1 else And(matches)


def word_alternatives(word: str, synonyms: dict[str, list[str]], parts: bool = True) -> list:
    alternatives = [_word_match(word, parts)]
    for expansion in synonyms.get(word, []):
        match = _phrase_match(expansion, parts)
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


def has_parts(text: str) -> bool:
    """Does any word of the query also match through its parts (so that strict and loose differ)?"""
    synonyms = synonym_map()
    words = words_with_synonym_terms(text, synonyms)
    expansions = [w for word in words for e in synonyms.get(word, []) for w in chinese.query_words(e)]
    return any(chinese.word_parts(word) for word in [*words, *expansions])


def build_query(text: str, *, match_all: bool = True, parts: bool = True):
    """A Wagtail query object, or None when nothing searchable is left (only punctuation, say).
    With parts=False a word matches only as a whole (or through a synonym), never through its parts."""
    synonyms = synonym_map()
    words = words_with_synonym_terms(text, synonyms)
    if not words:
        return None
    groups = []
    for word in words:
        alternatives = word_alternatives(word, synonyms, parts)
        groups.append(alternatives[0] if len(alternatives) == 1 else Or(alternatives))
    if len(groups) == 1:
        return groups[0]
    return And(groups) if match_all else Or(groups)


def _joined(words: list[str]) -> str:
    return "".join(words) if all(not w.isascii() for w in words) else " ".join(words)


def corrections(text: str, vocabulary: list[str], *, most: int = 5) -> list[str]:
    """“Did you mean” candidates, likeliest first: each word replaced by its closest known word, then
    one word at a time by its next closest ones. Only spellings that differ from the query."""
    words = chinese.query_words(text)
    # The query as one word first (年度论坛会 → 年度论坛), then word by word.
    candidates = [[match] for match in difflib.get_close_matches("".join(words), vocabulary, n=3, cutoff=0.6)]
    close = [difflib.get_close_matches(word, vocabulary, n=3, cutoff=0.5) for word in words]
    best = [options[0] if options else word for word, options in zip(words, close, strict=True)]
    candidates.append(best)
    for index, options in enumerate(close):
        for option in options[1:]:
            candidates.append([*best[:index], option, *best[index + 1 :]])
        if options and best[index] != words[index]:
            candidates.append([*best[:index], words[index], *best[index + 1 :]])
    unique = dict.fromkeys(_joined(c) for c in candidates if c and c != words and not _overlapping(c))
    return list(unique)[:most]


def _overlapping(words: list[str]) -> bool:
    """A pasted-together correction: a word repeated, or contained in another (年度论坛 + 年度论坛入会)."""
    return any(i != j and a in b for i, a in enumerate(words) for j, b in enumerate(words))
