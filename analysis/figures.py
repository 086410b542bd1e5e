"""Regenerate every figure from a corpus: ``python -m analysis figures``.

:func:`build_figures` returns the figures by file name (the notebooks and tests
use it); :func:`make_figures` writes them with :func:`analysis.plots.save_figure`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from . import plots
from .config import FIGURES_DIR, RANDOM_SEED, SEEDS_DIR
from .emphasis import coverage, discover_topics, measure_by, topic_emphasis
from .pipeline import Analysis, analyse

__all__ = ["build_figures", "make_figures", "FIGURE_NAMES"]

#: File names written by :func:`make_figures`, in order, with what each shows.
FIGURE_NAMES = {
    "corpus_overview.png": "documents over time, their lengths, and the problems met while loading",
    "topic_emphasis.png": "each topic's share of the corpus's sentences, with 95% bootstrap intervals",
    "topic_emphasis_by_document.png": "each document's topic shares, stacked",
    "topic_emphasis_over_time.png": "each topic's share per period, with 95% intervals",
    "topic_flow.png": "the first document's topics paragraph by paragraph",
    "speaker_topics.png": "which speaker talks about which topic",
    "tone_by_topic.png": "the tone of the sentences of each primary topic",
    "tone_over_time.png": "the tone of the corpus per period",
    "stance_matrix.png": "the mean stance of each speaker towards each target",
    "top_evidence.png": "the terms that most often made a sentence match each topic",
    "coverage.png": "the share of sentences no topic claims, and candidate topics among them",
}


def build_figures(analysis: Analysis, *, n_boot: int = 1000, seed: int = RANDOM_SEED) -> dict[str, Figure]:
    """Build every figure of :data:`FIGURE_NAMES` from an :class:`~analysis.pipeline.Analysis`."""
    a = analysis
    topics, colors = a.topics, a.colors
    options = dict(n_boot=n_boot, seed=seed)
    first = a.documents["doc_id"].iloc[0]
    return {
        "corpus_overview.png": plots.plot_corpus_overview(a.documents, a.report),
        "topic_emphasis.png": plots.plot_topic_emphasis(
            topic_emphasis(a.sentences, a.documents, topics=topics, by="corpus", **options), colors=colors),
        "topic_emphasis_by_document.png": plots.plot_emphasis_by_document(
            topic_emphasis(a.sentences, a.documents, topics=topics, by="document", **options), a.documents,
            colors=colors),
        "topic_emphasis_over_time.png": plots.plot_emphasis_over_time(
            topic_emphasis(a.sentences, a.documents, topics=topics, by="period", **options), colors=colors),
        "topic_flow.png": plots.plot_topic_flow(a.sentences, topics, doc_id=first),
        "speaker_topics.png": plots.plot_speaker_topics(
            topic_emphasis(a.sentences, a.documents, topics=topics, by="speaker", **options)),
        "tone_by_topic.png": plots.plot_measure_by_group(
            measure_by(a.sentences, a.documents, measure="tone", by="topic", topics=topics, **options),
            colors=colors),
        "tone_over_time.png": plots.plot_measure_over_time(
            measure_by(a.sentences, a.documents, measure="tone", by="period", **options)),
        "stance_matrix.png": plots.plot_stance_matrix(a.sentences),
        "top_evidence.png": plots.plot_top_evidence(a.evidence, topics, colors=colors),
        "coverage.png": plots.plot_coverage(coverage(a.sentences, a.documents),
                                            discover_topics(a.sentences, seed=seed)),
    }


def default_figures_dir(corpus) -> Path:
    """Where ``figures`` writes without ``--out``: ``figures/`` of the repository for the seed corpus,
    ``figures-NAME`` in the current folder for any other corpus ``NAME`` (so the repository's
    figures are never overwritten by another corpus's).

    Examples
    --------
    >>> default_figures_dir(SEEDS_DIR) == FIGURES_DIR
    True
    >>> default_figures_dir("data/my_corpus.csv").name
    'figures-my_corpus'
    """
    path = Path(corpus)
    if path.resolve() == SEEDS_DIR.resolve():
        return FIGURES_DIR
    name = path.resolve().stem if path.is_file() or path.suffix else path.resolve().name
    return Path.cwd() / f"figures-{name or 'corpus'}"


def make_figures(corpus=SEEDS_DIR, out=None, *, taxonomy=None, text_column: str = "text",
                 id_column: str = "doc_id") -> tuple[list[Path], pd.DataFrame]:
    """Analyse ``corpus`` and write every figure into ``out``.

    ``out`` defaults to :func:`default_figures_dir`. Each figure is written to a
    hidden temporary file beside its place and all of them are moved into place
    only once every one is written, so a failed run leaves the old figures as
    they were.

    Returns
    -------
    written : list of Path
        The figure files, in :data:`FIGURE_NAMES` order.
    report : pandas.DataFrame
        The corpus load report.

    Raises
    ------
    analysis.corpus.CorpusError
        When no document could be read.
    analysis.outputs.OutputError
        When a figure cannot be written.
    """
    from contextlib import ExitStack

    from .outputs import atomic_output
    from .corpus import CorpusError

    analysis = analyse(corpus, taxonomy=taxonomy, text_column=text_column, id_column=id_column)
    if analysis.documents.empty:
        raise CorpusError(f"{corpus}: no document could be read")
    out = Path(out) if out is not None else default_figures_dir(corpus)
    figures = build_figures(analysis)
    written = []
    with ExitStack() as stack:  # every figure is moved into place when the stack closes without an error
        for name, fig in figures.items():
            tmp = stack.enter_context(atomic_output(out / name, suffix=".png"))
            plots.save_figure(fig, tmp)
            written.append(out / name)
    return written, analysis.report
