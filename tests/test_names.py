"""Tests for analysis.names: named actors (people and organisations the actor file does not know) and
what their later mentions, titles, descriptions and pronouns refer to, seen in the speakers they give."""

import re

from analysis.speakers import attribute_speakers
from conftest import doc_frame, speakers_of


def test_later_surname_title_and_role_resolve_to_the_full_name_first_given():
    out = speakers_of("Farm Bureau spokeswoman Helga Brandt said on Monday that prices would rise.",
                      "Brandt said growers had little choice.",
                      "Ms. Brandt added that the harvest was late.",
                      "The spokeswoman stressed that the bureau would appeal.")
    assert out["speaker"].tolist() == ["Helga Brandt"] * 4
    assert "Brandt [name -> Helga Brandt]" in out["speaker_evidence"].iloc[1]
    assert "The spokeswoman [description -> Helga Brandt]" in out["speaker_evidence"].iloc[3]


def test_a_surname_first_name_resolves_by_either_word():
    out = speakers_of("Zhou Minghao, director of the Harbour Research Institute, said exports would recover.",
                      "Zhou said shipping costs had fallen.")
    assert out["speaker"].tolist() == ["Zhou Minghao", "Zhou Minghao"]


def test_speaker_is_the_name_without_title_and_evidence_spans_the_name():
    text = "County Executive Rita Okafor said the bridge would reopen in May."
    out = speakers_of(text)
    assert out["speaker"].tolist() == ["Rita Okafor"]
    start, end = map(int, re.search(r"Rita Okafor \[name\] (\d+)-(\d+)", out["speaker_evidence"].iloc[0]).groups())
    assert text[start:end] == "Rita Okafor"


def test_an_organisation_speaks_by_its_whole_name_then_as_the_ministry_and_it():
    out = speakers_of("The Ministry of Fisheries said catches fell by a tenth.",
                      "Prices went up in the spring.",
                      "The ministry stressed that quotas would stay.",
                      "It said inspections would double.",
                      "Fisheries said nothing about subsidies.")
    assert out["speaker"].tolist() == ["Ministry of Fisheries", "narrator", "Ministry of Fisheries",
                                       "Ministry of Fisheries", "Ministry of Fisheries"]


def test_a_known_organisation_is_the_commission_later():
    out = speakers_of("The European Commission said the merger could go ahead.", "Shares rose.",
                      "The commission said the decision was final.")
    assert out["speaker"].tolist() == ["European Union", "narrator", "European Union"]


def test_the_us_president_is_the_american_president_named_before():
    out = speakers_of("US President Donald Trump met Chinese President Xi Jinping on Friday.",
                      "The US president responded by saying that the deal was good.")
    assert out["speaker"].tolist() == ["narrator", "Donald Trump"]


def test_no_fragment_of_a_longer_name_speaks():
    out = speakers_of("The Greater Lakeside Chamber of Commerce said the shuttle would run all year.",
                      "A reporter for the Lakeside Gazette said the crowd was silent.",
                      "Helga Brandt who left the agency in September told reporters she was relieved.")
    assert out["speaker"].tolist() == ["Greater Lakeside Chamber of Commerce", "Lakeside Gazette", "Helga Brandt"]


def test_named_actors_outside_the_actor_file_are_mentions():
    out = speakers_of("Helga Brandt criticised the Ministry of Fisheries over the quotas.")
    assert out["mentions"].iloc[0].split(";") == ["Helga Brandt", "Ministry of Fisheries"]


def test_parse_run_names_people_organisations_and_nothing():
    from analysis.names import parse_run

    assert parse_run("Assistant State's Attorney Lorna Vance")[:2] == ("person", "Lorna Vance")
    assert parse_run("Manager Tom Berg of the Rovers")[:2] == ("person", "Tom Berg")
    assert parse_run("Institute of Marine Research")[:2] == ("org", "Institute of Marine Research")
    assert parse_run("Sen. Al Brook")[:2] == ("person", "Al Brook")
    assert parse_run("NEW YORK") is None and parse_run("Monday") is None
    assert parse_run("AP Keller")[:2] == ("single", "Keller")


def test_he_and_she_skip_a_person_of_the_other_gender():
    out = speakers_of("Ms. Helga Brandt met Mr. Tom Berg on Monday.", "She said the talks had failed.",
                      "He said they had not.", paragraphs=[1, 2, 3])
    assert out["speaker"].tolist() == ["narrator", "Helga Brandt", "Tom Berg"]


def test_an_acronym_in_parentheses_names_the_organisation_and_a_leading_word_ends_a_name():
    out = speakers_of("The National Harbour Authority (NHA) said berths would reopen.",
                      "The NHA said traffic was back to normal.",
                      "Deputy Director Wu He said on Friday that repairs were done.",
                      "Wu said the harbour was safe.")
    assert out["speaker"].tolist() == ["National Harbour Authority", "National Harbour Authority", "Wu He", "Wu He"]


def test_a_party_label_and_a_headline_name_nobody():
    labels = attribute_speakers(doc_frame("Sen. Ann Carter (D-Ann Arbor) said the bill would pass."))
    assert labels[["speaker", "mentions"]].values.tolist() == [["Ann Carter", "Ann Carter"]]
    assert attribute_speakers(doc_frame("Ann Carter spoke in Houston Texas."))["mentions"].tolist() == ["Ann Carter"]
    s = doc_frame("Hero Tom Baxter the Brave Gate Guard", "Tom Baxter was at the gate.", 'Baxter retorted: "No."',
                  paragraphs=[0, 1, 2])
    s["sent_id"] = [0, 1, 2]
    labels = attribute_speakers(s)
    assert labels["speaker"].tolist() == ["narrator", "narrator", "Tom Baxter"]
    assert labels["mentions"].iloc[0] == ""
    s = s.iloc[[0, 2]].assign(sent_id=[0, 1], paragraph_id=[0, 1])  # the name only in the headline
    assert attribute_speakers(s)["speaker"].tolist() == ["narrator", "Tom Baxter"]
