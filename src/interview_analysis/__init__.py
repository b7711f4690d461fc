"""interview-analysis: reproducible qualitative analysis of theme interviews.

transcripts -> :class:`Corpus` of passages -> :class:`Codebook` -> codings -> analysis tables
-> figures and a results-chapter report.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .coding.codebook import Codebook, load_codebook
from .coding.coder import RuleCoder
from .corpus import Corpus
from .errors import InterviewAnalysisError
from .study import Study, load_study

try:
    __version__ = version("interview-analysis")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+source"

__all__ = ["Codebook", "Corpus", "InterviewAnalysisError", "RuleCoder", "Study",
           "load_codebook", "load_study", "__version__"]
