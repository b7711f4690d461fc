"""Reports: thesis-ready figures, tables, a Word results chapter and an HTML report.

``run_study(study, out_dir)`` is the main job; the pieces are usable on their own from a
notebook: :mod:`.figures` (plot functions, ``save_figure``), :mod:`.synthesis`,
:mod:`.recommendations`, :mod:`.method`, :mod:`.tables`, :mod:`.style`.
"""
from __future__ import annotations

__all__ = ["RunResult", "run_study"]


def __getattr__(name: str):
    # Importing matplotlib and python-docx only when a report is made keeps the CLI fast.
    if name in __all__:
        from . import run
        return getattr(run, name)
    raise AttributeError(name)
