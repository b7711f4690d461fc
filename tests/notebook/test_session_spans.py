"""The session's span API: code any span of a document, change and remove it, undo and redo,
and keep two sessions on one study consistent."""
from __future__ import annotations

import pytest
from notebook_helpers import csv_rows

from interview_analysis import load_study
from interview_analysis.errors import CodingsError
from interview_analysis.notebook import CodingSession
from interview_analysis.store import ProjectStore


def words(fi_study, text: str, document: str = "H1") -> tuple[int, int]:
    full = load_study(fi_study).transcripts[document].text
    return full.index(text), full.index(text) + len(text)


def test_code_span_saves_document_offsets_to_the_csv_and_the_database(session, fi_study):
    start, end = words(fi_study, "Teamsissa voi myös jutella")
    saved = session.code_span("H1", start, end, "channels/video_meeting", stance="positive",
                              memo="  Teams käy  ")
    assert saved == {"document": "H1", "start": start, "end": end,
                     "code": "channels/video_meeting", "stance": "positive", "memo": "Teams käy"}
    assert csv_rows(fi_study) == [f"H1,{start},{end},channels/video_meeting,positive,Teams käy"]
    with ProjectStore.open(fi_study) as store:
        assert store.spans("anna")[["origin"]].values.tolist() == [["manual"]]
    assert session.history[-1].passage_id == "H1:0004"


def test_a_span_may_cross_turns_and_is_kept_exactly(session, fi_study):
    start, _ = words(fi_study, "koskaan.")
    _, end = words(fi_study, "Onko tärkeää")
    session.code_span("H1", start, end, "channels")
    assert csv_rows(fi_study) == [f"H1,{start},{end},channels,,"]


def test_code_span_refuses_unknown_documents_and_offsets_out_of_range(session):
    with pytest.raises(CodingsError, match=r"(?s)no such document.*documents: H1, H2"):
        session.code_span("H9", 0, 5, "channels/email")
    with pytest.raises(CodingsError, match=r"span out of range: document H1 has 369 characters"):
        session.code_span("H1", 360, 400, "channels/email")
    with pytest.raises(CodingsError, match=r"offsets must be whole numbers"):
        session.code_span("H1", "a", 5, "channels/email")


def test_update_span_changes_code_stance_and_memo_and_undo_restores_them(session, fi_study):
    start, end = words(fi_study, "Tekstiviestejä")
    coding = session.code_span("H1", start, end, "channels/email", memo="väärä koodi")
    changed = session.update_span(coding, code="channels/text_message", stance="negative")
    assert (changed["code"], changed["stance"], changed["memo"]) == (
        "channels/text_message", "negative", "väärä koodi")
    assert csv_rows(fi_study) == [f"H1,{start},{end},channels/text_message,negative,väärä koodi"]
    session.undo()
    assert csv_rows(fi_study) == [f"H1,{start},{end},channels/email,,väärä koodi"]


def test_remove_span_takes_one_coding_and_names_a_missing_one(session, fi_study):
    start, end = words(fi_study, "Tekstiviestejä")
    coding = session.code_span("H1", start, end, "channels/text_message")
    assert session.remove_span(coding)["code"] == "channels/text_message"
    assert csv_rows(fi_study) == []
    with pytest.raises(CodingsError, match=r"anna has no such coding"):
        session.remove_span(coding)


def test_redo_brings_back_what_undo_took_back_in_order(session, fi_study):
    start, end = words(fi_study, "Tekstiviestejä")
    coding = session.code_span("H1", start, end, "channels/text_message", stance="negative")
    session.update_span(coding, stance="mixed")
    session.remove_span(coding)
    assert [session.undo().kind for _ in range(3)] == ["remove", "update", "apply"]
    assert csv_rows(fi_study) == [] and session.undo() is None
    assert session.redo().kind == "apply"
    assert csv_rows(fi_study) == [f"H1,{start},{end},channels/text_message,negative,"]
    assert session.redo().kind == "update"
    assert csv_rows(fi_study) == [f"H1,{start},{end},channels/text_message,mixed,"]
    assert session.redo().kind == "remove" and session.redo() is None
    assert csv_rows(fi_study) == []
    sources = session.store.log("anna")["source"].tolist()
    assert sources == ["notebook"] * 3 + ["notebook:undo"] * 3 + ["notebook:redo"] * 3


def test_a_new_change_after_undo_clears_what_could_be_redone(session, fi_study):
    start, end = words(fi_study, "Tekstiviestejä")
    session.code_span("H1", start, end, "channels/text_message")
    session.undo()
    assert len(session.redoable) == 1
    session.code_span("H1", start, end, "channels/email")
    assert session.redoable == [] and session.redo() is None


def test_an_undone_removal_keeps_the_codings_origin(session, fi_study):
    suggestion = session.review_suggestions("H1", ("rule",))[0]
    coding = session.accept(suggestion)
    session.remove_span(coding)
    session.undo()
    assert session.store.spans("anna")["origin"].tolist() == ["rule"]


def test_two_sessions_on_one_study_hear_each_others_changes(fi_study):
    heard = []
    with CodingSession(fi_study, coder="anna") as one, \
            CodingSession(fi_study, coder="anna") as two:
        stop = two.subscribe(heard.append)
        start, end = words(fi_study, "Tekstiviestejä")
        one.code_span("H1", start, end, "channels/text_message")
        assert [(c.coder, c.documents, c.sender is one) for c in heard] == [("anna", ("H1",),
                                                                              True)]
        assert [r["code"] for r in two.document_codings("H1")] == ["channels/text_message"]
        two.undo()  # nothing of its own to undo
        assert len(one.document_codings("H1")) == 1
        stop()
        one.undo()
        assert len(heard) == 1 and two.document_codings("H1") == []


def test_a_session_notices_changes_made_by_another_process(session, fi_study):
    assert not session.changed_elsewhere()
    with ProjectStore.open(fi_study) as other:  # as `interview-analysis sync` or a 2nd kernel
        other.add_coding("H1", 76, 89, "channels/email", coder="ben")
    assert session.changed_elsewhere()
    assert not session.changed_elsewhere()


def test_document_codings_can_show_every_coder(fi_study):
    with CodingSession(fi_study, coder="anna") as anna, \
            CodingSession(fi_study, coder="ben") as ben:
        anna.code_span("H1", 76, 89, "channels/email")
        ben.code_span("H1", 76, 89, "channels/email", stance="positive")
        assert [r["coder"] for r in anna.document_codings("H1")] == ["anna"]
        assert [(r["coder"], r["stance"]) for r in anna.document_codings("H1", True)] == [
            ("anna", None), ("ben", "positive")]
