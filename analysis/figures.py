"""Regenerate every figure from a corpus: ``python -m analysis figures``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .config import FIGURES_DIR, SEEDS_DIR
from .corpus import load_corpus
from .plots import plot_topic_emphasis, save_figure, topic_colors
from .text import split_sentences
from .topics import TopicLabeler, document_topics, label_sentences

__all__ = ["make_figures", "FIGURE_NAMES"]

#: File names written by :func:`make_figures`, in order.
FIGURE_NAMES = ["topic_emphasis.png"]


def make_figures(corpus=SEEDS_DIR, out=FIGURES_DIR, *, taxonomy=None, text_column: str = "text",
                 id_column: str = "doc_id") -> tuple[list[Path], pd.DataFrame]:
    """Label ``corpus`` and write every figure into ``out``.

    Returns
    -------
    written : list of Path
        The figure files, in :data:`FIGURE_NAMES` order.
    report : pandas.DataFrame
        The corpus load report.
    """
    out = Path(out)
    documents, report = load_corpus(corpus, text_column=text_column, id_column=id_column)
    labeler = TopicLabeler(taxonomy).fit()
    colors = topic_colors(labeler.taxonomy_)
    topics = list(labeler.topics_)
    sentences = label_sentences(split_sentences(documents), labeler=labeler)
    doc_labels = document_topics(sentences, topics=topics, documents=documents)
    written = [save_figure(plot_topic_emphasis(doc_labels, topics, colors=colors), out / "topic_emphasis.png")]
    return written, report
