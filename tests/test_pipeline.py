"""Tests for analysis.pipeline: the document level skips evidence strings without changing results."""

import numpy as np
import pandas as pd
import pytest

from analysis.actors import attribute_speakers
from analysis.config import SEEDS_DIR
from analysis.corpus import load_corpus
from analysis.pipeline import Labelers, document_labels, label_documents, label_sentence_table
from analysis.text import split_sentences
from analysis.tone import score_tone
from analysis.topics import label_sentences

# Made-up news documents: reported speech, roles, pronouns, phrases, negation, "according to".
TEXTS = [
    ("Kazakhstan and China agree to boost trade",
     "NUR-SULTAN. KAZINFORM – President Kassym-Jomart Tokayev met Chinese Foreign Minister Wang Yi on Dec. 2. "
     "The sides discussed trade turnover, vaccine supplies and investment projects.\n\n"
     "\"China is ready to deepen the strategic partnership,\" Wang Yi said. He also praised the talks. "
     "The Head of State noted that the pandemic response needs more hospital beds."),
    ("Opposition criticizes budget",
     "The opposition criticized the budget and accused the ministry of corruption, according to officials. "
     "Maria Lopez told reporters that parliament will not vote on the electoral reform. "
     "\"We do not support the sanctions,\" she added.\n\n"
     "Meanwhile, the central bank kept interest rates unchanged despite rising inflation, said John Smith."),
    ("", ""),
    ("Tariffs", "Tariffs on steel exports threaten the recovery. Both sides welcomed the agreement!"),
]


@pytest.fixture(scope="module")
def labelers():
    return Labelers.build()


@pytest.fixture(scope="module")
def documents():
    seed, _ = load_corpus(SEEDS_DIR)
    made_up = pd.DataFrame({"doc_id": [f"m{i}" for i in range(len(TEXTS))],
                            "title": [t for t, _ in TEXTS],
                            "text": [f"{t}\n\n{b}" if t else b for t, b in TEXTS]})
    return pd.concat([seed[["doc_id", "title", "text"]], made_up], ignore_index=True)


def test_document_level_is_the_same_with_and_without_evidence(documents, labelers):
    fast = label_documents(documents, level="document", labelers=labelers)  # evidence skipped
    full = document_labels(label_sentence_table(documents, labelers=labelers), documents,
                           topics=list(labelers.topics.topics_))
    pd.testing.assert_frame_equal(fast, full, check_exact=True)
    assert fast["doc_id"].tolist() == documents["doc_id"].tolist()
    assert fast.loc[fast["doc_id"] == "m0", "primary_topic"].item() != "none"


def test_document_level_with_targets_is_the_same_with_and_without_evidence(documents, labelers):
    docs = documents.assign(target=["Wang Yi", "Wang Yi", "Maria Lopez", "", "China"])
    fast = label_documents(docs, level="document", labelers=labelers)
    full = document_labels(label_sentence_table(docs, labelers=labelers), docs, topics=list(labelers.topics.topics_))
    pd.testing.assert_frame_equal(fast, full, check_exact=True)
    assert fast["stance_target"].tolist()[:2] == ["Wang Yi", "Wang Yi"]


@pytest.mark.parametrize("stage, column", [("topics", "evidence"), ("tone", "tone_evidence"),
                                           ("speakers", "speaker_evidence")])
def test_stage_without_evidence_changes_only_the_evidence_column(documents, labelers, stage, column):
    sentences = split_sentences(documents)
    run = {"topics": lambda **kw: label_sentences(sentences, labeler=labelers.topics, **kw),
           "tone": lambda **kw: score_tone(sentences, scorer=labelers.tone, **kw),
           "speakers": lambda **kw: attribute_speakers(sentences, actors=labelers.actors, **kw)}[stage]
    full, fast = run(), run(evidence=False)
    assert list(fast.columns) == list(full.columns)
    assert (fast[column] == "").all()
    assert (full[column] != "").any()
    pd.testing.assert_frame_equal(fast.drop(columns=column), full.drop(columns=column), check_exact=True)
    assert fast[column].dtype == full[column].dtype


@pytest.mark.parametrize("stage", ["topics", "tone", "speakers"])
def test_evidence_option_must_be_a_bool(labelers, stage):
    s = pd.DataFrame({"doc_id": ["a"], "sent_id": [1], "start": [0], "text": ["Trade grew."]})
    run = {"topics": lambda: label_sentences(s, labeler=labelers.topics, evidence="no"),
           "tone": lambda: score_tone(s, scorer=labelers.tone, evidence=1),
           "speakers": lambda: attribute_speakers(s, actors=labelers.actors, evidence=None)}[stage]
    with pytest.raises(ValueError, match="evidence"):
        run()


def test_sentence_level_keeps_the_evidence(documents, labelers):
    labels = label_documents(documents, level="sentence", labelers=labelers)
    pd.testing.assert_frame_equal(labels, label_sentence_table(documents, labelers=labelers), check_exact=True)
    for column in ("evidence", "tone_evidence", "speaker_evidence"):
        assert (labels[column] != "").any()


def _chunks(documents, size):
    """(documents, report) pairs as iter_corpus yields them, with an empty chunk in the middle."""
    empty = documents.iloc[:0]
    parts = [documents.iloc[i:i + size].reset_index(drop=True) for i in range(0, len(documents), size)]
    parts.insert(1, empty)
    return [(part, pd.DataFrame({"chunk": [k]})) for k, part in enumerate(parts)]


@pytest.mark.parametrize("level", ["document", "sentence"])
def test_label_chunks_in_two_processes_equals_one_process(documents, labelers, level):
    from analysis.pipeline import label_chunks

    docs = pd.concat([documents] * 3, ignore_index=True)
    docs["doc_id"] = [f"d{i}" for i in range(len(docs))]
    one = list(label_chunks(_chunks(docs, 2), level=level, labelers=labelers, jobs=1))
    two = list(label_chunks(_chunks(docs, 2), level=level, labelers=labelers, jobs=2))
    assert [r["chunk"].tolist() for _, r, _ in two] == [[k] for k in range(len(one))]  # input order
    assert two[1][2] is None and one[1][2] is None  # the empty chunk has no labels
    for (d1, _, a), (d2, _, b) in zip(one, two):
        pd.testing.assert_frame_equal(d1, d2)
        if a is not None:
            pd.testing.assert_frame_equal(a, b, check_exact=True)
    whole = label_documents(docs, level=level, labelers=labelers)
    joined = pd.concat([labels for _, _, labels in two if labels is not None], ignore_index=True)
    if level == "document":
        pd.testing.assert_frame_equal(joined, whole, check_exact=True)
    else:
        assert joined["text"].tolist() == whole["text"].tolist()
        assert joined["speaker"].tolist() == whole["speaker"].tolist()


@pytest.mark.parametrize("jobs", [0, -1, 1.5, True])
def test_label_chunks_rejects_a_bad_number_of_jobs(labelers, jobs):
    from analysis.pipeline import label_chunks

    with pytest.raises(ValueError, match="jobs must be a positive integer"):
        list(label_chunks([], labelers=labelers, jobs=jobs))


def test_join_places_aligned_columns_side_by_side_and_merges_otherwise():
    from analysis.pipeline import _join

    out = pd.DataFrame({"doc_id": pd.Series(["a", "b", "c"], dtype="str"), "x": [1, 2, 3]})
    aligned = pd.DataFrame({"doc_id": pd.Series(["a", "b", "c"], dtype="str"), "tone": [0.1, 0.2, 0.3]})
    shuffled = aligned.iloc[[2, 0, 1]].reset_index(drop=True)
    expected = out.merge(aligned, on="doc_id", how="left", validate="1:1")
    pd.testing.assert_frame_equal(_join(out, aligned, ["tone"]), expected)
    pd.testing.assert_frame_equal(_join(out, shuffled, ["tone"]), expected)
    with pytest.raises(pd.errors.MergeError):  # one to one, as before
        _join(out, pd.concat([aligned, aligned], ignore_index=True), ["tone"])


def test_chunks_by_volume_cuts_long_chunks_and_keeps_every_document_in_order():
    from analysis.pipeline import chunks_by_volume

    rng = np.random.default_rng(0)
    lengths = rng.integers(0, 300, size=200)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(200)], "title": "t",
                         "text": ["x" * n for n in lengths]})
    report = pd.DataFrame({"source": ["a.csv"], "problem": ["bad"]})
    pieces = list(chunks_by_volume([(docs.iloc[:150], report), (docs.iloc[150:], report.iloc[:0])],
                                   max_chars=1000))
    joined = pd.concat([d for d, _ in pieces], ignore_index=True)
    pd.testing.assert_frame_equal(joined, docs)  # nothing lost, nothing reordered
    assert [len(r) for _, r in pieces] == [1] + [0] * (len(pieces) - 1)  # the report goes with the first piece
    assert all(list(r.columns) == list(report.columns) for _, r in pieces)
    for d, _ in pieces:
        volume = (d["text"].str.len() + d["title"].str.len()).to_numpy()
        assert len(d) >= 1
        assert volume[:-1].sum() < 1000  # over the bound by less than its last document
    assert len(pieces) > 200 * 150 / 1000 / 2


def test_chunks_by_volume_leaves_small_and_empty_chunks_alone_and_checks_its_bound():
    from analysis.pipeline import chunks_by_volume

    docs = pd.DataFrame({"doc_id": ["a", "b"], "title": ["", ""], "text": ["short", "text"]})
    chunks = [(docs, pd.DataFrame()), (docs.iloc[:0], pd.DataFrame({"x": [1]}))]
    out = list(chunks_by_volume(chunks, max_chars=10_000))
    assert [len(d) for d, _ in out] == [2, 0] and out[1][1]["x"].tolist() == [1]
    with pytest.raises(ValueError, match="max_chars must be a positive integer"):
        list(chunks_by_volume(chunks, max_chars=0))


def test_more_than_one_chunk_peeks_without_losing_chunks():
    from analysis.pipeline import _more_than_one_chunk

    full, empty = (pd.DataFrame({"a": [1]}), None), (pd.DataFrame({"a": []}), None)
    several, rest = _more_than_one_chunk(iter([empty, full, empty, full, full]))
    assert several and len(list(rest)) == 5
    several, rest = _more_than_one_chunk(iter([full, empty]))
    assert not several and len(list(rest)) == 2


def test_label_chunks_chooses_the_processes_itself_with_the_same_labels(documents, labelers):
    from analysis.pipeline import label_chunks

    docs = pd.concat([documents] * 3, ignore_index=True)
    docs["doc_id"] = [f"d{i}" for i in range(len(docs))]
    one = list(label_chunks(_chunks(docs, 2), labelers=labelers, jobs=1))
    auto = list(label_chunks(_chunks(docs, 2), labelers=labelers, jobs=None))
    assert len(one) == len(auto)
    for (_, _, a), (_, _, b) in zip(one, auto):
        if a is None:
            assert b is None
        else:
            pd.testing.assert_frame_equal(a, b, check_exact=True)
