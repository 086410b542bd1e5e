"""Tests of analysis.validation: topic sets, per-topic and per-label scores, confusion tables,
and validation on the user's corpus (corpus-level estimates from a coded sheet)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.sheets import draw_sample, read_sheet, write_sheet
from analysis.validation import (confusion_table, estimate_scores, label_scores, plot_scores, split_topics,
                                 supervised_comparison, topic_scores, validate_sheet)
from conftest import TOPICS, coded, population


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
# validation on the user's corpus: corpus-level estimates (the coding sheet: test_sheets.py)
# --------------------------------------------------------------------------------------------------


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
