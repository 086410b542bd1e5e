"""Tests for analysis.tone: rules, news adaptations, evidence, aggregation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.config import SEEDS_DIR
from analysis.corpus import load_corpus
from analysis.text import split_sentences
from analysis.tone import ToneScorer, count_words, document_tone, score_tone


@pytest.fixture(scope="module")
def scorer():
    return ToneScorer().fit()


def tone(scorer, text):
    return float(scorer.transform([text])[0, 0])


def test_output_shape_names_and_range(scorer):
    texts = ["Great, wonderful, excellent news!!!", "Horrible, disgusting, evil murder.", "The bus left.",
             "NOT GOOD AT ALL", "no no no never bad terrible worst"]
    out = scorer.transform(texts)
    assert out.shape == (5, 3)
    assert scorer.get_feature_names_out().tolist() == ["tone", "tone_pos", "tone_neg"]
    assert np.all(out[:, 0] >= -1) and np.all(out[:, 0] <= 1)
    assert np.all((out[:, 1:] >= 0) & (out[:, 1:] <= 1))
    assert out[0, 0] > 0.5 and out[1, 0] < -0.5 and out[2, 0] == 0.0
    assert out[0, 1] > 0 and out[0, 2] == 0 and out[1, 2] > 0 and out[1, 1] == 0


def test_batch_equals_one_by_one(scorer):
    texts = ["Not good.", "A very warm welcome!", "", "They fight crime, but succeed."]
    batch = scorer.transform(texts)
    single = np.vstack([scorer.transform([t]) for t in texts])
    np.testing.assert_allclose(batch, single)


def test_negation_flips(scorer):
    assert tone(scorer, "The result was good.") > 0
    assert tone(scorer, "The result was not good.") < 0
    assert tone(scorer, "The result wasn't good.") < 0
    assert tone(scorer, "There was no progress.") < 0 < tone(scorer, "There was progress.")
    assert tone(scorer, "They never supported the plan.") < 0 < tone(scorer, "They supported the plan.")
    # a negator three words away still counts; across a clause break it does not
    assert tone(scorer, "It is not a very good plan.") < 0
    assert tone(scorer, "Not now, good plan.") > 0


def test_intensifiers_scale(scorer):
    plain = tone(scorer, "The talks were good.")
    assert tone(scorer, "The talks were very good.") > plain
    assert tone(scorer, "The talks were extremely good.") > plain
    assert 0 < tone(scorer, "The talks were slightly good.") < plain
    assert 0 < tone(scorer, "The talks were kind of good.") < plain
    assert tone(scorer, "The talks were very bad.") < tone(scorer, "The talks were bad.") < 0


def test_but_contrast_second_clause_weighs_more(scorer):
    assert tone(scorer, "The food was good, but the service was terrible.") < 0
    assert tone(scorer, "The service was terrible, but the food was good.") > 0
    ev = scorer.evidence("The plan is bad, but the result is good.")
    rules = {word: rule for word, rule, *_ in ev}
    assert "before but" in rules["bad"] and "after but" in rules["good"]


def test_news_effort_against_problem_is_not_negative(scorer):
    for text in ["They discussed the fight against the pandemic.",
                 "The sides agreed to curb the spread of the virus.",
                 "He thanked them for help in the battle against the virus."]:
        assert tone(scorer, text) >= 0, text
    ev = scorer.evidence("the fight against the coronavirus pandemic")
    assert ev[0][1] == "news: joint effort against a problem"
    assert ev[0][0] == "fight against the coronavirus pandemic"
    # the word on its own stays hostile
    assert tone(scorer, "A fight broke out.") < 0


def test_news_pressing_issues_neutral(scorer):
    assert tone(scorer, "They reviewed the most pressing issues.") == 0.0


def test_diplomatic_courtesy_positive(scorer):
    for text in ["He conveyed warm greetings from the President.",
                 "Both countries value their strategic partnership.",
                 "They praised mutually profitable trade and cooperation.",
                 "Relations are friendly."]:
        assert tone(scorer, text) > 0.2, text
    assert ("strategic partnership", "news: diplomatic courtesy") in [
        (w, r) for w, r, *_ in scorer.evidence("A strategic partnership.")]


def test_evidence_offsets_slice_document_text():
    documents = pd.DataFrame({"doc_id": ["d1"], "title": ["Warm greetings"],
                              "text": ["Warm greetings\n\nThe talks were not easy. Both sides, however, "
                                       "praised the fight against the pandemic!"]})
    sentences = split_sentences(documents)
    out = score_tone(sentences)
    text = documents["text"].iloc[0]
    items = [item for cell in out["tone_evidence"] for item in cell.split("; ") if item]
    assert len(items) >= 4
    for item in items:
        word, rest = item.split(" [", 1)
        span = rest.rsplit("] ", 1)[1]
        start, end = map(int, span.split("-"))
        assert text[start:end] == word
    assert any("news: joint effort against a problem" in item for item in items)


def test_evidence_tuples_slice_the_text(scorer):
    text = "He was NOT happy, but the very warm welcome helped."
    for word, rule, start, end, valence in scorer.evidence(text):
        assert text[start:end] == word
        assert isinstance(rule, str) and rule
        assert valence != 0


def test_empty_and_whitespace_give_zero(scorer):
    sentences = pd.DataFrame({"doc_id": ["a", "a", "a"], "start": [0, 5, 9], "text": ["", "   ", "\n\t"]})
    out = score_tone(sentences)
    assert out["tone"].tolist() == [0.0, 0.0, 0.0]
    assert out["tone_pos"].tolist() == [0.0, 0.0, 0.0]
    assert out["tone_evidence"].tolist() == ["", "", ""]
    assert scorer.transform([]).shape == (0, 3)
    assert scorer.transform([None, float("nan")]).tolist() == [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    assert scorer.evidence("") == []


def test_score_tone_does_not_mutate_input():
    sentences = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": [1, 1], "start": [0, 0],
                              "text": ["Good news.", "Bad news."]})
    before = sentences.copy()
    out = score_tone(sentences)
    pd.testing.assert_frame_equal(sentences, before)
    assert list(out.columns) == list(before.columns) + ["tone", "tone_pos", "tone_neg", "tone_evidence"]
    assert out["tone_evidence"].dtype == "str"


def test_document_tone_is_length_weighted_mean():
    sentence_tone = pd.DataFrame({
        "doc_id": ["a", "a", "b"],
        "text": ["Good.", "It was a long day indeed.", "Fine words here."],  # 1, 6 and 3 words
        "tone": [0.8, -0.1, 0.3],
        "tone_pos": [1.0, 0.0, 0.5],
        "tone_neg": [0.0, 0.3, 0.1],
    })
    before = sentence_tone.copy()
    documents = pd.DataFrame({"doc_id": ["c", "b", "a"]})
    out = document_tone(sentence_tone, documents=documents)
    pd.testing.assert_frame_equal(sentence_tone, before)
    assert out["doc_id"].tolist() == ["c", "b", "a"]
    assert list(out.columns) == ["doc_id", "tone", "tone_pos", "tone_neg"]
    row = out.set_index("doc_id")
    assert row.loc["a", "tone"] == pytest.approx((0.8 * 1 - 0.1 * 6) / 7)
    assert row.loc["a", "tone_pos"] == pytest.approx(1.0 / 7)
    assert row.loc["a", "tone_neg"] == pytest.approx(0.3 * 6 / 7)
    assert row.loc["b", "tone"] == pytest.approx(0.3)
    assert row.loc["c"].tolist() == [0.0, 0.0, 0.0]  # no sentences
    assert document_tone(sentence_tone)["doc_id"].tolist() == ["a", "b"]


def test_count_words_ignores_punctuation():
    assert count_words(["Don't stop, please!", "  ", "U.S. aid."]).tolist() == [3, 0, 3]


def test_tokens_are_the_words_of_the_word_index(scorer):
    # a clitic is not part of its word: "he'll" is not "hell", "I'll" not "ill", "We'll" not "well"
    assert scorer.transform(["He'll go, I'll go and we'll go."])[0, 0] == 0.0
    assert scorer.transform(["He will go to hell."])[0, 0] < 0
    # "isn't" is one word, the negator "isnt"
    assert scorer.transform(["It isn't good."])[0, 0] < 0 < scorer.transform(["It is good."])[0, 0]
    # a sentence's word count is the index's
    from analysis.words import Words

    texts = ["Don't stop, please!", "COVID-19's toll: €5bn—said the U.S.", ""]
    assert scorer._score(texts)["n_words"].tolist() == Words(texts).n_words().tolist()


def test_bad_options_raise_naming_them():
    with pytest.raises(ValueError, match="alpha"):
        ToneScorer(alpha=0).fit()
    with pytest.raises(ValueError, match="but_weights"):
        ToneScorer(but_weights=(1,)).fit()
    with pytest.raises(ValueError, match="lexicon"):
        ToneScorer(lexicon=42).fit()
    with pytest.raises(ValueError, match="lexicon"):
        ToneScorer(lexicon={"words": {"good": "very"}}).fit()
    with pytest.raises(ValueError, match="scorer"):
        score_tone(pd.DataFrame({"text": ["x"]}), scorer="vader")
    with pytest.raises(ValueError, match="text"):
        score_tone(pd.DataFrame({"words": ["x"]}))


def test_empty_lexicon_mapping_is_plain_vader_lexicon():
    plain = ToneScorer(lexicon={}).fit()
    assert tone(plain, "They discussed the fight against the pandemic.") < 0
    assert tone(plain, "The strategic partnership.") == 0.0


def test_user_lexicon_file(tmp_path):
    path = tmp_path / "lex.toml"
    path.write_text('[words]\nblorf = 3.0\n[phrases.mine]\nrule = "mine"\nterms = { "red tape" = -2.0 }\n',
                    encoding="utf-8")
    scorer = ToneScorer(lexicon=path).fit()
    assert tone(scorer, "A blorf result.") > 0
    assert tone(scorer, "Too much red tape.") < 0
    assert ("red tape", "mine") in [(w, r) for w, r, *_ in scorer.evidence("Too much red tape.")]


def test_seed_document_is_positive_and_sentence_11_positive():
    documents, _ = load_corpus(SEEDS_DIR)
    sentences = split_sentences(documents)
    scored = score_tone(sentences)
    doc = document_tone(scored, documents=documents)
    assert len(doc) == 1 and doc["tone"].iloc[0] > 0.1
    s11 = scored.loc[scored["sent_id"] == 11].iloc[0]
    assert s11["text"].startswith("The Head of State thanked the Chinese side")
    assert s11["tone"] > 0
    assert "battle against the virus [+news: joint effort against a problem]" in s11["tone_evidence"]
    # no sentence of this friendly report is clearly negative
    assert scored["tone"].min() > -0.2
    text = documents["text"].iloc[0]
    for cell in scored["tone_evidence"]:
        for item in filter(None, cell.split("; ")):
            word, rest = item.split(" [", 1)
            start, end = map(int, rest.rsplit("] ", 1)[1].split("-"))
            assert text[start:end] == word


@pytest.mark.parametrize("texts", [
    ["''Good,'' he said. ' It isn't bad; it's great!", "Well-being... and no progress?"],
    ["''Good,'' he said.\u2028It isn't bad; it's great!", "Well-being...\x1cand no progress?"],
])
def test_evidence_offsets_with_quotes_apostrophes_and_rare_spaces(texts):
    sentences = pd.DataFrame({"doc_id": ["a", "b"], "start": [0, 0], "text": texts})
    out = score_tone(sentences)
    for text, cell in zip(texts, out["tone_evidence"]):
        assert cell
        for item in cell.split("; "):
            word, rest = item.split(" [", 1)
            start, end = map(int, rest.rsplit("] ", 1)[1].split("-"))
            assert text[start:end] == word
    assert "isn't bad" not in out["tone_evidence"].iloc[0]  # "bad" is reported alone
    assert "bad [+lexicon, negated]" in out["tone_evidence"].iloc[0]


def test_word_counts_of_the_index_are_count_words_and_document_tone_takes_them():
    import random

    from analysis.words import Words

    rng = random.Random(11)
    pieces = ["Don't", "'", "’", "''", "good", ",", ".", "!", "U.S.", "\u00a0", "\n", " ", "\x00", "état", "😀",
              "not", "bad", "3.5", "-", "“"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(1000)] + ["", None]
    sentences = pd.DataFrame({"doc_id": [f"d{i // 7}" for i in range(len(texts))], "text": texts})
    scorer = ToneScorer().fit()
    index = Words(texts)
    toned = score_tone(sentences, scorer=scorer, evidence=False, index=index)
    words = index.n_words()
    assert words.tolist() == count_words(texts).tolist()
    pd.testing.assert_frame_equal(toned, score_tone(sentences, scorer=scorer, evidence=False))
    with pytest.raises(ValueError, match="index has 1 texts"):
        score_tone(sentences, scorer=scorer, index=Words(["x"]))
    pd.testing.assert_frame_equal(document_tone(toned, words=words), document_tone(toned))
    with pytest.raises(ValueError, match="words has 2 values"):
        document_tone(toned, words=[1, 2])


def test_an_unfitted_scorer_raises_instead_of_fitting():
    from sklearn.exceptions import NotFittedError

    scorer = ToneScorer()
    sentences = pd.DataFrame({"doc_id": ["a"], "text": ["Good."]})
    for use in (lambda: scorer.transform(["Good."]), lambda: scorer.evidence("Good."),
                lambda: score_tone(sentences, scorer=scorer)):
        with pytest.raises(NotFittedError):
            use()
    assert not hasattr(scorer, "valence_")  # nothing was fitted on the way
    assert score_tone(sentences)["tone"].iloc[0] > 0  # the default scorer is fitted for the caller
