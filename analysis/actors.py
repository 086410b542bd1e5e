"""Who speaks in each sentence, and who is spoken of.

Any capitalised name in the text can be an actor: a person (by the full name under which the
article first introduces them, without titles: "Rich Fitzgerald" of "County Executive Rich
Fitzgerald"), an organisation (by its whole name: "Ministry of Commerce", "New York Times") or a
country. The actor file (``analysis/data/actors.toml`` by default, see its header for the format)
adds what the text alone does not say: canonical names and aliases, for countries demonyms and
capitals, so that "Chinese", "Beijing" and "People's Republic of China" are all mentions of
``China``, and *roles* ("Head of State", "President") that refer to a person only in context.

Within a document, a later mention resolves to the actor first named in full: a surname or
another word of the name ("Gao", "Mr. Gao" after "Gao Feng"), a word of an organisation's name
("Commerce"), a definite description ("the spokesman", "the US president", "the ministry": the
person named last whom the words around their name or their title describe, narrowed to a
country when one is named; the organisation named last with that word in its name), a role of
the actor file, and a pronoun ("he", "she": the person speaking, else a person named before it
in the sentence, else the first person named in the last sentence that named one, else the
person named last; "it": the organisation). A name inside a quotation is no referent of a
pronoun outside it, nor a name after the pronoun. A headline's capitals name nobody (but a
surname used later takes the last two words of a name in it); titles and
occupations ("Journalist", "Secretary-General"), sentence-initial words ("Though"), a day after
the name and a party label ("D-Ann Arbor") are not part of a name.

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

1. **Reported speech**: a reporting verb of English news (said, told, noted, retorted,
   implored, conceded, ... see :data:`SPEECH_VERBS`; "called" when a quotation follows; not
   after an article, a possessive, a preposition or "was": "after reports") whose subject,
   just before it (after skipping "also", "in turn", auxiliaries, adverbs and a
   comma-delimited apposition), is an actor alias, a role, "the sides", a pronoun, a
   capitalised name, a definite description or a document that names its author ("the
   earlier Tribune story", "a CNN report"); the subject of the clause before "and said"
   ("Smith took the stage and said"); the name before a relative clause ("Smith who chairs
   the panel said"); or a name just after it in postposed attributions (``..., said Maria
   Lopez``; not after a verb whose object is a person: "thanked"); or ``according to X``
   (a document: its author, "a report from The Washington Post"). A name after a preposition
   ("who left in September told") is not the subject: the first person or organisation of
   the sentence is.
2. **The sides**: "the sides" / "both sides" / "the parties" as the subject of a verb give
   ``both sides``.
3. **Quotations and carry-over**: a sentence without its own attribution inside a quotation
   (one opened by an earlier sentence of the paragraph, or one it opens) keeps the voice of
   the previous sentence, across paragraphs too; a quotation whose speaker is named only at its
   end ('"... It changes everything," Keller said.') gives that speaker to its earlier
   sentences. Otherwise a sentence stays in the voice of the previous sentence of the same
   paragraph when it goes on in that voice: it starts with a pronoun (he, she, they, we), "also"
   or "in turn", or with the speaker or the speaker's country ("China is ready to ..." after
   Wang Yi spoke).
4. Otherwise the sentence is the ``narrator``'s. The title is always the narrator's.
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError

from .config import ACTORS_PATH, read_toml
from .text import trie_regex

__all__ = [
    "Actor",
    "Actors",
    "ActorsError",
    "load_actors",
    "actors_from_dict",
    "attribute_speakers",
    "NARRATOR",
    "BOTH_SIDES",
    "UNKNOWN",
    "SPEECH_VERBS",
    "trie_regex",
    "ci_trie",
    "resolve_actors",
    "first_seen_codes",
    "reading_order",
    "int_list",
]

NARRATOR = "narrator"
BOTH_SIDES = "both sides"
UNKNOWN = "unknown"

_SECTIONS = {"people": "person", "countries": "country", "organisations": "organisation"}
_FIELDS = {
    "people": {"country", "aliases", "roles"},
    "countries": {"aliases", "demonyms", "capitals"},
    "organisations": {"aliases", "country"},
}

#: Reporting verbs of English news (lower case; past tense and third person singular, and phrases
#: of several words): verbs that report speech, writing or a stated position with its speaker as
#: their subject, grouped by what they report. "called" counts only before a quotation.
SPEECH_VERBS = (
    # saying, telling, writing
    "said says told tells added adds wrote writes tweeted tweets blogged texted emailed stated states "
    "remarked commented observed observes noted notes continued concluded concludes "
    "posted on wrote on was quoted as saying is quoted as saying",
    # asserting, arguing, explaining
    "argued argues insisted insists claimed claims asserted asserts contended contends maintained maintains "
    "declared declares proclaimed proclaims explained explains clarified clarifies elaborated elaborates "
    "reasoned alleged alleges opined opines reckoned reckons believes believed hopes hoped",
    # stressing
    "stressed stresses emphasised emphasized emphasises emphasizes underlined underlines underscored underscores "
    "highlighted highlights pointed out points out reiterated reiterates repeated",
    # announcing, revealing, confirming, denying
    "announced announces revealed reveals disclosed discloses reported reports confirmed confirms "
    "affirmed affirms reaffirmed reaffirms denied denies rejected rejects testified testifies "
    "acknowledged acknowledges admitted admits conceded concedes confessed confesses",
    # answering
    "replied replies responded responds answered retorted retorts countered counters "
    "shot back fired back chimed in interjected",
    # asking, urging, warning, advising
    "asked asks inquired inquires enquired wondered urged urges implored implores begged "
    "demanded appealed for appealed to called for calls for called on calls on called upon calls upon "
    "called warned warns cautioned cautions advised advises reminded reminds assured assures reassured reassures "
    "suggested suggests recommended recommends proposed proposes invited invites informed briefed",
    # promising, predicting
    "promised promises pledged pledges vowed vows swore swears predicted predicts estimated hinted "
    "indicated indicates signalled signaled speculated speculates",
    # recalling, reflecting, complaining, manner of speaking
    "recalled recalls recounted mused quipped joked complained complains "
    "lamented bemoaned grumbled boasted bragged gushed scoffed "
    "shouted yelled screamed exclaimed exclaims whispered muttered "
    "murmured",
    # judging others, thanking
    "praised praises lauded lauds hailed welcomed welcomes thanked thanks congratulated congratulates "
    "criticised criticized criticises criticizes condemned condemns denounced denounces decried decries "
    "accused accuses blamed blames expressed expresses conveyed conveys",
)
_SPEECH_PHRASES = [phrase for group in SPEECH_VERBS for phrase in re.findall(
    r"(?:was|is) quoted as saying|\w+ (?:on|out|back|in|for|to|upon)(?= |$)|\w+", group)]
_SPEECH = re.compile(r"(?<![\w-])(?:" + trie_regex(_SPEECH_PHRASES) + r")(?![\w-])")
#: The speech verbs of one word, and the first and second words of the phrases of several words
#: ("called for", "was quoted as saying"): every match of :data:`_SPEECH` is one of the first, or
#: starts with one of the second right before one of the third (whole words: see :class:`_Words`).
_SPEECH_WORDS = frozenset(phrase for phrase in _SPEECH_PHRASES if " " not in phrase)
_SPEECH_LONG = frozenset(phrase.split()[0] for phrase in _SPEECH_PHRASES if " " in phrase)
_SPEECH_SECOND = frozenset(phrase.split()[1] for phrase in _SPEECH_PHRASES if " " in phrase)
#: Speech verbs whose object is a person or a thing, not the words said: a name after them is
#: their object ('"...," thanked Smith'), so they never come before their speaker (the others
#: of one word may: '"...," said Maria Lopez').
_OBJECT_VERBS = frozenset("""praised praises lauded lauds hailed welcomed welcomes thanked thanks congratulated
    congratulates criticised criticized criticises criticizes condemned condemns denounced denounces decried decries
    accused accuses blamed blames expressed expresses conveyed conveys urged urges
    implored implores begged advised advises reminded reminds assured assures reassured reassures invited
    invites informed briefed called denied denies rejected rejects believes believed hopes hoped""".split())
_THANKS_TO = re.compile(r"thanks\s+to\b|claims\s+(?:of|that|by)|states\s+(?:of|and)\b")
#: The speech verbs at which _THANKS_TO can match (the verb found there is the word it starts with).
_THANKS_VERBS = frozenset({"thanks", "claims", "states"})
_ACCORDING = re.compile(r"(?i)\baccording\s+to\s+")
_TRAILING_ADVERB = re.compile(
    r"(?:,\s*)?(?<![\w-])(?:also|in\s+turn|has|have|had|further|then|again|once\s+again|later|earlier|"
    r"in\s+particular|for\s+(?:his|her|their|its)\s+part|on\s+(?:his|her|their|its)\s+part|"
    r"in\s+(?:his|her|their)\s+(?:speech|address|remarks|statement)|"
    r"[a-z]+ly)\s*,?\s*$"
)
_SIDES = r"(?:both|the\s+two|the|all\s+the|all)\s+(?:sides|parties)"
_SIDES_END = re.compile(r"(?i)(?:^|(?<=\W))" + _SIDES + r"$")
_SIDES_SUBJECT = re.compile(
    r"(?i)(?<![\w-])" + _SIDES + r"(?=\s+(?:(?:also|further|then|again|jointly|both|have|has|had|will|would)\s+)*"
    r"(?:[a-z]+ed|agree|discuss|spoke|held|met|underscore|exchange|sign|stress|note|express|reaffirm|"
    r"review|consider|emphasi[sz]e|pledge|vow|call|urge|seek|want|intend|hope|believe|say|said|are|"
    r"were|will|would|have|has|had|can|could|should|must)\b)"
)
_PRONOUN_END = re.compile(r"(?:^|(?<=[\s,;:\"“‘(]))(he|she|they|we|i|He|She|They|We|I)$")
_CONTINUATION = re.compile(
    r"^[\s\"“‘'(]*(?:(?:additionally|moreover|furthermore|also|in\s+addition|besides|in\s+turn|"
    r"according\s+to\s+(?:him|her|them)),?\s+)*"
)
_CONTINUES_VOICE = re.compile(r"(?i)^(?:he|she|they|we|i|our|it)\b|^[\"“‘]")
_ALSO_IN_TURN = re.compile(r"(?i)\b(?:in\s+turn|also)\b")
_THE = re.compile(r"(?i)the\s+")
#: Words for a document whose author is its source ("the earlier Tribune story noted").
_DOCUMENTS = frozenset("""story report article statement editorial column study survey poll release memo letter filing
    document investigation analysis review complaint lawsuit ruling indictment tweet post headline blog op-ed piece
    communique transcript announcement notice""".split())
_BY_AUTHOR = re.compile(r"\s+(?:(?:released|issued|published|filed|written|obtained|compiled|conducted)\s+)?"
                        r"(?:by|from)\s+(?:the\s+)?(?=[A-Z])")
_LAST_ARTICLE = re.compile(r"(?i)\b(?:the|a|an)\s+(?!.*\b(?:the|a|an)\s)")
_SOURCE_AFTER = re.compile(r"(?i)(?:the|a|an)\s+(?:[\w'’\-]+\s+){0,4}?(?:officials?|spokes(?:man|woman|person)|"
                           r"sources?|ministry|analysts?|experts?|" + "|".join(sorted(_DOCUMENTS)) + r")\b")
#: Joins the sentences of a table for one pass of a pattern over all of them. No pattern used on
#: the join matches it, nor tells it from the start or end of a text in a look-around (it is no
#: word character, no white space, no letter): each text gets the matches it gets alone, even a
#: text that holds the separator (the texts are told apart by their lengths).
_SEP = "\x00"


#: The last words of the alternatives of _TRAILING_ADVERB: a text can end with a trailing
#: adverb (and then a comma) only if it ends with one of them.
_ADVERB_ENDS = ("also", "turn", "has", "have", "had", "further", "then", "again", "later", "earlier",
                "particular", "part", "speech", "address", "remarks", "statement", "ly")
#: What the text before a subject ends with when it holds more than the subject (see _subject_ends).
_SUBJECT_TAIL_ENDS = _ADVERB_ENDS + (",", ")")
_PARENTHESIS_END = re.compile(r"\s*\([^()]{1,40}\)$")
#: The endings _PRONOUN_END can match.
_PRONOUN_ENDS = ("he", "we", "they", "i", "I", "He", "We", "They")


def _subject_ends(before: str) -> tuple[int, ...]:
    """Where the subject of a verb may end, in the order to try, given ``before``, the text before
    the verb without trailing white space: ``before[:n]`` for each ``n`` is that text without
    trailing adverbs, and for an apposition ("Schmidt, president of the Forum, said") the text
    before it first.

    Examples
    --------
    >>> _subject_ends("Wang Yi also"), _subject_ends("Schmidt, president of the Forum,")
    ((7,), (7, 31))
    """
    t = before
    if not t.endswith(_SUBJECT_TAIL_ENDS):  # most often: no adverb, no apposition, no parenthesis
        return (len(t),)
    if t.endswith(")"):  # "The Reform Commission (NRC) said", "Sen. Al Brook (D-Minn.) said"
        m = _PARENTHESIS_END.search(t)
        if m:
            t = t[:m.start()]
    while True:
        # a trailing adverb ends with one of _ADVERB_ENDS, maybe followed by a comma
        if not (t[:-1].rstrip() if t.endswith(",") else t).endswith(_ADVERB_ENDS):
            break
        m = _TRAILING_ADVERB.search(t)  # at most one match: it ends t
        if m is None:
            break
        new = (t[:m.start()] + t[m.end():]).rstrip()
        if new == t:
            break
        t = new
    if t.endswith(","):  # an apposition
        body = t[:-1].rstrip()
        comma = body.rfind(",")
        return (len(body[:comma].rstrip()), len(body)) if comma > 0 else (len(body),)
    return (len(t),)


def _end_rule(text: str, n: int) -> tuple | None:
    """The first end-anchored rule that matches ``text[:n]``: ``(rule, matched text, start,
    end)``, rule being "sides" or "pronoun" (it depends on the text alone)."""
    # "sides" and "parties" end with s (or the long s that ignore case matches with it)
    if text[n - 1] in "sS\u017f":  # (so not a newline, before which $ matches too)
        m = _SIDES_END.search(text, 0, n)
        if m:
            return "sides", m.group(), m.start(), n
    if text.endswith(_PRONOUN_ENDS, 0, n):
        m = _PRONOUN_END.search(text, 0, n)
        if m:
            return "pronoun", m.group(1), m.start(1), m.end(1)
    return None


# ----------------------------------------------------------------------------- word index
#
# The big patterns (aliases and roles, speech verbs) are tried only where a match can start: at
# the words they start with. The words of all the sentences are found once, with numpy, in an
# ASCII view of their join (see _Words), and each pattern is tried at the words of its set.

#: Characters that an ignore-case pattern matches with ASCII letters although their lower case
#: differs from those letters' (or has another length), in the order of the letters they match
#: (i, i, s, k).
_ODD_CASE = "\u0130\u0131\u017f\u212a"
#: The non-ASCII characters that a case-insensitive pattern matches with ASCII letters (checked in
#: the tests), and those letters: the word index reads them as the letters.
_ODD_AS_ASCII = {odd: ord(letter) for odd, letter in zip(_ODD_CASE, "iisk")}
#: The view of the ASCII bytes: letters lower-cased, digits kept, every other byte a space.
_VIEW_BYTES = bytes(b if chr(b).isdigit() or chr(b).islower() else b + 32 if chr(b).isupper() else 32
                    for b in range(128)) + b" " * 128
_KEY_WIDTH = 7  # a word's key: its first 7 letters and its length (two words with one key: both tried)
_HASH_BITS = 16  # the size of the prefilter table of _WordSets (2 ** 16 flags)


def _ascii_view(text: str) -> bytes:
    """One byte per character of ``text``: ASCII letters in lower case, digits, the characters of
    :data:`_ODD_CASE` as the ASCII letter they match in a case-insensitive pattern, and a space
    for every other character.

    It is what a pattern sees, in this sense: every character that a character of a pattern
    matches (case-sensitively, or case-insensitively) has the same view as that character.

    Examples
    --------
    >>> _ascii_view("Élysée, \u212aazakh-2")
    b' lys e  kazakh 2'
    """
    data = bytearray(text.encode("ascii", "replace"))  # one "?" (a space below) for each other character
    for odd, letter in _ODD_AS_ASCII.items():
        at = text.find(odd)
        while at >= 0:
            data[at] = letter
            at = text.find(odd, at + 1)
    return bytes(data.translate(_VIEW_BYTES))


def _word_key(word: bytes) -> int:
    """The key of a word (lower-case ASCII letters and digits) as :class:`_Words` computes it."""
    return int.from_bytes(word[:_KEY_WIDTH], "big") << 8 | min(len(word), 255)


def _key_hash(keys: np.ndarray) -> np.ndarray:
    """:data:`_HASH_BITS` bits of a multiplicative hash of each key (for the prefilter of _WordSets)."""
    return ((keys * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - _HASH_BITS)).astype(np.intp)


class _Words:
    """The words of a text: the runs of letters and digits of its :func:`_ascii_view`, found with
    numpy in one pass; ``starts`` are their offsets, ``ends`` the offsets after them, ``keys``
    their keys (:func:`_word_key`).

    Examples
    --------
    >>> words = _Words("He said: U.S. talks")
    >>> words.starts.tolist(), words.ends.tolist()
    ([0, 3, 9, 11, 14], [2, 7, 10, 12, 19])
    >>> [_word_key(w) for w in (b"he", b"said", b"u")] == words.keys[:3].tolist()
    True
    """

    __slots__ = ("starts", "ends", "keys")

    def __init__(self, text: str):
        n = len(text)
        data = b" " + _ascii_view(text) + b" " * 8  # text offset k is byte k + 1
        inside = np.frombuffer(data, dtype=np.uint8) != 32
        edges = np.flatnonzero(inside[1:n + 2] != inside[:n + 1])  # where words start and end, in turn
        self.starts = starts = edges[0::2]
        self.ends = edges[1::2]
        lengths = (self.ends - starts).astype(np.uint64)
        # the 8 bytes from each start as a big-endian number (a strided view: one per byte offset),
        # less the last byte and those after the word's end, then the length
        eight = np.ndarray(shape=(n,), dtype=">u8", buffer=data, offset=1, strides=(1,))[starts].astype(np.uint64)
        u8 = np.uint64(8)
        head = (eight >> u8) >> (u8 * (np.uint64(_KEY_WIDTH) - np.minimum(lengths, np.uint64(_KEY_WIDTH))))
        self.keys = (head << u8) | np.minimum(lengths, np.uint64(255))


class _WordSets:
    """Named sets of words (lower-case ASCII letters and digits) looked for together in a
    :class:`_Words`: :meth:`masks` gives each word the bits (:attr:`bit`) of the sets holding it.

    Examples
    --------
    >>> sets = _WordSets({"verbs": ["said", "told"], "the": ["the"]})
    >>> words = _Words("The minister SAID, the others told")
    >>> sets.masks(words).tolist(), sets.bit
    ([2, 0, 1, 2, 0, 1], {'verbs': 1, 'the': 2})
    """

    def __init__(self, sets: Mapping[object, Iterable[str]]):
        self.bit = {name: 1 << i for i, name in enumerate(sets)}
        bits: dict[int, int] = {}
        for name, words in sets.items():
            for word in words:
                key = _word_key(word.encode("ascii"))
                bits[key] = bits.get(key, 0) | self.bit[name]
        keys = sorted(bits)
        self._keys = np.array(keys, dtype=np.uint64)
        self._bits = np.array([bits[k] for k in keys], dtype=np.int64)
        # a prefilter: which hashes the keys have, so that the binary search is for few words
        self._hashes = np.zeros(1 << _HASH_BITS, dtype=bool)
        self._hashes[_key_hash(self._keys)] = True

    def masks(self, words: _Words) -> np.ndarray:
        """The bits of the sets that hold each word (0: none)."""
        out = np.zeros(len(words.keys), dtype=np.int64)
        maybe = np.flatnonzero(self._hashes[_key_hash(words.keys)])
        if len(maybe):
            keys = words.keys[maybe]
            at = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
            out[maybe] = np.where(self._keys[at] == keys, self._bits[at], 0)
        return out


def _word_matches(pattern: re.Pattern, text: str, sizes: list[int], finish, places: list[int] | None,
                  ends: list[int] = (), bare: list[bool] = ()) -> list[list[tuple]]:
    r"""The matches of ``pattern`` in ``text``, the texts of lengths ``sizes`` joined by
    :data:`_SEP`, for each text: ``(start, end, *finish(lastgroup, group))``
    with offsets in that text (``finish`` is called once for each group name and text).

    They are the matches of ``pattern.finditer(text)``, but the pattern is tried only at
    ``places`` (sorted, maybe twice; every match starts at one), or everywhere when None. The
    pattern must not match the empty string.

    ``ends[i]`` is where the word of the text's view (:class:`_Words`) at ``places[i]`` ends,
    and ``bare[i]`` says that only a key of the pattern that is that one word alone can match
    there (nothing before or after it in the key). Such a match ends where the word does, and the
    pattern's look-behind and look-ahead look at most one character before the word and two
    after it: at a bare place, the pattern is tried on that window of the text
    (``text[pos - 1:end + 2]``, from position 1), once for each distinct window (a text repeats
    few: " said ", " China,"). At the other places, it is tried on the text.

    Examples
    --------
    >>> texts = ["He said", "Yes, said Ann.", ""]
    >>> said = re.compile(r"(?<!\w)(?:said|Ann)(?!\w)")
    >>> _word_matches(said, _SEP.join(texts), [7, 14, 0], lambda group, text: (text,),
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
            window = text[pos - 1:end + 2] if pos else _SEP + text[:end + 2]
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


#: ASCII letters that a case-insensitive pattern matches with a non-ASCII character too (see _ODD_CASE).
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


class Actors(BaseEstimator):
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
        self._word_sets = _word_sets(self)  # the words to look for (see _scan)
        return self

    def __getattr__(self, name: str):
        # only called for an attribute that is not set (so the fitted methods pay nothing for the
        # check): before fit, the fitted ones, with scikit-learn's message of check_is_fitted
        if name in _FITTED_ATTRIBUTES:
            raise NotFittedError(f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                                 "appropriate arguments before using this estimator.")
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
        (``name`` is None: roles are resolved by :func:`attribute_speakers`).
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
        return [[m[:4] for m in found] for found in _scan(self, texts, speech=False)[0]]

    def _word_plan(self) -> tuple[dict[int, set[str]], set[str], set[str]] | None:
        """Where a match of :attr:`pattern_` can start, in words of :class:`_Words`: ``(heads,
        firsts, seconds)``: a match starts ``lead`` characters before a word of ``heads[lead]``,
        or at a word of ``firsts`` right before a word of ``seconds`` (the first two words of the
        aliases and roles of several words, "the" before roles included: "the", "president",
        "foreign" alone are frequent words). None when an alias or role has no word, or white
        space before it.

        An alias or role is looked for by its words in :func:`_ascii_view` (each character of a
        match has the view of the pattern's character): they are whole words of the text's view
        too, since the match is a whole word (``(?<!\\w)``, ``(?!\\w``) and the characters
        around them are spaces (\\s) or non-word characters in both views.
        """
        heads: dict[int, set[str]] = {}
        firsts: set[str] = set()
        seconds: set[str] = set()
        for key in [*self._exact, *self._multi, *("the " + role for role in self._roles)]:
            words = list(re.finditer(rb"[a-z0-9]+", _ascii_view(key)))
            if not words or any(c.isspace() for c in key[:words[0].start()]):
                return None
            first = words[0]
            if first.start() == 0 and key[first.end():first.end() + 1] == " " and len(words) > 1:
                firsts.add(first.group().decode())
                seconds.add(words[1].group().decode())
            else:
                heads.setdefault(first.start(), set()).add(first.group().decode())
        return heads, firsts, seconds

    def _long_words(self) -> set[str]:
        """The first words (lower-case ASCII letters and digits, see :func:`_ascii_view`) of the
        aliases and roles ("the" and the role) that start with a word and are more than that word
        alone ("Wang" of "Wang Yi", "u" of "U.S.", "the"): a place where another word starts
        can be matched only by an alias that is that word alone (see :func:`_word_matches`)."""
        long = set()
        for key in [*self._exact, *self._multi, *("the " + role for role in self._roles)]:
            view = _ascii_view(key)
            first = re.match(rb"[a-z0-9]+", view)
            if first and first.end() < len(view):
                long.add(first.group().decode())
        return long

    def _finish(self, group: str, surface: str) -> tuple[str | None, str, str]:
        """``(name, kind, surface)`` of a match of :attr:`pattern_` (see :meth:`find`), from the
        name of its group (``alias`` or ``role``) and its text."""
        if group == "alias":
            return self.lookup(surface), "alias", surface
        return None, "role", surface


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


# ----------------------------------------------------------------------------- named actors
#
# Any capitalised name in the text can be an actor, whether or not the actor file knows it. A
# *run* is a sequence of capitalised words, maybe joined by "of", "for", "and", "de", ... ("Ministry
# of Commerce", "Chief Executive Officer Greg Schvey"); all the runs of a table are found by one
# pass of _NAME_RUN over the joined sentences. _parse_run tells what a run names: a person (the
# name without its titles: "Rich Fitzgerald" of "County Executive Rich Fitzgerald"), an
# organisation (the whole name: "Ministry of Commerce", "New York Times") or a single word (a
# surname, or a name the document gave in full before: see _Attributor.register).

#: A capitalised word: letters, digits and hyphens, an apostrophe within the word and not of a possessive
#: ("O'Neill", not "China's" or "Cowboys'"), a full stop before a capital ("U.S."), maybe a full stop at the end. The quantifiers are
#: possessive: what follows a word in a run is optional, so a match never gives characters back.
_CAP = r"[A-Z][\w\-]*+(?:(?:['’](?=\w)(?![sS](?!\w))|\.(?=[A-Z]))[\w\-]*+)*+\.?"
_JOINERS = frozenset("of for and & on de da del di dos van von der den al bin du la le y".split())
# (the capital first, then the look-behind: re then skips to the capitals, which is faster)
_NAME_RUN = re.compile(r"[A-Z](?<![\w'’\-.][A-Z])" + _CAP[5:] + r"(?:\s+(?:(?:" + "|".join(map(re.escape, sorted(_JOINERS))) +
                       r")\s+(?:the\s+)?)?" + _CAP + r")*")
#: Words that start a sentence or a clause but are no name ("The", "But", "He").
_LEADING = frozenset(
    """the a an in on at during but and however meanwhile additionally also he she they it this that these
    those then when while after before earlier later speaking asked there here we i his her their its our as
    for from with by of to if so yet moreover furthermore nevertheless thus still according last next both
    all some many most one two three other another every each no not what who where why how my your me us him
    i've i'm i'd i'll we're we've it's he's she's that's there's clearly meanwhile separately similarly finally
    recently previously currently initially ultimately eventually apparently obviously instead now today yesterday
    tonight asked speaking though although because since unless until whether whereas despite unlike amid among
    upon once whenever wherever nor or either neither even just only perhaps maybe indeed nonetheless otherwise
    accordingly consequently likewise overall again plus specifically notably importantly interestingly ironically
    unfortunately fortunately surprisingly predictably understandably admittedly reportedly allegedly presumably
    arguably certainly actually basically generally typically usually originally traditionally historically
    personally frankly honestly sadly hopefully luckily outside inside current yeah yes oh ok okay well hey wow
    please sure afterward afterwards""".split())
#: Titles and role words before a name (lower case, without a full stop).
_TITLES = frozenset(
    """mr mrs ms miss dr prof sen sens gov gen rep reps lt col sgt capt cmdr adm det supt insp rev fr sir dame
    lord lady president vice prime minister secretary senator governor general chancellor king queen prince
    princess pope deputy foreign chief head mayor judge justice attorney executive officer assistant detective
    superintendent inspector coach manager director chairman chairwoman chair commissioner sheriff spokesman
    spokeswoman spokesperson ambassador premier speaker leader senior former acting interim state county
    congressman congresswoman councilman councilwoman councillor professor doctor captain sergeant lieutenant
    colonel commander agent ceo cfo coo founder owner chairperson treasurer auditor envoy consul counsel
    representative delegate lawmaker cardinal bishop archbishop rabbi imam sheikh saint st gen. dr. sr
    minority majority whip first lady general's host anchor actor actress singer comedian star rapper reporter
    columnist author writer analyst economist historian producer designer quarterback pitcher guard forward
    striker defender goalkeeper receiver linebacker catcher outfielder infielder pastor journalist photographer
    artist musician poet novelist filmmaker activist lawyer scientist researcher engineer physician nurse surgeon
    teacher student businessman businesswoman entrepreneur investor banker consultant strategist pollster
    commentator blogger editor publisher correspondent columnist chef pilot soldier veteran firefighter trooper
    reverend athlete champion golfer boxer swimmer gymnast wrestler dancer playwright composer pianist
    guitarist drummer vocalist frontman billionaire tycoon magnate mogul philanthropist sociologist psychologist
    psychiatrist therapist provost candidate nominee incumbent challenger adviser advisor aide official
    legislator assemblyman assemblywoman alderman trustee supervisor administrator regulator diplomat magistrate
    prosecutor plaintiff defendant suspect survivor resident cofounder co-founder""".split())
#: Titles that are also modifiers of an organisation's name ("Ministry of Foreign Affairs").
_TITLE_MODIFIERS = frozenset("""foreign state county deputy vice chief general former acting interim senior first head
    executive assistant minority majority st saint city""".split())
#: Words that make a run an organisation (lower case).
_ORG_HEADS = frozenset(
    """ministry department office commission committee council institute institution agency administration
    association bureau board company corporation corp inc ltd llc plc group bank party union university
    college school court police times post news journal herald tribune telegraph guardian press network
    foundation center centre fund authority service services organization organisation federation league
    club parliament congress senate assembly government cabinet army navy embassy consulate chamber
    exchange order society church hospital airlines airways academy alliance coalition movement magazine
    daily gazette radio television tv channel broadcasting laboratory museum trust industries holdings
    technologies systems motors mission secretariat directorate regime""".split())
#: Words of a run that name no actor: places, events, times (lower case).
_NOT_ACTOR_WORDS = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday today god expo initiative forum summit conference games olympics
    cup championship award awards prize act bill law treaty agreement street avenue road square park river
    island beach city valley airport station hall stadium day week year christmas easter""".split())
#: Days after a name ("Rep. Tim Ryan Tuesday said").
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split())
#: The states of the United States (not Washington, also a surname) as the last word of a place ("Houston Texas").
_US_STATES = frozenset("""alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
    mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma oregon
    pennsylvania rhode tennessee texas utah vermont virginia wisconsin wyoming""".split())
#: First words of place names.
_PLACE_FIRST = frozenset("new los las san santa saint st fort mount lake port north south east west".split())
#: Prepositions that put a run out of subject position ("who left in September told").
_PREPOSITION_BEFORE = re.compile(r"(?i)(?:^|\W)(?:in|on|at|for|from|with|by|of|to|since|until|during|after|"
                                 r"before|about|against|under|over|than|into|onto|via)\s+(?:the\s+)?$")


#: A definite description before a speech verb ("the ministry", "the US president"); its head word.
_DESCRIPTION = re.compile(r"(?i)(?<![\w'’\-])(the|a|an|one|some|several|other)\s+(?:[\w'’\-.]+\s+){0,4}?"
                          r"([a-z][\w\-]*)$")
#: The heads of a description that make an unnamed source when it names nobody ("an official said").
_SOURCE_WORDS = frozenset("""official officials spokesman spokeswoman spokesperson source sources ministry analyst
    analysts expert experts diplomat diplomats representative representatives statement report observer
    observers witness witnesses resident residents critic critics lawmaker lawmakers""".split())
#: Words that describe a person after "the" ("the spokesman", "the official"), besides the titles.
_ROLE_WORDS = frozenset("""official spokesman spokeswoman spokesperson minister ministers president diplomat
    strategist lawyer attorney officer expert analyst economist researcher scientist professor teacher
    player star actor actress singer writer author founder owner chief executive boss manager coach
    director chairman chairwoman governor mayor senator congressman congresswoman legislator lawmaker
    candidate leader premier secretary envoy ambassador general commander judge prosecutor
    investigator detective sheriff doctor host""".split())
#: Words for any organisation ("the company said": the organisation named last, whatever its name).
_ANY_ORG = frozenset("""company firm group agency paper newspaper network broadcaster carrier airline retailer
    manufacturer automaker club team organisation organization""".split())
#: Words that tell a person's gender: a title, or the first pronoun after the name.
_GENDER_WORDS = {**dict.fromkeys("mr sir he his himself king prince congressman spokesman chairman actor".split(), "m"),
                 **dict.fromkeys("""mrs ms miss dame lady she hers herself queen princess congresswoman spokeswoman
                                 chairwoman actress""".split(), "f")}
_GENDER_WORD = re.compile(r"(?<!\w)(?:" + "|".join(sorted(_GENDER_WORDS)) + r")(?!\w)")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Z&.]{1,9})\)")
_UP_TO_NAME = re.compile(r"[^A-Z]*")
#: "what she says": the pronoun is the subject of an object clause, not an attribution.
#: A relative pronoun after which the text before a verb holds no comma or quotation mark.
_RELATIVE = re.compile(r"(?<![\w'’\-])(?<!\bin\s)(?<!\bof\s)(?<!\bby\s)(?:who|which)\s(?=[^,;:\"“”]*$)")
_NAME_BEFORE = re.compile(r"[A-Z][\w.'’\-]*\s*,?\s*$")
#: A word of a relative clause that is not an auxiliary or an adverb (the clause has a verb of its own).
_NOT_AUXILIARY = re.compile(r"(?<![\w'’\-])(?!(?:has|have|had|is|was|are|were|be|been|being|also|once|then|since|"
                            r"long|already|later|earlier|seldom|never|not|"
                            r"[a-z]+ly)(?![\w'’\-]))[a-z]")
#: Capitalised words after a preposition at the end of a text ("who worked with Keillor").
_AFTER_PREPOSITION = re.compile(r"(?<![\w'’\-])(?:in|on|at|for|from|with|by|of|to|about|against|under|over|than|"
                                r"into)\s+(?:the\s+)?(?:[A-Z][\w.'’\-]*\s+){0,3}[A-Z][\w.'’\-]*$")
#: The words after which a speech verb is a noun ("after reports", "his claims") or a passive
#: ("was reported").
_NOT_SUBJECT = frozenset("""the a an his her its their our my your of after before by for with about amid over despite
    following to is was are were be been being""".split())
#: A dateline ("BERLIN (Reuters) - ").
_DATELINE = re.compile(r"[\sA-Z.,'’\-]*\([^()]{1,30}\)\s*[-—–]+\s*")
#: Lower-case words that may come before the subject at the start of a clause (with titles and names).
_SUBJECT_LEAD = frozenset("the and but also even then so yet meanwhile however now later earlier".split())
#: Prepositions before a place ("a professor in South Korea said"; not "after Italy asked").
_PLACE_PREPOSITION = re.compile(r"(?<![\w'’\-])(?:in|of|from|at|to|for|with|by|about|against|on|across)\s+(?:the\s+)?$")
_AFFILIATION = re.compile(r"(?<![\w'’\-])(?:for|at|of|from|with)\s+(?:the\s+)?$")
_CAPITAL_NEXT = re.compile(r"\s*[A-Z]")
_PRONOUN_START = re.compile(r"(?:he|she|they|we|He|She|They|We|I)(?![\w'’])")
_WHAT_BEFORE = re.compile(r"(?i)\bwhat\s+$")
#: Plural words that name an unnamed source at the start of a sentence ("Officials said").
_SOURCE_PLURALS = frozenset("""officials sources analysts experts police authorities residents witnesses critics
    officers investigators prosecutors researchers scientists doctors observers diplomats lawmakers
    others organizers organisers reports women men people students parents fans teachers workers employees
    members voters citizens protesters activists victims officers""".split())
_QUOTE_OPEN = ("“", "\x80\x9c")  # the second: a left quotation mark read as Latin-1 ("â\x80\x9c")
_QUOTE_START = re.compile(r"^[\s(]*(?:[\"“]|â\x80\x9c)")


def _gender(text: str) -> str:
    """"m" or "f" from the first word of ``text`` that tells a gender (:data:`_GENDER_WORDS`), else "".

    Examples
    --------
    >>> _gender("mr"), _gender(", whose mother said she"), _gender("said on Monday")
    ('m', 'f', '')
    """
    word = _GENDER_WORD.search(text.lower())
    return _GENDER_WORDS[word.group()] if word else ""


_NO_SPANS: list = []  # (shared: never changed)


def _quotations(text: str, open_before: bool) -> tuple[list[tuple[int, int]], bool]:
    """The spans of ``text`` inside a quotation, and whether one is open after it, when one was
    (``open_before``) before it: a left quotation mark opens one, a right one closes it, and a
    straight one does the other.

    Examples
    --------
    >>> _quotations('"We lost," he said.', False), _quotations('It hurt," he said.', True)
    (([(0, 10)], False), ([(0, 9)], False))
    """
    if '"' not in text and "“" not in text and "”" not in text and "\x80" not in text:
        return ([(0, len(text))] if open_before else _NO_SPANS), open_before
    state, start, spans = open_before, 0, []
    for m in _QUOTE_MARK.finditer(text):
        mark = m.group()
        new = not state if mark == '"' else mark in _QUOTE_OPEN
        if new and not state:
            start = m.start()
        elif state and not new:
            spans.append((start, m.end()))
        state = new
    if state:
        spans.append((start, len(text)))
    return spans, state


_FINAL_MARKS = tuple(".!?\"”’')…:\x9d")
_CONTENT_WORD = re.compile(r"[^\W\d_][\w'’\-]{3,}")


def _headline(text: str) -> bool:
    """Whether ``text`` is written as a headline or a caption: short (160 characters at most), no
    final punctuation, and at least three words of four letters or more, four in five of them
    capitalised ("Hero Aaron Feis the Disarmed School Guard"), so that its capitals do not tell names.

    Examples
    --------
    >>> _headline("Pope Francis Arrived in Myanmar"), _headline("Agent Scott Boras makes pitch for Cubs")
    (True, False)
    >>> _headline("Chinese President Xi Jinping met Kazakh President Tokayev in Astana.")
    False
    """
    if len(text) > 160 or text.endswith(_FINAL_MARKS):  # (most sentences: at once)
        return False
    end = text.rstrip()[-1:]
    if not end or end in _FINAL_MARKS:
        return False
    words = _CONTENT_WORD.findall(text)
    return len(words) >= 3 and 5 * sum(w[0].isupper() for w in words) >= 4 * len(words)


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` is inside one of ``spans``."""
    return any(start <= at < end for start, end in spans)


_POSSESSIVE = re.compile(r"['’]s\s+")
_NON_SPACE = re.compile(r"\S+")
_PARTY_LABEL = re.compile(r"[DRI]-[A-Z]")
_QUOTE_MARK = re.compile(r'["“”]|\x80\x9c|\x80\x9d')


@lru_cache(maxsize=65536)
def _parse_run(run: str) -> tuple[str, str, int, int, str] | None:
    """What a capitalised run names: ``(kind, name, start, end, titles)``, kind being ``person``
    (two words or more, titles removed), ``org`` (the whole name) or ``single`` (one word), with
    the name's offsets in the run and the title words before it (lower case); or None.

    Examples
    --------
    >>> _parse_run("County Executive Rich Fitzgerald")
    ('person', 'Rich Fitzgerald', 17, 32, 'county executive')
    >>> _parse_run("The Ministry of Commerce")[:2], _parse_run("Mr. Gao")[:2], _parse_run("September")
    (('org', 'Ministry of Commerce'), ('single', 'Gao'), None)
    >>> _parse_run("Manager Buck Showalter of the Yankees")[:2]
    ('person', 'Buck Showalter')
    """
    words = ([(m.start(), m.end(), m.group()) for m in _NON_SPACE.finditer(run)] if len(run.split(None, 1)) > 1
             else [(0, len(run), run)])  # (most runs are one word)
    if words and words[-1][2].endswith(".") and len(words[-1][2]) > 2 and words[-1][2][-2].islower() \
            and words[-1][2].lower() not in ("jr.", "sr."):
        s, e, w = words[-1]
        words[-1] = (s, e - 1, w[:-1])
    keys = [w.rstrip(".").lower().replace("’", "'") for _, _, w in words]
    # a title of hyphenated titles is a title too ("Secretary-General", "ex-President")
    is_title = [k in _TITLES or ("-" in k and all(p in _TITLES or p in ("ex", "co", "in") for p in k.split("-")))
                for k in keys]
    joiner = [w in _JOINERS or (w == "the" and k and words[k - 1][2] in _JOINERS) for k, (_, _, w) in enumerate(words)]
    i = 0
    while i < len(words) and (keys[i] in _LEADING or joiner[i]):
        i += 1
    if i == len(words) or (len(words) - i > 1 and all(w.isupper() for _, _, w in words[i:])):  # "NEW YORK"
        return None
    if _PARTY_LABEL.match(words[i][2]):  # "D-Ann Arbor" of "(D-Ann Arbor)": a party and a place
        return None
    while len(words) - i > 1 and _PARTY_LABEL.match(words[-1][2]):  # "Paul Ryan R-Wis.": the name before it
        words, keys, joiner, is_title = words[:-1], keys[:-1], joiner[:-1], is_title[:-1]
    # the parts between joiners, and in each the words after its last title
    parts, part = [], []
    for k in range(i, len(words)):
        if joiner[k]:
            if part:
                parts.append(part)
            part = []
        else:
            part.append(k)
    if part:
        parts.append(part)
    has_org = any(keys[k] in _ORG_HEADS for k in range(i, len(words)))
    last = parts[-1]
    titled = [k for k in last if is_title[k]]
    after = last[last.index(titled[-1]) + 1:] if titled else []  # the words after the last title
    if has_org and not (after and (keys[titled[-1]] not in _TITLE_MODIFIERS or len(after) > 1)
                        and not any(keys[k] in _ORG_HEADS for k in last[last.index(titled[-1]):])):
        j = len(words) - 1
        while j > i and joiner[j]:
            j -= 1
        name = " ".join(run[words[i][0]:words[j][1]].replace("’", "'").split())
        return "org", name, words[i][0], words[j][1], ""
    for part in reversed(parts):
        titles = [k for k in part if is_title[k]]
        tail = part[part.index(titles[-1]) + 1:] if titles else part
        while len(tail) > 1 and words[tail[0]][2].isupper() and len(keys[tail[0]]) > 1:  # "AP Keillor"
            tail = tail[1:]
        if len(tail) > 1 or part is parts[0]:
            break
    # (a leading word is a name at the end of a name: "Liu He")
    while len(tail) > 1 and keys[tail[-1]] in _DAYS:  # "Tim Ryan Tuesday": the name before the day
        tail = tail[:-1]
    cut = [n for n, k in enumerate(tail) if keys[k] in _NOT_ACTOR_WORDS or (keys[k] in _LEADING and n < len(tail) - 1)]
    if cut:  # "Wednesday Federer": the name after the last word that names no actor
        tail = tail[cut[-1] + 1:]
    if not tail:
        return None
    titles = " ".join(keys[k] for k in range(i, tail[0]) if not joiner[k])
    if len(tail) == 1:
        k = tail[0]
        if is_title[k] or keys[k] in _ORG_HEADS or len(keys[k]) == 1:  # (an initial alone names nobody)
            return None
        return "single", words[k][2], words[k][0], words[k][1], titles
    if keys[tail[0]] in _PLACE_FIRST or keys[tail[-1]] in _US_STATES or all(words[k][2].isupper() for k in tail):
        return None  # a place ("Houston Texas"), a dateline
    if len(tail) > 3:  # "Public Policy Polling Tom Jensen": a name is its last two words (three with an initial)
        tail = tail[-3:] if len(keys[tail[-2]]) == 1 else tail[-2:]
    start, end = words[tail[0]][0], words[tail[-1]][1]
    return "person", " ".join(words[k][2] for k in tail).replace("’", "'"), start, end, titles


#: "and" between two names of organisations in one run: after an acronym or an organisation's head word
#: ("FBI and Department of Justice", "Alphabet Inc and Facebook Inc"; not "Department of Health and Human Services").
_AND_SPLIT = re.compile(r"(?<![\w'’\-])(?:[A-Z]{2,}|Inc|Corp|Ltd|Co|Group|Party|Bank|Ministry|Company)(\.?\s+and\s+)(?=[A-Z])")
#: Runs of one word that start a sentence or clause and name nobody (see _name_runs).
_SKIP_RUNS = frozenset({w[:1].upper() + w[1:] for w in _LEADING if "'" not in w} | {"I"})


def _name_runs(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """The capitalised runs of each text as ``(start, end, run)`` (one pass over their join)."""
    joined = _SEP.join(texts)
    out: list[list] = [[] for _ in texts]
    if not texts:
        return out
    k, offset, stop = 0, 0, len(texts[0])
    text, runs = texts[0], out[0]
    skip = _SKIP_RUNS
    for m in _NAME_RUN.finditer(joined):
        run = m.group()
        if run in skip:  # "The", "He", "In": no name (and no subject _end_rule does not find)
            continue
        pos, end = m.span()
        if pos > stop:
            while pos > stop:
                k += 1
                offset = stop + 1
                stop = offset + len(texts[k])
            text, runs = texts[k], out[k]
        start, end = pos - offset, end - offset
        # "the District Attorney's Office": an organisation's head after a possessive joins a run of
        # several words (not "China's Ministry of Commerce")
        if runs and text[runs[-1][1]:runs[-1][1] + 1] in ("'", "’") and " " in runs[-1][2] and _POSSESSIVE.fullmatch(
                text, runs[-1][1], start) and run.split(None, 1)[0].lower() in _ORG_HEADS:
            start = runs.pop()[0]
            run = text[start:end]
        if " and " in run:  # "FBI and Department of Justice": two organisations
            cut = _AND_SPLIT.search(run)
            if cut:
                runs.append((start, start + cut.start(1), run[:cut.start(1)]))
                start, run = start + cut.end(1), run[cut.end(1):]
        runs.append((start, end, run))
    return out


# ----------------------------------------------------------------------------- attribution


class _DocState:
    """What the attribution of one document remembers from sentence to sentence."""

    __slots__ = ("speakers", "persons", "orgs", "surnames", "org_words", "described", "prev_speaker", "prev_para",
                 "in_quote", "quote", "singles", "gender", "salient", "headline")

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


def _to_end(history: list[str], name: str) -> None:
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


class _Attributor:
    """The attribution rules (see the module docstring), one sentence at a time.

    Sentences arrive with their pattern matches already found (one pass over the whole table,
    see :func:`attribute_speakers`); the per-sentence work uses cheap necessary conditions
    (``str.endswith`` on a rule's possible last words) before each end-anchored search.
    """

    def __init__(self, actors: Actors, *, evidence: bool = True):
        self.actors = actors
        self.ev = evidence  # build the evidence strings (else they are "")
        self._persons = frozenset(a.name for a in actors.actors_ if a.kind == "person")
        self._known = frozenset(a.name for a in actors.actors_)
        self._kinds = {a.name: a.kind for a in actors.actors_}
        self._named_runs: tuple | list = ()  # the runs of the sentence being attributed (see register)
        self._found: list = []  # its alias and role matches (see matches)
        self._text = ""
        self._quoted = False  # the sentence being attributed is in a quotation
        self._spans: list[tuple[int, int]] = []  # the spans of that sentence inside a quotation
        self._new_here: dict[str, int] = {}  # the people named there for the first time, and where
        self._here: dict[str, int] = {}  # the people named there outside quotations, and where first
        self._holders: dict[str, list[str]] = {}  # role_holders() by surface
        self._lookups: dict[str, str | None] = {}  # actors.lookup() by name

    def _is_person(self, name: str) -> bool:
        """A person of the actor file, or a name that is not in it (what a speaker can be)."""
        return name in self._persons or name not in self._known

    # -- helpers -------------------------------------------------------------
    def matches(self, raw: list[tuple], state: _DocState) -> list[tuple[int, int, str | None, str, str]]:
        """Alias and role matches with roles resolved: (start, end, name, kind, surface), from
        ``raw``, the matches of ``actors.find(text)`` with their surface text (see :func:`_scan`)."""
        for match in raw:
            if match[3] == "role":
                break
        else:  # nothing to resolve
            return raw
        out = []
        local_persons: list[str] = []
        persons = self._persons
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

    def pronoun(self, word: str, state: _DocState, at: int = 0) -> str:
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
            before = [person for person, place in self._here.items() if place < at]
            if not before and state.salient and gender.get(state.salient) != other:
                return state.salient
            later = self._new_here  # the people first named after the pronoun are no referents
            for person in reversed(state.persons):
                if gender.get(person) != other and later.get(person, -1) < at:
                    return person
            return UNKNOWN
        if word == "it":  # an organisation: the speaking one, else the one named last
            if prev in state.orgs:
                return prev
            return state.orgs[-1] if state.orgs else UNKNOWN
        if word == "they" and prev == BOTH_SIDES:
            return BOTH_SIDES
        if prev not in (NARRATOR,):
            return prev
        return UNKNOWN

    def register(self, text: str, runs, found, state: _DocState) -> list[tuple]:
        """Read the capitalised runs of a sentence (see :func:`_parse_run`) in order: a person
        named in full or an organisation enters the document's memory (its words then refer to
        it, and its title and the words around it describe it); a single word is resolved to
        the name it refers to. Returns ``(run start, run end, name or None, kind, name start,
        name end)`` for each run, ``kind`` being ``person``, ``org``, ``single`` or None."""
        out = []
        surnames, org_words = state.surnames, state.org_words
        for start, end, run in runs:
            parsed = _parse_run(run)
            if parsed is None:
                out.append((start, end, None, None, start, end))
                continue
            kind, name, ns, ne, titles = parsed
            ns, ne = start + ns, start + ne
            known = [m[2] for m in found if m[0] < ne <= m[1]] if found else None
            if known:  # a known actor's alias ends the name: its words refer to it too ("Abe")
                if known[0] in self._persons and known[0] not in state.described:
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
                elif last is not None and words[0] in state.singles:  # "Griffey Showalter": a comma lost
                    name = last
                elif name not in state.described:
                    for word in (words[-1], words[0]):
                        surnames.setdefault(word, name)
                described = state.described.get(name)
                if described is None:  # Mr., Ms., or the first of his/her after the name, before another
                    state.gender[name] = _gender(f"{titles} {_UP_TO_NAME.match(text, ne, ne + 60).group()}")
                    described = ""
                if len(described) < 300:  # the titles and the words around the first mentions describe the person
                    state.described[name] = f"{described} {titles} {text[max(ns - 40, 0):ns]} {text[ne:ne + 60]}".lower()
                self._mentioned(name, ns, state)
            elif kind == "org":
                if name.lower() in _ORG_HEADS:  # "the Commission": the organisation named last with that word
                    name = self._org_by_head(name.lower(), state) or name
                if name not in state.orgs:
                    for word in name.split():
                        if word[:1].isupper():
                            org_words.setdefault(word, name)
                    acronym = _ACRONYM_AFTER.match(text, end)  # "the National Reform Commission (NRC)"
                    if acronym:
                        org_words.setdefault(acronym.group(1), name)
                _to_end(state.orgs, name)
            else:
                known = surnames.get(name)
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
                        _to_end(state.orgs, known)
                        kind, name = "org", known
                    else:
                        state.singles.add(name)
            out.append((start, end, name, kind, ns, ne))
        return out

    def _mentioned(self, person: str, at: int, state: _DocState) -> None:
        """A person named at ``at`` becomes the one named last, unless named inside a quotation
        (who is named inside a quotation is no referent of a pronoun outside it); one named for
        the first time is remembered with that place (no referent of a pronoun before it)."""
        if self._spans and _inside(self._spans, at):
            return
        persons = state.persons
        if not persons or persons[-1] != person:
            if person in persons:
                persons.remove(person)
            else:
                self._new_here[person] = at
            persons.append(person)
        if person not in self._here:
            self._here[person] = at

    def _named(self, entry, state, base: int):
        """The speaker a run names (see :meth:`register`) and the evidence, or None."""
        start, end, name, kind, ns, ne = entry
        if kind is None or kind == "known":
            return None
        if kind == "single" and name.lower() in _SOURCE_PLURALS:  # "Officials said"
            return UNKNOWN, f"{name} [unnamed source] {base + ns}-{base + ne}" if self.ev else ""
        if not self.ev:
            return name, ""
        surface = self._text[ns:ne]
        label = "name" if surface == name else f"name -> {name}"
        return name, f"{surface} [{label}] {base + ns}-{base + ne}"

    def _org_by_head(self, head: str, state: _DocState) -> str | None:
        """The organisation named last with ``head`` (lower case) among the words of its name (or
        of an alias, for an organisation of the actor file), or None."""
        for org in reversed(state.orgs):
            known = self.actors.get(org)
            if any(head in alias.lower().split() for alias in (known.aliases if known else (org,))):
                return org
        return None

    def description(self, text: str, n: int, state: _DocState, base: int):
        """The speaker that a description ending ``text[:n]`` refers to, and the evidence: for a
        definite one ("the ministry", "the spokesman", "the US president"), the organisation named
        last whose name holds its head word, or the person who spoke or was named last whom that
        word describes; an organisation named in it for an unnamed member of it ("a Foreign
        Ministry spokesman"); ``unknown`` for an unnamed source ("an official", "the spokesman"
        when nobody fits); None for any other words."""
        m = _DESCRIPTION.search(text, max(n - 80, 0), n)
        if m is None:
            return None
        head = m.group(2).lower()
        found = self._document(m, state, base) if head in _DOCUMENTS else None
        if found is None and m.group(1).lower() == "the":
            found = self._definite(m, head, state, base)
        if found is None and head in _SOURCE_WORDS:
            start = m.start() + (last.start() if (last := _LAST_ARTICLE.search(m.group())) else 0)
            org = next((f[2] for f in self._found if start <= f[0] < m.end() and self._kinds.get(f[2]) == "organisation"),
                       None) or next((e[2] for e in self._named_runs if start <= e[0] < m.end() and e[3] == "org"), None)
            if org:  # an unnamed member of an organisation named in it speaks for it ("a Foreign Ministry spokesman")
                return org, f"{text[start:m.end()]} [member -> {org}] {base + start}-{base + m.end()}" if self.ev else ""
            return UNKNOWN, f"{m.group()} [unnamed source] {base + m.start()}-{base + m.end()}" if self.ev else ""
        return found

    def _document(self, m: re.Match, state: _DocState, base: int, *, subject: bool = True):
        """The author that a description of a document ``m`` names, and the evidence, or None: a
        name in it ("the earlier Tribune story": the Tribune, or the organisation of the document
        with that word in its name), an organisation's head before 's ("the ministry's
        statement": the ministry named last), or a name after "by" or "from" ("a report from
        The Washington Post"). As a ``subject``, not after a preposition ("about the Russia
        investigation said")."""
        start, end = m.start(), m.end()
        last = _LAST_ARTICLE.search(m.group())  # (the description is its last noun phrase)
        start += last.start() if last else 0
        if subject and _PREPOSITION_BEFORE.search(self._text, max(start - 12, 0), start):
            return None
        by = _BY_AUTHOR.match(self._text, end)
        if by:
            start, end = by.end(), by.end() + 1  # the name that starts there
        name = next((f[2] for f in self._found if start <= f[0] < end and f[2]
                     and self._kinds.get(f[2]) != "country"), None)
        if name is None:
            name = next((e[2] for e in self._named_runs if start <= e[0] < end and e[3] in ("person", "org", "single")),
                        None)
        if name is None and not by:
            for word in m.group().lower().split()[1:-1]:
                owner = word[:-2] if word.endswith(("'s", "’s")) else ""
                if owner in _ORG_HEADS:
                    name = self._org_by_head(owner, state)
                elif owner in _ANY_ORG and state.orgs:
                    name = state.orgs[-1]
        if name is None:
            return None
        return name, f"{m.group()} [document -> {name}] {base + m.start()}-{base + m.end()}" if self.ev else ""

    def _definite(self, m: re.Match, head: str, state: _DocState, base: int):
        """The actor of the definite description ``m`` with head word ``head`` (see :meth:`description`)."""
        if head not in _ORG_HEADS and head not in _TITLES and head not in _ROLE_WORDS and head not in _ANY_ORG:
            return None
        # a capitalised modifier that is no known alias names the actor ("the Chillicothe newspaper"):
        # only an actor with that word fits
        named = [w for w in m.group().split()[1:-1] if w[:1].isupper() and self.actors.lookup(w) is None]
        if named:
            for actor in [*state.orgs[::-1], *state.persons[::-1]]:
                if all(w in actor.split() for w in named):
                    return actor, f"{m.group()} [description -> {actor}] {base + m.start()}-{base + m.end()}" if self.ev else ""
            return None
        name = self._org_by_head(head, state) if head in _ORG_HEADS else None
        if name is None and head in _ANY_ORG and state.orgs:  # "the company": the organisation named last
            name = state.orgs[-1]
        if name is None and head not in _ANY_ORG:
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
                        person in self._known or not any(w in state.described.get(person, "") for w in modifiers)):
                    continue
                if person in holders or word.search(state.described.get(person, "")):
                    name = person
                    break
        if name is None:
            return None
        return name, f"{m.group()} [description -> {name}] {base + m.start()}-{base + m.end()}" if self.ev else ""

    def _subject_at_end(self, text: str, n: int, found, state, base: int):
        """The speaker whose name ends ``text[:n]``, or None; before "and" ("Smith took the stage
        and said"), the subject of the clause (:meth:`_clause_subject`)."""
        if not n:
            return None
        if text.endswith(" and", 0, n):
            return self._clause_subject(text, n - 4, found, state, base)
        ev = self.ev
        for match in found:
            if match[1] == n:
                start, end_, name, kind, surface = match
                if name is None:
                    return UNKNOWN, f"{surface} [unresolved role] {base + start}-{base + end_}" if ev else ""
                if self._kinds.get(name) == "country" and _PLACE_PREPOSITION.search(text, max(start - 12, 0), start):
                    return self._clause_subject(text, start, found, state, base)  # "the troops in Iraq said"
                label = "actor" if kind == "alias" else "role"
                return name, f"{surface} [{label}] {base + start}-{base + end_}" if ev else ""
        for entry in self._named_runs:
            if entry[1] == n or entry[5] == n:
                # after a preposition, a word that names nobody known or an organisation is no subject
                # ("The King Center in Atlanta said", "a professor at Howard University told"): the
                # subject of the clause is
                if entry[3] in (None, "org") or (entry[3] == "single" and entry[2] in state.singles):
                    if _PREPOSITION_BEFORE.search(text, max(entry[0] - 12, 0), entry[0]):
                        hit = self._clause_subject(text, entry[0], found, state, base)
                        if (hit is None or hit[0] == UNKNOWN) and entry[3] == "org" and self._unnamed_member(text, entry[0]):
                            return self._named(entry, state, base)  # "a reporter for the New York Times said"
                        return hit
                if entry[3] is not None:
                    return self._named(entry, state, base)
        rule = _end_rule(text, n)
        if rule is None:
            return self.description(text, n, state, base) if text[n - 1:n].islower() else None
        kind, raw, start, end = rule
        if kind == "sides":
            return BOTH_SIDES, f"{raw} [both sides] {base + start}-{base + end}" if ev else ""
        if kind == "pronoun":
            if _WHAT_BEFORE.search(text, max(start - 6, 0), start):  # "what she says": no attribution
                return None
        speaker = self.pronoun(raw, state, start)
        if speaker == UNKNOWN and self._quoted and raw in ("I", "i", "we", "We"):  # "I said" inside a quotation
            return None
        return speaker, f"{raw} [pronoun] {base + start}-{base + end}" if ev else ""

    def _unnamed_member(self, text: str, at: int) -> bool:
        """Whether the organisation named at ``at`` follows an unnamed member of it ("a reporter
        for the", "a spokesman at"): the organisation is then the source."""
        prep = _AFFILIATION.search(text, max(at - 14, 0), at)
        m = prep and _DESCRIPTION.search(text, max(prep.start() - 60, 0), len(text[:prep.start()].rstrip()))
        return bool(m) and (m.group(2).lower() in _SOURCE_WORDS or m.group(2).lower() in _ROLE_WORDS
                            or m.group(2).lower() in _TITLES) and not _NAME_BEFORE.search(text, max(m.start() - 40, 0),
                                                                                          m.start())

    def _relative(self, text: str, before: str, relative: re.Match, found, state, base: int):
        """The speaker of a verb after the relative clause ``relative`` that ends ``before`` ("Smith
        who chairs the panel said"; not "Smith who had said"): the name before "who" or "which", or when that
        name follows a preposition ("a lecturer at Jiaotong University who ..."), the subject of
        the clause; or None."""
        if not _NOT_AUXILIARY.search(before, relative.end()) or (self._spans and _inside(self._spans, relative.start())):
            return None
        n = len(before[:relative.start()].rstrip(" ,"))
        if _AFTER_PREPOSITION.search(before, 0, n):
            return self._clause_subject(text, n, found, state, base)
        hit = self._subject_at_end(text, n, found, state, base)
        if hit is not None and hit[0] == UNKNOWN:  # "Ann Lee a former official who left ...": the name
            m = _DESCRIPTION.search(text, max(n - 80, 0), n)
            if m and _NAME_BEFORE.search(text, max(m.start() - 40, 0), m.start()):
                hit = self._clause_subject(text, n, found, state, base) or hit
        return hit

    def _clause_subject(self, text: str, n: int, found, state, base: int):
        """The subject of the clause that ends ``text[:n]``: the first actor or name in it, outside
        quotations and not after a preposition; else a pronoun that starts the sentence; or None."""
        lead = _DATELINE.match(text) or _CONTINUATION.match(text)
        begin = lead.end() if lead else 0
        for start, end in self._spans:  # a quotation that opens the sentence is no part of the clause
            if start <= begin + 2 and begin < end <= n:
                begin = end
        comma = text.rfind(",", begin, n)
        begin = comma + 1 if comma >= 0 else begin
        first = min([(m[0], 0, m[1]) for m in found if begin <= m[0] < n and m[2]
                     and not _CAPITAL_NEXT.match(text, m[1])]  # (not a modifier: "U.N. Secretary-General")
                    + [(e[0], 1, k) for k, e in enumerate(self._named_runs) if begin <= e[0] < n
                       and e[3] in ("person", "org", "known")],  # (not a word that names nobody: "Dozens of")
                    default=None)
        if first is None:
            pronoun = _PRONOUN_START.match(text, begin + len(text[begin:n]) - len(text[begin:n].lstrip()))
            return self._subject_at_end(text, pronoun.end(), found, state, base) if pronoun else None
        start, is_run, end = first
        entry = self._named_runs[end] if is_run else None
        end = entry[5] if is_run else end
        if any(not w[:1].isupper() and w not in _SUBJECT_LEAD and w not in _TITLES for w in text[begin:start].split()) \
                or text.startswith(("'s", "’s"), end):
            return None  # the clause starts with other words (not names, titles), or the name is a possessor
        return self._named(entry, state, base) if entry else self._subject_at_end(
            text, end, found, state, base)

    def subject_after(self, text: str, start: int, found, state, base: int):
        """The speaker named right after ``start`` ("said Maria Lopez", "according to X")."""
        rest = text[start:]
        lead = len(rest) - len(rest.lstrip())
        pos = start + lead
        article = _THE.match(text, pos)
        at = {pos, article.end()} if article else {pos}
        ev = self.ev
        for s, e, name, kind, surface in found:
            if s in at:
                if name is None:
                    return UNKNOWN, f"{surface} [unresolved role] {base + s}-{base + e}" if ev else ""
                label = "actor" if kind == "alias" else "role"
                return name, f"{surface} [{label}] {base + s}-{base + e}" if ev else ""
        m = _SOURCE_AFTER.match(text, pos)
        if m:  # "said the spokesman": the person it describes, else an unnamed source
            head = m.group().split()[-1].lower()
            if head in _DOCUMENTS:  # "according to a CNN report"; a document of nobody named: no speaker
                return self._document(m, state, base, subject=False)
            found = self._definite(m, head, state, base) if article else None
            return found or (UNKNOWN, f"{m.group()} [unnamed source] {base + m.start()}-{base + m.end()}" if ev else "")
        for entry in self._named_runs:
            if entry[0] in at:
                return self._named(entry, state, base)
        return None

    # -- one sentence ----------------------------------------------------------
    def attribute(self, text: str, base: int, para: int, is_title: bool, state: _DocState, raw, verbs, acc, sides,
                  runs=()):
        """Attribute one sentence, given its pattern matches as :func:`_scan` finds them: ``raw``
        (``actors.find(text)`` with each match's text), the speech verbs as ``(start, end, verb)``,
        the first "according to" and the first "the sides" subject (matches or None), and its
        capitalised runs (:func:`_name_runs`).

        Returns ``(speaker, evidence, mentions)`` and updates ``state`` (``state.quote`` tells
        the caller what the sentence does to an open quotation: see :func:`attribute_speakers`).
        """
        found = self._found = self.matches(raw, state) if raw else []
        self._text = text
        in_quote = state.in_quote and para == state.prev_para  # a new paragraph opens its own quotation
        spans, state.in_quote = self._spans, _ = _quotations(text, in_quote)
        self._new_here, self._here = {}, {}
        if runs and _headline(text):  # a headline's capitals name nobody
            for run in runs:  # (but its last two words may be a person's name that the text gives later
                parsed = _parse_run(run[2])  # by surname alone: "Hero Aaron Feis ...", then "Feis said")
                if parsed and parsed[0] == "person":
                    name = " ".join(parsed[1].split()[-2:])
                    state.headline.setdefault(name.split()[-1], name)
            runs = ()
        named = self._named_runs = self.register(text, runs, found, state) if runs else ()
        # mentions in order of first appearance: the actors of the file, and the named ones
        mentions = []
        for match in found:
            name = match[2]
            if name and name not in mentions:
                mentions.append(name)
                if self._kinds.get(name) == "organisation":
                    _to_end(state.orgs, name)
        if named:
            places = [(e[4], e[2]) for e in named if e[3] == "person" or e[3] == "org"]
            if places:
                if mentions:
                    places += [(m[0], m[2]) for m in found if m[2]]
                    places.sort(key=lambda p: p[0])
                mentions = list(dict.fromkeys(name for _, name in places))
        quoted = self._quoted = in_quote or _QUOTE_START.match(text) is not None
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
                for v_start, v_end, verb in verbs:
                    if verb in _THANKS_VERBS and _THANKS_TO.match(text, v_start):
                        continue
                    if verb == "called" and not _QUOTE_MARK.search(text, v_end):  # called it "a fraud"
                        continue
                    # the speaker whose name ends the text before the verb (or before its adverbs)
                    before = text[:v_start].rstrip()
                    if before[-12:].rpartition(" ")[2].lower() in _NOT_SUBJECT:
                        continue  # "after reports", "was reported": a noun, or a passive
                    for n in _subject_ends(before):
                        hit = subject_at_end(text, n, found, state, base)
                        if hit:
                            break
                    else:
                        hit = None
                    relative = _RELATIVE.search(before) if " wh" in before else None
                    # after a relative clause: its name, unless the verb has its own subject (a name
                    # not after a preposition, after a long clause: "... after a year of talks Feher said")
                    if relative and (hit is None or 3 <= len(before[relative.end():].split()) <= 7
                                     or _AFTER_PREPOSITION.search(before)):
                        hit = self._relative(text, before, relative, found, state, base) or hit
                    if hit is None and verb not in _OBJECT_VERBS and " " not in verb:
                        # ends with [,"”’] then white space
                        if before and before[-1] in ',"”’':
                            hit = self.subject_after(text, v_end, found, state, base)
                            postposed = hit is not None
                    if hit is not None:
                        cue = f"{verb} [speech verb] {base + v_start}-{base + v_end}; {hit[1]}" if ev else ""
                        best = (v_start, hit[0], cue)
                        break
            if acc:
                hit = self.subject_after(text, acc.end(), found, state, base)
                if hit is not None and (best is None or acc.start() < best[0]):
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
        # remember
        persons = state.persons
        known_persons = self._persons
        for start, _, name, _, _ in found:  # (a person named inside a quotation is no referent outside it)
            if name in known_persons and not (spans and _inside(spans, start)):
                self._here.setdefault(name, start)
                _to_end(persons, name)
        if self._here:
            state.salient = min(self._here, key=self._here.get)
        if speaker not in (NARRATOR, BOTH_SIDES, UNKNOWN) and speaker not in state.orgs and (
                speaker in known_persons or speaker not in self._known):
            _to_end(persons, speaker)
        state.speakers.append(speaker)
        state.prev_speaker, state.prev_para = speaker, para
        return speaker, evidence, ";".join(mentions)

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


def _word_sets(actors: Actors) -> _WordSets:
    """The words :func:`_scan` looks for (built once per actors): the sets ``"speech"``,
    ``"speech long"``, ``"speech second"`` (see :data:`_SPEECH_WORDS`), ``"according"``,
    ``"sides"``, and with a word plan of the actors (:meth:`Actors._word_plan`) ``"first"``,
    ``"second"`` and for each lead (an int) the words of the aliases; and the set ``"alias long"``
    of the first words of the aliases and roles (lead 0) that are more than that word alone (see
    :func:`_word_matches`)."""
    groups: dict = {"speech": _SPEECH_WORDS, "speech long": _SPEECH_LONG, "speech second": _SPEECH_SECOND,
                    "according": ("according",), "sides": ("sides", "parties")}
    plan = actors._word_plan()
    if plan is not None:
        heads, firsts, seconds = plan
        groups.update({"first": firsts, "second": seconds, "alias long": actors._long_words()})
        groups.update(heads)
    return _WordSets(groups)


def _verb_finish(group, verb: str) -> tuple[str]:
    """The rest of a speech verb's tuple after its offsets (see :func:`_word_matches`)."""
    return (verb,)


def _scan(actors: Actors, texts: list[str], *, speech: bool = True) -> tuple[list, list, list, list]:
    """The matches of the patterns that do not depend on the document state, in each text:
    ``actors.find(text)`` (each match with its text as a fifth item), the speech verbs as
    ``(start, end, verb)``, and the first match of :data:`_ACCORDING` and of
    :data:`_SIDES_SUBJECT` (or None), as four lists (without ``speech``, the last three are
    empty).

    The words of all the texts are found once (:class:`_Words` of their join), and each pattern
    is tried at the words its matches can start with only (:func:`_word_sets`).
    """
    joined = _SEP.join(texts)
    sets = actors._word_sets
    bit = sets.bit
    words = _Words(joined)
    masks = sets.masks(words)
    starts, ends = words.starts, words.ends
    sizes = [len(t) for t in texts]
    if "first" in bit:
        places, stops, bare = [], [], []  # where to try the alias pattern, where the words there end, bare
        for lead in bit:
            if isinstance(lead, int):
                at = np.flatnonzero(masks & bit[lead])
                places.append(starts[at] - lead)
                stops.append(ends[at])
                bare.append((masks[at] & bit["alias long"]) == 0 if lead == 0 else np.zeros(len(at), dtype=bool))
        first = np.flatnonzero(masks[:-1] & bit["first"])
        at = first[(masks[first + 1] & bit["second"]) != 0]
        places.append(starts[at])
        stops.append(ends[at])
        bare.append(np.zeros(len(at), dtype=bool))
        places, stops, bare = np.concatenate(places), np.concatenate(stops), np.concatenate(bare)
        keep = np.argsort(places, kind="stable")
        keep = keep[places[keep] >= 0]
        aliases = _word_matches(actors.pattern_, joined, sizes, actors._finish, places[keep].tolist(),
                                stops[keep].tolist(), bare[keep].tolist())
    else:  # the alias pattern everywhere
        aliases = _word_matches(actors.pattern_, joined, sizes, actors._finish, None)
    if not speech:
        return aliases, [], [], []
    # a verb of one word, or the first word of a phrase before its second word
    one = (masks & bit["speech"]) != 0
    phrase = ((masks & bit["speech long"]) != 0) & np.append((masks[1:] & bit["speech second"]) != 0, False)
    at = np.flatnonzero(one | phrase)
    verbs = _word_matches(_SPEECH, joined, sizes, _verb_finish, starts[at].tolist(), ends[at].tolist(),
                          ((masks[at] & bit["speech long"]) == 0).tolist())
    bounds = np.cumsum([size + 1 for size in sizes])  # where each text's separator ends
    offsets = np.concatenate(([0], bounds[:-1]))  # where each text starts
    # the texts that hold a word of each of the other patterns' matches: a search in each, from
    # the first such word or the word before the word before it ("the two sides", "all the
    # parties"): every match holds one and starts there at most two words before it
    firsts = []
    for pattern, name, back in ((_ACCORDING, "according", 0), (_SIDES_SUBJECT, "sides", 2)):
        first: list = [None] * len(texts)
        at = np.flatnonzero(masks & bit[name])
        ks = np.searchsorted(bounds, starts[at], side="right")
        for k, pos in zip(ks.tolist(), (starts[np.maximum(at - back, 0)] - offsets[ks]).tolist()):
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


def attribute_speakers(sentences: pd.DataFrame, *, actors=None, evidence: bool = True) -> pd.DataFrame:
    """Add who speaks (``speaker``, ``speaker_evidence``) and who is spoken of (``mentions``).

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentences table (``text``; ``doc_id``, ``sent_id``, ``paragraph_id``
        and ``start`` are used when present: without ``doc_id`` all rows are one
        document, without ``start`` offsets are relative to the sentence).
    actors : Actors, str, Path, mapping or None
        The actors (``None``: the default file; a path: :func:`load_actors`).
    evidence : bool, default True
        Build the ``speaker_evidence`` strings; ``False`` leaves them empty
        (faster, for document-level output). The other columns are the same.

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
        raw, verbs, according, sides = _scan(actors, texts)
        runs = _name_runs(texts)
        state = _DocState()
        current = object()
        attribute = worker.attribute
        pending: list[int] = []  # the sentences of an open quotation whose speaker is not named yet
        for i in order:
            doc = doc_ids[i]
            if doc != current:
                current, state = doc, _DocState()
                pending = []
            para = paras[i]
            is_title = has_sent_id and sent_ids[i] == 0 and para == 0
            speaker[i], evidence_[i], mentions[i] = attribute(texts[i], starts[i], para, is_title, state,
                                                              raw[i], verbs[i], according[i], sides[i], runs[i])
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
    out = sentences.copy()
    out["speaker"] = pd.Series(speaker, index=out.index, dtype="str")
    out["speaker_evidence"] = pd.Series(evidence_, index=out.index, dtype="str")
    out["mentions"] = pd.Series(mentions, index=out.index, dtype="str")
    return out


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
