"""Rules: phrases, NEAR/n, NEAR/s, AND, exclusions and the regex escape hatch."""
from __future__ import annotations

import pytest

from interview_analysis.coding.codebook import Code, Codebook
from interview_analysis.coding.coder import RuleCoder
from interview_analysis.coding.examples import _example_corpus
from interview_analysis.coding.rules import (
    AndRule,
    NearRule,
    PhraseRule,
    RegexRule,
    RuleSyntaxError,
    parse_rule,
)

SENTENCES = [
    "Olisi hyvä, että on aina sama henkilö, jolle soittaa.",          # 0
    "Sama juttu. Henkilö vaihtuu joka kerta.",                       # 1
    "Saman yhteyshenkilön kanssa asiointi on helppoa.",              # 2
    "Henkilö on aina sama, se on tärkeää.",                          # 3
    "Ei tarvitse olla sama henkilö.",                                # 4
    "CRM:ään pitäisi kirjata asiakastiedot.",                        # 5
]


def hits(rule: str, lang: str = "fi") -> list[int]:
    corpus = _example_corpus(SENTENCES, lang)
    return sorted(parse_rule(rule).match(corpus.tokens(), SENTENCES).passages.tolist())


def test_phrase_needs_consecutive_words_matched_by_lemma_and_compound_head():
    # "Saman yhteyshenkilön": sama + (yhteys)henkilö, both inflected
    assert hits("sama henkilö") == [0, 2, 4]
    assert hits("saman yhteyshenkilön") == [2]


def test_near_allows_up_to_n_words_between_in_either_order():
    assert hits("sama NEAR/1 henkilö") == [0, 1, 2, 4]
    assert hits("sama NEAR/2 henkilö") == [0, 1, 2, 3, 4]


def test_near_sentence_scope_stops_at_sentence_end():
    assert hits("sama NEAR/s henkilö") == [0, 2, 3, 4]
    assert 1 not in hits("sama NEAR/s henkilö")


def test_and_means_both_in_the_passage():
    assert hits("sama AND henkilö") == [0, 1, 2, 3, 4]


def test_regex_rule_is_case_insensitive_over_passage_text():
    assert hits(r"re:\bcrm\b") == [5]


def test_exclusion_removes_passages():
    code = Code("p/same", None, {"fi": "Sama"},
                rules={"fi": [parse_rule("sama NEAR/1 henkilö")]},
                exclude={"fi": [parse_rule("ei NEAR/2 sama")]})
    corpus = _example_corpus(SENTENCES, "fi")
    rows, matched = RuleCoder(Codebook([code])).code_passages(corpus, code, "fi")
    assert rows.tolist() == [0, 1, 2]
    assert matched[0] == {"sama", "henkilö"}


@pytest.mark.parametrize("bad,message", [
    ("", "the rule is empty"),
    ("re:(unclosed", "invalid regular expression"),
    ("a NEAR/2 b NEAR/3 c", "one NEAR/n per rule"),
    ("a NEAR b", "write proximity as"),
    ("sähkö?posti", "a term is one word"),
])
def test_bad_rules_are_rejected_with_a_reason(bad, message):
    with pytest.raises(RuleSyntaxError, match=message):
        parse_rule(bad)


def test_catastrophic_regex_is_stopped_by_the_time_limit():
    rule = parse_rule(r"re:(a|aa)+$")
    with pytest.raises(RuleSyntaxError, match="catastrophic backtracking"):
        rule.match(None, ["a" * 30 + "x" * 25 + "!"])


def test_hyphenated_rule_words_are_cut_like_the_text():
    english = ["I prefer an e-mail.", "A follow-up call is fine.", "Email me."]
    corpus = _example_corpus(english, "en")
    assert parse_rule("e-mail").match(corpus.tokens()).passages.tolist() == [0]
    assert parse_rule("follow-up").match(corpus.tokens()).passages.tolist() == [1]
    finnish = ["Teams-palaveri sopii.", "Teams sopii."]
    corpus = _example_corpus(finnish, "fi")
    assert parse_rule("teams-palaveri").match(corpus.tokens()).passages.tolist() == [0]


@pytest.mark.parametrize("rule,kind", [
    ("sähköposti", PhraseRule), ("oma yhteyshenkilö", PhraseRule), ("a NEAR/3 b", NearRule),
    ("a NEAR/s b", NearRule), ("a AND b AND c", AndRule), (r"re:\bCRM\b", RegexRule),
])
def test_each_kind_of_rule_is_its_own_class(rule, kind):
    assert type(parse_rule(rule)) is kind


def test_a_huge_near_distance_is_a_rule_error_not_an_overflow():
    with pytest.raises(RuleSyntaxError, match="too large"):
        parse_rule("a NEAR/" + "9" * 40 + " b")


def test_regular_expressions_share_one_time_budget(monkeypatch):
    from interview_analysis.coding.rules import RegexBudget
    budget = RegexBudget(seconds=0.0)
    with pytest.raises(RuleSyntaxError, match="took longer than 0 s together"):
        parse_rule(r"re:\bcrm\b").scan(["CRM"] * 3, budget)
