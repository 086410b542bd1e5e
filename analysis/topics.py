"""Label sentences and documents with topics from a taxonomy, keeping evidence.

The taxonomy is a TOML file (``analysis/data/taxonomy.toml`` by default): one
table per topic, with weighted ``terms`` (words and multi-word phrases; either
flat ``term = weight`` entries or blocks, sub-tables such as ``[trade.terms.1807]``
with a ``subtopic`` label and their own ``term = weight`` entries), optional
``fallback`` terms that count only in sentences no topic claims through its
terms (context words such as country names), optional ``exclude`` phrases that
cancel the terms inside them, an optional
``threshold`` and ``description``. A user adds a topic by adding a table.

Scoring is vectorised: every term and phrase is counted on the words of the
sentences (the :class:`~analysis.words.Words` index, the suite's one definition
of a word, so ``COVID-19`` is the words ``covid 19`` and ``China's`` the word
``china``), and one sparse product with the term-by-topic weight matrix gives
each sentence a score per topic. A topic *matches* a
sentence when its score reaches the topic's threshold (1.0 by default).
Evidence (the matched terms with their offsets) is found on the same words,
and only in sentences that matched.

Tables produced here:

* **sentence labels** (:func:`label_sentences`): the sentences table plus one
  float score column per topic, ``topics`` (matched topic names joined by
  ``;``), ``primary_topic`` (the best-scoring matched topic or ``none``) and
  ``evidence`` (``term [topic] start-end`` items joined by ``; ``, offsets into
  the document text).
* **document labels** (:func:`document_topics`): one row per document with a
  share per topic (the fraction of its sentences given to the topic; a
  sentence with several topics is split between them by score, so shares sum
  to at most 1), ``primary_topic``, ``n_sentences`` and ``coverage`` (share of
  sentences with any topic).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .config import TAXONOMY_PATH, read_toml
from .estimators import Transformer, check_fitted
from .text import plural_forms, string_column, with_columns
from .words import Phrases, Words, check_index, forms_of, word_forms

__all__ = [
    "topic_columns",
    "Taxonomy",
    "Topic",
    "TaxonomyError",
    "load_taxonomy",
    "TopicLabeler",
    "label_sentences",
    "document_topics",
    "topic_evidence",
    "normalise_term",
]

#: Column names a topic may not take (they are used by the tables).
RESERVED_NAMES = frozenset(
    """doc_id sent_id paragraph_id start end text title date source path topics primary_topic
    evidence tone tone_pos tone_neg tone_evidence speaker stance stance_target stance_label
    stance_evidence none n_sentences n_words coverage target""".split()
)
_TOPIC_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_TOPIC_FIELDS = {"terms", "fallback", "exclude", "threshold", "description", "color"}


class TaxonomyError(ValueError):
    """An invalid taxonomy; the message names the file, topic and field."""


def normalise_term(term: str) -> str:
    """Return a term as it is counted: the forms of its words (:func:`~analysis.words.word_forms`)
    joined by spaces.

    Examples
    --------
    >>> normalise_term("COVID-19")
    'covid 19'
    >>> normalise_term("  Trade   Turnover ")
    'trade turnover'
    >>> normalise_term("Women's health")
    'women health'
    """
    return " ".join(word_forms(term))


@dataclass(frozen=True)
class Topic:
    """One topic: weighted terms, exclusion phrases and a match threshold."""

    name: str
    terms: Mapping[str, float]
    exclude: tuple[str, ...] = ()
    fallback: Mapping[str, float] = field(default_factory=dict)
    threshold: float = 1.0
    description: str = ""
    color: str | None = None
    #: block name -> its ``subtopic`` label ("" when it has none), for terms written in blocks
    subtopics: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Taxonomy:
    """An ordered collection of topics (the order of the file)."""

    topics: tuple[Topic, ...]
    path: str = "<taxonomy>"

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.topics]

    def __getitem__(self, name: str) -> Topic:
        for topic in self.topics:
            if topic.name == name:
                return topic
        raise KeyError(name)


def _fail(path, topic, field_, message) -> TaxonomyError:
    where = f"{path}: topic {topic!r}" + (f", field {field_!r}" if field_ else "")
    return TaxonomyError(f"{where}: {message}")


def _weighted_terms(terms: Mapping, path, name: str, field_: str, norm: Mapping[str, str]) -> dict[str, float]:
    clean: dict[str, float] = {}
    for term, weight in terms.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not weight > 0:
            raise _fail(path, name, field_, f"the weight of {term!r} must be a positive number, got {weight!r}")
        key = norm[term]
        if not key:
            raise _fail(path, name, field_, f"the term {term!r} has no letters or digits")
        clean[key] = max(float(weight), clean.get(key, 0.0))
    return clean


def _term_blocks(terms: Mapping, path, name: str, norm: Mapping[str, str]) -> tuple[dict[str, float], dict[str, str]]:
    """The terms of a topic, flat or in blocks, and each block's ``subtopic`` label.

    A value that is a table is a block: a ``subtopic`` string (optional) and ``term = weight``
    entries. A term found in several blocks keeps its largest weight.
    """
    clean: dict[str, float] = {}
    subtopics: dict[str, str] = {}
    flat = {term: weight for term, weight in terms.items() if not isinstance(weight, Mapping)}
    if flat:
        clean.update(_weighted_terms(flat, path, name, "terms", norm))
    for block, spec in terms.items():
        if not isinstance(spec, Mapping):
            continue
        where = f"terms.{block}"
        label = spec.get("subtopic", "")
        if not isinstance(label, str):
            raise _fail(path, name, where, f"'subtopic' must be a string, got {label!r}")
        weights = {term: weight for term, weight in spec.items() if term != "subtopic"}
        if not weights:
            raise _fail(path, name, where, "a block of terms must hold at least one term = weight")
        for term, weight in _weighted_terms(weights, path, name, where, norm).items():
            clean[term] = max(weight, clean.get(term, 0.0))
        subtopics[str(block)] = label
    return clean, subtopics


def _normalised(data: Mapping) -> dict[str, str]:
    """:func:`normalise_term` of every string of a taxonomy that may be a term, read at once."""
    strings = set()

    def collect(value) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                strings.add(str(key))
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, str):
            strings.add(value)

    collect(data)
    order = sorted(strings)
    return {s: " ".join(forms) for s, forms in zip(order, forms_of(order))}


_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def _is_color(color) -> bool:
    """True for a colour string matplotlib can draw (checked at load, not when plotting). A hex
    colour is checked without matplotlib, which ``label`` does not otherwise import.

    Examples
    --------
    >>> _is_color("#1b9e77"), _is_color("#1b9e7"), _is_color("tab:blue"), _is_color("blau"), _is_color(3)
    (True, False, True, False, False)
    """
    if not isinstance(color, str):
        return False
    if color.startswith("#"):
        return _HEX_COLOR.fullmatch(color) is not None
    from matplotlib.colors import is_color_like

    return is_color_like(color)


def taxonomy_from_dict(data: Mapping, *, path: str = "<taxonomy>") -> Taxonomy:
    """Validate a parsed taxonomy mapping and build a :class:`Taxonomy`.

    Examples
    --------
    >>> tax = taxonomy_from_dict({"sport": {"terms": {"football": 1.0}}})
    >>> tax.names
    ['sport']
    >>> blocks = {"sport": {"terms": {"ball": {"subtopic": "Ball games", "football": 1.0}, "race": 0.5}}}
    >>> topic = taxonomy_from_dict(blocks)["sport"]
    >>> dict(topic.terms), dict(topic.subtopics)
    ({'race': 0.5, 'football': 1.0}, {'ball': 'Ball games'})
    """
    if not isinstance(data, Mapping) or not data:
        raise TaxonomyError(f"{path}: the taxonomy defines no topics")
    norm = _normalised(data)
    topics = []
    for name, spec in data.items():
        if not _TOPIC_NAME.match(name):
            raise _fail(path, name, None, "a topic name must be lower-case letters, digits and _ (a column name)")
        if name in RESERVED_NAMES:
            raise _fail(path, name, None, "this name is used by the suite's tables; choose another")
        if not isinstance(spec, Mapping):
            raise _fail(path, name, None, "must be a table with a 'terms' table")
        unknown = set(spec) - _TOPIC_FIELDS
        if unknown:
            raise _fail(path, name, sorted(unknown)[0],
                        f"unknown field; allowed fields are {', '.join(sorted(_TOPIC_FIELDS))}")
        terms = spec.get("terms")
        if not isinstance(terms, Mapping) or not terms:
            raise _fail(path, name, "terms", "must be a non-empty table of term = weight")
        clean, subtopics = _term_blocks(terms, path, name, norm)
        fallback = spec.get("fallback", {})
        if not isinstance(fallback, Mapping):
            raise _fail(path, name, "fallback", "must be a table of term = weight")
        fallback = _weighted_terms(fallback, path, name, "fallback", norm)
        exclude = spec.get("exclude", [])
        if not isinstance(exclude, list) or not all(isinstance(e, str) and norm[e] for e in exclude):
            raise _fail(path, name, "exclude", "must be a list of phrases")
        threshold = spec.get("threshold", 1.0)
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not threshold > 0:
            raise _fail(path, name, "threshold", f"must be a positive number, got {threshold!r}")
        description = spec.get("description", "")
        if not isinstance(description, str):
            raise _fail(path, name, "description", "must be a string")
        color = spec.get("color")
        if color is not None and not _is_color(color):
            raise _fail(path, name, "color", f"must be a colour matplotlib knows, such as '#1b9e77' or "
                                             f"'tab:green', not {color!r}")
        topics.append(Topic(name, clean, tuple(norm[e] for e in exclude), fallback, float(threshold),
                            description, color, subtopics))
    return Taxonomy(tuple(topics), path=str(path))


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and validate a taxonomy TOML file (the default one when ``path`` is None).

    Raises
    ------
    TaxonomyError
        When the file cannot be parsed or a topic is invalid; the message names
        the file, the topic and the field.

    Examples
    --------
    >>> load_taxonomy().names
    ['health', 'trade', 'politics', 'investment']
    """
    path = Path(path) if path is not None else TAXONOMY_PATH
    data = read_toml(path, kind="taxonomy", error=TaxonomyError)
    return taxonomy_from_dict(data, path=str(path))


def _resolve_taxonomy(taxonomy) -> Taxonomy:
    if taxonomy is None or isinstance(taxonomy, (str, Path)):
        return load_taxonomy(taxonomy)
    if isinstance(taxonomy, Taxonomy):
        return taxonomy
    if isinstance(taxonomy, Mapping):
        return taxonomy_from_dict(taxonomy)
    raise ValueError(f"taxonomy must be a path, a Taxonomy or a mapping, not {type(taxonomy).__name__}")


def _sub_ngrams(tokens: list[str]) -> Iterable[str]:
    n = len(tokens)
    for size in range(1, n):
        for i in range(n - size + 1):
            yield " ".join(tokens[i:i + size])


class TopicLabeler(Transformer):
    """Score texts against a topic taxonomy (scikit-learn transformer).

    ``transform`` maps an iterable of strings to an array of shape
    ``(n_texts, n_topics)`` holding each topic's score: the summed weights of
    its terms and phrases found in the text. A phrase counts once at its own
    weight, not also through the words inside it, and an exclusion phrase
    cancels the terms it contains.

    Parameters
    ----------
    taxonomy : str, Path, Taxonomy, mapping or None
        The taxonomy; ``None`` is the default file.
    plurals : bool, default True
        Also match the plural of each term's last word.

    Attributes
    ----------
    taxonomy_ : Taxonomy
    topics_ : list of str
    vocabulary_ : dict of str to int
        The fixed vocabulary (normalised terms, phrases and exclusions).
    weights_ : scipy.sparse.csr_matrix, shape (n_terms, n_topics)
        Effective weights, such that counts @ weights_ are the scores.
    thresholds_ : numpy.ndarray, shape (n_topics,)

    Examples
    --------
    >>> labeler = TopicLabeler().fit()
    >>> labeler.get_feature_names_out().tolist()
    ['health', 'trade', 'politics', 'investment']
    >>> scores = labeler.transform(["Vaccine exports rose."])
    >>> bool(scores[0, 0] >= 1 and scores[0, 1] >= 1)
    True
    """

    def __init__(self, taxonomy=None, *, plurals: bool = True):
        self.taxonomy = taxonomy
        self.plurals = plurals

    def fit(self, X=None, y=None):
        """Compile the taxonomy into a vocabulary and weight matrix; X is ignored."""
        if not isinstance(self.plurals, bool):
            raise ValueError(f"plurals must be True or False, not {self.plurals!r}")
        taxonomy = _resolve_taxonomy(self.taxonomy)
        names = taxonomy.names
        declared: dict[str, np.ndarray] = {}
        surface: dict[str, str] = {}  # every matched form -> its declared term

        def declare(term: str, column: int, weight: float) -> None:
            forms = plural_forms(term) if self.plurals else [term]
            for form in forms:
                row = declared.setdefault(form, np.zeros(len(names)))
                if weight != 0 and (form == term or row[column] == 0):
                    row[column] = max(row[column], weight)
                surface.setdefault(form, term)

        for j, topic in enumerate(taxonomy.topics):
            for term, weight in topic.terms.items():
                declare(term, j, weight)
        fallback: dict[str, np.ndarray] = {}  # fallback form -> its weight per topic
        for j, topic in enumerate(taxonomy.topics):
            for term, weight in topic.fallback.items():
                for form in (plural_forms(term) if self.plurals else [term]):
                    declare(form, j, 0.0)  # in the vocabulary, counting only as a fallback
                    fallback.setdefault(form, np.zeros(len(names)))[j] = weight
        excluded: dict[str, set[int]] = {}  # exclusion form -> the topics it cancels
        for j, topic in enumerate(taxonomy.topics):
            for phrase in topic.exclude:
                declare(phrase, j, 0.0)
                for form in (plural_forms(phrase) if self.plurals else [phrase]):
                    excluded.setdefault(form, set()).add(j)
        # effective weights: a phrase occurrence also counts every vocabulary
        # n-gram inside it, so subtract those (shortest first) to keep its own weight
        order = sorted(declared, key=lambda t: (t.count(" "), t))
        effective: dict[str, np.ndarray] = {}
        for term in order:
            tokens = term.split(" ")
            inner = sum((effective[s] for s in _sub_ngrams(tokens) if s in effective), np.zeros(len(names)))
            effective[term] = declared[term] - inner
            if term in excluded:
                # an exclusion cancels only its own topics' terms; other topics' words inside it count
                others = [k for k in range(len(names)) if k not in excluded[term] and declared[term][k] == 0]
                effective[term][others] = 0.0
        self.taxonomy_ = taxonomy
        self.topics_ = names
        self.vocabulary_ = {term: i for i, term in enumerate(order)}
        self.surface_ = surface
        self.declared_ = declared
        self.weights_ = sp.csr_matrix(np.vstack([effective[t] for t in order]))
        zeros = np.zeros(len(names))
        effective_fallback: dict[str, np.ndarray] = {}
        for term in order:
            inner = sum((effective_fallback[s] for s in _sub_ngrams(term.split(" ")) if s in effective_fallback), zeros)
            effective_fallback[term] = fallback.get(term, zeros) - inner
        self.fallback_ = fallback
        self.fallback_weights_ = sp.csr_matrix(np.vstack([effective_fallback[t] for t in order]))
        self.thresholds_ = np.array([t.threshold for t in taxonomy.topics])
        self.phrases_ = Phrases(order)  # phrase k is the term of column k
        self.excluded_ = excluded
        self.claiming_ = frozenset(t for t in order if declared[t].any())
        return self

    def _counts(self, texts: list[str], words: Words | None = None) -> sp.csr_matrix:
        """Term counts of each text, shape ``(n_texts, n_terms)``: how often each term occurs
        as consecutive words of the text, clause marks between them skipped (``words``: the
        texts' index, when already built)."""
        words = words if words is not None else Words(texts)
        first, _, column = self.phrases_.find(words, across_marks=True)
        counts = sp.csr_matrix((np.ones(len(first)), (words.text_of[first], column)),
                               shape=(len(texts), len(self.vocabulary_)), dtype=np.float64)
        counts.sum_duplicates()  # also sorts the indices
        return counts

    def _check_fitted(self) -> None:
        """Raise :class:`~sklearn.exceptions.NotFittedError` before :meth:`fit` (never fit silently)."""
        check_fitted(self, "weights_")

    def transform(self, X) -> np.ndarray:
        """Return the topic scores of each text, shape ``(n_texts, n_topics)``."""
        self._check_fitted()
        texts = ["" if not isinstance(x, str) else x for x in X]
        return self._score(texts)[0]

    def _score(self, texts: list[str], words: Words | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Scores and a mask of the rows matched through fallback terms."""
        if not texts:
            return np.zeros((0, len(self.topics_))), np.zeros(0, dtype=bool)
        counts = self._counts(texts, words)
        scores = (counts @ self.weights_).toarray()
        unmatched = ~(scores >= self.thresholds_).any(axis=1)
        if unmatched.any() and self.fallback_:
            rows = np.flatnonzero(unmatched)
            scores[rows] += (counts[rows] @ self.fallback_weights_).toarray()
        # overlapping phrases can push a score below 0; round-off can leave dust
        scores[scores < 1e-9] = 0.0
        return scores, unmatched & (scores >= self.thresholds_).any(axis=1)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The topic names, in taxonomy order."""
        self._check_fitted()
        return np.asarray(self.topics_, dtype=object)

    def evidence(self, text: str, *, fallback: bool = False) -> list[tuple[str, str, int, int, float]]:
        """The matched terms in ``text``: ``(term, topic, start, end, weight)``.

        Longest match wins, so a phrase is reported once rather than with the
        words inside it; exclusion phrases match but yield no evidence.
        ``fallback=True`` also reports fallback terms (for a sentence that
        matched through them).

        Examples
        --------
        >>> TopicLabeler().fit().evidence("Trade turnover grew.")
        [('Trade turnover', 'trade', 0, 14, 2.0)]
        """
        self._check_fitted()
        return self._evidence_of(Words([text]), 0, text, fallback=fallback)

    def _evidence_of(self, words: Words, row: int, text: str, *, fallback: bool) -> list:
        """:meth:`evidence` of text ``row`` of ``words`` (whose text is ``text``)."""
        lo, hi = np.searchsorted(words.text_of, [row, row + 1])
        keep = lo + np.flatnonzero(~words.is_mark[lo:hi])
        forms = [words.forms[f] for f in words.form[keep].tolist()]
        offset = int(words.text_starts[row])
        starts, ends = (words.starts[keep] - offset).tolist(), (words.ends[keep] - offset).tolist()
        longest = self.phrases_.longest
        found = []
        for i, n in _longest_matches(forms, self.vocabulary_, longest):
            key = " ".join(forms[i:i + n])
            row_weights = self.declared_[key]
            if fallback and key in self.fallback_:
                row_weights = row_weights + self.fallback_[key]
            if key in self.excluded_:
                # inside an exclusion phrase, the terms of the topics it does not cancel still count
                for k, m in _longest_matches(forms[i:i + n], self.claiming_, longest):
                    inner_row = self.declared_[" ".join(forms[i + k:i + k + m])]
                    a, b = starts[i + k], ends[i + k + m - 1]
                    for j in np.flatnonzero(inner_row > 0):
                        if j not in self.excluded_[key]:
                            found.append((text[a:b], self.topics_[j], a, b, float(inner_row[j])))
                continue
            a, b = starts[i], ends[i + n - 1]
            for j in np.flatnonzero(row_weights > 0):
                found.append((text[a:b], self.topics_[j], a, b, float(row_weights[j])))
        return found


def _longest_matches(forms: list[str], terms, longest: int) -> Iterable[tuple[int, int]]:
    """``(first word, number of words)`` of the terms found in ``forms``, left to right: at each
    word the longest term that starts there, then on after it.

    Examples
    --------
    >>> list(_longest_matches("a trade deal was a deal".split(), {"trade", "trade deal", "deal"}, 2))
    [(1, 2), (5, 1)]
    """
    i = 0
    while i < len(forms):
        for n in range(min(longest, len(forms) - i), 0, -1):
            if " ".join(forms[i:i + n]) in terms:
                yield i, n
                i += n
                break
        else:
            i += 1


def _labeler(taxonomy, labeler) -> TopicLabeler:
    if labeler is not None:
        if not isinstance(labeler, TopicLabeler):
            raise ValueError(f"labeler must be a TopicLabeler, not {type(labeler).__name__}")
        labeler._check_fitted()
        return labeler
    return TopicLabeler(taxonomy).fit()


def label_sentences(sentences: pd.DataFrame, *, taxonomy=None, labeler: TopicLabeler | None = None,
                    evidence: bool = True, index: Words | None = None) -> pd.DataFrame:
    """Add topic scores, matched topics, primary topic and evidence to sentences.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentences table (``text``, ``start``).
    taxonomy : path, Taxonomy or None
        The taxonomy, when no fitted ``labeler`` is given.
    labeler : TopicLabeler, optional
        A fitted labeler to reuse across calls.
    evidence : bool, default True
        Build the ``evidence`` strings; ``False`` leaves them empty (faster,
        for document-level output). Every other column is the same.
    index : Words, optional
        The word index of the sentences' texts, when the caller has built it
        (the pipeline builds it once for every stage).

    Returns
    -------
    pandas.DataFrame
        A copy of ``sentences`` with one score column per topic, ``topics``,
        ``primary_topic`` and ``evidence``.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a"], "sent_id": [1], "start": [10],
    ...                   "text": ["They discussed vaccine supplies."]})
    >>> out = label_sentences(s)
    >>> out[["topics", "primary_topic", "evidence"]].values.tolist()
    [['health', 'health', 'vaccine [health] 25-32']]
    >>> label_sentences(s, evidence=False)[["topics", "evidence"]].values.tolist()
    [['health', '']]
    """
    return with_columns(sentences, topic_columns(sentences, taxonomy=taxonomy, labeler=labeler, evidence=evidence,
                                                 index=index))


def topic_columns(sentences: pd.DataFrame, *, taxonomy=None, labeler: TopicLabeler | None = None,
                  evidence: bool = True, index: Words | None = None) -> pd.DataFrame:
    """The columns that :func:`label_sentences` adds, alone, on the index of ``sentences`` (the
    topic stage's output: the pipeline assembles the frame once).

    Examples
    --------
    >>> s = pd.DataFrame({"text": ["They discussed vaccine supplies."]})
    >>> topic_columns(s).columns.tolist()[-3:]
    ['topics', 'primary_topic', 'evidence']
    """
    if not isinstance(evidence, bool):
        raise ValueError(f"evidence must be True or False, not {evidence!r}")
    labeler = _labeler(taxonomy, labeler)
    names = labeler.topics_
    out = pd.DataFrame(index=sentences.index)
    texts = sentences["text"].tolist()
    check_index(index, texts)
    words = index if index is not None else Words(texts)
    scores, by_fallback = labeler._score(texts, words)
    matched = scores >= labeler.thresholds_
    for j, name in enumerate(names):
        out[name] = scores[:, j]
    masked = np.where(matched, scores, -np.inf)
    best = masked.argmax(axis=1) if len(out) else np.zeros(0, dtype=int)
    any_match = matched.any(axis=1)
    out["topics"] = _joined_names(matched, names, index=out.index)
    out["primary_topic"] = string_column(np.where(any_match, best, len(names)), names + ["none"], index=out.index)
    if not evidence:
        out["evidence"] = string_column(np.zeros(len(out), dtype=np.int64), [""], index=out.index)
        return out
    items = [[] for _ in range(len(out))]
    for i, term, topic, start, end, _ in _matched_evidence(labeler, texts, _starts(sentences), matched, by_fallback,
                                                           words):
        items[i].append(f"{term} [{topic}] {start}-{end}")
    out["evidence"] = pd.Series(["; ".join(row) for row in items], index=out.index, dtype="str")
    return out


def _joined_names(matched: np.ndarray, names: list[str], index=None) -> pd.Series:
    """The matched names of each row joined by ``;`` (in the order of ``names``), a str Series."""
    k = len(names)
    if k > 16:
        return pd.Series([";".join(n for n, hit in zip(names, row) if hit) for row in matched.tolist()],
                         index=index, dtype="str")
    codes = matched.astype(np.int64) @ (1 << np.arange(k, dtype=np.int64)) if len(matched) else np.zeros(0, int)
    table = [";".join(names[j] for j in range(k) if code >> j & 1) for code in range(1 << k)]
    return string_column(codes, table, index=index)


def _starts(sentences: pd.DataFrame) -> np.ndarray:
    if "start" in sentences.columns:
        return sentences["start"].to_numpy()
    return np.zeros(len(sentences), dtype=int)


def _matched_evidence(labeler: TopicLabeler, texts: list[str], starts: np.ndarray, matched: np.ndarray,
                      by_fallback: np.ndarray, words: Words | None = None):
    """Yield ``(row, term, topic, start, end, weight)`` for the topics that matched each row.

    Offsets are shifted by each row's ``starts`` (into the document text).
    """
    column = {name: j for j, name in enumerate(labeler.topics_)}
    for i in np.flatnonzero(matched.any(axis=1)):
        found = (labeler.evidence(texts[i], fallback=bool(by_fallback[i])) if words is None
                 else labeler._evidence_of(words, i, texts[i], fallback=bool(by_fallback[i])))
        for term, topic, a, b, weight in found:
            if matched[i, column[topic]]:
                yield i, term, topic, int(starts[i] + a), int(starts[i] + b), weight


def topic_evidence(sentences: pd.DataFrame, *, taxonomy=None, labeler: TopicLabeler | None = None,
                   index: Words | None = None) -> pd.DataFrame:
    """Long table of evidence: one row per matched term occurrence.

    Columns: ``doc_id``, ``sent_id``, ``topic``, ``term`` (as written),
    ``key`` (normalised term), ``start``, ``end`` (offsets into the document
    text) and ``weight``. Only topics that matched their sentence are listed.
    ``index`` is the word index of the sentences' texts, when the caller has
    built it (as for :func:`label_sentences`).
    """
    labeler = _labeler(taxonomy, labeler)
    texts = sentences["text"].tolist()
    check_index(index, texts)
    words = index if index is not None else Words(texts)
    scores, by_fallback = labeler._score(texts, words)
    matched = scores >= labeler.thresholds_
    doc_ids, sent_ids = sentences["doc_id"].to_numpy(), sentences["sent_id"].to_numpy()
    found = list(_matched_evidence(labeler, texts, _starts(sentences), matched, by_fallback, words))
    keys = forms_of([term for _, term, *_ in found])  # normalise_term of every term, read at once
    rows = [(doc_ids[i], sent_ids[i], topic, term, " ".join(key), start, end, weight)
            for (i, term, topic, start, end, weight), key in zip(found, keys)]
    frame = pd.DataFrame(rows, columns=["doc_id", "sent_id", "topic", "term", "key", "start", "end", "weight"])
    return frame.astype({"doc_id": "str", "topic": "str", "term": "str", "key": "str",
                         "sent_id": "int64", "start": "int64", "end": "int64", "weight": "float64"})


def document_topics(labels: pd.DataFrame, *, topics: list[str] | None = None,
                    documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Aggregate sentence labels into one row per document.

    Each sentence with at least one matched topic gives one unit, split
    between its matched topics in proportion to their scores; a topic's share
    is its units over the document's sentences. Shares sum to at most 1; the
    rest is the part no topic claims.

    Parameters
    ----------
    labels : pandas.DataFrame
        Sentence labels from :func:`label_sentences`.
    topics : list of str, optional
        The topic columns (default: those of the default taxonomy found in
        ``labels``).
    documents : pandas.DataFrame, optional
        The documents table: every document appears in the output, in its
        order, even one without sentences (shares 0, ``primary_topic`` none).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, one share column per topic, ``primary_topic``,
        ``n_sentences`` and ``coverage``.

    Examples
    --------
    >>> s = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [1, 2], "start": [0, 20],
    ...                   "text": ["Vaccine supplies.", "The weather was fine."]})
    >>> document_topics(label_sentences(s))[["doc_id", "health", "primary_topic", "coverage"]].values.tolist()
    [['a', 0.5, 'health', 0.5]]
    """
    if topics is None:
        topics = [t for t in load_taxonomy().names if t in labels.columns]
        if not topics:
            raise ValueError("labels has no topic columns; pass topics=[...]")
    missing = [t for t in topics + ["doc_id", "topics"] if t not in labels.columns]
    if missing:
        raise ValueError(f"labels lacks the columns {missing}")
    scores = labels[topics].to_numpy(dtype=float)
    names = np.asarray(topics, dtype=object)
    codes, uniques = pd.factorize(labels["topics"])  # few distinct topic lists: test each once
    if (codes < 0).any():  # a missing value: fail as before
        uniques, codes = labels["topics"].tolist(), np.arange(len(labels))
    table = np.array([[t in set(m.split(";")) for t in topics] for m in uniques], dtype=bool)
    matched = table.reshape(len(uniques), len(topics))[codes]
    used = np.where(matched, np.clip(scores, 0, None), 0.0)
    totals = used.sum(axis=1, keepdims=True)
    units = np.divide(used, totals, out=np.zeros_like(used), where=totals > 0)
    frame = pd.DataFrame(units, columns=topics)
    frame["doc_id"] = labels["doc_id"].to_numpy()
    grouped = frame.groupby("doc_id", sort=False)
    shares = grouped[topics].sum()
    n = grouped.size()
    score_sums = pd.DataFrame(used, columns=topics).groupby(labels["doc_id"].to_numpy(), sort=False).sum()
    shares = shares.div(n, axis=0)
    order = labels["doc_id"].drop_duplicates().tolist()
    if documents is not None:
        order = documents["doc_id"].tolist()
    shares = shares.reindex(order, fill_value=0.0)
    score_sums = score_sums.reindex(order, fill_value=0.0)
    n = n.reindex(order, fill_value=0)
    share_values = shares.to_numpy()
    # primary: largest share; ties by summed score, then taxonomy order
    key = share_values * 1e6 + score_sums.to_numpy() * 1e-6
    best = key.argmax(axis=1) if len(order) else np.zeros(0, dtype=int)
    primary = np.where(share_values.max(axis=1, initial=0) > 0, names[best] if len(order) else [], "none")
    columns = {"doc_id": pd.Series(order, dtype="str")}
    columns.update({name: share_values[:, j] for j, name in enumerate(topics)})
    columns["primary_topic"] = pd.Series(primary, dtype="str")
    columns["n_sentences"] = n.to_numpy().astype("int64")
    columns["coverage"] = np.round(share_values.sum(axis=1), 12)
    return pd.DataFrame(columns)
