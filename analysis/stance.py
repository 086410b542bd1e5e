"""Stance of each sentence's speaker towards a target: -1 critical/conflictual .. +1 cooperative.

A sentence's stance combines two signals:

* **cues**: verbs, nouns and phrases in classes modelled on CAMEO's
  cooperation-conflict scale (praise, support, appeal; disapprove, reject,
  threaten, coerce), with signed weights, from a TOML file
  (``analysis/data/stance_cues.toml``). A cue right after a negation ("did not
  support", "refused to cooperate") counts with the opposite sign, scaled.
  The cue part is ``tanh(sum of cue weights)`` times :data:`CUE_WEIGHT`.
* **tone**: the balance of the sentence's valenced words, ``tone_pos -
  tone_neg`` (from :mod:`analysis.tone`; the ``tone`` compound when those
  columns are missing, 0.0 when that is missing too), times
  :data:`TONE_WEIGHT`. The balance is a share of the words, so a long sentence
  with one grim word is not scored as grim as a short one.
* **roles** (user targets only): what the sentence says happens to the target
  or what it does, from the ``[roles.*]`` tables of the cue file, matched next
  to a mention of the target (its name or a pronoun): *accused* ("Smith was
  charged", "allegations against him"; negative), *victim* ("she was killed",
  "harassed her"; positive, offsetting the grim words around a victim, towards
  whom the author is not hostile) and *achiever* ("he won", "praised Smith";
  positive). Role weights add to the cue sum.

``stance = clip(cue part + tone part, -1, 1)``; a sentence with no cue and a
neutral tone (and an empty one) is 0.0.

**Targets.** Without a user target, the target of a sentence is the first
actor it mentions (a person or organisation named in the text but not in the
actor file counts as a side of its own) who is not of the speaker's own country (a speaker's stance
towards "the other side"), else the speaker's previous target in the document,
else the document's main other party (the most mentioned country other than the
speaker's; for the narrator and ``both sides`` the second most mentioned
country, as the first is usually the source's own). With a user target for a
document (``targets={doc_id: "Daniel Castell"}``), a sentence concerns the
target when it names it (the full name, one of its parts such as the surname,
or an actor alias of it) or, following such a sentence, refers to it by a
pronoun (he, she, his, her, him); other sentences do not concern it.

Columns added by :func:`score_stance`: ``stance`` (float), ``stance_target``
(canonical name or the user's target; ``""`` when the sentence has none),
``stance_weight`` (how much the sentence concerns its target: 1 named,
:data:`PRONOUN_WEIGHT` by pronoun, 0 not at all), ``stance_label`` and
``stance_evidence`` (cues as ``text [class weight] start-end`` with offsets into
the document text, negations marked ``not ...``, roles as ``[role accused
-0.5]``; then the tone part as ``tone +0.12``).

**Documents.** A document's stance accumulates the evidence of its sentences,
each counted relative to the stance of neutral news prose
(:data:`NEWS_BASELINE`, -0.08: news wording leans negative, with crime,
conflict and disaster words, even when the author's stance is neutral)::

    stance_doc = tanh(sum(w * (stance - NEWS_BASELINE)) / sqrt(sum(w)))
    w = (stance_weight + CONTEXT_WEIGHT) * (TITLE_WEIGHT if the sentence is a title
                                            about the target else 1)

so sentences that do not concern the target count little, a title about the
target (``sent_id`` 0) counts :data:`TITLE_WEIGHT` (3) times, and many
consistent sentences weigh more than one. A document without sentences is 0.0.

**Labels.** ``positive`` when the stance is above the upper end of the neutral
band, ``negative`` when below its lower end, else ``neutral`` (the ends
themselves are neutral). Sentences use :data:`NEUTRAL_BAND` (-0.1, 0.1).
Documents use :data:`DOCUMENT_NEUTRAL_BAND` (-0.6, 0.1): wider on the negative
side, because authors' stances lean positive and a document needs consistent
critical evidence to be negative. The baseline, the title weight, the role
weights and the band were chosen on one half of the development part of a
human-labelled author-sentiment set (PerSenT, odd document numbers) and
checked on the other (even); see ``benchmarks/validate_stance.py``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from .actors import (BOTH_SIDES, NARRATOR, UNKNOWN, Actors, attribute_speakers, ci_trie as _ci_trie,
                     first_seen_codes as _first_seen_codes, int_list as _int_list, reading_order as _reading_order,
                     resolve_actors as _resolve_actors, trie_regex)
from .config import PACKAGE_DATA_DIR, read_toml
from .text import TokenIndex, WordScan, plural_forms, string_column

__all__ = [
    "StanceCues",
    "load_stance_cues",
    "score_stance",
    "document_stance",
    "speaker_stance",
    "stance_label",
    "STANCE_CUES_PATH",
    "NEUTRAL_BAND",
    "DOCUMENT_NEUTRAL_BAND",
    "NEWS_BASELINE",
    "TITLE_WEIGHT",
]

#: The default cue file.
STANCE_CUES_PATH = PACKAGE_DATA_DIR / "stance_cues.toml"
#: Sentence labels: neutral when ``NEUTRAL_BAND[0] <= stance <= NEUTRAL_BAND[1]``.
NEUTRAL_BAND = (-0.10, 0.10)
#: Document labels: the same rule on the document's stance (see :func:`document_stance`).
DOCUMENT_NEUTRAL_BAND = (-0.60, 0.10)
#: The stance of neutral news prose, which leans negative; a document counts its
#: sentences' stances relative to it.
NEWS_BASELINE = -0.08
#: How much more a title that concerns the target counts than a body sentence.
TITLE_WEIGHT = 3.0
#: Scale of the cue part and of the tone part of a sentence's stance.
CUE_WEIGHT = 0.6
TONE_WEIGHT = 0.6
#: How much a sentence that refers to a user target only by a pronoun counts.
PRONOUN_WEIGHT = 0.6
#: How much a sentence with no target counts in its document's stance.
CONTEXT_WEIGHT = 0.05

# between a target mention and a role word: an auxiliary and up to two adverbs ("was later", "has been")
_ROLE_GAP = (r"(?:(?:is|was|were|are|be|been|being|has|have|had|got|gets|get|has\s+been|had\s+been|have\s+been)\s+)?"
             r"(?:(?:\w+ly|also|not|later|then|now|since|just|again|ever|never|once|already)\s+){0,2}")
_PRONOUN = re.compile(r"(?i)\b(?:he|she|his|her|him|hers|himself|herself)\b")
_NAME_PART_STOP = frozenset(
    """mr mrs ms dr prof sir the of and de la le van von der al bin jr sr president minister prime
    general gen sen gov king queen prince""".split()
)


# ----------------------------------------------------------------------------- cues


class StanceCues:
    """Cue classes compiled into one case-insensitive pattern.

    Attributes
    ----------
    weights : dict of str to (str, float)
        Each matchable form -> (class name, signed weight).
    pattern : re.Pattern
        One alternation of every form, longest first.
    negation : re.Pattern
        Matches a negation at the end of the text before a cue.
    factor : float
        A negated cue counts ``-factor`` times its weight.

    Examples
    --------
    >>> cues = load_stance_cues()
    >>> [(c[2], c[3]) for c in cues.find("They did not support the plan but welcomed talks.")]
    [('support', -0.32), ('welcomed', 1.0), ('talks', 0.3)]
    """

    def __init__(self, classes: Mapping[str, tuple[float, list[str], list[str]]], *,
                 negation_words=(), exceptions=(), factor: float = 0.8, window: int = 3,
                 ignore=(), roles: Mapping[str, tuple[float, list[str], list[str]]] | None = None,
                 path: str = "<cues>"):
        self.path = str(path)
        self.factor = float(factor)
        self._keys: dict[str, str] = {}  # surface -> normalised key, filled as cues are met
        self.weights: dict[str, tuple[str, float]] = {}
        for phrase in ignore:  # matched as a whole (longest match), then skipped
            self.weights[" ".join(re.split(r"[\s\-]+", phrase.lower().strip()))] = ("ignore", 0.0)
        for name, (weight, verbs, terms) in classes.items():
            forms = [f for v in verbs for f in _verb_forms(v)] + [f for t in terms for f in _term_forms(t)]
            for form in forms:
                self.weights.setdefault(form, (name, float(weight)))  # first class wins
        body = _ci_trie(self.weights, space=r"[\s\-]+")  # (?i:trie), faster
        self.pattern = re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])")
        neg = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(negation_words, key=len, reverse=True))
        if neg:
            self.negation = re.compile(r"(?i)(?:(?<![\w'’])(?:" + neg + r")|n['’]t)(?:\s+[\w'’\-]+){0,%d}\s+$"
                                       % max(int(window) - 1, 0))
        else:
            self.negation = re.compile(r"(?!)")
        # a negation match holds only these characters when every negation word does (then the
        # search may start where the trailing run of them starts: see _cue)
        self._neg_run = (_NEG_RUN if all(_NEG_RUN.fullmatch(w[::-1]) for w in negation_words) else None)
        # The negation pattern read backwards, for find_many: matched at the cue's start in the reversed
        # text (with endpos at the window's start), it matches exactly when ``negation.search`` finds
        # something in the window, but tries one place instead of every place of the window.
        # ``NEG (\s+ WORD){0,k} \s+ $`` reversed is ``\s+ (WORD \s+){0,k} NEG-backwards``; the look-behind
        # before a negation word becomes a look-ahead after its reversed form. The words (reversed) are a
        # trie, and the quantifiers possessive (``++``: white space and word characters never overlap,
        # so giving characters back cannot help): both only make failing faster.
        reversed_words = [" ".join(part[::-1] for part in reversed(w.split())) for w in negation_words]
        self._negation_reversed = (
            re.compile(r"(?i)\s++(?:[\w'’\-]++\s++){0,%d}" % max(int(window) - 1, 0)
                       + r"(?:" + _ci_trie(reversed_words) + r"(?![\w'’])|t['’]n)")
            if negation_words else re.compile(r"(?!)"))
        # ``negation`` with the same two changes, for find_many: a search finds its first match at the
        # same place (the leftmost place where some match exists; only which words match may differ)
        self._negation_trie = (
            re.compile(r"(?i)(?:(?<![\w'’])" + _ci_trie(" ".join(w.split()) for w in negation_words)
                       + r"|n['’]t)(?:\s++[\w'’\-]++){0,%d}\s+$" % max(int(window) - 1, 0))
            if negation_words else re.compile(r"(?!)"))
        # find_many tries the cue pattern only where the first word of a cue form occurs (every match
        # starts with a whole one: the forms are lower case, their spaces and hyphens match
        # ``[\s\-]+`` and the pattern is bounded by ``(?<![\w-])`` and ``(?![\w-])``)
        self._scan = WordScan(self.pattern, {_KEY_SPLIT.split(key)[0] for key in self.weights})
        self._infos: dict[str, tuple | None] = {}  # surface -> _info(surface)
        self._words = self._word_table(negation_words)
        exc = "|".join(r"\s+".join(map(re.escape, w.split())) for w in exceptions)
        self.exception = re.compile(r"(?i)\b(?:" + exc + r")\b") if exc else re.compile(r"(?!)")
        # roles: words right after the target ("[he] was accused") or right before it ("accused [him]")
        self.roles: dict[str, float] = {}
        after: dict[str, str] = {}
        before: dict[str, str] = {}
        for name, (weight, after_words, before_words) in (roles or {}).items():
            self.roles[name] = float(weight)
            for w in after_words:
                after.setdefault(" ".join(w.lower().split()), name)
            for w in before_words:
                before.setdefault(" ".join(w.lower().split()), name)
        self._role_after, self._role_before = after, before
        self.role_after = (re.compile(r"(?i)^(?:['’]s)?\s+" + _ROLE_GAP + "(" + trie_regex(after) + r")(?![\w-])")
                           if after else re.compile(r"(?!)"))
        self.role_before = (re.compile(r"(?i)(?<![\w-])(" + trie_regex(before) + r")\s+$") if before
                            else re.compile(r"(?!)"))

    def _word_table(self, negation_words) -> TokenIndex | None:
        """The words :meth:`_find_ascii` looks up, as a :class:`~analysis.text.TokenIndex`, with
        what it needs to know of each in arrays indexed by word id (None: the cue or negation
        words do not allow that method; :meth:`_find_all` then scans with the pattern).

        The words are the first words of the cue forms and the *leads* of the negation words
        (their first run of letters and digits: ``n`` of ``n't``, ``refuse`` of ``refuse to``).
        Flags per word: :data:`_FIRST` (a cue may start there), :data:`_SIMPLE` (the word is a cue
        form and no other form starts with it: where it stands alone, the pattern matches it and
        only it) and :data:`_LEAD`. The arrays have one more entry, all zero, for the id -1 (a
        word that is none of them), so ``array[ids]`` works for every token.
        """
        keys = list(self.weights)
        if not keys or not all(_PLAIN_KEY.fullmatch(k) for k in keys):
            return None
        leads = []
        for w in negation_words:
            lead = re.match(r"[a-z0-9]+", w.strip().lower())
            if not (lead and w.strip()[:1].isascii()):
                return None
            leads.append(lead.group())
        firsts: dict[str, int] = {}
        for key in keys:
            first = _KEY_SPLIT.split(key)[0]
            firsts[first] = firsts.get(first, 0) + 1
        vocabulary = {w: i for i, w in enumerate(sorted(set(firsts) | set(leads)))}
        size = len(vocabulary) + 1
        self._word_flags = np.zeros(size, dtype=np.uint8)
        self._word_weight = np.zeros(size)  # a simple word's weight, and negated
        self._word_not_weight = np.zeros(size)
        self._word_refusal = np.zeros(size, dtype=bool)
        for word, i in vocabulary.items():
            if word in firsts:
                self._word_flags[i] |= _FIRST
                info = self._info(word)
                if firsts[word] == 1 and word in self.weights:
                    self._word_flags[i] |= _SIMPLE
                    if info is None:  # an ignore word: never a cue
                        self._word_flags[i] |= _IGNORED
                    else:
                        self._word_weight[i], self._word_not_weight[i], self._word_refusal[i] = \
                            info[1], info[3], info[4]
            if word in leads:
                self._word_flags[i] |= _LEAD
        return TokenIndex(vocabulary)

    def _key(self, surface: str) -> str:
        key = self._keys.get(surface)
        if key is None:
            key = self._keys[surface] = " ".join(_KEY_SPLIT.split(surface.lower()))
        return key

    def _negated(self, before: str, surface: str, negation: re.Pattern | None = None) -> bool:
        """Whether the text ``before`` a cue (its 40 characters) negates the cue ``surface``
        (``negation``: a pattern whose search starts its match where :attr:`negation`'s does)."""
        negation = negation or self.negation
        if self._neg_run is None:
            neg = negation.search(before)
        else:  # the match ends the text and lies in its trailing run of word and space characters
            neg = negation.search(before, len(before) - self._neg_run.match(before[::-1]).end())
        return bool(neg) and not self.exception.search(before[neg.start():] + surface)

    def _cue(self, text: str, start: int, end: int, surface: str):
        """The cue at ``text[start:end]`` with its negation applied, or None."""
        key = self._key(surface)
        cls, weight = self.weights.get(key, ("", 0.0))
        if not weight:
            return None
        if key.startswith(_REFUSALS) and _TO_NEXT.match(text, end):
            return None  # "refused to" negates the next cue instead
        if self._negated(text[max(0, start - 40):start], surface):
            weight, cls = round(-self.factor * weight, 4), "not " + cls
        return (start, end, surface, weight, cls)

    def _info(self, surface: str) -> tuple | None:
        """What :meth:`_cue` needs of a surface form: ``(class, weight, negated class, negated weight,
        whether it is a refusal)``, or None when the form does not count (an ignore phrase); each
        form is worked out once."""
        try:
            return self._infos[surface]
        except KeyError:
            pass
        key = self._key(surface)
        cls, weight = self.weights.get(key, ("", 0.0))
        info = None if not weight else (cls, weight, "not " + cls, round(-self.factor * weight, 4),
                                        key.startswith(_REFUSALS))
        self._infos[surface] = info
        return info

    def find(self, text: str) -> list[tuple[int, int, str, float, str]]:
        """Cues of ``text`` as ``(start, end, surface, effective weight, class)``."""
        found = (self._cue(text, m.start(), m.end(), m.group()) for m in self.pattern.finditer(text))
        return [cue for cue in found if cue is not None]

    def find_many(self, texts: list[str]) -> list[list[tuple[int, int, str, float, str]]]:
        """:meth:`find` for many texts, with one pass of the pattern over all of them.

        The texts are joined by ``\x00``, which no cue, negation or
        look-around can cross, so each text gets exactly what :meth:`find`
        gives it.
        """
        joined = _join(texts)
        if joined is None:
            return [self.find(t) if t else [] for t in texts]
        rows, _, found = self._find_all(texts, cues=True, joined=joined)
        out: list[list] = [[] for _ in texts]
        for i, cue in zip(rows, found):
            out[i].append(cue)
        return out

    def cue_weights(self, texts: list[str]) -> tuple[list[int], list[float]]:
        """The effective weights of the cues :meth:`find_many` finds, as flat lists: the index
        of each cue's text (ascending) and its weight, in the order of :meth:`find_many`.

        Faster than :meth:`find_many` when only the weights count: no list per text, no tuple
        per cue (fewer objects for the garbage collector to walk).

        Examples
        --------
        >>> load_stance_cues().cue_weights(["They did not support it.", "", "We welcomed the talks."])
        ([0, 2, 2], [-0.32, 1.0, 0.3])
        """
        joined = _join(texts)
        if joined is None:
            found = [self.find(t) if t else [] for t in texts]
            return [i for i, cues in enumerate(found) for _ in cues], [c[3] for cues in found for c in cues]
        rows, weights, _ = self._find_all(texts, cues=False, joined=joined)
        return rows, weights

    def _find_all(self, texts: list[str], cues: bool, joined: str | None = None
                  ) -> tuple[list[int], list[float], list[tuple]]:
        """The cues of texts without ``\x00``, in text order: each one's text index, weight and
        (``cues=True``) tuple as :meth:`find` gives it (``joined``: the texts joined by ``\x00``,
        if at hand).

        ASCII texts go to :meth:`_find_ascii` (array operations), the others to
        :meth:`_find_scan` (the pattern at each place where a cue's first word occurs).
        """
        joined = "\x00".join(texts) if joined is None else joined
        if self._words is None:
            return self._find_scan(texts, cues, joined)
        if joined.isascii():
            return self._find_ascii(texts, cues, joined)
        ascii_ = [t.isascii() for t in texts]
        if not any(ascii_):
            return self._find_scan(texts, cues, joined)
        parts = []
        for wanted, find in ((True, self._find_ascii), (False, self._find_scan)):
            index = [i for i, a in enumerate(ascii_) if a is wanted]
            rows, weights, found = find([texts[i] for i in index], cues)
            parts.append(([index[r] for r in rows], weights, found))
        # each text's cues come from one part, in order: a stable sort by text keeps them so
        rows = parts[0][0] + parts[1][0]
        order = np.argsort(np.array(rows, dtype=np.int64), kind="stable").tolist()
        weights = parts[0][1] + parts[1][1]
        found = parts[0][2] + parts[1][2]
        return ([rows[k] for k in order], [weights[k] for k in order],
                [found[k] for k in order] if cues else [])

    def _find_ascii(self, texts: list[str], cues: bool, joined: str | None = None
                    ) -> tuple[list[int], list[float], list[tuple]]:
        r""":meth:`_find_all` for ASCII texts without ``\x00``, with array operations over the words
        of the joined texts (runs of letters and digits) instead of Python work per cue.

        * Where a cue can start: at a word that is the first word of a cue form (the pattern's
          matches start there: its forms are words of letters and digits, and it is bounded by
          ``(?<![\w-])``). Each word is identified exactly by a :class:`TokenIndex`.
        * A *simple* word (a form that no longer form starts with), with neither ``-`` nor
          ``_`` on either side, is a match by itself; the pattern is tried at the other places
          only (a few), in order, and the simple words inside one of its matches dropped, as
          :class:`~analysis.text.Prescan` skips the places inside a match.
        * A negation can only end a cue's window when the window holds the start of one:
          a word that is the lead of a negation word (or the window's first characters are, when it
          starts inside a word), or an ``n't``. Only the cues whose window holds one get the exact
          test of :meth:`_find_scan`.
        """
        joined = "\x00".join(texts) if joined is None else joined
        data = joined.encode("ascii")
        lower = data.translate(_LOWER_WORDS)
        # the words: runs of letters and digits (as _byte_runs finds them, with the mask kept:
        # word_byte[k] tells whether byte k is in a word; [-1] and [length] are False)
        padded = np.frombuffer(b"\0" + data.translate(_WORD_BYTES) + b"\0", dtype=bool)
        edges = np.flatnonzero(padded[1:] != padded[:-1])
        starts, ends = edges[::2], edges[1::2]
        word_byte = padded[1:]
        def token(k: int) -> str:  # for words longer than TokenIndex reads
            return joined[starts[k]:ends[k]].lower()

        ids = self._words.ids(lower, starts, ends - starts, token, default=-1)
        flags = self._word_flags[ids]  # id -1: the last entry, no flags
        # the bytes with one space after the end: [-1] and [length] read it
        raw = np.frombuffer(data + b" ", dtype=np.uint8)
        # places where a cue may start: simple words alone, the others for the pattern
        first = np.flatnonzero(flags & _FIRST)
        at, to, word = starts[first], ends[first], ids[first]
        alone = ((flags[first] & _SIMPLE) > 0) & ~np.isin(raw[at - 1], _JOINERS) & ~np.isin(raw[to], _JOINERS)
        match = self.pattern.match
        other_at, other_to = [], []
        last = 0
        for pos in at[~alone].tolist():
            if pos >= last:
                m = match(joined, pos)
                if m is not None:
                    last = m.end()
                    other_at.append(pos)
                    other_to.append(last)
        at, to, word = at[alone], to[alone], word[alone]
        if other_at:  # the simple words inside a match of the pattern are not matches
            k = np.searchsorted(np.array(other_at), at, side="right") - 1
            keep = (k < 0) | (np.array(other_to)[np.maximum(k, 0)] <= at)
            at, to, word = at[keep], to[keep], word[keep]
        keep = (self._word_flags[word] & _IGNORED) == 0
        at, to, word = at[keep], to[keep], word[keep]
        weight, not_weight, refusal = self._word_weight[word], self._word_not_weight[word], self._word_refusal[word]
        if other_at:  # the pattern's matches: their forms as find() reads them
            info_of = self._info
            extra = []
            for a, b in zip(other_at, other_to):
                surface = joined[a:b]
                info = info_of(surface)
                if info is not None:
                    extra.append((a, b, info[1], info[3], info[4]))
            if extra:
                ea, eb, ew, enw, er = zip(*extra)
                at, to = np.r_[at, ea].astype(np.int64), np.r_[to, eb].astype(np.int64)
                weight, not_weight, refusal = np.r_[weight, ew], np.r_[not_weight, enw], np.r_[refusal, er].astype(bool)
                order = np.argsort(at, kind="stable")
                at, to, weight, not_weight, refusal = (at[order], to[order], weight[order], not_weight[order],
                                                       refusal[order])
        if refusal.any():  # "refused to" negates the next cue instead
            to_next = _TO_NEXT.match
            drop = [k for k in np.flatnonzero(refusal).tolist() if to_next(joined, int(to[k]))]
            if drop:
                keep = np.ones(len(at), dtype=bool)
                keep[drop] = False
                at, to, weight, not_weight = at[keep], to[keep], weight[keep], not_weight[keep]
        offsets = np.r_[0, np.flatnonzero(raw == 0) + 1]  # where each text starts (after a "\x00")
        rows = np.searchsorted(offsets, at, side="right") - 1
        base = offsets[rows]
        window = np.maximum(base, at - 40)
        negated = self._negated_many(joined, word_byte, raw, lower, starts, ends, flags, at, to, window)
        weight = np.where(negated, not_weight, weight)
        found = []
        if cues:
            info_of = self._info
            for a, b, neg, r in zip(at.tolist(), to.tolist(), negated.tolist(), base.tolist()):
                surface = joined[a:b]
                info = info_of(surface)
                found.append((a - r, b - r, surface, info[3], info[2]) if neg else (a - r, b - r, surface, info[1], info[0]))
        return rows.tolist(), weight.tolist(), found

    def _negated_many(self, joined, word_byte, raw, lower, starts, ends, flags, at, to, window) -> np.ndarray:
        """Whether each cue ``joined[at:to]`` is negated by the text ``joined[window:at]`` before it,
        as :meth:`_find_scan` decides (for :meth:`_find_ascii`)."""
        length = len(joined)
        # every place a negation match can start: a lead word, the "n" of "n't"
        places = [starts[(flags & _LEAD) > 0]]
        apostrophes = np.flatnonzero(raw == 39)
        if len(apostrophes):
            low = np.frombuffer(lower + b" ", dtype=np.uint8)
            places.append(apostrophes[(low[apostrophes - 1] == 110) & (low[apostrophes + 1] == 116)] - 1)
        places = np.sort(np.concatenate(places))
        k = np.searchsorted(places, at)
        maybe = ((k > 0) & (places[np.maximum(k - 1, 0)] >= window) if len(places)
                 else np.zeros(len(at), dtype=bool))
        # a window that starts inside a word: the rest of that word may be a lead (the look-behind
        # of the negation sees nothing before the window)
        inside = np.flatnonzero(word_byte[window - 1] & word_byte[window] & (window > 0))
        if len(inside):
            w = window[inside]
            rest = ends[np.searchsorted(starts, w, side="right") - 1] - w
            def rest_of_word(k: int) -> str:
                return joined[w[k]:w[k] + rest[k]].lower()

            ids = self._words.ids(lower, w, rest, rest_of_word, default=-1)
            maybe[inside[(self._word_flags[ids] & _LEAD) > 0]] = True
        negated = np.zeros(len(at), dtype=bool)
        check = np.flatnonzero(maybe).tolist()
        if check:  # the exact test, as in _find_scan
            backwards = joined[::-1]
            negation_at, negated_by, negation_trie = self._negation_reversed.match, self._negated, self._negation_trie
            for k, start, end, left in zip(check, at[check].tolist(), to[check].tolist(), window[check].tolist()):
                if (negation_at(backwards, length - start, length - left)
                        and negated_by(joined[left:start], joined[start:end], negation_trie)):
                    negated[k] = True
        return negated

    def _find_scan(self, texts: list[str], cues: bool, joined: str | None = None
                   ) -> tuple[list[int], list[float], list[tuple]]:
        """:meth:`_find_all` with the pattern tried where a cue's first word occurs (any texts
        without ``\x00``)."""
        joined = "\x00".join(texts) if joined is None else joined
        length = len(joined)
        # the joined text backwards: the negation of a cue at ``start`` is looked for with
        # _negation_reversed at ``length - start`` (see __init__)
        backwards = joined[::-1]
        offsets = []
        pos = 0
        for t in texts:
            offsets.append(pos)
            pos += len(t) + 1
        rows: list[int] = []
        weights: list[float] = []
        found: list[tuple] = []
        info_of = self._info
        negation_at, negated, negation_trie = self._negation_reversed.match, self._negated, self._negation_trie
        to_next = _TO_NEXT.match
        i, n, base = 0, len(texts), 0
        for m in self._scan.finditer(joined):
            start, end = m.span()
            if i + 1 < n and offsets[i + 1] <= start:  # matches come in order: walk the texts
                while i + 1 < n and offsets[i + 1] <= start:
                    i += 1
                base = offsets[i]
            surface = joined[start:end]
            info = info_of(surface)
            if info is None:
                continue
            cls, weight, not_cls, not_weight, refusal = info
            if refusal and to_next(joined, end):
                continue  # "refused to" negates the next cue instead
            window = max(base, start - 40)
            # the backwards pattern is cheap and rules out most cues; the exact test (and its
            # exceptions) runs only where it matches
            if (negation_at(backwards, length - start, length - window)
                    and negated(joined[window:start], surface, negation_trie)):
                cls, weight = not_cls, not_weight
            rows.append(i)
            weights.append(weight)
            if cues:
                found.append((start - base, end - base, surface, weight, cls))
        return rows, weights, found

    def find_roles(self, text: str, spans) -> list[tuple[int, int, str, float, str]]:
        """Role cues of the target in ``text``, as ``(start, end, surface, weight, "role NAME")``.

        ``spans`` are the ``(start, end)`` offsets of the target's mentions in
        ``text`` (its name or a pronoun). A role word counts when it follows a
        mention, after an optional possessive and auxiliary ("Smith was
        accused", "his arrest", "she won"), or directly precedes one ("accused
        Smith", "allegations against him"). Each role word counts once.

        Examples
        --------
        >>> cues = load_stance_cues()
        >>> text = "Smith was later accused of fraud."
        >>> [(c[2], c[3], c[4]) for c in cues.find_roles(text, [(0, 5)])]
        [('accused', -0.5, 'role accused')]
        """
        found: dict[int, tuple[int, int, str, float, str]] = {}
        for start, end in spans:
            m = self.role_after.match(text[end:end + 80])
            if m:
                a, b = end + m.start(1), end + m.end(1)
                name = self._role_after.get(" ".join(m.group(1).lower().split()))
                if name and a not in found:
                    found[a] = (a, b, text[a:b], self.roles[name], "role " + name)
            m = self.role_before.search(text[max(0, start - 60):start])
            if m:
                a = max(0, start - 60) + m.start(1)
                b = a + len(m.group(1))
                name = self._role_before.get(" ".join(m.group(1).lower().split()))
                if name and a not in found:
                    found[a] = (a, b, text[a:b], self.roles[name], "role " + name)
        return [found[k] for k in sorted(found)]


_KEY_SPLIT = re.compile(r"[\s\-]+")


def _join(texts: list[str]) -> str | None:
    r"""The texts joined by ``\x00``, or None when one of them holds a ``\x00`` itself.

    Examples
    --------
    >>> _join(["a", "", "b"]), _join(["a\x00b", "c"]), _join([])
    ('a\x00\x00b', None, '')
    """
    joined = "\x00".join(texts)
    return joined if joined.count("\x00") == max(len(texts) - 1, 0) else None

# cue keys _find_ascii can use: words of ASCII lower-case letters and digits, one space or hyphen
# apart (a key keeps the hyphens of its form: "win-win")
_PLAIN_KEY = re.compile(r"[a-z0-9]+(?:[ \-][a-z0-9]+)*")
# flags of the words of StanceCues._word_table
_FIRST, _SIMPLE, _IGNORED, _LEAD = 1, 2, 4, 8
# bytes: letters and digits lower-cased, the others spaces; letters and digits 1, the others 0
_LOWER_WORDS = bytes(b + 32 if 65 <= b <= 90 else b if chr(b).isascii() and chr(b).isalnum() else 32
                     for b in range(256))
_WORD_BYTES = bytes(int(chr(b).isascii() and chr(b).isalnum()) for b in range(256))
# the characters that join a word to the next in the cue pattern's eyes ("-", and "_" is in \w)
_JOINERS = np.array([ord("-"), ord("_")], dtype=np.uint8)
# the characters a negation match may hold (words, apostrophes, hyphens, white space)
_NEG_RUN = re.compile(r"[\w'’\-\s]*")
_TO_NEXT = re.compile(r"\s+to\b")
# cue forms that, followed by "to", negate the next cue instead of counting ("refused to cooperate")
_REFUSALS = ("refus", "fail", "declin")


def _verb_forms(verb: str) -> list[str]:
    """A verb (or phrasal verb) and its -s, -ed and -ing forms.

    Examples
    --------
    >>> _verb_forms("criticise")
    ['criticise', 'criticises', 'criticised', 'criticising']
    >>> _verb_forms("call for")[:3]
    ['call for', 'calls for', 'called for']
    """
    first, *rest = verb.lower().split()
    tail = (" " + " ".join(rest)) if rest else ""
    if first.endswith("e"):
        forms = [first, first + "s", first + "d", first[:-1] + "ing"]
    elif first.endswith("y") and len(first) > 2 and first[-2] not in "aeiou":
        forms = [first, first[:-1] + "ies", first[:-1] + "ied", first + "ing"]
    elif first.endswith(("s", "sh", "ch", "x", "z")):
        forms = [first, first + "es", first + "ed", first + "ing"]
    else:
        forms = [first, first + "s", first + "ed", first + "ing"]
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", first) and len(first) <= 6:
            forms += [first + first[-1] + "ed", first + first[-1] + "ing"]
    irregular = {"win": ["won"], "lose": ["lost"], "fight": ["fought"], "shoot": ["shot"],
                 "steal": ["stole", "stolen"], "sell": ["sold"], "cut": [], "lead": ["led"]}
    forms += irregular.get(first, [])
    return list(dict.fromkeys(f + tail for f in forms))


def _term_forms(term: str) -> list[str]:
    return plural_forms(" ".join(term.lower().split()))


def _word_lists(spec: Mapping, fields: tuple[str, ...], where: str) -> list[list[str]]:
    """The lists of words under ``fields`` of a cue-file table (missing: empty)."""
    lists = []
    for field_ in fields:
        value = spec.get(field_, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError(f"{where}, field {field_!r}: must be a list of words")
        lists.append(value)
    return lists


def load_stance_cues(path: str | Path | None = None) -> StanceCues:
    """Read a stance cue file (the default one when ``path`` is None).

    Raises
    ------
    ValueError
        When the file cannot be read or a class is invalid (the message names
        the file, the class and the field).

    Examples
    --------
    >>> cues = load_stance_cues()
    >>> cues.weights["condemned"], cues.weights["partnerships"]
    (('disapprove', -0.8), ('support', 0.4))
    """
    path = Path(path) if path is not None else STANCE_CUES_PATH
    data = read_toml(path, kind="stance cue")
    classes = {}
    for name, spec in (data.get("classes") or {}).items():
        if not isinstance(spec, Mapping):
            raise ValueError(f"{path}: class {name!r}: must be a table")
        weight = spec.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not -1 <= weight <= 1 or not weight:
            raise ValueError(f"{path}: class {name!r}, field 'weight': must be a non-zero number in [-1, 1]")
        classes[name] = (float(weight), *_word_lists(spec, ("verbs", "terms"), f"{path}: class {name!r}"))
    if not classes:
        raise ValueError(f"{path}: the cue file defines no [classes.NAME] tables")
    negation = data.get("negation", {})
    ignore = (data.get("ignore") or {}).get("phrases", [])
    if not isinstance(ignore, list) or not all(isinstance(v, str) and v.strip() for v in ignore):
        raise ValueError(f"{path}: ignore, field 'phrases': must be a list of phrases")
    roles = {}
    for name, spec in (data.get("roles") or {}).items():
        if not isinstance(spec, Mapping):
            raise ValueError(f"{path}: role {name!r}: must be a table")
        weight = spec.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not -1 <= weight <= 1:
            raise ValueError(f"{path}: role {name!r}, field 'weight': must be a number in [-1, 1]")
        roles[name] = (float(weight), *_word_lists(spec, ("after", "before"), f"{path}: role {name!r}"))
    return StanceCues(classes, negation_words=negation.get("words", []), exceptions=negation.get("exceptions", []),
                      factor=negation.get("factor", 0.8), window=negation.get("window", 3), ignore=ignore,
                      roles=roles, path=str(path))


_DEFAULT_CUES: StanceCues | None = None


def _default_cues() -> StanceCues:
    global _DEFAULT_CUES
    if _DEFAULT_CUES is None:
        _DEFAULT_CUES = load_stance_cues()
    return _DEFAULT_CUES


# ----------------------------------------------------------------------------- targets


@lru_cache(maxsize=4096)
def _target_pattern(target: str) -> re.Pattern:
    """The target's full name and its name parts (surname, first name) as one pattern."""
    words = [w for w in re.split(r"\s+", target.strip()) if w]
    parts = {target.strip()}
    for w in words:
        core = w.strip(".,'’\"()")
        if len(core) >= 3 and core.lower() not in _NAME_PART_STOP:
            parts.add(core)
    body = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True) if p)
    return re.compile(r"(?<![\w])(?:" + body + r")(?![\w])", re.IGNORECASE if target.islower() else 0)


def stance_label(stance, *, band: tuple[float, float] = NEUTRAL_BAND):
    """Label stance values ``positive``, ``neutral`` or ``negative``.

    Examples
    --------
    >>> stance_label(0.4), stance_label(0.05), stance_label(-0.3)
    ('positive', 'neutral', 'negative')
    """
    low, high = band
    if not low <= high:
        raise ValueError(f"band must be (low, high) with low <= high, got {band!r}")
    if np.ndim(stance) == 0:
        value = 0.0 if stance is None or (isinstance(stance, float) and math.isnan(stance)) else float(stance)
        return "positive" if value > high else "negative" if value < low else "neutral"
    return np.array(_LABEL_NAMES)[_label_codes(stance, band)]


#: The stance labels, by the codes of :func:`_label_codes`.
_LABEL_NAMES = ["negative", "neutral", "positive"]


def _label_codes(stance, band: tuple[float, float]) -> np.ndarray:
    """The :func:`stance_label` of each value as a code, the index of its label in
    :data:`_LABEL_NAMES` (a missing value is neutral)."""
    values = np.nan_to_num(np.asarray(stance, dtype=float))
    low, high = band
    return np.where(values > high, 2, np.where(values < low, 0, 1))


class _CountryOf(dict):
    """``actors.country_of(name)`` by ``self[name]``, each name looked up once."""

    def __init__(self, actors: Actors):
        super().__init__()
        self.actors = actors

    def __missing__(self, name: str) -> str:
        country = self[name] = self.actors.country_of(name)
        return country


def score_stance(sentences: pd.DataFrame, *, actors=None, targets: Mapping | None = None,
                 cues: StanceCues | str | Path | None = None, evidence: bool = True) -> pd.DataFrame:
    """Add each sentence's stance towards its target.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentences table with ``text``, ``start``, ``speaker``, ``mentions``
        (from :func:`analysis.actors.attribute_speakers`; computed here when
        missing) and ``tone`` (from :mod:`analysis.tone`; 0.0 when missing).
    actors : Actors, path, mapping or None
        The actors (default file when None).
    targets : mapping of doc_id to str, optional
        A user-named target per document; documents not in it get the
        actor-based targets.
    cues : StanceCues, path or None
        The cue file (default ``analysis/data/stance_cues.toml``).
    evidence : bool, default True
        Build ``stance_evidence``; with False it is left empty (faster; every
        other column is the same).

    Returns
    -------
    pandas.DataFrame
        A copy of ``sentences`` with ``stance``, ``stance_target``,
        ``stance_weight``, ``stance_label`` and ``stance_evidence`` (see the
        module docstring), in the input row order.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [1, 2], "paragraph_id": [1, 1],
    ...     "start": [0, 44], "tone": [0.5, -0.4],
    ...     "text": ["Tokayev praised the partnership with China.", "Wang Yi said China did not support it."]})
    >>> out = score_stance(s)
    >>> out[["speaker", "stance_target", "stance_label"]].values.tolist()
    [['Kassym-Jomart Tokayev', 'China', 'positive'], ['Wang Yi', 'Kazakhstan', 'negative']]
    """
    if "text" not in sentences.columns:
        raise ValueError(f"sentences has no 'text' column; it has {list(sentences.columns)}")
    if not isinstance(evidence, bool):
        raise ValueError(f"evidence must be True or False, not {evidence!r}")
    if targets is not None and not isinstance(targets, Mapping):
        raise ValueError(f"targets must be a mapping of doc_id to target name, not {type(targets).__name__}")
    actors = _resolve_actors(actors)
    if cues is None:
        cues = _default_cues()
    elif isinstance(cues, (str, Path)):
        cues = load_stance_cues(cues)
    elif not isinstance(cues, StanceCues):
        raise ValueError(f"cues must be a path or StanceCues, not {type(cues).__name__}")
    frame = sentences
    if "speaker" not in frame.columns or "mentions" not in frame.columns:
        frame = attribute_speakers(frame, actors=actors)
    n = len(frame)
    texts = [t if isinstance(t, str) else "" for t in frame["text"].tolist()]
    starts = _int_list(frame, "start", 0) if "start" in frame.columns else [0] * n
    sent_ids = _int_list(frame, "sent_id", None) if "sent_id" in frame.columns else list(range(n))
    speakers = [s if isinstance(s, str) and s else UNKNOWN for s in frame["speaker"].tolist()]
    raw_mentions = [m if isinstance(m, str) else "" for m in frame["mentions"].tolist()]
    if "tone_pos" in frame.columns and "tone_neg" in frame.columns:  # the balance of the words' valences
        tones = np.nan_to_num(pd.to_numeric(frame["tone_pos"], errors="coerce").to_numpy(dtype=float)
                              - pd.to_numeric(frame["tone_neg"], errors="coerce").to_numpy(dtype=float), nan=0.0)
    elif "tone" in frame.columns:
        tones = np.nan_to_num(pd.to_numeric(frame["tone"], errors="coerce").to_numpy(dtype=float), nan=0.0)
    else:
        tones = np.zeros(n)
    tones = np.clip(tones, -1.0, 1.0)
    targets = dict(targets or {})

    # targets, document by document
    if "doc_id" in frame.columns:
        doc_codes, distinct_docs = _first_seen_codes(frame["doc_id"])
    else:
        doc_codes, distinct_docs = np.zeros(n, dtype=np.int64), [""] if n else []
    order = _reading_order(doc_codes, sent_ids)
    bounds = np.searchsorted(doc_codes[order], np.arange(len(distinct_docs) + 1))
    target = np.full(n, "", dtype=object)
    weight = np.zeros(n)
    spans: list = [()] * n  # the user target's mentions in each sentence
    user_docs = {k for k, doc in enumerate(distinct_docs)
                 if isinstance(targets.get(doc), str) and targets[doc].strip()} if targets else set()
    if user_docs:
        mentions = [m.split(";") if m else [] for m in raw_mentions]
        for k in sorted(user_docs):
            rows = order[bounds[k]:bounds[k + 1]].tolist()
            _user_targets(rows, targets[distinct_docs[k]].strip(), texts, mentions, speakers, actors, target,
                          weight, spans)
    # the other documents' sentences, in that order: their targets all at once
    positions = (np.flatnonzero(~np.isin(doc_codes[order], np.array(sorted(user_docs), dtype=np.int64)))
                 if user_docs else slice(None))
    _actor_targets(order[positions], doc_codes[order][positions], raw_mentions, speakers, actors, texts, sent_ids,
                   _CountryOf(actors), target, weight)

    # cue part, sentence by sentence (one compiled pattern), with the roles of a user target
    notes = [""] * n
    if evidence or any(spans):
        cue_sum = np.zeros(n)
        for i, found in enumerate(cues.find_many(texts)):
            if spans[i]:
                found = sorted(found + cues.find_roles(texts[i], spans[i]))
            if found:
                cue_sum[i] = sum(c[3] for c in found)
                if evidence:
                    base = starts[i]
                    notes[i] = "; ".join(f"{c[2]} [{c[4]} {c[3]:+g}] {base + c[0]}-{base + c[1]}" for c in found)
    else:  # only the sums: bincount adds each sentence's weights one by one in order, as sum() does
        rows, cue_weights = cues.cue_weights(texts)
        cue_sum = np.bincount(np.array(rows, dtype=np.int64), weights=np.array(cue_weights, dtype=float),
                              minlength=n)
    stance = np.clip(CUE_WEIGHT * np.tanh(cue_sum) + TONE_WEIGHT * tones, -1.0, 1.0)
    stance = np.round(stance, 6) + 0.0

    out = frame.copy() if frame is sentences else frame  # attribute_speakers already copied
    out["stance"] = pd.Series(stance, index=out.index, dtype="float64")
    out["stance_target"] = pd.Series(target, index=out.index, dtype="str")
    out["stance_weight"] = pd.Series(weight, index=out.index, dtype="float64")
    # stance_label(stance), as a string column from the labels' codes (faster)
    out["stance_label"] = string_column(_label_codes(stance, NEUTRAL_BAND), _LABEL_NAMES, index=out.index)
    if evidence:
        tone_note = [f"tone {t:+.2f}" if t else "" for t in tones]
        notes = ["; ".join(x for x in (e, t) if x) for e, t in zip(notes, tone_note)]
        out["stance_evidence"] = pd.Series(notes, index=out.index, dtype="str")
    else:
        out["stance_evidence"] = string_column(np.zeros(n, dtype=np.int64), [""], index=out.index)
    return out



def _user_targets(rows, user, texts, mentions, speakers, actors, target, weight, spans) -> None:
    pattern = _target_pattern(user)
    canonical = actors.lookup(user) or (user if user in actors else None)
    carried = False
    for i in rows:
        text = texts[i]
        names = [m.span() for m in pattern.finditer(text)]
        named = bool(names) or (canonical is not None and (canonical in mentions[i] or speakers[i] == canonical))
        if named or (carried and _PRONOUN.search(text)):
            if named:
                target[i], weight[i], carried = user, 1.0, True
            else:
                target[i], weight[i] = user, PRONOUN_WEIGHT
            spans[i] = tuple(sorted(names + [m.span() for m in _PRONOUN.finditer(text)]))
        else:  # a sentence that neither names the target nor refers back ends the chain
            carried = False


# the dateline of a document's first sentence after the title ("NUR-SULTAN. KAZINFORM - ..."): its
# place's country is the narrator's own
_DATELINE = re.compile(r"^\s*([A-Z][A-Z\-' ]{2,30}?)\s*[.,(]")
# speakers whose target is not another side's actor: the narrator (the document's main other party),
# both sides and an unknown speaker (none)
_NO_OWN_SIDE = frozenset({NARRATOR, BOTH_SIDES, UNKNOWN})


def _actor_targets(rows: np.ndarray, docs: np.ndarray, mentions: list[str], speakers: list[str], actors: Actors,
                   texts: list[str], sent_ids: list[int], country_of: Mapping[str, str], target: np.ndarray,
                   weight: np.ndarray) -> None:
    """The actor-based targets (see the module docstring) of the sentences ``rows``, of documents
    without a user target, into ``target`` and ``weight``.

    ``rows`` are grouped by document (``docs``: each one's document number, the groups in any
    order) and in reading order within one; ``mentions`` are the ``;``-separated mentions of each
    row. Done for all documents at once with array operations; the rule, per document:

    * ``ranking``: the countries of the mentioned actors, most mentioned first (ties: first
      mentioned first), with the narrator's country (the country of the place in the dateline of the first sentence
      after the title) moved first;
    * a person or organisation named in the text but not in the actor file is a side of its own
      (it can be a target and a speaker with targets, but is not ranked);
    * the narrator's target is ``ranking[1]`` (else ``ranking[0]``, else none); ``both sides``,
      an unknown speaker or an actor of the file without a country has none;
    * another speaker's target is the first actor the sentence mentions who is not the speaker and
      has a country other than the speaker's; else the speaker's previous target in the document
      (which is, by this rule, the last such actor of the speaker's earlier sentences); else the
      first country of ``ranking`` other than the speaker's.
    """
    m = len(rows)
    if not m:
        return
    rows = np.asarray(rows, dtype=np.int64)
    rows_list = rows.tolist()
    docs = np.asarray(docs, dtype=np.int64)
    said = [mentions[i] for i in rows_list]
    spoken = [speakers[i] for i in rows_list]
    # the mentions, flat, with their sentence (position in rows); an empty mention string has none
    counts = np.array([x.count(";") + 1 if x else 0 for x in said], dtype=np.int64)
    flat = ";".join(x for x in said if x).split(";") if counts.any() else []
    sentence = np.repeat(np.arange(m), counts)
    # names (mentioned or speaking) as numbers, and their countries as numbers (0: none)
    codes, names = pd.factorize(np.array(flat + spoken, dtype=object), sort=False)
    names = names.tolist()
    country_names = [""]
    country_code = {"": 0}
    name_country = np.array([country_code.setdefault(country_of[name], len(country_code)) for name in names],
                            dtype=np.int64)
    # a named actor outside the actor file (a person or organisation the text names) is its own side
    name_side = np.array([c or (country_code.setdefault(name, len(country_code)) if name not in actors
                                and name not in _NO_OWN_SIDE else 0) for c, name in zip(name_country.tolist(), names)],
                         dtype=np.int64)
    country_names += list(country_code)[1:]
    mentioned, speaker = codes[:len(flat)], codes[len(flat):]
    country, own = name_country[mentioned], name_side[speaker]
    # each document's ranking: (document, country) pairs by count, then first mention
    n_countries = len(country_names)
    has = np.flatnonzero(country > 0)
    pairs, first, count = np.unique(docs[sentence[has]] * n_countries + country[has], return_index=True,
                                    return_counts=True)
    pair_doc, pair_country = pairs // n_countries, pairs % n_countries
    best = np.lexsort((first, -count, pair_doc))
    rank = np.arange(len(best)) - np.searchsorted(pair_doc[best], pair_doc[best])  # place in its document
    n_docs = int(docs.max()) + 1
    top = np.zeros((n_docs, 2), dtype=np.int64)  # each document's first two countries (0: none)
    for r in (0, 1):
        at = best[rank == r]
        top[pair_doc[at], r] = pair_country[at]
    # the narrator's country, from the dateline of the first sentence after the title
    home = np.zeros(n_docs, dtype=np.int64)
    body = np.flatnonzero(np.array(sent_ids, dtype=np.int64)[rows] >= 1)
    body_docs, first_body = np.unique(docs[body], return_index=True)
    for k, i in zip(body_docs.tolist(), rows[body[first_body]].tolist()):
        dateline = _DATELINE.match(texts[i])
        place = actors.country_of(actors.lookup_any_case(dateline.group(1)) or "") if dateline else ""
        home[k] = country_code.get(place, 0) if place else 0
    home_ranked = np.zeros(n_docs, dtype=bool)
    if len(pairs):
        key = np.arange(n_docs) * n_countries + home
        at = np.minimum(np.searchsorted(pairs, key), len(pairs) - 1)
        home_ranked = (home > 0) & (pairs[at] == key)
    top0 = np.where(home_ranked, home, top[:, 0])
    top1 = np.where(home_ranked, np.where(top[:, 0] != home, top[:, 0], top[:, 1]), top[:, 1])
    # each sentence's own first actor of another country
    side = name_side[mentioned]
    valid = np.flatnonzero((side > 0) & (side != own[sentence]) & (mentioned != speaker[sentence]))
    with_actor, first_actor = np.unique(sentence[valid], return_index=True)
    direct = np.full(m, -1, dtype=np.int64)
    direct[with_actor] = mentioned[valid[first_actor]]
    # a speaker's last such actor so far in the document: carried forward within (document, speaker)
    special = np.array([s in _NO_OWN_SIDE for s in spoken], dtype=bool) | (own == 0)
    normal = np.flatnonzero(~special)
    group = docs[normal] * len(names) + speaker[normal]
    by_group = np.argsort(group, kind="stable")
    normal, group = normal[by_group], group[by_group]
    latest = np.maximum.accumulate(np.where(direct[normal] >= 0, np.arange(len(normal)), -1))
    carried = np.where((latest >= 0) & (group[np.maximum(latest, 0)] == group),
                       direct[normal[np.maximum(latest, 0)]], -1)
    # else the first ranked country that is not the speaker's own
    doc_normal = docs[normal]
    fallback = np.where(top0[doc_normal] != own[normal], top0[doc_normal], top1[doc_normal])
    names_array = np.array(names + [""], dtype=object)  # [-1]: none
    countries_array = np.array(country_names, dtype=object)  # [0]: none
    chosen = np.full(m, "", dtype=object)
    chosen[normal] = np.where(carried >= 0, names_array[carried], countries_array[fallback])
    narrator = np.flatnonzero(np.array([s == NARRATOR for s in spoken]))
    doc_narrator = docs[narrator]
    chosen[narrator] = countries_array[np.where(top1[doc_narrator] > 0, top1[doc_narrator], top0[doc_narrator])]
    target[rows] = chosen
    weight[rows] = np.array([1.0 if c else 0.0 for c in chosen.tolist()])


def document_stance(sentence_stance: pd.DataFrame, *, documents: pd.DataFrame | None = None,
                    targets: Mapping | None = None) -> pd.DataFrame:
    """One row per document: its stance towards its target.

    A document's stance is ``tanh(sum(w * (stance - NEWS_BASELINE)) /
    sqrt(sum(w)))`` over its sentences, with ``w = stance_weight +``
    :data:`CONTEXT_WEIGHT` (sentences that do not concern the target count
    little), times :data:`TITLE_WEIGHT` for a title (``sent_id`` 0) that
    concerns the target. Its label is ``positive`` above
    ``DOCUMENT_NEUTRAL_BAND[1]`` (0.1), ``negative`` below
    ``DOCUMENT_NEUTRAL_BAND[0]`` (-0.6), else ``neutral``; a document without
    sentences is 0.0, neutral.

    Parameters
    ----------
    sentence_stance : pandas.DataFrame
        The output of :func:`score_stance`.
    documents : pandas.DataFrame, optional
        The documents table: when given, the output has one row per document
        in its order (documents with no sentences are neutral, 0.0).
    targets : mapping of doc_id to str, optional
        The user's target per document, reported as ``stance_target``;
        otherwise the most frequent sentence target (ties: the first).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``stance``, ``stance_label``, ``stance_target``, ``n_sentences``.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [1, 2], "paragraph_id": [1, 1],
    ...     "start": [0, 44], "tone": [0.5, 0.0],
    ...     "text": ["Tokayev praised the partnership with China.", "Trade grew."]})
    >>> document_stance(score_stance(s)).values.tolist()
    [['d', 0.615793, 'positive', 'China', 2]]
    """
    for column in ("doc_id", "stance"):
        if column not in sentence_stance.columns:
            raise ValueError(f"sentence_stance has no {column!r} column; run score_stance first")
    if targets is not None and not isinstance(targets, Mapping):
        raise ValueError(f"targets must be a mapping of doc_id to target name, not {type(targets).__name__}")
    frame = sentence_stance
    stance = np.nan_to_num(pd.to_numeric(frame["stance"], errors="coerce").to_numpy(dtype=float))
    concern = (np.nan_to_num(pd.to_numeric(frame["stance_weight"], errors="coerce").to_numpy(dtype=float))
               if "stance_weight" in frame.columns else np.ones(len(frame)))
    w = concern + CONTEXT_WEIGHT
    if "sent_id" in frame.columns:  # a title (sentence 0) about the target: the article's own summary
        title = (pd.to_numeric(frame["sent_id"], errors="coerce").to_numpy(dtype=float) == 0) & (concern > 0)
        w = np.where(title, TITLE_WEIGHT * w, w)
    stance = stance - NEWS_BASELINE
    codes, docs = _first_seen_codes(frame["doc_id"])  # the documents in order of first appearance
    index = {doc: k for k, doc in enumerate(docs)}
    n_docs = len(docs)
    # bincount adds each document's terms one by one in row order, as a running sum would
    totals = np.bincount(codes, weights=stance * w, minlength=n_docs).tolist()
    weights = np.bincount(codes, weights=w, minlength=n_docs).tolist()
    counts = np.bincount(codes, minlength=n_docs).tolist()
    if "stance_target" in frame.columns:
        main_target = _most_frequent(codes, frame["stance_target"], n_docs)
    else:
        main_target = [""] * n_docs
    order = list(documents["doc_id"]) if documents is not None else list(index)
    if documents is not None and "doc_id" not in documents.columns:
        raise ValueError("documents has no 'doc_id' column")
    values, names, sizes = [], [], []
    for doc in order:
        k = index.get(doc)
        value = round(math.tanh(totals[k] / math.sqrt(weights[k])), 6) if k is not None and weights[k] > 0 else 0.0
        values.append(value + 0.0)
        user = (targets or {}).get(doc)
        if isinstance(user, str) and user.strip():
            names.append(user.strip())
        else:
            names.append(main_target[k] if k is not None else "")
        sizes.append(counts[k] if k is not None else 0)
    labels = stance_label(np.array(values, dtype=float), band=DOCUMENT_NEUTRAL_BAND).tolist()
    rows = list(zip(order, values, labels, names, sizes))
    out = pd.DataFrame(rows, columns=["doc_id", "stance", "stance_label", "stance_target", "n_sentences"])
    return out.astype({"doc_id": "str", "stance": "float64", "stance_label": "str", "stance_target": "str",
                       "n_sentences": "int64"})


def _most_frequent(groups: np.ndarray, names: pd.Series, n_groups: int) -> list[str]:
    """Per group (``groups``: the group of each row), its most frequent non-empty string of
    ``names`` (ties: the one met first); ``""`` for a group with none.

    Examples
    --------
    >>> _most_frequent(np.array([0, 0, 0, 1, 1, 2]), pd.Series(["b", "a", "a", "x", "y", ""]), 4)
    ['a', 'x', '', '']
    """
    if isinstance(names.dtype, pd.StringDtype):
        rows = np.flatnonzero((names.notna() & (names != "")).to_numpy(dtype=bool))
    else:
        rows = np.array([k for k, name in enumerate(names.tolist()) if isinstance(name, str) and name],
                        dtype=np.int64)
    out = [""] * n_groups
    if not len(rows):
        return out
    name_ids, distinct = _first_seen_codes(names.iloc[rows].reset_index(drop=True).astype(str))
    n = len(distinct)
    pairs = groups[rows] * n + name_ids  # (group, name) as one number
    pairs, first, count = np.unique(pairs, return_index=True, return_counts=True)
    group = pairs // n
    best = np.lexsort((first, -count, group))  # by group, then most frequent, then first met
    keep = best[np.r_[True, group[best][1:] != group[best][:-1]]]
    for g, name_id in zip(group[keep].tolist(), (pairs[keep] % n).tolist()):
        out[g] = distinct[name_id]
    return out


def speaker_stance(sentence_stance: pd.DataFrame) -> pd.DataFrame:
    """Mean stance per (speaker, stance_target), over sentences with a target.

    Returns
    -------
    pandas.DataFrame
        ``speaker``, ``stance_target``, ``n_sentences``, ``stance`` (mean),
        ``stance_label``; sorted by ``n_sentences`` (descending), speaker, target.

    Examples
    --------
    >>> s = pd.DataFrame({"speaker": ["A", "A", "B"], "stance_target": ["X", "X", ""],
    ...                   "stance": [0.5, 0.1, -0.4]})
    >>> speaker_stance(s).values.tolist()
    [['A', 'X', 2, 0.3, 'positive']]
    """
    for column in ("speaker", "stance_target", "stance"):
        if column not in sentence_stance.columns:
            raise ValueError(f"sentence_stance has no {column!r} column; run score_stance first")
    frame = sentence_stance[["speaker", "stance_target", "stance"]]
    frame = frame[frame["stance_target"].fillna("").astype(str) != ""]
    grouped = (frame.groupby(["speaker", "stance_target"], sort=True)["stance"]
               .agg(n_sentences="size", stance="mean").reset_index())
    grouped["stance"] = grouped["stance"].round(6)
    grouped["stance_label"] = stance_label(grouped["stance"].to_numpy()) if len(grouped) else pd.Series(dtype="str")
    grouped = grouped.sort_values(["n_sentences", "speaker", "stance_target"], ascending=[False, True, True],
                                  kind="mergesort").reset_index(drop=True)
    return grouped.astype({"speaker": "str", "stance_target": "str", "n_sentences": "int64",
                           "stance": "float64", "stance_label": "str"})
