"""Tests of analysis.encoding: the duplicate key and the mojibake repair (word by word, as ftfy)."""

from __future__ import annotations

from analysis.encoding import text_digest

MOJIBAKE_TITLE = "China\u00e2\u20ac\u2122s trade talks"  # "China’s" once decoded as cp1252


def test_duplicate_key_ignores_white_space_case_and_unicode_composition():
    composed, decomposed = "Caf\u00e9 talks resumed.", "Cafe\u0301 talks resumed."
    assert composed != decomposed
    assert text_digest(composed) == text_digest(decomposed) == text_digest("CAF\u00c9   talks\n\nresumed.")
    assert text_digest("Café talks resumed") != text_digest(composed)
    assert len(text_digest(composed)) == 16


def test_repair_is_ftfy_word_by_word():
    # repair_text gives each word that may need it (with its following space) to ftfy; a plain
    # reference: split the text at spaces and line breaks, repair every such word
    import re

    import ftfy
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from analysis.encoding import _MOJIBAKE, _NEEDS_FTFY, _ftfy_config, repair_text

    pieces = [MOJIBAKE_TITLE, "Caf\u00c3\u00a9", "\n", "\r\n", " ", "plain words ", "“quotes” ", "\u0093", "\u0080",
              "\ud800", "S\u00c3\u00a3o", "\u00c3", "\u00e2\u20ac", "é ", "\u00a0", "naïve ", "voil\u00c3 "]

    def reference(text):
        if not _MOJIBAKE.search(text):
            return text
        words = re.findall("[^ \n]+ ?|[ \n]", text)
        return "".join(ftfy.fix_text(w, _ftfy_config()) if _NEEDS_FTFY.search(w) else w for w in words)

    @given(st.lists(st.sampled_from(pieces), max_size=12).map("".join))
    @settings(max_examples=300, deadline=None)
    def check(text):
        assert repair_text(text) == reference(text)

    check()


def test_repair_equals_ftfy_on_the_whole_text_when_the_broken_words_stand_apart():
    # where each broken word stands between spaces, as in news, the repair is ftfy's on the whole text
    import ftfy
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from analysis.encoding import _ftfy_config, repair_text

    words = [MOJIBAKE_TITLE, "Caf\u00c3\u00a9", "plain", "“quotes”", "S\u00c3\u00a3o", "naïve", "donâ€™t",
             "â€œWe", "said.â€\u009d", "Â£5", "â€”", "tariffs"]

    @given(st.lists(st.sampled_from(words), max_size=12), st.sampled_from([" ", "\n", " \n"]))
    @settings(max_examples=300, deadline=None)
    def check(chosen, gap):
        text = gap.join(chosen)
        assert repair_text(text) == (ftfy.fix_text(text, _ftfy_config()) if repair_text(text) is not text else text)

    check()
