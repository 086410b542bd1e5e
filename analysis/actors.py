"""The actors: the actor file and the :class:`Actors` estimator that finds their aliases and roles.

Any capitalised name in the text can be an actor (see :mod:`analysis.names`). The actor file
(``analysis/data/actors.toml`` by default, see its header for the format) adds what the text
alone does not say: canonical names and aliases, for countries demonyms and capitals, so that
"Chinese", "Beijing" and "People's Republic of China" are all mentions of ``China``, and *roles*
("Head of State", "President") that refer to a person only in context.

:meth:`Actors.find_words` tries the big pattern of the aliases and roles only where its matches
can start: at the words of the chunk's :class:`~analysis.words.Words` index (the one index every
stage reads) that are the first word of an alias or role, in any case (:class:`LeadWords`,
:func:`word_matches`), and at the places inside words where the index's tokens do not start
(:meth:`~analysis.words.Words.inner_starts`); the speaker stage does the same for its speech
verbs. The pattern is the judge; the index only says where to try it. Also here: the speakers
that are no actor (:data:`NARRATOR`, :data:`BOTH_SIDES`, :data:`UNKNOWN`) and the reading order of
a sentences table (:func:`reading_order`, :func:`first_seen_codes`, :func:`int_list`), which
:mod:`analysis.speakers` and :mod:`analysis.stance` share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .config import ACTORS_PATH, read_toml
from .estimators import Estimator, not_fitted
from .text import trie_regex
from .words import APOSTROPHES, Words

__all__ = [
    "Actor",
    "Actors",
    "ActorsError",
    "load_actors",
    "actors_from_dict",
    "NARRATOR",
    "BOTH_SIDES",
    "UNKNOWN",
    "SEP",
    "LeadWords",
    "word_matches",
    "trie_regex",
    "ci_trie",
    "resolve_actors",
    "first_seen_codes",
    "reading_order",
    "int_list",
]

#: The speaker of a sentence in no one else's voice: the author.
NARRATOR = "narrator"
#: The speaker of a statement of "the sides", "both sides", "the parties".
BOTH_SIDES = "both sides"
#: An unnamed speaker ("an official said"), or a pronoun with nobody to refer to.
UNKNOWN = "unknown"

_SECTIONS = {"people": "person", "countries": "country", "organisations": "organisation"}
_FIELDS = {
    "people": {"country", "aliases", "roles"},
    "countries": {"aliases", "demonyms", "capitals"},
    "organisations": {"aliases", "country"},
}

#: Joins the sentences of a table for one pass of a pattern over all of them. No pattern used on
#: the join matches it, nor tells it from the start or end of a text in a look-around (it is no
#: word character, no white space, no letter): each text gets the matches it gets alone, even a
#: text that holds the separator (the texts are told apart by their lengths).
SEP = "\x00"


# ----------------------------------------------------------------------------- where to try a pattern
# (see the module docstring: each big pattern is tried at the words of the chunk's Words index
# that are the first word of one of its keys, and at the index's inner starts)

#: Lower-case letters that an ignore-case pattern matches with one another although they differ,
#: each mapped to one of them, and the combining dot of "i̇" (the lower case of "İ", which such a
#: pattern matches with "i") dropped: :func:`_fold` of a word's lower case (checked in the tests).
_FOLD = {0x307: None, **str.maketrans(
    "\u0131\u017f\u03bc\u0345\u1fbe\u1fd3\u03d0\u03f5\u03d1\u03f0\u03d6\u03f1\u03c2"
    "\u03d5\u1fe3\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1c88\u1e9b\ufb06",
    "is\u00b5\u03b9\u03b9\u0390\u03b2\u03b5\u03b8\u03ba\u03c0\u03c1\u03c3"
    "\u03c6\u03b0\u0432\u0434\u043e\u0441\u0442\u0442\u044a\u0463\ua64b\u1e61\ufb05")}


def _fold(form: str) -> str:
    """A lower-case word as an ignore-case pattern sees it: two characters that such a pattern
    matches with one another have the same fold of their lower case.

    Examples
    --------
    >>> _fold("i̇stanbul"), _fold("ſides"), _fold("china")
    ('istanbul', 'sides', 'china')
    """
    return form if form.isascii() else form.translate(_FOLD)


def _lead(key: str) -> tuple[int, str, bool, int] | None:
    """Where a match of ``key`` (a key of a pattern: the text it matches, in any case) meets the
    words of a :class:`~analysis.words.Words` index: ``(lead, word, alone, after)``: the match
    starts ``lead`` characters before a word whose folded form (:func:`_fold`) is ``word``, the
    fold of the key's first word; for a first word with an apostrophe, ``word`` is the fold up
    to it and the apostrophe (the text's word begins with it, see :class:`LeadWords`). ``alone``
    says that the key is that word alone, without an apostrophe (the match then ends inside the
    text's word, or where it ends); ``after`` is where the key's first word ends. None when the
    key has no word, or white space before it.

    Each character of a match has the kind (letter, digit or mark; apostrophe; clause mark;
    other) of the key's character there, and the same fold (checked in the tests): a word of the
    key that follows a character that is not part of a word is a word of the text there, unless
    a joiner is before it (see :meth:`~analysis.words.Words.inner_starts`). The text's word holds
    the characters of the key's word up to its first apostrophe, and no more unless it holds a
    joiner (:meth:`~analysis.words.Words.joined`): a character after them that is part of a word
    is a letter or digit (no ``\\w`` may follow a key that ends there) or a joiner.

    Examples
    --------
    >>> _lead("'s-Hertogenbosch"), _lead("İstanbul"), _lead("People's Republic"), _lead("Xi'an")
    ((1, 's', False, 2), (0, 'istanbul', True, 8), (0, 'people', False, 6), (0, "xi'", False, 5))
    """
    words = Words([key])
    at = np.flatnonzero(~words.is_mark)
    if not len(at):
        return None
    start, end = int(words.starts[at[0]]), int(words.ends[at[0]])
    if any(c.isspace() for c in key[:start]):
        return None
    word = key[start:end]
    cut = min((i for i in map(word.find, APOSTROPHES) if i >= 0), default=len(word))
    folded = _fold(word[:cut].lower()) + ("'" if cut < len(word) else "")
    return start, folded, start == 0 and end == len(key) and cut == len(word), end


def _begin(pattern: re.Pattern, folds: list[str]) -> np.ndarray:
    """Which of ``folds`` begin with a match of ``pattern`` (a line break, then a word)."""
    out = np.zeros(len(folds), dtype=bool)
    if folds:
        joined = "\n" + "\n".join(folds)  # fold k is the line after the line break at line_starts[k]
        line_starts = np.cumsum([0] + [len(f) + 1 for f in folds[:-1]])
        out[np.searchsorted(line_starts, [m.start() for m in pattern.finditer(joined)])] = True
    return out


class LeadWords:
    """Named sets of words (folded, see :func:`_lead`) looked for in the words of a
    :class:`~analysis.words.Words` index: :meth:`masks` gives each word the bits (:attr:`bit`) of
    the sets that hold its folded form (:func:`_fold`), or a beginning of it when the word
    holds a joiner (:meth:`~analysis.words.Words.joined`). A word of a set that ends with an
    apostrophe stands for every word that begins with the rest.

    Examples
    --------
    >>> sets = LeadWords({"verbs": ["said", "told"], "the": ["the"], "xi": ["xi'"]})
    >>> index = Words(["The minister SAID, the others told Therese; said\\u0301 Xi, Xian, Xi'an"])
    >>> sets.masks(index, np.flatnonzero(~index.is_mark)).tolist(), sets.bit
    ([2, 0, 1, 2, 0, 1, 0, 1, 4, 4, 4], {'verbs': 1, 'the': 2, 'xi': 4})
    """

    def __init__(self, sets: Mapping[object, Iterable[str]]):
        self.bit = {name: 1 << i for i, name in enumerate(sets)}
        self._exact: dict[str, int] = {}
        self._begins, self._cut = [], []  # (bit, pattern): any word of a set, the words with an apostrophe
        for name, words in sets.items():
            words = set(words)
            for word in words:
                if not word.endswith("'"):
                    self._exact[word] = self._exact.get(word, 0) | self.bit[name]
            for group, kept in ((self._begins, words), (self._cut, {w for w in words if w.endswith("'")})):
                if kept:
                    keys = sorted({w.rstrip("'") for w in kept})
                    group.append((self.bit[name], re.compile("\n(?:" + trie_regex(keys, space=" ") + ")")))

    def masks(self, index: Words, words: np.ndarray) -> np.ndarray:
        """The bits of the sets that hold each of the tokens ``words`` of ``index`` (0: none)."""
        folds = list(map(_fold, index.forms))
        exact = self._exact
        bits = np.fromiter((exact.get(f, 0) for f in folds), dtype=np.int64, count=len(folds))
        for bit, pattern in self._cut:
            bits[_begin(pattern, folds)] |= bit
        forms = index.form[words]
        out = bits[forms]
        joined = np.flatnonzero(index.joined()[words])
        if len(joined):  # its form may hold more than the key's word: a beginning of it
            distinct = np.unique(forms[joined])
            begins = np.zeros(len(distinct), dtype=np.int64)
            for bit, pattern in self._begins:
                begins[_begin(pattern, [folds[k] for k in distinct.tolist()])] |= bit
            out[joined] = begins[np.searchsorted(distinct, forms[joined])]
        return out


def word_matches(pattern: re.Pattern, text: str, sizes: list[int], finish, places: list[int] | None,
                 ends: list[int] = (), bare: list[bool] = ()) -> list[list[tuple]]:
    r"""The matches of ``pattern`` in ``text``, the texts of lengths ``sizes`` joined by
    :data:`SEP`, for each text: ``(start, end, *finish(lastgroup, group))``
    with offsets in that text (``finish`` is called once for each group name and text).

    They are the matches of ``pattern.finditer(text)``, but the pattern is tried only at
    ``places`` (sorted, maybe twice; every match starts at one), or everywhere when None. The
    pattern must not match the empty string.

    ``ends[i]`` is where the word (of a :class:`~analysis.words.Words` index) at ``places[i]``
    ends, and ``bare[i]`` says that only a key of the pattern that is one word alone, without an
    apostrophe, can match there (see :func:`_lead`). Such a match ends where the word does or
    before, and the pattern's look-behind and look-ahead look at most one character before the
    match and two after it: at a bare place, the pattern is tried on that window of the text
    (``text[pos - 1:end + 2]``, from position 1), once for each distinct window (a text repeats
    few: " said ", " China,"). At the other places, it is tried on the text.

    Examples
    --------
    >>> texts = ["He said", "Yes, said Ann.", ""]
    >>> said = re.compile(r"(?<!\w)(?:said|Ann)(?!\w)")
    >>> word_matches(said, SEP.join(texts), [7, 14, 0], lambda group, text: (text,),
    ...               [3, 13, 18], [7, 17, 21], [True, True, False])
    [[(3, 7, 'said')], [(5, 9, 'said'), (10, 13, 'Ann')], []]
    """
    out: list[list] = [[] for _ in sizes]
    if not sizes:
        return out
    if places is None:
        found: Iterable = ((m.start(), m, False) for m in pattern.finditer(text))
    else:
        found = zip(places, ends, bare)
    known: dict[str, tuple | None] = {}  # window -> (the match's length, its finish) or None
    tails: dict[tuple, tuple] = {}  # (lastgroup, group) -> finish(lastgroup, group)
    match = pattern.match
    last = 0  # where the next match may start
    k, offset, stop = 0, 0, sizes[0]  # text k is text[offset:stop]
    for pos, end, easy in found:
        if pos < last:
            continue
        if easy:
            # at the start of the text, the separator stands for "no character before"
            window = text[pos - 1:end + 2] if pos else SEP + text[:end + 2]
            hit = known.get(window, False)
            if hit is False:
                m = match(window, 1)
                if m is None:
                    hit = None
                else:
                    key = (m.lastgroup, m.group())
                    tail = tails.get(key)
                    if tail is None:
                        tail = tails[key] = finish(*key)
                    hit = (m.end() - 1, tail)
                known[window] = hit
            if hit is None:
                last = pos + 1
                continue
            last = pos + hit[0]
            tail = hit[1]
        else:
            m = end if places is None else match(text, pos)  # (from finditer: ``end`` is the match)
            if m is None:
                last = pos + 1
                continue
            last = m.end()
            key = (m.lastgroup, m.group())
            tail = tails.get(key)
            if tail is None:
                tail = tails[key] = finish(*key)
        while pos > stop:  # no match spans the separator
            k += 1
            offset = stop + 1
            stop = offset + sizes[k]
        out[k].append((pos - offset, last - offset) + tail)
    return out


#: ASCII letters that a case-insensitive pattern matches with a non-ASCII character too ("İıſK").
_ODD_LETTERS = "IKSiks"


def ci_trie(keys, *, space: str = r"\s+") -> str:
    """``(?i:trie_regex(keys))``, matching the same, but with the first letter of each branch as a
    case-sensitive class (``[cC]``) where that is the same set: ``re`` then skips the branches
    whose first letter does not match without entering them, which an ignore-case literal does not.

    Examples
    --------
    >>> ci_trie(["the sides", "ties", "iran"])
    '(?:(?i:i)(?i:ran)|[tT](?i:(?:he\\\\s+sides|ies)))'
    """
    keys = list(keys)
    if any(not key for key in keys):  # an empty key: keep the plain form
        return f"(?i:{trie_regex(keys, space=space)})"
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(key[0], []).append(key[1:])
    if not groups:
        return "(?!)"
    branches = []
    for char in sorted(groups):
        rests = [r for r in groups[char] if r]
        rest = f"(?i:{trie_regex(rests, space=space)})" if rests else ""
        if rest and len(rests) < len(groups[char]):  # the one-letter key: the rest is optional
            rest = f"(?:{rest})?"
        if char.isascii() and char.isalpha() and char not in _ODD_LETTERS:
            head = f"[{char.lower()}{char.upper()}]"
        else:
            head = space if char == " " else f"(?i:{re.escape(char)})"
        branches.append(head + rest)
    return "(?:" + "|".join(branches) + ")"


class ActorsError(ValueError):
    """An invalid actor file; the message names the file, the actor and the field."""


@dataclass(frozen=True)
class Actor:
    """One actor: canonical name, kind, country and the words that refer to it."""

    name: str
    kind: str  # person | country | organisation
    country: str = ""
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


def _is_multiword(alias: str) -> bool:
    return bool(re.search(r"\s", alias.strip()))


#: The attributes that :meth:`Actors.fit` sets (before it, reading them raises NotFittedError).
_FITTED_ATTRIBUTES = frozenset({"actors_", "pattern_", "_by_name", "_exact", "_folded", "_roles", "_any_case", "_multi",
                                "_word_sets"})


class Actors(Estimator):
    """An ordered collection of actors, compiled by :meth:`fit` into one pattern for all aliases
    and roles (scikit-learn's estimator contract: ``__init__`` stores, ``fit`` compiles; the
    other methods raise ``sklearn.exceptions.NotFittedError`` before ``fit``).
    :func:`load_actors` and :func:`actors_from_dict` return it fitted.

    Parameters
    ----------
    actors : sequence of Actor
    path : str
        Where the actors came from (for messages).

    Attributes
    ----------
    actors_ : tuple of Actor
        The actors, in order.
    pattern_ : re.Pattern
        Every alias (group ``alias``) and role after "the" (group ``role``) as a whole word.

    Raises
    ------
    ActorsError
        From :meth:`fit`, when an alias belongs to two actors.

    Examples
    --------
    >>> actors = Actors([Actor("Freedonia", "country", aliases=("Freedonia", "Freedonian"))]).fit()
    >>> actors.lookup("Freedonian"), actors.find("Freedonian troops left.")
    ('Freedonia', [(0, 10, 'Freedonia', 'alias')])
    >>> Actors([]).lookup("Freedonia")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sklearn.exceptions.NotFittedError: This Actors instance is not fitted yet. Call 'fit' ...
    """

    def __init__(self, actors: Iterable[Actor] = (), *, path: str = "<actors>"):
        self.actors = actors
        self.path = path

    def fit(self, X=None, y=None) -> "Actors":
        """Compile the actors' aliases and roles; ``X`` and ``y`` are ignored. Returns self."""
        actors_ = tuple(self.actors)
        path = str(self.path)
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        roles: dict[str, list[str]] = {}
        any_case: dict[str, str] = {}
        for actor in actors_:
            for alias in actor.aliases:
                alias = " ".join(alias.split())
                table, key = (folded, alias.casefold()) if _is_multiword(alias) else (exact, alias)
                owner = table.get(key)
                if owner is not None and owner != actor.name:
                    raise ActorsError(f"{path}: actor {actor.name!r}, field 'aliases': "
                                      f"{alias!r} is already an alias of {owner!r}")
                table[key] = actor.name
                any_case.setdefault(alias.casefold(), actor.name)
            for role in actor.roles:
                roles.setdefault(" ".join(role.split()).casefold(), []).append(actor.name)
        # several words (any case) first: at one place they are longer than a one-word alias
        multi = {a.casefold() for a in folded}
        parts = []
        if exact or multi:
            alias = "|".join(p for p in (ci_trie(multi) if multi else "",
                                         trie_regex(exact) if exact else "") if p)
            parts.append(f"(?P<alias>{alias})")
        if roles:
            # a role right before a capitalised word or "of" is a title ("the President of Mali")
            parts.append(r"(?P<role>(?i:the\s+" + trie_regex(roles) + r"))(?!\w|\s+(?:[A-Z]|of\b))")
        self.actors_ = actors_
        self._by_name = {a.name: a for a in actors_}
        self._exact, self._folded, self._roles, self._any_case = exact, folded, roles, any_case
        self._multi = multi
        # word boundaries, but a hyphen separates ("Kazakh-Chinese") and "Xi'an" is not "Xi"
        self.pattern_ = re.compile(r"(?<!\w)(?:" + ("|".join(parts) or "(?!)") + r")(?!\w|['’][a-rt-z])")
        self._word_sets = _word_sets(self)  # the words to look for (see find_words)
        return self

    def __getattr__(self, name: str):
        # only called for an attribute that is not set (so the fitted methods pay nothing for the
        # check): before fit, the fitted ones, with scikit-learn's message of check_is_fitted
        if name in _FITTED_ATTRIBUTES:
            raise not_fitted(self)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.actors_]

    def __len__(self) -> int:
        return len(self.actors_)

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Actor:
        return self._by_name[name]

    def get(self, name: str) -> Actor | None:
        return self._by_name.get(name)

    def country_of(self, name: str) -> str:
        """The country of an actor (a country is its own; '' when unknown)."""
        actor = self._by_name.get(name)
        if actor is None:
            return ""
        return actor.name if actor.kind == "country" else actor.country

    def lookup(self, alias: str) -> str | None:
        """The canonical name an alias refers to, or None."""
        alias = " ".join(alias.split())
        return self._exact.get(alias) or self._folded.get(alias.casefold())

    def lookup_any_case(self, alias: str) -> str | None:
        """Like :meth:`lookup`, ignoring case also for one-word aliases ("NUR-SULTAN")."""
        return self.lookup(alias) or self._any_case.get(" ".join(alias.split()).casefold())

    def role_holders(self, role: str) -> list[str]:
        """The people who hold a role (``'The President'`` or ``'President'``)."""
        role = re.sub(r"(?i)^the\s+", "", " ".join(role.split())).casefold()
        return list(self._roles.get(role, []))

    def find(self, text: str) -> list[tuple[int, int, str | None, str]]:
        """All alias and role matches of ``text`` as ``(start, end, name, kind)``: the matches of
        :attr:`pattern_`.

        ``kind`` is ``'alias'`` (``name`` is the canonical name) or ``'role'``
        (``name`` is None: roles are resolved by :func:`analysis.speakers.attribute_speakers`).
        A role right before a capitalised word or "of" (a title: "the President
        of Mali", "the President Barack Obama") is not reported.

        Examples
        --------
        >>> [(m[2], m[3]) for m in load_actors().find("Chinese President Xi Jinping met Kazakh officials.")]
        [('Xi Jinping', 'alias'), ('Xi Jinping', 'alias'), ('Kazakhstan', 'alias')]
        """
        return self.find_many([text])[0]

    def find_many(self, texts: list[str]) -> list[list[tuple[int, int, str | None, str]]]:
        """:meth:`find` for each of ``texts`` (one pass over all of them).

        Examples
        --------
        >>> load_actors().find_many(["Wang Yi met Tokayev.", "", "Beijing"])
        [[(0, 7, 'Wang Yi', 'alias'), (12, 19, 'Kassym-Jomart Tokayev', 'alias')], [], [(0, 7, 'China', 'alias')]]
        """
        joined = SEP.join(texts)
        found = self.find_words(joined, [len(t) for t in texts], Words(texts))
        return [[m[:4] for m in matches] for matches in found]

    def find_words(self, joined: str, sizes: list[int], index: Words) -> list[list[tuple]]:
        """The matches of :attr:`pattern_` in each of the texts of lengths ``sizes`` joined by
        :data:`SEP` (``joined``; ``index`` is the :class:`~analysis.words.Words` index of the
        texts), as ``(start, end, name, kind, surface)``: those of :meth:`find`, each with its
        text. The pattern is tried only at the words its matches can start with
        (:meth:`_word_plan`) and at the index's inner starts, or everywhere when the actors have
        no word plan.

        Examples
        --------
        >>> actors, texts = load_actors(), ["Wang Yi met Tokayev.", "Beijing"]
        >>> actors.find_words(SEP.join(texts), [len(t) for t in texts], Words(texts))[1]
        [(0, 7, 'China', 'alias', 'Beijing')]
        """
        sets = self._word_sets
        bit = sets.bit
        if "first" not in bit:  # the alias pattern everywhere
            return word_matches(self.pattern_, joined, sizes, self._finish, None)
        words = np.flatnonzero(~index.is_mark)
        masks = sets.masks(index, words)
        starts, ends = index.starts[words], index.ends[words]
        inner = index.inner_starts()
        no = np.zeros(len(inner), dtype=bool)
        places, stops, bare = [], [], []  # where to try the alias pattern, where the words there end, bare
        for lead in {0} | {lead for lead in bit if isinstance(lead, int)}:
            at = np.flatnonzero(masks & bit[lead]) if lead in bit else np.zeros(0, dtype=np.int64)
            places += [starts[at] - lead, inner - lead]
            stops += [ends[at], inner]
            bare += [(masks[at] & bit["alias long"]) == 0 if lead == 0 else np.zeros(len(at), dtype=bool), no]
        first = np.flatnonzero(masks[:-1] & bit["first"])
        at = first[(masks[first + 1] & bit["second"]) != 0]
        places.append(starts[at])
        stops.append(ends[at])
        bare.append(np.zeros(len(at), dtype=bool))
        places, stops, bare = np.concatenate(places), np.concatenate(stops), np.concatenate(bare)
        keep = np.argsort(places, kind="stable")
        keep = keep[places[keep] >= 0]
        return word_matches(self.pattern_, joined, sizes, self._finish, places[keep].tolist(),
                            stops[keep].tolist(), bare[keep].tolist())

    def _word_plan(self) -> tuple[dict[int, set[str]], set[str], set[str], set[str]] | None:
        """Where a match of :attr:`pattern_` can start, in the words of a
        :class:`~analysis.words.Words` index (see :func:`_lead`): ``(heads, firsts, seconds,
        long)``, sets of folded words (as :class:`LeadWords` reads them): a match starts ``lead``
        characters before a word of ``heads[lead]``, or at a word of ``firsts`` right before a
        word of ``seconds`` (the first two words of the aliases and roles of several words, "the"
        before roles included: "the", "president", "foreign" alone are frequent words), or at an
        inner start of the index (:meth:`~analysis.words.Words.inner_starts`). ``long`` holds the
        first words of the keys that start with a word and are more than that word alone, without
        an apostrophe ("Wang" of "Wang Yi", "u" of "U.S.", "the"): a place of another word can be
        matched only by a key that is one word alone (see :func:`word_matches`). None when an
        alias or role has no word, or white space before it.
        """
        heads: dict[int, set[str]] = {}
        firsts, seconds, long = set(), set(), set()
        for key in [*self._exact, *self._multi, *("the " + role for role in self._roles)]:
            lead = _lead(key)
            if lead is None:
                return None
            at, prefix, alone, after = lead
            second = _lead(key[after + 1:]) if key[after:after + 1] == " " else None
            if at == 0 and second is not None:
                firsts.add(prefix)
                seconds.add(second[1])
            else:
                heads.setdefault(at, set()).add(prefix)
            if at == 0 and not alone:
                long.add(prefix)
        return heads, firsts, seconds, long

    def _finish(self, group: str, surface: str) -> tuple[str | None, str, str]:
        """``(name, kind, surface)`` of a match of :attr:`pattern_` (see :meth:`find`), from the
        name of its group (``alias`` or ``role``) and its text."""
        if group == "alias":
            return self.lookup(surface), "alias", surface
        return None, "role", surface


def _word_sets(actors: Actors) -> LeadWords:
    """The word beginnings :meth:`Actors.find_words` looks for (built once per actors): with a word
    plan of the actors (:meth:`Actors._word_plan`), the sets ``"first"``, ``"second"``,
    ``"alias long"`` and for each lead (an int) the heads. Without a word plan, no set."""
    plan = actors._word_plan()
    if plan is None:
        return LeadWords({})
    heads, firsts, seconds, long = plan
    return LeadWords({"first": firsts, "second": seconds, "alias long": long, **heads})


def _string_list(path, section, name, field_, value) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ActorsError(f"{path}: {section} {name!r}, field {field_!r}: must be a list of non-empty strings")
    return tuple(" ".join(v.split()) for v in value)


def actors_from_dict(data: Mapping, *, path: str = "<actors>") -> Actors:
    """Validate a parsed actor mapping (the TOML layout) and build :class:`Actors`.

    Examples
    --------
    >>> a = actors_from_dict({"countries": {"Freedonia": {"demonyms": ["Freedonian"]}},
    ...                       "people": {"Rufus Firefly": {"country": "Freedonia", "aliases": ["Firefly"]}}})
    >>> a.lookup("Freedonian"), a.country_of("Rufus Firefly")
    ('Freedonia', 'Freedonia')
    """
    if not isinstance(data, Mapping):
        raise ActorsError(f"{path}: the actor file must be a table")
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        raise ActorsError(f"{path}: unknown section {sorted(unknown)[0]!r}; sections are "
                          f"{', '.join(sorted(_SECTIONS))}")
    actors: list[Actor] = []
    seen: set[str] = set()
    for section in ("countries", "people", "organisations"):
        entries = data.get(section, {})
        if not isinstance(entries, Mapping):
            raise ActorsError(f"{path}: section {section!r} must be a table of actors")
        for name, spec in entries.items():
            name = " ".join(str(name).split())
            if not name:
                raise ActorsError(f"{path}: {section}: an actor has an empty name")
            if name in seen:
                raise ActorsError(f"{path}: {section} {name!r}: defined twice")
            seen.add(name)
            if not isinstance(spec, Mapping):
                raise ActorsError(f"{path}: {section} {name!r}: must be a table")
            bad = set(spec) - _FIELDS[section]
            if bad:
                raise ActorsError(f"{path}: {section} {name!r}, field {sorted(bad)[0]!r}: unknown field; "
                                  f"allowed fields are {', '.join(sorted(_FIELDS[section]))}")
            aliases = (name,) + _string_list(path, section, name, "aliases", spec.get("aliases"))
            if section == "countries":
                aliases += _string_list(path, section, name, "demonyms", spec.get("demonyms"))
                aliases += _string_list(path, section, name, "capitals", spec.get("capitals"))
            roles = _string_list(path, section, name, "roles", spec.get("roles"))
            country = spec.get("country", "")
            if not isinstance(country, str):
                raise ActorsError(f"{path}: {section} {name!r}, field 'country': must be a string")
            unique = tuple(dict.fromkeys(aliases))
            actors.append(Actor(name, _SECTIONS[section], country.strip(), unique, roles))
    names = {a.name for a in actors if a.kind == "country"}
    for actor in actors:
        if actor.kind != "country" and actor.country and actor.country not in names:
            raise ActorsError(f"{path}: {actor.kind} {actor.name!r}, field 'country': "
                              f"{actor.country!r} is not a country of the file")
    return Actors(actors, path=str(path)).fit()


def _read_toml(path: Path) -> dict:
    return read_toml(path, kind="actor", error=ActorsError)


def load_actors(path: str | Path | None = None, *, merge: bool = True) -> Actors:
    """Read and validate an actor file.

    Parameters
    ----------
    path : str, Path or None
        A TOML actor file (see ``analysis/data/actors.toml`` for the format).
        ``None`` reads the default file alone.
    merge : bool, default True
        With a ``path``, **merge** the user's file over the default file: the
        user's entries are added, and an entry with the same canonical name (in
        the same section) replaces the default entry. ``merge=False`` uses the
        user's file alone.

    Raises
    ------
    ActorsError
        When a file cannot be read or an entry is invalid (the message names the
        file, the actor and the field).

    Examples
    --------
    >>> actors = load_actors()
    >>> actors.lookup("Beijing"), actors.lookup("Head of State"), actors.role_holders("the Head of State")[0]
    ('China', None, 'Kassym-Jomart Tokayev')
    """
    if not isinstance(merge, bool):
        raise ValueError(f"merge must be True or False, not {merge!r}")
    if path is None:
        return actors_from_dict(_read_toml(ACTORS_PATH), path=str(ACTORS_PATH))
    path = Path(path)
    user = _read_toml(path)
    if not merge:
        return actors_from_dict(user, path=str(path))
    base = _read_toml(ACTORS_PATH)
    merged = {section: dict(base.get(section, {})) for section in _SECTIONS}
    for section, entries in user.items():
        if section not in _SECTIONS or not isinstance(entries, Mapping):
            merged[section] = entries  # let validation name the problem
            continue
        for name, spec in entries.items():
            for other in _SECTIONS:  # a user entry replaces the default one, whatever its section
                if other != section:
                    merged[other].pop(name, None)
            merged[section][name] = spec
    # drop default aliases the user gave to one of their own actors
    user_aliases = {}
    for section, entries in user.items():
        if isinstance(entries, Mapping):
            for name, spec in entries.items():
                if isinstance(spec, Mapping):
                    for field_ in ("aliases", "demonyms", "capitals"):
                        for alias in spec.get(field_, []) or []:
                            if isinstance(alias, str):
                                user_aliases[" ".join(alias.split()).casefold()] = name
    for section in _SECTIONS:
        for name, spec in list(merged[section].items()):
            if name in user.get(section, {}) or not isinstance(spec, Mapping):
                continue
            spec = dict(spec)
            for field_ in ("aliases", "demonyms", "capitals"):
                if isinstance(spec.get(field_), list):
                    spec[field_] = [a for a in spec[field_] if " ".join(a.split()).casefold() not in user_aliases]
            merged[section][name] = spec
    return actors_from_dict(merged, path=f"{ACTORS_PATH} + {path}")


def resolve_actors(actors) -> Actors:
    """The fitted :class:`Actors` that an ``actors`` option names.

    Parameters
    ----------
    actors : Actors, str, Path, mapping or None
        ``None``: the default file; a path: :func:`load_actors`; a mapping in the
        layout of the actor file: :func:`actors_from_dict`; a fitted Actors: itself.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        For an Actors that is not fitted.
    ValueError
        For anything else.

    Examples
    --------
    >>> resolve_actors({"countries": {"Freedonia": {}}}).names
    ['Freedonia']
    """
    if actors is None or isinstance(actors, (str, Path)):
        return load_actors(actors)
    if isinstance(actors, Actors):
        actors.actors_  # NotFittedError before fit
        return actors
    if isinstance(actors, Mapping):
        return actors_from_dict(actors)
    raise ValueError(f"actors must be a path, an Actors object or a mapping, not {type(actors).__name__}")


def reading_order(doc_codes: np.ndarray, sent_ids: list[int]) -> np.ndarray:
    """The row numbers sorted by document (``doc_codes``: each row's document number in order of
    first appearance, see :func:`first_seen_codes`), then ``sent_id``, then row number: the order
    in which the sentences are read.

    Examples
    --------
    >>> reading_order(np.array([0, 1, 0, 1]), [2, 1, 1, 0]).tolist()
    [2, 0, 3, 1]
    """
    doc_codes = np.asarray(doc_codes, dtype=np.int64)
    try:
        ids = np.array(sent_ids, dtype=np.int64)
    except OverflowError:  # a sent_id beyond int64: sort the keys as Python ints
        keys = sorted(zip(doc_codes.tolist(), sent_ids, range(len(doc_codes))))
        return np.array([k[2] for k in keys], dtype=np.int64)
    return np.lexsort((ids, doc_codes))  # the last key first; lexsort is stable, so ties keep the row order


def first_seen_codes(values: pd.Series) -> tuple[np.ndarray, list]:
    """The distinct values in order of first appearance, and each row's number among them.

    Values are told apart as dict keys are (a string column without missing values: by
    ``pandas.factorize``, the same for strings and faster).

    Examples
    --------
    >>> codes, distinct = first_seen_codes(pd.Series(["b", "a", "b", 1, 1.0]))
    >>> codes.tolist(), distinct
    ([0, 1, 0, 2, 2], ['b', 'a', 1])
    """
    if isinstance(values.dtype, pd.StringDtype) and not values.hasnans:
        codes, distinct = pd.factorize(values, sort=False)
        return codes.astype(np.int64), distinct.tolist()
    index: dict = {}
    codes = [index.setdefault(v, len(index)) for v in values.tolist()]
    return np.array(codes, dtype=np.int64), list(index)


def int_list(frame: pd.DataFrame, column: str, default: int | None) -> list[int]:
    """A column of ``frame`` as a list of ints; missing values become ``default`` (None: the
    row number).

    Examples
    --------
    >>> int_list(pd.DataFrame({"sent_id": [3, None, 5]}), "sent_id", None)
    [3, 1, 5]
    """
    values = frame[column]
    if pd.api.types.is_integer_dtype(values.dtype) and not values.hasnans:
        return values.astype("int64").tolist()
    return [int(x) if pd.notna(x) else (i if default is None else default) for i, x in enumerate(values.tolist())]
