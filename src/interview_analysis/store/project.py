"""The project database: a study's codings kept safe in SQLite, with an audit trail.

The database lives in ``STUDY/.interview-analysis/project.sqlite``. It runs in WAL mode with
foreign keys on, ``synchronous=FULL`` and a busy timeout, and every write — one coding or a bulk
of thousands — is one ``BEGIN IMMEDIATE`` transaction. A crash or a ``kill -9`` in the middle of
a bulk write therefore leaves the database as it was before that write, and the coding log
(written by triggers inside the same transaction) always matches the codings. Two processes
coding at the same time wait for each other instead of failing or losing updates.

Examples
--------
>>> with ProjectStore.open("corpus/my-study") as store:               # doctest: +SKIP
...     cid = store.add_coding("H1", 120, 180, "channels/email", coder="anna",
...                            stance="positive")
...     store.update_coding(cid, memo="prefers email over phone")
...     store.log().tail()
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from ..coding.codings import (
    CODING_COLUMNS,
    attach_passages,
    empty_codings,
)
from ..errors import ProjectError
from ..study.study import load_study
from .checks import CodingChecker
from .csvsync import _State, csv_path, sync
from .database import db_path, default_actor, now, open_connection, write_failed
from .register import refresh as register_study
from .register import set_text

LOG_COLUMNS = ["seq", "at", "who", "coder", "action", "coding_id", "source", "before", "after"]
_UNSET = object()
_CODING_FIELDS = ("id", "coder", "document", "start", "end", "code", "origin", "stance", "memo",
                  "codebook_version", "created_at", "updated_at")


class ProjectStore:
    """A study's project database. Open it with :meth:`open` (or :meth:`connect`).

    Parameters
    ----------
    file:
        The SQLite file (created if missing).
    actor:
        Who makes the changes, recorded in the log (default: the operating-system user).
    """

    def __init__(self, file: str | Path, actor: str | None = None) -> None:
        self.file = Path(file)
        self.actor = actor or default_actor()
        self.root: Path | None = None
        self.unit = "turn"
        self._conn = open_connection(self.file)

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def connect(cls, file: str | Path, actor: str | None = None) -> "ProjectStore":
        """Open a database file directly, without reading the study."""
        store = cls(file, actor)
        store.unit = store.meta("unit") or "turn"
        return store

    @classmethod
    def open(cls, study, actor: str | None = None, accept_changed: bool = False,
             refresh: bool = True) -> "ProjectStore":
        """Open (or create) the project database of a study and register its current state.

        Parameters
        ----------
        study:
            A :class:`~interview_analysis.study.study.Study` or its folder.
        actor:
            Who makes the changes (default: the operating-system user).
        accept_changed:
            Accept transcripts whose text changed although codings point into them (the
            codings then need checking; see :meth:`refresh`).
        refresh:
            Record the study's current state now (default). ``False`` leaves that to the
            caller, e.g. :meth:`sync_all`, which does it inside its own transaction.
        """
        if not hasattr(study, "transcripts"):
            study = load_study(study)
        store = cls(db_path(study.root), actor)
        store.root = Path(study.root)
        if refresh:
            try:
                register_study(store, study, accept_changed=accept_changed)
            except BaseException:
                store.close()
                raise
        store.unit = store.meta("unit") or study.config.unit
        return store

    def close(self) -> None:
        """Close the connection (pending nothing: every write has committed)."""
        self._conn.close()

    def __enter__(self) -> "ProjectStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<ProjectStore {self.file}>"

    # -- transactions --------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, source: str = "api") -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` write transaction; the log records ``source`` and the actor.

        Everything inside commits together or not at all.
        """
        conn = self._conn
        if conn.in_transaction:
            yield conn  # nested: part of the outer transaction
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "lock" not in str(exc) and "busy" not in str(exc):
                raise write_failed(exc, self.file) from None
            raise ProjectError(f"the project database is busy ({exc})", file=self.file,
                               fix="another program is writing to it; try again when it has "
                                   "finished") from None
        try:
            conn.execute("INSERT OR REPLACE INTO change_context (id, who, source, at) "
                         "VALUES (1, ?, ?, ?)", (self.actor, source, now()))
            yield conn
            conn.execute("DELETE FROM change_context")
            conn.execute("COMMIT")
        except BaseException as exc:
            # a failed COMMIT (disk full) may already have rolled the transaction back
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError) and \
                    not isinstance(exc, sqlite3.IntegrityError):
                raise write_failed(exc, self.file) from None
            raise

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        """Run a read-only query and return its rows."""
        return self._conn.execute(sql, params).fetchall()

    def meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- codings -------------------------------------------------------------------------
    def add_coding(self, document: str, start: int, end: int, code: str, coder: str,
                   stance: str | None = None, memo: str | None = None,
                   origin: str = "manual") -> int:
        """Add one coded span and return its ID.

        Raises
        ------
        ProjectError
            Unknown document, offsets out of range, unknown code or stance, or the same span
            already coded with the same code by the same coder.
        """
        return self.add_codings([{"document": document, "start": start, "end": end,
                                  "code": code, "stance": stance, "memo": memo,
                                  "origin": origin}], coder=coder)[0]

    def add_codings(self, rows: Iterable[dict] | pd.DataFrame, coder: str | None = None,
                    source: str = "api", progress: Callable[[int], None] | None = None
                    ) -> list[int]:
        """Add many codings in one transaction: all are added, or none.

        ``rows`` holds ``document, start, end, code`` and optionally ``stance, memo, origin,
        coder`` (``coder`` argument as default). ``progress(n)`` is called after each row.
        """
        if isinstance(rows, pd.DataFrame):
            rows = rows.astype(object).where(rows.notna(), None).to_dict("records")
        ids = []
        with self.transaction(source) as conn:
            check = CodingChecker(conn, self.file)
            stamp = now()
            version = check.codebook_version
            for n, row in enumerate(rows, start=1):
                values = check.coding({**row, "coder": row.get("coder") or coder})
                try:
                    cur = conn.execute(
                        'INSERT INTO codings (coder, document, start, "end", code, origin, '
                        "stance, memo, codebook_version, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*values, version, stamp, stamp))
                except sqlite3.IntegrityError:
                    raise ProjectError("this span is already coded with this code by this coder",
                                       file=self.file, value=values[:5],
                                       fix="use update_coding() to change its stance or memo"
                                       ) from None
                ids.append(cur.lastrowid)
                if progress is not None:
                    progress(n)
        return ids

    def _find(self, conn, coding) -> sqlite3.Row:
        if isinstance(coding, dict):
            row = conn.execute(
                'SELECT * FROM codings WHERE coder = ? AND document = ? AND start = ? '
                'AND "end" = ? AND code = ?',
                (coding["coder"], coding["document"], int(coding["start"]), int(coding["end"]),
                 coding["code"])).fetchone()
        else:
            row = conn.execute("SELECT * FROM codings WHERE id = ?", (int(coding),)).fetchone()
        if row is None:
            raise ProjectError("no such coding", file=self.file, value=coding,
                               fix="list the codings with store.codings() to find its ID")
        return row

    def update_coding(self, coding, *, stance=_UNSET, memo=_UNSET, code=_UNSET, start=_UNSET,
                      end=_UNSET, source: str = "api") -> dict:
        """Change a coding (by ID, or by a dict with ``coder, document, start, end, code``).

        Only the fields given change; the read and the write are one transaction, so two
        processes updating at once do not overwrite each other's changes. Returns the coding
        after the change.
        """
        with self.transaction(source) as conn:
            old = dict(self._find(conn, coding))
            new = {**old, **{k: v for k, v in {"stance": stance, "memo": memo, "code": code,
                                               "start": start, "end": end}.items()
                             if v is not _UNSET}}
            values = CodingChecker(conn, self.file).coding(new)
            try:
                conn.execute('UPDATE codings SET start = ?, "end" = ?, code = ?, stance = ?, '
                             "memo = ?, updated_at = ? WHERE id = ?",
                             (values[2], values[3], values[4], values[6], values[7], now(),
                              old["id"]))
            except sqlite3.IntegrityError:
                raise ProjectError("another coding already has this span and code",
                                   file=self.file, value=values[:5],
                                   fix="remove one of the two codings") from None
            return dict(self._find(conn, old["id"]))

    def remove_coding(self, coding, source: str = "api") -> dict:
        """Remove a coding (by ID or key dict); returns what was removed."""
        with self.transaction(source) as conn:
            old = dict(self._find(conn, coding))
            conn.execute("DELETE FROM codings WHERE id = ?", (old["id"],))
        return old

    def spans(self, coder: str | None = None) -> pd.DataFrame:
        """One row per coded span with the database columns (``id``, timestamps...)."""
        sql = "SELECT * FROM codings" + (" WHERE coder = ?" if coder else "")
        sql += ' ORDER BY coder, document, start, "end", code'
        rows = self._conn.execute(sql, (coder,) if coder else ()).fetchall()
        frame = pd.DataFrame([dict(r) for r in rows], columns=list(_CODING_FIELDS))
        return frame.astype({"id": "int64", "start": "int64", "end": "int64"})

    def passages(self, unit: str | None = None) -> pd.DataFrame:
        """The stored passages of ``unit`` with ``passage_id, document, case, start, end, text``."""
        unit = unit or self.unit
        rows = self._conn.execute(
            'SELECT p.passage_id, p.document, d.case_id AS "case", p.start, p."end", p.speaker, '
            "p.role, substr(d.text, p.start + 1, p.\"end\" - p.start) AS text FROM passages p "
            "JOIN documents d USING (document) WHERE p.unit = ? ORDER BY p.document, p.start",
            (unit,)).fetchall()
        return pd.DataFrame([dict(r) for r in rows],
                            columns=["passage_id", "document", "case", "start", "end", "speaker",
                                     "role", "text"])

    def codings(self, coder: str | None = None, unit: str | None = None) -> pd.DataFrame:
        """Codings in the long contract format (``CODING_COLUMNS``), one row per passage hit."""
        spans = self.spans(coder)
        if spans.empty:
            return empty_codings()
        passages = self.passages(unit)
        parts = [attach_passages(group, passages, who, origin)
                 for (who, origin), group in spans.groupby(["coder", "origin"], sort=True)]
        out = pd.concat(parts, ignore_index=True)[CODING_COLUMNS]
        return out.sort_values(["coder", "document", "start", "end", "code"],
                               kind="stable").reset_index(drop=True)

    def log(self, coder: str | None = None) -> pd.DataFrame:
        """The audit trail: every change to the codings, oldest first.

        ``before`` and ``after`` are dicts (``None`` for an add's before and a remove's after).
        """
        sql = "SELECT * FROM coding_log" + (" WHERE coder = ?" if coder else "") + " ORDER BY seq"
        rows = self._conn.execute(sql, (coder,) if coder else ()).fetchall()
        records = [{**dict(r), "before": json.loads(r["before"]) if r["before"] else None,
                    "after": json.loads(r["after"]) if r["after"] else None} for r in rows]
        return pd.DataFrame(records, columns=LOG_COLUMNS)

    def coders(self) -> list[str]:
        """Coders with codings in the database."""
        return [r[0] for r in self._conn.execute(
            "SELECT DISTINCT coder FROM codings ORDER BY coder")]

    # -- codings/<coder>.csv ---------------------------------------------------------------
    def sync(self, coder: str, prefer: str | None = None):
        """Sync ``codings/<coder>.csv`` and the database in whichever direction changed.

        See :mod:`interview_analysis.store.csvsync` for the conflict rule. Returns a
        :class:`~interview_analysis.store.csvsync.SyncResult`.
        """
        return sync(self, coder, prefer)

    def sync_all(self, study, coders: Iterable[str], prefer: str | None = None,
                 accept_changed: bool = False, reanchor: bool = False) -> list:
        """Record the study's current state and sync every coder, all in one transaction.

        What ``interview-analysis sync`` does: if anything fails (a bad codings file, a
        conflict, a changed transcript), the database is left exactly as it was. Codings in a
        transcript edited since they were made stop the sync, unless ``reanchor`` moves them
        to where their words are now (:mod:`.reanchor`; its result comes first in the list)
        or ``accept_changed`` keeps their offsets.
        """
        from . import reanchor as anchoring
        coders = list(coders)
        results = [self._reanchor(study, coders)] if reanchor else []
        with self.transaction("refresh") as conn:
            held = register_study(self, study, accept_changed=accept_changed,
                                  hold_changed=True)  # also where the codings folder is now
            self.unit = self.meta("unit") or study.config.unit
            states = {c: _State(conn, c, csv_path(self, c)) for c in coders}
            stale = anchoring.stale_codings(self, conn, study, held, coders)
            if len(stale) and not (accept_changed or reanchor):
                anchoring.refuse(stale, study, self.file)
            for doc in held:  # accepted, or nothing moves: the offsets hold for the new text
                set_text(conn, study, doc, study.transcripts[doc].text,
                         keep_offsets=accept_changed)
            for coder in coders:
                # each coder's changes are logged with its CSV as the source, as in sync()
                conn.execute("UPDATE change_context SET source = ? WHERE id = 1",
                             (f"csv:{csv_path(self, coder)}",))
                results.append(sync(self, coder, prefer, state=states[coder],
                                    rewrite_moved=reanchor))
                conn.execute("DELETE FROM csv_anchors WHERE coder = ?", (coder,))
        return [r for r in results if r is not None]

    def _reanchor(self, study, coders: list[str]):
        """The first of ``sync --reanchor``'s two transactions: the database's codings and
        texts (see :func:`.reanchor.reanchor`); what moved, or ``None``."""
        from . import reanchor as anchoring
        with self.transaction("reanchor") as conn:
            held = register_study(self, study, hold_changed=True)
            states = {c: _State(conn, c, csv_path(self, c)) for c in coders}
            if not held:
                return None
            moved = anchoring.reanchor(self, conn, study, held, coders)
            for coder, state in states.items():
                if not state.first and not state.db_changed:  # moving is not a change
                    conn.execute("UPDATE sync_state SET log_seq = (SELECT coalesce(max(seq), "
                                 "0) FROM coding_log WHERE coder = ?) WHERE coder = ?",
                                 (coder, coder))
        return moved if len(moved.report) else None

    def sync_from_csv(self, coder: str, prefer: str | None = None):
        """Take the CSV's codings when it changed since the last sync (and the DB did not)."""
        return sync(self, coder, prefer, direction="from_csv")

    def sync_to_csv(self, coder: str, prefer: str | None = None):
        """Write the coder's database codings to ``codings/<coder>.csv`` (atomically)."""
        return sync(self, coder, prefer, direction="to_csv")

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` result (``"ok"`` when healthy)."""
        return self._conn.execute("PRAGMA integrity_check").fetchone()[0]
