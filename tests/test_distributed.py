"""The Dask mode of `label` gives the single-process result, row for row."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main

TEXTS = [
    "Tariffs on steel exports rose sharply, the trade minister said.",
    "President Tokayev welcomed the investment projects. He praised the partnership.",
    "",
    "The opposition criticized the government and accused it of fraud.",
    "Hospitals received vaccines and medical assistance.",
    "Wang Yi noted that China supports the reforms.",
    "The central bank kept interest rates unchanged.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    table = pd.DataFrame({"doc_id": [f"doc{i}" for i in range(len(TEXTS))], "text": TEXTS,
                          "date": [f"2020-0{1 + i % 9}-1{i}" for i in range(len(TEXTS))],
                          "target": ["China", "China", "", "the government", "", "Kazakhstan", ""]})
    table.to_parquet(folder / "corpus.parquet", index=False)
    table.to_json(folder / "corpus.jsonl", orient="records", lines=True)
    return folder


@pytest.mark.parametrize("name", ["corpus.parquet", "corpus.jsonl"])
@pytest.mark.parametrize("level", ["document", "sentence"])
def test_local_cluster_of_two_workers_equals_single_process(corpus, tmp_path, name, level, capsys):
    single = tmp_path / "single.parquet"
    parts = tmp_path / "parts"
    common = ["--level", level, "--chunksize", "2", "--target-column", "target", "--quiet"]
    assert main(["label", str(corpus / name), "--out", str(single), *common]) == 0
    assert main(["label", str(corpus / name), "--out", str(parts), "--workers", "2", *common]) == 0
    assert len(list(parts.glob("part-*.parquet"))) == 4  # 7 documents in partitions of 2
    expected = pd.read_parquet(single)
    got = pd.read_parquet(parts)
    assert len(got) == len(expected) > 0
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)
    err = capsys.readouterr().err
    assert err.count("has an empty text") == 2  # the same report line from both runs


def test_workers_and_scheduler_exclude_each_other(corpus, tmp_path, capsys):
    code = main(["label", str(corpus / "corpus.parquet"), "--out", str(tmp_path / "p"), "--workers", "2",
                 "--scheduler", "tcp://127.0.0.1:1"])
    assert code != 0
    assert "not both" in capsys.readouterr().err


def test_nothing_readable_leaves_other_files_in_the_output_folder(tmp_path, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("not json\n", encoding="utf-8")
    out = tmp_path / "labels"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["label", str(empty), "--out", str(out), "--workers", "1", "--quiet"]) != 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not list(out.glob("part-*.parquet"))
    assert "empty.jsonl" in capsys.readouterr().err
