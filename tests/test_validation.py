"""Tests of analysis.validation: topic sets, per-topic and per-label scores, confusion tables,
and validation on the user's corpus (coding sheet, corpus-level estimates)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.validation import (
    SHEET_COLUMNS, SheetError, allocate, check_sheet, coded_rows, confusion_table, draw_sample, escape_cell,
    estimate_scores, find_coded, gold_as_sheet, label_scores, plot_scores, read_sheet, split_topics,
    supervised_comparison, topic_scores, unescape_cell, validate_sheet, write_sheet)


def test_split_topics_reads_joined_names_and_treats_none_and_missing_as_empty():
    assert split_topics(["health;trade", " trade ; health ", "", "none", None, float("nan"), "politics;none"]) == [
        {"health", "trade"}, {"health", "trade"}, set(), set(), set(), set(), {"politics"}]


def test_topic_scores_by_hand():
    gold = ["health;trade", "health", "", "trade", "none"]
    predicted = ["health", "trade", "", "trade;politics", "health"]
    table = topic_scores(gold, predicted, ["health", "trade", "politics"])
    assert table.index.tolist() == ["health", "trade", "politics", "macro"]
    assert table.index.name == "topic"
    assert table.columns.tolist() == ["precision", "recall", "f1", "support"]
    # health: gold {0, 1}, predicted {0, 4} -> tp 1, fp 1, fn 1
    assert table.loc["health"].tolist() == pytest.approx([0.5, 0.5, 0.5, 2])
    # trade: gold {0, 3}, predicted {1, 3} -> tp 1, fp 1, fn 1
    assert table.loc["trade"].tolist() == pytest.approx([0.5, 0.5, 0.5, 2])
    # politics: never in gold, predicted once -> precision 0; recall 0/0 counts as 0
    assert table.loc["politics"].tolist() == pytest.approx([0.0, 0.0, 0.0, 0])
    # macro: the unweighted mean over the topics; support summed
    assert table.loc["macro"].tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3, 4])
    assert table["support"].dtype == "int64"


def test_topic_scores_ignore_topics_outside_the_list_and_accept_sets():
    table = topic_scores([{"health"}, "trade;politics"], ["health", {"trade", "health"}], ["health", "trade"])
    # health: tp 1 (row 0), fp 1 (row 1) -> precision 0.5, recall 1, f1 2/3
    assert table.loc["health"].tolist() == pytest.approx([0.5, 1.0, 2 / 3, 1])
    assert table.loc["trade"].tolist() == pytest.approx([1.0, 1.0, 1.0, 1])
    assert table.loc["macro"].tolist() == pytest.approx([0.75, 1.0, (2 / 3 + 1) / 2, 2])


def test_topic_scores_of_a_single_topic():
    table = topic_scores(["health", "", "health", ""], ["health", "health", "", ""], ["health"])
    assert table.index.tolist() == ["health", "macro"]
    assert table.loc["health"].tolist() == pytest.approx([0.5, 0.5, 0.5, 2])


def test_topic_scores_with_nothing_to_find_are_zero_not_an_error():
    table = topic_scores(["", "none"], ["", ""], ["health", "trade"])
    assert table[["precision", "recall", "f1"]].to_numpy().tolist() == [[0.0] * 3] * 3
    assert table["support"].tolist() == [0, 0, 0]


def test_topic_scores_reject_unequal_lengths():
    with pytest.raises(ValueError, match="same length"):
        topic_scores(["health", "trade"], ["health"], ["health", "trade"])


def test_label_scores_by_hand():
    gold = ["pos", "neg", "neu", "pos"]
    predicted = ["pos", "pos", "neu", "neg"]
    table = label_scores(gold, predicted, ["pos", "neg", "neu"])
    assert table.index.tolist() == ["pos", "neg", "neu", "macro"]
    assert table.index.name == "label"
    assert table.loc["pos"].tolist() == pytest.approx([0.5, 0.5, 0.5, 2])
    assert table.loc["neg"].tolist() == pytest.approx([0.0, 0.0, 0.0, 1])
    assert table.loc["neu"].tolist() == pytest.approx([1.0, 1.0, 1.0, 1])
    assert table.loc["macro"].tolist() == pytest.approx([0.5, 0.5, 0.5, 4])


def test_label_scores_zero_division_is_zero():
    # 'x' is neither in gold nor predicted; 'b' is never predicted
    table = label_scores(["a", "b"], ["a", "a"], ["a", "b", "x"])
    assert table.loc["x"].tolist() == pytest.approx([0.0, 0.0, 0.0, 0])
    assert table.loc["b"].tolist() == pytest.approx([0.0, 0.0, 0.0, 1])
    assert table.loc["a"].tolist() == pytest.approx([0.5, 1.0, 2 / 3, 1])
    assert table.loc["macro"].tolist() == pytest.approx([0.5 / 3, 1 / 3, 2 / 9, 2])


def test_confusion_table_rows_are_gold_columns_predicted():
    table = confusion_table(["pos", "neg", "neu", "pos", "pos"], pd.Series(["pos", "pos", "neu", "neg", "pos"]),
                            ["pos", "neg", "neu"])
    assert table.index.name == "gold" and table.columns.name == "predicted"
    assert table.index.tolist() == table.columns.tolist() == ["pos", "neg", "neu"]
    assert table.to_numpy().tolist() == [[2, 1, 0], [1, 0, 0], [0, 0, 1]]


def test_confusion_table_counts_only_listed_labels():
    table = confusion_table(["a", "zzz", "b"], ["a", "a", "zzz"], ["a", "b"])
    assert table.to_numpy().tolist() == [[1, 0], [0, 0]]



# --------------------------------------------------------------------------------------------------
# validation on the user's corpus
# --------------------------------------------------------------------------------------------------

TOPICS = ["health", "trade", "politics"]


def population(seed: int = 1) -> pd.DataFrame:
    """A synthetic corpus of 4,000 sentence labels with a known gold topic set for each.

    Strata (predicted primary topic) of very different sizes; a rare topic (trade) that the labels
    often miss (its misses sit in the big ``none`` stratum); health is also predicted as a second
    topic of politics sentences.
    """
    rng = np.random.default_rng(seed)
    rows = []
    sizes = {"none": 2600, "politics": 900, "health": 420, "trade": 80}
    for stratum, size in sizes.items():
        for i in range(size):
            predicted = set() if stratum == "none" else {stratum}
            if stratum == "politics" and rng.random() < 0.1:
                predicted.add("health")
            gold = set()
            if stratum != "none" and rng.random() < {"politics": 0.7, "health": 0.85, "trade": 0.6}[stratum]:
                gold.add(stratum)
            if stratum == "none":
                u = rng.random()
                gold = {"trade"} if u < 0.02 else {"health"} if u < 0.05 else {"politics"} if u < 0.12 else set()
            if "health" in predicted and rng.random() < 0.5:
                gold.add("health")
            rows.append({"doc_id": f"d{len(rows) // 3}", "sent_id": len(rows) % 3, "text": f"Sentence {len(rows)}.",
                         "primary_topic": stratum, "topics": ";".join(sorted(predicted)),
                         "gold": ";".join(sorted(gold))})
    return pd.DataFrame(rows)


def coded(sheet: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """The sheet coded from the population's gold topics (a perfect coder; ``none`` when empty)."""
    gold = dict(zip(zip(labels["doc_id"], labels["sent_id"]), labels["gold"]))
    return sheet.assign(topics=[gold[(d, s)] or "none" for d, s in zip(sheet["doc_id"], sheet["sent_id"])])


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


def test_weighted_estimates_are_unbiased_and_intervals_cover_the_truth():
    labels = population()
    truth = topic_scores(labels["gold"], labels["topics"], TOPICS)
    estimates, covered, plain = [], [], []
    for seed in range(60):
        sheet = coded(draw_sample(labels, n=400, seed=seed), labels)
        predicted = labels.set_index(["doc_id", "sent_id"])["topics"].reindex(
            pd.MultiIndex.from_frame(sheet[["doc_id", "sent_id"]])).tolist()
        report = estimate_scores(sheet["topics"], predicted, sheet["stratum"], sheet["stratum_size"],
                                 topics=TOPICS, n_boot=300, seed=seed).set_index("topic")
        estimates.append(report[["precision", "recall", "f1"]])
        covered.append((report["f1_low"] <= truth.loc[TOPICS, "f1"]) & (truth.loc[TOPICS, "f1"] <= report["f1_high"]))
        plain.append(topic_scores(sheet["topics"], predicted, TOPICS).loc[TOPICS, "f1"])
    mean = sum(estimates) / len(estimates)
    for score in ("precision", "recall", "f1"):
        assert mean[score].to_numpy() == pytest.approx(truth.loc[TOPICS, score].to_numpy(), abs=0.02)
    coverage = pd.concat(covered, axis=1).mean(axis=1)
    assert (coverage >= 0.85).all(), coverage
    # the sample is not a simple random one: unweighted scores miss the truth for the rare topic
    assert abs((sum(plain) / len(plain))["trade"] - truth.loc["trade", "f1"]) > 0.1


def test_a_stratum_coded_entirely_has_no_spread_and_a_topic_never_seen_has_no_estimate():
    # every sentence of both strata is coded (a census): the estimate is exact, the interval a point
    report = estimate_scores(["health", "none", "health", "none"], ["health", "health", "", ""],
                             ["a", "a", "b", "b"], [2, 2, 2, 2], topics=["health", "trade"], n_boot=100)
    health = report.set_index("topic").loc["health"]
    assert health["precision"] == health["precision_low"] == health["precision_high"] == 0.5
    assert health["f1_low"] == health["f1_high"] == pytest.approx(0.5)
    trade = report.set_index("topic").loc["trade"]
    assert np.isnan(trade["f1"]) and np.isnan(trade["f1_low"]) and np.isnan(trade["precision"])
    assert "never coded nor predicted" in trade["note"]
    # predicted but never coded: precision 0 (every prediction wrong), recall undefined
    report = estimate_scores(["none", "none"], ["trade", ""], ["a", "a"], [5, 5], topics=["trade"], n_boot=50)
    assert report.loc[0, "precision"] == 0 and report.loc[0, "f1"] == 0 and np.isnan(report.loc[0, "recall"])
    assert "recall undefined" in report.loc[0, "note"]


def test_a_stratum_where_no_miss_was_seen_still_widens_the_recall_interval():
    # 100 sentences the labels give trade, 20 coded, all trade; 1,000 given none, 100 coded, none trade
    gold = ["trade"] * 20 + ["none"] * 100
    predicted = ["trade"] * 20 + [""] * 100
    strata, sizes = ["t"] * 20 + ["n"] * 100, [100] * 20 + [1000] * 100
    smoothed = estimate_scores(gold, predicted, strata, sizes, topics=["trade"], n_boot=500).iloc[0]
    plain = estimate_scores(gold, predicted, strata, sizes, topics=["trade"], n_boot=500, method="bootstrap").iloc[0]
    assert smoothed["recall"] == plain["recall"] == 1.0
    # the row bootstrap cannot imagine a miss it did not see; the smoothed draws allow ~2% of the 900 others
    assert plain["recall_low"] == 1.0 and plain["precision_low"] == 1.0
    assert 0.5 < smoothed["recall_low"] < 0.95 and smoothed["precision_low"] < 0.99
    with pytest.raises(ValueError, match="method"):
        estimate_scores(gold, predicted, strata, sizes, topics=["trade"], method="exact")


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


def test_validate_sheet_round_trip_scores_topics_tone_and_speaker(tmp_path):
    labels = population().assign(tone=lambda f: np.linspace(-1, 1, len(f)), speaker="narrator")
    sheet = coded(draw_sample(labels, n=300, seed=1), labels)
    # tone coded for every row as the labels' tone plus noise; the speaker coded on half the rows
    tone = labels.set_index(["doc_id", "sent_id"])["tone"].reindex(pd.MultiIndex.from_frame(sheet[["doc_id", "sent_id"]]))
    noise = np.random.default_rng(0).normal(0, 0.1, len(sheet))
    sheet["tone"] = [f"{v:.3f}" for v in np.clip(tone.to_numpy() + noise, -1, 1)]
    sheet["speaker"] = ["Narrator" if i % 2 else "" for i in range(len(sheet))]
    sheet.loc[sheet.index[-10:], ["topics", "tone", "speaker"]] = ""  # the last ten not reached
    path = write_sheet(sheet, tmp_path / "coded.csv")
    result = validate_sheet(read_sheet(path), labels, topics=TOPICS, n_boot=200)
    assert result.n_skipped == 10 and len(result.compared) == 290
    assert result.report["topic"].tolist() == TOPICS
    assert (result.report["n_coded"] == 290).all()
    assert ((result.report["f1_low"] <= result.report["f1"]) & (result.report["f1"] <= result.report["f1_high"])).all()
    agreement = result.agreement.set_index("measure")
    assert agreement.loc["tone_r", "value"] > 0.95
    assert agreement.loc["speaker_accuracy", "value"] == 1.0
    assert agreement.loc["speaker_accuracy", "n_coded"] == 145
    # the weights add up to the corpus size
    assert result.compared["weight"].sum() == pytest.approx(len(labels))


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


def test_supervised_comparison_needs_enough_rows():
    labels = population()
    result = validate_sheet(coded(draw_sample(labels, n=12, seed=0), labels), labels, topics=TOPICS, n_boot=20)
    table, message = supervised_comparison(result.compared)
    assert table is None and "Not enough coded sentences" in message
    texts = {"health": "hospital vaccine doctors", "politics": "minister parliament election", "none": "rain sun"}
    result.compared = pd.DataFrame({"text": [f"{texts[t]} {i}." for i, t in enumerate(["health", "politics", "none"] * 20)],
                                    "gold": [{"health"}, {"politics"}, set()] * 20,
                                    "predicted_primary": ["health", "none", "none"] * 20})
    table, message = supervised_comparison(result.compared)
    assert list(table.columns) == ["tf-idf + logistic regression", "taxonomy scores + logistic regression",
                                   "taxonomy (no training)"]
    assert table.loc["health", "tf-idf + logistic regression"] == 1.0
    assert table.loc["politics", "taxonomy (no training)"] == 0.0
    assert "60 coded sentences" in message


def test_plot_scores_draws_f1_with_intervals():
    report = estimate_scores(["health", "none", "trade", "none"], ["health", "health", "", "trade"],
                             ["a", "a", "b", "b"], [20, 20, 40, 40], topics=["health", "trade", "politics"], n_boot=50)
    fig = plot_scores(report)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["health", "trade", "politics"]
    assert any("no estimate" in t.get_text() for t in ax.texts)
    assert ax.get_legend() is not None and "F1 (95% interval)" in [t.get_text() for t in ax.get_legend().get_texts()]
