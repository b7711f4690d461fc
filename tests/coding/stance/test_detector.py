"""The detector judges the sentences that speak about the coded topic, keeps a coder's stance,
and says why."""
from __future__ import annotations

import pandas as pd

from interview_analysis.coding.codebook import Code, Codebook, StanceCues
from interview_analysis.coding.codings import CODING_COLUMNS
from interview_analysis.coding.examples import _example_corpus
from interview_analysis.coding.rules import parse_rule
from interview_analysis.coding.stance import StanceDetector
from interview_analysis.coding.stance.focus import matched_words

TEXT = ("Sähköposti on meille paras kanava. Puhelut taas ärsyttävät, niitä tulee liikaa. "
        "Tekstiviestejä en lue.")


def _codings(corpus, rows):
    p = corpus.passages.iloc[0]
    return pd.DataFrame([{"document": p["document"], "case": p["case"],
                          "passage_id": p["passage_id"], "start": p["start"], "end": p["end"],
                          "code": code, "origin": "rule", "coder": "rules", "stance": stance,
                          "score": 1.0, "matched": matched, "memo": None, "text": p["text"]}
                         for code, matched, stance in rows], columns=CODING_COLUMNS)


def test_each_code_is_judged_on_its_own_sentences():
    corpus = _example_corpus([TEXT], "fi")
    codings = _codings(corpus, [("channels/email", "sähköposti", None),
                                ("channels/phone", "puhelut", None),
                                ("channels/text_message", "tekstiviestejä", None)])
    got = StanceDetector("fi").transform(codings, corpus)
    assert got["stance"].tolist() == ["positive", "negative", "negative"]
    assert got["stance_origin"].tolist() == ["auto", "auto", "auto"]
    assert got["stance_evidence"].iloc[2] == "-en + lue | Tekstiviestejä en lue."


def test_a_coders_stance_is_kept():
    corpus = _example_corpus([TEXT], "fi")
    codings = _codings(corpus, [("channels/email", "sähköposti", "mixed")])
    got = StanceDetector("fi").transform(codings, corpus)
    assert (got["stance"].iat[0], got["stance_origin"].iat[0]) == ("mixed", "coder")


def test_a_codes_own_stance_rules_decide_what_general_cues_do_not_know():
    code = Code("development/personalised_messages", None, {"fi": "Personoidut viestit"},
                stance=StanceCues({"fi": {"positive": [parse_rule("massaviesti")]}}))
    corpus = _example_corpus(["Massaviestit menevät suoraan roskiin."], "fi")
    codings = _codings(corpus, [(code.id, "massaviestit", None)])
    # "roskiin" is negative in general; for this code, mass messages in the bin speak *for*
    # personalised ones.
    assert StanceDetector("fi").transform(codings, corpus)["stance"].tolist() == ["negative"]
    got = StanceDetector("fi", Codebook([code])).transform(codings, corpus)
    assert got["stance"].tolist() == ["positive"]


def test_a_code_named_without_a_cue_takes_its_mention_view():
    wanted = Code("channels/email", None, {"fi": "Sähköposti"}, stance=StanceCues(
        mention="positive"))
    avoided = Code("avoid/long_offer_lists", None, {"fi": "Pitkät listat"}, stance=StanceCues(
        mention="negative"))
    corpus = _example_corpus(["Sähköposti ensin. Sitten tarjouslistat."], "fi")
    codings = _codings(corpus, [(wanted.id, "sähköposti", None),
                                (avoided.id, "tarjouslistat", None)])
    assert StanceDetector("fi").transform(codings, corpus)["stance"].isna().all()
    got = StanceDetector("fi", Codebook([wanted, avoided])).transform(codings, corpus)
    assert got["stance"].tolist() == ["positive", "negative"]
    assert got["stance_evidence"].tolist() == ["~named | Sähköposti ensin.",
                                               "~named | Sitten tarjouslistat."]
    assert got["stance_score"].tolist() == [0.5, 0.5]


def test_the_answer_to_a_question_about_the_code_weighs_double():
    corpus = _example_corpus(["Ne ovat hyviä."], "fi")
    codings = _codings(corpus, [("contact_types/regular_checkins", "Q: kuulumiset", None),
                                ("contact_types/regular_checkins", "ne", None)])
    got = StanceDetector("fi").transform(codings, corpus)
    assert got["stance"].tolist() == ["positive", "positive"]
    assert got["stance_score"].tolist() == [2.0, 1.0]


def test_a_sentence_starting_with_instead_is_not_about_the_same_thing():
    corpus = _example_corpus(["Pelkkä kuulumisten kysely ei ole tarpeen. Sen sijaan muutokset "
                              "ovat tärkeitä."], "fi")
    codings = _codings(corpus, [("contact_types/regular_checkins", "kysely", None)])
    got = StanceDetector("fi").transform(codings, corpus)
    assert got["stance"].tolist() == ["negative"]


def test_codes_matched_on_the_same_words_in_a_passage_are_judged_once(monkeypatch):
    # A codebook with thousands of codes codes one passage many times on the same words; the
    # stance of each such coding is the same judgement (issue #23: 81,000 codings took a
    # minute). Codes with stance rules of their own are still judged on their own.
    own = Code("channels/email_own", None, {"fi": "Sähköposti"},
               stance=StanceCues({"fi": {"negative": [parse_rule("paras")]}}))
    corpus = _example_corpus([TEXT], "fi")
    codings = _codings(corpus, [*((f"wide/c{i:04d}", "sähköposti", None) for i in range(500)),
                                *((f"wide/p{i:04d}", "puhelut", None) for i in range(300)),
                                (own.id, "sähköposti", None)])
    calls = []
    judge = StanceDetector.judge
    monkeypatch.setattr(StanceDetector, "judge",
                        lambda self, tokens, *a, **k: calls.append(tokens[0].form) or
                        judge(self, tokens, *a, **k))
    got = StanceDetector("fi", Codebook([own])).transform(codings, corpus)
    assert calls == ["sähköposti", "puhelut", "sähköposti"]
    assert got["stance"].value_counts().to_dict() == {"positive": 500, "negative": 301}
    assert got["stance"].iat[-1] == "negative"  # its own rule counts twice against "paras"
    assert got["stance_evidence"].iat[0] == "+paras | Sähköposti on meille paras kanava."


def test_a_short_word_of_a_phrase_rule_does_not_pull_in_other_sentences():
    """The rule "a call" records "a" and "call"; "a" must not make the email sentence part of
    the phone coding's evidence (a real transcript read as mixed before)."""
    corpus = _example_corpus(["Not a call, no. I hate phone calls from dealers. "
                              "An email or a text message is enough, I read those."], "en")
    codings = _codings(corpus, [("channels/phone", "a; call; calls; phone", None),
                                ("development/check_in_message", "ok", None)])
    got = StanceDetector("en").transform(codings, corpus)
    assert got["stance"].iat[0] == "negative"
    assert matched_words("a; call; calls; phone") == ({"call", "calls", "phone"}, set(), False)
    assert matched_words("everything; ok") == ({"everything"}, set(), False)
    assert matched_words("ok; Q: seuranta") == ({"ok"}, set(), True)  # nothing longer matched


def test_a_next_sentence_that_opens_with_the_speaker_and_refers_back_carries_the_view():
    """ "The salesperson phoned … I really appreciated that." is a view of the call; a
    sentence about something else that happens to start with "I" is not."""
    en = _example_corpus(["Yes, the salesperson phoned a week later. I really appreciated "
                          "that. I hate newsletters."], "en")
    got = StanceDetector("en").transform(_codings(en, [("channels/phone", "phoned", None)]), en)
    assert got["stance"].iat[0] == "positive"
    assert got["stance_evidence"].iat[0] == \
        "+appreciated | Yes, the salesperson phoned a week later. I really appreciated that."
    other = _example_corpus(["Yes, the salesperson phoned a week later. I hate newsletters."],
                            "en")
    got = StanceDetector("en").transform(
        _codings(other, [("channels/phone", "phoned", None)]), other)
    assert got["stance"].isna().iat[0]  # no view: the newsletters are not the call
    fi = _example_corpus(["Myyjä soitti viikon päästä. Minä arvostin sitä tosi paljon."], "fi")
    got = StanceDetector("fi").transform(_codings(fi, [("channels/phone", "soitti", None)]), fi)
    assert got["stance"].iat[0] == "positive"


def test_a_codes_stance_rule_with_a_contraction_meets_the_cut_text():
    """"that's it" in the codebook is *that* *'s* *it*, as "that’s it" in a text is cut."""
    from interview_analysis.coding.stance.coderules import CodeCues
    from interview_analysis.coding.stance.cues import tokenize
    code = Code("current/invoice_only", None, {"en": "Only the invoice"}, stance=StanceCues(
        {"en": {"negative": [parse_rule("that's it"), parse_rule("don't hear NEAR/2 anything")]}}))
    cues = CodeCues(Codebook([code]), "en")
    text = "The invoice comes, and that’s it. I don't hear anything else."
    assert cues.hits(code.id, tokenize(text, "en"), text) == [
        (5, -1, "that's it"), (10, -1, "don't hear NEAR/2 anything")]
