"""The coding widget: code a transcript in Jupyter the way QDA tools do, saved as you go.

:class:`CodingWidget` is a real Jupyter widget (`anywidget <https://anywidget.dev>`_, so it
composes in ``VBox``/``HBox`` and displays in JupyterLab, Notebook 7 and VS Code). Its front end
is a plain ES module shipped in the package (``static/coder.js`` and ``.css``: no build step,
no network). It shows a whole document as speaker turns with the codings in their codes'
colours; the researcher selects words with the mouse, picks a code from a searchable tree and
sets a stance and memo; review mode offers rule, model and automatic-stance suggestions to
accept, reject or change with one key (:data:`~.widget_data.KEYS`).

The widget holds no coding state of its own: every action is one call of
:meth:`CodingWidget.do`, which calls the :class:`~.coder.CodingSession` (saved at once to the
project database and ``codings/<coder>.csv``) and then redraws from what is saved.

Examples
--------
>>> CodingWidget("corpus/my-study", coder="anna")                   # doctest: +SKIP
>>> ipywidgets.HBox([CodingWidget(study, coder="anna"), CodingWidget(study, coder="ben")])
...                                                                  # doctest: +SKIP
"""
from __future__ import annotations

import asyncio
import threading
from importlib import resources

import anywidget
import traitlets as t

from ..errors import CodingsError, InterviewAnalysisError
from . import widget_data as data
from .coder import CodingSession
from .offsets import snap_to_words
from .suggestions import KINDS, check_kinds

_STATIC = resources.files(__package__).joinpath("static")
_MODES = ("code", "review")


class CodingWidget(anywidget.AnyWidget):
    """Code a study in a notebook: select words, pick a code, review suggestions.

    Parameters
    ----------
    study:
        A study folder, a loaded study, or a :class:`CodingSession` (then ``coder`` is not
        needed).
    coder:
        Whose codings these are (``codings/<coder>.csv``).
    document:
        The document to show first (default: where the coder last made a change).
    suggest:
        Suggestion kinds review mode offers: any of ``"rule"``, ``"model"``, ``"stance"``.
    height:
        Height of the transcript view (CSS), e.g. ``"600px"``.
    """

    _esm = _STATIC.joinpath("coder.js").read_text(encoding="utf-8")
    _css = _STATIC.joinpath("coder.css").read_text(encoding="utf-8")

    coder = t.Unicode("").tag(sync=True)
    lang = t.Unicode("en").tag(sync=True)
    documents = t.List([]).tag(sync=True)
    document = t.Unicode("").tag(sync=True)
    text = t.Unicode("").tag(sync=True)
    turns = t.List([]).tag(sync=True)
    codes = t.List([]).tag(sync=True)
    codings = t.List([]).tag(sync=True)
    suggestions = t.List([]).tag(sync=True)
    progress = t.Dict({}).tag(sync=True)
    mode = t.Unicode("code").tag(sync=True)
    status = t.Dict({}).tag(sync=True)
    history = t.Dict({}).tag(sync=True)
    scroll_to = t.Dict({}).tag(sync=True)
    shortcuts = t.List([]).tag(sync=True)
    height = t.Unicode("560px").tag(sync=True)
    #: Set by the front end after each full render: ``{ms, turns, codings, segments}``.
    rendered = t.Dict({}).tag(sync=True)

    def __init__(self, study, coder: str | None = None, *, document: str | None = None,
                 suggest=KINDS, height: str = "560px", **kwargs) -> None:
        session = study if isinstance(study, CodingSession) else None
        self._owns_session = session is None
        if session is None:
            if coder is None:
                raise InterviewAnalysisError("give the coder's name", value=None,
                                             fix="e.g. CodingWidget(study, coder='anna')")
            session = CodingSession(study, coder)
        self.session = session
        self.kinds = check_kinds(suggest)
        self._seq = 0
        self._busy = False  # while an action of this widget runs, it redraws at the end
        self._home = (threading.get_ident(), _running_loop())
        super().__init__(coder=session.coder, lang=session.corpus.language, height=height,
                         documents=data.documents_payload(session.corpus),
                         codes=data.codes_payload(session.codebook, session.corpus.language),
                         shortcuts=data.keys_payload(), **kwargs)
        self._stop_listening = session.subscribe(self._on_change)
        self.on_msg(self._on_msg)
        here = session.current_passage  # where the coder last made a change
        self.show(document or str(here["document"]),
                  None if document else int(here["start"]))

    def __repr__(self) -> str:
        return (f"<CodingWidget coder={self.coder!r} document={self.document!r} "
                f"mode={self.mode!r}>")

    # -- the one entry point for every action ------------------------------------------------
    def do(self, action: str, **payload) -> None:
        """Run an action of the front end (``code``, ``update``, ``remove``, ``accept``,
        ``reject``, ``undo``, ``redo``, ``document``, ``mode``) and redraw.

        Errors a researcher can act on (an unknown code, a selection of spaces only) appear in
        the widget's status line instead of a traceback.
        """
        handler = getattr(self, f"_do_{action}", None)
        try:
            if handler is None:
                raise CodingsError("unknown action", value=action,
                                   fix="actions: code, update, remove, accept, reject, undo, "
                                       "redo, document, mode")
            if self.session.changed_elsewhere():
                self.reload()
            self._busy = True
            message = handler(**payload)
        except InterviewAnalysisError as exc:
            self.say(exc.message, error=True)
            return
        finally:
            self._busy = False
        self.reload()
        self.say(message or "")

    def _on_msg(self, _widget, content, _buffers) -> None:
        """A message of the front end. ipykernel 7 may deliver it on another thread (a kernel
        subshell); the session's database connection belongs to the thread that made it, so
        the action is handed to that thread's event loop."""
        if not (isinstance(content, dict) and "action" in content):
            return
        thread, loop = self._home
        if threading.get_ident() != thread and loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(lambda: self.do(**content))
        else:
            self.do(**content)

    def _do_code(self, start: int, end: int, code: str, stance=None, memo=None) -> str:
        span = snap_to_words(self.session.text_of(self.document), int(start), int(end))
        if span is None:
            raise CodingsError("the selection holds no words", value=(start, end),
                               fix="select one or more words, then press c")
        saved = self.session.code_span(self.document, *span, code, stance, memo)
        return f"Saved: {_describe(saved, self.text)}."

    def _do_update(self, coding: dict, code=None, stance="keep", memo="keep") -> str:
        saved = self.session.update_span({**coding, "document": self.document}, code=code,
                                         stance=stance, memo=memo)
        return f"Changed: {_describe(saved, self.text)}."

    def _do_remove(self, coding: dict) -> str:
        removed = self.session.remove_span({**coding, "document": self.document})
        return f"Removed: {_describe(removed, self.text)}."

    def _suggestion(self, key: str):
        for s in self.session.review_suggestions(self.document, self.kinds):
            if s.key == key:
                return s
        raise CodingsError("this suggestion is no longer open", value=key,
                           fix="it was decided already (perhaps in another window)")

    def _do_accept(self, key: str, code=None, stance="keep") -> str:
        saved = self.session.accept(self._suggestion(key), code=code, stance=stance)
        return f"Accepted: {_describe(saved, self.text)}."

    def _do_reject(self, key: str) -> str:
        s = self._suggestion(key)
        self.session.reject(s)
        return f"Rejected the {s.kind} suggestion {s.code}."

    def _do_undo(self) -> str:
        done = self.session.undo()
        self._follow(done)
        return f"Undone: {done.describe()}." if done else "Nothing to undo."

    def _do_redo(self) -> str:
        done = self.session.redo()
        self._follow(done)
        return f"Redone: {done.describe()}." if done else "Nothing to redo."

    def _follow(self, action) -> None:
        rows = (action.before + action.after + action.decisions) if action else ()
        if rows and rows[0]["document"] != self.document:
            self.show(rows[0]["document"])

    def _do_document(self, document: str) -> str:
        self.show(document)
        return ""

    def _do_mode(self, mode: str) -> str:
        if mode not in _MODES:
            raise CodingsError("unknown mode", value=mode, fix="use 'code' or 'review'")
        with self.hold_sync():  # the mode arrives together with its suggestions
            self.mode = mode
        if mode == "review" and "model" in self.kinds and self.session.model_note:
            return f"No model suggestions yet: {self.session.model_note}."
        return ""

    # -- drawing -------------------------------------------------------------------------------
    def show(self, document: str, offset: int | None = None) -> None:
        """Show ``document`` (scrolled to ``offset``, a code point offset, when given)."""
        text = self.session.text_of(document)
        with self.hold_sync():
            self.document, self.text = document, text
            self.turns = data.turns_payload(self.session.passages, document)
            self.reload()
            if offset is not None:
                self._seq += 1
                self.scroll_to = {"offset": int(offset), "seq": self._seq}

    def reload(self) -> None:
        """Redraw the codings, suggestions, progress and undo state from what is saved."""
        s = self.session
        with self.hold_sync():
            self.codings = data.codings_payload(s.document_codings(self.document))
            review = self.mode == "review"
            found = s.review_suggestions(self.document, self.kinds) if review else []
            self.suggestions = [x.to_json() for x in found]
            self.progress = {"reviewed": s.reviewed(self.document), "left": len(found)}
            self.history = {"undo": s.history[-1].describe() if s.history else "",
                            "redo": s.redoable[-1].describe() if s.redoable else ""}

    @t.observe("mode")
    def _mode_changed(self, change) -> None:
        if change["new"] in _MODES:
            self.reload()

    def _on_change(self, change) -> None:
        """Another widget, or code calling a session, changed a coding: redraw if it shows."""
        if not self._busy and change.coder == self.coder and self.document in change.documents:
            self.reload()

    def say(self, message: str, error: bool = False) -> None:
        """Show ``message`` in the status line (red when ``error``)."""
        self._seq += 1
        self.status = {"text": message, "error": bool(error), "seq": self._seq}

    def close(self) -> None:
        """Close the widget; a session the widget opened itself is closed too (one that was
        given to it stays open)."""
        if getattr(self, "_stop_listening", None):
            self._stop_listening()
            if self._owns_session:
                self.session.close()
        super().close()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:  # plain Python, not a kernel
        return None


def _describe(row: dict, text: str) -> str:
    stance = f" ({row['stance']})" if row.get("stance") else ""
    quote = " ".join(text[row["start"]:row["end"]].split())
    quote = quote if len(quote) <= 60 else quote[:59] + "…"
    return f"{row['code']}{stance} on “{quote}”"
