"""Label corpora beyond one process with Dask (``label --workers N`` or ``--scheduler ADDRESS``).

The corpus is cut into partitions: row ranges of Parquet input, which the
workers read themselves, or chunks of any other input, which the client reads
and sends. Each partition is labelled and written by a worker as one part file
``part-NNNNN.parquet`` of the output folder, so the output is a partitioned
Parquet dataset whose parts, read in name order, hold the rows in input order.
Only load reports and row counts travel back to the client.

Duplicates are found over the whole corpus, as in a single-process run: the
client reads other inputs itself (with :func:`analysis.corpus.iter_corpus`); for
Parquet read by the workers, a first pass has each worker read its partition and
send back the doc_ids and text digests only (:func:`scan_partition`), the client
decides in input order which documents are renamed or dropped, and the labelling
pass applies that plan. The parts are written into a hidden folder beside the
output and moved into it only when the run succeeds, so a failed run leaves the
output folder as it was.

A worker re-imports :mod:`analysis` and builds the labellers once per process.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import shutil
from pathlib import Path

import pandas as pd

from . import corpus as corpus_module
from .corpus import CorpusError
from .tables import check_columns, parquet_file

__all__ = ["parquet_partitions", "scan_partition", "label_partition", "label_distributed", "ClusterError"]


class ClusterError(RuntimeError):
    """The Dask cluster cannot be started or reached."""


def parquet_partitions(path: str | Path, *, partition_size: int = 5000) -> list[dict]:
    """Cut a Parquet file, or a folder of Parquet files, into row ranges.

    Each partition is a small picklable dict (``path``, ``start``, ``stop``,
    ``offset``: the row number of ``start`` in the whole dataset).
    """
    path = Path(path)
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    parts, offset = [], 0
    for file in files:
        n = parquet_file(file).metadata.num_rows
        for start in range(0, n, partition_size):
            stop = min(n, start + partition_size)
            parts.append({"path": str(file), "start": start, "stop": stop, "offset": offset + start})
        offset += n
    return parts


def _read_parquet_partition(part: dict, *, text_column, id_column, target_column, repair=True):
    """A partition's documents (before duplicates are looked for) and its report."""
    path = Path(part["path"])
    file = parquet_file(path)
    groups, first, row = [], None, 0  # only the row groups that hold the partition's rows are read
    for g in range(file.metadata.num_row_groups):
        n = file.metadata.row_group(g).num_rows
        if row < part["stop"] and row + n > part["start"]:
            groups.append(g)
            first = row if first is None else first
        row += n
    table = file.read_row_groups(groups) if groups else file.schema_arrow.empty_table()
    table = table.slice(part["start"] - (first or 0), part["stop"] - part["start"]).to_pandas()
    report = corpus_module.Reporter()
    docs = corpus_module.table_to_documents(table, path, report, row_offset=part["offset"],
                                            text_column=text_column, id_column=id_column,
                                            target_column=target_column, repair=repair)
    return docs, report


def scan_partition(part: dict, *, text_column: str = "text", id_column: str = "doc_id",
                   target_column: str | None = None, repair: bool = True) -> dict:
    """Read a Parquet partition on a worker and return what duplicate detection needs.

    Returns a dict of ``ids``, ``digests`` (:func:`analysis.encoding.text_digest`),
    ``paths`` (one each per document) and ``report`` (the partition's load-report
    rows): a few dozen bytes per document, never the texts.
    """
    docs, report = _read_parquet_partition(part, text_column=text_column, id_column=id_column,
                                           target_column=target_column, repair=repair)
    return {"ids": docs["doc_id"].tolist(), "digests": [corpus_module.text_digest(t) for t in docs["text"]],
            "paths": docs["path"].tolist(), "report": report.rows}


@functools.lru_cache(maxsize=4)
def _labelers(taxonomy, actors):
    import gc

    from .pipeline import Labelers

    labelers = Labelers.build(taxonomy=taxonomy, actors=actors)
    gc.freeze()  # long-lived: out of the full collections (see cli._label)
    return labelers


def label_partition(part, index: int, out_dir: str, *, level: str = "document", text_column: str = "text",
                    id_column: str = "doc_id", target_column: str | None = None, taxonomy=None,
                    actors=None, plan: dict | None = None, repair: bool = True) -> dict:
    """Label one partition on a worker and write it as ``out_dir/part-{index:05d}.parquet``.

    ``part`` is either a documents table (streamed by the client) or a Parquet
    row range from :func:`parquet_partitions` (read by the worker), with the
    client's ``plan`` for it: ``keep`` (one flag per document of
    :func:`scan_partition`) and ``ids`` (the doc_ids of the kept documents).
    Returns the partition's counts.
    """
    from .pipeline import label_documents

    if isinstance(part, pd.DataFrame):
        documents = part
    else:
        documents, _ = _read_parquet_partition(part, text_column=text_column, id_column=id_column,
                                               target_column=target_column, repair=repair)
        if plan is not None:
            if len(plan["keep"]) != len(documents):  # the same reading twice: cannot differ
                raise RuntimeError(f"partition {index} changed between its two readings")
            documents = documents[plan["keep"]].reset_index(drop=True)
            documents["doc_id"] = pd.Series(plan["ids"], dtype=object)
        documents = corpus_module.string_columns(documents)
    rows = 0
    if len(documents):
        labels = label_documents(documents, level=level, labelers=_labelers(taxonomy, actors))
        target = Path(out_dir) / f"part-{index:05d}.parquet"
        try:
            labels.to_parquet(target, index=False)
        except OSError as err:
            from .outputs import OutputError

            raise OutputError(f"cannot write {target}: {err.strerror or err}") from None
        rows = len(labels)
    return {"index": index, "documents": len(documents), "rows": rows}


def label_distributed(corpus: str | Path, out_dir: str | Path, *, workers: int | None = None,
                      scheduler: str | None = None, level: str = "document", text_column: str = "text",
                      id_column: str = "doc_id", target_column: str | None = None, taxonomy=None, actors=None,
                      partition_size: int = 1000, duplicates: str = "drop", repair: bool = True,
                      progress=None, on_report=None) -> tuple[int, int, pd.DataFrame]:
    """Label a corpus on a Dask cluster into a partitioned Parquet folder.

    Parameters
    ----------
    corpus : path
        As for :func:`analysis.corpus.load_corpus`.
    out_dir : path
        The output folder. Its old ``part-*.parquet`` files are replaced by the
        new ones when the run succeeds and at least one document was read;
        otherwise it is left as it was. Other files in it are never touched.
    workers : int, optional
        Start a ``LocalCluster`` with this many single-threaded worker processes.
    scheduler : str, optional
        The address of an existing cluster's scheduler (``tcp://host:8786``);
        the workers must see the corpus and output paths.
    partition_size : int
        Documents per partition.
    duplicates, repair
        As for :func:`analysis.corpus.load_corpus`; duplicates are found over the
        whole corpus, Parquet read by the workers included.
    progress : callable, optional
        Called with the number of documents of each finished partition.
    on_report : callable, optional
        Called with each partition's load report as soon as it is known (in
        input order); the report is then not kept for the return value.

    Returns
    -------
    documents, rows : int
        Documents read and rows written.
    report : pandas.DataFrame
        The load report of all partitions, in input order (empty with ``on_report``).
    """
    from dask.distributed import Client, LocalCluster, as_completed

    if (workers is None) == (scheduler is None):
        raise ValueError("give exactly one of workers or scheduler")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers must be a positive integer, not {workers!r}")
    if not isinstance(partition_size, int) or partition_size < 1:
        raise ValueError(f"partition_size must be a positive integer, not {partition_size!r}")
    corpus_module.check_options(duplicates, None, repair)
    corpus = Path(corpus)
    if not corpus.exists():
        raise CorpusError(f"{corpus}: no such file or folder")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"--out {out_dir} must be a folder for a distributed run")
    read = dict(text_column=text_column, id_column=id_column, target_column=target_column, repair=repair)
    options = dict(level=level, taxonomy=None if taxonomy is None else str(taxonomy),
                   actors=None if actors is None else str(actors), **read)
    parquet = corpus.suffix.lower() == ".parquet" or (corpus.is_dir() and any(corpus.glob("*.parquet")))
    reports: list[pd.DataFrame] = []

    def add_report(frame: pd.DataFrame) -> None:
        if on_report is not None:
            on_report(frame)
        else:
            reports.append(frame)

    if parquet:
        parts = parquet_partitions(corpus, partition_size=partition_size)
        for file in dict.fromkeys(p["path"] for p in parts):  # every file has the columns: checked here
            check_columns(parquet_file(Path(file)).schema_arrow.names, Path(file),
                          text_column=text_column, target_column=target_column)
    tmp = _temporary_folder(out_dir)
    cluster = None
    results = []
    try:
        try:
            with _interrupts_ignored():  # the worker processes inherit it: Ctrl-C stops the client alone
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None) if workers is not None else None
            client = Client(cluster if cluster is not None else scheduler)
        except (OSError, TimeoutError, ValueError) as err:
            where = f"a local cluster of {workers} workers" if workers is not None else f"the scheduler {scheduler}"
            raise ClusterError(f"cannot start or reach {where}: {err}") from None
        with client:
            window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
            pending = as_completed()

            def submit(part, i, plan=None):
                pending.add(client.submit(label_partition, part, i, str(tmp.resolve()), plan=plan, pure=False,
                                          **options))
                while pending.count() >= window:  # keep few partitions in flight: memory stays flat
                    _collect(next(pending), results, progress)

            if parquet:
                seen = corpus_module.Seen()
                scans = [client.submit(scan_partition, part, pure=False, **read) for part in parts]
                for i, part in enumerate(parts):
                    scan, scans[i] = scans[i].result(), None
                    report = corpus_module.Reporter()
                    report.rows = scan["report"]
                    digests = scan["digests"] if duplicates != "keep" else [None] * len(scan["ids"])
                    ids, keep = corpus_module.unique_documents(scan["ids"], digests, scan["paths"], report,
                                                               duplicates=duplicates, seen=seen)
                    add_report(report.frame())
                    submit(part, i, {"keep": keep, "ids": [d for d, k in zip(ids, keep) if k]})
            else:  # stream other formats through the client, chunk by chunk
                chunks = corpus_module.iter_corpus(corpus, duplicates=duplicates, chunksize=partition_size, **read)
                for i, (documents, report) in enumerate(chunks):
                    add_report(report)
                    submit(client.scatter(documents), i)  # send the data ahead, not inside the task graph
            for future in pending:
                _collect(future, results, progress)
        documents = sum(r["documents"] for r in results)
        if documents:
            _commit(tmp, out_dir)
    except KeyboardInterrupt:
        import logging

        logging.getLogger("distributed").setLevel(logging.CRITICAL)  # no shutdown noise after Ctrl-C
        raise
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(tmp, ignore_errors=True)
    report = pd.concat(reports, ignore_index=True) if reports else corpus_module.report_frame([])
    return documents, sum(r["rows"] for r in results), report


@contextlib.contextmanager
def _interrupts_ignored():
    """SIGINT ignored while the block runs (in the main thread; elsewhere nothing changes)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _temporary_folder(out_dir: Path) -> Path:
    """A new hidden folder beside ``out_dir`` (so on the same file system, where the workers see it)."""
    tmp = out_dir.parent / f".{out_dir.name}.{secrets.token_hex(4)}.tmp"
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
    except OSError as err:
        from .outputs import OutputError

        raise OutputError(f"cannot write --out {out_dir}: {err.strerror or err}") from None
    return tmp


def _commit(tmp: Path, out_dir: Path) -> None:
    """Replace the old part files of ``out_dir`` by the new ones of ``tmp``."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for old in out_dir.glob("part-*.parquet"):
            old.unlink()
        for new in sorted(tmp.glob("part-*.parquet")):
            os.replace(new, out_dir / new.name)
    except OSError as err:
        from .outputs import OutputError

        raise OutputError(f"cannot write --out {out_dir}: {err.strerror or err}") from None


def _collect(future, results: list, progress) -> None:
    result = future.result()
    results.append(result)
    if progress is not None:
        progress(result["documents"])
