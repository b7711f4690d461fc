"""What a coding sheet does to a coder's codings: row by row, against what was exported.

Each row of a coder's sheet carries the ``id`` of the coding it showed when the sheet was
exported; the hidden ``_baseline`` sheet has that coding as exported. So, for each coder:

* a row whose cells equal its baseline is **unchanged**: the coding stays exactly as the
  codings file has it (memos, characters a cell cannot hold, all);
* a row whose cells differ is **changed**: only the fields edited in the sheet change;
* a baseline coding whose row is gone was **removed** in the sheet;
* a row without an ``id`` (or with one seen before) was **added**.

These edits are applied to the codings file as it is now, so codings added to it after the
export (in the notebook, by another import) are kept: a three-way merge. A sheet without a
baseline (format 1) is the coder's whole set of codings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


_EXAMPLES = 5


@dataclass
class CodingChanges:
    """What an import does to one coder's ``codings/<coder>.csv``."""

    coder: str
    file: Path
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    total: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def destructive(self) -> bool:
        """Changes or removals of codings the file holds (they need ``overwrite``)."""
        return bool(self.changed or self.removed)

    def counts(self) -> str:
        return (f"{len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.removed)} removed")

    def lines(self) -> list[str]:
        if not self.any:
            return [f"  {self.coder}: unchanged ({self.total} codings in {self.file.name})"]
        out = [f"  {self.coder}: {self.counts()} ({self.total} codings in {self.file.name})"]
        for sign, items in (("+", self.added), ("~", self.changed), ("-", self.removed)):
            out += [f"    {sign} {item}" for item in items[:_EXAMPLES]]
            if len(items) > _EXAMPLES:
                out.append(f"    {sign} ... and {len(items) - _EXAMPLES} more")
        return out


def _key(coding: dict | tuple) -> tuple:
    if isinstance(coding, dict):
        return coding["document"], int(coding["start"]), int(coding["end"]), coding["code"]
    return coding[0], coding[1], coding[2], coding[3]


def _label(key: tuple) -> str:
    return f"{key[0]} {key[1]}-{key[2]} {key[3]}"


class Merge:
    """Apply one coder's sheet rows to the coder's current codings (see the module)."""

    def __init__(self, coder: str, file: Path, current: pd.DataFrame) -> None:
        self.changes = CodingChanges(coder, file)
        current = current.astype(object).where(current.notna(), None)
        self.current = {_key(r): (r["stance"], r["memo"]) for r in current.to_dict("records")}
        self.result = dict(self.current)

    def unchanged(self, number: int, baseline: tuple) -> None:
        """A row as exported: nothing to do (a coding deleted from the file meanwhile stays
        deleted; a file that is gone or empty gets it back)."""
        if not self.current and _key(baseline) not in self.result:
            self.result[_key(baseline)] = baseline[4:]
            self._note("added", number, _label(_key(baseline)), None, _key(baseline))

    def edit(self, number: int, baseline: tuple, coding: dict) -> None:
        """A row whose cells differ from what was exported."""
        old_key, new_key = _key(baseline), _key(coding)
        now = self.result.pop(old_key, None)
        exported = baseline[4:]
        stance = coding["stance"] if coding["stance"] != exported[0] or now is None else now[0]
        memo = coding["memo"] if coding["memo"] != exported[1] or now is None else now[1]
        self.result[new_key] = (stance, memo)
        what = []
        if old_key != new_key:
            what.append(f"{_label(old_key)} -> {_label(new_key)}")
        if stance != (now or exported)[0]:
            what.append(f"stance {(now or exported)[0] or '(none)'} -> {stance or '(none)'}")
        if memo != (now or exported)[1]:
            what.append("memo edited")
        self._note("changed", number, ", ".join(what) or _label(new_key), old_key, new_key)

    def add(self, number: int, coding: dict) -> None:
        key = _key(coding)
        before = self.result.get(key)
        self.result[key] = (coding["stance"], coding["memo"])
        if before is None:
            self._note("added", number, _label(key), None, key)
        elif before != self.result[key]:
            self._note("changed", number, f"{_label(key)}: stance or memo", key, key)

    def remove(self, baseline: tuple) -> None:
        if self.result.pop(_key(baseline), None) is not None:
            self._note("removed", None, _label(_key(baseline)), _key(baseline), None)

    def replace_all(self, codings: list[dict]) -> None:
        """The coder's codings become ``codings`` (a sheet without a baseline)."""
        self.result = {_key(c): (c["stance"], c["memo"]) for c in codings}
        for key in self.result.keys() - self.current.keys():
            self.changes.added.append(_label(key))
        for key in self.current.keys() - self.result.keys():
            self.changes.removed.append(_label(key))
        for key in self.current.keys() & self.result.keys():
            if self.current[key] != self.result[key]:
                self.changes.changed.append(f"{_label(key)}: stance or memo")

    def _note(self, kind: str, number: int | None, text: str, old, new) -> None:
        if old is not None and new is not None and old == new and \
                self.current.get(old) == self.result.get(new):
            return  # edited back to what the file already holds
        where = f"row {number}: " if number is not None else ""
        getattr(self.changes, kind).append(where + text)

    def frame(self) -> pd.DataFrame:
        """The coder's codings after the merge (``document,start,end,code,stance,memo``)."""
        rows = [{"document": k[0], "start": k[1], "end": k[2], "code": k[3], "stance": v[0],
                 "memo": v[1]} for k, v in self.result.items()]
        self.changes.total = len(rows)
        return pd.DataFrame(rows, columns=["document", "start", "end", "code", "stance",
                                           "memo"])

    @property
    def differs(self) -> bool:
        return self.result != self.current

