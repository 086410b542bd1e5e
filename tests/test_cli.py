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


# --- sample and validate: validation on the user's own corpus -------------------------------------

@pytest.fixture
def news_table(tmp_path):
    """Forty short made-up documents of several topics, some sentences starting with formula characters."""
    subjects = [
        "The health ministry opened a vaccine clinic.", "Tariffs on steel exports rose again.",
        "Parliament passed the election law.", "Foreign investors bought shares in the bank.",
        "It rained all week in the capital.", "-5% growth in imports worried the minister.",
        "=HYPERLINK(\"http://example.org\") was posted by a reader.", "'Tis the season for talks, the envoy said.",
    ]
    rows = [{"doc_id": f"n{i}", "text": f"{subjects[i % 8]} Report number {i} came out. {subjects[(i + 3) % 8]}"}
            for i in range(40)]
    path = tmp_path / "news.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def code_from_labels(sheet_path, labels_path):
    """Fill a sheet's topics from the suite's own sentence labels (a coder who agrees entirely)."""
    from analysis.validation import read_sheet, write_sheet

    sheet = read_sheet(sheet_path)
    labels = pd.read_csv(labels_path, keep_default_na=False, dtype={"doc_id": str})
    topics = dict(zip(zip(labels["doc_id"], labels["sent_id"]), labels["topics"]))
    sheet["topics"] = [topics[(d, s)] or "none" for d, s in zip(sheet["doc_id"], sheet["sent_id"])]
    write_sheet(sheet, sheet_path)


def test_sample_code_validate_round_trip(tmp_path, news_table, capsys):
    sheet = tmp_path / "sheet.csv"
    assert main(["sample", str(news_table), "--out", str(sheet), "--n", "60", "--seed", "2"]) == 0
    err = capsys.readouterr().err
    assert "drew 60 sentences" in err and "open it in a spreadsheet" in err
    frame = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(frame.columns) == ["row", "doc_id", "sent_id", "before", "text", "after", "topics", "tone", "speaker",
                                   "stratum", "stratum_size", "inclusion_prob"]
    assert not frame["text"].str.startswith(("=", "-", "+", "@")).any()  # defused for spreadsheets
    first = sheet.read_bytes()
    assert main(["sample", str(news_table), "--out", str(tmp_path / "again.csv"), "--n", "60", "--seed", "2"]) == 0
    assert (tmp_path / "again.csv").read_bytes() == first  # seeded
    labels = tmp_path / "labels.csv"
    assert main(["label", str(news_table), "--out", str(labels), "--level", "sentence", "--quiet"]) == 0
    code_from_labels(sheet, labels)
    report = tmp_path / "report.csv"
    capsys.readouterr()
    assert main(["validate", str(sheet), "--corpus", str(news_table), "--out", str(report), "--n-boot", "100"]) == 0
    out = capsys.readouterr().out
    table = pd.read_csv(report, keep_default_na=False)
    assert table["topic"].tolist() == TOPICS
    for column in ("precision", "recall", "f1", "f1_low", "f1_high", "precision_low", "precision_high",
                   "recall_low", "recall_high", "n_coded"):
        assert column in table.columns
    # a coder who agrees with every label: every estimate is 1; the intervals still allow errors not sampled
    assert table["f1"].tolist() == [1.0] * 4 and table["f1_high"].tolist() == [1.0] * 4
    assert ((table["f1_low"] > 0.5) & (table["f1_low"] < 1)).all()
    assert (table["n_coded"] == 60).all()
    assert "F1 [95% interval]" in out and out.count("1.00 [0.") >= 4


def test_validate_names_the_rows_of_a_sheet_that_does_not_match(tmp_path, news_table, capsys):
    sheet = tmp_path / "sheet.csv"
    assert main(["sample", str(news_table), "--out", str(sheet), "--n", "30"]) == 0
    frame = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.loc[3, "text"] = "Someone rewrote this sentence."
    frame.loc[0, "topics"] = "health"
    frame.to_csv(sheet, index=False)
    capsys.readouterr()
    assert main(["validate", str(sheet), "--corpus", str(news_table), "--out", str(tmp_path / "r.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    assert "text differs from the corpus's sentence in row 4" in err
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("which", ["sheet", "corpus"])
def test_validate_never_overwrites_its_inputs(tmp_path, news_table, capsys, which):
    sheet = tmp_path / "sheet.csv"
    assert main(["sample", str(news_table), "--out", str(sheet), "--n", "20"]) == 0
    before = (sheet.read_bytes(), news_table.read_bytes())
    out = sheet if which == "sheet" else news_table
    capsys.readouterr()
    assert main(["validate", str(sheet), "--corpus", str(news_table), "--out", str(out)]) == 2
    assert "would overwrite an input" in capsys.readouterr().err
    assert (sheet.read_bytes(), news_table.read_bytes()) == before


def test_sample_never_overwrites_the_corpus_or_a_coded_sheet(tmp_path, news_table, capsys):
    assert main(["sample", str(news_table), "--out", str(news_table)]) == 2
    assert "would overwrite an input" in capsys.readouterr().err
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder / "a.txt", corpus_text("2021-01-01", "Talks", "The sides met."))
    assert main(["sample", str(folder), "--out", str(folder / "sheet.csv"), "--n", "2"]) == 2
    sheet = tmp_path / "sheet.csv"
    assert main(["sample", str(news_table), "--out", str(sheet), "--n", "20"]) == 0
    frame = pd.read_csv(sheet, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.loc[0, "topics"] = "trade"
    frame.to_csv(sheet, index=False, encoding="utf-8-sig")
    coded = sheet.read_bytes()
    capsys.readouterr()
    assert main(["sample", str(news_table), "--out", str(sheet), "--n", "20", "--seed", "5"]) == 2
    assert "1 coded rows" in capsys.readouterr().err
    assert sheet.read_bytes() == coded
    other = write(tmp_path / "notes.csv", "a,b\n1,2\n")
    assert main(["sample", str(news_table), "--out", str(other), "--n", "20"]) == 2
    assert "exists and is not a coding sheet" in capsys.readouterr().err
    assert other.read_text() == "a,b\n1,2\n"
    # a sheet not coded yet may be drawn again
    fresh = tmp_path / "fresh.csv"
    assert main(["sample", str(news_table), "--out", str(fresh), "--n", "20"]) == 0
    assert main(["sample", str(news_table), "--out", str(fresh), "--n", "20", "--seed", "1"]) == 0


@pytest.mark.parametrize("args, message", [
    (["sample", "{corpus}", "--out", "{tmp}/s.txt"], "--out must end in .csv"),
    (["sample", "{corpus}", "--out", "{tmp}/s.csv", "--n", "0"], "--n must be a positive integer"),
    (["sample", "{tmp}/missing.csv", "--out", "{tmp}/s.csv"], "missing.csv"),
    (["validate", "{tmp}/missing.csv", "--corpus", "{corpus}", "--out", "{tmp}/r.csv"], "no such coding sheet"),
    (["validate", "{corpus}", "--corpus", "{corpus}", "--out", "{tmp}/r.csv"], "not a coding sheet"),
])
def test_sample_and_validate_user_errors_are_one_line(tmp_path, news_table, capsys, args, message):
    args = [a.format(corpus=news_table, tmp=tmp_path) for a in args]
    assert main(args) != 0
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_sample_and_validate_from_a_subprocess(tmp_path, news_table):
    sheet, report = tmp_path / "sheet.csv", tmp_path / "report.csv"
    run = subprocess.run([sys.executable, "-m", "analysis", "sample", str(news_table), "--out", str(sheet), "--n", "25"],
                         capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert run.returncode == 0, run.stderr
    run = subprocess.run([sys.executable, "-m", "analysis", "validate", str(sheet), "--corpus", str(news_table),
                          "--out", str(report)], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert run.returncode == 1 and run.stderr.startswith("error: no row of the coding sheet is coded yet")
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_label_documents_one_row_per_input_document_in_order(tmp_path, table, suffix, capsys):
    out = tmp_path / f"labels{suffix}"
    assert main(["label", str(table), "--out", str(out)]) == 0
    labels = read_out(out)
    assert labels["doc_id"].astype(str).tolist() == ["z9", "a1", "m5"]
    assert list(labels.columns) == ["doc_id", "date", "title", "source", *TOPICS, "primary_topic", "n_sentences",
                                    "coverage", *DOCUMENT_TONE_STANCE]
    assert labels["primary_topic"].tolist() == ["trade", "none", "health"]
    assert labels["n_sentences"].tolist() == [2, 0, 1]
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
    assert list(labels.columns) == ["doc_id", "date", "title", "source", *TOPICS, "steel", "primary_topic",
                                    "n_sentences", "coverage",
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
    assert labels.columns[:5].tolist() == ["doc_id", "date", "title", "source", "target"]
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


def test_label_uses_every_core_by_default_once_the_corpus_is_larger_than_a_chunk(tmp_path, table, monkeypatch):
    import analysis.pipeline as pipeline

    one, auto = tmp_path / "one.csv", tmp_path / "auto.csv"
    assert main(["label", str(table), "--out", str(one), "--jobs", "1", "--quiet"]) == 0
    pools = []
    real_context = pipeline.multiprocessing.get_context

    def counting_context(method):
        pools.append(method)
        return real_context(method)

    monkeypatch.setattr(pipeline.multiprocessing, "get_context", counting_context)
    monkeypatch.setattr(pipeline, "cpu_count", lambda: 2)
    assert main(["label", str(table), "--out", str(auto), "--quiet"]) == 0
    assert not pools  # a corpus smaller than a chunk is labelled in this process
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 20)  # every document is a chunk of its own
    assert main(["label", str(table), "--out", str(auto), "--quiet"]) == 0
    assert pools  # worker processes were used
    pd.testing.assert_frame_equal(read_out(one), read_out(auto), check_exact=True)
