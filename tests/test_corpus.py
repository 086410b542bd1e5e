"""Tests of analysis.corpus: the documents table and the load report."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.config import SEEDS_DIR
from analysis.corpus import (
    DOCUMENT_COLUMNS,
    REPORT_COLUMNS,
    CorpusError,
    LoadResult,
    iter_corpus,
    load_corpus,
)
from conftest import corpus_text, report_rows, write


def _only_row(report, name):
    rows = report_rows(report, name)
    assert len(rows) == 1, report.to_string()
    return rows.iloc[0]


# --- bad files, one case each ---------------------------------------------------------


def test_empty_file_is_skipped_and_reported(tmp_path, good_text):
    write(tmp_path / "good.txt", good_text)
    write(tmp_path / "empty.txt", "")
    documents, report = load_corpus(tmp_path)
    assert documents["doc_id"].tolist() == ["good"]
    row = _only_row(report, "empty.txt")
    assert row["problem"] == "empty file"
    assert row["action"] == "skipped"
    assert row["source"] == str(tmp_path / "empty.txt")


def test_whitespace_only_file_counts_as_empty(tmp_path):
    path = write(tmp_path / "blank.txt", "  \n\n\t\n")
    documents, report = load_corpus(path)
    assert len(documents) == 0
    assert list(documents.columns) == DOCUMENT_COLUMNS
    assert _only_row(report, "blank.txt")["problem"] == "empty file"


def test_binary_file_is_skipped_and_reported(tmp_path, good_text):
    write(tmp_path / "good.txt", good_text)
    write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20)
    documents, report = load_corpus(tmp_path)
    assert documents["doc_id"].tolist() == ["good"]
    row = _only_row(report, "image.txt")
    assert "binary" in row["problem"]
    assert row["action"] == "skipped"


def test_cp1252_text_is_decoded_and_reported(tmp_path):
    raw = b" date 2020-05-06 Caf\xe9 talks\n\n\x93We met at the caf\xe9,\x94 he said. It went well.\n"
    path = write(tmp_path / "legacy.txt", raw)
    documents, report = load_corpus(path)
    assert documents["title"].tolist() == ["Caf\u00e9 talks"]
    text = documents["text"].iloc[0]
    assert "\u201cWe met at the caf\u00e9,\u201d he said." in text
    assert documents["date"].iloc[0] == pd.Timestamp("2020-05-06")
    row = _only_row(report, "legacy.txt")
    assert "UTF-8" in row["problem"]
    assert "cp1252" in row["action"]


def test_missing_header_keeps_text_with_nat_date(tmp_path):
    path = write(tmp_path / "noheader.txt", "The minister spoke. Trade rose.\n\nSecond paragraph.\n")
    documents, report = load_corpus(path)
    assert documents["text"].tolist() == ["The minister spoke. Trade rose.\n\nSecond paragraph."]
    assert documents["title"].tolist() == [""]
    assert pd.isna(documents["date"].iloc[0])
    row = _only_row(report, "noheader.txt")
    assert "header" in row["problem"]
    assert row["line"] == 1
    assert "NaT" in row["action"] and "kept" in row["action"]


def test_malformed_header_date_keeps_title_and_text(tmp_path):
    path = write(tmp_path / "baddate.txt", " date 12/09/2020 Talks in Minsk\n\nThe sides met.\n")
    documents, report = load_corpus(path)
    assert documents["title"].tolist() == ["Talks in Minsk"]
    assert documents["text"].tolist() == ["Talks in Minsk\n\nThe sides met."]
    assert pd.isna(documents["date"].iloc[0])
    row = _only_row(report, "baddate.txt")
    assert "12/09/2020" in row["problem"]
    assert row["line"] == 1


def test_impossible_date_keeps_title_date_nat(tmp_path):
    path = write(tmp_path / "impossible.txt", " date 2020-13-45 Title\n\nBody text here.\n")
    documents, report = load_corpus(path)
    assert documents["title"].tolist() == ["Title"]
    assert documents["text"].tolist() == ["Title\n\nBody text here."]
    assert pd.isna(documents["date"].iloc[0])
    row = _only_row(report, "impossible.txt")
    assert "impossible date" in row["problem"] and "2020-13-45" in row["problem"]
    assert "NaT" in row["action"]


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "1500-06-01"])
def test_out_of_range_header_date_does_not_crash(tmp_path, date):
    path = write(tmp_path / "far.txt", f" date {date} Far away\n\nBody text.\n")
    documents, report = load_corpus(path)
    assert documents["title"].tolist() == ["Far away"]
    assert pd.isna(documents["date"].iloc[0])
    assert date in _only_row(report, "far.txt")["problem"]


def test_duplicate_documents_dropped_and_named(tmp_path, good_text):
    write(tmp_path / "a.txt", good_text)
    write(tmp_path / "b.txt", good_text)
    write(tmp_path / "c.txt", corpus_text("2021-01-01", "Other", "Something else entirely."))
    documents, report = load_corpus(tmp_path)
    assert documents["doc_id"].tolist() == ["a", "c"]
    row = _only_row(report, "b.txt")
    assert "duplicate document" in row["problem"] and "'a'" in row["problem"]
    assert row["action"] == "dropped"


def test_duplicate_documents_kept_on_request(tmp_path, good_text):
    write(tmp_path / "a.txt", good_text)
    write(tmp_path / "b.txt", good_text)
    documents, report = load_corpus(tmp_path, duplicates="keep")
    assert documents["doc_id"].tolist() == ["a", "b"]
    assert len(report) == 0
    documents, report = load_corpus(tmp_path, duplicates="flag")
    assert documents["doc_id"].tolist() == ["a", "b"]
    assert _only_row(report, "b.txt")["action"] == "kept"


def test_bad_duplicates_option_raises_value_error(tmp_path, good_text):
    write(tmp_path / "a.txt", good_text)
    with pytest.raises(ValueError, match="duplicates"):
        load_corpus(tmp_path, duplicates="remove")


def test_duplicate_doc_ids_are_renamed(tmp_path):
    table = pd.DataFrame({"doc_id": ["x", "x", "y", "x"], "text": ["One.", "Two.", "Three.", "Four."]})
    path = tmp_path / "t.csv"
    table.to_csv(path, index=False)
    documents, report = load_corpus(path)
    assert documents["doc_id"].tolist() == ["x", "x~1", "y", "x~2"]
    assert documents["text"].tolist() == ["One.", "Two.", "Three.", "Four."]
    renamed = report[report["problem"].str.contains("duplicate doc_id")]
    assert renamed["action"].tolist() == ["renamed to 'x~1'", "renamed to 'x~2'"]
    assert renamed["source"].tolist() == [str(path), str(path)]
    assert renamed["line"].tolist() == [3, 5]


# --- tables ----------------------------------------------------------------------------


def _write_table(frame: pd.DataFrame, path):
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in frame.to_dict("records")), encoding="utf-8")
    else:
        frame.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_table_without_text_column_names_its_columns(tmp_path, suffix):
    path = _write_table(pd.DataFrame({"id": ["a"], "body": ["Some text."]}), tmp_path / f"t{suffix}")
    with pytest.raises(CorpusError) as err:
        load_corpus(path)
    message = str(err.value)
    assert "'text'" in message and "id" in message and "body" in message
    assert str(path) in message


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_table_columns_are_read(tmp_path, suffix, table_frame):
    path = _write_table(table_frame, tmp_path / f"t{suffix}")
    documents, report = load_corpus(path)
    assert list(documents.columns) == DOCUMENT_COLUMNS
    assert documents["doc_id"].tolist() == ["d1", "d2", "d3"]
    assert documents["title"].tolist() == ["Steel tariffs", "Vaccine news", "Budget"]
    assert documents["text"].iloc[0] == "Steel tariffs\n\nExports of steel fell after the new tariff."
    assert documents["source"].tolist() == ["wire", "paper", "radio"]
    assert pd.api.types.is_datetime64_any_dtype(documents["date"])
    assert documents["date"].iloc[0] == pd.Timestamp("2020-01-02")
    assert pd.isna(documents["date"].iloc[1])
    assert documents["date"].iloc[2] == pd.Timestamp("2020-03-04")
    assert len(report) == 1
    row = report.iloc[0]
    assert row["source"] == str(path)
    assert "not a date" in row["problem"]
    assert row["action"] == "date set to NaT"
    if suffix == ".csv":
        assert row["line"] == 3  # the header is line 1
    elif suffix == ".jsonl":
        assert row["line"] == 2


def test_table_date_out_of_range_is_reported_not_wrapped(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"doc_id": ["a", "b"], "date": ["9999-12-31", "2020-01-01"],
                  "text": ["One.", "Two."]}).to_csv(path, index=False)
    documents, report = load_corpus(path)
    assert pd.isna(documents["date"].iloc[0])
    assert documents["date"].iloc[1] == pd.Timestamp("2020-01-01")
    assert report["line"].tolist() == [2]
    assert "9999-12-31" in report["problem"].iloc[0]


def test_table_text_column_and_id_column_options(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"key": ["k1", "k2"], "body": ["First.", "Second."], "side": ["pro", "con"]}).to_csv(path, index=False)
    documents, report = load_corpus(path, text_column="body", id_column="key", target_column="side")
    assert documents["doc_id"].tolist() == ["k1", "k2"]
    assert documents["text"].tolist() == ["First.", "Second."]
    assert documents["target"].tolist() == ["pro", "con"]
    assert len(report) == 0


def test_table_without_id_column_numbers_rows(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"text": ["First.", "Second."]}).to_csv(path, index=False)
    documents, _ = load_corpus(path)
    assert documents["doc_id"].tolist() == ["0", "1"]
    assert documents["path"].tolist() == [f"{path}:2", f"{path}:3"]


def test_malformed_jsonl_line_reported_with_line_number(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(
        '{"doc_id": "a", "text": "First."}\n'
        '{"doc_id": "b", "text": "Second."\n'
        '\n'
        '["not", "an", "object"]\n'
        '{"doc_id": "c", "text": "Third."}\n',
        encoding="utf-8",
    )
    documents, report = load_corpus(path)
    assert documents["doc_id"].tolist() == ["a", "c"]
    assert documents["path"].tolist() == [f"{path}:1", f"{path}:5"]
    assert report["line"].tolist() == [2, 4]
    assert report["source"].tolist() == [str(path), str(path)]
    assert "malformed JSON" in report["problem"].iloc[0]
    assert "not an object" in report["problem"].iloc[1]
    assert report["action"].tolist() == ["row skipped", "row skipped"]


def test_empty_text_rows_are_reported_and_not_labelled(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["First.", "", "Third."]}).to_csv(path, index=False)
    documents, report = load_corpus(path)
    assert documents["doc_id"].tolist() == ["a", "c"]
    assert documents["text"].tolist() == ["First.", "Third."]
    assert len(report) == 1
    row = report.iloc[0]
    assert "'b'" in row["problem"] and "empty" in row["problem"]
    assert row["line"] == 3
    assert row["kind"] == "empty-text" and row["doc_id"] == "b"
    assert row["action"] == "row skipped"


def test_several_empty_rows_are_each_reported_as_empty_not_as_duplicates(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"doc_id": ["a", "b"], "text": ["", ""]}).to_csv(path, index=False)
    documents, report = load_corpus(path)
    assert documents.empty
    assert report["kind"].tolist() == ["empty-text", "empty-text"]


# --- paths -----------------------------------------------------------------------------


def test_folder_without_corpus_files_raises(tmp_path):
    write(tmp_path / "notes.md", "# not a corpus\n")
    with pytest.raises(CorpusError, match="no corpus files"):
        load_corpus(tmp_path)


def test_empty_folder_raises(tmp_path):
    with pytest.raises(CorpusError, match=str(tmp_path)):
        load_corpus(tmp_path)


def test_missing_path_raises(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(missing)


def test_non_corpus_files_in_folder_are_reported(tmp_path, good_text):
    write(tmp_path / "good.txt", good_text)
    write(tmp_path / "data.json", "{}")
    documents, report = load_corpus(tmp_path)
    assert documents["doc_id"].tolist() == ["good"]
    row = _only_row(report, "data.json")
    assert row["action"] == "ignored"


# --- the seed --------------------------------------------------------------------------


def test_seed_folder_loads_cleanly():
    result = load_corpus(SEEDS_DIR)
    assert isinstance(result, LoadResult)
    documents, report = result
    assert list(report.columns) == REPORT_COLUMNS
    assert len(report) == 0
    assert list(documents.columns) == DOCUMENT_COLUMNS
    assert documents["doc_id"].tolist() == ["000_8bbda963f57d3b5b"]
    assert documents["date"].iloc[0] == pd.Timestamp("2020-09-12")
    title = "Kazakhstan, China ready to deepen strategic partnership, fight COVID-19"
    assert documents["title"].iloc[0] == title
    text = documents["text"].iloc[0]
    assert text.startswith(title + "\n\nNUR-SULTAN. KAZINFORM")
    assert text.endswith("in the long-term.")
    for column in ("doc_id", "title", "text", "source", "path"):
        assert documents[column].dtype == "str"


# --- streaming and completeness --------------------------------------------------------


def _mixed_folder(tmp_path):
    for i in range(7):
        write(tmp_path / f"doc{i}.txt",
              corpus_text(f"2020-01-0{i + 1}", f"Title {i}", f"Body of document number {i}. It ends here."))
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "binary.txt", b"\x00\x01\x02\x03" * 100)
    write(tmp_path / "legacy.txt", b"Caf\xe9 society.\n")
    write(tmp_path / "impossible.txt", " date 2020-02-30 Odd\n\nBody.\n")
    write(tmp_path / "dup.txt", corpus_text("2020-01-01", "Title 0", "Body of document number 0. It ends here."))
    write(tmp_path / "readme.md", "not a corpus file")
    return tmp_path


@pytest.mark.parametrize("chunksize", [1, 3, 100])
def test_iter_corpus_chunks_match_load_corpus_for_a_folder(tmp_path, chunksize):
    for i in range(7):
        write(tmp_path / f"doc{i}.txt",
              corpus_text(f"2020-01-0{i + 1}", f"Title {i}", f"Body of document number {i}."))
    write(tmp_path / "empty.txt", "")
    documents, report = load_corpus(tmp_path)
    chunks = list(iter_corpus(tmp_path, chunksize=chunksize))
    assert all(len(c.documents) <= chunksize for c in chunks)
    streamed = pd.concat([c.documents for c in chunks], ignore_index=True)
    pd.testing.assert_frame_equal(streamed, documents)
    streamed_report = pd.concat([c.report for c in chunks], ignore_index=True)
    assert streamed_report.values.tolist() == report.values.tolist()
    assert report["source"].tolist() == [str(tmp_path / "empty.txt")]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_iter_corpus_chunks_match_load_corpus_for_a_table(tmp_path, suffix):
    table = pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(10)],
        "date": [f"2020-02-{i + 10}" for i in range(10)],
        "text": [f"Document {i} talks about tariffs." for i in range(10)],
    })
    path = _write_table(table, tmp_path / f"t{suffix}")
    documents, report = load_corpus(path)
    chunks = list(iter_corpus(path, chunksize=4))
    assert [len(c.documents) for c in chunks] == [4, 4, 2]
    streamed = pd.concat([c.documents for c in chunks], ignore_index=True)
    pd.testing.assert_frame_equal(streamed, documents)


def test_iter_corpus_renames_duplicate_ids_across_chunks(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"doc_id": ["a", "b", "a", "b"], "text": ["1.", "2.", "3.", "4."]}).to_csv(path, index=False)
    documents, _ = load_corpus(path)
    streamed = pd.concat([c.documents for c in iter_corpus(path, chunksize=2)], ignore_index=True)
    assert documents["doc_id"].tolist() == ["a", "b", "a~1", "b~1"]
    assert streamed["doc_id"].tolist() == documents["doc_id"].tolist()


def test_iter_corpus_rejects_bad_chunksize(tmp_path, good_text):
    write(tmp_path / "a.txt", good_text)
    with pytest.raises(ValueError, match="chunksize"):
        list(iter_corpus(tmp_path, chunksize=0))


def test_no_input_is_dropped_silently(tmp_path):
    folder = _mixed_folder(tmp_path)
    documents, report = load_corpus(folder)
    loaded = set(documents["path"])
    reported = set(report["source"])
    for path in folder.iterdir():
        assert str(path) in loaded or str(path) in reported, path.name
    # each bad file is reported, the readable ones are kept
    assert {"empty.txt", "binary.txt", "dup.txt", "readme.md"}.isdisjoint(
        {p.split("/")[-1] for p in loaded})
    assert "legacy" in set(documents["doc_id"]) and "impossible" in set(documents["doc_id"])
    assert len(documents) == 9


def test_table_dates_with_time_zones_become_utc(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"doc_id": ["a", "b", "c"],
                  "date": ["2020-01-01T00:00:00+02:00", "2020-01-02", "2020-01-03T12:00:00Z"],
                  "text": ["One.", "Two.", "Three."]}).to_csv(path, index=False)
    documents, report = load_corpus(path)
    assert documents["date"].tolist() == [pd.Timestamp("2019-12-31 22:00"), pd.Timestamp("2020-01-02"),
                                          pd.Timestamp("2020-01-03 12:00")]
    assert len(report) == 0


def test_duplicate_rows_of_a_table_reported_with_file_and_line(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Same text.", "Other.", "Same text."]}).to_csv(path, index=False)
    documents, report = load_corpus(path)
    assert documents["doc_id"].tolist() == ["a", "b"]
    assert report[["source", "line", "action"]].values.tolist() == [[str(path), 4, "dropped"]]
    assert "'a'" in report["problem"].iloc[0]


def test_renamed_doc_id_does_not_collide_with_an_existing_one(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"doc_id": ["a", "a", "a~1"], "text": ["1.", "2.", "3."]}).to_csv(path, index=False)
    documents, _ = load_corpus(path)
    assert documents["doc_id"].is_unique
    assert documents["doc_id"].tolist()[:2] == ["a", "a~1"]


def test_jsonl_line_ends_of_any_kind_number_the_lines_alike(tmp_path):
    # Windows (\r\n) and old Mac (\r) line ends, blank and whitespace-only lines
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"doc_id": "a", "text": "First."}\r\n \t\r\n{"doc_id": "b", "text": "Second."}\r'
                     b'{broken\r\r{"doc_id": "c", "text": "Third."}\n\n{"doc_id": "d", "text": "Fourth."}')
    documents, report = load_corpus(path)
    assert documents["doc_id"].tolist() == ["a", "b", "c", "d"]
    assert documents["path"].tolist() == [f"{path}:{n}" for n in (1, 3, 6, 8)]
    assert report["line"].tolist() == [4]


def test_jsonl_streams_in_chunks_and_keeps_every_report_row(tmp_path):
    path = tmp_path / "t.jsonl"
    lines = [json.dumps({"doc_id": f"d{i}", "text": f"Document {i}."}) for i in range(4)]
    lines.insert(2, "{broken")
    lines.append("not json either")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chunks = list(iter_corpus(path, chunksize=2))
    assert [c.documents["doc_id"].tolist() for c in chunks] == [["d0", "d1"], ["d2", "d3"]]
    report = pd.concat([c.report for c in chunks], ignore_index=True)
    assert report["line"].tolist() == [3, 6]
    documents, whole_report = load_corpus(path)
    assert whole_report["line"].tolist() == [3, 6]
    assert documents["path"].tolist() == [f"{path}:{n}" for n in (1, 2, 4, 5)]


def test_jsonl_with_cp1252_line_is_decoded_and_reported_once(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"doc_id": "a", "text": "Caf\xe9 talks."}\n{"doc_id": "b", "text": "Caf\xc3\xa9 too."}\n')
    documents, report = load_corpus(path)
    assert documents["text"].tolist() == ["Caf\u00e9 talks.", "Caf\u00e9 too."]
    assert report[["problem", "action"]].values.tolist() == [["not valid UTF-8", "decoded as cp1252"]]


def test_optional_table_columns_are_found_whatever_their_case(tmp_path):
    path = tmp_path / "upper.csv"
    pd.DataFrame({"DOC": ["a"], "TITLE": ["Talks resume"], "Date": ["2021-03-04"], "SOURCE": ["wire"],
                  "BODY": ["The sides met."]}).to_csv(path, index=False)
    documents, report = load_corpus(path, text_column="BODY", id_column="DOC")
    assert documents[["doc_id", "title", "source"]].values.tolist() == [["a", "Talks resume", "wire"]]
    assert documents["text"].iloc[0] == "Talks resume\n\nThe sides met."
    assert str(documents["date"].iloc[0].date()) == "2021-03-04"
    assert report.empty


# --- documents_from_frame: a frame in memory, read as a CSV file is read ----------------

from analysis.corpus import documents_from_frame  # noqa: E402  (kept with the tests that use it)


def test_frame_gives_the_same_documents_as_the_csv_file(tmp_path, table_frame):
    path = tmp_path / "docs.csv"
    table_frame.to_csv(path, index=False)
    from_file, file_report = load_corpus(path)
    frame = pd.read_csv(path)  # pandas' own reading: NaN, numbers, no dtype=str
    before = frame.copy()
    from_frame, frame_report = documents_from_frame(frame)
    pd.testing.assert_frame_equal(frame, before)  # the input is not changed
    pd.testing.assert_frame_equal(from_frame.drop(columns="path"), from_file.drop(columns="path"))
    assert from_frame["text"].iloc[0] == "Steel tariffs\n\nExports of steel fell after the new tariff."
    assert pd.isna(from_frame["date"].iloc[1])
    assert len(frame_report) == len(file_report) == 1  # the unparseable date, in both
    assert (frame_report["source"] == "<DataFrame>").all()


def test_frame_with_numbers_and_missing_values(tmp_path):
    frame = pd.DataFrame({"doc_id": [10, 11], "title": [None, "Budget"], "text": ["Exports rose.", None],
                          "date": [pd.Timestamp("2020-01-02"), pd.NaT]})
    documents, report = documents_from_frame(frame)
    assert documents["doc_id"].tolist() == ["10", "11"]
    assert documents["title"].tolist() == ["", "Budget"]
    assert documents["text"].tolist() == ["Exports rose.", "Budget"]
    assert documents["date"].tolist()[0] == pd.Timestamp("2020-01-02") and pd.isna(documents["date"].iloc[1])
    assert documents["source"].tolist() == ["", ""]
    assert str(documents["date"].dtype) == "datetime64[ns]"


def test_frame_options_name_the_columns():
    frame = pd.DataFrame({"id": ["x", "y"], "body": ["Trade grew.", "Vaccines."], "side": ["China", ""]})
    documents, _ = documents_from_frame(frame, text_column="body", id_column="id", target_column="side")
    assert documents[["doc_id", "text", "target"]].values.tolist() == [["x", "Trade grew.", "China"],
                                                                       ["y", "Vaccines.", ""]]
    numbered, _ = documents_from_frame(frame.drop(columns="id"), text_column="body")
    assert numbered["doc_id"].tolist() == ["0", "1"]


def test_frame_repeated_doc_id_is_a_clear_value_error():
    frame = pd.DataFrame({"doc_id": ["a", "b", "a", 7, "7"], "text": ["One.", "Two.", "Three.", "Four.", "Five."]})
    with pytest.raises(ValueError, match=r"'doc_id' must be unique, but 2 id\(s\) repeat: "
                                         r"'a' \(rows 0, 2\); '7' \(rows 3, 4\)"):
        documents_from_frame(frame)


def test_frame_without_the_text_column_names_its_columns():
    with pytest.raises(ValueError, match=r"no text column 'text'; the table has columns: doc_id, body"):
        documents_from_frame(pd.DataFrame({"doc_id": ["a"], "body": ["Trade."]}))
    with pytest.raises(ValueError, match=r"no target column 'side'"):
        documents_from_frame(pd.DataFrame({"text": ["Trade."]}), target_column="side")


def test_frame_duplicate_texts_as_in_a_load():
    frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Same text.", "Other.", " Same text. "]})
    dropped, report = documents_from_frame(frame)
    assert dropped["doc_id"].tolist() == ["a", "b"] and len(report) == 1
    assert "same text as 'a'" in report.to_string()
    kept, report = documents_from_frame(frame, duplicates="keep")
    assert kept["doc_id"].tolist() == ["a", "b", "c"] and len(report) == 0
    with pytest.raises(ValueError, match="duplicates must be"):
        documents_from_frame(frame, duplicates="never")


def test_frame_must_be_a_dataframe(tmp_path):
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame, not PosixPath"):
        documents_from_frame(tmp_path)


# --- issue 11: rows, duplicates over the whole corpus, repair, report kinds -----------------


def test_csv_line_numbers_are_physical_when_quoted_text_spans_lines(tmp_path):
    path = tmp_path / "ml.csv"
    path.write_text('doc_id,text\n'
                    'a,"First line\nsecond line\nthird line"\n'
                    'b,"Tariffs rose."\n'
                    '\n'
                    'c,"Two\nlines"\n'
                    'd,""\n', encoding="utf-8")
    documents, report = load_corpus(path)
    assert documents["doc_id"].tolist() == ["a", "b", "c"]
    assert documents["path"].tolist() == [f"{path}:2", f"{path}:5", f"{path}:7"]
    assert documents["text"].iloc[0] == "First line\nsecond line\nthird line"
    assert report[["line", "doc_id", "kind"]].values.tolist() == [[9, "d", "empty-text"]]


def test_csv_rows_with_too_few_or_too_many_fields_are_reported_and_not_labelled(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('doc_id,title,text\n'
                    'a,One,"Tariffs rose."\n'
                    'b,Two\n'
                    'c,Three,"Text",extra\n'
                    'd,Four,"Vaccines arrived."\n', encoding="utf-8")
    documents, report = load_corpus(path)
    assert documents["doc_id"].tolist() == ["a", "d"]
    assert report[["line", "doc_id", "kind"]].values.tolist() == [[3, "b", "too-few-fields"],
                                                                  [4, "c", "too-many-fields"]]
    assert set(report["action"]) == {"row skipped"}


def test_csv_unclosed_quote_is_reported_at_its_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('doc_id,text\na,"Fine."\nb,"never closed\nc,Swallowed by the open quote.\n', encoding="utf-8")
    documents, report = load_corpus(path)
    assert documents["doc_id"].tolist() == ["a"]
    assert report[["line", "kind"]].values.tolist() == [[3, "malformed-row"]]
    assert "never closed" in report["problem"].iloc[0]


def test_csv_header_only_and_empty_file(tmp_path):
    header = write(tmp_path / "header.csv", "doc_id,text\n")
    documents, report = load_corpus(header)
    assert documents.empty and report.empty
    with pytest.raises(CorpusError, match="empty"):
        load_corpus(write(tmp_path / "empty.csv", ""))
    with pytest.raises(CorpusError, match="no text column 'text'"):
        load_corpus(write(tmp_path / "other.csv", "doc_id,body\n"))


def test_binary_table_is_refused_with_a_message(tmp_path):
    path = write(tmp_path / "t.csv", b"\x00\x01\x02\x03binary" * 100)
    with pytest.raises(CorpusError, match="binary"):
        load_corpus(path)
    with pytest.raises(CorpusError, match="not a readable Parquet file"):
        load_corpus(write(tmp_path / "t.parquet", b"not parquet at all"))


def test_jsonl_record_without_the_text_field_is_reported_and_not_labelled(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"doc_id": "a", "text": "Tariffs rose."}\n'
                    '{"doc_id": "b", "body": "No text field."}\n'
                    '{"doc_id": "c", "text": null}\n'
                    '{"doc_id": "d", "text": "Vaccines arrived."}\n', encoding="utf-8")
    for chunksize in (1, 2, None):
        chunks = list(iter_corpus(path, chunksize=chunksize))
        documents = pd.concat([c.documents for c in chunks], ignore_index=True)
        report = pd.concat([c.report for c in chunks], ignore_index=True)
        assert documents["doc_id"].tolist() == ["a", "d"]
        assert report[["line", "doc_id", "kind"]].values.tolist() == [[2, "b", "no-text-field"],
                                                                      [3, "c", "empty-text"]]


def test_jsonl_without_any_text_field_names_the_fields_it_has(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"key": "a", "body": "x"}\n{"key": "b", "body": "y"}\n', encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus(path)
    assert "'text'" in str(err.value) and "'body'" in str(err.value) and "'key'" in str(err.value)


def test_jsonl_lone_surrogate_is_replaced_and_reported(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"doc_id": "a", "text": "Trade \\ud800 talks."}\n', encoding="utf-8")
    documents, report = load_corpus(path)
    assert documents["text"].tolist() == ["Trade \ufffd talks."]
    documents["text"].iloc[0].encode("utf-8")  # writable as UTF-8
    assert report["kind"].tolist() == ["repaired-encoding"]


def test_corpus_file_with_no_text_after_the_header_is_reported_not_labelled(tmp_path):
    write(tmp_path / "good.txt", corpus_text("2020-01-01", "Trade", "Tariffs rose."))
    write(tmp_path / "hollow.txt", " date 2020-01-01\n\n\n")
    documents, report = load_corpus(tmp_path)
    assert documents["doc_id"].tolist() == ["good"]
    row = _only_row(report, "hollow.txt")
    assert row["kind"] == "empty-text" and row["action"] == "skipped"


def _three_and_300_duplicates() -> pd.DataFrame:
    texts = ["Tariffs on steel exports rose sharply.", "The vaccine campaign began in May.",
             "Parliament passed the budget."]
    rows = [(f"d{i}", t) for i, t in enumerate(texts)]
    # every other copy differs only in case and white space: still the same text
    rows += [(f"x{i}", texts[i % 3] if i % 2 else "  " + texts[i % 3].upper().replace(" ", " \n ")) for i in range(300)]
    return pd.DataFrame(rows, columns=["doc_id", "text"])


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_duplicates_are_found_over_the_whole_corpus_whatever_the_chunk_size(tmp_path, suffix):
    path = _write_table(_three_and_300_duplicates(), tmp_path / f"t{suffix}")
    results = {}
    for chunksize in (None, 1, 50, 7):
        chunks = list(iter_corpus(path, chunksize=chunksize))
        documents = pd.concat([c.documents for c in chunks], ignore_index=True)
        report = pd.concat([c.report for c in chunks], ignore_index=True)
        results[chunksize] = (documents, report)
        assert documents["doc_id"].tolist() == ["d0", "d1", "d2"]
        assert len(report) == 300 and set(report["kind"]) == {"duplicate-text"}
        assert report["doc_id"].tolist() == [f"x{i}" for i in range(300)]
        assert report["problem"].tolist() == [f"duplicate document: same text as 'd{i % 3}'" for i in range(300)]
    for documents, report in results.values():
        pd.testing.assert_frame_equal(documents, results[None][0])
        pd.testing.assert_frame_equal(report, results[None][1])


    path = _write_table(_three_and_300_duplicates().iloc[:9], tmp_path / "t.csv")
    documents = pd.concat([c.documents for c in iter_corpus(path, chunksize=2, duplicates="flag")])
    report = pd.concat([c.report for c in iter_corpus(path, chunksize=2, duplicates="flag")])
    assert len(documents) == 9
    assert report["doc_id"].tolist() == [f"x{i}" for i in range(6)]
    assert set(report["action"]) == {"kept"}


MOJIBAKE_TITLE = "China\u00e2\u20ac\u2122s trade talks"  # "China’s" once decoded as cp1252
MOJIBAKE_TEXT = "Kazakhstan\u00e2\u20ac\u2122s exports of steel rose, the minister said. Caf\u00c3\u00a9 owners agreed."


def test_mojibake_is_repaired_on_load_and_each_repair_reported(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"doc_id": ["m", "ok"], "title": [MOJIBAKE_TITLE, "Plain"],
                  "text": [MOJIBAKE_TEXT, "Nothing to repair, not even “quotes”."]}).to_csv(path, index=False)
    documents, report = load_corpus(path)
    assert documents["title"].tolist() == ["China\u2019s trade talks", "Plain"]
    assert documents["text"].iloc[0] == ("China\u2019s trade talks\n\nKazakhstan\u2019s exports of steel rose, "
                                         "the minister said. Caf\u00e9 owners agreed.")
    assert documents["text"].iloc[1] == "Plain\n\nNothing to repair, not even “quotes”."
    assert report[["line", "doc_id", "kind"]].values.tolist() == [[2, "m", "repaired-encoding"]]
    assert "'Kazakhstan\u00e2\u20ac\u2122s' -> 'Kazakhstan\u2019s'" in report["problem"].iloc[0]
    raw, raw_report = load_corpus(path, repair=False)
    assert raw["title"].iloc[0] == MOJIBAKE_TITLE and MOJIBAKE_TEXT in raw["text"].iloc[0]
    assert raw_report.empty


def test_mojibake_in_a_corpus_file_is_repaired(tmp_path):
    path = write(tmp_path / "m.txt", corpus_text("2020-09-12", MOJIBAKE_TITLE, MOJIBAKE_TEXT))
    documents, report = load_corpus(path)
    assert documents["title"].tolist() == ["China\u2019s trade talks"]
    assert "\u00e2\u20ac" not in documents["text"].iloc[0]
    assert report["kind"].tolist() == ["repaired-encoding"]


def test_evidence_offsets_refer_to_the_repaired_text(tmp_path):
    from analysis.pipeline import label_sentence_table

    path = tmp_path / "t.csv"
    pd.DataFrame({"doc_id": ["m"], "title": [MOJIBAKE_TITLE], "text": [MOJIBAKE_TEXT]}).to_csv(path, index=False)
    documents, _ = load_corpus(path)
    text = documents["text"].iloc[0]
    sentences = label_sentence_table(documents)
    assert sentences["text"].tolist()[0] == "China\u2019s trade talks"
    found = 0
    for evidence in sentences["evidence"]:
        for item in filter(None, evidence.split("; ")):
            term_and_topic, span = item.rsplit(" ", 1)
            start, end = map(int, span.split("-"))
            assert text[start:end].lower() == term_and_topic.rsplit(" [", 1)[0].lower()
            found += 1
    assert found >= 3  # trade talks, exports, minister


def test_every_report_row_has_a_documented_kind(tmp_path):
    from analysis.corpus import REPORT_KINDS

    folder = _mixed_folder(tmp_path)
    write(folder / "moji.txt", corpus_text("2020-01-01", MOJIBAKE_TITLE, "Body."))
    write(folder / "hollow.txt", " date 2020-01-01\n")
    documents, report = load_corpus(folder)
    assert list(report.columns) == ["source", "line", "doc_id", "kind", "problem", "action"]
    assert set(report["kind"]) <= set(REPORT_KINDS)
    assert {"empty-file", "binary-file", "not-utf8", "bad-date", "bad-header", "duplicate-text", "not-corpus-file",
            "repaired-encoding", "empty-text"} <= set(report["kind"])


def test_outputs_written_in_a_corpus_folder_are_skipped_quietly(tmp_path, good_text):
    write(tmp_path / "good.txt", good_text)
    write(tmp_path / "labels.csv", "doc_id,trade\ngood,0.5\n")
    write(tmp_path / "labels.parquet", b"PAR1")
    write(tmp_path / "topic_emphasis.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path / ".labels.csv.1234abcd.tmp", "half written")
    (tmp_path / "figures").mkdir()
    documents, report = load_corpus(tmp_path)
    assert documents["doc_id"].tolist() == ["good"]
    assert report.empty
    write(tmp_path / "notes.docx", "not a corpus file")
    assert load_corpus(tmp_path).report["kind"].tolist() == ["not-corpus-file"]


def test_utf16_csv_and_corpus_file_are_decoded_and_reported(tmp_path):
    table = tmp_path / "excel.csv"
    table.write_text("doc_id,text\na,Tariffs rose.\n", encoding="utf-16")
    documents, report = load_corpus(table)
    assert documents["text"].tolist() == ["Tariffs rose."]
    assert report[["kind", "action"]].values.tolist() == [["not-utf8", "decoded as utf-16"]]
    corpus_file = tmp_path / "u16.txt"
    corpus_file.write_text(corpus_text("2020-01-01", "Trade", "Tariffs rose."), encoding="utf-16")
    documents, report = load_corpus(corpus_file)
    assert documents["title"].tolist() == ["Trade"]
    assert report["kind"].tolist() == ["not-utf8"]
    jsonl = tmp_path / "u16.jsonl"
    jsonl.write_text('{"text": "x"}\n', encoding="utf-16")
    with pytest.raises(CorpusError, match="UTF-16"):
        load_corpus(jsonl)
