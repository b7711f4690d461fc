"""Start-up: each command imports only what it uses (checked in ``sys.modules``, never timed).

``--version``, ``--help`` and a mistyped option answer without pandas; ``code`` on a study whose
tokens are cached loads neither spaCy nor matplotlib, scikit-learn or scipy.stats. Each check
runs in a fresh interpreter, so nothing another test imported can hide an import.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from interview_analysis import cli

HEAVY = ("pandas", "numpy", "spacy", "matplotlib", "sklearn", "scipy", "scipy.stats", "docx",
         "openpyxl", "pyarrow", "yaml")

_PROBE = f"""
import contextlib, io, json, sys
from interview_analysis.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        status = main(sys.argv[1:])
    except SystemExit as exc:
        status = exc.code
print(json.dumps({{"status": status,
                  "loaded": sorted(m for m in {HEAVY!r} if m in sys.modules)}}))
"""


def probe(*argv) -> dict:
    """Run the command line in a new interpreter: its exit status and the heavy modules loaded."""
    done = subprocess.run([sys.executable, "-c", _PROBE, *map(str, argv)], capture_output=True,
                          text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("argv", [
    ["--version"],
    ["--help"],
    *([name, "--help"] for name in cli.COMMANDS),
    ["run", "study", "--out", "out", "--figurs", "png"],  # a mistyped option
    ["cod", "study"],                                     # a mistyped command
    ["run", "study"],                                     # a required option missing
    [],                                                   # no command
])
def test_answers_without_importing_the_libraries(argv):
    found = probe(*argv)
    assert found["loaded"] == []
    assert found["status"] == (0 if argv and argv[-1] in ("--help", "--version") else 2)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_code_on_cached_tokens_loads_no_nlp_figures_or_learning(fi_study, tmp_path, lang):
    if lang == "en":  # English lemmas come from spaCy's lookup data, without spaCy
        from helpers import write
        write(fi_study / "transcripts" / "H1.txt", "Interviewer: Which channel?\n\n"
                                                    "H1: Email is best, the same person.\n")
        write(fi_study / "transcripts" / "H2.txt", "Interviewer: And?\n\nH2: Zoom.\n")
        study_yaml = fi_study / "study.yaml"
        study_yaml.write_text(study_yaml.read_text(encoding="utf-8").replace(
            "language: fi", "language: en").replace("Haastattelija", "Interviewer"),
            encoding="utf-8")
    assert probe("code", fi_study, "--out", tmp_path / "first.csv")["status"] == 0  # tokenises
    found = probe("code", fi_study, "--out", tmp_path / "codings.csv")
    assert found["status"] == 0
    assert found["loaded"] == ["numpy", "pandas", "pyarrow", "yaml"]
    assert len((tmp_path / "codings.csv").read_text(encoding="utf-8").splitlines()) > 1
