"""Rule coding: the codebook's rules applied to a corpus, every coding with what matched.

:class:`RuleCoder` follows the scikit-learn estimator shape — parameters in ``__init__``,
``fit`` (nothing to learn for rules), ``transform`` returns new codings — so it can be swapped
for or combined with model-based coders.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..errors import CodebookError
from .codebook import Codebook, Code
from .codings import CODING_COLUMNS, empty_codings
from .rules import Hits, Rule, RuleSyntaxError


def _token_strings(corpus: Corpus, tokens: np.ndarray) -> dict[int, set[str]]:
    """``{passage row: {matched word forms}}`` for the given token positions."""
    index = corpus.tokens()
    docs = list(corpus.texts)
    out: dict[int, set[str]] = {}
    for t in np.unique(tokens):
        p = int(index.passage[t])
        if p >= 0:
            text = corpus.texts[docs[index.doc[t]]]
            out.setdefault(p, set()).add(text[index.start[t]:index.end[t]].lower())
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
        role = corpus.passages["role"].to_numpy()
        return [t if r == "participant" else None
                for t, r in zip(corpus.passages["text"].tolist(), role)]

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
        """Passage rows a code applies to, and ``{row: matched words}``."""
        rules, exclude = code.rules.get(lang, []), code.exclude.get(lang, [])
        if not rules:
            return np.zeros(0, np.int64), {}
        texts = self._passage_texts(corpus, rules + exclude)
        hits = self._apply(corpus, rules, code, texts)
        keep = hits.passages
        if exclude:
            keep = np.setdiff1d(keep, self._apply(corpus, exclude, code, texts).passages)
        participant = corpus.passages["role"].to_numpy() == "participant"
        keep = keep[participant[keep]]
        matched = _token_strings(corpus, hits.tokens)
        for p, s in hits.strings.items():
            matched.setdefault(p, set()).update(s)
        return keep, matched

    def transform(self, corpus: Corpus) -> pd.DataFrame:
        """Codings (long format, ``origin = rule``) for every participant passage that matches."""
        lang = self.lang or corpus.language
        rows = []
        passages = corpus.passages
        for code in self.codebook:
            keep, matched = self.code_passages(corpus, code, lang)
            for p in keep.tolist():
                row = passages.iloc[p]
                rows.append({"document": row["document"], "case": row["case"],
                             "passage_id": row["passage_id"], "start": int(row["start"]),
                             "end": int(row["end"]), "code": code.id, "origin": "rule",
                             "coder": self.coder, "stance": None, "score": 1.0,
                             "matched": "; ".join(sorted(matched.get(p, ()))), "memo": None,
                             "text": row["text"]})
        if not rows:
            return empty_codings()
        return pd.DataFrame(rows, columns=CODING_COLUMNS)

    def fit_transform(self, corpus: Corpus, codings: pd.DataFrame | None = None) -> pd.DataFrame:
        return self.fit(corpus, codings).transform(corpus)
