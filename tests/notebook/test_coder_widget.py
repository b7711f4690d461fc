"""The coder's view: buttons, shortcuts and the code list call the model, and show what is saved.

Buttons are clicked programmatically (``Button.click()`` runs the same callbacks a browser
click does), so the view is tested without a browser.
"""
from __future__ import annotations

import re

import pytest
from notebook_helpers import csv_rows

from interview_analysis.notebook import CodingSession
from interview_analysis.notebook.widget import BUTTONS, SHORTCUTS, CodingWidget


@pytest.fixture
def view(session):
    return CodingWidget(session)


def test_next_and_previous_buttons_move_the_session(view, session):
    view.buttons["next"].click()
    assert session.current_id == "H1:0004"
    assert "H1:0004" in view.passage.value
    view.buttons["previous"].click()
    assert session.current_id == "H1:0002"


def test_apply_button_saves_the_picked_code_with_stance_memo_and_words(view, fi_study):
    view.picker.value = "channels/text_message"
    view.stance.value = "negative"
    view.memo.value = "ei lue"
    view.quote.value = "Tekstiviestejä en lue koskaan."
    view.buttons["apply"].click()
    assert csv_rows(fi_study) == ["H1,133,163,channels/text_message,negative,ei lue"]
    assert "Saved: channels/text_message (negative) on H1:0002." in view.status.value
    assert (view.stance.value, view.memo.value, view.quote.value) == ("none", "", "")


def test_apply_without_a_code_explains_instead_of_failing(view, fi_study):
    view.picker.value = None
    view.buttons["apply"].click()
    assert "no code selected" in view.status.value and "#B00020" in view.status.value
    assert csv_rows(fi_study) == []


def test_a_refused_action_shows_the_fix_in_the_status_line(view):
    view.picker.value = "channels/email"
    view.quote.value = "puhelimella"
    view.buttons["apply"].click()
    assert "these words are not in passage H1:0002" in view.status.value
    assert "Fix: copy the words exactly" in view.status.value


def test_undo_button_reverts_the_last_change_and_is_disabled_when_nothing_is_left(view,
                                                                                    fi_study):
    assert view.buttons["undo"].disabled
    view.picker.value = "channels/email"
    view.buttons["apply"].click()
    assert not view.buttons["undo"].disabled
    view.buttons["undo"].click()
    assert csv_rows(fi_study) == []
    assert "Undone: applied channels/email on H1:0002." in view.status.value
    assert view.buttons["undo"].disabled


def test_remove_button_takes_the_picked_code_off_the_passage(view, fi_study):
    view.picker.value = "channels/email"
    view.buttons["apply"].click()
    view.picker.value = "channels/email"
    view.buttons["remove"].click()
    assert csv_rows(fi_study) == []
    assert "Removed 1 coding(s) of channels/email from H1:0002." in view.status.value


def test_search_filters_the_code_list_and_keeps_the_hierarchy(view):
    assert [code for _, code in view.picker.options][:2] == ["channels", "channels/email"]
    view.search.value = "sähkö"
    assert [label for label, _ in view.picker.options] == [
        "Kanavat  [channels]", "\u2003\u2003Sähköposti  [channels/email]"]
    assert view.picker.value == "channels/email"  # the first match is picked, not its parent
    view.search.value = "zzz"
    assert view.picker.options == () and view.picker.value is None


def test_suggestion_buttons_pick_their_code(view):
    labels = [b.description for b in view.suggestion_bar.children]
    assert labels == ["1: Sähköposti", "2: Tekstiviesti"]
    view.search.value = "henkilö"
    view.suggestion_bar.children[1].click()
    assert (view.search.value, view.picker.value) == ("", "channels/text_message")
    assert "Selected channels/text_message" in view.status.value


def test_picking_a_coded_code_shows_its_stance_and_memo(view):
    view.picker.value = "channels/email"
    view.stance.value = "mixed"
    view.memo.value = "riippuu"
    view.buttons["apply"].click()
    view.picker.value = None
    view.picker.value = "channels/email"
    assert (view.stance.value, view.memo.value) == ("mixed", "riippuu")


def test_keyboard_shortcuts_run_the_same_actions_as_the_buttons(view, session, fi_study):
    view.press("n")
    assert session.current_id == "H1:0004"
    view.press("ArrowLeft")
    assert session.current_id == "H1:0002"
    view.press("2")
    assert view.picker.value == "channels/text_message"
    view.press("a")
    assert csv_rows(fi_study) == ["H1,76,163,channels/text_message,,"]
    view.press("z")
    assert csv_rows(fi_study) == []
    view.press("q")  # not a shortcut: nothing happens
    assert session.current_id == "H1:0002"


def test_every_shortcut_has_a_button_for_the_browser_script_to_click(view):
    buttons = {name for name, _, _ in BUTTONS}
    actions = {a for a in SHORTCUTS.values() if not a.startswith("suggestion:")}
    assert actions <= buttons
    for name in buttons:
        assert f"ia-btn-{name}" in view.buttons[name]._dom_classes
    script = view.keyboard_script()
    assert view.uid in script and '"n": "next"' in script
    assert view.uid in view.widget._dom_classes
    assert "ia-suggestions" in view.suggestion_bar._dom_classes


def test_a_widget_after_a_restart_shows_the_saved_codings(fi_study):
    with CodingSession(fi_study, coder="anna") as first:
        CodingWidget(first).press("1")
        first.apply("channels/email", stance="positive", memo="helpointa")
    with CodingSession(fi_study, coder="anna") as again:
        view = CodingWidget(again)
    assert re.search(r"channels/email</code> <span[^>]*>anna, positive — helpointa",
                     view.passage.value)
    assert view.suggestion_bar.children[0].description == "1: Sähköposti ✓"


def test_a_widget_can_be_made_from_a_study_folder_and_a_coder(fi_study):
    view = CodingWidget(fi_study, coder="ben")
    assert view.session.coder == "ben"
    view.session.close()


def test_an_unknown_action_is_reported_not_raised(view):
    view.do("dance")
    assert "unknown action" in view.status.value and "#B00020" in view.status.value


def test_next_uncoded_says_when_everything_after_is_coded(view, session):
    session.goto("H2:0002")
    view.press("u")
    assert "No uncoded passage after this one." in view.status.value
