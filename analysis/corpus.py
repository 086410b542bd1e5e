"""Load a corpus into the **documents** table, with a load report.

A corpus is a folder of corpus ``.txt`` files, one such file, or a table
(``.csv``, ``.jsonl``, ``.parquet``) with a text column. A corpus file has the
header line `` date YYYY-MM-DD Title``, a blank line, then paragraphs.

Bad input never crashes a load and is never dropped silently: every problem is a
row of the **load report**, with the columns ``source`` (the file), ``line``
(its physical line, where there is one: the line a CSV record starts on, even
when a quoted text spans lines), ``doc_id`` (where known), ``kind`` (one of
:data:`REPORT_KINDS`), ``problem`` (what was wrong) and ``action`` (what was
done about it).

The documents table has the columns

``doc_id`` (str), ``date`` (datetime64, NaT if unknown), ``title`` (str),
``text`` (str), ``source`` (str), ``path`` (str), plus a ``target`` column when
a target column was asked for.

``text`` is the whole document as the later stages see it: when a document has a
title, ``text`` starts with the title as its own paragraph, so that every
sentence, the title included, is ``text[start:end]``. Mojibake (UTF-8 text that
was once decoded as cp1252 or latin-1: ``Chinaâ€™s`` for ``China’s``) is
repaired with `ftfy <https://ftfy.readthedocs.io>`_ before anything else reads
the text (``repair=False`` keeps it as it is), so every offset refers to the
repaired text.

A document whose text repeats an earlier one's is a **duplicate**: two texts are
the same when they are equal once Unicode-normalised (NFC), with every run of
white space made one space, and lower-cased (:func:`text_digest`). Only a
16-byte digest of each text is kept, for the whole corpus, so the result is the
same however the corpus is cut into chunks or partitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pandas as pd

from .encoding import decode_bytes, is_utf16, looks_binary, repair_example, repair_text, text_digest
from .tables import CorpusError, check_columns, read_tables

__all__ = [
    "CorpusError",
    "LoadResult",
    "load_corpus",
    "iter_corpus",
    "documents_from_frame",
    "check_unique_ids",
    "parse_corpus_text",
    "decode_bytes",
    "repair_text",
    "text_digest",
    "REPORT_COLUMNS",
    "REPORT_KINDS",
    "DOCUMENT_COLUMNS",
    # the pieces of a load, for analysis.distributed (which reads Parquet partitions on workers)
    "Reporter",
    "report_frame",
    "table_to_documents",
    "string_columns",
    "check_options",
    "Seen",
    "unique_documents",
]

#: Columns of the documents table, in order.
DOCUMENT_COLUMNS = ["doc_id", "date", "title", "text", "source", "path"]
#: Columns of the load report, in order.
REPORT_COLUMNS = ["source", "line", "doc_id", "kind", "problem", "action"]
#: Every kind of load problem, with what is done about it.
REPORT_KINDS = {
    "unreadable-file": "the file cannot be opened or read; skipped",
    "empty-file": "the file holds nothing but white space; skipped",
    "binary-file": "the file is not text; skipped",
    "not-corpus-file": "a file in a corpus folder that is not a .txt corpus file; ignored",
    "not-utf8": "the file is not valid UTF-8; decoded as UTF-16 (by its byte-order mark), cp1252 or latin-1",
    "repaired-encoding": "mojibake in the text was repaired (ftfy); the document is labelled repaired",
    "bad-header": "a corpus file's header line is missing, malformed or has no title; the text is kept",
    "bad-date": "a date that cannot be read, is impossible or is out of range; the date is NaT",
    "empty-text": "a document with no text (and no title); not labelled",
    "too-few-fields": "a CSV row with fewer fields than the header; not labelled",
    "too-many-fields": "a CSV row with more fields than the header; not labelled",
    "malformed-row": "a CSV row or JSON line that cannot be parsed, or a JSON line that is not an object; "
                     "not labelled",
    "no-text-field": "a JSON record without the text field; not labelled",
    "duplicate-id": "a doc_id already used; the document is renamed id~N and labelled",
    "duplicate-text": "the same text as an earlier document; dropped (kept with --keep-duplicates)",
}
#: File extensions read as tables.
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
#: Files of these kinds in a corpus folder are skipped without a report: they are what
#: this suite writes (tables, figures), not corpus files.
OUTPUT_SUFFIXES = (".csv", ".parquet", ".png")

_HEADER = re.compile(r"^[ \t\ufeff]*date[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class LoadResult:
    """The outcome of a load: the documents table and the load report."""

    documents: pd.DataFrame
    report: pd.DataFrame = field(default_factory=lambda: report_frame([]))

    def __iter__(self):
        # allows ``documents, report = load_corpus(...)``
        return iter((self.documents, self.report))


def report_frame(rows: list[dict]) -> pd.DataFrame:
    """The load report of ``rows`` (dicts with :data:`REPORT_COLUMNS`): ``line`` as Int64, the rest as str.

    Examples
    --------
    >>> report_frame([]).columns.tolist() == REPORT_COLUMNS
    True
    """
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    report["line"] = report["line"].astype("Int64")
    for name in ("source", "doc_id", "kind", "problem", "action"):
        report[name] = report[name].astype("str")  # doc_id: NaN where unknown
    return report


def _empty_documents(extra: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in DOCUMENT_COLUMNS + list(extra)})
    frame["date"] = pd.Series(dtype="datetime64[ns]")
    return frame




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


class Reporter:
    """Collects load-report rows (see :data:`REPORT_COLUMNS`).

    Examples
    --------
    >>> report = Reporter()
    >>> report("a.txt", "empty file", "skipped", kind="empty-file", doc_id="a")
    >>> report.frame()[["source", "kind", "action"]].values.tolist()
    [['a.txt', 'empty-file', 'skipped']]
    """

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def __call__(self, source, problem: str, action: str, line=None, *, kind: str, doc_id=None) -> None:
        assert kind in REPORT_KINDS, kind
        self.rows.append({"source": str(source), "line": line, "doc_id": doc_id, "kind": kind,
                          "problem": problem, "action": action})

    def frame(self) -> pd.DataFrame:
        """The rows, by source and line (rows without a line first, in the order they came)."""
        rows = sorted(self.rows, key=lambda r: (r["source"], -1 if r["line"] is None else r["line"]))
        return report_frame(rows)


# --- corpus files ---------------------------------------------------------------------------


def _header_kind(problem: str) -> str:
    return "bad-header" if "header line" in problem or "no title" in problem else "bad-date"


def _read_corpus_file(path: Path, report: Reporter, *, repair: bool = True) -> dict | None:
    doc_id = path.stem
    try:
        raw = path.read_bytes()
    except OSError as err:
        report(path, f"cannot read file: {err.strerror or err}", "skipped", kind="unreadable-file", doc_id=doc_id)
        return None
    if not raw.strip():
        report(path, "empty file", "skipped", kind="empty-file", doc_id=doc_id)
        return None
    if looks_binary(raw) and not is_utf16(raw):
        report(path, "binary file (not text)", "skipped", kind="binary-file", doc_id=doc_id)
        return None
    text, encoding = decode_bytes(raw)
    repaired = repair_text(text) if repair else text
    title, date, body, problems = parse_corpus_text(repaired)
    full = _compose_text(title, body)
    if not full.strip():  # a skipped document: only the reason it was skipped is reported
        report(path, "no text after the header", "skipped", kind="empty-text", doc_id=doc_id, line=1)
        return None
    if encoding != "utf-8":
        report(path, "not valid UTF-8", f"decoded as {encoding}", kind="not-utf8", doc_id=doc_id)
    if repaired != text:
        report(path, f"mojibake repaired: {repair_example(text, repaired)}", "labelled the repaired text",
               kind="repaired-encoding", doc_id=doc_id)
    for problem in problems:
        report(path, problem, "kept the text; date set to NaT", line=1, kind=_header_kind(problem), doc_id=doc_id)
    return {
        "doc_id": doc_id,
        "date": date,
        "title": title,
        "text": full,
        "source": "",
        "path": str(path),
    }


# --- table rows into documents --------------------------------------------------------------



def table_to_documents(
    table: pd.DataFrame,
    path: Path,
    report: Reporter,
    *,
    text_column: str,
    id_column: str,
    target_column: str | None,
    row_offset: int = 0,
    repair: bool = True,
    keep_empty: bool = False,
) -> pd.DataFrame:
    """The documents of one table (or chunk of one): rows with no text are reported and left out
    (``keep_empty``: kept, unreported, as a frame given to the API keeps every row)."""
    # the optional columns are found whatever their case ("Title", "DATE")
    renames = {}
    for name in ("title", "date", "source"):
        if name not in table.columns:
            match = [c for c in table.columns if isinstance(c, str) and c.lower() == name and c != text_column]
            if match:
                renames[match[0]] = name
    table = table.rename(columns=renames)
    if path.suffix.lower() != ".jsonl":  # a JSON record may lack the target field: its target is ""
        check_columns(table.columns, path, text_column=text_column, target_column=target_column)
    n = len(table)
    if "__line__" in table.columns:
        lines = table["__line__"].astype(int).tolist()
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
    has_titles = "title" in table.columns and text_column != "title"
    titles = column("title").str.strip() if has_titles else pd.Series([""] * n, index=table.index, dtype=object)
    if id_column in table.columns:
        ids = column(id_column)
    else:
        ids = pd.Series([str(row_offset + i) for i in range(n)], index=table.index, dtype=object)
    ids, texts, titles = ids.tolist(), texts.tolist(), titles.tolist()
    fixed_texts = [repair_text(t) for t in texts] if repair else texts
    fixed_titles = [repair_text(t) if t else t for t in titles] if repair else titles
    if "date" in table.columns:
        raw_dates = table["date"]
        # utc=True: offsets ('+02:00', 'Z', or mixed) become UTC instead of raising; naive dates stay as they are
        dates = pd.to_datetime(raw_dates.astype(object).where(raw_dates.notna(), None), errors="coerce",
                               format="mixed", utc=True).dt.tz_localize(None)
        # out of the datetime64[ns] range: NaT (and reported below), never a wrapped-around date
        dates = dates.where(dates.isna() | dates.between(pd.Timestamp.min, pd.Timestamp.max), pd.NaT)
        bad_dates = (dates.isna() & raw_dates.notna() & (raw_dates.astype(str).str.strip() != "")).tolist()
    else:
        dates = pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns]")
        bad_dates = [False] * n
    full = [_compose_text(t, b) if t and not b.startswith(t) else b for t, b in zip(fixed_titles, fixed_texts)]
    keep = [True] * n
    for i, text in enumerate(full):
        if (not text or text.isspace()) and not keep_empty:
            report(path, f"row {ids[i]!r} has an empty text", "row skipped", line=lines[i], kind="empty-text",
                   doc_id=ids[i])
            keep[i] = False
            continue
        if fixed_texts[i] is not texts[i] or fixed_titles[i] is not titles[i]:  # ftfy ran: did it change anything?
            old, new = ((texts[i], fixed_texts[i]) if fixed_texts[i] != texts[i] else (titles[i], fixed_titles[i]))
            if old != new:
                report(path, f"mojibake repaired: {repair_example(old, new)}", "labelled the repaired text",
                       line=lines[i], kind="repaired-encoding", doc_id=ids[i])
        if bad_dates[i]:
            report(path, f"unparseable date {str(table['date'].iloc[i])!r}", "date set to NaT", line=lines[i],
                   kind="bad-date", doc_id=ids[i])
    documents = pd.DataFrame(
        {
            "doc_id": pd.Series(ids, dtype=object),
            "date": pd.to_datetime(dates).to_numpy(dtype="datetime64[ns]"),
            "title": pd.Series(fixed_titles, dtype=object),
            "text": full,
            "source": column("source").to_numpy(dtype=object),
            "path": [f"{path}:{line}" if line is not None else str(path) for line in lines],
        }
    )
    if target_column is not None:
        documents["target"] = column(target_column).to_numpy(dtype=object)
    if not all(keep):
        documents = documents[keep].reset_index(drop=True)
    return documents


def _corpus_files(folder: Path, report: Reporter) -> list[Path]:
    """The ``.txt`` files of a folder, in name order; other files are reported, except hidden
    files and this suite's outputs (:data:`OUTPUT_SUFFIXES`), which are skipped quietly."""
    files = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        raise CorpusError(f"{folder}: cannot list the folder: {err.strerror or err}") from None
    for path in entries:
        if path.name.startswith(".") or path.suffix.lower() in OUTPUT_SUFFIXES:
            continue
        if path.is_file() and path.suffix.lower() == ".txt":
            files.append(path)
        elif path.is_file():
            report(path, "not a corpus file (.txt)", "ignored", kind="not-corpus-file")
    return files


def _where(path: str) -> tuple[str, int | None]:
    """Split a documents ``path`` (``file`` or ``file:line``) into report source and line."""
    head, sep, tail = path.rpartition(":")
    if sep and tail.isdigit():
        return head, int(tail)
    return path, None


@dataclass
class Seen:
    """What a load remembers across its chunks: the doc_ids given out (with the last ~N
    suffix of each) and the text digest of every document kept, with its doc_id."""

    ids: dict = field(default_factory=dict)
    digests: dict = field(default_factory=dict)


def unique_documents(doc_ids, digests, paths, report: Reporter, *, duplicates: str, seen: Seen):
    """Give repeated doc_ids a ``~N`` suffix and find repeated texts, across every chunk seen.

    Returns the new doc_ids and a keep mask (False for a duplicate that is dropped).

    Examples
    --------
    >>> report, seen = Reporter(), Seen()
    >>> unique_documents(["a", "a", "b"], [b"x", b"y", b"x"], ["f:1", "f:2", "f:3"], report,
    ...                  duplicates="drop", seen=seen)
    (['a', 'a~1', 'b'], [True, True, False])
    >>> report.frame()["kind"].tolist()
    ['duplicate-id', 'duplicate-text']
    """
    ids = []
    for doc_id, path in zip(doc_ids, paths):
        if doc_id in seen.ids:
            seen.ids[doc_id] += 1
            new_id = f"{doc_id}~{seen.ids[doc_id]}"
            while new_id in seen.ids:  # the new id may itself be taken ("a", "a", "a~1")
                seen.ids[doc_id] += 1
                new_id = f"{doc_id}~{seen.ids[doc_id]}"
            seen.ids[new_id] = 0
            source, line = _where(path)
            report(source, f"duplicate doc_id {doc_id!r}", f"renamed to {new_id!r}", line=line, kind="duplicate-id",
                   doc_id=doc_id)
            ids.append(new_id)
        else:
            seen.ids[doc_id] = 0
            ids.append(doc_id)
    keep = [True] * len(ids)
    if duplicates != "keep":
        for i, (doc_id, digest, path) in enumerate(zip(ids, digests, paths)):
            if digest is None:
                continue
            first = seen.digests.setdefault(digest, doc_id)
            if first is not doc_id:
                source, line = _where(path)
                report(source, f"duplicate document: same text as {first!r}",
                       "dropped" if duplicates == "drop" else "kept", line=line, kind="duplicate-text",
                       doc_id=doc_id)
                keep[i] = duplicates != "drop"
    return ids, keep


def _finish(documents: pd.DataFrame, report: Reporter, *, duplicates: str, seen: Seen | None = None) -> pd.DataFrame:
    documents = documents.reset_index(drop=True)
    seen = Seen() if seen is None else seen
    digests = [text_digest(t) for t in documents["text"]] if duplicates != "keep" else [None] * len(documents)
    ids, keep = unique_documents(documents["doc_id"].tolist(), digests, documents["path"].tolist(), report,
                        duplicates=duplicates, seen=seen)
    documents["doc_id"] = pd.Series(ids, dtype=object)
    if not all(keep):
        documents = documents[keep].reset_index(drop=True)
    return string_columns(documents)


def string_columns(documents: pd.DataFrame) -> pd.DataFrame:
    """A documents table with its text columns of the ``str`` dtype (the input is not changed)."""
    return documents.astype({name: "str" for name in ("doc_id", "title", "text", "source", "path")})


def check_options(duplicates: str, chunksize: int | None = None, repair: bool = True) -> None:
    """Raise ValueError naming a bad ``duplicates``, ``chunksize`` or ``repair`` option of a load.

    Examples
    --------
    >>> check_options("twice")
    Traceback (most recent call last):
    ...
    ValueError: duplicates must be 'drop', 'keep' or 'flag', not 'twice'
    """
    if duplicates not in ("drop", "keep", "flag"):
        raise ValueError(f"duplicates must be 'drop', 'keep' or 'flag', not {duplicates!r}")
    if chunksize is not None and (not isinstance(chunksize, int) or isinstance(chunksize, bool) or chunksize < 1):
        raise ValueError(f"chunksize must be a positive integer, not {chunksize!r}")
    if not isinstance(repair, bool):
        raise ValueError(f"repair must be True or False, not {repair!r}")


def load_corpus(
    path: str | Path,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    target_column: str | None = None,
    duplicates: str = "drop",
    repair: bool = True,
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
        What to do with documents whose text repeats an earlier one
        (:func:`text_digest`): drop them (default), keep them silently, or keep
        them and report them. Dropped duplicates are always named in the report.
    repair : bool, default True
        Repair mojibake with ftfy (:func:`repair_text`), reporting each repaired
        document (kind ``repaired-encoding``); False keeps the raw text.

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
    check_options(duplicates, None, repair)
    chunks = list(iter_corpus(path, text_column=text_column, id_column=id_column,
                              target_column=target_column, duplicates=duplicates, chunksize=None, repair=repair))
    extra = ("target",) if target_column is not None else ()
    documents = pd.concat([c.documents for c in chunks], ignore_index=True) if chunks else _empty_documents(extra)
    report = pd.concat([c.report for c in chunks], ignore_index=True) if chunks else report_frame([])
    return LoadResult(documents, report)


def iter_corpus(
    path: str | Path,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    target_column: str | None = None,
    duplicates: str = "drop",
    chunksize: int | None = 10_000,
    repair: bool = True,
) -> Iterator[LoadResult]:
    """Load a corpus in chunks of at most ``chunksize`` documents.

    Same parameters as :func:`load_corpus`; ``chunksize=None`` yields one chunk.
    doc_ids are made unique and duplicate texts are found across the whole run
    (a 16-byte digest per document is kept), so the documents are the same
    whatever the chunk size. Each chunk carries the report rows that arose while
    reading it.

    Examples
    --------
    >>> from analysis.config import SEEDS_DIR
    >>> [len(chunk.documents) for chunk in iter_corpus(SEEDS_DIR, chunksize=10)]
    [1]
    """
    check_options(duplicates, chunksize, repair)
    path = Path(path)
    options = dict(text_column=text_column, id_column=id_column, target_column=target_column)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    seen = Seen()
    if path.is_dir():
        report = Reporter()
        files = _corpus_files(path, report)
        if not files:
            raise CorpusError(f"{path}: the folder holds no corpus files (.txt); give a .csv, .jsonl or "
                              f".parquet table itself as the corpus")
        step = chunksize or len(files)
        for start in range(0, len(files), step):
            rows = [r for r in (_read_corpus_file(f, report, repair=repair) for f in files[start:start + step]) if r]
            yield LoadResult(_finish(_file_frame(rows, target_column), report, duplicates=duplicates, seen=seen),
                             report.frame())
            report = Reporter()
        return
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        yield from _iter_table(path, chunksize=chunksize, duplicates=duplicates, repair=repair, seen=seen,
                               **options)
        return
    report = Reporter()
    row = _read_corpus_file(path, report, repair=repair)
    yield LoadResult(_finish(_file_frame([row] if row else [], target_column), report, duplicates=duplicates,
                             seen=seen), report.frame())


def _file_frame(rows: list[dict], target_column: str | None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS) if rows else _empty_documents()
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    if target_column is not None:
        frame["target"] = ""
    return frame


def _iter_table(path: Path, *, chunksize, duplicates, repair, seen: Seen, **options) -> Iterator[LoadResult]:
    current = [Reporter()]  # the reporter of the chunk being read

    def report(*args, **kwargs):
        current[0](*args, **kwargs)

    extra = ("target",) if options["target_column"] is not None else ()
    offset = 0
    tables = read_tables(path, report, chunksize, text_column=options["text_column"],
                     target_column=options["target_column"], id_column=options["id_column"])
    for table in tables:
        if not len(table):  # a header without rows: only its columns are checked
            if path.suffix.lower() != ".jsonl":
                check_columns(table.columns, path, text_column=options["text_column"],
                               target_column=options["target_column"])
            continue
        docs = table_to_documents(table, path, current[0], row_offset=offset, repair=repair, **options)
        offset += len(table)
        yield LoadResult(_finish(docs, current[0], duplicates=duplicates, seen=seen), current[0].frame())
        current[0] = Reporter()
    if current[0].rows or not offset:  # problems met after the last chunk was read, or no row at all
        yield LoadResult(string_columns(_empty_documents(extra)), current[0].frame())


def documents_from_frame(
    frame: pd.DataFrame,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    target_column: str | None = None,
    duplicates: str = "drop",
    keep_empty: bool = False,
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
    keep_empty : bool, default False
        Keep rows with an empty text (they get no sentence); by default they are
        reported (kind ``empty-text``) and left out, as a load does.

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
    check_options(duplicates)
    report = Reporter()
    table = frame.drop(columns="__line__") if "__line__" in frame.columns else frame
    documents = table_to_documents(table.reset_index(drop=True), Path("<DataFrame>"), report,
                                    text_column=text_column, id_column=id_column, target_column=target_column,
                                    keep_empty=keep_empty)
    check_unique_ids(documents["doc_id"], column=id_column)
    return LoadResult(_finish(documents, report, duplicates=duplicates), report.frame())


def check_unique_ids(ids: pd.Series, *, column: str = "doc_id") -> None:
    """Raise ValueError naming the repeated ids of ``ids`` and their rows (the first five).

    A documents table in memory is the caller's to fix (a load renames repeated ids of a file).

    Examples
    --------
    >>> check_unique_ids(pd.Series(["a", "b", "a"]))
    Traceback (most recent call last):
    ...
    ValueError: 'doc_id' must be unique, but 1 id(s) repeat: 'a' (rows 0, 2)
    """
    repeated = ids.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return
    rows: dict[str, list[int]] = {}
    for i, doc_id in zip(repeated.nonzero()[0], ids.to_numpy(dtype=object)[repeated]):
        rows.setdefault(doc_id, []).append(int(i))
    named = "; ".join(f"{doc_id!r} (rows {', '.join(map(str, r))})" for doc_id, r in list(rows.items())[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    raise ValueError(f"{column!r} must be unique, but {len(rows)} id(s) repeat: {named}{more}")
