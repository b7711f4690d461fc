"""Cue-based stance: negation, contrast, conditions, relief and reported speech in fi and en."""
from __future__ import annotations

import pytest

from interview_analysis.coding.stance import judge, load_lexicon
from interview_analysis.coding.stance.cues import tokenize
from interview_analysis.coding.stance.lexicon import KINDS


@pytest.mark.parametrize("text,stance", [
    # the Finnish negative verb and its connegative
    ("Tekstiviestejä en lue ikinä.", "negative"),
    ("Nimi ja ulkonäkö eivät ole minulle tärkeitä.", "negative"),
    ("Ei, ei se nimi tai ulkonäkö tai persoona ole minulle tärkeää.", "negative"),
    ("Ei tarvitse soitella kuulumisia.", "negative"),
    ("Minua ei kiinnosta yhtään.", "negative"),
    ("Ei haittaa yhtään.", "positive"),
    ("Sama henkilö on tärkeä.", "positive"),
    # relief: a negated need followed by the effort spared
    ("Eikä minun tarvinnut luetella liittymien numeroita.", "positive"),
    # reported speech: "ettei" is "että + ei"
    ("H4 kertoi, ettei hän lue tekstiviestejä.", "negative"),
    ("Hän sanoi, että sähköposti on paras kanava.", "positive"),
    # contrast: both polarities across "mutta"
    ("Sähköposti on hyvä, mutta se hukkuu helposti.", "mixed"),
    # conditions: alone, or between two sides, mixed; beside one side they qualify it
    ("Riippuu tilanteesta.", "mixed"),
    ("Ne ovat hyviä vain, jos niissä on asiaa, muuten turhia.", "mixed"),
    ("Ne ovat hyviä vain, jos niissä on asiaa.", "positive"),
    ("Se riippuu asiakkuuden koosta. Isoille ehdottomasti.", "positive"),
    ("Turhia, ellei ole tarjota jotain uutta, parempaa tai halvempaa.", "negative"),
    ("Joskus hyvä, joskus ei.", "mixed"),
    # "eikä" joins an alternative; it is no "no" of its own
    ("Tuntee olevansa kumppani eikä pelkkä laskun maksaja.", None),
    ("Sama henkilö on erinomainen asia, jos kemiat toimivat.", "positive"),
    ("Puhelin on paras, koska voi heti kysyä, jos jokin jäi epäselväksi.", "positive"),
    # wishes and obligations: implicit, positive when nothing explicit is said
    ("Olisi kiva, jos soitettaisiin joskus.", "positive"),
    ("Tiedon pitää kulkea edustajalta toiselle.", "positive"),
    # neither
    ("Vaikea sanoa prosentteina.", None),
    ("Meillä on kuusi työntekijää.", None),
])
def test_finnish_stances(text, stance):
    assert judge(text, "fi").stance == stance


@pytest.mark.parametrize("text,stance", [
    ("I do not read text messages.", "negative"),
    ("I don't think it's useful.", "negative"),
    ("I never open them.", "negative"),
    ("Email is the best channel.", "positive"),
    ("No problem at all, I tell them straight.", "positive"),
    ("I don't have to explain everything again.", "positive"),
    ("She said that the newsletter was pointless.", "negative"),
    ("Email is fine, but it gets lost among the spam.", "mixed"),
    ("Not really, only if they have something new.", "mixed"),
    ("It depends on the situation.", "mixed"),
    ("Sometimes it helps, sometimes it does not.", "mixed"),
    ("It would be nice if somebody called after the course.", "positive"),
    ("Hard to say.", None),
    ("We have six employees.", None),
    # everyday phrasing from interviews not written for the codebooks
    ("Honestly, phone calls are a nightmare.", "negative"),
    ("Nothing beats a face-to-face meeting.", "positive"),
    ("I don't mind the occasional call.", "positive"),
    ("I'm not a fan of cold calls.", "negative"),
    ("Frankly the app is a lifesaver.", "positive"),
    ("That's a big no from me.", "negative"),
    ("It drives me crazy when they call at dinner.", "negative"),
    ("We made a cold call list last year.", None),
    ("I can't be bothered with newsletters.", "negative"),
    ("Better if they don't call.", "negative"),
    ("It was a big disappointment.", "negative"),
    ("No complaints.", "positive"),
    ("It bugs me when they call.", "negative"),
    ("Awesome service.", "positive"),
    ("It's a bit silly.", "negative"),
    ("I can't say, really.", None),
    ("They don't know anyone here.", "negative"),
    ("I couldn't care either way.", None),
    ("I'd like a reminder before the card expires.", "positive"),
    ("I have no preference.", None),
    ("I couldn't care less about newsletters.", "negative"),
])
def test_english_stances(text, stance):
    assert judge(text, "en").stance == stance


@pytest.mark.parametrize("text,stance", [
    ("Puhelut on ihan perseestä.", "negative"),
    ("Se on ihan jees.", "positive"),
    ("Toi on ihan ookoo.", "positive"),
    ("Se ois aika siisti juttu.", "positive"),
    ("Parempi ettei soiteta.", "negative"),
    ("Ei ole tullut mitään valittamista.", "positive"),
    ("Ei mitään moitittavaa.", "positive"),
    ("Silloin on helpompi kysyä niitä tyhmiä kysymyksiä.", "positive"),
])
def test_spoken_finnish_stances(text, stance):
    assert judge(text, "fi").stance == stance


def test_english_tokens_keep_the_offsets_of_the_text_after_contractions():
    text = "I can’t say. We DON'T call them, won't we? It isn't. I'd call at 5 o'clock."
    tokens = tokenize(text, "en")
    assert [(t.form, text[t.start:t.end]) for t in tokens] == [
        ("i", "I"), ("ca", "ca"), ("n't", "n’t"), ("say", "say"), (".", "."), ("we", "We"),
        ("do", "DO"), ("n't", "N'T"), ("call", "call"), ("them", "them"), (",", ","),
        ("wo", "wo"), ("n't", "n't"), ("we", "we"), ("?", "?"), ("it", "It"), ("is", "is"),
        ("n't", "n't"), (".", "."), ("i", "I"), ("'d", "'d"), ("call", "call"), ("at", "at"),
        ("5", "5"), ("o'clock", "o'clock"), (".", ".")]


def test_evidence_names_each_cue_and_its_negation():
    found = judge("Tekstiviestejä en lue, mutta sähköposti on hyvä.", "fi")
    assert found.cues == ["+hyvä", "-en + lue"]
    assert found.stance == "mixed"


def test_a_negation_turns_one_cue_only():
    # "en tykkää" is negative; what is pushed at the customer stays negative too
    found = judge("En tykkää siitä, että tyrkytetään kaikenlaista.", "fi")
    assert (found.negative, found.positive) == (["en + tykkää", "tyrkytetään"], [])


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_each_language_ships_every_list_with_its_source_and_licence(lang):
    from importlib import resources
    text = resources.files("interview_analysis").joinpath(f"data/stance/{lang}.yaml") \
        .read_text(encoding="utf-8")
    assert "Source:" in text and "Licence:" in text
    lexicon = load_lexicon(lang)
    for kind in ("positive", "negative", "negation", "contrast", "condition"):
        assert lexicon.phrases(kind), kind
    assert set(lexicon.lists) == set(KINDS)


def test_other_languages_use_the_english_lists():
    assert load_lexicon("sv").lang == "en"
