"""Validity of document stance against human author-sentiment labels (PerSenT, development half).

Reads ``stance/persent_dev.csv`` from :data:`analysis.config.VALIDATION_DATA_DIR`
(never copied into the repository); when it is missing, says so and exits 0.

For every article the target is the ``TARGET_ENTITY`` column and the title is
the ``TITLE`` column (the corpus loader finds it whatever its case and puts it
before the body as sentence 0); the suite splits sentences, scores tone (``analysis.tone.score_tone`` when available, otherwise
VADER's compound per sentence), speakers, stance towards the target and the
document stance, and compares ``stance_label`` with ``TRUE_SENTIMENT``.
The baseline is VADER's compound averaged over paragraphs, with the neutral
band that gives it the best macro-F1 (searched here, on the same rows).
The suite's scores are also reported for the two halves by ``DOCUMENT_INDEX``
(odd, even): the document band was chosen on one half and checked on the other.

Run: ``python benchmarks/validate_stance.py``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.actors import attribute_speakers, load_actors  # noqa: E402
from analysis.config import VALIDATION_DATA_DIR  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.stance import document_stance, score_stance  # noqa: E402
from analysis.text import split_sentences  # noqa: E402

LABELS = ["negative", "neutral", "positive"]


def macro_f1(truth, pred) -> float:
    scores = []
    for label in LABELS:
        tp = sum(t == label and p == label for t, p in zip(truth, pred))
        fp = sum(t != label and p == label for t, p in zip(truth, pred))
        fn = sum(t == label and p != label for t, p in zip(truth, pred))
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


def accuracy(truth, pred) -> float:
    return float(np.mean([t == p for t, p in zip(truth, pred)]))


def band_labels(values, low, high):
    values = np.asarray(values, dtype=float)
    return np.where(values > high, "positive", np.where(values < low, "negative", "neutral"))


def tone_scorer():
    """The suite's tone scorer, or VADER per sentence as a stand-in; and its name."""
    try:
        from analysis.tone import score_tone  # noqa: PLC0415
        return score_tone, "analysis.tone.score_tone"
    except ImportError:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415
        analyzer = SentimentIntensityAnalyzer()

        def vader_tone(sentences):
            out = sentences.copy()
            out["tone"] = [analyzer.polarity_scores(t)["compound"] for t in sentences["text"]]
            return out
        return vader_tone, "VADER compound per sentence (analysis.tone not importable)"


def main() -> int:
    path = VALIDATION_DATA_DIR / "stance" / "persent_dev.csv"
    if not path.exists():
        print(f"validation data not found: {path}; nothing to validate")
        return 0
    t0 = time.perf_counter()
    documents, report = load_corpus(path, text_column="DOCUMENT", id_column="DOCUMENT_INDEX",
                                    target_column="TARGET_ENTITY", duplicates="keep")
    raw = pd.read_csv(path)
    truth_by_id = dict(zip(raw["DOCUMENT_INDEX"].astype(str), raw["TRUE_SENTIMENT"].str.lower()))
    # load_corpus takes the TITLE column as each article's title (sentence 0 of its text)
    print(f"data: {path} ({len(documents)} documents, {len(report)} load-report rows)")

    sentences = split_sentences(documents)
    score_tone, tone_name = tone_scorer()
    print(f"tone: {tone_name}")
    t1 = time.perf_counter()
    toned = score_tone(sentences)
    t2 = time.perf_counter()
    actors = load_actors()
    speakers = attribute_speakers(toned, actors=actors)
    targets = dict(zip(documents["doc_id"], documents["target"]))
    stance = score_stance(speakers, actors=actors, targets=targets)
    docs = document_stance(stance, documents=documents, targets=targets)
    t3 = time.perf_counter()
    truth = [truth_by_id.get(d, "") for d in docs["doc_id"]]
    pred = docs["stance_label"].tolist()
    print(f"timing: tone {t2 - t1:.1f}s; speakers + stance + documents {t3 - t2:.1f}s "
          f"({len(documents) / max(t3 - t2, 1e-9):.0f} docs/s); total {t3 - t0:.1f}s")
    print(f"sentences: {len(sentences)}; sentences concerning the target: "
          f"{(stance['stance_weight'] > 0).mean():.1%}")

    # VADER baseline: compound averaged over the newline-separated paragraphs, best band
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415
    analyzer = SentimentIntensityAnalyzer()
    text_by_id = dict(zip(raw["DOCUMENT_INDEX"].astype(str), raw["DOCUMENT"]))
    vader = []
    for doc in docs["doc_id"]:
        paragraphs = [p for p in str(text_by_id.get(doc, "")).split("\n") if p.strip()]
        vader.append(np.mean([analyzer.polarity_scores(p)["compound"] for p in paragraphs]) if paragraphs else 0.0)
    best = (-1.0, 0.0, 0.0)
    grid = np.round(np.arange(-0.9, 0.91, 0.05), 2)
    for low in grid:
        for high in grid[grid >= low]:
            f1 = macro_f1(truth, band_labels(vader, low, high))
            if f1 > best[0]:
                best = (f1, low, high)
    vader_pred = band_labels(vader, best[1], best[2])

    print()
    print(f"{'method':<58} {'macro-F1':>8} {'accuracy':>8}")
    print(f"{'this suite (document stance towards TARGET_ENTITY)':<58} {macro_f1(truth, pred):>8.3f} "
          f"{accuracy(truth, pred):>8.3f}")
    odd = [int(d) % 2 == 1 if str(d).isdigit() else False for d in docs["doc_id"]]
    for name, keep in (("odd DOCUMENT_INDEX", odd), ("even DOCUMENT_INDEX", [not k for k in odd])):
        t = [x for x, k in zip(truth, keep) if k]
        p = [x for x, k in zip(pred, keep) if k]
        label = f"this suite, {name} half ({len(t)} documents)"
        print(f"{label:<58} {macro_f1(t, p):>8.3f} {accuracy(t, p):>8.3f}")
    print(f"{f'VADER paragraph mean, best band ({best[1]:+.2f}, {best[2]:+.2f})':<58} {best[0]:>8.3f} "
          f"{accuracy(truth, vader_pred):>8.3f}")
    majority = pd.Series(truth).mode()[0]
    print(f"{f'majority class ({majority})':<58} {macro_f1(truth, [majority] * len(truth)):>8.3f} "
          f"{accuracy(truth, [majority] * len(truth)):>8.3f}")
    print()
    print("confusion table for this suite (rows: human label, columns: predicted)")
    table = pd.crosstab(pd.Series(truth, name="truth"), pd.Series(pred, name="predicted"))
    print(table.reindex(index=LABELS, columns=LABELS, fill_value=0).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
