"""Shared fixtures and helpers for the test suite.

Every corpus a test reads is built in ``tmp_path`` from the made-up snippets
below; nothing here reads the validation data.
"""

from __future__ import annotations

from pathlib import Path

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
