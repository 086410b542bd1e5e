"""Measure labels against gold labels: per-topic scores, confusion tables, corpus-level estimates.

Used by the validation notebook and the scripts in ``benchmarks/``. Topic sets
are written as ``;``-joined names (the ``topics`` column). On the user's own
corpus, a coded sheet (:mod:`analysis.sheets`, whose names are re-exported here)
gives corpus-level precision, recall and F1 with intervals (:func:`validate_sheet`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

from .sheets import (CODER_COLUMNS, CODING_STEPS, DESIGN_COLUMNS, SHEET_COLUMNS, SheetError, allocate, check_sheet,
                     coded_rows, draw_sample, escape_cell, find_coded, gold_as_sheet, read_sheet, unescape_cell,
                     write_sheet)

__all__ = ["split_topics", "topic_scores", "confusion_table", "label_scores"]


def split_topics(values) -> list[set[str]]:
    """``'health;trade'`` -> ``{'health', 'trade'}``; empty or ``none`` -> empty set.

    Examples
    --------
    >>> [sorted(names) for names in split_topics(["health;trade", "", "none"])]
    [['health', 'trade'], [], []]
    """
    out = []
    for value in values:
        names = {v.strip() for v in str(value if isinstance(value, str) else "").split(";")}
        out.append({n for n in names if n and n != "none"})
    return out


def topic_scores(gold, predicted, topics: list[str]) -> pd.DataFrame:
    """Per-topic precision, recall, F1 and support of multi-label topic sets.

    Parameters
    ----------
    gold, predicted : sequences of ``;``-joined topic names (or sets)
    topics : list of str
        The topics to score, in order; a last row ``macro`` averages them.

    Examples
    --------
    >>> topic_scores(["health", "trade;health"], ["health", "health"], ["health", "trade"])["f1"].tolist()
    [1.0, 0.0, 0.5]
    """
    gold_sets = [g if isinstance(g, set) else s for g, s in zip(gold, split_topics(gold))]
    pred_sets = [p if isinstance(p, set) else s for p, s in zip(predicted, split_topics(predicted))]
    if len(gold_sets) != len(pred_sets):
        raise ValueError(f"gold and predicted must have the same length, not {len(gold_sets)} and {len(pred_sets)}")
    binarizer = MultiLabelBinarizer(classes=topics)
    y_true = binarizer.fit_transform([g & set(topics) for g in gold_sets]).astype(bool).reshape(-1, len(topics))
    y_pred = binarizer.transform([p & set(topics) for p in pred_sets]).astype(bool).reshape(-1, len(topics))
    # counted per topic column (sklearn would read a single column as a binary target and score both classes)
    tp = (y_true & y_pred).sum(axis=0)
    fp = (~y_true & y_pred).sum(axis=0)
    fn = (y_true & ~y_pred).sum(axis=0)
    precision, recall, f1 = (_ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn))
    support = tp + fn
    table = pd.DataFrame({"precision": precision, "recall": recall, "f1": f1, "support": support}, index=topics)
    table.loc["macro"] = [precision.mean(), recall.mean(), f1.mean(), int(support.sum())]
    table["support"] = table["support"].astype("int64")
    table.index.name = "topic"
    return table


def _ratio(num, den) -> np.ndarray:
    """``num / den`` with 0 where ``den`` is 0 (sklearn's ``zero_division=0``)."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def label_scores(gold, predicted, labels: list[str]) -> pd.DataFrame:
    """Per-label precision, recall, F1 and support of single labels (plus ``macro``).

    Examples
    --------
    >>> label_scores(["a", "b", "b"], ["a", "b", "a"], ["a", "b"])["recall"].tolist()
    [1.0, 0.5, 0.75]
    """
    precision, recall, f1, support = precision_recall_fscore_support(
        list(gold), list(predicted), labels=labels, zero_division=0)
    table = pd.DataFrame({"precision": precision, "recall": recall, "f1": f1, "support": support}, index=labels)
    table.loc["macro"] = [precision.mean(), recall.mean(), f1.mean(), int(np.sum(support))]
    table["support"] = table["support"].astype("int64")
    table.index.name = "label"
    return table


def confusion_table(gold, predicted, labels: list[str]) -> pd.DataFrame:
    """Counts with gold labels as rows and predicted labels as columns.

    Examples
    --------
    >>> confusion_table(["a", "b"], ["a", "a"], ["a", "b"]).values.tolist()
    [[1, 0], [1, 0]]
    """
    matrix = confusion_matrix(list(gold), list(predicted), labels=labels)
    return pd.DataFrame(matrix, index=pd.Index(labels, name="gold"), columns=pd.Index(labels, name="predicted"))


# --------------------------------------------------------------------------------------------------
# Validation on the user's own corpus: corpus-level estimates from a coded sheet (analysis.sheets)
# --------------------------------------------------------------------------------------------------

#: Columns of the report of :func:`estimate_scores` and :func:`validate_sheet`, in order.
REPORT_COLUMNS = ["topic", "precision", "precision_low", "precision_high", "recall", "recall_low", "recall_high",
                  "f1", "f1_low", "f1_high", "n_coded", "n_coded_positive", "n_predicted_positive", "note"]
#: Fewer coded sentences with a topic than this gets a note: its interval is wide.
FEW_POSITIVES = 10

__all__ += ["REPORT_COLUMNS", "estimate_scores", "Validation", "validate_sheet", "supervised_comparison",
            "plot_scores", "sample_corpus", "validate_corpus"]
# the coding sheet's names (analysis.sheets), importable from here as before
__all__ += ["SHEET_COLUMNS", "CODER_COLUMNS", "DESIGN_COLUMNS", "CODING_STEPS", "SheetError", "allocate",
            "draw_sample", "escape_cell", "unescape_cell", "write_sheet", "read_sheet", "gold_as_sheet",
            "check_sheet", "coded_rows", "find_coded"]


def _replicate_multipliers(strata: np.ndarray, sizes: np.ndarray, *, n_boot: int, seed: int) -> np.ndarray:
    """``n_boot`` x n weight multipliers of the rescaling bootstrap, resampled within strata.

    Rao & Wu's rescaling bootstrap with ``n_h - 1`` draws: in each stratum the rows are drawn with
    replacement and the weights rescaled by ``sqrt(1 - n_h / N_h)``, so the spread includes the
    finite-population correction; a stratum coded entirely (``n_h == N_h``) or with one coded row
    has multipliers of 1 (no spread).
    """
    rng = np.random.default_rng(seed)
    out = np.ones((n_boot, len(strata)))
    for name in sorted(set(strata)):
        rows = np.flatnonzero(strata == name)
        n_h, big_n = len(rows), float(sizes[rows[0]])
        if n_h < 2 or n_h >= big_n:
            continue
        lam = np.sqrt(1 - n_h / big_n)
        draws = rng.multinomial(n_h - 1, np.full(n_h, 1 / n_h), size=n_boot)
        out[:, rows] = 1 - lam + lam * draws * n_h / (n_h - 1)
    return out


def _smoothed_replicates(y_true: np.ndarray, y_pred: np.ndarray, strata: np.ndarray, sizes: np.ndarray, *,
                         n_boot: int, seed: int) -> dict[str, np.ndarray]:
    """``n_boot`` x topics replicates of the corpus's true positives, false positives and false negatives.

    In each stratum ``h`` (``n_h`` coded of ``N_h``) and for each topic, the coded rows split into
    those the labels give the topic (``m_1`` of them, ``k_1`` coded with it) and the others (``m_0``,
    ``k_0``). A replicate draws the first group's share of the stratum from Beta(m_1, m_0) and each
    group's rate of coded topic from the Jeffreys posterior Beta(k + 1/2, m - k + 1/2), centred on
    the sample's rate ``k / m`` (its deviation from the posterior mean, clipped to 0..1) and shrunk
    by the finite-population factor ``sqrt(1 - n_h / N_h)``, and counts ``N_h`` x share x rate. So a
    group with ``k = 0`` (no miss seen) still allows up to about ``2 / m``, as a bootstrap would not.
    A stratum coded entirely contributes its exact counts.
    """
    rng = np.random.default_rng(seed)
    n_topics = y_true.shape[1]
    out = {k: np.zeros((n_boot, n_topics)) for k in ("tp", "fp", "fn")}
    for name in sorted(set(strata), key=str):
        rows = np.flatnonzero(strata == name)
        n_h, big_n = len(rows), float(sizes[rows[0]])
        truth, pred = y_true[rows], y_pred[rows]
        if n_h >= big_n:
            out["tp"] += (truth * pred).sum(axis=0)
            out["fp"] += ((1 - truth) * pred).sum(axis=0)
            out["fn"] += (truth * (1 - pred)).sum(axis=0)
            continue
        lam = np.sqrt(1 - n_h / big_n)
        for j in range(n_topics):
            m1 = pred[:, j].sum()
            m0 = n_h - m1
            share = (rng.beta(m1, m0, size=n_boot) if m1 and m0 else np.full(n_boot, 1.0 if m1 else 0.0))
            share = m1 / n_h + lam * (share - m1 / n_h)
            for group, m, key_yes, key_no in ((1, m1, "tp", "fp"), (0, m0, "fn", None)):
                if not m:
                    continue
                k = (truth[:, j] * (pred[:, j] == group)).sum()
                draw = rng.beta(k + 0.5, m - k + 0.5, size=n_boot) - (k + 0.5) / (m + 1)
                rate = np.clip(k / m + lam * draw, 0, 1)
                size = big_n * (share if group else 1 - share)
                out[key_yes][:, j] += size * rate
                if key_no:
                    out[key_no][:, j] += size * (1 - rate)
    return out


def _div(num, den):
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def estimate_scores(gold, predicted, strata, stratum_sizes, *, topics: list[str], n_boot: int = 1000,
                    seed: int = 0, level: float = 0.95, method: str = "smoothed") -> pd.DataFrame:
    """Corpus-level precision, recall and F1 per topic from a stratified sample, with intervals.

    Each coded sentence of stratum ``h`` stands for ``N_h / n_h`` sentences of the corpus (``N_h``
    the stratum's size, ``n_h`` its coded sentences): the inverse of its inclusion probability,
    corrected for rows not coded. The weighted true positives, false positives and false negatives
    estimate the corpus's, and precision, recall and F1 are their ratios. A stratified sample is not
    a simple random sample: unweighted scores over-count the small strata.

    The intervals are percentile intervals of replicates drawn within strata. ``smoothed``
    (default, :func:`_smoothed_replicates`) redraws, in each stratum, the share of sentences the
    labels give the topic and the share of those (and of the others) that have it, from Jeffreys
    posteriors: like a bootstrap, but a stratum where the sample saw no miss (or no false alarm)
    still allows a few, so a rare topic's interval does not shrink to a point it cannot know.
    ``bootstrap`` resamples the rows within strata (:func:`_replicate_multipliers`). Either way a
    stratum coded entirely adds no spread.

    Parameters
    ----------
    gold, predicted : sequences of topic sets (or ``;``-joined names)
    strata : sequence of hashable
        The stratum of each row.
    stratum_sizes : sequence of int
        The corpus size of each row's stratum.
    topics : list of str
    n_boot : int, default 1000
    seed : int, default 0
    level : float, default 0.95
    method : {'smoothed', 'bootstrap'}, default 'smoothed'

    Returns
    -------
    pandas.DataFrame
        One row per topic with :data:`REPORT_COLUMNS`. A score that is 0/0 in the sample is NaN
        (never predicted: precision; never coded: recall; neither: F1 too), and ``note`` says so.

    Examples
    --------
    >>> report = estimate_scores(["health", "", "health", ""], ["health", "health", "", ""],
    ...                          ["a", "a", "b", "b"], [2, 2, 10, 10], topics=["health"], n_boot=50)
    >>> report[["topic", "precision", "recall", "f1"]].round(3).values.tolist()
    [['health', 0.5, 0.167, 0.25]]
    """
    if not isinstance(n_boot, int) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, not {n_boot!r}")
    if method not in ("smoothed", "bootstrap"):
        raise ValueError(f"method must be 'smoothed' or 'bootstrap', not {method!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    gold_sets = [g if isinstance(g, set) else s for g, s in zip(gold, split_topics(gold))]
    pred_sets = [p if isinstance(p, set) else s for p, s in zip(predicted, split_topics(predicted))]
    strata = np.asarray(list(strata), dtype=object)
    sizes = np.asarray(list(stratum_sizes), dtype=float)
    if not len(gold_sets) == len(pred_sets) == len(strata) == len(sizes):
        raise ValueError("gold, predicted, strata and stratum_sizes must have the same length")
    coded = pd.Series(strata).map(pd.Series(strata).value_counts()).to_numpy(dtype=float)
    if (sizes < coded).any():
        raise ValueError("a stratum has more coded rows than its stratum_size")
    weight = sizes / np.maximum(coded, 1)
    y_true = np.array([[t in g for t in topics] for g in gold_sets], dtype=float).reshape(-1, len(topics))
    y_pred = np.array([[t in p for t in topics] for p in pred_sets], dtype=float).reshape(-1, len(topics))
    cells = {"tp": y_true * y_pred, "fp": (1 - y_true) * y_pred, "fn": y_true * (1 - y_pred)}
    point = {k: weight @ v for k, v in cells.items()}
    if method == "bootstrap":
        reps = _replicate_multipliers(strata, sizes, n_boot=n_boot, seed=seed) * weight
        boot = {k: reps @ v for k, v in cells.items()}  # n_boot x topics
    else:
        boot = _smoothed_replicates(y_true, y_pred, strata, sizes, n_boot=n_boot, seed=seed)
    scores = {
        "precision": (_div(point["tp"], point["tp"] + point["fp"]), _div(boot["tp"], boot["tp"] + boot["fp"])),
        "recall": (_div(point["tp"], point["tp"] + point["fn"]), _div(boot["tp"], boot["tp"] + boot["fn"])),
        "f1": (_div(2 * point["tp"], 2 * point["tp"] + point["fp"] + point["fn"]),
               _div(2 * boot["tp"], 2 * boot["tp"] + boot["fp"] + boot["fn"])),
    }
    tail = (1 - level) / 2 * 100
    out = {"topic": list(topics)}
    for name, (estimate, replicates) in scores.items():
        low = np.full(len(topics), np.nan)
        high = np.full(len(topics), np.nan)
        for j in range(len(topics)):
            values = replicates[:, j][~np.isnan(replicates[:, j])]
            if not np.isnan(estimate[j]) and len(values):
                low[j], high[j] = np.percentile(values, [tail, 100 - tail])
                low[j], high[j] = min(low[j], estimate[j]), max(high[j], estimate[j])
        out[name], out[f"{name}_low"], out[f"{name}_high"] = estimate, low, high
    out["n_coded"] = np.full(len(topics), len(gold_sets), dtype=np.int64)
    out["n_coded_positive"] = y_true.sum(axis=0).astype(np.int64)
    out["n_predicted_positive"] = y_pred.sum(axis=0).astype(np.int64)
    census = bool((coded >= sizes).all())  # every sentence of the corpus coded: nothing is estimated
    out["note"] = [_note(int(pos), int(pred), census) for pos, pred in zip(out["n_coded_positive"],
                                                                           out["n_predicted_positive"])]
    return pd.DataFrame(out)[REPORT_COLUMNS]


def _note(coded: int, predicted: int, census: bool = False) -> str:
    if coded == 0 and predicted == 0:
        return "never coded nor predicted in the sample: no estimate"
    if census:
        return "every sentence coded: exact" if coded and predicted else (
            "never coded: recall undefined" if not coded else "never predicted: precision undefined")
    notes = []
    if coded == 0:
        notes.append("never coded in the sample: recall undefined")
    if predicted == 0:
        notes.append("never predicted in the sample: precision undefined")
    if 0 < coded < FEW_POSITIVES:
        notes.append(f"only {coded} coded sentence(s) have it: read the interval with care")
    return "; ".join(notes)


@dataclass
class Validation:
    """The outcome of :func:`validate_sheet`.

    Attributes
    ----------
    report : pandas.DataFrame
        One row per topic (:data:`REPORT_COLUMNS`).
    agreement : pandas.DataFrame
        Coded tone and speaker against the labels, when coded: ``measure`` (``tone_r``: weighted
        Pearson correlation; ``speaker_accuracy``: weighted share of matching speakers), ``value``,
        ``low``, ``high``, ``n_coded``. Empty when neither was coded.
    compared : pandas.DataFrame
        The coded rows: sheet columns plus ``gold`` (the coded topic set; ``coded_topics`` joined
        in taxonomy order, ``none`` when empty), ``coded_tone``,
        ``coded_speaker`` and the labels' ``predicted_topics``, ``predicted_primary``,
        ``predicted_tone``, ``predicted_speaker``, and each row's ``weight`` (the corpus sentences
        it stands for).
    n_skipped : int
        Sheet rows not coded (skipped).
    """

    report: pd.DataFrame
    agreement: pd.DataFrame
    compared: pd.DataFrame
    n_skipped: int


def _weighted_r(x, y, w) -> float:
    x, y, w = (np.asarray(a, dtype=float) for a in (x, y, w))
    if w.sum() <= 0:
        return float("nan")
    mx, my = np.average(x, weights=w), np.average(y, weights=w)
    sxy = np.sum(w * (x - mx) * (y - my))
    sxx, syy = np.sum(w * (x - mx) ** 2), np.sum(w * (y - my) ** 2)
    return float(sxy / np.sqrt(sxx * syy)) if sxx > 0 and syy > 0 else float("nan")


def _agreement(compared: pd.DataFrame, reps: np.ndarray, level: float) -> pd.DataFrame:
    rows = []
    tail = (1 - level) / 2 * 100
    weight = compared["weight"].to_numpy()
    tone = compared["coded_tone"].notna().to_numpy()
    if tone.sum() >= 3:
        x, y = compared["coded_tone"].to_numpy()[tone], compared["predicted_tone"].to_numpy(dtype=float)[tone]
        value = _weighted_r(x, y, weight[tone])
        boot = np.array([_weighted_r(x, y, r[tone]) for r in reps])
        rows.append(("tone_r", value, boot, int(tone.sum())))
    speaker = (compared["coded_speaker"] != "").to_numpy()
    if speaker.any():
        same = np.array([a.strip().lower() == str(b).strip().lower() for a, b in
                         zip(compared["coded_speaker"][speaker], compared["predicted_speaker"][speaker])], dtype=float)
        value = float(np.average(same, weights=weight[speaker]))
        boot = _div(reps[:, speaker] @ same, reps[:, speaker].sum(axis=1))
        rows.append(("speaker_accuracy", value, boot, int(speaker.sum())))
    out = []
    for measure, value, boot, n in rows:
        boot = boot[~np.isnan(boot)]
        low, high = np.percentile(boot, [tail, 100 - tail]) if len(boot) and not np.isnan(value) else (np.nan, np.nan)
        out.append({"measure": measure, "value": value, "low": low, "high": high, "n_coded": n})
    return pd.DataFrame(out, columns=["measure", "value", "low", "high", "n_coded"])


def validate_sheet(sheet: pd.DataFrame, labels: pd.DataFrame, *, topics: list[str], n_boot: int = 1000,
                   seed: int = 0, level: float = 0.95, method: str = "smoothed") -> Validation:
    """Score a coded sheet against the labels: corpus-level estimates with intervals.

    Parameters
    ----------
    sheet : pandas.DataFrame
        A coding sheet (:func:`read_sheet`), coded.
    labels : pandas.DataFrame
        Sentence labels of (at least) the sheet's documents: ``doc_id``, ``sent_id``, ``text``,
        ``topics`` and, to score coded tone and speaker, ``tone`` and ``speaker``.
    topics : list of str
        The taxonomy's topics.
    n_boot, seed, level, method
        As for :func:`estimate_scores`.

    Returns
    -------
    Validation

    Raises
    ------
    SheetError
        When the sheet does not match the labels (:func:`check_sheet`), has an unknown topic or a
        bad tone, or has no coded row.

    Examples
    --------
    >>> labels = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [1, 2], "text": ["Tariffs.", "Rain."],
    ...                        "topics": ["trade", ""]})
    >>> sheet = draw_sample(labels.assign(primary_topic=["trade", "none"]), n=2)
    >>> sheet["topics"] = ["trade" if t == "Tariffs." else "none" for t in sheet["text"]]
    >>> validate_sheet(sheet, labels, topics=["trade"]).report[["topic", "f1", "f1_low", "f1_high"]].values.tolist()
    [['trade', 1.0, 1.0, 1.0]]
    """
    matched = check_sheet(sheet, labels)
    rows, skipped = coded_rows(sheet, topics=topics)
    if not len(rows):
        raise SheetError(f"no row of the coding sheet is coded yet ({skipped} rows): fill the topics column")
    predicted = matched.loc[rows.index]
    strata = rows["stratum"].to_numpy(dtype=object)
    sizes = rows["stratum_size"].to_numpy(dtype=float)
    report = estimate_scores(rows["gold"].tolist(), predicted["topics"].tolist(), strata, sizes, topics=topics,
                             n_boot=n_boot, seed=seed, level=level, method=method)
    counts = pd.Series(strata).map(pd.Series(strata).value_counts()).to_numpy(dtype=float)
    order = {t: i for i, t in enumerate(topics)}
    compared = rows.assign(
        coded_topics=[";".join(sorted(g, key=order.get)) or "none" for g in rows["gold"]],
        predicted_topics=predicted["topics"].to_numpy(dtype=object),
        predicted_primary=(predicted["primary_topic"].to_numpy(dtype=object) if "primary_topic" in predicted
                           else np.array([next(iter(sorted(t)), "none") for t in split_topics(predicted["topics"])],
                                         dtype=object)),
        predicted_tone=predicted["tone"].to_numpy(dtype=float) if "tone" in predicted else np.nan,
        predicted_speaker=predicted["speaker"].fillna("").to_numpy(dtype=object) if "speaker" in predicted else "",
        weight=sizes / counts,
    )
    reps = _replicate_multipliers(strata, sizes, n_boot=n_boot, seed=seed) * compared["weight"].to_numpy()
    return Validation(report, _agreement(compared, reps, level), compared, skipped)


def sample_corpus(corpus, *, n: int = 400, seed: int = 0, taxonomy=None, text_column: str = "text",
                  id_column: str = "doc_id", duplicates: str = "drop") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load a corpus, label its sentences' topics and :func:`draw_sample` from them.

    Returns the sheet and the corpus's load report.
    """
    from .corpus import load_corpus
    from .text import split_sentences
    from .topics import TopicLabeler, label_sentences

    labeler = TopicLabeler(taxonomy).fit()
    documents, report = load_corpus(corpus, text_column=text_column, id_column=id_column, duplicates=duplicates)
    labels = label_sentences(split_sentences(documents), labeler=labeler, evidence=False)
    return draw_sample(labels, n=n, seed=seed), report


def validate_corpus(sheet: pd.DataFrame, corpus, *, taxonomy=None, actors=None, text_column: str = "text",
                    id_column: str = "doc_id", duplicates: str = "drop", n_boot: int = 1000,
                    seed: int = 0) -> Validation:
    """Load a corpus, label the documents the sheet names and :func:`validate_sheet`."""
    from .corpus import load_corpus
    from .pipeline import Labelers, label_sentence_table

    labelers = Labelers.build(taxonomy=taxonomy, actors=actors)
    documents, _ = load_corpus(corpus, text_column=text_column, id_column=id_column, duplicates=duplicates)
    wanted = documents[documents["doc_id"].isin(set(sheet["doc_id"].astype(str)))]
    labels = label_sentence_table(wanted, labelers=labelers)
    return validate_sheet(sheet, labels, topics=list(labelers.topics.topics_), n_boot=n_boot, seed=seed)


def supervised_comparison(compared: pd.DataFrame, *, taxonomy=None, min_rows: int = 30, n_splits: int = 5,
                          seed: int = 0) -> tuple[pd.DataFrame | None, str]:
    """Cross-validated F1 of classifiers trained on the coded sentences vs the taxonomy.

    Target: each coded sentence's first topic (taxonomy order of the coded set; ``none`` when
    empty). Models: tf-idf + logistic regression; the taxonomy's topic scores
    (:class:`analysis.topics.TopicLabeler`) + logistic regression; and the taxonomy with no
    training (its primary topic). Scores are over the coded sentences (unweighted), for comparing
    the models, not corpus-level estimates.

    Returns
    -------
    (table, message)
        ``table`` (F1 per label and model, with a ``macro`` row) or None when the sample is too
        small: fewer than ``min_rows`` coded sentences, or fewer than two labels with ``n_splits``
        sentences each; ``message`` says which.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    from .topics import TopicLabeler

    order = {t: i for i, t in enumerate(TopicLabeler(taxonomy).fit().topics_)}
    target = np.array([min(g, key=lambda t: order.get(t, len(order))) if g else "none"
                       for g in compared["gold"]], dtype=object)
    counts = pd.Series(target).value_counts()
    if len(target) < min_rows or int((counts >= n_splits).sum()) < 2:
        return None, (f"Not enough coded sentences to train a classifier: {len(target)} coded, "
                      f"{int((counts >= n_splits).sum())} label(s) with at least {n_splits} sentences "
                      f"(needed: {min_rows} coded and two such labels). Code more sentences to compare.")
    texts = np.asarray(compared["text"], dtype=object)
    folds = KFold(n_splits=n_splits, shuffle=True, random_state=seed)
    models = {
        "tf-idf + logistic regression": make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000)),
        "taxonomy scores + logistic regression": make_pipeline(TopicLabeler(taxonomy),
                                                               LogisticRegression(max_iter=1000)),
    }
    predictions = {name: cross_val_predict(model, texts, target, cv=folds) for name, model in models.items()}
    predictions["taxonomy (no training)"] = compared["predicted_primary"].to_numpy(dtype=object)
    names = sorted(set(target))
    table = pd.DataFrame({name: label_scores(target, predicted, names)["f1"] for name, predicted in predictions.items()})
    return table, (f"{n_splits}-fold cross-validated F1 on {len(target)} coded sentences "
                   f"(first coded topic of each; unweighted)"
                   + (": with fewer than 200 sentences, read it as a rough guide." if len(target) < 200 else "."))


def plot_scores(report: pd.DataFrame, *, ax=None, title: str = "Topic labels against your coding"):
    """Per-topic F1 (corpus-level estimate) with its 95% interval; precision and recall as ticks.

    Builds and returns a :class:`matplotlib.figure.Figure` (or draws on ``ax``); a topic without an
    estimate is named with "no estimate".

    Examples
    --------
    >>> report = pd.DataFrame({"topic": ["health", "trade"], "f1": [0.8, float("nan")],
    ...     "f1_low": [0.7, float("nan")], "f1_high": [0.9, float("nan")], "precision": [0.9, float("nan")],
    ...     "recall": [0.7, float("nan")]})
    >>> fig = plot_scores(report)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['health', 'trade']
    """
    from matplotlib.figure import Figure

    if ax is None:
        fig = Figure(figsize=(8.0, 0.6 * len(report) + 1.6), dpi=100)
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    y = np.arange(len(report))[::-1]
    f1 = report["f1"].to_numpy(dtype=float)
    low = report["f1_low"].to_numpy(dtype=float)
    high = report["f1_high"].to_numpy(dtype=float)
    ok = ~np.isnan(f1)
    ax.errorbar(f1[ok], y[ok], xerr=[f1[ok] - np.nan_to_num(low[ok], nan=f1[ok]),
                                     np.nan_to_num(high[ok], nan=f1[ok]) - f1[ok]],
                fmt="o", color="#0072B2", ecolor="#0072B2", capsize=4, label="F1 (95% interval)")
    for column, marker, color in (("precision", "|", "#D55E00"), ("recall", "x", "#009E73")):
        if column in report.columns:
            values = report[column].to_numpy(dtype=float)
            keep = ~np.isnan(values)
            ax.plot(values[keep], y[keep], linestyle="none", marker=marker, color=color, markersize=9,
                    label=column)
    for yy, name in zip(y[~ok], report["topic"].to_numpy()[~ok]):
        ax.text(0.02, yy, "no estimate (never coded nor predicted)", va="center", fontsize=9, color="#444444")
    ax.set_yticks(y, report["topic"].tolist())
    ax.set_xlim(0, 1.02)
    ax.set_ylim(-0.7, len(report) - 0.3)
    ax.set_xlabel("corpus-level estimate")
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower left", bbox_to_anchor=(1.0, 0.0), frameon=False, fontsize=9)
    fig.subplots_adjust(left=0.16, right=0.78)
    return fig
