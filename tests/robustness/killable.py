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
        from interview_analysis.report import run
        real = run.write_html

        def write_html(*a, **k):
            pause(marker)
            return real(*a, **k)
        run.write_html = write_html
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
