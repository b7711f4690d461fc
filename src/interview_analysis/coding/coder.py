"""Rule coding: the codebook's rules applied to a corpus, every coding with what matched.

:class:`RuleCoder` follows the scikit-learn estimator shape — parameters in ``__init__``,
``fit`` (nothing to learn for rules), ``transform`` returns new codings — so it can be swapped
for or combined with model-based coders.
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..errors import CodebookError
from . import rulecache
from .codebook import Codebook, Code
from .codings import CODING_COLUMNS, empty_codings
from .rules import Hits, Rule, RuleSyntaxError, _shared_cache


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


def _participant(corpus: Corpus) -> np.ndarray:
    """Boolean mask of participant passages, computed once per passages table."""
    cached = corpus.__dict__.get("_participant_mask")
    if cached is None or cached[0] is not corpus.passages:
        mask = (corpus.passages["role"] == "participant").to_numpy(bool, na_value=False)
        cached = corpus.__dict__["_participant_mask"] = (corpus.passages, mask)
    return cached[1]


def _roles_key(corpus: Corpus) -> str:
    """What rule answers depend on beyond the token index: which passages are the
    participants' and which are the interviewer's questions (roles come from study.yaml)."""
    cached = corpus.__dict__.get("_roles_key")
    if cached is None or cached[0] is not corpus.passages:
        roles = corpus.passages["role"].astype(str).str.cat(sep="\x1f")
        cached = corpus.__dict__["_roles_key"] = (
            corpus.passages, hashlib.sha1(roles.encode("utf-8")).hexdigest())
    return cached[1]


def question_of(passages: pd.DataFrame) -> np.ndarray:
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

    def _passage_texts(self, corpus: Corpus, rules: list[Rule]) -> list[str] | None:
        if not any(r.kind == "regex" for r in rules):
            return None
        # Kept on the corpus: one list for every code, and regex hits are cached per list.
        cached = corpus.__dict__.get("_participant_texts")
        if cached is None or cached[0] is not corpus.passages:
            texts = [t if r == "participant" else None for t, r in
                     zip(corpus.passages["text"].tolist(), corpus.passages["role"].tolist())]
            cached = corpus.__dict__["_participant_texts"] = (corpus.passages, texts)
        return cached[1]

    def _apply(self, corpus: Corpus, rules: list[Rule], code: Code, texts) -> Hits:
        found, tokens, strings = [], [], {}
        for rule in rules:
            try:
                hits = rule.match(corpus.tokens(), texts)
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

    def code_passages(self, corpus: Corpus, code: Code, lang: str) -> tuple[np.ndarray, dict]:
        """Passage rows a code applies to, and ``{row: matched words}``.

        Answers are kept per token index, passage roles and the code's rules, so after a
        codebook edit only the codes whose rules changed are evaluated again.
        """
        keep, matched = self._cached(corpus, code, lang)
        return keep.copy(), {p: set(s) for p, s in matched.items()}

    def _cached(self, corpus: Corpus, code: Code, lang: str) -> tuple[np.ndarray, dict]:
        """:meth:`code_passages` from the shared cache (the caller must not change it)."""
        rules, exclude = code.rules.get(lang, []), code.exclude.get(lang, [])
        questions = code.questions.get(lang, [])
        if not rules and not questions:
            return np.zeros(0, np.int64), {}
        index = corpus.tokens()
        cache = _shared_cache(index, "code")
        parts = tuple(tuple(r.source for r in part) for part in (rules, exclude, questions))
        key = (_roles_key(corpus), *parts)
        if key not in cache:
            disk, disk_key = rulecache.stored(index), rulecache.code_key(key[0], parts)
            found = disk.code(disk_key) if disk is not None else None
            if found is None:
                found = self._code_passages(corpus, code, rules, exclude, questions)
                if disk is not None:
                    disk.add_code(disk_key, *found)
            cache[key] = found
        return cache[key]

    def _code_passages(self, corpus: Corpus, code: Code, rules: list[Rule],
                       exclude: list[Rule], questions: list[Rule]) -> tuple[np.ndarray, dict]:
        texts = self._passage_texts(corpus, rules + exclude + questions)
        hits = self._apply(corpus, rules, code, texts)
        keep = hits.passages
        answered: dict[int, set[str]] = {}
        if questions:
            asked = self._apply(corpus, questions, code, texts)
            asked_words = _token_strings(corpus, asked.tokens)
            answers = np.flatnonzero(np.isin(self._questions(corpus), asked.passages))
            for a in answers.tolist():
                q = int(self._questions(corpus)[a])
                answered[a] = {f"Q: {w}" for w in asked_words.get(q, asked.strings.get(q, ()))}
            keep = np.union1d(keep, answers)
        if exclude:
            keep = np.setdiff1d(keep, self._apply(corpus, exclude, code, texts).passages)
        keep = keep[_participant(corpus)[keep]]
        matched = _token_strings(corpus, hits.tokens)
        for p, s in (*hits.strings.items(), *answered.items()):
            matched.setdefault(p, set()).update(s)
        return keep, matched

    def _questions(self, corpus: Corpus) -> np.ndarray:
        cached = corpus.__dict__.get("_question_of")
        if cached is None or len(cached) != len(corpus.passages):
            cached = corpus.__dict__["_question_of"] = question_of(corpus.passages)
        return cached

    def transform(self, corpus: Corpus) -> pd.DataFrame:
        """Codings (long format, ``origin = rule``) for every participant passage that matches."""
        from ..nlp.pipeline import progress

        lang = self.lang or corpus.language
        # What unchanged rules matched in an earlier process is read back from the study's
        # cache; only new or edited rules are evaluated.
        stored = rulecache.attach(corpus.tokens(), corpus.cache_dir)
        rows, codes, matched_words = [], [], []
        for code in progress(list(self.codebook), "coding", unit="code"):
            keep, matched = self._cached(corpus, code, lang)
            rows.append(keep)
            codes.extend([code.id] * len(keep))
            matched_words.extend("; ".join(sorted(matched.get(p, ()))) for p in keep.tolist())
        stored.save()
        if not codes:
            return empty_codings()
        # One vectorised take from the passages table instead of a lookup per coding.
        found = corpus.passages.iloc[np.concatenate(rows)]
        n = len(codes)
        columns = {"document": found["document"].tolist(), "case": found["case"].tolist(),
                   "passage_id": found["passage_id"].tolist(),
                   "start": found["start"].astype("int64").tolist(),
                   "end": found["end"].astype("int64").tolist(), "code": codes,
                   "origin": ["rule"] * n, "coder": [self.coder] * n, "stance": [None] * n,
                   "score": [1.0] * n, "matched": matched_words, "memo": [None] * n,
                   "text": found["text"].tolist()}
        return pd.DataFrame(columns, columns=CODING_COLUMNS)

    def fit_transform(self, corpus: Corpus, codings: pd.DataFrame | None = None) -> pd.DataFrame:
        return self.fit(corpus, codings).transform(corpus)
