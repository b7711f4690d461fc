"""The corpus: canonical document texts and the passages (spans) that codes are attached to.

Passages are views into the canonical text, like spaCy's ``Span`` into its ``Doc``: they hold
offsets, and ``text[start:end]`` is always the passage text.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from pathlib import Path

from .io.transcript import Transcript, Turn
from .nlp.index import TokenCache, TokenIndex, build_index
from .nlp.sentences import paragraph_spans, sentence_spans

PASSAGE_COLUMNS = ["passage_id", "document", "case", "start", "end", "speaker", "role",
                   "time_start", "time_end", "words", "language", "text"]


@dataclass
class _Span:
    start: int
    end: int
    turn: Turn | None


def _turn_units(transcript: Transcript, unit: str) -> list[_Span]:
    text = transcript.text
    turns = transcript.turns or (Turn(0, len(text), None, "participant"),)
    if not transcript.turns:
        # A text without speaker markers is one participant's; its passages are paragraphs.
        unit = "paragraph" if unit == "turn" else unit
    spans: list[_Span] = []
    for turn in turns:
        if unit == "turn":
            pieces = [(turn.start, turn.end)]
        elif unit == "paragraph":
            pieces = paragraph_spans(text, turn.start, turn.end)
        else:
            pieces = sentence_spans(text, turn.start, turn.end)
        spans.extend(_Span(s, e, turn) for s, e in pieces)
    return spans


def passages_of(transcript: Transcript, case: str, language: str, role_of, unit: str = "turn"
                ) -> list[dict]:
    """Passages of one transcript as dict rows (see :data:`PASSAGE_COLUMNS`).

    ``role_of(speaker)`` returns the role ``study.yaml`` gives a speaker, or ``None``.
    """
    rows = []
    for i, span in enumerate(_turn_units(transcript, unit), start=1):
        turn = span.turn
        speaker = turn.speaker if turn else None
        role = role_of(speaker) or (turn.role if turn else None) or "participant"
        passage_text = transcript.text[span.start:span.end]
        rows.append({
            "passage_id": f"{transcript.document}:{i:04d}", "document": transcript.document,
            "case": case, "start": span.start, "end": span.end, "speaker": speaker, "role": role,
            "time_start": turn.time_start if turn else None,
            "time_end": turn.time_end if turn else None,
            "words": len(passage_text.split()), "language": language, "text": passage_text,
        })
    return rows


class Corpus:
    """Documents, cases and passages of a study, as pandas DataFrames.

    Attributes
    ----------
    texts:
        ``{document: canonical text}``.
    passages:
        One row per passage: ``passage_id, document, case, start, end, speaker, role,
        time_start, time_end, words, language, text``.
    documents:
        One row per document: ``document, case, format, source, characters, words``.
    cases:
        One row per case (index ``case``), attributes as columns.
    unit:
        ``turn``, ``paragraph`` or ``sentence``.
    """

    def __init__(self, texts: dict[str, str], passages: pd.DataFrame, documents: pd.DataFrame,
                 cases: pd.DataFrame, language: str, unit: str = "turn",
                 cache_dir: Path | None = None) -> None:
        self.texts = texts
        self.passages = passages
        self.documents = documents
        self.cases = cases
        self.language = language
        self.unit = unit
        self.cache_dir = cache_dir
        self._token_index = None

    def tokens(self) -> TokenIndex:
        """The token index (tokenised once, cached on disk by content hash when possible)."""
        if self._token_index is None:
            cache = TokenCache(self.cache_dir) if self.cache_dir else None
            self._token_index = build_index(self.texts, self.passages, self.language, cache)
        return self._token_index

    @property
    def participant_passages(self) -> pd.DataFrame:
        """Passages that are coded and counted: interviewer and observer turns left out."""
        return self.passages[self.passages["role"] == "participant"]

    def passage(self, passage_id: str) -> pd.Series:
        """One passage by ID, e.g. ``corpus.passage("H1:0007")``."""
        return self.passages.set_index("passage_id").loc[passage_id]

    def __len__(self) -> int:
        return len(self.passages)

    def __repr__(self) -> str:
        return (f"<Corpus: {len(self.cases)} cases, {len(self.documents)} documents, "
                f"{len(self.passages)} passages ({self.unit}), language {self.language}>")

    def _repr_html_(self) -> str:
        words = int(self.participant_passages["words"].sum())
        head = (f"<p><b>Corpus</b>: {len(self.cases)} cases, {len(self.documents)} documents, "
                f"{len(self.passages)} passages by {self.unit}, {words:,} participant words, "
                f"language <code>{html.escape(self.language)}</code></p>")
        shown = self.passages[["passage_id", "case", "speaker", "role", "words", "text"]]
        if len(shown) > 20:
            head += f"<p>First 10 of {len(shown):,} passages:</p>"
            shown = shown.head(10)
        return head + shown.to_html(index=False, max_colwidth=120)
