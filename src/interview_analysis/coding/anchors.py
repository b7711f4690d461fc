"""Carry coded spans across an edit of their transcript (re-anchoring).

A coding points into its document by character offsets. When a transcript is corrected (a
typo, a name replaced by a pseudonym, a paragraph deleted), :func:`reanchor_spans` moves every
span to where its words are in the new text, using the alignment of the two versions
(:mod:`interview_analysis.base.textdiff`):

* ``kept`` — its characters are all still there: the span lands on exactly the same words;
* ``edited`` — some of its words were changed: the span covers what stands there now and
  needs a look;
* ``lost`` — all of its words were deleted: it is listed, and left out of the codings.

Examples
--------
>>> from interview_analysis.base.textdiff import align
>>> spans = pd.DataFrame({"document": ["H1"], "start": [6], "end": [13],
...                       "code": ["channels"], "stance": [None], "memo": [None]})
>>> moved, report = reanchor_spans(spans, {"H1": align("Mitkä kanavat?", "Mitkäs kanavat?")})
>>> moved[["start", "end"]].values.tolist(), report["status"].tolist()
([[7, 14]], ['kept'])
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

import pandas as pd

from ..base.textdiff import EDITED, KEPT, LOST, Alignment

STATUSES = (KEPT, EDITED, LOST)
_WORDS = re.compile(r"\w+|\W+")
#: Columns of the report :func:`reanchor_spans` returns (plus any ``coder``, ``line``).
REPORT_COLUMNS = ["document", "code", "start", "end", "new_start", "new_end", "status",
                  "old_words", "new_words"]


def reanchor_spans(spans: pd.DataFrame, alignments: dict[str, Alignment]
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(spans at their new offsets, report)`` for ``spans`` of the documents in
    ``alignments`` (``{document: Alignment}``); spans of other documents are unchanged.

    Lost spans are left out of the first table; the report has one row per span of an
    aligned document (:data:`REPORT_COLUMNS`, with the span's ``coder`` and ``line`` when the
    table has them).
    """
    if spans.empty or not alignments:
        return spans, pd.DataFrame(columns=REPORT_COLUMNS)
    out = spans.copy()
    keep = [True] * len(out)
    rows = []
    extra = [c for c in ("coder", "line", "id") if c in out.columns]
    for k, row in enumerate(out.to_dict("records")):
        alignment = alignments.get(row["document"])
        if alignment is None:
            continue
        start, end = int(row["start"]), int(row["end"])
        mapped = alignment.map_span(start, end)
        rows.append({"document": row["document"], "code": row["code"], "start": start,
                     "end": end, "new_start": mapped.start, "new_end": mapped.end,
                     "status": mapped.status, "old_words": alignment.old[start:end],
                     "new_words": alignment.new[mapped.start:mapped.end],
                     **{c: row[c] for c in extra}})
        if mapped.status == LOST:
            keep[k] = False
        else:
            out.iat[k, out.columns.get_loc("start")] = mapped.start
            out.iat[k, out.columns.get_loc("end")] = mapped.end
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS + extra)
    return out[keep].reset_index(drop=True), report


def changed_only(report: pd.DataFrame) -> pd.DataFrame:
    """The rows of a report whose coding changes: moved, edited or lost."""
    if report.empty:
        return report
    same = (report["status"] == KEPT) & (report["start"] == report["new_start"]) & \
        (report["end"] == report["new_end"])
    return report[~same].reset_index(drop=True)


def summary(report: pd.DataFrame) -> str:
    """``'50 kept their words, 2 touch edited words, 1 lost its words'`` (non-zero parts)."""
    counts = report["status"].value_counts() if len(report) else {}
    parts = [(KEPT, "kept their words", "kept its words"),
             (EDITED, "touch edited words", "touches edited words"),
             (LOST, "lost their words (deleted)", "lost its words (deleted)")]
    out = []
    for status, many, one in parts:
        n = int(counts.get(status, 0))
        if n:
            out.append(f"{n} {one if n == 1 else many}")
    return ", ".join(out) or "no codings"


def _first_edit(old: str, new: str, context: int = 2) -> tuple[str, str, int]:
    """The first words where ``old`` and ``new`` differ, with a word or two of context, and
    how many places differ."""
    a, b = _WORDS.findall(old[:20_000]), _WORDS.findall(new[:20_000])
    edits = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
             if op[0] != "equal"]
    if not edits:
        return old, new, 0
    _, i1, i2, j1, j2 = edits[0]
    return ("".join(a[max(0, i1 - context):i2 + context]).strip(),
            "".join(b[max(0, j1 - context):j2 + context]).strip(), len(edits))


def describe(row: dict, limit: int = 60) -> str:
    """One line for a span that needs a look: where it was, where it is, what changed."""
    def short(text: str) -> str:
        text = " ".join(str(text).split())
        return text if len(text) <= limit else text[:limit - 1] + "…"
    where = f"{row['document']} {row['start']}-{row['end']} {row['code']}"
    if row["status"] == LOST:
        return f"{where}: its words were deleted ('{short(row['old_words'])}')"
    was, now, count = _first_edit(str(row["old_words"]), str(row["new_words"]))
    more = f" (and {count - 1} more edits)" if count > 1 else ""
    return f"{where} -> {row['new_start']}-{row['new_end']}: '…{short(was)}…' is now " \
           f"'…{short(now)}…'{more}"
