"""The tone lexicon: VADER's word valences and the suite's adaptations, read and checked.

VADER's lexicon (``vader_lexicon.txt``) ships inside the vaderSentiment package
and is read from it (nothing is downloaded); the adaptations to news and
diplomatic language are a TOML file, ``analysis/data/tone_lexicon.toml`` (see its
header). :class:`analysis.tone.ToneScorer` compiles them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from .config import PACKAGE_DATA_DIR, read_toml
from .words import word_forms

__all__ = ["TONE_LEXICON_PATH", "MAX_PHRASE", "vader_lexicon", "load_tone_lexicon", "check_lexicon",
           "phrase_words", "is_number"]

#: The default news and diplomatic adaptations of the lexicon.
TONE_LEXICON_PATH = PACKAGE_DATA_DIR / "tone_lexicon.toml"
#: The longest phrase of a lexicon, in words.
MAX_PHRASE = 4


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The word forms of a lexicon phrase (:func:`~analysis.words.word_forms`)."""
    return tuple(word_forms(phrase))


def vader_lexicon() -> dict[str, float]:
    """VADER's word valences, read from the installed vaderSentiment package.

    Only entries that are words (letters, digits, apostrophes) are kept;
    emoticons do not occur in news text.

    Examples
    --------
    >>> vader_lexicon()["good"]
    1.9
    """
    try:
        text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as err:  # pragma: no cover - a broken install
        raise ImportError("the vaderSentiment package (which ships vader_lexicon.txt) is required") from err
    lexicon = {}
    word = re.compile(r"\w+(?:'\w+)*")
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and word.fullmatch(parts[0]):
            lexicon.setdefault(parts[0].lower().replace("'", ""), float(parts[1]))
    return lexicon


def load_tone_lexicon(path: str | Path | None = None) -> dict:
    """Read and check a tone lexicon TOML file (the default one when ``path`` is None).

    Returns a dict with ``words`` (word -> valence), ``damped`` (word ->
    factor), ``phrases`` (class -> {"rule", "terms"}) and
    ``effort_against_problem`` (a dict, possibly empty).

    Raises
    ------
    ValueError
        When the file is missing, not TOML, or a table is malformed; the
        message names the file and the table.

    Examples
    --------
    >>> lex = load_tone_lexicon()
    >>> lex["words"]["cooperation"] > 0, lex["phrases"]["diplomatic"]["terms"]["strategic partnership"] > 0
    (True, True)
    """
    path = Path(path) if path is not None else TONE_LEXICON_PATH
    data = read_toml(path, kind="tone lexicon")
    return check_lexicon(data, str(path))


def is_number(value) -> bool:
    """A number that is not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_lexicon(data: Mapping, where: str) -> dict:
    unknown = set(data) - {"words", "word_groups", "damped", "phrases", "effort_against_problem"}
    if unknown:
        raise ValueError(f"lexicon: {where}: unknown table {sorted(unknown)[0]!r}")
    out: dict = {"words": {}, "damped": {}, "phrases": {}, "effort_against_problem": {}}
    for k, group in enumerate(data.get("word_groups", [])):
        if (not isinstance(group, Mapping) or not is_number(group.get("valence"))
                or not isinstance(group.get("words"), list) or not all(isinstance(w, str) for w in group["words"])):
            raise ValueError(f"lexicon: {where}: [[word_groups]] number {k + 1} needs a numeric 'valence' "
                             "and a list of 'words'")
        for word in group["words"]:
            out["words"][word.lower()] = float(group["valence"])
    for table in ("words", "damped"):
        for word, value in dict(data.get(table, {})).items():
            if not is_number(value) or (table == "damped" and value < 0):
                raise ValueError(f"lexicon: {where}: [{table}] {word!r} must be a "
                                 f"{'non-negative ' if table == 'damped' else ''}number, got {value!r}")
            out[table][word.lower()] = float(value)
    for name, spec in dict(data.get("phrases", {})).items():
        if not isinstance(spec, Mapping) or not isinstance(spec.get("terms"), Mapping):
            raise ValueError(f"lexicon: {where}: [phrases.{name}] needs a 'terms' table")
        terms = {}
        for phrase, value in spec["terms"].items():
            words = phrase_words(phrase)
            if not is_number(value) or not 1 <= len(words) <= MAX_PHRASE:
                raise ValueError(f"lexicon: {where}: [phrases.{name}] {phrase!r} must have 1 to "
                                 f"{MAX_PHRASE} words and a number, got {value!r}")
            terms[" ".join(words)] = float(value)
        out["phrases"][name] = {"rule": str(spec.get("rule", f"phrase: {name}")), "terms": terms}
    effort = dict(data.get("effort_against_problem", {}))
    if effort:
        for key in ("efforts", "problems"):
            if not isinstance(effort.get(key), list) or not all(isinstance(w, str) for w in effort[key]):
                raise ValueError(f"lexicon: {where}: [effort_against_problem] {key!r} must be a list of words")
        window = effort.get("window", 4)
        if not isinstance(window, int) or isinstance(window, bool) or window < 1:
            raise ValueError(f"lexicon: {where}: [effort_against_problem] 'window' must be a positive integer")
        if not is_number(effort.get("valence", 0.0)):
            raise ValueError(f"lexicon: {where}: [effort_against_problem] 'valence' must be a number")
        out["effort_against_problem"] = {
            "rule": str(effort.get("rule", "news: joint effort against a problem")),
            "valence": float(effort.get("valence", 0.0)),
            "window": window,
            "efforts": [w.lower() for w in effort["efforts"]],
            "problems": [w.lower() for w in effort["problems"]],
        }
    return out
