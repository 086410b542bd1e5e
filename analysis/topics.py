"""Label sentences and documents with topics from a taxonomy, keeping evidence.

The taxonomy is a TOML file (``analysis/data/taxonomy.toml`` by default): one
table per topic, with weighted ``terms`` (words and multi-word phrases; either
flat ``term = weight`` entries or blocks, sub-tables such as ``[trade.terms.1807]``
with a ``subtopic`` label and their own ``term = weight`` entries), optional
``fallback`` terms that count only in sentences no topic claims through its
terms (context words such as country names), optional ``exclude`` phrases that
cancel the terms inside them, an optional
``threshold`` and ``description``. A user adds a topic by adding a table.

Scoring is vectorised: a fixed-vocabulary :class:`~sklearn.feature_extraction.text.CountVectorizer`
counts every term and phrase, and one sparse product with the term-by-topic
weight matrix gives each sentence a score per topic. A topic *matches* a
sentence when its score reaches the topic's threshold (1.0 by default).
Evidence (the matched terms with their offsets) is found by one compiled
pattern, and only in sentences that matched.

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
from functools import cached_property
from itertools import repeat
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer

from .config import TAXONOMY_PATH, read_toml
from .text import _SLOW_SHARE, TokenIndex, _byte_runs, _token_bounds, plural_forms, string_column, trie_regex

__all__ = [
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
#: Tokens are runs of letters and digits, lower-cased (so "COVID-19" is "covid 19").
TOKEN_PATTERN = r"(?u)\b\w+\b"
_TOKEN = re.compile(TOKEN_PATTERN)
#: The same tokens, and the boundary between joined texts (see TopicLabeler._counts).
_BOUNDARY = "\x00"
_COUNT_TOKEN = re.compile(r"\w+|\x00")
_IS_WORD: np.ndarray | None = None  # code point < 0x10000 -> is it a \w character (built on first use)


def _word_tokens(text: str) -> list[str]:
    """``_COUNT_TOKEN.findall(text)``, faster: non-word characters become spaces, then ``str.split``.

    Examples
    --------
    >>> _word_tokens("covid-19: Trade, l'état")
    ['covid', '19', 'Trade', 'l', 'état']
    """
    is_word = _word_characters()
    if text.isascii():
        codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8).copy()
        codes[~is_word[codes]] = 32
        return codes.tobytes().decode("ascii").split()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
    if codes.max() > 0xFFFF:  # characters beyond the basic plane: let the pattern decide
        return _COUNT_TOKEN.findall(text)
    codes[~is_word[codes]] = 32
    return codes.tobytes().decode("utf-32-le", "surrogatepass").split()


# ASCII byte -> 1 for a character of a _word_tokens token (letters, digits, "_", the boundary), else 0
_WORD_BYTES = bytes(int(chr(b).isalnum() or b in (0, 95)) for b in range(128)) + bytes(128)


def _word_characters() -> np.ndarray:
    """Code point (< 0x10000) -> is it a character of a :func:`_word_tokens` token (built on first use)."""
    global _IS_WORD
    if _IS_WORD is None:  # \w is str.isalnum() or "_"
        _IS_WORD = np.fromiter((chr(c).isalnum() or c == 95 for c in range(0x10000)), dtype=bool, count=0x10000)
        _IS_WORD[0] = True  # keep the boundary
    return _IS_WORD


class TaxonomyError(ValueError):
    """An invalid taxonomy; the message names the file, topic and field."""


def normalise_term(term: str) -> str:
    """Return a term as the vectorizer sees it: lower-case tokens joined by spaces.

    Examples
    --------
    >>> normalise_term("COVID-19")
    'covid 19'
    >>> normalise_term("  Trade   Turnover ")
    'trade turnover'
    """
    return " ".join(_TOKEN.findall(term.lower()))


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


def _weighted_terms(terms: Mapping, path, name: str, field_: str) -> dict[str, float]:
    clean: dict[str, float] = {}
    for term, weight in terms.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not weight > 0:
            raise _fail(path, name, field_, f"the weight of {term!r} must be a positive number, got {weight!r}")
        key = normalise_term(term)
        if not key:
            raise _fail(path, name, field_, f"the term {term!r} has no letters or digits")
        clean[key] = max(float(weight), clean.get(key, 0.0))
    return clean


def _term_blocks(terms: Mapping, path, name: str) -> tuple[dict[str, float], dict[str, str]]:
    """The terms of a topic, flat or in blocks, and each block's ``subtopic`` label.

    A value that is a table is a block: a ``subtopic`` string (optional) and ``term = weight``
    entries. A term found in several blocks keeps its largest weight.
    """
    clean: dict[str, float] = {}
    subtopics: dict[str, str] = {}
    flat = {term: weight for term, weight in terms.items() if not isinstance(weight, Mapping)}
    if flat:
        clean.update(_weighted_terms(flat, path, name, "terms"))
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
        for term, weight in _weighted_terms(weights, path, name, where).items():
            clean[term] = max(weight, clean.get(term, 0.0))
        subtopics[str(block)] = label
    return clean, subtopics


def _is_color(color) -> bool:
    """True for a colour string matplotlib can draw (checked at load, not when plotting)."""
    from matplotlib.colors import is_color_like

    return isinstance(color, str) and is_color_like(color)


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
        clean, subtopics = _term_blocks(terms, path, name)
        fallback = spec.get("fallback", {})
        if not isinstance(fallback, Mapping):
            raise _fail(path, name, "fallback", "must be a table of term = weight")
        fallback = _weighted_terms(fallback, path, name, "fallback")
        exclude = spec.get("exclude", [])
        if not isinstance(exclude, list) or not all(isinstance(e, str) and normalise_term(e) for e in exclude):
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
        topics.append(Topic(name, clean, tuple(normalise_term(e) for e in exclude), fallback, float(threshold),
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


class TopicLabeler(TransformerMixin, BaseEstimator):
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
        max_n = max(t.count(" ") + 1 for t in order)
        self.vectorizer_ = CountVectorizer(vocabulary=self.vocabulary_, ngram_range=(1, max_n),
                                           token_pattern=TOKEN_PATTERN, lowercase=True, dtype=np.float64)
        self._compile_ngrams(order, max_n)
        self.excluded_ = excluded
        # the evidence patterns are compiled when first used (only the sentence level reports evidence)
        self.__dict__.pop("pattern_", None)
        self.__dict__.pop("term_pattern_", None)
        return self

    @cached_property
    def pattern_(self) -> re.Pattern:
        """Every vocabulary term, as one trie-shaped pattern: longest match wins, as with a longest-first
        alternation (compiled on first use)."""
        return _term_pattern(list(self.vocabulary_))

    @cached_property
    def term_pattern_(self) -> re.Pattern:
        """:attr:`pattern_` without the fallback-only and exclusion-only forms (compiled on first use)."""
        return _term_pattern([t for t in self.vocabulary_ if self.declared_[t].any()])

    def _compile_ngrams(self, order: list[str], max_n: int) -> None:
        """Word-id tables that count the vocabulary's n-grams as ``vectorizer_`` does.

        Each word of the vocabulary gets an id (then one id for every other
        token and one for the boundary between texts); an n-gram is the
        base-``n_ids`` number of its word ids, looked up in the sorted codes
        of the vocabulary's n-word terms.
        """
        words = sorted({w for term in order for w in term.split(" ")})
        word_ids = {w: i for i, w in enumerate(words)}
        base = len(words) + 2  # unknown token: len(words); text boundary: len(words) + 1
        word_ids[_BOUNDARY] = len(words) + 1
        self._word_ids = word_ids
        self._token_index = TokenIndex(word_ids)
        self._ngrams = None
        if base ** max_n >= 2 ** 62:  # pragma: no cover - codes would overflow: use the vectorizer
            return
        unigrams = np.full(base, -1, dtype=np.int64)
        ngrams = {}
        for n in range(2, max_n + 1):
            terms = [t for t in order if t.count(" ") == n - 1]
            if not terms:
                continue
            codes = []
            first = np.zeros(base, dtype=bool)
            for term in terms:
                code = 0
                for w in term.split(" "):
                    code = code * base + word_ids[w]
                codes.append(code)
                first[word_ids[term.split(" ")[0]]] = True
            codes = np.array(codes, dtype=np.int64)
            columns = np.array([self.vocabulary_[t] for t in terms], dtype=np.int64)
            sort = np.argsort(codes, kind="stable")
            ngrams[n] = (codes[sort], columns[sort], first)
        for term in order:
            if " " not in term:
                unigrams[word_ids[term]] = self.vocabulary_[term]
        self._ngrams = (base, unigrams, ngrams)

    def _counts(self, texts: list[str]) -> sp.csr_matrix:
        """Term counts of each text, shape ``(n_texts, n_terms)``; the same matrix as ``vectorizer_.transform``.

        All texts are tokenised by one pattern over their joined lower-case
        text; n-grams are matched with array operations on word ids.
        """
        if self._ngrams is None:  # pragma: no cover
            return self.vectorizer_.transform(texts)
        base, unigrams, ngrams = self._ngrams
        joined = f" {_BOUNDARY} ".join(texts)
        if joined.count(_BOUNDARY) != max(len(texts) - 1, 0):  # a text holds the boundary character
            joined = f" {_BOUNDARY} ".join(t.replace(_BOUNDARY, " ") for t in texts)
        ids = self._token_ids(joined.lower(), default=base - 2)
        m = len(ids)
        row = np.cumsum(ids == base - 1)
        columns = unigrams[ids]
        hit = np.flatnonzero(columns >= 0)
        rows_found, cols_found = [row[hit]], [columns[hit]]
        for n, (codes, cols, first) in ngrams.items():
            if n > m:
                continue
            cand = np.flatnonzero(first[ids[: m - n + 1]])
            code = ids[cand]
            for k in range(1, n):
                code = code * base + ids[cand + k]
            pos = np.searchsorted(codes, code).clip(max=len(codes) - 1)
            found = codes[pos] == code
            rows_found.append(row[cand[found]])
            cols_found.append(cols[pos[found]])
        rows = np.concatenate(rows_found)
        cols = np.concatenate(cols_found)
        counts = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(self.vocabulary_)),
                               dtype=np.float64)
        counts.sum_duplicates()  # also sorts the indices, as CountVectorizer does
        return counts

    def _token_ids(self, text: str, *, default: int) -> np.ndarray:
        """The word id of each token of :func:`_word_tokens` of ``text`` (``default`` when unknown).

        The tokens are found as runs of word characters in the text's code points and looked
        up by a :class:`TokenIndex`, without a string per token. Text with many tokens that are
        not ASCII (another script) is looked up by the token strings, which is then faster.
        """
        if text.isascii():
            data = text.encode("ascii")
            starts, ends = _byte_runs(data, _WORD_BYTES)
            return self._token_index.ids(data, starts, ends - starts, lambda i: text[starts[i]:ends[i]],
                                         default=default)
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        other = np.flatnonzero(codes >= 128)  # tokens with such characters are looked up by string
        # mostly another script, or characters beyond the basic plane (the pattern decides): strings
        if len(other) * _SLOW_SHARE > len(codes) or codes.max() > 0xFFFF:
            tokens = _word_tokens(text)
            return np.fromiter(map(self._word_ids.get, tokens, repeat(default)), dtype=np.int64, count=len(tokens))
        starts, ends = _token_bounds(_word_characters()[codes])
        slow = np.searchsorted(other, ends) > np.searchsorted(other, starts)
        return self._token_index.ids(codes.astype(np.uint8), starts, ends - starts, lambda i: text[starts[i]:ends[i]],
                                     default=default, slow=slow)

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            self.fit()

    def transform(self, X) -> np.ndarray:
        """Return the topic scores of each text, shape ``(n_texts, n_topics)``."""
        self._check_fitted()
        texts = ["" if not isinstance(x, str) else x for x in X]
        return self._score(texts)[0]

    def _score(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Scores and a mask of the rows matched through fallback terms."""
        if not texts:
            return np.zeros((0, len(self.topics_))), np.zeros(0, dtype=bool)
        counts = self._counts(texts)
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
        >>> TopicLabeler().evidence("Trade turnover grew.")
        [('Trade turnover', 'trade', 0, 14, 2.0)]
        """
        self._check_fitted()
        found = []
        for match in self.pattern_.finditer(text):
            key = normalise_term(match.group())
            row = self.declared_.get(key)
            if row is None:
                continue
            if fallback and key in self.fallback_:
                row = row + self.fallback_[key]
            if key in self.excluded_:
                # inside an exclusion phrase, the terms of the topics it does not cancel still count
                for inner in self.term_pattern_.finditer(text, match.start(), match.end()):
                    inner_row = self.declared_[normalise_term(inner.group())]
                    for j in np.flatnonzero(inner_row > 0):
                        if j not in self.excluded_[key]:
                            found.append((inner.group(), self.topics_[j], inner.start(), inner.end(),
                                          float(inner_row[j])))
                continue
            for j in np.flatnonzero(row > 0):
                found.append((match.group(), self.topics_[j], match.start(), match.end(), float(row[j])))
        return found


def _term_pattern(terms: list[str]) -> re.Pattern:
    """One pattern matching any of ``terms`` as whole words, words joined by any non-word characters."""
    return re.compile(r"(?<!\w)(?:" + trie_regex(terms, space=r"\W+") + r")(?!\w)", re.IGNORECASE)


def _labeler(taxonomy, labeler) -> TopicLabeler:
    if labeler is not None:
        if not isinstance(labeler, TopicLabeler):
            raise ValueError(f"labeler must be a TopicLabeler, not {type(labeler).__name__}")
        labeler._check_fitted()
        return labeler
    return TopicLabeler(taxonomy).fit()


def label_sentences(sentences: pd.DataFrame, *, taxonomy=None, labeler: TopicLabeler | None = None,
                    evidence: bool = True) -> pd.DataFrame:
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
    if not isinstance(evidence, bool):
        raise ValueError(f"evidence must be True or False, not {evidence!r}")
    labeler = _labeler(taxonomy, labeler)
    names = labeler.topics_
    out = sentences.copy()
    texts = out["text"].tolist()
    scores, by_fallback = labeler._score(texts)
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
    for i, term, topic, start, end, _ in _matched_evidence(labeler, texts, _starts(out), matched, by_fallback):
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
                      by_fallback: np.ndarray):
    """Yield ``(row, term, topic, start, end, weight)`` for the topics that matched each row.

    Offsets are shifted by each row's ``starts`` (into the document text).
    """
    column = {name: j for j, name in enumerate(labeler.topics_)}
    for i in np.flatnonzero(matched.any(axis=1)):
        for term, topic, a, b, weight in labeler.evidence(texts[i], fallback=bool(by_fallback[i])):
            if matched[i, column[topic]]:
                yield i, term, topic, int(starts[i] + a), int(starts[i] + b), weight


def topic_evidence(sentences: pd.DataFrame, *, taxonomy=None, labeler: TopicLabeler | None = None) -> pd.DataFrame:
    """Long table of evidence: one row per matched term occurrence.

    Columns: ``doc_id``, ``sent_id``, ``topic``, ``term`` (as written),
    ``key`` (normalised term), ``start``, ``end`` (offsets into the document
    text) and ``weight``. Only topics that matched their sentence are listed.
    """
    labeler = _labeler(taxonomy, labeler)
    texts = sentences["text"].tolist()
    scores, by_fallback = labeler._score(texts)
    matched = scores >= labeler.thresholds_
    doc_ids, sent_ids = sentences["doc_id"].to_numpy(), sentences["sent_id"].to_numpy()
    found = _matched_evidence(labeler, texts, _starts(sentences), matched, by_fallback)
    rows = [(doc_ids[i], sent_ids[i], topic, term, normalise_term(term), start, end, weight)
            for i, term, topic, start, end, weight in found]
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
