"""Passage features for the learned coders: lemma strings, raw text and the vectorisers on them.

Every model in :mod:`interview_analysis.coding` (code suggestions, stance, theme discovery) sees
a passage as two strings: its *lemmas* (from the corpus token index, so Finnish inflection and
English plurals collapse to one feature) and its lower-cased *text* (for character n-grams,
which catch compound parts and word forms the lemmatiser does not know).
"""
from __future__ import annotations

import re
import weakref
from functools import lru_cache
from importlib import import_module

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from ..corpus.corpus import Corpus

_lemma_cache: "weakref.WeakKeyDictionary[Corpus, np.ndarray]" = weakref.WeakKeyDictionary()
_WORDLIKE = re.compile(r"\w", re.UNICODE)
_EDGE_PUNCT = ".,;:!?\"'()[]"


@lru_cache(maxsize=16)
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop-word list for ``lang`` (empty when spaCy has none for it)."""
    try:
        return frozenset(import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)
    except (ImportError, AttributeError):
        return frozenset()


def _passage_lemmas(corpus: Corpus) -> np.ndarray:
    """One space-joined lemma string per row of ``corpus.passages`` (stop words kept)."""
    cached = _lemma_cache.get(corpus)
    if cached is not None:
        return cached
    index = corpus.tokens()
    inside = index.passage >= 0
    rows = index.passage[inside]
    lemmas = index.lemmas[index.form_id[inside]]
    order = np.argsort(rows, kind="stable")
    rows, lemmas = rows[order], lemmas[order]
    bounds = np.searchsorted(rows, np.arange(len(corpus.passages) + 1))
    out = np.array([" ".join(lemmas[bounds[i]:bounds[i + 1]])
                    for i in range(len(corpus.passages))], dtype=object)
    _lemma_cache[corpus] = out
    return out


def span_lemmas(corpus: Corpus, document: str, start: int, end: int) -> str:
    """Space-joined lemmas of the tokens inside ``[start, end)`` of one document."""
    index = corpus.tokens()
    doc_no = list(corpus.texts).index(document)
    lo, hi = np.searchsorted(index.doc, [doc_no, doc_no + 1])
    starts, ends = index.start[lo:hi], index.end[lo:hi]
    inside = (starts >= start) & (ends <= end)
    return " ".join(index.lemmas[index.form_id[lo:hi][inside]])


def passage_table(corpus: Corpus, participant_only: bool = True) -> pd.DataFrame:
    """Passages with lemmas: ``passage_id, document, case, text, lemmas, question,
    context``.

    ``question`` holds the lemmas of the nearest interviewer (non-participant) passage before
    the passage in its document — the question it answers ("" when there is none);
    ``context`` the lemmas of the neighbouring passages (before and after, same document,
    among the rows returned). The index is the passage's row number in ``corpus.passages``.
    """
    passages = corpus.passages[["passage_id", "document", "case", "role", "text"]].copy()
    passages["lemmas"] = _passage_lemmas(corpus)
    asked = passages["lemmas"].where(passages["role"] != "participant")
    passages["question"] = asked.groupby(passages["document"], sort=False).ffill().fillna("")
    passages.loc[passages["role"] != "participant", "question"] = ""
    if participant_only:
        passages = passages[passages["role"] == "participant"]
    passages["context"] = _neighbour_lemmas(passages)
    return passages.drop(columns="role")


def _neighbour_lemmas(passages: pd.DataFrame) -> pd.Series:
    """The lemmas of the passages just before and after each one in its document (among
    the rows given): the context a sentence or a short turn takes its topic from."""
    by_doc = passages.groupby("document", sort=False)["lemmas"]
    before, after = by_doc.shift(1).fillna(""), by_doc.shift(-1).fillna("")
    return (before + " " + after).str.strip()


class LemmaAnalyzer:
    """Split a lemma string into terms, dropping stop words, one-letter and digit-only tokens.

    A class (not a lambda) so fitted vectorisers can be pickled.
    """

    def __init__(self, lang: str, ngrams: int = 1) -> None:
        self.lang = lang
        self.ngrams = ngrams
        self.stop = stop_words(lang)

    def __call__(self, text: str) -> list[str]:
        words = [w for w in (t.strip(_EDGE_PUNCT) for t in text.split())
                 if len(w) > 1 and w not in self.stop and not w.isdigit() and _WORDLIKE.search(w)]
        terms = list(words)
        for n in range(2, self.ngrams + 1):
            terms.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
        return terms


def _select(frame: pd.DataFrame, name: str) -> list[str]:
    return frame[name].fillna("").tolist()


def _column(name: str) -> FunctionTransformer:
    return FunctionTransformer(_select, kw_args={"name": name}, validate=False)


def lemma_vectorizer(lang: str, ngrams: int = 1, min_df: int = 1,
                     max_features: int | None = None) -> TfidfVectorizer:
    """Sublinear TF-IDF over lemmas (stop words removed)."""
    return TfidfVectorizer(analyzer=LemmaAnalyzer(lang, ngrams), sublinear_tf=True,
                           min_df=min_df, max_features=max_features, lowercase=False)


def passage_features(lang: str, lemma_ngrams: int = 1, char_ngrams: tuple[int, int] = (3, 5),
                     char_weight: float = 1.0, question_weight: float = 0.0, min_df: int = 1,
                     max_features: int | None = 200_000,
                     context_weight: float = 0.0) -> FeatureUnion:
    """Lemma TF-IDF plus character n-gram TF-IDF (``char_wb``) on a passage table.

    Takes a DataFrame with ``lemmas`` and ``text`` columns (see :func:`passage_table`). Character
    n-grams of 3–5 inside word boundaries suit Finnish morphology: the stem of *sähköpostitse*
    and *sähköpostiviestit* is shared even where the lemmatiser gives different lemmas. With
    ``question_weight`` (``context_weight``) > 0 the lemmas of the ``question`` (``context``)
    column are one more block; a block with no word at all (a study without interviewer
    passages, a survey of one answer per case) is an empty block, not an error.
    """
    parts = [("lemmas", Pipeline([("column", _column("lemmas")),
                                  ("tfidf", OptionalBlock(lemma_vectorizer(
                                      lang, lemma_ngrams, min_df, max_features)))]))]
    weights = {"lemmas": 1.0}
    if char_weight > 0:
        parts.append(("chars", Pipeline([
            ("column", _column("text")),
            ("tfidf", OptionalBlock(TfidfVectorizer(
                analyzer="char_wb", ngram_range=char_ngrams, sublinear_tf=True, lowercase=True,
                min_df=max(min_df, 2), max_features=max_features)))])))
        weights["chars"] = char_weight
    for name, weight in (("question", question_weight), ("context", context_weight)):
        if weight > 0:
            parts.append((name, Pipeline([
                ("column", _column(name)),
                ("tfidf", OptionalBlock(lemma_vectorizer(lang, 1, min_df, max_features)))])))
            weights[name] = weight
    return FeatureUnion(parts, transformer_weights=weights)


class OptionalBlock(TransformerMixin, BaseEstimator):
    """A vectoriser that gives zero columns, not an error, when its texts have no term.

    The question and context blocks are empty for whole kinds of study (survey answers, turns
    without an interviewer); the model must then simply do without them.
    """

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.vectorizer = vectorizer

    def fit(self, texts, y=None) -> "OptionalBlock":
        try:
            self.vectorizer.fit(texts)
            self.empty_ = False
        except ValueError:  # scikit-learn: "empty vocabulary" (or min_df above the count)
            self.empty_ = True
        return self

    def transform(self, texts):
        if self.empty_:
            return sp.csr_matrix((len(texts), 0))
        return self.vectorizer.transform(texts)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        if self.empty_:
            return np.zeros(0, dtype=object)
        return self.vectorizer.get_feature_names_out()


def feature_names(union: FeatureUnion) -> np.ndarray:
    """Readable names of a fitted :func:`passage_features` union: lemmas as-is, character
    n-grams quoted (``'posti'``)."""
    names = []
    for name, pipe in union.transformer_list:
        vocab = pipe.named_steps["tfidf"].get_feature_names_out()
        prefix = {"question": "Q:", "context": "C:"}.get(name)
        names.extend(vocab if name == "lemmas" else [f"{prefix}{v}" for v in vocab]
                     if prefix else [f"'{v.strip()}'" for v in vocab])
    return np.asarray(names, dtype=object)


def lemma_feature_count(union: FeatureUnion) -> int:
    """How many of the union's columns come from the lemma branch (they come first)."""
    return len(union.transformer_list[0][1].named_steps["tfidf"].get_feature_names_out())
