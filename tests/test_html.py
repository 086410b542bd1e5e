"""Tests of analysis.html: escaped text with highlighted evidence spans."""

from __future__ import annotations

import re

import pandas as pd
from pandas.testing import assert_frame_equal

from analysis.html import evidence_html, highlight

MARK = re.compile(r'<mark style="background:([^"]*)" title="([^"]*)">(.*?)</mark>')


def marked(html_text: str) -> list[tuple[str, str]]:
    """(title, inner text) of every <mark> in ``html_text``."""
    return [(title, inner) for _, title, inner in MARK.findall(html_text)]


def test_highlight_escapes_markup_and_ampersands():
    text = "<script>alert(1)</script> & tariffs"
    start = text.index("tariffs")
    out = highlight(text, [(start, start + 7, "trade")])
    assert "<script" not in out
    assert out.startswith("&lt;script&gt;alert(1)&lt;/script&gt; &amp; ")
    assert marked(out) == [("trade", "tariffs")]


def test_highlight_wraps_exactly_the_term():
    text = "Steel tariffs rose."
    out = highlight(text, [(6, 13, "trade")], colors={"trade": "#d95f02"})
    assert out == 'Steel <mark style="background:#d95f0233" title="trade">tariffs</mark> rose.'


def test_highlight_escapes_a_marked_term_and_its_attributes():
    text = "R&D <spending>"
    out = highlight(text, [(0, 3, 'a"b'), (4, 14, "x")], colors={'a"b': '"><script>'})
    assert "<script" not in out and "<spending>" not in out
    assert ">R&amp;D</mark>" in out
    assert ">&lt;spending&gt;</mark>" in out
    assert 'title="a&quot;b"' in out


def test_highlight_overlapping_spans_keep_the_first():
    text = "foreign direct investment fund"
    # (0, 25) starts first; (8, 30) overlaps it and is dropped; at the same start the longer span wins
    out = highlight(text, [(8, 30, "b"), (0, 7, "c"), (0, 25, "a")])
    assert marked(out) == [("a", "foreign direct investment")]
    assert out.endswith("</mark> fund")


def test_highlight_adjacent_spans_are_both_kept():
    out = highlight("taxtariff", [(3, 9, "b"), (0, 3, "a")])
    assert marked(out) == [("a", "tax"), ("b", "tariff")]


def test_highlight_ignores_out_of_range_and_empty_spans():
    text = "abc & def"
    out = highlight(text, [(-1, 2, "neg"), (5, 100, "past"), (4, 4, "empty"), (6, 2, "reversed")])
    assert out == "abc &amp; def"
    assert highlight(text, []) == "abc &amp; def"


def labels_frame() -> pd.DataFrame:
    doc = "Trade news\n\n<script>alert('x')</script> & tariffs rose. Rain fell."
    first = doc.index("<script>")
    second = doc.index("Rain")
    return pd.DataFrame({
        "doc_id": ["d", "d", "d", "other"],
        "sent_id": [0, 1, 2, 0],
        "start": [0, first, second, 0],
        "text": ["Trade news", doc[first:second - 1], "Rain fell.", "Tariffs elsewhere."],
        "topics": ["trade", "trade", "", "trade"],
        "speaker": ["narrator", "<b>Bob & Co</b>", "narrator", "narrator"],
        "tone": [0.0, -0.5, 0.25, 0.0],
        "stance": [0.0, 0.0, 0.0, 0.0],
    }), doc


def evidence_frame(doc: str) -> pd.DataFrame:
    tariffs = doc.index("tariffs")
    return pd.DataFrame({
        "doc_id": ["d", "d", "other"],
        "sent_id": [0, 1, 0],
        "topic": ["trade", "trade", "trade"],
        "start": [0, tariffs, 0],
        "end": [5, tariffs + 7, 7],
    })


def test_evidence_html_escapes_sentences_and_cells():
    labels, doc = labels_frame()
    out = evidence_html(labels, evidence_frame(doc), doc_id="d", colors={"trade": "#d95f02"})
    assert "<script" not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; " in out
    assert "&lt;b&gt;Bob &amp; Co&lt;/b&gt;" in out
    assert "<b>" not in out


def test_evidence_html_marks_evidence_at_document_offsets():
    labels, doc = labels_frame()
    out = evidence_html(labels, evidence_frame(doc), doc_id="d")
    # offsets into the document are moved to the sentence: the marks wrap the terms
    assert marked(out) == [("trade", "Trade"), ("trade", "tariffs")]


def test_evidence_html_one_row_per_sentence_of_the_document():
    labels, doc = labels_frame()
    before = labels.copy()
    out = evidence_html(labels, evidence_frame(doc), doc_id="d", columns=("topics", "tone", "missing"))
    assert out.count("<tr>") == 1 + 3  # header and the three sentences of d
    assert "Tariffs elsewhere" not in out
    assert "<th>tone</th>" in out and "missing" not in out and "<th>speaker</th>" not in out
    assert "-0.50" in out and "+0.25" in out  # floats shown signed, two decimals
    assert_frame_equal(labels, before)
