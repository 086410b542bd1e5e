"""Figures: each function builds and returns a :class:`matplotlib.figure.Figure`.

Plot functions never show or save; :func:`save_figure` writes a figure
byte-stably (fixed dpi, no software or date metadata). Every topic keeps one
colour across all figures (:func:`topic_colors`).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot can be imported anywhere; plots never need a screen

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

__all__ = ["topic_colors", "save_figure", "plot_topic_emphasis", "FIGSIZE", "DPI"]

FIGSIZE = (8.0, 4.5)
DPI = 100
#: Colours for topics without a colour of their own (colour-blind safe, Okabe-Ito).
FALLBACK_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NONE_COLOR = "#bdbdbd"


def topic_colors(taxonomy) -> dict[str, str]:
    """One colour per topic: the taxonomy's ``color`` or a fixed fallback.

    Examples
    --------
    >>> from analysis.topics import load_taxonomy
    >>> topic_colors(load_taxonomy())["health"]
    '#1b9e77'
    """
    colors, k = {}, 0
    for topic in taxonomy.topics:
        if topic.color:
            colors[topic.name] = topic.color
        else:
            colors[topic.name] = FALLBACK_COLORS[k % len(FALLBACK_COLORS)]
            k += 1
    colors["none"] = NONE_COLOR
    return colors


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` as PNG without volatile metadata, so the bytes are stable."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    return path


def _new_axes(ax=None, figsize=FIGSIZE):
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    return fig, fig.add_subplot()


def plot_topic_emphasis(doc_labels: pd.DataFrame, topics: list[str], *, colors: dict[str, str] | None = None,
                        ax=None, title: str = "Topic emphasis") -> Figure:
    """Bar chart of topic shares, averaged over documents, with the unclaimed rest.

    Parameters
    ----------
    doc_labels : pandas.DataFrame
        Document labels (:func:`analysis.topics.document_topics`): one share
        column per topic.
    topics : list of str
        Topic columns, in the order to draw.
    colors : dict, optional
        Topic to colour (:func:`topic_colors`).

    Examples
    --------
    >>> labels = pd.DataFrame({"doc_id": ["a"], "health": [0.5], "trade": [0.25]})
    >>> fig = plot_topic_emphasis(labels, ["health", "trade"])
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['health', 'trade', 'no topic']
    """
    fig, ax = _new_axes(ax)
    colors = colors or {}
    shares = doc_labels[topics].mean(axis=0) if len(doc_labels) else pd.Series(0.0, index=topics)
    values = list(shares.to_numpy()) + [max(0.0, 1.0 - float(shares.sum()))]
    names = list(topics) + ["no topic"]
    palette = [colors.get(t, FALLBACK_COLORS[i % len(FALLBACK_COLORS)]) for i, t in enumerate(topics)] + [NONE_COLOR]
    y = np.arange(len(names))[::-1]
    ax.barh(y, values, color=palette, height=0.65)
    ax.set_yticks(y, names)
    for yi, v in zip(y, values):
        ax.text(v + 0.01, yi, f"{v:.0%}", va="center", fontsize=9)
    ax.set_xlim(0, max(values + [0.1]) * 1.18)
    ax.set_xlabel("Share of sentences (a sentence with several topics is split between them)")
    n = len(doc_labels)
    ax.set_title(f"{title} ({n} document{'s' if n != 1 else ''})")
    ax.spines[["top", "right"]].set_visible(False)
    return fig
