"""Evidence quotes: whole sentences that hold the coded words and carry the case's view."""
from __future__ import annotations

from interview_analysis.analysis.evidence import evidence_quotes, looks_like_a_heading


def test_a_rule_coding_is_quoted_by_the_sentences_holding_its_words(make_corpus,
                                                                   make_codings):
    corpus = make_corpus({"H1": [
        ("I", "How do you like to be contacted?"),
        ("P", "We have six people. Email is the best channel for us. Phone calls annoy me.")]})
    codings = make_codings(corpus, [("H1:0002", "channels/email", "positive")])
    codings["origin"], codings["matched"] = "rule", "email"
    quotes = evidence_quotes(codings, corpus)
    assert quotes[["code", "case", "text", "stance"]].values.tolist() == [
        ["channels/email", "H1", "Email is the best channel for us.", "positive"]]


def test_the_quote_carries_the_cases_view_and_is_never_a_heading(make_corpus, make_codings):
    corpus = make_corpus({"H1": [("P", "Channels"),
                                 ("P", "Email is good."),
                                 ("P", "I read email every morning and I like that it waits.")]})
    codings = make_codings(corpus, [("H1:0001", "c", None), ("H1:0002", "c", None),
                                    ("H1:0003", "c", "positive")])
    quotes = evidence_quotes(codings, corpus)
    assert quotes["text"].tolist() == ["I read email every morning and I like that it waits."]


def test_headings_questions_and_numbered_items_are_no_quotes():
    assert looks_like_a_heading("Asiakkuudenhallinta")
    assert looks_like_a_heading("Is it good to have the same person?")
    assert looks_like_a_heading("3. Kerro yrityksestäsi.")
    assert not looks_like_a_heading("Kyllä, ehdottomasti.")


def test_quotations_copy_neither_passage_texts_nor_evidence_to_every_coding(
        make_corpus, make_codings, monkeypatch):
    # on 900,000 rule codings each such copy took hundreds of megabytes (issue #23)
    from interview_analysis.analysis import evidence
    corpus = make_corpus({"H1": [("P", "We have six people. Email is the best channel for us.")]})
    codings = make_codings(corpus, [("H1:0001", "channels/email", "positive")])
    codings["origin"], codings["matched"] = "rule", "email"
    codings["stance_evidence"] = "best: Email is the best channel for us."
    seen = []
    participant_codings = evidence.participant_codings
    monkeypatch.setattr(evidence, "participant_codings", lambda *a, **kw: seen.append(
        participant_codings(*a, **kw)) or seen[-1])
    quotes = evidence.evidence_quotes(codings, corpus)
    assert quotes["text"].tolist() == ["Email is the best channel for us."]
    assert not {"text", "words", "stance_evidence"} & set(seen[0].columns)
