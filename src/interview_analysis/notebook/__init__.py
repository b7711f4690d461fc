"""Working in Jupyter: the interactive coder, rich displays and notebook paths.

* :class:`CodingSession` (the engine) and :class:`CodingWidget` (a Jupyter widget: the whole
  transcript, select words and code them, review suggestions) code by hand, saving every
  action to the project database and ``codings/<coder>.csv``.
* :func:`show_passage`, :func:`style_agreement`, :func:`style_reliability`, :func:`preview`
  display a coded passage and the analysis tables, never more than a screenful of rows.
* :func:`repo_root`, :func:`demo_study`, :func:`output_folder`, :func:`copy_study` find the demo
  studies and keep a notebook's writes out of the bundled data.

``CodingWidget`` needs anywidget (``pip install "interview-analysis[notebooks]"``); it is
imported on first use so the rest works without it.
"""
from __future__ import annotations

from ..study.scaffold import copy_study
from .coder import STANCE_CHOICES, Action, CodingSession, PassageView
from .display import preview, show_passage, style_agreement, style_reliability
from .paths import demo_study, output_folder, repo_root

__all__ = ["Action", "CodingSession", "CodingWidget", "PassageView", "STANCE_CHOICES",
           "copy_study", "demo_study", "output_folder", "preview", "repo_root",
           "show_passage", "style_agreement", "style_reliability"]


def __getattr__(name: str):
    if name == "CodingWidget":
        from .widget import CodingWidget
        return CodingWidget
    raise AttributeError(name)
