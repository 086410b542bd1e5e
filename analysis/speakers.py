"""Who speaks in each sentence: the speech cues and the rules of attribution.

The actors and the words that refer to them come from :mod:`analysis.actors` (the actor file)
and :mod:`analysis.names` (names, roles, descriptions, pronouns); this module tells whose voice
each sentence is in.

:func:`attribute_speakers` adds to the sentences table

``speaker`` (str)
    Whose voice the sentence is in: an actor's canonical name, a person or organisation named
    in the text (``John Smith``), ``narrator`` (the author), ``both sides`` (statements of "the
    sides", "both sides", "the parties") or ``unknown`` (an unnamed source: "an official
    said", or a pronoun with nobody to refer to).
``speaker_evidence`` (str)
    The rule that decided and its cues with offsets into the document text, e.g.
    ``said [speech verb] 123-127; Wang Yi [actor] 100-107``; a name's span is the name alone.
``mentions`` (str)
    The actors spoken of in the sentence, in order of first appearance, joined by ``;``
    (countries included; people and organisations named in the text included; roles resolved).

The rules, in order:

1. **Reported speech**: a reporting verb of English news (said, told, noted, retorted, implored,
   conceded, made the remarks, ... see :data:`SPEECH_VERBS`; "called" when a quotation follows;
   not after an article, a possessive, a preposition or "was": "after reports") whose subject,
   just before it (after skipping "also", "in turn", auxiliaries, adverbs and a comma-delimited
   apposition), is an actor alias, a role, "the sides", a pronoun ("it" only where a clause
   starts: "In a statement, it said"; not inside a quotation), a capitalised name, a definite
   description or a document that names its author ("the earlier Tribune story", "a CNN
   report"); the subject of the clause before "and said" ("Smith took the stage and said"); the
   name before a relative clause ("Smith who chairs the panel said"); or a name just after it in
   postposed attributions (``..., said Maria Lopez``; not after a verb whose object is a person:
   "thanked"); or ``according to X`` (a document: its author, "a report from The Washington
   Post"); or "the remarks were made by X"; or "saying" after a clause ("China urged ...,
   saying", "... by saying"): the subject that starts the sentence (after a dateline and an
   introductory phrase: "On Monday,"). A name after a preposition ("who left in September
   told") is not the subject: the first person or organisation of the sentence is. A plural source without an article ("officials said", "police say") is
   ``unknown``, the police of a place ("Dayton police said") an organisation. A reporting
   clause after a comma ("China urged ..., the ministry said") is tried first, and a verb inside
   a quotation that opens the sentence is none of its attribution (:func:`reporting_order`).
2. **The sides**: "the sides" / "both sides" / "the parties" as the subject of a verb give
   ``both sides``.
3. **Quotations and carry-over**: a sentence without its own attribution inside a quotation
   (one opened by an earlier sentence of the paragraph, or one it opens, maybe after a
   connective: 'However, "all these ...') keeps the voice of
   the previous sentence, across paragraphs too; a quotation whose speaker is named only at its
   end ('"... It changes everything," Keller said.') gives that speaker to its earlier
   sentences. Otherwise a sentence stays in the voice of the previous sentence of the same
   paragraph when it goes on in that voice: it starts with a pronoun (he, she, they, we), "also"
   or "in turn", or with the speaker or the speaker's country ("China is ready to ..." after
   Wang Yi spoke).
4. Otherwise the sentence is the ``narrator``'s. The title is always the narrator's.

A singular unnamed source ("..., a senior economist said Saturday.") that news names a little
later ("Yao Jingyuan, chief economist with the bureau, made the remarks ...", "The statement was
made by ...") takes the name of that speaker: the person first named in full as the explicit
speaker of one of the next four sentences, before any other speaker, in a sentence that holds
the source's head word or its organisation.
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager

import numpy as np
import pandas as pd

from .actors import (BOTH_SIDES, NARRATOR, SEP, UNKNOWN, Actors, LeadWords, first_seen_codes, int_list,
                     reading_order, resolve_actors, word_matches)
from .names import (BARE_SOURCE_AFTER, DESCRIPTION, DOCUMENTS, HEAD_WORDS, NAME_BEFORE, PREPOSITION_BEFORE,
                    SOURCE_PLURALS, TITLES, DocState, Referents, headline, inside, name_runs, parse_run, to_end)
from .reporting import (DESCRIBER, MADE_BY, OBJECT_PRONOUN, OBJECT_VERBS, POSSESSIVE_DESCRIPTION, POSSESSOR_AFTER,
                        QUOTE_MARK, QUOTE_START, SIDES, SPEECH, SPEECH_LONG, SPEECH_SECOND, SPEECH_VERBS, SPEECH_WORDS,
                        SUBJECT_FORM, THANKS_TO, THANKS_VERBS, after_titles, end_rule, quotations, reporting_order,
                        subject_ends)
from .runs import CAPITAL
from .text import with_columns
from .words import Words, check_index

__all__ = ["attribute_speakers", "speaker_columns", "SPEECH_VERBS"]

_ACCORDING = re.compile(r"(?i)\baccording\s+to\s+")
_SIDES_SUBJECT = re.compile(
    r"(?i)(?<![\w-])" + SIDES + r"(?=\s+(?:(?:also|further|then|again|jointly|both|have|has|had|will|would)\s+)*"
    r"(?:[a-z]+ed|agree|discuss|spoke|held|met|underscore|exchange|sign|stress|note|express|reaffirm|"
    r"review|consider|emphasi[sz]e|pledge|vow|call|urge|seek|want|intend|hope|believe|say|said|are|"
    r"were|will|would|can|could|should|must)\b)"
)
_CONTINUATION = re.compile(
    r"(?i)^[\s\"“‘'(]*(?:(?:additionally|moreover|furthermore|also|in\s+addition|besides|in\s+turn|"
    r"according\s+to\s+(?:him|her|them)),?\s+)*"
)
_CONTINUES_VOICE = re.compile(r"(?i)^(?:he|she|they|we|i|our|it)\b|^[\"“‘]")
_ALSO_IN_TURN = re.compile(r"(?i)\b(?:in\s+turn|also)\b")
_THE = re.compile(r"(?i)the\s+")
_SOURCE_AFTER = re.compile(r"(?i)(?:the|a|an|his|her|its|their)\s+(?:[\w'’\-]+\s+){0,4}?(?:officials?|spokes(?:man|"
                           r"woman|person)|sources?|ministry|analysts?|experts?|lawyers?|attorneys?|aides?|"
                           + "|".join(sorted(DOCUMENTS)) + r")\b")


#: Who speaks for the one a possessive names ("his spokesman", "its press office").
_FOR_WHOM = re.compile(r"(?<![\w'’\-])(his|her|its|their)\s+(?:[a-z\-]+\s+)?(?:spokes(?:man|woman|person|people)|"
                       r"(?:press\s+)?office|press\s+service)$", re.IGNORECASE)
_FOR_WHOM_ENDS = ("spokesman", "spokeswoman", "spokesperson", "spokespeople", "office", "service")
_POSSESSIVE_PRONOUN = {"his": "he", "her": "she", "its": "it", "their": "they"}
#: "what she says": the pronoun is the subject of an object clause, not an attribution.
#: A relative pronoun after which the text before a verb holds no comma or quotation mark.
_RELATIVE = re.compile(r"(?<![\w'’\-])(?<!\bin\s)(?<!\bof\s)(?<!\bby\s)(?:who|which)\s(?=[^,;:\"“”]*$)")
#: A word of a relative clause that is not an auxiliary or an adverb (the clause has a verb of its own).
_NOT_AUXILIARY = re.compile(r"(?<![\w'’\-])(?!(?:has|have|had|is|was|are|were|be|been|being|also|once|then|since|"
                            r"long|already|later|earlier|seldom|never|not|"
                            r"[a-z]+ly)(?![\w'’\-]))[a-z]")
#: Capitalised words after a preposition at the end of a text ("who worked with Keillor").
_AFTER_PREPOSITION = re.compile(r"(?<![\w'’\-])(?:in|on|at|for|from|with|by|of|to|about|against|under|over|than|"
                                r"into)\s+(?:the\s+)?(?:" + CAPITAL + r"[\w.'’\-]*\s+){0,3}" + CAPITAL + r"[\w.'’\-]*$")
#: The words after which a speech verb is a noun ("after reports", "his claims"), a passive
#: ("was reported") or the verb of a relative clause about a thing ("a show that explained").
_NOT_SUBJECT = frozenset("""the a an his her its their our my your of after before by for with about amid over despite
    following to is was are were be been being that which""".split())
#: A dateline ("BERLIN (Reuters) - ", "BEIJING, Dec. 3 (Xinhua) -- ", "WASHINGTON -- ").
_DATELINE = re.compile(r"[\sA-Z.,'’\-]*(?:[A-Z][a-z]{2}\.?\s+\d{1,2}\s*)?(?:\([^()]{1,30}\)\s*[-—–]+|--|—|–)\s*")
#: Lower-case words that may come before the subject at the start of a clause (with titles and names).
_SUBJECT_LEAD = frozenset("the and but also even then so yet meanwhile however now later earlier".split())
#: Prepositions before a place ("a professor in South Korea said"; not "after Italy asked").
_PLACE_PREPOSITION = re.compile(r"(?<![\w'’\-])(?:in|of|from|at|to|for|with|by|about|against|on|across)\s+(?:the\s+)?$")
_CAPITAL_NEXT = re.compile(r"\s*" + CAPITAL)
_PRONOUN_START = re.compile(r"(?:he|she|they|we|He|She|They|We|I)(?![\w'’])")
_WHAT_BEFORE = re.compile(r"(?i)\bwhat\s+$")

#: A subordinate clause that opens a sentence ("However, when asked why Prime Minister Modi has not ...,").
_OPENING_CLAUSE = re.compile(r"(?i)^\W*(?:(?:however|but|and|yet|so|still),?\s+)?(?:when|why|whether|if|after|before|"
                             r"although|though|while|because|since|as|once|unless|until)\b[^,;:.]*,")
#: The base forms among the reporting verbs (of a plural subject: "officials say"), and the words before
#: one that leave it without a subject of its own ("and tell her", "declined to say", "would say").
_BASE_FORMS = frozenset({"say", "tell"})
_NOT_BEFORE_BASE = frozenset("""and or to not would will could can should might must may did do does let let's
    never also just""".split())
#: A title and its portfolio before a run that is part of it ("the minister of Investment, Trade and ").
_IN_PORTFOLIO = re.compile(r"(?<![\w'’\-])(?:[Tt]he\s+|[Aa]n?\s+)?(?:[\w'’\-]+\s+){0,2}?([A-Za-z]+)\s+(?:of|for)\s+"
                           r"(?:the\s+)?(?:" + CAPITAL + r"[\w&'’\-]*,?\s+(?:(?:and|&)\s+)?)*$")
#: Capitalised words of a portfolio, each followed by a comma ("Investment, " of "Investment, Trade and
#: Industry Minister Ann Lee").
_PORTFOLIO_LIST = re.compile(r",\s+(?:" + CAPITAL + r"[\w&'’\-]*,\s+)*")
#: What ends a clause after a name ("said Zheng Yongnian, a scholar", "said Ann Carter.").
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)\"”’»]|$)")
#: What comes before a "saying" that reports its sentence's subject's words.
_SAYING_AFTER = re.compile(r"(?:,|(?<![\w'’\-])(?:by|while|when|before|after))\s*$")
#: An introductory phrase before a subject ("On Monday,", "In a statement on its website,").
_INTRODUCTION = re.compile(r"(?i)(?:on|in|at|during|after|before|earlier|later|last|this|meanwhile|however)\b"
                           r"[^,.;:\"“]{0,60},\s+")
#: A connective that opens a sentence ("Yet, ", "But ").
_CONNECTIVE = re.compile(r"(?i)(?:yet|but|and|still|so|also|instead|thus|then|however|meanwhile),?\s+")
#: A quotation introduced as someone's words ('In his words, "I am ready ..."').
_IN_WORDS = re.compile(r"^\W*in\s+(his|her|its|their)\s+(?:own\s+)?words?\b", re.IGNORECASE)
#: Words inside a subject that are neither capitalised nor its head ("the Ministry of Commerce").
_SUBJECT_GLUE = frozenset("the a an of for and".split())
_NON_SPACE = re.compile(r"\S+")


# ----------------------------------------------------------------------------- attribution


class _Attributor(Referents):
    """The attribution rules (see the module docstring), one sentence at a time; what a name,
    role, description or pronoun refers to comes from :class:`~analysis.names.Referents`.

    Sentences arrive with their pattern matches already found (one pass over the whole table,
    see :func:`attribute_speakers`); the per-sentence work uses cheap necessary conditions
    (``str.endswith`` on a rule's possible last words) before each end-anchored search.
    """

    def __init__(self, actors: Actors, *, evidence: bool = True):
        super().__init__(actors, evidence=evidence)
        self._quoted = False  # the sentence being attributed is in a quotation

    def _subject_at_end(self, text: str, n: int, found, state, base: int):
        """The speaker whose name ends ``text[:n]``, or None; before "and" ("Smith took the stage
        and said"), the subject of the clause (:meth:`_clause_subject`)."""
        if not n:
            return None
        if text.endswith(" and", 0, n):
            return self._clause_subject(text, n - 4, found, state, base)
        ev = self.ev
        if text.endswith(_FOR_WHOM_ENDS, 0, n):  # "his spokesman said": whom the spokesman speaks for
            m = _FOR_WHOM.search(text, max(n - 40, 0), n)
            principal = m and self.pronoun(_POSSESSIVE_PRONOUN[m.group(1).lower()], state, m.start())
            if principal and principal not in (NARRATOR, UNKNOWN):
                return principal, f"{m.group()} [speaks for -> {principal}] {base + m.start()}-{base + n}" if ev else ""
        for match in found:
            if match[1] == n:
                start, end_, name, kind, surface = match
                if self.kinds.get(name) == "country" and any(e[3] == "org" and e[4] < start < e[5]
                                                             for e in self.named_runs):
                    continue  # "Transparency International UK said": the organisation, not the country
                if name is None:
                    return self._unresolved_role(text, start, end_, surface, state, base, text[n - 1:n].islower())
                if self.kinds.get(name) == "country" and _PLACE_PREPOSITION.search(text, max(start - 12, 0), start):
                    return self._clause_subject(text, start, found, state, base)  # "the troops in Iraq said"
                label = "actor" if kind == "alias" else "role"
                return name, f"{surface} [{label}] {base + start}-{base + end_}" if ev else ""
        for entry in self.named_runs:
            if entry[1] == n or entry[5] == n:
                lo = max(entry[0] - 100, 0)  # (not "the chairman of the DNC"; " of " or " for " first, cheaply)
                portfolio = _IN_PORTFOLIO.search(text, lo, entry[0]) if entry[3] in (None, "single") and (
                    text.find(" of ", lo, entry[0]) >= 0 or text.find(" for ", lo, entry[0]) >= 0) else None
                if portfolio and portfolio.group(1).lower() in TITLES:
                    # "Ann Lee, the minister of Investment, Trade and Industry told": the name before the
                    # description (else the description: "The minister of Trade said")
                    before = text[:portfolio.start()].rstrip()
                    hit = (self._subject_at_end(text, len(before) - 1, found, state, base) if before.endswith(",")
                           else self.description(text, portfolio.end(1), state, base))
                    if hit is not None:
                        return hit
                # after a preposition, a word that names nobody known or an organisation is no subject
                # ("The King Center in Atlanta said", "a professor at Howard University told"): the
                # subject of the clause is
                if entry[3] in (None, "org") or (entry[3] == "single" and entry[2] in state.singles):
                    if PREPOSITION_BEFORE.search(text, max(entry[0] - 12, 0), entry[0]):
                        hit = self._clause_subject(text, entry[0], found, state, base)
                        if (hit is None or hit[0] == UNKNOWN) and entry[3] == "org" and self.unnamed_member(
                                text, entry[0], entry[2]):
                            return self.named(entry, state, base)  # "a reporter for the New York Times said"
                        return hit
                if entry[3] is not None:
                    return self.named(entry, state, base)
                if entry[1] == n and text[entry[0]:n].rsplit(None, 1)[-1].lower() in TITLES:  # "the Information
                    return self.description(text, n, state, base)  # and Social Development Minister noted"
        rule = end_rule(text, n)
        if rule is None:
            return self.description(text, n, state, base) if text[n - 1:n].islower() else None
        kind, raw, start, end = rule
        if kind == "sides":
            return BOTH_SIDES, f"{raw} [both sides] {base + start}-{base + end}" if ev else ""
        if kind == "pronoun":
            if _WHAT_BEFORE.search(text, max(start - 6, 0), start):  # "what she says": no attribution
                return None
            if raw in ("it", "It") and self.spans and inside(self.spans, start):  # '"It says that we ...'
                return None  # (a thing the speaker quotes from, not a speaker)
        speaker = self.pronoun(raw, state, start)
        if speaker == UNKNOWN and self._quoted and raw in ("I", "i", "we", "We"):  # "I said" inside a quotation
            return None
        return speaker, f"{raw} [pronoun] {base + start}-{base + end}" if ev else ""

    def _unresolved_role(self, text: str, start: int, end: int, surface: str, state, base: int, describe: bool):
        """The speaker of a role of the actor file at ``start``-``end`` that none of its holders
        fits: with ``describe``, the person named in the text whom the description ending there
        describes ("Wang Wentao, minister of commerce, said ... The minister added"), else ``unknown``."""
        hit = self.description(text, end, state, base) if describe else None
        if hit is not None and hit[0] != UNKNOWN:
            return hit
        return UNKNOWN, f"{surface} [unresolved role] {base + start}-{base + end}" if self.ev else ""

    def _relative(self, text: str, before: str, relative: re.Match, found, state, base: int):
        """The speaker of a verb after the relative clause ``relative`` that ends ``before`` ("Smith
        who chairs the panel said"; not "Smith who had said"): the name before "who" or "which", or when that
        name follows a preposition ("a lecturer at Jiaotong University who ..."), the subject of
        the clause; or None."""
        if not _NOT_AUXILIARY.search(before, relative.end()) or (self.spans and inside(self.spans, relative.start())):
            return None
        n = len(before[:relative.start()].rstrip(" ,"))
        if _AFTER_PREPOSITION.search(before, 0, n):
            return self._clause_subject(text, n, found, state, base)
        hit = self._subject_at_end(text, n, found, state, base)
        if hit is not None and hit[0] == UNKNOWN:  # "Ann Lee a former official who left ...": the name
            m = DESCRIPTION.search(text, max(n - 80, 0), n)
            if m and NAME_BEFORE.search(text, max(m.start() - 40, 0), m.start()):
                hit = self._clause_subject(text, n, found, state, base) or hit
        return hit

    def _clause_subject(self, text: str, n: int, found, state, base: int):
        """The subject of the clause that ends ``text[:n]``: the first actor or name in it, outside
        quotations and not after a preposition; else a pronoun that starts the sentence; or None."""
        lead = _DATELINE.match(text) or _CONTINUATION.match(text)
        begin = lead.end() if lead else 0
        for start, end in self.spans:  # a quotation that opens the sentence is no part of the clause
            if start <= begin + 2 and begin < end <= n:
                begin = end
        comma = text.rfind(",", begin, n)
        begin = comma + 1 if comma >= 0 else begin
        first = min([(m[0], 0, m[1]) for m in found if begin <= m[0] < n and m[2]
                     and not _CAPITAL_NEXT.match(text, m[1])]  # (not a modifier: "U.N. Secretary-General")
                    + [(e[0], 1, k) for k, e in enumerate(self.named_runs) if begin <= e[0] < n
                       and e[3] in ("person", "org", "known")],  # (not a word that names nobody: "Dozens of")
                    default=None)
        if first is None:
            pronoun = _PRONOUN_START.match(text, begin + len(text[begin:n]) - len(text[begin:n].lstrip()))
            return self._subject_at_end(text, pronoun.end(), found, state, base) if pronoun else None
        start, is_run, end = first
        entry = self.named_runs[end] if is_run else None
        end = entry[5] if is_run else end
        if any(not w[:1].isupper() and w not in _SUBJECT_LEAD and w not in TITLES for w in text[begin:start].split()) \
                or text.startswith(("'s", "’s"), end):
            return None  # the clause starts with other words (not names, titles), or the name is a possessor
        return self.named(entry, state, base) if entry else self._subject_at_end(
            text, end, found, state, base)

    def _main_subject(self, text: str, at: int, found, state, base: int):
        """The speaker of "saying" at ``at`` after a clause (", saying", "by saying", "while
        saying"): the subject that starts the sentence (after a dateline and an introductory
        phrase: "On Monday,"), a name, a description or a pronoun; or None."""
        if not _SAYING_AFTER.search(text, max(at - 8, 0), at):
            return None  # "was quoted as saying", "kept saying"
        lead = _DATELINE.match(text) or _CONTINUATION.match(text)
        begin = lead.end() if lead else 0
        for start, end in self.spans:  # (a quotation that opens the sentence is no subject)
            if start <= begin + 2 and begin < end <= at:
                begin = end + len(text[end:at]) - len(text[end:at].lstrip(" ,"))
        intro = _CONNECTIVE.match(text, begin)  # "Yet, Kim left the door open ..., saying"
        if intro:
            begin = intro.end()
        intro = _INTRODUCTION.match(text, begin)
        if intro:
            begin = intro.end()
        # the subject's words: capitalised ones, and the words of a description ("The US president")
        end = None
        for word in _NON_SPACE.finditer(text, begin, at):
            w = word.group().rstrip(",")
            if not (w[:1].isupper() or w.lower() in HEAD_WORDS or w.lower() in _SUBJECT_GLUE):
                if w.lower() in SOURCE_PLURALS:  # "Western academics have appealed ..., saying"
                    return UNKNOWN, (f"{text[begin:word.end()]} [unnamed source] {base + begin}-{base + word.end()}"
                                     if self.ev else "")
                break
            if w.lower() not in _SUBJECT_GLUE:
                end = word.start() + len(w)
            if word.group().endswith(","):
                break
        if end is None or end > at:
            return None
        return self._subject_at_end(text, end, found, state, base)

    @staticmethod
    def _after(text: str, start: int) -> tuple[set[int], re.Match | None]:
        """Where a name right after ``start`` can begin (after white space, and after "the"), and
        the match of that "the" (or None)."""
        pos = start + len(text[start:]) - len(text[start:].lstrip())
        article = _THE.match(text, pos)
        at = {pos, article.end()} if article else {pos}
        titled = after_titles(text, article.end() if article else pos)  # "said commissioner J.C. Warren"
        if titled is not None:
            at.add(titled)
        return at, article

    def _postposed(self, text: str, start: int, found, state, base: int):
        """The speaker named right after ``start`` when that name ends its clause ("..., said
        Zheng Yongnian, a scholar with ..."; not "said Ann Carter was wrong"), or None."""
        at, _ = self._after(text, start)
        end = next((m[1] for m in found if m[0] in at), None)
        if end is None:
            end = next((e[1] for e in self.named_runs if e[0] in at and e[3] is not None), None)
        if end is None or not _CLAUSE_END.match(text, end):
            return None
        return self.subject_after(text, start, found, state, base)

    def subject_after(self, text: str, start: int, found, state, base: int):
        """The speaker named right after ``start`` ("said Maria Lopez", "according to X")."""
        at, article = self._after(text, start)
        pos = min(at)
        ev = self.ev
        for s, e, name, kind, surface in found:
            if s in at:
                if name is None:  # ("..., said the minister")
                    return self._unresolved_role(text, s, e, surface, state, base, article is not None)
                if text.startswith(("'s ", "’s "), e):  # "according to China's Ministry of Commerce": the ministry
                    owned = next((r for r in self.named_runs if r[0] == e + 3 and r[3] == "org"), None)
                    if owned is not None:
                        return self.named(owned, state, base)
                label = "actor" if kind == "alias" else "role"
                return name, f"{surface} [{label}] {base + s}-{base + e}" if ev else ""
        m = _SOURCE_AFTER.match(text, pos)
        if m:  # "said the spokesman": the person it describes, else an unnamed source
            head = m.group().split()[-1].lower()
            if head in DOCUMENTS:  # "according to a CNN report"; a document of nobody named: no speaker
                return self.document(m, state, base, subject=False)
            found = self.definite(m, head, state, base) if article else None
            return found or (UNKNOWN, f"{m.group()} [unnamed source] {base + m.start()}-{base + m.end()}" if ev else "")
        possessive = POSSESSIVE_DESCRIPTION.match(text, pos)
        if possessive:  # "according to Africa's richest man, Nigerian billionaire Aliko Dangote": the name
            entry = next((e for e in self.named_runs if possessive.end() <= e[0] < possessive.end() + 40 and e[3] ==
                          "person" and DESCRIBER.fullmatch(text, possessive.end(), e[0])), None)
            if entry is not None:
                return self.named(entry, state, base)
        pronoun = OBJECT_PRONOUN.match(text, pos)  # "according to him": whom "he" refers to
        if pronoun:
            speaker = self.pronoun(SUBJECT_FORM[pronoun.group(1).lower()], state, pos)
            return speaker, f"{pronoun.group(1)} [pronoun] {base + pos}-{base + pronoun.end(1)}" if ev else ""
        bare = BARE_SOURCE_AFTER.match(text, pos)  # "according to (Johnston) police", "said officials"
        if bare:
            return self.bare_source(text, bare.end(), state, base, start=pos)
        for k, entry in enumerate(self.named_runs):
            if entry[0] in at:
                listed = _PORTFOLIO_LIST.match(text, entry[1]) if entry[3] in (None, "single") else None
                if listed and k + 1 < len(self.named_runs) and self.named_runs[k + 1][0] == listed.end() \
                        and self.named_runs[k + 1][3] == "person":
                    entry = self.named_runs[k + 1]  # "said Investment, Trade and Industry Minister Ann Lee"
                return self.named(entry, state, base)
        return None

    # -- one sentence ----------------------------------------------------------
    def attribute(self, text: str, base: int, para: int, is_title: bool, state: DocState, raw, verbs, acc, sides,
                  runs=()):
        """Attribute one sentence, given its pattern matches as :func:`_scan` finds them: ``raw``
        (``actors.find(text)`` with each match's text), the speech verbs as ``(start, end, verb)``,
        the first "according to" and the first "the sides" subject (matches or None), and its
        capitalised runs (:func:`name_runs`).

        Returns ``(speaker, evidence, mentions)`` and updates ``state`` (``state.quote`` tells
        the caller what the sentence does to an open quotation: see :func:`attribute_speakers`).
        """
        found = self.found = self.matches(raw, state) if raw else []
        self.text = text
        in_quote = state.in_quote and para == state.prev_para  # a new paragraph opens its own quotation
        spans, state.in_quote = self.spans, _ = quotations(text, in_quote)
        self.new_here, self.here = {}, {}
        self.unnamed = None
        if runs and headline(text):  # a headline's capitals name nobody
            for run in runs:  # (but its last two words may be a person's name that the text gives later
                parsed = parse_run(run[2])  # by surname alone: "Hero Aaron Feis ...", then "Feis said")
                if parsed and parsed[0] == "person":
                    name = " ".join(parsed[1].split()[-2:])
                    state.headline.setdefault(name.split()[-1], name)
            runs = ()
        named = self.named_runs = self.register(text, runs, found, state) if runs else ()
        # mentions in order of first appearance: the actors of the file, and the named ones
        mentions = []
        for match in found:
            name = match[2]
            if name and name not in mentions:
                mentions.append(name)
                if self.kinds.get(name) == "organisation":
                    to_end(state.orgs, name)
        if named:
            places = [(e[4], e[2]) for e in named if e[3] == "person" or e[3] == "org"]
            if places:
                if mentions:
                    places += [(m[0], m[2]) for m in found if m[2]]
                    places.sort(key=lambda p: p[0])
                mentions = list(dict.fromkeys(name for _, name in places))
        quoted = self._quoted = in_quote or QUOTE_START.match(text) is not None
        explicit = False
        ev = self.ev
        speaker, evidence = NARRATOR, "narrator [no speech cue]" if ev else ""
        if is_title:
            evidence = "narrator [title]" if ev else ""
        else:
            best = None  # (position, speaker, evidence) of the first cue
            postposed = False  # its speaker is named after the verb
            if verbs:
                subject_at_end = self._subject_at_end
                if len(verbs) > 1 or spans:
                    verbs = reporting_order(text, verbs, spans, quoted and QUOTE_START.match(text) is not None)
                for v_start, v_end, verb in verbs:
                    if verb == "saying":  # "China urged ..., saying", "The president ... by saying": the subject
                        hit = self._main_subject(text, v_start, found, state, base)  # of the sentence
                        if hit is not None:
                            best = (v_start, hit[0], f"{verb} [speech verb] {base + v_start}-{base + v_end}; "
                                                     f"{hit[1]}" if ev else "")
                            break
                        continue
                    if verb in THANKS_VERBS and THANKS_TO.match(text, v_start):
                        continue
                    if verb == "called" and not QUOTE_MARK.search(text, v_end):  # called it "a fraud"
                        continue
                    if verb in _BASE_FORMS and text[:v_start].rstrip().rpartition(" ")[2].lower() in _NOT_BEFORE_BASE:
                        continue  # "and tell her", "declined to say": no subject of its own
                    # the speaker whose name ends the text before the verb (or before its adverbs)
                    before = text[:v_start].rstrip()
                    if before[-12:].rpartition(" ")[2].lower() in _NOT_SUBJECT:
                        continue  # "after reports", "was reported": a noun, or a passive
                    hit = None
                    # a verb that can come before its speaker ('"...," said Maria Lopez'), after [,"”’]
                    may_postpose = before and before[-1] in ',"”’»' and verb not in OBJECT_VERBS and " " not in verb
                    if may_postpose:  # '..., said Zheng Yongnian, a scholar': a name that ends its clause
                        hit = self._postposed(text, v_end, found, state, base)
                        postposed = hit is not None
                    if hit is None:
                        for n in subject_ends(before):
                            hit = subject_at_end(text, n, found, state, base)
                            if hit:
                                break
                        else:
                            hit = None
                    if hit is None and before.endswith(", who"):  # "Councilman Jonathan Grieder, who said": the name
                        hit = subject_at_end(text, len(before) - 5, found, state, base)  # (not "the critics who said")
                    relative = _RELATIVE.search(before) if " wh" in before else None
                    # after a relative clause: its name, unless the verb has its own subject (a name
                    # not after a preposition, after a long clause: "... after a year of talks Feher said")
                    if relative and (hit is None or 3 <= len(before[relative.end():].split()) <= 7
                                     or _AFTER_PREPOSITION.search(before)):
                        hit = self._relative(text, before, relative, found, state, base) or hit
                    if hit is None and may_postpose and not POSSESSOR_AFTER.match(text, v_end):  # (not "said
                        hit = self.subject_after(text, v_end, found, state, base)  # China's GDP grew")
                        postposed = hit is not None
                    if hit is not None and verb in _BASE_FORMS and hit[0] not in state.persons and " " not in hit[0] \
                            and hit[0].endswith("s") and hit[0] not in (NARRATOR, UNKNOWN, BOTH_SIDES):
                        hit = (UNKNOWN, hit[1])  # "Toxicologists say": a plural, not a name
                    if hit is not None:
                        cue = f"{verb} [speech verb] {base + v_start}-{base + v_end}; {hit[1]}" if ev else ""
                        best = (v_start, hit[0], cue)
                        break
            words = _IN_WORDS.match(text) if best is None else None  # 'In his words, "I am ...'
            if words and QUOTE_MARK.search(text):
                owner = self.pronoun(_POSSESSIVE_PRONOUN[words.group(1).lower()], state, words.start(1))
                if owner and owner not in (NARRATOR, UNKNOWN):
                    best = (words.start(1), owner, f"{words.group().strip()} [words of -> {owner}] "
                                                   f"{base + words.start(1)}-{base + words.end()}" if ev else "")
            if best is None and " made by " in text:  # "The statement was made by Wang Tongsan, ..."
                made = MADE_BY.search(text)
                hit = made and self.subject_after(text, made.end(), found, state, base)
                if hit:
                    best = (made.start(), hit[0], f"{made.group().strip()} [made by] {base + made.start()}-"
                                                  f"{base + made.end()}; {hit[1]}" if ev else "")
            if acc:  # (a reporting verb with its own speaker comes first: "According to the transcript, Trump said")
                hit = self.subject_after(text, acc.end(), found, state, base)
                if hit is not None and best is None:
                    cue = (f"{acc.group().strip()} [according to] {base + acc.start()}-{base + acc.end()}; {hit[1]}"
                           if ev else "")
                    best = (acc.start(), hit[0], cue)
            # (not "the sides" of a quotation before its speaker: '"Both sides gain," said Ana')
            if sides and (best is None or (sides.start() < best[0] and not postposed)):
                best = (sides.start(), BOTH_SIDES,
                        f"{sides.group()} [both sides] {base + sides.start()}-{base + sides.end()}" if ev else "")
            if best is not None:
                _, speaker, evidence = best
                explicit = True
            else:
                carried = self.carry_over(text, para, found, state, base, quoted)
                if carried is not None:
                    speaker, evidence = state.prev_speaker, carried
        # a quotation whose speaker is named only at its end: the caller gives its earlier
        # sentences that speaker ("pending" until then; "resolve" at the sentence that names it)
        if explicit and in_quote and speaker not in (UNKNOWN, BOTH_SIDES):
            state.quote = "resolve"
        elif speaker == NARRATOR and quoted and not is_title:
            state.quote = "pending" if state.in_quote else "end"
        else:
            state.quote = "" if state.in_quote else "end"
        self._delayed_source(text, speaker, explicit, state)
        # remember
        persons = state.persons
        known_persons = self.known_persons
        for start, _, name, _, _ in found:  # (a person named inside a quotation is no referent outside it)
            if name in known_persons and not (spans and inside(spans, start)):
                self.here.setdefault(name, start)
                to_end(persons, name)
        if self.here:  # (the subject, most often: not a name in an opening subordinate clause when one follows it)
            clause = _OPENING_CLAUSE.match(text) if len(self.here) > 1 else None
            main = {p: at for p, at in self.here.items() if at >= clause.end()} if clause else None
            pool = main or self.here
            state.salient = min(pool, key=pool.get)
        if speaker not in (NARRATOR, BOTH_SIDES, UNKNOWN) and speaker not in state.orgs and (
                speaker in known_persons or speaker not in self.known_names):
            to_end(persons, speaker)
        state.speakers.append(speaker)
        state.last_read = (found, named)
        state.prev_speaker, state.prev_para = speaker, para
        return speaker, evidence, ";".join(mentions)

    def _delayed_source(self, text: str, speaker: str, explicit: bool, state: DocState) -> None:
        """News names a source after quoting it ("..., a senior economist said Saturday." then
        "Yao Jingyuan, chief economist with the bureau, made the remarks ..."): a singular unnamed
        source is named by the person first named in full as the speaker of a sentence within the
        next four, before any other speaker, when that sentence holds the source's head word or its
        organisation ("The statement was made by Wang Tongsan, director ... under the Academy"). Sets
        ``state.source_here`` and ``state.identified`` for the caller."""
        source, state.identified = state.source, False
        state.source_here = bool(explicit and self.unnamed and speaker in (UNKNOWN, self.unnamed[1]))
        if state.source_here:
            state.source = (*self.unnamed, 4)
        elif source is not None:
            head, org, left = source
            if explicit and speaker in self.new_here and (
                    re.search(r"(?<![\w'’\-])" + re.escape(head) + r"(?![\w'’\-])", text.lower())
                    or (org and org in text)):
                state.identified, state.source = True, None
            else:
                state.source = (head, org, left - 1) if left > 1 and not explicit else None

    def carry_over(self, text, para, found, state, base, quoted=False) -> str | None:
        prev = state.prev_speaker
        if prev == NARRATOR or (para != state.prev_para and not quoted):
            return None
        lead = _CONTINUATION.match(text)
        pos = lead.end() if lead else 0
        rest = text[pos:]
        ev = self.ev
        tail = f"; from the previous sentence ({prev})" if ev else ""
        if quoted and prev not in (BOTH_SIDES, UNKNOWN):
            return f"carry-over [quotation goes on] {base}-{base + pos}{tail}" if ev else ""
        m = _CONTINUES_VOICE.match(rest)
        if m:
            return f"carry-over [same voice] {m.group()} {base + pos}-{base + pos + m.end()}{tail}" if ev else ""
        m = _ALSO_IN_TURN.search(text, 0, pos)
        if m:
            return f"carry-over [same voice] {m.group()} {base + m.start()}-{base + m.end()}{tail}" if ev else ""
        if prev == BOTH_SIDES:
            return None
        own = {prev, self.actors.country_of(prev)} - {""}
        for start, end, name, _, surface in found:
            if start > pos + 4:
                break
            if name in own:
                return f"carry-over [same voice] {surface} {base + start}-{base + end}{tail}" if ev else ""
        return None


#: The words :func:`_scan` looks for: the sets ``"speech"``, ``"speech long"``, ``"speech second"``
#: (see :data:`SPEECH_WORDS`), ``"according"`` and ``"sides"``.
_SPEECH_SETS = LeadWords({"speech": SPEECH_WORDS, "speech long": SPEECH_LONG, "speech second": SPEECH_SECOND,
                          "according": ("according",), "sides": ("sides", "parties")})


def _verb_finish(group, verb: str) -> tuple[str]:
    """The rest of a speech verb's tuple after its offsets (see :func:`word_matches`)."""
    return (verb,)


def _scan(actors: Actors, texts: list[str], index: Words) -> tuple[list, list, list, list]:
    """The matches of the patterns that do not depend on the document state, in each text:
    ``actors.find(text)`` (each match with its text as a fifth item), the speech verbs as
    ``(start, end, verb)``, and the first match of :data:`_ACCORDING` and of
    :data:`_SIDES_SUBJECT` (or None), as four lists.

    ``index`` is the :class:`~analysis.words.Words` index of the texts (the chunk's): each
    pattern is tried only at its words that its matches can start with and at its inner starts
    (:meth:`Actors.find_words`, :data:`_SPEECH_SETS`, :meth:`~analysis.words.Words.inner_starts`);
    the patterns decide.
    """
    joined = SEP.join(texts)
    sizes = [len(t) for t in texts]
    aliases = actors.find_words(joined, sizes, index)
    sets = _SPEECH_SETS
    bit = sets.bit
    words = np.flatnonzero(~index.is_mark)
    masks = sets.masks(index, words)
    starts, ends = index.starts[words], index.ends[words]
    inner = index.inner_starts()
    # a verb of one word, or the first word of a phrase before its second word; or an inner start
    one = (masks & bit["speech"]) != 0
    phrase = ((masks & bit["speech long"]) != 0) & np.append((masks[1:] & bit["speech second"]) != 0, False)
    at = np.flatnonzero(one | phrase)
    places = np.concatenate([starts[at], inner])
    stops = np.concatenate([ends[at], inner])
    bare = np.concatenate([(masks[at] & bit["speech long"]) == 0, np.zeros(len(inner), dtype=bool)])
    order = np.argsort(places, kind="stable")
    verbs = word_matches(SPEECH, joined, sizes, _verb_finish, places[order].tolist(), stops[order].tolist(),
                         bare[order].tolist())
    bounds = np.cumsum([size + 1 for size in sizes])  # where each text's separator ends
    offsets = np.concatenate(([0], bounds[:-1]))  # where each text starts
    # the texts that hold a word of each of the other patterns' matches: a search in each, from
    # the first such word or the word before the word before it ("the two sides", "all the
    # parties"): every match holds one and starts there at most two words before it (or, for
    # "according", at an inner start before an "a")
    firsts = []
    for pattern, name, back in ((_ACCORDING, "according", 0), (_SIDES_SUBJECT, "sides", 2)):
        first: list = [None] * len(texts)
        at = np.flatnonzero(masks & bit[name])
        anchors, froms = starts[at], starts[np.maximum(at - back, 0)]
        if back == 0 and len(inner):
            anchors = froms = np.sort(np.concatenate([anchors, np.array(
                [q for q in inner.tolist() if joined[q] in "aA"], dtype=np.int64)]))
        ks = np.searchsorted(bounds, anchors, side="right")
        for k, pos in zip(ks.tolist(), (froms - offsets[ks]).tolist()):
            if first[k] is None:
                first[k] = pattern.search(texts[k], max(pos, 0))
        firsts.append(first)
    return aliases, verbs, firsts[0], firsts[1]


@contextmanager
def _gc_paused():
    """Pause Python's cyclic garbage collector (if it runs) in the block. The attribution makes
    several small tuples and lists per sentence that live to the end and hold no cycles; the
    collector, started every few hundred of them, would walk them all again and again (a fifth
    of the time of a table of 40,000 sentences). Nothing is lost: what is garbage at the end
    is collected when the collector runs next."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def attribute_speakers(sentences: pd.DataFrame, *, actors=None, evidence: bool = True,
                       index: Words | None = None) -> pd.DataFrame:
    """Add who speaks (``speaker``, ``speaker_evidence``) and who is spoken of (``mentions``).

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentences table (``text``; ``doc_id``, ``sent_id``, ``paragraph_id``
        and ``start`` are used when present: without ``doc_id`` all rows are one
        document, without ``start`` offsets are relative to the sentence).
    actors : Actors, str, Path, mapping or None
        The actors (``None``: the default file; a path: :func:`~analysis.actors.load_actors`).
    evidence : bool, default True
        Build the ``speaker_evidence`` strings; ``False`` leaves them empty
        (faster, for document-level output). The other columns are the same.
    index : Words or None
        The :class:`~analysis.words.Words` index of the texts (the chunk's, built once for
        every stage); ``None`` builds it.

    Returns
    -------
    pandas.DataFrame
        A copy of ``sentences`` with ``speaker``, ``speaker_evidence`` and
        ``mentions`` (see the module docstring), in the input row order.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [1, 2, 3], "paragraph_id": [1, 1, 1],
    ...                   "start": [0, 31, 68],
    ...                   "text": ["Wang Yi said Beijing is ready.", "China will deepen ties with Astana.",
    ...                            "The sides signed a plan."]})
    >>> attribute_speakers(s)[["speaker", "mentions"]].values.tolist()
    [['Wang Yi', 'Wang Yi;China'], ['Wang Yi', 'China;Kazakhstan'], ['both sides', '']]
    >>> attribute_speakers(s, evidence=False)["speaker_evidence"].tolist()
    ['', '', '']
    """
    return with_columns(sentences, speaker_columns(sentences, actors=actors, evidence=evidence, index=index))


def speaker_columns(sentences: pd.DataFrame, *, actors=None, evidence: bool = True,
                    index: Words | None = None) -> pd.DataFrame:
    """The columns that :func:`attribute_speakers` adds, alone, on the index of ``sentences``
    (the speaker stage's output: the pipeline assembles the frame once).

    Examples
    --------
    >>> speaker_columns(pd.DataFrame({"text": ["Wang Yi said Beijing is ready."]})).values.tolist()
    [['Wang Yi', 'said [speech verb] 8-12; Wang Yi [actor] 0-7', 'Wang Yi;China']]
    """
    if "text" not in sentences.columns:
        raise ValueError(f"sentences has no 'text' column; it has {list(sentences.columns)}")
    if not isinstance(evidence, bool):
        raise ValueError(f"evidence must be True or False, not {evidence!r}")
    actors = resolve_actors(actors)
    worker = _Attributor(actors, evidence=evidence)
    n = len(sentences)
    column = sentences["text"]
    texts = column.tolist()
    if not (isinstance(column.dtype, pd.StringDtype) and not column.hasnans):  # else: all are str
        texts = [t if isinstance(t, str) else "" for t in texts]
    check_index(index, texts)
    if index is None:
        index = Words(texts)
    doc_ids = sentences["doc_id"].tolist() if "doc_id" in sentences.columns else [""] * n
    starts = int_list(sentences, "start", 0) if "start" in sentences.columns else [0] * n
    paras = int_list(sentences, "paragraph_id", 1) if "paragraph_id" in sentences.columns else [1] * n
    sent_ids = int_list(sentences, "sent_id", None) if "sent_id" in sentences.columns else list(range(n))
    has_sent_id = "sent_id" in sentences.columns
    doc_codes = (first_seen_codes(sentences["doc_id"])[0] if "doc_id" in sentences.columns
                 else np.zeros(n, dtype=np.int64))
    order = reading_order(doc_codes, sent_ids).tolist()
    speaker = [NARRATOR] * n
    evidence_ = [""] * n
    mentions = [""] * n
    with _gc_paused():
        raw, verbs, according, sides = _scan(actors, texts, index)
        runs = name_runs(texts)
        state = DocState()
        current = object()
        attribute = worker.attribute
        pending: list[int] = []  # the sentences of an open quotation whose speaker is not named yet
        source = -1  # the sentence of an unnamed source that a later one may name
        for i in order:
            doc = doc_ids[i]
            if doc != current:
                current, state = doc, DocState()
                pending, source = [], -1
            para = paras[i]
            is_title = has_sent_id and sent_ids[i] == 0 and para == 0
            speaker[i], evidence_[i], mentions[i] = attribute(texts[i], starts[i], para, is_title, state,
                                                              raw[i], verbs[i], according[i], sides[i], runs[i])
            if state.source_here:
                source = i
            elif state.identified and source >= 0:  # the unnamed source named in full
                speaker[source] = speaker[i]
                if evidence:
                    evidence_[source] = f"{evidence_[source]}; named later {starts[i]}: {evidence_[i]}"
                source = -1
            quote = state.quote
            if quote == "pending":
                pending.append(i)
            elif pending:
                if quote == "resolve":  # the quotation's speaker, named at its end
                    for j in pending:
                        speaker[j] = speaker[i]
                        if evidence:
                            evidence_[j] = f"quotation [speaker named later] {starts[i]}; {evidence_[i]}"
                if quote:
                    pending = []
    out = pd.DataFrame(index=sentences.index)
    out["speaker"] = pd.Series(speaker, index=out.index, dtype="str")
    out["speaker_evidence"] = pd.Series(evidence_, index=out.index, dtype="str")
    out["mentions"] = pd.Series(mentions, index=out.index, dtype="str")
    return out
