"""Fixtures for the notebook tests: a coding session on the small hand-made Finnish study.

``fi_study`` (tests/conftest.py) has two interviews; H1's participant passages are
``H1:0002`` ("Sähköpostitse on helpointa, ...") and ``H1:0004``, H2's is ``H2:0002``.
"""
from __future__ import annotations

import pytest

from interview_analysis.notebook import CodingSession


@pytest.fixture
def session(fi_study):
    with CodingSession(fi_study, coder="anna") as s:
        yield s

