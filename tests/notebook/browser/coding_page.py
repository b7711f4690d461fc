"""A study and a notebook with the coding widget, opened in the browser: what each browser test
starts from, and how it reads what was saved."""
from __future__ import annotations

import sqlite3
import time
import uuid
from pathlib import Path

from helpers import CODEBOOK, FI_TRANSCRIPT, write
from jupyter_harness import JupyterServer, open_notebook, run_all_cells, wait_widget, write_notebook

#: A transcript with characters outside the Basic Multilingual Plane (two UTF-16 units each)
#: before the words the tests code.
EMOJI_TRANSCRIPT = ("Haastattelija: Mikä kanava on paras? 👋\n\n"
                    "E1: Ä 👍 𝔘 🙂🙂 Sähköposti on paras, tekstiviestit 👎 ovat turhia.\n")


def make_study(root: Path) -> Path:
    """The small Finnish study of the unit tests plus ``E1``, a transcript with emoji."""
    write(root / "transcripts" / "H1.txt", FI_TRANSCRIPT)
    write(root / "transcripts" / "E1.txt", EMOJI_TRANSCRIPT)
    write(root / "cases.csv", "case,document\nH1,H1\nE1,E1\n")
    write(root / "codebook.yaml", CODEBOOK)
    write(root / "study.yaml", "title: Pieni tutkimus\nlanguage: fi\ntranscripts: transcripts\n"
                               "cases: cases.csv\ncodebook: codebook.yaml\n"
                               "speakers:\n  Haastattelija: interviewer\n")
    return root


class Coding:
    """A study and a notebook showing the coding widget, in a folder of the server's root."""

    def __init__(self, server: JupyterServer, page, widget_args: str = "",
                 extra_cells: tuple = (), widgets: int = 1) -> None:
        self.server, self.page = server, page
        self.folder = server.root / f"t-{uuid.uuid4().hex[:8]}"
        self.study = make_study(self.folder / "study")
        source = ("from interview_analysis.notebook import CodingWidget\n"
                  f"w = CodingWidget('study', coder='anna'{widget_args})\nw")
        cells = [("code", source)] * widgets + list(extra_cells)
        self.notebook = f"{self.folder.name}/coding.ipynb"
        write_notebook(server.root / self.notebook, cells)
        open_notebook(page, server, self.notebook)
        run_all_cells(page)
        self.widget = wait_widget(page, widgets)

    def text(self, document: str = "H1") -> str:
        """The canonical text of a document, as Python reads it."""
        from interview_analysis import load_study
        return load_study(self.study).transcripts[document].text

    def rows(self, coder: str = "anna") -> list[str]:
        path = self.study / "codings" / f"{coder}.csv"
        return path.read_text(encoding="utf-8").splitlines()[1:] if path.exists() else []

    def rows_soon(self, check, what: str, timeout: float = 30) -> list[str]:
        """The CSV rows once ``check(rows)`` holds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.rows()
            if check(rows):
                return rows
            time.sleep(0.1)
        raise AssertionError(f"codings/anna.csv never had {what}; it has {self.rows()}")

    def database(self, sql: str, params: tuple = ()) -> list[tuple]:
        path = self.study / ".interview-analysis" / "project.sqlite"
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return conn.execute(sql, params).fetchall()
