"""Run ``interview-analysis`` (or a bulk write) that stops at a chosen point, to be killed there.

Usage: ``python killable.py MARKER POINT ARGS...``. When the run reaches POINT it writes the
file MARKER and sleeps; the test then sends SIGKILL. Waiting for the marker instead of for a
length of time makes the kill land at exactly the same place on every run, on any machine.

Points
------
``report-writing``
    ``run``: the figures are in the build folder (``.OUT.<pid>.*.tmp``), report.html not yet.
``report-swap``
    ``run``: the previous report has just been moved aside (``.OUT.<pid>.*.old``) and the new
    one not yet moved in: the narrowest window of the swap.
``sync-rows``
    ``sync``: 150 codings of a bulk CSV -> database sync have been written in its transaction.
``api-bulk``
    ``ProjectStore.add_codings`` of 400 codings (ARGS: the study folder): after 200 rows.
``import-staging``
    ``import``: the first new file is staged in the hidden staging folder, none switched in.
``import-switch``
    ``import``: the first file of the import has been switched in, the others not yet (the
    moment the old import left a mix of old and new files).
``reanchor-committed``
    ``sync --reanchor``: the database's codings are moved and committed, the codings files
    not yet rewritten.
``reanchor-csv-written``
    ``sync --reanchor``: a codings file has been rewritten, its transaction not committed.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def pause(marker: str) -> None:
    Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(600)  # killed long before this ends
    os._exit(99)


def main() -> int:
    marker, point, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if point == "report-writing":
        from interview_analysis.report import html
        real = html.write_html

        def write_html(*a, **k):
            pause(marker)
            return real(*a, **k)
        html.write_html = write_html
    elif point == "report-swap":
        from interview_analysis.report import run
        real_rename = os.rename

        def rename(src, dst):
            real_rename(src, dst)
            if str(dst).endswith(".old"):
                pause(marker)
        run.os.rename = rename
    elif point == "sync-rows":
        from interview_analysis.store import checks
        real_coding = checks.CodingChecker.coding
        count = {"rows": 0}

        def coding(self, row):
            count["rows"] += 1
            if count["rows"] == 150:
                pause(marker)
            return real_coding(self, row)
        checks.CodingChecker.coding = coding
    elif point == "import-staging":
        from interview_analysis.base import filetxn
        real_stage = filetxn._stage

        def stage(staging, files):
            first = dict(list(files.items())[:1])
            real_stage(staging, first)
            pause(marker)
        filetxn._stage = stage
    elif point == "import-switch":
        from interview_analysis.base import filetxn

        def switch(entries):
            filetxn._switch_one(entries[0])
            pause(marker)
        filetxn._switch = switch
    elif point == "reanchor-committed":
        from interview_analysis.store import project
        real_reanchor = project.ProjectStore._reanchor

        def reanchor(self, study, coders):
            real_reanchor(self, study, coders)
            pause(marker)
        project.ProjectStore._reanchor = reanchor
    elif point == "reanchor-csv-written":
        from interview_analysis.store import csvsync
        real_write = csvsync.write_codings_file

        def write(spans, path):
            real_write(spans, path)
            pause(marker)
        csvsync.write_codings_file = write
    elif point == "api-bulk":
        from interview_analysis.store import ProjectStore
        with ProjectStore.open(args[0], actor="bulk") as store:
            rows = [{"document": "H1", "start": s, "end": s + 5, "code": "channels/email"}
                    for s in range(0, 400)]
            store.add_codings(rows, coder="bulk",
                              progress=lambda n: pause(marker) if n == 200 else None)
        return 98  # never reached: killed in the middle
    else:
        raise SystemExit(f"unknown point {point!r}")
    from interview_analysis import cli
    return cli.main(args)


if __name__ == "__main__":
    sys.exit(main())
