"""Tests for analysis.actors: actor files, the Actors estimator, and the word index its aliases are
found at."""

import re

import numpy as np
import pandas as pd
import pytest

from analysis import actors as A
from analysis.actors import ActorsError, load_actors
from analysis.speakers import attribute_speakers
from conftest import doc_frame, expected_scan, fuzz_texts, got_scan, reference_find


def test_user_file_merges_over_the_default(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[countries.Freedonia]\ndemonyms = ["Freedonian"]\n'
                    '[people."Rufus Firefly"]\ncountry = "Freedonia"\naliases = ["Firefly"]\n', encoding="utf-8")
    merged = load_actors(path)
    assert merged.lookup("Firefly") == "Rufus Firefly" and merged.lookup("Beijing") == "China"
    alone = load_actors(path, merge=False)
    assert alone.lookup("Beijing") is None and alone.names == ["Freedonia", "Rufus Firefly"]
    out = attribute_speakers(doc_frame("Firefly said the Freedonian army is ready."), actors=merged)
    assert out["speaker"].tolist() == ["Rufus Firefly"]
    assert out["mentions"].tolist() == ["Rufus Firefly;Freedonia"]


def test_bad_actor_file_names_the_problem(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[people."A B"]\ncountry = "Atlantis"\n', encoding="utf-8")
    with pytest.raises(ActorsError, match="Atlantis"):
        load_actors(path, merge=False)
    with pytest.raises(ValueError, match="merge"):
        load_actors(path, merge="yes")
    with pytest.raises(ValueError, match="text"):
        attribute_speakers(pd.DataFrame({"x": [1]}))


def test_ci_trie_matches_like_the_ignore_case_trie():
    import random
    import re

    from analysis.actors import ci_trie as _ci_trie
    from analysis.text import trie_regex

    keys = ["the sides", "ties", "iran", "kazakh", "syria", "t", "élysée palace", "u.s. state", "x"]
    fast = re.compile(r"(?<![\w-])" + _ci_trie(keys) + r"(?![\w-])")
    plain = re.compile(r"(?<![\w-])(?i:" + trie_regex(keys) + r")(?![\w-])")
    rng = random.Random(7)
    alphabet = list("theSIDEsiranKazakhSyRIAtuxX.- \u0130\u0131\u017f\u212a\u00c9\u00e9lys")
    texts = ["The Sides met Iran and KAZAKH officials; ſyria, \u212aazakh, \u0130ran, T, x.",
             "ÉLYSÉE PALACE and U.S.  State ties"]
    texts += ["".join(rng.choice(alphabet) for _ in range(60)) for _ in range(300)]
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_ci_trie_letter_classes_are_the_ignore_case_sets():
    import re

    from analysis.actors import _ODD_LETTERS
    universe = "".join(map(chr, range(0x110000)))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        same = set(re.findall(f"(?i:{letter})", universe))
        if letter.upper() in _ODD_LETTERS:
            assert len(same) > 2
        else:
            assert same == {letter, letter.upper()}


def test_fold_and_kinds_are_what_the_patterns_see():
    # two characters that an ignore-case pattern matches with one another have the same fold of
    # their lower case and the same kind of the word index (so a word of a match begins a word
    # of the index, see analysis.actors._lead); checked on every character with a case (the
    # others match themselves alone)
    from analysis.actors import _fold
    from analysis.words import _kind_of

    cased = "".join(chr(c) for c in range(0x110000)
                    if chr(c).lower() != chr(c) or chr(c).upper() != chr(c) or chr(c).casefold() != chr(c))
    odd = set()
    for char in cased:
        same = re.findall(f"(?i:{re.escape(char)})", cased)
        assert char in same
        for other in same:
            assert _fold(other.lower()) == _fold(char.lower()), (char, other)
            assert _kind_of(other) == _kind_of(char), (char, other)
            if other.isascii() != char.isascii():
                odd.add(char if char.isascii() else other)
    assert "".join(sorted(odd)) == A._ODD_LETTERS
    assert _fold("ΣΑΣ".lower()) == _fold("σασ") and _fold("İSTANBUL".lower()) == "istanbul"


def _joined(word):
    """Whether a word holds an apostrophe or a combining mark."""
    import unicodedata

    return any(c in "'’‘" or unicodedata.category(c).startswith("M") for c in word)


def _matches(form, word, joined):
    """Whether a word of LeadWords matches a folded form (of a word that holds a joiner or not)."""
    if word.endswith("'"):
        return form.startswith(word[:-1])
    return form.startswith(word) if joined else form == word


def _reference_masks(sets, index):
    """LeadWords.masks the plain way: each word's bits, from its folded form."""
    from analysis.actors import _fold

    out = []
    for i in range(len(index)):
        if index.is_mark[i]:
            continue
        form, joined = _fold(index.forms[index.form[i]]), _joined(index.token(i))
        out.append(sum(bit for name, bit in sets.bit.items() if any(_matches(form, w, joined) for w in _SETS[name])))
    return out


_SETS = {"a": {"said", "abcdefgh", "a"}, "b": {"said", "x" * 300, "09", "sides", "istanbul"}, "c": set(),
         "d": {"σας", "kazakh", "xi'", "ab"}}


def test_lead_words_mark_the_words_that_begin_with_a_word_of_a_set():
    import random

    from analysis.words import Words

    rng = random.Random(3)
    alphabet = list("aAbBzZ09 -.'’\x00\u00e9\u00c9\u0130\u0131\u017f\u212a\u3000\U0001f600\u0301ΣσςsSidIe")
    texts = fuzz_texts(300, seed=31) + ["", "a", " a", "a ", "abcdefgh", "abcdefghi", "x" * 300, "\u0131"]
    texts += ["ſides SİDES İstanbul ΣΑΣ σας \u212aazakh Kazakh's abcdefgh'x said\u0301 S'a'i'd Xi'an Xian Xi ab'c"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(500)]
    sets = A.LeadWords(_SETS)
    for chunk in (texts[:7], texts[7:300], texts[300:]):
        index = Words(chunk)
        got = sets.masks(index, np.flatnonzero(~index.is_mark)).tolist()
        assert got == _reference_masks(sets, index)
    assert sum(got) > 100 and len(set(got)) > 4


def test_a_match_of_a_key_starts_at_its_lead_word():
    # the premise of the word plan (analysis.actors._lead): where a key matches, in any case,
    # after and before a character that is no word character (as every pattern asks), the word of
    # the index that begins ``lead`` characters later is the key's word (or begins with it when it
    # holds a joiner), or an inner start is there
    import random

    from analysis.actors import _fold, _lead
    from analysis.words import Words

    keys = ["x'ſ", "x'ſ foo", "Ann", "'s-Hertogenbosch", "People's Republic", "İstanbul", "ΣΑΣ", "said", "Xi'an",
            "the ‘Porte’ of İstanbul", "e\u0301x", "u.s.", "\u212aazakh", "o'd"]
    pieces = ["x's", "X'S", "x'ſ", "x'ſ foo", "X'S FOO", "ann", "ANN", "Ann'1", "Ann‘x", "Ann\u0301",
              "'s-hertogenbosch", "'S-HERTOGENBOSCH", "people'ſ republic", "PEOPLE'S REPUBLIC", "istanbul", "İSTANBUL", "ıstanbul", "σας",
              "ΣΑΣ", "said", "SAİD", "xi'an", "XI'AN's", "the ‘porte’ of istanbul", "E\u0301X", "U.S.", "kazakh",
              "\u212aAZAKH", "O'D", "o'd", "x'", "é"]
    rng = random.Random(13)
    texts = ["".join(rng.choice(pieces) + rng.choice([" ", "", "'", "\u0301", "-", ".", "_"]) for _ in range(8))
             for _ in range(400)]
    index = Words(texts)
    starts = dict(zip(index.starts.tolist(), range(len(index))))
    inner = set(index.inner_starts().tolist())
    checked = 0
    for key in keys:
        lead, word, alone, after = _lead(key)
        for m in re.finditer(r"(?<!\w)(?i:" + re.escape(key) + r")(?!\w)", index.text):
            at = m.start() + lead
            assert at in inner or _matches(_fold(index.forms[index.form[starts[at]]]), word,
                                           _joined(index.token(starts[at]))), (key, m)
            if alone and at not in inner:
                assert m.end() <= index.ends[starts[at]], (key, m)
            checked += 1
    assert checked > 1000
    assert _lead("x'ſ") == (0, "x'", False, 3) and _lead("§") is None and _lead("- x") is None


def test_inner_starts_are_the_word_starts_after_an_apostrophe_or_a_mark():
    import random
    import unicodedata

    from analysis.words import APOSTROPHES, Words, _kind_of

    rng = random.Random(5)
    alphabet = list("ab '’‘-_\u0301\u0345\u20dd\u00e9ι1\x00\n")
    texts = ["O'Neill's", "'Tis", "China’s", "e\u0301said", "x'_y", ""]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))) for _ in range(500)]
    index = Words(texts)
    text, starts = index.text, set(index.starts.tolist())
    expected = [q for q in range(1, len(text)) if _kind_of(text[q]) == 1 and q not in starts
                and (text[q - 1] in APOSTROPHES or unicodedata.category(text[q - 1]).startswith("M"))]
    assert index.inner_starts().tolist() == expected
    assert len(expected) > 100


def _alias_scan_texts(n, seed):
    import random

    words = ["the", "The", "THE", "chinese", "Chinese", "diplomat", "Diplomat", "president", "President", "of",
             "Kazakhstan", "kazakhstan", "Wang", "wang", "Yi", "YI", "Élysée", "ÉLYSÉE", "élysée", "Palace",
             "Σtar", "σtar", "ςtar", "city", "minister", "Minister", "foreign", "Foreign", "prime", "Prime",
             "Xi", "Xi'an", "Kazakh-Chinese", "United", "Nations", "Nur-Sultan", "K", "\u212a", "ſ", "x", "Mali",
             "said", "Said", "according to", "sides", "the parties", "two", "all", "All", "agreed", "have", "’s", "’S", "İstanbul", "ıstanbul", "Porte",
             "‘Porte’", "of", "boss", "‘Boss’", "'s-Hertogenbosch", "Hague", "中国", "e\u0301", "\u0345", "'1", "‘x",
             "’é", "ACCORDİNG to", "PARTİES", "ſaid", "_"]
    seps = [" ", " ", "  ", "\t", "\u00a0", "\n", "", "-", ", ", "'", "\u3000", "\x85", "\u0301", "’", "‘"]
    rng = random.Random(seed)
    return ["".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(0, 12))) for _ in range(n)]


def test_alias_scan_finds_the_matches_of_the_pattern():
    from analysis.actors import actors_from_dict

    custom = actors_from_dict({
        "countries": {"China": {"demonyms": ["Chinese"]}, "Kazakhstan": {},
                      "France": {"aliases": ["Élysée Palace", "élysée"]}, "Starland": {"aliases": ["σtar city"]},
                      "Turkey": {"aliases": ["İstanbul", "the ‘Porte’ of İstanbul"]},
                      "Netherlands": {"aliases": ["'s-Hertogenbosch", "The Hague"]}},
        "people": {"Wang Yi": {"country": "China", "aliases": ["The Chinese Diplomat", "Chinese Foreign Minister"],
                               "roles": ["Diplomat", "Foreign Minister", "‘Boss’"]},
                   "Kassym-Jomart Tokayev": {"country": "Kazakhstan", "aliases": ["President of Kazakhstan"],
                                             "roles": ["President", "Minister"]}},
    })
    plain = actors_from_dict({"countries": {"China": {"aliases": ["the chinese people", "the"]}},
                              "people": {"Wang Yi": {"roles": ["diplomat"]}}})
    cjk = actors_from_dict({"countries": {"China": {"aliases": ["中国", "China", "Zhōngguó"]}}})
    no_words = actors_from_dict({"countries": {"China": {"aliases": ["§", "China"]}}})
    assert custom._word_plan() == ({0: {"china", "chinese", "kazakhstan", "france", "starland", "turkey", "istanbul",
                                        "netherlands", "kassym", "élysée"}, 1: {"s"}},
                                   {"the", "chinese", "president", "wang", "élysée", "σtar"},
                                   {"porte", "hague", "chinese", "foreign", "of", "yi", "diplomat", "boss", "president",
                                    "minister", "palace", "city"},
                                   {"chinese", "kassym", "president", "the", "wang", "élysée", "σtar"})
    assert cjk._word_plan() == ({0: {"中国", "china", "zhōngguó"}}, set(), set(), set())
    assert no_words._word_plan() is None
    texts = _alias_scan_texts(3000, seed=5) + fuzz_texts(500, seed=9)
    texts += ["", "the\u00a0 Diplomat", "THE PRESIDENT", "the\u00a0‘boss’ said", "'S-hertogenbosch"]
    texts += ["İstanbul, ıstanbul, the ‘Porte’ of istanbul, the ‘Porte’ of İstanbul, 中国 said"]
    texts += ["中国's 中国\u0301 x'中国 Zhōngguó ZHŌNGGUÓ", "China'1 China‘x China'é China\u0301 x'China", "§ China"]
    for actors in (custom, plain, cjk, no_words, load_actors()):
        assert got_scan(actors, texts) == expected_scan(actors, texts)
        assert actors.find_many(texts) == [reference_find(actors, t) for t in texts]


def test_word_matches_are_the_matches_of_finditer():
    # bare places (only a one-word key can match there) are tried on their window of the text,
    # once per distinct window; the others on the text; both give finditer's matches
    import random

    from analysis.words import Words

    pattern = re.compile(r"(?<![\w-])(?:said|Said|says|called\s+for|U\.S\.|Ann)(?![\w-]|['’][a-rt-z])")
    heads = A.LeadWords({"head": ["said", "says", "called", "u", "ann"], "long": ["called", "u"]})
    pieces = ["said", "Said", "SAID", "says", "called for", "called", "U.S.", "Ann", "Ann's", "Ann’s", "Ann'S",
              "unsaid", "said-", "_said", "saidé", "é", "x", "\u212a", ",", " ", "\x85", "\u00a0", "x'said", "\u0301",
              "Ann'1", "Ann‘x"]
    rng = random.Random(17)
    tried = 0
    for _ in range(300):
        texts = ["".join(rng.choice(pieces) + rng.choice(["", " ", ", ", "-"]) for _ in range(rng.randint(0, 8)))
                 for _ in range(rng.randint(1, 6))]
        joined = A.SEP.join(texts)
        index = Words(texts)
        words = np.flatnonzero(~index.is_mark)
        masks = heads.masks(index, words)
        at = np.flatnonzero(masks & heads.bit["head"])
        inner = index.inner_starts()
        places = np.concatenate([index.starts[words[at]], inner])
        order = np.argsort(places, kind="stable")
        ends = np.concatenate([index.ends[words[at]], inner])[order].tolist()
        bare = np.concatenate([(masks[at] & heads.bit["long"]) == 0, np.zeros(len(inner), dtype=bool)])[order]
        got = A.word_matches(pattern, joined, [len(t) for t in texts], lambda group, text: (text,),
                             places[order].tolist(), ends, bare.tolist())
        assert got == [[(m.start(), m.end(), m.group()) for m in pattern.finditer(t)] for t in texts], texts
        assert got == A.word_matches(pattern, joined, [len(t) for t in texts], lambda group, text: (text,), None)
        tried += len(places)
    assert tried > 500


def test_reading_order_is_the_sort_by_first_appearance_sent_id_and_row():
    """reading_order (numpy) against the plain sort of (document rank, sent_id, row) keys."""
    import random

    rng = random.Random(3)
    for _ in range(200):
        n = rng.randint(0, 30)
        doc_ids = [rng.choice(["a", "b", "c", None, 7]) for _ in range(n)]
        sent_ids = [rng.choice([rng.randint(-3, 5), 2 ** 70]) if rng.random() < 0.05 else rng.randint(0, 5)
                    for _ in range(n)]
        first: dict = {}
        for doc in doc_ids:
            first.setdefault(doc, len(first))
        expected = [k[2] for k in sorted((first[d], s, i) for i, (d, s) in enumerate(zip(doc_ids, sent_ids)))]
        codes, _ = A.first_seen_codes(pd.Series(doc_ids, dtype=object))
        assert A.reading_order(codes, sent_ids).tolist() == expected


def test_actors_compile_in_fit_and_refuse_use_before_it():
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    from analysis.actors import Actor, Actors, resolve_actors

    people = [Actor("Freedonia", "country", aliases=("Freedonia", "Freedonian")),
              Actor("Rufus Firefly", "person", country="Freedonia", aliases=("Rufus Firefly", "Firefly"),
                    roles=("Chancellor",))]
    actors = Actors(people, path="test")
    assert actors.get_params() == {"actors": people, "path": "test"}  # __init__ stores, compiles nothing
    assert not hasattr(actors, "pattern_")
    with pytest.raises(NotFittedError):
        check_is_fitted(actors)
    for use in (lambda: actors.lookup("Firefly"), lambda: actors.find("Firefly said"), lambda: len(actors),
                lambda: "Freedonia" in actors, lambda: resolve_actors(actors),
                lambda: attribute_speakers(pd.DataFrame({"text": ["Firefly said so."]}), actors=actors)):
        with pytest.raises(NotFittedError):
            use()
    assert actors.fit() is actors
    check_is_fitted(actors)
    assert actors.lookup("Freedonian") == "Freedonia" and actors.role_holders("the Chancellor") == ["Rufus Firefly"]
    assert attribute_speakers(pd.DataFrame({"text": ["Firefly said so."]}), actors=actors)["speaker"].tolist() == [
        "Rufus Firefly"]
    assert load_actors().pattern_ is not None  # the loaders fit
    clash = Actors([Actor("A", "country", aliases=("Zed",)), Actor("B", "country", aliases=("Zed",))], path="f.toml")
    with pytest.raises(ActorsError, match="f.toml: actor 'B', field 'aliases': 'Zed' is already an alias of 'A'"):
        clash.fit()
