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

import csv
import functools
import hashlib
import json
import re
import sys
import unicodedata
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
    "check_unique_ids",
    "parse_corpus_text",
    "decode_bytes",
    "repair_text",
    "text_digest",
    "REPORT_COLUMNS",
    "REPORT_KINDS",
    "DOCUMENT_COLUMNS",
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
#: JSON records looked at for the text (and target) field before the file is refused.
_FIELD_PROBE = 1000


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
    for name in ("source", "doc_id", "kind", "problem", "action"):
        report[name] = report[name].astype("str")  # doc_id: NaN where unknown
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
    if _utf16(raw):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _utf16(raw: bytes) -> bool:
    """UTF-16 with its byte-order mark (what Excel's "Unicode text" writes)."""
    return raw.startswith((b"\xff\xfe", b"\xfe\xff"))


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
    """Collects load-report rows (see :data:`REPORT_COLUMNS`)."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def __call__(self, source, problem: str, action: str, line=None, *, kind: str, doc_id=None) -> None:
        assert kind in REPORT_KINDS, kind
        self.rows.append({"source": str(source), "line": line, "doc_id": doc_id, "kind": kind,
                          "problem": problem, "action": action})

    def frame(self) -> pd.DataFrame:
        """The rows, by source and line (rows without a line first, in the order they came)."""
        rows = sorted(self.rows, key=lambda r: (r["source"], -1 if r["line"] is None else r["line"]))
        return _report_frame(rows)


# --- text repair and the duplicate key ------------------------------------------------------

# UTF-8 read as cp1252 or latin-1 turns each multi-byte character into a lead character
# (U+00C2..U+00F4) followed by a continuation byte read as latin-1 (U+0080..U+00BF) or as one of
# cp1252's printable characters of 0x80..0xBF. Text without such a pair has no mojibake of this
# family and skips ftfy.
_CP1252_HIGH = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" \
               "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]")
# What ftfy (with the config below) may change: such a pair, a C1 control character
# (fix_c1_controls) or a lone surrogate (fix_surrogates).
_NEEDS_FTFY = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]|[\u0080-\u009f\ud800-\udfff]")
_WORD_END = re.compile("[ \n]")
_FTFY_CONFIG = None


def _ftfy_config():
    """ftfy's encoding fixes only: no change to quotes, ligatures, widths, line breaks or HTML."""
    global _FTFY_CONFIG
    if _FTFY_CONFIG is None:
        import ftfy

        _FTFY_CONFIG = ftfy.TextFixerConfig(
            unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
            fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False, remove_control_chars=False,
            normalization=None, explain=False)
    return _FTFY_CONFIG


@functools.lru_cache(maxsize=1 << 16)
def _repair_word(word: str) -> str:
    """ftfy's repair of one word (with its following space, which ftfy may read as a lost byte 0xA0)."""
    import ftfy

    return ftfy.fix_text(word, _ftfy_config())


def repair_text(text: str) -> str:
    """Repair mojibake (UTF-8 once decoded as cp1252 or latin-1) with ftfy.

    Only the encoding is fixed: quotes, ligatures, line breaks and the rest of
    the text are left as they are. Text without mojibake is returned unchanged
    (the same object).

    ftfy repairs each word that may need it (a run of characters between spaces
    and line breaks, with its following space): mojibake never spans a space,
    and a news corpus repeats the same few broken words (``donâ€™t``,
    ``â€œWe``), so each is repaired once. ftfy on a whole line costs about a
    millisecond per news article, mostly in its check for bad text.

    Examples
    --------
    >>> repair_text("Chinaâ€™s partners met in SÃ£o Paulo.")
    'China’s partners met in São Paulo.'
    >>> repair_text("China’s partners")
    'China’s partners'
    """
    if text.isascii() or not _MOJIBAKE.search(text):
        return text
    pieces = []
    done = 0
    for match in _NEEDS_FTFY.finditer(text):
        at = match.start()
        if at < done:
            continue  # in a word already repaired
        start = max(done, text.rfind(" ", done, at) + 1, text.rfind("\n", done, at) + 1)
        space = _WORD_END.search(text, match.end())
        end = len(text) if space is None else space.end() if space.group() == " " else space.start()
        pieces += (text[done:start], _repair_word(text[start:end]))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _repair_example(old: str, new: str) -> str:
    """The first word that a repair changed, before and after: ``'Chinaâ€™s' -> 'China’s'``."""
    i, high = 0, min(len(old), len(new))  # i: the length of the common start, found by halving
    while i < high:
        middle = (i + high + 1) // 2
        if old[:middle] == new[:middle]:
            i = middle
        else:
            high = middle - 1

    def word(text: str) -> str:
        start = max(text.rfind(" ", 0, i), text.rfind("\n", 0, i)) + 1
        end = min([k for k in (text.find(" ", i), text.find("\n", i)) if k >= 0] or [len(text)])
        return text[start:end][:40]

    return f"{word(old)!r} -> {word(new)!r}"


def text_digest(text: str) -> bytes | None:
    """The key by which duplicate documents are found (None for an empty text).

    The text is Unicode-normalised (NFC), every run of white space (Unicode's)
    becomes one space, it is lower-cased, and the result is hashed (BLAKE2b, 16
    bytes): texts that differ only in white space, case or Unicode composition
    are duplicates.

    Examples
    --------
    >>> text_digest("Trade  talks\\nresumed.") == text_digest("trade talks resumed.")
    True
    >>> text_digest("Trade talks resumed.") == text_digest("Trade talks resumed!")
    False
    >>> text_digest(" \\n") is None
    True
    """
    # lower() rather than casefold(): the same but for a few letters (ß), and a fifth faster
    key = " ".join((text if text.isascii() else unicodedata.normalize("NFC", text)).lower().split())
    if not key:
        return None
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean_surrogates(text: str) -> str:
    """Lone surrogates (from JSON escapes such as ``\\ud800``) cannot be written as UTF-8: U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


# --- corpus files ---------------------------------------------------------------------------


def _header_kind(problem: str) -> str:
    return "bad-header" if "header line" in problem or "no title" in problem else "bad-date"


def _read_corpus_file(path: Path, report: _Reporter, *, repair: bool = True) -> dict | None:
    doc_id = path.stem
    try:
        raw = path.read_bytes()
    except OSError as err:
        report(path, f"cannot read file: {err.strerror or err}", "skipped", kind="unreadable-file", doc_id=doc_id)
        return None
    if not raw.strip():
        report(path, "empty file", "skipped", kind="empty-file", doc_id=doc_id)
        return None
    if _looks_binary(raw) and not _utf16(raw):
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
        report(path, f"mojibake repaired: {_repair_example(text, repaired)}", "labelled the repaired text",
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


# --- tables ---------------------------------------------------------------------------------


def _check_not_binary(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as err:
        raise CorpusError(f"{path}: cannot read: {err.strerror or err}") from None
    if _utf16(head) and path.suffix.lower() != ".csv":
        raise CorpusError(f"{path}: UTF-16 text, which is read only in .csv tables; save it as UTF-8")
    if _looks_binary(head) and not _utf16(head):
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
        return {_clean_surrogates(str(k)): _clean_record(v) for k, v in record.items()}
    if isinstance(record, list):
        return [_clean_record(v) for v in record]
    return _clean_surrogates(record) if isinstance(record, str) else record


def _record_id(record: dict):
    value = record.get("doc_id")
    return None if value is None else str(value)


def _file_encoding(path: Path) -> str:
    """The first of utf-8, cp1252, latin-1 that decodes the whole file (read in blocks)."""
    import codecs

    with path.open("rb") as handle:
        if _utf16(handle.read(2)):
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


def _parquet_file(path: Path):
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except OSError as err:
        raise CorpusError(f"{path}: cannot read: {err.strerror or err}") from None
    except Exception as err:  # pyarrow's ArrowInvalid and kin: not a Parquet file
        raise CorpusError(f"{path}: not a readable Parquet file ({err})") from None


def _parquet_tables(path: Path, chunksize: int | None) -> Iterator[pd.DataFrame]:
    file = _parquet_file(path)
    if not file.schema_arrow.names:
        raise CorpusError(f"{path}: the table is empty (no columns)")
    if file.metadata.num_rows == 0:
        yield file.schema_arrow.empty_table().to_pandas()
        return
    for batch in file.iter_batches(batch_size=chunksize or 1 << 30):
        yield batch.to_pandas()


def _tables(path: Path, report, chunksize, *, text_column, target_column, id_column="doc_id"
            ) -> Iterator[pd.DataFrame]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _parquet_tables(path, chunksize)
    if suffix == ".jsonl":
        return _jsonl_tables(path, report, chunksize, text_column=text_column, target_column=target_column)
    return _csv_tables(path, report, chunksize, id_column=id_column)


def _check_columns(columns, path: Path, *, text_column: str, target_column: str | None) -> None:
    """Raise :class:`CorpusError` naming the columns a table has when the text (or target) column is not one."""
    columns = [c for c in columns if c != "__line__"]
    for name, what in ((text_column, "text"), (target_column, "target")):
        if name is not None and name not in columns:
            have = ", ".join(map(str, columns)) or "none"
            raise CorpusError(f"{path}: no {what} column {name!r}; the table has columns: {have}")


def _table_to_documents(
    table: pd.DataFrame,
    path: Path,
    report: _Reporter,
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
        _check_columns(table.columns, path, text_column=text_column, target_column=target_column)
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
                report(path, f"mojibake repaired: {_repair_example(old, new)}", "labelled the repaired text",
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


def _corpus_files(folder: Path, report: _Reporter) -> list[Path]:
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
class _Seen:
    """What a load remembers across its chunks: the doc_ids given out (with the last ~N
    suffix of each) and the text digest of every document kept, with its doc_id."""

    ids: dict = field(default_factory=dict)
    digests: dict = field(default_factory=dict)


def _unique(doc_ids, digests, paths, report: _Reporter, *, duplicates: str, seen: _Seen):
    """Give repeated doc_ids a ``~N`` suffix and find repeated texts, across every chunk seen.

    Returns the new doc_ids and a keep mask (False for a duplicate that is dropped).
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


def _finish(documents: pd.DataFrame, report: _Reporter, *, duplicates: str, seen: _Seen | None = None) -> pd.DataFrame:
    documents = documents.reset_index(drop=True)
    seen = _Seen() if seen is None else seen
    digests = [text_digest(t) for t in documents["text"]] if duplicates != "keep" else [None] * len(documents)
    ids, keep = _unique(documents["doc_id"].tolist(), digests, documents["path"].tolist(), report,
                        duplicates=duplicates, seen=seen)
    documents["doc_id"] = pd.Series(ids, dtype=object)
    if not all(keep):
        documents = documents[keep].reset_index(drop=True)
    return _string_columns(documents)


def _string_columns(documents: pd.DataFrame) -> pd.DataFrame:
    for name in ("doc_id", "title", "text", "source", "path"):
        documents[name] = documents[name].astype("str")
    return documents


def _check_options(duplicates: str, chunksize: int | None = None, repair: bool = True) -> None:
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
    _check_options(duplicates, None, repair)
    chunks = list(iter_corpus(path, text_column=text_column, id_column=id_column,
                              target_column=target_column, duplicates=duplicates, chunksize=None, repair=repair))
    extra = ("target",) if target_column is not None else ()
    documents = pd.concat([c.documents for c in chunks], ignore_index=True) if chunks else _empty_documents(extra)
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
    _check_options(duplicates, chunksize, repair)
    path = Path(path)
    options = dict(text_column=text_column, id_column=id_column, target_column=target_column)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    seen = _Seen()
    if path.is_dir():
        report = _Reporter()
        files = _corpus_files(path, report)
        if not files:
            raise CorpusError(f"{path}: the folder holds no corpus files (.txt); give a .csv, .jsonl or "
                              f".parquet table itself as the corpus")
        step = chunksize or len(files)
        for start in range(0, len(files), step):
            rows = [r for r in (_read_corpus_file(f, report, repair=repair) for f in files[start:start + step]) if r]
            yield LoadResult(_finish(_file_frame(rows, target_column), report, duplicates=duplicates, seen=seen),
                             report.frame())
            report = _Reporter()
        return
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        yield from _iter_table(path, chunksize=chunksize, duplicates=duplicates, repair=repair, seen=seen,
                               **options)
        return
    report = _Reporter()
    row = _read_corpus_file(path, report, repair=repair)
    yield LoadResult(_finish(_file_frame([row] if row else [], target_column), report, duplicates=duplicates,
                             seen=seen), report.frame())


def _file_frame(rows: list[dict], target_column: str | None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS) if rows else _empty_documents()
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    if target_column is not None:
        frame["target"] = ""
    return frame


def _iter_table(path: Path, *, chunksize, duplicates, repair, seen: _Seen, **options) -> Iterator[LoadResult]:
    current = [_Reporter()]  # the reporter of the chunk being read

    def report(*args, **kwargs):
        current[0](*args, **kwargs)

    extra = ("target",) if options["target_column"] is not None else ()
    offset = 0
    tables = _tables(path, report, chunksize, text_column=options["text_column"],
                     target_column=options["target_column"], id_column=options["id_column"])
    for table in tables:
        if not len(table):  # a header without rows: only its columns are checked
            if path.suffix.lower() != ".jsonl":
                _check_columns(table.columns, path, text_column=options["text_column"],
                               target_column=options["target_column"])
            continue
        docs = _table_to_documents(table, path, current[0], row_offset=offset, repair=repair, **options)
        offset += len(table)
        yield LoadResult(_finish(docs, current[0], duplicates=duplicates, seen=seen), current[0].frame())
        current[0] = _Reporter()
    if current[0].rows or not offset:  # problems met after the last chunk was read, or no row at all
        yield LoadResult(_string_columns(_empty_documents(extra)), current[0].frame())


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
    _check_options(duplicates)
    report = _Reporter()
    table = frame.drop(columns="__line__") if "__line__" in frame.columns else frame
    documents = _table_to_documents(table.reset_index(drop=True), Path("<DataFrame>"), report,
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
