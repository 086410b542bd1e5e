"""Tests for analysis.pipeline: the document level skips evidence strings without changing results."""

import numpy as np
from pathlib import Path

import pandas as pd
import pytest

from analysis.speakers import attribute_speakers
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


def test_label_chunks_labels_here_when_the_workers_have_their_hands_full(documents, labelers, monkeypatch, tmp_path):
    # --jobs 2 is this process and one worker: the worker gets two chunks at a time, this
    # process labels the next one itself; the labels and their order stay those of one process
    import os
    import time

    import analysis.pipeline as pipeline

    here = os.getpid()
    log = tmp_path / "pids.txt"
    real = pipeline.label_documents

    def logged(frame, **options):
        if os.getpid() != here:
            time.sleep(0.3)  # a slow worker: its hands are full when the next chunks come
        with log.open("a") as out:
            out.write(f"{os.getpid()} {frame['doc_id'].iloc[0]}\n")
        return real(frame, **options)

    monkeypatch.setattr(pipeline, "label_documents", logged)
    docs = pd.concat([documents] * 4, ignore_index=True)
    docs["doc_id"] = [f"d{i}" for i in range(len(docs))]
    chunks = _chunks(docs, 1)
    two = list(pipeline.label_chunks(chunks, labelers=labelers, jobs=2))
    pids = {line.split()[0] for line in log.read_text().splitlines()}
    assert str(here) in pids and len(pids) == 2  # both processes labelled
    assert [r["chunk"].tolist() for _, r, _ in two] == [[k] for k in range(len(chunks))]
    for (part, _), (_, _, labels) in zip(chunks, two):
        if not len(part):
            assert labels is None
        else:
            pd.testing.assert_frame_equal(labels, real(part, labelers=labelers), check_exact=True)


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
# --- a frame shaped like a CSV corpus, as scripts pass it ----------------------------------

CSV_CORPUS = pd.DataFrame({
    "doc_id": ["k1", "k2", "k3"],
    "date": ["2021-03-04", "", "2021-05-06"],
    "title": ["Vaccine deliveries praised", "", "Tariff dispute"],
    "text": ["Ministers discussed trade. They agreed to expand exports.",
             "Parliament passed the budget.",
             "The government criticized the new tariffs on steel."],
    "source": ["wire", "paper", ""],
})


@pytest.fixture
def csv_corpus(tmp_path):
    path = tmp_path / "corpus.csv"
    CSV_CORPUS.to_csv(path, index=False)
    return path


def test_label_documents_on_read_csv_equals_the_command_line(csv_corpus, tmp_path, labelers):
    from analysis.cli import main

    out = tmp_path / "labels.parquet"
    assert main(["label", str(csv_corpus), "--out", str(out), "--quiet"]) == 0
    cli = pd.read_parquet(out)
    api = label_documents(pd.read_csv(csv_corpus), labelers=labelers)
    pd.testing.assert_frame_equal(api, cli, check_dtype=False)
    # the title is labelled: it is the first sentence, and it brings the health topic
    assert api["n_sentences"].tolist() == [3, 1, 2]
    assert api.loc[0, "health"] > 0
    sentences = label_documents(pd.read_csv(csv_corpus), level="sentence", labelers=labelers)
    assert sentences.loc[sentences["doc_id"] == "k1", "text"].iloc[0] == "Vaccine deliveries praised"


def test_document_level_carries_date_title_source_after_doc_id(csv_corpus, labelers):
    labels = label_documents(pd.read_csv(csv_corpus), labelers=labelers)
    assert list(labels.columns[:5]) == ["doc_id", "date", "title", "source", "health"]
    assert str(labels["date"].dtype) == "datetime64[ns]"
    assert labels["date"].iloc[0] == pd.Timestamp("2021-03-04") and pd.isna(labels["date"].iloc[1])
    assert labels["title"].tolist() == ["Vaccine deliveries praised", "", "Tariff dispute"]
    assert labels["source"].tolist() == ["wire", "paper", ""]
    with_target = label_documents(pd.read_csv(csv_corpus).assign(target=["China", "", ""]), labelers=labelers)
    assert list(with_target.columns[:5]) == ["doc_id", "date", "title", "source", "target"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_document_columns_survive_the_writer_across_chunks(csv_corpus, tmp_path, suffix):
    """The first chunk has no date (NaT) and no source; later chunks have them."""
    from analysis.cli import main

    frame = pd.read_csv(csv_corpus).iloc[[1, 0, 2]]
    frame.loc[1, "source"] = None
    frame.to_csv(csv_corpus, index=False)
    out = tmp_path / f"labels{suffix}"
    assert main(["label", str(csv_corpus), "--out", str(out), "--chunksize", "1", "--quiet"]) == 0
    read = (pd.read_csv(out, keep_default_na=False, parse_dates=["date"]) if suffix == ".csv"
            else pd.read_parquet(out))
    assert read["doc_id"].tolist() == ["k2", "k1", "k3"]
    assert pd.isna(read["date"].iloc[0]) and read["date"].iloc[1] == pd.Timestamp("2021-03-04")
    assert read["title"].tolist() == ["", "Vaccine deliveries praised", "Tariff dispute"]
    assert read["source"].tolist() == ["", "wire", ""]


def test_analyse_accepts_a_frame_like_its_file(csv_corpus, labelers):
    from analysis.pipeline import analyse

    from_file, from_frame = analyse(csv_corpus), analyse(pd.read_csv(csv_corpus))
    pd.testing.assert_frame_equal(from_frame.doc_labels, from_file.doc_labels)
    pd.testing.assert_frame_equal(from_frame.sentences, from_file.sentences)
    pd.testing.assert_frame_equal(from_frame.documents.drop(columns="path"), from_file.documents.drop(columns="path"))
    # repeated texts are dropped and named, as in a load
    twice = analyse(pd.concat([pd.read_csv(csv_corpus), CSV_CORPUS.iloc[[2]].assign(doc_id="k4")]))
    assert twice.documents["doc_id"].tolist() == ["k1", "k2", "k3"]
    assert "same text as 'k3'" in twice.report.to_string()


def test_repeated_doc_id_is_a_clear_value_error(labelers):
    from analysis.pipeline import analyse

    frame = CSV_CORPUS.assign(doc_id=["k1", "k2", "k1"])
    for run in (lambda: label_documents(frame, labelers=labelers), lambda: analyse(frame),
                lambda: label_sentence_table(frame, labelers=labelers)):
        with pytest.raises(ValueError, match=r"'doc_id' must be unique, but 1 id\(s\) repeat: 'k1' \(rows 0, 2\)"):
            run()
    seed, _ = load_corpus(SEEDS_DIR)  # a documents table, as loads give, with a repeated id
    with pytest.raises(ValueError, match=r"'doc_id' must be unique, but 1 id\(s\) repeat: '000_8bbda963f57d3b5b'"):
        label_documents(pd.concat([seed, seed], ignore_index=True), labelers=labelers)


def test_frame_without_text_column_is_a_clear_value_error(labelers):
    with pytest.raises(ValueError, match="no text column 'text'; the table has columns: doc_id, body"):
        label_documents(pd.DataFrame({"doc_id": ["a"], "body": ["Trade."]}), labelers=labelers)
    labels = label_documents(pd.DataFrame({"doc_id": ["a"], "body": ["Tariffs rose."]}), text_column="body",
                             labelers=labelers)
    assert labels["primary_topic"].tolist() == ["trade"]
    with pytest.raises(TypeError, match="documents must be a pandas DataFrame"):
        label_documents(load_corpus(SEEDS_DIR), labelers=labelers)  # a LoadResult, not its .documents


def test_documents_table_is_labelled_as_it_is(labelers):
    seed, _ = load_corpus(SEEDS_DIR)
    before = seed.copy()
    labels = label_documents(seed, labelers=labelers)
    pd.testing.assert_frame_equal(seed, before)
    assert labels[["doc_id", "title"]].values.tolist() == seed[["doc_id", "title"]].values.tolist()
    assert labels["n_sentences"].tolist() == [13]


def test_import_analysis_exposes_the_entry_points_without_loading_them():
    import subprocess
    import sys

    code = ("import sys, analysis; print('pandas' in sys.modules, 'analysis.pipeline' in sys.modules); "
            "print(all(n in dir(analysis) for n in ('analyse', 'label_documents', 'load_corpus', "
            "'documents_from_frame'))); from analysis import label_documents; "
            "import analysis.pipeline as p; print(label_documents is p.label_documents is analysis.label_documents)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "True", "True"]
    import analysis

    with pytest.raises(AttributeError, match="no attribute 'label_document'"):
        analysis.label_document  # noqa: B018


def test_readme_script_runs_as_written(csv_corpus, labelers):
    """The README's Python example, run on a CSV corpus made from the seed (and the corpus above)."""
    import re
    import subprocess
    import sys

    from analysis.config import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert len(blocks) == 1
    script = blocks[0]
    assert len(script.strip().splitlines()) <= 6
    seed, _ = load_corpus(SEEDS_DIR)
    body = seed["text"].str.split("\n\n", n=1).str[1]
    frame = pd.concat([pd.read_csv(csv_corpus), seed.assign(text=body)[["doc_id", "date", "title", "text"]]],
                      ignore_index=True)
    frame.to_csv(csv_corpus, index=False)
    run = subprocess.run([sys.executable, "-c", script + "\nprint(labels['tone'].round(6).tolist())"],
                         cwd=csv_corpus.parent, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Kazakhstan, China ready to deepen" in run.stdout and "Vaccine deliveries praised" in run.stdout
    expected = label_documents(pd.read_csv(csv_corpus), labelers=labelers)
    assert run.stdout.strip().splitlines()[-1] == str(expected["tone"].round(6).tolist())
    assert expected.loc[3, "n_sentences"] == 13  # the seed's title is its first sentence


def test_resolve_path_looks_where_the_command_was_started(tmp_path, monkeypatch):
    from analysis.pipeline import resolve_path

    started, notebooks = tmp_path / "project", tmp_path / "project" / "notebooks"
    (started / "my_corpus").mkdir(parents=True)
    (notebooks / "local").mkdir(parents=True)
    monkeypatch.chdir(notebooks)  # papermill --cwd notebooks
    monkeypatch.setenv("PWD", str(started))  # the shell's directory, which papermill does not change
    assert resolve_path("my_corpus/") == str(started / "my_corpus")
    assert resolve_path(Path("my_corpus")) == started / "my_corpus"
    assert resolve_path("local") == "local"  # found here first
    assert resolve_path("../my_corpus") == "../my_corpus"
    assert resolve_path("missing") == "missing" and resolve_path(None) is None
    assert resolve_path(str(tmp_path)) == str(tmp_path)
    monkeypatch.delenv("PWD")
    assert resolve_path("my_corpus") == "my_corpus"
    with pytest.raises(TypeError, match="path must be a str or Path"):
        resolve_path(3)


def test_each_chunk_is_split_into_words_once(monkeypatch):
    # one word index per chunk: topics, tone and stance read it, none tokenises again
    import analysis.words as words_module
    from analysis.pipeline import Labelers, label_documents

    labelers = Labelers.build()  # (building them reads their vocabularies with the index)
    built = []
    original = words_module.Words.__init__

    def counting(self, texts):
        built.append(len(texts))
        original(self, texts)

    monkeypatch.setattr(words_module.Words, "__init__", counting)
    docs = pd.DataFrame({"doc_id": ["a", "b"], "title": ["Trade talks", ""],
                         "text": ["China's exports rose. Talks went well.", "Vaccines were not welcomed."]})
    for level in ("document", "sentence"):
        built.clear()
        labels = label_documents(docs, level=level, labelers=labelers)
        assert built == [4]  # the title, the two sentences of a and the one of b
    assert len(labels) == 4
    # analyse: the sentence labels, the document tones and the evidence table read one index too
    from analysis.pipeline import analyse

    monkeypatch.setattr(Labelers, "build", lambda **options: labelers)
    built.clear()
    indexed = []
    monkeypatch.setattr(words_module.Words, "__init__", lambda self, texts: (indexed.append(list(texts)),
                                                                              original(self, texts))[1])
    result = analyse(docs)
    assert indexed.count(result.sentences["text"].tolist()) == 1  # (the matched terms are read as words too)
    assert result.evidence[["sent_id", "topic", "term"]].values.tolist() == [
        [0, "trade", "Trade talks"], [1, "trade", "exports"], [2, "politics", "Talks"], [1, "health", "Vaccines"]]


def test_each_stage_returns_only_its_new_columns_and_the_pipeline_assembles_them():
    from analysis.speakers import speaker_columns
    from analysis.stance import score_stance, stance_columns
    from analysis.text import with_columns
    from analysis.tone import tone_columns
    from analysis.topics import topic_columns
    from analysis.words import Words

    documents, _ = load_corpus(SEEDS_DIR)
    sentences = split_sentences(documents)
    sentences.index = sentences.index * 3 + 7  # (an index that is not 0..n-1)
    index = Words(sentences["text"].tolist())
    labelers = Labelers.build()
    spoken = attribute_speakers(score_tone(sentences))  # (stance reads the speakers and the tone)
    stages = [  # (the stage's columns, its input, the public function's frame)
        (topic_columns(sentences, labeler=labelers.topics, index=index), sentences, label_sentences(sentences)),
        (tone_columns(sentences, scorer=labelers.tone, index=index), sentences, score_tone(sentences)),
        (speaker_columns(sentences, actors=labelers.actors, index=index), sentences, attribute_speakers(sentences)),
        (stance_columns(spoken, index=index), spoken, score_stance(spoken))]
    for columns, given, whole in stages:
        assert not set(columns.columns) & set(given.columns)
        assert columns.index.equals(given.index)
        pd.testing.assert_frame_equal(with_columns(given, columns), whole)
    # the pipeline's table is the stages' columns after the sentences, in order
    table = label_sentence_table(documents)
    expected = list(sentences.columns) + [c for columns, _, _ in stages for c in columns.columns]
    assert list(table.columns) == expected


def test_every_stage_refuses_the_word_index_of_other_texts():
    from analysis.speakers import speaker_columns
    from analysis.stance import stance_columns
    from analysis.tone import tone_columns
    from analysis.topics import topic_columns
    from analysis.words import Words

    sentences = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [1, 2], "start": [0, 30],
                              "text": ["Wang Yi said trade will grow.", "Tariffs hurt."]})
    spoken = attribute_speakers(sentences)
    other = Words(["Wang Yi said trade will grow.", "Tariffs hurt a lot."])  # as many texts, not the same
    for stage, frame in ((topic_columns, sentences), (tone_columns, sentences), (speaker_columns, sentences),
                         (stance_columns, spoken)):
        with pytest.raises(ValueError, match="not the word index of these texts: text 1"):
            stage(frame, index=other)
        stage(frame, index=Words(sentences["text"].tolist()))  # its own index is accepted
