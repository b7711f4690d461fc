"""Shared fixtures: small hand-made studies written into a temporary folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import CODEBOOK, FI_TRANSCRIPT, write


@pytest.fixture
def fi_study(tmp_path: Path) -> Path:
    """A two-interview Finnish study with study.yaml, cases.csv and a codebook."""
    root = tmp_path / "study"
    write(root / "transcripts" / "H1.txt", FI_TRANSCRIPT)
    write(root / "transcripts" / "H2.txt",
          "Haastattelija: Entä kanavat?\n\nH2: Puhelimitse mieluiten, ei sähköpostilla.\n")
    write(root / "cases.csv", "case,document,industry,founded\nH1,H1,IT,2021\nH2,H2,retail,1989\n")
    write(root / "codebook.yaml", CODEBOOK)
    write(root / "study.yaml", "title: Pieni tutkimus\nlanguage: fi\ntranscripts: transcripts\n"
                               "cases: cases.csv\ncodebook: codebook.yaml\n"
                               "speakers:\n  Haastattelija: interviewer\n")
    return root
