"""The notebooks are part of the product: each runs top to bottom in a real Jupyter kernel.

Every notebook is executed with nbclient in the kernel ``python3`` of this virtual environment,
with a temporary working directory and its outputs redirected to a temporary folder, so running
the suite changes nothing in the repository. Notebooks are stored without outputs.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from interview_analysis.notebook.paths import OUT_VARIABLE

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
EXPECTED = ["01-quickstart", "02-coding-workflow", "03-reliability",
            "04-groups-and-saturation", "05-your-own-study"]
#: The brief for every notebook: it runs in under two minutes.
TIME_LIMIT_S = 120


def execute(nb, workdir: Path, timeout: int = TIME_LIMIT_S):
    """Run ``nb`` in this environment's ``python3`` kernel, with ``workdir`` as the working
    directory; returns the executed notebook."""
    client = NotebookClient(nb, kernel_name="python3", timeout=timeout,
                            resources={"metadata": {"path": str(workdir)}})
    return client.execute()


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch) -> Path:
    """A working directory outside the repository; notebook outputs go below it too."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.setenv(OUT_VARIABLE, str(tmp_path / "out"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("TQDM_DISABLE", "1")
    # Prefer kernels installed in this environment over any user-wide python3 kernel.
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "1")
    return work


def test_all_notebooks_are_present():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert dirty == [], f"{path.name}: cells {dirty} have outputs; clear them before committing"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_explains_itself(path: Path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    prose = sum(c.cell_type == "markdown" for c in nb.cells)
    assert prose >= len(nb.cells) / 3, f"{path.name}: too little explanation"


def test_notebook_kernel_is_this_environments_python(isolated: Path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os, sys\nprint(sys.prefix)\nprint(os.getcwd())")])
    out = execute(nb, isolated, timeout=60)
    prefix, cwd = out.cells[0].outputs[0]["text"].split()
    assert Path(prefix).resolve() == Path(sys.prefix).resolve()
    assert Path(cwd).resolve() == isolated.resolve()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_without_errors_in_under_two_minutes(path: Path, isolated: Path):
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    try:
        out = execute(nb, isolated)
    except CellExecutionError as exc:  # the message shows the failing cell and traceback
        pytest.fail(f"{path.name} failed:\n{exc}")
    elapsed = time.perf_counter() - started
    assert elapsed < TIME_LIMIT_S, f"{path.name} took {elapsed:.0f} s"
    errors = [o for c in out.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    as_text = [i for i, c in enumerate(out.cells) if c.cell_type == "code" for o in c.outputs
               if "<Figure size" in str(o.get("data", {}).get("text/plain", ""))
               and "image/png" not in o.get("data", {})]
    assert as_text == [], f"{path.name}: cells {as_text} show a figure as text, not a picture"
    assert list(isolated.iterdir()) == [], \
        "the notebook wrote into its working directory; write under output_folder() or a " \
        "temporary folder"
