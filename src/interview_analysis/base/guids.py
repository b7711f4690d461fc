"""Stable REFI-QDA GUIDs: the same study exported twice gives the same GUIDs.

A GUID is ``uuid5(NAMESPACE, key)`` where the key names the thing by its path in the study,
e.g. ``code:channels/email``, ``source:H1``, ``user:anna``,
``coding:H1:120:180:channels/email:anna``. Free-text parts (document and coder names) have
``%`` and ``:`` percent-encoded so that two different things never share a key.
"""
from __future__ import annotations

import re
import uuid

#: Fixed namespace of interview-analysis exports (uuid5 of a URL; never change it).
NAMESPACE = uuid.UUID("6ba83d0f-6812-58b7-ad51-6bb8a9ed7d00")
_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12})\}?$")


def _part(value: object) -> str:
    return str(value).replace("%", "%25").replace(":", "%3A")


def guid(kind: str, *parts: object) -> str:
    """The GUID of ``kind`` named by ``parts``, e.g. ``guid("code", "channels/email")``."""
    key = ":".join([kind, *(_part(p) for p in parts)])
    return str(uuid.uuid5(NAMESPACE, key))


def coding_key(document: str, start: int, end: int, code: str, coder: str) -> tuple:
    return (document, int(start), int(end), code, coder)


def normalise_guid(value: str | None) -> str | None:
    """Lower-case GUID without braces (how GUIDs are compared on import), or ``None``.

    Values that are not GUIDs (some tools write other identifiers) are returned stripped and
    lower-cased, so that references to them still match.
    """
    if value is None:
        return None
    value = value.strip()
    match = _GUID.match(value)
    return (match.group(1) if match else value).lower()
