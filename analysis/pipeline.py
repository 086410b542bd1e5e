"""Wire the stages into the labelling pipeline used by the command line.

:func:`label_documents` takes a documents table and returns the labels at
document or sentence level; it is what ``python -m analysis label`` runs on
each chunk of a corpus.
"""

from __future__ import annotations

import pandas as pd

from .text import split_sentences
from .topics import TopicLabeler, document_topics, label_sentences

__all__ = ["label_documents", "LEVELS"]

LEVELS = ("document", "sentence")


def label_documents(
    documents: pd.DataFrame,
    *,
    level: str = "document",
    taxonomy=None,
    labeler: TopicLabeler | None = None,
) -> pd.DataFrame:
    """Label a documents table at document or sentence level.

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents table (see :mod:`analysis.corpus`).
    level : {'document', 'sentence'}
        ``document``: one row per input document, in input order, with
        ``doc_id``, a share column per topic, ``primary_topic``,
        ``n_sentences`` and ``coverage``. ``sentence``: one row per sentence
        with offsets, text, topic scores, ``topics``, ``primary_topic`` and
        ``evidence``.
    taxonomy : path, Taxonomy or None
        The taxonomy when no fitted ``labeler`` is given.
    labeler : TopicLabeler, optional
        A fitted labeler, reused across chunks.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "title": ["", ""],
    ...                      "text": ["Tariffs on steel exports rose.", ""]})
    >>> label_documents(docs)[["doc_id", "trade", "primary_topic"]].values.tolist()
    [['a', 1.0, 'trade'], ['b', 0.0, 'none']]
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if labeler is None:
        labeler = TopicLabeler(taxonomy).fit()
    sentences = split_sentences(documents)
    labels = label_sentences(sentences, labeler=labeler)
    if level == "sentence":
        return labels
    return document_topics(labels, topics=list(labeler.topics_), documents=documents)
