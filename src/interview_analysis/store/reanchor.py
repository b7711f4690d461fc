"""Move codings onto the new text of an edited transcript, in the database and the CSV files.

``interview-analysis sync`` notices a transcript whose text differs from the one its codings
were made on. :func:`stale_codings` works out, without writing, where each of those codings
would go (:mod:`interview_analysis.coding.anchors`); ``sync`` stops with that summary unless
``--reanchor`` (:func:`reanchor`) or ``--accept-changed`` is given — or unless every coding
keeps its words at the same offsets (an edit after the last coded passage), when the new text
is simply recorded.

:func:`reanchor` moves them, inside the sync's transaction: the database's codings (each move
logged in ``coding_log`` as an update, each lost coding as a removal) and the codings files of
the coders being synced (rewritten). Every move, with its old and new words, is recorded in
the append-only ``reanchored`` table; the earlier text stays in ``texts``. Re-anchoring is
not a change of either side: a coder whose CSV and database were in step stays in step.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import pandas as pd

from ..base.textdiff import align
from ..coding.anchors import (
    KEPT,
    LOST,
    REPORT_COLUMNS,
    changed_only,
    describe,
    reanchor_spans,
    summary,
)
from ..study.anchoring import StoredTexts, file_sha256, read_coder_codings
from .database import now
from .register import changed_error, set_text

COLUMNS = ["coder", "place", *REPORT_COLUMNS]


def _database_report(conn, held: dict[str, str], texts: dict[str, str]) -> pd.DataFrame:
    """Where the database's codings in the changed documents would go."""
    stored = StoredTexts(conn)
    frames = []
    for doc, sha in held.items():
        spans = pd.DataFrame([dict(r) for r in conn.execute(
            'SELECT id, coder, document, start, "end", code FROM codings WHERE document = ? '
            "ORDER BY id", (doc,))], columns=["id", "coder", "document", "start", "end", "code"])
        if spans.empty:
            continue
        _, report = reanchor_spans(spans, {doc: align(stored.text(sha), texts[doc])})
        frames.append(report.assign(place="database"))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)


def _csv_report(store, conn, coders, texts) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Where each coder's CSV rows in edited transcripts would go, and the moved spans."""
    from .csvsync import csv_path
    stored, frames, spans_of = StoredTexts(conn), [], {}
    for coder in coders:
        path = csv_path(store, coder)
        if not path.is_file():
            continue
        spans, report = read_coder_codings(path, coder, texts, None, stored)
        if len(report):
            frames.append(report.assign(coder=coder, place="csv"))
            spans_of[coder] = spans
    report = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    return report, spans_of


def stale_codings(store, conn, study, held: dict[str, str], coders) -> pd.DataFrame:
    """Every coding (database, and the CSVs of ``coders``) that an edit of its transcript
    would move, edit or lose (:data:`COLUMNS`); nothing is written."""
    texts = {d: t.text for d, t in study.transcripts.items()}
    report = pd.concat([_database_report(conn, held, texts),
                        _csv_report(store, conn, coders, texts)[0]], ignore_index=True)
    return changed_only(report)[COLUMNS] if len(report) else pd.DataFrame(columns=COLUMNS)


def refuse(report: pd.DataFrame, study, file) -> None:
    """Stop a sync whose codings would move: one message with what would happen."""
    distinct = report.drop_duplicates(["coder", "document", "code", "start", "end"])
    docs = list(dict.fromkeys(distinct["document"]))
    source = study.transcripts[docs[0]].source if len(docs) == 1 else None
    raise changed_error(docs, len(distinct), source or file, summary(distinct))


@dataclass
class Reanchored:
    """What re-anchoring did (printed by ``sync --reanchor``)."""

    report: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS))
    documents: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        rows = self.report.sort_values("place").drop_duplicates(
            ["coder", "document", "code", "start", "end"])
        head = (f"re-anchored {len(rows)} codings to the edited text of "
                + ", ".join(self.documents) + f": {summary(rows)}")
        lines = [head]
        for row in rows[rows["status"] != KEPT].to_dict("records"):
            word = "lost" if row["status"] == LOST else "check"
            lines.append(f"  {word}: {row['coder']}: {describe(row)}")
        lines.append("  every move is recorded in the project database (the coding log and "
                     "the table 'reanchored')")
        return "\n".join(lines)


def reanchor(store, conn, study, held: dict[str, str], coders) -> Reanchored:
    """Move the database's codings in the changed documents ``held`` (``{document: old
    SHA-256}``) onto their new text and record the new text (see the module docstring).

    The codings files are not written here: this transaction commits first, with each file
    of ``coders`` still pointing into the earlier text for as long as its content is what
    it is now; the sync that follows rewrites them. A kill in between leaves every file read
    the right way, whichever version of it is on disk. Returns what moved.
    """
    from .csvsync import csv_path
    texts = {d: t.text for d, t in study.transcripts.items()}
    conn.execute("UPDATE change_context SET source = ? WHERE id = 1",
                 ("reanchor:" + ",".join(held),))
    database = changed_only(_database_report(conn, held, texts))
    csv_report = _csv_report(store, conn, coders, texts)[0]
    for doc in held:
        set_text(conn, study, doc, texts[doc])  # keeps the old text, pins the CSV files
    for coder in coders:
        conn.execute("UPDATE csv_anchors SET csv_sha256 = ? WHERE coder = ? AND csv_sha256 IS "
                     "NULL", (file_sha256(csv_path(store, coder)), coder))
    _move_database_codings(conn, database)
    report = pd.concat([database, changed_only(csv_report)], ignore_index=True)
    _record(conn, store, report, held, texts)
    return Reanchored(report[COLUMNS] if len(report) else report, list(held))


def _move_database_codings(conn, moves: pd.DataFrame) -> None:
    """Apply the moves; rows moving right go first from the end, then rows moving left from
    the start, so that no coding lands on another's place before that one has moved on."""
    if moves.empty:
        return
    moves = moves.assign(shift=moves["new_start"] - moves["start"])
    right = moves[moves["shift"] > 0].sort_values("start", ascending=False)
    rest = moves[moves["shift"] <= 0].sort_values("start")
    stamp = now()
    for row in pd.concat([right, rest]).to_dict("records"):
        if row["status"] == LOST:
            conn.execute("DELETE FROM codings WHERE id = ?", (int(row["id"]),))
            continue
        try:
            conn.execute('UPDATE codings SET start = ?, "end" = ?, updated_at = ? WHERE id = ?',
                         (int(row["new_start"]), int(row["new_end"]), stamp, int(row["id"])))
        except sqlite3.IntegrityError:  # now the same span and code as another coding
            conn.execute("DELETE FROM codings WHERE id = ?", (int(row["id"]),))


def _record(conn, store, report: pd.DataFrame, held: dict[str, str], texts) -> None:
    from .register import sha256_text
    rows = [(now(), store.actor, r["coder"], r["document"], r["code"], int(r["start"]),
             int(r["end"]), None if r["status"] == LOST else int(r["new_start"]),
             None if r["status"] == LOST else int(r["new_end"]), r["status"], r["old_words"],
             r["new_words"], held.get(r["document"], ""), sha256_text(texts[r["document"]]),
             r["place"]) for r in report.to_dict("records")]
    conn.executemany(
        "INSERT INTO reanchored (at, who, coder, document, code, old_start, old_end, new_start, "
        "new_end, status, old_words, new_words, old_sha256, new_sha256, place) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
