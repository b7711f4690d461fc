"""The coding widget's Python side: a real widget whose actions call the session and redraw.

The front end sends each action as a message that :meth:`CodingWidget.do` runs; here the
actions are run directly, so everything but the browser is tested without one (the browser
tests are in ``browser/``).
"""
from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
from pathlib import Path

import ipywidgets
import pytest
from notebook_helpers import csv_rows

from interview_analysis.errors import InterviewAnalysisError
from interview_analysis.notebook import CodingSession, CodingWidget
from interview_analysis.notebook.widget_data import KEYS

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def widget(session):
    w = CodingWidget(session, document="H1", suggest=("rule", "stance"))
    yield w
    w.close()


def test_the_widget_is_a_real_widget_that_composes_in_boxes(widget):
    box = ipywidgets.VBox([ipywidgets.HBox([widget]), ipywidgets.Label("below")])
    assert box.children[0].children[0] is widget
    bundle = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle[0]
    assert "data-lm-suppress-shortcuts" in widget._esm and "export default" in widget._esm
    assert ".ia-coder:focus-within" in widget._css


def test_the_widget_shows_the_whole_document_as_speaker_turns(widget):
    assert widget.document == "H1" and widget.text.startswith("Haastattelija: Mitkä")
    assert [(t["id"], t["role"]) for t in widget.turns] == [
        ("H1:0001", "interviewer"), ("H1:0002", "participant"), ("H1:0003", "interviewer"),
        ("H1:0004", "participant")]
    turn = widget.turns[1]
    assert widget.text[turn["start"]:turn["end"]].startswith("Sähköpostitse on helpointa")
    assert [d["id"] for d in widget.documents] == ["H1", "H2"]


def test_the_code_tree_has_depths_colours_and_every_label_to_search(widget):
    email = next(c for c in widget.codes if c["id"] == "channels/email")
    assert (email["depth"], email["parent"], email["label"]) == (1, "channels", "Sähköposti")
    assert email["colour"].startswith("#")
    assert "sähköposti" in email["find"] and "email" in email["find"]


def test_a_selection_is_snapped_to_whole_words_and_saved_at_once(widget, fi_study):
    # the front end sends code points of the raw selection: from inside "Sähköpostitse"
    # to just after "on " -> the span is the whole words
    widget.do("code", start=79, end=93, code="channels/email", stance="positive", memo="")
    assert csv_rows(fi_study) == ["H1,76,92,channels/email,positive,"]
    assert widget.codings == [{"start": 76, "end": 92, "code": "channels/email",
                               "stance": "positive", "memo": "", "coder": "anna",
                               "origin": "manual"}]
    assert widget.status["text"] == "Saved: channels/email (positive) on “Sähköpostitse on”."
    assert not widget.status["error"]
    assert widget.history == {"undo": "applied channels/email on H1:0002", "redo": ""}


def test_a_selection_without_words_is_explained_not_saved(widget, fi_study):
    widget.do("code", start=102, end=104, code="channels/email")  # ", " between words
    assert widget.status["error"] and "the selection holds no words" in widget.status["text"]
    assert csv_rows(fi_study) == []


def test_a_refused_action_shows_the_fix_in_the_status_line(widget):
    widget.do("code", start=76, end=89, code="email")
    assert widget.status["error"]
    assert re.search(r"(?s)unknown code.*Fix: did you mean 'channels/email'",
                     widget.status["text"])


def test_a_picked_coding_can_change_stance_memo_and_code_and_be_removed(widget, fi_study):
    widget.do("code", start=133, end=147, code="channels/email")
    coding = {"start": 133, "end": 147, "code": "channels/email"}
    widget.do("update", coding=coding, stance="negative")
    widget.do("update", coding=coding, memo="ei lue")
    widget.do("update", coding=coding, code="channels/text_message")
    assert csv_rows(fi_study) == ["H1,133,147,channels/text_message,negative,ei lue"]
    assert widget.status["text"].startswith("Changed: channels/text_message (negative)")
    widget.do("remove", coding={**coding, "code": "channels/text_message"})
    assert csv_rows(fi_study) == [] and widget.codings == []


def test_undo_and_redo_report_what_they_did(widget, fi_study):
    widget.do("undo")
    assert widget.status["text"] == "Nothing to undo."
    widget.do("code", start=133, end=147, code="channels/text_message")
    widget.do("undo")
    assert csv_rows(fi_study) == [] and widget.history["redo"]
    assert widget.status["text"] == "Undone: applied channels/text_message on H1:0002."
    widget.do("redo")
    assert csv_rows(fi_study) == ["H1,133,147,channels/text_message,,"]
    assert widget.status["text"] == "Redone: applied channels/text_message on H1:0002."


def test_undo_of_a_change_in_another_document_shows_that_document(widget):
    widget.do("code", start=133, end=147, code="channels/text_message")
    widget.do("document", document="H2")
    assert widget.document == "H2" and widget.codings == []
    widget.do("undo")
    assert widget.document == "H1"


def test_switching_documents_sends_its_text_turns_and_codings(widget):
    widget.do("document", document="H2")
    assert widget.text.startswith("Haastattelija: Entä kanavat?")
    assert [t["id"] for t in widget.turns] == ["H2:0001", "H2:0002"]
    widget.do("document", document="H7")
    assert widget.status["error"] and "no such document" in widget.status["text"]


def test_review_mode_sends_suggestions_and_progress(widget, fi_study):
    assert widget.suggestions == []  # drawn only in review mode
    widget.do("mode", mode="review")
    assert widget.mode == "review"
    assert widget.progress == {"reviewed": 0, "left": 5}
    first = widget.suggestions[0]
    assert (first["kind"], first["code"], first["start"], first["end"]) == (
        "rule", "channels/email", 76, 163)
    widget.do("reject", key=first["key"])
    widget.do("accept", key=widget.suggestions[0]["key"], stance="negative")
    assert csv_rows(fi_study) == ["H1,76,163,channels/text_message,negative,"]
    assert widget.progress["reviewed"] == 2
    assert widget.status["text"].startswith("Accepted: channels/text_message (negative)")
    widget.do("accept", key=first["key"])
    assert "this suggestion is no longer open" in widget.status["text"]
    widget.do("mode", mode="code")
    assert widget.suggestions == []


def test_changing_a_suggestion_accepts_it_with_another_code(widget, fi_study):
    widget.do("mode", mode="review")
    widget.do("accept", key=widget.suggestions[0]["key"], code="channels/video_meeting")
    assert csv_rows(fi_study) == ["H1,76,163,channels/video_meeting,,"]


def test_unknown_actions_and_modes_are_reported_not_raised(widget):
    widget.do("dance")
    assert widget.status["error"] and "unknown action" in widget.status["text"]
    widget.do("mode", mode="fast")
    assert "unknown mode" in widget.status["text"] and widget.mode == "code"


def test_two_widgets_on_one_study_stay_consistent(fi_study):
    with CodingSession(fi_study, coder="anna") as s1, CodingSession(fi_study, coder="anna") as s2:
        one, two = CodingWidget(s1, document="H1"), CodingWidget(s2, document="H1")
        one.do("code", start=133, end=147, code="channels/text_message")
        assert [c["code"] for c in two.codings] == ["channels/text_message"]
        two.do("remove", coding={"start": 133, "end": 147, "code": "channels/text_message"})
        assert one.codings == []
        one.close()
        two.close()


def test_a_message_from_a_kernel_subshell_runs_on_the_widgets_own_thread(session, fi_study):
    # ipykernel 7 may deliver widget messages on a subshell thread; SQLite connections belong
    # to the thread that opened them, so the widget hands the action to its own event loop.
    async def main():
        w = CodingWidget(session, document="H1")
        message = {"action": "code", "start": 133, "end": 147, "code": "channels/text_message"}
        thread = threading.Thread(target=w._on_msg, args=(w, message, []))
        thread.start()
        thread.join()
        for _ in range(100):
            if w.codings:
                break
            await asyncio.sleep(0.01)
        w.close()
        return w.codings

    assert [c["code"] for c in asyncio.run(main())] == ["channels/text_message"]
    assert csv_rows(fi_study) == ["H1,133,147,channels/text_message,,"]


def test_a_widget_is_made_from_a_study_folder_and_a_coder(fi_study):
    w = CodingWidget(fi_study, coder="ben")
    assert (w.coder, w.session.coder) == ("ben", "ben")
    w.close()
    with pytest.raises(sqlite3.ProgrammingError):  # the session it opened closes with it
        w.session.store.query("SELECT 1")
    with pytest.raises(InterviewAnalysisError, match=r"give the coder's name"):
        CodingWidget(fi_study)


def test_the_readme_lists_every_key_of_the_widget():
    text = README.read_text(encoding="utf-8")
    listed = re.findall(r"^\| (code|review|always) \| (.+?) \| (.+?) \|$", text, re.MULTILINE)
    assert [(m, k.replace("`", ""), a) for m, k, a in listed] == list(KEYS)


def test_code_that_calls_the_session_redraws_the_widget(widget, session):
    session.code_span("H1", 133, 147, "channels/text_message")
    assert [c["code"] for c in widget.codings] == ["channels/text_message"]
