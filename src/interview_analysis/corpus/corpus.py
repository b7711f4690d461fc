"""The corpus: canonical document texts and the passages (spans) that codes are attached to.

Passages are views into the canonical text, like spaCy's ``Span`` into its ``Doc``: they hold
offsets, and ``text[start:end]`` is always the passage text.
"""
from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..nlp.index import TokenCache, TokenIndex, build_index
from ..nlp.pipeline import word_count
from ..nlp.sentences import paragraph_spans, sentence_spans
from .transcript import Transcript, Turn

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


def passages_of(transcript: Transcript, case: str, language: str, role_of, unit: str = "turn",
                speaker_cases: dict[str, str] | None = None) -> list[dict]:
    """Passages of one transcript as dict rows (see :data:`PASSAGE_COLUMNS`).

    ``role_of(speaker)`` returns the role ``study.yaml`` gives a speaker, or ``None``.
    ``speaker_cases`` maps participant speakers (folded with :func:`speaker_key`) to their
    own cases (``cases_from: speaker``); every other passage is ``case``'s.
    """
    rows = []
    for i, span in enumerate(_turn_units(transcript, unit), start=1):
        turn = span.turn
        speaker = turn.speaker if turn else None
        role = role_of(speaker) or (turn.role if turn else None) or "participant"
        passage_text = transcript.text[span.start:span.end]
        owner = case
        if speaker_cases and speaker and role == "participant":
            owner = speaker_cases.get(speaker_key(speaker), case)
        rows.append({
            "passage_id": f"{transcript.document}:{i:04d}", "document": transcript.document,
            "case": owner, "start": span.start, "end": span.end, "speaker": speaker,
            "role": role, "time_start": turn.time_start if turn else None,
            "time_end": turn.time_end if turn else None,
            "words": word_count(passage_text), "language": language, "text": passage_text,
        })
    return rows


def speaker_key(name: str) -> str:
    """A speaker label compared ignoring case and spacing (``Daniel  R.`` is ``daniel r.``)."""
    return " ".join(name.casefold().split())


def question_rows(passages: pd.DataFrame) -> np.ndarray:
    """For each passage row, the row of the interviewer question it answers (``-1`` if none).

    An answer is every participant passage after an interviewer passage, up to the next one,
    in the same document.
    """
    out = np.full(len(passages), -1, np.int64)
    last, last_doc = -1, None
    for i, (doc, role) in enumerate(zip(passages["document"].tolist(),
                                        passages["role"].tolist())):
        if doc != last_doc:
            last, last_doc = -1, doc
        if role == "interviewer":
            last = i
        elif role == "participant":
            out[i] = last
    return out


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
        # Facts derived from the passages table, recomputed when the table is replaced.
        self._derived: dict[str, tuple[pd.DataFrame, object]] = {}

    def tokens(self) -> TokenIndex:
        """The token index (tokenised once, cached on disk by content hash when possible)."""
        if self._token_index is None:
            cache = TokenCache(self.cache_dir) if self.cache_dir else None
            self._token_index = build_index(self.texts, self.passages, self.language, cache)
        return self._token_index

    def _memo(self, name: str, compute):
        held = self._derived.get(name)
        if held is None or held[0] is not self.passages:
            held = self._derived[name] = (self.passages, compute())
        return held[1]

    def participant_mask(self) -> np.ndarray:
        """Boolean array over the passages: which are the participants' (coded, counted)."""
        return self._memo("participant", lambda: (self.passages["role"] == "participant")
                          .to_numpy(bool, na_value=False))

    def roles_key(self) -> str:
        """A hash of every passage's role: what rule answers depend on beyond the token index
        (which passages are the participants' and which the interviewer's questions)."""
        def compute() -> str:
            roles = self.passages["role"].astype(str).str.cat(sep="\x1f")
            return hashlib.sha1(roles.encode("utf-8")).hexdigest()
        return self._memo("roles", compute)

    def participant_texts(self) -> list[str | None]:
        """Each passage's text, or ``None`` for a passage that is not a participant's."""
        return self._memo("texts", lambda: [
            t if r == "participant" else None
            for t, r in zip(self.passages["text"].tolist(), self.passages["role"].tolist())])

    def question_of(self) -> np.ndarray:
        """For each passage row, the row of the interviewer question it answers (``-1`` if
        none): every participant passage after an interviewer passage, up to the next one,
        in the same document."""
        return self._memo("questions", lambda: question_rows(self.passages))

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

    def summary(self) -> pd.DataFrame:
        """One row per case: ``documents, passages, participant_passages, participant_words``
        and the case attributes — the corpus at a glance."""
        p = self.passages
        part = p["role"] == "participant"
        table = pd.DataFrame({
            "documents": p.groupby("case", sort=False)["document"].nunique(),
            "passages": p.groupby("case", sort=False).size(),
            "participant_passages": part.groupby(p["case"], sort=False).sum(),
            "participant_words": p["words"].where(part, 0).groupby(p["case"], sort=False).sum(),
        })
        attributes = self.cases.drop(columns=["documents"], errors="ignore")
        table = table.reindex([c for c in self.cases.index if c in table.index] +
                              [c for c in table.index if c not in self.cases.index])
        attributes = attributes.rename(columns=lambda c: f"{c} (attribute)" if c in table else c)
        table = table.join(attributes, how="left")
        table.index.name = "case"
        return table.astype({c: "int64" for c in ("documents", "passages",
                                                    "participant_passages",
                                                    "participant_words")})

    def _repr_html_(self) -> str:
        # A large study (hundreds of interviews, 100,000 passages) is summarised, never
        # rendered in full: at most HTML_MAX_CASES cases and HTML_MAX_PASSAGES passages.
        words = int(self.participant_passages["words"].sum())
        head = (f"<p><b>Corpus</b>: {len(self.cases):,} cases, {len(self.documents):,} "
                f"documents, {len(self.passages):,} passages by {html.escape(self.unit)} "
                f"({len(self.participant_passages):,} participant passages, {words:,} words), "
                f"language <code>{html.escape(str(self.language))}</code></p>")
        cases = self.summary()
        shown_cases = cases.head(HTML_MAX_CASES)
        # Counts and the first few attributes, short: a glance, not the cases table.
        shown_cases = shown_cases.iloc[:, :4 + HTML_MAX_ATTRIBUTES].rename(
            columns=lambda c: str(c).replace("_", " ")).map(
            lambda v: _shorten(v, 28) if isinstance(v, str) else v)
        parts = [_LEFT_ALIGN, head, _capped_line(len(shown_cases), len(cases), "cases"),
                 shown_cases.to_html(classes="ia-table")]
        shown = self.passages[["passage_id", "case", "speaker", "role", "words", "text"]]
        first = shown.head(HTML_MAX_PASSAGES).assign(
            text=lambda f: f["text"].map(lambda t: _shorten(t, 120)))
        parts += [_capped_line(len(first), len(shown), "passages"),
                  first.to_html(index=False, classes="ia-table")]
        return "".join(parts)


# Jupyter right-aligns table cells; passage text reads better left-aligned.
_LEFT_ALIGN = ("<style>table.ia-table td, table.ia-table th {text-align:left !important; "
               "vertical-align:top}</style>")
#: A notebook shows at most this many cases and passages of a corpus.
HTML_MAX_CASES = 20
HTML_MAX_ATTRIBUTES = 4
HTML_MAX_PASSAGES = 10


def _shorten(text: str, max_chars: int) -> str:
    """One line of at most ``max_chars`` characters, ending in … when cut."""
    line = " ".join(str(text).split())
    return line if len(line) <= max_chars else line[:max_chars - 1].rstrip() + "…"


def _capped_line(shown: int, total: int, noun: str) -> str:
    if shown < total:
        return f"<p>Showing {shown:,} of {total:,} {noun}.</p>"
    return f"<p>All {total:,} {noun}:</p>"
