"""Throughput and memory of the suite against VADER, on news-like documents.

Usage::

    python benchmarks/throughput.py --docs 10000             # build a corpus of 10k documents
    python benchmarks/throughput.py --corpus my_corpus.jsonl # or read one
    python benchmarks/throughput.py --docs 2000 --profile    # where the time goes, stage by stage
    python benchmarks/throughput.py --docs 10000 --repeat 3  # each stage's fastest of 3 runs in turns

It measures, on the same documents, in one run:

(a) reading plus sentence splitting (``load_corpus`` + ``split_sentences``), as a floor;
(b) VADER (``SentimentIntensityAnalyzer.polarity_scores``) on every sentence, the common peer,
    in one process;
(c) this suite's full ``label`` command at document level (topics, tone, speakers, stance):
    once in one process (streaming), once with ``--jobs 2`` (two worker processes, both cores)
    and once with ``--workers 2`` (a Dask LocalCluster of two workers, both cores).

Each is run in its own process; the report gives documents per second and the peak resident
memory (RSS, summed over the process and its children, sampled every 0.1 s; and PSS, which counts
memory that forked workers share once, sampled every second), then the ratios.

The generated corpus is seeded (``--seed``): each document has a title and 8 paragraphs of 2-3
sentences (about 400 words) drawn from templates of diplomatic, trade, health, investment and
political news, with named speakers, reported speech, cooperative and critical cues, negation,
numbers and abbreviations. Countries, sectors, months and numbers are drawn into each sentence,
so that, as in real news, almost no sentence repeats (a cache of per-sentence results would not
help). It is written as JSONL (``doc_id``, ``date``, ``title``, ``text``,
``source``) to a temporary folder, or to ``--keep DIR``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUBJECTS = [
    ("President Kassym-Jomart Tokayev", "Kazakhstan"), ("Wang Yi", "China"), ("Foreign Minister Sergey Lavrov", "Russia"),
    ("Chancellor Olaf Scholz", "Germany"), ("Prime Minister Narendra Modi", "India"), ("Antony Blinken", "the United States"),
    ("Maria Lopez", "Spain"), ("the Health Minister", "Kazakhstan"), ("John Smith", "Britain"), ("the sides", None),
]
COUNTRIES = ["China", "Kazakhstan", "Russia", "Germany", "India", "the United States", "Turkey", "Japan", "France", "Brazil"]
VERBS = ["said", "noted", "stressed", "told reporters", "added", "underlined", "announced", "warned"]
CLAUSES = [
    "the two countries will deepen their strategic partnership and expand trade turnover with {c} by {n} percent",
    "tariffs on {s} exports threaten the recovery of the manufacturing sector in {c}",
    "the pandemic response needs more vaccines, medical assistance and {n} hospital beds in {c}",
    "foreign direct investment in {s} rose by {n}.{d} percent in the first quarter",
    "the central bank of {c} kept interest rates unchanged despite rising inflation in {m}",
    "parliament will vote on the electoral reform before the summer recess, {n} deputies said",
    "the government does not support the sanctions against {c} and rejects the accusations",
    "both sides welcomed the agreement on {s} and praised the constructive talks in {m}",
    "the opposition criticized the budget and accused the ministry of {s} of corruption",
    "the new customs rules will not slow the growth of {s} imports from {c}",
    "the fight against the coronavirus remains the most pressing issue on the agenda in {m}",
    "the stock market fell sharply after the bank reported a loss of ${n} million",
    "the delegation will attend the international import expo in {m} with {n} companies",
    "officials condemned the attack near the border with {c} and warned of further escalation",
    "the investment fund will finance {s} projects worth ${n} billion by {y}",
]
SECTORS = ["steel", "agriculture", "energy", "oil and gas", "transport", "logistics", "digital", "textile",
           "chemical", "mining", "tourism", "banking", "pharmaceutical", "automotive", "grain", "water"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
OPENERS = ["During the talks,", "On Dec. 2,", "In a statement,", "According to officials,", "Meanwhile,", "In turn,", ""]
TITLES = ["{a} and {b} agree to boost cooperation", "{a} raises tariffs on imports from {b}",
          "Talks between {a} and {b} focus on COVID-19 vaccines", "{a} courts investors from {b}",
          "Election reform debated in {a}", "{a} criticizes {b} over sanctions"]


def generate_corpus(path: Path, n_docs: int, *, seed: int = 20200912) -> Path:
    """Write ``n_docs`` seeded news-like documents (about 400 words each) as JSONL."""
    import numpy as np

    rng = np.random.default_rng(seed)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n_docs):
            a, b = rng.choice(COUNTRIES, size=2, replace=False)
            title = TITLES[rng.integers(len(TITLES))].format(a=a, b=b)
            paragraphs = []
            for _ in range(8):
                sentences = []
                for _ in range(int(rng.integers(2, 4))):
                    subject, _country = SUBJECTS[rng.integers(len(SUBJECTS))]
                    opener = OPENERS[rng.integers(len(OPENERS))]
                    clause = CLAUSES[rng.integers(len(CLAUSES))].format(
                        c=COUNTRIES[rng.integers(len(COUNTRIES))], s=SECTORS[rng.integers(len(SECTORS))],
                        m=MONTHS[rng.integers(len(MONTHS))], n=int(rng.integers(2, 900)), d=int(rng.integers(10)),
                        y=int(rng.integers(2021, 2036)))
                    if rng.random() < 0.3:
                        sentence = f'"{clause[0].upper()}{clause[1:]}," {subject} {VERBS[rng.integers(len(VERBS))]}.'
                    else:
                        sentence = f"{opener} {subject} {VERBS[rng.integers(len(VERBS))]} that {clause}.".strip()
                    sentences.append(sentence[0].upper() + sentence[1:])
                paragraphs.append(" ".join(sentences))
            date = f"20{10 + i % 12:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            record = {"doc_id": f"doc{i:07d}", "date": date, "title": title, "text": "\n\n".join(paragraphs),
                      "source": f"source {i % 5}"}
            handle.write(json.dumps(record) + "\n")
    return path


class PeakRSS:
    """Sample the memory of a process and its children; keep the peaks (bytes).

    ``peak`` is the largest sum of RSS (sampled every ``interval`` seconds); ``peak_pss`` the
    largest sum of PSS (proportional set size, Linux only, else 0), which counts a page shared by
    forked workers once instead of once per process. PSS is read from ``/proc/PID/smaps``, which
    costs far more than RSS, so it is sampled only every ``pss_interval`` seconds: the sampler
    must not take CPU from the run it measures (on 2 cores, it would slow two workers).
    """

    def __init__(self, pid: int, interval: float = 0.1, pss_interval: float = 1.0):
        import psutil

        self.process = psutil.Process(pid)
        self.interval = interval
        self.pss_interval = pss_interval
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        next_pss = 0.0
        while not self._stop.is_set():
            try:
                procs = [self.process] + self.process.children(recursive=True)
                with_pss = time.monotonic() >= next_pss
                total = pss = 0
                for proc in procs:
                    try:
                        if with_pss:
                            info = proc.memory_full_info()
                            pss += getattr(info, "pss", 0)
                        else:
                            info = proc.memory_info()
                        total += info.rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
                if with_pss:
                    self.peak_pss = max(self.peak_pss, pss)
                    next_pss = time.monotonic() + self.pss_interval
            except psutil.Error:
                return
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_stage(stage: str, corpus: Path, workdir: Path) -> dict:
    """Run one stage in its own process; return seconds, peak RSS and what it counted."""
    out = workdir / f"{stage}.json"
    cmd = [sys.executable, __file__, "--stage", stage, "--corpus", str(corpus), "--result", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=ROOT)
    with PeakRSS(process.pid) as rss:
        code = process.wait()
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"stage {stage} failed with exit code {code}")
    result = json.loads(out.read_text())
    result.update(wall_seconds=elapsed, peak_rss_mb=rss.peak / 2**20, peak_pss_mb=rss.peak_pss / 2**20)
    return result


def stage_main(stage: str, corpus: Path, result: Path) -> None:
    """The body of one stage, run in a child process; writes its timing as JSON."""
    if stage == "split":
        from analysis.corpus import iter_corpus
        from analysis.text import split_sentences

        start = time.perf_counter()
        docs = sentences = 0
        for documents, _report in iter_corpus(corpus, chunksize=5000):
            docs += len(documents)
            sentences += len(split_sentences(documents))
        seconds = time.perf_counter() - start
    elif stage == "vader":
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        from analysis.corpus import iter_corpus
        from analysis.text import split_sentences

        analyzer = SentimentIntensityAnalyzer()
        seconds = 0.0
        docs = sentences = 0
        for documents, _report in iter_corpus(corpus, chunksize=5000):
            texts = split_sentences(documents)["text"].tolist()
            start = time.perf_counter()  # VADER alone: reading and splitting are not counted
            for text in texts:
                analyzer.polarity_scores(text)
            seconds += time.perf_counter() - start
            docs += len(documents)
            sentences += len(texts)
    elif stage in ("label", "label-jobs", "label-workers"):
        from analysis.cli import main

        out = result.with_suffix(".parquet") if stage != "label-workers" else result.parent / "label-parts"
        argv = ["label", str(corpus), "--out", str(out), "--quiet"]
        if stage == "label-jobs":
            argv += ["--jobs", "2"]
        elif stage == "label-workers":
            argv += ["--workers", "2"]
        start = time.perf_counter()
        code = main(argv)
        seconds = time.perf_counter() - start
        if code != 0:
            raise SystemExit(code)
        import pandas as pd

        docs = len(pd.read_parquet(out, columns=["doc_id"]))
        sentences = None
    else:
        raise SystemExit(f"unknown stage {stage!r}")
    result.write_text(json.dumps({"stage": stage, "seconds": seconds, "documents": docs, "sentences": sentences}))


def profile(corpus: Path) -> None:
    """Time each pipeline stage separately on the corpus, in this process.

    The stages run as ``label`` runs them at document level: without building
    evidence strings (the document level does not output them).
    """
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analysis.actors import attribute_speakers
    from analysis.corpus import load_corpus
    from analysis.pipeline import Labelers, document_labels
    from analysis.stance import score_stance
    from analysis.text import split_sentences
    from analysis.tone import _score_tone
    from analysis.topics import label_sentences

    t0 = time.perf_counter()
    documents, _ = load_corpus(corpus)
    labelers = Labelers.build()
    timings = {"load": time.perf_counter() - t0}
    steps = [
        ("split sentences", lambda _: split_sentences(documents)),
        ("topics", lambda s: label_sentences(s, labeler=labelers.topics, evidence=False)),
        ("tone", lambda s: _score_tone(s, labelers.tone, False)),
        ("speakers", lambda s: (attribute_speakers(s[0], actors=labelers.actors, evidence=False), s[1])),
        ("stance", lambda s: (score_stance(s[0], actors=labelers.actors, cues=labelers.cues, evidence=False), s[1])),
        ("document aggregation",
         lambda s: (document_labels(s[0], documents, topics=list(labelers.topics.topics_), words=s[1]), s)[1]),
    ]
    frame = None
    for name, step in steps:
        start = time.perf_counter()
        frame = step(frame)
        timings[name] = time.perf_counter() - start
    analyzer = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    for text in frame[0]["text"]:
        analyzer.polarity_scores(text)
    vader = time.perf_counter() - start
    total = sum(v for k, v in timings.items() if k != "load")
    print(f"profile on {len(documents)} documents, {len(frame[0])} sentences (one process, document level, "
          "no evidence strings):")
    for name, seconds in timings.items():
        share = "" if name == "load" else f"{seconds / total:6.1%}"
        print(f"  {name:22s} {seconds:7.2f} s  {len(documents) / seconds:9,.0f} docs/s  {share}")
    print(f"  {'pipeline (no load)':22s} {total:7.2f} s  {len(documents) / total:9,.0f} docs/s")
    print(f"  {'VADER per sentence':22s} {vader:7.2f} s  {len(documents) / vader:9,.0f} docs/s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents to generate (default 10000)")
    parser.add_argument("--corpus", help="read this corpus instead of generating one")
    parser.add_argument("--seed", type=int, default=20200912)
    parser.add_argument("--keep", help="write the generated corpus into this folder and keep it")
    parser.add_argument("--stages", default="split,vader,label,label-jobs,label-workers",
                        help="comma-separated stages to run (default: all)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the stages this many times, in turns, and report each stage's fastest run "
                             "(default 1; on a shared machine noise only ever slows a run down)")
    parser.add_argument("--profile", action="store_true", help="time each pipeline stage in one process")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        stage_main(args.stage, Path(args.corpus), Path(args.result))
        return 0
    with tempfile.TemporaryDirectory(prefix="throughput-") as tmp:
        workdir = Path(tmp)
        if args.corpus:
            corpus = Path(args.corpus)
        else:
            folder = Path(args.keep) if args.keep else workdir
            folder.mkdir(parents=True, exist_ok=True)
            start = time.perf_counter()
            corpus = generate_corpus(folder / f"news_{args.docs}.jsonl", args.docs, seed=args.seed)
            print(f"generated {args.docs} documents in {time.perf_counter() - start:.1f} s: {corpus}")
        if args.profile:
            profile(corpus)
            return 0
        if args.repeat < 1:
            raise SystemExit("--repeat must be a positive integer")
        print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
        stages = args.stages.split(",")
        runs: dict[str, list[dict]] = {stage: [] for stage in stages}
        for turn in range(args.repeat):  # in turns, so that a slow spell of the machine hits every stage
            for stage in stages:
                runs[stage].append(run_stage(stage, corpus, workdir))
        results = {}
        for stage in stages:
            results[stage] = r = min(runs[stage], key=lambda x: x["seconds"])
            rate = r["documents"] / r["seconds"]
            extra = f", {r['sentences'] / r['seconds']:,.0f} sentences/s" if r.get("sentences") else ""
            rss = max(x["peak_rss_mb"] for x in runs[stage])
            pss = max(x["peak_pss_mb"] for x in runs[stage])
            print(f"{stage:14s} {r['documents']:>8,} docs  {r['seconds']:8.2f} s  {rate:9,.0f} docs/s{extra}  "
                  f"peak RSS {rss:6.0f} MB (PSS {pss:5.0f} MB)  (process wall {r['wall_seconds']:.1f} s)")
            if args.repeat > 1:
                print(f"{'':14s} all runs: " + ", ".join(f"{x['seconds']:.2f} s" for x in runs[stage]))
        if "vader" in results:
            vader = results["vader"]["documents"] / results["vader"]["seconds"]
            for stage in ("split", "label", "label-jobs", "label-workers"):
                if stage in results:
                    rate = results[stage]["documents"] / results[stage]["seconds"]
                    print(f"ratio {stage} / vader: {rate / vader:.2f}x")
            if args.repeat > 1:  # the same turn: both runs met the same spell of the machine
                for stage in ("label", "label-jobs", "label-workers"):
                    if stage in results:
                        turns = [v["seconds"] / x["seconds"] for v, x in zip(runs["vader"], runs[stage])]
                        print(f"ratio {stage} / vader in each turn: " + ", ".join(f"{t:.2f}x" for t in turns))
            for stage, how in (("label-jobs", "--jobs 2"), ("label-workers", "Dask, 2 workers")):
                if stage in results:
                    ok = results[stage]["documents"] / results[stage]["seconds"] >= 3 * vader
                    print(f"target: full pipeline ({how}) >= 3x VADER per sentence: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
