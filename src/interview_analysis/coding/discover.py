"""Inductive theme discovery: what participants talk about that no code covers yet.

Non-negative matrix factorisation (NMF) of the lemma TF-IDF of the participant passages that no
coding covers. Each theme is a weighted set of lemmas; each passage belongs to the theme it loads
on most. The result is a reading list, not a finding: read the examples before naming a code.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF

from ..corpus.corpus import Corpus
from .features import lemma_vectorizer, passage_table

THEME_COLUMNS = ["theme", "top_terms", "n_passages", "example_passage_ids", "examples"]


def uncovered_passages(corpus: Corpus, codings: pd.DataFrame | None) -> pd.DataFrame:
    """Participant passages (with lemmas) that no coding in ``codings`` touches."""
    table = passage_table(corpus)
    if codings is None or codings.empty:
        return table
    return table[~table["passage_id"].isin(set(codings["passage_id"].dropna()))]


def discover_themes(corpus: Corpus, codings: pd.DataFrame | None = None, n_themes: int = 5,
                    n_terms: int = 8, seed: int = 0, n_examples: int = 3,
                    example_chars: int = 200) -> pd.DataFrame:
    """Themes in the uncoded participant passages.

    Parameters
    ----------
    corpus:
        The corpus.
    codings:
        Codings of any coder(s); passages they touch are left out. ``None``: all passages.
    n_themes, n_terms:
        Number of themes (fewer when there are too few passages) and terms shown per theme.
    seed:
        Random state of NMF; with the same corpus and seed the result is identical.
    n_examples, example_chars:
        Example passages per theme (those loading most on it) and how much of each to show.

    Returns
    -------
    DataFrame ``theme, top_terms, n_passages, example_passage_ids, examples``, largest theme
    first; ``top_terms`` and ``example_passage_ids`` are comma-separated, ``examples`` are
    separated by `` | ``. Stop words are spaCy's list for the corpus language.
    """
    table = uncovered_passages(corpus, codings)
    if len(table) < 2:
        return pd.DataFrame(columns=THEME_COLUMNS)
    vec = lemma_vectorizer(corpus.language, min_df=2 if len(table) >= 20 else 1)
    try:
        X = vec.fit_transform(table["lemmas"])
    except ValueError:  # nothing but stop words
        return pd.DataFrame(columns=THEME_COLUMNS)
    k = max(1, min(n_themes, X.shape[0] - 1, X.shape[1]))
    nmf = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=1000)
    W = nmf.fit_transform(X)
    H = nmf.components_
    terms = vec.get_feature_names_out()
    member = np.where(W.max(1) > 0, W.argmax(1), -1)
    rows = []
    for t in range(k):
        idx = np.flatnonzero(member == t)
        best = idx[np.argsort(-W[idx, t], kind="stable")][:n_examples]
        top = np.argsort(-H[t], kind="stable")[:n_terms]
        rows.append({"top_terms": ", ".join(terms[top]), "n_passages": len(idx),
                     "example_passage_ids": ", ".join(table["passage_id"].iloc[best]),
                     "examples": " | ".join(_clip(s, example_chars)
                                            for s in table["text"].iloc[best])})
    out = pd.DataFrame(rows).sort_values("n_passages", ascending=False, kind="stable")
    out.insert(0, "theme", np.arange(1, len(out) + 1))
    return out[THEME_COLUMNS].reset_index(drop=True)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"
