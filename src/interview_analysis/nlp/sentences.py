"""Rule-based sentence boundaries inside a span of text (no model needed, same for fi and en)."""
from __future__ import annotations

import re

# A sentence ends at . ! ? … (possibly followed by quotes/brackets) before whitespace and an
# upper-case letter, digit or opening quote; abbreviations like "esim." or "e.g." followed by a
# lower-case word therefore do not split.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-ZÅÄÖÜ0-9])")
_ABBREVIATIONS = re.compile(r"(?:\b(?:esim|ns|mm|yms|jne|ym|tms|eli|n|ks|vrt|e\.g|i\.e|etc|vs|"
                            r"mr|mrs|ms|dr|prof|no|approx|ca|n\.b)\.)$", re.I)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences in ``text[start:end]``.

    Line breaks that separate paragraphs always end a sentence. Offsets are trimmed of
    surrounding whitespace and never leave the given span.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for para_start, para_end in paragraph_spans(text, start, end, single_newline=True):
        cut = para_start
        for m in _BOUNDARY.finditer(text, para_start, para_end):
            if _ABBREVIATIONS.search(text, max(para_start, m.start() - 8), m.start()):
                continue
            spans.append(_trim(text, cut, m.start()))
            cut = m.end()
        spans.append(_trim(text, cut, para_end))
    return [s for s in spans if s[1] > s[0]]


def paragraph_spans(text: str, start: int = 0, end: int | None = None,
                    single_newline: bool = False) -> list[tuple[int, int]]:
    """Return trimmed paragraph spans: blocks separated by blank lines (or by any line break)."""
    end = len(text) if end is None else end
    splitter = re.compile(r"\n" if single_newline else r"\n[ \t]*\n")
    spans, cut = [], start
    for m in splitter.finditer(text, start, end):
        spans.append(_trim(text, cut, m.start()))
        cut = m.end()
    spans.append(_trim(text, cut, end))
    return [s for s in spans if s[1] > s[0]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
