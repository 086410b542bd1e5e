"""Tests of the command line (analysis.cli), run in-process."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis.cli import main
from analysis.config import PROJECT_ROOT, TAXONOMY_PATH
from conftest import corpus_text, write

TOPICS = ["health", "trade", "politics", "investment"]
DOCUMENT_TONE_STANCE = ["tone", "tone_pos", "tone_neg", "stance", "stance_label", "stance_target"]


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame({
        "doc_id": ["z9", "a1", "m5"],
        "text": ["New tariffs hit steel exports. The minister spoke.", "", "A vaccine campaign began."],
    }).to_csv(path, index=False)
    return path


def read_out(path):
    return pd.read_csv(path, keep_default_na=False) if path.suffix == ".csv" else pd.read_parquet(path)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_label_documents_one_row_per_input_document_in_order(tmp_path, table, suffix, capsys):
    out = tmp_path / f"labels{suffix}"
    assert main(["label", str(table), "--out", str(out)]) == 0
    labels = read_out(out)
    assert labels["doc_id"].astype(str).tolist() == ["z9", "m5"]  # a1, with an empty text, is reported
    assert list(labels.columns) == ["doc_id", *TOPICS, "primary_topic", "n_sentences", "coverage",
                                    *DOCUMENT_TONE_STANCE]
    assert labels["primary_topic"].tolist() == ["trade", "health"]
    assert labels["n_sentences"].tolist() == [2, 1]
    assert labels.loc[0, "trade"] == pytest.approx(0.5)
    assert labels.loc[0, "politics"] == pytest.approx(0.5)
    err = capsys.readouterr().err
    assert "'a1' has an empty text" in err
    assert f"{table}:3" in err


def test_label_sentence_level(tmp_path, table):
    out = tmp_path / "sentences.csv"
    assert main(["label", str(table), "--out", str(out), "--level", "sentence", "--quiet"]) == 0
    labels = read_out(out)
    assert labels[["doc_id", "sent_id", "text"]].values.tolist() == [
        ["z9", 1, "New tariffs hit steel exports."],
        ["z9", 2, "The minister spoke."],
        ["m5", 1, "A vaccine campaign began."],
    ]
    assert labels["topics"].tolist() == ["trade", "politics", "health"]
    assert labels["evidence"].iloc[0] == "tariffs [trade] 4-11; exports [trade] 22-29"
    for column in ("tone", "tone_evidence", "speaker", "speaker_evidence", "stance", "stance_target",
                   "stance_label", "stance_evidence"):
        assert column in labels.columns
    assert labels["speaker"].tolist() == ["narrator", "narrator", "narrator"]
    assert labels["stance_label"].isin(["positive", "neutral", "negative"]).all()


def test_label_streams_in_chunks_with_the_same_result(tmp_path, table):
    whole, chunked = tmp_path / "whole.csv", tmp_path / "chunked.csv"
    assert main(["label", str(table), "--out", str(whole), "--quiet"]) == 0
    assert main(["label", str(table), "--out", str(chunked), "--chunksize", "1", "--quiet"]) == 0
    pd.testing.assert_frame_equal(read_out(whole), read_out(chunked))


def test_bad_output_extension_fails_with_message(tmp_path, table, capsys):
    out = tmp_path / "labels.xlsx"
    assert main(["label", str(table), "--out", str(out)]) != 0
    err = capsys.readouterr().err
    assert "--out must end in .csv or .parquet" in err and "labels.xlsx" in err
    assert not out.exists()


def test_bad_chunksize_fails(tmp_path, table, capsys):
    assert main(["label", str(table), "--out", str(tmp_path / "o.csv"), "--chunksize", "0"]) != 0
    assert "--chunksize" in capsys.readouterr().err


def test_folder_with_a_bad_file_and_a_good_file(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus / "good.txt", corpus_text("2020-01-01", "Trade talks", "Exports rose sharply."))
    write(corpus / "broken.txt", b"\x00\x01\x02binary\x00" * 10)
    out = tmp_path / "labels.csv"
    assert main(["label", str(corpus), "--out", str(out)]) == 0
    assert read_out(out)["doc_id"].tolist() == ["good"]
    err_lines = capsys.readouterr().err.strip().splitlines()
    problem_lines = [line for line in err_lines if not line.startswith("labelled ")]
    assert len(problem_lines) == 1
    assert str(corpus / "broken.txt") in problem_lines[0]
    assert "binary" in problem_lines[0]


def test_nothing_readable_fails(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus / "empty.txt", "")
    out = tmp_path / "labels.csv"
    assert main(["label", str(corpus), "--out", str(out)]) != 0
    err = capsys.readouterr().err
    assert "empty.txt" in err and "no document could be read" in err
    assert not out.exists()


def test_missing_corpus_fails(tmp_path, capsys):
    assert main(["label", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o.csv")]) != 0
    assert "no such file or folder" in capsys.readouterr().err


def test_text_and_id_column_options(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"key": "k1", "body": "Tariffs rose."}\n{"key": "k2", "body": "The senate voted."}\n',
                    encoding="utf-8")
    out = tmp_path / "labels.csv"
    assert main(["label", str(path), "--out", str(out), "--text-column", "body", "--id-column", "key",
                 "--quiet"]) == 0
    labels = read_out(out)
    assert labels["doc_id"].tolist() == ["k1", "k2"]
    assert labels["primary_topic"].tolist() == ["trade", "politics"]


def test_wrong_text_column_fails_naming_the_columns(tmp_path, table, capsys):
    assert main(["label", str(table), "--out", str(tmp_path / "o.csv"), "--text-column", "body"]) != 0
    err = capsys.readouterr().err
    assert "'body'" in err and "doc_id" in err and "text" in err


def test_user_taxonomy_adds_its_topic_column(tmp_path, table):
    taxonomy = tmp_path / "taxonomy.toml"
    taxonomy.write_text(TAXONOMY_PATH.read_text(encoding="utf-8")
                        + '\n[steel]\n[steel.terms]\nsteel = 1.0\n', encoding="utf-8")
    out = tmp_path / "labels.csv"
    assert main(["label", str(table), "--out", str(out), "--taxonomy", str(taxonomy), "--quiet"]) == 0
    labels = read_out(out)
    assert list(labels.columns) == ["doc_id", *TOPICS, "steel", "primary_topic", "n_sentences", "coverage",
                                    *DOCUMENT_TONE_STANCE]
    assert labels["steel"].tolist()[0] > 0


def test_invalid_taxonomy_fails_naming_topic_and_field(tmp_path, table, capsys):
    taxonomy = tmp_path / "bad.toml"
    taxonomy.write_text("[steel.terms]\nsteel = -1\n", encoding="utf-8")
    out = tmp_path / "labels.csv"
    assert main(["label", str(table), "--out", str(out), "--taxonomy", str(taxonomy)]) != 0
    err = capsys.readouterr().err
    assert "topic 'steel'" in err and "field 'terms'" in err
    assert not out.exists()


def test_target_column_is_copied(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"doc_id": ["a", "b"], "text": ["Tariffs rose.", "Vaccines."], "side": ["x", "y"]}).to_csv(
        path, index=False)
    out = tmp_path / "labels.csv"
    assert main(["label", str(path), "--out", str(out), "--target-column", "side", "--quiet"]) == 0
    labels = read_out(out)
    assert labels.columns[:2].tolist() == ["doc_id", "target"]
    assert labels["target"].tolist() == ["x", "y"]


def test_figures_writes_topic_emphasis(tmp_path, capsys):
    out = tmp_path / "figs"
    assert main(["figures", "--out", str(out)]) == 0
    png = out / "topic_emphasis.png"
    assert png.exists()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(png) in capsys.readouterr().out


def test_figures_with_invalid_taxonomy_fails(tmp_path, capsys):
    taxonomy = tmp_path / "bad.toml"
    taxonomy.write_text("[sport]\ncolour = 'red'\n[sport.terms]\nball = 1.0\n", encoding="utf-8")
    assert main(["figures", "--out", str(tmp_path / "figs"), "--taxonomy", str(taxonomy)]) != 0
    assert "field 'colour'" in capsys.readouterr().err


def test_help_in_a_subprocess():
    top = subprocess.run([sys.executable, "-m", "analysis", "--help"], cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=60)
    assert top.returncode == 0
    assert "figures" in top.stdout and "label" in top.stdout
    label = subprocess.run([sys.executable, "-m", "analysis", "label", "--help"], cwd=PROJECT_ROOT,
                           capture_output=True, text=True, timeout=60)
    assert label.returncode == 0
    for option in ("--out", "--level", "--text-column", "--id-column", "--taxonomy", "--chunksize"):
        assert option in label.stdout


def test_jobs_give_the_same_output_file(tmp_path, table, capsys):
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    assert main(["label", str(table), "--out", str(one), "--quiet"]) == 0
    assert main(["label", str(table), "--out", str(two), "--chunksize", "1", "--jobs", "2", "--quiet"]) == 0
    pd.testing.assert_frame_equal(read_out(one), read_out(two), check_exact=True)
    assert f"{table}:3" in capsys.readouterr().err  # load problems are still reported


@pytest.mark.parametrize("args, message", [
    (["--jobs", "-1"], "--jobs must be 0 (one per core) or a positive integer"),
    (["--jobs", "2", "--workers", "2"], "give --jobs, or --workers/--scheduler, not both"),
])
def test_bad_jobs_fail(tmp_path, table, capsys, args, message):
    assert main(["label", str(table), "--out", str(tmp_path / "o.csv"), *args]) == 2
    assert message in capsys.readouterr().err
