"""Validity of the speakers of real news against hand-coded quotes (PerSenT, development half).

Reads ``speakers/persent_speakers_dev.csv`` and ``stance/persent_dev.csv`` from
:data:`analysis.config.VALIDATION_DATA_DIR` (never copied into the repository); when they are
missing, says so and exits 0.

Each coded row is a sentence of a PerSenT article (``DOCUMENT_INDEX``). Every article is
split into sentences and given speakers by the suite's own stages (``split_sentences`` then
``attribute_speakers``: the speaker stage of the ``label`` pipeline, whose speaker columns do
not depend on the topic and tone stages); the coded sentence is found among the article's
sentences with white space collapsed (PerSenT pads the target's mentions with spaces) and the
suite's speaker is compared with the coded one: **whole-name exact accuracy**, case-insensitive,
white space collapsed, ``narrator`` a class of its own (``unknown`` is always wrong).

The rows are split into two fixed halves by ``DOCUMENT_INDEX`` parity: **half A (even) is the
half the rules were developed on; half B (odd) was read only at the end**, to report it. The
misses are listed for half A (``--misses``; ``--misses B`` only to report, once the rules are final).

Over all the sentences of the 578 dev articles, it also prints:

* the **bare-surname rate**: attributed sentences (speaker not ``narrator``, ``unknown``,
  ``both sides``) whose speaker is one word that is a word of a longer speaker of the same
  article ("Gao" while "Gao Feng" speaks), over all attributed sentences;
* the **fragment rate**: attributed sentences whose speaker, where it stands in the sentence,
  is cut out of a longer capitalised name: followed by a capitalised word ("Gao" of "Gao
  Feng"), or after "of"/"of the" that follows a capitalised word ("Commerce" of "Ministry of
  Commerce"); speakers not written in the sentence (resolved from a pronoun or a role) are
  not counted as fragments;
* the **title-in-evidence rate**: attributed sentences whose speaker evidence starts with a
  title word (Mr., President, Minister, ...).

``--sample N`` prints N random attributed sentences (``--seed``, default 0) of the articles of
half B (or ``--half A``) with their speaker, for reading by hand; ``--timing`` times the speaker stage on the seed corpus and on
the 578 articles (best of 3), and the first call of the run (sentence split included).

Run: ``python benchmarks/validate_speakers.py [--misses] [--sample 40] [--timing]``
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

import pandas as pd

try:  # the analysis package of the interpreter's environment (its .pth), else this checkout's
    import analysis  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.actors import load_actors  # noqa: E402
from analysis.speakers import attribute_speakers  # noqa: E402
from analysis.config import VALIDATION_DATA_DIR  # noqa: E402
from analysis.corpus import load_corpus, repair_text  # noqa: E402
from analysis.text import split_sentences  # noqa: E402

NOT_ATTRIBUTED = {"narrator", "unknown", "both sides"}
TITLE_WORDS = {"mr", "mrs", "ms", "dr", "prof", "sen", "gov", "gen", "rep", "president", "prime", "minister",
               "secretary", "senator", "governor", "general", "chancellor", "king", "queen", "prince", "pope",
               "deputy", "vice", "foreign", "chief", "head", "mayor", "judge", "spokesman", "spokeswoman",
               "county", "executive", "chairman", "director", "coach", "ambassador", "premier", "lt", "col",
               "sgt", "capt", "attorney", "commissioner", "sheriff", "officer", "the"}


def norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def find_row(coded: str, sentences: list[tuple[int, str]]) -> int | None:
    """The row of the suite's sentence that holds the coded sentence (white space collapsed):
    equal, else the one that contains it, else the first one it starts with, else None. The coded
    sentence is repaired as the loader repairs the articles (their mojibake, with ftfy)."""
    key = norm(repair_text(coded))
    collapsed = [(i, norm(t)) for i, t in sentences]
    for test in (lambda c: c == key, lambda c: key in c, lambda c: bool(c) and key.startswith(c),
                 lambda c: len(c) > 20 and c in key):
        for i, c in collapsed:
            if test(c):
                return i
    return None


def bare_and_fragments(labels: pd.DataFrame) -> tuple[int, int, int, int, list]:
    """(attributed, bare surnames, fragments, titles in evidence, examples) over a labels table."""
    attributed = bare = fragments = titled = 0
    examples = []
    for _, doc in labels.groupby("doc_id", sort=False):
        speakers = [s for s in doc["speaker"].tolist()]
        long_words = set()
        for s in set(speakers):
            words = s.casefold().split()
            if s.casefold() not in NOT_ATTRIBUTED and len(words) > 1:
                long_words.update(words)
        for text, speaker, evidence in zip(doc["text"].tolist(), speakers, doc["speaker_evidence"].tolist()):
            if speaker.casefold() in NOT_ATTRIBUTED:
                continue
            attributed += 1
            if " " not in speaker and speaker.casefold() in long_words:
                bare += 1
                examples.append(("bare", speaker, text))
            cut = None
            for m in re.finditer(r"(?<![\w-])" + re.escape(speaker) + r"(?![\w-])", text):
                after = text[m.end():]
                before = text[:m.start()]
                if re.match(r"(?:'s)?\s+(?:of\s+(?:the\s+)?)?[A-Z][a-z]", after) and not re.match(r"'s", after):
                    cut = True
                elif re.search(r"[A-Z][\w.]*\s+of\s+(?:the\s+)?$", before):
                    cut = True
                else:
                    cut = False
                    break
            if cut:
                fragments += 1
                examples.append(("fragment", speaker, text))
            # the first cue of the evidence that names the speaker: "NAME [actor|name|...] a-b"
            m = re.search(r"(?:^|; )([^;\[]+?) \[(?:actor|name|role|name -> [^\]]*)\]", evidence or "")
            if m and m.group(1).split()[0].rstrip(".").casefold() in TITLE_WORDS - {"the"}:
                titled += 1
                examples.append(("title", m.group(1), text))
    return attributed, bare, fragments, titled, examples


def speaker_labels(documents: pd.DataFrame, actors) -> pd.DataFrame:
    return attribute_speakers(split_sentences(documents), actors=actors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", nargs="?", const="A", choices=["A", "B"],
                        help="list the misses of half A (B: only to report, once the rules are final)")
    parser.add_argument("--sample", type=int, default=0, help="print N random attributed sentences of --half")
    parser.add_argument("--half", choices=["A", "B"], default="B", help="the half of the articles to --sample")
    parser.add_argument("--seed", type=int, default=0, help="the seed of --sample (default 0)")
    parser.add_argument("--timing", action="store_true", help="time the speaker stage (best of 3)")
    parser.add_argument("--examples", type=int, default=0, help="print N bare/fragment/title examples (half A)")
    args = parser.parse_args()
    coded_path = VALIDATION_DATA_DIR / "speakers" / "persent_speakers_dev.csv"
    articles_path = VALIDATION_DATA_DIR / "stance" / "persent_dev.csv"
    if not coded_path.exists() or not articles_path.exists():
        print(f"validation data not found: {coded_path} / {articles_path}; nothing to validate")
        return 0
    documents, report = load_corpus(articles_path, text_column="DOCUMENT", id_column="DOCUMENT_INDEX",
                                    duplicates="keep")
    coded = pd.read_csv(coded_path)
    print(f"data: {coded_path.name} ({len(coded)} coded sentences); {articles_path.name} "
          f"({len(documents)} articles, {len(report)} load-report rows)")
    actors = load_actors()
    t0 = time.perf_counter()
    labels = speaker_labels(documents, actors)
    first = time.perf_counter() - t0  # (with split_sentences)

    by_doc = {doc: list(zip(group.index.tolist(), group["text"].tolist()))
              for doc, group in labels.groupby("doc_id", sort=False)}
    results = {"A": [], "B": []}
    for row in coded.itertuples(index=False):
        doc = str(row.DOCUMENT_INDEX)
        half = "A" if int(row.DOCUMENT_INDEX) % 2 == 0 else "B"
        i = find_row(row.sentence, by_doc.get(doc, []))
        got = labels.at[i, "speaker"] if i is not None else "(sentence not found)"
        evidence = labels.at[i, "speaker_evidence"] if i is not None else ""
        results[half].append((doc, row.sentence, row.speaker, got, norm(got) == norm(repair_text(row.speaker)), evidence,
                              i is not None))
    print()
    print("whole-name exact speaker accuracy (case-insensitive, white space collapsed; narrator a class)")
    print("half A = even DOCUMENT_INDEX: the rules were developed on it; half B = odd: read only at the end")
    for half in ("A", "B"):
        rows = results[half]
        right = sum(r[4] for r in rows)
        found = sum(r[6] for r in rows)
        print(f"  half {half}: {right} / {len(rows)} = {right / max(len(rows), 1):.3f}"
              f"  (sentence found in {found} of {len(rows)})")
    allrows = results["A"] + results["B"]
    right = sum(r[4] for r in allrows)
    print(f"  both:   {right} / {len(allrows)} = {right / max(len(allrows), 1):.3f}")
    if args.misses:
        print(f"\nmisses of half {args.misses} (doc, coded -> suite | evidence | sentence):")
        for doc, sentence, want, got, ok, evidence, _ in results[args.misses]:
            if not ok:
                print(f"  {doc}: {want!r} -> {got!r} | {evidence} | {sentence[:160]}")

    print()
    print("over all sentences of the articles:")
    for name, keep in (("half A articles", lambda d: int(d) % 2 == 0), ("half B articles", lambda d: int(d) % 2 == 1),
                       ("all articles", lambda d: True)):
        part = labels[[keep(d) for d in labels["doc_id"]]]
        attributed, bare, fragments, titled, examples = bare_and_fragments(part)
        n_docs = part["doc_id"].nunique()
        print(f"  {name} ({n_docs}): attributed sentences {attributed}; bare surname while a fuller name speaks "
              f"{bare} ({bare / max(attributed, 1):.1%}); fragments {fragments} ({fragments / max(attributed, 1):.1%});"
              f" title in evidence {titled} ({titled / max(attributed, 1):.1%})")
        if args.examples and name == "half A articles":
            rng = random.Random(0)
            for kind in ("bare", "fragment", "title"):
                picked = [e for e in examples if e[0] == kind]
                for e in rng.sample(picked, min(args.examples, len(picked))):
                    print(f"    [{kind}] {e[1]!r}: {' '.join(e[2].split())[:200]}")

    if args.sample:
        parity = 1 if args.half == "B" else 0
        part = labels[[int(d) % 2 == parity for d in labels["doc_id"]]]
        attributed = part[~part["speaker"].str.casefold().isin(NOT_ATTRIBUTED)]
        rng = random.Random(args.seed)
        picks = sorted(rng.sample(range(len(attributed)), min(args.sample, len(attributed))))
        print(f"\n{len(picks)} random attributed sentences of half {args.half} articles (seed {args.seed}):")
        for k in picks:
            row = attributed.iloc[k]
            print(f"  [{row['doc_id']}:{row['sent_id']}] {row['speaker']!r} <- {row['speaker_evidence']}\n"
                  f"      {' '.join(row['text'].split())[:240]}")

    if args.timing:
        seed, _ = load_corpus(Path(__file__).resolve().parent.parent / "seeds")
        for name, docs in (("seed", seed), ("PerSenT dev", documents)):
            sentences = split_sentences(docs)
            best = min(_timed(sentences, actors) for _ in range(3))
            print(f"timing: speaker stage (attribute_speakers) on {name}: {len(sentences)} sentences, "
                  f"best of 3 {best * 1000:.1f} ms")
        print(f"timing: the first call of this run (caches empty: compiled patterns, parsed names) "
              f"{first * 1000:.1f} ms")
    return 0


def _timed(sentences: pd.DataFrame, actors) -> float:
    t0 = time.perf_counter()
    attribute_speakers(sentences, actors=actors)
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
