"""Score the tone (sentiment) of sentences and documents, keeping evidence.

The scorer starts from VADER's lexicon (``vader_lexicon.txt``, shipped inside
the vaderSentiment package; nothing is downloaded; see :mod:`analysis.lexicon`)
and adapts it to news and diplomatic language with a data file,
``analysis/data/tone_lexicon.toml``:
extra words, damped common words, set phrases ("strategic partnership",
"warm greetings", "pressing issues") and the *joint effort against a problem*
pattern ("the fight against the pandemic", "curb the spread"), which reads as
cooperative rather than hostile. It also adds general evaluative words that
news prose uses and VADER lacks ("thrive", "layoffs", "massacre"), regular
inflections of lexicon words, and two markers of criticism in editorial
prose: negators carry a small negative valence of their own, and "too"
before a word ("too little") marks excess.

VADER's rules are kept, but applied to all sentences at once with array
operations rather than word by word: the words of the texts come from the
suite's word index (:class:`analysis.words.Words`, built once per chunk and
shared with the topics), each looked up in a fixed vocabulary, and negation ("not good", "no progress",
"never supported": a negator within three words of the same clause flips and
damps a valence by -0.74), intensifiers ("very", "extremely" add, "slightly",
"kind of" subtract), capitals for emphasis, "least", the contrast "X, but Y"
(before ``but`` x0.5, after x1.5) and ``!`` emphasis are shifts and masks over
the token arrays. A sentence's valence sum ``s`` becomes its tone
``s / sqrt(s**2 + alpha)`` in [-1, 1].

Tables produced here:

* **sentence tone** (:func:`score_tone`): the sentences table plus ``tone``
  (-1..1), ``tone_pos`` and ``tone_neg`` (0..1, the positive and negative
  shares of the sentence's words, weighted by intensity as in VADER) and
  ``tone_evidence`` (``word [+rule] start-end`` items joined by ``; ``, with
  offsets into the document text).
* **document tone** (:func:`document_tone`): one row per document with
  ``tone``, ``tone_pos`` and ``tone_neg``: the means of its sentences'
  values weighted by their number of words.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .estimators import Transformer, check_fitted
from .lexicon import (MAX_PHRASE, TONE_LEXICON_PATH, check_lexicon, is_number, load_tone_lexicon, phrase_words,
                      vader_lexicon)
from .text import string_column, with_columns
from .words import MARKS, Words, check_index, count_words

__all__ = [
    "tone_columns",
    "ToneScorer",
    "score_tone",
    "document_tone",
    "load_tone_lexicon",
    "count_words",
    "TONE_LEXICON_PATH",
    "TONE_COLUMNS",
]

#: The columns :func:`score_tone` adds.
TONE_COLUMNS = ["tone", "tone_pos", "tone_neg", "tone_evidence"]

# VADER's empirically derived constants (Hutto & Gilbert 2014).
B_INCR = 0.293
B_DECR = -0.293
C_INCR = 0.733
N_SCALAR = -0.74
EP_AMPLIFIER = 0.292
QM_AMPLIFIER = 0.18

NEGATORS = frozenset(
    """aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't
    didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't
    haven't isn't mightn't mustn't neednt needn't never none nope nor not nothing nowhere
    oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't wasn't weren't without
    wont wouldnt won't wouldn't rarely seldom despite no nobody""".split()
)
BOOSTERS = {
    **dict.fromkeys(
        """absolutely amazingly awfully completely considerable considerably decidedly deeply
        enormous enormously entirely especially exceptional exceptionally extreme extremely
        fabulously fully greatly highly hugely incredible incredibly intensely major majorly
        more most particularly purely quite really remarkably so substantially thoroughly total
        totally tremendous tremendously unbelievably unusually utter utterly very""".split(),
        B_INCR,
    ),
    **dict.fromkeys(
        """almost barely hardly kinda kindof less little marginal marginally occasional
        occasionally partly scarce scarcely slight slightly somewhat sorta sortof""".split(),
        B_DECR,
    ),
}
#: Two-word dampeners; the second word acts as the booster ("kind of good").
BOOSTER_BIGRAMS = {("kind", "of"): B_DECR, ("sort", "of"): B_DECR, ("just", "enough"): B_DECR}
#: VADER's special cases and idioms (phrases of lexicon words with their own valence).
IDIOMS = {
    "kiss of death": -1.5, "yeah right": -2.0, "to die for": 3.0, "beating heart": 3.5,
    "cut the mustard": 2.0, "hand to mouth": -2.0, "back handed": -2.0, "blow smoke": -2.0,
    "blowing smoke": -2.0, "upper hand": 1.0, "break a leg": 2.0, "cooking with gas": 2.0,
    "in the black": 2.0, "in the red": -2.0, "on the ball": 2.0, "under the weather": -2.0,
    "no doubt": 0.0, "without doubt": 0.0, "bus stop": 0.0,
}
#: Contrast words: the clause after the first of them weighs more ("X, but Y").
CONTRAST = frozenset({"but", "however", "yet"})
#: "too" before a word ("too little", "too late") marks excess, a criticism.
EXCESS_VALENCE = -0.8
#: Tokens that end a clause: negation and intensifiers do not reach across them.
BREAKS = frozenset({".", ",", ";", ":", "!", "?", "\u2013", "\u2014", "but", "however"})

# Tokens are those of the suite's word index (analysis.words): words, lower-cased without
# apostrophes ("don't" -> "dont", as in VADER's negator list), and the clause marks.
_PUNCT_SET = frozenset(MARKS)


# evidence rule bits
_LEX, _NEG, _INC, _DEC, _BEFORE, _AFTER, _CAPS, _LEAST, _EFFORT, _EXCESS = (1 << k for k in range(10))
_RULE_NAMES = [(_NEG, "negated"), (_LEAST, "least"), (_INC, "intensified"), (_DEC, "dampened"),
               (_CAPS, "capitals"), (_BEFORE, "before but"), (_AFTER, "after but")]


def _one_form(entry: str) -> str | None:
    """The form of a lexicon entry that is one token of the word index (None otherwise)."""
    words = Words([entry])
    return words.forms[words.form[0]] if len(words) == 1 else None


def _inflections(valence: Mapping[str, float]) -> dict[str, float]:
    """Regular inflections of lexicon words (4+ letters), with the word's valence.

    VADER lists many words in one form only ("thrive" but not "thrives");
    plural, third person, past, gerund and "-ly" forms inherit the valence
    unless the lexicon lists them itself.

    Examples
    --------
    >>> sorted(_inflections({"praise": 2.0}))
    ['praised', 'praises', 'praising']
    >>> sorted(_inflections({"worry": -1.9}))
    ['worried', 'worries', 'worrily', 'worrying']
    """
    out: dict[str, float] = {}
    for word, value in valence.items():
        if len(word) < 4 or not word.isalpha() or word in BOOSTERS or word in NEGATORS:
            continue
        forms = []
        if word.endswith("e"):
            forms += [word + "s", word + "d", word[:-1] + "ing"]
        elif word.endswith("y") and word[-2] not in "aeiou":
            forms += [word[:-1] + "ies", word[:-1] + "ied", word + "ing", word[:-1] + "ily"]
        elif word.endswith(("s", "x", "z", "ch", "sh")):
            forms += [word + "es", word + "ed", word + "ing"]
        else:
            forms += [word + "s", word + "ed", word + "ing"]
        if word.endswith(("ful", "ous", "ive", "ent", "ant", "less", "ic", "al")):
            forms.append(word + ("ally" if word.endswith("ic") else "ly"))
        for form in forms:
            out.setdefault(form, value)
    return {f: v for f, v in out.items() if f not in valence}


class ToneScorer(Transformer):
    """Score the tone of texts with VADER's lexicon and rules, adapted to news.

    ``transform`` maps an iterable of strings to an array of shape
    ``(n_texts, 3)``: the tone in [-1, 1], and the positive and negative
    shares in [0, 1]. All texts are scored together with array operations.

    Parameters
    ----------
    lexicon : str, Path, mapping or None
        The news adaptations: a TOML file like ``analysis/data/tone_lexicon.toml``,
        an already parsed mapping of the same tables, or None for the default
        file. Use ``{}`` for VADER's lexicon alone.
    alpha : float, default 15.0
        Normalisation constant: a valence sum ``s`` maps to ``s / sqrt(s**2 + alpha)``
        (as in VADER).
    length_exponent : float, default 0.75
        The valence sum is divided by ``(n_words / 10) ** length_exponent`` for
        sentences longer than 10 words, so that one charged word weighs less
        in a long sentence (0 turns this off).
    negative_weight : float, default 1.5
        Factor on negative valences (news readers weigh bad news more).
    but_weights : tuple of two floats, default (0.5, 1.5)
        Factors on the valences before and after a contrasting ``but``.
    negation_scalar : float, default -0.74
        Factor applied to a valence for each negator within three words.
    inflections : bool, default True
        Give regular inflections of lexicon words ("thrives", "worried") the
        valence of the listed form when the lexicon lacks them.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Every word the scorer knows, with its id.
    valence_ : numpy.ndarray
        Valence per word id (VADER's, with the lexicon's words and damping).
    phrases_ : dict of int to (codes, valences, classes, first-word flags)
        The phrases of each length, as sorted word-id codes.
    rules_ : list of str
        The phrase classes' rule names (for evidence), then the effort rule.

    Examples
    --------
    >>> scorer = ToneScorer().fit()
    >>> scorer.get_feature_names_out().tolist()
    ['tone', 'tone_pos', 'tone_neg']
    >>> tone = scorer.transform(["The talks were good.", "The talks were not good.", ""])[:, 0]
    >>> bool(tone[0] > 0 > tone[1]), float(tone[2])
    (True, 0.0)
    """

    def __init__(self, *, lexicon=None, alpha: float = 15.0, length_exponent: float = 0.75,
                 negative_weight: float = 1.5, but_weights=(0.5, 1.5), negation_scalar: float = N_SCALAR,
                 inflections: bool = True):
        self.lexicon = lexicon
        self.alpha = alpha
        self.length_exponent = length_exponent
        self.negative_weight = negative_weight
        self.but_weights = but_weights
        self.negation_scalar = negation_scalar
        self.inflections = inflections

    # ------------------------------------------------------------------ fit
    def _check_params(self) -> None:
        if not is_number(self.alpha) or not self.alpha > 0:
            raise ValueError(f"alpha must be a positive number, not {self.alpha!r}")
        if not is_number(self.length_exponent) or not 0 <= self.length_exponent <= 1:
            raise ValueError(f"length_exponent must be a number in [0, 1], not {self.length_exponent!r}")
        if not is_number(self.negative_weight) or not self.negative_weight > 0:
            raise ValueError(f"negative_weight must be a positive number, not {self.negative_weight!r}")
        if (not isinstance(self.but_weights, (tuple, list)) or len(self.but_weights) != 2
                or not all(is_number(w) and w >= 0 for w in self.but_weights)):
            raise ValueError(f"but_weights must be two non-negative numbers, not {self.but_weights!r}")
        if not isinstance(self.inflections, bool):
            raise ValueError(f"inflections must be True or False, not {self.inflections!r}")
        if not is_number(self.negation_scalar) or not -1 <= self.negation_scalar <= 0:
            raise ValueError(f"negation_scalar must be a number in [-1, 0], not {self.negation_scalar!r}")

    def fit(self, X=None, y=None):
        """Build the vocabulary and word tables; ``X`` and ``y`` are ignored."""
        self._check_params()
        if self.lexicon is None or isinstance(self.lexicon, (str, Path)):
            adapt = load_tone_lexicon(self.lexicon)
        elif isinstance(self.lexicon, Mapping):
            adapt = check_lexicon(self.lexicon, "<mapping>")
        else:
            raise ValueError(f"lexicon must be a path, a mapping or None, not {type(self.lexicon).__name__}")
        valence = vader_lexicon()
        valence.update(adapt["words"])
        for word, factor in adapt["damped"].items():
            if word in valence:
                valence[word] *= factor
        effort = adapt["effort_against_problem"]
        phrase_items = []  # (words, valence, class index)
        rules = []
        for k, spec in enumerate(adapt["phrases"].values()):
            rules.append(spec["rule"])
            phrase_items += [(tuple(p.split(" ")), v, k) for p, v in spec["terms"].items()]
        phrase_items += [(phrase_words(p), v, len(rules)) for p, v in IDIOMS.items()]
        rules.append("idiom")
        rules.append(effort.get("rule", "news: joint effort against a problem"))

        # a lexicon entry counts when it is one word (an ASCII word of letters and digits is its own form)
        valence = {key: v for w, v in valence.items()
                   if (key := w if w.isascii() and w.isalnum() else _one_form(w)) is not None}
        if self.inflections:
            for form, value in _inflections(valence).items():
                valence.setdefault(form, value)
        words = set(valence) | {w.replace("'", "") for w in NEGATORS} | set(BOOSTERS) | BREAKS | CONTRAST
        words |= {"least", "at", "very", "only", "too"} | _PUNCT_SET
        words |= {w for pair in BOOSTER_BIGRAMS for w in pair}
        words |= {w for p, _, _ in phrase_items for w in p}
        words |= set(effort.get("efforts", [])) | set(effort.get("problems", []))
        vocab = sorted(words)
        index = {w: i for i, w in enumerate(vocab)}
        n = len(vocab) + 1  # the last id stands for every unknown token

        def table(mapping, dtype=float):
            out = np.zeros(n, dtype=dtype)
            out[[index[w] for w in mapping]] = list(mapping.values())
            return out

        def flags(words_):
            return table(dict.fromkeys(words_, True), dtype=bool)

        self.vocabulary_ = index
        self.valence_ = table(valence)
        self.booster_ = table(BOOSTERS)
        self.negator_ = flags({w.replace("'", "") for w in NEGATORS})
        self.break_ = flags(BREAKS)
        self.contrast_ = flags(CONTRAST)
        self.is_word_ = ~flags(_PUNCT_SET)
        self.effort_ = flags(effort.get("efforts", []))
        self.problem_ = flags(effort.get("problems", []))
        self.effort_rule_ = effort or None
        self.ids_ = {w: index[w] for w in ("!", "?", "least", "at", "very", "only", "too")}
        self.booster_bigrams_ = {self._code([index[a], index[b]]): v
                                 for (a, b), v in BOOSTER_BIGRAMS.items()}
        phrases = {}
        for length in range(1, MAX_PHRASE + 1):
            items = [(self._code([index[w] for w in p]), v, k) for p, v, k in phrase_items if len(p) == length]
            if items:
                items.sort()
                codes, vals, classes = zip(*items)
                first_word = np.zeros(n, dtype=bool)
                first_word[[index[p[0]] for p, _, _ in phrase_items if len(p) == length]] = True
                phrases[length] = (np.array(codes, dtype=np.int64), np.array(vals), np.array(classes), first_word)
        self.phrases_ = phrases
        self.rules_ = rules
        return self

    def _code(self, ids) -> int:
        code = 0
        base = len(self.vocabulary_) + 1
        for i in ids:
            code = code * base + int(i)
        return code

    def _check_fitted(self) -> None:
        """Raise :class:`~sklearn.exceptions.NotFittedError` before :meth:`fit` (never fit silently)."""
        check_fitted(self, "valence_")

    # ------------------------------------------------------------ scoring
    def _score(self, texts: list[str], *, words: Words | None = None) -> dict:
        """Token-level scoring of all texts at once (the vectorised core); ``words`` is the
        texts' word index, when already built."""
        n_texts = len(texts)
        unknown = len(self.vocabulary_)
        tokens = words if words is not None else Words(texts)
        ids = tokens.ids(self.vocabulary_, default=unknown)
        m = len(tokens)
        sent = tokens.text_of
        idx = np.arange(m)
        # a clause ends at a break word and at the end of a text
        breaks = self.break_[ids]
        breaks[1:] |= sent[1:] != sent[:-1]
        seg = np.cumsum(breaks)
        rule = np.zeros(m, dtype=np.int64)
        span_end = idx.copy()  # last token of the span a valence stands for
        klass = np.full(m, -1, dtype=np.int64)

        v = self.valence_[ids]  # (indexing makes new arrays)
        rule[v != 0] = _LEX
        booster = self.booster_[ids]
        base = unknown + 1

        # two-word dampeners ("kind of"): the second word carries the booster
        if m > 1 and self.booster_bigrams_:
            # the places of the bigrams' second words, then the codes of the bigrams there
            seconds = sorted({code % base for code in self.booster_bigrams_})
            after = np.flatnonzero(np.isin(ids[1:], seconds))
            after = after[sent[after] == sent[after + 1]]
            code2 = ids[after] * base + ids[after + 1]
            for code, value in self.booster_bigrams_.items():
                hit = after[code2 == code]
                v[hit] = 0.0
                rule[hit] = 0
                booster[hit + 1] = value

        # phrases, longest first; a phrase's valence sits on its first word
        covered = np.zeros(m, dtype=bool)
        for length in sorted(self.phrases_, reverse=True):
            if length > m:
                continue
            codes, vals, classes, first_word = self.phrases_[length]
            cand = np.flatnonzero(first_word[ids[: m - length + 1]])  # where a phrase may start
            c = ids[cand]
            for k in range(1, length):
                c = c * base + ids[cand + k]
            pos = np.searchsorted(codes, c)
            pos[pos >= len(codes)] = 0
            hit = (codes[pos] == c) & (sent[cand] == sent[cand + length - 1])
            if not hit.any():
                continue
            where, pos = cand[hit], pos[hit]
            # no word of the match may be covered by a longer phrase
            free = np.ones(len(where), dtype=bool)
            for k in range(length):
                free &= ~covered[where + k]
            where, pos = where[free], pos[free]
            # overlapping matches of the same length: keep the earlier one
            if len(where) > 1:
                keep = np.ones(len(where), dtype=bool)
                last_end = -1
                for j, w in enumerate(where.tolist()):  # only over matches, not tokens
                    if w <= last_end:
                        keep[j] = False
                    else:
                        last_end = w + length - 1
                where, pos = where[keep], pos[keep]
            # the matches' words (the matches do not overlap)
            span = (where[:, None] + np.arange(length)).ravel()
            v[span] = 0.0
            rule[span] = 0
            covered[span] = True
            v[where] = vals[pos]
            klass[where] = classes[pos]
            span_end[where] = where + length - 1

        # joint effort against a problem: remove hostility from the span
        if self.effort_rule_ and m:
            window = self.effort_rule_["window"]
            eff = self.effort_[ids] & ~covered
            eff_pos = np.flatnonzero(eff)
            if len(eff_pos):
                new_chain = np.ones(len(eff_pos), dtype=bool)
                new_chain[1:] = ((np.diff(eff_pos) > window)
                                 | (seg[eff_pos[1:]] != seg[eff_pos[:-1]]))
                chain_start = np.maximum.accumulate(np.where(new_chain, eff_pos, 0))
                # each problem word after an effort word: the last effort word before it
                prob = np.flatnonzero(self.problem_[ids])
                prob = prob[~eff[prob]]
                last = np.searchsorted(eff_pos, prob, side="right") - 1
                prob, last = prob[last >= 0], last[last >= 0]
                le = eff_pos[last]
                ok = (prob - le <= window) & (seg[prob] == seg[le])
                prob, le, last = prob[ok], le[ok], last[ok]
                if len(prob):
                    s0 = chain_start[last]
                    # the negative words inside any span s0..prob (s0 does not decrease)
                    neg = np.flatnonzero(v < 0)
                    k = np.searchsorted(s0, neg, side="right") - 1
                    inside = (k >= 0) & (np.maximum.accumulate(prob)[np.maximum(k, 0)] >= neg)
                    neg_in_span = neg[inside]
                    v[neg_in_span] = 0.0
                    rule[neg_in_span] = 0
                    klass[neg_in_span] = -1
                    heads = np.unique(s0)
                    v[heads] = self.effort_rule_["valence"]
                    rule[heads] = _EFFORT
                    klass[heads] = len(self.rules_) - 1
                    np.maximum.at(span_end, s0, prob)

        # "too" before a word of the same clause: excess ("too little, too late")
        if m:
            excess = np.flatnonzero(ids == self.ids_["too"])
            next_break = np.ones(len(excess), dtype=bool)
            inner = excess < m - 1
            next_break[inner] = breaks[excess[inner] + 1]
            excess = excess[~next_break & (v[excess] == 0)]
            v[excess] = EXCESS_VALENCE
            rule[excess] = _EXCESS

        # negation, "least", intensifiers, capitals and contrast act on the
        # valenced words only: gather their neighbours by index
        pos = np.flatnonzero(v != 0)
        val = v[pos]
        sign = np.sign(val)

        def emphasis(upper: np.ndarray, sentence: np.ndarray) -> np.ndarray:
            """Capitals are emphasis in a text not all in capitals: ``upper`` and-ed with
            that, tested for the texts of the upper-case words only."""
            at = np.flatnonzero(upper)
            upper[at] = [not texts[k].isupper() for k in sentence[at].tolist()]
            return upper

        n_words = tokens.n_words().astype(float)
        boost = np.zeros(len(pos))
        neg_count = np.zeros(len(pos), dtype=np.int64)
        lex_word = self.valence_ != 0
        only = self.ids_["only"]
        seg_pos = seg[pos]
        for d, damp in ((1, 1.0), (2, 0.95), (3, 0.9)):
            j = pos - d
            ok = j >= 0
            j = np.where(ok, j, 0)
            same = ok & (seg[j] == seg_pos)
            jid = ids[j]
            b = np.where(same & ~lex_word[jid], booster[j], 0.0)
            hit = np.flatnonzero(b != 0)
            if len(hit):
                upper = emphasis(tokens.isupper(j[hit]), sent[pos[hit]])
                b[hit] = (b[hit] + np.sign(b[hit]) * C_INCR * upper) * damp
            boost += b
            # a negator counts unless "not only"
            following = ids[np.minimum(j + 1, max(m - 1, 0))]
            neg_count += (same & self.negator_[jid] & (following != only)).astype(np.int64)
        caps = np.zeros(len(pos), dtype=bool)
        if len(pos):
            caps = emphasis(tokens.isupper(pos), sent[pos]) & (klass[pos] < 0)
        val = val + sign * (C_INCR * caps + boost)
        rules = rule[pos]
        rules[boost * sign > 0] |= _INC
        rules[boost * sign < 0] |= _DEC
        rules[caps] |= _CAPS
        negated = neg_count > 0
        val = np.where(negated, val * self.negation_scalar ** neg_count, val)
        rules[negated] |= _NEG
        prev1 = ids[np.maximum(pos - 1, 0)]
        prev2 = ids[np.maximum(pos - 2, 0)]
        sent_pos = sent[pos]
        least = ((pos >= 1) & (prev1 == self.ids_["least"]) & (sent[np.maximum(pos - 1, 0)] == sent_pos)
                 & ~((pos >= 2) & np.isin(prev2, [self.ids_["at"], self.ids_["very"]])
                     & (sent[np.maximum(pos - 2, 0)] == sent_pos)))
        val = np.where(least, val * self.negation_scalar, val)
        rules[least] |= _LEAST
        val = np.where(val < 0, val * self.negative_weight, val)

        # contrast: the first "but" of a sentence splits it
        contrast = np.flatnonzero(self.contrast_[ids])
        first_but = np.full(n_texts, m, dtype=np.int64)
        np.minimum.at(first_but, sent[contrast], contrast)
        fb = first_but[sent[pos]]
        before_but = (fb < m) & (pos < fb)
        after_but = (fb < m) & (pos > fb)
        w_before, w_after = self.but_weights
        val = np.where(before_but, val * w_before, np.where(after_but, val * w_after, val))
        rules[before_but] |= _BEFORE
        rules[after_but] |= _AFTER
        v[pos] = val
        rule[pos] = rules

        return {"sent": sent, "v": v, "rule": rule, "klass": klass,
                "span_end": span_end, "ids": ids, "n_words": n_words, "n": n_texts,
                "tokens": tokens, "seg": seg}

    def _aggregate(self, core: dict) -> np.ndarray:
        """``(tone, tone_pos, tone_neg)`` of each text from the token valences of :meth:`_score`.

        The sums run over the tokens with a valence only (adding zeros changes no sum).
        """
        n, v, ids = core["n"], core["v"], core["ids"]
        nz = np.flatnonzero(v != 0)
        sent, val = core["sent"][nz], v[nz]
        total = np.bincount(sent, weights=val, minlength=n)
        excl = np.flatnonzero(ids == self.ids_["!"])
        n_excl = np.minimum(np.bincount(core["sent"][excl], minlength=n), 4).astype(float)
        qmarks = np.flatnonzero(ids == self.ids_["?"])
        n_qm = np.bincount(core["sent"][qmarks], minlength=n).astype(float)
        qm = np.where(n_qm > 3, 0.96, np.where(n_qm > 1, n_qm * QM_AMPLIFIER, 0.0))
        punct = n_excl * EP_AMPLIFIER + qm
        # "!" emphasises the sentence's direction; alone it reads as enthusiasm
        total = total + np.where(total == 0, n_excl * EP_AMPLIFIER, np.sign(total) * punct)
        n_words = core["n_words"]
        if self.length_exponent:
            total = total / np.maximum(n_words / 10.0, 1.0) ** self.length_exponent
        tone = total / np.sqrt(total * total + self.alpha)
        pos_sum = np.bincount(sent, weights=np.where(val > 0, val + 1, 0.0), minlength=n)
        neg_sum = np.bincount(sent, weights=np.where(val < 0, 1 - val, 0.0), minlength=n)
        # the words without a valence
        neutral = n_words - np.bincount(sent, weights=self.is_word_[ids[nz]], minlength=n)
        pos_sum = pos_sum + np.where(pos_sum > neg_sum, punct, 0.0)
        neg_sum = neg_sum + np.where(neg_sum > pos_sum, punct, 0.0)
        denom = pos_sum + neg_sum + neutral
        share_pos = np.divide(pos_sum, denom, out=np.zeros(n), where=denom > 0)
        share_neg = np.divide(neg_sum, denom, out=np.zeros(n), where=denom > 0)
        return np.column_stack([np.clip(tone, -1.0, 1.0), share_pos, share_neg])

    def transform(self, X) -> np.ndarray:
        """Return ``(tone, tone_pos, tone_neg)`` for each text, shape ``(n_texts, 3)``.

        Texts that are not strings, empty or without words score 0.
        """
        self._check_fitted()
        texts = [x if isinstance(x, str) else "" for x in X]
        return self._aggregate(self._score(texts))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The output columns: ``tone``, ``tone_pos``, ``tone_neg``."""
        return np.asarray(["tone", "tone_pos", "tone_neg"], dtype=object)

    def _evidence_items(self, core: dict, texts: list[str]) -> list[tuple[int, str, str, int, int, float]]:
        """``(text index, word, rule, start, end, valence)`` for every token that moved a score."""
        show = np.flatnonzero((core["v"] != 0) | (core["klass"] >= 0))
        if not len(show):
            return []
        sent = core["sent"][show].tolist()
        last = core["span_end"][show]
        rule = core["rule"][show].tolist()
        klass = core["klass"][show].tolist()
        values = core["v"][show].tolist()
        negator = self.negator_[core["ids"][show]].tolist()
        tokens = core["tokens"]
        text_starts = tokens.text_starts[core["sent"][show]]
        starts = (tokens.starts[show] - text_starts).tolist()
        ends = (tokens.ends[last] - text_starts).tolist()
        rule_names = self.rules_
        items = []
        for k, r, c, val, neg, a, b in zip(sent, rule, klass, values, negator, starts, ends):
            if c >= 0:
                names = [rule_names[c]]
            elif r & _LEX:
                names = ["negation marker" if neg else "lexicon"]
            else:
                names = ["excess (too)"] if r & _EXCESS else []
            if r & ~(_LEX | _EXCESS | _EFFORT):
                names += [name for bit, name in _RULE_NAMES if r & bit]
            items.append((k, texts[k][a:b], ", ".join(names), a, b, val))
        return items

    def evidence(self, text: str) -> list[tuple[str, str, int, int, float]]:
        """The words and rules that moved the tone of ``text``.

        Returns ``(word, rule, start, end, valence)`` tuples in text order:
        ``word`` is the scored word or phrase as written, ``rule`` names the
        rules applied (``lexicon``, a phrase class such as ``news: diplomatic
        courtesy``, ``news: joint effort against a problem``, then any of
        ``negated``, ``least``, ``intensified``, ``dampened``, ``capitals``,
        ``before but``, ``after but``), ``start``/``end`` are offsets into
        ``text`` and ``valence`` is the word's contribution to the sum.

        Examples
        --------
        >>> for item in ToneScorer().fit().evidence("Not good, but a very warm welcome."):
        ...     print(item)
        ('Not', 'negation marker, before but', 0, 3, -0.45)
        ('good', 'lexicon, negated, before but', 4, 8, -1.0545)
        ('warm welcome', 'news: diplomatic courtesy, intensified, after but', 21, 33, 3.7395)
        """
        self._check_fitted()
        text = text if isinstance(text, str) else ""
        core = self._score([text])
        return [(w, r, a, b, round(val, 4)) for _, w, r, a, b, val in self._evidence_items(core, [text])]


def score_tone(sentences: pd.DataFrame, *, scorer: ToneScorer | None = None, evidence: bool = True,
               index: Words | None = None) -> pd.DataFrame:
    """Add the tone of each sentence to a copy of the sentences table.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentences table; needs ``text``, and ``start`` (the sentence's
        offset in its document) for document offsets in the evidence.
    scorer : ToneScorer, optional
        A fitted scorer (default: ``ToneScorer().fit()``, the default lexicon).
    evidence : bool, default True
        Build the ``tone_evidence`` strings; ``False`` leaves them empty
        (faster, for document-level output). The scores are the same.
    index : Words, optional
        The word index of the sentences' texts, when the caller has built it
        (the pipeline builds it once for every stage).

    Returns
    -------
    pandas.DataFrame
        A copy of ``sentences`` with ``tone`` (float, -1..1), ``tone_pos`` and
        ``tone_neg`` (0..1) and ``tone_evidence`` (``word [+rule] start-end``
        items joined by ``; ``, offsets into the document text; empty when
        nothing moved the score).

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [1, 2], "start": [0, 22],
    ...                   "text": ["The sides met warmly.", "Talks were not easy."]})
    >>> out = score_tone(s)
    >>> out["tone"].round(3).tolist()
    [0.402, -0.614]
    >>> out["tone_evidence"].tolist()
    ['warmly [+lexicon] 14-20', 'not [-negation marker] 33-36; easy [-lexicon, negated] 37-41']
    >>> score_tone(s, evidence=False)["tone_evidence"].tolist()
    ['', '']
    """
    return with_columns(sentences, tone_columns(sentences, scorer=scorer, evidence=evidence, index=index))


def tone_columns(sentences: pd.DataFrame, *, scorer: ToneScorer | None = None, evidence: bool = True,
                 index: Words | None = None) -> pd.DataFrame:
    """The columns that :func:`score_tone` adds, alone, on the index of ``sentences`` (the tone
    stage's output: the pipeline assembles the frame once).

    Examples
    --------
    >>> tone_columns(pd.DataFrame({"text": ["The sides met warmly."]})).columns.tolist()
    ['tone', 'tone_pos', 'tone_neg', 'tone_evidence']
    """
    if scorer is None:
        scorer = ToneScorer().fit()
    elif not isinstance(scorer, ToneScorer):
        raise ValueError(f"scorer must be a ToneScorer, not {type(scorer).__name__}")
    if "text" not in sentences.columns:
        raise ValueError(f"sentences has no 'text' column; it has {list(sentences.columns)}")
    if not isinstance(evidence, bool):
        raise ValueError(f"evidence must be True or False, not {evidence!r}")
    texts = [x if isinstance(x, str) else "" for x in sentences["text"].tolist()]
    check_index(index, texts)
    scorer._check_fitted()
    core = scorer._score(texts, words=index)
    values = scorer._aggregate(core)
    out = pd.DataFrame(index=sentences.index)
    out["tone"] = values[:, 0]
    out["tone_pos"] = values[:, 1]
    out["tone_neg"] = values[:, 2]
    if not evidence:
        out["tone_evidence"] = string_column(np.zeros(len(texts), dtype=np.int64), [""], index=out.index)
        return out
    offsets = (sentences["start"].to_numpy(dtype=np.int64) if "start" in sentences.columns
               else np.zeros(len(sentences), dtype=np.int64))
    items = [[] for _ in texts]
    for k, word, rule, a, b, val in scorer._evidence_items(core, texts):
        sign = "+" if val > 0 else "-" if val < 0 else "±"
        items[k].append(f"{word} [{sign}{rule}] {offsets[k] + a}-{offsets[k] + b}")
    out["tone_evidence"] = pd.Series(["; ".join(e) for e in items], index=out.index, dtype="str")
    return out


def document_tone(sentence_tone: pd.DataFrame, *, documents: pd.DataFrame | None = None,
                  words=None) -> pd.DataFrame:
    """Aggregate sentence tone into one row per document.

    A document's ``tone`` (and ``tone_pos``, ``tone_neg``) is the mean of its
    sentences' values weighted by their number of word tokens, so a long
    sentence counts more than a short one.

    Parameters
    ----------
    sentence_tone : pandas.DataFrame
        The output of :func:`score_tone` (``doc_id``, ``text``, ``tone``,
        ``tone_pos``, ``tone_neg``).
    documents : pandas.DataFrame, optional
        The documents table: every document appears in the output, in its
        order; one without sentences (or words) gets 0.0.
    words : array of int, optional
        The number of words of each sentence, when already known (as
        :meth:`analysis.words.Words.n_words` counts them; otherwise
        :func:`~analysis.words.count_words` counts them here).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``tone``, ``tone_pos``, ``tone_neg``, one row per document
        (in order of first appearance when ``documents`` is not given).

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a", "a"], "text": ["Good.", "It was a long day."],
    ...                   "tone": [0.6, -0.1], "tone_pos": [1.0, 0.0], "tone_neg": [0.0, 0.2]})
    >>> document_tone(s)["tone"].round(4).tolist()  # (0.6 * 1 - 0.1 * 5) / 6
    [0.0167]
    """
    missing = [c for c in ("doc_id", "text", "tone", "tone_pos", "tone_neg") if c not in sentence_tone.columns]
    if missing:
        raise ValueError(f"sentence_tone lacks the columns {missing}; run score_tone first")
    columns = ["tone", "tone_pos", "tone_neg"]
    if words is None:
        words = count_words(sentence_tone["text"].tolist())
    elif len(words) != len(sentence_tone):
        raise ValueError(f"words has {len(words)} values for {len(sentence_tone)} sentences")
    weights = np.asarray(words).astype(float)
    values = sentence_tone[columns].to_numpy(dtype=float)
    frame = pd.DataFrame(values * weights[:, None], columns=columns)
    frame["_w"] = weights
    frame["doc_id"] = sentence_tone["doc_id"].to_numpy()
    sums = frame.groupby("doc_id", sort=False)[columns + ["_w"]].sum()
    order = sentence_tone["doc_id"].drop_duplicates().tolist()
    if documents is not None:
        if "doc_id" not in documents.columns:
            raise ValueError("documents has no 'doc_id' column")
        order = documents["doc_id"].tolist()
    sums = sums.reindex(order, fill_value=0.0)
    w = sums["_w"].to_numpy()
    out = {"doc_id": pd.Series([str(d) for d in order], dtype="str")}
    for column in columns:
        out[column] = np.divide(sums[column].to_numpy(), w, out=np.zeros(len(order)), where=w > 0)
    return pd.DataFrame(out)
