"""Measure labels against gold labels: per-topic scores, confusion tables.

Used by the validation notebook and the scripts in ``benchmarks/``. Topic sets
are written as ``;``-joined names (the ``topics`` column).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

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
