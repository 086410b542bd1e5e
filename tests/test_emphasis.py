"""Tests of analysis.emphasis: topic units, periods, pooled bootstrap, emphasis, measures, coverage, discovery.

Every expected number below is computed by hand from the small frames built here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.emphasis import (
    SUMMARY_COLUMNS,
    assign_period,
    choose_period,
    coverage,
    discover_topics,
    measure_by,
    pooled_bootstrap,
    topic_emphasis,
    topic_units,
)

TOPICS = ["health", "trade"]


def make_labels() -> pd.DataFrame:
    """Six sentences in four documents (document ``e`` has none).

    ====  ===  ==========================  =====  ======  =====  ============  =====  ========
    doc   id   text                        words  health  trade  topics        tone   speaker
    ====  ===  ==========================  =====  ======  =====  ============  =====  ========
    a     0    Health care now             3      2       0      health        0.5    Tokayev
    a     1    Tariffs and health rules    4      1       1      health;trade  -1.0   Wang Yi
    a     2    Nothing here                2      0       0      ''            0.0    Tokayev
    b     0    Tariffs rose                2      0       1      trade         1.0    Wang Yi
    c     0    Quiet day in town           4      0       0      ''            -0.25  narrator
    d     0    Health                      1      1       0      health        0.25   Tokayev
    ====  ===  ==========================  =====  ======  =====  ============  =====  ========
    """
    texts = ["Health care now", "Tariffs and health rules", "Nothing here", "Tariffs rose", "Quiet day in town",
             "Health"]
    starts = [0, 16, 41, 0, 0, 0]
    return pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "c", "d"],
        "sent_id": [0, 1, 2, 0, 0, 0],
        "paragraph_id": [0, 1, 1, 0, 0, 0],
        "start": starts,
        "end": [s + len(t) for s, t in zip(starts, texts)],
        "text": texts,
        "health": [2.0, 1.0, 0.0, 0.0, 0.0, 1.0],
        "trade": [0.0, 1.0, 0.0, 1.0, 0.0, 0.0],
        "topics": ["health", "health;trade", "", "trade", "", "health"],
        "primary_topic": ["health", "trade", "none", "trade", "none", "health"],
        "tone": [0.5, -1.0, 0.0, 1.0, -0.25, 0.25],
        "speaker": ["Tokayev", "Wang Yi", "Tokayev", "Wang Yi", "narrator", "Tokayev"],
        "stance": [0.0, 0.5, 0.0, -0.5, 0.0, 0.0],
        "stance_target": ["", "China", "", "China", "", ""],
    })


def make_documents() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "b", "c", "d", "e"],
        "date": pd.to_datetime(["2020-01-01", "2020-01-02", "2020-03-01", None, "2020-01-03"]),
        "title": ["A", "B", "C", "D", "E"],
        "text": ["...", "...", "...", "...", ""],
        "source": ["wire", "paper", "wire", "", "paper"],
        "path": ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"],
    })


@pytest.fixture
def labels():
    return make_labels()


@pytest.fixture
def documents():
    return make_documents()


def rows(table: pd.DataFrame) -> dict:
    """(group, measure) -> row, for looking values up by name."""
    return {(r.group, r.measure): r for r in table.itertuples(index=False)}


# --- topic units -----------------------------------------------------------------------


def test_topic_units_split_one_unit_by_score_among_matched_topics(labels):
    units = topic_units(labels, TOPICS)
    assert units.tolist() == [[1.0, 0.0], [0.5, 0.5], [0.0, 0.0], [0.0, 1.0], [0.0, 0.0], [1.0, 0.0]]


def test_topic_units_ignore_scores_of_unmatched_topics():
    labels = pd.DataFrame({"health": [3.0, 0.6], "trade": [1.0, 0.4], "topics": ["health;trade", "health"]})
    # the second sentence scored 0.4 on trade but did not match it: health takes the whole unit
    assert topic_units(labels, TOPICS).tolist() == [[0.75, 0.25], [1.0, 0.0]]


# --- pooled bootstrap ------------------------------------------------------------------


def random_docs(n=20, seed=3):
    rng = np.random.default_rng(seed)
    den = rng.integers(1, 10, n).astype(float)
    num = np.column_stack([rng.uniform(0, 1, n) * den, rng.uniform(0, 0.5, n) * den])
    return num, den


def test_pooled_bootstrap_estimate_is_the_pooled_ratio_inside_its_interval():
    num = np.array([[1.0, 0.0], [2.0, 1.0], [0.0, 1.0], [3.0, 0.0]])
    den = np.array([2.0, 2.0, 1.0, 3.0])
    est, lo, hi = pooled_bootstrap(num, den, n_boot=200, seed=1)
    # pooled (6/8, 2/8), not the mean of the per-document ratios (0.625, 0.375)
    assert est.tolist() == [0.75, 0.25]
    assert np.all(lo <= est) and np.all(est <= hi)
    assert np.all(lo < hi)
    assert np.all(lo >= 0) and np.all(hi <= 1)


def test_pooled_bootstrap_is_reproducible_with_a_seed_and_varies_with_another():
    num, den = random_docs()
    first = pooled_bootstrap(num, den, n_boot=200, seed=7)
    again = pooled_bootstrap(num, den, n_boot=200, seed=7)
    other = pooled_bootstrap(num, den, n_boot=200, seed=8)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(first[0], other[0])  # the estimate does not depend on the seed
    assert not (np.array_equal(first[1], other[1]) and np.array_equal(first[2], other[2]))


def test_pooled_bootstrap_wider_level_gives_wider_interval():
    num, den = random_docs()
    _, lo90, hi90 = pooled_bootstrap(num, den, n_boot=200, seed=7, level=0.9)
    _, lo99, hi99 = pooled_bootstrap(num, den, n_boot=200, seed=7, level=0.99)
    assert np.all(lo99 <= lo90) and np.all(hi90 <= hi99)


def test_pooled_bootstrap_without_resamples_gives_nan_intervals():
    est, lo, hi = pooled_bootstrap(np.array([[1.0], [3.0]]), np.array([2.0, 2.0]), n_boot=0)
    assert est.tolist() == [1.0]
    assert np.isnan(lo).all() and np.isnan(hi).all()


def test_pooled_bootstrap_of_one_document_has_a_zero_width_interval():
    est, lo, hi = pooled_bootstrap(np.array([[1.0]]), np.array([4.0]), n_boot=50)
    assert est.tolist() == lo.tolist() == hi.tolist() == [0.25]


def test_pooled_bootstrap_with_no_weight_is_nan():
    est, _, _ = pooled_bootstrap(np.array([[0.0]]), np.array([0.0]), n_boot=0)
    assert np.isnan(est).all()


@pytest.mark.parametrize("n_boot", [-1, 2.5, "100", None])
def test_pooled_bootstrap_rejects_bad_n_boot(n_boot):
    with pytest.raises(ValueError, match="n_boot"):
        pooled_bootstrap(np.array([[1.0]]), np.array([1.0]), n_boot=n_boot)


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.1, 95])
def test_pooled_bootstrap_rejects_bad_level(level):
    with pytest.raises(ValueError, match="level"):
        pooled_bootstrap(np.array([[1.0]]), np.array([1.0]), n_boot=10, level=level)


def test_pooled_bootstrap_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="numerators"):
        pooled_bootstrap(np.array([[1.0], [2.0]]), np.array([1.0]), n_boot=10)


# --- periods ---------------------------------------------------------------------------


@pytest.mark.parametrize("dates, expected", [
    (["2020-09-12"], "D"),
    (["2020-09-01", "2020-09-12", "2020-09-30"], "D"),
    (["2020-01-01", "2020-03-31"], "W"),
    (["2020-01-01", "2020-10-01"], "M"),
    (["2018-01-01", "2020-06-30"], "M"),
    (["2010-01-01", "2020-01-01"], "Y"),
    (["2010-01-01", None, "2020-01-01"], "Y"),
    ([None, None], "Y"),
    ([], "Y"),
])
def test_choose_period_from_the_span(dates, expected):
    assert choose_period(pd.Series(pd.to_datetime(pd.Series(dates, dtype="object")))) == expected


@pytest.mark.parametrize("period, expected", [
    ("D", "2020-09-12"),
    ("W", "2020-09-07"),  # 2020-09-12 is a Saturday; weeks start on Monday
    ("M", "2020-09-01"),
    ("Y", "2020-01-01"),
])
def test_assign_period_gives_the_period_start(period, expected):
    dates = pd.Series(pd.to_datetime(["2020-09-12 15:30", None]))
    out = assign_period(dates, period)
    assert out.iloc[0] == pd.Timestamp(expected)
    assert pd.isna(out.iloc[1])


def test_assign_period_keeps_a_monday_in_its_own_week():
    out = assign_period(pd.Series(pd.to_datetime(["2020-09-07", "2020-09-13"])), "W")
    assert out.tolist() == [pd.Timestamp("2020-09-07")] * 2


def test_assign_period_rejects_a_bad_period():
    with pytest.raises(ValueError, match="period"):
        assign_period(pd.Series(pd.to_datetime(["2020-09-12"])), "Q")


# --- topic emphasis --------------------------------------------------------------------


def test_emphasis_of_the_corpus_is_the_pooled_share_of_sentences(labels, documents):
    out = topic_emphasis(labels, documents, topics=TOPICS, by="corpus", n_boot=200, min_docs=5)
    assert out.columns.tolist() == SUMMARY_COLUMNS
    assert out["group"].tolist() == ["corpus", "corpus"]
    assert out["measure"].tolist() == TOPICS
    # health: 1 + 0.5 (a) + 1 (d) of 6 sentences; trade: 0.5 (a) + 1 (b) of 6
    assert out["estimate"].tolist() == pytest.approx([2.5 / 6, 1.5 / 6])
    assert out["n_docs"].tolist() == [5, 5]  # document e has no sentence but counts
    assert not out["few_docs"].any()
    assert (out["lo"] <= out["estimate"]).all() and (out["estimate"] <= out["hi"]).all()


def test_emphasis_by_words_weighs_long_sentences_more(labels, documents):
    sentences = topic_emphasis(labels, documents, topics=TOPICS, by="corpus", n_boot=0)
    words = topic_emphasis(labels, documents, topics=TOPICS, by="corpus", normalize="words", n_boot=0)
    # words: health 3 + 4/2 (a) + 1 (d) of 16 words; trade 4/2 (a) + 2 (b) of 16
    assert words["estimate"].tolist() == pytest.approx([6 / 16, 4 / 16])
    assert sentences["estimate"].tolist() == pytest.approx([2.5 / 6, 1.5 / 6])
    assert words["estimate"].iloc[0] < sentences["estimate"].iloc[0]


def test_emphasis_by_document_in_document_order(labels, documents):
    out = topic_emphasis(labels, documents, topics=TOPICS, by="document", n_boot=200)
    assert out["group"].tolist() == ["a", "a", "b", "b", "c", "c", "d", "d", "e", "e"]
    got = rows(out)
    assert got[("a", "health")].estimate == pytest.approx(1.5 / 3)
    assert got[("a", "trade")].estimate == pytest.approx(0.5 / 3)
    assert got[("b", "trade")].estimate == 1.0
    assert got[("c", "health")].estimate == 0.0
    assert got[("d", "health")].estimate == 1.0
    # a document without sentences is listed, with no share to speak of
    assert np.isnan(got[("e", "health")].estimate)
    assert out["n_docs"].eq(1).all()
    # one document per group: no resampling interval, and no few-documents warning
    assert out["lo"].isna().all() and out["hi"].isna().all()
    assert not out["few_docs"].any()


def test_emphasis_by_period_leaves_undated_documents_out(labels, documents):
    out = topic_emphasis(labels, documents, topics=TOPICS, by="period", period="M", n_boot=100, min_docs=2)
    assert out.attrs["period"] == "M"
    assert out["group"].tolist() == [pd.Timestamp("2020-01-01")] * 2 + [pd.Timestamp("2020-03-01")] * 2
    got = rows(out)
    january, march = pd.Timestamp("2020-01-01"), pd.Timestamp("2020-03-01")
    # January: documents a, b, e (4 sentences); d is undated and in no period
    assert got[(january, "health")].estimate == pytest.approx(1.5 / 4)
    assert got[(january, "trade")].estimate == pytest.approx(1.5 / 4)
    assert got[(january, "health")].n_docs == 3
    assert got[(march, "health")].estimate == 0.0
    assert got[(march, "health")].n_docs == 1
    assert out.groupby("group")["few_docs"].first().tolist() == [False, True]
    assert out["n_docs"].sum() // len(TOPICS) == 4


def test_emphasis_by_period_chooses_the_period_when_not_given(labels, documents):
    out = topic_emphasis(labels, documents, topics=TOPICS, by="period", n_boot=0)
    # the dated documents span 60 days: weeks
    assert out.attrs["period"] == "W"
    assert sorted(set(out["group"])) == [pd.Timestamp("2019-12-30"), pd.Timestamp("2020-02-24")]


def test_emphasis_by_source(labels, documents):
    out = topic_emphasis(labels, documents, topics=TOPICS, by="source", n_boot=100, min_docs=2)
    assert list(dict.fromkeys(out["group"])) == ["(no source)", "paper", "wire"]
    got = rows(out)
    assert got[("wire", "health")].estimate == pytest.approx(1.5 / 4)
    assert got[("wire", "trade")].estimate == pytest.approx(0.5 / 4)
    assert got[("paper", "trade")].estimate == 1.0  # b's one sentence; e adds no sentence
    assert got[("paper", "trade")].n_docs == 2
    assert got[("(no source)", "health")].estimate == 1.0
    assert got[("(no source)", "health")].few_docs
    assert not got[("wire", "health")].few_docs


def test_emphasis_by_speaker(labels, documents):
    out = topic_emphasis(labels, documents, topics=TOPICS, by="speaker", n_boot=100, min_docs=2)
    got = rows(out)
    assert got[("Tokayev", "health")].estimate == pytest.approx(2 / 3)
    assert got[("Tokayev", "trade")].estimate == 0.0
    assert got[("Wang Yi", "health")].estimate == pytest.approx(0.25)
    assert got[("Wang Yi", "trade")].estimate == pytest.approx(0.75)
    assert got[("narrator", "health")].estimate == 0.0
    assert got[("Tokayev", "health")].n_docs == 2
    assert got[("narrator", "health")].few_docs and not got[("Wang Yi", "trade")].few_docs


def test_emphasis_by_speaker_needs_a_speaker_column(labels, documents):
    with pytest.raises(ValueError, match="speaker"):
        topic_emphasis(labels.drop(columns="speaker"), documents, topics=TOPICS, by="speaker", n_boot=0)


@pytest.mark.parametrize("options, name", [
    ({"by": "month"}, "by"),
    ({"normalize": "characters"}, "normalize"),
    ({"min_docs": 0}, "min_docs"),
    ({"by": "period", "period": "Q"}, "period"),
    ({"by": "corpus", "n_boot": -5}, "n_boot"),
])
def test_emphasis_rejects_bad_options(labels, documents, options, name):
    options = {"n_boot": 0, **options}
    with pytest.raises(ValueError, match=name):
        topic_emphasis(labels, documents, topics=TOPICS, **options)


def test_emphasis_is_reproducible_and_does_not_mutate(labels, documents):
    before_labels, before_docs = labels.copy(), documents.copy()
    first = topic_emphasis(labels, documents, topics=TOPICS, by="source", n_boot=100, seed=3)
    second = topic_emphasis(labels, documents, topics=TOPICS, by="source", n_boot=100, seed=3)
    assert_frame_equal(first, second)
    assert_frame_equal(labels, before_labels)
    assert_frame_equal(documents, before_docs)


# --- measures (tone, stance) -----------------------------------------------------------


def test_tone_by_topic_is_word_weighted(labels, documents):
    out = measure_by(labels, documents, measure="tone", by="topic", topics=TOPICS, n_boot=100, min_docs=2)
    assert out["group"].tolist() == ["health", "trade", "none"]
    assert out["measure"].eq("tone").all()
    # health: (0.5*3 + 0.25*1) / 4; trade: (-1*4 + 1*2) / 6; none: (0*2 - 0.25*4) / 6
    assert out["estimate"].tolist() == pytest.approx([1.75 / 4, -2 / 6, -1 / 6])
    assert out["n_docs"].tolist() == [2, 2, 2]


def test_tone_by_topic_orders_by_the_given_topics(labels, documents):
    out = measure_by(labels, documents, measure="tone", by="topic", topics=["trade", "health"], n_boot=0)
    assert out["group"].tolist() == ["trade", "health", "none"]


def test_tone_by_period(labels, documents):
    out = measure_by(labels, documents, measure="tone", by="period", period="M", n_boot=100)
    assert out["group"].tolist() == [pd.Timestamp("2020-01-01"), pd.Timestamp("2020-03-01")]
    # January: a (1.5 - 4 + 0 over 9 words), b (2 over 2 words), e (no words)
    assert out["estimate"].tolist() == pytest.approx([-0.5 / 11, -0.25])
    assert out["n_docs"].tolist() == [3, 1]
    assert out.attrs["period"] == "M"


def test_tone_by_speaker(labels, documents):
    out = measure_by(labels, documents, measure="tone", by="speaker", n_boot=0)
    got = {r.group: r.estimate for r in out.itertuples()}
    assert got == pytest.approx({"Tokayev": 1.75 / 6, "Wang Yi": -2 / 6, "narrator": -0.25})


def test_tone_of_the_corpus(labels, documents):
    out = measure_by(labels, documents, measure="tone", by="corpus", n_boot=100)
    # (1.5 - 4 + 0 + 2 - 1 + 0.25) / 16 words
    assert out["estimate"].tolist() == pytest.approx([-1.25 / 16])
    assert out["lo"].iloc[0] <= out["estimate"].iloc[0] <= out["hi"].iloc[0]


def test_measure_by_rejects_bad_input(labels, documents):
    with pytest.raises(ValueError, match="measure.*'sarcasm'"):
        measure_by(labels, documents, measure="sarcasm", n_boot=0)
    with pytest.raises(ValueError, match="speaker"):
        measure_by(labels.drop(columns="speaker"), documents, measure="tone", by="speaker", n_boot=0)
    with pytest.raises(ValueError, match="by"):
        measure_by(labels, documents, measure="tone", by="weekday", n_boot=0)


def test_measure_by_does_not_mutate(labels, documents):
    before_labels, before_docs = labels.copy(), documents.copy()
    measure_by(labels, documents, measure="tone", by="topic", n_boot=50)
    measure_by(labels, documents, measure="stance", by="period", n_boot=50)
    assert_frame_equal(labels, before_labels)
    assert_frame_equal(documents, before_docs)


# --- coverage --------------------------------------------------------------------------


def test_coverage_per_document_and_corpus(labels, documents):
    out = coverage(labels, documents)
    assert out.columns.tolist() == ["doc_id", "n_sentences", "n_unclaimed", "unclaimed_share"]
    assert out["doc_id"].tolist() == ["a", "b", "c", "d", "e", "(corpus)"]
    assert out["n_sentences"].tolist() == [3, 1, 1, 1, 0, 6]
    assert out["n_unclaimed"].tolist() == [1, 0, 1, 0, 0, 2]
    assert out["unclaimed_share"].tolist() == pytest.approx([1 / 3, 0, 1, 0, 0, 1 / 3])


def test_coverage_without_documents_lists_documents_with_sentences(labels):
    before = labels.copy()
    out = coverage(labels)
    assert out["doc_id"].tolist() == ["a", "b", "c", "d", "(corpus)"]
    assert_frame_equal(labels, before)


# --- discovery -------------------------------------------------------------------------

FOOTBALL = [
    "The football team won the league match on Saturday.",
    "Fans filled the stadium to watch the football final.",
    "The coach praised his players after the league match.",
    "Two late goals gave the team a win in the football derby.",
    "The stadium erupted when the striker scored the winning goal.",
    "League officials fined the club after fans invaded the pitch.",
    "The goalkeeper saved a penalty and the team kept its lead.",
    "Football fans travelled north for the away match.",
    "The players trained at the stadium before the league match.",
    "The coach signed a new striker for the football club.",
]
FLOODS = [
    "Heavy rain flooded the river valley overnight.",
    "The river burst its banks after days of heavy rain.",
    "Storm water swept through the valley villages.",
    "Rescuers moved families away from the flooded river.",
    "Forecasters warned of more rain and rising river levels.",
    "The storm brought floods to farms along the river.",
    "Rain and storm winds cut power across the valley.",
    "Flood water covered the roads near the river bridge.",
    "The valley braced for another storm and more heavy rain.",
    "Residents cleared mud after the flood water receded.",
]


def discovery_labels() -> pd.DataFrame:
    texts = [t for pair in zip(FOOTBALL, FLOODS) for t in pair]
    claimed = ["The vaccine rollout reached the hospitals.", "Tariffs on steel exports rose."] * 3
    return pd.DataFrame({"text": texts + claimed, "topics": [""] * len(texts) + ["health", "trade"] * 3})


def test_discover_topics_below_min_sentences_is_empty():
    labels = discovery_labels()
    out = discover_topics(labels, n_topics=2, min_sentences=21)
    assert out.empty
    assert out.columns.tolist() == ["candidate", "top_terms", "n_sentences", "examples"]


def test_discover_topics_finds_two_separated_themes():
    labels = discovery_labels()
    before = labels.copy()
    out = discover_topics(labels, n_topics=2, n_terms=5, n_examples=3, min_sentences=10)
    assert out["candidate"].tolist() == [1, 2]
    assert out["n_sentences"].sum() == 20  # every unclaimed sentence goes to one candidate
    football = {"football", "team", "league", "match", "stadium", "fans", "coach", "players", "striker", "goal",
                "club"}
    floods = {"rain", "river", "valley", "storm", "flood", "flooded", "water", "heavy", "floods"}
    themes = []
    for row in out.itertuples():
        terms = set(row.top_terms.split(", "))
        assert len(terms) == 5
        assert terms <= football or terms <= floods, row.top_terms
        themes.append("football" if terms <= football else "floods")
        examples = row.examples.split(" | ")
        assert len(examples) == 3
        assert set(examples) <= set(FOOTBALL if themes[-1] == "football" else FLOODS)
    assert sorted(themes) == ["floods", "football"]
    # claimed sentences are never candidates' material
    assert not out["examples"].str.contains("vaccine|Tariffs").any()
    assert not out["top_terms"].str.contains("vaccine|tariffs").any()
    assert_frame_equal(labels, before)


def test_discover_topics_is_deterministic():
    labels = discovery_labels()
    first = discover_topics(labels, n_topics=3, min_sentences=10)
    second = discover_topics(labels, n_topics=3, min_sentences=10)
    assert_frame_equal(first, second)


@pytest.mark.parametrize("name, value", [("n_topics", 0), ("n_topics", 2.5), ("n_terms", 0), ("n_examples", -1)])
def test_discover_topics_rejects_bad_counts(name, value):
    with pytest.raises(ValueError, match=name):
        discover_topics(discovery_labels(), **{name: value})


def test_document_tone_is_the_same_in_the_labels_and_in_measure_by():
    # one definition of a word: the label output and measure_by weigh sentences alike
    from analysis.config import SEEDS_DIR
    from analysis.pipeline import analyse

    result = analyse(SEEDS_DIR)
    by_document = measure_by(result.sentences, result.documents, by="document", measure="tone", n_boot=0)
    assert by_document["estimate"].tolist() == pytest.approx(result.doc_labels["tone"].tolist(), abs=1e-12)
