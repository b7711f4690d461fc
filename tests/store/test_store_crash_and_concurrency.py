"""Two processes coding at once lose nothing; kill -9 in a bulk write leaves a consistent DB.

Children are forked (fast, deterministic); the kill test waits for the child to report that it
is inside the transaction before killing it, so it never depends on timing.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import sys
import time

import pytest
from store_helpers import make_study

from interview_analysis.store import ProjectStore, db_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
CONTEXT = multiprocessing.get_context("fork") if sys.platform != "win32" else None
PER_PROCESS = 40


def _coder_process(root, coder, barrier):
    with ProjectStore.open(root, actor=coder) as store:
        barrier.wait(timeout=10)
        for i in range(PER_PROCESS):  # one transaction per coding: maximal interleaving
            store.add_coding("H1", 44 + i % 30, 55 + i, "channels/email", coder=coder)
            if i % 10 == 0:
                cid = store.add_coding("H2", 34, 40 + i // 10, "channels/phone", coder=coder)
                store.update_coding(cid, memo=f"{coder} {i}")
    os._exit(0)


def test_two_processes_adding_codings_at_once_lose_nothing(tmp_path):
    root = make_study(tmp_path / "study")
    ProjectStore.open(root).close()
    barrier = CONTEXT.Barrier(2)
    workers = [CONTEXT.Process(target=_coder_process, args=(root, name, barrier))
               for name in ("anna", "ben")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    assert [w.exitcode for w in workers] == [0, 0]
    with ProjectStore.open(root) as store:
        spans = store.spans()
        expected = PER_PROCESS + PER_PROCESS // 10
        assert spans.groupby("coder").size().to_dict() == {"anna": expected, "ben": expected}
        assert spans["memo"].notna().sum() == 2 * (PER_PROCESS // 10)
        log = store.log()
        assert len(log) == 2 * expected + 2 * (PER_PROCESS // 10)
        assert store.integrity_check() == "ok"


def _bulk_writer(root, inside, committed_first):
    store = ProjectStore.open(root, actor="bulk")
    store.add_codings([{"document": "H2", "start": 34, "end": 34 + n, "code": "channels/phone"}
                       for n in range(1, committed_first + 1)], coder="anna")

    def progress(n):
        if n == 50:
            inside.set()       # 50 rows written inside the open transaction ...
            time.sleep(60)     # ... and wait here to be killed

    store.add_codings([{"document": "H1", "start": 44, "end": 45 + n, "code": "channels/email"}
                       for n in range(200)], coder="anna", progress=progress)
    os._exit(3)  # never reached


def test_kill_during_a_bulk_write_leaves_the_database_consistent(tmp_path):
    root = make_study(tmp_path / "study")
    ProjectStore.open(root).close()
    inside = CONTEXT.Event()
    child = CONTEXT.Process(target=_bulk_writer, args=(root, inside, 5))
    child.start()
    try:
        assert inside.wait(timeout=20), "the child never reached the middle of its bulk write"
        os.kill(child.pid, signal.SIGKILL)
        child.join(timeout=10)
    finally:
        if child.is_alive():
            child.kill()
    assert child.exitcode == -signal.SIGKILL
    conn = sqlite3.connect(db_path(root))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 5
    assert conn.execute("SELECT count(*) FROM coding_log").fetchone()[0] == 5
    assert conn.execute("SELECT count(*) FROM change_context").fetchone()[0] == 0
    conn.close()
    with ProjectStore.open(root) as store:  # and it can be written again at once
        store.add_coding("H1", 44, 54, "channels/email", coder="anna")
        assert len(store.log()) == 6 == len(store.spans())
