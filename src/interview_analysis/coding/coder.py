"""Rule coding: the codebook's rules applied to a corpus, every coding with what matched.

:class:`RuleCoder` follows the scikit-learn estimator shape — parameters in ``__init__``,
``fit`` (nothing to learn for rules), ``transform`` returns new codings — so it can be swapped
for or combined with model-based coders.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..base.progress import progress
from ..corpus.corpus import Corpus
from ..errors import CodebookError, RuleSyntaxError
from .codebook import Code, Codebook
from .codings import CODING_COLUMNS, empty_codings
from .rules import Hits, Rule, RuleMatcher


def _token_strings(corpus: Corpus, tokens: np.ndarray) -> dict[int, set[str]]:
    """``{passage row: {matched word forms}}`` for the given token positions."""
    index = corpus.tokens()
    tokens = np.asarray(tokens, np.int64)
    rows = index.passage[tokens].astype(np.int64)
    inside = rows >= 0
    # Each (passage, form) pair once; a vocabulary form is the lower-cased token text
    # (spaCy's LOWER), so no text is sliced.
    pairs = np.unique(rows[inside] * len(index.vocab) + index.form_id[tokens[inside]])
    out: dict[int, set[str]] = {}
    for p, form in zip((pairs // len(index.vocab)).tolist(),
                       index.vocab[pairs % len(index.vocab)].tolist()):
        out.setdefault(p, set()).add(form)
    return out


class RuleCoder:
    """Apply a codebook's rules for one language.

    Parameters
    ----------
    codebook:
        The codebook whose ``rules`` and ``exclude`` lists are applied.
    lang:
        Which language's rules to use (default: the corpus language).
    coder:
        Name written into the ``coder`` column.
    """

    def __init__(self, codebook: Codebook, lang: str | None = None, coder: str = "rules") -> None:
        self.codebook = codebook
        self.lang = lang
        self.coder = coder

    def fit(self, corpus: Corpus, codings: pd.DataFrame | None = None) -> "RuleCoder":
        """Rules learn nothing; present for the common coder interface."""
        return self

    @staticmethod
    def _passage_texts(corpus: Corpus, rules: list[Rule]) -> list[str | None] | None:
        """The texts regular expressions run on (participants' passages), when any rule is
        one."""
        return corpus.participant_texts() if any(r.reads_text for r in rules) else None

    def _apply(self, matcher: RuleMatcher, rules: list[Rule], code: Code, texts) -> Hits:
        found, tokens, strings = [], [], {}
        for rule in rules:
            try:
                hits = rule.evaluate(matcher, texts)
            except RuleSyntaxError as exc:
                raise CodebookError(f"rule of code '{code.id}' failed: {exc}",
                                    file=self.codebook.file, where=f"line {code.line}",
                                    value=rule.source) from None
            found.append(hits.passages)
            tokens.append(hits.tokens)
            for p, s in hits.strings.items():
                strings.setdefault(p, set()).update(s)
        passages = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
        tokens = np.concatenate(tokens) if tokens else np.zeros(0, np.int64)
        return Hits(passages, tokens, strings)

    def code_passages(self, corpus: Corpus, code: Code, lang: str,
                      matcher: RuleMatcher | None = None) -> tuple[np.ndarray, dict]:
        """Passage rows a code applies to, and ``{row: matched words}``.

        Answers are kept per token index, passage roles and the code's rules (by the
        ``matcher``), so after a codebook edit only the codes whose rules changed are
        evaluated again.
        """
        matcher = matcher or RuleMatcher.shared(corpus.tokens(), corpus.cache_dir)
        keep, matched = self._cached(corpus, code, lang, matcher)
        return keep.copy(), {p: set(s) for p, s in matched.items()}

    def _cached(self, corpus: Corpus, code: Code, lang: str, matcher: RuleMatcher
                ) -> tuple[np.ndarray, dict]:
        """:meth:`code_passages` as kept by the matcher (the caller must not change it)."""
        rules, exclude = code.rules.get(lang, []), code.exclude.get(lang, [])
        questions = code.questions.get(lang, [])
        if not rules and not questions:
            return np.zeros(0, np.int64), {}
        parts = tuple(tuple(r.source for r in part) for part in (rules, exclude, questions))
        return matcher.code(corpus.roles_key(), parts, lambda: self._code_passages(
            corpus, code, rules, exclude, questions, matcher))

    def _code_passages(self, corpus: Corpus, code: Code, rules: list[Rule],
                       exclude: list[Rule], questions: list[Rule], matcher: RuleMatcher
                       ) -> tuple[np.ndarray, dict]:
        texts = self._passage_texts(corpus, rules + exclude + questions)
        hits = self._apply(matcher, rules, code, texts)
        keep = hits.passages
        answered: dict[int, set[str]] = {}
        if questions:
            asked = self._apply(matcher, questions, code, texts)
            asked_words = _token_strings(corpus, asked.tokens)
            question_of = corpus.question_of()
            answers = np.flatnonzero(np.isin(question_of, asked.passages))
            for a in answers.tolist():
                q = int(question_of[a])
                answered[a] = {f"Q: {w}" for w in asked_words.get(q, asked.strings.get(q, ()))}
            keep = np.union1d(keep, answers)
        if exclude:
            keep = np.setdiff1d(keep, self._apply(matcher, exclude, code, texts).passages)
        keep = keep[corpus.participant_mask()[keep]]
        matched = _token_strings(corpus, hits.tokens)
        for p, s in (*hits.strings.items(), *answered.items()):
            matched.setdefault(p, set()).update(s)
        return keep, matched

    def transform(self, corpus: Corpus) -> pd.DataFrame:
        """Codings (long format, ``origin = rule``) for every participant passage that matches."""
        lang = self.lang or corpus.language
        # What unchanged rules matched in an earlier process is read back from the study's
        # cache; only new or edited rules are evaluated.
        matcher = RuleMatcher.shared(corpus.tokens(), corpus.cache_dir)
        rows, codes, matched_words = [], [], []
        for code in progress(list(self.codebook), "coding", unit="code"):
            keep, matched = self._cached(corpus, code, lang, matcher)
            rows.append(keep)
            codes.extend([code.id] * len(keep))
            matched_words.extend("; ".join(sorted(matched.get(p, ()))) for p in keep.tolist())
        matcher.save()
        if not codes:
            return empty_codings()
        # One vectorised take per column instead of a lookup per coding; the passage texts
        # are taken as references (an Arrow take would copy every long passage once per code).
        at = np.concatenate(rows)
        passages = corpus.passages

        def take(column: str, dtype=object) -> np.ndarray:
            return passages[column].to_numpy(dtype)[at]
        n = len(codes)
        columns = {"document": take("document").tolist(), "case": take("case").tolist(),
                   "passage_id": take("passage_id").tolist(),
                   "start": take("start", np.int64).tolist(),
                   "end": take("end", np.int64).tolist(), "code": codes,
                   "origin": ["rule"] * n, "coder": [self.coder] * n, "stance": [None] * n,
                   "score": [1.0] * n, "matched": matched_words, "memo": [None] * n,
                   # object dtype: a string column would copy every long passage again
                   "text": pd.Series(take("text"), dtype=object)}
        return pd.DataFrame(columns, columns=CODING_COLUMNS)

    def fit_transform(self, corpus: Corpus, codings: pd.DataFrame | None = None) -> pd.DataFrame:
        return self.fit(corpus, codings).transform(corpus)
