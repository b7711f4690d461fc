"""Review mode's engine: rule, model and stance suggestions; accepting records the origin,
rejecting is remembered, and undo takes a decision back."""
from __future__ import annotations

import json

import pytest
from notebook_helpers import csv_rows

from interview_analysis import load_study
from interview_analysis.errors import CodingsError
from interview_analysis.notebook import CodingSession
from interview_analysis.notebook.suggestions import automatic_stance, check_kinds

H1_0002 = (76, 163)
H1_0004 = (234, 368)


def review_file(fi_study):
    return json.loads((fi_study / ".interview-analysis" / "review" / "anna.json").read_text())


def test_rule_suggestions_of_a_document_come_in_text_order(session):
    found = session.review_suggestions("H1", ("rule",))
    assert [(s.kind, s.start, s.end, s.code) for s in found] == [
        ("rule", *H1_0002, "channels/email"), ("rule", *H1_0002, "channels/text_message"),
        ("rule", *H1_0004, "channels/video_meeting"),
        ("rule", *H1_0004, "personalisation/customer_knowledge"),
        ("rule", *H1_0004, "personalisation/same_contact_person")]
    assert found[0].note == "sähköpostitse; sähköpostiviestit"
    assert found[0].passage_id == "H1:0002" and found[0].key == "rule|H1|76|163|channels/email"


def test_a_code_the_coder_already_gave_is_not_suggested_again(session):
    session.code_span("H1", 76, 89, "channels/email")
    codes = [s.code for s in session.review_suggestions("H1", ("rule",))]
    assert "channels/email" not in codes and "channels/text_message" in codes


def test_accepting_a_rule_suggestion_saves_a_coding_whose_origin_is_rule(session, fi_study):
    first = session.review_suggestions("H1", ("rule",))[0]
    saved = session.accept(first, stance="positive")
    assert saved == {"document": "H1", "start": 76, "end": 163, "code": "channels/email",
                     "stance": "positive", "memo": None}
    assert csv_rows(fi_study) == ["H1,76,163,channels/email,positive,"]
    assert session.store.spans("anna")["origin"].tolist() == ["rule"]
    assert session.store.log("anna")["source"].tolist() == ["notebook:accept:rule"]
    assert review_file(fi_study)["decisions"] == [
        {"key": first.key, "kind": "rule", "document": "H1", "code": "channels/email",
         "decision": "accepted"}]
    assert session.reviewed("H1") == 1
    assert first.key not in {s.key for s in session.review_suggestions("H1", ("rule",))}


def test_changing_a_suggestions_code_makes_a_manual_coding(session, fi_study):
    first = session.review_suggestions("H1", ("rule",))[0]
    session.accept(first, code="channels/text_message")
    assert csv_rows(fi_study) == ["H1,76,163,channels/text_message,,"]
    assert session.store.spans("anna")["origin"].tolist() == ["manual"]
    assert session.store.log("anna")["source"].tolist() == ["notebook:change:rule"]
    assert review_file(fi_study)["decisions"][0]["decision"] == "changed"


def test_a_rejected_suggestion_is_not_offered_again_even_after_a_restart(session, fi_study):
    first = session.review_suggestions("H1", ("rule",))[0]
    session.reject(first)
    assert csv_rows(fi_study) == []
    assert session.history[-1].describe() == \
        "rejected the rule suggestion channels/email on H1:0002"
    with CodingSession(fi_study, coder="anna") as again:
        assert first.key not in {s.key for s in again.review_suggestions("H1", ("rule",))}
        assert again.reviewed("H1") == 1


def test_undo_takes_a_decision_back_and_redo_makes_it_again(session, fi_study):
    first, second = session.review_suggestions("H1", ("rule",))[:2]
    session.reject(first)
    session.accept(second)
    session.undo()
    assert csv_rows(fi_study) == []
    assert [d["decision"] for d in review_file(fi_study)["decisions"]] == ["rejected"]
    session.undo()
    assert review_file(fi_study)["decisions"] == [] and session.reviewed("H1") == 0
    session.redo()
    session.redo()
    assert csv_rows(fi_study) == ["H1,76,163,channels/text_message,,"]
    assert session.store.spans("anna")["origin"].tolist() == ["rule"]
    assert session.reviewed("H1") == 2


def test_a_coding_without_stance_gets_an_automatic_stance_suggestion(session, fi_study):
    full = load_study(fi_study).transcripts["H1"].text
    start = full.index("Tekstiviestejä")
    session.code_span("H1", start, start + len("Tekstiviestejä en lue koskaan."),
                      "channels/text_message")
    found = session.review_suggestions("H1", ("stance",))
    assert [(s.kind, s.code, s.stance) for s in found] == [
        ("stance", "channels/text_message", "negative")]
    saved = session.accept(found[0])
    assert saved["stance"] == "negative"
    assert session.store.spans("anna")["origin"].tolist() == ["manual"]
    assert session.store.log("anna")["source"].tolist()[-1] == "notebook:accept:stance"
    assert session.review_suggestions("H1", ("stance",)) == []


def test_a_stance_suggestion_can_be_changed_to_another_stance(session):
    session.code_span("H1", 133, 163, "channels/text_message")
    suggestion = session.review_suggestions("H1", ("stance",))[0]
    assert session.accept(suggestion, stance="mixed")["stance"] == "mixed"
    assert session.store.log("anna")["source"].tolist()[-1] == "notebook:change:stance"


def test_a_stance_suggestion_for_a_removed_coding_is_refused(session):
    coding = session.code_span("H1", 133, 163, "channels/text_message")
    suggestion = session.review_suggestions("H1", ("stance",))[0]
    session.remove_span(coding)
    with pytest.raises(CodingsError, match=r"anna has no such coding any more"):
        session.accept(suggestion)


def test_the_stance_adapter_reads_finnish_negation():
    assert automatic_stance("Tekstiviestejä en lue koskaan.", "fi") == "negative"
    assert automatic_stance("Teamsissa voi myös jutella.", "fi") is None


def test_model_suggestions_have_scores_and_accepted_ones_have_origin_model(session):
    found = session.review_suggestions("H1", ("model",))
    assert found and all(s.kind == "model" and 0 <= s.score <= 1 for s in found)
    session.accept(found[0])
    assert session.store.spans("anna")["origin"].tolist() == ["model"]
    assert session.store.log("anna")["source"].tolist() == ["notebook:accept:model"]


def test_when_no_model_can_be_learned_review_mode_says_why(session, monkeypatch):
    def refuse(*args, **kwargs):
        raise CodingsError("no coded participant passages to learn from")

    monkeypatch.setattr("interview_analysis.notebook.review.suggest", refuse)
    assert session.model_suggestions(refresh=True).empty
    assert session.model_note == "no coded participant passages to learn from"
    assert session.review_suggestions("H1", ("model",)) == []


def test_unknown_kinds_of_suggestion_are_named():
    assert check_kinds("rule") == ("rule",)
    with pytest.raises(CodingsError, match=r"(?s)unknown kind of suggestion.*'rule', 'model'"):
        check_kinds(["rules"])


def test_a_damaged_review_file_is_a_clear_error(fi_study):
    path = fi_study / ".interview-analysis" / "review" / "anna.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CodingsError, match=r"(?s)review/anna.json: the review decisions cannot "
                                           r"be read.*move the file away"):
        CodingSession(fi_study, coder="anna")
