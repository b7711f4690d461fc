"""kill -9 in the middle of writing: the project database and the report survive.

Each test starts a real process (``killable.py``) that pauses at a known point inside a write
and is killed there with SIGKILL, the way a crash, a power cut or an impatient researcher
would stop it. Waiting for the process to say it reached the point (a marker file), rather
than waiting a length of time, makes every test deterministic; every wait has a time limit.

Afterwards:

* the project database passes ``PRAGMA integrity_check``, is exactly as before the killed
  transaction, its audit log replayed from the start gives exactly the codings table, and it
  can be written again at once;
* the previous report (from an earlier complete run) is byte-identical, and the next run
  cleans up what the killed one left.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import CODEBOOK, FI_TRANSCRIPT, write

from interview_analysis import cli
from interview_analysis.store import ProjectStore, db_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
KILLABLE = Path(__file__).with_name("killable.py")
H2_TEXT = "Haastattelija: Entä kanavat?\n\nH2: Puhelimitse mieluiten, ei sähköpostilla.\n"
HEADER = "document,start,end,code,stance,memo\n"


def make_study(root: Path) -> Path:
    write(root / "transcripts" / "H1.txt", FI_TRANSCRIPT)
    write(root / "transcripts" / "H2.txt", H2_TEXT)
    write(root / "cases.csv", "case,document,industry\nH1,H1,IT\nH2,H2,retail\n")
    write(root / "codebook.yaml", CODEBOOK)
    write(root / "study.yaml", "title: Pieni tutkimus\nlanguage: fi\ntranscripts: transcripts\n"
                               "cases: cases.csv\ncodebook: codebook.yaml\n"
                               "speakers:\n  Haastattelija: interviewer\n")
    start = FI_TRANSCRIPT.index("Sähköpostitse")
    write(root / "codings" / "researcher.csv",
          HEADER + f"H1,{start},{start + 13},channels/email,positive,\n")
    return root


def run_until(point: str, args: list[str], marker: Path, timeout: float = 180) -> None:
    """Start ``killable.py`` and SIGKILL it as soon as it reaches ``point``."""
    proc = subprocess.Popen([sys.executable, str(KILLABLE), str(marker), point, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        deadline = time.monotonic() + timeout
        while not marker.exists():
            if proc.poll() is not None:
                out, err = proc.communicate()
                pytest.fail(f"the process ended (status {proc.returncode}) before reaching "
                            f"{point}:\n{err.decode(errors='replace')}")
            if time.monotonic() > deadline:
                pytest.fail(f"the process did not reach {point} within {timeout} s")
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()


# -- the project database -----------------------------------------------------------------------
def dump(root: Path) -> list[str]:
    conn = sqlite3.connect(db_path(root))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def replay_log(conn: sqlite3.Connection) -> dict[int, dict]:
    """The codings the audit log describes: every add, update and remove applied in order."""
    state: dict[int, dict] = {}
    for action, coding_id, after in conn.execute(
            "SELECT action, coding_id, after FROM coding_log ORDER BY seq"):
        if action == "remove":
            del state[coding_id]
        else:
            state[coding_id] = json.loads(after)
    return state


def assert_consistent(root: Path) -> None:
    conn = sqlite3.connect(db_path(root))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT count(*) FROM change_context").fetchone()[0] == 0
        columns = ["id", "coder", "document", "start", "end", "code", "origin", "stance", "memo"]
        table = {row[0]: dict(zip(columns, row)) for row in conn.execute(
            'SELECT id, coder, document, start, "end", code, origin, stance, memo '
            "FROM codings")}
        assert replay_log(conn) == table, "the audit log does not match the codings"
    finally:
        conn.close()


def test_kill_during_a_bulk_write_leaves_the_database_as_before(tmp_path):
    root = make_study(tmp_path / "study")
    assert cli.main(["sync", str(root)]) == 0
    before = dump(root)
    run_until("api-bulk", [str(root)], tmp_path / "marker")
    assert_consistent(root)
    assert dump(root) == before  # the 200 rows written inside the transaction are gone
    with ProjectStore.open(root, actor="after") as store:  # and it takes writes at once
        store.add_codings([{"document": "H1", "start": 0, "end": 5, "code": "channels/email"}],
                          coder="bulk")
    assert_consistent(root)


def test_kill_during_a_cli_sync_leaves_the_database_as_before(tmp_path):
    root = make_study(tmp_path / "study")
    assert cli.main(["sync", str(root)]) == 0
    before = dump(root)
    rows = "".join(f"H1,{s},{s + 7},channels/email,,row {s}\n" for s in range(300))
    write(root / "codings" / "researcher.csv", HEADER + rows)
    csv_before = (root / "codings" / "researcher.csv").read_bytes()
    run_until("sync-rows", ["sync", str(root)], tmp_path / "marker")
    assert_consistent(root)
    assert dump(root) == before
    assert (root / "codings" / "researcher.csv").read_bytes() == csv_before
    assert cli.main(["sync", str(root)]) == 0  # the same sync, not killed, then completes
    assert_consistent(root)
    with ProjectStore.open(root) as store:
        assert len(store.spans("researcher")) == 300


# -- the report -----------------------------------------------------------------------------------
def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def staging(out: Path, suffix: str) -> list[Path]:
    return sorted(p for p in out.parent.iterdir()
                  if p.name.startswith(f".{out.name}.") and p.name.endswith(suffix))


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    """A study with a complete report from an earlier run, and that report's file hashes."""
    base = tmp_path_factory.mktemp("reported")
    root = make_study(base / "study")
    out = base / "report"
    assert cli.main(["run", str(root), "--out", str(out)]) == 0
    return root, out, tree(out)


@pytest.fixture
def report_copy(reported, tmp_path):
    root, out, files = reported
    shutil.copytree(root, tmp_path / "study")
    shutil.copytree(out, tmp_path / "report")
    # a new coding: a completed run would now write a different report
    with (tmp_path / "study" / "codings" / "researcher.csv").open("a", encoding="utf-8") as f:
        f.write("H2,34,46,channels/video_meeting,negative,\n")
    return tmp_path / "study", tmp_path / "report", files


def test_kill_while_the_report_is_being_written_keeps_the_previous_report(report_copy, tmp_path):
    root, out, files = report_copy
    run_until("report-writing", ["run", str(root), "--out", str(out)], tmp_path / "marker")
    assert tree(out) == files  # byte-identical
    [build] = staging(out, ".tmp")  # the killed run had written into its build folder
    assert any(p.is_file() for p in build.rglob("*"))
    assert cli.main(["run", str(root), "--out", str(out)]) == 0  # the next run completes...
    assert staging(out, ".tmp") == staging(out, ".old") == []  # ...and cleans up
    assert tree(out) != files and (out / "report.html").is_file()


def test_kill_in_the_middle_of_the_swap_puts_the_previous_report_back(report_copy, tmp_path,
                                                                     capsys):
    root, out, files = report_copy
    run_until("report-swap", ["run", str(root), "--out", str(out)], tmp_path / "marker")
    assert not out.exists()  # the one instant a kill can hit: the old report is set aside
    [aside] = staging(out, ".old")
    assert tree(aside) == files
    # the next run puts it back before anything else, even when it then fails on bad input
    write(root / "codings" / "researcher.csv", HEADER + "H1,0,5,channels/fax,,\n")
    assert cli.main(["run", str(root), "--out", str(out)]) == 2
    assert "unknown code" in capsys.readouterr().err
    assert tree(out) == files
    assert staging(out, ".tmp") == staging(out, ".old") == []


# -- imports: all files or none, even when killed -------------------------------------------------
def study_files(root: Path) -> dict[str, str]:
    """Every file of the study except the project database and caches."""
    return {k: v for k, v in tree(root).items()
            if not k.startswith((".interview-analysis", ".ia-cache"))}


def staging_left(root: Path) -> list[Path]:
    return [p for p in root.rglob(".ia-staging.*")]


@pytest.fixture
def project_file(tmp_path):
    """A study, and a .qdpx of an edited copy of it (other transcripts, codings, cases)."""
    root = make_study(tmp_path / "study")
    other = make_study(tmp_path / "other")
    write(other / "transcripts" / "H2.txt", H2_TEXT.replace("Puhelimitse", "Puhelimella"))
    write(other / "cases.csv", "case,document,industry\nH1,H1,media\nH2,H2,retail\n")
    write(other / "codings" / "researcher.csv", HEADER + "H2,34,46,channels/email,negative,\n")
    assert cli.main(["export", str(other), "--format", "qdpx", "--out",
                     str(tmp_path / "other.qdpx")]) == 0
    return root, tmp_path / "other.qdpx"


@pytest.mark.parametrize("point", ["import-staging", "import-switch"])
def test_a_killed_import_leaves_the_study_as_it_was_and_the_next_one_completes(
        project_file, tmp_path, point):
    root, package = project_file
    before = study_files(root)
    run_until(point, ["import", str(package), "--into", str(root), "--overwrite"],
              tmp_path / "marker")
    assert cli.main(["passages", str(root), "--out", str(tmp_path / "p.csv")]) == 0
    assert study_files(root) == before  # the next command put every file back
    assert staging_left(root) == []
    assert cli.main(["import", str(package), "--into", str(root), "--overwrite"]) == 0
    assert "Puhelimella" in (root / "transcripts" / "H2.txt").read_text(encoding="utf-8")
    assert "media" in (root / "cases.csv").read_text(encoding="utf-8")
    assert staging_left(root) == []


def test_a_killed_fresh_import_never_blocks_the_next(project_file, tmp_path):
    _, package = project_file
    new = tmp_path / "new"
    run_until("import-switch", ["import", str(package), "--into", str(new)],
              tmp_path / "marker")
    assert cli.main(["import", str(package), "--into", str(new)]) == 0
    assert (new / "study.yaml").is_file() and staging_left(new) == []


def test_sigterm_during_an_import_cleans_up_at_once(project_file, tmp_path):
    root, package = project_file
    before = study_files(root)
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, str(KILLABLE), str(marker), "import-staging",
                             "import", str(package), "--into", str(root), "--overwrite"],
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    deadline = time.monotonic() + 180
    while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=60) == -signal.SIGTERM
    assert study_files(root) == before and staging_left(root) == []


def test_a_killed_sheet_import_leaves_the_codings_as_they_were(tmp_path):
    root = make_study(tmp_path / "study")
    sheet = tmp_path / "sheet.xlsx"
    assert cli.main(["export", str(root), "--format", "xlsx", "--out", str(sheet)]) == 0
    import openpyxl
    book = openpyxl.load_workbook(sheet)
    book["researcher"].append([None, "H2:0002", None, None, None, "channels/email"])
    book.create_sheet("zoe").append(["id", "passage_id", "code"])
    book["zoe"].append([None, "H1:0002", "channels/text_message"])
    book.save(sheet)
    before = study_files(root)
    run_until("import-switch", ["import", str(sheet), "--into", str(root)], tmp_path / "m")
    assert cli.main(["sync", str(root)]) == 0
    assert study_files(root) == before
    assert cli.main(["import", str(sheet), "--into", str(root)]) == 0
    assert (root / "codings" / "zoe.csv").is_file()


# -- re-anchoring: killed between its two steps, or in the middle of one -----------------------
EDITED = FI_TRANSCRIPT.replace("Mitkä", "Mitkäs").replace("helpointa", "kaikkein helpointa")


@pytest.mark.parametrize("point", ["reanchor-committed", "reanchor-csv-written"])
def test_a_killed_reanchor_leaves_every_coding_on_its_words(tmp_path, point, capsys):
    root = make_study(tmp_path / "study")
    start = FI_TRANSCRIPT.index("Tekstiviestejä")
    with (root / "codings" / "researcher.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"H1,{start},{start + 29},channels/text_message,negative,\n")
    assert cli.main(["sync", str(root)]) == 0
    write(root / "transcripts" / "H1.txt", EDITED)
    run_until(point, ["sync", str(root), "--reanchor"], tmp_path / "marker")
    assert_consistent(root)

    def words() -> list[str]:
        from interview_analysis.study.study import load_study
        import warnings
        study = load_study(root)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spans = study.coder_spans("researcher")
        text = study.transcripts["H1"].text
        return sorted(text[s:e] for s, e in zip(spans["start"], spans["end"]))

    assert words() == ["Sähköpostitse", "Tekstiviestejä en lue koskaan"]  # read right meanwhile
    assert cli.main(["sync", str(root), "--reanchor"]) == 0
    assert cli.main(["sync", str(root)]) == 0
    assert words() == ["Sähköpostitse", "Tekstiviestejä en lue koskaan"]
    assert_consistent(root)
    with ProjectStore.open(root) as store:
        text = EDITED
        assert sorted(text[r["start"]:r["end"]] for r in store.spans().to_dict("records")) == \
            ["Sähköpostitse", "Tekstiviestejä en lue koskaan"]
    capsys.readouterr()


# -- two imports at once: neither loses the other's rows ------------------------------------
def test_two_sheet_imports_at_once_keep_both_additions(tmp_path):
    root = make_study(tmp_path / "study")
    assert cli.main(["sync", str(root)]) == 0
    import openpyxl
    sheets = []
    for n, passage in enumerate(["H1:0002", "H2:0002"]):
        path = tmp_path / f"sheet{n}.xlsx"
        assert cli.main(["export", str(root), "--format", "xlsx", "--out", str(path)]) == 0
        book = openpyxl.load_workbook(path)
        book["researcher"].append([None, passage, None, None, None, "channels/video_meeting"])
        book.save(path)
        sheets.append(path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [subprocess.Popen([sys.executable, "-m", "interview_analysis.cli", "import",
                               str(path), "--into", str(root)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for path in sheets]
    for proc in procs:
        assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
        proc.stderr.close()
    rows = (root / "codings" / "researcher.csv").read_text(encoding="utf-8")
    assert rows.count("channels/video_meeting") == 2


# -- a full disk in the middle of a database write -------------------------------------------------
@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs RLIMIT_FSIZE")
def test_a_full_disk_during_sync_is_one_message_and_leaves_the_database_as_it_was(tmp_path):
    import resource
    root = make_study(tmp_path / "study")
    assert cli.main(["sync", str(root)]) == 0
    conn = sqlite3.connect(db_path(root))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = dump(root)
    rows = "".join(f"H1,{s},{s + 7},channels/email,,{'muistio ' * 250}\n" for s in range(300))
    write(root / "codings" / "researcher.csv", HEADER + rows)
    largest = max(p.stat().st_size for p in db_path(root).parent.iterdir())

    def disk_nearly_full():  # in the child: files may grow by 8 KiB at most
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (largest + 8192, largest + 8192))
    done = subprocess.run([sys.executable, "-m", "interview_analysis.cli", "sync", str(root)],
                          preexec_fn=disk_nearly_full, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: ") and "cannot write the project database" in \
        done.stderr and "Traceback" not in done.stderr
    assert_consistent(root)
    assert dump(root) == before
    assert cli.main(["sync", str(root)]) == 0  # with room again, the same sync completes
