"""Record a study's current documents, passages, cases and codebook in its project database."""
from __future__ import annotations

import hashlib
import json
import math

import pandas as pd

from ..errors import ProjectError
from ..study.anchoring import pack_text
from ..study.anchoring import text_sha256 as sha256_text
from .database import now


def refresh(store, study, accept_changed: bool = False, hold_changed: bool = False
            ) -> dict[str, str]:
    """Bring the database's copy of the study up to date, in one transaction.

    A transcript whose text changed while database codings point into it raises
    :class:`ProjectError` (the offsets may now point at other words) unless ``accept_changed``
    is true (they are then taken as pointing into the new text). With ``hold_changed`` every
    changed transcript is left as it was and returned, ``{document: old SHA-256}``, for the
    caller to re-anchor or accept (:mod:`.reanchor`). Documents that disappeared from the study
    are kept while codings refer to them.
    """
    unit = study.config.unit
    passages = study.corpus(unit).passages
    with store.transaction("refresh") as conn:
        _cases(conn, study.cases)
        held = _documents(conn, store, study, accept_changed, hold_changed)
        _passages(conn, passages, unit)
        _codebook(conn, study)
        codings_dir = study.config.codings or study.root / "codings"
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('unit', ?), "
                     "('title', ?), ('language', ?), ('codings_dir', ?)",
                     (unit, study.title, study.language, str(codings_dir)))
    return held


def _cases(conn, cases: pd.DataFrame) -> None:
    known = {r[0] for r in conn.execute("SELECT case_id FROM cases")}
    for gone in known - set(map(str, cases.index)):
        conn.execute("DELETE FROM cases WHERE case_id = ?", (gone,))
    for position, (case, row) in enumerate(cases.iterrows()):
        conn.execute("INSERT INTO cases (case_id, position) VALUES (?, ?) ON CONFLICT (case_id) "
                     "DO UPDATE SET position = excluded.position", (str(case), position))
        conn.execute("DELETE FROM case_attributes WHERE case_id = ?", (str(case),))
        for name, value in row.items():
            if name == "documents" or _missing(value):
                continue
            conn.execute("INSERT INTO case_attributes (case_id, name, value, type) "
                         "VALUES (?, ?, ?, ?)", (str(case), str(name), *_typed(value)))


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _typed(value) -> tuple[str, str]:
    if isinstance(value, bool):
        return ("true" if value else "false"), "boolean"
    if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return str(int(value)), "integer"
    if isinstance(value, float) and math.isfinite(value):
        return repr(float(value)), "float"
    return str(value), "text"


def _documents(conn, store, study, accept_changed: bool, hold: bool) -> dict[str, str]:
    stored = {r[0]: r[1] for r in conn.execute("SELECT document, sha256 FROM documents")}
    held = {}
    for doc, transcript in study.transcripts.items():
        digest = sha256_text(transcript.text)
        if doc in stored and stored[doc] != digest:
            if hold:
                held[doc] = stored[doc]
                continue
            coded = conn.execute("SELECT count(*) FROM codings WHERE document = ?",
                                 (doc,)).fetchone()[0]
            if coded and not accept_changed:
                raise changed_error(doc, coded, transcript.source or store.file)
            set_text(conn, study, doc, transcript.text, keep_offsets=accept_changed)
        else:
            set_text(conn, study, doc, transcript.text)
    for doc in set(stored) - set(study.transcripts):
        if not conn.execute("SELECT 1 FROM codings WHERE document = ? LIMIT 1", (doc,)).fetchone():
            conn.execute("DELETE FROM documents WHERE document = ?", (doc,))
    return held


def changed_error(docs: str | list[str], count: int, file, what: str = "") -> ProjectError:
    """The error for transcripts edited since ``count`` codings were made in them."""
    docs = [docs] if isinstance(docs, str) else docs
    names = "', '".join(docs)
    tail = f": {what}" if what else "; their offsets may now point at other words"
    problem = (f"transcript '{names}' has changed since its {count} codings were made{tail}"
               if len(docs) == 1 else
               f"transcripts '{names}' have changed since their {count} codings were made{tail}")
    return ProjectError(
        problem,
        file=file,
        fix="move the codings to where their words are now with 'interview-analysis sync "
            "STUDY --reanchor' (it lists the ones to check), or restore the original "
            "transcript; --accept-changed (Python: accept_changed=True) keeps the offsets as "
            "they are")


def set_text(conn, study, doc: str, text: str, keep_offsets: bool = False) -> None:
    """Record ``text`` as the document's current text. An earlier text is kept (``texts``)
    and every codings file that has not been moved onto the new one keeps pointing into it
    (``csv_anchors``), unless ``keep_offsets``: the offsets are then taken as they are."""
    old = conn.execute("SELECT sha256, text FROM documents WHERE document = ?",
                       (doc,)).fetchone()
    digest = sha256_text(text)
    if old is not None and old[0] != digest:
        conn.execute("INSERT OR IGNORE INTO texts (sha256, document, text, added_at) "
                     "VALUES (?, ?, ?, ?)", (old[0], doc, pack_text(old[1]), now()))
        if keep_offsets:
            conn.execute("DELETE FROM csv_anchors WHERE document = ?", (doc,))
        else:
            conn.executemany("INSERT OR IGNORE INTO csv_anchors (coder, document, sha256) "
                             "VALUES (?, ?, ?)", [(c, doc, old[0]) for c in
                                                  known_coders(conn, study)])
    conn.execute(
        "INSERT INTO documents (document, case_id, text, sha256, source, updated_at) "
        "VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) "
        "ON CONFLICT (document) DO UPDATE SET case_id = excluded.case_id, "
        "text = excluded.text, sha256 = excluded.sha256, source = excluded.source, "
        "updated_at = CASE WHEN documents.sha256 = excluded.sha256 THEN documents.updated_at "
        "ELSE excluded.updated_at END",
        (doc, study.case_of.get(doc), text, digest,
         str(study.transcripts[doc].source) if study.transcripts[doc].source else None))


def known_coders(conn, study) -> list[str]:
    """Every coder with a codings file or codings or a sync in the database."""
    names = set(study.coders())
    names.update(r[0] for r in conn.execute("SELECT DISTINCT coder FROM codings UNION "
                                            "SELECT coder FROM sync_state"))
    return sorted(names)


def _passages(conn, passages: pd.DataFrame, unit: str) -> None:
    rows = [(unit, r.passage_id, r.document, int(r.start), int(r.end), r.speaker, r.role)
            for r in passages.itertuples(index=False)]
    key = hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()
    if conn.execute("SELECT value FROM meta WHERE key = ?", (f"passages:{unit}",)).fetchone() \
            == (key,):
        return
    conn.execute("DELETE FROM passages WHERE unit = ?", (unit,))
    conn.executemany('INSERT INTO passages (unit, passage_id, document, start, "end", speaker, '
                     "role) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                 (f"passages:{unit}", key))


def _codebook(conn, study) -> None:
    """Store a new codebook version when its text changed; remember which one is current."""
    path = study.config.codebook
    if path is None or not path.is_file():
        conn.execute("DELETE FROM meta WHERE key = 'codebook_version'")
        return
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    digest = sha256_text(text)
    row = conn.execute("SELECT version FROM codebooks WHERE sha256 = ?", (digest,)).fetchone()
    if row is not None:
        version = row[0]
    else:
        codebook = study.codebook()
        version = conn.execute(
            "INSERT INTO codebooks (sha256, name, path, yaml, added_at) "
            "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            (digest, codebook.name, str(path), text)).lastrowid
        conn.executemany("INSERT INTO codebook_codes (version, code, parent, position) "
                         "VALUES (?, ?, ?, ?)",
                         [(version, c.id, c.parent, i) for i, c in enumerate(codebook)])
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('codebook_version', ?)",
                 (str(version),))
