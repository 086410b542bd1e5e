"""Tests for analysis.actors: speakers, mentions, actor files."""

import re

import pandas as pd
import pytest

from analysis.actors import ActorsError, attribute_speakers, load_actors
from analysis.config import SEEDS_DIR
from analysis.corpus import load_corpus
from analysis.text import split_sentences


@pytest.fixture(scope="module")
def seed_speakers():
    documents, _ = load_corpus(SEEDS_DIR)
    return attribute_speakers(split_sentences(documents)).set_index("sent_id")


def _doc(*texts, paragraphs=None):
    paragraphs = paragraphs or [1] * len(texts)
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    return pd.DataFrame({"doc_id": "d", "sent_id": range(1, len(texts) + 1), "paragraph_id": paragraphs,
                         "start": starts, "text": list(texts)})


def test_seed_speakers_are_tokayev_wang_yi_and_both_sides(seed_speakers):
    tok, wang = "Kassym-Jomart Tokayev", "Wang Yi"
    expected = {0: "narrator", 1: "narrator", 2: "both sides", 3: tok, 4: tok, 5: tok, 6: wang, 7: wang,
                8: wang, 9: wang, 10: "both sides", 11: tok, 12: "both sides"}
    assert seed_speakers["speaker"].to_dict() == expected


def test_seed_evidence_points_at_the_cue_in_the_document(seed_speakers):
    documents, _ = load_corpus(SEEDS_DIR)
    text = documents["text"].iloc[0]
    evidence = seed_speakers.loc[3, "speaker_evidence"]
    assert evidence.startswith("lauded [speech verb]")
    start, end = map(int, evidence.split(";")[0].rsplit(" ", 1)[1].split("-"))
    assert text[start:end] == "lauded"
    assert "The Head of State [role]" in seed_speakers.loc[4, "speaker_evidence"]
    assert seed_speakers.loc[7, "speaker_evidence"].startswith("carry-over")


def test_seed_mentions_resolve_demonyms_capitals_and_aliases(seed_speakers):
    assert seed_speakers.loc[3, "mentions"] == "Kassym-Jomart Tokayev;Kazakhstan;China"  # Kazakh-Chinese
    assert seed_speakers.loc[5, "mentions"].split(";") == ["Kassym-Jomart Tokayev", "Xi Jinping", "Kazakhstan",
                                                            "China"]  # Nur-Sultan and Beijing
    assert "Kassym-Jomart Tokayev" in seed_speakers.loc[8, "mentions"].split(";")  # the Kazakh President


def test_unknown_capitalised_name_before_and_after_speech_verb():
    out = attribute_speakers(_doc("John Smith said the plan would work.",
                                  "The project will finish next year, said Maria Lopez."))
    assert out["speaker"].tolist() == ["John Smith", "Maria Lopez"]
    assert "John Smith [name] 0-10" in out["speaker_evidence"].iloc[0]


def test_pronoun_and_surname_carry_the_speaker():
    out = attribute_speakers(_doc("John Smith said the plan would work.", "He added that it was late.",
                                  "Smith also criticised the budget.", paragraphs=[1, 1, 2]))
    assert out["speaker"].tolist() == ["John Smith"] * 3


def test_carry_over_needs_the_same_paragraph_and_voice():
    out = attribute_speakers(_doc("Wang Yi noted that trade grew.", "China is ready to do more.",
                                  "China is ready to do more.", "Trade grew by a third.", paragraphs=[1, 1, 2, 2]))
    assert out["speaker"].tolist() == ["Wang Yi", "Wang Yi", "narrator", "narrator"]


def test_the_sides_and_both_sides():
    out = attribute_speakers(_doc("The sides discussed trade.", "Both sides agreed to meet again.",
                                  "The parties have signed a memorandum."))
    assert out["speaker"].tolist() == ["both sides"] * 3


def test_according_to_and_apposition():
    out = attribute_speakers(_doc("According to the Kremlin, the talks went well.",
                                  "Schmidt, president of the Forum, said the deal was off."))
    assert out["speaker"].tolist() == ["Russia", "Schmidt"]


def test_unnamed_source_is_unknown_and_plain_narration_is_narrator():
    out = attribute_speakers(_doc("A senior official said the talks failed.", "Prices rose in May.", ""))
    assert out["speaker"].tolist() == ["unknown", "narrator", "narrator"]


def test_role_resolves_to_the_most_recent_speaker_holding_it():
    out = attribute_speakers(_doc("Putin said Moscow wants talks.", "Tokayev welcomed the idea.",
                                  "The President stressed that dialogue matters."))
    assert out["speaker"].tolist() == ["Vladimir Putin", "Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev"]


def test_one_word_aliases_respect_case():
    out = attribute_speakers(_doc("Let us talk about turkey and china plates.", "The US and Turkey met."))
    assert out["mentions"].tolist() == ["", "United States;Turkey"]


def test_input_is_not_mutated_and_order_is_kept():
    frame = _doc("Wang Yi said Beijing is ready.", "The sides agreed.").iloc[::-1]
    before = frame.copy()
    out = attribute_speakers(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert out.index.tolist() == frame.index.tolist()
    assert out["speaker"].tolist() == ["both sides", "Wang Yi"]


def test_user_file_merges_over_the_default(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[countries.Freedonia]\ndemonyms = ["Freedonian"]\n'
                    '[people."Rufus Firefly"]\ncountry = "Freedonia"\naliases = ["Firefly"]\n', encoding="utf-8")
    merged = load_actors(path)
    assert merged.lookup("Firefly") == "Rufus Firefly" and merged.lookup("Beijing") == "China"
    alone = load_actors(path, merge=False)
    assert alone.lookup("Beijing") is None and alone.names == ["Freedonia", "Rufus Firefly"]
    out = attribute_speakers(_doc("Firefly said the Freedonian army is ready."), actors=merged)
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


# ----------------------------------------------------------------------------- fast paths
# The speed-ups must give exactly what the plain per-sentence searches give.

_PIECES = ["said", "Said", "the sides", "THE SIDES", "both parties", "he", "She", "I", "they", "also", "in turn",
           "officials", "an official", "a senior ministry spokesman", "Maria", "Lopez", "O'Neil", "Jean-Luc",
           "Dr.", "Mr.", "U.S.", "China", "Chinese", "Chinese Foreign Minister", "Wang Yi", "the President",
           "the President of", "Head of State", "according to", "According  to", "noted", "called for",
           "continued by saying", "thanks to", "ſides", "İ", "Kelvin", "x", "99", ",", ", ", ".", "\"", "“", "”",
           "’", "'", "-", "(", " ", "  ", "\n", "\t", "\u00a0", "ly", "quickly", "has", "further", "was", "quoted as",
           "saying", "is", "Quoted", "called", "on", "points", "out", "shot", "back", "fired", "chimed in"]


def _fuzz_texts(n, seed=7):
    import random

    from analysis import actors as A

    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) + rng.choice(["", " ", " ", ", "]) for _ in range(rng.randint(0, 14)))
            for _ in range(n)]


def _spans(m):
    return None if m is None else (m.span(), m.groups())


def _reference_find(actors, text):
    """Actors.find's reference: every match of the actors' pattern, the plain way."""
    return [(m.start(), m.end(), actors.lookup(m.group()), "alias") if m.lastgroup == "alias"
            else (m.start(), m.end(), None, "role") for m in actors.pattern_.finditer(text)]


def _expected_scan(actors, texts):
    from analysis import actors as A

    return ([[(*m, t[m[0]:m[1]]) for m in _reference_find(actors, t)] for t in texts],
            [[(m.start(), m.end(), m.group()) for m in A._SPEECH.finditer(t)] for t in texts],
            [_spans(A._ACCORDING.search(t)) for t in texts], [_spans(A._SIDES_SUBJECT.search(t)) for t in texts])


def _got_scan(actors, texts):
    from analysis import actors as A

    aliases, verbs, according, sides = A._scan(actors, texts)
    return aliases, verbs, [_spans(m) for m in according], [_spans(m) for m in sides]


def test_one_pass_over_all_sentences_finds_what_each_sentence_finds():
    actors = load_actors()
    texts = _fuzz_texts(1500, seed=11) + ["", "", "Wang Yi said.", "the President"]
    assert _got_scan(actors, texts) == _expected_scan(actors, texts)
    assert actors.find_many(texts) == [actors.find(t) for t in texts] == [_reference_find(actors, t) for t in texts]


def test_a_text_with_the_separator_gets_the_matches_it_gets_alone():
    from analysis import actors as A

    texts = ["Wang Yi said\x00China", "Tokayev noted", "\x00Beijing\x00", "Mr. Gao\x00", "the sides\x00said"]
    assert A._name_runs(texts) == [A._name_runs([t])[0] for t in texts]
    assert _got_scan(load_actors(), texts) == _expected_scan(load_actors(), texts)
    assert load_actors().find_many(texts) == [_reference_find(load_actors(), t) for t in texts]
    s = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [1, 2], "paragraph_id": [1, 1], "start": [0, 20],
                      "text": texts[:2]})
    assert attribute_speakers(s)["speaker"].tolist() == ["Wang Yi", "Kassym-Jomart Tokayev"]


def test_speakers_do_not_depend_on_the_other_sentences_of_the_table():
    texts = _fuzz_texts(400, seed=3)
    s = pd.DataFrame({"doc_id": [f"d{i // 5}" for i in range(len(texts))], "sent_id": [i % 5 + 1 for i in range(len(texts))],
                      "paragraph_id": 1, "start": 0, "text": texts})
    together = attribute_speakers(s)
    apart = pd.concat([attribute_speakers(g) for _, g in s.groupby("doc_id", sort=False)])
    pd.testing.assert_frame_equal(together, apart, check_exact=True)


def test_every_reporting_verb_matches_as_a_whole_word_only():
    from analysis import actors as A

    for phrase in A._SPEECH_PHRASES:
        assert [m.group() for m in A._SPEECH.finditer(f"Ann {phrase}: yes")] == [phrase], phrase
        assert not A._SPEECH.search(f"un{phrase}s-"), phrase
    assert [m.group() for m in A._SPEECH.finditer("She called  for calm and called on them")] == ["called  for",
                                                                                                 "called on"]
    assert A._OBJECT_VERBS <= set(A._SPEECH_PHRASES)


@pytest.mark.parametrize("sentence, speaker", [
    ('Ada Lovelace retorted: "Not so."', "Ada Lovelace"),
    ("Ada Lovelace implores us to keep watch.", "Ada Lovelace"),
    ("Ada Lovelace conceded that the plan had failed.", "Ada Lovelace"),
    ("Ada Lovelace quipped that the engine would wait.", "Ada Lovelace"),
    ('"It will work," countered Ada Lovelace.', "Ada Lovelace"),
    ('"It will work," recalled Ada Lovelace.', "Ada Lovelace"),
    ('"It will work," thanked Ada Lovelace.', "narrator"),  # a person after "thanked" is its object
    ("Ada Lovelace took the stage.", "narrator"),
])
def test_reporting_verbs_of_english_news(sentence, speaker):
    s = pd.DataFrame({"doc_id": ["d"], "sent_id": [1], "paragraph_id": [1], "start": [0], "text": [sentence]})
    assert attribute_speakers(s)["speaker"].tolist() == [speaker]


def test_ci_trie_matches_like_the_ignore_case_trie():
    import random

    from analysis import actors as A
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


def test_ascii_view_is_what_the_patterns_see():
    # every character that a character of a pattern matches, in any case, has its view (so a word
    # of a match is a word of the text's view, see Actors._word_plan); checked from the characters
    # whose view is a letter or digit (ignore-case matching is symmetric)
    from analysis.actors import _ODD_CASE, _ascii_view

    universe = "".join(map(chr, range(0x110000)))
    view = _ascii_view(universe)
    assert len(view) == len(universe)
    word_chars = [c for c in universe if chr(view[ord(c)]).isalnum()]
    assert "".join(word_chars) == "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + "".join(
        sorted(_ODD_CASE))
    for char in word_chars:
        for other in re.findall(f"(?i:{re.escape(char)})", universe):
            assert view[ord(other)] == view[ord(char)], (char, other)
    assert set(view[:128]) == set(b" 0123456789abcdefghijklmnopqrstuvwxyz")


def test_words_are_the_runs_of_letters_and_digits_of_the_view():
    import random

    from analysis import actors as A

    from analysis.actors import _ascii_view, _word_key, _Words, _WordSets

    rng = random.Random(3)
    alphabet = list("aAbBzZ09 -.'’\x00\u00e9\u00c9\u0130\u0131\u017f\u212a\u3000\U0001f600")
    texts = _fuzz_texts(300, seed=31) + ["", "a", " a", "a ", "abcdefgh", "abcdefghi", "x" * 300, "\u0131"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(500)]
    sets = _WordSets({"a": ["said", "abcdefgh", "a"], "b": ["said", "x" * 300, "09"], "c": []})
    for text in texts:
        runs = list(re.finditer(rb"[a-z0-9]+", _ascii_view(text)))
        words = _Words(text)
        assert words.starts.tolist() == [m.start() for m in runs], text
        assert words.keys.tolist() == [_word_key(m.group()) for m in runs], text
        # two words have one key when they have the same first 7 letters and length (or both are long)
        expected = [(m.group() in (b"said", b"a") or m.group()[:7] == b"abcdefg" and len(m.group()) == 8)
                    | 2 * (m.group() in (b"said", b"09") or m.group()[:7] == b"x" * 7 and len(m.group()) >= 255)
                    for m in runs]
        assert sets.masks(words).tolist() == expected, text


def _alias_scan_texts(n, seed):
    import random

    from analysis import actors as A

    words = ["the", "The", "THE", "chinese", "Chinese", "diplomat", "Diplomat", "president", "President", "of",
             "Kazakhstan", "kazakhstan", "Wang", "wang", "Yi", "YI", "Élysée", "ÉLYSÉE", "élysée", "Palace",
             "Σtar", "σtar", "ςtar", "city", "minister", "Minister", "foreign", "Foreign", "prime", "Prime",
             "Xi", "Xi'an", "Kazakh-Chinese", "United", "Nations", "Nur-Sultan", "K", "\u212a", "ſ", "x", "Mali",
             "said", "Said", "according to", "sides", "the parties", "two", "all", "All", "agreed", "have", "’s", "’S", "İstanbul", "ıstanbul", "Porte",
             "‘Porte’", "of", "boss", "‘Boss’", "'s-Hertogenbosch", "Hague", "中国"]
    seps = [" ", " ", "  ", "\t", "\u00a0", "\n", "", "-", ", ", "'", "\u3000", "\x85"]
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
    no_words = actors_from_dict({"countries": {"China": {"aliases": ["中国", "China"]}}})
    assert custom._word_plan() == ({0: {"china", "chinese", "kazakhstan", "france", "starland", "turkey", "istanbul",
                                        "netherlands", "kassym"}, 1: {"lys", "tar", "s"}},
                                   {"the", "chinese", "president", "wang"},
                                   {"porte", "hague", "chinese", "foreign", "of", "yi", "diplomat", "boss", "president",
                                    "minister"})
    assert no_words._word_plan() is None
    texts = _alias_scan_texts(3000, seed=5) + _fuzz_texts(500, seed=9)
    texts += ["", "the\u00a0 Diplomat", "THE PRESIDENT", "the\u00a0‘boss’ said", "'S-hertogenbosch"]
    texts += ["İstanbul, ıstanbul, the ‘Porte’ of istanbul, the ‘Porte’ of İstanbul, 中国 said"]
    for actors in (custom, plain, no_words, load_actors()):
        assert _got_scan(actors, texts) == _expected_scan(actors, texts)
        assert actors.find_many(texts) == [_reference_find(actors, t) for t in texts]


def test_prefilters_of_the_end_anchored_searches_are_necessary_conditions():
    from analysis import actors as A

    texts = _fuzz_texts(3000, seed=23) + ["the witnesses", "Officials", "an expert,", "the LAWMAKERS", "ſources",
                                          "further ,", "he", "They"]
    for text in texts:
        for n in range(len(text) + 1):
            t = text[:n]
            if t != t.rstrip():  # the attribution looks at texts without trailing white space only
                continue
            if A._PRONOUN_END.search(t):
                assert text.endswith(A._PRONOUN_ENDS, 0, n), t
            if A._SIDES_END.search(t):
                assert text[n - 1] in "sS\u017f", t
            if A._TRAILING_ADVERB.search(t):
                assert (t[:-1].rstrip() if t.endswith(",") else t).endswith(A._ADVERB_ENDS), t


def test_repeated_sentences_are_attributed_in_their_own_document():
    # a repeated sentence has the same matches in each copy; roles, pronouns and surnames still
    # resolve within each document
    docs = [("Wang Yi met the press.", "The Chinese diplomat said the talks went well.", "He said more."),
            ("Tokayev spoke.", "The President said the talks went well.", "He said more."),
            ("Maria Lopez arrived.", "Lopez said the talks went well.", "He said more."),
            ("The sides met.", "They said the talks went well.", "He said more.")]
    texts = [t for doc in docs for t in doc] + ["The President said the talks went well."]
    s = pd.DataFrame({"doc_id": [f"d{i // 3}" for i in range(len(texts))],
                      "sent_id": [i % 3 + 1 for i in range(len(texts))], "paragraph_id": 1, "start": 0,
                      "text": texts})
    together = attribute_speakers(s)
    apart = pd.concat([attribute_speakers(g) for _, g in s.groupby("doc_id", sort=False)])
    pd.testing.assert_frame_equal(together, apart, check_exact=True)
    assert together["speaker"].tolist()[-4:] == ["both sides", "both sides", "unknown", "unknown"]
    assert together["speaker"].tolist()[1:6] == ["Wang Yi"] * 2 + ["narrator"] + ["Kassym-Jomart Tokayev"] * 2
    repeated = pd.concat([_doc(*texts[:6])] * 3, ignore_index=True).assign(doc_id=[f"r{i // 6}" for i in range(18)])
    out = attribute_speakers(repeated)
    assert out["speaker"].tolist()[:6] * 3 == out["speaker"].tolist()
    assert out["speaker_evidence"].tolist()[:6] * 3 == out["speaker_evidence"].tolist()


def test_gc_is_paused_during_the_attribution_and_restored():
    import gc

    from analysis import actors as A

    seen = []
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            with A._gc_paused():
                seen.append(gc.isenabled())
            assert gc.isenabled() is enabled
            with pytest.raises(KeyError):
                with A._gc_paused():
                    raise KeyError
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
    assert seen == [False, False]


def test_first_sides_and_according_matches_are_searched_from_their_words():
    import random

    from analysis import actors as A

    rng = random.Random(29)
    pieces = ["the two sides", "all the parties", "All  the\nsides", "both sides", "the sides", "sides", "parties",
              "agreed", "have", "will", "met", "according to", "According", "to", "the", "two", "all", "x", ",",
              "\u00a0", "ſides"]
    texts = ["".join(rng.choice(pieces) + rng.choice([" ", "  ", ", ", ""]) for _ in range(rng.randint(0, 10)))
             for _ in range(3000)]
    texts += ["the two sides agreed", "x all the parties have met, the sides agreed", "sides agreed"]
    actors = load_actors()
    assert _got_scan(actors, texts)[2:] == _expected_scan(actors, texts)[2:]
    assert sum(m is not None for m in _got_scan(actors, texts)[3]) > 150


def test_word_matches_are_the_matches_of_finditer():
    # bare places (only a one-word key can match there) are tried on their window of the text,
    # once per distinct window; the others on the text; both give finditer's matches
    import random

    from analysis import actors as A

    from analysis import actors as A

    pattern = re.compile(r"(?<![\w-])(?:said|Said|says|called\s+for|U\.S\.|Ann)(?![\w-]|['’][a-rt-z])")
    long = A._WordSets({"long": ["called", "u"]})
    pieces = ["said", "Said", "SAID", "says", "called for", "called", "U.S.", "Ann", "Ann's", "Ann’s", "Ann'S",
              "unsaid", "said-", "_said", "saidé", "é", "x", "\u212a", ",", " ", "\x85", "\u00a0"]
    rng = random.Random(17)
    for _ in range(300):
        texts = ["".join(rng.choice(pieces) + rng.choice(["", " ", ", ", "-"]) for _ in range(rng.randint(0, 8)))
                 for _ in range(rng.randint(1, 6))]
        joined = A._SEP.join(texts)
        words = A._Words(joined)
        bare = (long.masks(words) == 0).tolist()
        got = A._word_matches(pattern, joined, [len(t) for t in texts], lambda group, text: (text,),
                              words.starts.tolist(), words.ends.tolist(), bare)
        assert got == [[(m.start(), m.end(), m.group()) for m in pattern.finditer(t)] for t in texts], texts
        assert got == A._word_matches(pattern, joined, [len(t) for t in texts], lambda group, text: (text,), None)


def test_reading_order_is_the_sort_by_first_appearance_sent_id_and_row():
    """reading_order (numpy) against the plain sort of (document rank, sent_id, row) keys."""
    import random

    from analysis import actors as A

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


@pytest.mark.parametrize("dtype", ["str", "string", "object"])
def test_missing_texts_are_empty_sentences(dtype):
    """A missing text (in a string or object column) is attributed as an empty sentence."""
    frame = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [1, 2, 3],
                          "text": pd.Series(["Wang Yi said ties are good.", None, "He said so."], dtype=dtype)})
    got = attribute_speakers(frame)
    empty = attribute_speakers(frame.assign(text=["Wang Yi said ties are good.", "", "He said so."]))
    assert got[["speaker", "speaker_evidence", "mentions"]].equals(empty[["speaker", "speaker_evidence", "mentions"]])
    assert got["speaker"].tolist()[0] == "Wang Yi"


def test_end_rule_finds_the_sides_and_the_pronoun_that_end_the_text():
    from analysis import actors as A

    text = "After talks all the sides said"
    n = text.index(" said")
    assert A._end_rule(text, n) == ("sides", "all the sides", 12, n)
    assert A._end_rule("Asked again, she", 16) == ("pronoun", "she", 13, 16)
    assert A._end_rule("the sides\n", 10) is None  # $ before a final newline: no subject ends there
    assert A._end_rule("the besides", 11) is None and A._end_rule("Rashe", 5) is None


# ----------------------------------------------------------------------------- named actors in real-news style


def _speakers(*texts, paragraphs=None):
    return attribute_speakers(_doc(*texts, paragraphs=paragraphs))


def test_later_surname_title_and_role_resolve_to_the_full_name_first_given():
    out = _speakers("Farm Bureau spokeswoman Helga Brandt said on Monday that prices would rise.",
                    "Brandt said growers had little choice.",
                    "Ms. Brandt added that the harvest was late.",
                    "The spokeswoman stressed that the bureau would appeal.")
    assert out["speaker"].tolist() == ["Helga Brandt"] * 4
    assert "Brandt [name -> Helga Brandt]" in out["speaker_evidence"].iloc[1]
    assert "The spokeswoman [description -> Helga Brandt]" in out["speaker_evidence"].iloc[3]


def test_a_surname_first_name_resolves_by_either_word():
    out = _speakers("Zhou Minghao, director of the Harbour Research Institute, said exports would recover.",
                    "Zhou said shipping costs had fallen.")
    assert out["speaker"].tolist() == ["Zhou Minghao", "Zhou Minghao"]


def test_speaker_is_the_name_without_title_and_evidence_spans_the_name():
    text = "County Executive Rita Okafor said the bridge would reopen in May."
    out = _speakers(text)
    assert out["speaker"].tolist() == ["Rita Okafor"]
    start, end = map(int, re.search(r"Rita Okafor \[name\] (\d+)-(\d+)", out["speaker_evidence"].iloc[0]).groups())
    assert text[start:end] == "Rita Okafor"


def test_an_organisation_speaks_by_its_whole_name_then_as_the_ministry_and_it():
    out = _speakers("The Ministry of Fisheries said catches fell by a tenth.",
                    "Prices went up in the spring.",
                    "The ministry stressed that quotas would stay.",
                    "It said inspections would double.",
                    "Fisheries said nothing about subsidies.")
    assert out["speaker"].tolist() == ["Ministry of Fisheries", "narrator", "Ministry of Fisheries",
                                       "Ministry of Fisheries", "Ministry of Fisheries"]


def test_a_known_organisation_is_the_commission_later():
    out = _speakers("The European Commission said the merger could go ahead.", "Shares rose.",
                    "The commission said the decision was final.")
    assert out["speaker"].tolist() == ["European Union", "narrator", "European Union"]


def test_the_us_president_is_the_american_president_named_before():
    out = _speakers("US President Donald Trump met Chinese President Xi Jinping on Friday.",
                    "The US president responded by saying that the deal was good.")
    assert out["speaker"].tolist() == ["narrator", "Donald Trump"]


def test_a_quotation_keeps_its_speaker_over_sentences_and_paragraphs():
    out = _speakers('"We will not accept this," said Bruno Keller, head of the union.',
                    '"The offer is an insult. Our members deserve better."',
                    "Talks resume on Tuesday.",
                    paragraphs=[1, 2, 3])
    assert out["speaker"].tolist() == ["Bruno Keller", "Bruno Keller", "narrator"]


def test_a_quotation_named_at_its_end_gives_its_first_sentences_that_speaker():
    out = _speakers("Officials met at noon.", '"Nobody expected the vote.', 'It changes everything," Keller said.',
                    paragraphs=[1, 2, 2])
    assert out["speaker"].tolist() == ["narrator", "Keller", "Keller"]
    assert out["speaker_evidence"].iloc[1].startswith("quotation [speaker named later]")


def test_no_fragment_of_a_longer_name_speaks():
    out = _speakers("The Greater Lakeside Chamber of Commerce said the shuttle would run all year.",
                    "A reporter for the Lakeside Gazette said the crowd was silent.",
                    "Helga Brandt who left the agency in September told reporters she was relieved.")
    assert out["speaker"].tolist() == ["Greater Lakeside Chamber of Commerce", "Lakeside Gazette", "Helga Brandt"]


def test_named_actors_outside_the_actor_file_are_mentions():
    out = _speakers("Helga Brandt criticised the Ministry of Fisheries over the quotas.")
    assert out["mentions"].iloc[0].split(";") == ["Helga Brandt", "Ministry of Fisheries"]


def test_pronouns_inside_a_quotation_do_not_make_an_unknown_speaker():
    out = _speakers("Coach Dana Ruiz said the team had worked hard.",
                    '"I said this would hurt, and I was right."', paragraphs=[1, 2])
    assert out["speaker"].tolist() == ["Dana Ruiz", "Dana Ruiz"]


def test_parse_run_names_people_organisations_and_nothing():
    from analysis.actors import _parse_run

    assert _parse_run("Assistant State's Attorney Lorna Vance")[:2] == ("person", "Lorna Vance")
    assert _parse_run("Manager Tom Berg of the Rovers")[:2] == ("person", "Tom Berg")
    assert _parse_run("Institute of Marine Research")[:2] == ("org", "Institute of Marine Research")
    assert _parse_run("Sen. Al Brook")[:2] == ("person", "Al Brook")
    assert _parse_run("NEW YORK") is None and _parse_run("Monday") is None
    assert _parse_run("AP Keller")[:2] == ("single", "Keller")


def test_he_and_she_skip_a_person_of_the_other_gender():
    out = _speakers("Ms. Helga Brandt met Mr. Tom Berg on Monday.", "She said the talks had failed.",
                    "He said they had not.", paragraphs=[1, 2, 3])
    assert out["speaker"].tolist() == ["narrator", "Helga Brandt", "Tom Berg"]


def test_an_acronym_in_parentheses_names_the_organisation_and_a_leading_word_ends_a_name():
    out = _speakers("The National Harbour Authority (NHA) said berths would reopen.",
                    "The NHA said traffic was back to normal.",
                    "Deputy Director Wu He said on Friday that repairs were done.",
                    "Wu said the harbour was safe.")
    assert out["speaker"].tolist() == ["National Harbour Authority", "National Harbour Authority", "Wu He", "Wu He"]


def test_a_postposed_description_and_the_sides_inside_a_quotation():
    out = _speakers("Farm Bureau spokeswoman Helga Brandt said prices would rise.",
                    '"Both sides want a deal," said the spokeswoman.',
                    '"We are ready," said a bureau official.')
    assert out["speaker"].tolist() == ["Helga Brandt", "Helga Brandt", "unknown"]


# How English news attributes speech (own sentences): each case is a document, one paragraph per
# sentence, and the speaker of its last sentence.
@pytest.mark.parametrize("texts, speaker", [
    # a name inside a quotation is no referent of a pronoun outside it
    (["Agent Tom Baxter spoke to reporters on Monday.",
      '"If Bob Miller does not pitch, they do not win," he said.'], "Tom Baxter"),
    # a name after the pronoun is no referent of it
    (["Lara Quinn is angry at Tom Baxter after he criticized their deal on the Ron Fell show."], "Tom Baxter"),
    # he/she: the first person named in the last sentence that named one (its subject, most often)
    (["Tom Baxter pointed to the record of Bob Miller in the final.", '"He wins big games," he said.'],
     "Tom Baxter"),
    # a document names its author
    (["The earlier Sentinel story also noted that the mayor had voted twice."], "Sentinel"),
    (["According to a Clarion report, the plant will close in May."], "Clarion"),
    (["The plant will close, according to a report from the Daily Sentinel."], "Daily Sentinel"),
    (["The plant will close, according to the complaint."], "narrator"),
    # the subject of the clause before "and said"
    (["Ada Lovelace took the stage and said the engine was ready."], "Ada Lovelace"),
    (["After the call the officer and the dean walked Ann Carter out and told her to wait."], "narrator"),
    # the name before a relative clause; not a verb inside the clause
    (["Tom Baxter who chairs the finance committee said the budget was late."], "Tom Baxter"),
    (["Ann Carter a former county official who left in May told reporters she had warned them."], "Ann Carter"),
    (["It silenced the critics who claimed the sport was dying."], "narrator"),
    (["Tom Baxter who had said so was right."], "narrator"),
    # a noun or a passive is no speech verb
    (["Tom Baxter left after reports of a rift."], "narrator"),
    # titles, occupations, sentence-initial words and a day are not part of the name
    (["Journalist Ann Carter said the vote was close."], "Ann Carter"),
    (["Secretary-General Ann Carter said the vote was close."], "Ann Carter"),
    (["Ann Carter arrived late.", "Though Carter said little, the room went quiet."], "Ann Carter"),
    (["Sen. Ann Carter Monday said the budget was late."], "Ann Carter"),
    (["Yeah Ann Carter said the budget was late."], "Ann Carter"),
    (["Speaker Ann Carter R-Ohio told reporters the budget was late."], "Ann Carter"),
    # a place or an organisation after a preposition is no subject; a member of an organisation
    # whom the text does not name speaks for it
    (["The Lantern Center in Dayton immediately condemned the advert."], "Lantern Center"),
    (["Ann Carter a professor of history at Dayton University told the paper it was late."], "Ann Carter"),
    (["A reporter for the Dayton Herald said the crowd was silent."], "Dayton Herald"),
    (["A Dayton Police spokesperson said she would not comment."], "Dayton Police"),
    (["An official said she would not comment."], "unknown"),
    (["Ann Carter a visiting professor at a university in Kazakhstan said the talks went well."], "Ann Carter"),
    (["Dayton Airways Chief Executive Ann Carter said the talks went well."], "Ann Carter"),
    # "and" after an acronym joins two organisations, not one name
    (["The NSA and Department of Defense met on Monday.", "The NSA stated that it was ready."], "NSA"),
])
def test_speakers_as_english_news_attributes_speech(texts, speaker):
    labels = attribute_speakers(_doc(*texts, paragraphs=list(range(1, len(texts) + 1))))
    assert labels["speaker"].iloc[-1] == speaker, labels[["speaker", "speaker_evidence"]].values.tolist()


def test_a_party_label_and_a_headline_name_nobody():
    labels = attribute_speakers(_doc("Sen. Ann Carter (D-Ann Arbor) said the bill would pass."))
    assert labels[["speaker", "mentions"]].values.tolist() == [["Ann Carter", "Ann Carter"]]
    assert attribute_speakers(_doc("Ann Carter spoke in Houston Texas."))["mentions"].tolist() == ["Ann Carter"]
    s = _doc("Hero Tom Baxter the Brave Gate Guard", "Tom Baxter was at the gate.", 'Baxter retorted: "No."',
             paragraphs=[0, 1, 2])
    s["sent_id"] = [0, 1, 2]
    labels = attribute_speakers(s)
    assert labels["speaker"].tolist() == ["narrator", "narrator", "Tom Baxter"]
    assert labels["mentions"].iloc[0] == ""
    s = s.iloc[[0, 2]].assign(sent_id=[0, 1], paragraph_id=[0, 1])  # the name only in the headline
    assert attribute_speakers(s)["speaker"].tolist() == ["narrator", "Tom Baxter"]


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
