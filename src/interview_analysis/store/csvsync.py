"""Keep ``codings/<coder>.csv`` and the project database in step, and refuse to guess.

The conflict rule
-----------------
At every sync the database remembers, per coder, the SHA-256 of the CSV file and the last
coding-log entry. At the next sync:

* the **CSV changed** when its hash differs from the remembered one;
* the **database changed** when the coder has log entries after the remembered one.

=================  ===================  =================================================
CSV changed        database changed     what happens
=================  ===================  =================================================
no                 no                   nothing
yes                no                   the CSV is the source of truth: its rows replace
                                        the coder's codings (each add, update and remove
                                        is logged)
no                 yes                  the database is written to the CSV
yes                yes                  :class:`ProjectError` naming the coder and both
                                        sides, unless they hold the same codings; choose
                                        with ``prefer="csv"`` or ``prefer="db"``
=================  ===================  =================================================

``prefer="csv"`` or ``prefer="db"`` makes that side win whenever the two sides differ and
either changed. A CSV that is missing is never a source of truth (a deleted file does not delete codings): the
database is written to it. Before the first sync a CSV counts as changed when it exists, and
the database when it has codings for the coder. The check and the write happen while holding
the database's write lock, so no other process can slip a change in between.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..coding.codings import FILE_COLUMNS, check_coder_name, write_codings_file
from ..errors import ProjectError
from ..study.anchoring import StoredTexts, read_coder_codings
from .database import now
from .register import changed_error

PREFER = ("csv", "db")


@dataclass
class SyncResult:
    """What a sync did: ``direction`` is ``csv->db``, ``db->csv`` or ``none``."""

    coder: str
    direction: str
    added: int = 0
    updated: int = 0
    removed: int = 0
    file: Path | None = None

    def __str__(self) -> str:
        if self.direction == "none":
            return f"{self.coder}: already in sync"
        if self.direction == "db->csv":
            return f"{self.coder}: wrote the database's codings to {self.file}"
        return (f"{self.coder}: {self.file} -> database: {self.added} added, "
                f"{self.updated} updated, {self.removed} removed")


def csv_path(store, coder: str) -> Path:
    """``codings/<coder>.csv`` of the store's study (the folder ``study.yaml`` names)."""
    check_coder_name(coder, ProjectError, where="coder")
    folder = store.meta("codings_dir")
    if folder is None:
        if store.root is None:
            raise ProjectError("this database does not know its study folder", file=store.file,
                               fix="open it with ProjectStore.open(study)")
        folder = Path(store.root) / "codings"
    return Path(folder) / f"{coder}.csv"


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


class _State:
    """The remembered and the current state of one coder's CSV and database codings."""

    def __init__(self, conn, coder: str, path: Path) -> None:
        self.path = path
        self.file_hash = _file_hash(path)
        row = conn.execute("SELECT csv_sha256, log_seq FROM sync_state WHERE coder = ?",
                           (coder,)).fetchone()
        self.db_seq = conn.execute("SELECT coalesce(max(seq), 0) FROM coding_log "
                                   "WHERE coder = ?", (coder,)).fetchone()[0]
        self.first = row is None
        if row is None:
            self.csv_changed = self.file_hash is not None
            self.db_changed = conn.execute("SELECT 1 FROM codings WHERE coder = ? LIMIT 1",
                                           (coder,)).fetchone() is not None
        else:
            self.csv_changed = self.file_hash is not None and self.file_hash != row[0]
            self.db_changed = self.db_seq > row[1]

    def save(self, conn, coder: str) -> None:
        mtime = self.path.stat().st_mtime_ns if self.path.exists() else None
        conn.execute("INSERT OR REPLACE INTO sync_state (coder, csv_sha256, csv_mtime_ns, "
                     "log_seq, synced_at) VALUES (?, ?, ?, ?, ?)",
                     (coder, _file_hash(self.path), mtime, self.db_seq, now()))


def _conflict(store, coder: str, state: _State) -> ProjectError:
    return ProjectError(
        f"coder '{coder}' has changes on both sides since the last sync: the CSV file was "
        f"edited and the database has new changes (log entry {state.db_seq})",
        file=state.path, where=f"database {store.file}",
        fix="choose which side wins: sync with prefer='csv' (CLI: --prefer csv) to take the "
            "CSV, or prefer='db' (--prefer db) to overwrite the CSV; the other side's changes "
            "stay visible in store.log()")


def _csv_spans(store, conn, path: Path, coder: str, allow_moves: bool = False) -> pd.DataFrame:
    """The CSV's rows at today's offsets, validated against the texts they point into; a
    file that still points into an earlier text of a transcript stops the sync unless
    ``allow_moves`` (``sync --reanchor``)."""
    texts = {r[0]: r[1] for r in conn.execute("SELECT document, text FROM documents")}
    row = conn.execute("SELECT value FROM meta WHERE key = 'codebook_version'").fetchone()
    codes = None
    if row is not None:
        codes = {r[0] for r in conn.execute("SELECT code FROM codebook_codes WHERE version = ?",
                                            (int(row[0]),))}
    spans, moved = read_coder_codings(path, coder, texts, codes, StoredTexts(conn))
    if len(moved) and not allow_moves:
        docs = list(dict.fromkeys(moved["document"]))
        raise changed_error(docs, len(moved), path)
    return spans


def _has_moves(store, conn, path: Path, coder: str) -> bool:
    texts = {r[0]: r[1] for r in conn.execute("SELECT document, text FROM documents")}
    return len(read_coder_codings(path, coder, texts, None, StoredTexts(conn))[1]) > 0


def _key(row) -> tuple:
    return (row["document"], int(row["start"]), int(row["end"]), row["code"])


def _values(frame: pd.DataFrame) -> dict[tuple, tuple]:
    frame = frame.astype(object).where(frame.notna(), None)
    return {_key(r): (r["stance"] or None, r["memo"] or None)
            for r in frame.to_dict("records")}


def _apply_csv(store, conn, coder: str, spans: pd.DataFrame, result: SyncResult) -> None:
    wanted = _values(spans)
    current = store.spans(coder)
    have = {_key(r): r for r in current.astype(object).where(current.notna(), None)
            .to_dict("records")}
    for key in sorted(set(have) - set(wanted)):
        store.remove_coding(have[key]["id"])
        result.removed += 1
    for key in sorted(set(wanted) & set(have)):
        stance, memo = wanted[key]
        if (have[key]["stance"], have[key]["memo"]) != (stance, memo):
            store.update_coding(have[key]["id"], stance=stance, memo=memo)
            result.updated += 1
    new = [dict(zip(("document", "start", "end", "code"), key), stance=wanted[key][0],
                memo=wanted[key][1]) for key in sorted(set(wanted) - set(have))]
    store.add_codings(new, coder=coder)
    result.added += len(new)


def _write_csv(store, coder: str, path: Path) -> None:
    spans = store.spans(coder)[FILE_COLUMNS]
    write_codings_file(spans, path)
    store._conn.execute("DELETE FROM csv_anchors WHERE coder = ?", (coder,))


def sync(store, coder: str, prefer: str | None = None, direction: str | None = None,
         state: "_State | None" = None, rewrite_moved: bool = False) -> SyncResult:
    """Sync one coder's CSV and database codings by the conflict rule (module docstring).

    ``direction`` (``"from_csv"`` or ``"to_csv"``) restricts what may happen: a sync that
    would go the other way does nothing (from_csv) or raises (to_csv would lose CSV edits).
    ``state`` is what changed, when the caller found it out first; ``rewrite_moved`` takes a
    CSV that still points into an earlier text of a transcript at today's offsets and writes
    it again at those (the second step of ``sync --reanchor``).
    """
    if prefer not in (None, *PREFER):
        raise ProjectError("unknown side to prefer", value=prefer, fix="use 'csv' or 'db'")
    path = csv_path(store, coder)
    with store.transaction(f"csv:{path}") as conn:
        if state is None:
            state = _State(conn, coder, path)
        moved = rewrite_moved and path.is_file() and _has_moves(store, conn, path, coder)
        result = SyncResult(coder, "none", file=path)
        take = _decide(store, conn, coder, state, prefer)
        if take == "csv" and direction == "to_csv":
            raise ProjectError(
                f"coder '{coder}': the CSV has changes the database does not have yet",
                file=path, fix="sync from the CSV first, or use prefer='db' to overwrite it")
        if take == "db" and direction == "from_csv":
            return result  # the database is newer; leave the remembered state as it is
        if take == "csv":
            result.direction = "csv->db"
            spans = _csv_spans(store, conn, path, coder, rewrite_moved)
            _apply_csv(store, conn, coder, spans, result)
            state.db_seq = conn.execute("SELECT coalesce(max(seq), 0) FROM coding_log "
                                        "WHERE coder = ?", (coder,)).fetchone()[0]
        elif take == "db":
            result.direction = "db->csv"
            _write_csv(store, coder, path)
        if moved and take != "db":
            _write_csv(store, coder, path)
        if take is not None or path.exists():
            state.save(conn, coder)
    return result


def _decide(store, conn, coder: str, state: _State, prefer: str | None) -> str | None:
    """``"csv"``, ``"db"`` or ``None``: which side to copy to the other."""
    if state.file_hash is None:
        return "db" if state.db_changed or not state.first else None
    if prefer is not None and (state.csv_changed or state.db_changed):
        if _values(_csv_spans(store, conn, state.path, coder)) == _values(store.spans(coder)):
            return None
        return prefer
    if state.csv_changed and state.db_changed:
        if _values(_csv_spans(store, conn, state.path, coder)) == _values(store.spans(coder)):
            return None
        raise _conflict(store, coder, state)
    if state.csv_changed:
        return "csv"
    if state.db_changed:
        return "db"
    return None
