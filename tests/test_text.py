"""Tests of analysis.text: sentence splitting with offsets."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.config import SEEDS_DIR
from analysis.corpus import load_corpus
from analysis.text import SENTENCE_COLUMNS, sentence_spans, split_sentences


def sentences_of(text: str, *, title: str = "") -> list[str]:
    return [text[s:e] for _, s, e in sentence_spans(text, title=title)]


def one_doc(text: str, title: str = "", doc_id: str = "d") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [doc_id], "title": [title], "text": [text]})


# --- boundaries ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. Senate met on Monday. It voted.", ["The U.S. Senate met on Monday.", "It voted."]),
        ("Talks began on Dec. 2 in Geneva. They ended.", ["Talks began on Dec. 2 in Geneva.", "They ended."]),
        ("Mr. Li met Mrs. Chen and Dr. Wang. All agreed.", ["Mr. Li met Mrs. Chen and Dr. Wang.", "All agreed."]),
        ("Resolution No. 5 passed. Another failed.", ["Resolution No. 5 passed.", "Another failed."]),
        ("He said no. Then he left.", ["He said no.", "Then he left."]),
        ("John F. Kennedy spoke. Crowds cheered.", ["John F. Kennedy spoke.", "Crowds cheered."]),
        ("U.S. officials met. They agreed.", ["U.S. officials met.", "They agreed."]),
    ],
)
def test_abbreviations_do_not_end_sentences(text, expected):
    assert sentences_of(text) == expected


def test_kazinform_dateline_stays_in_the_first_sentence():
    text = "NUR-SULTAN. KAZINFORM – President Tokayev met the minister. The talks ended."
    assert sentences_of(text) == [
        "NUR-SULTAN. KAZINFORM – President Tokayev met the minister.",
        "The talks ended.",
    ]


def test_xinhua_dateline_stays_in_the_first_sentence():
    text = "WASHINGTON, Dec. 2 (Xinhua) -- The U.S. Senate voted on Monday. It passed the bill."
    assert sentences_of(text) == [
        "WASHINGTON, Dec. 2 (Xinhua) -- The U.S. Senate voted on Monday.",
        "It passed the bill.",
    ]


def test_quotation_inside_a_sentence():
    text = '"We are ready," he said. Next sentence.'
    assert sentences_of(text) == ['"We are ready," he said.', "Next sentence."]


def test_closing_quote_belongs_to_its_sentence():
    text = "He said: \u201cWe are ready.\u201d The talks went on!  Did they end? Yes."
    assert sentences_of(text) == [
        "He said: \u201cWe are ready.\u201d",
        "The talks went on!",
        "Did they end?",
        "Yes.",
    ]


def test_decimals_do_not_end_sentences():
    text = "Growth was 3.5 percent in 2020. Prices rose 0.7 points."
    assert sentences_of(text) == ["Growth was 3.5 percent in 2020.", "Prices rose 0.7 points."]


def test_lower_case_after_a_full_stop_is_not_a_boundary():
    assert sentences_of("See the file e.g. on page two. Done.") == ["See the file e.g. on page two.", "Done."]


# --- the sentences table ---------------------------------------------------------------


def test_title_is_sentence_zero_and_body_counts_from_one():
    docs = pd.DataFrame({
        "doc_id": ["a", "b"],
        "title": ["Ministers meet", ""],
        "text": ["Ministers meet\n\nThe sides met. They agreed.\n\nA new paragraph.", "No title here. Two."],
    })
    sentences = split_sentences(docs)
    assert list(sentences.columns) == SENTENCE_COLUMNS
    assert sentences[["doc_id", "sent_id", "paragraph_id", "text"]].values.tolist() == [
        ["a", 0, 0, "Ministers meet"],
        ["a", 1, 1, "The sides met."],
        ["a", 2, 1, "They agreed."],
        ["a", 3, 2, "A new paragraph."],
        ["b", 1, 1, "No title here."],
        ["b", 2, 1, "Two."],
    ]
    for column in ("sent_id", "paragraph_id", "start", "end"):
        assert sentences[column].dtype == "int64"


def test_offsets_slice_the_document_text():
    text = "Ministers meet\n\n  The sides met.   They agreed.\n\n\nA new paragraph.\n"
    docs = one_doc(text, title="Ministers meet")
    sentences = split_sentences(docs)
    for row in sentences.itertuples():
        assert text[row.start:row.end] == row.text
    assert sentences["text"].tolist() == ["Ministers meet", "The sides met.", "They agreed.", "A new paragraph."]


def test_title_not_at_start_of_text_is_not_sentence_zero():
    sentences = split_sentences(one_doc("Body first. Then more.", title="Elsewhere"))
    assert sentences["sent_id"].tolist() == [1, 2]


def test_document_without_text_has_no_sentences():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "title": ["", ""], "text": ["", "One sentence."]})
    sentences = split_sentences(docs)
    assert sentences["doc_id"].tolist() == ["b"]


def test_split_sentences_does_not_mutate_input():
    docs = one_doc("Title\n\nBody. More.", title="Title")
    before = docs.copy()
    split_sentences(docs)
    pd.testing.assert_frame_equal(docs, before)


def test_split_sentences_requires_text_column():
    with pytest.raises(ValueError, match="'text'"):
        split_sentences(pd.DataFrame({"doc_id": ["a"], "body": ["x"]}))


SEED_SENTENCE_STARTS = [
    "Kazakhstan, China ready to deepen strategic partnership",
    "NUR-SULTAN. KAZINFORM \u2013 President of Kazakhstan",
    "During the talks, the sides discussed",
    "Kassym-Jomart Tokayev lauded",
    "The Head of State continued",
    "The President confirmed his invitation",
    "Wang Yi, in turn, conveyed",
    "China is ready to strengthen",
    "The Chinese diplomat also revealed",
    "Additionally, Wang Yi noted",
    "During the talks, the sides also reviewed",
    "The Head of State thanked",
    "In conclusion, the sides reiterated",
]


def test_seed_splits_into_thirteen_sentences():
    documents, _ = load_corpus(SEEDS_DIR)
    sentences = split_sentences(documents)
    assert len(sentences) == 13
    assert sentences["sent_id"].tolist() == list(range(13))
    assert sentences["paragraph_id"].tolist() == [0, 1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 9, 10]
    for text, start in zip(sentences["text"], SEED_SENTENCE_STARTS):
        assert text.startswith(start), (text, start)
    assert sentences["text"].iloc[0] == documents["title"].iloc[0]
    assert sentences["text"].iloc[6].endswith("strategic partner in the region.")
    assert sentences["text"].iloc[12].endswith("in the long-term.")
    text = documents["text"].iloc[0]
    for row in sentences.itertuples():
        assert text[row.start:row.end] == row.text


# --- properties ------------------------------------------------------------------------

ODD_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list(".!?\"'\u201c\u201d\u2019()[]\n\r\t \u2028\u00a0\u2013-,;:0123456789ABCxyz")),
    ),
    max_size=200,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ODD_TEXT, title=st.one_of(st.just(""), st.text(max_size=20)))
def test_spans_slice_the_text_in_order(text, title):
    if title and not text.startswith(title):
        text = title + "\n\n" + text
    spans = sentence_spans(text, title=title)
    previous_end = 0
    for paragraph_id, start, end in spans:
        assert 0 <= previous_end <= start < end <= len(text)
        assert text[start:end].strip()
        assert text[start:end] == text[start:end].strip()
        previous_end = end
    documents = pd.DataFrame({"doc_id": ["d"], "title": [title], "text": [text]})
    sentences = split_sentences(documents)
    assert len(sentences) == len(spans)
    for row in sentences.itertuples():
        assert text[row.start:row.end] == row.text
    assert sentences["sent_id"].is_monotonic_increasing and sentences["sent_id"].is_unique


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(
    st.binary(max_size=300),
    st.builds(lambda d, rest: b" date " + d.encode() + b" " + rest,
              st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"), st.binary(max_size=200)),
))
def test_any_bytes_load_as_a_document_or_a_report_row(tmp_path, raw):
    path = tmp_path / "any.txt"
    path.write_bytes(raw)
    documents, report = load_corpus(path)
    assert len(documents) == 1 or len(report) >= 1
    assert len(documents) <= 1
    if len(documents) == 0:
        assert report["action"].iloc[0] == "skipped"
    else:
        split_sentences(documents)  # and what loads also splits


def test_word_before_the_dot_read_backwards_matches_the_search():
    import random

    from analysis.text import _is_abbreviation

    rng = random.Random(5)
    pieces = ["Mr", "U.S", "No", "no", "Dec", "e.g", "J", "NUR-SULTAN", "KAZINFORM", "O'Neil", "’s", "-", "3",
              "talks", " ", " ", ".", ". ", "–", "(", "\u00e9t\u00e9", "x.y"]
    for _ in range(3000):
        paragraph = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) + "."
        reverse = paragraph[::-1]
        for dot in [i for i, c in enumerate(paragraph) if c == "."]:
            assert _is_abbreviation(paragraph, dot, reverse) == _is_abbreviation(paragraph, dot), (paragraph, dot)


# --- the splitter against its old definition -------------------------------------------
# split_sentences finds the boundaries of all documents at once with numpy and decides most
# abbreviations from the characters before the dot. The definition it replaced (one regular
# expression per paragraph, _is_abbreviation at every dot) is kept here as the reference.

_REF_PARAGRAPH = re.compile(r"[^\n]+")
_REF_BOUNDARY = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9\u0400-\u042F])")


def reference_spans(text: str, *, title: str = "") -> list[tuple[int, int, int]]:
    from analysis.text import _is_abbreviation

    spans = []

    def append(paragraph_id, paragraph, base, start, end):
        piece = paragraph[start:end]
        stripped = piece.strip()
        if stripped:
            left = start + (len(piece) - len(piece.lstrip()))
            spans.append((paragraph_id, base + left, base + left + len(stripped)))

    body_from = 0
    title = title.strip()
    if title and text.startswith(title) and (len(text) == len(title) or text[len(title)] == "\n"):
        spans.append((0, 0, len(title)))
        body_from = len(title)
    paragraph_id = 0
    for para in _REF_PARAGRAPH.finditer(text, body_from):
        paragraph = para.group()
        if not paragraph.strip():
            continue
        paragraph_id += 1
        start = 0
        for boundary in _REF_BOUNDARY.finditer(paragraph):
            if paragraph[boundary.start()] == "." and _is_abbreviation(paragraph, boundary.start()):
                continue
            append(paragraph_id, paragraph, para.start(), start, boundary.end())
            start = boundary.end()
        append(paragraph_id, paragraph, para.start(), start, len(paragraph))
    return spans


def reference_sentences(documents: pd.DataFrame) -> pd.DataFrame:
    titles = documents["title"] if "title" in documents.columns else pd.Series([""] * len(documents))
    rows = []
    for doc_id, text, title in zip(documents["doc_id"], documents["text"], titles):
        text = "" if not isinstance(text, str) else text
        spans = reference_spans(text, title=title if isinstance(title, str) else "")
        first = 0 if spans and spans[0][0] == 0 else 1
        rows += [(doc_id, k + first, p, s, e, text[s:e]) for k, (p, s, e) in enumerate(spans)]
    columns = list(zip(*rows)) if rows else [[]] * 6
    return pd.DataFrame({name: pd.Series(list(values), dtype="str" if name in ("doc_id", "text") else "int64")
                         for name, values in zip(SENTENCE_COLUMNS, columns)})


#: Pieces of tricky text: abbreviations, initials, datelines, numbers, marks and quotes of every
#: kind, white space of every kind (long runs too), other scripts and case oddities.
TRICKY_PIECES = [
    "Mr", "Mrs", "Dr", "U.S", "u.s.a", "No", "no", "Nos", "Vol", "Dec", "dec", "e.g", "i.e", "a.m", "J", "j", "Q",
    "NUR-SULTAN", "KAZINFORM", "WASHINGTON,", "AP", "UN", "EU", "O'Neil", "’s", "'", "’", "2024", "5", "3.5",
    "x.y", "A.B.C", "_", "-", "–", "talks", "minister", "accusations", "President", "Tokayev", "Messrs",
    "approx", "APPROX", "MESSRS", "Inc", "ltd", "vs", "v", "etc", "St", "Sept", "thurs",
    " ", " ", " ", "  ", "          ", "\t", "\u00a0", "\u2028", "\u3000", "\r", "\x1c", "\x85", "\u200b",
    "\n", "\n", "\n\n", " \n ",
    ".", ".", ".", ". ", ". ", "...", "?", "!", "?!", ".\"", ".'", ".”", ".’", ".»", ".)", ".]", "\"\"\"\"\"\"\"\"\"",
    "\"", "“", "‘", "«", "(", "[", ")", "]", ",", ";", ":",
    "É", "é", "Ж", "ж", "Привет", "Ѐ", "Я", "ё", "İ", "ı", "ſ", "\u212a", "Σ", "ß", "ﬁ", "ǅ", "日本", "٣",
    "\U0001f600", "\U00010400",
]


def tricky_text(rng, size):
    return "".join(rng.choice(TRICKY_PIECES) for _ in range(rng.randint(0, size)))


def test_sentence_spans_match_the_old_definition_on_tricky_texts():
    import random

    rng = random.Random(11)
    for _ in range(4000):
        text = tricky_text(rng, 40)
        title = rng.choice(["", text.split("\n")[0], " " + text.split("\n")[0] + " ", "Mr. X", text[:5]])
        assert sentence_spans(text, title=title) == reference_spans(text, title=title), (text, title)


def test_split_sentences_matches_the_old_definition_on_tricky_documents():
    import random

    rng = random.Random(12)
    for _ in range(150):
        texts = [tricky_text(rng, 60) for _ in range(rng.randint(0, 12))]
        texts = [rng.choice([t, t, t, "", None, float("nan"), "   \n\t "]) for t in texts]
        titles = [rng.choice(["", None, t.split("\n")[0] if isinstance(t, str) else "x", "Elsewhere"]) for t in texts]
        doc_ids = rng.choice([[f"d{i}" for i in range(len(texts))], list(range(len(texts)))])
        documents = pd.DataFrame({"doc_id": doc_ids, "text": texts, "title": titles}, index=range(5, 5 + len(texts)))
        for frame in (documents, documents.drop(columns="title")):
            pd.testing.assert_frame_equal(split_sentences(frame), reference_sentences(frame), check_exact=True)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(ODD_TEXT, max_size=4), title=st.one_of(st.just(""), st.text(max_size=20)))
def test_split_sentences_matches_the_old_definition(texts, title):
    documents = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))], "title": [title] * len(texts),
                              "text": [title + "\n" + t if i % 2 else t for i, t in enumerate(texts)]})
    pd.testing.assert_frame_equal(split_sentences(documents), reference_sentences(documents), check_exact=True)


def test_white_space_of_the_splitter_is_that_of_str_strip():
    from analysis.text import _CLASS_LIMIT, _CLASSES, _SPACE

    spaces = [c for c in range(0x110000) if chr(c).isspace()]
    assert max(spaces) < _CLASS_LIMIT
    assert [c for c in range(_CLASS_LIMIT) if _CLASSES[c] & _SPACE] == [c for c in spaces if c != 10]


def test_skip_moves_over_long_runs_both_ways():
    import numpy as np

    from analysis.text import _SPACE, _code_points, _skip

    text = "a" + " " * 50 + "b\u3000\u3000c"
    codes = _code_points(text)
    assert _skip(codes, np.array([1, 0, 52]), _SPACE, len(text)).tolist() == [51, 0, 54]
    assert _skip(codes, np.array([50, 53]), _SPACE, -1, -1).tolist() == [0, 51]
    assert _skip(codes, np.array([50]), _SPACE, 20, -1).tolist() == [20]


@pytest.mark.parametrize("text", ["", "plain ascii text", "é and 日本 and \U0001f600 and\n", "\ud800 lone"])
def test_slice_column_is_the_list_of_slices(text):
    import random

    from analysis.text import slice_column

    rng = random.Random(len(text))
    for _ in range(50):
        cuts = sorted(rng.randint(0, len(text)) for _ in range(2 * rng.randint(0, 6)))
        starts, ends = cuts[::2], cuts[1::2]
        if rng.random() < 0.2:
            starts, ends = starts[::-1], ends[::-1]  # out of order: made from the slices
        if "\ud800" in text:
            with pytest.raises(UnicodeEncodeError):
                pd.Series([text], dtype="str")
            continue
        expected = pd.Series([text[s:e] for s, e in zip(starts, ends)], dtype="str")
        pd.testing.assert_series_equal(slice_column(text, starts, ends), expected, check_exact=True)
