"""Term matching: lemmas, inflection and Finnish compounds."""
from __future__ import annotations

import numpy as np
import pytest

from interview_analysis.coding.rules.terms import Term, term_mask
from interview_analysis.errors import RuleSyntaxError
from interview_analysis.nlp.lemmas import Lemmatizer

FI = Lemmatizer("fi", use_voikko=False)
EN = Lemmatizer("en")


def matches(term: str, forms: list[str], lem: Lemmatizer = FI) -> list[str]:
    vocab = np.array(forms, dtype=object)
    lemmas = np.array([lem.lemma(f) for f in forms], dtype=object)
    mask = term_mask(Term.parse(term), vocab, lemmas, lem)
    return [f for f, m in zip(forms, mask) if m]


@pytest.mark.parametrize("form", ["sähköposti", "sähköpostitse", "sähköpostiviestit",
                                  "sähköpostiin", "sähköposteja", "sähköpostilla"])
def test_finnish_lemma_sahkoposti_matches_inflections_and_compounds(form):
    assert matches("sähköposti", [form]) == [form]


def test_finnish_term_does_not_match_unrelated_words_sharing_letters():
    assert matches("puhe", ["puhelin", "puhelimella", "puheessa", "puhetta"]) == [
        "puheessa", "puhetta"]


def test_head_only_term_matches_compound_heads_not_modifiers():
    forms = ["yhteyshenkilö", "henkilökunta", "henkilöä"]
    assert matches("head:henkilö", forms) == ["yhteyshenkilö", "henkilöä"]
    assert matches("henkilö", forms) == forms


def test_modifier_term_matches_first_part_only():
    assert matches("mod:sähkö", ["sähköposti", "sähkö", "aurinkosähkö"]) == ["sähköposti"]


def test_unknown_words_with_finnish_endings_match_their_base():
    assert matches("teams", ["teamsissa", "teamsin", "teams-palaveri", "steamsissa"]) == [
        "teamsissa", "teamsin", "teams-palaveri"]
    assert matches("crm", ["crm:ään", "crm-järjestelmään", "crmx"]) == ["crm:ään",
                                                                        "crm-järjestelmään"]


def test_exact_term_ignores_compounds():
    assert matches("=posti", ["posti", "postia", "sähköposti"]) == ["posti", "postia"]


def test_prefix_and_suffix_terms():
    assert matches("asiakkuu*", ["asiakkuudenhallinta", "asiakas"]) == ["asiakkuudenhallinta"]
    assert matches("*viesti", ["tekstiviesti", "viestintä"]) == ["tekstiviesti"]


def test_english_lemmas_from_spacy_lookups():
    assert matches("call", ["calls", "called", "calling", "recall"], EN) == [
        "calls", "called", "calling"]
    assert EN.backend == "spacy-lookups"


@pytest.mark.parametrize("bad", ["", "two words", "a?b", "=", "*"])
def test_malformed_terms_are_rejected(bad):
    with pytest.raises(RuleSyntaxError, match="a term is one word"):
        Term.parse(bad)
