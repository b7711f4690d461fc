"""The coding widget in a real JupyterLab 4 (and Notebook 7) with headless Chromium.

Each test writes a small study and a notebook into the server's folder, opens the notebook,
runs it, and then uses the widget with the real mouse and keyboard the way a researcher would.
What counts is what was saved: every test reads ``codings/anna.csv`` (and, where it matters,
the project database) afterwards. Offsets are code points, as Python's ``text[start:end]``.
"""
from __future__ import annotations

import json

import pytest
from coding_page import Coding
from jupyter_harness import JS_CELL_TYPES, char_box, drag_select, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]
H1 = ", document='H1', suggest=('rule', 'stance')"


def span_of(text: str, first: str, last: str | None = None) -> tuple[int, int]:
    start = text.index(first)
    end = text.index(last or first, start) + len(last or first)
    return start, end


def focus_widget(page, widget: int = 0) -> None:
    """Click a speaker line, as a researcher clicks into the transcript."""
    page.locator(".ia-coder").nth(widget).locator(".ia-who").first.click()
    assert page.evaluate("!!document.activeElement.closest('.ia-coder')")


def pick_code(page, query: str) -> None:
    page.keyboard.press("c")
    page.keyboard.type(query)
    page.keyboard.press("Enter")


def status(page) -> str:
    return page.locator(".ia-status").first.inner_text()


def test_words_selected_with_the_mouse_are_coded_with_a_stance_and_a_memo(coding):
    c = coding(widget_args=H1)
    page, text = c.page, c.text()
    drag_select(page, "Sähköpostitse", 3, "helpointa", 4)  # from inside one word to another
    assert page.evaluate("!!document.activeElement.closest('.ia-coder')"), "focus left"
    assert "“Sähköpostitse on helpointa”" in c.widget.locator(".ia-card").inner_text()
    page.keyboard.press("2")  # negative
    pick_code(page, "sähkö")
    start, end = span_of(text, "Sähköpostitse", "helpointa")
    assert c.rows_soon(lambda r: r, "a coding") == [
        f"H1,{start},{end},channels/email,negative,"]
    coded = c.widget.locator(".ia-seg.ia-coded").first
    assert coded.inner_text() == "Sähköpostitse on helpointa"
    wait_for(lambda: c.widget.locator(".ia-stripe").count() == 1, "a margin stripe")
    coded.hover()
    tip = c.widget.locator(".ia-tip")
    assert all(w in tip.inner_text() for w in ("Sähköposti", "negative", "anna"))

    coded.click()  # pick the coding, write a memo for it
    page.keyboard.press("m")
    page.keyboard.type("helpoin kanava")
    page.keyboard.press("Enter")
    c.rows_soon(lambda r: r == [f"H1,{start},{end},channels/email,negative,helpoin kanava"],
                "the memo")
    assert page.evaluate("!!document.activeElement.closest('.ia-coder')")


def test_review_mode_rejects_and_accepts_suggestions_with_one_key(coding):
    c = coding(widget_args=H1)
    page = c.page
    focus_widget(page)
    page.keyboard.press("r")
    progress = c.widget.locator(".ia-progress")
    wait_for(lambda: progress.inner_text() == "Reviewed 0 · left 5", "5 suggestions",)
    assert c.widget.locator(".ia-seg.ia-sug").count() > 0  # dashed highlights
    assert "rule: Sähköposti" in c.widget.locator(".ia-card").inner_text()
    page.keyboard.press("x")  # reject email
    wait_for(lambda: progress.inner_text().startswith("Reviewed 1"), "the rejection")
    assert "rule: Tekstiviesti" in c.widget.locator(".ia-card").inner_text()
    page.keyboard.press("a")  # accept text message
    rows = c.rows_soon(lambda r: r, "the accepted suggestion")
    start, end = span_of(c.text(), "Sähköpostitse", "koskaan.")
    assert rows == [f"H1,{start},{end},channels/text_message,,"]
    wait_for(lambda: progress.inner_text().startswith("Reviewed 2"), "the acceptance")
    assert c.database("SELECT code, origin FROM codings") == [("channels/text_message", "rule")]
    assert c.database("SELECT source FROM coding_log") == [("notebook:accept:rule",)]
    review = json.loads((c.study / ".interview-analysis" / "review" / "anna.json").read_text())
    assert {(d["code"], d["decision"]) for d in review["decisions"]} == {
        ("channels/email", "rejected"), ("channels/text_message", "accepted")}

    page.keyboard.press("z")  # undo the acceptance: the suggestion is open again
    c.rows_soon(lambda r: r == [], "the undone acceptance")
    wait_for(lambda: progress.inner_text().startswith("Reviewed 1"), "one decision left")


def test_keys_stay_in_the_widget_and_never_reach_the_notebook(coding):
    c = coding(widget_args=H1, extra_cells=(("code", "print('second cell')"),
                                            ("markdown", "third cell")))
    page = c.page
    cells = page.evaluate(JS_CELL_TYPES)
    assert cells == ["code", "code", "markdown"]
    focus_widget(page)
    ring = page.evaluate("getComputedStyle(document.querySelector('.ia-coder')).boxShadow")
    assert ring != "none", "no visible focus ring"
    # command mode: x cuts, d d deletes, a/b insert, y/m change the type, l numbers lines
    for key in ["x", "d", "d", "a", "b", "y", "l", "o", "Shift+ArrowDown"]:
        page.keyboard.press(key)
    page.wait_for_timeout(500)
    assert page.evaluate(JS_CELL_TYPES) == cells
    assert page.evaluate("!!document.activeElement.closest('.ia-coder')")

    page.keyboard.press("Escape")
    page.keyboard.press("ArrowDown")  # caret to the first participant turn
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("1")
    pick_code(page, "email")
    start, end = span_of(c.text(), "Sähköpostitse", "on")
    row = f"H1,{start},{end},channels/email,positive,"
    c.rows_soon(lambda r: r == [row], "the keyboard selection")
    page.keyboard.press("z")
    c.rows_soon(lambda r: r == [], "undo")
    page.keyboard.press("Shift+Z")
    c.rows_soon(lambda r: r == [row], "redo")
    page.keyboard.press("Control+z")
    c.rows_soon(lambda r: r == [], "Ctrl+Z")
    page.keyboard.press("Control+y")
    c.rows_soon(lambda r: r == [row], "Ctrl+Y")

    page.keyboard.press("?")
    assert "review mode on / off" in c.widget.locator(".ia-help").inner_text()
    page.keyboard.press("Escape")
    assert not c.widget.locator(".ia-help").is_visible()
    page.keyboard.press("[")  # the previous document
    wait_for(lambda: c.widget.locator(".ia-doc-select").input_value() == "E1", "document E1")
    assert page.evaluate(JS_CELL_TYPES) == cells


def test_emoji_and_other_astral_characters_do_not_shift_offsets(coding):
    c = coding(widget_args=", document='E1', suggest=()")
    page, text = c.page, c.text("E1")
    before = text[:text.index("paras,")]
    astral = sum(ord(ch) > 0xFFFF for ch in before)
    assert astral == 5  # 👋 👍 𝔘 🙂 🙂: the browser counts each twice
    in_browser = page.evaluate("(t) => t.indexOf('paras,')", text)
    assert in_browser == text.index("paras,") + astral

    drag_select(page, "paras,", 1, "paras,", 3)
    pick_code(page, "sähkö")
    start, end = span_of(text, "paras,", "paras")
    c.rows_soon(lambda r: r == [f"E1,{start},{end},channels/email,,"], "the coding after emoji")

    box = char_box(page, "turhia", 2)  # after 👎 too
    page.mouse.dblclick((box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2)
    page.keyboard.press("2")
    pick_code(page, "teksti")
    start2, end2 = span_of(text, "turhia")
    rows = c.rows_soon(lambda r: len(r) == 2, "the second coding")
    assert rows == [f"E1,{start},{end},channels/email,,",
                    f"E1,{start2},{end2},channels/text_message,negative,"]
    assert text[start2:end2] == "turhia"


def test_two_widgets_on_one_study_show_each_others_changes(coding):
    c = coding(widget_args=H1, widgets=2)
    page = c.page
    second = page.locator(".ia-coder").nth(1)
    drag_select(page, "Tekstiviestejä", 2, "koskaan", 2, widget=0)
    pick_code(page, "teksti")
    start, end = span_of(c.text(), "Tekstiviestejä", "koskaan")
    c.rows_soon(lambda r: r == [f"H1,{start},{end},channels/text_message,,"], "the coding")
    coded = second.locator(".ia-seg.ia-coded")
    wait_for(lambda: coded.count() == 1, "the coding in the other widget")
    assert coded.first.inner_text() == "Tekstiviestejä en lue koskaan"

    coded.first.click()  # pick it in the second widget and remove it there
    page.keyboard.press("x")
    c.rows_soon(lambda r: r == [], "the removal")
    first = page.locator(".ia-coder").nth(0).locator(".ia-seg.ia-coded")
    wait_for(lambda: first.count() == 0, "the removal in the first widget")
    assert "Removed: channels/text_message" in second.locator(".ia-status").inner_text()


def test_the_widget_works_in_notebook_7(notebook7, page7):
    c = Coding(notebook7, page7, widget_args=H1,
               extra_cells=(("code", "print('second cell')"), ("markdown", "third cell")))
    page = c.page
    cells = page.evaluate(JS_CELL_TYPES)
    drag_select(page, "Teamsissa", 1, "jutella", 1)
    page.keyboard.press("x")  # the widget's key, never Notebook 7's cut
    page.keyboard.press("3")
    pick_code(page, "video")
    start, end = span_of(c.text(), "Teamsissa", "jutella")
    c.rows_soon(lambda r: r == [f"H1,{start},{end},channels/video_meeting,mixed,"], "a coding")
    assert page.evaluate(JS_CELL_TYPES) == cells
