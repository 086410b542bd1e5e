"""Split documents into paragraphs and sentences with character offsets.

The **sentences** table has one row per sentence:

``doc_id`` (str), ``sent_id`` (int; 0 is the title, body sentences count from
1), ``paragraph_id`` (int; 0 is the title, body paragraphs count from 1),
``start``, ``end`` (int offsets into the document's ``text``, so
``text[start:end]`` is the sentence), ``text`` (str).

Paragraphs are separated by line breaks. Sentences end at ``.``, ``!`` or ``?``
(with any closing quotes or brackets) followed by white space and a capital,
digit or opening quote, except after abbreviations (``Mr.``, ``Dec.``,
``U.S.``, ``No.``, initials), inside decimals, and after an all-capitals
dateline (``NUR-SULTAN. KAZINFORM –``).
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

import ahocorasick
import numpy as np
import pandas as pd

__all__ = ["split_sentences", "sentence_spans", "trie_regex", "plural_forms", "Prescan", "WordScan",
           "shortest_prefixes", "SENTENCE_COLUMNS"]

SENTENCE_COLUMNS = ["doc_id", "sent_id", "paragraph_id", "start", "end", "text"]

#: Lower-cased abbreviations (without the final dot) after which no sentence ends.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen lt col maj capt cmdr adm sgt cpl pvt gov sen rep
    pres supt insp hon rev fr messrs mme mlle
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    ed eds est approx dept univ assn bros
    inc corp ltd co plc llc cos
    vs v etc al cf ca ibid viz
    e.g i.e a.m p.m u.s u.k u.n u.s.a e.u n.y d.c l.a
    """.split()
)
#: Abbreviations that are only abbreviations before a number ("No. 5").
_NUMBERED = frozenset({"no", "nos", "vol", "vols", "fig", "figs", "pp", "art", "sec", "ch", "para"})

_PARAGRAPH = re.compile(r"[^\n]+")
_BOUNDARY = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9\u0400-\u042F])")
_WORD_BEFORE = re.compile(r"([\w.\-’']+)$")
_WORD_RUN = re.compile(r"[\w.\-’']*")  # the same characters, matched forwards in the reversed paragraph
_DATELINE = re.compile(r"^[^a-z]{2,60}$")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


def _is_abbreviation(paragraph: str, dot: int, reverse: str | None = None) -> bool:
    """True when the ``.`` at ``dot`` ends an abbreviation, initial or dateline.

    ``reverse`` is ``paragraph[::-1]`` when known: the word before the dot
    (``_WORD_BEFORE.search(paragraph, 0, dot)``) is then read backwards from
    the dot instead of searched for from the paragraph's start.
    """
    if reverse is None:
        match = _WORD_BEFORE.search(paragraph, 0, dot)
        if not match:
            return False
        word = match.group(1)
    else:
        length = _WORD_RUN.match(reverse, len(paragraph) - dot).end() - (len(paragraph) - dot)
        if not length:
            return False
        word = paragraph[dot - length:dot]
    word = word.lower().strip("'’").rstrip(".")
    if word in _NUMBERED:  # "No. 5", "Vol. 2", but "the answer was no. Then"
        return paragraph[dot + 1:dot + 3].strip()[:1].isdigit()
    if word in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha():  # an initial: "John F. Kennedy"
        return True
    if _INITIALS.fullmatch(word):  # U.S, e.g, a.m
        return True
    # a dateline: the paragraph so far is a few words in capitals ("NUR-SULTAN. KAZINFORM –")
    prefix = paragraph[:dot]
    return bool(_DATELINE.match(prefix)) and any(c.isalpha() for c in prefix) and len(prefix.split()) <= 4


def sentence_spans(text: str, *, title: str = "") -> list[tuple[int, int, int]]:
    """Return ``(paragraph_id, start, end)`` for every sentence of ``text``.

    When ``title`` is given and ``text`` starts with it, the title is paragraph 0
    and one sentence; body paragraphs count from 1.

    Examples
    --------
    >>> text = "Mr. Li met Dr. Wang in the U.S. on Dec. 2. Talks went well."
    >>> [text[s:e] for _, s, e in sentence_spans(text)]
    ['Mr. Li met Dr. Wang in the U.S. on Dec. 2.', 'Talks went well.']
    """
    spans: list[tuple[int, int, int]] = []
    body_from = 0
    title = title.strip()
    if title and text.startswith(title) and (len(text) == len(title) or text[len(title)] == "\n"):
        spans.append((0, 0, len(title)))
        body_from = len(title)
    paragraph_id = 0
    for para in _PARAGRAPH.finditer(text, body_from):
        paragraph = para.group()
        if not paragraph.strip():
            continue
        paragraph_id += 1
        base = para.start()
        start = 0
        reverse = None
        for boundary in _BOUNDARY.finditer(paragraph):
            end = boundary.end()
            dot = boundary.start()
            if paragraph[dot] == ".":
                if reverse is None:
                    reverse = paragraph[::-1]
                if _is_abbreviation(paragraph, dot, reverse):
                    continue
            _append(spans, paragraph_id, paragraph, base, start, end)
            start = end
        _append(spans, paragraph_id, paragraph, base, start, len(paragraph))
    return spans


def _append(spans, paragraph_id, paragraph, base, start, end) -> None:
    piece = paragraph[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    left = start + (len(piece) - len(piece.lstrip()))
    spans.append((paragraph_id, base + left, base + left + len(stripped)))


def split_sentences(documents: pd.DataFrame) -> pd.DataFrame:
    """Split the documents table into the sentences table.

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents table (``doc_id``, ``text``; ``title`` optional).

    Returns
    -------
    pandas.DataFrame
        The sentences table, ordered by document (input order) and position.
        A document with no text has no sentences.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "title": ["Talks"],
    ...                      "text": ["Talks\\n\\nThe sides met. They agreed."]})
    >>> split_sentences(docs)[["sent_id", "paragraph_id", "text"]].values.tolist()
    [[0, 0, 'Talks'], [1, 1, 'The sides met.'], [2, 1, 'They agreed.']]
    """
    for column in ("doc_id", "text"):
        if column not in documents.columns:
            raise ValueError(f"documents has no {column!r} column; it has {list(documents.columns)}")
    titles = documents["title"] if "title" in documents.columns else pd.Series([""] * len(documents))
    doc_ids, sent_ids, para_ids, starts, ends, texts = [], [], [], [], [], []
    for doc_id, text, title in zip(documents["doc_id"], documents["text"], titles):
        text = "" if not isinstance(text, str) else text
        title = title if isinstance(title, str) else ""
        spans = sentence_spans(text, title=title)
        first = 0 if spans and spans[0][0] == 0 else 1
        for k, (paragraph_id, start, end) in enumerate(spans):
            doc_ids.append(doc_id)
            sent_ids.append(k + first)
            para_ids.append(paragraph_id)
            starts.append(start)
            ends.append(end)
            texts.append(text[start:end])
    return pd.DataFrame(
        {
            "doc_id": pd.Series(doc_ids, dtype="str"),
            "sent_id": pd.Series(sent_ids, dtype="int64"),
            "paragraph_id": pd.Series(para_ids, dtype="int64"),
            "start": pd.Series(starts, dtype="int64"),
            "end": pd.Series(ends, dtype="int64"),
            "text": pd.Series(texts, dtype="str"),
        }
    )


def trie_regex(keys: Iterable[str], *, space: str = r"\s+") -> str:
    """One regular expression matching any of ``keys``, as a prefix trie.

    Python's ``re`` tries the alternatives of ``a|b|c`` one by one at every
    position; a trie shares prefixes, so hundreds of aliases or cues cost
    about as much as a few. Longer keys are preferred over their prefixes.
    A space in a key matches ``space``.

    Examples
    --------
    >>> import re
    >>> pattern = trie_regex(["China", "Chinese", "Chinese leader"])
    >>> re.findall(pattern, "Chinese leader, China")
    ['Chinese leader', 'China']
    """
    root: dict = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(space if char == " " else re.escape(char)) + emit(node[char])
                     for char in sorted(c for c in node if c)]
        if not branches:
            return ""
        grouped = len(branches) > 1
        body = "(?:" + "|".join(branches) + ")" if grouped else branches[0]
        if "" in node:  # a key ends here: what follows is optional
            body = (body if grouped else "(?:" + body + ")") + "?"
        return body

    return emit(root) if root else "(?!)"


def plural_forms(term: str) -> list[str]:
    """The term and the plural of its last word (investment -> investments).

    ``term`` is lower-case words separated by single spaces; a last word that
    already ends in a single ``s`` (or has no letters only) is left alone.

    Examples
    --------
    >>> plural_forms("trade policy"), plural_forms("tax"), plural_forms("talks")
    (['trade policy', 'trade policies'], ['tax', 'taxes'], ['talks'])
    """
    *head, last = term.split(" ")
    if not last.isalpha() or len(last) < 3 or (last.endswith("s") and not last.endswith("ss")):
        return [term]
    if last.endswith("y") and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith(("ss", "x", "z", "ch", "sh")):
        plural = last + "es"
    else:
        plural = last + "s"
    return [term, " ".join(head + [plural])]


#: Characters that an ignore-case pattern matches with ASCII letters although their lower case
#: differs from those letters' (or has another length): with them in a text, :class:`Prescan`
#: falls back to the pattern's own search.
_ODD_CASE = frozenset("\u0130\u0131\u017f\u212a")


class Prescan:
    """``pattern.finditer`` for big alternations, fast: the pattern is tried only where a match can start.

    Python's ``re`` tries a pattern at every position of a text; an
    alternation of hundreds of aliases or cues costs about 0.2 microseconds
    per character even as a trie. ``Prescan`` first finds, with one
    Aho-Corasick pass (``pyahocorasick``, in C), every place where one of
    ``prefixes`` occurs, and then calls ``pattern.match`` at those places
    only, in order, skipping places inside the previous match: the matches
    are exactly those of ``pattern.finditer``, provided every match of the
    pattern starts with one of ``prefixes``.

    Parameters
    ----------
    pattern : re.Pattern
        Any compiled pattern that never matches the empty string.
    prefixes : iterable of str
        Strings one of which starts every match; shorter prefixes find more
        places (all correct, just slower).
    ignore_case : bool, default True
        Look for the prefixes in the lower-cased text (give them in lower
        case): for patterns that match letters in any case. Texts with
        characters whose case folding is irregular (Turkish dotless i, long s,
        Kelvin sign) are searched by the pattern itself.

    Examples
    --------
    >>> scan = Prescan(re.compile(r"(?i)\\b(?:said|told)\\b"), ["said", "told"])
    >>> [m.group() for m in scan.finditer("He SAID so, she told them; unsaid.")]
    ['SAID', 'told']
    """

    def __init__(self, pattern: re.Pattern, prefixes: Iterable[str], *, ignore_case: bool = True):
        self.pattern = pattern
        self.ignore_case = ignore_case
        self._automaton = None
        lengths = {p: len(p) for p in prefixes if p}
        if lengths:
            automaton = ahocorasick.Automaton()
            for prefix, n in lengths.items():
                automaton.add_word(prefix, n)
            automaton.make_automaton()
            self._automaton = automaton

    def starts(self, text: str) -> list[int] | None:
        """Sorted places where a prefix occurs (None: search with the pattern itself)."""
        if self._automaton is None:
            return []
        haystack = text
        if self.ignore_case:
            if not text.isascii() and not _ODD_CASE.isdisjoint(text):  # isascii: a fast scan in C
                return None
            haystack = text.lower()
            if len(haystack) != len(text):  # pragma: no cover - such characters are in _ODD_CASE
                return None
        return sorted({end - n + 1 for end, n in self._automaton.iter(haystack)})

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches of the pattern in ``text``, as ``pattern.finditer(text)`` gives them."""
        starts = self.starts(text)
        if starts is None:
            yield from self.pattern.finditer(text)
            return
        match = self.pattern.match
        last = 0
        for pos in starts:
            if pos >= last:
                m = match(text, pos)
                if m is not None:
                    last = m.end()
                    yield m

    def search(self, text: str) -> re.Match | None:
        """The first match, as ``pattern.search(text)``."""
        return next(self.finditer(text), None)


class WordScan(Prescan):
    r""":class:`~analysis.text.Prescan` for a pattern whose every match starts with a whole word of
    ``words``: in ASCII texts, the pattern is tried only at the words equal to one of them.

    A *word* here is a run of ASCII letters and digits. The words are lower case; a match must
    start where a word starts and the word (in any case) must be one of ``words``: true of a
    pattern like ``(?<![\w-])(?i:cue|cue[\s\-]+word)(?![\w-])`` and ``words`` the first words of its
    cues. Texts with other characters, or ``words`` with other characters than letters and digits,
    use Prescan's own search for the words as prefixes, which is slower (an Aho-Corasick pass over
    the lower-cased text, the places sorted) but needs no word boundaries.

    Examples
    --------
    >>> scan = WordScan(re.compile(r"(?i)(?<![\w-])(?:talks?|peace[\s\-]+talks)(?![\w-])"), ["talk", "talks", "peace"])
    >>> scan.starts("Peace-talks, talk; (TALKS) stalk talks2")
    [0, 6, 13, 20]
    >>> [m.group() for m in scan.finditer("Peace-talks, talk; (TALKS) stalk talks2")]
    ['Peace-talks', 'talk', 'TALKS']
    """

    _WIDTH = 7  # a word is told by its first 7 letters and its length (two words alike: both tried)
    # lower-case letters and digits stay, upper-case letters are lowered, every other byte is a space
    _TABLE = bytes(b if chr(b).isdigit() or chr(b).islower() else b + 32 if chr(b).isupper() else 32
                   for b in range(128)) + b" " * 128

    def __init__(self, pattern: re.Pattern, words):
        words = sorted(set(words))
        super().__init__(pattern, shortest_prefixes(words))
        self._usable = all(w.isascii() and w.isalnum() and w == w.lower() for w in words) and bool(words)
        # a word's key: its first (up to) _WIDTH letters as a number, then 8 bits of its length
        self._keys = np.array(sorted({int.from_bytes(w.encode()[:self._WIDTH], "big") << 8 | min(len(w), 255)
                                      for w in words}), dtype=np.uint64)

    def starts(self, text: str) -> list[int] | None:
        """Sorted places where a word of ``words`` starts (or Prescan's places; see the class)."""
        if not (self._usable and text.isascii()):
            return super().starts(text)
        n, width = len(text), self._WIDTH
        data = text.encode("ascii").translate(self._TABLE) + b" " * (width + 1)
        chars = np.frombuffer(data, dtype=np.uint8)
        inside = chars != 32
        starts = np.flatnonzero(inside[:n] & np.r_[True, ~inside[:n - 1]] if n else inside[:0])
        lengths = (np.flatnonzero(inside[:n] & ~inside[1:n + 1]) + 1 - starts).astype(np.uint64)
        # the 8 bytes from each start, as a big-endian number (a strided view: one per byte offset)
        eight = np.ndarray(shape=(n,), dtype=">u8", buffer=data, strides=(1,))[starts].astype(np.uint64)
        # the keys: the first _WIDTH bytes (without those after the word's end), then the length
        u8 = np.uint64(8)
        head = (eight >> u8) >> (u8 * (np.uint64(width) - np.minimum(lengths, np.uint64(width))))
        keys = (head << u8) | np.minimum(lengths, np.uint64(255))
        at = np.searchsorted(self._keys, keys)
        at[at == len(self._keys)] = 0
        return starts[self._keys[at] == keys].tolist()


def shortest_prefixes(words) -> list[str]:
    """The words that do not start with another of the words: each occurrence of any of ``words``
    starts with an occurrence of one of these (fewer, non-overlapping hits for :class:`Prescan`).

    Examples
    --------
    >>> shortest_prefixes(["war", "wars", "warn", "aid", "ai", "peace"])
    ['ai', 'peace', 'war']
    """
    shortest: list[str] = []
    for word in sorted(set(words)):  # a word sorts right after the words it starts with
        if word and not (shortest and word.startswith(shortest[-1])):
            shortest.append(word)
    return shortest
