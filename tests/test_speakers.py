"""Tests for analysis.speakers: who speaks in each sentence (speech verbs, the sides, quotations,
carry-over) and the one pass over a table that finds the cues."""

import pandas as pd
import pytest

from analysis import names as N
from analysis import reporting as R
from analysis import speakers as S
from analysis.actors import load_actors
from analysis.config import SEEDS_DIR
from analysis.corpus import load_corpus
from analysis.speakers import attribute_speakers
from analysis.text import split_sentences
from conftest import doc_frame, expected_scan, fuzz_texts, got_scan, reference_find, speakers_of


@pytest.fixture(scope="module")
def seed_speakers():
    documents, _ = load_corpus(SEEDS_DIR)
    return attribute_speakers(split_sentences(documents)).set_index("sent_id")


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
    out = attribute_speakers(doc_frame("John Smith said the plan would work.",
                                       "The project will finish next year, said Maria Lopez."))
    assert out["speaker"].tolist() == ["John Smith", "Maria Lopez"]
    assert "John Smith [name] 0-10" in out["speaker_evidence"].iloc[0]


def test_pronoun_and_surname_carry_the_speaker():
    out = attribute_speakers(doc_frame("John Smith said the plan would work.", "He added that it was late.",
                                       "Smith also criticised the budget.", paragraphs=[1, 1, 2]))
    assert out["speaker"].tolist() == ["John Smith"] * 3


def test_carry_over_needs_the_same_paragraph_and_voice():
    out = attribute_speakers(doc_frame("Wang Yi noted that trade grew.", "China is ready to do more.",
                                       "China is ready to do more.", "Trade grew by a third.", paragraphs=[1, 1, 2, 2]))
    assert out["speaker"].tolist() == ["Wang Yi", "Wang Yi", "narrator", "narrator"]


def test_the_sides_and_both_sides():
    out = attribute_speakers(doc_frame("The sides discussed trade.", "Both sides agreed to meet again.",
                                       "The parties have signed a memorandum."))
    assert out["speaker"].tolist() == ["both sides"] * 3


def test_according_to_and_apposition():
    out = attribute_speakers(doc_frame("According to the Kremlin, the talks went well.",
                                       "Schmidt, president of the Forum, said the deal was off."))
    assert out["speaker"].tolist() == ["Russia", "Schmidt"]


def test_unnamed_source_is_unknown_and_plain_narration_is_narrator():
    out = attribute_speakers(doc_frame("A senior official said the talks failed.", "Prices rose in May.", ""))
    assert out["speaker"].tolist() == ["unknown", "narrator", "narrator"]


def test_role_resolves_to_the_most_recent_speaker_holding_it():
    out = attribute_speakers(doc_frame("Putin said Moscow wants talks.", "Tokayev welcomed the idea.",
                                       "The President stressed that dialogue matters."))
    assert out["speaker"].tolist() == ["Vladimir Putin", "Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev"]


def test_one_word_aliases_respect_case():
    out = attribute_speakers(doc_frame("Let us talk about turkey and china plates.", "The US and Turkey met."))
    assert out["mentions"].tolist() == ["", "United States;Turkey"]


def test_the_chunk_index_is_read_not_rebuilt():
    from analysis.words import Words

    frame = doc_frame("Wang Yi said Beijing is ready.", "Tokayev noted that O'Neill's plan works.", "The sides agreed.")
    texts = frame["text"].tolist()
    got = attribute_speakers(frame, index=Words(texts))
    pd.testing.assert_frame_equal(got, attribute_speakers(frame))
    assert got["speaker"].tolist() == ["Wang Yi", "Kassym-Jomart Tokayev", "both sides"]
    with pytest.raises(ValueError, match="index has 2 texts for 3 sentences"):
        attribute_speakers(frame, index=Words(texts[:2]))


def test_input_is_not_mutated_and_order_is_kept():
    frame = doc_frame("Wang Yi said Beijing is ready.", "The sides agreed.").iloc[::-1]
    before = frame.copy()
    out = attribute_speakers(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert out.index.tolist() == frame.index.tolist()
    assert out["speaker"].tolist() == ["both sides", "Wang Yi"]


def test_one_pass_over_all_sentences_finds_what_each_sentence_finds():
    actors = load_actors()
    texts = fuzz_texts(1500, seed=11) + ["", "", "Wang Yi said.", "the President"]
    assert got_scan(actors, texts) == expected_scan(actors, texts)
    assert actors.find_many(texts) == [actors.find(t) for t in texts] == [reference_find(actors, t) for t in texts]


def test_a_text_with_the_separator_gets_the_matches_it_gets_alone():

    texts = ["Wang Yi said\x00China", "Tokayev noted", "\x00Beijing\x00", "Mr. Gao\x00", "the sides\x00said"]
    assert N.name_runs(texts) == [N.name_runs([t])[0] for t in texts]
    assert got_scan(load_actors(), texts) == expected_scan(load_actors(), texts)
    assert load_actors().find_many(texts) == [reference_find(load_actors(), t) for t in texts]
    s = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [1, 2], "paragraph_id": [1, 1], "start": [0, 20],
                      "text": texts[:2]})
    assert attribute_speakers(s)["speaker"].tolist() == ["Wang Yi", "Kassym-Jomart Tokayev"]


def test_speakers_do_not_depend_on_the_other_sentences_of_the_table():
    texts = fuzz_texts(400, seed=3)
    s = pd.DataFrame({"doc_id": [f"d{i // 5}" for i in range(len(texts))], "sent_id": [i % 5 + 1 for i in range(len(texts))],
                      "paragraph_id": 1, "start": 0, "text": texts})
    together = attribute_speakers(s)
    apart = pd.concat([attribute_speakers(g) for _, g in s.groupby("doc_id", sort=False)])
    pd.testing.assert_frame_equal(together, apart, check_exact=True)


def test_every_reporting_verb_matches_as_a_whole_word_only():

    for phrase in R.SPEECH_PHRASES:
        assert [m.group() for m in R.SPEECH.finditer(f"Ann {phrase}: yes")] == [phrase], phrase
        assert not R.SPEECH.search(f"un{phrase}s-"), phrase
    assert [m.group() for m in R.SPEECH.finditer("She called  for calm and called on them")] == ["called  for",
                                                                                                  "called on"]
    assert R.OBJECT_VERBS <= set(R.SPEECH_PHRASES)


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


def test_prefilters_of_the_end_anchored_searches_are_necessary_conditions():

    texts = fuzz_texts(3000, seed=23) + ["the witnesses", "Officials", "an expert,", "the LAWMAKERS", "ſources",
                                         "further ,", "he", "They"]
    for text in texts:
        for n in range(len(text) + 1):
            t = text[:n]
            if t != t.rstrip():  # the attribution looks at texts without trailing white space only
                continue
            if R._PRONOUN_END.search(t):
                assert text.endswith(R._PRONOUN_ENDS, 0, n), t
            if R._SIDES_END.search(t):
                assert text[n - 1] in "sS\u017f", t
            if R._TRAILING_ADVERB.search(t):
                assert (t[:-1].rstrip() if t.endswith(",") else t).endswith(R._ADVERB_ENDS), t


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
    repeated = pd.concat([doc_frame(*texts[:6])] * 3, ignore_index=True).assign(doc_id=[f"r{i // 6}" for i in range(18)])
    out = attribute_speakers(repeated)
    assert out["speaker"].tolist()[:6] * 3 == out["speaker"].tolist()
    assert out["speaker_evidence"].tolist()[:6] * 3 == out["speaker_evidence"].tolist()


def test_gc_is_paused_during_the_attribution_and_restored():
    import gc

    seen = []
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            with S._gc_paused():
                seen.append(gc.isenabled())
            assert gc.isenabled() is enabled
            with pytest.raises(KeyError):
                with S._gc_paused():
                    raise KeyError
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
    assert seen == [False, False]


def test_first_sides_and_according_matches_are_searched_from_their_words():
    import random

    rng = random.Random(29)
    pieces = ["the two sides", "all the parties", "All  the\nsides", "both sides", "the sides", "sides", "parties",
              "agreed", "have", "will", "met", "according to", "According", "to", "the", "two", "all", "x", ",",
              "\u00a0", "ſides"]
    texts = ["".join(rng.choice(pieces) + rng.choice([" ", "  ", ", ", ""]) for _ in range(rng.randint(0, 10)))
             for _ in range(3000)]
    texts += ["the two sides agreed", "x all the parties have met, the sides agreed", "sides agreed"]
    actors = load_actors()
    assert got_scan(actors, texts)[2:] == expected_scan(actors, texts)[2:]
    assert sum(m is not None for m in got_scan(actors, texts)[3]) > 150


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

    text = "After talks all the sides said"
    n = text.index(" said")
    assert R.end_rule(text, n) == ("sides", "all the sides", 12, n)
    assert R.end_rule("Asked again, she", 16) == ("pronoun", "she", 13, 16)
    assert R.end_rule("the sides\n", 10) is None  # $ before a final newline: no subject ends there
    assert R.end_rule("the besides", 11) is None and R.end_rule("Rashe", 5) is None


def test_a_quotation_keeps_its_speaker_over_sentences_and_paragraphs():
    out = speakers_of('"We will not accept this," said Bruno Keller, head of the union.',
                      '"The offer is an insult. Our members deserve better."',
                      "Talks resume on Tuesday.",
                      paragraphs=[1, 2, 3])
    assert out["speaker"].tolist() == ["Bruno Keller", "Bruno Keller", "narrator"]


def test_a_quotation_named_at_its_end_gives_its_first_sentences_that_speaker():
    out = speakers_of("Officials met at noon.", '"Nobody expected the vote.', 'It changes everything," Keller said.',
                      paragraphs=[1, 2, 2])
    assert out["speaker"].tolist() == ["narrator", "Keller", "Keller"]
    assert out["speaker_evidence"].iloc[1].startswith("quotation [speaker named later]")


def test_pronouns_inside_a_quotation_do_not_make_an_unknown_speaker():
    out = speakers_of("Coach Dana Ruiz said the team had worked hard.",
                      '"I said this would hurt, and I was right."', paragraphs=[1, 2])
    assert out["speaker"].tolist() == ["Dana Ruiz", "Dana Ruiz"]


def test_a_postposed_description_and_the_sides_inside_a_quotation():
    out = speakers_of("Farm Bureau spokeswoman Helga Brandt said prices would rise.",
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
    # "it" as a subject: the organisation that spoke, else one named just before; a thing otherwise
    (["The Ministry of Transport said on Monday that the bridge was safe.", "It said repairs would start soon."],
     "Ministry of Transport"),
    (["Dayton Airways reported a loss.", "In a statement, it said fuel costs had doubled."], "Dayton Airways"),
    (["The plant opened in May.", "It says on its website that it hires locals."], "unknown"),
    (["Ann Carter drafted the charter, and others who signed it have reported threats."], "narrator"),
    (['Ann Carter said the memo was clear.', '"It says that we support the plan."'], "Ann Carter"),
    # name particles belong to the name; a later surname with its particles is that person
    (["Commission President Ulla von der Brink said on Friday that talks would go on.",
      "Von der Brink said the offer stood."], "Ulla von der Brink"),
    (["Senator Tom Van Dyke spoke first.", "Van Dyke said the bill was late."], "Tom Van Dyke"),
    (["Crown Prince Omar bin Khalid toured the port.", "Bin Khalid told reporters the port would grow."],
     "Omar bin Khalid"),
    (["Al Brennan said the vote was close."], "Al Brennan"),
    # reporting phrases of news agencies
    (["Wen Bao, spokesperson for the ministry, made the remarks at a press conference."], "Wen Bao"),
    (["Premier Lu Ping met business leaders.", "Lu made the remarks when meeting the delegation."], "Lu Ping"),
    # "saying" after a clause reports the words of the sentence's subject; a dateline is no subject
    (["BEIJING, Dec. 3 (Xinhua) -- China on Monday urged the bank to lower its rates, saying growth was slow."],
     "China"),
    (["Wen Bao opened the session by saying the budget was late."], "Wen Bao"),
    (["On Monday, Dayton Airways cut fares, saying demand had fallen."], "Dayton Airways"),
    (["WASHINGTON -- The president defended the tariffs by saying they protect workers."], "unknown"),
    (["Let me begin by saying that."], "narrator"),
    (["Ann Carter was quoted as saying the budget was late."], "Ann Carter"),
    # a definite description of nobody named is an unnamed source, not the narrator; a capitalised
    # name ("The Hollywood Reporter") or a passive is no description
    (["The commission said it would review the decision."], "unknown"),
    (["The news was first reported by a local paper."], "narrator"),
    (["The statement was made by Wen Bao, director of the unit."], "Wen Bao"),
    (["The spokesperson for the Dayton Council, Wen Bao, made this statement at a briefing."], "Wen Bao"),
    (["Wang Yi, Foreign Minister, said the talks went well."], "Wang Yi"),
    (["Governor Ann Carter on Thursday told reporters that the budget was late."], "Ann Carter"),
    (["Meanwhile, the Dayton Airways on Friday urged the city to act."], "Dayton Airways"),
    (["The Dayton Foreign Ministry said it was ready.", "Later, the Foreign Ministry said it recalled its envoy."],
     "Dayton Foreign Ministry"),
    (["The Dayton Ministry spoke on Monday.", "The diplomatic office called the move \"a mistake.\""],
     "Dayton Ministry"),
    (["On Monday, the Dayton Ministry of Trade issued a statement on the plan.",
      "The statement pointed out that costs would rise."], "Dayton Ministry of Trade"),
    (["County Controller Ann Carter said the audit was late."], "Ann Carter"),
    (["Governor-elect Ann Carter said the audit was late."], "Ann Carter"),
    (["State Councilor Wen Bao said the talks went well."], "Wen Bao"),
    (["Spokesperson Wen Bao at a regular news briefing said the talks went well."], "Wen Bao"),
    (["According to the Dayton Herald transcript, Ann Carter said the talks went well."], "Ann Carter"),
    # a title's portfolio is no part of the name
    (["Minister of Information Ann Carter announced the plan."], "Ann Carter"),
    (["Secretary of Health and Human Services Ann Carter said the plan was ready."], "Ann Carter"),
    (["The Director of the Dayton Bureau of Statistics said prices rose."], "Dayton Bureau of Statistics"),
    # a postposed speaker whose name ends its clause; not a name in the words said
    (["China will follow neither the West nor Russia, said Wen Bao, a scholar with the university."], "Wen Bao"),
    (["Talks will go on, said Ann Carter."], "Ann Carter"),
    # descriptions of unnamed sources: a head with a prepositional phrase, a plural after an adjective
    (["Growth will slow, a leading Chinese scholar on international relations said."], "unknown"),
    (["Western academics have appealed against it, saying ties are suffering."], "unknown"),
    # an agreement or a war is no person a pronoun refers to
    (["Wen Bao spoke at the forum.", "Wen Bao thinks the Trans-Pacific Partnership will fail.",
      "He said China should wait."], "Wen Bao"),
    # a country at the end of an organisation's name does not make it the country
    (["The Ministry of Commerce of China opposed the plan.", "The ministry stressed that it would act."],
     "Ministry of Commerce of China"),
    # "the scholar" of nobody described so, after a person spoke: that person; a capitalised modifier
    # or a preposition before it: not
    (['"We grew," said Wen Bao, president of the institute.', '"Costs rose," the scholar said.'], "Wen Bao"),
    (['"We grew," said Wen Bao, president of the institute.', 'The Saudi king said costs rose.'], "unknown"),
    (["Colonel-Major Ann Carter announced the curfew."], "Ann Carter"),
    (["Dayton Airways cut fares.", "Sources in the president's office told reporters that talks went on."],
     "unknown"),
    (["Ann Carter who curated a show in 2013 that explained the Ice Age is the curator."], "narrator"),
    # a verb inside the words quoted is no attribution of the sentence when one outside them is
    (["Wen Bao spoke first.", '"Let me say what Ed Lim said on the issue," Ann Carter said.'], "Ann Carter"),
    # "just" between subject and verb; "said the minister" of the person described so
    (["Unable to suppress a smile, Ann Carter just said, \"We stay.\""], "Ann Carter"),
    (["Union Minister Wen Bao spoke first.", '"We will build it," said the minister.'], "Wen Bao"),
    # "he" after a sentence that opens with a subordinate clause: its main subject
    (["However, when asked why Prime Minister Ed Lim skipped it, Ann Carter was quick to reply.",
      "She stated that the media erred."], "Ann Carter"),
    # who speaks for whom: "his spokesman" for the person; "it" not an organisation inside the words quoted
    (["Ann Carter will visit Dayton, her spokesman said on Monday."], "Ann Carter"),
    (["Dayton Airways cut fares.", '"The Army and the Navy are ready," it added.'], "Dayton Airways"),
    (["Ald. Ann Carter spoke.", "Carter said the budget was late."], "Ann Carter"),
    (["Ann Carter met the press.", 'In her words, "I am ready to mediate."'], "Ann Carter"),
    (["Wen Bao met the press.", "Yet, Ann Carter left the door open, saying she will wait."], "Ann Carter"),
    (['"We grew," said Wang Yi.', "The Chinese envoy also said costs rose."], "Wang Yi"),
    (["Ann Carter questioned how the figures could be right."], "Ann Carter"),
    # a quotation after a connective goes on in the voice of the sentence before
    (['"We grew," Ann Carter said.', 'However, "the costs will rise."'], "Ann Carter"),
    # a role of the actor file that none of its holders fits: the person named here whom it describes
    (["Wen Bao, minister of commerce, said trade would grow.", "The minister added that tariffs would fall."],
     "Wen Bao"),
    # a plural source without an article: unknown; the police of a place; a member of an organisation
    (["The plan will cost more, state officials said on Monday."], "unknown"),
    (["Health experts warned that cases could rise."], "unknown"),
    (["The plan will cost more, according to officials familiar with the talks."], "unknown"),
    (["The man was arrested, Dayton police said."], "Dayton police"),
    (["The man fled, according to Dayton police.", "He was arrested later, police said."], "Dayton police"),
    (["The man was arrested, police said."], "unknown"),
    (["Dayton Airways cut fares.", "Dayton Airways officials said the fares would stay."], "Dayton Airways"),
    (["FBI officials said the fares would stay."], "FBI"),
    # not after a preposition or "and": another rule's ("a crowd of residents"; "Carter and union officials")
    (["Ann Carter, after talks with officials, said the water was brown."], "Ann Carter"),
    (["Ann Carter and union officials said the ruling was wrong."], "Ann Carter"),
    # names of any Latin script; the surname He; an Indian honorific; a title's portfolio after "to" or "in"
    (["Deputy Prime Minister Hồ Đức Phớc met the envoy.", "Deputy PM Phớc said trade would grow."], "Hồ Đức Phớc"),
    (["He Qinghua, an official with the commission, made the remarks."], "He Qinghua"),
    (["Shri Piyush Goyal chaired the meeting.", "Shri Goyal said exports would grow."], "Piyush Goyal"),
    (["Trade grew, Russian Ambassador to Azerbaijan Wen Bao said."], "Wen Bao"),
    (['"It is calm," Minister in the Presidency Ann Lee said.'], "Ann Lee"),
    # a reporting clause after a comma reports the words before it, whatever verbs they hold
    (["The Dayton Ministry met.", "Ohio urged Dayton to stop, the ministry said Monday, in a statement."],
     "Dayton Ministry"),
    (["Ohio has signalled its intention to talk, said Investment, Trade and Industry Minister Wen Bao."], "Wen Bao"),
    # (not a clause with a verb of its own: "..., he said all parties continued")
    (["Ann Carter spoke.", "Despite the doubts, he said all parties under the coalition continued to work."],
     "Ann Carter"),
    # a portfolio in apposition is no name; right after a title, a name of four words; a party label
    (["Ties grew, Ann Lee, the minister of Investment, Trade and Industry told Xinhua."], "Ann Lee"),
    (["Prime Minister Datuk Seri Anwar Ibrahim spoke.", "Anwar said reforms would go on."], "Anwar Ibrahim"),
    (["State Rep. Adam Zemke D-Ann Arbor said Simon must go."], "Adam Zemke"),
    # "according to him"; a possessive description in apposition; an organisation of a country
    (["Wen Bao spoke on the radio.", 'According to him, "there is an outbreak."'], "Wen Bao"),
    (["Trade will grow, according to Africa's richest man, Nigerian billionaire Aliko Dangote."], "Aliko Dangote"),
    (["Cases fell, according to China's Ministry of Commerce."], "Ministry of Commerce"),
    (["Ann Lee met them.", "Cases fell, according to her lawyer."], "unknown"),
    # "made the announcement"; "the ministry" is no person whose description holds the word
    (["Wen Bao made the announcement at a summit."], "Wen Bao"),
    (["Kim Jong met Ann Lee at the ministry.", "Tests went on, the unification ministry said Monday."], "unknown"),
    # descriptions in a row after a name; a possessor right after the verb is no speaker
    (["In an interview, Wen Bao, a professor at the Dayton School, one of its best, said Ohio's growth was slow."],
     "Wen Bao"),
    # a run after a word for an organisation is its whole name, a country at its end included
    (["Campaign group Fair Trade UK said the trusts were careless."], "Fair Trade UK"),
    (["Chinese company Dayton Steel said it grew."], "Dayton Steel"),
    # a connective at the start of a sentence, capitalised, before "..., saying"
    (["Ann Lee spoke.", "Additionally, Lee downplayed the fall of the market, saying it will be fine."], "Ann Lee"),
    # "the diplomat" right after a diplomat named in full spoke: that person
    (["Russian Deputy Foreign Minister Wen Bao said talks went on.", '"We are ready," the diplomat said.'], "Wen Bao"),
    (["Russian envoy Wen Bao said talks went on.", '"We are ready," the Russian diplomat said.'], "Wen Bao"),
    # "the sides" that have something are no speaker ("it helped both sides have a better understanding")
    (["The meeting helped both sides have a better understanding, Wen Bao said."], "Wen Bao"),
    (["Both sides have agreed to meet again."], "both sides"),
    # guillemets and two single marks for one double are quotation marks
    (["«We must act now.", "The work goes on,» said Wen Bao."], "Wen Bao"),
    (["“That would be great ’’ Ann Lee said."], "Ann Lee"),
    # a middle word of a long name; a title in lower case after the verb; initials; more titles
    (["Chief Executive Carrie Lam Cheng Yuet-ngor spoke.", "Lam said the answer was the same."],
     "Carrie Lam Cheng Yuet-ngor"),
    (['"We thank the board," said commissioner J.C. Warren on Tuesday.'], "J.C. Warren"),
    (["Senate President Pro Tempore Ralph Recto said China must leave."], "Ralph Recto"),
    (["Trade will suffer, Taoiseach Micheál Martin has said."], "Micheál Martin"),
    (["Ann Lee described India as a high tariff nation."], "Ann Lee"),
    # a verb inside a quotation that opens the sentence is no attribution of it (unless it ends it)
    (['Wen Bao said the plan was ready: "We will pass it.', '"Yesterday, Ann Lee also expressed her full support for the plan, and so will all members.'],
     "Wen Bao"),
    (['"To the survivors I am so sorry, Ann Lee says.'], "Ann Lee"),
    # an auxiliary after an apposition; a portfolio list in apposition; a place after "of"; a curly apostrophe
    (["Mr Alan Kwadwo Kyerematen, the Minister of Trade and Industry, has urged investors to come."],
     "Alan Kwadwo Kyerematen"),
    (["Mr Wen Bao, Minister of Water Resources, Works and Housing, on Monday appealed to investors."], "Wen Bao"),
    (['"It is rough," Sen. Shelley Moore Capito of West Virginia said.'], "Shelley Moore Capito"),
    (["Minister Damien O’Connor spoke.", "O’Connor said the deal was good."], "Damien O'Connor"),
    # an organisation named so before: the whole run, a country at its end included
    (["Campaign group Fair Trade UK spoke.", '"We are sorry," a spokesperson of Fair Trade UK said.'],
     "Fair Trade UK"),
    # "say" and "tell" of a plural subject: an unnamed source, not a name; not after "and" or "to"
    (["But financial experts say the plan is risky."], "unknown"),
    (["Toxicologists say the heat may distract the brain."], "unknown"),
    (["Police say no foul play is suspected."], "unknown"),
    (["Ann Lee wants to go home and tell her mother the news."], "narrator"),
    # an affiliation after a comma, before the verb: the name before it
    (['Sergeant Tom Faudskar, of the Rochester Police Department says, "We negotiated with him."'], "Tom Faudskar"),
    # the last words of a long name; the last items of a list in an apposition
    (["Dr. Thani bin Ahmed Al Zeyoudi chaired it.", "Dr. Al Zeyoudi said trade grew."], "Thani bin Ahmed Al Zeyoudi"),
    (["Yeo Han-koo, the minister of trade at the Ministry of Trade, Industry and Energy, made the remarks."],
     "Yeo Han-koo"),
    # a parenthesis between dashes, or a relative clause with a time in it, before the verb
    (["Yang Jie, a member of the Politburo – its top body – told Sullivan that talks would go on."], "Yang Jie"),
    (["Sen. Rand Paul of Kentucky, one of four senators who voted on Wednesday, said the tariffs were a tax."],
     "Rand Paul"),
    # ", who said" after a name; a plural source after "some"
    (["That drew a rebuke from Councilman Jonathan Grieder, who said Klein never presented a budget."],
     "Jonathan Grieder"),
    (["A divided council met, and some members accused the mayor of supplying the match."], "unknown"),
    # a day after "on" ends a name; a known person's name before capitals of a title
    (["Health Cabinet Secretary Ann Mailu on Friday ordered it.", "Dr Mailu said the strike was grave."],
     "Ann Mailu"),
    (["Wang Yi Stresses ‘Progress’ In Talks.", "Foreign Minister Wang Yi spoke.", "Wang said talks went well."],
     "Wang Yi"),
    # an acronym's full stop at the end of a sentence is the sentence's
    (["The National Health Commission (NHC) met.", "Cases fell, according to the NHC."],
     "National Health Commission"),
    # "the company" is a business: not a public body named before it
    (["A spokesman for the Dayton Sheriff's Office said deputies came.", "The company said profits rose."],
     "unknown"),
    (["Dayton Steel Corp. makes pipes.", "The company said profits rose."], "Dayton Steel Corp"),
])
def test_speakers_as_english_news_attributes_speech(texts, speaker):
    labels = attribute_speakers(doc_frame(*texts, paragraphs=list(range(1, len(texts) + 1))))
    assert labels["speaker"].iloc[-1] == speaker, labels[["speaker", "speaker_evidence"]].values.tolist()


# A source named after its words (news' delayed identification): the person first named in full as
# a speaker soon after, in a sentence with the source's head word or organisation, is the speaker
# of the first sentence; a person named for other reasons is not.
@pytest.mark.parametrize("texts, first", [
    (["Growth will slow, a senior economist said Saturday.",
      "Wen Bao, chief economist with the bureau, made the remarks at a forum."], "Wen Bao"),
    (["Growth will slow, an economist from the Dayton Institute said.", "Prices are high.",
      "The statement was made by Wen Bao, director of a unit of the Dayton Institute."], "Wen Bao"),
    (["Growth will slow, a senior economist said Saturday.", "Ann Carter, a trader, said she disagreed."],
     "unknown"),
    (["Growth will slow, a spokesman for the attorney general said.",
      "Attorney General Ann Carter said she agreed."], "unknown"),
    (["Growth will slow, a senior economist said Saturday.", "Ann Carter said prices rose.", "Ed Lim said so.",
      "Wen Bao, chief economist with the bureau, made the remarks at a forum."], "unknown"),
])
def test_an_unnamed_source_named_in_the_next_sentences(texts, first):
    labels = attribute_speakers(doc_frame(*texts, paragraphs=list(range(1, len(texts) + 1))))
    assert labels["speaker"].iloc[0] == first, labels[["speaker", "speaker_evidence"]].values.tolist()
    if first != "unknown":
        assert "named later" in labels["speaker_evidence"].iloc[0]
