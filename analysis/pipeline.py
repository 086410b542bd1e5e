"""Wire the stages into one pipeline, used by the command line and the notebooks.

``corpus -> text -> topics, tone, actors -> stance``: :func:`label_sentence_table`
runs the stages on a documents table and returns the sentence labels;
:func:`label_documents` gives the labels at document or sentence level (what
``python -m analysis label`` writes for each chunk); :func:`analyse` loads a
corpus and returns every table the figures and notebooks need.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from dataclasses import dataclass
from itertools import chain
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import pandas as pd

from .actors import Actors, load_actors
from .corpus import DOCUMENT_COLUMNS, check_unique_ids, documents_from_frame, load_corpus
from .cues import StanceCues, load_stance_cues
from .speakers import speaker_columns
from .stance import document_stance, stance_columns
from .text import add_columns, split_sentences
from .words import Words
from .tone import ToneScorer, document_tone, tone_columns
from .topics import TopicLabeler, document_topics, topic_columns, topic_evidence

__all__ = ["Labelers", "label_sentence_table", "label_documents", "label_chunks", "chunks_by_volume",
           "document_labels", "Analysis", "analyse", "resolve_path", "LEVELS", "CHUNK_CHARS"]

LEVELS = ("document", "sentence")

#: Characters of text labelled at a time (about 300 news articles of 3,500 characters): the
#: memory of a chunk grows with its text, not with its number of documents.
CHUNK_CHARS = 1_000_000


@dataclass
class Labelers:
    """The fitted stateful parts of the pipeline, built once and reused across chunks."""

    topics: TopicLabeler
    tone: ToneScorer
    actors: Actors
    cues: StanceCues | None = None  # None: the default stance cues

    @classmethod
    def build(cls, *, taxonomy=None, actors=None) -> "Labelers":
        """Fit the topic labeller and tone scorer and load the actors and stance cues."""
        return cls(TopicLabeler(taxonomy).fit(), ToneScorer().fit(),
                   actors if isinstance(actors, Actors) else load_actors(actors), load_stance_cues())


def _targets(documents: pd.DataFrame) -> dict[str, str] | None:
    if "target" not in documents.columns:
        return None
    return {d: t for d, t in zip(documents["doc_id"], documents["target"]) if isinstance(t, str) and t.strip()}


def _documents_table(documents, *, text_column: str = "text", id_column: str = "doc_id",
                     target_column: str | None = None) -> pd.DataFrame:
    """``documents`` as the documents table: a documents table (every column of
    :data:`analysis.corpus.DOCUMENT_COLUMNS`, as loads give) as it is, any other frame
    read as a CSV corpus by :func:`analysis.corpus.documents_from_frame`, every row kept."""
    if not isinstance(documents, pd.DataFrame):
        raise TypeError(f"documents must be a pandas DataFrame, not {type(documents).__name__}")
    if (text_column == "text" and id_column == "doc_id" and target_column in (None, "target")
            and all(c in documents.columns for c in DOCUMENT_COLUMNS)):
        check_unique_ids(documents["doc_id"])
        return documents
    if target_column is None and "target" in documents.columns:
        target_column = "target"
    return documents_from_frame(documents, text_column=text_column, id_column=id_column,
                                target_column=target_column, duplicates="keep", keep_empty=True).documents


def label_sentence_table(documents: pd.DataFrame, *, labelers: Labelers | None = None) -> pd.DataFrame:
    """Split documents into sentences and run every stage on them.

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents table, or a frame shaped like a CSV corpus (read by
        :func:`analysis.corpus.documents_from_frame`, every row kept).
    labelers : Labelers, optional
        Fitted stages (default: built from the defaults).

    Returns
    -------
    pandas.DataFrame
        The sentence labels: the sentences table plus topic scores, ``topics``,
        ``primary_topic``, ``evidence``, ``tone`` (with ``tone_pos``,
        ``tone_neg``, ``tone_evidence``), ``speaker`` (with
        ``speaker_evidence``, ``mentions``) and ``stance``, ``stance_target``,
        ``stance_label``, ``stance_evidence``. With a ``target`` column in
        ``documents``, stance is towards each document's target.
    """
    return _sentence_labels(_documents_table(documents), labelers or Labelers.build(), evidence=True)[0]


def _sentence_labels(documents: pd.DataFrame, labelers: Labelers, *, evidence: bool):
    """:func:`label_sentence_table` and the word index of its sentences' texts;
    ``evidence=False`` leaves the topic, tone, speaker and stance evidence strings empty
    (the document level does not output them)."""
    labels = split_sentences(documents)
    index = Words(labels["text"].tolist())  # every stage reads the same words and returns its columns
    # (the frame of this call: assembled in place, once; stance reads the speakers and the tone)
    add_columns(labels, topic_columns(labels, labeler=labelers.topics, evidence=evidence, index=index))
    add_columns(labels, tone_columns(labels, scorer=labelers.tone, evidence=evidence, index=index))
    add_columns(labels, speaker_columns(labels, actors=labelers.actors, evidence=evidence, index=index))
    add_columns(labels, stance_columns(labels, actors=labelers.actors, targets=_targets(documents),
                                       cues=labelers.cues, evidence=evidence, index=index))
    return labels, index


def label_documents(
    documents: pd.DataFrame,
    *,
    level: str = "document",
    labelers: Labelers | None = None,
    text_column: str = "text",
    id_column: str = "doc_id",
    target_column: str | None = None,
) -> pd.DataFrame:
    """Label a documents table at document or sentence level.

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents table (see :mod:`analysis.corpus`), or a frame shaped like a
        CSV corpus, such as ``pandas.read_csv("corpus.csv")``: a text column and
        optional ``doc_id``, ``date``, ``title``, ``source`` and target columns.
        Such a frame is read as ``python -m analysis label`` reads the file (see
        :func:`analysis.corpus.documents_from_frame`; titles are labelled as the
        first sentence), except that every row is labelled, repeated texts
        included. A ``target`` column names each document's stance target.
    level : {'document', 'sentence'}
        ``document``: one row per input document, in input order, with
        ``doc_id``, ``date`` (NaT if unknown), ``title``, ``source`` (empty if
        unknown), ``target`` (with a target column), a share column per topic,
        ``primary_topic``, ``n_sentences``, ``coverage``, ``tone``,
        ``tone_pos``, ``tone_neg``, ``stance``, ``stance_label`` and
        ``stance_target``. ``sentence``: the sentence labels of
        :func:`label_sentence_table`.
    labelers : Labelers, optional
        Fitted stages, reused across chunks (default: built from the defaults).
    text_column, id_column, target_column : str
        Column names in a frame shaped like a CSV corpus (as ``--text-column``,
        ``--id-column`` and ``--target-column`` of the command line).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ValueError
        When a ``doc_id`` repeats, or the text column is missing.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "title": ["", ""],
    ...                      "text": ["Tariffs on steel exports rose.", ""]})
    >>> label_documents(docs)[["doc_id", "trade", "primary_topic", "stance_label"]].values.tolist()
    [['a', 1.0, 'trade', 'neutral'], ['b', 0.0, 'none', 'neutral']]
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    documents = _documents_table(documents, text_column=text_column, id_column=id_column,
                                 target_column=target_column)
    labelers = labelers or Labelers.build()
    if level == "sentence":
        return label_sentence_table(documents, labelers=labelers)
    # evidence strings are not part of the document level: skip building them
    labels, index = _sentence_labels(documents, labelers, evidence=False)
    return document_labels(labels, documents, topics=list(labelers.topics.topics_), words=index.n_words())


# The labellers of a worker process of label_chunks (inherited when the pool forks).
_WORKER_LABELERS: Labelers | None = None


def _init_worker(labelers: Labelers | None) -> None:
    global _WORKER_LABELERS
    if labelers is not None:  # spawned, not forked: the labellers came pickled
        _WORKER_LABELERS = labelers


def _label_in_worker(documents: pd.DataFrame, level: str) -> pd.DataFrame:
    return label_documents(documents, level=level, labelers=_WORKER_LABELERS)


def chunks_by_volume(chunks: Iterable, *, max_chars: int | None = None) -> Iterator[tuple]:
    """Cut a stream of document chunks so that each holds about ``max_chars`` characters of text.

    Labelling memory grows with the text of a chunk, not with its number of documents: 5,000
    long articles take three times the memory of 5,000 short ones. A chunk is cut where the
    running total of its documents' title and text lengths crosses a multiple of
    ``max_chars``, so a piece exceeds ``max_chars`` by less than one document and holds at
    least one. Chunks are only cut, never joined, and keep their order.

    Parameters
    ----------
    chunks : iterable of (documents, report)
        What :func:`analysis.corpus.iter_corpus` yields.
    max_chars : int, optional
        The text volume of a piece (default :data:`CHUNK_CHARS`).

    Yields
    ------
    (documents, report)
        The pieces in input order; a chunk's report goes with its first piece, the others
        get an empty report with the same columns.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": list("abcd"), "title": "", "text": ["x" * 40] * 4})
    >>> report = pd.DataFrame({"problem": ["one"]})
    >>> [(d["doc_id"].tolist(), len(r)) for d, r in chunks_by_volume([(docs, report)], max_chars=100)]
    [(['a', 'b', 'c'], 1), (['d'], 0)]
    """
    max_chars = CHUNK_CHARS if max_chars is None else max_chars
    if not isinstance(max_chars, int) or isinstance(max_chars, bool) or max_chars < 1:
        raise ValueError(f"max_chars must be a positive integer, not {max_chars!r}")
    for documents, report in chunks:
        lengths = (documents["text"].str.len().to_numpy(dtype=np.int64, na_value=0)
                   + documents["title"].str.len().to_numpy(dtype=np.int64, na_value=0)
                   if len(documents) else np.zeros(0, dtype=np.int64))
        before = np.cumsum(lengths) - lengths  # the text before each document
        piece = before // max_chars
        if len(piece) == 0 or piece[-1] == 0:
            yield documents, report
            continue
        starts = np.flatnonzero(np.diff(piece, prepend=-1))
        for k, (start, end) in enumerate(zip(starts, [*starts[1:], len(documents)])):
            yield documents.iloc[start:end].reset_index(drop=True), report if k == 0 else report.iloc[:0]


def _more_than_one_chunk(chunks: Iterable) -> tuple[bool, Iterator]:
    """Whether ``chunks`` holds documents in more than one chunk, and the chunks, unconsumed."""
    chunks = iter(chunks)
    head, filled = [], 0
    for chunk in chunks:
        head.append(chunk)
        filled += len(chunk[0]) > 0
        if filled > 1:
            break
    return filled > 1, chain(head, chunks)


def label_chunks(chunks: Iterable, *, level: str = "document", labelers: Labelers | None = None,
                 jobs: int | None = 1) -> Iterator[tuple]:
    """Label a stream of document chunks, in ``jobs`` processes, keeping the input order.

    Parameters
    ----------
    chunks : iterable of (documents, report)
        What :func:`analysis.corpus.iter_corpus` (or :func:`chunks_by_volume`) yields.
    level : {'document', 'sentence'}
        As for :func:`label_documents`.
    labelers : Labelers, optional
        Fitted stages (default: built from the defaults).
    jobs : int or None, default 1
        Processes that label on this machine (1: this process alone; None: one per core
        once the stream holds documents in more than one chunk, else 1): this process and
        ``jobs - 1`` workers. The workers are forked, so they share the fitted labellers;
        this process reads the chunks, hands each worker up to two and labels a chunk
        itself when they have their hands full. At most ``2 * jobs`` chunks are in
        flight, so memory stays flat.

    Yields
    ------
    (documents, report, labels)
        For each chunk in input order; ``labels`` is None for a chunk
        without documents. The labels are the same whatever ``jobs`` is.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise ValueError(f"jobs must be a positive integer or None, not {jobs!r}")
    labelers = labelers or Labelers.build()
    if jobs is None:
        several, chunks = _more_than_one_chunk(chunks)
        jobs = cpu_count() if several else 1
    if jobs == 1:
        for documents, report in chunks:
            yield documents, report, (label_documents(documents, level=level, labelers=labelers)
                                      if len(documents) else None)
        return
    global _WORKER_LABELERS
    methods = multiprocessing.get_all_start_methods()
    forked = "fork" in methods
    context = multiprocessing.get_context("fork" if forked else "spawn")
    _WORKER_LABELERS = labelers
    workers = jobs - 1  # this process labels too: jobs processes in all
    try:
        # the pool starts before the chunks are labelled: the workers fork from a quiet process
        with context.Pool(workers, initializer=_init_worker, initargs=(None if forked else labelers,)) as pool:
            pending: deque = deque()
            for documents, report in chunks:
                if not len(documents):
                    job = None
                elif sum(not j.ready() for *_, j in pending if isinstance(j, AsyncResult)) < 2 * workers:
                    job = pool.apply_async(_label_in_worker, (documents, level))
                else:  # the workers have two chunks each in hand: label this one here
                    job = _Labelled(label_documents(documents, level=level, labelers=labelers))
                pending.append((documents, report, job))
                # give back, in order, what is labelled (and wait once 2 * jobs chunks are in flight)
                while pending and (len(pending) > 2 * jobs or pending[0][2] is None or pending[0][2].ready()):
                    documents, report, job = pending.popleft()
                    yield documents, report, None if job is None else job.get()
            while pending:
                documents, report, job = pending.popleft()
                yield documents, report, None if job is None else job.get()
    finally:
        _WORKER_LABELERS = None


class _Labelled:
    """A chunk labelled in this process, where :func:`label_chunks` waits for an ``AsyncResult``."""

    def __init__(self, labels: pd.DataFrame):
        self.labels = labels

    def ready(self) -> bool:
        return True

    def get(self) -> pd.DataFrame:
        return self.labels


def cpu_count() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def document_labels(labels: pd.DataFrame, documents: pd.DataFrame, *, topics: list[str], words=None) -> pd.DataFrame:
    """Aggregate sentence labels into the document-level output of :func:`label_documents`
    (``words``: the word count of each sentence, when known; see :func:`analysis.tone.document_tone`).

    The rows are the documents, in their order; after ``doc_id`` come the documents'
    ``date``, ``title`` and ``source`` (NaT and empty strings when ``documents`` lacks
    them) and ``target`` (when it has one), then the labels."""
    out = document_topics(labels, topics=topics, documents=documents)
    tone = document_tone(labels, documents=documents, words=words)
    stance = document_stance(labels, documents=documents, targets=_targets(documents))
    out = _join(out, tone, ["tone", "tone_pos", "tone_neg"])
    out = _join(out, stance, ["stance", "stance_label", "stance_target"])
    n = len(documents)
    described = {
        "date": (pd.to_datetime(documents["date"]).to_numpy(dtype="datetime64[ns]") if "date" in documents.columns
                 else np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")),
        "title": _strings(documents, "title"),
        "source": _strings(documents, "source"),
    }
    if "target" in documents.columns:
        described["target"] = documents["target"].to_numpy()
    for position, (name, values) in enumerate(described.items(), start=1):
        out.insert(position, name, values)
    return out


def _strings(documents: pd.DataFrame, name: str) -> pd.Series:
    """A text column of ``documents`` as a ``str`` column (empty where missing)."""
    if name not in documents.columns:
        return pd.Series([""] * len(documents), dtype="str").to_numpy()
    return documents[name].fillna("").astype("str").to_numpy()


def _join(out: pd.DataFrame, other: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``out`` with ``columns`` of ``other`` joined on ``doc_id`` (a left, one-to-one merge).

    The aggregates are made in the same document order, so the rows are usually aligned
    already: then the columns are placed side by side, which is cheaper than a merge.
    """
    if (len(out) == len(other) and isinstance(out.index, pd.RangeIndex) and out.index.equals(other.index)
            and np.array_equal(out["doc_id"].to_numpy(dtype=object), other["doc_id"].to_numpy(dtype=object))
            and out["doc_id"].is_unique):
        return pd.concat([out, other[columns]], axis=1)
    return out.merge(other[["doc_id", *columns]], on="doc_id", how="left", validate="1:1")


@dataclass
class Analysis:
    """Every table of one corpus, as the notebooks and figures use them.

    Attributes
    ----------
    documents, report : the documents table and load report
    sentences : sentence labels (:func:`label_sentence_table`)
    doc_labels : document labels (:func:`label_documents` at document level)
    evidence : one row per matched topic term (:func:`analysis.topics.topic_evidence`)
    topics : topic names, in taxonomy order
    colors : one colour per topic (and ``none``)
    labelers : the fitted stages
    """

    documents: pd.DataFrame
    report: pd.DataFrame
    sentences: pd.DataFrame
    doc_labels: pd.DataFrame
    evidence: pd.DataFrame
    topics: list[str]
    colors: dict[str, str]
    labelers: Labelers


def analyse(corpus, *, taxonomy=None, actors=None, text_column: str = "text", id_column: str = "doc_id",
            target_column: str | None = None) -> Analysis:
    """Load a corpus and compute every table (see :class:`Analysis`).

    Parameters
    ----------
    corpus : str, Path or pandas.DataFrame
        What :func:`analysis.corpus.load_corpus` reads (a folder of corpus files,
        one file, or a table file), or a frame shaped like a CSV corpus, read by
        :func:`analysis.corpus.documents_from_frame` (repeated texts are dropped
        and named in the report, as in a load).
    taxonomy, actors : path, optional
        A taxonomy or actors TOML file (default: the built-in ones).
    text_column, id_column, target_column : str
        Column names of a table corpus.

    Examples
    --------
    >>> from analysis.config import SEEDS_DIR
    >>> a = analyse(SEEDS_DIR)
    >>> len(a.documents), len(a.sentences), a.doc_labels["primary_topic"].tolist()
    (1, 13, ['politics'])
    """
    from .plots import topic_colors

    options = dict(text_column=text_column, id_column=id_column, target_column=target_column)
    if isinstance(corpus, pd.DataFrame):
        documents, report = documents_from_frame(corpus, **options)
    else:
        documents, report = load_corpus(corpus, **options)
    labelers = Labelers.build(taxonomy=taxonomy, actors=actors)
    sentences, index = _sentence_labels(_documents_table(documents), labelers, evidence=True)
    doc_labels = document_labels(sentences, documents, topics=list(labelers.topics.topics_), words=index.n_words())
    evidence = topic_evidence(sentences, labeler=labelers.topics, index=index)
    return Analysis(documents, report, sentences, doc_labels, evidence, list(labelers.topics.topics_),
                    topic_colors(labelers.topics.taxonomy_), labelers)


def resolve_path(path: str | Path | None) -> str | Path | None:
    """A path given to a notebook (its ``CORPUS`` or ``TAXONOMY``), found where it was meant.

    A relative path is looked for first in the working directory (the notebook's
    folder, under JupyterLab and nbval), then in the directory the command was
    started from: the shell's ``PWD``, which ``papermill --cwd notebooks`` does not
    change. So ``papermill notebooks/02-topic-emphasis.ipynb out.ipynb -p CORPUS
    my_corpus/ --cwd notebooks``, run from the repository, reads ``./my_corpus/``.
    None, absolute paths and paths found in neither place are returned as they are
    (a load then names the missing path as it was given).

    Examples
    --------
    >>> import os
    >>> from analysis.config import PROJECT_ROOT
    >>> here = os.getcwd()
    >>> os.chdir(PROJECT_ROOT / "notebooks")
    >>> resolve_path("../seeds"), resolve_path(None)  # found here: unchanged
    ('../seeds', None)
    >>> os.chdir(here)
    """
    if path is None:
        return None
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or Path, not {type(path).__name__}")
    given = Path(path).expanduser()  # "~/corpus" too
    if not given.is_absolute() and not given.exists():
        started = os.environ.get("PWD")
        if started and Path(started).is_absolute() and (Path(started) / given).exists():
            given = Path(started) / given
    if given == Path(path):
        return path
    return str(given) if isinstance(path, str) else given
