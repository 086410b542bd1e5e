"""Aggregate labels: topic emphasis, tone and stance per period, source or speaker.

Every estimate here is a *pooled ratio* over a group of documents: the topic
units (or tone, or stance) summed over the group's sentences, divided by the
group's sentences (or words). Intervals are percentile bootstrap 95% intervals
that resample whole documents (seeded; 1,000 resamples by default), so they
reflect how much the estimate depends on which documents happen to be in the
corpus. Groups with fewer than ``min_docs`` documents are flagged
(``few_docs``): read their estimates with care.

The long tables returned have the columns ``group`` (the period, source or
speaker), ``measure`` (a topic, ``tone`` or ``stance``), ``estimate``, ``lo``,
``hi``, ``n_docs`` and ``few_docs``.

It also measures **coverage**, the share of sentences no topic claims, and
**discovers** candidate topics among those sentences with NMF.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from .config import RANDOM_SEED
from .words import count_words

__all__ = [
    "topic_units",
    "choose_period",
    "assign_period",
    "pooled_bootstrap",
    "topic_emphasis",
    "measure_by",
    "coverage",
    "discover_topics",
    "PERIODS",
    "SUMMARY_COLUMNS",
]

#: Period codes and their names in words.
PERIODS = {"D": "day", "W": "week", "M": "month", "Y": "year"}
SUMMARY_COLUMNS = ["group", "measure", "estimate", "lo", "hi", "n_docs", "few_docs"]


def topic_units(labels: pd.DataFrame, topics: list[str]) -> np.ndarray:
    """Split each sentence's one unit between its matched topics, by score.

    Returns an array of shape ``(n_sentences, n_topics)``; a row sums to 1 when
    the sentence matched any topic and to 0 otherwise.

    Examples
    --------
    >>> labels = pd.DataFrame({"health": [3.0, 0.0], "trade": [1.0, 0.0],
    ...                        "topics": ["health;trade", ""]})
    >>> topic_units(labels, ["health", "trade"]).tolist()
    [[0.75, 0.25], [0.0, 0.0]]
    """
    scores = labels[topics].to_numpy(dtype=float)
    matched = np.zeros(scores.shape, dtype=bool)
    for j, topic in enumerate(topics):
        matched[:, j] = labels["topics"].str.split(";").map(lambda names, t=topic: t in names).to_numpy(dtype=bool)
    used = np.where(matched, np.clip(scores, 0, None), 0.0)
    totals = used.sum(axis=1, keepdims=True)
    return np.divide(used, totals, out=np.zeros_like(used), where=totals > 0)


def choose_period(dates: pd.Series) -> str:
    """Pick a period from the corpus's span: day, week, month or year.

    Up to 31 days -> ``'D'``; up to 26 weeks -> ``'W'``; up to 6 years ->
    ``'M'``; longer -> ``'Y'``. No known dates -> ``'Y'``.

    Examples
    --------
    >>> choose_period(pd.Series(pd.to_datetime(["1996-01-02", "2006-12-30"])))
    'Y'
    >>> choose_period(pd.Series(pd.to_datetime(["2020-09-12"])))
    'D'
    """
    known = pd.to_datetime(dates).dropna()
    if known.empty:
        return "Y"
    span = known.max() - known.min()
    if span <= pd.Timedelta(days=31):
        return "D"
    if span <= pd.Timedelta(weeks=26):
        return "W"
    if span <= pd.Timedelta(days=366 * 6):
        return "M"
    return "Y"


def assign_period(dates: pd.Series, period: str) -> pd.Series:
    """The start date of each date's period (NaT stays NaT).

    Examples
    --------
    >>> assign_period(pd.Series(pd.to_datetime(["2020-09-12"])), "M").dt.strftime("%Y-%m-%d").tolist()
    ['2020-09-01']
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {sorted(PERIODS)}, not {period!r}")
    dates = pd.to_datetime(dates)
    if period == "D":
        return dates.dt.normalize()
    if period == "W":
        return (dates.dt.normalize() - pd.to_timedelta(dates.dt.day_of_week, unit="D"))
    return dates.dt.to_period(period).dt.start_time


def pooled_bootstrap(numerators: np.ndarray, denominators: np.ndarray, *, n_boot: int = 1000,
                     seed: int = RANDOM_SEED, level: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pooled ratio ``sum(numerators) / sum(denominators)`` with a bootstrap interval.

    Parameters
    ----------
    numerators : array, shape (n_docs, n_measures)
    denominators : array, shape (n_docs,)
    n_boot : int
        Resamples of the documents (with replacement); 0 gives no interval (NaN).
    seed : int
        Seed of the resampling, so the interval is reproducible.

    Returns
    -------
    estimate, lo, hi : arrays of shape (n_measures,)

    Examples
    --------
    >>> est, lo, hi = pooled_bootstrap(np.array([[1.0], [3.0]]), np.array([2.0, 2.0]), n_boot=200)
    >>> float(est[0]), bool(lo[0] <= est[0] <= hi[0])
    (1.0, True)
    """
    numerators = np.asarray(numerators, dtype=float)
    denominators = np.asarray(denominators, dtype=float)
    if numerators.ndim != 2 or len(numerators) != len(denominators):
        raise ValueError("numerators must be (n_docs, n_measures) and match denominators")
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ValueError(f"n_boot must be a non-negative integer, not {n_boot!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    total = denominators.sum()
    n, m = numerators.shape
    estimate = numerators.sum(axis=0) / total if total > 0 else np.full(m, np.nan)
    if n_boot == 0 or n == 0:
        return estimate, np.full(m, np.nan), np.full(m, np.nan)
    rng = np.random.default_rng(seed)
    boot = np.empty((n_boot, m))
    batch = max(1, min(n_boot, 5_000_000 // max(n, 1)))
    for first in range(0, n_boot, batch):
        size = min(batch, n_boot - first)
        counts = rng.multinomial(n, np.full(n, 1.0 / n), size=size) if n > 1 else np.ones((size, 1))
        num = counts @ numerators
        den = counts @ denominators
        boot[first:first + size] = np.divide(num, den[:, None], out=np.full_like(num, np.nan), where=den[:, None] > 0)
    alpha = (1 - level) / 2
    lo, hi = np.nanquantile(boot, [alpha, 1 - alpha], axis=0) if np.isfinite(boot).any() else (np.full(m, np.nan),) * 2
    return estimate, lo, hi


def _word_counts(texts: pd.Series) -> np.ndarray:
    return count_words(texts.tolist()).astype(float)


def _sentence_frame(labels: pd.DataFrame, topics: list[str], normalize: str) -> tuple[pd.DataFrame, list[str]]:
    if normalize not in ("sentences", "words"):
        raise ValueError(f"normalize must be 'sentences' or 'words', not {normalize!r}")
    weight = _word_counts(labels["text"]) if normalize == "words" else np.ones(len(labels))
    units = topic_units(labels, topics) * weight[:, None]
    frame = pd.DataFrame(units, columns=topics, index=labels.index)
    frame["_weight"] = weight
    frame["doc_id"] = labels["doc_id"].to_numpy()
    return frame, topics


def _summarise(per_doc: pd.DataFrame, group: pd.Series, measures: list[str], *, n_boot: int, seed: int,
               min_docs: int, order: list | None = None) -> pd.DataFrame:
    rows = []
    groups = per_doc.assign(_group=group.to_numpy()).dropna(subset=["_group"])
    keys = order if order is not None else sorted(groups["_group"].unique(), key=str)
    for k, key in enumerate(keys):
        part = groups[groups["_group"] == key]
        est, lo, hi = pooled_bootstrap(part[measures].to_numpy(), part["_weight"].to_numpy(), n_boot=n_boot,
                                       seed=seed + k)
        for j, measure in enumerate(measures):
            rows.append((key, measure, est[j], lo[j], hi[j], len(part), len(part) < min_docs))
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return out.astype({"measure": "str", "estimate": "float64", "lo": "float64", "hi": "float64",
                       "n_docs": "int64", "few_docs": "bool"})


def _check_min_docs(min_docs):
    if not isinstance(min_docs, (int, np.integer)) or min_docs < 1:
        raise ValueError(f"min_docs must be a positive integer, not {min_docs!r}")


def topic_emphasis(labels: pd.DataFrame, documents: pd.DataFrame, *, topics: list[str], by: str = "document",
                   period: str | None = None, normalize: str = "sentences", n_boot: int = 1000,
                   seed: int = RANDOM_SEED, min_docs: int = 5) -> pd.DataFrame:
    """Topic shares per document, period, source or speaker, with bootstrap intervals.

    Parameters
    ----------
    labels : pandas.DataFrame
        Sentence labels (:func:`analysis.topics.label_sentences`); ``by='speaker'``
        needs a ``speaker`` column.
    documents : pandas.DataFrame
        The documents table (``doc_id``, ``date``, ``source``).
    topics : list of str
        Topic columns.
    by : {'document', 'period', 'source', 'speaker', 'corpus'}
        The grouping. ``period`` uses ``period`` or the one :func:`choose_period`
        picks (documents without a date are left out and counted in no period).
    normalize : {'sentences', 'words'}
        Share of sentences, or of words (long sentences weigh more).
    n_boot, seed, min_docs : int
        Bootstrap resamples and seed; groups with fewer documents are flagged.

    Returns
    -------
    pandas.DataFrame
        The long summary table (see the module docstring); for ``by='period'``
        the table's ``attrs['period']`` holds the period code.

    Examples
    --------
    >>> labels = pd.DataFrame({"doc_id": ["a", "a", "b"], "text": ["x", "y", "z"],
    ...     "health": [2.0, 0.0, 0.0], "trade": [0.0, 0.0, 1.0], "topics": ["health", "", "trade"]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2020-01-01", "2020-01-02"]),
    ...                      "source": ["x", "y"]})
    >>> out = topic_emphasis(labels, docs, topics=["health", "trade"], by="corpus", n_boot=50)
    >>> out[["measure", "estimate", "n_docs"]].values.tolist()
    [['health', 0.3333333333333333, 2], ['trade', 0.3333333333333333, 2]]
    """
    _check_min_docs(min_docs)
    frame, _ = _sentence_frame(labels, topics, normalize)
    if by == "speaker":
        if "speaker" not in labels.columns:
            raise ValueError("by='speaker' needs a 'speaker' column (run analysis.speakers.attribute_speakers)")
        frame["speaker"] = labels["speaker"].to_numpy()
        per_doc = frame.groupby(["speaker", "doc_id"], sort=False).sum().reset_index()
        return _summarise(per_doc, per_doc["speaker"], topics, n_boot=n_boot, seed=seed, min_docs=min_docs)
    per_doc = frame.groupby("doc_id", sort=False).sum()
    per_doc = per_doc.reindex(documents["doc_id"].to_numpy(), fill_value=0.0).reset_index()
    return _grouped(per_doc, documents, topics, by=by, period=period, n_boot=n_boot, seed=seed, min_docs=min_docs)


def _grouped(per_doc, documents, measures, *, by, period, n_boot, seed, min_docs) -> pd.DataFrame:
    if by == "document":
        return _summarise(per_doc, per_doc["doc_id"], measures, n_boot=0, seed=seed, min_docs=1,
                          order=per_doc["doc_id"].tolist())
    if by == "corpus":
        return _summarise(per_doc, pd.Series(["corpus"] * len(per_doc)), measures, n_boot=n_boot, seed=seed,
                          min_docs=min_docs)
    if by == "source":
        sources = documents["source"].fillna("").replace("", "(no source)")
        return _summarise(per_doc, sources, measures, n_boot=n_boot, seed=seed, min_docs=min_docs)
    if by == "period":
        period = period or choose_period(documents["date"])
        out = _summarise(per_doc, assign_period(documents["date"], period), measures, n_boot=n_boot, seed=seed,
                         min_docs=min_docs)
        out["group"] = pd.to_datetime(out["group"])
        out.attrs["period"] = period
        return out
    raise ValueError(f"by must be 'document', 'period', 'source', 'speaker' or 'corpus', not {by!r}")


def measure_by(labels: pd.DataFrame, documents: pd.DataFrame, *, measure: str, by: str = "period",
               period: str | None = None, n_boot: int = 1000, seed: int = RANDOM_SEED, min_docs: int = 5,
               topics: list[str] | None = None) -> pd.DataFrame:
    """Tone or stance, word-weighted, per period, source, speaker, topic or the corpus.

    Parameters
    ----------
    labels : pandas.DataFrame
        Sentence labels with the ``measure`` column (``tone`` or ``stance``).
    measure : str
        The column to aggregate.
    by : {'document', 'period', 'source', 'speaker', 'topic', 'corpus'}
        ``topic`` groups sentences by their ``primary_topic`` (``topics`` gives
        the order; ``none`` last).

    Returns
    -------
    pandas.DataFrame
        The long summary table; ``measure`` holds the measure's name.

    Examples
    --------
    >>> labels = pd.DataFrame({"doc_id": ["a", "b"], "text": ["one two", "three"],
    ...                        "tone": [0.5, -1.0], "primary_topic": ["health", "none"]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "date": pd.to_datetime(["2020-01-01", "2020-01-02"]),
    ...                      "source": ["", ""]})
    >>> measure_by(labels, docs, measure="tone", by="topic", n_boot=0)[["group", "estimate"]].values.tolist()
    [['health', 0.5], ['none', -1.0]]
    """
    _check_min_docs(min_docs)
    if measure not in labels.columns:
        raise ValueError(f"measure must be a column of labels; there is no {measure!r} column")
    weight = _word_counts(labels["text"])
    frame = pd.DataFrame({measure: labels[measure].to_numpy(dtype=float) * weight, "_weight": weight,
                          "doc_id": labels["doc_id"].to_numpy()})
    if by in ("speaker", "topic"):
        column = "speaker" if by == "speaker" else "primary_topic"
        if column not in labels.columns:
            raise ValueError(f"by={by!r} needs a {column!r} column")
        frame["_key"] = labels[column].to_numpy()
        per_doc = frame.groupby(["_key", "doc_id"], sort=False).sum().reset_index()
        order = None
        if by == "topic":
            present = set(per_doc["_key"])
            order = [t for t in (topics or sorted(present - {"none"})) if t in present] + (["none"] if "none" in present else [])
        return _summarise(per_doc, per_doc["_key"], [measure], n_boot=n_boot, seed=seed, min_docs=min_docs,
                          order=order)
    per_doc = frame.groupby("doc_id", sort=False).sum()
    per_doc = per_doc.reindex(documents["doc_id"].to_numpy(), fill_value=0.0).reset_index()
    return _grouped(per_doc, documents, [measure], by=by, period=period, n_boot=n_boot, seed=seed,
                    min_docs=min_docs)


def coverage(labels: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Share of each document's sentences that no topic claims.

    Returns one row per document (``doc_id``, ``n_sentences``, ``n_unclaimed``,
    ``unclaimed_share``), plus a last row ``doc_id='(corpus)'`` for the whole
    corpus. A document without sentences has a share of 0.

    Examples
    --------
    >>> labels = pd.DataFrame({"doc_id": ["a", "a", "b"], "topics": ["health", "", ""]})
    >>> coverage(labels)["unclaimed_share"].tolist()
    [0.5, 1.0, 0.6666666666666666]
    """
    unclaimed = labels["topics"].fillna("").eq("")
    frame = pd.DataFrame({"doc_id": labels["doc_id"].to_numpy(), "n_sentences": 1, "n_unclaimed": unclaimed.to_numpy(dtype=int)})
    per_doc = frame.groupby("doc_id", sort=False).sum()
    order = documents["doc_id"].tolist() if documents is not None else per_doc.index.tolist()
    per_doc = per_doc.reindex(order, fill_value=0)
    total = pd.DataFrame({"n_sentences": [int(per_doc["n_sentences"].sum())],
                          "n_unclaimed": [int(per_doc["n_unclaimed"].sum())]}, index=["(corpus)"])
    out = pd.concat([per_doc, total])
    out.index.name = "doc_id"
    out = out.reset_index()
    out["unclaimed_share"] = np.divide(out["n_unclaimed"].to_numpy(dtype=float), out["n_sentences"].to_numpy(dtype=float),
                                       out=np.zeros(len(out)), where=out["n_sentences"].to_numpy() > 0)
    return out.astype({"doc_id": "str", "n_sentences": "int64", "n_unclaimed": "int64"})


def discover_topics(labels: pd.DataFrame, *, n_topics: int = 5, n_terms: int = 8, n_examples: int = 2,
                    seed: int = RANDOM_SEED, min_sentences: int = 10) -> pd.DataFrame:
    """Candidate topics among the sentences no topic claims (NMF on tf-idf).

    Parameters
    ----------
    labels : pandas.DataFrame
        Sentence labels (``text``, ``topics``).
    n_topics : int
        Candidates to look for (fewer when there are few sentences).
    n_terms, n_examples : int
        Top terms and example sentences shown per candidate.
    min_sentences : int
        Below this many unclaimed sentences, nothing is discovered (an empty
        table): there is too little text to find a theme.

    Returns
    -------
    pandas.DataFrame
        ``candidate`` (1..k), ``top_terms`` (comma-separated), ``n_sentences``
        (sentences whose strongest component it is), ``examples`` (the sentences
        that load most on it, joined by `` | ``), ordered by ``n_sentences``.

    Examples
    --------
    >>> sport = [f"The football team won the {w} cup." for w in ["league", "city", "spring", "youth", "county"]]
    >>> rain = [f"Heavy rain flooded the {w} valley." for w in ["north", "river", "green", "lower", "east"]]
    >>> labels = pd.DataFrame({"text": sport + rain, "topics": [""] * 10})
    >>> out = discover_topics(labels, n_topics=2, n_terms=3, n_examples=1, min_sentences=5)
    >>> sorted(set(out["top_terms"].str.split(", ").sum()) & {"football", "rain"})
    ['football', 'rain']
    """
    for name, value in (("n_topics", n_topics), ("n_terms", n_terms), ("n_examples", n_examples)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer, not {value!r}")
    columns = ["candidate", "top_terms", "n_sentences", "examples"]
    empty = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("candidate", "n_sentences") else "str") for c in columns})
    unclaimed = labels.loc[labels["topics"].fillna("").eq(""), "text"]
    unclaimed = unclaimed[unclaimed.str.strip().ne("")]
    if len(unclaimed) < min_sentences:
        return empty
    vectorizer = TfidfVectorizer(stop_words="english", token_pattern=r"(?u)\b[^\W\d_]{3,}\b", min_df=2,
                                 max_df=0.9 if len(unclaimed) > 50 else 1.0, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(unclaimed)
    except ValueError:  # no term left after filtering
        return empty
    k = int(min(n_topics, matrix.shape[0] - 1, matrix.shape[1]))
    if k < 1:
        return empty
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=500)
    weights = model.fit_transform(matrix)
    vocab = vectorizer.get_feature_names_out()
    texts = unclaimed.to_numpy()
    strongest = weights.argmax(axis=1)
    rows = []
    for c in range(k):
        terms = [vocab[i] for i in np.argsort(-model.components_[c], kind="stable")[:n_terms]]
        best = np.argsort(-weights[:, c], kind="stable")[:n_examples]
        rows.append((terms, int((strongest == c).sum() * (weights[:, c].max() > 0)), " | ".join(texts[best])))
    rows.sort(key=lambda r: (-r[1], r[0]))
    out = pd.DataFrame({"candidate": np.arange(1, k + 1), "top_terms": [", ".join(r[0]) for r in rows],
                        "n_sentences": [r[1] for r in rows], "examples": [r[2] for r in rows]})
    return out.astype({"candidate": "int64", "n_sentences": "int64", "top_terms": "str", "examples": "str"})
