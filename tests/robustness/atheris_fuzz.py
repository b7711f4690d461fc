"""Coverage-guided fuzzing with atheris (libFuzzer), for longer local runs; not part of the suite.

atheris installs from a wheel on Linux x86-64 only and runs until stopped, so the test suite
uses hypothesis (``test_fuzz.py``) instead. To search for a while::

    .venv/bin/pip install atheris
    .venv/bin/python tests/robustness/atheris_fuzz.py codebook -max_total_time=300
    .venv/bin/python tests/robustness/atheris_fuzz.py vtt -atheris_runs=100000

Targets: txt, vtt, eml, csv, docx, codebook, study, codings, cases, qdpx, qdc. A crash is any
exception other than an ``InterviewAnalysisError``; libFuzzer then writes the input to
``crash-*`` in the current folder.
"""
from __future__ import annotations

import sys
import tempfile
import warnings
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["interview_analysis"]):
    from interview_analysis.coding.codebook_reader import load_codebook
    from interview_analysis.coding.codings import read_codings_file
    from interview_analysis.corpus.cases import read_cases
    from interview_analysis.corpus.readers import read_transcripts
    from interview_analysis.errors import InterviewAnalysisError
    from interview_analysis.exchange.refi import read_qdc
    from interview_analysis.exchange.refi.importer import read_project
    from interview_analysis.study.config import load_config

FOLDER = Path(tempfile.mkdtemp(prefix="ia-atheris-"))
TEXTS = {"H1": "Haastattelija: Mitä?\n\nH1: Sähköposti on paras 😀.\n"}
TARGETS = {
    "txt": ("t.txt", read_transcripts), "vtt": ("t.vtt", read_transcripts),
    "eml": ("t.eml", read_transcripts), "csv": ("t.csv", read_transcripts),
    "docx": ("t.docx", read_transcripts), "codebook": ("codebook.yaml", load_codebook),
    "study": ("study.yaml", load_config), "qdpx": ("p.qdpx", read_project),
    "qdc": ("c.qdc", read_qdc),
    "codings": ("anna.csv", lambda p: read_codings_file(p, TEXTS, {"a"})),
    "cases": ("cases.csv", lambda p: read_cases(p, ["H1", "H2"])),
}


def main() -> None:
    name, call = TARGETS[sys.argv.pop(1)]
    path = FOLDER / name

    def one_input(data: bytes) -> None:
        path.write_bytes(data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                call(path)
            except InterviewAnalysisError:
                pass

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
