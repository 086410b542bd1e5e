"""The words of a table of sentences, found once: one definition of a word for every stage.

A chunk of sentences is tokenised once into a :class:`Words` index, which the topic,
tone and stance stages read (their terms, lexicon words and cues are :class:`Phrases`
of it); none tokenises again, and every word count of the suite (tone's length
normalisation, the tone weights of documents, emphasis per word, the corpus overview)
is the count of this index. The speaker stage matches its patterns (aliases, roles,
speech verbs) on the characters, but tries them only at the words of this index that
can begin a match and at its :meth:`Words.inner_starts`.

**What a word is.** A *word* is a run of letters, digits and combining marks, which
may hold apostrophes (``'``, ``’``, ``‘``) inside it: ``don't``, ``O'Neill``,
``rock'n'roll``. Apostrophes at either end are not part of it, nor is a final
clitic ``'s``, ``'ll``, ``'re``, ``'ve``, ``'d`` or ``'m`` (``China's`` is the word
``China``, ``I'll`` is ``I``, never the word "ill"; ``don't`` keeps its ``n't``). Each of
the clause marks ``. , ; : ! ? – —`` is a token of its own, a *mark*, which is not
a word. Every other character (white space, hyphens, slashes, brackets, quotes,
currency and other symbols) only separates: ``COVID-19`` is two words, ``$5bn`` is
``5bn``.

A word's **form** is its lower case without apostrophes (``Don't`` -> ``dont``),
the key by which a stage looks it up in its vocabulary (:meth:`Words.ids`).

**How.** The texts are joined (by a line break, which no token crosses) and their
code points classified with a lookup table. Token boundaries are found with array
operations. A word of 1 to 16 ASCII letters without an apostrophe, almost every
word of English news, is identified by two 64-bit numbers read from the bytes of
the lower-cased text (its first and last eight bytes, with its length), so that its
form id comes from :func:`pandas.factorize` on numbers rather than from a Python
string per word; the other words are made into strings.
"""

from __future__ import annotations

import unicodedata
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["check_index", "Words", "Phrases", "MARKS", "APOSTROPHES", "word_forms", "forms_of", "count_words"]

#: Clause marks: each is a token of its own (not a word).
MARKS = ".,;:!?\u2013\u2014"
#: Apostrophes: inside a word they belong to it (and are dropped from its form).
APOSTROPHES = "'\u2019\u2018"

_SEPARATOR, _WORD, _MARK, _APOSTROPHE = 0, 1, 2, 3
_KINDS: np.ndarray | None = None  # code point (< 0x10000) -> kind, built on first use


def _kind_of(char: str) -> int:
    if char in MARKS:
        return _MARK
    if char in APOSTROPHES:
        return _APOSTROPHE
    if char.isalnum() or unicodedata.category(char).startswith("M"):
        return _WORD
    return _SEPARATOR


def _kinds() -> np.ndarray:
    """The kind of every code point below 0x10000 (a 64 KiB table, built once)."""
    global _KINDS
    if _KINDS is None:
        _KINDS = np.fromiter((_kind_of(chr(c)) for c in range(0x10000)), dtype=np.uint8, count=0x10000)
    return _KINDS


def _code_points(text: str) -> np.ndarray:
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _kinds_of(codes: np.ndarray) -> np.ndarray:
    table = _kinds()
    if codes.dtype == np.uint8:
        return table[codes]
    kinds = table[np.minimum(codes, 0xFFFF)]
    beyond = np.flatnonzero(codes > 0xFFFF)  # beyond the basic plane (rare): one by one
    if len(beyond):
        kinds[beyond] = [_kind_of(chr(c)) for c in codes[beyond].tolist()]
    return kinds


_TAGS = np.array([sum(1 << (8 * j + 7) for j in range(5) if k >> j & 1) for k in range(17)], dtype=np.uint64)
_MASKS = np.array([(1 << (8 * min(k, 8))) - 1 for k in range(17)], dtype=np.uint64)


class Words:
    """The tokens of a list of texts, with their places, texts and forms.

    Parameters
    ----------
    texts : sequence of str
        The texts (a value that is not a string is read as an empty text).

    Attributes
    ----------
    n_texts : int
        The number of texts.
    text : str
        The texts joined by ``"\\n"``; token ``i`` is ``text[starts[i]:ends[i]]``.
    starts, ends : numpy.ndarray of int64
        Each token's place in :attr:`text`.
    text_of : numpy.ndarray of int64
        The index of each token's text (non-decreasing).
    text_starts : numpy.ndarray of int64
        Where each text starts in :attr:`text`.
    is_mark : numpy.ndarray of bool
        The clause marks (the other tokens are words).
    form : numpy.ndarray of int64
        Each token's form id: ``forms[form[i]]`` is its lower case without apostrophes.
    forms : list of str
        The distinct forms.

    Examples
    --------
    >>> w = Words(["Don't tax China's steel-exports, please.", "", "OK I'll"])
    >>> [w.token(i) for i in range(len(w))]
    ["Don't", 'tax', 'China', 'steel', 'exports', ',', 'please', '.', 'OK', 'I']
    >>> [w.forms[f] for f in w.form]
    ['dont', 'tax', 'china', 'steel', 'exports', ',', 'please', '.', 'ok', 'i']
    >>> w.text_of.tolist(), w.n_words().tolist()
    ([0, 0, 0, 0, 0, 0, 0, 0, 2, 2], [6, 0, 2])
    >>> w.ids({"tax": 0, "steel": 1}, default=-1).tolist()
    [-1, 0, -1, 1, -1, -1, -1, -1, -1, -1]
    """

    def __init__(self, texts: Sequence[str]):
        texts = [t if isinstance(t, str) else "" for t in texts]
        self.n_texts = len(texts)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.text_starts = np.cumsum(lengths + 1) - lengths - 1
        self.text = text = "\n".join(texts)
        codes = _code_points(text)
        self._codes = codes
        self._joiners: np.ndarray | None = None  # found on first use (see joiners)
        kinds = _kinds_of(codes)
        starts, ends, is_mark = _token_places(kinds, codes)
        self.starts, self.ends, self.is_mark = starts, ends, is_mark
        self.text_of = np.searchsorted(self.text_starts, starts, side="right") - 1
        self.form, self.forms = _forms(text, codes, kinds, starts, ends)

    def __len__(self) -> int:
        return len(self.starts)

    def lengths(self) -> np.ndarray:
        """The length of each text (in characters)."""
        return np.diff(np.append(self.text_starts, len(self.text) + 1)) - 1

    def token(self, i: int) -> str:
        """Token ``i`` as written."""
        return self.text[self.starts[i]:self.ends[i]]

    def offsets(self) -> np.ndarray:
        """Each token's start in its own text."""
        return self.starts - self.text_starts[self.text_of]

    def n_words(self) -> np.ndarray:
        """The number of words of each text: the one word count of the suite."""
        return np.bincount(self.text_of[~self.is_mark], minlength=self.n_texts).astype(np.int64)

    def ids(self, vocabulary: Mapping[str, int], *, default: int) -> np.ndarray:
        """Each token's id in ``vocabulary`` (a mapping of forms to ids), ``default`` when absent."""
        table = np.fromiter((vocabulary.get(f, default) for f in self.forms), dtype=np.int64, count=len(self.forms))
        return table[self.form] if len(self.form) else np.zeros(0, dtype=np.int64)

    def joiners(self) -> np.ndarray:
        """The places (in :attr:`text`, sorted) of the apostrophes and combining marks: the
        characters that may be part of a word but are no ``\\w`` of a regular expression.

        Examples
        --------
        >>> Words(["O'Neill's", "e\u0301"]).joiners().tolist()
        [1, 7, 11]
        """
        if self._joiners is not None:
            return self._joiners
        codes = self._codes
        places = np.flatnonzero((codes == 39) | (codes == 0x2019) | (codes == 0x2018))
        beyond = np.flatnonzero(codes >= 0x300)  # a combining mark is not ASCII (nor in Latin-1)
        if len(beyond):
            marks = [c for c in np.unique(codes[beyond]).tolist()
                     if _kind_of(chr(c)) == _WORD and not chr(c).isalnum()]
            if marks:
                places = np.union1d(places, beyond[np.isin(codes[beyond], marks)])
        self._joiners = places = places.astype(np.int64)
        places.flags.writeable = False  # (kept for the next call)
        return places

    def joined(self) -> np.ndarray:
        """Which tokens hold a joiner (:meth:`joiners`): the others are runs of letters and digits
        alone, whose forms are their lower case.

        Examples
        --------
        >>> Words(["O'Neill's Dan", "e\u0301"]).joined().tolist()
        [True, False, True]
        """
        out = np.zeros(len(self.starts), dtype=bool)
        if len(out):
            places = self.joiners()
            token = np.searchsorted(self.starts, places, side="right") - 1
            out[token[(token >= 0) & (places < self.ends[np.maximum(token, 0)])]] = True
        return out

    def inner_starts(self) -> np.ndarray:
        """The places (in :attr:`text`, sorted) where a letter, digit or mark follows a joiner (an
        apostrophe or a combining mark, see :meth:`joiners`) and no token starts: inside a word
        (``O'Neill``, ``Xi'an``) or after it (the ``s`` of ``China's``). A pattern that starts a
        word with ``(?<!\\w)`` or ``\\b`` may match there (a joiner is no ``\\w``); at any other
        such start of its match, a token starts.

        Examples
        --------
        >>> Words(["O'Neill's", "'Tis"]).inner_starts().tolist()
        [2, 8]
        """
        codes = self._codes
        places = self.joiners() + 1
        places = places[places < len(codes)]
        places = places[_kinds_of(codes[places]) == _WORD] if len(places) else places
        token = np.searchsorted(self.starts, places)
        at_start = (token < len(self.starts)) & (self.starts[np.minimum(token, len(self.starts) - 1)] == places)
        return places[~at_start]

    def isupper(self, which: np.ndarray) -> np.ndarray:
        """``str.isupper`` of the tokens at the indices ``which``.

        A token that starts with a lower-case ASCII letter is not upper case; only the
        others (few in prose) are made into strings and tested.
        """
        which = np.asarray(which, dtype=np.int64)
        out = np.zeros(len(which), dtype=bool)
        first = self._codes[self.starts[which]]
        test = np.flatnonzero((first < 97) | (first > 122))
        if len(test):
            text, starts, ends = self.text, self.starts[which[test]].tolist(), self.ends[which[test]].tolist()
            out[test] = [text[a:b].isupper() for a, b in zip(starts, ends)]
        return out


class Phrases:
    """A vocabulary of phrases of one or more words, found in a :class:`Words` index.

    Parameters
    ----------
    phrases : sequence of str
        Each phrase as the forms of its words joined by single spaces (see
        :func:`forms_of`); phrase ``k`` is reported as ``k``.

    Examples
    --------
    >>> phrases = Phrases(["trade", "trade deal", "deal", "free trade deal"])
    >>> first, last, which = phrases.find(Words(["A free trade deal, a deal.", "trade"]))
    >>> sorted(zip(first.tolist(), last.tolist(), which.tolist()))
    [(1, 3, 3), (2, 2, 0), (2, 3, 1), (3, 3, 2), (6, 6, 2), (8, 8, 0)]
    """

    def __init__(self, phrases: Sequence[str]):
        self.phrases = list(phrases)
        words = sorted({w for phrase in self.phrases for w in phrase.split(" ")})
        self.word_ids = {w: i for i, w in enumerate(words)}
        base = len(words) + 1  # the id len(words): any other token
        self._unigrams = np.full(base, -1, dtype=np.int64)
        prefix_state: dict[tuple[str, ...], int] = {}
        moves: dict[int, int] = {}  # state * base + word id -> the state of the longer prefix
        ends: dict[int, int] = {}  # state -> the phrase it completes
        for k, phrase in enumerate(self.phrases):
            parts = phrase.split(" ")
            if len(parts) == 1:
                if self._unigrams[self.word_ids[phrase]] < 0:
                    self._unigrams[self.word_ids[phrase]] = k
                continue
            state = self.word_ids[parts[0]]  # a first word's state is its id
            for n in range(1, len(parts)):
                key = tuple(parts[:n + 1])
                if key not in prefix_state:
                    prefix_state[key] = base + len(prefix_state)
                    moves[state * base + self.word_ids[parts[n]]] = prefix_state[key]
                state = prefix_state[key]
            ends.setdefault(state, k)
        self._base = base
        self._codes = np.array(sorted(moves), dtype=np.int64)
        self._targets = np.array([moves[c] for c in self._codes.tolist()], dtype=np.int64)
        self._ends = np.full(base + len(prefix_state), -1, dtype=np.int64)
        self._ends[list(ends)] = list(ends.values())
        self._starts = np.zeros(base, dtype=bool)  # word ids that begin a phrase of two or more words
        self._starts[(self._codes // base)[self._codes // base < base]] = True
        self.longest = max((p.count(" ") + 1 for p in self.phrases), default=0)

    def find(self, index: Words, *, across_marks: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every occurrence of every phrase in ``index``: its first and last token and the phrase's
        number (unordered; several phrases may start at one token).

        A phrase never spans two texts. Its words are consecutive tokens; with ``across_marks``
        the clause marks between them are skipped ("trade, deal" is "trade deal").
        """
        ids = index.ids(self.word_ids, default=self._base - 1)
        tokens = np.flatnonzero(~index.is_mark) if across_marks else np.arange(len(ids))
        ids, row = ids[tokens], index.text_of[tokens]
        m = len(ids)
        hit = np.flatnonzero(self._unigrams[ids] >= 0)
        firsts, lasts, which = [hit], [hit], [self._unigrams[ids[hit]]]
        at = np.flatnonzero(self._starts[ids])
        state = ids[at]
        base = self._base
        for k in range(1, self.longest):
            ok = at + k < m
            at, state = at[ok], state[ok]
            ok = row[at + k] == row[at]
            at, state = at[ok], state[ok]
            if not len(at) or not len(self._codes):
                break
            code = state * base + ids[at + k]
            pos = np.searchsorted(self._codes, code).clip(max=len(self._codes) - 1)
            found = self._codes[pos] == code
            at, state = at[found], self._targets[pos[found]]
            done = self._ends[state] >= 0
            firsts.append(at[done])
            lasts.append(at[done] + k)
            which.append(self._ends[state[done]])
        first, last = np.concatenate(firsts), np.concatenate(lasts)
        return tokens[first], tokens[last], np.concatenate(which)


def _token_places(kinds: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Starts and ends of the tokens (words and marks), and which are marks."""
    n = len(kinds)
    if not n:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=bool)
    is_mark_char = kinds == _MARK
    letter = kinds == _WORD
    wordish = letter | (kinds == _APOSTROPHE)
    # runs of word characters and apostrophes
    flips = np.flatnonzero(np.diff(wordish, prepend=False, append=False))
    run_starts, run_ends = flips[::2], flips[1::2]
    # trim apostrophes at either end (few runs have them, and few at a time: a few array steps)
    s, e = run_starts.copy(), run_ends.copy()
    at = np.flatnonzero(~letter[s])
    while len(at):
        s[at] += 1
        at = at[(s[at] < e[at]) & ~letter[np.minimum(s[at], n - 1)]]
    at = np.flatnonzero(~letter[e - 1] & (e > s))
    while len(at):
        e[at] -= 1
        at = at[(e[at] > s[at]) & ~letter[np.maximum(e[at] - 1, 0)]]
    keep = s < e
    s, e = s[keep], e[keep]
    # a final clitic after an apostrophe ('s 'll 're 've 'd 'm): not part of the word
    apostrophes = np.flatnonzero(kinds == _APOSTROPHE)
    if len(apostrophes) and len(e):
        before = np.searchsorted(apostrophes, e) - 1
        p = apostrophes[np.maximum(before, 0)]
        at = np.flatnonzero((before >= 0) & (p > s) & (e - p >= 2) & (e - p <= 3))
        p, size = p[at], e[at] - p[at] - 1
        lower = codes.astype(np.int64) | 32  # ASCII letters to lower case (others are checked below)
        c1, c2 = lower[p + 1], np.where(size == 2, lower[np.minimum(p + 2, n - 1)], 0)
        ascii_ = (codes[p + 1] < 128) & ((size == 1) | (codes[np.minimum(p + 2, n - 1)] < 128))
        one = (size == 1) & np.isin(c1, [ord("s"), ord("d"), ord("m")])
        two = (size == 2) & (((c1 == ord("l")) & (c2 == ord("l"))) | ((c1 == ord("r")) & (c2 == ord("e")))
                             | ((c1 == ord("v")) & (c2 == ord("e"))))
        clitic = ascii_ & (one | two)
        at = at[clitic]
        e[at] = p[clitic]
        while len(at):  # apostrophes before it: trimmed as above
            at = at[~letter[e[at] - 1]]
            e[at] -= 1
    marks = np.flatnonzero(is_mark_char)
    # merge the words and the marks in text order (they never share a place)
    where = np.searchsorted(s, marks) + np.arange(len(marks))
    is_mark = np.zeros(len(s) + len(marks), dtype=bool)
    is_mark[where] = True
    starts = np.empty(len(is_mark), dtype=np.int64)
    starts[where], starts[~is_mark] = marks, s
    ends = starts + 1
    ends[~is_mark] = e
    return starts, ends, is_mark


def _forms(text: str, codes: np.ndarray, kinds: np.ndarray, starts: np.ndarray,
           ends: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Each token's form id and the distinct forms (lower case, apostrophes removed)."""
    n_tokens = len(starts)
    if not n_tokens:
        return np.zeros(0, dtype=np.int64), []
    lowered = text.lower()
    if len(lowered) == len(text):
        low = _code_points(lowered)
    else:  # a case mapping that changes the length ("İ"): every token by string
        low = None
    lengths = ends - starts
    if low is not None:
        odd = np.flatnonzero((low >= 128) | (kinds == _APOSTROPHE))  # characters that need a string
        fast = lengths <= 16
        token = np.searchsorted(starts, odd, side="right") - 1  # the token each such character may be in
        inside = (token >= 0) & (odd < ends[np.maximum(token, 0)])
        fast[token[inside]] = False
    else:
        fast = np.zeros(n_tokens, dtype=bool)
    form = np.empty(n_tokens, dtype=np.int64)
    forms: list[str] = []
    at = np.flatnonzero(fast)
    if len(at):
        data = low.astype(np.uint8) if low.dtype != np.uint8 else low
        padded = np.concatenate([data, np.zeros(8, dtype=np.uint8)])
        eight = np.ndarray(shape=(len(data),), dtype="<u8", buffer=padded, strides=(1,))
        s, k = starts[at], lengths[at]
        head = (eight[s] & _MASKS[k]) | _TAGS[k]
        tail = np.where(k > 8, eight[np.maximum(s + k - 8, 0)], np.uint64(0))
        a, heads = pd.factorize(head)
        b, tails = pd.factorize(tail)
        key, _ = pd.factorize(a.astype(np.int64) * len(tails) + b)
        form[at] = key
        first_at = np.empty(key.max() + 1, dtype=np.int64)
        first_at[key] = at  # a token of each form (any one: they share the form)
        forms = [text[x:y].lower() for x, y in zip(starts[first_at].tolist(), ends[first_at].tolist())]
    rest = np.flatnonzero(~fast)
    if len(rest):
        source = lowered if low is not None else None
        known = {f: i for i, f in enumerate(forms)}
        ids = []
        for x, y in zip(starts[rest].tolist(), ends[rest].tolist()):
            word = source[x:y] if source is not None else text[x:y].lower()
            for apostrophe in APOSTROPHES:
                word = word.replace(apostrophe, "")
            i = known.get(word)
            if i is None:
                i = known[word] = len(forms)
                forms.append(word)
            ids.append(i)
        form[rest] = ids
    return form, forms


def word_forms(text: str) -> list[str]:
    """The forms of the words of ``text`` (clause marks left out): how a vocabulary term is read.

    Examples
    --------
    >>> word_forms("COVID-19 vaccines, women's health")
    ['covid', '19', 'vaccines', 'women', 'health']
    """
    return forms_of([text])[0]


def forms_of(texts: Sequence[str]) -> list[list[str]]:
    """:func:`word_forms` of each text, with one index for them all (for many short texts, such as
    the terms of a vocabulary).

    Examples
    --------
    >>> forms_of(["Trade talks", "", "U.S.-China"])
    [['trade', 'talks'], [], ['u', 's', 'china']]
    """
    words = Words(texts)
    keep = np.flatnonzero(~words.is_mark)
    out: list[list[str]] = [[] for _ in range(words.n_texts)]
    forms = words.forms
    for text, form in zip(words.text_of[keep].tolist(), words.form[keep].tolist()):
        out[text].append(forms[form])
    return out


def count_words(texts) -> np.ndarray:
    """The number of words of each text (see the module's definition).

    Examples
    --------
    >>> count_words(["Don't stop, please.", "", None]).tolist()
    [3, 0, 0]
    """
    return Words(list(texts)).n_words()


def check_index(index: Words | None, texts: Sequence) -> None:
    """Raise ValueError unless ``index`` (a stage's ``index=`` argument; None passes) is the word
    index of ``texts``: as many texts, each of the same length (a value that is not a string
    counts as an empty text).

    Examples
    --------
    >>> check_index(Words(["a b", "c"]), ["a b", "c"])
    >>> check_index(Words(["a b", "c"]), ["a b", "cd"])
    Traceback (most recent call last):
    ...
    ValueError: index is not the word index of these texts: text 1 has 2 characters, 1 in the index
    """
    if index is None:
        return
    if index.n_texts != len(texts):
        raise ValueError(f"index has {index.n_texts} texts for {len(texts)} sentences")
    lengths = np.fromiter((len(t) if isinstance(t, str) else 0 for t in texts), dtype=np.int64, count=len(texts))
    differ = np.flatnonzero(lengths != index.lengths())
    if len(differ):
        k = int(differ[0])
        raise ValueError(f"index is not the word index of these texts: text {k} has {lengths[k]} characters, "
                         f"{index.lengths()[k]} in the index")
