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


#: Test files that run whole commands, notebooks, benchmarks or fuzzers: ``make test-fast``
#: leaves them out (``pytest -m "not slow"``); ``make test`` runs everything.
_SLOW = ("robustness/", "bench/", "notebook/test_notebooks.py", "report/test_run.py",
         "cli/", "exchange/refi/test_refi_roundtrip.py", "corpus/test_corpus_properties.py",
         "nlp/test_scaling.py")


def pytest_collection_modifyitems(config, items):
    root = Path(__file__).parent
    for item in items:
        where = Path(str(item.fspath)).relative_to(root).as_posix()
        if where.startswith(_SLOW):
            item.add_marker(pytest.mark.slow)
