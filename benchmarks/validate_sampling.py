"""How close are the corpus-level estimates of ``validate`` to the truth? A simulated coder.

Takes the New York Times headlines coded with Comparative Agendas Project major topics
(``topics/cap_nyt_headlines_dev.csv`` in :data:`analysis.config.VALIDATION_DATA_DIR`, outside the
repository; the ``title`` column as the text, one document per headline) as a corpus, labels every
sentence, and for each seed draws a coding sheet (:func:`analysis.validation.draw_sample`, the code
behind ``python -m analysis sample``), fills its ``topics`` from the human gold (CAP codes mapped as
in ``validate_topics.py``: the coder), and scores it (:func:`analysis.validation.validate_sheet`, the
code behind ``validate``). The truth is the same comparison on every sentence of the corpus. Prints,
per topic, the true F1, the estimates' mean, their largest error, how often the 95% interval covered
the truth, and the same for unweighted scores (as if the sample were a simple random one).

When the data is not there, says so and exits 0. Output is deterministic.

Usage::

    python benchmarks/validate_sampling.py [--n 600] [--seeds 10] [--power 0.5] [--method smoothed|bootstrap]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.config import VALIDATION_DATA_DIR  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.text import split_sentences  # noqa: E402
from analysis.topics import TopicLabeler, label_sentences  # noqa: E402
from analysis.validation import draw_sample, topic_scores, validate_sheet  # noqa: E402

DATA_FILE = VALIDATION_DATA_DIR / "topics" / "cap_nyt_headlines_dev.csv"
CAP_TO_TOPIC = {3: "health", 18: "trade", 19: "politics", 20: "politics", 15: "investment", 1: "investment"}


def corpus_labels(path: Path, *, taxonomy=None) -> tuple[pd.DataFrame, list[str]]:
    """Sentence labels of every headline, with the gold topic of its headline in ``gold``."""
    documents, _ = load_corpus(path, text_column="title", id_column="article_id", duplicates="keep")
    raw = pd.read_csv(path, usecols=["article_id", "cap_major"], dtype={"article_id": "str"})
    if len(raw) != len(documents):
        raise SystemExit(f"{path}: read {len(raw)} rows but loaded {len(documents)} documents")
    gold = dict(zip(documents["doc_id"], [CAP_TO_TOPIC.get(int(c), "none") if pd.notna(c) else "none"
                                          for c in raw["cap_major"]]))
    labeler = TopicLabeler(taxonomy).fit()
    labels = label_sentences(split_sentences(documents), labeler=labeler, evidence=False)
    return labels.assign(gold=labels["doc_id"].map(gold)), list(labeler.topics_)


def simulate(labels: pd.DataFrame, topics: list[str], *, n: int, seeds: int, power: float,
             method: str = "smoothed") -> pd.DataFrame:
    """One row per (seed, topic): the estimate, its interval and the unweighted score."""
    gold = dict(zip(zip(labels["doc_id"], labels["sent_id"]), labels["gold"]))
    rows = []
    for seed in range(seeds):
        sheet = draw_sample(labels, n=n, seed=seed, power=power)
        sheet["topics"] = [gold[(d, s)] for d, s in zip(sheet["doc_id"], sheet["sent_id"])]
        result = validate_sheet(sheet, labels, topics=topics, seed=seed, method=method)
        plain = topic_scores(result.compared["gold"].tolist(), result.compared["predicted_topics"].tolist(), topics)
        for row in result.report.itertuples(index=False):
            rows.append({"seed": seed, "topic": row.topic, "f1": row.f1, "f1_low": row.f1_low,
                         "f1_high": row.f1_high, "f1_unweighted": plain.loc[row.topic, "f1"],
                         "n_coded_positive": row.n_coded_positive, "n_skipped": result.n_skipped})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=600, help="sentences per coding sheet (default 600)")
    parser.add_argument("--seeds", type=int, default=10, help="sheets drawn, seeds 0..N-1 (default 10)")
    parser.add_argument("--power", type=float, default=0.5, help="allocation power (default 0.5)")
    parser.add_argument("--method", choices=("smoothed", "bootstrap"), default="smoothed",
                        help="how the intervals are drawn (default smoothed; see estimate_scores)")
    parser.add_argument("--taxonomy", type=Path, default=None, help="taxonomy TOML file (default: the suite's)")
    args = parser.parse_args(argv)
    if not DATA_FILE.is_file():
        print(f"validation data not found: {DATA_FILE} is not there "
              f"(see the README of {VALIDATION_DATA_DIR}); nothing to simulate.")
        return 0
    labels, topics = corpus_labels(DATA_FILE, taxonomy=args.taxonomy)
    truth = topic_scores(labels["gold"].tolist(), labels["topics"].tolist(), topics)
    primary = topic_scores(labels["gold"].tolist(), labels["primary_topic"].tolist(), topics)
    print(f"data: {DATA_FILE}: {labels['doc_id'].nunique()} headlines, {len(labels)} sentences; "
          f"predicted primary topics: " + ", ".join(f"{k} {v}" for k, v in
                                                    labels["primary_topic"].value_counts().sort_index().items()))
    print(f"sheets of {args.n} sentences, seeds 0..{args.seeds - 1}, allocation power {args.power}, "
          f"intervals: {args.method}")
    runs = simulate(labels, topics, n=args.n, seeds=args.seeds, power=args.power, method=args.method)
    runs["truth"] = runs["topic"].map(truth["f1"])
    runs["error"] = runs["f1"] - runs["truth"]
    runs["covered"] = (runs["f1_low"] <= runs["truth"]) & (runs["truth"] <= runs["f1_high"])
    runs["error_unweighted"] = runs["f1_unweighted"] - runs["truth"]
    summary = runs.groupby("topic", sort=False).agg(
        true_f1=("truth", "first"), gold_sentences=("topic", lambda t: int((labels["gold"] == t.iloc[0]).sum())),
        coded_positive=("n_coded_positive", "mean"), mean_estimate=("f1", "mean"),
        mean_error=("error", "mean"), max_abs_error=("error", lambda e: float(np.abs(e).max())),
        mean_width=("f1_high", "mean"), covered=("covered", "mean"),
        unweighted_mean_error=("error_unweighted", "mean"),
        unweighted_max_abs_error=("error_unweighted", lambda e: float(np.abs(e).max())))
    summary["mean_width"] = summary["mean_width"] - runs.groupby("topic", sort=False)["f1_low"].mean()
    print("\nper topic (true F1: labels' topics vs gold on every sentence; estimates over the sheets):")
    print(summary.round(3).to_string())
    within = (runs["error"].abs() <= 0.10).groupby(runs["seed"]).all()
    covered = runs.groupby("seed")["covered"].sum()
    print(f"\nsheets with every topic's F1 within 0.10 of the truth: {int(within.sum())} of {len(within)}")
    print(f"sheets whose intervals cover the truth for >= 3 of {len(topics)} topics: "
          f"{int((covered >= 3).sum())} of {len(covered)}")
    print("\nfor reference, F1 of the primary topic alone (one topic per sentence) vs gold: "
          + ", ".join(f"{t} {primary.loc[t, 'f1']:.3f}" for t in topics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
