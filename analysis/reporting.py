"""The words of English news that report speech: reporting verbs and phrases (:data:`SPEECH_VERBS`),
the patterns that find them, the verbs whose object is not the words said, where the subject
of a verb may end (:func:`subject_ends`) and what a sentence quotes (:func:`quotations`).

:mod:`analysis.speakers` reads them to tell who speaks.
"""

from __future__ import annotations

import re

from .names import TITLES, inside
from .runs import CAPITAL
from .text import trie_regex

__all__ = ["SPEECH_VERBS", "SPEECH_PHRASES", "SPEECH", "SPEECH_WORDS", "SPEECH_LONG", "SPEECH_SECOND",
           "OBJECT_VERBS", "THANKS_TO", "THANKS_VERBS", "MADE_BY", "QUOTE_START", "QUOTE_MARK", "subject_ends",
           "quotations", "SIDES", "end_rule", "reporting_order", "POSSESSIVE_DESCRIPTION", "DESCRIBER",
           "POSSESSOR_AFTER", "OBJECT_PRONOUN", "SUBJECT_FORM", "after_titles"]

#: Reporting verbs of English news (lower case; past tense and third person singular, and phrases
#: of several words): verbs that report speech, writing or a stated position with its speaker as
#: their subject, grouped by what they report. "called" counts only before a quotation.
SPEECH_VERBS = (
    # saying, telling, writing
    "said says say told tells tell added adds wrote writes tweeted tweets blogged texted emailed stated states "
    "remarked commented observed observes noted notes continued concluded concludes described describes "
    "posted on wrote on was quoted as saying is quoted as saying made the remarks made the comments "
    "made these remarks made this statement made the statement made a statement made his remarks made her remarks "
    "made the announcement made the assertion made the comment made the remark made the observation "
    "saying",  # (only after a clause: "..., saying", "by saying")
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
    "asked asks inquired inquires enquired wondered questioned urged urges implored implores begged "
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
SPEECH_PHRASES = [phrase for group in SPEECH_VERBS for phrase in re.findall(
    r"(?:was|is) quoted as saying|made \w+ \w+|\w+ (?:on|out|back|in|for|to|upon)(?= |$)|\w+", group)]
SPEECH = re.compile(r"(?<![\w-])(?:" + trie_regex(SPEECH_PHRASES) + r")(?![\w-])")
#: The speech verbs of one word, and the first and second words of the phrases of several words
#: ("called for", "was quoted as saying"): every match of :data:`SPEECH` is one of the first, or
#: starts with one of the second right before one of the third (the words of a Words index, or
#: an inner start of it: see :class:`analysis.actors.LeadWords`).
SPEECH_WORDS = frozenset(phrase for phrase in SPEECH_PHRASES if " " not in phrase)
SPEECH_LONG = frozenset(phrase.split()[0] for phrase in SPEECH_PHRASES if " " in phrase)
SPEECH_SECOND = frozenset(phrase.split()[1] for phrase in SPEECH_PHRASES if " " in phrase)
#: Speech verbs whose object is a person or a thing, not the words said: a name after them is
#: their object ('"...," thanked Smith'), so they never come before their speaker (the others
#: of one word may: '"...," said Maria Lopez').
OBJECT_VERBS = frozenset("""praised praises lauded lauds hailed welcomed welcomes thanked thanks congratulated
    congratulates criticised criticized criticises criticizes condemned condemns denounced denounces decried decries
    accused accuses blamed blames expressed expresses conveyed conveys urged urges
    implored implores begged advised advises reminded reminds assured assures reassured reassures invited
    invites informed briefed called denied denies rejected rejects believes believed hopes hoped""".split())
THANKS_TO = re.compile(r"thanks\s+to\b|claims\s+(?:of|that|by)|states\s+(?:of|and)\b")
#: The speech verbs at which THANKS_TO can match (the verb found there is the word it starts with).
THANKS_VERBS = frozenset({"thanks", "claims", "states"})
#: Words said, made by a speaker named after them ("The remarks were made by ...").
MADE_BY = re.compile(r"(?i)\b(?:remarks?|comments?|statements?|speech|announcement|appeal|pledge)\s+"
                      r"(?:was|were|had\s+been|has\s+been|have\s+been)\s+made\s+by\s+")

_TRAILING_ADVERB = re.compile(
    r"(?:,\s*)?(?<![\w-])(?:also|just|only|still|even|in\s+turn|has|have|had|further|then|again|once\s+again|later|earlier|"
    r"in\s+particular|for\s+(?:his|her|their|its)\s+part|on\s+(?:his|her|their|its)\s+part|"
    r"in\s+(?:his|her|their)\s+(?:speech|address|remarks|statement)|"
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|yesterday|today|tonight|"
    r"(?:last|this|earlier\s+this)\s+week|"
    r"(?:at|in|on|during)\s+(?:a|an|the|his|her|its|their)\s+(?:[\w\-]+\s+){0,3}?(?:briefing|conference|meeting|"
    r"forum|interview|statement|speech|event|rally|hearing|session|summit|ceremony|address|gathering|appearance)|"
    r"[a-z]+ly)\s*,?\s*$"
)

#: The last words of the alternatives of _TRAILING_ADVERB: a text can end with a trailing
#: adverb (and then a comma) only if it ends with one of them.
_ADVERB_ENDS = ("also", "just", "only", "still", "even", "turn", "has", "have", "had", "further", "then", "again", "later", "earlier",
                "particular", "part", "speech", "address", "remarks", "statement", "day", "tonight", "week", "ly",
                "briefing", "conference", "meeting", "forum", "interview", "event", "rally", "hearing", "session",
                "summit", "ceremony", "gathering", "appearance")
#: What the text before a subject ends with when it holds more than the subject (see subject_ends).
_SUBJECT_TAIL_ENDS = _ADVERB_ENDS + (",", ")")
_PARENTHESIS_END = re.compile(r"\s*\([^()]{1,40}\)$")
#: The last items of a list of capitalised words ("Industry and Energy").
_LIST_END = re.compile(r"\s*(?:" + CAPITAL + r"[\w&'’\-]*\s+)*(?:and|&)\s+" + CAPITAL + r"[\w&'’\-]*\s*")
#: An affiliation after a comma that ends the text before a verb (", of the Rochester Police Department").
_AFFILIATION_END = re.compile(r",\s+(?:of|from|at|with)\s+(?:the\s+)?(?:" + CAPITAL + r"[\w&'’.\-]*\s*){1,6}$")

#: An apposition that is a name alone (up to four capitalised words).
_NAME_ONLY = re.compile(r"\s*" + CAPITAL + r"[\w.'’\-]*(?:\s+" + CAPITAL + r"[\w.'’\-]*){0,3}")

_QUOTE_OPEN = ("“", "«", "‘‘", "``", "\x80\x9c")  # the last: a left quotation mark read as Latin-1 ("â\x80\x9c")
#: A quotation that opens a sentence, maybe after a connective ('However, "all these ...').
QUOTE_START = re.compile(r"^[\s(]*(?:(?i:however|but|and|still|yet|also|moreover|indeed|instead|now|then|so),?\s+)?"
                          r"(?:[\"“«]|â\x80\x9c)")
#: (guillemets too: «...», in Russian and Kazakh news; and two single marks for one double: ‘‘...’’)
QUOTE_MARK = re.compile(r'["“”«»]|‘‘|’’|``|\x80\x9c|\x80\x9d')

_NO_SPANS: list = []  # (shared: never changed)


def subject_ends(before: str) -> tuple[int, ...]:
    """Where the subject of a verb may end, in the order to try, given ``before``, the text before
    the verb without trailing white space: ``before[:n]`` for each ``n`` is that text without
    trailing adverbs, and for an apposition ("Schmidt, president of the Forum, said") the text
    before it first.

    Examples
    --------
    >>> subject_ends("Wang Yi also"), subject_ends("Schmidt, president of the Forum,")
    ((7,), (7, 31))
    >>> subject_ends("Ann Lee, a dean at the School, one of its best,")
    (7, 29, 46)
    >>> subject_ends("Sergeant Tom Faudskar, of the Rochester Police Department")
    (21, 57)
    >>> subject_ends("Yang, a member of the Politburo – its top body –")
    (4, 31)
    """
    t = before
    if t.endswith(("–", "—")) and (dash := max(t.rfind("–", 0, len(t) - 1), t.rfind("—", 0, len(t) - 1))) > 0:
        t = t[:dash].rstrip() + ","  # "Yang, a member of the Politburo – the top body –": a parenthesis ends it
    if not t.endswith(_SUBJECT_TAIL_ENDS):  # most often: no adverb, no apposition, no parenthesis
        affiliation = _AFFILIATION_END.search(t, max(len(t) - 80, 0)) if ", " in t else None
        if affiliation:  # "Sergeant Tom Faudskar, of the Rochester Police Department says": the name first
            return (affiliation.start(), len(t))
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
        if (m.group().startswith(",") or t.endswith(",")) and not new.endswith(","):  # (an apposition's comma
            new += ","  # stays: "Ann Lee, the minister, has", "Ann Lee, a senator who voted on Monday,")
        if new == t:
            break
        t = new
    if t.endswith(","):  # an apposition
        body = t[:-1].rstrip()
        comma = body.rfind(",")
        if comma <= 0:
            return (len(body),)
        if _NAME_ONLY.fullmatch(body, comma + 1) and body.rsplit(None, 1)[-1].rstrip(".").lower() not in TITLES:
            # "The spokesperson for the ministry, Geng Shuang,": the name (not "Wang Yi, Foreign Minister,")
            return (len(body), len(body[:comma].rstrip()))
        ends, end = [], len(body)
        while comma > 0 and (body[comma + 1:end].lstrip()[:1].islower() or (ends or end == len(body)) and _LIST_END.fullmatch(
                body, comma + 1, end)):  # descriptions in a row (a list's last items too: "of Trade, Industry and Energy"): "Alexey
            end = len(body[:comma].rstrip())  # Maslov, a professor at the School, one of its deans,"
            ends.append(end)
            comma = body.rfind(",", 0, end)
        if len(ends) > 1:  # the name before the first of them first
            return (ends[-1], *ends[-2::-1], len(body))
        return (len(body[:comma].rstrip()) if not ends else ends[0], len(body))
    return (len(t),)


def quotations(text: str, open_before: bool) -> tuple[list[tuple[int, int]], bool]:
    """The spans of ``text`` inside a quotation, and whether one is open after it, when one was
    (``open_before``) before it: a left quotation mark opens one, a right one closes it, and a
    straight one does the other.

    Examples
    --------
    >>> quotations('"We lost," he said.', False), quotations('It hurt," he said.', True)
    (([(0, 10)], False), ([(0, 9)], False))
    """
    if '"' not in text and "“" not in text and "”" not in text and "\x80" not in text and "«" not in text \
            and "»" not in text and "’’" not in text and "‘‘" not in text and "``" not in text:
        return ([(0, len(text))] if open_before else _NO_SPANS), open_before
    state, start, spans = open_before, 0, []
    for m in QUOTE_MARK.finditer(text):
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


#: "the sides" and its variants, as the subject of a sentence (a pattern to build on).
SIDES = r"(?:both|the\s+two|the|all\s+the|all)\s+(?:sides|parties)"
_SIDES_END = re.compile(r"(?i)(?:^|(?<=\W))" + SIDES + r"$")
_PRONOUN_END = re.compile(r"(?:^|(?<=[\s,;:\"“‘(]))(he|she|it|they|we|i|He|She|It|They|We|I)$")
#: What comes before "it" as a subject (the start of the sentence or of a clause: "In a statement,
#: it said", "and it added"; not an object: "signed it have reported", "far from it says").
_IT_SUBJECT = re.compile(r"(?:^|[,;:(\"“‘]|(?<![\w'’\-])(?:and|but|so|then|yet|now|also))\s*$")
#: The endings _PRONOUN_END can match.
_PRONOUN_ENDS = ("he", "we", "it", "they", "i", "I", "He", "We", "It", "They")


def end_rule(text: str, n: int) -> tuple | None:
    """The first end-anchored rule that matches ``text[:n]``: ``(rule, matched text, start,
    end)``, rule being "sides" or "pronoun" (it depends on the text alone)."""
    # "sides" and "parties" end with s (or the long s that ignore case matches with it)
    if text[n - 1] in "sS\u017f":  # (so not a newline, before which $ matches too)
        m = _SIDES_END.search(text, 0, n)
        if m:
            return "sides", m.group(), m.start(), n
    if text.endswith(_PRONOUN_ENDS, 0, n):
        m = _PRONOUN_END.search(text, 0, n)
        if m and (m.group(1) not in ("it", "It") or _IT_SUBJECT.search(text, 0, m.start(1))):
            return "pronoun", m.group(1), m.start(1), m.end(1)
    return None


#: The start of a reporting clause before its verb: a comma, then at most seven words that open no
#: clause of their own ("..., the Foreign Ministry said", "..., said").
_REPORT_CLAUSE = re.compile(r",\s+(?!(?:and|but|or|while|which|who|whom|that|as|when|if|because|"
                            r"although|though|after|before|since|where|so|yet|then|what|how)\b)"
                            r"(?:[\w.'’\-]+\s+){0,7}$")
#: What follows the verb of a reporting clause: at most eight words to a comma or the end of the sentence.
_REPORT_END = re.compile(r"(?:\s+[^\s,;:\"“”«»]+){0,8}?\s*(?:[,.!?]\s*$|$|,)")


def reporting_order(text: str, verbs: list[tuple], spans: list[tuple[int, int]], opens: bool) -> list[tuple]:
    """The speech verbs of a sentence ``(start, end, verb)`` in the order to try them for its speaker.

    A verb inside the words quoted (``spans``) reports no speaker of the sentence when one
    outside them does ('"So we said why not ..." she says'), nor, in a sentence that ``opens`` a
    quotation, at all ('"Yesterday, Ann Lee also expressed her full support for it.': the
    quotation's speaker's), unless it ends the sentence (a closing mark lost: '"... harm, Simon
    says.'). A reporting clause after a comma comes first: it reports the words before it ("China
    urged ..., the ministry said", "..., said Ann Lee"), when its clause holds no other verb (not
    ", he said all parties continued") and at most eight words follow it to a comma or the end.

    Examples
    --------
    >>> text = "China urged talks, the ministry said."
    >>> reporting_order(text, [(6, 11, "urged"), (32, 36, "said")], [], False)
    [(32, 36, 'said'), (6, 11, 'urged')]
    """
    if spans:
        outside = [v for v in verbs if not inside(spans, v[0])]
        verbs = outside or ([v for v in verbs if len(text[v[1]:].split()) <= 6] if opens else verbs)
    if len(verbs) > 1:
        for k in range(len(verbs)):
            clause = _REPORT_CLAUSE.search(text, max(verbs[k][0] - 60, 0), verbs[k][0])
            if clause and (k == 0 or clause.start() >= verbs[k - 1][1]) and _REPORT_END.match(text, verbs[k][1]):
                return [verbs[k], *verbs[:k], *verbs[k + 1:]]
    return verbs


#: A description by a possessor, a comma, and the words that describe the name after it
#: (:data:`DESCRIBER`): "Africa's richest man, Nigerian billionaire ", "the country's top health official, ".
POSSESSIVE_DESCRIPTION = re.compile(r"(?:(?:the\s+[a-z]+)|" + CAPITAL + r"[\w.\-]*(?:\s+" + CAPITAL + r"[\w.\-]*)*)"
                                    r"['’]s\s+(?:[a-z][\w\-]*\s+){0,4}[a-z][\w\-]*,\s+")
DESCRIBER = re.compile(r"(?:" + CAPITAL + r"[\w\-]*\s+)?(?:[a-z][\w\-]*\s+){0,3}")
#: A possessor right after a verb ("said China's GDP"): the start of the words said, not a speaker.
POSSESSOR_AFTER = re.compile(r"\s+(?:the\s+)?" + CAPITAL + r"[\w.\-]*(?:\s+" + CAPITAL + r"[\w.\-]*)*['’]s\s")

#: An object pronoun after "according to" (not "her lawyer"), and its subject form.
OBJECT_PRONOUN = re.compile(r"(him|her|them|Him|Her|Them)(?=\s*(?:[,.;:!?)\"”’»]|$))")
SUBJECT_FORM = {"him": "he", "her": "she", "them": "they"}
_LOWER_TITLES = re.compile(r"(?:[a-z]+\s+){1,2}(?=" + CAPITAL + ")")
_MODIFIERS = frozenset("local top provincial regional national federal municipal district city".split())


def after_titles(text: str, pos: int) -> int | None:
    """Where a name begins after one or two lower-case titles at ``pos`` ("commissioner J.C.
    Warren", "local Health Office Chief Eka Junaidi"), or None.

    Examples
    --------
    >>> after_titles("said commissioner J.C. Warren", 5), after_titles("said the plan", 5)
    (18, None)
    """
    title = _LOWER_TITLES.match(text, pos)
    if title and all(w in TITLES or w in _MODIFIERS for w in title.group().split()):
        return title.end()
    return None
