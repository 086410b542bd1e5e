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


def _duplicates_table() -> pd.DataFrame:
    texts = ["Tariffs on steel exports rose sharply.", "The vaccine campaign began in May.",
             "Parliament passed the budget."]
    rows = [(f"d{i}", t) for i, t in enumerate(texts)]
    rows += [(f"x{i}", texts[i % 3] if i % 2 else texts[i % 3].upper() + "  ") for i in range(300)]
    rows += [("d1", "The minister met the ambassador.")]  # a repeated doc_id, in the last partition
    return pd.DataFrame(rows, columns=["doc_id", "text"])


def test_duplicates_over_the_whole_corpus_with_chunks_jobs_and_a_dask_cluster(tmp_path, capsys):
    """3 documents and 300 duplicates (plus a repeated doc_id): every way of cutting the work keeps the
    same documents and reports the same problems, Parquet read by the Dask workers included."""
    corpus = tmp_path / "dups.parquet"
    _duplicates_table().to_parquet(corpus, index=False)
    runs = {"default": ("o.parquet", []), "chunks": ("c.parquet", ["--chunksize", "50"]),
            "jobs": ("j.parquet", ["--jobs", "2"]), "dask": ("parts", ["--workers", "2", "--chunksize", "50"])}
    outputs, reports = {}, {}
    for name, (out, options) in runs.items():
        report = tmp_path / f"{name}.csv"
        assert main(["label", str(corpus), "--out", str(tmp_path / out), "--report", str(report), "--quiet",
                     *options]) == 0
        outputs[name] = pd.read_parquet(tmp_path / out).reset_index(drop=True)
        reports[name] = pd.read_csv(report, keep_default_na=False).sort_values(["doc_id", "kind"],
                                                                              ignore_index=True)
    assert len(list((tmp_path / "parts").glob("part-*.parquet"))) == 2  # partitions 0 and 6 keep documents
    assert outputs["default"]["doc_id"].tolist() == ["d0", "d1", "d2", "d1~1"]
    assert len(reports["default"]) == 301
    assert set(reports["default"]["kind"]) == {"duplicate-text", "duplicate-id"}
    for name in runs:
        pd.testing.assert_frame_equal(outputs[name], outputs["default"])
        pd.testing.assert_frame_equal(reports[name], reports["default"])
    err = capsys.readouterr().err
    assert err.count("duplicate-text (300)") == 4 and len(err.splitlines()) == 8


def test_a_failed_distributed_run_leaves_the_old_parts(tmp_path, capsys):
    out = tmp_path / "labels"
    out.mkdir()
    (out / "part-00000.parquet").write_bytes(b"old part")
    bad = tmp_path / "bad.parquet"
    pd.DataFrame({"body": ["No text column."]}).to_parquet(bad, index=False)
    assert main(["label", str(bad), "--out", str(out), "--workers", "1", "--quiet"]) == 1
    assert "no text column 'text'" in capsys.readouterr().err
    assert (out / "part-00000.parquet").read_bytes() == b"old part"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.parquet", "labels"]


def test_out_folder_holding_the_corpus_is_refused(tmp_path, capsys):
    corpus = tmp_path / "data" / "corpus.parquet"
    corpus.parent.mkdir()
    pd.DataFrame({"text": ["Tariffs rose."]}).to_parquet(corpus, index=False)
    assert main(["label", str(corpus), "--out", str(corpus.parent), "--workers", "1"]) == 2
    assert "holds the corpus" in capsys.readouterr().err
    assert main(["label", str(corpus.parent), "--out", str(corpus.parent), "--workers", "1"]) == 2
    assert sorted(p.name for p in corpus.parent.iterdir()) == ["corpus.parquet"]


def test_a_partition_reads_only_its_rows_across_row_groups(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from analysis.distributed import _read_parquet_partition, parquet_partitions, scan_partition

    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(1000)], "text": [f"Text number {i}." for i in range(1000)]})
    path = tmp_path / "groups.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=97)
    parts = parquet_partitions(path, partition_size=130)
    assert len(parts) == 8
    read = [_read_parquet_partition(p, text_column="text", id_column="doc_id", target_column=None)[0] for p in parts]
    assert pd.concat(read)["doc_id"].tolist() == frame["doc_id"].tolist()
    scan = scan_partition(parts[1])
    assert scan["ids"] == [f"d{i}" for i in range(130, 260)]
    assert len(scan["digests"]) == 130 and all(len(d) == 16 for d in scan["digests"])
