"""Validate the tone scorer against human sentiment ratings of news text.

Data: ``sentiment/nyt_editorial_snippets_dev.tsv`` in
``analysis.config.VALIDATION_DATA_DIR`` (New York Times opinion snippets, each
rated by 20 people from -4 to +4; Hutto & Gilbert 2014). The file is read at
run time and never copied. When it is missing the script says so and exits 0.

Each snippet is one document (``doc_id`` = id, empty title), split into
sentences by :func:`analysis.text.split_sentences`, scored by
:func:`analysis.tone.score_tone` and aggregated by
:func:`analysis.tone.document_tone`. Reported in one run:

* Pearson r between document tone and the human mean rating, for this suite
  and for VADER's compound score on the whole snippet;
* 3-class macro-F1: predicted classes use a neutral band of +-0.05 on each
  score; gold classes are positive when mean_rating >= 0.5, negative when
  mean_rating <= -0.5, neutral when |mean_rating| < 0.5 (on the -4..4 scale);
* every figure for two fixed halves of the snippets, by article (the number
  before ``_`` in ``id``; the file holds odd article numbers only): half A
  holds the articles numbered 1 modulo 4, half B those numbered 3 modulo 4, so
  no article has snippets in both. Nothing in this script is fitted (the
  band and the gold cut-offs are fixed); any weight of the tone lexicon or of
  :class:`analysis.tone.ToneScorer` that is chosen by looking at these
  ratings is to be chosen on half A and checked on half B;
* throughput in sentences per second of ``ToneScorer.transform`` and of
  VADER's ``SentimentIntensityAnalyzer.polarity_scores``, on the same
  sentences (the dev sentences repeated to at least 50,000).

Run: ``python benchmarks/validate_tone.py``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.config import VALIDATION_DATA_DIR  # noqa: E402
from analysis.text import split_sentences  # noqa: E402
from analysis.tone import ToneScorer, document_tone, score_tone  # noqa: E402

DATA = VALIDATION_DATA_DIR / "sentiment" / "nyt_editorial_snippets_dev.tsv"
BAND = 0.05
GOLD_NEUTRAL = 0.5
SPEED_SENTENCES = 50_000


def classes(scores: np.ndarray, band: float) -> np.ndarray:
    return np.where(scores >= band, 1, np.where(scores <= -band, -1, 0))


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    f1s = []
    for c in (-1, 0, 1):
        tp = np.sum((pred == c) & (gold == c))
        fp = np.sum((pred == c) & (gold != c))
        fn = np.sum((pred != c) & (gold == c))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))


def half_a(frame: pd.DataFrame) -> np.ndarray:
    """True for the snippets of half A (article number 1 modulo 4), False for half B."""
    article = frame["id"].astype(str).str.split("_").str[0].astype(int).to_numpy()
    return article % 4 == 1


def suite_scores(frame: pd.DataFrame, scorer: ToneScorer) -> np.ndarray:
    documents = pd.DataFrame({"doc_id": frame["id"].astype(str), "title": "", "text": frame["text"]})
    sentences = split_sentences(documents)
    tones = document_tone(score_tone(sentences, scorer=scorer), documents=documents)
    return tones["tone"].to_numpy()


def main() -> int:
    if not DATA.exists():
        print(f"validation data not found: {DATA} (nothing to validate; exiting)")
        return 0
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        print("vaderSentiment is not installed; cannot compare")
        return 0
    frame = pd.read_csv(DATA, sep="\t")
    gold = frame["mean_rating"].to_numpy(dtype=float)
    print(f"data: {DATA.name}, {len(frame)} snippets; gold classes: positive mean_rating >= {GOLD_NEUTRAL}, "
          f"negative <= -{GOLD_NEUTRAL}, neutral |mean_rating| < {GOLD_NEUTRAL} (scale -4..4)")
    gold_cls = classes(gold, GOLD_NEUTRAL)
    print("gold class counts: " + ", ".join(f"{name} {int(np.sum(gold_cls == c))}"
                                            for name, c in (("negative", -1), ("neutral", 0), ("positive", 1))))
    scorer = ToneScorer().fit()
    analyzer = SentimentIntensityAnalyzer()
    suite = suite_scores(frame, scorer)
    vader_only = suite_scores(frame, ToneScorer(lexicon={}).fit())
    vader = np.array([analyzer.polarity_scores(t)["compound"] for t in frame["text"]])
    in_a = half_a(frame)
    print(f"halves by article: A = article number 1 mod 4 ({in_a.sum()} snippets), "
          f"B = 3 mod 4 ({(~in_a).sum()}); choices made by looking at ratings are made on half A")
    print(f"predicted classes: neutral band +-{BAND} on each score")
    print(f"{'scorer':<44} {'r (all)':>8} {'r (A)':>8} {'r (B)':>8} {'mF1 (A)':>8} {'mF1 (B)':>8}")
    for name, scores in (("tone suite (analysis.tone, document tone)", suite),
                         ("  same rules, VADER lexicon only (ablation)", vader_only),
                         ("VADER compound (whole snippet)", vader)):
        rs = [np.corrcoef(scores[k], gold[k])[0, 1] for k in (slice(None), in_a, ~in_a)]
        f1s = [macro_f1(gold_cls[k], classes(scores[k], BAND)) for k in (in_a, ~in_a)]
        print(f"{name:<44} " + " ".join(f"{v:>8.3f}" for v in rs + f1s))

    # throughput on the same sentences, repeated
    documents = pd.DataFrame({"doc_id": frame["id"].astype(str), "title": "", "text": frame["text"]})
    base = split_sentences(documents)["text"].tolist()
    texts = (base * (SPEED_SENTENCES // len(base) + 1))[:SPEED_SENTENCES]
    scorer.transform(texts[:1000])
    t0 = time.perf_counter()
    scorer.transform(texts)
    t_suite = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    t_vader = time.perf_counter() - t0
    t0 = time.perf_counter()
    score_tone(pd.DataFrame({"text": texts, "start": 0}), scorer=scorer)
    t_evidence = time.perf_counter() - t0
    print(f"speed on {len(texts)} sentences (mean {np.mean([len(t.split()) for t in texts]):.1f} words):")
    print(f"  ToneScorer.transform          {len(texts) / t_suite:>10,.0f} sentences/s")
    print(f"  score_tone (with evidence)    {len(texts) / t_evidence:>10,.0f} sentences/s")
    print(f"  VADER polarity_scores         {len(texts) / t_vader:>10,.0f} sentences/s")
    print(f"  speed-up of transform over VADER: {t_vader / t_suite:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
