"""Analysers that turn article text into Whoosh terms.

Whoosh pickles the schema, analysers included, into the index: the classes here
are imported by that pickle, so their import path (``indexer.analysis``) must
never move. Two kinds of terms are made, both from folded text (``fold.fold``):

* **words** (``JiebaTokenizer``): jieba's search-mode segmentation with true
  positions and character offsets; used only to rank (BM25F).
* **grams** (``GramField``): every character and every pair of adjacent
  characters of the text; used to find every article that contains a string,
  whatever jieba did with it. A string of three or more characters is looked up
  by its pairs and confirmed against the stored text (``search.matching``).
"""

from __future__ import annotations

import threading
from collections import Counter
from functools import lru_cache

import jieba
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import FieldType
from whoosh.formats import Existence, Frequency

from indexer.fold import fold
from indexer.ingest.places import divisions
from indexer.wordlists import entries

# Bump when the terms made from a text change (recorded in every index: see
# schema.index_format); the user dictionary's words are recorded separately.
ANALYSER_VERSION = 1

_jieba_lock = threading.Lock()
jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise


def place_words() -> list[str]:
    """Return the place names jieba should keep whole: every division's full name and
    aliases, and its short name where the table says the short name is safe (合肥, 埇桥)."""
    words: list[str] = []
    for division in divisions():
        words.extend((division.name, *division.aliases))
        if division.short and division.short_is_safe:
            words.append(division.short)
    return words


@lru_cache(maxsize=1)
def user_words() -> tuple[str, ...]:
    """Return the words of the field's user dictionary (data/userdict.txt) and place names."""
    words = [line.split()[0] for line in entries("userdict.txt")] + place_words()
    return tuple(dict.fromkeys(fold(w) for w in words if w))


_tokenizer: jieba.Tokenizer | None = None


def jieba_tokenizer() -> jieba.Tokenizer:
    """Return the process's jieba tokenizer, loading its dictionary once."""
    global _tokenizer
    if _tokenizer is None:
        with _jieba_lock:
            if _tokenizer is None:
                tk = jieba.Tokenizer()
                tk.initialize()
                for word in user_words():
                    tk.add_word(word, freq=None)
                _tokenizer = tk
    return _tokenizer


def is_wordlike(term: str) -> bool:
    """Tell whether a jieba token carries meaning (not space or punctuation alone)."""
    return term.isalnum() or any(ch.isalnum() for ch in term)


def words(text: str) -> list[tuple[str, int, int]]:
    """Return (word, start, end) for each jieba search-mode word of the folded text."""
    folded = fold(text)
    return [
        (w, s, e)
        for w, s, e in jieba_tokenizer().tokenize(folded, mode="search", HMM=True)
        if is_wordlike(w)
    ]


class JiebaTokenizer(Tokenizer):
    """Tokenise folded text into jieba words with true positions and character offsets."""

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (word, start, end) in enumerate(words(value)):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def grams(folded: str) -> set[str]:
    """Return every character and adjacent pair of characters, except across line breaks."""
    singles = set(folded)
    pairs = {folded[i:i + 2] for i in range(len(folded) - 1)}
    singles.discard("\n")
    singles.discard(" ")
    return singles | {p for p in pairs if "\n" not in p}


class _IndexedField(FieldType):
    """An indexed, unstored, scorable field with no vectors and no column."""

    def __init__(self, format_, analyzer=None):
        self.format = format_
        self.analyzer = analyzer
        self.scorable = True
        self.stored = False
        self.unique = False
        self.vector = None
        self.column_type = None


class GramField(_IndexedField):
    """An indexed, unstored field of characters and character pairs (no positions)."""

    def __init__(self):
        # Scorable (see _IndexedField) only so Whoosh writes a length column: without
        # one, its posting writer asks the file system whether it exists per posting.
        super().__init__(Existence())

    def index(self, value, **kwargs):
        """Return (term bytes, frequency, weight, value bytes) for each gram, sorted."""
        return [(term, 1, 1.0, b"") for term in sorted(self.index_terms(value)[0])]

    def index_terms(self, value):
        """Return (terms, weights, length) as ``index`` has them, for ``codec.ArchiveWriter``:
        the distinct term bytes unsorted, None for weights of 1.0, the field length."""
        terms = [g.encode("utf-8") for g in grams(fold(value))]
        return terms, None, len(terms)

    def process_text(self, qstring, mode="", **kwargs):
        return iter(grams(fold(qstring)))

    def self_parsing(self):
        return True


class WordField(_IndexedField):
    """An indexed, unstored field of jieba words with frequencies, for BM25F ranking."""

    def __init__(self, field_boost: float = 1.0):
        super().__init__(Frequency(field_boost=field_boost), JiebaTokenizer())

    def index(self, value, **kwargs):
        """Return (term bytes, frequency, weight, value bytes) for each word, sorted.

        The same words as the analyser gives, counted directly: Whoosh's token
        objects cost more than jieba itself on long texts.
        """
        terms, weights, _ = self.index_terms(value)
        return [(term, int(weight), weight, b"") for term, weight in sorted(zip(terms, weights))]

    def index_terms(self, value):
        """Return (terms, weights, length) as ``index`` has them, for ``codec.ArchiveWriter``:
        the distinct word bytes unsorted, each word's frequency as its weight, the field length."""
        counts = Counter(w for w, _, _ in words(value))
        return ([w.encode("utf-8") for w in counts], [float(n) for n in counts.values()],
                sum(counts.values()))
