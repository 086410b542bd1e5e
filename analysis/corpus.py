"""Load a corpus into the **documents** table, with a load report.

A corpus is a folder of corpus ``.txt`` files, one such file, or a table
(``.csv``, ``.jsonl``, ``.parquet``) with a text column. A corpus file has the
header line `` date YYYY-MM-DD Title``, a blank line, then paragraphs.

Bad input never crashes a load and is never dropped silently: every problem is a
row of the **load report** (``source``, ``line``, ``problem``, ``action``).

The documents table has the columns

``doc_id`` (str), ``date`` (datetime64, NaT if unknown), ``title`` (str),
``text`` (str), ``source`` (str), ``path`` (str), plus a ``target`` column when
a target column was asked for.

``text`` is the whole document as the later stages see it: when a document has a
title, ``text`` starts with the title as its own paragraph, so that every
sentence, the title included, is ``text[start:end]``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pandas as pd

__all__ = [
    "CorpusError",
    "LoadResult",
    "load_corpus",
    "iter_corpus",
    "documents_from_frame",
    "parse_corpus_text",
    "decode_bytes",
    "REPORT_COLUMNS",
    "DOCUMENT_COLUMNS",
]

#: Columns of the documents table, in order.
DOCUMENT_COLUMNS = ["doc_id", "date", "title", "text", "source", "path"]
#: Columns of the load report, in order.
REPORT_COLUMNS = ["source", "line", "problem", "action"]
#: File extensions read as tables.
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")

_HEADER = re.compile(r"^[ \t\ufeff]*date[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CorpusError(ValueError):
    """Raised when a corpus cannot be read at all (the message says why)."""


@dataclass
class LoadResult:
    """The outcome of a load: the documents table and the load report."""

    documents: pd.DataFrame
    report: pd.DataFrame = field(default_factory=lambda: _report_frame([]))

    def __iter__(self):
        # allows ``documents, report = load_corpus(...)``
        return iter((self.documents, self.report))


def _report_frame(rows: list[dict]) -> pd.DataFrame:
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    report["line"] = report["line"].astype("Int64")
    return report


def _empty_documents(extra: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in DOCUMENT_COLUMNS + list(extra)})
    frame["date"] = pd.Series(dtype="datetime64[ns]")
    return frame


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8, falling back to cp1252 and then latin-1.

    Returns
    -------
    text, encoding : tuple of str
        The decoded text and the encoding that worked.

    Examples
    --------
    >>> decode_bytes("café".encode("cp1252"))
    ('café', 'cp1252')
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _looks_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return len(head) > 0 and control / len(head) > 0.10


def _in_range(date) -> bool:
    """True when ``date`` fits the documents table's ``datetime64[ns]`` column."""
    return pd.Timestamp.min <= date <= pd.Timestamp.max


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_corpus_text(text: str) -> tuple[str, pd.Timestamp, str, list[str]]:
    """Split a corpus file's text into title, date, body and problems.

    The header is `` date YYYY-MM-DD Title``. A missing or malformed header keeps
    the whole text as the body; an impossible date keeps the title with date NaT.

    Returns
    -------
    title : str
    date : pandas.Timestamp (NaT if unknown)
    body : str
    problems : list of str

    Examples
    --------
    >>> title, date, body, problems = parse_corpus_text(" date 2020-09-12 Talks\\n\\nText.")
    >>> title, str(date.date()), body, problems
    ('Talks', '2020-09-12', 'Text.', [])
    """
    text = _normalise_newlines(text)
    first, _, rest = text.partition("\n")
    match = _HEADER.match(first)
    if not match:
        return "", pd.NaT, text.strip("\n"), ["missing or malformed header line (expected ' date YYYY-MM-DD Title')"]
    raw_date, title = match.group(1), (match.group(2) or "").strip()
    problems = []
    date = pd.NaT
    if not _ISO_DATE.match(raw_date):
        problems.append(f"malformed date {raw_date!r} in header")
    else:
        date = pd.to_datetime(raw_date, format="%Y-%m-%d", errors="coerce")
        if pd.isna(date):
            problems.append(f"impossible date {raw_date!r} in header")
        elif not _in_range(date):
            date = pd.NaT
            problems.append(f"date {raw_date!r} in header is out of range")
    if not title:
        problems.append("header has no title")
    return title, date, rest.strip("\n"), problems


def _compose_text(title: str, body: str) -> str:
    body = body.strip("\n")
    if title and body:
        return f"{title}\n\n{body}"
    return title or body


class _Reporter:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def __call__(self, source, problem: str, action: str, line=None) -> None:
        self.rows.append({"source": str(source), "line": line, "problem": problem, "action": action})

    def frame(self) -> pd.DataFrame:
        return _report_frame(self.rows)


def _read_corpus_file(path: Path, report: _Reporter) -> dict | None:
    try:
        raw = path.read_bytes()
    except OSError as err:
        report(path, f"cannot read file: {err.strerror or err}", "skipped")
        return None
    if not raw.strip():
        report(path, "empty file", "skipped")
        return None
    if _looks_binary(raw):
        report(path, "binary file (not text)", "skipped")
        return None
    text, encoding = decode_bytes(raw)
    if encoding != "utf-8":
        report(path, "not valid UTF-8", f"decoded as {encoding}")
    title, date, body, problems = parse_corpus_text(text)
    for problem in problems:
        action = "kept the text; date set to NaT" if "date" in problem or "header" in problem else "kept"
        report(path, problem, action, line=1)
    full = _compose_text(title, body)
    if not full.strip():
        report(path, "no text after the header", "kept as an empty document")
    return {
        "doc_id": path.stem,
        "date": date,
        "title": title,
        "text": full,
        "source": "",
        "path": str(path),
    }


def _jsonl_tables(path: Path, report, chunksize: int | None = None) -> Iterator[pd.DataFrame]:
    """Read a JSONL file line by line; yield tables of at most ``chunksize`` records.

    A chunk is yielded only once the next record is met (or the file ends), so
    the problems of the lines that follow a chunk are reported with the next one.
    """
    records: list[dict] = []
    warned = False
    number = 0
    with path.open("rb") as handle:
        for raw in handle:
            text, encoding = decode_bytes(raw)
            if encoding != "utf-8" and not warned:
                report(path, "not valid UTF-8", f"decoded as {encoding}")
                warned = True
            if "\r" in text:  # old Mac or Windows line ends: the raw line may hold several lines
                lines = text.rstrip("\r\n").replace("\r\n", "\n").replace("\r", "\n").split("\n")
            else:
                lines = (text.rstrip("\n"),)
            for line in lines:
                number += 1
                if not line or line.isspace():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as err:
                    report(path, f"malformed JSON: {err.msg}", "row skipped", line=number)
                    continue
                if not isinstance(record, dict):
                    report(path, "JSON line is not an object", "row skipped", line=number)
                    continue
                if chunksize and len(records) == chunksize:
                    yield pd.DataFrame.from_records(records)
                    records = []
                record["__line__"] = number
                records.append(record)
    if records:
        yield pd.DataFrame.from_records(records)


def _read_jsonl(path: Path, report: _Reporter) -> pd.DataFrame:
    tables = list(_jsonl_tables(path, report))
    return tables[0] if tables else pd.DataFrame()


def _file_encoding(path: Path) -> str:
    """The first of utf-8, cp1252, latin-1 that decodes the whole file (read in blocks)."""
    import codecs

    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


_SKIPPED = re.compile(r"Skipping line (\d+): (.*)")


def _csv_tables(path: Path, report, chunksize: int | None = None) -> Iterator[pd.DataFrame]:
    """Read a CSV file in tables of at most ``chunksize`` rows (one table when None).

    Malformed rows are skipped and reported with their line; a file that is not
    UTF-8 is decoded as cp1252 (or latin-1) and reported once.
    """
    import warnings

    encoding = _file_encoding(path)
    if encoding != "utf-8-sig":
        report(path, "not valid UTF-8", f"decoded as {encoding}")
    try:
        reader = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, on_bad_lines="warn",
                             chunksize=chunksize or 1 << 62)
    except pd.errors.EmptyDataError:
        return
    with reader:
        while True:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pd.errors.ParserWarning)
                try:
                    table = next(reader)
                except StopIteration:
                    table = None
            for warning in caught:
                for line in str(warning.message).splitlines():
                    match = _SKIPPED.match(line.strip())
                    if match:
                        report(path, f"malformed CSV row: {match.group(2)}", "row skipped",
                               line=int(match.group(1)))
            if table is None:
                return
            yield table


def read_table(path: Path, report: _Reporter | None = None) -> pd.DataFrame:
    """Read a ``.csv``, ``.jsonl`` or ``.parquet`` table as strings where possible."""
    report = report or _Reporter()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        tables = list(_csv_tables(path, report))
        return tables[0] if tables else pd.DataFrame()
    if suffix == ".jsonl":
        return _read_jsonl(path, report)
    if suffix == ".parquet":
        return pd.read_parquet(path)
    raise CorpusError(f"{path}: unknown table format {suffix!r}; use .csv, .jsonl or .parquet")


def _table_to_documents(
    table: pd.DataFrame,
    path: Path,
    report: _Reporter,
    *,
    text_column: str,
    id_column: str,
    target_column: str | None,
    row_offset: int = 0,
) -> pd.DataFrame:
    # the optional columns are found whatever their case ("Title", "DATE")
    renames = {}
    for name in ("title", "date", "source"):
        if name not in table.columns:
            match = [c for c in table.columns if isinstance(c, str) and c.lower() == name and c != text_column]
            if match:
                renames[match[0]] = name
    table = table.rename(columns=renames)
    if text_column not in table.columns:
        have = ", ".join(map(str, [c for c in table.columns if c != "__line__"])) or "none"
        raise CorpusError(f"{path}: no text column {text_column!r}; the table has columns: {have}")
    if target_column is not None and target_column not in table.columns:
        have = ", ".join(map(str, [c for c in table.columns if c != "__line__"])) or "none"
        raise CorpusError(f"{path}: no target column {target_column!r}; the table has columns: {have}")
    n = len(table)
    if "__line__" in table.columns:
        lines = table["__line__"].astype(int).tolist()
    elif path.suffix.lower() == ".csv":
        lines = list(range(row_offset + 2, row_offset + 2 + n))  # header is line 1
    else:
        lines = [None] * n

    def column(name: str, default: str = "") -> pd.Series:
        """A column as Python strings (missing values: ``default``)."""
        if name not in table.columns:
            return pd.Series([default] * n, index=table.index, dtype=object)
        values = table[name]
        if isinstance(values.dtype, pd.StringDtype):  # strings already (pandas 3's str): no per-value str()
            return values.fillna(default).astype(object)
        return values.astype(object).where(values.notna(), default).map(str)

    texts = column(text_column)
    if any("\r" in t for t in texts):
        texts = texts.map(_normalise_newlines)
    titles = column("title").str.strip() if "title" in table.columns and text_column != "title" else pd.Series([""] * n, index=table.index)
    if id_column in table.columns:
        ids = column(id_column)
    else:
        ids = pd.Series([str(row_offset + i) for i in range(n)], index=table.index)
    if "date" in table.columns:
        raw_dates = table["date"]
        # utc=True: offsets ('+02:00', 'Z', or mixed) become UTC instead of raising; naive dates stay as they are
        dates = pd.to_datetime(raw_dates.astype(object).where(raw_dates.notna(), None), errors="coerce",
                               format="mixed", utc=True).dt.tz_localize(None)
        # out of the datetime64[ns] range: NaT (and reported below), never a wrapped-around date
        dates = dates.where(dates.isna() | dates.between(pd.Timestamp.min, pd.Timestamp.max), pd.NaT)
        bad_dates = dates.isna() & raw_dates.notna() & (raw_dates.astype(str).str.strip() != "")
        for i in [int(k) for k in bad_dates.to_numpy().nonzero()[0]]:
            report(path, f"unparseable date {str(raw_dates.iloc[i])!r}", "date set to NaT", line=lines[i])
    else:
        dates = pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns]")
    for i, text in enumerate(texts):
        if not text.strip() and not titles.iloc[i]:
            report(path, f"row {ids.iloc[i]!r} has an empty text", "kept as an empty document", line=lines[i])
    full = [_compose_text(t, b) if t and not b.startswith(t) else b for t, b in zip(titles, texts)]
    documents = pd.DataFrame(
        {
            "doc_id": ids.to_numpy(dtype=object),
            "date": pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]"),
            "title": titles.to_numpy(dtype=object),
            "text": full,
            "source": column("source").to_numpy(dtype=object),
            "path": [f"{path}:{line}" if line is not None else str(path) for line in lines],
        }
    )
    if target_column is not None:
        documents["target"] = column(target_column).to_numpy(dtype=object)
    return documents


def _corpus_files(folder: Path, report: _Reporter) -> list[Path]:
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_file() and path.suffix.lower() == ".txt":
            files.append(path)
        elif path.is_file():
            report(path, "not a corpus file (.txt)", "ignored")
    return files


def _where(path: str) -> tuple[str, int | None]:
    """Split a documents ``path`` (``file`` or ``file:line``) into report source and line."""
    head, sep, tail = path.rpartition(":")
    if sep and tail.isdigit():
        return head, int(tail)
    return path, None


def _finish(documents: pd.DataFrame, report: _Reporter, *, duplicates: str,
            seen: dict[str, int] | None = None) -> pd.DataFrame:
    documents = documents.reset_index(drop=True)
    # doc_ids must be unique: later stages join on them (``seen`` carries the ids across chunks)
    seen = {} if seen is None else seen
    ids = []
    for doc_id, path in zip(documents["doc_id"], documents["path"]):
        if doc_id in seen:
            seen[doc_id] += 1
            new_id = f"{doc_id}~{seen[doc_id]}"
            while new_id in seen:  # the new id may itself be taken ("a", "a", "a~1")
                seen[doc_id] += 1
                new_id = f"{doc_id}~{seen[doc_id]}"
            seen[new_id] = 0
            source, line = _where(path)
            report(source, f"duplicate doc_id {doc_id!r}", f"renamed to {new_id!r}", line=line)
            ids.append(new_id)
        else:
            seen[doc_id] = 0
            ids.append(doc_id)
    documents["doc_id"] = ids
    if duplicates != "keep" and len(documents):
        key = documents["text"].str.strip()
        dup = key.duplicated(keep="first") & (key != "")
        if dup.any():
            first_of = dict(zip(key[~dup], documents["doc_id"][~dup]))
            for i in dup.to_numpy().nonzero()[0]:
                source, line = _where(documents["path"].iloc[i])
                report(source, f"duplicate document: same text as {first_of[key.iloc[i]]!r}",
                       "dropped" if duplicates == "drop" else "kept", line=line)
            if duplicates == "drop":
                documents = documents[~dup].reset_index(drop=True)
    for name in ("doc_id", "title", "text", "source", "path"):
        documents[name] = documents[name].astype("str")
    return documents


def _check_options(duplicates: str, chunksize: int | None = None) -> None:
    if duplicates not in ("drop", "keep", "flag"):
        raise ValueError(f"duplicates must be 'drop', 'keep' or 'flag', not {duplicates!r}")
    if chunksize is not None and (not isinstance(chunksize, int) or chunksize < 1):
        raise ValueError(f"chunksize must be a positive integer, not {chunksize!r}")


def load_corpus(
    path: str | Path,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    target_column: str | None = None,
    duplicates: str = "drop",
) -> LoadResult:
    """Load a corpus folder, corpus file or table into the documents table.

    Parameters
    ----------
    path : str or Path
        A folder of corpus ``.txt`` files, one corpus file, or a ``.csv``,
        ``.jsonl`` or ``.parquet`` table.
    text_column, id_column : str
        Column names in a table (``id_column`` is optional in the table; rows are
        numbered from 0 without it).
    target_column : str, optional
        A column naming each document's stance target; copied to ``target``.
    duplicates : {'drop', 'keep', 'flag'}
        What to do with documents whose text repeats an earlier one: drop them
        (default), keep them silently, or keep them and report them. Dropped
        duplicates are always named in the report.

    Returns
    -------
    LoadResult
        ``.documents`` (the documents table) and ``.report`` (the load report);
        it also unpacks as ``documents, report = load_corpus(...)``.

    Raises
    ------
    CorpusError
        When the path does not exist, a folder holds no corpus files, or a table
        lacks the text column (the message names the columns it has).

    Examples
    --------
    >>> from analysis.config import SEEDS_DIR
    >>> documents, report = load_corpus(SEEDS_DIR)
    >>> documents[["doc_id", "title"]].iloc[0].tolist()
    ['000_8bbda963f57d3b5b', 'Kazakhstan, China ready to deepen strategic partnership, fight COVID-19']
    >>> len(report)
    0
    """
    _check_options(duplicates)
    chunks = list(iter_corpus(path, text_column=text_column, id_column=id_column,
                              target_column=target_column, duplicates=duplicates, chunksize=None))
    documents = pd.concat([c.documents for c in chunks], ignore_index=True) if chunks else _empty_documents()
    report = pd.concat([c.report for c in chunks], ignore_index=True) if chunks else _report_frame([])
    return LoadResult(documents, report)


def iter_corpus(
    path: str | Path,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    target_column: str | None = None,
    duplicates: str = "drop",
    chunksize: int | None = 10_000,
) -> Iterator[LoadResult]:
    """Load a corpus in chunks of at most ``chunksize`` documents.

    Same parameters as :func:`load_corpus`; ``chunksize=None`` yields one chunk.
    Duplicate texts are detected within each chunk, so a streamed run keeps
    memory flat; doc_ids are made unique across the whole run. Each chunk carries the report rows that arose while reading it.
    """
    _check_options(duplicates, chunksize)
    path = Path(path)
    options = dict(text_column=text_column, id_column=id_column, target_column=target_column)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    seen: dict[str, int] = {}
    if path.is_dir():
        report = _Reporter()
        files = _corpus_files(path, report)
        if not files:
            raise CorpusError(f"{path}: the folder holds no corpus files (.txt)")
        step = chunksize or len(files)
        for start in range(0, len(files), step):
            rows = [r for r in (_read_corpus_file(f, report) for f in files[start:start + step]) if r]
            frame = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS) if rows else _empty_documents()
            frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
            if target_column is not None:
                frame["target"] = ""
            yield LoadResult(_finish(frame, report, duplicates=duplicates, seen=seen), report.frame())
            report = _Reporter()
        return
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        yield from _iter_table(path, chunksize=chunksize, duplicates=duplicates, **options)
        return
    report = _Reporter()
    row = _read_corpus_file(path, report)
    frame = pd.DataFrame([row] if row else [], columns=DOCUMENT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    if target_column is not None:
        frame["target"] = ""
    yield LoadResult(_finish(frame, report, duplicates=duplicates, seen=seen), report.frame())


def _parquet_tables(path: Path, chunksize: int | None) -> Iterator[pd.DataFrame]:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=chunksize or 1 << 30):
        yield batch.to_pandas()


def _iter_table(path: Path, *, chunksize, duplicates, **options) -> Iterator[LoadResult]:
    seen: dict[str, int] = {}
    current = [_Reporter()]  # the reporter of the chunk being read

    def report(*args, **kwargs):
        current[0](*args, **kwargs)

    readers = {".parquet": lambda: _parquet_tables(path, chunksize),
               ".jsonl": lambda: _jsonl_tables(path, report, chunksize),
               ".csv": lambda: _csv_tables(path, report, chunksize)}
    offset = 0
    for table in readers[path.suffix.lower()]():
        if not len(table):
            continue
        docs = _table_to_documents(table, path, current[0], row_offset=offset, **options)
        offset += len(table)
        yield LoadResult(_finish(docs, current[0], duplicates=duplicates, seen=seen), current[0].frame())
        current[0] = _Reporter()
    if offset:
        if current[0].rows:  # problems met after the last chunk was read
            empty = _empty_documents(("target",) if options["target_column"] is not None else ())
            yield LoadResult(empty, current[0].frame())
        return
    # no row at all: read the table whole (once more, so each problem is reported once) for its
    # columns, so that a missing text column is named as in any other table
    current[0] = _Reporter()
    table = read_table(path, current[0])
    if table.empty and not len(table.columns):
        raise CorpusError(f"{path}: the table is empty (no columns)")
    docs = _table_to_documents(table, path, current[0], **options)
    yield LoadResult(_finish(docs, current[0], duplicates=duplicates, seen=seen), current[0].frame())


def documents_from_frame(
    frame: pd.DataFrame,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    target_column: str | None = None,
    duplicates: str = "drop",
) -> LoadResult:
    """Turn a frame shaped like a CSV corpus into the documents table, as a load would.

    ``frame`` is what ``pandas.read_csv("corpus.csv")`` gives for a table corpus: a
    text column and optional ``doc_id``, ``date``, ``title``, ``source`` and target
    columns (any dtypes; missing values are empty). Each row is read exactly as
    :func:`load_corpus` reads a row of a ``.csv`` file: the title becomes the first
    paragraph of ``text``, dates are parsed (NaT when unknown), ids become strings.
    ``frame`` itself is not changed.

    Parameters
    ----------
    frame : pandas.DataFrame
        The corpus, one row per document.
    text_column, id_column : str
        Column names (``id_column`` is optional; rows are numbered from 0 without it).
    target_column : str, optional
        A column naming each document's stance target; copied to ``target``.
    duplicates : {'drop', 'keep', 'flag'}
        As for :func:`load_corpus`: rows whose text repeats an earlier one are
        dropped (default) and named in the report, kept silently, or kept and
        reported.

    Returns
    -------
    LoadResult
        ``.documents`` (the documents table) and ``.report`` (the load report, with
        ``source`` ``<DataFrame>``); it unpacks as ``documents, report``.

    Raises
    ------
    ValueError
        When the text (or target) column is missing (a :class:`CorpusError` naming the
        columns the frame has), or when a ``doc_id`` repeats (the message names the
        ids and their rows; ``load_corpus`` renames such ids in a file, but a frame in
        memory is the caller's to fix).

    Examples
    --------
    >>> frame = pd.DataFrame({"doc_id": [7, 8], "title": ["Trade talks", None],
    ...                       "text": ["Exports rose.", "Vaccines arrived."],
    ...                       "date": ["2020-09-12", "not a date"]})
    >>> documents, report = documents_from_frame(frame)
    >>> documents[["doc_id", "title", "text"]].values.tolist()
    [['7', 'Trade talks', 'Trade talks\\n\\nExports rose.'], ['8', '', 'Vaccines arrived.']]
    >>> documents["date"].dt.strftime("%Y-%m-%d").tolist(), len(report)
    (['2020-09-12', nan], 1)
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    _check_options(duplicates)
    report = _Reporter()
    table = frame.drop(columns="__line__") if "__line__" in frame.columns else frame
    documents = _table_to_documents(table.reset_index(drop=True), Path("<DataFrame>"), report,
                                    text_column=text_column, id_column=id_column, target_column=target_column)
    repeated = documents["doc_id"].duplicated(keep=False)
    if repeated.any():
        rows: dict[str, list[int]] = {}
        for i in repeated.to_numpy().nonzero()[0]:
            rows.setdefault(documents["doc_id"].iloc[i], []).append(int(i))
        named = "; ".join(f"{doc_id!r} (rows {', '.join(map(str, r))})" for doc_id, r in list(rows.items())[:5])
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        raise ValueError(f"{id_column!r} must be unique, but {len(rows)} id(s) repeat: {named}{more}")
    return LoadResult(_finish(documents, report, duplicates=duplicates), report.frame())
