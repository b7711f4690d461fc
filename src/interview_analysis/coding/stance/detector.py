"""Automatic stance for every coding that has no researcher stance: no training, fi and en.

:class:`StanceDetector` follows the scikit-learn estimator shape (parameters in ``__init__``,
``fit``, ``transform``). For each coding without a stance it judges the sentences that speak
about the coded topic (:mod:`.focus`) with the language's cue lists (:mod:`.cues`), plus the
code's own stance rules from the codebook, and fills in

* ``stance`` — ``positive``, ``negative``, ``mixed`` or empty when nothing evaluative is said
  (for a code whose codebook entry says ``mention: positive`` or ``negative``, that, with the
  cue ``~named``);
* ``stance_origin`` — ``coder`` for a stance a coder gave (it always wins), ``auto`` for one
  this detector gave (or looked for and did not find);
* ``stance_evidence`` — the cue words and the sentence they are in, so a reader can check it;
* ``stance_score`` — how much the stance rests on (explicit cues count 1, implicit ones ½,
  twice that in the answer to a question about the code; a coder's stance 1), used when a
  case's codings are combined.

Examples
--------
>>> detector = StanceDetector("fi", codebook)               # doctest: +SKIP
>>> codings = detector.fit(corpus).transform(codings, corpus)  # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .coderules import CodeCues
from .cues import CueFinder, Judgement, Token
from .focus import ANSWER_SENTENCES, PassageText, matched_words, own_part
from .lexicon import Lexicon, load_lexicon

#: How much more the answer to a question about the code weighs than a mention in passing
#: (a theme interview asks about each topic; measured in ``bench/stance.py``).
ANSWER_WEIGHT = 2.0
#: The cue of a code with ``mention: positive|negative`` named with nothing evaluative
#: around it.
MENTIONED = "named"
#: Characters of the judged sentence kept in ``stance_evidence``.
EVIDENCE_CHARS = 240
_ANAPHORA = {"fi": {"se", "sen", "sitä", "siitä", "siinä", "siihen", "sillä", "siltä", "ne",
                    "niitä", "niistä", "niissä", "niihin", "niillä", "niiltä", "niiden", "tämä",
                    "tästä", "tässä", "nämä", "näistä", "näissä", "sellainen", "sellaiset",
                    "semmoinen", "siksi", "sitten", "silloin", "ja", "mutta", "eli", "koska"},
             "en": {"it", "its", "they", "them", "their", "this", "that", "these", "those",
                    "which", "so", "and", "but", "because", "then"}}

#: "I really appreciated that": a sentence that opens with the speaker and refers back within
#: its first words is about the same thing as the sentence before it.
_FIRST_PERSON = {"fi": {"minä", "mä", "mää", "me", "meillä", "minulle", "mulle"},
                 "en": {"i", "we"}}
_OBJECT_ANAPHORA = {"fi": {"sitä", "siitä", "sen", "niitä", "niistä", "tätä", "tästä"},
                    "en": {"that", "it", "this", "them", "those"}}
ANAPHOR_REACH = 5


def has_stance(value: object) -> bool:
    """Whether a coding's stance cell holds a stance a coder gave."""
    return isinstance(value, str) and value.strip() != ""


class StanceDetector:
    """Suggest a stance for codings that have none (see the module docstring).

    Parameters
    ----------
    lang:
        Language of the texts (``fi``, ``en``; others use the English cues).
    codebook:
        Optional: codes' own stance rules (``stance:`` blocks) are used as extra cues.
    lexicon:
        Cue lists (default: the package's lists for ``lang``).
    """

    def __init__(self, lang: str, codebook=None, lexicon: Lexicon | None = None) -> None:
        self.lang = lang
        self.codebook = codebook
        self.lexicon = lexicon or load_lexicon(lang)
        self._finder = CueFinder(lang, self.lexicon)
        self._code_cues = CodeCues(codebook, lang)
        self._passages: dict[str, PassageText] = {}

    def fit(self, corpus=None, codings: pd.DataFrame | None = None) -> "StanceDetector":
        """Cues need no training; present for the common coder interface."""
        return self

    # -- one coding ----------------------------------------------------------------------
    def _passage(self, corpus, passage_id: str, where) -> PassageText:
        if passage_id not in self._passages:
            document, start, end = where
            self._passages[passage_id] = PassageText.of(corpus.texts[document], int(start),
                                                        int(end), self.lang)
        return self._passages[passage_id]

    def _contrast(self, tokens: list[Token], i: int) -> bool:
        return self._finder._match(tokens, i, "contrast") > 0

    def focus(self, passage: PassageText, row, others: set[str], text: str) -> list[Token]:
        """The tokens a coding's stance is judged on (see :mod:`.focus`)."""
        start, end = int(row.start), int(row.end)
        if row.origin != "rule" and (start > passage.start or end < passage.end):
            return [t for i in passage.covering(start, end) for t in passage.tokens[i]]
        words, strings, question = matched_words(row.matched)
        chosen = passage.holding(words, strings, text) if words or strings else []
        if not chosen:
            limit = ANSWER_SENTENCES if question else len(passage.tokens)
            return [t for tokens in passage.tokens[:limit] for t in tokens]
        if question and chosen[0] > 0:  # the answer's first words answer the question
            chosen = sorted({0, *chosen})
        tokens = [t for i in chosen for t in own_part(passage.tokens[i], words, others,
                                                      self._contrast)]
        follow = chosen[-1] + 1
        if follow < len(passage.tokens) and self._anaphoric(passage.tokens[follow], others):
            tokens += passage.tokens[follow]
        return tokens

    def _anaphoric(self, tokens: list[Token], others: set[str]) -> bool:
        """A following sentence about the same thing: it starts with "Se/Ne/It/They…" (not
        "Sen sijaan", "instead") and names no other coded topic."""
        anaphora = _ANAPHORA.get(self.lang, set())
        refers = bool(tokens) and (tokens[0].form in anaphora or (
            tokens[0].form in _FIRST_PERSON.get(self.lang, ()) and
            any(t.form in _OBJECT_ANAPHORA.get(self.lang, ()) for t in tokens[1:ANAPHOR_REACH])))
        return refers and not self._contrast(tokens, 0) and \
            not any(t.form in others for t in tokens)

    def judge(self, tokens: list[Token], question: bool, extra=(), first: bool = False,
              absence: int = -1) -> Judgement:
        """The cues and stance of the focus tokens (plus ``extra`` cues: the code's own).

        When the focus starts the passage (``first``), an answer word that stands alone there
        ("No.", "Kyllä.", "Ei oikeastaan.") is a cue; for a coding that came from the question
        it decides when nothing else does.
        """
        answer = self._answer(tokens) if (first or question) and tokens else None
        if first and answer is not None:
            side = 1 if answer.stance == "positive" else -1
            extra = [*extra, (0, side, (answer.positive or answer.negative)[0])]
        found = self._finder.judge(tokens, extra, absence)
        if question and found.stance is None and answer is not None:
            return answer
        return found

    def _answer(self, tokens: list[Token]) -> Judgement | None:
        for kind, side in (("answer_no", "negative"), ("answer_yes", "positive")):
            n = self._finder._match(tokens, 0, kind)
            if n and (n == len(tokens) or not tokens[n].form[0].isalnum()):
                words = " ".join(t.form for t in tokens[:n])
                found = Judgement(stance=side)
                getattr(found, side).append(words)
                return found
        return None

    # -- a table of codings --------------------------------------------------------------
    def transform(self, codings: pd.DataFrame, corpus) -> pd.DataFrame:
        """``codings`` with ``stance``, ``stance_origin`` and ``stance_evidence`` filled in
        for every coding on a known passage that has no stance (given stances are kept).

        Codings with the same focus are judged once: in one passage, the codes matched on
        the same words (or placed on the same span) are judged on the same tokens, and a
        codebook with thousands of codes has many of them (issue #23).
        """
        out = codings.copy()
        given = out["stance"].map(has_stance) if "stance" in out else \
            pd.Series(False, index=out.index)
        origin = np.where(given, "coder", None).astype(object)
        evidence = np.full(len(out), None, dtype=object)
        stances = np.array(out["stance"].where(given, None).tolist() if "stance" in out
                           else [None] * len(out), dtype=object)
        scores = np.where(given, 1.0, np.nan)
        passages = corpus.passages
        where = dict(zip(passages["passage_id"].tolist(),
                         zip(passages["document"].tolist(), passages["start"].tolist(),
                             passages["end"].tolist())))
        others = self._words_by_passage(out)
        foci: dict[tuple, tuple] = {}
        judged: dict[tuple, tuple[str | None, str | None, float]] = {}
        for k, row in enumerate(out.itertuples(index=False)):
            if given.iat[k] or not isinstance(row.passage_id, str) or row.passage_id not in \
                    where:
                continue
            stances[k], evidence[k], scores[k] = self._judge_row(
                corpus, row, where[row.passage_id], others, foci, judged)
            origin[k] = "auto"
        return out.assign(stance=stances, stance_origin=origin, stance_evidence=evidence,
                          stance_score=scores)

    def _judge_row(self, corpus, row, where: tuple, others: dict, foci: dict | None = None,
                   judged: dict | None = None) -> tuple[str | None, str | None, float]:
        """The stance, evidence and score of one coding; ``foci`` and ``judged`` remember
        the focus of each (passage, matched words or span) and the verdict of each (passage,
        focus, code's own cues), so that equal ones are worked out once."""
        foci = {} if foci is None else foci
        judged = {} if judged is None else judged
        passage = self._passage(corpus, row.passage_id, where)
        text = corpus.texts[where[0]]
        matched = getattr(row, "matched", None)
        words, strings, question = matched_words(matched)
        partial = row.origin != "rule" and (int(row.start) > passage.start or
                                            int(row.end) < passage.end)
        focus_key = (row.passage_id, (int(row.start), int(row.end)) if partial else None,
                     frozenset(words), frozenset(strings), question)
        if focus_key not in foci:
            other = others.get(row.passage_id, {}).get("all", set()) - words
            tokens = self.focus(passage, row, other, text)
            foci[focus_key] = (tuple(tokens), tuple(t.start for t in tokens))
        tokens, starts = foci[focus_key]
        key = (row.passage_id, starts, question, bool(words), self._code_cues.key(row.code))
        if key not in judged:
            judged[key] = self._verdict(passage, list(tokens), text, row.code,
                                        question, bool(words))
        return judged[key]

    def _verdict(self, passage: PassageText, tokens: list[Token], text: str, code: str,
                 question: bool, by_words: bool) -> tuple[str | None, str | None, float]:
        """The stance, evidence and score of a coding of ``code`` judged on ``tokens``."""
        found = self.judge(tokens, question and not by_words,
                           self._code_cues.hits(code, tokens, text),
                           first=bool(tokens) and tokens[0] is passage.tokens[0][0],
                           absence=self._code_cues.absence(code))
        mention = self._code_cues.mention(code)
        if found.stance is None and tokens and mention:
            found.stance, found.implicit = mention, [MENTIONED]
        if found.stance is None or not tokens:
            return None, None, 0.0
        sentence = " ".join(text[tokens[0].start:tokens[-1].end].split())
        if len(sentence) > EVIDENCE_CHARS:
            sentence = sentence[:EVIDENCE_CHARS - 1].rstrip() + "…"
        weight = ANSWER_WEIGHT if question else 1.0
        return found.stance, f"{', '.join(found.cues)} | {sentence}", weight * found.strength

    @staticmethod
    def _words_by_passage(codings: pd.DataFrame) -> dict[str, dict[str, set[str]]]:
        """Every rule-matched word form per passage (to tell one topic's words from
        another's in a shared sentence)."""
        out: dict[str, dict[str, set[str]]] = {}
        if "matched" not in codings:
            return out
        for pid, matched in zip(codings["passage_id"].tolist(), codings["matched"].tolist()):
            if isinstance(pid, str):
                words = matched_words(matched)[0]
                out.setdefault(pid, {}).setdefault("all", set()).update(words)
        return out


def detect_stances(codings: pd.DataFrame, corpus, codebook=None,
                   lang: str | None = None) -> pd.DataFrame:
    """``codings`` with an automatic stance for every coding that has none."""
    return StanceDetector(lang or corpus.language, codebook).transform(codings, corpus)
