"""Tests for analysis.stance: cues, negation, targets, aggregation."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.speakers import attribute_speakers
from analysis.config import SEEDS_DIR
from analysis.corpus import load_corpus
from analysis.cues import load_stance_cues
from analysis.stance import (document_stance, score_stance, speaker_stance,
                             stance_label)
from analysis.text import split_sentences


def _spoken(sentences):
    """The sentences with their speakers and mentions, which score_stance needs."""
    return attribute_speakers(sentences)


def _doc(*texts, tone=None, paragraphs=None, doc_id="d"):
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    return pd.DataFrame({"doc_id": doc_id, "sent_id": range(1, len(texts) + 1),
                         "paragraph_id": paragraphs or [1] * len(texts), "start": starts, "text": list(texts),
                         "tone": tone if tone is not None else [0.0] * len(texts)})


@pytest.fixture(scope="module")
def seed_stance():
    documents, _ = load_corpus(SEEDS_DIR)
    sentences = split_sentences(documents)
    sentences["tone"] = 0.0  # stance must come from the cues alone here
    return documents, score_stance(attribute_speakers(sentences))


def test_seed_tokayev_and_wang_yi_are_cooperative_towards_each_other(seed_stance):
    _, out = seed_stance
    table = speaker_stance(out)
    tok = table[(table.speaker == "Kassym-Jomart Tokayev")
                & table.stance_target.isin(["China", "Wang Yi", "Xi Jinping"])]
    wang = table[(table.speaker == "Wang Yi") & table.stance_target.isin(["Kazakhstan", "Kassym-Jomart Tokayev"])]
    assert len(tok) and (tok["stance"] > 0).all()
    assert len(wang) and (wang["stance"] > 0).all()
    by_sent = out.set_index("sent_id")
    assert by_sent.loc[3, "stance_target"] == "China" and by_sent.loc[3, "stance_label"] == "positive"
    assert by_sent.loc[11, "stance"] > 0  # thanked ... assistance


def test_seed_document_is_positive_towards_china(seed_stance):
    documents, out = seed_stance
    doc = document_stance(out, documents=documents)
    assert doc[["stance_label", "stance_target"]].values.tolist() == [["positive", "China"]]


def test_seed_evidence_offsets_point_into_the_document(seed_stance):
    documents, out = seed_stance
    text = documents["text"].iloc[0]
    evidence = out.set_index("sent_id").loc[11, "stance_evidence"]
    first = evidence.split("; ")[0]
    assert first.startswith("thanked [praise +1]")
    start, end = map(int, first.rsplit(" ", 1)[1].split("-"))
    assert text[start:end] == "thanked"


def test_negation_flips_cues():
    out = score_stance(_spoken(_doc("Tokayev said Kazakhstan supports China.",
                                    "Tokayev said Kazakhstan did not support China.",
                                    "Tokayev said Kazakhstan refused to cooperate with China.",
                                    "Tokayev said Kazakhstan did not criticise China.")))
    assert out["stance"].iloc[0] > 0
    assert out["stance"].iloc[1] < 0 and out["stance"].iloc[2] < 0
    assert out["stance"].iloc[3] > 0
    assert "[not support" in out["stance_evidence"].iloc[1]


def test_conflict_cues_are_negative_and_tone_moves_stance():
    out = score_stance(_spoken(_doc("Putin said Russia condemns the sanctions imposed by the EU.",
                                    "Trade between Russia and China grew.",
                                    "Trade between Russia and China grew.", tone=[0.0, 0.0, 0.8])))
    assert out["stance_label"].tolist() == ["negative", "neutral", "positive"]
    assert out["stance"].iloc[1] == 0.0


def test_speaker_target_is_an_actor_of_another_country():
    out = score_stance(_spoken(_doc("Wang Yi said China and Kazakhstan will deepen cooperation.",
                                    "Wang Yi also praised the reforms.")))
    assert out["stance_target"].tolist() == ["Kazakhstan", "Kazakhstan"]  # carried to the next sentence


def test_user_target_by_name_surname_and_pronoun():
    sentences = _doc("Daniel Castell won the award.", "He thanked his team.", "Prices rose.",
                     "Castell was praised by critics.", doc_id="x", tone=[0.6, 0.4, -0.9, 0.5])
    out = score_stance(_spoken(sentences), targets={"x": "Daniel Castell"})
    assert out["stance_target"].tolist() == ["Daniel Castell", "Daniel Castell", "", "Daniel Castell"]
    assert out["stance_weight"].tolist() == [1.0, 0.6, 0.0, 1.0]
    doc = document_stance(out, targets={"x": "Daniel Castell"})
    assert doc[["stance_label", "stance_target"]].values.tolist() == [["positive", "Daniel Castell"]]


def test_sentences_not_about_the_target_count_little():
    about = _doc("Maria Lopez was praised.", "The weather was awful and deadly.", doc_id="y", tone=[0.5, -0.9])
    doc = document_stance(score_stance(_spoken(about), targets={"y": "Maria Lopez"}))
    assert doc["stance"].iloc[0] > 0


def test_empty_and_cue_free_text_is_neutral():
    out = score_stance(_spoken(_doc("", "The meeting took place on Tuesday.", "   ")))
    assert out["stance"].tolist() == [0.0, 0.0, 0.0]
    assert out["stance_label"].tolist() == ["neutral"] * 3
    empty = score_stance(_spoken(_doc()))
    assert list(empty.columns[-5:]) == ["stance", "stance_target", "stance_weight", "stance_label",
                                        "stance_evidence"]
    assert document_stance(empty).empty


def test_unknown_speaker_and_missing_tone_give_neutral_values():
    frame = pd.DataFrame({"doc_id": ["z"], "sent_id": [1], "start": [0], "text": ["Nothing happened."],
                          "speaker": ["somebody"], "mentions": [""]})
    out = score_stance(frame)
    assert out[["stance", "stance_target", "stance_label"]].values.tolist() == [[0.0, "", "neutral"]]


def test_document_stance_keeps_every_document_in_order():
    documents = pd.DataFrame({"doc_id": ["b", "a", "c"], "text": ["x", "y", ""]})
    sentences = pd.concat([_doc("Tokayev praised China.", doc_id="a", tone=[0.5]),
                           _doc("Tokayev condemned the attack on China.", "He said China threatens peace.",
                                doc_id="b", tone=[-0.6, -0.7])])
    doc = document_stance(score_stance(_spoken(sentences)), documents=documents)
    assert doc["doc_id"].tolist() == ["b", "a", "c"]
    assert doc["stance_label"].tolist() == ["negative", "positive", "neutral"]
    assert doc.loc[2, "stance"] == 0.0 and doc.loc[2, "n_sentences"] == 0
    # one critical sentence of mild tone is not enough evidence for a negative document
    single = _doc("Tokayev condemned the attack on China.", doc_id="b", tone=[-0.3])
    assert document_stance(score_stance(_spoken(single)))["stance_label"].tolist() == ["neutral"]


def test_input_is_not_mutated():
    frame = _spoken(_doc("Tokayev praised China.", tone=[0.3]))
    before = frame.copy()
    out = score_stance(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert "stance" in out.columns and "stance" not in frame.columns


def test_speakers_must_have_been_attributed_first():
    """score_stance does not run attribute_speakers itself: it names the missing columns."""
    frame = _doc("Tokayev praised China.")
    with pytest.raises(ValueError, match=r"no 'speaker' or 'mentions' column; run analysis\.speakers\.attribute_speakers"):
        score_stance(frame)
    with pytest.raises(ValueError, match=r"no 'mentions' column; run analysis\.speakers\.attribute_speakers"):
        score_stance(frame.assign(speaker="narrator"))
    assert score_stance(_spoken(frame))["stance_label"].tolist() == ["positive"]


def test_stance_label_band_and_bad_options():
    assert stance_label(np.array([0.5, 0.0, -0.5])).tolist() == ["positive", "neutral", "negative"]
    with pytest.raises(ValueError, match="band"):
        stance_label(0.1, band=(0.5, -0.5))
    with pytest.raises(ValueError, match="targets"):
        score_stance(_doc("x"), targets=["a"])
    with pytest.raises(ValueError, match="text"):
        score_stance(pd.DataFrame({"y": [1]}))


def test_ignore_phrases_and_cue_file():
    cues = load_stance_cues()
    assert cues.weights_["fight"][0] == "coerce"
    assert [c[4] for c in cues.find("They will fight against the virus.")] == []
    assert [c[4] for c in cues.find("They will fight the army.")] == ["coerce"]


def test_document_label_rule_is_pinned():
    from analysis.stance import DOCUMENT_NEUTRAL_BAND, NEWS_BASELINE, TITLE_WEIGHT
    assert DOCUMENT_NEUTRAL_BAND == (-0.6, 0.1) and NEWS_BASELINE == -0.08 and TITLE_WEIGHT == 3.0
    values = [NEWS_BASELINE, 0.5, -0.6, -0.8, 0.05]
    frame = pd.DataFrame({"doc_id": list("abcde"), "sent_id": 1, "stance": values, "stance_weight": 1.0})
    doc = document_stance(frame)
    # one sentence that concerns the target: w = 1 + CONTEXT_WEIGHT (0.05)
    expected = np.tanh((np.array(values) - NEWS_BASELINE) * np.sqrt(1.05))
    np.testing.assert_allclose(doc["stance"], expected, atol=1e-6)
    assert doc["stance"].iloc[0] == 0.0
    assert doc["stance_label"].tolist() == ["neutral", "positive", "neutral", "negative", "positive"]
    # the ends of the band are neutral; just outside them is not
    assert [stance_label(v, band=DOCUMENT_NEUTRAL_BAND) for v in (-0.6, -0.61, 0.1, 0.11)] == [
        "neutral", "negative", "neutral", "positive"]


def test_title_about_the_target_counts_more():
    def doc(first_id):
        return pd.DataFrame({"doc_id": "t", "sent_id": [first_id, 2, 3], "stance": [-0.6, 0.1, 0.1],
                             "stance_weight": [1.0, 1.0, 1.0]})
    as_title, as_body = document_stance(doc(0)), document_stance(doc(1))
    assert as_title["stance"].iloc[0] < as_body["stance"].iloc[0]
    w = np.array([3 * 1.05, 1.05, 1.05])
    expected = np.tanh((w * (np.array([-0.6, 0.1, 0.1]) + 0.08)).sum() / np.sqrt(w.sum()))
    assert as_title["stance"].iloc[0] == pytest.approx(expected, abs=1e-6)
    # a title that does not concern the target counts as any other sentence
    other = doc(0).assign(stance_weight=[0.0, 1.0, 1.0])
    other_body = doc(1).assign(stance_weight=[0.0, 1.0, 1.0])
    assert document_stance(other)["stance"].iloc[0] == document_stance(other_body)["stance"].iloc[0]


def test_roles_of_a_user_target_with_evidence():
    text = ["Maria Lopez was charged with fraud on Monday.", "Police said she was shot near her home.",
            "Lopez won the regional title.", "Prosecutors accused her of lying."]
    sentences = _doc(*text, doc_id="r")
    out = score_stance(_spoken(sentences), targets={"r": "Maria Lopez"})
    evidence = out["stance_evidence"].tolist()
    assert "charged [role accused -0.5]" in evidence[0]
    assert "shot [role victim +0.25]" in evidence[1]
    assert "won [role achiever +0.4]" in evidence[2]
    assert "accused [role accused -0.5]" in evidence[3]
    full = "\n".join(text)  # _doc's starts are offsets into the texts joined by one character
    item = next(e for e in evidence[0].split("; ") if "[role accused" in e)
    start, end = map(int, item.rsplit(" ", 1)[1].split("-"))
    assert full[start:end] == "charged"
    assert out["stance"].iloc[0] < 0 and out["stance"].iloc[2] > 0
    # the same words about somebody else carry no role of the target
    others = score_stance(_spoken(_doc(*text, doc_id="r")), targets={"r": "John Smith"})
    assert not any("[role" in e for e in others["stance_evidence"])
    # a victim's sentence is less negative than the same grim words without the target's role
    assert out["stance"].iloc[1] > others["stance"].iloc[1]


def test_roles_only_for_user_targets():
    out = score_stance(_spoken(_doc("Tokayev said China was accused of nothing.", "Wang Yi was accused by critics.")))
    assert not any("[role" in e for e in out["stance_evidence"])


def test_tone_balance_is_used_when_tone_shares_are_present():
    sentences = _doc("Maria Lopez spoke.", "Maria Lopez spoke.", doc_id="p", tone=[0.9, 0.9])
    sentences["tone_pos"] = [0.1, 0.0]
    sentences["tone_neg"] = [0.0, 0.3]
    out = score_stance(_spoken(sentences), targets={"p": "Maria Lopez"})
    assert out["stance"].tolist() == pytest.approx([0.6 * 0.1, 0.6 * -0.3])
    assert out["stance_evidence"].tolist() == ["tone +0.10", "tone -0.30"]


def test_stance_without_evidence_changes_only_the_evidence_column():
    s = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [1, 2], "paragraph_id": [1, 1], "start": [0, 44],
                      "tone": [0.5, -0.4],
                      "text": ["Tokayev praised the partnership with China.", "Wang Yi said China did not support it."]})
    full = score_stance(_spoken(s))
    lean = score_stance(_spoken(s), evidence=False)
    assert full["stance_evidence"].str.len().gt(0).all()
    assert lean["stance_evidence"].tolist() == ["", ""]
    pd.testing.assert_frame_equal(full.drop(columns="stance_evidence"), lean.drop(columns="stance_evidence"))
    with pytest.raises(ValueError, match="evidence"):
        score_stance(s, evidence="no")


def _document_stance_by_loop(frame, documents=None, targets=None):
    """document_stance as a plain loop (its former code): the reference for the vectorised one."""
    import math
    from collections import Counter

    from analysis.stance import CONTEXT_WEIGHT, DOCUMENT_NEUTRAL_BAND, NEWS_BASELINE, TITLE_WEIGHT

    stance = np.nan_to_num(pd.to_numeric(frame["stance"], errors="coerce").to_numpy(dtype=float))
    concern = np.nan_to_num(pd.to_numeric(frame["stance_weight"], errors="coerce").to_numpy(dtype=float))
    w = concern + CONTEXT_WEIGHT
    title = (pd.to_numeric(frame["sent_id"], errors="coerce").to_numpy(dtype=float) == 0) & (concern > 0)
    w = np.where(title, TITLE_WEIGHT * w, w)
    stance = stance - NEWS_BASELINE
    sums: dict = {}
    for doc, s, wi, t in zip(frame["doc_id"].tolist(), stance, w, frame["stance_target"].tolist()):
        entry = sums.setdefault(doc, [0.0, 0.0, Counter(), 0, {}])
        entry[0] += s * wi
        entry[1] += wi
        entry[3] += 1
        if isinstance(t, str) and t:
            entry[2][t] += 1
            entry[4].setdefault(t, len(entry[4]))
    rows = []
    for doc in (list(documents["doc_id"]) if documents is not None else list(sums)):
        entry = sums.get(doc)
        value = round(math.tanh(entry[0] / math.sqrt(entry[1])), 6) if entry and entry[1] > 0 else 0.0
        user = (targets or {}).get(doc)
        if isinstance(user, str) and user.strip():
            name = user.strip()
        elif entry and entry[2]:
            name = sorted(entry[2], key=lambda t: (-entry[2][t], entry[4][t]))[0]
        else:
            name = ""
        rows.append((doc, value + 0.0, stance_label(value, band=DOCUMENT_NEUTRAL_BAND), name,
                     entry[3] if entry else 0))
    out = pd.DataFrame(rows, columns=["doc_id", "stance", "stance_label", "stance_target", "n_sentences"])
    return out.astype({"doc_id": "str", "stance": "float64", "stance_label": "str", "stance_target": "str",
                       "n_sentences": "int64"})


@pytest.mark.parametrize("seed", range(6))
def test_document_stance_equals_the_loop_exactly(seed):
    """Sums in row order (bit for bit), most frequent target with ties to the first, documents
    interleaved, missing values, string and object columns, documents with no sentences."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 400))
    docs = [f"d{k}" for k in range(int(rng.integers(1, 30)))]
    frame = pd.DataFrame({
        "doc_id": rng.choice(docs, n) if seed % 3 else np.sort(rng.choice(docs, n)),
        "sent_id": rng.integers(0, 5, n),
        "stance": np.round(rng.uniform(-1, 1, n), 6),
        "stance_weight": rng.choice([0.0, 0.6, 1.0], n),
        "stance_target": rng.choice(["", "China", "Russia", "Kazakhstan", "A B"], n),
    })
    if seed % 2:  # object columns with missing values and a non-string doc id
        frame = frame.astype({"doc_id": object, "stance_target": object})
        frame.loc[frame.index[::7], "stance_target"] = None
        frame.loc[frame.index[::11], "stance"] = np.nan
        if n:
            frame.loc[frame.index[0], "doc_id"] = 7
    documents = pd.DataFrame({"doc_id": docs + ["empty"]})
    targets = {docs[0]: " Someone ", docs[-1]: ""}
    for kwargs in ({}, {"documents": documents}, {"documents": documents, "targets": targets}):
        expected = _document_stance_by_loop(frame, **kwargs)
        pd.testing.assert_frame_equal(document_stance(frame, **kwargs), expected, check_exact=True)


def test_bincount_sums_like_a_running_sum():
    """document_stance relies on np.bincount adding each group's weights one by one in row order."""
    rng = np.random.default_rng(0)
    groups = rng.integers(0, 3, 5000)
    values = rng.normal(size=5000) * 10.0 ** rng.integers(-8, 8, 5000)
    running = [0.0, 0.0, 0.0]
    for g, v in zip(groups.tolist(), values.tolist()):
        running[g] += v
    assert np.bincount(groups, weights=values).tolist() == running
    assert np.bincount(groups, weights=values).tolist() != [math.fsum(values[groups == g]) for g in range(3)]


def _actor_targets_by_loop(frame, actors):
    """The actor-based targets as a loop per document and sentence (the former code): the
    reference for the array version in score_stance."""
    import re

    from analysis.actors import BOTH_SIDES, NARRATOR, UNKNOWN

    dateline = re.compile(r"^\s*([A-Z][A-Z\-' ]{2,30}?)\s*[.,(]")
    texts = frame["text"].tolist()
    speakers = [s if isinstance(s, str) and s else UNKNOWN for s in frame["speaker"].tolist()]
    mentions = [m.split(";") if isinstance(m, str) and m else [] for m in frame["mentions"].tolist()]
    sent_ids = frame["sent_id"].tolist()
    by_doc: dict = {}
    for i in sorted(range(len(frame)), key=lambda i: sent_ids[i]):  # stable: rows in order within a sent_id
        by_doc.setdefault(frame["doc_id"].iloc[i], []).append(i)
    target, weight = [""] * len(frame), [0.0] * len(frame)
    for doc in dict.fromkeys(frame["doc_id"]):
        rows = by_doc[doc]
        counts: dict = {}
        for name in (name for i in rows for name in mentions[i]):
            country = actors.country_of(name)
            if country:
                counts[country] = counts.get(country, 0) + 1
        ranking = sorted(counts, key=counts.__getitem__, reverse=True)
        home = ""
        for i in rows:
            if sent_ids[i] >= 1:
                m = dateline.match(texts[i])
                home = actors.country_of(actors.lookup_any_case(m.group(1)) or "") if m else ""
                break
        if home in ranking:
            ranking = [home] + [c for c in ranking if c != home]
        last: dict = {}

        def side(name):  # a named actor outside the actor file is its own side
            return actors.country_of(name) or (name if name not in actors and name not in (NARRATOR, BOTH_SIDES,
                                                                                          UNKNOWN) else "")
        for i in rows:
            speaker = speakers[i]
            own = side(speaker)
            chosen = ""
            if speaker in (NARRATOR, BOTH_SIDES, UNKNOWN) or not own:
                if speaker == NARRATOR:
                    chosen = ranking[1] if len(ranking) > 1 else (ranking[0] if ranking else "")
            else:
                for name in mentions[i]:
                    country = side(name)
                    if name != speaker and country and country != own:
                        chosen = name
                        break
                if not chosen:
                    chosen = last.get(speaker) or next((c for c in ranking if c != own), "")
                if chosen:
                    last[speaker] = chosen
            target[i], weight[i] = chosen, 1.0 if chosen else 0.0
    return target, weight


@pytest.mark.parametrize("seed", range(8))
def test_actor_targets_equal_the_loop(seed):
    """score_stance's targets (array operations over all documents) against the former loop, on
    interleaved documents with repeated sent_ids, datelines, narrators, speakers without a country,
    speakers mentioning themselves, empty and missing mentions, and some user-target documents."""
    import random

    from analysis.actors import load_actors

    rng = random.Random(seed)
    actors = load_actors()
    people = ["Wang Yi", "Kassym-Jomart Tokayev", "Sergey Lavrov", "Olaf Scholz", "Narendra Modi", "Nobody Known"]
    places = ["China", "Kazakhstan", "Russia", "Germany", "France", "the United States", ""]
    speakers = people + ["narrator", "narrator", "both sides", "unknown", "", None]
    datelines = ["ASTANA. KAZINFORM - ", "BEIJING, May 2 - ", "MOSCOW (Reuters) ", "nowhere. ", "PARIS. ", ""]
    n = rng.randint(0, 160)
    docs = [f"d{k}" for k in range(rng.randint(1, 12))]
    rows = []
    for _ in range(n):
        said = [rng.choice(people + places) for _ in range(rng.choice([0, 0, 1, 2, 3, 5]))]
        mentions = rng.choice([";".join(said), ";".join(said), None]) if said else rng.choice(["", None])
        rows.append({"doc_id": rng.choice(docs), "sent_id": rng.randint(0, 5), "start": 0,
                     "text": rng.choice(datelines) + "Talks went on.", "speaker": rng.choice(speakers),
                     "mentions": mentions, "tone": 0.0})
    frame = pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "text", "speaker", "mentions", "tone"])
    if seed % 2:
        frame = frame.astype({"doc_id": "str", "text": "str"})
    out = score_stance(frame, actors=actors, evidence=bool(seed % 3))
    target, weight = _actor_targets_by_loop(frame, actors)
    assert out["stance_target"].tolist() == target
    assert out["stance_weight"].tolist() == weight
    if n:  # documents with a user target keep theirs; the others' are the same
        user = {docs[0]: "Wang Yi"}
        mixed = score_stance(frame, actors=actors, targets=user)
        other = (frame["doc_id"] != docs[0]).to_numpy()
        assert mixed["stance_target"][other].tolist() == [t for t, o in zip(target, other) if o]
        assert set(mixed["stance_target"][~other]) <= {"Wang Yi", ""}


def test_named_actors_outside_the_actor_file_are_targets_and_speakers_with_targets():
    s = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [1, 2], "paragraph_id": [1, 1], "start": [0, 60],
                      "text": ["Helga Brandt criticised the Ministry of Fisheries over the quotas.",
                               "The Ministry of Fisheries praised Helga Brandt for her patience."]})
    out = score_stance(_spoken(s))
    assert out["speaker"].tolist() == ["Helga Brandt", "Ministry of Fisheries"]
    assert out["stance_target"].tolist() == ["Ministry of Fisheries", "Helga Brandt"]
