"""Read table files (``.csv``, ``.jsonl``, ``.parquet``) into raw tables, in chunks.

One job: a table corpus file in, pandas tables of its rows out (at most
``chunksize`` rows each), every cell as the file has it. A row that cannot be
read is skipped and reported to the ``report`` callable it is given (with its
physical line); a file that cannot be read at all raises :class:`CorpusError`.
Turning the rows into the documents table (titles, dates, ids, repair) is
:mod:`analysis.corpus`'s job.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Iterator

import pandas as pd

from .encoding import clean_surrogates, decode_bytes, is_utf16, looks_binary

__all__ = ["CorpusError", "read_tables", "parquet_file", "check_columns"]

#: JSON records looked at for the text (and target) field before the file is refused.
_FIELD_PROBE = 1000


class CorpusError(ValueError):
    """Raised when a corpus cannot be read at all (the message says why)."""


def _check_not_binary(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as err:
        raise CorpusError(f"{path}: cannot read: {err.strerror or err}") from None
    if is_utf16(head) and path.suffix.lower() != ".csv":
        raise CorpusError(f"{path}: UTF-16 text, which is read only in .csv tables; save it as UTF-8")
    if looks_binary(head) and not is_utf16(head):
        raise CorpusError(f"{path}: binary file, not a {path.suffix.lower()} table")


def _jsonl_tables(path: Path, report, chunksize: int | None = None, *, text_column: str = "text",
                  target_column: str | None = None) -> Iterator[pd.DataFrame]:
    """Read a JSONL file line by line; yield tables of at most ``chunksize`` records.

    Each record keeps its line number in ``__line__``. A record without the text
    field is reported and skipped; when none of the first records has it (or the
    target field), the file is refused with the fields it has. A chunk is
    yielded only once the next record is met (or the file ends), so the problems
    of the lines that follow a chunk are reported with the next one.
    """
    _check_not_binary(path)
    records: list[dict] = []
    probe: list[tuple[int, dict]] = []  # the first records, until the text field is known to be there
    keys: dict[str, None] = {}
    found = {text_column: False, target_column: target_column is None}
    warned = anything = False
    number = 0

    def check_fields() -> None:
        for name, ok in found.items():
            if not ok:
                have = ", ".join(map(repr, keys)) or "none"
                what = "text" if name == text_column else "target"
                raise CorpusError(f"{path}: no {what} field {name!r} in the first {len(probe)} records; "
                                  f"they have the fields: {have}")

    def accept(line_number: int, record: dict):
        if text_column not in record:
            report(path, f"record has no {text_column!r} field", "row skipped", line=line_number,
                   kind="no-text-field", doc_id=_record_id(record))
            return None
        record["__line__"] = line_number
        return record

    with path.open("rb") as handle:
        for raw in handle:
            text, encoding = decode_bytes(raw)
            if encoding != "utf-8" and not warned:
                report(path, "not valid UTF-8", f"decoded as {encoding}", kind="not-utf8")
                warned = True
            if "\r" in text:  # old Mac or Windows line ends: the raw line may hold several lines
                lines = text.rstrip("\r\n").replace("\r\n", "\n").replace("\r", "\n").split("\n")
            else:
                lines = (text.rstrip("\n"),)
            for line in lines:
                number += 1
                if not line or line.isspace():
                    continue
                anything = True
                try:
                    record = json.loads(line)
                    if "\\ud" in line or "\\uD" in line:  # an escaped surrogate, maybe a lone one
                        clean = _clean_record(record)
                        if clean != record:
                            report(path, "lone surrogate escapes (not characters) replaced by U+FFFD",
                                   "labelled the repaired text", line=number, kind="repaired-encoding",
                                   doc_id=_record_id(clean) if isinstance(clean, dict) else None)
                        record = clean
                except json.JSONDecodeError as err:
                    report(path, f"malformed JSON: {err.msg}", "row skipped", line=number, kind="malformed-row")
                    continue
                except RecursionError:
                    report(path, "malformed JSON: nested too deeply", "row skipped", line=number,
                           kind="malformed-row")
                    continue
                if not isinstance(record, dict):
                    report(path, "JSON line is not an object", "row skipped", line=number, kind="malformed-row")
                    continue
                if probe is not None:  # still looking for the text field
                    probe.append((number, record))
                    keys.update(dict.fromkeys(map(str, record)))
                    for name in found:
                        found[name] = found[name] or name in record
                    if all(found.values()):
                        held, probe = probe, None
                        for n, r in held:
                            r = accept(n, r)
                            if r is not None:
                                records.append(r)
                    elif len(probe) >= _FIELD_PROBE:
                        check_fields()
                    continue
                record = accept(number, record)
                if record is None:
                    continue
                while chunksize and len(records) >= chunksize:
                    yield pd.DataFrame.from_records(records[:chunksize])
                    records = records[chunksize:]
                records.append(record)
    if probe:
        check_fields()
    if not anything:
        raise CorpusError(f"{path}: the table is empty (no records)")
    while chunksize and len(records) > chunksize:
        yield pd.DataFrame.from_records(records[:chunksize])
        records = records[chunksize:]
    if records:
        yield pd.DataFrame.from_records(records)


def _clean_record(record):
    if isinstance(record, dict):
        return {clean_surrogates(str(k)): _clean_record(v) for k, v in record.items()}
    if isinstance(record, list):
        return [_clean_record(v) for v in record]
    return clean_surrogates(record) if isinstance(record, str) else record


def _record_id(record: dict):
    value = record.get("doc_id")
    return None if value is None else str(value)


def _file_encoding(path: Path) -> str:
    """The first of utf-8, cp1252, latin-1 that decodes the whole file (read in blocks)."""
    import codecs

    with path.open("rb") as handle:
        if is_utf16(handle.read(2)):
            return "utf-16"
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
        except OSError as err:
            raise CorpusError(f"{path}: cannot read: {err.strerror or err}") from None
    return "latin-1"


def _unique_columns(header: list[str]) -> list[str]:
    """Header names made unique as pandas does: a repeated ``a`` becomes ``a.1``; a blank one ``Unnamed: i``."""
    columns: list[str] = []
    taken: set[str] = set()
    for i, name in enumerate(header):
        name = name if name.strip() else f"Unnamed: {i}"
        new, k = name, 0
        while new in taken:
            k += 1
            new = f"{name}.{k}"
        taken.add(new)
        columns.append(new)
    return columns


def _csv_tables(path: Path, report, chunksize: int | None = None, *, id_column: str = "doc_id"
                ) -> Iterator[pd.DataFrame]:
    """Read a CSV file in tables of at most ``chunksize`` rows (one table when None).

    Each row keeps the physical line it starts on in ``__line__`` (a quoted text
    may span lines). A row with fewer or more fields than the header, or that
    cannot be parsed, is skipped and reported with its line; a file that is not
    UTF-8 is decoded as cp1252 (or latin-1) and reported once. A file with a
    header and no rows yields one empty table with the header's columns.
    """
    _check_not_binary(path)
    encoding = _file_encoding(path)
    if encoding != "utf-8-sig":
        report(path, "not valid UTF-8", f"decoded as {encoding}", kind="not-utf8")
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, strict=True)
        columns = None
        records: list[list[str]] = []
        yielded = False
        last = 0  # the physical line the previous row ended on
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as err:
                why = "a quote opened here is never closed" if "end of data" in str(err) else str(err)
                report(path, f"malformed CSV row: {why}", "row skipped", line=last + 1, kind="malformed-row")
                last = reader.line_num
                continue
            start, last = last + 1, reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            if columns is None:
                columns = _unique_columns(row)
                continue
            if len(row) != len(columns):
                few = len(row) < len(columns)
                at = columns.index(id_column) if id_column in columns else None
                report(path, f"CSV row has {len(row)} fields, the header {len(columns)}", "row skipped",
                       line=start, kind="too-few-fields" if few else "too-many-fields",
                       doc_id=row[at] if at is not None and at < len(row) else None)
                continue
            row.append(start)
            records.append(row)
            if chunksize and len(records) == chunksize:
                yield pd.DataFrame(records, columns=[*columns, "__line__"], dtype=object)
                records, yielded = [], True
    if columns is None:
        raise CorpusError(f"{path}: the table is empty (no header line)")
    if records or not yielded:
        yield pd.DataFrame(records, columns=[*columns, "__line__"], dtype=object)


def parquet_file(path: Path):
    """The :class:`pyarrow.parquet.ParquetFile` at ``path``; :class:`CorpusError` when it cannot be read."""
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except OSError as err:
        raise CorpusError(f"{path}: cannot read: {err.strerror or err}") from None
    except Exception as err:  # pyarrow's ArrowInvalid and kin: not a Parquet file
        raise CorpusError(f"{path}: not a readable Parquet file ({err})") from None


def _parquet_tables(path: Path, chunksize: int | None) -> Iterator[pd.DataFrame]:
    file = parquet_file(path)
    if not file.schema_arrow.names:
        raise CorpusError(f"{path}: the table is empty (no columns)")
    if file.metadata.num_rows == 0:
        yield file.schema_arrow.empty_table().to_pandas()
        return
    for batch in file.iter_batches(batch_size=chunksize or 1 << 30):
        yield batch.to_pandas()


def read_tables(path: Path, report, chunksize, *, text_column, target_column, id_column="doc_id"
                ) -> Iterator[pd.DataFrame]:
    """The rows of a ``.csv``, ``.jsonl`` or ``.parquet`` file, in tables of at most ``chunksize`` (None: one).

    Parameters
    ----------
    path : Path
        The table file; its extension says how it is read (anything but
        ``.parquet`` and ``.jsonl`` is read as CSV).
    report : callable
        Called as ``report(source, problem, action, line=None, *, kind, doc_id=None)``
        for every row skipped and every repair (``analysis.corpus.Reporter``).
    chunksize : int or None
        Rows per table.
    text_column, target_column, id_column : str
        The fields a JSONL record must have (text, target) and the column that
        names a skipped CSV row.

    Returns
    -------
    iterator of pandas.DataFrame
        The tables; CSV and JSONL rows keep the physical line they start on in
        ``__line__``. Nothing is read before the first table is asked for.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = Path(tmp.name)
    >>> _ = (folder / "c.csv").write_text("doc_id,text\\na,Trade talks.\\nb,Vaccines,too many\\n")
    >>> problems = []
    >>> tables = read_tables(folder / "c.csv", lambda *a, **k: problems.append(k["kind"]), None,
    ...                      text_column="text", target_column=None)
    >>> [table.values.tolist() for table in tables], problems
    ([[['a', 'Trade talks.', 2]]], ['too-many-fields'])
    >>> tmp.cleanup()
    """
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _parquet_tables(path, chunksize)
    if suffix == ".jsonl":
        return _jsonl_tables(path, report, chunksize, text_column=text_column, target_column=target_column)
    return _csv_tables(path, report, chunksize, id_column=id_column)


def check_columns(columns, path: Path, *, text_column: str, target_column: str | None) -> None:
    """Raise :class:`CorpusError` naming the columns a table has when the text (or target) column is not one.

    Examples
    --------
    >>> try:
    ...     check_columns(["doc_id", "body"], Path("c.csv"), text_column="text", target_column=None)
    ... except CorpusError as err:
    ...     print(err)
    c.csv: no text column 'text'; the table has columns: doc_id, body
    """
    columns = [c for c in columns if c != "__line__"]
    for name, what in ((text_column, "text"), (target_column, "target")):
        if name is not None and name not in columns:
            have = ", ".join(map(str, columns)) or "none"
            raise CorpusError(f"{path}: no {what} column {name!r}; the table has columns: {have}")
