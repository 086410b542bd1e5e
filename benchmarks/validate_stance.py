"""Validity of document stance against human author-sentiment labels (PerSenT, development part).

Reads ``stance/persent_dev.csv`` from :data:`analysis.config.VALIDATION_DATA_DIR`
(never copied into the repository); when it is missing, says so and exits 0.

For every article the target is the ``TARGET_ENTITY`` column and the title is
the ``TITLE`` column (the corpus loader finds it whatever its case and puts it
before the body as sentence 0); the suite splits sentences, scores tone
(``analysis.tone.score_tone``), speakers, stance towards the target and the
document stance, as ``python -m analysis label --target-column`` does, and
compares ``stance_label`` with ``TRUE_SENTIMENT``.

**Two fixed halves, nothing fitted on both.** Half A holds the articles with an
odd ``DOCUMENT_INDEX``, half B those with an even one. Every threshold, band or
weight of :mod:`analysis.stance` that was chosen by looking at these labels was
chosen on half A; half B is the check. Every figure is printed for both halves:

* the suite as shipped (its :data:`~analysis.stance.DOCUMENT_NEUTRAL_BAND`,
  chosen on half A);
* the suite's document score with the band that is best on half A, applied to
  both halves (the band search is the only thing fitted here, on half A);
* for reference only, the band that is best on each half itself (an upper
  bound of what a band can do with this score; not a result);
* VADER's compound averaged over paragraphs, with the band that is best on
  half A, applied to both halves (the baseline);
* the majority class of half A;
* without any band: Spearman's rank correlation of the document score with the
  human label read as -1 (negative), 0 (neutral), 1 (positive);
* how noisy a half is: a 95% bootstrap interval (documents resampled, 1,000
  times, fixed seed) of the shipped suite's macro-F1 on each half;
* paragraph level, for more labels: each article's paragraphs carry their own
  human label (``Paragraph0``..``Paragraph15``, the sentiment towards the target
  in that paragraph); the suite's paragraph score is
  :func:`~analysis.stance.document_stance` over the sentences of one paragraph
  (title excluded), and its Spearman rho with those labels is printed per half.

Run: ``python benchmarks/validate_stance.py``; while choosing something, run it with
``--half A``, which prints half A's figures only (half B's cells read ``hidden``), so that
half B is looked at once, as the check of what was chosen.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.actors import load_actors  # noqa: E402
from analysis.speakers import attribute_speakers  # noqa: E402
from analysis.config import VALIDATION_DATA_DIR  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.stance import DOCUMENT_NEUTRAL_BAND, document_stance, score_stance  # noqa: E402
from analysis.text import split_sentences  # noqa: E402
from analysis.tone import score_tone  # noqa: E402

LABELS = ["negative", "neutral", "positive"]
GRID = np.round(np.arange(-0.9, 0.91, 0.05), 2)


def macro_f1(truth, pred) -> float:
    truth, pred = np.asarray(truth), np.asarray(pred)
    scores = []
    for label in LABELS:
        tp = np.sum((truth == label) & (pred == label))
        fp = np.sum((truth != label) & (pred == label))
        fn = np.sum((truth == label) & (pred != label))
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


def accuracy(truth, pred) -> float:
    return float(np.mean(np.asarray(truth) == np.asarray(pred)))


def band_labels(values, low, high):
    values = np.asarray(values, dtype=float)
    return np.where(values > high, "positive", np.where(values < low, "negative", "neutral"))


def best_band(values, truth) -> tuple[float, float, float]:
    """The band ``(low, high)`` on :data:`GRID` with the best macro-F1 on these rows (ties: the
    first in grid order), and that macro-F1."""
    best = (-1.0, 0.0, 0.0)
    for low in GRID:
        for high in GRID[GRID >= low]:
            f1 = macro_f1(truth, band_labels(values, low, high))
            if f1 > best[0]:
                best = (f1, float(low), float(high))
    return best[1], best[2], best[0]


def spearman(values, labels, keep) -> float:
    """Spearman's rank correlation of ``values`` with ``labels`` on the rows ``keep``."""
    ranks = [pd.Series(np.asarray(x)[keep]).rank().to_numpy() for x in (values, labels)]
    return float(np.corrcoef(*ranks)[0, 1])


def bootstrap_interval(truth: np.ndarray, pred: np.ndarray, *, n: int = 1000, seed: int = 0):
    """The 2.5% and 97.5% quantiles of macro-F1 over documents resampled with replacement."""
    rng = np.random.default_rng(seed)
    values = [macro_f1(truth[b], pred[b]) for b in (rng.integers(0, len(truth), len(truth)) for _ in range(n))]
    return tuple(np.quantile(values, [0.025, 0.975]))


def paragraph_rho(raw: pd.DataFrame, stance: pd.DataFrame, targets: dict) -> tuple[float, float, int, int]:
    """Spearman rho of the suite's paragraph scores with the human paragraph labels, on half A
    and half B, and the number of labelled paragraphs of each. Paragraph ``k`` of ``DOCUMENT``
    (split on newlines) is the suite's ``paragraph_id`` ``k + 1`` (0 is the title)."""
    code = {"negative": -1, "neutral": 0, "positive": 1}
    labels = {}
    for row in raw.itertuples(index=False):
        for k in range(16):
            value = getattr(row, f"Paragraph{k}", None)
            if isinstance(value, str) and value.lower() in code:
                labels[f"{row.DOCUMENT_INDEX}#{k + 1}"] = code[value.lower()]
    body = stance[stance["paragraph_id"] > 0]
    keys = body["doc_id"].astype(str) + "#" + body["paragraph_id"].astype(str)
    paragraphs = document_stance(body.assign(doc_id=keys.to_numpy()),
                                 targets={key: targets.get(key.split("#")[0]) for key in keys.unique()})
    paragraphs = paragraphs[paragraphs["doc_id"].isin(labels)]
    gold = paragraphs["doc_id"].map(labels).to_numpy()
    in_a = np.array([int(key.split("#")[0]) % 2 == 1 for key in paragraphs["doc_id"]], dtype=bool)
    score = paragraphs["stance"].to_numpy()
    return spearman(score, gold, in_a), spearman(score, gold, ~in_a), int(in_a.sum()), int((~in_a).sum())


def halves(doc_ids) -> np.ndarray:
    """True for half A (odd ``DOCUMENT_INDEX``), False for half B (even)."""
    return np.array([int(d) % 2 == 1 for d in doc_ids], dtype=bool)


def suite_scores(documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, float, float]:
    """The document stance table, the sentence stance table, and the seconds of the tone stage
    and of the speakers + stance + documents stage."""
    sentences = split_sentences(documents)
    t1 = time.perf_counter()
    toned = score_tone(sentences, evidence=False)
    t2 = time.perf_counter()
    actors = load_actors()
    speakers = attribute_speakers(toned, actors=actors)
    targets = dict(zip(documents["doc_id"], documents["target"]))
    stance = score_stance(speakers, actors=actors, targets=targets, evidence=False)
    docs = document_stance(stance, documents=documents, targets=targets)
    t3 = time.perf_counter()
    return docs, stance, t2 - t1, t3 - t2


def vader_scores(raw: pd.DataFrame, doc_ids) -> np.ndarray:
    """VADER's compound averaged over each article's newline-separated paragraphs."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415
    analyzer = SentimentIntensityAnalyzer()
    text_by_id = dict(zip(raw["DOCUMENT_INDEX"].astype(str), raw["DOCUMENT"]))
    out = []
    for doc in doc_ids:
        paragraphs = [p for p in str(text_by_id.get(doc, "")).split("\n") if p.strip()]
        out.append(np.mean([analyzer.polarity_scores(p)["compound"] for p in paragraphs]) if paragraphs else 0.0)
    return np.array(out)


def per_half(value, in_a: np.ndarray, show_b: bool, width: int) -> str:
    """``value(rows)`` for half A and half B (``hidden`` when not ``show_b``), each right-aligned in
    ``width`` characters, three spaces apart."""
    return "   ".join(f"{value(keep) if shown else 'hidden':>{width}}"
                       for keep, shown in ((in_a, True), (~in_a, show_b)))


def report_row(name: str, truth: np.ndarray, pred: np.ndarray, in_a: np.ndarray, show_b: bool = True) -> None:
    cell = per_half(lambda k: f"{macro_f1(truth[k], pred[k]):>8.3f} {accuracy(truth[k], pred[k]):>8.3f}", in_a,
                    show_b, 17)
    print(f"{name:<52} {cell}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Validity of document stance on the PerSenT dev halves.")
    parser.add_argument("--half", choices=["both", "A"], default="both",
                        help="A: print half A's figures only, for making choices (default: both)")
    show_b = parser.parse_args(argv).half == "both"
    path = VALIDATION_DATA_DIR / "stance" / "persent_dev.csv"
    if not path.exists():
        print(f"validation data not found: {path}; nothing to validate")
        return 0
    t0 = time.perf_counter()
    documents, report = load_corpus(path, text_column="DOCUMENT", id_column="DOCUMENT_INDEX",
                                    target_column="TARGET_ENTITY", duplicates="keep")
    raw = pd.read_csv(path)
    truth_by_id = dict(zip(raw["DOCUMENT_INDEX"].astype(str), raw["TRUE_SENTIMENT"].str.lower()))
    print(f"data: {path} ({len(documents)} documents, {len(report)} load-report rows)")
    docs, stance, t_tone, t_stance = suite_scores(documents)
    print(f"timing: tone {t_tone:.2f}s; speakers + stance + documents {t_stance:.2f}s "
          f"({len(documents) / max(t_stance, 1e-9):.0f} docs/s); total {time.perf_counter() - t0:.1f}s")
    print(f"sentences: {len(stance)}; sentences concerning the target: {(stance['stance_weight'] > 0).mean():.1%}")

    doc_ids = docs["doc_id"].tolist()
    truth = np.array([truth_by_id.get(d, "") for d in doc_ids])
    in_a = halves(doc_ids)
    score = docs["stance"].to_numpy(dtype=float)
    print(f"halves: A = odd DOCUMENT_INDEX ({in_a.sum()} documents), B = even ({(~in_a).sum()}); "
          "choices made by looking at the labels are made on half A; half B is the check"
          + ("" if show_b else " (hidden in this run)"))
    print("class counts (negative/neutral/positive): "
          + "; ".join(f"{h} " + "/".join(str(int(np.sum(truth[k] == lab))) for lab in LABELS)
                      for h, k in (("A", in_a), ("B", ~in_a))[:2 if show_b else 1]))
    print()
    print(f"{'method':<52} {'A: mF1':>8} {'A: acc':>8}   {'B: mF1':>8} {'B: acc':>8}")
    report_row(f"suite as shipped, band {DOCUMENT_NEUTRAL_BAND}", truth, docs["stance_label"].to_numpy(), in_a,
               show_b)
    low, high, _ = best_band(score[in_a], truth[in_a])
    report_row(f"suite score, best band on A ({low:+.2f}, {high:+.2f})", truth, band_labels(score, low, high),
               in_a, show_b)
    vader = vader_scores(raw, doc_ids)
    v_low, v_high, _ = best_band(vader[in_a], truth[in_a])
    report_row(f"VADER paragraph mean, best band on A ({v_low:+.2f}, {v_high:+.2f})", truth,
               band_labels(vader, v_low, v_high), in_a, show_b)
    majority = pd.Series(truth[in_a]).mode()[0]
    ordinal = np.select([truth == "negative", truth == "positive"], [-1, 1], 0)
    values = score
    report_row(f"majority class of A ({majority})", truth, np.array([majority] * len(truth)), in_a, show_b)
    print(f"{'Spearman rho of the score with the label (no band)':<52} "
          + per_half(lambda k: f"{spearman(values, ordinal, k):.3f}", in_a, show_b, 17) + "   (suite)")
    print(f"{'':<52} " + per_half(lambda k: f"{spearman(vader, ordinal, k):.3f}", in_a, show_b, 17) + "   (VADER)")
    shipped = docs["stance_label"].to_numpy()
    print(f"{'95% bootstrap interval of the shipped macro-F1':<52} "
          + per_half(lambda k: "%.3f-%.3f" % bootstrap_interval(truth[k], shipped[k]), in_a, show_b, 17))
    rho_a, rho_b, n_a, n_b = paragraph_rho(raw, stance, dict(zip(documents["doc_id"], documents["target"])))
    print(f"{f'paragraph level: rho with paragraph labels ({n_a}/{n_b})':<52} {rho_a:>17.3f}   "
          + (f"{rho_b:>17.3f}" if show_b else f"{'hidden':>17}"))
    print()
    print("reference only (the band fitted on the very half it is scored on; an upper bound, not a result):")
    for name, values in (("suite score", score), ("VADER paragraph mean", vader)):
        cells = []
        for keep, shown in ((in_a, True), (~in_a, show_b)):
            b_low, b_high, f1 = best_band(values[keep], truth[keep]) if shown else (0.0, 0.0, 0.0)
            cells.append(f"{f1:.3f} at ({b_low:+.2f}, {b_high:+.2f})" if shown else "hidden")
        print(f"  {name:<24} A: {cells[0]}   B: {cells[1]}")
    print()
    pred = docs["stance_label"].to_numpy()
    for h, keep in (("A", in_a), ("B", ~in_a))[:2 if show_b else 1]:
        print(f"confusion table, suite as shipped, half {h} (rows: human label, columns: predicted)")
        table = pd.crosstab(pd.Series(truth[keep], name="truth"), pd.Series(pred[keep], name="predicted"))
        print(table.reindex(index=LABELS, columns=LABELS, fill_value=0).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
