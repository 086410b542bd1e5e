"""Stance cues: the words of support and criticism, and where they are in a sentence.

The cue file (``analysis/data/stance_cues.toml``; :func:`load_stance_cues`)
holds classes of verbs, nouns and phrases modelled on CAMEO's
cooperation-conflict scale (praise, support, appeal; disapprove, reject,
threaten, coerce), each with a signed weight; the negation words, whose cue
counts with the opposite sign, scaled ("did not support", "refused to
cooperate"); exceptions, phrases skipped as a whole ("not only", "fire
brigade"); and the ``[roles.*]`` tables of what happens to a target or what it
does (accused, victim, achiever). :class:`StanceCues` compiles them once and
finds them in the sentences of a word index (:mod:`analysis.words`);
:mod:`analysis.stance` turns what it finds into stances.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path
from typing import Mapping

import numpy as np

from .config import PACKAGE_DATA_DIR, read_toml
from .estimators import Estimator, not_fitted
from .text import plural_forms, trie_regex
from .words import Phrases, Words, forms_of

__all__ = ["StanceCues", "load_stance_cues", "default_cues", "STANCE_CUES_PATH"]

#: The default cue file.
STANCE_CUES_PATH = PACKAGE_DATA_DIR / "stance_cues.toml"

# between a target mention and a role word: an auxiliary and up to two adverbs ("was later", "has been")
_ROLE_GAP = (r"(?:(?:is|was|were|are|be|been|being|has|have|had|got|gets|get|has\s+been|had\s+been|have\s+been)\s+)?"
             r"(?:(?:\w+ly|also|not|later|then|now|since|just|again|ever|never|once|already)\s+){0,2}")


class StanceCues(Estimator):
    """Stance cue classes, their negation and the roles of a target, compiled for finding.

    It follows scikit-learn's estimator contract: ``__init__`` stores the
    classes and options as given, :meth:`fit` compiles them (nothing is
    learnt from data) and the ``find`` methods raise
    :class:`sklearn.exceptions.NotFittedError` before it.
    :func:`load_stance_cues` reads a cue file and returns a fitted one.

    Parameters
    ----------
    classes : mapping of str to (float, list of str, list of str)
        Each class's signed weight in [-1, 1], its verbs (matched with their
        -s, -ed and -ing forms) and its terms (with their plurals). A form in
        two classes belongs to the first.
    negation_words : sequence of str
        Words that negate a cue when one of them ends at most ``window - 1``
        words before it ("did not support"); with any of them, "n't" negates
        too.
    exceptions : sequence of str
        Phrases that start at the negation and undo it ("not only").
    factor : float, default 0.8
        A negated cue counts ``-factor`` times its weight.
    window : int, default 3
        See ``negation_words``.
    ignore : sequence of str
        Phrases matched as a whole (the longest match wins) and then skipped
        ("fight against the virus" is no cue of coercion).
    roles : mapping of str to (float, list of str, list of str), optional
        Each role's weight and the words that give it right after a mention of
        the target and right before one (see :meth:`find_roles`).
    path : str, default "<cues>"
        Where the cues come from, for messages.

    Attributes
    ----------
    weights_ : dict of str to (str, float)
        Each matchable form -> (class name, signed weight); an ignore phrase
        has the class ``ignore`` and weight 0.
    phrases_ : analysis.words.Phrases
        Every form as a phrase of the word index.
    roles_ : dict of str to float
        Each role's weight.

    Examples
    --------
    >>> cues = load_stance_cues()
    >>> [(c[2], c[3]) for c in cues.find("They did not support the plan but welcomed talks.")]
    [('support', -0.32), ('welcomed', 1.0), ('talks', 0.3)]
    >>> StanceCues({"praise": (1.0, ["praise"], [])}).find("x")
    Traceback (most recent call last):
    ...
    sklearn.exceptions.NotFittedError: This StanceCues instance is not fitted yet. Call 'fit' first ...
    """

    def __init__(self, classes: Mapping[str, tuple[float, list[str], list[str]]], *, negation_words=(),
                 exceptions=(), factor: float = 0.8, window: int = 3, ignore=(),
                 roles: Mapping[str, tuple[float, list[str], list[str]]] | None = None, path: str = "<cues>"):
        self.classes = classes
        self.negation_words = negation_words
        self.exceptions = exceptions
        self.factor = factor
        self.window = window
        self.ignore = ignore
        self.roles = roles
        self.path = path

    def fit(self, X=None, y=None) -> "StanceCues":
        """Compile the cues; ``X`` and ``y`` are ignored."""
        if isinstance(self.factor, bool) or not isinstance(self.factor, (int, float)) or not self.factor >= 0:
            raise ValueError(f"factor must be a non-negative number, not {self.factor!r}")
        if isinstance(self.window, bool) or not isinstance(self.window, int) or self.window < 0:
            raise ValueError(f"window must be a non-negative whole number, not {self.window!r}")
        weights: dict[str, tuple[str, float]] = {}
        for phrase in self.ignore:
            weights[" ".join(_KEY_SPLIT.split(phrase.lower().strip()))] = ("ignore", 0.0)
        for name, (weight, verbs, terms) in self.classes.items():
            for form in [f for v in verbs for f in _verb_forms(v)] + [f for t in terms for f in _term_forms(t)]:
                weights.setdefault(form, (name, float(weight)))
        self.weights_ = weights
        # the forms as phrases of the word index: phrase k counts as info[k] (None: an ignore phrase)
        phrases: dict[str, tuple | None] = {}
        for key, forms in zip(weights, forms_of(list(weights))):
            cls, weight = weights[key]
            if forms:
                phrases.setdefault(" ".join(forms), None if not weight else (
                    cls, weight, "not " + cls, round(-self.factor * weight, 4), key.startswith(_REFUSALS)))
        self.phrases_ = Phrases(list(phrases))
        self._info = list(phrases.values())
        # the negation phrases ("n't" is found as the end of a word, see _negation_ends)
        negations = [" ".join(f) for f in forms_of(list(self.negation_words))]
        self._negations = Phrases([n for n in negations if n not in ("", "nt")]) if self.negation_words else None
        self._exceptions = Phrases([" ".join(f) for f in forms_of(list(self.exceptions)) if f])
        self._between = re.compile(r"\s+(?:[\w'\u2019\-]+\s+){0,%d}" % max(self.window - 1, 0))
        # roles: words right after the target ("[he] was accused") or right before it ("accused [him]")
        self.roles_: dict[str, float] = {}
        after: dict[str, str] = {}
        before: dict[str, str] = {}
        for name, (weight, after_words, before_words) in (self.roles or {}).items():
            self.roles_[name] = float(weight)
            for w in after_words:
                after.setdefault(" ".join(w.lower().split()), name)
            for w in before_words:
                before.setdefault(" ".join(w.lower().split()), name)
        self._role_after, self._role_before = after, before
        self._role_after_pattern = (
            re.compile(r"(?i)^(?:['’]s)?\s+" + _ROLE_GAP + "(" + trie_regex(after) + r")(?![\w-])") if after else None)
        self._role_before_pattern = (
            re.compile(r"(?i)(?<![\w-])(" + trie_regex(before) + r")\s+$") if before else None)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            raise not_fitted(self, "first (load_stance_cues returns fitted cues)")

    def _find_all(self, texts: list[str], cues: bool, index: Words | None = None
                  ) -> tuple[list[int], list[float], list[tuple]]:
        r"""The cues of the texts, in text order: each one's text index, effective weight and (with
        ``cues``) its tuple as :meth:`find` gives it (``index``: the texts' word index, when built).

        A cue is a run of consecutive words whose forms are a cue form (:attr:`phrases_`), its
        words separated by white space or hyphens only, and not glued by a hyphen or ``_`` to the
        word before or after it. At each word the longest cue that starts there counts, then the
        search goes on after it. A cue is negated when a negation word ends at most ``window - 1``
        words before it (a word: letters, apostrophes and hyphens between white space; no clause
        mark nor other character between them), within the 40 characters before it in its text,
        unless an exception phrase lies between the farthest such negation and the cue's end; a
        refusal followed by "to" ("refused to") is no cue itself but negates the next.
        """
        self._check_fitted()
        words = index if index is not None else Words(texts)
        first, last, which = self.phrases_.find(words)
        rows: list[int] = []
        weights: list[float] = []
        found: list[tuple] = []
        if not len(first):
            return rows, weights, found
        order = np.lexsort((-last, first))  # at each word, the longest cue first
        first, last, which = first[order].tolist(), last[order].tolist(), which[order].tolist()
        text, starts, ends = words.text, words.starts, words.ends
        text_of, text_starts = words.text_of, words.text_starts
        negation_ends = self._negation_ends(words)
        exceptions = self._exceptions.find(words)
        lengths = np.diff(np.append(text_starts, len(text) + 1)) - 1  # each text's length
        info, to_next, glued = self._info, _TO_NEXT.match, _GLUED
        done = -1  # the end of the last match: matches do not overlap
        for j, f in enumerate(first):
            start = int(starts[f])
            if start < done or (j and first[j - 1] == f) or (start and text[start - 1] in glued):
                continue
            for c in range(j, len(first)):  # the candidates that start at this word, longest first
                if first[c] != f:
                    break
                end = int(ends[last[c]])
                if (end < len(text) and text[end] in glued) or not all(
                        _CUE_GAP.fullmatch(text, ends[t], starts[t + 1]) for t in range(f, last[c])):
                    continue
                done = end
                cue = info[which[c]]
                if cue is None:
                    break  # an ignore phrase: no cue, and none inside it
                cls, weight, not_cls, not_weight, refusal = cue
                row = int(text_of[f])
                base = int(text_starts[row])
                if refusal and to_next(text, end, base + lengths[row]):
                    break  # "refused to" negates the next cue instead
                negation = self._negation_before(words, f, start, base, negation_ends)
                if negation is not None and not self._excepted(words, exceptions, negation, end):
                    cls, weight = not_cls, not_weight
                rows.append(row)
                weights.append(weight)
                if cues:
                    found.append((start - base, end - base, text[start:end], weight, cls))
                break
        return rows, weights, found

    def _negation_ends(self, words: Words) -> tuple[list[int], dict[int, list[int]]]:
        """The negations of ``words``: the tokens they end at (sorted) and, for each, where the
        negations that end there start (a negation phrase, its words separated by white space and
        not glued to a word or an apostrophe before it; or the "n't" of a word)."""
        out: dict[int, list[int]] = {}
        if self._negations is None:
            return [], out
        text, starts, ends = words.text, words.starts, words.ends
        first, last, _ = self._negations.find(words)
        for f, t, start in zip(first.tolist(), last.tolist(), starts[first].tolist()):
            if start and (text[start - 1] in _NEGATION_GLUED or text[start - 1].isalnum()):
                continue
            if t > f and not all(_SPACES.fullmatch(text, ends[k], starts[k + 1]) for k in range(f, t)):
                continue
            out.setdefault(t, []).append(start)
        nt = np.array([m.end() for m in _NT.finditer(text)], dtype=np.int64)  # the ends of "n't"
        if len(nt) and len(ends):
            at = np.minimum(np.searchsorted(ends, nt), len(ends) - 1)
            for t, end in zip(at[ends[at] == nt].tolist(), nt[ends[at] == nt].tolist()):
                out.setdefault(t, []).append(end - 3)  # a word's "n't"
        return sorted(out), out

    def _negation_before(self, words: Words, f: int, start: int, base: int, negations) -> int | None:
        """Where the farthest negation of the cue at token ``f`` starts (None: not negated): one that
        starts in the 40 characters before the cue, in its text, with only white space and at most
        ``window - 1`` words of letters, apostrophes and hyphens between it and the cue."""
        tokens, starts_of = negations
        if not tokens:
            return None
        lowest = max(base, start - 40)
        text, ends = words.text, words.ends
        best = None
        k = bisect_left(tokens, f) - 1
        while k >= 0 and ends[tokens[k]] > lowest:
            p = int(tokens[k])
            if self._between.fullmatch(text, ends[p], start):
                for n in starts_of[p]:
                    if n >= lowest and (best is None or n < best):
                        best = n
            k -= 1
        return best

    @staticmethod
    def _excepted(words: Words, exceptions, negation: int, end: int) -> bool:
        """Whether an exception phrase (of ``exceptions``, the phrases found) lies between a
        negation's start and the cue's end."""
        first, last, _ = exceptions
        if not len(first):
            return False
        text = words.text
        inside = (words.starts[first] >= negation) & (words.ends[last] <= end)
        return any(all(_SPACES.fullmatch(text, words.ends[k], words.starts[k + 1]) for k in range(f, t))
                   for f, t in zip(first[inside].tolist(), last[inside].tolist()))

    def find(self, text: str) -> list[tuple[int, int, str, float, str]]:
        """Cues of ``text`` as ``(start, end, surface, effective weight, class)``; a negated cue has
        the class ``not CLASS`` (for many texts, :meth:`find_many` is much faster)."""
        return self.find_many([text])[0]

    def find_many(self, texts: list[str], *, index: Words | None = None
                  ) -> list[list[tuple[int, int, str, float, str]]]:
        """:meth:`find` for each of many texts, in one pass over all of them (``index``: their
        word index, when already built)."""
        rows, _, found = self._find_all(texts, cues=True, index=index)
        out: list[list] = [[] for _ in texts]
        for i, cue in zip(rows, found):
            out[i].append(cue)
        return out

    def cue_weights(self, texts: list[str], *, index: Words | None = None) -> tuple[list[int], list[float]]:
        """The effective weights of the cues :meth:`find_many` finds, as flat lists: the index
        of each cue's text (ascending) and its weight, in the order of :meth:`find_many`
        (no list per text, no tuple per cue: faster when only the weights count).

        Examples
        --------
        >>> load_stance_cues().cue_weights(["They did not support it.", "", "We welcomed the talks."])
        ([0, 2, 2], [-0.32, 1.0, 0.3])
        """
        rows, weights, _ = self._find_all(texts, cues=False, index=index)
        return rows, weights

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
        self._check_fitted()
        found: dict[int, tuple[int, int, str, float, str]] = {}
        for start, end in spans:
            m = self._role_after_pattern and self._role_after_pattern.match(text[end:end + 80])
            if m:
                a, b = end + m.start(1), end + m.end(1)
                name = self._role_after.get(" ".join(m.group(1).lower().split()))
                if name and a not in found:
                    found[a] = (a, b, text[a:b], self.roles_[name], "role " + name)
            m = self._role_before_pattern and self._role_before_pattern.search(text[max(0, start - 60):start])
            if m:
                a = max(0, start - 60) + m.start(1)
                b = a + len(m.group(1))
                name = self._role_before.get(" ".join(m.group(1).lower().split()))
                if name and a not in found:
                    found[a] = (a, b, text[a:b], self.roles_[name], "role " + name)
        return [found[k] for k in sorted(found)]


_KEY_SPLIT = re.compile(r"[\s\-]+")
_TO_NEXT = re.compile(r"\s+to\b")
# the words of a cue are separated by white space or hyphens; a cue is not glued to a word by these
_CUE_GAP = re.compile(r"[\s\-]+")
_GLUED = frozenset("-_")
_NT = re.compile(r"[nN]['\u2019][tT]")
_SPACES = re.compile(r"\s+")
_NEGATION_GLUED = frozenset("_'\u2019")
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
    >>> cues.weights_["condemned"], cues.weights_["partnerships"]
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
                      roles=roles, path=str(path)).fit()


_DEFAULT_CUES: StanceCues | None = None


def default_cues() -> StanceCues:
    """The cues of the default file (:data:`STANCE_CUES_PATH`), read once."""
    global _DEFAULT_CUES
    if _DEFAULT_CUES is None:
        _DEFAULT_CUES = load_stance_cues()
    return _DEFAULT_CUES
