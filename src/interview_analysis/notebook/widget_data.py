"""What the coding widget sends its front end: documents, turns, the code tree, codings, keys.

Plain lists of plain dicts (JSON), built from a :class:`~.coder.CodingSession`. Offsets are
code points into the document's canonical text, as everywhere in interview-analysis; the
front end converts them to the browser's UTF-16 offsets.
"""
from __future__ import annotations

import math

#: The widget's keys: ``(mode, keys, action)``; the help overlay (``?``) and the README's
#: table show this list. ``mode`` is ``code``, ``review`` or ``always``.
KEYS: tuple[tuple[str, str, str], ...] = (
    ("code", "drag, double-click", "select words with the mouse; the span snaps to whole words"),
    ("code", "↑ ↓", "caret to the previous / next speaker turn"),
    ("code", "Shift+← Shift+→", "select from the caret word by word"),
    ("code", "Shift+↑ Shift+↓", "select line by line"),
    ("code", "c or Enter", "code the selection: type to filter the code tree, ↑ ↓ to choose, "
                           "Enter to apply"),
    ("code", "1 2 3 0", "stance positive / negative / mixed / none: for the next coding, or "
                        "the picked one"),
    ("code", "m", "write a memo for the next coding, or the picked one (Enter saves)"),
    ("code", "click a coding", "pick it (click again to go through overlapping codings)"),
    ("code", "x or Delete", "remove the picked coding"),
    ("review", "n or j, p or k", "next / previous suggestion"),
    ("review", "a or Enter", "accept the suggestion"),
    ("review", "x or Delete", "reject the suggestion"),
    ("review", "c", "change: accept it with another code from the code tree"),
    ("review", "1 2 3 0", "accept with stance positive / negative / mixed / none"),
    ("always", "r", "review mode on / off"),
    ("always", "z, Shift+Z", "undo, redo (also Ctrl+Z, Ctrl+Y)"),
    ("always", "[ ]", "previous / next document"),
    ("always", "?", "show or hide this help"),
    ("always", "Esc", "close the code tree or help, clear the selection, leave review mode"),
)


def keys_payload() -> list[dict]:
    return [{"mode": m, "keys": k, "action": a} for m, k, a in KEYS]


def documents_payload(corpus) -> list[dict]:
    """``{id, case, words}`` per document, in corpus order."""
    docs = corpus.documents
    return [{"id": str(d), "case": str(c), "words": int(w)}
            for d, c, w in zip(docs["document"], docs["case"], docs["words"])]


def _seconds(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def turns_payload(passages, document: str) -> list[dict]:
    """The passages (speaker turns) of ``document`` in text order: ``{id, start, end, speaker,
    role, time}``."""
    rows = passages[passages["document"] == document].sort_values("start")
    times = rows["time_start"] if "time_start" in rows else [None] * len(rows)
    return [{"id": str(pid), "start": int(s), "end": int(e),
             "speaker": "" if sp is None or sp != sp else str(sp), "role": str(role),
             "time": _seconds(t)}
            for pid, s, e, sp, role, t in zip(rows["passage_id"], rows["start"], rows["end"],
                                              rows["speaker"], rows["role"], times)]


def codes_payload(codebook, lang: str) -> list[dict]:
    """The code tree in codebook order: ``{id, label, depth, colour, parent, find}``, where
    ``find`` is what the search box matches (the ID and every label, lower case)."""
    return [{"id": c.id, "label": c.label(lang), "depth": c.id.count("/"),
             "colour": codebook.colour_of(c.id), "parent": c.parent,
             "find": " ".join([c.id, *map(str, c.labels.values())]).casefold()}
            for c in codebook]


def codings_payload(rows: list[dict]) -> list[dict]:
    """Saved codings as the front end takes them."""
    return [{"start": int(r["start"]), "end": int(r["end"]), "code": r["code"],
             "stance": r["stance"] or None, "memo": r["memo"] or "", "coder": r["coder"],
             "origin": r["origin"] or "manual"} for r in rows]
