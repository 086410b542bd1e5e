"""Capitalised runs: where a text names someone, and what each run names.

:func:`name_runs` finds the capitalised runs of the sentences of a table (one pass over their
join); :func:`parse_run` tells what one names: a person (the name without its titles and a
title's portfolio: "Rich Fitzgerald" of "County Executive Rich Fitzgerald", "Jamal Jarrah" of
"Minister of Information Jamal Jarrah"; name particles included: "Ursula von der Leyen"), an
organisation (its whole name: "Ministry of Commerce"), a single word, or nothing (a place, a
date, a headline's capitals). :mod:`analysis.names` tells whom they refer to in their document.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .actors import SEP

__all__ = ["name_runs", "parse_run", "TITLES", "ORG_HEADS", "PARTICLES", "LEADING", "UPPER", "CAPITAL"]

# Any capitalised name in the text can be an actor, whether or not the actor file knows it. A
# *run* is a sequence of capitalised words, maybe joined by "of", "for", "and", "von der", ... ("Ministry
# of Commerce", "Chief Executive Officer Greg Schvey"); all the runs of a table are found by one
# pass of _NAME_RUN over the joined sentences. parse_run tells what a run names: a person (the
# name without its titles: "Rich Fitzgerald" of "County Executive Rich Fitzgerald"), an
# organisation (the whole name: "Ministry of Commerce", "New York Times") or a single word (a
# surname, or a name the document gave in full before: see Referents.register).

def _upper_letters() -> str:
    """The capital letters of the basic plane as the inside of a character class, in ranges
    ("A-Z", "Đ", "Ồ": names of any Latin, Greek or Cyrillic script)."""
    ranges, codes = [], [c for c in range(0x10000) if chr(c).isupper()]
    for c in codes:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


#: The capital letters, for a character class (``"[^" + UPPER + "]"``), and the class of one.
UPPER = _upper_letters()
CAPITAL = "[" + UPPER + "]"
#: A capitalised word: letters, digits and hyphens, an apostrophe within the word and not of a possessive
#: ("O'Neill", not "China's" or "Cowboys'"), a full stop before a capital ("U.S."), maybe a full stop at the end. The quantifiers are
#: possessive: what follows a word in a run is optional, so a match never gives characters back.
_CAP_REST = r"[\w\-]*+(?:(?:['’](?=\w)(?![sS](?!\w))|\.(?=" + CAPITAL + r"))[\w\-]*+)*+\.?"
_CAP = CAPITAL + _CAP_REST
_JOINERS = frozenset("of for and & on de da del di dos van von der den al bin du la le y".split())
# (the capital first, then the look-behind: re then skips to the capitals, which is faster)
_JOINER = r"(?:" + "|".join(map(re.escape, sorted(_JOINERS))) + r")\s+"
_NAME_RUN = re.compile(CAPITAL + r"(?<![\w'’\-.]" + CAPITAL + ")" + _CAP_REST + r"(?:\s+(?:" + _JOINER + r"(?:" + _JOINER +
                       r")?(?:the\s+)?)?" + _CAP + r")*")
#: Words that start a sentence or a clause but are no name ("The", "But", "He").
LEADING = frozenset(
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
    please sure afterward afterwards let let's anyone everyone someone nobody everybody somebody anybody""".split())
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
    shri smt sri shrimati datuk dato datin seri tun pm taoiseach tanaiste tánaiste pro tempore
    prosecutor plaintiff defendant suspect survivor resident cofounder co-founder major maj ald controller comptroller councilor
    counselor counsellor dean solicitor clerk coroner marshal ombudsman registrar assessor scholar academic
    fellow""".split())
#: Titles that are also modifiers of an organisation's name ("Ministry of Foreign Affairs").
_TITLE_MODIFIERS = frozenset("""foreign state county deputy vice chief general former acting interim senior first head
    executive assistant minority majority st saint city""".split())
#: Words that make a run an organisation (lower case).
ORG_HEADS = frozenset(
    """ministry department office commission committee council institute institution agency administration
    association bureau board company corporation corp inc ltd llc plc group bank party union university
    college school court police times post news journal herald tribune telegraph guardian press network
    foundation center centre fund authority service services organization organisation federation league
    club parliament congress senate assembly government cabinet army navy embassy consulate chamber
    exchange order society church hospital airlines airways academy alliance coalition movement magazine
    daily gazette radio television tv channel broadcasting laboratory museum trust industries holdings
    technologies systems motors mission secretariat directorate regime presidency""".split())
#: Words of a run that name no actor: places, events, times (lower case).
_NOT_ACTOR_WORDS = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday today god expo initiative forum summit conference games olympics
    cup championship award awards prize act bill law treaty agreement street avenue road square park river
    island beach city valley airport station hall stadium day week year christmas easter partnership pact accord
    protocol convention charter doctrine war crisis revolution pandemic""".split())
#: Words after a capitalised "He" in a headline's capitals ("He Said"): the pronoun, not the surname He.
_NOT_HE = frozenset("said says told tells added adds was is has had will would can could did does".split())
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


_POSSESSIVE = re.compile(r"['’]s\s+")
_NON_SPACE = re.compile(r"\S+")
_PARTY_LABEL = re.compile(r"[DRI]-[A-Z]")


_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}")
#: Lower-case particles inside a person's name ("Ursula von der Leyen", "Mohammed bin Salman",
#: "Luiz Inacio Lula da Silva"): with the capitalised word after them, they are one word of the name.
PARTICLES = frozenset("de da del della di dos das du van von der den ter ten bin ibn al el la le".split())


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
        if word in PARTICLES or (word.lower() in PARTICLES and word[:1].isupper() and k + 1 < len(words)
                                  and words[k + 1][2] in PARTICLES):
            while j < len(words) and words[j][2].lower() in PARTICLES:
                j += 1
        if j > k and j < len(words) and words[j][2][:1].isupper() and (
                word[:1].isupper() or (out and out[-1][2][:1].isupper() and out[-1][2].lower() not in ORG_HEADS)):
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
    last = words[-1][2] if words else ""
    if last.endswith(".") and len(last) > 2 and (last[-2].islower() or (last[:-1].isupper() and "." not in last[:-1])) \
            and last.lower() not in ("jr.", "sr."):  # (a sentence's full stop: "the NHC.", not "U.S.")
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
    he = -1  # "He Lifeng": the surname He, not the pronoun
    while i < len(words) and (keys[i] in LEADING or joiner[i]):
        if words[i][2] == "He" and len(words) - i == 2 and keys[i + 1] not in _DAYS and keys[i + 1] not in _NOT_HE:
            he = i
            break
        i += 1
    if i == len(words) or (len(words) - i > 1 and all(w.isupper() for _, _, w in words[i:])):  # "NEW YORK"
        return None
    if _PARTY_LABEL.match(words[i][2]):  # "D-Ann Arbor" of "(D-Ann Arbor)": a party and a place
        return None
    if len(words) - i > 2 and keys[-2] == "on" and (keys[-1] in _DAYS or keys[-1] in _MONTHS):
        words, keys, joiner, is_title = words[:-2], keys[:-2], joiner[:-2], is_title[:-2]  # "... Mailu on Friday"
    label = next((k for k in range(i + 1, len(words)) if _PARTY_LABEL.match(words[k][2])), None)
    if label is not None:  # "Paul Ryan R-Wis.", "Adam Zemke D-Ann Arbor": the name before the party label
        words, keys, joiner, is_title = words[:label], keys[:label], joiner[:label], is_title[:label]
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
    has_org = any(keys[k] in ORG_HEADS for k in range(i, len(words)))
    if has_org and is_title[i] and len(words) > i + 1 and keys[i + 1] in ("of", "for"):
        # "Secretary of Health and Human Services Xavier Becerra": a person after the portfolio
        heads = [n for n, k in enumerate(parts[-1]) if keys[k] in ORG_HEADS]
        has_org = len(parts[-1]) - (heads[-1] + 1 if heads else 0) < 2  # (two words after it: a name)
    last = parts[-1]
    titled = [k for k in last if is_title[k]]
    after = last[last.index(titled[-1]) + 1:] if titled else []  # the words after the last title
    if has_org and not (after and (keys[titled[-1]] not in _TITLE_MODIFIERS or len(after) > 1)
                        and not any(keys[k] in ORG_HEADS for k in last[last.index(titled[-1]):])):
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
    if len(parts) > 1 and is_title[parts[-1][-1]]:
        return None  # a title with its portfolio, and no name: "Information and Social Development Minister"
    for part in reversed(parts):
        titles = [k for k in part if is_title[k]]
        tail = part[part.index(titles[-1]) + 1:] if titles else part
        while len(tail) > 1 and words[tail[0]][2].isupper() and len(keys[tail[0]]) > 1 \
                and not _INITIALS.fullmatch(words[tail[0]][2]):  # "AP Keillor" (not "J.C. Warren")
            tail = tail[1:]
        if part is not parts[0] and len(tail) > 1 and not titles and (
                keys[tail[0]] in _PLACE_FIRST or keys[tail[-1]] in _US_STATES):
            continue  # "Sen. Shelley Moore Capito of West Virginia": the name before the place
        if len(tail) > 1 or part is parts[0]:
            break
    # (a leading word is a name at the end of a name: "Liu He")
    while len(tail) > 1 and keys[tail[-1]] in _DAYS:  # "Tim Ryan Tuesday": the name before the day
        tail = tail[:-1]
    cut = [n for n, k in enumerate(tail) if keys[k] in _NOT_ACTOR_WORDS or (keys[k] in LEADING and n < len(tail) - 1
                                                                             and k != he)]
    if cut:  # "Wednesday Federer": the name after the last word that names no actor
        tail = tail[cut[-1] + 1:]
    if not tail:
        return None
    titles = " ".join(keys[k] for k in range(i, tail[0]) if not joiner[k])
    if len(tail) == 1:
        k = tail[0]
        if is_title[k] or keys[k] in ORG_HEADS or len(keys[k]) == 1:  # (an initial alone names nobody)
            return None
        return "single", words[k][2].replace("’", "'"), words[k][0], words[k][1], titles
    if keys[tail[0]] in _PLACE_FIRST or keys[tail[-1]] in _US_STATES or all(words[k][2].isupper() for k in tail):
        return None  # a place ("Houston Texas"), a dateline
    # "Public Policy Polling Tom Jensen": a name is its last two words (three with an initial); so after a
    # title's portfolio ("Minister of Information Jamal Jarrah", "Minister for Trade and Tourism Ann Lee")
    # (right after a title, up to four words: "Minister Tengku Zafrul Abdul Aziz")
    portfolio = any(joiner[k] and keys[k] in ("of", "for") and is_title[k - 1] for k in range(i + 1, tail[0]))
    if portfolio and joiner[tail[0] - 1] and len(tail) <= 2:
        return None  # a title's portfolio alone ("Minister of Water Resources"), no name after it
    if len(tail) > (2 if portfolio else 4 if tail[0] > i and is_title[tail[0] - 1] else 3):
        tail = tail[-3:] if len(keys[tail[-2]]) == 1 else tail[-2:]
    start, end = words[tail[0]][0], words[tail[-1]][1]
    return "person", " ".join(words[k][2] for k in tail).replace("’", "'"), start, end, titles


#: "and" between two names of organisations in one run: after an acronym or an organisation's head word
#: ("FBI and Department of Justice", "Alphabet Inc and Facebook Inc"; not "Department of Health and Human Services").
_AND_SPLIT = re.compile(r"(?<![\w'’\-])(?:[A-Z]{2,}|Inc|Corp|Ltd|Co|Group|Party|Bank|Ministry|Company)(\.?\s+and\s+)(?=[A-Z])")
#: Runs of one word that start a sentence or clause and name nobody (see name_runs).
_SKIP_RUNS = frozenset({w[:1].upper() + w[1:] for w in LEADING if "'" not in w} | {"I"})


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
                text, runs[-1][1], start) and run.split(None, 1)[0].lower() in ORG_HEADS:
            start = runs.pop()[0]
            run = text[start:end]
        if " and " in run:  # "FBI and Department of Justice": two organisations
            cut = _AND_SPLIT.search(run)
            if cut:
                runs.append((start, start + cut.start(1), run[:cut.start(1)]))
                start, run = start + cut.end(1), run[cut.end(1):]
        runs.append((start, end, run))
    return out
