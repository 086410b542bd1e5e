"""Label corpora beyond one process with Dask (``label --workers N`` or ``--scheduler ADDRESS``).

The corpus is cut into partitions: row ranges of Parquet input, which the
workers read themselves, or chunks of any other input, which the client reads
and sends. Each partition is labelled and written by a worker as one part file
``part-NNNNN.parquet`` of the output folder, so the output is a partitioned
Parquet dataset whose parts, read in name order, hold the rows in input order.
Only load reports and row counts travel back to the client.

A worker re-imports :mod:`analysis` and builds the labellers once per process.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd

from . import corpus as corpus_module
from .corpus import CorpusError, LoadResult

__all__ = ["parquet_partitions", "label_partition", "label_distributed"]


def parquet_partitions(path: str | Path, *, partition_size: int = 5000) -> list[dict]:
    """Cut a Parquet file, or a folder of Parquet files, into row ranges.

    Each partition is a small picklable dict (``path``, ``start``, ``stop``,
    ``offset``: the row number of ``start`` in the whole dataset).
    """
    import pyarrow.parquet as pq

    path = Path(path)
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    parts, offset = [], 0
    for file in files:
        n = pq.ParquetFile(file).metadata.num_rows
        for start in range(0, n, partition_size):
            stop = min(n, start + partition_size)
            parts.append({"path": str(file), "start": start, "stop": stop, "offset": offset + start})
        offset += n
    return parts


def _read_parquet_partition(part: dict, *, text_column, id_column, target_column) -> LoadResult:
    import pyarrow.parquet as pq

    path = Path(part["path"])
    table = pq.read_table(path).slice(part["start"], part["stop"] - part["start"]).to_pandas()
    report = corpus_module._Reporter()
    docs = corpus_module._table_to_documents(table, path, report, row_offset=part["offset"],
                                             text_column=text_column, id_column=id_column,
                                             target_column=target_column)
    return LoadResult(corpus_module._finish(docs, report, duplicates="keep", seen={}), report.frame())


@functools.lru_cache(maxsize=4)
def _labelers(taxonomy, actors):
    import gc

    from .pipeline import Labelers

    labelers = Labelers.build(taxonomy=taxonomy, actors=actors)
    gc.freeze()  # long-lived: out of the full collections (see cli._label)
    return labelers


def label_partition(part, index: int, out_dir: str, *, level: str = "document", text_column: str = "text",
                    id_column: str = "doc_id", target_column: str | None = None, taxonomy=None,
                    actors=None) -> dict:
    """Label one partition on a worker and write it as ``out_dir/part-{index:05d}.parquet``.

    ``part`` is either a documents table (streamed by the client) or a Parquet
    row range from :func:`parquet_partitions` (read by the worker). Returns the
    partition's report rows and counts.
    """
    from .pipeline import label_documents

    if isinstance(part, pd.DataFrame):
        documents, report = part, corpus_module._report_frame([])
    else:
        documents, report = _read_parquet_partition(part, text_column=text_column, id_column=id_column,
                                                    target_column=target_column)
    rows = 0
    if len(documents):
        labels = label_documents(documents, level=level, labelers=_labelers(taxonomy, actors))
        labels.to_parquet(Path(out_dir) / f"part-{index:05d}.parquet", index=False)
        rows = len(labels)
    return {"index": index, "documents": len(documents), "rows": rows,
            "report": json.loads(report.to_json(orient="records"))}


def label_distributed(corpus: str | Path, out_dir: str | Path, *, workers: int | None = None,
                      scheduler: str | None = None, level: str = "document", text_column: str = "text",
                      id_column: str = "doc_id", target_column: str | None = None, taxonomy=None, actors=None,
                      partition_size: int = 1000, duplicates: str = "drop", progress=None) -> tuple[int, int, pd.DataFrame]:
    """Label a corpus on a Dask cluster into a partitioned Parquet folder.

    Parameters
    ----------
    corpus : path
        As for :func:`analysis.corpus.load_corpus`.
    out_dir : path
        The output folder (created; its old ``part-*.parquet`` files are removed).
    workers : int, optional
        Start a ``LocalCluster`` with this many single-threaded worker processes.
    scheduler : str, optional
        The address of an existing cluster's scheduler (``tcp://host:8786``);
        the workers must see the corpus and output paths.
    partition_size : int
        Documents per partition.
    progress : callable, optional
        Called with the number of documents of each finished partition.

    Returns
    -------
    documents, rows : int
        Documents read and rows written.
    report : pandas.DataFrame
        The load report of all partitions, in input order.

    Notes
    -----
    Parquet input (a file or a folder of ``.parquet`` files) is read by the
    workers; other inputs are read by the client in chunks and sent to the
    workers. Duplicates are handled as in a single-process run, except in
    Parquet input read by the workers, where they are kept.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    if (workers is None) == (scheduler is None):
        raise ValueError("give exactly one of workers or scheduler")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers must be a positive integer, not {workers!r}")
    if not isinstance(partition_size, int) or partition_size < 1:
        raise ValueError(f"partition_size must be a positive integer, not {partition_size!r}")
    corpus = Path(corpus)
    if not corpus.exists():
        raise CorpusError(f"{corpus}: no such file or folder")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"--out {out_dir} must be a folder for a distributed run")
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("part-*.parquet"):
        old.unlink()
    options = dict(level=level, text_column=text_column, id_column=id_column, target_column=target_column,
                   taxonomy=None if taxonomy is None else str(taxonomy),
                   actors=None if actors is None else str(actors))
    parquet = corpus.suffix.lower() == ".parquet" or (corpus.is_dir() and any(corpus.glob("*.parquet")))
    client_reports: list[pd.DataFrame] = []
    if parquet:
        parts = iter(parquet_partitions(corpus, partition_size=partition_size))
    else:  # stream other formats through the client, chunk by chunk
        def chunks():
            for documents, report in corpus_module.iter_corpus(corpus, text_column=text_column,
                                                                 id_column=id_column, target_column=target_column,
                                                                 duplicates=duplicates, chunksize=partition_size):
                client_reports.append(report)
                yield documents
        parts = chunks()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) \
        if workers is not None else None
    results = []
    try:
        with Client(cluster if cluster is not None else scheduler) as client:
            window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
            pending = as_completed()
            for i, part in enumerate(parts):
                if isinstance(part, pd.DataFrame):  # send the data ahead, not inside the task graph
                    part = client.scatter(part)
                pending.add(client.submit(label_partition, part, i, str(out_dir.resolve()), pure=False, **options))
                while pending.count() >= window:  # keep few partitions in flight: memory stays flat
                    _collect(next(pending), results, progress)
            for future in pending:
                _collect(future, results, progress)
    finally:
        if cluster is not None:
            cluster.close()
    results.sort(key=lambda r: r["index"])
    rows = [row for r in results for row in r["report"]]
    report = pd.concat(client_reports + [corpus_module._report_frame(rows)], ignore_index=True)
    return sum(r["documents"] for r in results), sum(r["rows"] for r in results), report


def _collect(future, results: list, progress) -> None:
    result = future.result()
    results.append(result)
    if progress is not None:
        progress(result["documents"])


def remove_output(out_dir: str | Path) -> None:
    """Remove a distributed run's part files, and its folder when that leaves it empty.

    Used when nothing could be read; other files in the folder are never touched.
    """
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return
    for part in out_dir.glob("part-*.parquet"):
        part.unlink()
    if not any(out_dir.iterdir()):
        out_dir.rmdir()
