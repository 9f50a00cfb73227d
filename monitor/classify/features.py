"""Turn clause text into sparse TF-IDF vectors, with numpy and the standard library only.

The very same functions run in training (``scripts/train_classifier.py``) and at inference,
so the model never sees features built differently from the ones it was trained on.

Two text styles must map to the same tokens: UNFAIR-ToS sentences are lower-cased and
tokenised (``we do n't , `` us ''``), real documents are normal text (``We don't, "us"``).
:func:`tokens` lower-cases, folds ``n't`` into ``not``, drops link targets and keeps only
runs of letters and digits, so both become ``we do not us``.

>>> tokens("We don't sell your data (see [here](https://example.com/x)).")
['we', 'do', 'not', 'sell', 'your', 'data', 'see', 'here']
>>> tokens("we do n't sell your data .")
['we', 'do', 'not', 'sell', 'your', 'data']

Features are two blocks, each L2-normalised on its own (as two scikit-learn
``TfidfVectorizer(sublinear_tf=True)`` stacked side by side): word n-grams and character
n-grams of the space-joined tokens (which also span word boundaries). Only n-grams in the
stored vocabulary count; the vocabulary maps each n-gram to a column, words first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

# (a target holds no space, "(" or "]": the match stops at the next "](", linear on hostile text)
_LINK_TARGET = re.compile(r"\]\([^()\s\]]*\)|https?://\S+|www\.\S+")
_TOKEN = re.compile(r"[a-z0-9]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def tokens(text: str) -> list[str]:
    """The normalised word tokens of ``text`` (see the module docstring)."""
    text = _LINK_TARGET.sub(" ", text).lower().translate(_APOSTROPHES).replace("n't", " not")
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class FeaturizerSettings:
    """How n-grams are cut; stored with the model so inference cuts them the same way."""

    word_ngrams: tuple[int, int] = (1, 3)
    char_ngrams: tuple[int, int] = (4, 4)

    def to_json(self) -> dict:
        return {"word_ngrams": list(self.word_ngrams), "char_ngrams": list(self.char_ngrams)}

    @classmethod
    def from_json(cls, data: dict) -> "FeaturizerSettings":
        return cls(tuple(data["word_ngrams"]), tuple(data["char_ngrams"]))


def word_ngrams(toks: list[str], lo: int, hi: int) -> list[str]:
    grams = list(toks) if lo <= 1 else []
    for n in range(max(lo, 2), hi + 1):
        grams += [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
    return grams


def char_ngrams(toks: list[str], lo: int, hi: int) -> list[str]:
    joined = " " + " ".join(toks) + " "
    grams: list[str] = []
    for n in range(lo, hi + 1):
        grams += [joined[i:i + n] for i in range(len(joined) - n + 1)]
    return grams


def analyse(text: str, settings: FeaturizerSettings) -> tuple[list[str], list[str]]:
    """The word n-grams and the character n-grams of one text."""
    toks = tokens(text)
    return word_ngrams(toks, *settings.word_ngrams), char_ngrams(toks, *settings.char_ngrams)


# Polynomial hashing of substrings, vectorised: every n-gram (word or character) is a
# substring of the space-joined tokens, so its hash is a difference of prefix sums and a
# whole batch is hashed by a few numpy operations instead of a Python loop per n-gram.
# Arithmetic is modulo 2**64 (numpy's uint64 wraps); the base is odd, hence invertible.
_BASE = 0x100000001B3
_BASE_INVERSE = pow(_BASE, -1, 2**64)
_WORD_TAG, _CHAR_TAG = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)
_SEPARATOR = ord("\n")
_SPACE = ord(" ")


class _PrefixHashes:
    """Hashes of any substrings ``data[start:end]`` of one byte string."""

    def __init__(self, data: bytes):
        self.bytes = np.frombuffer(data, dtype=np.uint8)
        n = len(self.bytes)
        with np.errstate(over="ignore"):
            self.powers = np.cumprod(np.full(n + 1, _BASE, dtype=np.uint64)) * np.uint64(_BASE_INVERSE)
            inverse_powers = np.cumprod(np.full(n + 1, _BASE_INVERSE, dtype=np.uint64)) * np.uint64(_BASE)
            self.prefix = np.zeros(n + 1, dtype=np.uint64)
            np.cumsum(self.bytes.astype(np.uint64) * inverse_powers[:n], out=self.prefix[1:])

    def __call__(self, starts: np.ndarray, ends: np.ndarray, tag: np.uint64) -> np.ndarray:
        with np.errstate(over="ignore"):
            return _mix(self.powers[ends - 1] * (self.prefix[ends] - self.prefix[starts]), tag)

    def windows(self, n: int, tag: np.uint64) -> np.ndarray:
        """Hashes of every substring of length ``n``, by start offset (slices, no gathers)."""
        count = len(self.bytes) - n + 1
        if count <= 0:
            return np.zeros(0, dtype=np.uint64)
        with np.errstate(over="ignore"):
            return _mix(self.powers[n - 1:n - 1 + count] * (self.prefix[n:n + count] - self.prefix[:count]), tag)


def _mix(h: np.ndarray, tag: np.uint64) -> np.ndarray:
    with np.errstate(over="ignore"):
        h = (h ^ tag) * np.uint64(0xFF51AFD7ED558CCD)
        return h ^ (h >> np.uint64(33))


def _token_spans(data: _PrefixHashes) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the tokens of space/newline-separated text."""
    is_gap = np.isin(data.bytes, (_SPACE, _SEPARATOR))
    padded = np.concatenate(([True], is_gap, [True]))
    starts = np.flatnonzero(padded[:-2] & ~padded[1:-1])
    ends = np.flatnonzero(~padded[1:-1] & padded[2:]) + 1
    return starts, ends


def _ngram_hashes(joined: bytes, settings: FeaturizerSettings):
    """Row and hash of every word n-gram and char n-gram of newline-separated rows."""
    data = _PrefixHashes(joined)
    newlines_before = np.concatenate(([0], np.cumsum(data.bytes == _SEPARATOR)))
    rows, hashes = [], []
    token_starts, token_ends = _token_spans(data)
    token_rows = newlines_before[token_starts]
    lo, hi = settings.word_ngrams
    for n in range(lo, hi + 1):
        first, last = np.arange(len(token_starts) - n + 1), np.arange(n - 1, len(token_starts))
        same_row = token_rows[first] == token_rows[last]
        first, last = first[same_row], last[same_row]
        rows.append(token_rows[first])
        hashes.append(data(token_starts[first], token_ends[last], _WORD_TAG))
    lo, hi = settings.char_ngrams
    for n in range(lo, hi + 1):
        # Windows that cross a row separator contain "\n", which no vocabulary entry does,
        # so they are simply never found; no need to filter them out here.
        hashes.append(data.windows(n, _CHAR_TAG))
        rows.append(newlines_before[:len(hashes[-1])])
    rows = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    hashes = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
    return rows, hashes


# The last batch hashed, with its settings: the classifier runs two models with the same
# settings over each batch, and tokenising + hashing is a third of a model's time.
_last_hashed: tuple = ((), None, None, None)


def _hashed(texts: list[str], settings: FeaturizerSettings) -> tuple[np.ndarray, np.ndarray]:
    """Row and hash of every n-gram of ``texts`` (see :func:`_ngram_hashes`), memoised for
    the last batch (compared by value, so a changed list is never mistaken for it)."""
    global _last_hashed
    last_texts, last_settings, rows, hashes = _last_hashed
    if last_settings != settings or last_texts != texts:
        joined = "\n".join(" " + " ".join(tokens(text)) + " " for text in texts)
        rows, hashes = _ngram_hashes(joined.encode("ascii"), settings)
        _last_hashed = (list(texts), settings, rows, hashes)
    return rows, hashes


def vocabulary_hashes(vocabulary: list[str], n_word: int) -> np.ndarray:
    """The hash of each vocabulary entry, as :func:`_ngram_hashes` computes it in text."""
    joined = "\n".join(vocabulary).encode("ascii")
    data = _PrefixHashes(joined)
    lengths = np.array([len(g) for g in vocabulary], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    tags = np.where(np.arange(len(vocabulary)) < n_word, _WORD_TAG, _CHAR_TAG)
    return data(starts, starts + lengths, tags)


def _open_addressing_table(hashes: np.ndarray, bits: int) -> np.ndarray:
    """A linear-probing hash table (slot -> vocabulary index, -1 if empty), built vectorised.

    Slots come from a hash's top bits. At a load factor under 0.4 most lookups take one or
    two probes, and the int32 table stays small enough to be cache-friendly.
    """
    size = 1 << bits
    table = np.full(size, -1, dtype=np.int32)
    pending = np.arange(len(hashes))
    slots = (hashes >> np.uint64(64 - bits)).astype(np.int64)
    while len(pending):
        free = table[slots] == -1
        # Among entries that want the same free slot, the first one gets it.
        wanted, first = np.unique(slots[free], return_index=True)
        winners = pending[free][first]
        table[wanted] = winners
        placed = np.zeros(len(pending), dtype=bool)
        placed[np.flatnonzero(free)[first]] = True
        pending, slots = pending[~placed], (slots[~placed] + 1) & (size - 1)
    return table


class Featurizer:
    """Maps texts to a CSR matrix given as ``(indptr, indices, values)`` numpy arrays.

    ``vocabulary`` lists the n-gram of each column: the first ``n_word`` are word n-grams,
    the rest character n-grams; ``idf`` holds each column's inverse document frequency.
    N-grams are looked up by 64-bit hash (see :func:`vocabulary_hashes`) in an
    open-addressing table.
    """

    def __init__(self, vocabulary: list[str], n_word: int, idf: np.ndarray,
                 settings: FeaturizerSettings):
        self.settings = settings
        self.n_word = n_word
        self.n_features = len(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float32)
        self._hashes = vocabulary_hashes(vocabulary, n_word)
        self._table_bits = max(10, int(np.ceil(np.log2(max(1, self.n_features) * 2.5))))
        self._table = _open_addressing_table(self._hashes, self._table_bits)

    def _columns(self, hashes: np.ndarray) -> np.ndarray:
        """The column of each hash, -1 where it is not in the vocabulary."""
        cols = np.full(len(hashes), -1, dtype=np.int64)
        mask = (1 << self._table_bits) - 1
        slots = (hashes >> np.uint64(64 - self._table_bits)).astype(np.int64)
        pending = np.arange(len(hashes))
        while len(pending):
            entries = self._table[slots]
            occupied = entries >= 0
            found = occupied.copy()
            found[occupied] = self._hashes[entries[occupied]] == hashes[pending[occupied]]
            cols[pending[found]] = entries[found]
            probe_on = occupied & ~found
            pending, slots = pending[probe_on], (slots[probe_on] + 1) & mask
        return cols

    def transform(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR arrays of the L2-normalised sublinear TF-IDF rows of ``texts``."""
        rows, hashes = _hashed(texts, self.settings)
        cols = self._columns(hashes)
        known = cols >= 0
        return self._tfidf(rows[known], cols[known], len(texts))

    def _tfidf(self, rows: np.ndarray, cols: np.ndarray, n_rows: int):
        # One key per (row, column): unique keys come out sorted by row, then column.
        keys, counts = np.unique(rows * self.n_features + cols, return_counts=True)
        rows, cols = keys // self.n_features, keys % self.n_features
        values = (1.0 + np.log(counts)).astype(np.float32) * self.idf[cols]
        # Each block (words | chars) is normalised on its own.
        block = rows * 2 + (cols >= self.n_word)
        norms = np.sqrt(np.bincount(block, weights=values * values, minlength=2 * n_rows))
        values = values / np.maximum(norms[block], 1e-12).astype(np.float32)
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
        return indptr, cols, values.astype(np.float32)


def build_vocabulary(texts: list[str], settings: FeaturizerSettings, min_df: int = 2):
    """Vocabulary (words first, then chars), word count and smoothed idf, from ``texts``.

    The idf is scikit-learn's smoothed one: ``ln((1 + n) / (1 + df)) + 1``.
    """
    from collections import Counter

    word_df: Counter = Counter()
    char_df: Counter = Counter()
    for text in texts:
        words, chars = analyse(text, settings)
        word_df.update(set(words))
        char_df.update(set(chars))
    words = sorted(g for g, df in word_df.items() if df >= min_df)
    chars = sorted(g for g, df in char_df.items() if df >= min_df)
    df = np.array([word_df[g] for g in words] + [char_df[g] for g in chars], dtype=np.float64)
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    return words + chars, len(words), idf.astype(np.float32)
