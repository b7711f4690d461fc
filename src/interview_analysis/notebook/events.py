"""Change notification between coding sessions on one study in the same Python process.

Two coding widgets on one study (the same coder in two notebook cells, or two coders side by
side) each hold a :class:`~interview_analysis.notebook.CodingSession` with its own database
connection. After every saved change a session calls :func:`publish`; every other session on
the same project database hears about it through the callbacks given to :func:`subscribe` and
redraws. Changes made by another process are found by the sessions themselves (the database's
log sequence, see ``CodingSession.changed_elsewhere``).

Callbacks are held weakly when they are bound methods, so a widget that is garbage-collected
stops listening by itself.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Callable

_LISTENERS: dict[str, list] = {}


@dataclass(frozen=True)
class Change:
    """A saved change: whose codings, in which documents, and which session made it."""

    coder: str
    documents: tuple[str, ...]
    sender: object = field(default=None, compare=False, repr=False)


def _ref(callback: Callable[[Change], None]):
    if hasattr(callback, "__self__") and hasattr(callback, "__func__"):
        return weakref.WeakMethod(callback)
    return lambda: callback


def subscribe(key: str, callback: Callable[[Change], None]) -> Callable[[], None]:
    """Call ``callback(change)`` after every change published under ``key`` (a project
    database path); returns a function that unsubscribes."""
    ref = _ref(callback)
    _LISTENERS.setdefault(key, []).append(ref)

    def unsubscribe() -> None:
        refs = _LISTENERS.get(key, [])
        if ref in refs:
            refs.remove(ref)

    return unsubscribe


def publish(key: str, change: Change) -> None:
    """Tell every listener of ``key`` about ``change`` (dead listeners are dropped)."""
    for ref in list(_LISTENERS.get(key, [])):
        callback = ref()
        if callback is not None:
            callback(change)
    _LISTENERS[key] = [ref for ref in _LISTENERS.get(key, []) if ref() is not None]
