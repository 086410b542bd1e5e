"""Validity of the topic labeller against human-coded newspaper headlines.

Reads ``topics/cap_nyt_headlines_dev.csv`` from the validation data folder
(:data:`analysis.config.VALIDATION_DATA_DIR`, outside the repository; see its
README): New York Times front-page headlines hand-coded with Comparative Agendas
Project (CAP) major-topic codes. Each headline (the ``title`` column only: the
``subject`` column is a human summary that gives the label away) is one document,
labelled through the suite's own stages: :func:`analysis.corpus.load_corpus`,
:func:`analysis.text.split_sentences`, :func:`analysis.topics.label_sentences` and
:func:`analysis.topics.document_topics`; its ``primary_topic`` is the prediction.

Gold CAP major codes map to the suite's topics as the data README says:
3 -> health; 18 -> trade; 19 and 20 -> politics; 15 and 1 -> investment; every
other code -> none.

Nothing is fitted on the whole file. The headlines are split into two fixed
halves by their article number: half A holds the headlines whose
``article_id // 2`` is even, half B those whose ``article_id // 2`` is odd (the
file holds odd article ids only, so ``article_id % 2`` would not split it).
Any choice made by looking at labelled headlines (a term, a weight, an
exclusion of the taxonomy) is made on half A: ``--errors`` lists the
misclassified headlines of half A only. Half B is reported, never looked into.

For each half (A first, then B) it prints per-topic precision, recall, F1 and
support, macro-F1 over the four topics, a confusion table (gold rows by
predicted columns) and the validity targets with whether each is met. With
``--errors N`` it also prints up to N misclassified headlines of half A per
topic, for error analysis on the terminal only (never commit that output: the
data may not be copied into the repository).

When the data is not there, says so and exits 0. Output is deterministic.

Usage::

    python benchmarks/validate_topics.py [--taxonomy FILE] [--errors N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.config import VALIDATION_DATA_DIR  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.text import split_sentences  # noqa: E402
from analysis.topics import TopicLabeler, document_topics, label_sentences  # noqa: E402

DATA_FILE = VALIDATION_DATA_DIR / "topics" / "cap_nyt_headlines_dev.csv"
#: The suite's topics evaluated here, in taxonomy order.
TOPICS = ["health", "trade", "politics", "investment"]
#: CAP major-topic code -> suite topic (every other code is ``none``).
CAP_TO_TOPIC = {3: "health", 18: "trade", 19: "politics", 20: "politics", 15: "investment", 1: "investment"}
#: Validity targets: minimum F1 per topic.
TARGETS = {"health": 0.70, "politics": 0.65, "investment": 0.50}
#: The half on which choices are made (errors are listed for it only); the other is reported only.
CHOICE_HALF = "A"


def half_of(article_id) -> str:
    """The fixed half of a headline: ``A`` when ``article_id // 2`` is even, else ``B``.

    Examples
    --------
    >>> [half_of(i) for i in (41257, 41259, 41261, 41263)]
    ['A', 'B', 'A', 'B']
    """
    return "A" if (int(article_id) // 2) % 2 == 0 else "B"


def gold_topic(cap_major) -> str:
    """The suite topic of a CAP major code (``none`` for codes outside the mapping)."""
    try:
        return CAP_TO_TOPIC.get(int(cap_major), "none")
    except (TypeError, ValueError):
        return "none"


def predict(path: Path, *, taxonomy=None) -> pd.DataFrame:
    """Label every headline of the CAP file; one row per headline, in file order.

    Columns: ``doc_id``, ``half`` (see :func:`half_of`), ``headline``, ``gold``, ``predicted``,
    ``evidence``.
    """
    documents, report = load_corpus(path, text_column="title", id_column="article_id", duplicates="keep")
    if len(report):
        print(f"load report: {len(report)} problem(s)")
        print(report.to_string(index=False))
    labeler = TopicLabeler(taxonomy).fit()
    labels = label_sentences(split_sentences(documents), labeler=labeler)
    doc_labels = document_topics(labels, topics=labeler.topics_, documents=documents)
    evidence = (labels.groupby("doc_id", sort=False)["evidence"]
                .agg(lambda items: "; ".join(e for e in items if e)))
    raw = pd.read_csv(path, usecols=["article_id", "cap_major"], dtype={"article_id": "str"})
    if len(raw) != len(documents):
        raise SystemExit(f"{path}: read {len(raw)} rows but loaded {len(documents)} documents")
    return pd.DataFrame({
        "doc_id": documents["doc_id"].to_numpy(),
        "half": [half_of(i) for i in raw["article_id"]],
        "headline": documents["text"].to_numpy(),
        "gold": [gold_topic(c) for c in raw["cap_major"]],
        "predicted": doc_labels["primary_topic"].to_numpy(),
        "evidence": evidence.reindex(documents["doc_id"]).fillna("").to_numpy(),
    })


def report(results: pd.DataFrame, *, errors: int = 0) -> None:
    """Print the metrics, confusion table, targets and (optionally) errors."""
    gold, pred = results["gold"], results["predicted"]
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, pred, labels=TOPICS, average=None, zero_division=0)
    metrics = pd.DataFrame({"precision": precision, "recall": recall, "f1": f1, "support": support},
                           index=pd.Index(TOPICS, name="topic"))
    print(f"{len(results)} headlines; gold: "
          + ", ".join(f"{t} {int((gold == t).sum())}" for t in TOPICS + ["none"]))
    print()
    print(metrics.round(3).to_string())
    macro = float(f1.mean())
    print(f"\nmacro-F1 over {', '.join(TOPICS)}: {macro:.3f}")
    columns = TOPICS + ["none"]
    table = pd.DataFrame(confusion_matrix(gold, pred, labels=columns),
                         index=pd.Index(columns, name="gold"), columns=pd.Index(columns, name="predicted"))
    print("\nconfusion table (gold rows x predicted columns):")
    print(table.to_string())
    print("\ntargets:")
    for topic, target in TARGETS.items():
        value = float(metrics.loc[topic, "f1"])
        print(f"  F1 {topic:<10} >= {target:.2f}: {value:.3f}  {'met' if value >= target else 'NOT met'}")
    if errors > 0:
        print(f"\nerrors (up to {errors} per topic; for local error analysis only, never commit):")
        for topic in TOPICS:
            missed = results[(gold == topic) & (pred != topic)]
            wrong = results[(pred == topic) & (gold != topic)]
            print(f"\n-- {topic}: missed (gold {topic}, predicted other): {len(missed)}")
            for row in missed.head(errors).itertuples():
                print(f"  [{row.predicted}] {row.headline}  | {row.evidence}")
            print(f"-- {topic}: false positives (predicted {topic}, gold other): {len(wrong)}")
            for row in wrong.head(errors).itertuples():
                print(f"  [{row.gold}] {row.headline}  | {row.evidence}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--taxonomy", type=Path, default=None, help="taxonomy TOML file (default: the suite's)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print up to N misclassified headlines per topic (local error analysis)")
    args = parser.parse_args(argv)
    if args.errors < 0:
        parser.error("--errors must be 0 or more")
    if not DATA_FILE.is_file():
        print(f"validation data not found: {DATA_FILE} is not there "
              f"(see the README of {VALIDATION_DATA_DIR}); nothing to validate.")
        return 0
    print(f"data: {DATA_FILE}")
    print(f"taxonomy: {args.taxonomy or 'default (analysis/data/taxonomy.toml)'}")
    results = predict(DATA_FILE, taxonomy=args.taxonomy)
    for half in ("A", "B"):
        part = results[results["half"] == half]
        role = ("choices are made on this half" if half == CHOICE_HALF
                else f"reported only; no choice was made by looking at it (choices: half {CHOICE_HALF})")
        parity = "even" if half == "A" else "odd"
        print(f"\n=== half {half}: article_id // 2 {parity}; {role} ===")
        report(part, errors=args.errors if half == CHOICE_HALF else 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
