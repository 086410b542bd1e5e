"""The words of English news that report speech: reporting verbs and phrases (:data:`SPEECH_VERBS`),
the patterns that find them, and the verbs whose object is not the words said.

:mod:`analysis.speakers` reads them to tell who speaks.
"""

from __future__ import annotations

import re

from .text import trie_regex

__all__ = ["SPEECH_VERBS", "SPEECH_PHRASES", "SPEECH", "SPEECH_WORDS", "SPEECH_LONG", "SPEECH_SECOND",
           "OBJECT_VERBS", "THANKS_TO", "THANKS_VERBS", "MADE_BY"]

#: Reporting verbs of English news (lower case; past tense and third person singular, and phrases
#: of several words): verbs that report speech, writing or a stated position with its speaker as
#: their subject, grouped by what they report. "called" counts only before a quotation.
SPEECH_VERBS = (
    # saying, telling, writing
    "said says told tells added adds wrote writes tweeted tweets blogged texted emailed stated states "
    "remarked commented observed observes noted notes continued concluded concludes "
    "posted on wrote on was quoted as saying is quoted as saying made the remarks made the comments "
    "made these remarks made this statement made the statement made a statement made his remarks made her remarks "
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
