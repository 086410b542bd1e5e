"""Throughput and memory of the suite against VADER, on news-like or real documents.

Usage::

    python benchmarks/throughput.py --docs 10000             # build a corpus of 10k documents
    python benchmarks/throughput.py --corpus my_corpus.jsonl # or read one
    python benchmarks/throughput.py --real --repeat 2        # 20k documents made of real articles
    python benchmarks/throughput.py --docs 2000 --profile    # where the time goes, stage by stage
    python benchmarks/throughput.py --docs 10000 --repeat 3  # each stage's fastest of 3 runs in turns

It measures, on the same documents, in one run:

(a) reading plus sentence splitting (``load_corpus`` + ``split_sentences``), as a floor;
(b) VADER (``SentimentIntensityAnalyzer.polarity_scores``) on every sentence, the common peer,
    in one process;
(c) this suite's full ``label`` command at document level (topics, tone, speakers, stance):
    with its defaults, with ``--jobs 1`` (one process), with ``--jobs 2`` (two worker processes,
    both cores) and with ``--workers 2`` (a Dask LocalCluster of two workers, both cores).

Each is run in its own process; the report gives the seconds counted inside the process (VADER:
``polarity_scores`` alone; ``label``: the command, without Python's start and imports) and the
whole process's wall time, documents per second, the ratios to VADER both ways, and the peak
resident memory (RSS, summed over the process and its children, sampled every 0.1 s; the largest
RSS of any one of them; and PSS,
which counts memory that forked workers share once, sampled every second).
``--growth-docs G`` also runs ``label`` with its defaults on the first G documents of the same
corpus and reports how much its peak memory grows from G documents to all of them.

The generated corpus is seeded (``--seed``): each document has a title and 8 paragraphs of 2-3
sentences (about 400 words) drawn from templates of diplomatic, trade, health, investment and
political news, with named speakers, reported speech, cooperative and critical cues, negation,
numbers and abbreviations. Countries, sectors, months and numbers are drawn into each sentence,
so that, as in real news, almost no sentence repeats (a cache of per-sentence results would not
help). It is written as JSONL (``doc_id``, ``date``, ``title``, ``text``,
``source``) to a temporary folder, or to ``--keep DIR``.

The real corpus (``--real``, default 20,000 documents; the stages default to VADER, ``label``,
``label --jobs 1`` and ``label --jobs 2``, and ``--growth-docs`` to 5,000) is built at run time
from the 578 English news articles of PerSenT (the ``DOCUMENT`` column of
``stance/persent_dev.csv`` under :data:`analysis.config.VALIDATION_DATA_DIR`, outside this
repository; nothing of its text is stored here). Its paragraphs (one per line) have their runs of
spaces collapsed (PerSenT pads the mentions of its target with spaces). The articles average
about 1,900 characters, half a typical news article, so each document joins
``--articles-per-doc`` (default 2) of them, which brings the mean to about 3,750 characters.
Document ``i`` (counting from 0) of a corpus built from ``n`` articles is copy ``c = i // n`` of
article ``a = i % n``:

1. it takes the paragraphs of articles ``a``, ``a + (c + 1)``, ``a + 2 (c + 1)``, ... (modulo
   ``n``), in order, so that each copy pairs an article with a different partner;
2. it rotates that list of paragraphs left by ``c`` places (modulo their number): copy 0 keeps
   the articles' order, every later copy starts elsewhere;
3. it adds a last paragraph of its own, ``"Benchmark copy c, document i."``.

So every text is distinct, also after normalising case and spaces (the digest that de-duplication
uses): no document is dropped as a repeat and no per-document result can be reused. Sentences
themselves are real and do repeat across copies (each article appears in about N / n * k
documents); the suite keeps no per-sentence cache, and the run prints the share of distinct
sentences so that a future cache would be noticed. The title is the document's first sentence.
It is written as JSONL (``doc_id``, ``title``, ``text``) to a temporary folder (deleted after
the run) or to ``--keep DIR`` (refused inside the repository: the file holds the data's text).
The run prints the mean characters and sentences per document.
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


REAL_DATA = Path("stance") / "persent_dev.csv"  # under analysis.config.VALIDATION_DATA_DIR


def real_articles(path: Path) -> list[list[str]]:
    """The paragraphs of each article of the ``DOCUMENT`` column, runs of spaces collapsed."""
    import pandas as pd

    texts = pd.read_csv(path, usecols=["DOCUMENT"])["DOCUMENT"].fillna("").astype(str).tolist()
    articles = [[" ".join(line.split()) for line in text.split("\n") if line.strip()] for text in texts]
    return [paragraphs for paragraphs in articles if paragraphs]


def real_document(articles: list[list[str]], i: int, *, per_doc: int = 2) -> str:
    r"""Document ``i`` of the real corpus: copy ``i // n`` of article ``i % n``, made distinct.

    Parameters
    ----------
    articles : list of list of str
        The paragraphs of each of the ``n`` articles.
    i : int
        The document's number, from 0.
    per_doc : int, default 2
        How many articles the document joins.

    Returns
    -------
    str
        The paragraphs of articles ``a, a + (c + 1), ...`` (modulo ``n``), rotated left by the
        copy number ``c``, then the line ``"Benchmark copy c, document i."``; paragraphs are
        separated by a blank line.

    Examples
    --------
    >>> articles = [["A one.", "A two."], ["B one."], ["C one."]]
    >>> real_document(articles, 0)  # copy 0 of article 0: articles 0 and 1, in order
    'A one.\n\nA two.\n\nB one.\n\nBenchmark copy 0, document 0.'
    >>> real_document(articles, 3)  # copy 1 of article 0: articles 0 and 2, rotated by one
    'A two.\n\nC one.\n\nA one.\n\nBenchmark copy 1, document 3.'
    """
    if per_doc < 1:
        raise ValueError(f"per_doc must be a positive integer, not {per_doc!r}")
    copy, first = divmod(i, len(articles))
    paragraphs = [p for j in range(per_doc) for p in articles[(first + j * (copy + 1)) % len(articles)]]
    shift = copy % len(paragraphs)
    paragraphs = paragraphs[shift:] + paragraphs[:shift]
    return "\n\n".join(paragraphs + [f"Benchmark copy {copy}, document {i}."])


def build_real_corpus(path: Path, n_docs: int, *, source: Path, per_doc: int = 2) -> dict:
    """Write ``n_docs`` documents made of the real articles in ``source`` as JSONL; return its figures.

    The figures: articles read, documents, mean characters and sentences per document (sentences
    as the suite splits them), distinct texts, distinct normalised texts (case and spaces) and
    the share of distinct sentences.
    """
    import hashlib

    import pandas as pd

    from analysis.text import split_sentences

    articles = real_articles(source)
    texts = [real_document(articles, i, per_doc=per_doc) for i in range(n_docs)]
    ids = [f"real{i:07d}" for i in range(n_docs)]
    sentences = split_sentences(pd.DataFrame({"doc_id": ids, "text": texts}))
    first = sentences.drop_duplicates("doc_id").set_index("doc_id")["text"]
    titles = [str(first.get(doc_id, "")) for doc_id in ids]
    with path.open("w", encoding="utf-8") as handle:
        for doc_id, title, text in zip(ids, titles, texts):
            handle.write(json.dumps({"doc_id": doc_id, "title": title, "text": text}, ensure_ascii=False) + "\n")
    normalised = {hashlib.sha1(" ".join(t.lower().split()).encode("utf-8")).digest() for t in texts}
    figures = {
        "articles": len(articles), "documents": n_docs,
        "mean_chars": sum(map(len, texts)) / max(n_docs, 1),
        "mean_sentences": len(sentences) / max(n_docs, 1),
        "distinct_texts": len(set(texts)), "distinct_normalised": len(normalised),
        "distinct_sentences": sentences["text"].nunique() / max(len(sentences), 1),
    }
    return figures


def head_corpus(corpus: Path, path: Path, n_docs: int) -> Path:
    """Write the first ``n_docs`` lines of a JSONL corpus to ``path`` (the memory-growth check)."""
    with corpus.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as target:
        for _, line in zip(range(n_docs), source):
            target.write(line)
    return path


class PeakRSS:
    """Sample the memory of a process and its children; keep the peaks (bytes).

    ``peak`` is the largest sum of RSS (sampled every ``interval`` seconds), ``peak_one`` the
    largest RSS of any one of the processes (what ``/usr/bin/time`` reports); ``peak_pss`` the
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
        self.peak_one = 0
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
                        self.peak_one = max(self.peak_one, info.rss)
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


# the label stages and the options each adds to ``label CORPUS --out OUT --quiet``
LABEL_OPTIONS = {"label": [], "label-jobs1": ["--jobs", "1"], "label-jobs2": ["--jobs", "2"],
                 "label-workers": ["--workers", "2"]}
NAMES = {"split": "reading + splitting", "vader": "VADER per sentence", "label": "label (defaults)",
         "label-jobs1": "label --jobs 1", "label-jobs2": "label --jobs 2", "label-workers": "label --workers 2"}
ALIASES = {"label-jobs": "label-jobs2"}  # the name of --jobs 2 before label-jobs1 came


def run_stage(stage: str, corpus: Path, workdir: Path, *, tag: str = "") -> dict:
    """Run one stage in its own process; return seconds, peak RSS and what it counted."""
    out = workdir / f"{stage}{tag}.json"
    cmd = [sys.executable, __file__, "--stage", stage, "--corpus", str(corpus), "--result", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=ROOT)
    with PeakRSS(process.pid) as rss:
        code = process.wait()
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"stage {stage} failed with exit code {code}")
    result = json.loads(out.read_text())
    result.update(wall_seconds=elapsed, peak_rss_mb=rss.peak / 2**20, peak_pss_mb=rss.peak_pss / 2**20,
                  peak_one_mb=rss.peak_one / 2**20)
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
        # the peer's reading does not repair mojibake (ftfy costs about 1 ms per affected article,
        # which a VADER user would not pay): only label pays for the repair it makes
        for documents, _report in iter_corpus(corpus, chunksize=5000, repair=False):
            texts = split_sentences(documents)["text"].tolist()
            start = time.perf_counter()  # VADER alone: reading and splitting are not counted
            for text in texts:
                analyzer.polarity_scores(text)
            seconds += time.perf_counter() - start
            docs += len(documents)
            sentences += len(texts)
    elif stage in LABEL_OPTIONS:
        from analysis.cli import main

        out = result.with_suffix(".parquet") if stage != "label-workers" else result.with_suffix(".parts")
        argv = ["label", str(corpus), "--out", str(out), "--quiet"] + LABEL_OPTIONS[stage]
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

    from analysis.speakers import attribute_speakers
    from analysis.corpus import load_corpus
    from analysis.pipeline import Labelers, document_labels
    from analysis.stance import score_stance
    from analysis.text import split_sentences
    from analysis.tone import score_tone
    from analysis.topics import label_sentences
    from analysis.words import Words

    t0 = time.perf_counter()
    documents, _ = load_corpus(corpus)
    labelers = Labelers.build()
    timings = {"load": time.perf_counter() - t0}
    steps = [  # each step takes and gives (sentence labels so far, the word index)
        ("split sentences", lambda _: (split_sentences(documents), None)),
        ("word index", lambda s: (s[0], Words(s[0]["text"].tolist()))),
        ("topics", lambda s: (label_sentences(s[0], labeler=labelers.topics, evidence=False, index=s[1]), s[1])),
        ("tone", lambda s: (score_tone(s[0], scorer=labelers.tone, evidence=False, index=s[1]), s[1])),
        ("speakers", lambda s: (attribute_speakers(s[0], actors=labelers.actors, evidence=False, index=s[1]), s[1])),
        ("stance", lambda s: (score_stance(s[0], actors=labelers.actors, cues=labelers.cues, evidence=False,
                                           index=s[1]), s[1])),
        ("document aggregation",
         lambda s: (document_labels(s[0], documents, topics=list(labelers.topics.topics_), words=s[1].n_words()),
                    s)[1]),
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


def _report(stages: list[str], runs: dict[str, list[dict]], growth: list[dict], n_docs: int) -> None:
    """Print the table, the ratios to VADER and the targets of issue 10."""
    best = {}
    for stage in stages:
        best[stage] = {"seconds": min(x["seconds"] for x in runs[stage]),
                       "wall": min(x["wall_seconds"] for x in runs[stage]),
                       "documents": runs[stage][0]["documents"], "sentences": runs[stage][0].get("sentences"),
                       "rss": max(x["peak_rss_mb"] for x in runs[stage]),
                       "pss": max(x["peak_pss_mb"] for x in runs[stage]),
                       "one": max(x["peak_one_mb"] for x in runs[stage])}
    vader = best.get("vader")
    print(f"{'run':20s} {'docs':>7s} {'in-process':>11s} {'whole':>9s} {'docs/s':>7s} {'vs VADER':>9s} "
          f"{'vs VADER':>9s} {'peak RSS':>9s} {'PSS':>7s}")
    print(f"{'':20s} {'':>7s} {'seconds':>11s} {'process':>9s} {'(whole)':>7s} {'in-proc.':>9s} "
          f"{'(whole)':>9s} {'MB':>9s} {'MB':>7s}")
    for stage in stages:
        b = best[stage]
        ratio_in = ratio_whole = ""
        if vader:
            ratio_in = f"{(b['documents'] / b['seconds']) / (vader['documents'] / vader['seconds']):.2f}x"
            ratio_whole = f"{(b['documents'] / b['wall']) / (vader['documents'] / vader['wall']):.2f}x"
        print(f"{NAMES[stage]:20s} {b['documents']:>7,} {b['seconds']:>11.2f} {b['wall']:>9.2f} "
              f"{b['documents'] / b['wall']:>7,.0f} {ratio_in:>9s} {ratio_whole:>9s} {b['rss']:>9,.0f} "
              f"{b['pss']:>7,.0f}")
        if len(runs[stage]) > 1:
            print(f"{'':20s} all runs: " + ", ".join(f"{x['seconds']:.2f} s ({x['wall_seconds']:.2f} s whole)"
                                                    for x in runs[stage]))
        if stage.startswith("label") and b["documents"] != n_docs:
            print(f"{'':20s} WARNING: wrote {b['documents']:,} of {n_docs:,} documents (some were dropped)")
    if vader and len(runs["vader"]) > 1:  # the same turn: both runs met the same spell of the machine
        for stage in stages:
            if stage.startswith("label"):
                turns = [v["wall_seconds"] / x["wall_seconds"] for v, x in zip(runs["vader"], runs[stage])]
                print(f"{NAMES[stage]} / VADER in each turn (whole process): "
                      + ", ".join(f"{t:.2f}x" for t in turns))
    print("targets (issue 10, and the earlier 3x with both cores; a ratio is judged on whole processes, "
          "the in-process one follows):")
    for stage, goal, whose in (("label", 5, "issue 10"), ("label-jobs1", 3, "issue 10"),
                               ("label-jobs2", 3, "earlier goal"), ("label-workers", 3, "earlier goal")):
        if stage in best and vader:
            b = best[stage]
            whole = (b["documents"] / b["wall"]) / (vader["documents"] / vader["wall"])
            inside = (b["documents"] / b["seconds"]) / (vader["documents"] / vader["seconds"])
            print(f"  {NAMES[stage]} >= {goal}x VADER per sentence ({whose}): {whole:.2f}x "
                  f"{'met' if whole >= goal else 'NOT met'} (in-process {inside:.2f}x)")
    for stage in stages:
        if stage.startswith("label"):
            rss = best[stage]["rss"]
            print(f"  {NAMES[stage]} peak RSS <= 500 MB: {rss:,.0f} MB summed over its processes "
                  f"{'met' if rss <= 500 else 'NOT met'} (PSS {best[stage]['pss']:,.0f} MB; the largest one "
                  f"process {best[stage]['one']:,.0f} MB)")
    if growth and "label" in best:
        small = max(x["peak_rss_mb"] for x in growth)
        small_pss = max(x["peak_pss_mb"] for x in growth)
        big, big_pss = best["label"]["rss"], best["label"]["pss"]
        change = (big - small) / small * 100
        print(f"  label (defaults) peak RSS growth <= 15% from {growth[0]['documents']:,} to "
              f"{best['label']['documents']:,} documents: {small:,.0f} -> {big:,.0f} MB, {change:+.1f}% "
              f"{'met' if change <= 15 else 'NOT met'} (PSS {small_pss:,.0f} -> {big_pss:,.0f} MB, "
              f"{(big_pss - small_pss) / small_pss * 100:+.1f}%; seconds "
              + ", ".join(f"{x['wall_seconds']:.2f}" for x in growth) + " whole process)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=None,
                        help="documents to build (default 10000; 20000 with --real)")
    parser.add_argument("--corpus", help="read this corpus instead of building one")
    parser.add_argument("--real", action="store_true",
                        help="build the corpus from the real PerSenT articles in ../shared/data (see above)")
    parser.add_argument("--articles-per-doc", type=int, default=2,
                        help="real articles joined into each document with --real (default 2)")
    parser.add_argument("--seed", type=int, default=20200912, help="seed of the generated corpus")
    parser.add_argument("--keep", help="write the built corpus into this folder and keep it "
                                       "(with --real: a folder outside the repository)")
    parser.add_argument("--stages", default=None,
                        help="comma-separated stages to run, of " + ", ".join(NAMES) + " (default: all but "
                             "label-jobs1; with --real: vader,label,label-jobs1,label-jobs2)")
    parser.add_argument("--growth-docs", type=int, default=None,
                        help="also run label with its defaults on the first N documents and report how its peak "
                             "memory grows from N to all (default 0: not run; 5000 with --real)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the stages this many times, in turns, and report each stage's fastest run "
                             "(default 1; on a shared machine noise only ever slows a run down)")
    parser.add_argument("--profile", action="store_true", help="time each pipeline stage in one process")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage:
        stage_main(ALIASES.get(args.stage, args.stage), Path(args.corpus), Path(args.result))
        return 0
    n_docs = args.docs if args.docs is not None else (20_000 if args.real else 10_000)
    growth_docs = args.growth_docs if args.growth_docs is not None else (5_000 if args.real else 0)
    default_stages = "vader,label,label-jobs1,label-jobs2" if args.real else "split,vader,label,label-jobs2,label-workers"
    stages = [ALIASES.get(s.strip(), s.strip()) for s in (args.stages or default_stages).split(",") if s.strip()]
    for name, value in (("--repeat", args.repeat), ("--docs", n_docs), ("--articles-per-doc", args.articles_per_doc)):
        if value < 1:
            raise SystemExit(f"{name} must be a positive integer, not {value}")
    if growth_docs < 0:
        raise SystemExit(f"--growth-docs must be 0 or more, not {growth_docs}")
    unknown = [s for s in stages if s not in NAMES]
    if unknown or not stages:
        raise SystemExit(f"--stages: unknown stage(s) {unknown}; choose from {', '.join(NAMES)}")
    if args.real and args.corpus:
        raise SystemExit("--real builds its corpus: give --real or --corpus, not both")
    with tempfile.TemporaryDirectory(prefix="throughput-") as tmp:
        workdir = Path(tmp)
        folder = Path(args.keep) if args.keep else workdir
        if args.corpus:
            corpus = Path(args.corpus)
        elif args.real:
            from analysis.config import VALIDATION_DATA_DIR

            source = VALIDATION_DATA_DIR / REAL_DATA
            if not source.exists():
                raise SystemExit(f"--real: the validation data is not there: {source}")
            if args.keep and folder.resolve().is_relative_to(ROOT):
                raise SystemExit(f"--keep {args.keep}: the real corpus holds the data's text; keep it outside "
                                 f"the repository ({ROOT})")
            folder.mkdir(parents=True, exist_ok=True)
            start = time.perf_counter()
            corpus = folder / f"persent_real_{n_docs}.jsonl"
            f = build_real_corpus(corpus, n_docs, source=source, per_doc=args.articles_per_doc)
            print(f"real corpus: {f['documents']:,} documents from the {f['articles']} PerSenT articles of {source}, "
                  f"{args.articles_per_doc} per document; document i is copy c = i // {f['articles']} of article "
                  f"a = i % {f['articles']}: the paragraphs of articles a, a + (c + 1), ... (mod "
                  f"{f['articles']}), rotated left by c places, and a last line 'Benchmark copy c, document i.'")
            print(f"  mean {f['mean_chars']:,.0f} characters and {f['mean_sentences']:.1f} sentences per document; "
                  f"{f['distinct_texts']:,} distinct texts ({f['distinct_normalised']:,} after normalising case "
                  f"and spaces); {f['distinct_sentences']:.1%} of sentences distinct; "
                  f"built in {time.perf_counter() - start:.1f} s: {corpus}")
            if f["distinct_normalised"] != n_docs:
                raise SystemExit("the real corpus has repeated texts; it would be de-duplicated")
        else:
            folder.mkdir(parents=True, exist_ok=True)
            start = time.perf_counter()
            corpus = generate_corpus(folder / f"news_{n_docs}.jsonl", n_docs, seed=args.seed)
            print(f"generated {n_docs} documents in {time.perf_counter() - start:.1f} s: {corpus}")
        if args.profile:
            profile(corpus)
            return 0
        growth_corpus = None
        if growth_docs:
            if growth_docs >= n_docs and not args.corpus:
                raise SystemExit(f"--growth-docs {growth_docs} must be fewer than the {n_docs} documents")
            if "label" not in stages:
                raise SystemExit("--growth-docs compares with the label stage: add it to --stages")
            if corpus.suffix.lower() != ".jsonl":
                raise SystemExit("--growth-docs needs a .jsonl corpus (it takes its first lines)")
            growth_corpus = head_corpus(corpus, workdir / f"head_{growth_docs}.jsonl", growth_docs)
        print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; stages: {', '.join(stages)}"
              + (f"; memory growth: label on the first {growth_docs:,} documents" if growth_corpus else ""))
        runs: dict[str, list[dict]] = {stage: [] for stage in stages}
        growth: list[dict] = []
        for turn in range(args.repeat):  # in turns, so that a slow spell of the machine hits every stage
            for stage in stages:
                runs[stage].append(run_stage(stage, corpus, workdir))
            if growth_corpus:
                growth.append(run_stage("label", growth_corpus, workdir, tag="-growth"))
        documents = max(x["documents"] for stage in stages for x in runs[stage])
        _report(stages, runs, growth, n_docs if not args.corpus else documents)
    return 0


if __name__ == "__main__":
    sys.exit(main())
