"""Tests of analysis.topics: taxonomy, TopicLabeler, sentence and document labels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from analysis.config import SEEDS_DIR, TAXONOMY_PATH
from analysis.corpus import load_corpus
from analysis.text import split_sentences
from analysis.topics import (
    TaxonomyError,
    TopicLabeler,
    document_topics,
    label_sentences,
    load_taxonomy,
    topic_evidence,
)

TOPICS = ["health", "trade", "politics", "investment"]

#: Gold topics of the seed's sentences, from a careful reading of each sentence (shared with
#: notebooks/04-validation).
SEED_GOLD = {
    int(row.sent_id): set(filter(None, row.topics.split(";")))
    for row in pd.read_csv(Path(__file__).parent / "data" / "seed_gold.csv", keep_default_na=False).itertuples()
}


@pytest.fixture(scope="module")
def labeler():
    return TopicLabeler().fit()


@pytest.fixture(scope="module")
def seed():
    documents, _ = load_corpus(SEEDS_DIR)
    sentences = split_sentences(documents)
    return documents, sentences


def scores_of(labeler, text):
    return dict(zip(labeler.topics_, labeler.transform([text])[0]))


def sentences_frame(texts, doc_ids=None):
    doc_ids = doc_ids or ["d"] * len(texts)
    starts, sent_ids, previous = [], [], {}
    for doc_id in doc_ids:
        previous[doc_id] = previous.get(doc_id, 0) + 1
        sent_ids.append(previous[doc_id])
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    return pd.DataFrame({"doc_id": doc_ids, "sent_id": sent_ids, "start": starts, "text": texts})


# --- the seed --------------------------------------------------------------------------


def test_seed_labels_match_gold(seed):
    _, sentences = seed
    labels = label_sentences(sentences)
    got = {sid: set(filter(None, topics.split(";"))) for sid, topics in zip(labels["sent_id"], labels["topics"])}
    assert len(SEED_GOLD) == 13
    assert got == SEED_GOLD


def test_seed_evidence_offsets_slice_the_document_text(seed):
    documents, sentences = seed
    text = documents["text"].iloc[0]
    evidence = topic_evidence(sentences)
    assert len(evidence) > 0
    for row in evidence.itertuples():
        assert text[row.start:row.end] == row.term
        assert row.key == " ".join(row.term.lower().replace("-", " ").split())
    # the evidence column of label_sentences carries the same offsets
    labels = label_sentences(sentences)
    for item in "; ".join(e for e in labels["evidence"] if e).split("; "):
        term, rest = item.split(" [", 1)
        span = rest.split("] ", 1)[1]
        start, end = map(int, span.split("-"))
        assert text[start:end] == term
    # every matched topic of a sentence has evidence
    for row in labels.itertuples():
        for topic in filter(None, row.topics.split(";")):
            assert f"[{topic}]" in row.evidence


def test_seed_document_shares(seed):
    documents, sentences = seed
    doc = document_topics(label_sentences(sentences), topics=TOPICS, documents=documents)
    assert doc["doc_id"].tolist() == documents["doc_id"].tolist()
    assert doc["n_sentences"].tolist() == [13]
    assert doc["primary_topic"].tolist() == ["politics"]
    assert doc["coverage"].iloc[0] == pytest.approx(1.0)


# --- scoring ---------------------------------------------------------------------------


def test_phrase_counts_once_at_its_own_weight(labeler):
    assert scores_of(labeler, "Trade turnover grew last year.")["trade"] == pytest.approx(2.0)
    assert scores_of(labeler, "The foreign minister arrived.")["politics"] == pytest.approx(2.0)
    assert labeler.evidence("Trade turnover grew.") == [("Trade turnover", "trade", 0, 14, 2.0)]


def test_single_term_weight(labeler):
    scores = scores_of(labeler, "Trade matters.")
    assert scores == {"health": 0.0, "trade": 1.0, "politics": 0.0, "investment": 0.0}


def test_exclusion_cancels_the_topic(labeler):
    assert scores_of(labeler, "The trade union went on strike.")["trade"] == 0.0
    assert scores_of(labeler, "Trade unions went on strike.")["trade"] == 0.0
    assert labeler.evidence("The trade union went on strike.") == []
    # a term outside the exclusion still counts
    assert scores_of(labeler, "The trade union discussed trade.")["trade"] == pytest.approx(1.0)


def test_exclusion_cancels_only_its_own_topic(labeler):
    scores = scores_of(labeler, "The health of the economy improved.")
    assert scores["health"] == 0.0
    assert scores["investment"] == pytest.approx(1.0)
    assert labeler.evidence("The health of the economy improved.") == [("economy", "investment", 18, 25, 1.0)]


def test_plurals_match(labeler):
    assert scores_of(labeler, "Investments rose.")["investment"] == pytest.approx(1.0)
    assert scores_of(labeler, "New tariffs were set.")["trade"] == pytest.approx(2.0)
    assert scores_of(labeler, "Many vaccines arrived.")["health"] == pytest.approx(1.5)
    assert scores_of(TopicLabeler(plurals=False).fit(), "Investments rose.")["investment"] == 0.0


def test_matching_ignores_case_and_punctuation(labeler):
    assert scores_of(labeler, "COVID-19 spread.")["health"] == pytest.approx(2.0)
    assert scores_of(labeler, "covid 19 spread.")["health"] == pytest.approx(2.0)


def test_label_sentences_columns_and_threshold():
    s = sentences_frame(["The leader spoke.", "Tariffs and vaccines.", "Nothing here."])
    labels = label_sentences(s)
    assert list(labels.columns) == list(s.columns) + TOPICS + ["topics", "primary_topic", "evidence"]
    # leader (0.7) is below the politics threshold of 1.0
    assert labels["politics"].tolist()[0] == pytest.approx(0.7)
    assert labels["topics"].tolist() == ["", "health;trade", ""]
    assert labels["primary_topic"].tolist() == ["none", "trade", "none"]
    assert labels["evidence"].tolist()[0] == ""
    assert labels["evidence"].tolist()[2] == ""


def test_label_sentences_does_not_mutate_input():
    s = sentences_frame(["Tariffs rose.", "Vaccines arrived."])
    before = s.copy()
    label_sentences(s)
    pd.testing.assert_frame_equal(s, before)


# --- documents -------------------------------------------------------------------------


def test_document_shares_sum_to_at_most_one_and_primary_is_largest():
    s = sentences_frame(
        ["Tariffs rose.", "Vaccines and tariffs.", "The weather was fine.", "The minister spoke.", "Exports fell."],
        doc_ids=["a", "a", "a", "b", "b"],
    )
    labels = label_sentences(s)
    doc = document_topics(labels, topics=TOPICS)
    assert doc["doc_id"].tolist() == ["a", "b"]
    shares = doc[TOPICS].to_numpy()
    assert (shares >= 0).all()
    assert (shares.sum(axis=1) <= 1 + 1e-9).all()
    for row, values in zip(doc.itertuples(), shares):
        assert row.primary_topic == TOPICS[int(values.argmax())]
    a = doc.iloc[0]
    # "Vaccines and tariffs." splits 1.5 : 2.0 between health and trade
    assert a["trade"] == pytest.approx((1 + 2.0 / 3.5) / 3)
    assert a["health"] == pytest.approx((1.5 / 3.5) / 3)
    assert a["coverage"] == pytest.approx(2 / 3)
    assert a["n_sentences"] == 3
    assert doc.iloc[1][["politics", "trade"]].tolist() == [pytest.approx(0.5), pytest.approx(0.5)]


def test_documents_without_sentences_appear_as_none():
    docs = pd.DataFrame({"doc_id": ["empty", "full", "blank"], "title": ["", "", ""],
                         "text": ["", "Tariffs rose.", "   "]})
    labels = label_sentences(split_sentences(docs))
    doc = document_topics(labels, topics=TOPICS, documents=docs)
    assert doc["doc_id"].tolist() == ["empty", "full", "blank"]
    assert doc["primary_topic"].tolist() == ["none", "trade", "none"]
    assert doc["n_sentences"].tolist() == [0, 1, 0]
    assert doc.loc[0, TOPICS].tolist() == [0.0] * 4


def test_document_topics_does_not_mutate_input():
    s = sentences_frame(["Tariffs rose.", "Vaccines arrived."])
    labels = label_sentences(s)
    before = labels.copy()
    document_topics(labels, topics=TOPICS)
    pd.testing.assert_frame_equal(labels, before)


# --- scikit-learn ----------------------------------------------------------------------


def test_labeler_in_a_pipeline_with_logistic_regression():
    texts = ["Tariffs on steel exports.", "Import quotas and tariffs.", "Trade deficit widened.",
             "Vaccine campaign began.", "The hospital treated patients.", "A new virus outbreak."]
    y = ["econ", "econ", "econ", "med", "med", "med"]
    model = Pipeline([("topics", TopicLabeler()), ("clf", LogisticRegression())]).fit(texts, y)
    assert model.predict(["Exports and tariffs rose.", "The vaccine reached the hospital."]).tolist() == ["econ", "med"]
    assert model[:-1].get_feature_names_out().tolist() == TOPICS


def test_labeler_clone_and_params():
    labeler = TopicLabeler(plurals=False)
    twin = clone(labeler)
    assert twin.get_params() == {"taxonomy": None, "plurals": False}
    assert not hasattr(twin, "weights_")
    fitted = clone(TopicLabeler()).fit()
    assert fitted.get_feature_names_out().tolist() == TOPICS
    assert fitted.transform([]).shape == (0, 4)
    assert fitted.transform(["x", None]).tolist() == [[0.0] * 4, [0.0] * 4]


def test_bad_plurals_option_raises_value_error():
    with pytest.raises(ValueError, match="plurals"):
        TopicLabeler(plurals="yes").fit()


# --- taxonomies ------------------------------------------------------------------------

USER_TOPIC = """
[sport]
description = "Sport"
threshold = 1.0

[sport.terms]
football = 1.0
"world cup" = 2.0
"""


def test_user_taxonomy_adds_a_topic(tmp_path):
    default = TAXONOMY_PATH.read_text(encoding="utf-8")
    path = tmp_path / "taxonomy.toml"
    path.write_text(default + USER_TOPIC, encoding="utf-8")
    labeler = TopicLabeler(path).fit()
    assert labeler.topics_ == TOPICS + ["sport"]
    s = sentences_frame(["The World Cup final was played.", "Tariffs rose."])
    labels = label_sentences(s, labeler=labeler)
    assert labels["topics"].tolist() == ["sport", "trade"]
    assert labels["sport"].tolist() == [pytest.approx(2.0), 0.0]
    assert labels["evidence"].iloc[0] == "World Cup [sport] 4-13"


def test_user_taxonomy_alone(tmp_path):
    path = tmp_path / "sport.toml"
    path.write_text(USER_TOPIC, encoding="utf-8")
    labels = label_sentences(sentences_frame(["Football and tariffs."]), taxonomy=path)
    assert labels["topics"].tolist() == ["sport"]
    assert "trade" not in labels.columns


@pytest.mark.parametrize(
    "toml, topic, field",
    [
        ('[sport]\ncolour = "red"\n[sport.terms]\nfootball = 1.0\n', "sport", "colour"),
        ("[sport.terms]\nfootball = 0\n", "sport", "terms"),
        ("[sport.terms]\nfootball = -1.5\n", "sport", "terms"),
        ('[sport.terms]\nfootball = "high"\n', "sport", "terms"),
        ("[Sport-News.terms]\nfootball = 1.0\n", "Sport-News", None),
        ("[text.terms]\nfootball = 1.0\n", "text", None),
        ("[sport]\nthreshold = 1.0\n", "sport", "terms"),
        ("[sport.terms]\n", "sport", "terms"),
        ("[sport]\nthreshold = 0\n[sport.terms]\nfootball = 1.0\n", "sport", "threshold"),
        ('[sport]\nexclude = "x"\n[sport.terms]\nfootball = 1.0\n', "sport", "exclude"),
    ],
)
def test_invalid_taxonomy_names_topic_and_field(tmp_path, toml, topic, field):
    path = tmp_path / "bad.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(TaxonomyError) as err:
        TopicLabeler(path).fit()
    message = str(err.value)
    assert str(path) in message
    assert f"topic {topic!r}" in message
    if field:
        assert f"field {field!r}" in message


@pytest.mark.parametrize("color", ["greenish", "#12345", "", "tab:greenish"])
def test_colour_matplotlib_cannot_draw_is_refused_at_load(tmp_path, color):
    path = tmp_path / "bad.toml"
    path.write_text(f'[sport]\ncolor = "{color}"\n[sport.terms]\nfootball = 1.0\n', encoding="utf-8")
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(path)
    message = str(err.value)
    assert "topic 'sport'" in message and "field 'color'" in message and repr(color) in message


@pytest.mark.parametrize("color", ["#1b9e77", "tab:green", "darkred", "C3", "0.5"])
def test_colours_matplotlib_knows_are_accepted(tmp_path, color):
    path = tmp_path / "ok.toml"
    path.write_text(f'[sport]\ncolor = "{color}"\n[sport.terms]\nfootball = 1.0\n', encoding="utf-8")
    assert load_taxonomy(path)["sport"].color == color


def test_bad_toml_raises_taxonomy_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[sport.terms\nfootball = 1.0\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="not valid TOML"):
        load_taxonomy(path)


def test_missing_or_empty_taxonomy_raises(tmp_path):
    with pytest.raises(TaxonomyError, match="no such taxonomy file"):
        load_taxonomy(tmp_path / "missing.toml")
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="no topics"):
        load_taxonomy(empty)


def test_fallback_terms_count_only_in_sentences_no_topic_claims(tmp_path):
    path = tmp_path / "tax.toml"
    path.write_text(
        '[trade]\nterms = { tariffs = 2.0 }\n'
        '[politics]\nterms = { summit = 1.5 }\nfallback = { china = 1.0, "south korea" = 1.0 }\n',
        encoding="utf-8",
    )
    labeler = TopicLabeler(path).fit()
    scores = dict(zip(labeler.topics_, labeler.transform(["China raised tariffs."])[0]))
    assert scores == {"trade": 2.0, "politics": 0.0}  # another topic claims it: the country adds nothing
    scores = dict(zip(labeler.topics_, labeler.transform(["China and South Korea met."])[0]))
    assert scores == {"trade": 0.0, "politics": 2.0}  # a multi-word name counts once
    labels = label_sentences(sentences_frame(["China and South Korea met."]), labeler=labeler)
    assert labels["topics"].tolist() == ["politics"]
    assert labels["evidence"].tolist() == ["China [politics] 0-5; South Korea [politics] 10-21"]


def test_invalid_fallback_names_topic_and_field(tmp_path):
    path = tmp_path / "tax.toml"
    path.write_text('[politics]\nterms = { summit = 1.5 }\nfallback = { china = -1 }\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"topic 'politics', field 'fallback'"):
        load_taxonomy(path)


def test_term_counts_are_the_counts_of_consecutive_words():
    import random

    import numpy as np

    from analysis.topics import TopicLabeler
    from analysis.words import word_forms

    labeler = TopicLabeler().fit()
    words = sorted({w for term in labeler.vocabulary_ for w in term.split(" ")})
    rng = random.Random(21)
    seps = [" ", "-", ", ", ". ", "\n", "\x00", "'", "’", " (", "_", "İ", "ſ", "😀", " \u00e9t\u00e9 ", "'s "]
    texts = ["".join(rng.choice(words + ["X", "Trade", "COVID"]) + rng.choice(seps)
                     for _ in range(rng.randint(0, 12))) for _ in range(1500)]
    texts += ["", "Trade turnover rose", "TRADE   TURNOVER", "covid-19 vaccine supplies"]
    longest = max(term.count(" ") + 1 for term in labeler.vocabulary_)
    for batch in (texts, texts[:1], []):
        if not batch:
            assert labeler._score(batch)[0].shape == (0, len(labeler.topics_))
            continue
        expected = np.zeros((len(batch), len(labeler.vocabulary_)))
        for row, text in enumerate(batch):  # every run of 1..longest consecutive words that is a term
            forms = word_forms(text)
            for i in range(len(forms)):
                for n in range(1, longest + 1):
                    column = labeler.vocabulary_.get(" ".join(forms[i:i + n])) if i + n <= len(forms) else None
                    if column is not None:
                        expected[row, column] += 1
        counts = labeler._counts(batch)
        assert counts.has_sorted_indices
        assert np.array_equal(counts.toarray(), expected)


def test_phrases_of_any_length_are_counted(tmp_path):
    path = tmp_path / "long.toml"
    path.write_text('[sport]\n[sport.terms]\n"one two three four five six seven" = 1.0\n"two three" = 0.5\n'
                    'six = 0.25\n', encoding="utf-8")
    labeler = TopicLabeler(path).fit()
    scores = labeler.transform(["One, two three-four five six seven!", "two three four", "six two", "seven"])
    assert scores[:, 0].tolist() == [1.0, 0.5, 0.25, 0.0]


def test_string_column_is_the_series_of_the_strings():
    import numpy as np
    import pandas as pd
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from analysis.text import string_column

    @given(st.lists(st.text(max_size=5), min_size=1, max_size=6).flatmap(
        lambda table: st.tuples(st.just(table), st.lists(st.integers(0, len(table) - 1), max_size=20))))
    @settings(max_examples=200, deadline=None)
    def check(case):
        table, codes = case
        index = pd.RangeIndex(3, 3 + len(codes))
        expected = pd.Series([table[c] for c in codes], index=index, dtype="str")
        pd.testing.assert_series_equal(string_column(np.array(codes, dtype=np.int64), table, index=index), expected,
                                       check_exact=True)

    check()


# --- the default taxonomy against its construct (CAP subtopics) ---------------------------

#: The subtopics of the Comparative Agendas Project master codebook under the major topics each
#: default topic stands for (health: 3; trade: 18; politics: 19 and 20; investment: 15 and 1).
CAP_SUBTOPICS = {
    "health": ["300", "301", "302", "321", "322", "323", "324", "325", "331", "332", "333", "334", "335",
               "341", "342", "398", "399"],
    "trade": ["1800", "1802", "1803", "1804", "1806", "1807", "1808", "1899"],
    "politics": ["1900", "1901", "1902", "1905", "1906", "1910", "1921", "1925", "1926", "1927", "1929", "1999",
                 "2000", "2001", "2002", "2003", "2004", "2005", "2006", "2007", "2008", "2009", "2010", "2011",
                 "2012", "2013", "2014", "2015", "2030", "2099"],
    "investment": ["100", "101", "103", "104", "105", "107", "108", "110", "199",
                   "1500", "1501", "1502", "1504", "1505", "1507", "1520", "1521", "1522", "1523", "1524",
                   "1525", "1526", "1598", "1599"],
}

#: (topic, CAP subtopic, text): the text is about that subtopic, so it must take the topic as its
#: primary topic, through a term of that subtopic's block. Written for these tests, in the styles
#: of news and of legislative titles.
SUBTOPIC_EXAMPLES = [
    ("health", "300", "The state expands its public health services."),
    ("health", "300", "To amend the Public Health Service Act to extend a grant program."),
    ("health", "301", "Senators unveil a plan for universal health care."),
    ("health", "301", "The single-payer proposal divides the committee."),
    ("health", "302", "Families without health insurance face rising premiums."),
    ("health", "302", "A bill to cover pre-existing conditions for the uninsured."),
    ("health", "302", "To amend the Internal Revenue Code of 1986 to allow a deduction for health insurance costs."),
    ("health", "321", "The F.D.A. approves a generic drug for epilepsy."),
    ("health", "321", "New rules for medical devices and clinical laboratories."),
    ("health", "322", "The county will build a new trauma center."),
    ("health", "322", "Rural hospitals close their emergency rooms."),
    ("health", "323", "To amend title XVIII of the Social Security Act to revise payments for ambulance services."),
    ("health", "323", "Medicaid payments to pediatric providers are cut."),
    ("health", "323", "To amend title XIX of the Social Security Act to cover dental services for adults."),
    ("health", "324", "A cap on medical malpractice awards passes."),
    ("health", "324", "Prosecutors charge a clinic owner with Medicare fraud."),
    ("health", "325", "A shortage of nurses and family doctors in rural counties."),
    ("health", "325", "Scholarships for medical students who serve underserved areas."),
    ("health", "331", "The measles outbreak spreads to three more schools."),
    ("health", "331", "A screening program for breast cancer and diabetes."),
    ("health", "331", "To improve the organ procurement and transplantation network."),
    ("health", "331", "To reauthorize grants for poison control centers."),
    ("health", "332", "Infant mortality falls as prenatal care improves."),
    ("health", "332", "A campaign for children's health in poor neighbourhoods."),
    ("health", "333", "The city opens beds for the mentally ill."),
    ("health", "333", "Psychiatric care is scarce for veterans with schizophrenia."),
    ("health", "334", "Nursing home residents wait for long-term care reform."),
    ("health", "334", "Hospice care for the terminally ill."),
    ("health", "335", "Seniors struggle with the cost of prescription drugs."),
    ("health", "335", "To provide coverage of outpatient prescription drugs under the Medicare program."),
    ("health", "341", "A campaign to stop teenagers from smoking cigarettes."),
    ("health", "341", "Schools ban vaping on campus."),
    ("health", "342", "More money for substance abuse treatment centres."),
    ("health", "342", "Opioid overdoses rise for a third year."),
    ("health", "302", "To extend COBRA continuation coverage to workers laid off by plant closings."),
    ("health", "302", "To provide for State high risk pools for individuals who are uninsurable."),
    ("health", "302", "To require group health plans to cover annual mammograms."),
    ("health", "321", "To extend market exclusivity under the Orphan Drug Act."),
    ("health", "321", "To speed the review of new drug applications and biosimilar biological products."),
    ("health", "321", "To reauthorize the prescription drug user fee program."),
    ("health", "322", "To provide grants for trauma care and emergency medical services in rural areas."),
    ("health", "322", "To increase payments to rural health clinics and federally qualified health centers."),
    ("health", "323", "To provide Medicare coverage of durable medical equipment in the home."),
    ("health", "323", "To revise the disproportionate share hospital adjustment."),
    ("health", "325", "To increase funding for graduate medical education in the health professions."),
    ("health", "325", "To expand the National Health Service Corps and train more nurse practitioners."),
    ("health", "300", "To amend the Indian Health Care Improvement Act."),
    ("health", "331", "To establish a program for the prevention of childhood lead poisoning."),
    ("health", "331", "To improve the surveillance of Lyme disease and other tick-borne illnesses."),
    ("health", "331", "To create a national registry for amyotrophic lateral sclerosis."),
    ("health", "332", "To reauthorize the Maternal and Child Health Services Block Grant under title V of the Social Security Act."),
    ("health", "332", "To expand newborn screening for rare disorders."),
    ("health", "333", "To provide grants for youth suicide prevention."),
    ("health", "334", "To expand home and community-based services for frail elders."),
    ("health", "334", "To improve the quality of care in skilled nursing facilities."),
    ("health", "334", "To provide respite care and adult day care for family caregivers."),
    ("health", "335", "To require pharmacy benefit managers to pass drug rebates to patients."),
    ("health", "335", "To allow the reimportation of medicines from Canada."),
    ("health", "342", "To expand access to buprenorphine for opioid addiction."),
    ("health", "342", "To reduce underage drinking."),
    ("health", "399", "To establish a national registry of bone marrow and cord blood donors."),
    ("health", "321", "To require premarket approval of breast implants."),
    ("health", "332", "To expand research on premature birth and low birth weight infants."),
    ("health", "341", "To regulate tobacco products and fund smoking cessation."),
    ("health", "399", "To require coverage for the treatment of infertility."),
    ("health", "398", "The National Institutes of Health funds stem cell research."),
    ("health", "398", "A clinical trial of a gene therapy for blindness."),
    ("health", "399", "The blood supply runs low before the holidays."),
    ("trade", "1800", "Foreign trade grew by a tenth last year."),
    ("trade", "1800", "The trade deficit with Asia widened in March."),
    ("trade", "1802", "Negotiators close the chapter on farm goods in the free trade agreement."),
    ("trade", "1802", "The W.T.O. rules against the steel subsidies."),
    ("trade", "1802", "To extend normal trade relations treatment to the products of Laos."),
    ("trade", "1802", "To amend the African Growth and Opportunity Act to extend its benefits."),
    ("trade", "1803", "The Export-Import Bank guarantees loans for aircraft sales."),
    ("trade", "1803", "Export controls on satellite technology are tightened."),
    ("trade", "1804", "Foreign direct investment in the region doubled."),
    ("trade", "1804", "The Overseas Private Investment Corporation insures the project."),
    ("trade", "1806", "The balance of payments swings into deficit."),
    ("trade", "1806", "A commission on the competitiveness of American manufacturers."),
    ("trade", "1807", "To suspend temporarily the duty on certain acrylic fibers."),
    ("trade", "1807", "To extend the temporary suspension of duty on certain chemical compounds."),
    ("trade", "1807", "To provide for the liquidation or reliquidation of certain entries of tableware."),
    ("trade", "1807", "To amend the Harmonized Tariff Schedule of the United States to modify the classification of footwear."),
    ("trade", "1807", "A bill to allow drawback of customs duties on exported fuel."),
    ("trade", "1807", "New tariffs on imported steel take effect."),
    ("trade", "1807", "Customs officials seize counterfeit handbags at the port."),
    ("trade", "1807", "Antidumping duties on shrimp are upheld."),
    ("trade", "1807", "To reduce temporarily the rate of duty on certain ceramic magnets."),
    ("trade", "1807", "To extend the reduction of duty on certain roller chain."),
    ("trade", "1808", "The central question is the exchange rate of the yuan."),
    ("trade", "1808", "A devaluation of the currency makes exports cheaper."),
    ("trade", "1899", "New rules of origin for garments."),
    ("trade", "1807", "To suspend temporarily the duty on certain HIV antiviral drugs."),
    ("trade", "1807", "To amend the Harmonized Tariff Schedule of the United States with respect to certain medical devices."),
    ("trade", "1800", "To amend the Trade Act of 1974 to strengthen the enforcement of the trade laws."),
    ("trade", "1802", "To authorize the extension of nondiscriminatory treatment to the products of Mongolia."),
    ("trade", "1802", "To waive the Jackson-Vanik amendment for Ukraine."),
    ("trade", "1802", "To extend the Andean Trade Preference Act and the trade negotiating authority of the President."),
    ("trade", "1802", "To designate Kenya as a beneficiary developing country."),
    ("trade", "1803", "To amend the Export Enhancement Act of 1988 to expand export assistance to small firms."),
    ("trade", "1803", "To strengthen the United States and Foreign Commercial Service."),
    ("trade", "1804", "To reform the review of foreign acquisitions by CFIUS under the Exon-Florio provision."),
    ("trade", "1804", "To amend the Foreign Corrupt Practices Act of 1977."),
    ("trade", "1806", "To reauthorize trade adjustment assistance for farmers and firms."),
    ("trade", "1807", "To provide for the free entry of a pipe organ for the use of a church in Ohio."),
    ("trade", "1807", "To exempt certain articles from the merchandise processing fee."),
    ("trade", "1807", "To treat subsidies as countervailable and provide import relief under the escape clause."),
    ("trade", "1807", "To extend the voluntary restraint agreements on steel and the Multifiber Arrangement."),
    ("trade", "1807", "To provide for the refund of duties paid on imported articles."),
    ("trade", "1807", "To admit certain wooden toys free of duty."),
    ("trade", "1808", "To treat undervalued currency as a subsidy and review the exchange rate policies of trading partners."),
    ("politics", "1900", "The foreign minister outlines the country's foreign policy."),
    ("politics", "1900", "Leaders meet at a summit on regional security."),
    ("politics", "1901", "Congress cuts foreign aid to the region."),
    ("politics", "1901", "The Peace Corps sends volunteers to the islands."),
    ("politics", "1902", "A treaty on the law of the sea and seabed mining."),
    ("politics", "1905", "Debt weighs on developing countries."),
    ("politics", "1906", "The I.M.F. approves a loan to the government in crisis."),
    ("politics", "1906", "Creditors of the Paris Club agree to debt relief."),
    ("politics", "1910", "The European Parliament votes on enlargement."),
    ("politics", "1921", "Rebels seize the capital after the coup."),
    ("politics", "1921", "The ceasefire holds in the disputed province."),
    ("politics", "1925", "Human rights groups denounce the jailing of dissidents."),
    ("politics", "1926", "The Security Council votes on a new mission."),
    ("politics", "1926", "Delegates gather at the United Nations General Assembly."),
    ("politics", "1927", "A suicide bombing kills dozens in the market."),
    ("politics", "1929", "The embassy is closed and diplomats are recalled."),
    ("politics", "1929", "New rules for passports of citizens abroad."),
    ("politics", "1999", "A statesman of the old school retires."),
    ("politics", "2000", "The prime minister reshuffles the cabinet."),
    ("politics", "2001", "Governors protest unfunded mandates."),
    ("politics", "2002", "The inspector general faults the agency's bureaucracy."),
    ("politics", "2003", "The Postal Service raises the price of stamps as postage costs climb."),
    ("politics", "2004", "A pay raise for civil servants and federal employees."),
    ("politics", "2005", "The Senate holds a confirmation hearing for the nominee."),
    ("politics", "2006", "To require the minting of commemorative coins for the anniversary."),
    ("politics", "2006", "To award a Congressional Gold Medal to the pilots."),
    ("politics", "2007", "An audit of government contracts awarded without bidding."),
    ("politics", "2008", "To convey surplus property to the county."),
    ("politics", "2008", "To designate the federal building in the city as a memorial."),
    ("politics", "2009", "The I.R.S. hires more auditors."),
    ("politics", "2010", "The House votes on articles of impeachment."),
    ("politics", "2010", "An independent counsel investigates the scandal."),
    ("politics", "2011", "The President signs an executive order on regulations."),
    ("politics", "2011", "Lawmakers override the veto."),
    ("politics", "2012", "The campaign finance law limits soft money."),
    ("politics", "2012", "Turnout in the election was the highest in decades."),
    ("politics", "2013", "The Census Bureau counts the homeless."),
    ("politics", "2014", "Congress reviews the budget of the District of Columbia."),
    ("politics", "2015", "Claims against the government for seized land are settled."),
    ("politics", "2030", "A bill makes the day a federal holiday."),
    ("politics", "2099", "The monarchy gives way to a transition to democracy."),
    ("investment", "100", "The economy grew faster than expected."),
    ("investment", "100", "Fears of a recession grow."),
    ("investment", "100", "The economic downturn deepens as factories idle."),
    ("investment", "100", "Stagflation returns as growth stalls."),
    ("investment", "100", "Congress passes a stimulus package."),
    ("investment", "100", "Consumer sentiment falls to a five-year low."),
    ("investment", "101", "Inflation is at its highest in a decade."),
    ("investment", "101", "Interest rates rise again."),
    ("investment", "101", "Producer prices jumped last month."),
    ("investment", "101", "The Fed signals another rate hike."),
    ("investment", "101", "The inflation rate slows to 2 percent."),
    ("investment", "103", "The unemployment rate fell to five percent."),
    ("investment", "103", "Jobless claims rise for a third week."),
    ("investment", "103", "The monthly jobs report beats forecasts."),
    ("investment", "103", "Joblessness stays high in the Rust Belt."),
    ("investment", "104", "The Federal Reserve tightens monetary policy."),
    ("investment", "104", "The Fed holds steady."),
    ("investment", "104", "The European Central Bank keeps its main rate."),
    ("investment", "104", "Monetary tightening is under way."),
    ("investment", "105", "The budget deficit widens as spending grows."),
    ("investment", "105", "Congress raises the debt ceiling."),
    ("investment", "105", "Budget talks collapse over Medicare cuts."),
    ("investment", "105", "A plan for deficit reduction over ten years."),
    ("investment", "105", "The federal debt tops five trillion dollars."),
    ("investment", "107", "The tax cut favours the rich."),
    ("investment", "107", "To amend the Internal Revenue Code of 1986 to allow a credit for research."),
    ("investment", "107", "The House passes a tax bill with new deductions."),
    ("investment", "107", "Repeal of the estate tax is debated."),
    ("investment", "107", "Corporate tax shelters draw scrutiny."),
    ("investment", "108", "An industrial policy for the chip makers."),
    ("investment", "108", "Manufacturing jobs keep disappearing."),
    ("investment", "108", "Factory orders fell in May."),
    ("investment", "110", "Price controls on bread are lifted."),
    ("investment", "110", "Wage controls are back on the agenda."),
    ("investment", "199", "The standard of living stagnates."),
    ("investment", "199", "Income inequality widens in the cities."),
    ("investment", "1500", "Financial firms report a strong quarter."),
    ("investment", "1500", "The financial industry lobbies against the rules."),
    ("investment", "1500", "Corporate America braces for a slowdown."),
    ("investment", "1501", "Regulators close three banks."),
    ("investment", "1501", "Deposit insurance for savings and loan associations."),
    ("investment", "1501", "Depositors line up as the bank run spreads."),
    ("investment", "1501", "The comptroller of the currency fines the lender."),
    ("investment", "1501", "The credit crunch squeezes banks."),
    ("investment", "1502", "Stocks fell on Wall Street."),
    ("investment", "1502", "The S.E.C. tightens rules on hedge funds."),
    ("investment", "1502", "The utility raises its dividend."),
    ("investment", "1502", "Markets tumble in heavy trading."),
    ("investment", "1502", "The S&P 500 closes at a record."),
    ("investment", "1502", "The SEC charges a fund manager with market timing."),
    ("investment", "1502", "Bond yields climb as Treasuries slide."),
    ("investment", "1502", "Day traders return to the Nasdaq."),
    ("investment", "1504", "Mortgage lenders face new rules on credit cards and foreclosures."),
    ("investment", "1504", "Payday loans are capped."),
    ("investment", "1504", "Mortgage rates reach their lowest level."),
    ("investment", "1504", "Credit scores for borrowers with medical debt."),
    ("investment", "1504", "Debt collectors face new limits."),
    ("investment", "1505", "The insurance industry resists flood insurance reform."),
    ("investment", "1505", "Homeowners insurance costs soar after the storms."),
    ("investment", "1505", "Insurance companies raise rates on drivers."),
    ("investment", "1507", "The airline files for bankruptcy."),
    ("investment", "1507", "The retailer seeks bankruptcy protection."),
    ("investment", "1507", "The insolvent insurer is placed in receivership."),
    ("investment", "1520", "The merger creates the largest media company."),
    ("investment", "1520", "Antitrust regulators block the deal."),
    ("investment", "1520", "The Federal Trade Commission challenges the merger."),
    ("investment", "1520", "The accounting scandal topples the board."),
    ("investment", "1520", "A hostile takeover of the chip maker."),
    ("investment", "1520", "Shareholders rebel over executive compensation."),
    ("investment", "1520", "The company acquires its largest rival."),
    ("investment", "1520", "The Justice Department files an antitrust suit."),
    ("investment", "1521", "Loans for small businesses."),
    ("investment", "1521", "The SBA expands loans to start-ups."),
    ("investment", "1521", "Mom and pop stores struggle."),
    ("investment", "1522", "A court rules on copyright and patents."),
    ("investment", "1522", "Record labels sue over file sharing."),
    ("investment", "1522", "A crackdown on software piracy."),
    ("investment", "1522", "A ruling on patent infringement by the phone maker."),
    ("investment", "1523", "FEMA sends disaster relief to the flooded towns."),
    ("investment", "1523", "A federal disaster declaration for the flooded counties."),
    ("investment", "1523", "Hurricane relief money is slow to arrive."),
    ("investment", "1524", "Tourism brings in record revenue."),
    ("investment", "1524", "The tourist industry counts its losses."),
    ("investment", "1524", "Hotel occupancy fell in the off-season."),
    ("investment", "1525", "The Consumer Product Safety Commission recalls cribs."),
    ("investment", "1525", "The automaker issues a safety recall."),
    ("investment", "1525", "Price gouging after the storm is investigated."),
    ("investment", "1525", "Identity theft complaints double."),
    ("investment", "1526", "The state legalises casino gambling."),
    ("investment", "1526", "Online gambling is banned."),
    ("investment", "1526", "Slot machines at racetracks are approved."),
    ("investment", "1598", "Fintech start-ups draw regulators' attention."),
    ("investment", "1599", "A bill on weights and measures."),
]

#: (topic, text): near-misses that share a word with the topic but are not about it.
NEAR_MISSES = [
    ("trade", "The trade union called a strike."),
    ("trade", "The slugger was traded before the trade deadline."),
    ("trade", "Local customs and traditions shape the wedding."),
    ("trade", "The only drawback of the plan is its cost."),
    ("trade", "Soldiers on active duty get a raise."),
    ("trade", "He was called for jury duty."),
    ("trade", "She reported for duty on Monday."),
    ("trade", "The Federal Trade Commission sues the chain over deceptive advertising."),
    ("trade", "Electricity tariffs will rise for households."),
    ("trade", "Illegal dumping of toxic waste in the river."),
    ("trade", "Stock trading was halted."),
    ("trade", "The memorial at the World Trade Center."),
    ("health", "The health of the economy worries investors."),
    ("health", "Police arrest a drug dealer in the raid."),
    ("health", "A computer virus shuts down the network."),
    ("health", "He had a change of heart."),
    ("health", "To amend the Occupational Safety and Health Act to protect miners."),
    ("health", "To amend the Family and Medical Leave Act to cover small employers."),
    ("health", "Thinning restores forest health."),
    ("health", "To establish a marketing quota program for tobacco farmers."),
    ("health", "To improve aids to navigation on the river."),
    ("health", "Inspectors track animal diseases on cattle farms."),
    ("health", "Meat inspectors warn of foodborne illness from raw sprouts."),
    ("health", "To amend title 38, United States Code, to improve health care for veterans."),
    ("trade", "To reauthorize the export enhancement program for agricultural exports."),
    ("health", "To control diseases of livestock and poultry."),
    ("health", "To establish a marketing quota program for burley tobacco."),
    ("health", "To improve the Federal Employees Health Benefits Program."),
    ("health", "To amend the Child Nutrition Act of 1966 to expand the school breakfast program."),
    ("health", "To direct the Secretary of Health and Human Services to improve child support enforcement."),
    ("trade", "To strengthen the requirements for vessels engaged in coastwise trade."),
    ("trade", "To prohibit the dumping of sewage sludge in the ocean."),
    ("trade", "To regulate the import and export of hazardous wastes."),
    ("trade", "To permit the export of Alaskan North Slope crude oil."),
    ("trade", "To restrict the export of natural gas."),
    ("trade", "To amend the Sherman Act with respect to contracts in restraint of trade."),
    ("trade", "To amend the Controlled Substances Import and Export Act to increase penalties."),
    ("trade", "To increase penalties for the importation of heroin."),
    ("trade", "To eliminate tariff filing by ocean common carriers."),
    ("trade", "To promote the export of farm products."),
    ("trade", "To prohibit the importation of endangered species and ivory."),
    ("trade", "To prohibit the trade in child pornography."),
    ("trade", "To limit the outsourcing of Federal work to contractors."),
    ("health", "To compensate workers for occupational diseases."),
    ("health", "To prevent the spread of chronic wasting disease in deer and elk."),
    ("health", "To build a new Veterans Affairs hospital in the county."),
    ("trade", "To impose a fiduciary duty on investment advisers."),
    ("politics", "She threw a birthday party for her friend."),
    ("politics", "The price war between the airlines."),
    ("politics", "An advertising campaign for the new car."),
    ("politics", "The power plant was shut for repairs."),
    ("politics", "The treasury secretary spoke on the bond market."),
    ("investment", "Protests on the West Bank."),
    ("investment", "The food bank needs volunteers."),
    ("investment", "A fund raiser for the senator."),
    ("investment", "Campaign finance rules are tightened."),
    ("investment", "The World Bank lends to the poorest countries."),
    ("investment", "The defense budget grows for new ships."),
    ("investment", "Home prices climb in the suburbs."),
    ("investment", "Picnics on the banks of the river."),
    ("investment", "Children with attention deficit disorder."),
    ("investment", "Fed up with the noise, neighbours complain."),
    ("investment", "The city budget closes the libraries early."),
    ("investment", "An honest broker in the peace talks."),
    ("investment", "The rebels seek to acquire nuclear weapons."),
    ("investment", "After the military takeover, the junta bans parties."),
    ("investment", "Campaign spending limits are struck down."),
    ("investment", "He cannot take credit for the win."),
    ("investment", "A full accounting of the missing soldiers."),
    ("investment", "The team became a laughing stock."),
    ("investment", "The storm flooded the town."),
    ("investment", "A recall election for the governor is set."),
    ("investment", "Leaders discuss the world economy at the summit."),
    ("investment", "European leaders debate monetary union."),
    ("investment", "Graduates struggle to repay their student loans."),
    ("investment", "The state extends unemployment benefits for laid-off workers."),
    ("investment", "The economic crisis in Asia deepens."),
    ("investment", "Argentina's creditors reject the offer."),
]


@pytest.fixture(scope="module")
def blocks():
    from analysis.config import read_toml

    data = read_toml(TAXONOMY_PATH, kind="taxonomy")
    return {topic: {code: block for code, block in data[topic]["terms"].items() if isinstance(block, dict)}
            for topic in TOPICS}


def test_every_cap_subtopic_has_a_block(blocks):
    taxonomy = load_taxonomy()
    for topic, codes in CAP_SUBTOPICS.items():
        assert sorted(taxonomy[topic].subtopics) == sorted(codes), topic
        assert sorted(blocks[topic]) == sorted(codes), topic
        for code, label in taxonomy[topic].subtopics.items():
            assert label.startswith(f"{code} ") and len(label) > len(code) + 3, (topic, code, label)
        # every term of the topic comes from a block, none is left outside one
        assert not [t for t, w in load_taxonomy()[topic].terms.items()
                    if not any(t in {normalise(k) for k in b if k != "subtopic"} for b in blocks[topic].values())]


def normalise(term):
    from analysis.topics import normalise_term

    return normalise_term(term)


def test_every_cap_subtopic_has_examples():
    covered = {(topic, code) for topic, code, _ in SUBTOPIC_EXAMPLES}
    assert covered == {(topic, code) for topic, codes in CAP_SUBTOPICS.items() for code in codes}


@pytest.mark.parametrize("topic, code, text", SUBTOPIC_EXAMPLES)
def test_subtopic_example_takes_its_topic_through_its_block(labeler, blocks, topic, code, text):
    labels = label_sentences(sentences_frame([text]), labeler=labeler)
    assert labels["primary_topic"].iloc[0] == topic, labels[TOPICS + ["evidence"]].to_dict("records")
    block = {normalise(k) for k in blocks[topic][code] if k != "subtopic"}
    found = {labeler.surface_[normalise(term)] for term, name, *_ in labeler.evidence(text) if name == topic}
    assert found & block, (found, code)


@pytest.mark.parametrize("topic, text", NEAR_MISSES)
def test_near_miss_does_not_take_the_topic(labeler, topic, text):
    labels = label_sentences(sentences_frame([text]), labeler=labeler)
    assert topic not in labels["topics"].iloc[0].split(";"), labels["evidence"].iloc[0]


def test_flat_and_block_terms_load_alike(tmp_path):
    flat = tmp_path / "flat.toml"
    flat.write_text('[sport]\n[sport.terms]\nfootball = 1.0\n"world cup" = 2.0\n', encoding="utf-8")
    blocked = tmp_path / "blocks.toml"
    blocked.write_text('[sport]\n[sport.terms.ball]\nsubtopic = "Ball games"\nfootball = 1.0\n'
                       '[sport.terms.cups]\nsubtopic = "Tournaments"\n"world cup" = 2.0\nfootball = 0.5\n',
                       encoding="utf-8")
    a, b = load_taxonomy(flat)["sport"], load_taxonomy(blocked)["sport"]
    assert dict(a.terms) == dict(b.terms) == {"football": 1.0, "world cup": 2.0}  # the largest weight wins
    assert dict(a.subtopics) == {}
    assert dict(b.subtopics) == {"ball": "Ball games", "cups": "Tournaments"}
    text = ["The World Cup and football."]
    assert TopicLabeler(flat).fit().transform(text).tolist() == TopicLabeler(blocked).fit().transform(text).tolist()


@pytest.mark.parametrize(
    "toml, field, message",
    [
        ('[sport.terms.ball]\nsubtopic = 3\nfootball = 1.0\n', "terms.ball", "'subtopic' must be a string"),
        ('[sport.terms.ball]\nsubtopic = "Ball games"\n', "terms.ball", "at least one term"),
        ('[sport.terms.ball]\nfootball = -1.0\n', "terms.ball", "positive number"),
        ('[sport.terms.ball]\nfootball = "high"\n', "terms.ball", "positive number"),
    ],
)
def test_invalid_block_names_topic_and_block(tmp_path, toml, field, message):
    path = tmp_path / "bad.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(path)
    assert f"{path}: topic 'sport', field {field!r}: " in str(err.value)
    assert message in str(err.value)


def test_an_unfitted_labeler_raises_instead_of_fitting():
    from sklearn.exceptions import NotFittedError

    labeler = TopicLabeler()
    for use in (lambda: labeler.transform(["Trade rose."]), lambda: labeler.evidence("Trade rose."),
                lambda: label_sentences(pd.DataFrame({"doc_id": ["a"], "text": ["Trade rose."]}), labeler=labeler)):
        with pytest.raises(NotFittedError):
            use()
    assert not hasattr(labeler, "weights_")


def test_hex_colours_are_checked_as_matplotlib_checks_them_without_importing_it():
    import itertools
    import subprocess
    import sys

    from matplotlib.colors import is_color_like

    from analysis.topics import _is_color

    cases = ["#" + "".join(chars) for n in range(10) for chars in itertools.islice(
        itertools.product("0aFg #", repeat=n), 300)]
    assert [_is_color(c) for c in cases] == [is_color_like(c) for c in cases]
    # building the default labellers (what label does) leaves matplotlib unimported
    code = "import sys; from analysis.pipeline import Labelers; Labelers.build(); print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
