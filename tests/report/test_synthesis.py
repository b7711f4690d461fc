"""Theme sections: counts in words, differing views with who holds them, labelled quotes."""
from __future__ import annotations

import pytest

from interview_analysis.analysis import agreement_table
from interview_analysis.analysis.evidence import quotations
from interview_analysis.analysis.quotes import pick_quotes, shorten_quote
from interview_analysis.report.synthesis import theme_sections


@pytest.fixture
def sections(study):
    codebook = study.codebook()
    codings = study.codings("researcher", codebook=codebook)
    corpus = study.corpus()

    def make(lang):
        table = agreement_table(codings, corpus, codebook, lang=lang)
        return {s.theme: s for s in theme_sections(table, codebook, codings, corpus, lang)}
    return make


def test_one_section_per_theme_in_codebook_order(sections):
    assert list(sections("en")) == ["personalisation", "channels", "development"]


def test_the_strongest_finding_leads_and_split_views_are_said_plainly(sections):
    channels = sections("en")["channels"]
    assert channels.summary == ("Three of the five interviewees were positive about “Phone” "
                                "(H3 no view).")
    assert channels.sentences[:2] == [
        "All five interviewees raised “Email”, but their views differed: H1, H2 for; "
        "H5 against; H4 mixed; H3 no view.",
        "Two of the five interviewees were negative about “Text message”."]
    assert channels.sentences[-1] == ("All five interviewees raised the theme “Communication "
                                      "channels” (H1, H2, H3, H4, H5).")


def test_finnish_sections(sections):
    personal = sections("fi")["personalisation"]
    assert personal.label == "Henkilökohtaisuus"
    assert personal.summary == ("Kaikki viisi haastateltavaa suhtautuivat myönteisesti "
                                "aiheeseen ”Sama yhteyshenkilö”.")
    assert any(s.startswith("Kaikki viisi haastateltavaa ottivat esiin teeman")
               for s in personal.sentences)


def test_one_to_three_quotes_from_different_interviewees(sections):
    for section in sections("en").values():
        assert 1 <= len(section.quotes) <= 3
        cases = [case for case, _ in section.quotes]
        assert len(set(cases)) == len(cases)
    assert sections("en")["development"].quotes == [
        ("H1", "Problems told once should be in the CRM so that every representative knows "
               "them."),
        ("H2", "Customer events such as breakfast webinars are great for networking.")]


def test_quotation_is_the_coded_sentence_not_the_whole_turn(study):
    codebook = study.codebook()
    codings = study.codings("researcher", codebook=codebook)
    quotes = quotations(codings[codings["code"] == "channels/phone"], study.corpus())
    assert quotes.set_index("case").loc["H1", "text"] == "Then we agree a time for a phone call."


def test_long_quotes_keep_whole_sentences_never_a_fragment():
    text = "One two three four. Five six seven eight nine. Ten eleven twelve thirteen."
    assert shorten_quote(text, 10) == "One two three four. Five six seven eight nine."
    assert shorten_quote(text, 3) == "One two three four."  # one sentence, however long
    assert shorten_quote("  Short  answer. ", 10) == "Short answer."


def test_pick_quotes_prefers_key_quotes_and_full_sentences():
    import pandas as pd
    quotes = pd.DataFrame({
        "code": ["a", "a", "a"], "case": ["H1", "H2", "H3"], "passage_id": ["1", "2", "3"],
        "text": ["Yes.", "This is a long enough answer to quote.", "Key point made here ok."],
        "label": ["H1", "H2", "H3"], "key": [False, False, True], "rank": [1, 1, 1]})
    assert [case for case, _ in pick_quotes(quotes, 3)] == ["H3", "H2", "H1"]
