"""Where a notebook finds the demo studies and writes its outputs, wherever Jupyter was started.

A notebook's working directory is wherever the researcher (or the test suite) started the
kernel, so nothing here trusts it: :func:`repo_root` walks up from the working directory, then
from the installed package, until it finds the folder that holds ``corpus/``.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import StudyError

#: Environment variable naming the repository root (checked first).
ROOT_VARIABLE = "INTERVIEW_ANALYSIS_ROOT"
#: Environment variable naming the folder notebooks write their outputs to (default ``out/``).
OUT_VARIABLE = "INTERVIEW_ANALYSIS_NOTEBOOK_OUT"


def _walk_up(start: Path, marker: str) -> Path | None:
    # The package's own ``corpus`` subpackage (``src/interview_analysis/corpus``) is not the
    # demo studies' folder.
    for folder in (start, *start.parents):
        if (folder / marker).is_dir() and not (folder / marker / "__init__.py").exists():
            return folder
    return None


def repo_root(start: str | Path | None = None, marker: str = "corpus") -> Path:
    """The folder that holds ``corpus/`` (the repository root).

    Looks at ``$INTERVIEW_ANALYSIS_ROOT``, then walks up from ``start`` (default: the working
    directory), then from where the package is installed (an editable install lives in the
    repository).

    Raises
    ------
    StudyError
        When no folder with ``corpus/`` is found.
    """
    env = os.environ.get(ROOT_VARIABLE)
    if env and (Path(env) / marker).is_dir():
        return Path(env).resolve()
    here = Path(start) if start is not None else Path.cwd()
    found = _walk_up(here.resolve(), marker) or _walk_up(Path(__file__).resolve().parent, marker)
    if found is None:
        raise StudyError(f"cannot find the folder that holds '{marker}/'", file=here,
                         fix="start Jupyter inside the interview-analysis repository, or set "
                             f"{ROOT_VARIABLE} to the repository folder")
    return found


def demo_study(name: str, root: str | Path | None = None) -> Path:
    """The folder of a bundled demo study, e.g. ``demo_study("sme-customer-management")``."""
    corpus = repo_root(root) / "corpus"
    folder = corpus / name
    if not (folder / "study.yaml").is_file():
        known = sorted(p.name for p in corpus.iterdir() if (p / "study.yaml").is_file())
        raise StudyError("no such demo study", file=folder, value=name,
                         fix="demo studies: " + ", ".join(known))
    return folder


def output_folder(name: str, root: str | Path | None = None) -> Path:
    """Where a notebook writes its outputs: ``$INTERVIEW_ANALYSIS_NOTEBOOK_OUT/name`` when that
    variable is set (the test suite points it at a temporary folder), else ``out/notebooks/name``
    in the repository. The folder's parent is created; the folder itself is left to the writer.
    """
    base = os.environ.get(OUT_VARIABLE)
    folder = Path(base) / name if base else repo_root(root) / "out" / "notebooks" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    return folder
