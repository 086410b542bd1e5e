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

:func:`name_runs` finds the capitalised runs of the sentences and :func:`parse_run` tells what
one names; :class:`Referents` holds the rules of reference and :class:`DocState` what the
reading of a document remembers. :mod:`analysis.speakers` reads them to tell who speaks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .actors import BOTH_SIDES, NARRATOR, SEP, UNKNOWN, Actors

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
]

# ----------------------------------------------------------------------------- named actors
#
# Any capitalised name in the text can be an actor, whether or not the actor file knows it. A
# *run* is a sequence of capitalised words, maybe joined by "of", "for", "and", "von der", ... ("Ministry
# of Commerce", "Chief Executive Officer Greg Schvey"); all the runs of a table are found by one
# pass of _NAME_RUN over the joined sentences. parse_run tells what a run names: a person (the
# name without its titles: "Rich Fitzgerald" of "County Executive Rich Fitzgerald"), an
# organisation (the whole name: "Ministry of Commerce", "New York Times") or a single word (a
# surname, or a name the document gave in full before: see Referents.register).

#: A capitalised word: letters, digits and hyphens, an apostrophe within the word and not of a possessive
#: ("O'Neill", not "China's" or "Cowboys'"), a full stop before a capital ("U.S."), maybe a full stop at the end. The quantifiers are
#: possessive: what follows a word in a run is optional, so a match never gives characters back.
_CAP = r"[A-Z][\w\-]*+(?:(?:['’](?=\w)(?![sS](?!\w))|\.(?=[A-Z]))[\w\-]*+)*+\.?"
_JOINERS = frozenset("of for and & on de da del di dos van von der den al bin du la le y".split())
# (the capital first, then the look-behind: re then skips to the capitals, which is faster)
_JOINER = r"(?:" + "|".join(map(re.escape, sorted(_JOINERS))) + r")\s+"
_NAME_RUN = re.compile(r"[A-Z](?<![\w'’\-.][A-Z])" + _CAP[5:] + r"(?:\s+(?:" + _JOINER + r"(?:" + _JOINER +
                       r")?(?:the\s+)?)?" + _CAP + r")*")
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
    please sure afterward afterwards let let's""".split())
#: Titles and role words before a name (lower case, without a full stop).
TITLES = frozenset(
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
    prosecutor plaintiff defendant suspect survivor resident cofounder co-founder major maj ald controller comptroller councilor
    counselor counsellor dean solicitor clerk coroner marshal ombudsman registrar assessor scholar academic
    fellow""".split())
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
    island beach city valley airport station hall stadium day week year christmas easter partnership pact accord
    protocol convention charter doctrine war crisis revolution pandemic""".split())
#: Months (lower case).
_MONTHS = frozenset("january february march april may june july august september october november december".split())
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
PREPOSITION_BEFORE = re.compile(r"(?i)(?:^|\W)(?:in|on|at|for|from|with|by|of|to|since|until|during|after|"
                                r"before|about|against|under|over|than|into|onto|via)\s+(?:the\s+)?$")
#: Words for a document whose author is its source ("the earlier Tribune story noted").
DOCUMENTS = frozenset("""story report article statement editorial column study survey poll release memo letter filing
    document investigation analysis review complaint lawsuit ruling indictment tweet post headline blog op-ed piece
    communique transcript announcement notice""".split())
#: Documents that speak for whoever issued them ("the statement said").
_STATEMENTS = frozenset("statement release communique announcement".split())
_BY_AUTHOR = re.compile(r"\s+(?:(?:released|issued|published|filed|written|obtained|compiled|conducted)\s+)?"
                        r"(?:by|from)\s+(?:the\s+)?(?=[A-Z])")
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
#: The words that can end a description of an actor ("the US president", "a Foreign Ministry spokesman",
#: "the company"), lower case.
HEAD_WORDS = TITLES | _ROLE_WORDS | _ORG_HEADS | _ANY_ORG | _SOURCE_WORDS
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
_UP_TO_NAME = re.compile(r"[^A-Z]*")
#: A name (a capitalised word, maybe a comma) that ends a text.
NAME_BEFORE = re.compile(r"[A-Z][\w.'’\-]*\s*,?\s*$")
_AFFILIATION = re.compile(r"(?<![\w'’\-])(?:for|at|of|from|with)\s+(?:the\s+)?$")
#: Plural words that name an unnamed source at the start of a sentence ("Officials said").
SOURCE_PLURALS = frozenset("""officials sources analysts experts police authorities residents witnesses critics
    academics scholars
    officers investigators prosecutors researchers scientists doctors observers diplomats lawmakers
    others organizers organisers reports women men people students parents fans teachers workers employees
    members voters citizens protesters activists victims officers""".split())


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


_POSSESSIVE = re.compile(r"['’]s\s+")
_NON_SPACE = re.compile(r"\S+")
_PARTY_LABEL = re.compile(r"[DRI]-[A-Z]")


#: Lower-case particles inside a person's name ("Ursula von der Leyen", "Mohammed bin Salman",
#: "Luiz Inacio Lula da Silva"): with the capitalised word after them, they are one word of the name.
_PARTICLES = frozenset("de da del della di dos das du van von der den ter ten bin ibn al el la le".split())


def _glue_particles(words: list[tuple[int, int, str]], run: str) -> list[tuple[int, int, str]]:
    """``words`` of ``run`` with each sequence of lower-case name particles joined to the
    capitalised word after it, when a capitalised word that is no organisation word comes before
    them ("Ursula von der Leyen": "Ursula", "von der Leyen"; "Mayor de Blasio"; "Von der Leyen":
    one word; not "Ministry of Commerce", "University of Texas")."""
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(words):
        start, end, word = words[k]
        j = k
        if word in _PARTICLES or (word.lower() in _PARTICLES and word[:1].isupper() and k + 1 < len(words)
                                  and words[k + 1][2] in _PARTICLES):
            while j < len(words) and words[j][2].lower() in _PARTICLES:
                j += 1
        if j > k and j < len(words) and words[j][2][:1].isupper() and (
                word[:1].isupper() or (out and out[-1][2][:1].isupper() and out[-1][2].lower() not in _ORG_HEADS)):
            out.append((start, words[j][1], run[start:words[j][1]]))
            k = j + 1
        else:
            out.append(words[k])
            k += 1
    return out


@lru_cache(maxsize=65536)
def parse_run(run: str) -> tuple[str, str, int, int, str] | None:
    """What a capitalised run names: ``(kind, name, start, end, titles)``, kind being ``person``
    (two words or more, titles removed), ``org`` (the whole name) or ``single`` (one word), with
    the name's offsets in the run and the title words before it (lower case); or None.

    Examples
    --------
    >>> parse_run("County Executive Rich Fitzgerald")
    ('person', 'Rich Fitzgerald', 17, 32, 'county executive')
    >>> parse_run("The Ministry of Commerce")[:2], parse_run("Mr. Gao")[:2], parse_run("September")
    (('org', 'Ministry of Commerce'), ('single', 'Gao'), None)
    >>> parse_run("Manager Buck Showalter of the Yankees")[:2]
    ('person', 'Buck Showalter')
    >>> parse_run("Commission President Ursula von der Leyen")[:2], parse_run("Von der Leyen")[:2]
    (('person', 'Ursula von der Leyen'), ('single', 'Von der Leyen'))
    """
    words = ([(m.start(), m.end(), m.group()) for m in _NON_SPACE.finditer(run)] if len(run.split(None, 1)) > 1
             else [(0, len(run), run)])  # (most runs are one word)
    if words and words[-1][2].endswith(".") and len(words[-1][2]) > 2 and words[-1][2][-2].islower() \
            and words[-1][2].lower() not in ("jr.", "sr."):
        s, e, w = words[-1]
        words[-1] = (s, e - 1, w[:-1])
    if len(words) > 2:
        words = _glue_particles(words, run)
    keys = [w.rstrip(".").lower().replace("’", "'") for _, _, w in words]
    # a title of hyphenated titles is a title too ("Secretary-General", "ex-President")
    is_title = [k in TITLES or ("-" in k and all(p in TITLES or p in ("ex", "co", "in", "elect") for p in k.split("-")))
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
    if has_org and is_title[i] and len(words) > i + 1 and keys[i + 1] in ("of", "for"):
        # "Secretary of Health and Human Services Xavier Becerra": a person after the portfolio
        heads = [n for n, k in enumerate(parts[-1]) if keys[k] in _ORG_HEADS]
        has_org = len(parts[-1]) - (heads[-1] + 1 if heads else 0) < 2  # (two words after it: a name)
    last = parts[-1]
    titled = [k for k in last if is_title[k]]
    after = last[last.index(titled[-1]) + 1:] if titled else []  # the words after the last title
    if has_org and not (after and (keys[titled[-1]] not in _TITLE_MODIFIERS or len(after) > 1)
                        and not any(keys[k] in _ORG_HEADS for k in last[last.index(titled[-1]):])):
        j = len(words) - 1
        for k in range(i + 1, len(words) - 1):  # "Chinese Foreign Ministry on Friday": the name before the day
            if joiner[k] and keys[k + 1] in _NOT_ACTOR_WORDS and (keys[k + 1] in _DAYS or keys[k + 1] in _MONTHS):
                j = k
                break
        while j > i and joiner[j]:
            j -= 1
        titles = ""
        if is_title[i] and i + 2 <= j and keys[i + 1] in ("of", "for"):  # "Director of the Bureau of Statistics":
            k = i + 1  # the organisation (its unnamed member speaks for it)
            while k < j and joiner[k]:
                k += 1
            titles, i = keys[i], k
        name = " ".join(run[words[i][0]:words[j][1]].replace("’", "'").split())
        return "org", name, words[i][0], words[j][1], titles
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
    # "Public Policy Polling Tom Jensen": a name is its last two words (three with an initial); so after a
    # title's portfolio ("Minister of Information Jamal Jarrah", "Minister for Trade and Tourism Ann Lee")
    portfolio = any(joiner[k] and keys[k] in ("of", "for") and is_title[k - 1] for k in range(i + 1, tail[0]))
    if len(tail) > (2 if portfolio else 3):
        tail = tail[-3:] if len(keys[tail[-2]]) == 1 else tail[-2:]
    start, end = words[tail[0]][0], words[tail[-1]][1]
    return "person", " ".join(words[k][2] for k in tail).replace("’", "'"), start, end, titles


#: "and" between two names of organisations in one run: after an acronym or an organisation's head word
#: ("FBI and Department of Justice", "Alphabet Inc and Facebook Inc"; not "Department of Health and Human Services").
_AND_SPLIT = re.compile(r"(?<![\w'’\-])(?:[A-Z]{2,}|Inc|Corp|Ltd|Co|Group|Party|Bank|Ministry|Company)(\.?\s+and\s+)(?=[A-Z])")
#: Runs of one word that start a sentence or clause and name nobody (see name_runs).
_SKIP_RUNS = frozenset({w[:1].upper() + w[1:] for w in _LEADING if "'" not in w} | {"I"})


def name_runs(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """The capitalised runs of each text as ``(start, end, run)`` (one pass over their join)."""
    joined = SEP.join(texts)
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
            parsed = parse_run(run)
            if parsed is None:
                out.append((start, end, None, None, start, end))
                continue
            kind, name, ns, ne, titles = parsed
            ns, ne = start + ns, start + ne
            known = [m[2] for m in found if m[0] < ne <= m[1]] if found else None
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
                elif last is not None and words[0].lower() in _PARTICLES and words[0] not in ("Al", "El") \
                        and name.lower() in last.lower():  # "Van Hollen" after "Chris Van Hollen" (not "Al Gore")
                    name = last
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
        if kind == "single" and name.lower() in SOURCE_PLURALS:  # "Officials said"
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
            return None
        head = m.group(2).lower()
        found = self.document(m, state, base) if head in DOCUMENTS else None
        if found is None and m.group(1).lower() == "the":
            found = self.definite(m, head, state, base)
        if found is None and head not in _SOURCE_WORDS and m.group(1).lower() == "the" and head in HEAD_WORDS \
                and m.group(2)[:1].islower() and _AUXILIARY.search(m.group()) is None \
                and not NAME_BEFORE.search(text, max(m.start() - 40, 0), m.start()):
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
                singular and head in _PERSON_WORDS and m.group(2)[:1].islower() and _AUXILIARY.search(m.group()) is None
                and not NAME_BEFORE.search(text, max(m.start() - 40, 0), m.start())
                and not PREPOSITION_BEFORE.search(text, max(m.start() - 12, 0), m.start()))):  # "a senior economist said"
            start = m.start() + (last.start() if (last := _LAST_ARTICLE.search(m.group())) else 0)
            org = next((f[2] for f in self.found if start <= f[0] < m.end() and self.kinds.get(f[2]) == "organisation"),
                       None) or next((e[2] for e in self.named_runs if start <= e[0] < m.end() and e[3] == "org"), None)
            if singular and not _WORD_OF.search(m.group()):  # (not "a spokesman for the attorney general":
                self.unnamed = (head, org)  # its head is no "general")
            if org:  # an unnamed member of an organisation named in it speaks for it ("a Foreign Ministry spokesman")
                return org, f"{text[start:m.end()]} [member -> {org}] {base + start}-{base + m.end()}" if self.ev else ""
            return UNKNOWN, f"{m.group()} [unnamed source] {base + m.start()}-{base + m.end()}" if self.ev else ""
        return found

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
                if owner in _ORG_HEADS:
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
        if head not in _ORG_HEADS and head not in TITLES and head not in _ROLE_WORDS and head not in _ANY_ORG:
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
        if name is None and head in _ANY_ORG and state.orgs and not _POSSESSOR.search(m.group()):
            # "the company": the organisation speaking, (not "the president's office")
            name = state.prev_speaker if state.prev_speaker in state.orgs else state.orgs[-1]  # else named last
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
                        person in self.known_names or not any(w in state.described.get(person, "") for w in modifiers)):
                    continue
                if person in holders or word.search(state.described.get(person, "")):
                    name = person
                    break
        if name is None:
            return None
        return name, f"{m.group()} [description -> {name}] {base + m.start()}-{base + m.end()}" if self.ev else ""

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
