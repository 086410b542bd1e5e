"""Tests for analysis.cues: the cue finder against its plain rule, and the estimator contract."""

import pytest

from analysis.cues import load_stance_cues


def _cues_by_the_plain_rule(cues, text):
    """StanceCues.find as the plain rule, text by text (the reference for find_many): the words of
    the reference tokeniser of tests/test_words.py; at each word the longest cue form made of the
    next words (separated by white space or hyphens only, not glued by a hyphen or "_" to a word
    before or after), then on after it; an ignore phrase counts nothing; a refusal followed by "to"
    skipped; a cue negated when a negation phrase (its words separated by white space, not glued to
    a word or apostrophe before it) or a word ending in "n't" ends so that the text between it and
    the cue is white space and at most window - 1 words of letters, apostrophes and hyphens, and it
    starts in the 40 characters before the cue: the farthest such one, unless an exception phrase
    lies between it and the cue's end."""
    import re

    from test_words import reference_form, reference_tokens

    tokens = reference_tokens(text)
    forms = [reference_form(text[a:b]) for a, b, _ in tokens]
    phrases = {}
    for key, (cls, weight) in cues.weights_.items():
        words = re.findall(r"[^\W_]+(?:['’‘][^\W_]+)*", key)  # a key's words: letters and inner apostrophes
        phrase = " ".join(reference_form(w) for w in words)
        phrases.setdefault(phrase, None if not weight else (cls, weight, key))

    def runs(table, i, gap):  # the phrases of ``table`` that start at word i, longest first
        out = []
        for j in range(i, len(tokens)):
            if tokens[j][2] or (j > i and not gap.fullmatch(text[tokens[j - 1][1]:tokens[j][0]])):
                break
            phrase = " ".join(forms[i:j + 1])
            if phrase in table:
                out.append(j)
        return out[::-1]

    negations = {" ".join(reference_form(w) for w in re.findall(r"[^\W_]+(?:['’‘][^\W_]+)*", n))
                 for n in cues.negation_words} - {"nt", ""}
    between = re.compile(r"\s+(?:[\w'’\-]+\s+){0,%d}" % max(cues.window - 1, 0))
    exceptions = re.compile(r"(?i)\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in cues.exceptions)
                            + r")\b") if cues.exceptions else None
    out, done = [], -1
    for i, (a, _, mark) in enumerate(tokens):
        if mark or a < done or (a and text[a - 1] in "-_"):
            continue
        for j in runs(phrases, i, re.compile(r"[\s\-]+")):
            end = tokens[j][1]
            if end < len(text) and text[end] in "-_":
                continue
            done = end
            info = phrases[" ".join(forms[i:j + 1])]
            if info is None:
                break
            cls, weight, key = info
            if key.startswith(("refus", "fail", "declin")) and re.match(r"\s+to\b", text[end:]):
                break
            starts = []  # where the negations that reach this cue start
            if cues.negation_words:
                for k, (na, nb, nmark) in enumerate(tokens[:i]):
                    if nmark:
                        continue
                    ends = [(nb if text[nb - 3:nb].lower() in ("n't", "n’t") else None, nb - 3)]
                    if not (na and (text[na - 1] in "_'’" or text[na - 1].isalnum())):
                        ends += [(tokens[m][1], na) for m in runs(negations, k, re.compile(r"\s+"))]
                    for ne, ns in ends:
                        if ne is not None and ns >= max(0, a - 40) and between.fullmatch(text[ne:a]):
                            starts.append(ns)
            if starts:
                first = min(starts)
                if not (exceptions and exceptions.search(text[first:end])):
                    weight, cls = round(-cues.factor * weight, 4), "not " + cls
            out.append((a, end, text[a:end], weight, cls))
            break
    return out


def _random_cue_texts(cues, rng, n, extra=()):
    """Texts of cue forms, negation words, exceptions and filler in varied case, spacing and
    punctuation, with long words that put the 40-character window of a cue's negation inside a word,
    and (with ``extra``) other characters."""
    cue_words = sorted(cues.weights_)
    pieces = (cue_words[::5] + ["not", "n't", "N'T", "never", "no", "refused to", "failed", "declined to", "lack of",
                                "not only", "no doubt", "never before", "against", "end", "without", "didn't",
                                "won’t", "cannot", "hardly", "the", "said", "aid", "warm-hearted", "re-support",
                                "support-", "-support", "_support", "support_", "win-win", "to", "'", "’", ",", ".",
                                "(", "\n", "19", "x" * 37 + "not", "y" * 38 + "no", "abcdefghijklmnopqrstuvwxyzrefused",
                                "z" * 20, "q" * 39, "talks", "fight against", "peace talks", *extra])
    texts = []
    for _ in range(n):
        words = [rng.choice(pieces) for _ in range(rng.randint(0, 25))]
        words = [w.upper() if rng.random() < 0.1 else w.title() if rng.random() < 0.1 else w for w in words]
        texts.append("".join(w + rng.choice([" ", " ", "  ", "-", "\t", "", "\x0b"]) for w in words))
    return texts


# characters that an ignore-case pattern matches with ASCII letters (İ ı ſ K), others that are word
# characters or white space (é, a no-break space, CJK) and neither (a dash, a NUL inside a text)
_OTHER_CHARACTERS = ["\u0130", "\u0131", "\u017f", "\u212a", "\u212aazakh", "ſupport", "ſupport\u00a0for",
                     "did\u00a0not", "é", "ésupport", "supporté", "日本", "—", "\x00", "café"]


@pytest.mark.parametrize("seed", range(4))
def test_find_many_equals_the_plain_rule_on_random_texts(seed):
    """find_many and cue_weights (one scan over the joined texts, the pattern tried only where a
    first word occurs, the negation read backwards) against the plain rule text by text: simple and
    multi-word cues, ignore phrases, refusals, negations whose window starts inside a word or at the
    start of a text, odd-case letters, no-break spaces, NULs inside texts, cue sets without negation
    words and with forms that are not plain ASCII words."""
    import random

    from analysis.cues import StanceCues

    rng = random.Random(seed)
    default = load_stance_cues()
    small = StanceCues({"coop": (0.5, ["support", "call for"], ["talks", "peace"]), "bad": (-0.7, ["refuse"], [])},
                       negation_words=["not", "n't", "refused to", "no"], exceptions=["not only"],
                       ignore=["peace talks"]).fit()
    bare = StanceCues({"coop": (0.5, ["support"], ["talks"])}).fit()  # no negation words
    other = StanceCues({"coop": (0.5, ["support"], ["café", "o'clock", "日本"])},  # forms of other characters
                       negation_words=["not", "kein"]).fit()
    for cues in (default, small, bare, other):
        texts = _random_cue_texts(cues, rng, 300)
        texts += _random_cue_texts(cues, rng, 300, extra=_OTHER_CHARACTERS)
        # a window of 40 characters that starts inside a word, at a negation (the look-behind sees
        # nothing before the window) or just before or after one
        texts += [f"q{lead} {'a' * k} support" for lead in ("not", "no", "Not", "refused to", "n't", "n'T", "snot")
                  for k in range(26, 40)]
        texts += [f"q{lead} {'a' * k} {'b' * (30 - k)} talks" for lead in ("not", "no") for k in range(1, 29)]
        expected = [_cues_by_the_plain_rule(cues, t) for t in texts]
        assert cues.find_many(texts) == expected
        assert [cues.find(t) for t in texts[::17]] == expected[::17]
        assert cues.cue_weights(texts) == ([i for i, f in enumerate(expected) for _ in f],
                                           [c[3] for f in expected for c in f])
        ascii_texts = [t for t in texts if t.isascii()]  # alone: the joined text is ASCII
        assert cues.find_many(ascii_texts) == [_cues_by_the_plain_rule(cues, t) for t in ascii_texts]
        assert sum(map(len, expected)) > 100
        assert any(not t.isascii() and f for t, f in zip(texts, expected))
        if cues is not bare:
            assert any(c[4].startswith("not ") for f in expected for c in f)


def test_find_many_on_fixed_texts_with_negations_and_other_letters():
    cues = load_stance_cues()
    texts = ["They did not support the plan but welcomed talks.", "", "It never really condemned it",
             "WE DID NOT SUPPORT IT", "They didn't strongly   criticise anyone.", "Not only praised but thanked.",
             "He refused to cooperate.", "\u212aazakh leaders praised the ſupport.", "They did\u00a0not support it.",
             "Moscow refused to cooperate.", "He praised the deal. It was not rejected."]
    found = cues.find_many(texts)
    assert found == [_cues_by_the_plain_rule(cues, t) for t in texts]
    assert [c[4] for c in found[3]] == ["not support"]
    assert [c[4] for c in found[5]] == ["praise", "praise"]  # "not only" is no negation
    assert [(c[2], c[4]) for c in found[6]] == [("cooperate", "not support")]
    # "ſupport" matches the pattern, but its lower case is no cue form: it does not count (as before)
    assert [(c[2], c[4]) for c in found[7]] == [("praised", "praise")]
    assert [c[4] for c in found[8]] == ["not support"]


def test_stance_cues_follow_the_estimator_contract():
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError

    from analysis.cues import StanceCues

    classes = {"coop": (0.5, ["support"], ["talks"])}
    cues = StanceCues(classes, negation_words=["not"], window=1)
    assert cues.get_params()["classes"] is classes and cues.get_params()["window"] == 1
    assert not hasattr(cues, "weights_")
    for call in (lambda: cues.find("support"), lambda: cues.find_many(["support"]),
                 lambda: cues.cue_weights(["support"]), lambda: cues.find_roles("he won", [(0, 2)])):
        with pytest.raises(NotFittedError, match="fit"):
            call()
    assert cues.fit() is cues
    assert [c[4] for c in cues.find("They did not support talks")] == ["not coop", "coop"]
    assert not hasattr(clone(cues), "weights_")
    for name, value in (("factor", -1), ("factor", "x"), ("window", 1.5), ("window", -1)):
        with pytest.raises(ValueError, match=name):
            StanceCues(classes, **{name: value}).fit()
    assert isinstance(load_stance_cues(), StanceCues) and hasattr(load_stance_cues(), "weights_")
