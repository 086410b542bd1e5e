"""Tests of the command line (analysis.cli), run in-process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
    from analysis.sheets import read_sheet, write_sheet

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
    assert "never overwritten" in capsys.readouterr().err
    assert (sheet.read_bytes(), news_table.read_bytes()) == before


def test_sample_never_overwrites_the_corpus_or_a_coded_sheet(tmp_path, news_table, capsys):
    assert main(["sample", str(news_table), "--out", str(news_table)]) == 2
    assert "is the corpus" in capsys.readouterr().err
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder / "a.txt", corpus_text("2021-01-01", "Talks", "The sides met."))
    assert main(["sample", str(folder), "--out", str(folder / "sheet.csv"), "--n", "2"]) == 2
    assert "lies inside the corpus folder" in capsys.readouterr().err
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
    assert labels["doc_id"].astype(str).tolist() == ["z9", "m5"]  # a1, with an empty text, is reported
    assert list(labels.columns) == ["doc_id", "date", "title", "source", *TOPICS, "primary_topic", "n_sentences",
                                    "coverage", *DOCUMENT_TONE_STANCE]
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


# --- issue 11: outputs never replace inputs, no traceback, one line per kind, exit codes ------


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_out_naming_the_input_is_refused_and_the_input_left_byte_identical(tmp_path, suffix, capsys):
    corpus = tmp_path / f"corpus{suffix}"
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Tariffs rose.", "Vaccines arrived."]})
    frame.to_csv(corpus, index=False) if suffix == ".csv" else frame.to_parquet(corpus, index=False)
    before = corpus.read_bytes()
    (tmp_path / "sub").mkdir()
    (tmp_path / f"link{suffix}").symlink_to(corpus)
    import os

    os.link(corpus, tmp_path / f"hard{suffix}")
    for out in (corpus, tmp_path / "sub" / ".." / corpus.name, tmp_path / f"link{suffix}", tmp_path / f"hard{suffix}"):
        assert main(["label", str(corpus), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "is the corpus" in err and "never overwritten" in err
        assert corpus.read_bytes() == before
    assert main(["label", str(tmp_path / f"link{suffix}"), "--out", str(corpus)]) == 2  # a link as the input
    assert corpus.read_bytes() == before
    assert _files(tmp_path) == sorted([corpus.name, f"link{suffix}", f"hard{suffix}", "sub"])


def test_out_inside_the_corpus_folder_is_refused_before_anything_is_read(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus / "a.txt", corpus_text("2020-01-01", "Trade", "Tariffs rose."))
    (tmp_path / "alias").symlink_to(corpus)
    for out in (corpus / "labels.csv", corpus / "deeper" / "labels.csv", tmp_path / "alias" / "labels.csv"):
        assert main(["label", str(corpus), "--out", str(out)]) == 2
        assert "lies inside the corpus folder" in capsys.readouterr().err
    assert main(["label", str(corpus), "--out", str(tmp_path / "l.csv"), "--report", str(corpus / "r.csv")]) == 2
    assert "--report" in capsys.readouterr().err
    assert main(["figures", str(corpus), "--out", str(corpus / "figs")]) == 2
    assert "lies inside the corpus folder" in capsys.readouterr().err
    assert _files(corpus) == ["a.txt"]


def test_taxonomy_and_actors_files_are_inputs_too(tmp_path, table, capsys):
    taxonomy = tmp_path / "tax.csv"  # an odd name, but an input
    taxonomy.write_text(TAXONOMY_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["label", str(table), "--out", str(taxonomy), "--taxonomy", str(taxonomy)]) == 2
    assert "is the taxonomy" in capsys.readouterr().err


def test_report_and_out_cannot_be_the_same_file(tmp_path, table, capsys):
    out = tmp_path / "o.csv"
    assert main(["label", str(table), "--out", str(out), "--report", str(out)]) == 2
    assert "same file" in capsys.readouterr().err
    assert main(["label", str(table), "--out", str(out), "--report", str(tmp_path / "r.txt")]) == 2
    assert "--report must end in .csv" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("make_out", [
    lambda tmp: (tmp / "outdir.csv").mkdir() or tmp / "outdir.csv",  # a folder named like a file
    lambda tmp: Path("/proc/x.csv"),  # a place nobody may write to, even root
    lambda tmp: write(tmp / "plain", "a file") / "x.csv",  # its folder is a file
])
def test_unwritable_output_is_one_line_and_exit_3(tmp_path, table, capsys, make_out):
    out = make_out(tmp_path)
    assert main(["label", str(table), "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: cannot write --out {out}")
    assert not [p for p in tmp_path.rglob(".*.tmp*")]


def test_unwritable_report_is_one_line_and_exit_3(tmp_path, table, capsys):
    assert main(["label", str(table), "--out", str(tmp_path / "o.csv"), "--report", "/proc/r.csv"]) == 3
    assert capsys.readouterr().err.startswith("error: cannot write --report /proc/r.csv")
    assert not (tmp_path / "o.csv").exists()


def test_failed_run_leaves_the_old_output_and_no_temporary_file(tmp_path, table, capsys, monkeypatch):
    import analysis.cli as cli

    out = tmp_path / "labels.csv"
    report = tmp_path / "report.csv"
    out.write_text("the old labels\n", encoding="utf-8")
    report.write_text("the old report\n", encoding="utf-8")
    real = cli.label_chunks

    def interrupted(*args, **kwargs):  # the user presses Ctrl-C after the first chunk was written
        for i, item in enumerate(real(*args, **kwargs)):
            if i == 1:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(cli, "label_chunks", interrupted)
    code = main(["label", str(table), "--out", str(out), "--report", str(report), "--chunksize", "1"])
    assert code == 130 and "interrupted" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "the old labels\n"
    assert report.read_text(encoding="utf-8") == "the old report\n"
    assert _files(tmp_path) == ["docs.csv", "labels.csv", "report.csv"]
    # nothing readable: the old output stays as well
    monkeypatch.setattr(cli, "label_chunks", real)
    empty = write(tmp_path / "empty.jsonl", "not json\n")
    assert main(["label", str(empty), "--out", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "the old labels\n"
    assert _files(tmp_path) == ["docs.csv", "empty.jsonl", "labels.csv", "report.csv"]


def test_a_successful_run_replaces_the_old_output(tmp_path, table):
    out = tmp_path / "labels.parquet"
    out.write_text("the old labels\n", encoding="utf-8")
    assert main(["label", str(table), "--out", str(out), "--quiet"]) == 0
    assert read_out(out)["doc_id"].tolist() == ["z9", "m5"]
    assert _files(tmp_path) == ["docs.csv", "labels.parquet"]


def _duplicates_corpus(tmp_path, suffix=".csv"):
    texts = ["Tariffs on steel exports rose sharply.", "The vaccine campaign began in May.",
             "Parliament passed the budget."]
    rows = [(f"d{i}", t) for i, t in enumerate(texts)]
    rows += [(f"x{i}", texts[i % 3] if i % 2 else texts[i % 3].upper() + "  ") for i in range(300)]
    frame = pd.DataFrame(rows, columns=["doc_id", "text"])
    path = tmp_path / f"dups{suffix}"
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_parquet(path, index=False)
    return path


def test_300_duplicates_give_a_few_stderr_lines_and_every_one_in_the_report(tmp_path, capsys):
    corpus = _duplicates_corpus(tmp_path)
    out, report = tmp_path / "o.csv", tmp_path / "problems.csv"
    assert main(["label", str(corpus), "--out", str(out), "--quiet"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) <= 20
    assert err[0].startswith(f"duplicate-text (300): {corpus}:5: duplicate document: same text as 'd0' (dropped)")
    assert "and 297 more" in err[0] and "--report" in err[-1]
    assert main(["label", str(corpus), "--out", str(out), "--quiet", "--report", str(report)]) == 0
    assert len(capsys.readouterr().err.splitlines()) == 1
    rows = pd.read_csv(report, keep_default_na=False)
    assert list(rows.columns) == ["source", "line", "doc_id", "kind", "message"]
    assert len(rows) == 300
    assert rows["line"].tolist() == list(range(5, 305))
    assert rows["doc_id"].tolist() == [f"x{i}" for i in range(300)]
    assert set(rows["kind"]) == {"duplicate-text"}
    assert rows["message"].iloc[0] == "duplicate document: same text as 'd0' (dropped)"


def test_duplicates_are_the_same_with_chunksize_and_jobs(tmp_path, capsys):
    corpus = _duplicates_corpus(tmp_path)
    runs = {"default": [], "chunks": ["--chunksize", "50"], "jobs": ["--jobs", "2"]}
    outputs, reports = {}, {}
    for name, options in runs.items():
        out, report = tmp_path / f"{name}.csv", tmp_path / f"{name}-report.csv"
        assert main(["label", str(corpus), "--out", str(out), "--report", str(report), "--quiet", *options]) == 0
        outputs[name], reports[name] = read_out(out), pd.read_csv(report)
    for name in runs:
        assert outputs[name]["doc_id"].tolist() == ["d0", "d1", "d2"]
        pd.testing.assert_frame_equal(outputs[name], outputs["default"])
        pd.testing.assert_frame_equal(reports[name], reports["default"])


def test_load_report_one_line_per_kind_with_kind_and_count(tmp_path, capsys):
    path = tmp_path / "mixed.csv"
    path.write_text('doc_id,text\n'
                    'a,"Tariffs rose."\n'
                    'b\n'
                    'c,""\n'
                    'd,"Tariffs rose."\n'
                    'e,""\n'
                    'a,"Vaccines arrived."\n', encoding="utf-8")
    assert main(["label", str(path), "--out", str(tmp_path / "o.csv"), "--quiet"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"too-few-fields (1): {path}:3: CSV row has 1 fields, the header 2 (row skipped)",
        f"empty-text (2): {path}:4: row 'c' has an empty text (row skipped); also {path}:6",
        f"duplicate-text (1): {path}:5: duplicate document: same text as 'a' (dropped)",
        f"duplicate-id (1): {path}:7: duplicate doc_id 'a' (renamed to 'a~1')",
    ]


def test_mojibake_repaired_unless_no_repair(tmp_path, capsys):
    path = tmp_path / "m.csv"
    pd.DataFrame({"doc_id": ["m"], "text": ["Kazakhstan\u00e2\u20ac\u2122s exports rose."]}).to_csv(path, index=False)
    out = tmp_path / "s.csv"
    assert main(["label", str(path), "--out", str(out), "--level", "sentence", "--quiet"]) == 0
    assert read_out(out)["text"].tolist() == ["Kazakhstan\u2019s exports rose."]
    assert "repaired-encoding (1)" in capsys.readouterr().err
    assert main(["label", str(path), "--out", str(out), "--level", "sentence", "--quiet", "--no-repair"]) == 0
    assert read_out(out)["text"].tolist() == ["Kazakhstan\u00e2\u20ac\u2122s exports rose."]
    assert capsys.readouterr().err == ""


def test_taxonomy_errors_exit_2_from_label_and_figures(tmp_path, table, capsys):
    taxonomy = tmp_path / "bad.toml"
    taxonomy.write_text('[sport]\ncolor = "greenish"\n[sport.terms]\nball = 1.0\n', encoding="utf-8")
    assert main(["label", str(table), "--out", str(tmp_path / "o.csv"), "--taxonomy", str(taxonomy)]) == 2
    assert "'greenish'" in capsys.readouterr().err
    assert main(["figures", str(table), "--out", str(tmp_path / "figs"), "--taxonomy", str(taxonomy)]) == 2
    assert "'greenish'" in capsys.readouterr().err
    assert not (tmp_path / "figs").exists() and not (tmp_path / "o.csv").exists()


def test_nothing_readable_exits_1_from_label_and_figures(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus / "empty.txt", "")
    assert main(["label", str(corpus), "--out", str(tmp_path / "o.csv")]) == 1
    assert main(["figures", str(corpus), "--out", str(tmp_path / "figs")]) == 1
    err = capsys.readouterr().err
    assert err.count("no document could be read") == 2
    assert not (tmp_path / "figs").exists()


def test_figures_of_another_corpus_never_overwrite_the_repository_figures(tmp_path, monkeypatch, capsys):
    from analysis.config import FIGURES_DIR

    before = {p.name: p.stat().st_mtime_ns for p in FIGURES_DIR.glob("*.png")}
    corpus = tmp_path / "my_corpus.csv"
    pd.DataFrame({"doc_id": ["a"], "text": ["Tariffs on steel rose."]}).to_csv(corpus, index=False)
    monkeypatch.chdir(tmp_path)
    assert main(["figures", str(corpus)]) == 0
    written = capsys.readouterr().out.split()
    assert written and all(Path(p).parent == tmp_path / "figures-my_corpus" for p in written)
    assert {p.name: p.stat().st_mtime_ns for p in FIGURES_DIR.glob("*.png")} == before


def test_an_earlier_output_inside_the_corpus_folder_is_not_a_problem(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus / "a.txt", corpus_text("2020-01-01", "Trade", "Tariffs rose."))
    assert main(["label", str(corpus), "--out", str(tmp_path / "labels.csv"), "--quiet"]) == 0
    (tmp_path / "labels.csv").rename(corpus / "labels.csv")  # the user keeps the labels with the corpus
    assert main(["label", str(corpus), "--out", str(tmp_path / "again.csv"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


BAD_INVOCATIONS = [
    (["label", "{table}", "--out", "{table}"], 2),
    (["label", "{tmp}/nowhere.csv", "--out", "{tmp}/o.csv"], 1),
    (["label", "{tmp}/binary.csv", "--out", "{tmp}/o.csv"], 1),
    (["label", "{table}", "--out", "{tmp}/outdir.csv"], 3),
    (["label", "{table}", "--out", "/proc/x.csv"], 3),
    (["label", "{table}", "--out", "{tmp}/o.csv", "--taxonomy", "{tmp}/missing.toml"], 2),
    (["label", "{table}", "--out", "{tmp}/o.csv", "--text-column", "body"], 1),
    (["figures", "{tmp}/nowhere", "--out", "{tmp}/figs"], 1),
    (["figures", "{table}", "--out", "{table}"], 2),
]


def test_no_traceback_for_user_errors_in_a_subprocess(tmp_path, table):
    write(tmp_path / "binary.csv", b"\x00\x01\x02" * 100)
    (tmp_path / "outdir.csv").mkdir()
    for argv, code in BAD_INVOCATIONS:
        argv = [a.format(table=table, tmp=tmp_path) for a in argv]
        run = subprocess.run([sys.executable, "-m", "analysis", *argv], cwd=PROJECT_ROOT, capture_output=True,
                             text=True, timeout=120)
        assert run.returncode == code, (argv, run.stderr)
        assert "Traceback" not in run.stderr, (argv, run.stderr)
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("error: "), (argv, run.stderr)


def test_taxonomy_or_actors_that_is_a_folder_or_not_text_is_one_line_exit_2(tmp_path, table, capsys):
    binary = write(tmp_path / "bin.toml", b"\x93\x00\xff" * 50)
    for option, path, message in (("--taxonomy", tmp_path, "is a folder"), ("--actors", binary, "not UTF-8"),
                                  ("--taxonomy", binary, "not UTF-8")):
        assert main(["label", str(table), "--out", str(tmp_path / "o.csv"), option, str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err and option in err
    assert main(["figures", str(table), "--out", str(tmp_path / "figs"), "--taxonomy", str(binary)]) == 2


def test_unreachable_scheduler_is_exit_4(tmp_path, table, capsys):
    assert main(["label", str(table), "--out", str(tmp_path / "parts"), "--scheduler", "notanaddress"]) == 4
    err = capsys.readouterr().err
    assert err.startswith("error: cannot start or reach the scheduler notanaddress")
    assert not (tmp_path / "parts").exists() and _files(tmp_path) == ["docs.csv"]


def test_ctrl_c_with_jobs_is_one_line_exit_130_and_no_file_left(tmp_path):
    import os
    import signal
    import time

    corpus = tmp_path / "many.csv"
    pd.DataFrame({"doc_id": [f"d{i}" for i in range(4000)],
                  "text": [f"Document {i}: the minister said tariffs on steel exports rose. " * 8 for i in range(4000)]}
                 ).to_csv(corpus, index=False)
    out = tmp_path / "labels.csv"
    run = subprocess.Popen([sys.executable, "-m", "analysis", "label", str(corpus), "--out", str(out), "--jobs", "2",
                            "--chunksize", "100"], cwd=PROJECT_ROOT, stderr=subprocess.PIPE, text=True,
                           start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".labels.csv.*.tmp")) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)  # the workers are labelling
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    err = run.communicate(timeout=60)[1]
    assert run.returncode == 130 and err == "interrupted\n", err
    assert _files(tmp_path) == ["many.csv"]
