"""Checks on a coding before it is written: known document, offsets in range, known code."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from ..coding.codings import STANCES
from ..errors import ProjectError

ORIGINS = ("rule", "manual", "model")


class CodingChecker:
    """Validates coding values against the stored documents and the latest codebook."""

    def __init__(self, conn: sqlite3.Connection, file: Path) -> None:
        self.conn = conn
        self.file = file
        self._lengths: dict[str, int | None] = {}
        row = conn.execute("SELECT value FROM meta WHERE key = 'codebook_version'").fetchone()
        self.codebook_version = int(row[0]) if row else None
        self.codes = None
        if self.codebook_version is not None:
            self.codes = {r[0] for r in conn.execute(
                "SELECT code FROM codebook_codes WHERE version = ?", (self.codebook_version,))}

    def length(self, document: str) -> int | None:
        if document not in self._lengths:
            row = self.conn.execute("SELECT length(text) FROM documents WHERE document = ?",
                                    (document,)).fetchone()
            self._lengths[document] = row[0] if row else None
        return self._lengths[document]

    def fail(self, problem: str, value, fix: str):
        raise ProjectError(problem, file=self.file, value=value, fix=fix)

    def coding(self, row: dict) -> tuple:
        """``(coder, document, start, end, code, origin, stance, memo)`` checked."""
        coder = str(row.get("coder") or "").strip()
        if not coder:
            self.fail("a coding needs a coder", row, "give coder='name'")
        document = str(row.get("document") or "")
        length = self.length(document)
        if length is None:
            known = [r[0] for r in self.conn.execute("SELECT document FROM documents")]
            self.fail("coding for an unknown document", document,
                      "documents in this project: " + (", ".join(sorted(known)) or "none"))
        try:
            start, end = int(row["start"]), int(row["end"])
        except (KeyError, TypeError, ValueError):
            self.fail("start and end must be whole numbers (character offsets)",
                      (row.get("start"), row.get("end")), "offsets count characters from 0")
        if not 0 <= start < end <= length:
            self.fail(f"offsets out of range for document '{document}' (its text has {length} "
                      "characters)", (start, end), "use 0 <= start < end <= length")
        code = str(row.get("code") or "").strip()
        if not code or (self.codes is not None and code not in self.codes):
            self.fail("unknown code", code, "add it to the codebook or correct the ID")
        stance = row.get("stance") or None
        if stance is not None and stance not in STANCES:
            self.fail("unknown stance", stance, "use positive, negative, mixed or None")
        origin = row.get("origin") or "manual"
        if origin not in ORIGINS:
            self.fail("unknown origin", origin, "use rule, manual or model")
        memo = row.get("memo")
        memo = str(memo) if memo not in (None, "") else None
        return coder, document, start, end, code, origin, stance, memo
