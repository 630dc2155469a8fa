"""Chinese word segmentation for search, applied to indexed text and to queries alike.

Out of the box neither SQLite FTS5, PostgreSQL nor Elasticsearch's standard analyzer finds a Chinese
word inside a longer run of characters: 课程标准 is not found in 《数控车削编程与加工》课程标准. Here text
is cut into words with jieba before the database sees it, so every backend matches words.

- Indexing uses jieba's search mode, which emits a long word and its shorter dictionary words
  (课程标准 → 课程 标准 课程标准), so a query for a part finds the whole.
- Queries use the precise mode; each word then matches either itself or all of its parts
  (汽车维修 matches 汽车 … 维修, so it finds 汽车运用与维修).
- Latin letters and digits are lower-cased; "+", "#" are spelled out so that 1+X and C# survive the
  database's own tokenizer.

The dictionary is loaded once per process (lazily, under a lock), with the project's vocational
terms (search/dictionary.txt) and the managed majors added.
"""

import re
import threading
from functools import lru_cache
from pathlib import Path

import jieba

USER_DICTIONARY = Path(__file__).with_name("dictionary.txt")
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 16

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None

# Characters kept inside a token: CJK ideographs, Latin letters, digits, and the joiners we spell out.
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaffa-z0-9]+")
_SPELLED = (("+", "plus"), ("#", "sharp"))
STOP_WORDS = frozenset("的 了 和 与 及 或 在 是 对 等 中 之 其 为 以 于 由 并 而 the a an of and or to in for".split())


def tokenizer() -> jieba.Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import logging

                jieba.setLogLevel(logging.WARNING)
                instance = jieba.Tokenizer()
                instance.initialize()
                instance.load_userdict(str(USER_DICTIONARY))
                _tokenizer = instance
                _add_project_words(instance)
    return _tokenizer


def _add_project_words(instance: jieba.Tokenizer) -> None:
    """The managed majors, when the database is ready (not during migrations). Synonym terms are
    not added: an abbreviation like 数控车 would cut 数控车削 wrongly; queries find them as they are
    (search/query.py)."""
    try:
        from core.models import Major

        for name in Major.objects.values_list("name", flat=True):
            instance.add_word(name, freq=50)
    except Exception:  # noqa: BLE001, S110 - no tables yet (fresh database): the static dictionary suffices
        pass


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """The words of the project dictionary file (read once)."""
    lines = USER_DICTIONARY.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split()[0] for line in lines if line.strip())


def add_word(word: str) -> None:
    """Teach the running process a new word (a new major)."""
    if word:
        tokenizer().add_word(word, freq=50)


def normalise(token: str) -> str:
    token = token.lower()
    for char, spelled in _SPELLED:
        token = token.replace(char, spelled)
    return "".join(_TOKEN.findall(token))


def _words(text: str, *, search_mode: bool) -> list[str]:
    cut = tokenizer().cut_for_search if search_mode else tokenizer().cut
    words = []
    for raw in cut(text):
        word = normalise(raw)
        if word:
            words.append(word)
    return words


@lru_cache(maxsize=8192)
def segment_for_index(text: str) -> str:
    """Text as space-separated words (search mode), ready for any backend's tokenizer.

    Cached: saving a page indexes it more than once (create, revision, publish) with the same text."""
    if not text:
        return ""
    return " ".join(_words(text, search_mode=True))


def query_words(text: str) -> list[str]:
    """The words of a query (precise mode), bounded: at most 200 characters and 16 words, no stop words."""
    text = (text or "")[:MAX_QUERY_CHARS]
    words = [w for w in _words(text, search_mode=False) if w not in STOP_WORDS]
    unique = list(dict.fromkeys(words))
    return unique[:MAX_QUERY_WORDS]


def word_parts(word: str) -> list[str]:
    """The shorter dictionary words inside `word` (empty when it has none)."""
    if len(word) <= 2:
        return []
    return [part for part in dict.fromkeys(_words(word, search_mode=True)) if part != word]
