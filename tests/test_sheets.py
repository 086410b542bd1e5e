"""Tests of analysis.sheets: the blind coding sheet (allocation, drawing, CSV injection, reading back,
matching the corpus, coded rows, finding the coded sample)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.sheets import (SHEET_COLUMNS, SheetError, allocate, check_sheet, coded_rows, draw_sample, escape_cell,
                             find_coded, gold_as_sheet, read_sheet, unescape_cell, write_sheet)
from conftest import TOPICS, coded, population


def test_allocate_gives_small_strata_enough_and_never_more_than_they_have():
    sizes = pd.Series({"none": 2600, "politics": 900, "health": 420, "trade": 80, "tiny": 1})
    counts = allocate(sizes, 400)
    assert counts.sum() == 400
    assert counts["tiny"] == 1
    assert (counts <= sizes).all()
    # square-root allocation: the rare topic gets far more than its 2% share, the big stratum less than its 65%
    assert counts["trade"] > 0.02 * 400 * 2 and counts["none"] < 0.65 * 400
    assert allocate(sizes, 10_000).equals(sizes)  # more than the corpus: every sentence
    proportional = allocate(pd.Series({"a": 300, "b": 100}), 40, power=1.0)
    assert proportional.tolist() == [30, 10]
    assert allocate(pd.Series({"a": 300, "b": 100}), 40, power=0.0).tolist() == [20, 20]


@pytest.mark.parametrize("options, message", [({"n": 0}, "n must be"), ({"n": 3}, "n must be at least"),
                                               ({"n": 50, "power": 2}, "power")])
def test_allocate_rejects_bad_values(options, message):
    with pytest.raises(ValueError, match=message):
        allocate(pd.Series({"a": 10, "b": 10}), **options)


@given(sizes=st.lists(st.integers(0, 500), min_size=1, max_size=6), n=st.integers(12, 900),
       power=st.floats(0, 1))
@settings(max_examples=200, deadline=None)
def test_allocate_sums_to_n_within_caps(sizes, n, power):
    sizes = pd.Series(sizes, index=[f"s{i}" for i in range(len(sizes))])
    if sizes.sum() == 0:
        return
    counts = allocate(sizes, n, power=power)
    assert counts.sum() == min(n, sizes.sum())
    assert (counts <= sizes).all()
    assert (counts >= np.minimum(sizes, 2)).all()


def test_sheet_is_blind_stratified_and_seeded():
    labels = population()
    sheet = draw_sample(labels.assign(evidence="x [trade] 0-1", trade=1.0), n=400, seed=3)
    assert list(sheet.columns) == SHEET_COLUMNS
    for hidden in ("primary_topic", "evidence", "trade", "health", "gold"):
        assert hidden not in sheet.columns
    # the strata have opaque codes, not topic names; every row's coder columns are empty
    assert not set(sheet["stratum"]) & set(labels["primary_topic"])
    assert (sheet[["topics", "tone", "speaker"]] == "").all().all()
    # each stratum gives what allocate says, with inclusion probability n_h / N_h
    truth = labels.set_index(["doc_id", "sent_id"])["primary_topic"]
    drawn = truth.reindex(pd.MultiIndex.from_frame(sheet[["doc_id", "sent_id"]]))
    sizes = labels["primary_topic"].value_counts()
    assert drawn.value_counts().sort_index().equals(allocate(sizes.sort_index(), 400).rename("count"))
    for stratum, group in sheet.groupby(drawn.to_numpy()):
        assert group["stratum_size"].unique().tolist() == [sizes[stratum]]
        assert group["inclusion_prob"].to_numpy() == pytest.approx(len(group) / sizes[stratum])
    assert sheet["row"].tolist() == list(range(1, 401))
    # rows are shuffled, not grouped by stratum
    assert (sheet["stratum"] != sheet["stratum"].shift()).sum() > 100
    assert draw_sample(labels, n=400, seed=3).equals(draw_sample(labels, n=400, seed=3))
    assert not draw_sample(labels, n=400, seed=4)["text"].equals(draw_sample(labels, n=400, seed=3)["text"])


def test_sheet_gives_the_sentences_around_each_sentence_in_its_document():
    labels = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "sent_id": [0, 1, 2, 1],
                           "text": ["A0.", "A1.", "A2.", "B1."], "primary_topic": ["none"] * 4})
    sheet = draw_sample(labels, n=4).sort_values(["doc_id", "sent_id"])
    assert sheet[["before", "text", "after"]].values.tolist() == [
        ["", "A0.", "A1."], ["A0.", "A1.", "A2."], ["A1.", "A2.", ""], ["", "B1.", ""]]
    assert labels.columns.tolist() == ["doc_id", "sent_id", "text", "primary_topic"]  # input untouched


@pytest.mark.parametrize("value", ["=SUM(A1:A9)", "+7 percent", "-5% growth", "@user said", "\tx", "'Tis so",
                                   "'=quoted", "''", "'", "plain", "", "it's", "- dash first"])
def test_escape_round_trips_and_defuses_formulas(value):
    written = escape_cell(value)
    assert unescape_cell(written) == value
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_sheet_file_round_trips_formula_text_and_opens_as_utf8_with_bom(tmp_path):
    labels = pd.DataFrame({"doc_id": ["=d1", "=d1", "-d2", "@d3", "d4", "d5"], "sent_id": [1, 2, 1, 1, 1, 1],
                           "text": ["=HYPERLINK(\"http://x\")", "-5% growth in Almaty, «said» he.", "'Tis true.",
                                    "+1 for all", "Plain text; with, commas", "'-' marks a loss."],
                           "primary_topic": ["none", "trade", "none", "none", "trade", "none"]})
    sheet = draw_sample(labels, n=6)
    path = write_sheet(sheet, tmp_path / "sheet.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line.split(","))
    assert "'=HYPERLINK" in raw.decode("utf-8-sig") and "''Tis true." in raw.decode("utf-8-sig")
    back = read_sheet(path)
    for column in ("doc_id", "before", "text", "after"):
        assert back[column].tolist() == sheet[column].tolist()
    assert back["inclusion_prob"].tolist() == sheet["inclusion_prob"].tolist()
    check_sheet(back, labels)  # matches its corpus
    # saved back by a spreadsheet that separates with ';' and drops the apostrophes it showed as text
    resaved = back.copy()
    resaved["text"] = [t[1:] if t.startswith("'-") else t for t in resaved["text"]]  # "'-' marks..." shown as "-' marks..."
    resaved.to_csv(tmp_path / "resaved.csv", sep=";", index=False, encoding="utf-8-sig")
    again = read_sheet(tmp_path / "resaved.csv")
    changed = again["text"] != sheet["text"]
    assert again.loc[changed, "text"].tolist() == ["-' marks a loss."]  # read back as the spreadsheet left it
    check_sheet(again, labels)  # ... and still recognised as the corpus's sentence


def test_a_sheet_that_no_longer_matches_the_corpus_names_the_rows():
    labels = population().head(30)
    sheet = draw_sample(labels, n=12, seed=0)
    sheet.loc[2, "doc_id"] = "gone"
    sheet.loc[5, "text"] = "An edited sentence."
    sheet.loc[7, "sent_id"] = 99
    with pytest.raises(SheetError) as err:
        check_sheet(sheet, labels)
    message = str(err.value)
    assert "no such document in row 3" in message
    assert "differs from the corpus's sentence in row 6" in message
    assert "no such sentence in row 8" in message


def test_coded_rows_skip_and_count_rows_not_coded_and_reject_unknown_topics():
    sheet = pd.DataFrame({"row": [1, 2, 3, 4, 5], "topics": ["Health; trade", "", "?", "none", ""],
                          "tone": ["", "", "", "-0.5", ""], "speaker": ["", "", "", "", ""]})
    rows, skipped = coded_rows(sheet, topics=TOPICS)
    # row 2 is empty before the last coded row: no topic; row 3 is skipped; row 5 was not reached
    assert rows["row"].tolist() == [1, 2, 4] and skipped == 2
    assert rows["gold"].tolist() == [{"health", "trade"}, set(), set()]
    assert rows["coded_tone"].isna().tolist() == [True, True, False]
    with pytest.raises(SheetError, match=r"unknown topic name\(s\) 'helth' in row 2"):
        coded_rows(sheet.assign(topics=["health", "helth", "", "", ""]), topics=TOPICS)
    with pytest.raises(SheetError, match="tone must be a number from -1 to 1 .* in row 1"):
        coded_rows(sheet.assign(tone=["2", "", "", "", ""]), topics=TOPICS)


def test_gold_without_doc_id_on_a_corpus_of_several_documents_is_a_clear_error():
    labels = population().head(9)
    with pytest.raises(SheetError, match="no doc_id column, but the corpus has 3 documents"):
        gold_as_sheet(pd.DataFrame({"sent_id": [0, 1], "topics": ["health", ""]}), labels)
    with pytest.raises(SheetError, match="sentences the corpus does not have: row 2"):
        gold_as_sheet(pd.DataFrame({"doc_id": ["d0", "d0"], "sent_id": [0, 7], "topics": ["health", ""]}), labels)


def test_find_coded_draws_then_waits_then_validates(tmp_path):
    labels = population().head(60)
    sheet_path = tmp_path / "sheet.csv"
    gold_path = tmp_path / "gold.csv"
    pd.DataFrame({"sent_id": [0], "topics": ["health"]}).to_csv(gold_path, index=False)  # of another corpus
    frame, status, message = find_coded(labels, topics=TOPICS, gold=gold_path, sheet=sheet_path)
    assert frame is None and status == "draw" and "does not fit this corpus" in message and "open it" in message
    write_sheet(draw_sample(labels, n=20), sheet_path)
    assert find_coded(labels, topics=TOPICS, sheet=sheet_path)[1] == "uncoded"
    write_sheet(coded(read_sheet(sheet_path), labels), sheet_path)
    frame, status, message = find_coded(labels, topics=TOPICS, gold=gold_path, sheet=sheet_path)
    assert status == "sheet" and len(frame) == 20 and "20 coded sentences" in message
    assert find_coded(labels, topics=TOPICS, gold=None, sheet=None)[1] == "none"
    other = population(2).assign(doc_id=lambda f: "x" + f["doc_id"]).head(60)
    assert find_coded(other, topics=TOPICS, sheet=sheet_path)[1] == "mismatch"
