"""Tests of analysis.validation: topic sets, per-topic and per-label scores, confusion tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.validation import confusion_table, label_scores, split_topics, topic_scores


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
