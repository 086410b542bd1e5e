"""Shared fixtures and helpers for the test suite.

Every corpus a test reads is built in ``tmp_path`` from the made-up snippets
below; nothing here reads the validation data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.config import SEEDS_DIR

#: The seed corpus file shipped with the repository.
SEED_FILE = SEEDS_DIR / "000_8bbda963f57d3b5b.txt"


def corpus_text(date: str, title: str, *paragraphs: str) -> str:
    """A corpus file's text: the header line, a blank line, then paragraphs."""
    return f" date {date} {title}\n\n" + "\n\n".join(paragraphs) + "\n"


def write(path: Path, content: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to ``path`` and return it."""
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def report_rows(report: pd.DataFrame, name: str) -> pd.DataFrame:
    """The load-report rows whose source names the file ``name``."""
    return report[report["source"].map(lambda s: Path(s.split(":")[0]).name == name)]


@pytest.fixture
def good_text() -> str:
    return corpus_text(
        "2021-03-04",
        "Ministers meet in Vienna",
        "The foreign minister met his counterpart on Monday. They discussed tariffs on steel.",
        "A vaccine plant will open next year.",
    )


@pytest.fixture
def table_frame() -> pd.DataFrame:
    """A small table corpus with every optional column."""
    return pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3"],
            "date": ["2020-01-02", "not a date", "2020-03-04"],
            "title": ["Steel tariffs", "Vaccine news", "Budget"],
            "text": [
                "Exports of steel fell after the new tariff.",
                "The vaccine campaign started in May.",
                "Parliament passed the budget.",
            ],
            "source": ["wire", "paper", "radio"],
        }
    )


# --- synthetic sentence labels with known gold topics (tests of sheets and validation) ---------

TOPICS = ["health", "trade", "politics"]


def population(seed: int = 1) -> pd.DataFrame:
    """A synthetic corpus of 4,000 sentence labels with a known gold topic set for each.

    Strata (predicted primary topic) of very different sizes; a rare topic (trade) that the labels
    often miss (its misses sit in the big ``none`` stratum); health is also predicted as a second
    topic of politics sentences.
    """
    rng = np.random.default_rng(seed)
    rows = []
    sizes = {"none": 2600, "politics": 900, "health": 420, "trade": 80}
    for stratum, size in sizes.items():
        for i in range(size):
            predicted = set() if stratum == "none" else {stratum}
            if stratum == "politics" and rng.random() < 0.1:
                predicted.add("health")
            gold = set()
            if stratum != "none" and rng.random() < {"politics": 0.7, "health": 0.85, "trade": 0.6}[stratum]:
                gold.add(stratum)
            if stratum == "none":
                u = rng.random()
                gold = {"trade"} if u < 0.02 else {"health"} if u < 0.05 else {"politics"} if u < 0.12 else set()
            if "health" in predicted and rng.random() < 0.5:
                gold.add("health")
            rows.append({"doc_id": f"d{len(rows) // 3}", "sent_id": len(rows) % 3, "text": f"Sentence {len(rows)}.",
                         "primary_topic": stratum, "topics": ";".join(sorted(predicted)),
                         "gold": ";".join(sorted(gold))})
    return pd.DataFrame(rows)


def coded(sheet: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """The sheet coded from the population's gold topics (a perfect coder; ``none`` when empty)."""
    gold = dict(zip(zip(labels["doc_id"], labels["sent_id"]), labels["gold"]))
    return sheet.assign(topics=[gold[(d, s)] or "none" for d, s in zip(sheet["doc_id"], sheet["sent_id"])])


# ----------------------------------------------------------------------------- actors, names, speakers


def doc_frame(*texts, paragraphs=None) -> pd.DataFrame:
    """A sentences table of one document ``d``: one row per text, in order, with its offsets."""
    paragraphs = paragraphs or [1] * len(texts)
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    return pd.DataFrame({"doc_id": "d", "sent_id": range(1, len(texts) + 1), "paragraph_id": paragraphs,
                         "start": starts, "text": list(texts)})


def speakers_of(*texts, paragraphs=None) -> pd.DataFrame:
    """``attribute_speakers`` of :func:`doc_frame`."""
    from analysis.speakers import attribute_speakers

    return attribute_speakers(doc_frame(*texts, paragraphs=paragraphs))


_PIECES = ["said", "Said", "the sides", "THE SIDES", "both parties", "he", "She", "I", "they", "also", "in turn",
           "officials", "an official", "a senior ministry spokesman", "Maria", "Lopez", "O'Neil", "Jean-Luc",
           "Dr.", "Mr.", "U.S.", "China", "Chinese", "Chinese Foreign Minister", "Wang Yi", "the President",
           "the President of", "Head of State", "according to", "According  to", "noted", "called for",
           "continued by saying", "thanks to", "ſides", "İ", "Kelvin", "x", "99", ",", ", ", ".", "\"", "“", "”",
           "’", "'", "-", "(", " ", "  ", "\n", "\t", "\u00a0", "ly", "quickly", "has", "further", "was", "quoted as",
           "saying", "is", "Quoted", "called", "on", "points", "out", "shot", "back", "fired", "chimed in"]


def fuzz_texts(n, seed=7) -> list[str]:
    """``n`` random sentences of the pieces the speaker and alias patterns look at (seeded)."""
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) + rng.choice(["", " ", " ", ", "]) for _ in range(rng.randint(0, 14)))
            for _ in range(n)]


def match_spans(m):
    return None if m is None else (m.span(), m.groups())


def reference_find(actors, text):
    """Actors.find's reference: every match of the actors' pattern, the plain way."""
    return [(m.start(), m.end(), actors.lookup(m.group()), "alias") if m.lastgroup == "alias"
            else (m.start(), m.end(), None, "role") for m in actors.pattern_.finditer(text)]


def expected_scan(actors, texts):
    """What ``analysis.speakers._scan`` must find: each pattern searched in each text, the plain way."""
    from analysis import reporting as R
    from analysis import speakers as S

    return ([[(*m, t[m[0]:m[1]]) for m in reference_find(actors, t)] for t in texts],
            [[(m.start(), m.end(), m.group()) for m in R.SPEECH.finditer(t)] for t in texts],
            [match_spans(S._ACCORDING.search(t)) for t in texts],
            [match_spans(S._SIDES_SUBJECT.search(t)) for t in texts])


def got_scan(actors, texts):
    """What ``analysis.speakers._scan`` finds (its match objects as spans and groups), with the
    word index of ``texts``."""
    from analysis import speakers as S
    from analysis.words import Words

    aliases, verbs, according, sides = S._scan(actors, texts, Words(texts))
    return aliases, verbs, [match_spans(m) for m in according], [match_spans(m) for m in sides]
