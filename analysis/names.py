"""Named actors: who a sentence names, and whom a name, a role, a description or a pronoun
refers to in its document.

Any capitalised name in the text can be an actor: a person (by the full name under which the
article first introduces them, without titles: "Rich Fitzgerald" of "County Executive Rich
Fitzgerald"), an organisation (by its whole name: "Ministry of Commerce", "New York Times") or a
country (the actor file, :mod:`analysis.actors`, adds aliases and roles).

Within a document, a later mention resolves to the actor first named in full: a surname or
another word of the name ("Gao", "Mr. Gao" after "Gao Feng"), a word of an organisation's name
("Commerce"), a definite description ("the spokesman", "the US president", "the ministry": the
person named last whom the words around their name or their title describe, narrowed to a
country when one is named; the organisation named last with that word in its name), a role of
the actor file, and a pronoun ("he", "she": the person speaking, else a person named before it
in the sentence, else the first person named in the last sentence that named one, else the
person named last; "it": the organisation speaking, else one named before it in its sentence or
in the sentence before, else ``unknown``). A name inside a quotation is no referent of a
pronoun outside it, nor a name after the pronoun. A headline's capitals name nobody (but a
surname used later takes the last two words of a name in it); titles and
occupations ("Journalist", "Secretary-General"), sentence-initial words ("Though"), a day after
the name and a party label ("D-Ann Arbor") are not part of a name; particles are ("Ursula von der
Leyen", "Mohammed bin Salman": a later "Von der Leyen" or "Van Hollen" is that person). A definite
description that fits nobody named ("the commission said", "the US president said") is an
unnamed source (``unknown``), not the narrator.

:func:`~analysis.runs.name_runs` finds the capitalised runs of the sentences and
:func:`~analysis.runs.parse_run` tells what one names (:mod:`analysis.runs`); :class:`Referents`
holds the rules of reference and :class:`DocState` what the reading of a document remembers.
:mod:`analysis.speakers` reads them to tell who speaks.
"""

from __future__ import annotations

import re

from .actors import BOTH_SIDES, NARRATOR, UNKNOWN, Actors
from .runs import CAPITAL, LEADING, ORG_HEADS, PARTICLES, TITLES, UPPER, name_runs, parse_run

__all__ = [
    "DocState",
    "Referents",
    "parse_run",
    "name_runs",
    "headline",
    "inside",
    "to_end",
    "TITLES",
    "DESCRIPTION",
    "DOCUMENTS",
    "NAME_BEFORE",
    "PREPOSITION_BEFORE",
    "HEAD_WORDS",
    "SOURCE_PLURALS",
    "BARE_SOURCE_AFTER",
]

#: Prepositions that put a run out of subject position ("who left in September told").
PREPOSITION_BEFORE = re.compile(r"(?i)(?:^|\W)(?:in|on|at|for|from|with|by|of|to|since|until|during|after|"
                                r"before|about|against|under|over|than|into|onto|via)\s+(?:the\s+)?$")
#: Words for a document whose author is its source ("the earlier Tribune story noted").
DOCUMENTS = frozenset("""story report article statement editorial column study survey poll release memo letter filing
    document investigation analysis review complaint lawsuit ruling indictment tweet post headline blog op-ed piece
    communique transcript announcement notice""".split())
#: Documents that speak for whoever issued them ("the statement said").
_STATEMENTS = frozenset("statement release communique announcement".split())
_BY_AUTHOR = re.compile(r"\s+(?:(?:released|issued|published|filed|written|obtained|compiled|conducted)\s+)?"
                        r"(?:by|from)\s+(?:the\s+)?(?=" + CAPITAL + ")")
_LAST_ARTICLE = re.compile(r"(?i)\b(?:the|a|an)\s+(?!.*\b(?:the|a|an)\s)")


#: A definite description before a speech verb ("the ministry", "the US president"); its head word.
DESCRIPTION = re.compile(r"(?i)(?<![\w'’\-])(the|a|an|one|some|several|other)\s+(?:[\w'’\-.]+\s+){0,4}?"
                         r"([a-z][\w\-]*)$")
#: A description with a prepositional phrase after its head ("a scholar on international relations").
_DESCRIPTION_PP = re.compile(r"(?i)(?<![\w'’\-])(the|a|an|one)\s+(?:[\w'’\-.]+\s+){0,4}?([a-z][\w\-]*)\s+"
                             r"(?:on|of|at|from|with|in|for)\s+(?:[\w'’\-.]+\s+){0,4}?[\w'’\-.]+$")
#: The heads of a description that make an unnamed source when it names nobody ("an official said").
_SOURCE_WORDS = frozenset("""official officials spokesman spokeswoman spokesperson source sources ministry analyst
    analysts expert experts diplomat diplomats representative representatives statement report observer
    observers witness witnesses resident residents critic critics lawmaker lawmakers""".split())
#: The heads of an unnamed source that describe one person: "the diplomat said" after a diplomat spoke is them.
_ONE_SOURCE = frozenset("official spokesman spokeswoman spokesperson diplomat expert analyst representative".split())
#: Words that describe a person after "the" ("the spokesman", "the official"), besides the titles.
_ROLE_WORDS = frozenset("""official spokesman spokeswoman spokesperson minister ministers president diplomat
    strategist lawyer attorney officer expert analyst economist researcher scientist professor teacher
    player star actor actress singer writer author founder owner chief executive boss manager coach
    director chairman chairwoman governor mayor senator congressman congresswoman legislator lawmaker
    candidate leader premier secretary envoy ambassador general commander judge prosecutor
    investigator detective sheriff doctor host""".split())
#: Words that describe a person: titles, occupations and roles (lower case).
_PERSON_WORDS = TITLES | _ROLE_WORDS
#: Words for any organisation ("the company said": the organisation named last, whatever its name).
_ANY_ORG = frozenset("""company firm group agency paper newspaper network broadcaster carrier airline retailer
    manufacturer automaker club team organisation organization office body""".split())
#: The words of :data:`_ANY_ORG` for a business, and the words of a public body's name.
_BUSINESS = frozenset("company firm carrier airline retailer manufacturer automaker".split())
_PUBLIC_HEADS = frozenset("""ministry department office police court council commission committee government embassy
    consulate parliament congress senate assembly cabinet army navy administration secretariat directorate""".split())
#: The words that can end a description of an actor ("the US president", "a Foreign Ministry spokesman",
#: "the company"), lower case.
HEAD_WORDS = TITLES | _ROLE_WORDS | ORG_HEADS | _ANY_ORG | _SOURCE_WORDS
#: Words that tell a person's gender: a title, or the first pronoun after the name.
_GENDER_WORDS = {**dict.fromkeys("mr sir he his himself king prince congressman spokesman chairman actor".split(), "m"),
                 **dict.fromkeys("""mrs ms miss dame lady she hers herself queen princess congresswoman spokeswoman
                                 chairwoman actress""".split(), "f")}
_GENDER_WORD = re.compile(r"(?<!\w)(?:" + "|".join(sorted(_GENDER_WORDS)) + r")(?!\w)")
_AUXILIARY = re.compile(r"(?i)(?<![\w'’\-])(?:is|was|are|were|be|been|has|have|had|will|would|can|could|did|do|does|"
                        r"not)(?![\w'’\-])")
_POSSESSOR = re.compile(r"\w['’]s?\s")
_WORD_OF = re.compile(r"\s(?:for|of|at|with|from|to|in|on)\s")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Z&.]{1,9})\)")
_UP_TO_NAME = re.compile(r"[^" + UPPER + "]*")
#: A name (a capitalised word, maybe a comma) that ends a text.
NAME_BEFORE = re.compile(CAPITAL + r"[\w.'’\-]*\s*,?\s*$")
_AFFILIATION = re.compile(r"(?<![\w'’\-])(?:for|at|of|from|with)\s+(?:the\s+)?$")
#: Plural words that name an unnamed source at the start of a sentence ("Officials said").
SOURCE_PLURALS = frozenset("""officials sources analysts experts police authorities residents witnesses critics
    academics scholars
    officers investigators prosecutors researchers scientists doctors observers diplomats lawmakers
    others organizers organisers reports women men people students parents fans teachers workers employees
    members voters citizens protesters activists victims officers""".split())


#: Words that are no modifier of a bare plural source: the words that start a sentence or a clause
#: but are no name (:data:`analysis.runs.LEADING`: "But officials", "after sources"), and verbs.
_NOT_MODIFIER = r"(?:" + "|".join(sorted(map(re.escape, LEADING | {"them", "is", "was", "are", "were", "be", "been",
                                                                  "has", "have", "had", "which", "who", "whom"}))) + r")\s"
#: A plural source without an article ending a text: "officials", "state health officials", "Pittsburgh
#: police"; the capitalised words before it (group 1), its head (group 2).
_BARE_SOURCE = re.compile(r"(?<![\w'’\-.])((?:(?!(?i:" + _NOT_MODIFIER + r"))" + CAPITAL + r"[\w.'’\-]*\s+){0,3}?)(?:(?!" +
                          _NOT_MODIFIER + r")[a-z][\w\-]*\s+){0,2}?(" + "|".join(sorted(SOURCE_PLURALS)) + r")$")
#: The words for an organisation that make the run right after them an organisation's name.
_ORG_NOUN_ENDS = tuple(f" {word}{space}" for word in """group company firm newspaper agency broadcaster organisation
    organization charity watchdog tank body network channel magazine outlet website consultancy lobby carrier airline
    retailer manufacturer automaker bank insurer lender broker""".split() for space in (" ", "  "))
#: A title and a preposition of its portfolio before a run ("Ambassador to ", "Minister in the ").
_PORTFOLIO_ENDS = (" to ", " in ", " to the ", " in the ")
_AS_PORTFOLIO = "Minister of "  # (what such a run is read after)
_WORD_ENDS = tuple(f"{c}{space}" for c in "abcdefghijklmnopqrstuvwxyz" for space in (" ", "  "))
_PORTFOLIO_BEFORE = re.compile(r"(?<![\w'’\-])([A-Z][a-z]+)\s+(?:to|in)\s+(?:the\s+)?$")
_AND_BEFORE = re.compile(r"(?:\sand|&)\s+$")
_SOURCE_ENDS = tuple(SOURCE_PLURALS)
#: The same, right after "according to" ("according to state officials").
BARE_SOURCE_AFTER = re.compile(r"(?:" + CAPITAL + r"[\w.'’\-]*\s+){0,3}(?:(?!" + _NOT_MODIFIER + r")[a-z][\w\-]*\s+){0,2}(?:" +
                               "|".join(sorted(SOURCE_PLURALS)) + r")(?![\w'’\-])")


def _gender(text: str) -> str:
    """"m" or "f" from the first word of ``text`` that tells a gender (:data:`_GENDER_WORDS`), else "".

    Examples
    --------
    >>> _gender("mr"), _gender(", whose mother said she"), _gender("said on Monday")
    ('m', 'f', '')
    """
    word = _GENDER_WORD.search(text.lower())
    return _GENDER_WORDS[word.group()] if word else ""


_FINAL_MARKS = tuple(".!?\"”’')…:\x9d")
_CONTENT_WORD = re.compile(r"[^\W\d_][\w'’\-]{3,}")


def headline(text: str) -> bool:
    """Whether ``text`` is written as a headline or a caption: short (160 characters at most), no
    final punctuation, and at least three words of four letters or more, four in five of them
    capitalised ("Hero Aaron Feis the Disarmed School Guard"), so that its capitals do not tell names.

    Examples
    --------
    >>> headline("Pope Francis Arrived in Myanmar"), headline("Agent Scott Boras makes pitch for Cubs")
    (True, False)
    >>> headline("Chinese President Xi Jinping met Kazakh President Tokayev in Astana.")
    False
    """
    if len(text) > 160 or text.endswith(_FINAL_MARKS):  # (most sentences: at once)
        return False
    end = text.rstrip()[-1:]
    if not end or end in _FINAL_MARKS:
        return False
    words = _CONTENT_WORD.findall(text)
    return len(words) >= 3 and 5 * sum(w[0].isupper() for w in words) >= 4 * len(words)


def inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` is inside one of ``spans``."""
    return any(start <= at < end for start, end in spans)


# ----------------------------------------------------------------------------- the document's memory


class DocState:
    """What the attribution of one document remembers from sentence to sentence."""

    __slots__ = ("speakers", "persons", "orgs", "surnames", "org_words", "described", "prev_speaker", "prev_para",
                 "in_quote", "quote", "singles", "gender", "salient", "headline", "last_read",
                 "source", "source_here", "identified")

    def __init__(self):
        self.speakers: list[str] = []   # speakers in order (most recent last)
        self.persons: list[str] = []    # people mentioned or speaking, most recent last
        self.orgs: list[str] = []       # organisations mentioned or speaking, most recent last
        self.surnames: dict[str, str] = {}   # a word of a person's full name -> the name first given
        self.org_words: dict[str, str] = {}  # a capitalised word of an organisation's name -> the name
        self.described: dict[str, str] = {}  # a person -> titles and words around their mentions
        self.prev_speaker = NARRATOR
        self.prev_para = -1
        self.in_quote = False  # a quotation is open at the end of the previous sentence
        self.quote = ""  # what the last sentence did to it: "pending", "resolve", "end" or ""
        self.singles: set[str] = set()  # capitalised words met alone that refer to nobody known
        self.gender: dict[str, str] = {}  # a person -> "m" or "f", from a title or a pronoun that referred to them
        self.salient = ""  # the first person named in the last sentence that named one
        self.headline: dict[str, str] = {}  # a surname -> a person's name in a headline (its last two words)
        self.last_read: tuple = ((), ())  # the matches and the registered runs of the last sentence
        self.source: tuple | None = None  # an unnamed source not yet named: (head word, organisation, sentences left)
        self.source_here = False  # the last sentence's speaker is a singular unnamed source ("a senior economist")
        self.identified = False  # the last sentence names in full the unnamed source of one before it


def to_end(history: list[str], name: str) -> None:
    """Move (or add) ``name`` to the end of ``history`` (the most recent)."""
    if history and history[-1] == name:
        return
    if name in history:
        history.remove(name)
    history.append(name)


def _most_recent(candidates: list[str], history: list[str]) -> str | None:
    for name in reversed(history):
        if name in candidates:
            return name
    return None


class Referents:
    """What the names, roles, descriptions and pronouns of a sentence refer to (see the module
    docstring), given the actors and the memory of the document (:class:`DocState`).

    The reader of a sentence sets :attr:`text`, :attr:`found`, :attr:`spans`, :attr:`here`,
    :attr:`new_here` and :attr:`named_runs` for it (see ``analysis.speakers``) before it asks.
    """

    def __init__(self, actors: Actors, *, evidence: bool = True):
        self.actors = actors
        self.ev = evidence  # build the evidence strings (else they are "")
        self.known_persons = frozenset(a.name for a in actors.actors_ if a.kind == "person")
        self.known_names = frozenset(a.name for a in actors.actors_)
        self.kinds = {a.name: a.kind for a in actors.actors_}
        self.named_runs: tuple | list = ()  # the runs of the sentence being read (see register)
        self.found: list = []  # its alias and role matches (see matches)
        self.text = ""  # its text
        self.spans: list[tuple[int, int]] = []  # the spans of that sentence inside a quotation
        self.new_here: dict[str, int] = {}  # the people named there for the first time, and where
        self.here: dict[str, int] = {}  # the people named there outside quotations, and where first
        self._holders: dict[str, list[str]] = {}  # role_holders() by surface
        self._lookups: dict[str, str | None] = {}  # actors.lookup() by name
        self.unnamed: tuple | None = None  # (head word, organisation) of a singular unnamed source read here

    def _is_person(self, name: str) -> bool:
        """A person of the actor file, or a name that is not in it (what a speaker can be)."""
        return name in self.known_persons or name not in self.known_names

    # -- helpers -------------------------------------------------------------
    def matches(self, raw: list[tuple], state: DocState) -> list[tuple[int, int, str | None, str, str]]:
        """Alias and role matches with roles resolved: (start, end, name, kind, surface), from
        ``raw``, the matches of ``actors.find(text)`` with their surface text (see
        ``analysis.speakers._scan``)."""
        for match in raw:
            if match[3] == "role":
                break
        else:  # nothing to resolve
            return raw
        out = []
        local_persons: list[str] = []
        persons = self.known_persons
        for start, end, name, kind, surface in raw:
            if kind == "role":
                holders = self._holders.get(surface)
                if holders is None:
                    holders = self._holders[surface] = self.actors.role_holders(surface)
                name = _most_recent(holders, state.speakers) or _most_recent(holders, state.persons + local_persons)
            if name in persons:
                local_persons.append(name)
            out.append((start, end, name, kind, surface))
        return out

    def pronoun(self, word: str, state: DocState, at: int = 0) -> str:
        """The actor a pronoun at ``at`` of the sentence refers to (see the module docstring)."""
        word = word.lower()
        prev = state.prev_speaker
        if word in ("he", "she"):
            other = "f" if word == "he" else "m"  # the gender the pronoun excludes (when known)
            gender = state.gender
            if prev not in (NARRATOR, BOTH_SIDES, UNKNOWN) and self._is_person(prev) and prev not in state.orgs \
                    and gender.get(prev) != other:
                if not gender.get(prev):
                    gender[prev] = "m" if word == "he" else "f"
                return prev
            # a person named before it in the sentence, the one named last; else the first person named
            # in the last sentence that named one (its subject, most often); else the person named last
            before = [person for person, place in self.here.items() if place < at]
            if not before and state.salient and gender.get(state.salient) != other:
                return state.salient
            later = self.new_here  # the people first named after the pronoun are no referents
            for person in reversed(state.persons):
                if gender.get(person) != other and later.get(person, -1) < at:
                    return person
            return UNKNOWN
        if word == "it":  # an organisation: the speaking one, else the last one named before it in the
            if prev in state.orgs:  # sentence or in the sentence before (else a thing: a report, a book)
                return prev
            here = [org for place, org in self.orgs_named(self.found, self.named_runs, at, places=True)
                    if not (self.spans and inside(self.spans, place))] or self.orgs_named(*state.last_read)
            return here[-1] if here else UNKNOWN
        if word == "they" and prev == BOTH_SIDES:
            return BOTH_SIDES
        if prev not in (NARRATOR,):
            return prev
        return UNKNOWN

    def orgs_named(self, found, named_runs, at: int | None = None, *, places: bool = False) -> list:
        """The organisations named in a sentence (before ``at``, if given), in order, given its
        alias matches (:meth:`matches`) and its registered runs (:meth:`register`); with
        ``places``, as ``(offset, name)``. (A quotation's organisations are the caller's to drop.)"""
        named = [(m[0], m[2]) for m in found if m[2] and self.kinds.get(m[2]) == "organisation"]
        named += [(e[4], e[2]) for e in named_runs if e[3] == "org"]
        named = [(place, name) for place, name in sorted(named) if at is None or place < at]
        return named if places else [name for _, name in named]

    def register(self, text: str, runs, found, state: DocState) -> list[tuple]:
        """Read the capitalised runs of a sentence (see :func:`parse_run`) in order: a person
        named in full or an organisation enters the document's memory (its words then refer to
        it, and its title and the words around it describe it); a single word is resolved to
        the name it refers to. Returns ``(run start, run end, name or None, kind, name start,
        name end)`` for each run, ``kind`` being ``person``, ``org``, ``single`` or None."""
        out = []
        surnames, org_words = state.surnames, state.org_words
        for start, end, run in runs:
            after_word = text.endswith(_WORD_ENDS, 0, start)  # (one test for the two rules below)
            portfolio = _PORTFOLIO_BEFORE.search(text, max(start - 40, 0), start) if after_word and text.endswith(
                _PORTFOLIO_ENDS, 0, start) else None
            if portfolio and portfolio.group(1).lower() in TITLES:
                # "Ambassador to Azerbaijan Mikhail Yevdokimov", "Minister in the Presidency Ann Lee": the run
                # starts with the title's portfolio (read as "Minister of Azerbaijan Mikhail Yevdokimov")
                parsed = parse_run(_AS_PORTFOLIO + run)
                if parsed is not None:
                    shift = len(_AS_PORTFOLIO)
                    parsed = (parsed[0], parsed[1], parsed[2] - shift, parsed[3] - shift, parsed[4])
                    if parsed[2] < 0:
                        parsed = None
            else:
                parsed = parse_run(run)
                if parsed is not None and parsed[0] != "org" and (
                        (after_word and text.endswith(_ORG_NOUN_ENDS, 0, start))
                        or (state.orgs and run[parsed[2]:] in state.orgs)):
                    # "campaign group Transparency International UK", "the charity Save the Children": the whole run
                    # (and later "Transparency International UK" alone: the organisation named so before)
                    parsed = ("org", " ".join(run[parsed[2]:].split()), parsed[2], len(run), "")
            if parsed is None:
                out.append((start, end, None, None, start, end))
                continue
            kind, name, ns, ne, titles = parsed
            ns, ne = start + ns, start + ne
            known = [m[2] for m in found if m[0] < ne <= m[1]] if found else None
            if found and not known and kind == "person":  # a known person's name, then capitals: "Wang Yi Stresses"
                known = [m[2] for m in found if m[0] == ns and m[1] < ne and m[2] in self.known_persons]
            if known and kind == "org" and self.kinds.get(known[0]) == "country":
                known = None  # "the Ministry of Commerce of China", "Bank of China": an organisation
            if known:  # a known actor's alias ends the name: its words refer to it too ("Abe")
                if known[0] in self.known_persons and known[0] not in state.described:
                    state.described[known[0]] = titles
                    for word in known[0].split()[::-1]:
                        surnames.setdefault(word, known[0])
                out.append((start, end, None, "known", ns, ne))
                continue
            if kind == "person":
                words = name.split()
                first, last = surnames.get(words[0]), surnames.get(words[-1])
                if first is not None and first == last:  # "George Bush" after "George W. Bush"
                    name = first
                elif last is not None and words[0].lower() in PARTICLES and words[0] not in ("Al", "El") \
                        and name.lower() in last.lower():  # "Van Hollen" after "Chris Van Hollen" (not "Al Gore")
                    name = last
                elif last is not None and words[0] in state.singles:  # "Griffey Showalter": a comma lost
                    name = last
                elif last is not None and last.endswith(" " + name) and len(last.split()) >= len(words) + 2:
                    # "Al Zeyoudi" after "Thani bin Ahmed Al Zeyoudi" (not after a headline's "Replace Al Franken")
                    name = last
                elif name not in state.described:  # (the last word first; the middle ones of a long name
                    for word in (words[-1], words[0], *words[1:-1]):  # too: "Lam" of "Carrie Lam Cheng Yuet-ngor")
                        if word.lower() not in PARTICLES:
                            surnames.setdefault(word, name)
                described = state.described.get(name)
                if described is None:  # Mr., Ms., or the first of his/her after the name, before another
                    state.gender[name] = _gender(f"{titles} {_UP_TO_NAME.match(text, ne, ne + 60).group()}")
                    described = ""
                if len(described) < 300:  # the titles and the words around the first mentions describe the person
                    state.described[name] = f"{described} {titles} {text[max(ns - 40, 0):ns]} {text[ne:ne + 60]}".lower()
                self._mentioned(name, ns, state)
            elif kind == "org":
                if name.lower() in ORG_HEADS:  # "the Commission": the organisation named last with that word
                    name = self._org_by_head(name.lower(), state) or name
                if name not in state.orgs:  # "Foreign Ministry" after "Russian Foreign Ministry": that one
                    name = next((org for org in reversed(state.orgs) if org.endswith(" " + name)), name)
                if name not in state.orgs:
                    for word in name.split():
                        if word[:1].isupper():
                            org_words.setdefault(word, name)
                    acronym = _ACRONYM_AFTER.match(text, end)  # "the National Reform Commission (NRC)"
                    if acronym:
                        org_words.setdefault(acronym.group(1), name)
                to_end(state.orgs, name)
            else:
                known = surnames.get(name)
                if known is None and " " in name:  # "Von der Leyen" after "Ursula von der Leyen"
                    known = surnames.get(name.rsplit(None, 1)[1])
                if known is None and name in state.headline:  # a surname of a name in a headline
                    known = state.headline[name]
                    for word in (known.split()[-1], known.split()[0]):
                        surnames.setdefault(word, known)
                    state.described.setdefault(known, "")
                if known is not None:
                    self._mentioned(known, ns, state)
                    kind, name = "person", known
                else:
                    known = org_words.get(name)
                    if known is not None:
                        to_end(state.orgs, known)
                        kind, name = "org", known
                    else:
                        state.singles.add(name)
            out.append((start, end, name, kind, ns, ne))
        return out

    def _mentioned(self, person: str, at: int, state: DocState) -> None:
        """A person named at ``at`` becomes the one named last, unless named inside a quotation
        (who is named inside a quotation is no referent of a pronoun outside it); one named for
        the first time is remembered with that place (no referent of a pronoun before it)."""
        if self.spans and inside(self.spans, at):
            return
        persons = state.persons
        if not persons or persons[-1] != person:
            if person in persons:
                persons.remove(person)
            else:
                self.new_here[person] = at
            persons.append(person)
        if person not in self.here:
            self.here[person] = at

    def named(self, entry, state, base: int):
        """The speaker a run names (see :meth:`register`) and the evidence, or None."""
        start, end, name, kind, ns, ne = entry
        if kind is None or kind == "known":
            return None
        if kind in ("single", "org") and name.lower() in SOURCE_PLURALS:  # "Officials said", "Police said" (of no
            # police named before)
            return UNKNOWN, f"{name} [unnamed source] {base + ns}-{base + ne}" if self.ev else ""
        if not self.ev:
            return name, ""
        surface = self.text[ns:ne]
        label = "name" if surface == name else f"name -> {name}"
        return name, f"{surface} [{label}] {base + ns}-{base + ne}"

    def _org_by_head(self, head: str, state: DocState) -> str | None:
        """The organisation named last with ``head`` (lower case) among the words of its name (or
        of an alias, for an organisation of the actor file), or None."""
        for org in reversed(state.orgs):
            known = self.actors.get(org)
            if any(head in alias.lower().split() for alias in (known.aliases if known else (org,))):
                return org
        return None

    def description(self, text: str, n: int, state: DocState, base: int):
        """The speaker that a description ending ``text[:n]`` refers to, and the evidence: for a
        definite one ("the ministry", "the spokesman", "the US president"), the organisation named
        last whose name holds its head word, or the person who spoke or was named last whom that
        word describes; an organisation named in it for an unnamed member of it ("a Foreign
        Ministry spokesman"); ``unknown`` for an unnamed source ("an official", "the spokesman"
        when nobody fits); None for any other words."""
        m = DESCRIPTION.search(text, max(n - 80, 0), n)
        if m is None or (m.group(2).lower() not in HEAD_WORDS and m.group(2).lower() not in DOCUMENTS):
            # "a leading Chinese scholar on international relations": the head before the preposition
            pp = _DESCRIPTION_PP.search(text, max(n - 120, 0), n)
            if pp is not None and pp.group(2).lower() in _PERSON_WORDS:
                m = pp
        if m is None:
            return self.bare_source(text, n, state, base)
        head = m.group(2).lower()
        if head in SOURCE_PLURALS and head not in HEAD_WORDS:  # "some members accused": an unnamed source
            return UNKNOWN, f"{m.group()} [unnamed source] {base + m.start()}-{base + m.end()}" if self.ev else ""
        found = self.document(m, state, base) if head in DOCUMENTS else None
        if found is None and m.group(1).lower() == "the":
            found = self.definite(m, head, state, base)
        if found is None and (head not in _SOURCE_WORDS or head in _ONE_SOURCE) and m.group(1).lower() == "the" \
                and head in HEAD_WORDS and self._plain_description(text, m):
            # "the commission said" of no commission named, "the US president said" of nobody named
            # (not "The news was first reported", nor "Mark Shaw the GOP chairman": a comma lost); a
            # person's word after that person spoke: them ('"...," said Ji Zhiye, president of ... "...,"
            # the scholar said')
            prev = state.prev_speaker
            if head in _PERSON_WORDS and prev not in (NARRATOR, BOTH_SIDES, UNKNOWN) and self._is_person(prev) \
                    and prev not in state.orgs and self._own_country_words(m.group(0)[4:], prev, state) \
                    and not PREPOSITION_BEFORE.search(text, max(m.start() - 12, 0), m.start()):
                return prev, f"{m.group()} [description -> {prev}] {base + m.start()}-{base + m.end()}" if self.ev else ""
            return UNKNOWN, f"{m.group()} [unnamed source] {base + m.start()}-{base + m.end()}" if self.ev else ""
        singular = m.group(1).lower() in ("a", "an", "one")
        if found is None and (head in _SOURCE_WORDS or (
                singular and head in _PERSON_WORDS and self._plain_description(text, m)
                and not PREPOSITION_BEFORE.search(text, max(m.start() - 12, 0), m.start()))):  # "a senior economist said"
            start = m.start() + (last.start() if (last := _LAST_ARTICLE.search(m.group())) else 0)
            org = self._org_in(start, m.end())
            if singular and not _WORD_OF.search(m.group()):  # (not "a spokesman for the attorney general":
                self.unnamed = (head, org)  # its head is no "general")
            if org:  # an unnamed member of an organisation named in it speaks for it ("a Foreign Ministry spokesman")
                return org, f"{text[start:m.end()]} [member -> {org}] {base + start}-{base + m.end()}" if self.ev else ""
            return UNKNOWN, f"{m.group()} [unnamed source] {base + m.start()}-{base + m.end()}" if self.ev else ""
        return found

    def _org_in(self, start: int, end: int) -> str | None:
        """The organisation named between ``start`` and ``end`` of the sentence: an organisation of
        the actor file first, else a run that names one; or None."""
        return next((f[2] for f in self.found if start <= f[0] < end and self.kinds.get(f[2]) == "organisation"),
                    None) or next((e[2] for e in self.named_runs if start <= e[0] < end and e[3] == "org"), None)

    def bare_source(self, text: str, n: int, state: DocState, base: int, *, start: int | None = None):
        """The speaker of a plural source without an article ending ``text[:n]``, and the
        evidence, or None: the police of a place named before it ("Pittsburgh police said": the
        organisation "Pittsburgh police"), the police named last ("police said" after "the Delhi
        Police"), an organisation named in it ("Foreign Ministry officials"), else ``unknown``
        ("officials said"); with ``start``, the source that starts there ("according to state health
        experts"), else not after a preposition ("a crowd of residents said")."""
        if not text.endswith(_SOURCE_ENDS, 0, n):  # (a necessary condition, before the search)
            return None
        m = _BARE_SOURCE.search(text, max(n - 80, 0) if start is None else start, n)
        if m is None or (start is None and PREPOSITION_BEFORE.search(text, max(m.start() - 12, 0), m.start())):
            return None
        if start is None and (joined := _AND_BEFORE.search(text, max(m.start() - 6, 0), m.start())):
            # "Ann Carter and union officials said": the one named first
            return next((self.named(e, state, base) for e in self.named_runs if e[1] == joined.start()), None)
        head, name = m.group(2), None
        run = next((e for e in self.named_runs if m.start() <= e[0] < m.start(2)), None)
        if head == "police" and m.group(1) and (run is None or run[3] != "person"):
            name = text[m.start():m.end(1)].strip() + " police"  # "Pittsburgh police", "Israeli police"
            to_end(state.orgs, name)
        elif head == "police" and run is None:
            name = self._org_by_head("police", state)
        if name is None:  # a member of an organisation named in it speaks for it ("Foreign Ministry officials";
            name = self._org_in(m.start(), m.start(2)) or (  # an acronym: "FBI officials")
                run[2] if run is not None and run[3] == "single" and run[2].isupper() else None)
        if name is None:
            return UNKNOWN, f"{m.group()} [unnamed source] {base + m.start()}-{base + m.end()}" if self.ev else ""
        return name, f"{m.group()} [source -> {name}] {base + m.start()}-{base + m.end()}" if self.ev else ""

    def document(self, m: re.Match, state: DocState, base: int, *, subject: bool = True):
        """The author that a description of a document ``m`` names, and the evidence, or None: a
        name in it ("the earlier Tribune story": the Tribune, or the organisation of the document
        with that word in its name), an organisation's head before 's ("the ministry's
        statement": the ministry named last), or a name after "by" or "from" ("a report from
        The Washington Post"). As a ``subject``, not after a preposition ("about the Russia
        investigation said")."""
        start, end = m.start(), m.end()
        last = _LAST_ARTICLE.search(m.group())  # (the description is its last noun phrase)
        start += last.start() if last else 0
        if subject and PREPOSITION_BEFORE.search(self.text, max(start - 12, 0), start):
            return None
        by = _BY_AUTHOR.match(self.text, end)
        if by:
            start, end = by.end(), by.end() + 1  # the name that starts there
        name = next((f[2] for f in self.found if start <= f[0] < end and f[2]
                     and self.kinds.get(f[2]) != "country"), None)
        if name is None:
            name = next((e[2] for e in self.named_runs if start <= e[0] < end and e[3] in ("person", "org", "single")),
                        None)
        if name is None and not by:
            for word in m.group().lower().split()[1:-1]:
                owner = word[:-2] if word.endswith(("'s", "’s")) else ""
                if owner in ORG_HEADS:
                    name = self._org_by_head(owner, state)
                elif owner in _ANY_ORG and state.orgs:
                    name = state.orgs[-1]
        words = m.group().lower().split()
        if name is None and not by and words[0] == "the" and words[-1] in _STATEMENTS:
            # "the statement": of the organisation or person that spoke last, else the first organisation
            # of the sentence before ("the ministry issued a statement ... The statement pointed out")
            prev = state.prev_speaker
            name = prev if prev not in (NARRATOR, BOTH_SIDES, UNKNOWN) else next(iter(self.orgs_named(
                *state.last_read)), None)
        if name is None:
            return None
        return name, f"{m.group()} [document -> {name}] {base + m.start()}-{base + m.end()}" if self.ev else ""

    def definite(self, m: re.Match, head: str, state: DocState, base: int):
        """The actor of the definite description ``m`` with head word ``head`` (see :meth:`description`)."""
        if head not in ORG_HEADS and head not in TITLES and head not in _ROLE_WORDS and head not in _ANY_ORG:
            return None
        # a capitalised modifier that is no known alias names the actor ("the Chillicothe newspaper"):
        # only an actor with that word fits
        named = [w for w in m.group().split()[1:-1] if w[:1].isupper() and self.actors.lookup(w) is None]
        if named:
            for actor in [*state.orgs[::-1], *state.persons[::-1]]:
                if all(w in actor.split() for w in named):
                    return actor, f"{m.group()} [description -> {actor}] {base + m.start()}-{base + m.end()}" if self.ev else ""
            return None
        name = self._org_by_head(head, state) if head in ORG_HEADS else None
        if name is None and head in _ANY_ORG and state.orgs and not _POSSESSOR.search(m.group()):
            # "the company": the organisation speaking, (not "the president's office"), else the one named
            # last; a business is no public body ("the company" is not the sheriff's office)
            orgs = [o for o in state.orgs if head not in _BUSINESS or _PUBLIC_HEADS.isdisjoint(o.lower().split())]
            name = state.prev_speaker if state.prev_speaker in orgs else (orgs[-1] if orgs else None)
        if name is None and head not in _ANY_ORG and head not in ORG_HEADS:  # (a ministry is no person)
            # a country before the head ("the US president") narrows it to that country's people
            countries = {self.actors.country_of(self.actors.lookup(w) or "") for w in m.group().split()[1:-1]} - {""}
            holders = self.actors.role_holders(head)
            word = re.compile(r"(?<!\w)" + re.escape(head) + r"(?!\w)")
            modifiers = m.group().lower().split()[1:-1]
            # the people who spoke last first, then the people named last
            for person in dict.fromkeys([*state.speakers[:-9:-1], *state.persons[::-1]]):
                if person in (NARRATOR, BOTH_SIDES, UNKNOWN) or person in state.orgs:
                    continue
                if countries and self.actors.country_of(person) not in countries and (
                        person in self.known_names or not any(w in state.described.get(person, "") for w in modifiers)):
                    continue
                if person in holders or word.search(state.described.get(person, "")):
                    name = person
                    break
        if name is None:
            return None
        return name, f"{m.group()} [description -> {name}] {base + m.start()}-{base + m.end()}" if self.ev else ""

    @staticmethod
    def _plain_description(text: str, m: re.Match) -> bool:
        """Whether the description ``m`` (of :data:`DESCRIPTION`) is a noun phrase of its own: a
        lower-case head, no auxiliary ("The news was first reported"), no name just before it
        ("Mark Shaw the GOP chairman": a comma lost)."""
        return m.group(2)[:1].islower() and _AUXILIARY.search(m.group()) is None \
            and not NAME_BEFORE.search(text, max(m.start() - 40, 0), m.start())

    def _own_country_words(self, words: str, person: str, state: DocState) -> bool:
        """Whether the capitalised words of a description (after its article) can all describe
        ``person``: none, or a country's names and demonyms that are the country of ``person`` in
        the actor file, or that the words around the person's mentions hold ("the Chinese official"
        of Wang Yi; not "the Saudi king" of Vladimir Putin)."""
        capitals = [w for w in words.split() if w[:1].isupper()]
        if not capitals:
            return True
        countries = {self.actors.country_of(self.actors.lookup(w) or "") or "?" for w in capitals}
        if "?" in countries or len(countries) != 1:
            return False
        if person in self.known_names:
            return self.actors.country_of(person) in countries
        described = state.described.get(person, "")
        return all(w.lower() in described for w in capitals)

    def unnamed_member(self, text: str, at: int, org: str | None = None) -> bool:
        """Whether the organisation ``org`` named at ``at`` follows an unnamed member of it ("a
        reporter for the", "a spokesman at"): the organisation is then the source."""
        prep = _AFFILIATION.search(text, max(at - 14, 0), at)
        m = prep and DESCRIPTION.search(text, max(prep.start() - 60, 0), len(text[:prep.start()].rstrip()))
        member = bool(m) and (m.group(2).lower() in _SOURCE_WORDS or m.group(2).lower() in _PERSON_WORDS) \
            and not NAME_BEFORE.search(text, max(m.start() - 40, 0), m.start())
        if member and m.group(1).lower() in ("a", "an", "one"):
            self.unnamed = (m.group(2).lower(), org)
        return member
