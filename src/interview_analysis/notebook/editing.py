"""Coding changes as undoable actions: each one store transaction, run forwards or backwards.

A change is first described as an :class:`~.records.Action` (the codings before and after),
then :func:`run` carries it out. Undo runs the same action backwards, redo forwards again, so
the three can never disagree. Every write goes through :class:`~interview_analysis.store.
ProjectStore`, whose triggers log it with the ``source`` given (``notebook``,
``notebook:undo``, ``notebook:accept:rule`` ...).
"""
from __future__ import annotations

from ..coding.codings import FILE_COLUMNS
from .records import Action, clean_row

#: The log source of changes made by hand in the notebook.
SOURCE = "notebook"
_KEY = ("document", "start", "end", "code")
_SELECT = 'SELECT id, document, start, "end", code, stance, memo, origin, coder FROM codings '


def key_of(row: dict) -> tuple:
    """``(document, start, end, code)``: what identifies a coder's coding."""
    return tuple(row[k] if k == "document" or k == "code" else int(row[k]) for k in _KEY)


def with_origin(row: dict) -> dict:
    """A coding as ``FILE_COLUMNS`` plus its ``origin`` (``manual`` when it has none)."""
    return {**clean_row(row), "origin": row.get("origin") or "manual"}


def saved(store, coder: str, key: tuple) -> dict | None:
    """The coder's saved coding with this key, with ``id`` and ``origin``; ``None`` if none."""
    rows = store.query(_SELECT + 'WHERE coder = ? AND document = ? AND start = ? AND "end" = ? '
                                 "AND code = ?", (coder, *key))
    return dict(rows[0]) if rows else None


def document_rows(store, coder: str | None, document: str) -> list[dict]:
    """Saved codings of a document (of one coder, or of every coder), in text order."""
    where, params = "WHERE document = ?", [document]
    if coder is not None:
        where, params = where + " AND coder = ?", params + [coder]
    rows = store.query(_SELECT + where + ' ORDER BY start, "end", code, coder', tuple(params))
    return [dict(r) for r in rows]


def change_for(store, coder: str, new: dict, passage_id: str, origin: str = "manual",
               keep_memo: bool = True) -> Action | None:
    """The action that saves ``new`` (a file row): an ``apply`` when the span has no such code
    yet, an ``update`` of its stance and memo when it has, ``None`` when nothing changes.

    With ``keep_memo`` a ``None`` memo keeps the saved coding's memo.
    """
    old = saved(store, coder, key_of(new))
    if old is None:
        return Action("apply", passage_id, (), ({**clean_row(new), "origin": origin},))
    old = with_origin(old)
    if keep_memo and new.get("memo") is None:
        new = {**new, "memo": old["memo"]}
    after = {**old, "stance": new.get("stance"), "memo": new.get("memo")}
    if (old["stance"], old["memo"]) == (after["stance"], after["memo"]):
        return None
    return Action("update", passage_id, (old,), (after,))


def _add(store, coder: str, rows, source: str) -> None:
    store.add_codings([with_origin(r) for r in rows], coder=coder, source=source)


def _remove(store, coder: str, rows, source: str) -> None:
    for r in rows:
        store.remove_coding({**r, "coder": coder}, source=source)


def _set(store, coder: str, pairs, source: str) -> None:
    for old, new in pairs:
        store.update_coding({**old, "coder": coder}, source=source,
                            **{k: new[k] for k in FILE_COLUMNS if k != "document"})


def run(store, coder: str, action: Action, forward: bool = True, source: str = SOURCE) -> None:
    """Carry out ``action`` (``forward``) or undo it, in one transaction."""
    with store.transaction(source):
        if action.kind == "apply":
            (_add if forward else _remove)(store, coder, action.after, source)
        elif action.kind == "remove":
            (_remove if forward else _add)(store, coder, action.before, source)
        elif action.kind == "update":
            pairs = zip(action.before, action.after) if forward else zip(action.after,
                                                                       action.before)
            _set(store, coder, pairs, source)
