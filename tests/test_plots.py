"""Tests of analysis.plots: every figure is checked by its content (titles, bars, labels, colours, notes)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from PIL import Image

from analysis import plots
from analysis.emphasis import coverage, discover_topics, measure_by, topic_emphasis
from analysis.topics import load_taxonomy, taxonomy_from_dict

TOPICS = ["health", "trade"]
COLORS = plots.topic_colors(load_taxonomy())


def make_labels() -> pd.DataFrame:
    """Seven sentences in four documents over two months (document ``e`` has none)."""
    texts = ["Health care now", "Tariffs and health rules", "Nothing here", "Tariffs rose", "Quiet day in town",
             "Health", "Vaccines and tariffs"]
    return pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "c", "d", "d"],
        "sent_id": [0, 1, 2, 0, 0, 0, 1],
        "paragraph_id": [0, 1, 2, 0, 0, 0, 1],
        "start": [0, 16, 41, 0, 0, 0, 7],
        "end": [15, 40, 53, 12, 17, 6, 27],
        "text": texts,
        "health": [2.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0],
        "trade": [0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0],
        "topics": ["health", "health;trade", "", "trade", "", "health", "health;trade"],
        "primary_topic": ["health", "trade", "none", "trade", "none", "health", "health"],
        "tone": [0.5, -1.0, 0.0, 1.0, -0.25, 0.25, 0.5],
        "speaker": ["Tokayev", "Wang Yi", "Tokayev", "Wang Yi", "narrator", "Tokayev", "narrator"],
        "stance": [0.0, 0.5, 0.0, -0.5, 0.0, 1.0, 0.0],
        "stance_target": ["", "China", "", "China", "", "Kazakhstan", ""],
    })


def make_documents() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "b", "c", "d", "e"],
        "date": pd.to_datetime(["2020-01-01", "2020-01-02", "2020-03-01", "2020-02-10", "2020-01-03"]),
        "title": ["Health care now", "Tariffs rose", "Quiet day in town", "Health", ""],
        "text": ["Health care now\n\nTariffs and health rules. Nothing here.", "Tariffs rose", "Quiet day in town",
                 "Health\n\nVaccines and tariffs", ""],
        "source": ["wire", "paper", "wire", "paper", "paper"],
        "path": ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"],
    })


@pytest.fixture
def labels():
    return make_labels()


@pytest.fixture
def documents():
    return make_documents()


@pytest.fixture
def one_doc():
    """Document ``a`` alone: one document, one date."""
    labels = make_labels()
    documents = make_documents()
    return labels[labels["doc_id"] == "a"].reset_index(drop=True), documents[documents["doc_id"] == "a"].reset_index(
        drop=True)


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def note_of(ax, words: str) -> str:
    """The one text of ``ax`` that contains ``words`` (notes are wrapped: compare without line breaks)."""
    found = [t for t in texts(ax) if words in " ".join(t.split())]
    assert len(found) == 1, texts(ax)
    return found[0]


def ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


def bar_colors(ax) -> list[tuple]:
    return [tuple(p.get_facecolor()) for p in ax.patches]


def rgba(color) -> tuple:
    return tuple(to_rgba(color))


# --- colours and saving ----------------------------------------------------------------


def test_topic_colors_use_the_taxonomy_and_a_fallback_for_the_rest():
    taxonomy = taxonomy_from_dict({
        "health": {"terms": {"health": 1.0}, "color": "#123456"},
        "sport": {"terms": {"football": 1.0}},
        "weather": {"terms": {"rain": 1.0}},
    })
    colors = plots.topic_colors(taxonomy)
    assert colors == {"health": "#123456", "sport": plots.FALLBACK_COLORS[0], "weather": plots.FALLBACK_COLORS[1],
                      "none": plots.NONE_COLOR}


def test_default_taxonomy_topics_have_distinct_colours():
    topics = load_taxonomy().names
    assert len({COLORS[t] for t in topics}) == len(topics)
    assert COLORS["none"] not in {COLORS[t] for t in topics}


def test_save_figure_is_byte_stable_without_software_metadata(labels, documents, tmp_path):
    fig = plots.plot_topic_emphasis(topic_emphasis(labels, documents, topics=TOPICS, by="corpus", n_boot=50),
                                    colors=COLORS)
    first = plots.save_figure(fig, tmp_path / "one" / "emphasis.png")
    second = plots.save_figure(fig, tmp_path / "two.png")
    assert first == tmp_path / "one" / "emphasis.png"
    assert first.read_bytes() == second.read_bytes()
    with Image.open(first) as image:
        assert image.format == "PNG"
        assert "Software" not in image.info
        assert image.size == (int(plots.FIGSIZE[0] * plots.DPI), int(plots.FIGSIZE[1] * plots.DPI))


def test_same_figure_built_twice_saves_the_same_bytes(labels, documents, tmp_path):
    paths = []
    for name in ("x.png", "y.png"):
        summary = topic_emphasis(labels, documents, topics=TOPICS, by="period", period="M", n_boot=50)
        paths.append(plots.save_figure(plots.plot_emphasis_over_time(summary, colors=COLORS), tmp_path / name))
    assert paths[0].read_bytes() == paths[1].read_bytes()


# --- topic emphasis --------------------------------------------------------------------


def test_topic_emphasis_bars_labels_and_colours(labels, documents):
    summary = topic_emphasis(labels, documents, topics=TOPICS, by="corpus", n_boot=100)
    fig = plots.plot_topic_emphasis(summary, colors=COLORS)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title().startswith("Topic emphasis (5 documents)")
    assert "Share of sentences" in ax.get_xlabel()
    assert ticks(ax.get_yticklabels()) == ["health", "trade", "no topic"]
    assert len(ax.patches) == 3
    assert bar_colors(ax) == [rgba(COLORS["health"]), rgba(COLORS["trade"]), rgba(plots.NONE_COLOR)]
    # bar lengths are the shares; the rest is the unclaimed share: health 3/7, trade 2/7, none 2/7
    widths = [p.get_width() for p in ax.patches]
    assert widths == pytest.approx([3 / 7, 2 / 7, 2 / 7])
    assert [t for t in texts(ax) if t.endswith("%")] == ["43%", "29%", "29%"]


def test_topic_emphasis_of_one_document_has_a_note_and_no_interval(one_doc):
    labels, documents = one_doc
    fig = plots.plot_topic_emphasis(topic_emphasis(labels, documents, topics=TOPICS, by="corpus", n_boot=50),
                                    colors=COLORS)
    ax = fig.axes[0]
    assert "(1 document)" in ax.get_title()
    note_of(ax, "One document: no interval")
    assert len(ax.patches) == 3
    assert not ax.collections  # no zero-width interval bars


# --- per document ----------------------------------------------------------------------


def test_emphasis_by_document_stacks_each_document(labels, documents):
    summary = topic_emphasis(labels, documents, topics=TOPICS, by="document")
    fig = plots.plot_emphasis_by_document(summary, documents, colors=COLORS)
    ax = fig.axes[0]
    assert ax.get_title() == "Topic emphasis per document (5 documents)"
    assert len(ax.patches) == 5 * (len(TOPICS) + 1)
    # oldest at the top: a (01-01), b (01-02), e (01-03), d (02-10), c (03-01)
    labels_shown = ticks(ax.get_yticklabels())
    assert [label.split()[0] for label in labels_shown] == ["2020-01-01", "2020-01-02", "2020-01-03", "2020-02-10",
                                                           "2020-03-01"]
    assert "Health care now" in labels_shown[0]
    assert labels_shown[2].endswith("e")  # no title: the doc_id
    legend = fig.legends[0]  # below the axes, across the figure
    assert ticks(legend.get_texts()) == ["health", "trade", "no topic"]
    health_bars = ax.containers[0].patches
    assert {tuple(p.get_facecolor()) for p in health_bars} == {rgba(COLORS["health"])}
    assert ax.get_xlabel() == "Share of the document's sentences"


def test_emphasis_by_document_shows_the_most_recent(labels, documents):
    summary = topic_emphasis(labels, documents, topics=TOPICS, by="document")
    ax = plots.plot_emphasis_by_document(summary, documents, colors=COLORS, max_documents=2).axes[0]
    assert ax.get_title() == "Topic emphasis per document (the 2 most recent of 5 documents)"
    assert [label.split()[0] for label in ticks(ax.get_yticklabels())] == ["2020-02-10", "2020-03-01"]


# --- over time -------------------------------------------------------------------------


def test_emphasis_over_time_draws_one_coloured_line_per_topic(labels, documents):
    summary = topic_emphasis(labels, documents, topics=TOPICS, by="period", period="M", n_boot=50, min_docs=2)
    fig = plots.plot_emphasis_over_time(summary, colors=COLORS)
    ax = fig.axes[0]
    assert ax.get_title() == "Topic emphasis over time, per month (95% intervals)"
    assert ax.get_xlabel() == "Period (month)"
    assert ax.get_ylabel() == "Share of sentences"
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert rgba(lines["health"].get_color()) == rgba(COLORS["health"])
    assert rgba(lines["trade"].get_color()) == rgba(COLORS["trade"])
    assert len(lines["health"].get_xdata()) == 3  # January, February, March
    # February and March hold one document each: marked as few
    assert len(lines["few documents"].get_xdata()) == 2
    assert ticks(ax.get_legend().get_texts()) == ["health", "trade", "few documents"]


def test_emphasis_over_time_of_one_date_marks_points_with_a_note(one_doc):
    labels, documents = one_doc
    summary = topic_emphasis(labels, documents, topics=TOPICS, by="period", n_boot=50)
    ax = plots.plot_emphasis_over_time(summary, colors=COLORS).axes[0]
    note = note_of(ax, "All documents fall in one day")
    assert "2020-01-01" in note
    assert ticks(ax.get_xticklabels()) == TOPICS
    points = ax.collections[-1]
    assert [tuple(c) for c in points.get_facecolors()] == [rgba(COLORS["health"]), rgba(COLORS["trade"])]
    assert points.get_offsets()[:, 1].tolist() == pytest.approx([1.5 / 3, 0.5 / 3])


def test_emphasis_over_time_without_dates_is_a_note(labels, documents):
    undated = documents.assign(date=pd.NaT)
    summary = topic_emphasis(labels, undated, topics=TOPICS, by="period", n_boot=0)
    ax = plots.plot_emphasis_over_time(summary, colors=COLORS).axes[0]
    note_of(ax, "No dated documents")


def test_measure_over_time(labels, documents):
    summary = measure_by(labels, documents, measure="tone", by="period", period="M", n_boot=50)
    ax = plots.plot_measure_over_time(summary).axes[0]
    assert ax.get_title() == "Tone over time, per month (word-weighted, 95% intervals)"
    assert ax.get_ylabel() == "Tone (-1 negative .. +1 positive)"
    assert ax.get_ylim() == (-1, 1)
    assert ax.get_lines()[0].get_ydata().tolist() == pytest.approx(summary["estimate"].tolist())


def test_measure_over_time_of_one_date_and_of_none(one_doc, labels, documents):
    one_labels, one_docs = one_doc
    ax = plots.plot_measure_over_time(measure_by(one_labels, one_docs, measure="tone", by="period",
                                                 n_boot=50)).axes[0]
    note_of(ax, "All documents fall in one day")
    assert ticks(ax.get_xticklabels()) == ["2020-01-01"]
    empty = measure_by(labels, documents.assign(date=pd.NaT), measure="tone", by="period", n_boot=0)
    ax = plots.plot_measure_over_time(empty).axes[0]
    note_of(ax, "No dated documents")


# --- measures by group -----------------------------------------------------------------


def test_measure_by_topic_bars(labels, documents):
    summary = measure_by(labels, documents, measure="tone", by="topic", topics=TOPICS, n_boot=50)
    fig = plots.plot_measure_by_group(summary, colors=COLORS)
    ax = fig.axes[0]
    assert ax.get_title() == "Tone by topic (word-weighted, 95% intervals)"
    assert ax.get_xlabel() == "Tone (-1 negative .. +1 positive)"
    assert ticks(ax.get_yticklabels()) == ["health (2 docs)", "trade (2 docs)", "no topic (2 docs)"]
    assert bar_colors(ax) == [rgba(COLORS["health"]), rgba(COLORS["trade"]), rgba(plots.NONE_COLOR)]
    assert [p.get_width() for p in ax.patches] == pytest.approx(summary["estimate"].tolist())
    assert ax.get_xlim() == (-1, 1)


def test_measure_by_group_of_one_document_has_a_note(one_doc):
    labels, documents = one_doc
    summary = measure_by(labels, documents, measure="tone", by="topic", topics=TOPICS, n_boot=50)
    ax = plots.plot_measure_by_group(summary, colors=COLORS).axes[0]
    note_of(ax, "One document: no intervals")
    assert ticks(ax.get_yticklabels()) == ["health (1 doc)", "trade (1 doc)", "no topic (1 doc)"]


# --- heatmaps --------------------------------------------------------------------------


def test_topic_flow_cells_are_paragraph_shares(labels):
    fig = plots.plot_topic_flow(labels, TOPICS, doc_id="a")
    ax = fig.axes[0]
    assert ax.get_title() == "Topic flow through the article a"
    assert ticks(ax.get_xticklabels()) == TOPICS
    assert ticks(ax.get_yticklabels()) == ["title", "¶ 1", "¶ 2"]
    assert ax.images[0].get_array().tolist() == [[1.0, 0.0], [0.5, 0.5], [0.0, 0.0]]
    assert sorted(texts(ax)) == ["100%", "50%", "50%"]


def test_speaker_topics_heatmap(labels, documents):
    summary = topic_emphasis(labels, documents, topics=TOPICS, by="speaker", n_boot=0)
    ax = plots.plot_speaker_topics(summary).axes[0]
    assert "Who speaks about what" in ax.get_title()
    assert ticks(ax.get_xticklabels()) == TOPICS
    # rows by total share: Wang Yi (0.25 + 0.75), Tokayev (2/3 + 0), narrator (0.25 + 0.25)
    assert ticks(ax.get_yticklabels()) == ["Wang Yi (2 docs)", "Tokayev (2 docs)", "narrator (2 docs)"]
    np.testing.assert_allclose(np.asarray(ax.images[0].get_array()), [[0.25, 0.75], [2 / 3, 0.0], [0.25, 0.25]])


def test_speaker_topics_without_speakers_is_a_note():
    empty = pd.DataFrame({"group": pd.Series(dtype="str"), "measure": pd.Series(dtype="str"),
                          "estimate": pd.Series(dtype="float64"), "n_docs": pd.Series(dtype="int64")})
    ax = plots.plot_speaker_topics(empty).axes[0]
    note_of(ax, "No speakers found")


def test_stance_matrix_cells_are_mean_stance_with_counts(labels):
    ax = plots.plot_stance_matrix(labels).axes[0]
    assert "cooperative" in ax.get_title() and "critical" in ax.get_title()
    assert ax.get_xlabel() == "Target (spoken of)" and ax.get_ylabel() == "Speaker"
    assert ticks(ax.get_yticklabels()) == ["Wang Yi", "Tokayev"]
    assert ticks(ax.get_xticklabels()) == ["China", "Kazakhstan"]
    grid = np.ma.filled(ax.images[0].get_array().astype(float), np.nan)
    assert grid[0, 0] == 0.0 and grid[1, 1] == 1.0
    assert np.isnan(grid[0, 1]) and np.isnan(grid[1, 0])
    # a pair without sentences shows the grey background, not the white of a neutral stance
    assert ax.get_facecolor() != rgba("white")
    assert sorted(texts(ax)) == ["+0.00\n(n=2)", "+1.00\n(n=1)"]


def test_stance_matrix_without_targets_is_a_note(labels):
    ax = plots.plot_stance_matrix(labels.assign(stance_target="")).axes[0]
    note_of(ax, "No sentence has a stance target")
    assert not ax.images


# --- evidence, coverage, overview ------------------------------------------------------


def evidence_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "a", "b", "d", "d"],
        "sent_id": [0, 1, 0, 0, 1],
        "topic": ["health", "trade", "trade", "health", "trade"],
        "term": ["Health", "Tariffs", "Tariffs", "Health", "tariffs"],
        "key": ["health", "tariffs", "tariffs", "health", "tariffs"],
        "start": [0, 16, 0, 0, 18],
        "end": [6, 23, 7, 6, 25],
        "weight": [1.0] * 5,
    })


def test_top_evidence_panels_per_topic():
    topics = ["health", "trade", "investment"]
    fig = plots.plot_top_evidence(evidence_frame(), topics, colors=COLORS)
    assert fig.get_suptitle() == "Top evidence terms per topic"
    health, trade, investment, spare = fig.axes
    assert [ax.get_title(loc="left") for ax in (health, trade, investment)] == topics
    assert rgba(trade._left_title.get_color()) == rgba(COLORS["trade"])
    assert ticks(trade.get_yticklabels()) == ["tariffs"]
    assert [p.get_width() for p in trade.patches] == [3]
    assert bar_colors(trade) == [rgba(COLORS["trade"])]
    assert bar_colors(health) == [rgba(COLORS["health"])]
    # no evidence: a note, not an empty chart or an error
    note_of(investment, "no evidence")
    assert not investment.patches
    assert not spare.axison


def test_top_evidence_with_no_evidence_at_all():
    empty = evidence_frame().iloc[0:0]
    fig = plots.plot_top_evidence(empty, TOPICS, colors=COLORS)
    for ax in fig.axes[:2]:
        note_of(ax, "no evidence")


def test_coverage_bars_and_candidates(labels, documents):
    cov = coverage(labels, documents)
    candidates = pd.DataFrame({"candidate": [1, 2], "top_terms": ["rain, river, flood", "match, team, goal"],
                               "n_sentences": [7, 4], "examples": ["Rain fell.", "The team won."]})
    fig = plots.plot_coverage(cov, candidates)
    left, right = fig.axes
    assert fig.get_suptitle() == "What the taxonomy misses"
    # documents by unclaimed share, highest first: c (1), a (1/3), then b, d, e (0) by doc_id
    assert ticks(left.get_yticklabels()) == ["c", "a", "b", "d", "e"]
    assert [p.get_width() for p in left.patches] == pytest.approx([1, 1 / 3, 0, 0, 0])
    assert "corpus: 29%" in " ".join(texts(left))  # 2 of 7 sentences
    shown = " ".join(texts(right))
    assert "1. (7 sentences) rain, river, flood" in shown and "2. (4 sentences) match, team, goal" in shown


def test_coverage_without_candidates_is_a_note(labels, documents):
    candidates = discover_topics(labels)
    assert candidates.empty
    fig = plots.plot_coverage(coverage(labels, documents), candidates)
    note_of(fig.axes[1], "Too few unclaimed sentences")


def load_report(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source", "line", "problem"])


def test_corpus_overview_panels(documents):
    report = load_report([("x.csv:3", 3, "date 'soon' is not a date"), ("x.csv:9", 9, "date 'later' is not a date"),
                          ("y.txt", 0, "file is empty")])
    fig = plots.plot_corpus_overview(documents, report)
    ax_time, ax_len, ax_prob = fig.axes
    assert fig.get_suptitle() == "Corpus overview"
    assert ax_time.get_title() == "Documents over time (5; 0 undated)"
    assert ax_time.get_xlabel() == "Period (week)"  # the dates span 60 days
    assert sum(p.get_height() for p in ax_time.patches) == 5
    assert ax_len.get_title().startswith("Document lengths")
    assert ax_prob.get_title() == "Load problems (3)"
    assert ticks(ax_prob.get_yticklabels()) == ["date … is not a date", "file is empty"]
    assert [p.get_width() for p in ax_prob.patches] == [2, 1]


def test_corpus_overview_of_one_document(one_doc):
    _, documents = one_doc
    fig = plots.plot_corpus_overview(documents, load_report([]))
    ax_time, ax_len, ax_prob = fig.axes
    note_of(ax_time, "All dated documents fall in one day")
    assert ticks(ax_time.get_xticklabels()) == ["2020-01-01"]
    assert ax_time.get_lines()[0].get_ydata().tolist() == [1]
    note_of(ax_len, "One document")
    assert ax_len.get_lines()[0].get_xdata().tolist() == [9]  # words of document a
    note_of(ax_prob, "No load problems")


def test_corpus_overview_without_dates(documents):
    fig = plots.plot_corpus_overview(documents.assign(date=pd.NaT), load_report([]))
    note_of(fig.axes[0], "No document has a date")
    assert fig.axes[0].get_title() == "Documents over time (5; 5 undated)"


# --- one colour per topic across figures ----------------------------------------------


def test_each_topic_keeps_its_colour_across_figures(labels, documents):
    emphasis = plots.plot_topic_emphasis(topic_emphasis(labels, documents, topics=TOPICS, by="corpus", n_boot=0),
                                         colors=COLORS).axes[0]
    by_doc = plots.plot_emphasis_by_document(topic_emphasis(labels, documents, topics=TOPICS, by="document"),
                                             documents, colors=COLORS).axes[0]
    over_time = plots.plot_emphasis_over_time(
        topic_emphasis(labels, documents, topics=TOPICS, by="period", period="M", n_boot=0), colors=COLORS).axes[0]
    tone = plots.plot_measure_by_group(
        measure_by(labels, documents, measure="tone", by="topic", topics=["trade", "health"], n_boot=0),
        colors=COLORS).axes[0]
    evidence = plots.plot_top_evidence(evidence_frame(), ["trade", "health"], colors=COLORS).axes
    for i, topic in enumerate(TOPICS):
        expected = rgba(COLORS[topic])
        assert bar_colors(emphasis)[i] == expected
        assert tuple(by_doc.containers[i].patches[0].get_facecolor()) == expected
        assert rgba(next(line for line in over_time.get_lines() if line.get_label() == topic).get_color()) == expected
        assert bar_colors(tone)[["trade", "health"].index(topic)] == expected
        assert bar_colors(evidence[["trade", "health"].index(topic)]) == [expected]


def test_plots_do_not_mutate_their_inputs(labels, documents):
    before_labels, before_docs = labels.copy(), documents.copy()
    summary = topic_emphasis(labels, documents, topics=TOPICS, by="document")
    before_summary = summary.copy()
    plots.plot_emphasis_by_document(summary, documents, colors=COLORS)
    plots.plot_topic_flow(labels, TOPICS)
    plots.plot_stance_matrix(labels)
    pd.testing.assert_frame_equal(labels, before_labels)
    pd.testing.assert_frame_equal(documents, before_docs)
    pd.testing.assert_frame_equal(summary, before_summary)


# --- real corpora: gaps, integer counts, dates that do not overlap, labels that fit ----------


def dated_corpus(months: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two one-sentence documents on the 5th and 20th of each month (``'YYYY-MM'``)."""
    docs, rows = [], []
    for m, month in enumerate(months):
        for k, day in enumerate(("05", "20")):
            doc_id = f"{month}-{day}"
            health = float((m + k) % 2)
            docs.append({"doc_id": doc_id, "date": pd.Timestamp(f"{month}-{day}"), "title": "", "text": "x",
                         "source": "wire", "path": ""})
            rows.append({"doc_id": doc_id, "sent_id": 1, "paragraph_id": 1, "start": 0, "end": 1, "text": "x",
                         "health": health, "trade": 1.0 - health, "topics": "health" if health else "trade",
                         "primary_topic": "health" if health else "trade", "tone": 0.5 - health,
                         "speaker": "narrator", "stance": 0.0, "stance_target": ""})
    documents = pd.DataFrame(docs)
    documents["date"] = documents["date"].astype("datetime64[ns]")
    return pd.DataFrame(rows), documents


# January to April 2020, nothing from May to August, then September 2020 alone, then 2021's first months
GAP_MONTHS = ["2020-01", "2020-02", "2020-03", "2020-04", "2020-09", "2021-01", "2021-02", "2021-03"]


def drawn(fig):
    """The figure drawn by Agg, so that text extents and ticks are final; and its renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def visible_tick_labels(ax, axis="x"):
    """The tick labels drawn: with text, at a tick inside the axis limits."""
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    lo, hi = sorted(ax.get_xlim() if axis == "x" else ax.get_ylim())
    at = (lambda t: t.get_position()[0]) if axis == "x" else (lambda t: t.get_position()[1])
    span = 1e-9 * max(1.0, abs(hi - lo))
    return [t for t in labels if t.get_visible() and t.get_text() and lo - span <= at(t) <= hi + span]


def test_emphasis_over_time_breaks_its_lines_at_months_without_documents():
    labels, documents = dated_corpus(GAP_MONTHS)
    summary = topic_emphasis(labels, documents, topics=TOPICS, by="period", period="M", n_boot=20, min_docs=2)
    ax = plots.plot_emphasis_over_time(summary, colors=COLORS).axes[0]
    line = {line.get_label(): line for line in ax.get_lines()}["health"]
    x = pd.to_datetime(pd.Series(line.get_xdata()))
    y = np.asarray(line.get_ydata(), dtype=float)
    assert len(x) == 15  # every month from January 2020 to March 2021
    empty = x.dt.strftime("%Y-%m").isin(["2020-05", "2020-06", "2020-07", "2020-08", "2020-10", "2020-12"])
    assert np.isnan(y[empty.to_numpy()]).all()
    assert np.isfinite(y[x.dt.strftime("%Y-%m").isin(GAP_MONTHS).to_numpy()]).all()
    # the interval band has the same gaps: no polygon spans May to August
    for band in ax.collections:
        for path in getattr(band, "get_paths", lambda: [])():
            xs = path.vertices[:, 0]
            if len(xs):
                assert not (xs.min() < plots_date("2020-05-01") and xs.max() > plots_date("2020-08-31"))


def plots_date(day: str) -> float:
    from matplotlib.dates import date2num

    return float(date2num(pd.Timestamp(day)))


def test_measure_over_time_breaks_at_gaps_and_marks_a_lone_period():
    labels, documents = dated_corpus(GAP_MONTHS)
    summary = measure_by(labels, documents, measure="tone", by="period", period="M", n_boot=20)
    ax = plots.plot_measure_over_time(summary).axes[0]
    line = ax.get_lines()[0]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert len(y) == 15 and int(np.isnan(y).sum()) == 15 - len(GAP_MONTHS)
    # September 2020 stands alone (no neighbour on either side): its interval is an error bar
    bars = [c for c in ax.collections if c.__class__.__name__ == "LineCollection"]
    assert len(bars) == 1 and len(bars[0].get_segments()) == 1
    assert bars[0].get_segments()[0][0][0] == pytest.approx(plots_date("2020-09-01"))


def test_gap_free_periods_draw_one_unbroken_line(labels, documents):
    summary = measure_by(labels, documents, measure="tone", by="period", period="M", n_boot=20)
    ax = plots.plot_measure_over_time(summary).axes[0]
    assert not np.isnan(np.asarray(ax.get_lines()[0].get_ydata(), dtype=float)).any()
    assert not [c for c in ax.collections if c.__class__.__name__ == "LineCollection"]  # no lone period


@pytest.mark.parametrize("months", [GAP_MONTHS, [f"{y}-{m:02d}" for y in (2019, 2020, 2021) for m in range(1, 13)]])
def test_date_ticks_do_not_overlap(months):
    labels, documents = dated_corpus(months)
    figures = [
        plots.plot_emphasis_over_time(topic_emphasis(labels, documents, topics=TOPICS, by="period", period="M",
                                                     n_boot=0), colors=COLORS).axes[0],
        plots.plot_measure_over_time(measure_by(labels, documents, measure="tone", by="period", period="M",
                                                n_boot=0)).axes[0],
        plots.plot_corpus_overview(documents, load_report([])).axes[0],
    ]
    for ax in figures:
        renderer = drawn(ax.figure)
        shown = visible_tick_labels(ax)
        assert 3 <= len(shown) <= 8, ticks(shown)
        boxes = sorted((t.get_window_extent(renderer) for t in shown), key=lambda b: b.x0)
        for left, right in zip(boxes, boxes[1:]):
            assert left.x1 < right.x0, ticks(shown)
        assert all(t.get_rotation() == 0 for t in shown)
        assert any(t.get_text() == str(int(months[0][:4]) + 1) for t in shown), ticks(shown)  # a year is named


def test_day_ticks_name_their_month():
    days = pd.date_range("2021-12-20", "2022-01-12", freq="D")
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(days))], "date": days, "title": "",
                              "text": "x", "source": "", "path": ""})
    ax = plots.plot_corpus_overview(documents, load_report([])).axes[0]
    drawn(ax.figure)
    shown = ticks(visible_tick_labels(ax))
    assert ax.get_xlabel() == "Period (day)"
    assert any(t.startswith("Dec ") for t in shown) and any(t.startswith("Jan") for t in shown), shown


def test_count_axes_have_integer_ticks():
    labels, documents = dated_corpus(GAP_MONTHS)
    # 16 documents of 1 to 16 words: at most 4 in a histogram bin, where matplotlib would tick 0.5s
    documents = documents.assign(text=[" ".join(["word"] * (i + 1)) for i in range(len(documents))])
    report = load_report([("x.csv:3", 3, "unparseable date 'soon'")] * 3 + [("y.txt", 0, "file is empty")])
    fig = plots.plot_corpus_overview(documents, report)
    drawn(fig)
    ax_time, ax_len, ax_prob = fig.axes
    for values in (ax_time.get_yticks(), ax_len.get_yticks(), ax_len.get_xticks(), ax_prob.get_xticks()):
        assert len(values) >= 2 and np.array_equal(values, np.round(values)), values
    evidence = pd.DataFrame({"topic": ["health"] * 3 + ["trade"], "key": ["vaccine", "vaccine", "clinic", "tariff"]})
    top = plots.plot_top_evidence(evidence, TOPICS, colors=COLORS)
    drawn(top)
    for ax in top.axes[:2]:
        assert np.array_equal(ax.get_xticks(), np.round(ax.get_xticks())), ax.get_xticks()


def inside(fig, renderer, text) -> bool:
    box = text.get_window_extent(renderer)
    figure = fig.bbox
    return box.x0 >= figure.x0 - 0.5 and box.x1 <= figure.x1 + 0.5 and box.y0 >= figure.y0 - 0.5 \
        and box.y1 <= figure.y1 + 0.5


def test_long_load_problems_are_wrapped_with_an_ellipsis_inside_the_figure(documents):
    problems = ["malformed CSV row: Expected 5 fields in line 7, saw 9 because a quote was never closed",
                "a JSON line is not an object but a list of numbers and strings",
                "missing or malformed header line (expected ' date YYYY-MM-DD Title')", "file is empty"]
    report = load_report([(f"f{i}.csv", i, p) for i, p in enumerate(problems)])
    fig = plots.plot_corpus_overview(documents, report)
    renderer = drawn(fig)
    ax_prob = fig.axes[2]
    shown = visible_tick_labels(ax_prob, "y")
    assert len(shown) == 4
    for text in shown:
        assert inside(fig, renderer, text), text.get_text()
        assert all(len(line) <= 24 for line in text.get_text().split("\n")) and text.get_text().count("\n") <= 1
    long = [t.get_text() for t in shown if t.get_text().startswith("malformed CSV")]
    assert long == ["malformed CSV row:\nExpected 5 fields in …"]
    assert "file is empty" in ticks(shown)


def test_report_with_kind_column_is_drawn_by_kind(documents):
    report = pd.DataFrame({"source": ["a.csv", "a.csv", "b.csv"], "line": [2, 3, 4],
                           "kind": ["duplicate", "duplicate", "empty-text"],
                           "message": ["same text as 'x'", "same text as 'y'", "no text"]})
    ax_prob = plots.plot_corpus_overview(documents, report).axes[2]
    assert ticks(ax_prob.get_yticklabels()) == ["duplicate", "empty-text"]
    assert [p.get_width() for p in ax_prob.patches] == [2, 1]


def test_every_text_fits_in_the_figures_of_a_larger_corpus():
    labels, documents = dated_corpus([f"{y}-{m:02d}" for y in (2019, 2020) for m in range(1, 13)])
    documents = documents.assign(title=[f"A rather long headline about talks, trade and vaccines, number {i}"
                                        for i in range(len(documents))])
    figures = [
        plots.plot_emphasis_by_document(topic_emphasis(labels, documents, topics=TOPICS, by="document", n_boot=0),
                                        documents, colors=COLORS),
        plots.plot_emphasis_over_time(topic_emphasis(labels, documents, topics=TOPICS, by="period", n_boot=0),
                                      colors=COLORS),
        plots.plot_measure_over_time(measure_by(labels, documents, measure="tone", by="period", n_boot=0)),
        plots.plot_corpus_overview(documents, load_report([("x.csv", 3, "unparseable date 'a very long value' "
                                                                          "that goes on and on")])),
    ]
    assert figures[0].axes[0].get_title() == "Topic emphasis per document (the 30 most recent of 48 documents)"
    for fig in figures:
        renderer = drawn(fig)
        for ax in fig.axes:
            for text in [ax.title, ax.xaxis.label, ax.yaxis.label, *visible_tick_labels(ax),
                         *visible_tick_labels(ax, "y")]:
                if text.get_text():
                    assert inside(fig, renderer, text), text.get_text()
