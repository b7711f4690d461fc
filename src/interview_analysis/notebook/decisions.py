"""Review decisions: which suggestions a coder accepted, changed or rejected.

They are kept in ``.interview-analysis/review/<coder>.json`` beside the project database, so a
rejected suggestion is not offered again after a restart, and review mode can say how many
suggestions have been reviewed.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..base.atomic import write_text
from ..errors import CodingsError


class Decisions:
    """The suggestions a coder accepted or rejected, in ``.interview-analysis/review/<coder>.json``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._data: dict[str, dict] = self._read()

    def _read(self) -> dict[str, dict]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {d["key"]: d for d in data["decisions"]}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CodingsError(f"the review decisions cannot be read ({exc})", file=self.path,
                               fix="move the file away: only the record of reviewed "
                                   "suggestions is lost, never a coding") from None

    def get(self, key: str) -> str | None:
        """``accepted``, ``changed``, ``rejected`` or ``None`` (not reviewed)."""
        entry = self._data.get(key)
        return entry["decision"] if entry else None

    def count(self, document: str) -> int:
        """How many suggestions in ``document`` have been reviewed."""
        return sum(1 for d in self._data.values() if d["document"] == document)

    def record(self, decisions) -> None:
        self._data.update((d["key"], dict(d)) for d in decisions)
        self._save()

    def withdraw(self, decisions) -> None:
        for d in decisions:
            self._data.pop(d["key"], None)
        self._save()

    def _save(self) -> None:
        rows = sorted(self._data.values(), key=lambda d: d["key"])
        write_text(self.path, json.dumps({"decisions": rows}, ensure_ascii=False, indent=1))


def decision(suggestion, verdict: str) -> dict:
    """The record of a decision on ``suggestion`` (``accepted``, ``changed``, ``rejected``)."""
    return {"key": suggestion.key, "kind": suggestion.kind, "document": suggestion.document,
            "code": suggestion.code, "decision": verdict}
