"""interview-analysis: reproducible qualitative analysis of theme interviews.

transcripts -> :class:`Corpus` of passages -> :class:`Codebook` -> codings -> analysis tables
-> figures and a results-chapter report.

The names below are imported when first used, so ``import interview_analysis`` (and the
command line's ``--version`` and ``--help``) start without loading pandas or spaCy.
"""
from __future__ import annotations

from importlib import import_module

from .version import __version__

#: Public name -> module that defines it.
_EXPORTS = {
    "Codebook": "coding.codebook",
    "load_codebook": "coding.codebook_reader",
    "RuleCoder": "coding.coder",
    "Corpus": "corpus.corpus",
    "InterviewAnalysisError": "errors",
    "Study": "study.study",
    "load_study": "study.study",
    "Stance": "domain",
    "analyse": "pipeline.results",
    "Results": "pipeline.results",
    "run_study": "report.run",
}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'interview_analysis' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
