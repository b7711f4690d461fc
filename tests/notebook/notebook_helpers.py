"""Helpers shared by the notebook tests."""
from __future__ import annotations

from pathlib import Path

HEADER = "document,start,end,code,stance,memo"


def csv_rows(study_root: Path, coder: str = "anna") -> list[str]:
    """The data lines of ``codings/<coder>.csv`` (empty when the file does not exist)."""
    path = Path(study_root) / "codings" / f"{coder}.csv"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER
    return lines[1:]
