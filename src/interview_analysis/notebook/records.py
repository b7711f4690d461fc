"""What a coding session hands out and takes in: the passage being coded, undoable actions,
and checked coder names and stances."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..coding.codings import FILE_COLUMNS, STANCES
from ..errors import CodingsError

#: The stance choices the coder offers; ``none`` stores no stance.
STANCE_CHOICES = (*STANCES, "none")
_CODER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def check_coder_name(coder: str) -> str:
    """A coder name is also a file name (``codings/<coder>.csv``): letters, digits, ``_ . -``."""
    name = str(coder or "").strip()
    if not _CODER_NAME.match(name):
        raise CodingsError("a coder name must be letters, digits, '_', '.' or '-' (it becomes "
                           "the file name codings/<coder>.csv)", value=coder,
                           fix="e.g. coder='anna' or coder='second-coder'")
    return name


def check_stance(stance: str | None) -> str | None:
    """``positive``, ``negative``, ``mixed``; ``None`` or ``"none"`` for no stance."""
    if stance is None or stance == "none" or stance == "":
        return None
    if stance not in STANCES:
        raise CodingsError("unknown stance", value=stance,
                           fix="use positive, negative, mixed, or none for no stance")
    return stance


@dataclass(frozen=True)
class Action:
    """One change the session made, with what it takes to undo and redo it.

    ``kind`` is ``apply`` (``after`` added), ``update`` (each coding of ``before`` became the
    one of ``after``), ``remove`` (``before`` removed) or ``reject`` (no coding changed).
    ``decisions`` are the review decisions (accepted or rejected suggestions) the change made;
    undoing it withdraws them, so the suggestions are offered again.
    """

    kind: str
    passage_id: str
    before: tuple[dict, ...] = ()
    after: tuple[dict, ...] = ()
    decisions: tuple[dict, ...] = ()

    def describe(self) -> str:
        rows = self.after or self.before or self.decisions
        codes = ", ".join(dict.fromkeys(r["code"] for r in rows))
        if self.decisions:
            verb = "rejected" if self.kind == "reject" else "accepted"
            kinds = ", ".join(dict.fromkeys(d["kind"] for d in self.decisions))
            return f"{verb} the {kinds} suggestion {codes} on {self.passage_id}"
        verb = {"apply": "applied", "update": "changed", "remove": "removed"}[self.kind]
        return f"{verb} {codes} on {self.passage_id}"


@dataclass
class PassageView:
    """The passage being coded, with its neighbours, this coder's codings and the rule matches.

    Displays in a notebook as the passage with coded spans in code colours and rule matches
    underlined.
    """

    passage_id: str
    document: str
    case: str
    speaker: str | None
    role: str
    start: int
    end: int
    text: str
    position: int
    total: int
    previous: dict | None
    next: dict | None
    codings: pd.DataFrame
    suggestions: pd.DataFrame
    html: str = field(default="", repr=False)

    def _repr_html_(self) -> str:
        return self.html


def clean_row(row: dict) -> dict:
    """A coding as ``FILE_COLUMNS`` with whole-number offsets and ``None`` for no stance/memo."""
    out = {k: row[k] for k in FILE_COLUMNS}
    out["start"], out["end"] = int(out["start"]), int(out["end"])
    for k in ("stance", "memo"):
        if isinstance(out[k], float) or out[k] == "":
            out[k] = None
    return out


def span_offsets(p: pd.Series, span) -> tuple[int, int]:
    """Document offsets of ``span`` in passage ``p`` (a passages-table row): the whole
    passage for ``None``, the first occurrence of the words for a string, or ``(start, end)``
    offsets counted from the passage start."""
    start, text = int(p["start"]), str(p["text"])
    if span is None:
        return start, int(p["end"])
    if isinstance(span, str):
        at = text.find(span)
        if not span.strip() or at < 0:
            raise CodingsError(f"these words are not in passage {p['passage_id']}",
                               value=span, fix="copy the words exactly from the passage, or "
                                               "give offsets (start, end) within it")
        return start + at, start + at + len(span)
    try:
        a, b = (int(x) for x in span)
    except (TypeError, ValueError):
        raise CodingsError("a span is the passage's words or (start, end) offsets",
                           value=span, fix="e.g. span='sähköposti' or span=(0, 42)") from None
    if not 0 <= a < b <= len(text):
        raise CodingsError(f"span out of range: passage {p['passage_id']} has {len(text)} "
                           "characters", value=span,
                           fix="offsets count from the start of the passage; end exclusive")
    return start + a, start + b
