"""Figures: each function builds and returns a :class:`matplotlib.figure.Figure`.

Plot functions never show or save; they draw on a given ``ax`` where that
makes sense, or build a new figure. :func:`save_figure` writes a figure
byte-stably (fixed dpi, no software metadata). Every topic keeps one colour
across all figures (:func:`topic_colors`). A corpus of one document or one date
gets a marked point and a note instead of an empty or broken chart.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .emphasis import PERIODS
from .words import count_words

__all__ = [
    "topic_colors",
    "save_figure",
    "plot_topic_emphasis",
    "plot_emphasis_by_document",
    "plot_emphasis_over_time",
    "plot_topic_flow",
    "plot_speaker_topics",
    "plot_measure_by_group",
    "plot_measure_over_time",
    "plot_stance_matrix",
    "plot_top_evidence",
    "plot_coverage",
    "plot_corpus_overview",
    "FIGSIZE",
    "DPI",
]

FIGSIZE = (8.0, 4.5)
DPI = 100
#: Colours for topics without a colour of their own (colour-blind safe, Okabe-Ito).
FALLBACK_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NONE_COLOR = "#bdbdbd"
NOTE_STYLE = dict(ha="center", va="center", fontsize=10, color="#444444", wrap=True)


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


def _color(colors, name, i=0):
    return (colors or {}).get(name, FALLBACK_COLORS[i % len(FALLBACK_COLORS)])


def _note(ax, text, *, x=0.5, y=0.5, width=60):
    ax.text(x, y, textwrap.fill(text, width), transform=ax.transAxes, **NOTE_STYLE)


def _headroom_note(ax, n_rows, text):
    """Leave an empty band above ``n_rows`` horizontal bars and write ``text`` in it."""
    ax.set_ylim(-0.6, n_rows - 0.4 + 0.9)
    _note(ax, text, y=1 - 0.45 / (n_rows + 0.9))


def _clean(ax):
    ax.spines[["top", "right"]].set_visible(False)


def _short(label, width=28):
    label = str(label)
    return label if len(label) <= width else label[: width - 1] + "…"


def plot_topic_emphasis(summary: pd.DataFrame, *, colors: dict[str, str] | None = None, ax=None,
                        title: str = "Topic emphasis") -> Figure:
    """Bars of each topic's share of sentences, with 95% intervals, plus the unclaimed rest.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`analysis.emphasis.topic_emphasis` with ``by='corpus'``.

    Examples
    --------
    >>> s = pd.DataFrame({"group": "corpus", "measure": ["health", "trade"], "estimate": [0.5, 0.25],
    ...                   "lo": [0.4, 0.1], "hi": [0.6, 0.3], "n_docs": 3, "few_docs": True})
    >>> fig = plot_topic_emphasis(s)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['health', 'trade', 'no topic']
    """
    fig, ax = _new_axes(ax)
    names = summary["measure"].tolist()
    values = summary["estimate"].fillna(0).to_numpy()
    rest = max(0.0, 1.0 - float(values.sum()))
    y = np.arange(len(names) + 1)[::-1]
    palette = [_color(colors, t, i) for i, t in enumerate(names)] + [NONE_COLOR]
    ax.barh(y, list(values) + [rest], color=palette, height=0.65)
    lo, hi = summary["lo"].to_numpy(), summary["hi"].to_numpy()
    n = int(summary["n_docs"].max()) if len(summary) else 0
    has_ci = np.isfinite(lo) & np.isfinite(hi) & (n > 1)
    if has_ci.any():
        err = np.vstack([values - lo, hi - values])[:, has_ci]
        ax.errorbar(values[has_ci], y[:-1][has_ci], xerr=np.clip(err, 0, None), fmt="none", ecolor="#333333",
                    capsize=3, lw=1)
    for yi, v, top in zip(y, list(values) + [rest], list(np.where(has_ci, hi, values)) + [rest]):
        ax.text(top + 0.01, yi, f"{v:.0%}", va="center", fontsize=9)
    ax.set_yticks(y, names + ["no topic"])
    ax.set_xlim(0, max(list(np.where(has_ci, hi, values)) + [rest, 0.1]) * 1.2)
    ax.set_xlabel("Share of sentences (a sentence with several topics is split between them)")
    note = " — few documents: wide intervals" if len(summary) and summary["few_docs"].any() and n > 1 else ""
    ax.set_title(f"{title} ({n} document{'s' if n != 1 else ''}){note}")
    if n == 1:
        _headroom_note(ax, len(names) + 1, "One document: no interval (it would need several documents to resample).")
    _clean(ax)
    return fig


def plot_emphasis_by_document(summary: pd.DataFrame, documents: pd.DataFrame, *,
                              colors: dict[str, str] | None = None, max_documents: int = 30, ax=None) -> Figure:
    """Stacked bars: each document's topic shares (the most recent ``max_documents``).

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`analysis.emphasis.topic_emphasis` with ``by='document'``.
    documents : pandas.DataFrame
        The documents table (for titles and dates).
    """
    fig, ax = _new_axes(ax, figsize=(8.0, 5.0))
    wide = summary.pivot(index="group", columns="measure", values="estimate")
    topics = list(dict.fromkeys(summary["measure"]))
    docs = documents.set_index("doc_id").reindex(wide.index)
    order = docs.assign(_d=docs["date"]).sort_values(["_d"], kind="stable", na_position="first").index
    order = list(order)[-max_documents:]
    wide = wide.reindex(order)[topics].fillna(0)
    shown_docs = docs.reindex(order)
    dates = [pd.Timestamp(v).strftime("%Y-%m-%d") if pd.notna(v) else "undated" for v in shown_docs["date"]]
    labels = [f"{day}  {_short(t if t else d, 34)}" for d, t, day in zip(order, shown_docs["title"].fillna(""), dates)]
    y = np.arange(len(order))[::-1]
    left = np.zeros(len(order))
    for i, topic in enumerate(topics):
        ax.barh(y, wide[topic].to_numpy(), left=left, color=_color(colors, topic, i), label=topic, height=0.7)
        left += wide[topic].to_numpy()
    ax.barh(y, np.clip(1 - left, 0, None), left=left, color=NONE_COLOR, label="no topic", height=0.7)
    ax.set_yticks(y, labels, fontsize=8 if len(order) > 12 else 9)
    ax.set_xlim(0, 1)
    ax.set_xlabel("Share of the document's sentences")
    shown = (f"the {len(order)} most recent of {summary['group'].nunique()}" if len(wide) < summary["group"].nunique()
             else f"{len(order)}")
    title = f"Topic emphasis per document ({shown} document{'s' if len(order) != 1 else ''})"
    ax.set_title(title, **({"fontsize": 10} if len(title) > 50 else {}))  # long: smaller, so it is not cut off
    if len(fig.axes) == 1:  # a figure of its own: the legend goes below, across the whole figure
        fig.legend(loc="outside lower center", ncols=min(len(topics) + 1, 6), frameon=False, fontsize=9)
    else:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=min(len(topics) + 1, 6), frameon=False,
                  fontsize=9)
    _clean(ax)
    return fig


#: The first day of each period, as :func:`analysis.emphasis.assign_period` gives it (weeks start on Monday).
_PERIOD_STARTS = {"D": "D", "W": "W-MON", "M": "MS", "Y": "YS"}


def _time_axis(ax, period):
    """Date ticks that do not overlap: a few ticks, labelled concisely, not rotated."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    # day ticks name their month ("Dec 22", not "22"), so a day is never read in the wrong month;
    # the year shows on January's tick (month ticks) or once at the axis end (day ticks)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(
        locator, formats=["%Y", "%b", "%b %d", "%H:%M", "%H:%M", "%S.%f"],
        offset_formats=["", "", "%Y", "%Y-%b-%d", "%Y-%b-%d", "%Y-%b-%d %H:%M"]))
    ax.set_xlabel(f"Period ({PERIODS.get(period, period)})")


def _every_period(part: pd.DataFrame, period: str) -> pd.DataFrame:
    """``part`` (one row per period, ``group`` the period's start) with a row of NaN for each
    period without documents between the first and the last, so that lines break there
    instead of bridging the gap."""
    if period not in _PERIOD_STARTS or part.empty:
        return part
    starts = pd.date_range(part["group"].min(), part["group"].max(), freq=_PERIOD_STARTS[period])
    if not part["group"].isin(starts).all():  # not period starts: leave the table as it is
        return part
    return part.set_index("group").reindex(starts).rename_axis("group").reset_index()


def _isolated(part: pd.DataFrame) -> np.ndarray:
    """Rows of ``part`` (see :func:`_every_period`) with an estimate but none on either side:
    a line draws them as a lone marker and their band is empty, so they get an error bar."""
    known = part["estimate"].notna().to_numpy()
    before = np.r_[False, known[:-1]]
    after = np.r_[known[1:], False]
    return known & ~before & ~after


def _period_line(ax, part: pd.DataFrame, *, color, alpha: float, **style) -> None:
    """One measure over the periods: a line broken at periods without documents, its
    shaded interval, and an error bar on each period that stands alone."""
    ax.plot(part["group"], part["estimate"], marker="o", ms=3, color=color, lw=1.5, **style)
    ax.fill_between(part["group"], part["lo"], part["hi"], color=color, alpha=alpha, lw=0)
    alone = part[_isolated(part)]
    if len(alone) and len(alone) < part["estimate"].notna().sum():
        ax.errorbar(alone["group"], alone["estimate"], yerr=_yerr(alone), fmt="none", ecolor=color, alpha=0.6,
                    capsize=3, lw=1)


def plot_emphasis_over_time(summary: pd.DataFrame, *, colors: dict[str, str] | None = None, ax=None) -> Figure:
    """Each topic's share per period, with a shaded 95% interval.

    With one period only, each topic is a marked point with its interval and a
    note says there is no trend to show.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`analysis.emphasis.topic_emphasis` with ``by='period'``.
    """
    fig, ax = _new_axes(ax)
    period = summary.attrs.get("period", "")
    topics = list(dict.fromkeys(summary["measure"]))
    periods = sorted(summary["group"].dropna().unique())
    if len(periods) == 0:
        _note(ax, "No dated documents: emphasis over time cannot be drawn.")
        ax.set_axis_off()
    elif len(periods) == 1:
        part = summary[summary["group"] == periods[0]]
        x = np.arange(len(topics))
        est = part.set_index("measure").reindex(topics)
        ax.errorbar(x, est["estimate"], yerr=_yerr(est), fmt="none", ecolor="#555555", capsize=4)
        ax.scatter(x, est["estimate"], s=80, c=[_color(colors, t, i) for i, t in enumerate(topics)], zorder=3,
                   clip_on=False)
        ax.set_xticks(x, topics)
        ax.set_xlim(-0.5, len(topics) - 0.5)
        top = max(1e-9, float(np.nanmax(est[["estimate", "hi"]].to_numpy(dtype=float)))) * 1.3 + 0.05
        ax.set_ylim(-0.02 * top, top)
        day = pd.Timestamp(periods[0]).strftime("%Y-%m-%d")
        _note(ax, f"All documents fall in one {PERIODS.get(period, 'period')} (from {day}): no trend to show.",
              y=0.92)
        ax.set_xlabel("Topic")
    else:
        for i, topic in enumerate(topics):
            part = _every_period(summary[summary["measure"] == topic].sort_values("group"), period)
            _period_line(ax, part, color=_color(colors, topic, i), alpha=0.15, label=topic)
        few = summary.groupby("group")["few_docs"].first()
        if few.any():
            ax.plot(few.index[few], np.zeros(int(few.sum())), "|", color="#777777", ms=10, mew=1.5,
                    label="few documents", clip_on=False)
        ax.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        _time_axis(ax, period)
        ax.set_ylim(bottom=0)
    ax.set_ylabel("Share of sentences")
    ax.set_title(f"Topic emphasis over time, per {PERIODS.get(period, 'period')} (95% intervals)")
    _clean(ax)
    return fig


def _yerr(frame):
    est = frame["estimate"].to_numpy(dtype=float)
    lo = frame["lo"].to_numpy(dtype=float)
    hi = frame["hi"].to_numpy(dtype=float)
    err = np.vstack([est - lo, hi - est])
    return np.clip(np.nan_to_num(err, nan=0.0), 0, None)


def plot_topic_flow(labels: pd.DataFrame, topics: list[str], *, doc_id: str | None = None, ax=None,
                    title: str | None = None) -> Figure:
    """Heatmap of one article: paragraphs (rows, in reading order) by topic.

    A cell is the topic's share of the paragraph's sentences; paragraph 0 is the
    title.
    """
    from .emphasis import topic_units

    doc_id = doc_id if doc_id is not None else labels["doc_id"].iloc[0]
    part = labels[labels["doc_id"] == doc_id]
    units = pd.DataFrame(topic_units(part, topics), columns=topics)
    units["paragraph_id"] = part["paragraph_id"].to_numpy()
    grid = units.groupby("paragraph_id").mean()
    height = min(9.0, 1.6 + 0.38 * len(grid))
    fig, ax = _new_axes(ax, figsize=(7.0, max(3.0, height)))
    image = ax.imshow(grid.to_numpy(), aspect="auto", cmap="Blues", vmin=0, vmax=1, interpolation="nearest")
    for (r, c), v in np.ndenumerate(grid.to_numpy()):
        if v > 0:
            ax.text(c, r, f"{v:.0%}", ha="center", va="center", fontsize=8, color="white" if v > 0.6 else "#222222")
    ax.set_xticks(np.arange(len(topics)), topics)
    ax.set_yticks(np.arange(len(grid)), ["title" if p == 0 else f"¶ {p}" for p in grid.index])
    ax.set_xlabel("Topic")
    ax.set_ylabel("Paragraph (reading order)")
    ax.set_title(title or f"Topic flow through the article {_short(doc_id, 30)}")
    fig.colorbar(image, ax=ax, label="Share of the paragraph's sentences", shrink=0.8)
    return fig


def _name(value, empty="(no speaker)"):
    return str(value) if str(value).strip() else empty


def _heatmap(ax, grid: pd.DataFrame, *, cmap, vmin, vmax, fmt, counts: pd.DataFrame | None = None):
    image = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap=cmap, vmin=vmin, vmax=vmax,
                      interpolation="nearest")
    values = grid.to_numpy(dtype=float)
    for (r, c), v in np.ndenumerate(values):
        if np.isnan(v):
            continue
        text = fmt(v) + (f"\n(n={int(counts.iat[r, c])})" if counts is not None else "")
        if vmin < 0 < vmax:  # diverging: white text on either dark end
            strong = abs(v - (vmin + vmax) / 2) > 0.35 * (vmax - vmin)
        else:  # sequential: white text on the dark end only
            strong = v > vmin + 0.6 * (vmax - vmin)
        ax.text(c, r, text, ha="center", va="center", fontsize=8, color="white" if strong else "#222222")
    ax.set_xticks(np.arange(grid.shape[1]), [_short(c, 22) for c in grid.columns])
    ax.set_yticks(np.arange(grid.shape[0]), [_short(i, 28) for i in grid.index])
    return image


def plot_speaker_topics(summary: pd.DataFrame, *, max_speakers: int = 12, ax=None) -> Figure:
    """Heatmap: speakers (rows) by topic, each cell the share of that speaker's sentences.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`analysis.emphasis.topic_emphasis` with ``by='speaker'``.
    """
    grid = summary.pivot(index="group", columns="measure", values="estimate")
    grid = grid[list(dict.fromkeys(summary["measure"]))]
    docs = summary.groupby("group")["n_docs"].first()
    # the speakers heard in most documents first (ties: most topical, then by name)
    order = pd.DataFrame({"docs": docs.reindex(grid.index), "share": grid.sum(axis=1), "name": grid.index.astype(str)})
    order = order.sort_values(["docs", "share", "name"], ascending=[False, False, True], kind="stable")
    grid = grid.loc[order.index[:max_speakers]]
    fig, ax = _new_axes(ax, figsize=(8.0, max(3.0, 1.4 + 0.45 * len(grid))))
    if grid.empty:
        _note(ax, "No speakers found.")
        ax.set_axis_off()
        return fig
    image = _heatmap(ax, grid, cmap="Blues", vmin=0, vmax=1, fmt=lambda v: f"{v:.0%}")
    ax.set_yticks(np.arange(len(grid)), [f"{_short(_name(s), 26)} ({docs[s]} doc{'s' if docs[s] != 1 else ''})"
                                         for s in grid.index])
    ax.set_xlabel("Topic")
    shown = f" (the {len(grid)} heard in most documents)" if len(docs) > len(grid) else ""
    ax.set_title(f"Who speaks about what: share of each speaker's sentences per topic{shown}", fontsize=10)
    fig.colorbar(image, ax=ax, label="Share of the speaker's sentences", shrink=0.8)
    return fig


def plot_measure_by_group(summary: pd.DataFrame, *, colors: dict[str, str] | None = None, ax=None,
                          title: str = "Tone by topic", xlabel: str = "Tone (-1 negative .. +1 positive)") -> Figure:
    """Horizontal bars of a measure (tone, stance) per group, with 95% intervals.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`analysis.emphasis.measure_by` output (e.g. ``by='topic'``).
    """
    fig, ax = _new_axes(ax)
    groups = summary["group"].astype(str).tolist()
    values = summary["estimate"].fillna(0).to_numpy()
    y = np.arange(len(groups))[::-1]
    ax.barh(y, values, color=[_color(colors, g, i) for i, g in enumerate(groups)], height=0.6)
    one_doc = len(summary) > 0 and int(summary["n_docs"].max()) <= 1
    if not one_doc:
        ax.errorbar(values, y, xerr=_yerr(summary), fmt="none", ecolor="#333333", capsize=3, lw=1)
    ax.axvline(0, color="#666666", lw=0.8)
    names = ["no topic" if g == "none" else _name(g, "(none)") for g in groups]
    ax.set_yticks(y, [f"{g} ({n} doc{'s' if n != 1 else ''})" for g, n in zip(names, summary["n_docs"])])
    ax.set_xlim(-1, 1)
    ax.set_xlabel(xlabel)
    ax.set_title(title + " (word-weighted, 95% intervals)")
    if one_doc:
        _headroom_note(ax, len(groups), "One document: no intervals.")
    _clean(ax)
    return fig


def plot_measure_over_time(summary: pd.DataFrame, *, ax=None, title: str = "Tone over time",
                           ylabel: str = "Tone (-1 negative .. +1 positive)", color: str = "#0072B2") -> Figure:
    """A measure (tone, stance) per period with a shaded 95% interval.

    One period gives a marked point with its interval and a note.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`analysis.emphasis.measure_by` with ``by='period'``.
    """
    fig, ax = _new_axes(ax)
    period = summary.attrs.get("period", "")
    part = summary.dropna(subset=["group"]).sort_values("group")
    if part.empty:
        _note(ax, "No dated documents: this measure cannot be drawn over time.")
        ax.set_axis_off()
    elif len(part) == 1:
        width = _yerr(part)
        ax.errorbar([0], part["estimate"], yerr=width if width.any() else None, fmt="o", ms=9, color=color,
                    capsize=5)
        day = pd.Timestamp(part["group"].iloc[0]).strftime("%Y-%m-%d")
        ax.set_xticks([0], [day])
        ax.set_xlim(-1, 1)
        _note(ax, f"All documents fall in one {PERIODS.get(period, 'period')}: no trend to show.", y=0.9)
        ax.set_xlabel(f"Period ({PERIODS.get(period, period)})")
    else:
        _period_line(ax, _every_period(part, period), color=color, alpha=0.2)
        _time_axis(ax, period)
    if not part.empty:
        ax.axhline(0, color="#666666", lw=0.8)
        ax.set_ylim(-1, 1)
        ax.set_ylabel(ylabel)
    ax.set_title(f"{title}, per {PERIODS.get(period, 'period')} (word-weighted, 95% intervals)")
    _clean(ax)
    return fig


def plot_stance_matrix(labels: pd.DataFrame, *, max_rows: int = 10, ax=None) -> Figure:
    """Heatmap: speaker (rows) -> stance target (columns), mean stance of the sentences.

    Only sentences with a target count; cells show the mean stance (-1
    critical .. +1 cooperative) and the number of sentences.
    """
    part = labels[labels["stance_target"].fillna("").ne("")]
    fig, ax = _new_axes(ax, figsize=(8.0, 4.5))
    if part.empty:
        _note(ax, "No sentence has a stance target: nothing to draw.")
        ax.set_axis_off()
        ax.set_title("Stance: who is cooperative or critical towards whom")
        return fig
    grouped = part.groupby(["speaker", "stance_target"])["stance"]
    mean = grouped.mean().unstack()
    count = grouped.size().unstack()
    rows = count.sum(axis=1).sort_values(ascending=False, kind="stable").index[:max_rows]
    cols = count.sum(axis=0).sort_values(ascending=False, kind="stable").index[:max_rows]
    mean, count = mean.loc[rows, cols], count.loc[rows, cols].fillna(0)
    mean.index = [_name(s) for s in mean.index]
    ax.set_facecolor("#d9d9d9")  # pairs without sentences: grey, not the white of a neutral stance
    image = _heatmap(ax, mean, cmap="RdBu", vmin=-1, vmax=1, fmt=lambda v: f"{v:+.2f}", counts=count)
    for label in ax.get_xticklabels():
        label.set_rotation(20)
        label.set_ha("right")
    ax.set_xlabel("Target (spoken of)")
    ax.set_ylabel("Speaker")
    ax.set_title("Stance: who is cooperative (+) or critical (−) towards whom")
    fig.colorbar(image, ax=ax, label="Mean stance of the sentences (grey: no sentence)", shrink=0.8)
    return fig


def plot_top_evidence(evidence: pd.DataFrame, topics: list[str], *, colors: dict[str, str] | None = None,
                      n_terms: int = 8) -> Figure:
    """Small multiples: the most frequent matched terms of each topic.

    Parameters
    ----------
    evidence : pandas.DataFrame
        :func:`analysis.topics.topic_evidence` (one row per matched term).
    """
    ncols = 2
    nrows = int(np.ceil(len(topics) / ncols)) or 1
    fig = Figure(figsize=(8.0, 2.2 * nrows + 0.6), dpi=DPI, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for i, topic in enumerate(topics):
        ax = axes[i]
        counts = evidence.loc[evidence["topic"] == topic, "key"].value_counts()
        counts = counts.reset_index().sort_values(["count", "key"], ascending=[False, True], kind="stable")
        counts = counts.head(n_terms)
        ax.set_title(topic, color=_color(colors, topic, i), fontsize=11, loc="left")
        if counts.empty:
            _note(ax, "no evidence in this corpus")
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        y = np.arange(len(counts))[::-1]
        ax.barh(y, counts["count"], color=_color(colors, topic, i), height=0.7)
        ax.set_yticks(y, [_short(k, 26) for k in counts["key"]], fontsize=8)
        _integer_ticks(ax.xaxis)
        _clean(ax)
    for ax in axes[len(topics):]:
        ax.set_axis_off()
    fig.supxlabel("Occurrences as evidence (in sentences that matched the topic)", fontsize=9)
    fig.suptitle("Top evidence terms per topic")
    return fig


def plot_coverage(cov: pd.DataFrame, candidates: pd.DataFrame, *, max_documents: int = 30) -> Figure:
    """Left: the share of each document's sentences no topic claims. Right: candidate topics.

    Parameters
    ----------
    cov : pandas.DataFrame
        :func:`analysis.emphasis.coverage` (its last row is the corpus).
    candidates : pandas.DataFrame
        :func:`analysis.emphasis.discover_topics`.
    """
    fig = Figure(figsize=(9.0, 4.5), dpi=DPI, layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.3])
    docs = cov[cov["doc_id"] != "(corpus)"]
    corpus_share = float(cov.loc[cov["doc_id"] == "(corpus)", "unclaimed_share"].iloc[0]) if len(cov) else 0.0
    shown = docs.sort_values(["unclaimed_share", "doc_id"], ascending=[False, True], kind="stable").head(max_documents)
    y = np.arange(len(shown))[::-1]
    left.barh(y, shown["unclaimed_share"], color=NONE_COLOR, height=0.7)
    left.axvline(corpus_share, color="#D55E00", lw=1.2, ls="--")
    left.text(corpus_share, 0.99, f" corpus: {corpus_share:.0%}", color="#D55E00", fontsize=8,
              transform=left.get_xaxis_transform(), va="top")
    left.set_yticks(y, [_short(d, 18) for d in shown["doc_id"]], fontsize=8 if len(shown) > 12 else 9)
    left.set_xlim(0, 1)
    left.set_xlabel("Share of sentences no topic claims")
    left.set_title("Coverage gaps per document" + (f" (top {len(shown)})" if len(docs) > len(shown) else ""),
                   fontsize=10)
    if corpus_share == 0 and len(docs):
        _note(left, "Every sentence is claimed by a topic.", y=0.15)
    _clean(left)
    right.set_axis_off()
    right.set_title("Candidate topics among unclaimed sentences (NMF)", fontsize=10)
    if candidates.empty:
        _note(right, "Too few unclaimed sentences to discover candidate topics. "
                     "The taxonomy covers this corpus, or the corpus is small.")
    else:
        lines = []
        for row in candidates.itertuples(index=False):
            lines.append(f"{row.candidate}. ({row.n_sentences} sentences) " + textwrap.shorten(row.top_terms, 60))
        right.text(0.0, 0.95, "\n\n".join(lines), transform=right.transAxes, va="top", fontsize=9, family="monospace",
                   wrap=True)
    fig.suptitle("What the taxonomy misses")
    return fig


def plot_corpus_overview(documents: pd.DataFrame, report: pd.DataFrame) -> Figure:
    """Three panels: documents over time, document lengths, and load problems."""
    from .emphasis import assign_period, choose_period

    fig = Figure(figsize=(10.0, 3.8), dpi=DPI, layout="constrained")
    ax_time, ax_len, ax_prob = fig.subplots(1, 3, width_ratios=[1.3, 1, 1.2])
    dates = pd.to_datetime(documents["date"]).dropna()
    period = choose_period(dates)
    if dates.empty:
        _note(ax_time, "No document has a date.", width=30)
        ax_time.set_axis_off()
    else:
        counts = assign_period(dates, period).value_counts().sort_index()
        if len(counts) == 1:
            ax_time.plot([0], counts.to_numpy(), "o", ms=10, color="#0072B2")
            ax_time.set_xticks([0], [counts.index[0].strftime("%Y-%m-%d")])
            ax_time.set_xlim(-1, 1)
            ax_time.set_ylim(0, counts.iloc[0] * 1.6 + 1)
            _note(ax_time, f"All dated documents fall in one {PERIODS[period]}.", y=0.88, width=30)
        else:
            ax_time.bar(counts.index, counts.to_numpy(), width=_bar_width(period), color="#0072B2")
            _time_axis(ax_time, period)
        _integer_ticks(ax_time.yaxis)
        ax_time.set_ylabel("Documents")
        ax_time.set_xlabel(f"Period ({PERIODS[period]})")
    undated = int(documents["date"].isna().sum())
    ax_time.set_title(f"Documents over time ({len(documents)}; {undated} undated)", fontsize=10)
    _clean(ax_time)

    words = count_words(documents["text"].tolist())
    if len(words) <= 1:
        ax_len.plot(words, np.zeros(len(words)), "o", ms=10, color="#009E73")
        ax_len.set_yticks([])
        if len(words):
            ax_len.set_xlim(0, words[0] * 2 + 10)
        _note(ax_len, "One document: its length is marked.", y=0.8, width=30)
    else:
        ax_len.hist(words, bins=min(30, max(5, len(words) // 5)), color="#009E73")
        _integer_ticks(ax_len.yaxis)
        _integer_ticks(ax_len.xaxis)
        ax_len.set_ylabel("Documents")
    ax_len.set_xlabel("Length (words)")
    ax_len.set_title("Document lengths" + (f" (median {int(np.median(words))})" if len(words) else ""), fontsize=10)
    _clean(ax_len)

    if report.empty:
        _note(ax_prob, "No load problems: every input was read.", width=30)
        ax_prob.set_axis_off()
    else:
        column = "kind" if "kind" in report.columns else "problem"
        kinds = report[column].astype(str).str.replace(r"['\"].*?['\"]", "…", regex=True).rename("problem")
        counts = kinds.value_counts().reset_index().sort_values(["count", "problem"], ascending=[False, True],
                                                                kind="stable").head(8)
        y = np.arange(len(counts))[::-1]
        ax_prob.barh(y, counts["count"], color="#D55E00", height=0.7)
        ax_prob.set_yticks(y, [_wrap_label(k) for k in counts["problem"]], fontsize=8)
        _integer_ticks(ax_prob.xaxis)
        ax_prob.set_xlabel("Reported inputs")
        _clean(ax_prob)
    ax_prob.set_title(f"Load problems ({len(report)})", fontsize=10)
    fig.suptitle("Corpus overview")
    return fig


def _integer_ticks(axis) -> None:
    """Ticks at whole numbers only, on an axis of counts (matplotlib's default locator is a
    :class:`~matplotlib.ticker.MaxNLocator`: keep its other settings)."""
    from matplotlib.ticker import MaxNLocator

    locator = axis.get_major_locator()
    if isinstance(locator, MaxNLocator):
        locator.set_params(integer=True)
    else:
        axis.set_major_locator(MaxNLocator(integer=True))


def _wrap_label(label, *, width: int = 24, lines: int = 2) -> str:
    """A long tick label on at most ``lines`` lines of ``width`` characters, cut with an ellipsis.

    Examples
    --------
    >>> _wrap_label("duplicate document: same text as … in another file")
    'duplicate document: same\\ntext as … in another …'
    """
    return textwrap.fill(" ".join(str(label).split()), width, max_lines=lines, placeholder=" …")


def _bar_width(period):
    return {"D": 0.8, "W": 5, "M": 25, "Y": 300}[period]
