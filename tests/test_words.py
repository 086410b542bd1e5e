"""Tests of analysis.words: the one word index of the suite, against a plain reference."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.words import APOSTROPHES, MARKS, Words, count_words, word_forms

_CLITIC = re.compile(r"(?<=.)[" + APOSTROPHES + r"](?:[sS]|[dD]|[mM]|[lL][lL]|[rR][eE]|[vV][eE])$", re.DOTALL)


def _letter(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


def reference_tokens(text: str) -> list[tuple[int, int, bool]]:
    """The definition of analysis.words, character by character: (start, end, is_mark) of each token."""
    out = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in MARKS:
            out.append((i, i + 1, True))
            i += 1
        elif _letter(char) or char in APOSTROPHES:
            j = i
            while j < n and (_letter(text[j]) or text[j] in APOSTROPHES):
                j += 1
            s, e = i, j
            while s < e and not _letter(text[s]):
                s += 1
            while e > s and not _letter(text[e - 1]):
                e -= 1
            clitic = _CLITIC.search(text[s:e])
            if clitic:
                e = s + clitic.start()
                while e > s and not _letter(text[e - 1]):
                    e -= 1
            if s < e:
                out.append((s, e, False))
            i = j
        else:
            i += 1
    return out


def reference_form(token: str) -> str:
    form = token.lower()
    for apostrophe in APOSTROPHES:
        form = form.replace(apostrophe, "")
    return form


_ALPHABET = "aZé0 .,;:!?–—-'’‘sSdlLreEvm_$\n\x00İſ😀\u0301\u2028xyz"


@given(st.lists(st.text(_ALPHABET, max_size=25), max_size=6))
@settings(max_examples=400, deadline=None)
def test_tokens_and_forms_are_the_reference(texts):
    words = Words(texts)
    got = [(int(a - words.text_starts[t]), int(b - words.text_starts[t]), bool(m), int(t))
           for a, b, m, t in zip(words.starts, words.ends, words.is_mark, words.text_of)]
    expected = [(a, b, m, k) for k, text in enumerate(texts) for a, b, m in reference_tokens(text)]
    assert got == expected
    assert [words.forms[f] for f in words.form] == [reference_form(words.token(i)) for i in range(len(words))]
    assert len(set(words.forms)) == len(words.forms)  # one id per form
    assert words.n_words().tolist() == [sum(not m for *_, m in reference_tokens(t)) for t in texts]
    assert words.offsets().tolist() == [a for text in texts for a, _, _ in reference_tokens(text)]


def test_examples_of_the_definition():
    assert word_forms("COVID-19 vaccines, women's health") == ["covid", "19", "vaccines", "women", "health"]
    assert word_forms("I'll say we're fine, they've said; don't") == ["i", "say", "we", "fine", "they", "said",
                                                                         "dont"]
    assert word_forms("'Quoted' students' O’Neill rock'n'roll $5bn U.S.") == [
        "quoted", "students", "oneill", "rocknroll", "5bn", "u", "s"]
    assert count_words(["Don't stop, please.", "", None, "—"]).tolist() == [3, 0, 0, 0]


def test_long_and_ascii_words_share_ids_with_the_others():
    texts = ["abcdefghijklmnopqrstu Abcdefghijklmnopqrstu", "dont don't DON’T", "état ÉTAT", "a" * 16 + " " + "A" * 16]
    words = Words(texts)
    forms = [words.forms[f] for f in words.form]
    assert forms == ["abcdefghijklmnopqrstu"] * 2 + ["dont"] * 3 + ["état"] * 2 + ["a" * 16] * 2
    assert len(set(words.form[:2])) == 1 and len(set(words.form[2:5])) == 1 and len(set(words.form[7:])) == 1


def test_ids_and_capitals():
    words = Words(["The GOOD and the bad", "NOT"])
    assert words.ids({"good": 1, "bad": 2, "not": 3}, default=0).tolist() == [0, 1, 0, 0, 2, 3]
    assert words.isupper(np.arange(len(words))).tolist() == [False, True, False, False, False, True]
    empty = Words([])
    assert len(empty) == 0 and empty.n_words().tolist() == [] and empty.ids({"a": 1}, default=0).tolist() == []


def test_phrases_are_every_run_of_consecutive_words():
    from analysis.words import Phrases

    vocabulary = ["a", "a b", "b c", "a b c d", "c", "x y"]
    phrases = Phrases(vocabulary)
    texts = ["A b, c d. a B c d", "x", "y", "x y"]
    index = Words(texts)
    for across in (False, True):
        first, last, which = phrases.find(index, across_marks=across)
        got = sorted(zip(first.tolist(), last.tolist(), which.tolist()))
        expected = []
        for k, phrase in enumerate(vocabulary):  # the definition, phrase by phrase
            n = phrase.count(" ") + 1
            tokens = [i for i in range(len(index)) if across is False or not index.is_mark[i]]
            for j in range(len(tokens) - n + 1):
                run = tokens[j:j + n]
                forms = " ".join(index.forms[index.form[i]] for i in run)
                if forms == phrase and len({index.text_of[i] for i in run}) == 1:
                    expected.append((run[0], run[-1], k))
        assert got == sorted(expected)
    assert len(Phrases(["a b"]).find(Words([""]))[0]) == 0
