"""Suggestions: rule matches of a passage, suggestions to review, and the codebook as a list.

* :func:`rule_suggestions`: the codebook rules that matched one passage, as a table.
* :class:`Suggestion`: a suggested code (``rule``: the codebook's rules matched the passage;
  ``model``: a model learned from the coder's own codings ranks it high) or stance (``stance``:
  the automatic stance of one of the coder's codings that has none), to accept or reject in the
  coding widget's review mode.
* :func:`code_list`: the codebook as a filterable list for a code picker.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

import pandas as pd

from ..coding.stance import StanceSuggester
from ..errors import CodingsError

SUGGESTION_COLUMNS = ["code", "label", "matched", "reason", "coded", "colour", "spans"]


def rule_suggestions(hits: pd.DataFrame, text: str, codebook, coded: set[str], lang: str
                     ) -> pd.DataFrame:
    """The rule codings ``hits`` of one passage as suggestions (see
    :meth:`~interview_analysis.notebook.CodingSession.suggestions`)."""
    rows = []
    for code, matched in zip(hits["code"], hits["matched"].fillna("")):
        words = [w for w in str(matched).split("; ") if w]
        plain = [w for w in words if not w.startswith("Q: ")]  # "Q:" words are the question's
        rows.append({"code": code, "label": codebook.label(code, lang),
                     "matched": ", ".join(words),
                     "reason": "rule" if plain or not words else "question",
                     "coded": code in coded, "colour": codebook.colour_of(code),
                     "spans": word_spans(text, plain)})
    return pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)


def word_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Offsets of each whole-word, case-insensitive occurrence of ``words`` in ``text``."""
    spans: set[tuple[int, int]] = set()
    for word in words:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        spans.update(m.span() for m in pattern.finditer(text))
    return sorted(spans)


def code_list(codebook, query: str = "", lang: str = "en") -> pd.DataFrame:
    """The codebook as a flat list for a picker, filtered by ``query`` (ID or any label);
    ancestors of a matching code stay in the list so the hierarchy stays readable."""
    q = query.strip().casefold()
    matches = {c.id for c in codebook
               if not q or q in c.id.casefold()
               or any(q in str(v).casefold() for v in c.labels.values())}
    keep = set(matches)
    for code_id in matches:
        parts = code_id.split("/")
        keep.update("/".join(parts[:i]) for i in range(1, len(parts)))
    rows = [{"code": c.id, "depth": c.id.count("/"), "label": c.label(lang),
             "matches": c.id in matches} for c in codebook if c.id in keep]
    return pd.DataFrame(rows, columns=["code", "depth", "label", "matches"])


#: Suggestion kinds, in the order review mode offers them within a span.
KINDS = ("rule", "model", "stance")


@lru_cache(maxsize=8)
def _stance_suggester(lang: str) -> StanceSuggester:
    return StanceSuggester(lang)


@lru_cache(maxsize=20_000)
def automatic_stance(text: str, lang: str, code: str | None = None) -> str | None:
    """The automatic stance of coded ``text`` (``positive``, ``negative``, ``mixed`` or
    ``None``): the one call into :mod:`interview_analysis.coding.stance`, so a new stance API
    is plugged in here and nowhere else. ``code`` is passed on for code-aware suggesters."""
    return _stance_suggester(lang).cue_stance(text)


@dataclass(frozen=True)
class Suggestion:
    """A suggested code (``rule``, ``model``) or stance (``stance``) for a span of a document."""

    kind: str
    document: str
    start: int
    end: int
    code: str
    stance: str | None = None
    score: float | None = None
    note: str = ""
    passage_id: str = ""

    @property
    def key(self) -> str:
        """Identifies the suggestion across sessions (its decision is kept under this key)."""
        return f"{self.kind}|{self.document}|{self.start}|{self.end}|{self.code}"

    def to_json(self) -> dict:
        """The suggestion as the widget's front end takes it."""
        return {**asdict(self), "key": self.key}


def check_kinds(kinds) -> tuple[str, ...]:
    """The suggestion kinds asked for, checked (a string is one kind)."""
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds or ())
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise CodingsError("unknown kind of suggestion", value=unknown,
                           fix="use any of 'rule', 'model', 'stance'")
    return kinds


def _overlaps(rows: list[dict], start: int, end: int, code: str) -> bool:
    return any(r["code"] == code and r["start"] < end and r["end"] > start for r in rows)


def passage_suggestions(kind: str, hits: pd.DataFrame, note_column: str) -> list[Suggestion]:
    """Rule codings or model suggestions of one document (with passage ``start``/``end``) as
    suggestions of ``kind``."""
    out = []
    for r in hits.to_dict("records"):
        score = None if kind == "rule" else float(r["score"])
        out.append(Suggestion(kind, str(r["document"]), int(r["start"]), int(r["end"]),
                              str(r["code"]), score=score, note=str(r.get(note_column) or ""),
                              passage_id=str(r["passage_id"])))
    return out


def stance_suggestions(rows: list[dict], text: str, lang: str) -> list[Suggestion]:
    """Automatic stances for the codings ``rows`` (of one document) that have none."""
    out = []
    for r in rows:
        if r["stance"]:
            continue
        stance = automatic_stance(text[r["start"]:r["end"]], lang, r["code"])
        if stance:
            out.append(Suggestion("stance", r["document"], int(r["start"]), int(r["end"]),
                                  r["code"], stance=stance, note="stance cues in the text"))
    return out


def pending(candidates: list[Suggestion], coded: list[dict], decided) -> list[Suggestion]:
    """The suggestions still to review, in text order: not decided (``decided(key)`` is
    ``None``) and, for a code, not already given by the coder to an overlapping span."""
    keep = [s for s in candidates if decided(s.key) is None
            and (s.kind == "stance" or not _overlaps(coded, s.start, s.end, s.code))]
    return sorted(keep, key=lambda s: (s.start, KINDS.index(s.kind), s.end, s.code))
