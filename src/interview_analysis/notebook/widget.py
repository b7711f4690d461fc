"""The interactive coder's view: ipywidgets controls whose callbacks call a :class:`CodingSession`.

The view holds no coding state of its own. Every button, shortcut and suggestion calls one
model method (:meth:`CodingWidget.do`), then redraws from the model, so what the researcher
sees is always what is saved.

Keyboard shortcuts work while the focus is inside the coder (click a button or the passage
first); with Alt they also work from the search, quote and memo fields:

=====================  ==============================
key                    action
=====================  ==============================
``n`` or →             next passage
``p`` or ←             previous passage
``u`` (or ``Alt+u``)   next passage not coded yet
``a``                  apply the selected code
``z``                  undo the last change
``x``                  remove the selected code here
``1`` … ``9``          select the n-th rule suggestion
=====================  ==============================
"""
from __future__ import annotations

import html
import itertools
import json

import ipywidgets as w

from ..errors import InterviewAnalysisError
from .coder import STANCE_CHOICES, CodingSession
from .suggestions import code_list

#: Key (as the browser names it) → action of :meth:`CodingWidget.do`.
SHORTCUTS = {"n": "next", "ArrowRight": "next", "p": "previous", "ArrowLeft": "previous",
             "u": "next_uncoded", "a": "apply", "z": "undo", "x": "remove",
             **{str(i): f"suggestion:{i}" for i in range(1, 10)}}
BUTTONS = (("previous", "◀ Previous", "p"), ("next", "Next ▶", "n"),
           ("next_uncoded", "Next uncoded ⏭", "u"), ("apply", "Apply", "a"),
           ("remove", "Remove code", "x"), ("undo", "Undo", "z"))
_IDS = itertools.count(1)
_INDENT = "\u2003"  # an em space: <option> text keeps it, unlike ordinary spaces


class CodingWidget:
    """The coder UI for a :class:`CodingSession` (or a study folder and a coder name).

    Parameters
    ----------
    session:
        The model. A study (or folder) is accepted too, with ``coder=``.
    coder:
        The coder's name when ``session`` is a study.
    rows:
        Height of the code list.

    Examples
    --------
    >>> CodingWidget(CodingSession(study, "anna"))      # doctest: +SKIP
    """

    def __init__(self, session, coder: str | None = None, rows: int = 12) -> None:
        if not isinstance(session, CodingSession):
            if coder is None:
                raise InterviewAnalysisError("give the coder's name", fix="e.g. "
                                             "CodingWidget(study, coder='anna')")
            session = CodingSession(session, coder)
        self.session = session
        self.lang = session.corpus.language
        self.uid = f"ia-coder-{next(_IDS)}"
        self.passage = w.HTML()
        self.suggestion_bar = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.suggestion_bar.add_class("ia-suggestions")
        self.search = w.Text(placeholder="search codes (ID or label)…", continuous_update=True,
                             layout=w.Layout(width="100%"))
        self.picker = w.Select(options=[], rows=rows, layout=w.Layout(width="100%"))
        self.stance = w.ToggleButtons(options=list(STANCE_CHOICES), value="none",
                                      style={"button_width": "6.5em"})
        self.quote = w.Text(placeholder="only these words (optional; default whole passage)",
                            layout=w.Layout(width="100%"))
        self.memo = w.Textarea(placeholder="memo: why this code, what it shows",
                               layout=w.Layout(width="100%", height="4.5em"))
        self.status = w.HTML()
        self.buttons = {name: w.Button(description=text, tooltip=f"shortcut: {key}")
                        for name, text, key in BUTTONS}
        self.buttons["apply"].button_style = "primary"
        for name, button in self.buttons.items():
            button.add_class(f"ia-btn-{name}")
            button.on_click(lambda _, name=name: self.do(name))
        self.search.observe(lambda change: self._fill_picker(change["new"]), "value")
        self.picker.observe(lambda change: self._picked(change["new"]), "value")
        self.widget = self._layout()
        self._fill_picker("")
        self.refresh()

    def _layout(self) -> w.Widget:
        keys = " · ".join(f"<b>{k}</b> {name.replace('_', ' ')}" for name, _, k in BUTTONS)
        help_line = w.HTML(f"<span style='color:#666;font-size:90%'>Keys (click inside the "
                           f"coder first): {keys} · <b>1–9</b> pick a suggestion · Alt+key "
                           "from a text field. Every change is saved at once.</span>")
        left = w.VBox([self.passage, self.suggestion_bar],
                      layout=w.Layout(width="60%", padding="0 12px 0 0"))
        right = w.VBox([self.search, self.picker, w.HTML("<b>Stance</b>"), self.stance,
                        self.quote, self.memo], layout=w.Layout(width="40%"))
        nav = w.HBox([self.buttons[n] for n, _, _ in BUTTONS])
        box = w.VBox([w.HBox([left, right]), nav, self.status, help_line])
        box.add_class(self.uid)
        return box

    # -- the one entry point for every action ------------------------------------------
    def do(self, action: str) -> None:
        """Run an action (a :data:`SHORTCUTS` value) against the model and redraw.

        Errors a researcher can act on (unknown code, nothing selected) appear in the status
        line instead of a traceback.
        """
        handlers = {"next": self._move, "previous": self._move, "next_uncoded": self._move,
                    "apply": self._apply, "remove": self._remove, "undo": self._undo,
                    "suggestion": self._select_suggestion}
        try:
            handler = handlers.get(action.split(":")[0])
            if handler is None:
                raise InterviewAnalysisError("unknown action", value=action,
                                             fix="actions: " + ", ".join(sorted(handlers)))
            message = handler(action)
        except InterviewAnalysisError as exc:
            self._say(exc.message, error=True)
            return
        self.refresh()
        self._say(message)

    def press(self, key: str) -> None:
        """Handle a key as the keyboard shortcut would (see :data:`SHORTCUTS`)."""
        if key in SHORTCUTS:
            self.do(SHORTCUTS[key])

    def _move(self, action: str) -> str:
        before = self.session.current_id
        {"next": self.session.next, "previous": self.session.previous,
         "next_uncoded": self.session.next_uncoded}[action]()
        self._clear_inputs()
        if action == "next_uncoded" and self.session.current_id == before:
            return "No uncoded passage after this one."
        return ""

    def _undo(self, action: str) -> str:
        done = self.session.undo()
        return f"Undone: {done.describe()}." if done else "Nothing to undo."

    def _apply(self, action: str = "apply") -> str:
        code = self.picker.value
        if not code:
            raise InterviewAnalysisError("no code selected",
                                         fix="pick a code in the list (search to filter it)")
        saved = self.session.apply(code, self.stance.value, self.memo.value or None,
                                   self.quote.value or None)
        self._clear_inputs()
        stance = f" ({saved['stance']})" if saved["stance"] else ""
        return f"Saved: {code}{stance} on {self.session.current_id}."

    def _remove(self, action: str = "remove") -> str:
        code = self.picker.value
        if not code:
            raise InterviewAnalysisError("no code selected", fix="pick the code to remove")
        removed = self.session.remove(code)
        return f"Removed {len(removed)} coding(s) of {code} from {self.session.current_id}."

    def _select_suggestion(self, action: str) -> str:
        n = int(action.split(":")[1])
        table = self.session.suggestions()
        if not 1 <= n <= len(table):
            return f"There is no suggestion {n} here."
        code = table["code"].iloc[n - 1]
        self.search.value = ""
        self.picker.value = code
        return f"Selected {code}: choose a stance and Apply."

    # -- drawing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw the passage, codings and suggestions from the model."""
        view = self.session.current
        self.passage.value = view.html
        buttons = []
        for i, s in enumerate(view.suggestions.itertuples(index=False), start=1):
            label = f"{i}: {s.label}" + (" ✓" if s.coded else "")
            button = w.Button(description=label, tooltip=f"{s.code} — matched: {s.matched}",
                              layout=w.Layout(width="auto"))
            button.style.button_color = s.colour + "44" if s.colour.startswith("#") else None
            button.on_click(lambda _, i=i: self.do(f"suggestion:{i}"))
            buttons.append(button)
        self.suggestion_bar.children = buttons
        self.buttons["undo"].disabled = not self.session.history

    def _fill_picker(self, query: str) -> None:
        listed = code_list(self.session.codebook, query, self.lang)
        options = [(f"{_INDENT * 2 * r.depth}{r.label}  [{r.code}]", r.code)
                   for r in listed.itertuples(index=False)]
        current = self.picker.value
        self.picker.options = options
        codes = [c for _, c in options]
        if current in codes:
            self.picker.value = current
        elif query and listed["matches"].any():
            self.picker.value = listed.loc[listed["matches"], "code"].iloc[0]
        else:
            self.picker.value = None

    def _picked(self, code: str | None) -> None:
        """Show an existing coding's stance and memo when its code is picked."""
        if not code:
            return
        here = self.session.passage_codings()
        here = here[here["code"] == code]
        if len(here):
            self.stance.value = here["stance"].iloc[0] or "none"
            self.memo.value = here["memo"].iloc[0] or ""

    def _clear_inputs(self) -> None:
        self.stance.value = "none"
        self.memo.value = ""
        self.quote.value = ""

    def _say(self, message: str, error: bool = False) -> None:
        colour = "#B00020" if error else "#1B5E20"
        text = html.escape(message).replace("\n", "<br>")
        self.status.value = f"<span style='color:{colour}'>{text}</span>" if message else ""

    # -- display ---------------------------------------------------------------------------
    def keyboard_script(self) -> str:
        """The JavaScript that turns key presses inside this coder into button clicks."""
        return _KEYBOARD_JS % {"uid": json.dumps(self.uid), "keys": json.dumps(SHORTCUTS)}

    def _ipython_display_(self) -> None:
        from IPython.display import Javascript, display
        display(self.widget)
        display(Javascript(self.keyboard_script()))


# One listener per coder, on window in the capture phase, so that Jupyter's own command-mode
# shortcuts (j, k, a, b, z...) never see the keys meant for the coder.
_KEYBOARD_JS = """
(function () {
  var uid = %(uid)s, keys = %(keys)s, flag = "__" + uid.replace(/-/g, "_");
  if (window[flag]) { return; }
  window[flag] = true;
  window.addEventListener("keydown", function (event) {
    var target = event.target;
    var box = target && target.closest ? target.closest("." + uid) : null;
    if (!box) { return; }
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (typing && !event.altKey) { return; }
    if (event.ctrlKey || event.metaKey) { return; }
    var key = event.key;
    if (event.altKey && event.code) {  // Alt changes event.key on some keyboards (macOS)
      key = event.code.replace(/^Key/, "").replace(/^Digit/, "").toLowerCase();
    }
    var action = keys[key] || keys[event.key];
    if (!action) { return; }
    event.preventDefault();
    event.stopPropagation();
    if (action.indexOf("suggestion:") === 0) {
      var n = parseInt(action.split(":")[1], 10);
      var chips = box.querySelectorAll(".ia-suggestions button");
      if (chips[n - 1]) { chips[n - 1].click(); }
      return;
    }
    var button = box.querySelector(".ia-btn-" + action);
    if (button) { button.click(); }
  }, true);
})();
"""
