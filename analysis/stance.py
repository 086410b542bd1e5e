"""Stance of each sentence's speaker towards a target: -1 critical/conflictual .. +1 cooperative.

A sentence's stance combines two signals:

* **cues**: verbs, nouns and phrases in classes modelled on CAMEO's
  cooperation-conflict scale (praise, support, appeal; disapprove, reject,
  threaten, coerce), with signed weights, from a TOML file
  (``analysis/data/stance_cues.toml``; found by :class:`analysis.cues.StanceCues`).
  A cue right after a negation ("did not support", "refused to cooperate")
  counts with the opposite sign, scaled.
  The cue part is ``tanh(sum of cue weights)`` times :data:`CUE_WEIGHT`.
* **tone**: the balance of the sentence's valenced words, ``tone_pos -
  tone_neg`` (from :mod:`analysis.tone`; the ``tone`` compound when those
  columns are missing, 0.0 when that is missing too), times
  :data:`TONE_WEIGHT`. The balance is a share of the words, so a long sentence
  with one grim word is not scored as grim as a short one.
* **roles** (user targets only): what the sentence says happens to the target
  or what it does, from the ``[roles.*]`` tables of the cue file, matched next
  to a mention of the target (its name or a pronoun): *accused* ("Smith was
  charged", "allegations against him"; negative), *victim* ("she was killed",
  "harassed her"; positive, offsetting the grim words around a victim, towards
  whom the author is not hostile) and *achiever* ("he won", "praised Smith";
  positive). Role weights add to the cue sum.

``stance = clip(cue part + tone part, -1, 1)``; a sentence with no cue and a
neutral tone (and an empty one) is 0.0.

**Targets.** Without a user target, the target of a sentence is the first
actor it mentions (a person or organisation named in the text but not in the
actor file counts as a side of its own) who is not of the speaker's own country (a speaker's stance
towards "the other side"), else the speaker's previous target in the document,
else the document's main other party (the most mentioned country other than the
speaker's; for the narrator and ``both sides`` the second most mentioned
country, as the first is usually the source's own). With a user target for a
document (``targets={doc_id: "Daniel Castell"}``), a sentence concerns the
target when it names it (the full name, one of its parts such as the surname,
or an actor alias of it) or, following such a sentence, refers to it by a
pronoun (he, she, his, her, him); other sentences do not concern it.

Columns added by :func:`score_stance`: ``stance`` (float), ``stance_target``
(canonical name or the user's target; ``""`` when the sentence has none),
``stance_weight`` (how much the sentence concerns its target: 1 named,
:data:`PRONOUN_WEIGHT` by pronoun, 0 not at all), ``stance_label`` and
``stance_evidence`` (cues as ``text [class weight] start-end`` with offsets into
the document text, negations marked ``not ...``, roles as ``[role accused
-0.5]``; then the tone part as ``tone +0.12``).

**Documents.** A document's stance accumulates the evidence of its sentences,
each counted relative to the stance of neutral news prose
(:data:`NEWS_BASELINE`, -0.08: news wording leans negative, with crime,
conflict and disaster words, even when the author's stance is neutral)::

    stance_doc = tanh(sum(w * (stance - NEWS_BASELINE)) / sqrt(sum(w)))
    w = (stance_weight + CONTEXT_WEIGHT) * (TITLE_WEIGHT if the sentence is a title
                                            about the target else 1)

so sentences that do not concern the target count little, a title about the
target (``sent_id`` 0) counts :data:`TITLE_WEIGHT` (3) times, and many
consistent sentences weigh more than one. A document without sentences is 0.0.

**Labels.** ``positive`` when the stance is above the upper end of the neutral
band, ``negative`` when below its lower end, else ``neutral`` (the ends
themselves are neutral). Sentences use :data:`NEUTRAL_BAND` (-0.1, 0.1).
Documents use :data:`DOCUMENT_NEUTRAL_BAND` (-0.6, 0.1): wider on the negative
side, because authors' stances lean positive and a document needs consistent
critical evidence to be negative. The baseline, the title weight, the role
weights and the band were chosen on one half of the development part of a
human-labelled author-sentiment set (PerSenT, odd document numbers) and
checked on the other (even); see ``benchmarks/validate_stance.py``. Tried and
not kept: not counting a user target's own words (sentences it speaks) and the
cues it does itself ("Smith criticised ...") raised half A's rank correlation
with the labels (0.378 to 0.437) but lowered half B's (0.415 to 0.372).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from .actors import BOTH_SIDES, NARRATOR, UNKNOWN, Actors, first_seen_codes, int_list, reading_order, resolve_actors
from .cues import StanceCues, default_cues, load_stance_cues
from .text import string_column, with_columns
from .words import Words, check_index

__all__ = [
    "stance_columns",
    "score_stance",
    "document_stance",
    "speaker_stance",
    "stance_label",
    "NEUTRAL_BAND",
    "DOCUMENT_NEUTRAL_BAND",
    "NEWS_BASELINE",
    "TITLE_WEIGHT",
]

#: Sentence labels: neutral when ``NEUTRAL_BAND[0] <= stance <= NEUTRAL_BAND[1]``.
NEUTRAL_BAND = (-0.10, 0.10)
#: Document labels: the same rule on the document's stance (see :func:`document_stance`).
DOCUMENT_NEUTRAL_BAND = (-0.60, 0.10)
#: The stance of neutral news prose, which leans negative; a document counts its
#: sentences' stances relative to it.
NEWS_BASELINE = -0.08
#: How much more a title that concerns the target counts than a body sentence.
TITLE_WEIGHT = 3.0
#: Scale of the cue part and of the tone part of a sentence's stance.
CUE_WEIGHT = 0.6
TONE_WEIGHT = 0.6
#: How much a sentence that refers to a user target only by a pronoun counts.
PRONOUN_WEIGHT = 0.6
#: How much a sentence with no target counts in its document's stance.
CONTEXT_WEIGHT = 0.05

_PRONOUN = re.compile(r"(?i)\b(?:he|she|his|her|him|hers|himself|herself)\b")
_NAME_PART_STOP = frozenset(
    """mr mrs ms dr prof sir the of and de la le van von der al bin jr sr president minister prime
    general gen sen gov king queen prince""".split()
)


# ----------------------------------------------------------------------------- targets


@lru_cache(maxsize=4096)
def _target_pattern(target: str) -> re.Pattern:
    """The target's full name and its name parts (surname, first name) as one pattern."""
    words = [w for w in re.split(r"\s+", target.strip()) if w]
    parts = {target.strip()}
    for w in words:
        core = w.strip(".,'’\"()")
        if len(core) >= 3 and core.lower() not in _NAME_PART_STOP:
            parts.add(core)
    body = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True) if p)
    return re.compile(r"(?<![\w])(?:" + body + r")(?![\w])", re.IGNORECASE if target.islower() else 0)


def stance_label(stance, *, band: tuple[float, float] = NEUTRAL_BAND):
    """Label stance values ``positive``, ``neutral`` or ``negative``.

    Examples
    --------
    >>> stance_label(0.4), stance_label(0.05), stance_label(-0.3)
    ('positive', 'neutral', 'negative')
    """
    low, high = band
    if not low <= high:
        raise ValueError(f"band must be (low, high) with low <= high, got {band!r}")
    if np.ndim(stance) == 0:
        value = 0.0 if stance is None or (isinstance(stance, float) and math.isnan(stance)) else float(stance)
        return "positive" if value > high else "negative" if value < low else "neutral"
    return np.array(_LABEL_NAMES)[_label_codes(stance, band)]


#: The stance labels, by the codes of :func:`_label_codes`.
_LABEL_NAMES = ["negative", "neutral", "positive"]


def _label_codes(stance, band: tuple[float, float]) -> np.ndarray:
    """The :func:`stance_label` of each value as a code, the index of its label in
    :data:`_LABEL_NAMES` (a missing value is neutral)."""
    values = np.nan_to_num(np.asarray(stance, dtype=float))
    low, high = band
    return np.where(values > high, 2, np.where(values < low, 0, 1))


class _CountryOf(dict):
    """``actors.country_of(name)`` by ``self[name]``, each name looked up once."""

    def __init__(self, actors: Actors):
        super().__init__()
        self.actors = actors

    def __missing__(self, name: str) -> str:
        country = self[name] = self.actors.country_of(name)
        return country


def score_stance(sentences: pd.DataFrame, *, actors=None, targets: Mapping | None = None,
                 cues: StanceCues | str | Path | None = None, evidence: bool = True,
                 index: Words | None = None) -> pd.DataFrame:
    """Add each sentence's stance towards its target.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentences table with ``text``, ``start``, ``speaker`` and
        ``mentions`` (from :func:`analysis.speakers.attribute_speakers`, which
        must have run: a ValueError names the missing columns otherwise) and
        ``tone`` (from :mod:`analysis.tone`; 0.0 when missing).
    actors : Actors, path, mapping or None
        The actors (default file when None).
    targets : mapping of doc_id to str, optional
        A user-named target per document; documents not in it get the
        actor-based targets.
    cues : StanceCues, path or None
        The cue file (default ``analysis/data/stance_cues.toml``).
    evidence : bool, default True
        Build ``stance_evidence``; with False it is left empty (faster; every
        other column is the same).
    index : Words, optional
        The word index of the sentences' texts, when the caller has built it
        (the pipeline builds it once for every stage).

    Returns
    -------
    pandas.DataFrame
        A copy of ``sentences`` with ``stance``, ``stance_target``,
        ``stance_weight``, ``stance_label`` and ``stance_evidence`` (see the
        module docstring), in the input row order.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [1, 2], "paragraph_id": [1, 1],
    ...     "start": [0, 44], "tone": [0.5, -0.4],
    ...     "text": ["Tokayev praised the partnership with China.", "Wang Yi said China did not support it."]})
    >>> from analysis.speakers import attribute_speakers
    >>> out = score_stance(attribute_speakers(s))
    >>> out[["speaker", "stance_target", "stance_label"]].values.tolist()
    [['Kassym-Jomart Tokayev', 'China', 'positive'], ['Wang Yi', 'Kazakhstan', 'negative']]
    """
    return with_columns(sentences, stance_columns(sentences, actors=actors, targets=targets, cues=cues,
                                                  evidence=evidence, index=index))


def stance_columns(sentences: pd.DataFrame, *, actors=None, targets: Mapping | None = None,
                   cues: StanceCues | str | Path | None = None, evidence: bool = True,
                   index: Words | None = None) -> pd.DataFrame:
    """The columns that :func:`score_stance` adds, alone, on the index of ``sentences`` (the
    stance stage's output: the pipeline assembles the frame once).

    Examples
    --------
    >>> from analysis.speakers import attribute_speakers
    >>> s = attribute_speakers(pd.DataFrame({"text": ["Tokayev praised the partnership with China."]}))
    >>> stance_columns(s).columns.tolist()
    ['stance', 'stance_target', 'stance_weight', 'stance_label', 'stance_evidence']
    """
    if "text" not in sentences.columns:
        raise ValueError(f"sentences has no 'text' column; it has {list(sentences.columns)}")
    if not isinstance(evidence, bool):
        raise ValueError(f"evidence must be True or False, not {evidence!r}")
    if targets is not None and not isinstance(targets, Mapping):
        raise ValueError(f"targets must be a mapping of doc_id to target name, not {type(targets).__name__}")
    actors = resolve_actors(actors)
    if cues is None:
        cues = default_cues()
    elif isinstance(cues, (str, Path)):
        cues = load_stance_cues(cues)
    elif not isinstance(cues, StanceCues):
        raise ValueError(f"cues must be a path or StanceCues, not {type(cues).__name__}")
    missing = [c for c in ("speaker", "mentions") if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences has no {' or '.join(map(repr, missing))} column; run "
                         "analysis.speakers.attribute_speakers on it first")
    frame = sentences
    n = len(frame)
    texts = [t if isinstance(t, str) else "" for t in frame["text"].tolist()]
    check_index(index, texts)
    starts = int_list(frame, "start", 0) if "start" in frame.columns else [0] * n
    sent_ids = int_list(frame, "sent_id", None) if "sent_id" in frame.columns else list(range(n))
    speakers = [s if isinstance(s, str) and s else UNKNOWN for s in frame["speaker"].tolist()]
    raw_mentions = [m if isinstance(m, str) else "" for m in frame["mentions"].tolist()]
    if "tone_pos" in frame.columns and "tone_neg" in frame.columns:  # the balance of the words' valences
        tones = np.nan_to_num(pd.to_numeric(frame["tone_pos"], errors="coerce").to_numpy(dtype=float)
                              - pd.to_numeric(frame["tone_neg"], errors="coerce").to_numpy(dtype=float), nan=0.0)
    elif "tone" in frame.columns:
        tones = np.nan_to_num(pd.to_numeric(frame["tone"], errors="coerce").to_numpy(dtype=float), nan=0.0)
    else:
        tones = np.zeros(n)
    tones = np.clip(tones, -1.0, 1.0)
    targets = dict(targets or {})

    # targets, document by document
    if "doc_id" in frame.columns:
        doc_codes, distinct_docs = first_seen_codes(frame["doc_id"])
    else:
        doc_codes, distinct_docs = np.zeros(n, dtype=np.int64), [""] if n else []
    order = reading_order(doc_codes, sent_ids)
    bounds = np.searchsorted(doc_codes[order], np.arange(len(distinct_docs) + 1))
    target = np.full(n, "", dtype=object)
    weight = np.zeros(n)
    spans: list = [()] * n  # the user target's mentions in each sentence
    user_docs = {k for k, doc in enumerate(distinct_docs)
                 if isinstance(targets.get(doc), str) and targets[doc].strip()} if targets else set()
    if user_docs:
        mentions = [m.split(";") if m else [] for m in raw_mentions]
        for k in sorted(user_docs):
            rows = order[bounds[k]:bounds[k + 1]].tolist()
            _user_targets(rows, targets[distinct_docs[k]].strip(), texts, mentions, speakers, actors, target,
                          weight, spans)
    # the other documents' sentences, in that order: their targets all at once
    positions = (np.flatnonzero(~np.isin(doc_codes[order], np.array(sorted(user_docs), dtype=np.int64)))
                 if user_docs else slice(None))
    _actor_targets(order[positions], doc_codes[order][positions], raw_mentions, speakers, actors, texts, sent_ids,
                   _CountryOf(actors), target, weight)

    # cue part, sentence by sentence (one compiled pattern), with the roles of a user target
    notes = [""] * n
    if evidence or any(spans):
        cue_sum = np.zeros(n)
        for i, found in enumerate(cues.find_many(texts, index=index)):
            if spans[i]:
                found = sorted(found + cues.find_roles(texts[i], spans[i]))
            if found:
                cue_sum[i] = sum(c[3] for c in found)
                if evidence:
                    base = starts[i]
                    notes[i] = "; ".join(f"{c[2]} [{c[4]} {c[3]:+g}] {base + c[0]}-{base + c[1]}" for c in found)
    else:  # only the sums: bincount adds each sentence's weights one by one in order, as sum() does
        rows, cue_weights = cues.cue_weights(texts, index=index)
        cue_sum = np.bincount(np.array(rows, dtype=np.int64), weights=np.array(cue_weights, dtype=float),
                              minlength=n)
    stance = np.clip(CUE_WEIGHT * np.tanh(cue_sum) + TONE_WEIGHT * tones, -1.0, 1.0)
    stance = np.round(stance, 6) + 0.0

    out = pd.DataFrame(index=frame.index)
    out["stance"] = pd.Series(stance, index=out.index, dtype="float64")
    out["stance_target"] = pd.Series(target, index=out.index, dtype="str")
    out["stance_weight"] = pd.Series(weight, index=out.index, dtype="float64")
    # stance_label(stance), as a string column from the labels' codes (faster)
    out["stance_label"] = string_column(_label_codes(stance, NEUTRAL_BAND), _LABEL_NAMES, index=out.index)
    if evidence:
        tone_note = [f"tone {t:+.2f}" if t else "" for t in tones]
        notes = ["; ".join(x for x in (e, t) if x) for e, t in zip(notes, tone_note)]
        out["stance_evidence"] = pd.Series(notes, index=out.index, dtype="str")
    else:
        out["stance_evidence"] = string_column(np.zeros(n, dtype=np.int64), [""], index=out.index)
    return out



def _user_targets(rows, user, texts, mentions, speakers, actors, target, weight, spans) -> None:
    pattern = _target_pattern(user)
    canonical = actors.lookup(user) or (user if user in actors else None)
    carried = False
    for i in rows:
        text = texts[i]
        names = [m.span() for m in pattern.finditer(text)]
        named = bool(names) or (canonical is not None and (canonical in mentions[i] or speakers[i] == canonical))
        if named or (carried and _PRONOUN.search(text)):
            if named:
                target[i], weight[i], carried = user, 1.0, True
            else:
                target[i], weight[i] = user, PRONOUN_WEIGHT
            spans[i] = tuple(sorted(names + [m.span() for m in _PRONOUN.finditer(text)]))
        else:  # a sentence that neither names the target nor refers back ends the chain
            carried = False


# the dateline of a document's first sentence after the title ("NUR-SULTAN. KAZINFORM - ..."): its
# place's country is the narrator's own
_DATELINE = re.compile(r"^\s*([A-Z][A-Z\-' ]{2,30}?)\s*[.,(]")
# speakers whose target is not another side's actor: the narrator (the document's main other party),
# both sides and an unknown speaker (none)
_NO_OWN_SIDE = frozenset({NARRATOR, BOTH_SIDES, UNKNOWN})


def _actor_targets(rows: np.ndarray, docs: np.ndarray, mentions: list[str], speakers: list[str], actors: Actors,
                   texts: list[str], sent_ids: list[int], country_of: Mapping[str, str], target: np.ndarray,
                   weight: np.ndarray) -> None:
    """The actor-based targets (see the module docstring) of the sentences ``rows``, of documents
    without a user target, into ``target`` and ``weight``.

    ``rows`` are grouped by document (``docs``: each one's document number, the groups in any
    order) and in reading order within one; ``mentions`` are the ``;``-separated mentions of each
    row. Done for all documents at once with array operations; the rule, per document:

    * ``ranking``: the countries of the mentioned actors, most mentioned first (ties: first
      mentioned first), with the narrator's country (the country of the place in the dateline of the first sentence
      after the title) moved first;
    * a person or organisation named in the text but not in the actor file is a side of its own
      (it can be a target and a speaker with targets, but is not ranked);
    * the narrator's target is ``ranking[1]`` (else ``ranking[0]``, else none); ``both sides``,
      an unknown speaker or an actor of the file without a country has none;
    * another speaker's target is the first actor the sentence mentions who is not the speaker and
      has a country other than the speaker's; else the speaker's previous target in the document
      (which is, by this rule, the last such actor of the speaker's earlier sentences); else the
      first country of ``ranking`` other than the speaker's.
    """
    m = len(rows)
    if not m:
        return
    rows = np.asarray(rows, dtype=np.int64)
    rows_list = rows.tolist()
    docs = np.asarray(docs, dtype=np.int64)
    said = [mentions[i] for i in rows_list]
    spoken = [speakers[i] for i in rows_list]
    # the mentions, flat, with their sentence (position in rows); an empty mention string has none
    counts = np.array([x.count(";") + 1 if x else 0 for x in said], dtype=np.int64)
    flat = ";".join(x for x in said if x).split(";") if counts.any() else []
    sentence = np.repeat(np.arange(m), counts)
    # names (mentioned or speaking) as numbers, and their countries as numbers (0: none)
    codes, names = pd.factorize(np.array(flat + spoken, dtype=object), sort=False)
    names = names.tolist()
    country_names = [""]
    country_code = {"": 0}
    name_country = np.array([country_code.setdefault(country_of[name], len(country_code)) for name in names],
                            dtype=np.int64)
    # a named actor outside the actor file (a person or organisation the text names) is its own side
    name_side = np.array([c or (country_code.setdefault(name, len(country_code)) if name not in actors
                                and name not in _NO_OWN_SIDE else 0) for c, name in zip(name_country.tolist(), names)],
                         dtype=np.int64)
    country_names += list(country_code)[1:]
    mentioned, speaker = codes[:len(flat)], codes[len(flat):]
    country, own = name_country[mentioned], name_side[speaker]
    # each document's ranking: (document, country) pairs by count, then first mention
    n_countries = len(country_names)
    has = np.flatnonzero(country > 0)
    pairs, first, count = np.unique(docs[sentence[has]] * n_countries + country[has], return_index=True,
                                    return_counts=True)
    pair_doc, pair_country = pairs // n_countries, pairs % n_countries
    best = np.lexsort((first, -count, pair_doc))
    rank = np.arange(len(best)) - np.searchsorted(pair_doc[best], pair_doc[best])  # place in its document
    n_docs = int(docs.max()) + 1
    top = np.zeros((n_docs, 2), dtype=np.int64)  # each document's first two countries (0: none)
    for r in (0, 1):
        at = best[rank == r]
        top[pair_doc[at], r] = pair_country[at]
    # the narrator's country, from the dateline of the first sentence after the title
    home = np.zeros(n_docs, dtype=np.int64)
    body = np.flatnonzero(np.array(sent_ids, dtype=np.int64)[rows] >= 1)
    body_docs, first_body = np.unique(docs[body], return_index=True)
    for k, i in zip(body_docs.tolist(), rows[body[first_body]].tolist()):
        dateline = _DATELINE.match(texts[i])
        place = actors.country_of(actors.lookup_any_case(dateline.group(1)) or "") if dateline else ""
        home[k] = country_code.get(place, 0) if place else 0
    home_ranked = np.zeros(n_docs, dtype=bool)
    if len(pairs):
        key = np.arange(n_docs) * n_countries + home
        at = np.minimum(np.searchsorted(pairs, key), len(pairs) - 1)
        home_ranked = (home > 0) & (pairs[at] == key)
    top0 = np.where(home_ranked, home, top[:, 0])
    top1 = np.where(home_ranked, np.where(top[:, 0] != home, top[:, 0], top[:, 1]), top[:, 1])
    # each sentence's own first actor of another country
    side = name_side[mentioned]
    valid = np.flatnonzero((side > 0) & (side != own[sentence]) & (mentioned != speaker[sentence]))
    with_actor, first_actor = np.unique(sentence[valid], return_index=True)
    direct = np.full(m, -1, dtype=np.int64)
    direct[with_actor] = mentioned[valid[first_actor]]
    # a speaker's last such actor so far in the document: carried forward within (document, speaker)
    special = np.array([s in _NO_OWN_SIDE for s in spoken], dtype=bool) | (own == 0)
    normal = np.flatnonzero(~special)
    group = docs[normal] * len(names) + speaker[normal]
    by_group = np.argsort(group, kind="stable")
    normal, group = normal[by_group], group[by_group]
    latest = np.maximum.accumulate(np.where(direct[normal] >= 0, np.arange(len(normal)), -1))
    carried = np.where((latest >= 0) & (group[np.maximum(latest, 0)] == group),
                       direct[normal[np.maximum(latest, 0)]], -1)
    # else the first ranked country that is not the speaker's own
    doc_normal = docs[normal]
    fallback = np.where(top0[doc_normal] != own[normal], top0[doc_normal], top1[doc_normal])
    names_array = np.array(names + [""], dtype=object)  # [-1]: none
    countries_array = np.array(country_names, dtype=object)  # [0]: none
    chosen = np.full(m, "", dtype=object)
    chosen[normal] = np.where(carried >= 0, names_array[carried], countries_array[fallback])
    narrator = np.flatnonzero(np.array([s == NARRATOR for s in spoken]))
    doc_narrator = docs[narrator]
    chosen[narrator] = countries_array[np.where(top1[doc_narrator] > 0, top1[doc_narrator], top0[doc_narrator])]
    target[rows] = chosen
    weight[rows] = np.array([1.0 if c else 0.0 for c in chosen.tolist()])


def document_stance(sentence_stance: pd.DataFrame, *, documents: pd.DataFrame | None = None,
                    targets: Mapping | None = None) -> pd.DataFrame:
    """One row per document: its stance towards its target.

    A document's stance is ``tanh(sum(w * (stance - NEWS_BASELINE)) /
    sqrt(sum(w)))`` over its sentences, with ``w = stance_weight +``
    :data:`CONTEXT_WEIGHT` (sentences that do not concern the target count
    little), times :data:`TITLE_WEIGHT` for a title (``sent_id`` 0) that
    concerns the target. Its label is ``positive`` above
    ``DOCUMENT_NEUTRAL_BAND[1]`` (0.1), ``negative`` below
    ``DOCUMENT_NEUTRAL_BAND[0]`` (-0.6), else ``neutral``; a document without
    sentences is 0.0, neutral.

    Parameters
    ----------
    sentence_stance : pandas.DataFrame
        The output of :func:`score_stance`.
    documents : pandas.DataFrame, optional
        The documents table: when given, the output has one row per document
        in its order (documents with no sentences are neutral, 0.0).
    targets : mapping of doc_id to str, optional
        The user's target per document, reported as ``stance_target``;
        otherwise the most frequent sentence target (ties: the first).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``stance``, ``stance_label``, ``stance_target``, ``n_sentences``.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [1, 2], "paragraph_id": [1, 1],
    ...     "start": [0, 44], "tone": [0.5, 0.0],
    ...     "text": ["Tokayev praised the partnership with China.", "Trade grew."]})
    >>> from analysis.speakers import attribute_speakers
    >>> document_stance(score_stance(attribute_speakers(s))).values.tolist()
    [['d', 0.615793, 'positive', 'China', 2]]
    """
    for column in ("doc_id", "stance"):
        if column not in sentence_stance.columns:
            raise ValueError(f"sentence_stance has no {column!r} column; run score_stance first")
    if targets is not None and not isinstance(targets, Mapping):
        raise ValueError(f"targets must be a mapping of doc_id to target name, not {type(targets).__name__}")
    frame = sentence_stance
    stance = np.nan_to_num(pd.to_numeric(frame["stance"], errors="coerce").to_numpy(dtype=float))
    concern = (np.nan_to_num(pd.to_numeric(frame["stance_weight"], errors="coerce").to_numpy(dtype=float))
               if "stance_weight" in frame.columns else np.ones(len(frame)))
    w = concern + CONTEXT_WEIGHT
    if "sent_id" in frame.columns:  # a title (sentence 0) about the target: the article's own summary
        title = (pd.to_numeric(frame["sent_id"], errors="coerce").to_numpy(dtype=float) == 0) & (concern > 0)
        w = np.where(title, TITLE_WEIGHT * w, w)
    stance = stance - NEWS_BASELINE
    codes, docs = first_seen_codes(frame["doc_id"])  # the documents in order of first appearance
    index = {doc: k for k, doc in enumerate(docs)}
    n_docs = len(docs)
    # bincount adds each document's terms one by one in row order, as a running sum would
    totals = np.bincount(codes, weights=stance * w, minlength=n_docs).tolist()
    weights = np.bincount(codes, weights=w, minlength=n_docs).tolist()
    counts = np.bincount(codes, minlength=n_docs).tolist()
    if "stance_target" in frame.columns:
        main_target = _most_frequent(codes, frame["stance_target"], n_docs)
    else:
        main_target = [""] * n_docs
    order = list(documents["doc_id"]) if documents is not None else list(index)
    if documents is not None and "doc_id" not in documents.columns:
        raise ValueError("documents has no 'doc_id' column")
    values, names, sizes = [], [], []
    for doc in order:
        k = index.get(doc)
        value = round(math.tanh(totals[k] / math.sqrt(weights[k])), 6) if k is not None and weights[k] > 0 else 0.0
        values.append(value + 0.0)
        user = (targets or {}).get(doc)
        if isinstance(user, str) and user.strip():
            names.append(user.strip())
        else:
            names.append(main_target[k] if k is not None else "")
        sizes.append(counts[k] if k is not None else 0)
    labels = stance_label(np.array(values, dtype=float), band=DOCUMENT_NEUTRAL_BAND).tolist()
    rows = list(zip(order, values, labels, names, sizes))
    out = pd.DataFrame(rows, columns=["doc_id", "stance", "stance_label", "stance_target", "n_sentences"])
    return out.astype({"doc_id": "str", "stance": "float64", "stance_label": "str", "stance_target": "str",
                       "n_sentences": "int64"})


def _most_frequent(groups: np.ndarray, names: pd.Series, n_groups: int) -> list[str]:
    """Per group (``groups``: the group of each row), its most frequent non-empty string of
    ``names`` (ties: the one met first); ``""`` for a group with none.

    Examples
    --------
    >>> _most_frequent(np.array([0, 0, 0, 1, 1, 2]), pd.Series(["b", "a", "a", "x", "y", ""]), 4)
    ['a', 'x', '', '']
    """
    if isinstance(names.dtype, pd.StringDtype):
        rows = np.flatnonzero((names.notna() & (names != "")).to_numpy(dtype=bool))
    else:
        rows = np.array([k for k, name in enumerate(names.tolist()) if isinstance(name, str) and name],
                        dtype=np.int64)
    out = [""] * n_groups
    if not len(rows):
        return out
    name_ids, distinct = first_seen_codes(names.iloc[rows].reset_index(drop=True).astype(str))
    n = len(distinct)
    pairs = groups[rows] * n + name_ids  # (group, name) as one number
    pairs, first, count = np.unique(pairs, return_index=True, return_counts=True)
    group = pairs // n
    best = np.lexsort((first, -count, group))  # by group, then most frequent, then first met
    keep = best[np.r_[True, group[best][1:] != group[best][:-1]]]
    for g, name_id in zip(group[keep].tolist(), (pairs[keep] % n).tolist()):
        out[g] = distinct[name_id]
    return out


def speaker_stance(sentence_stance: pd.DataFrame) -> pd.DataFrame:
    """Mean stance per (speaker, stance_target), over sentences with a target.

    Returns
    -------
    pandas.DataFrame
        ``speaker``, ``stance_target``, ``n_sentences``, ``stance`` (mean),
        ``stance_label``; sorted by ``n_sentences`` (descending), speaker, target.

    Examples
    --------
    >>> s = pd.DataFrame({"speaker": ["A", "A", "B"], "stance_target": ["X", "X", ""],
    ...                   "stance": [0.5, 0.1, -0.4]})
    >>> speaker_stance(s).values.tolist()
    [['A', 'X', 2, 0.3, 'positive']]
    """
    for column in ("speaker", "stance_target", "stance"):
        if column not in sentence_stance.columns:
            raise ValueError(f"sentence_stance has no {column!r} column; run score_stance first")
    frame = sentence_stance[["speaker", "stance_target", "stance"]]
    frame = frame[frame["stance_target"].fillna("").astype(str) != ""]
    grouped = (frame.groupby(["speaker", "stance_target"], sort=True)["stance"]
               .agg(n_sentences="size", stance="mean").reset_index())
    grouped["stance"] = grouped["stance"].round(6)
    grouped["stance_label"] = stance_label(grouped["stance"].to_numpy()) if len(grouped) else pd.Series(dtype="str")
    grouped = grouped.sort_values(["n_sentences", "speaker", "stance_target"], ascending=[False, True, True],
                                  kind="mergesort").reset_index(drop=True)
    return grouped.astype({"speaker": "str", "stance_target": "str", "n_sentences": "int64",
                           "stance": "float64", "stance_label": "str"})
