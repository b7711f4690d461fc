"""Alternative text of every figure: what it shows, in words, for readers who cannot see it.

Universities' accessibility rules ask that every figure of a thesis carry a text alternative.
Each function returns one or two sentences in the report language — the kind of chart, what
its rows and columns are, and its main result — which the writers put after the caption
(Word: the picture's description; HTML: ``alt``).
"""
from __future__ import annotations

import pandas as pd

from ..messages import decimal, label
from .plotting import code_label


def _names(codes, codebook, lang: str, limit: int = 3) -> str:
    names = [code_label(c, codebook, lang) for c in list(codes)[:limit]]
    return ", ".join(names) if names else label("alt_none", lang)


def stances_alt(agreement: pd.DataFrame, codebook, lang: str, order: list[str]) -> str:
    rows = agreement[agreement["level"] == "code"]
    cases = int(rows["n_total"].max()) if len(rows) else 0
    return label("alt_stances", lang, n=len(rows), cases=cases,
                 top=_names(order, codebook, lang))


def theme_alt(codebook, codes: list[str], cases: list[str], lang: str) -> str:
    return label("alt_theme", lang, codes=_names(codes, codebook, lang, limit=len(codes)),
                 cases=", ".join(map(str, cases)))


def framework_alt(presence: pd.DataFrame, codebook, lang: str) -> str:
    raised = (presence.fillna(0) > 0).sum().sort_values(ascending=False, kind="stable")
    return label("alt_framework", lang, n=presence.shape[1], cases=len(presence),
                 top=_names(raised.index, codebook, lang))


def cooccurrence_alt(cooc: pd.DataFrame, codebook, lang: str) -> str:
    pairs = cooc[cooc["code_a"] != cooc["code_b"]].sort_values("jaccard", ascending=False,
                                                                 kind="stable")
    top = label("alt_none", lang)
    if len(pairs):
        best = pairs.iloc[0]
        top = (f"{code_label(best['code_a'], codebook, lang)} – "
               f"{code_label(best['code_b'], codebook, lang)} "
               f"{decimal(float(best['jaccard']), lang)}")
    return label("alt_cooccurrence", lang, n=cooc["code_a"].nunique(), top=top)


def saturation_alt(curve: pd.DataFrame, message: str, lang: str) -> str:
    total = int(curve["cumulative"].max()) if len(curve) else 0
    return label("alt_saturation", lang, n=len(curve), total=total, rule=message)


def reliability_alt(table: pd.DataFrame, codebook, lang: str) -> str:
    rows = table[table["level"] == "code"]
    alpha = pd.to_numeric(rows["krippendorff_alpha"], errors="coerce")
    low = rows.assign(alpha=alpha).dropna(subset=["alpha"]).sort_values("alpha", kind="stable")
    text = ", ".join(f"{code_label(r.name, codebook, lang)} {decimal(r.alpha, lang)}"
                     for r in low.head(3).itertuples()) or label("alt_none", lang)
    return label("alt_reliability", lang, n=len(rows), low=text)


def groups_alt(groups: pd.DataFrame, group_names: list[str], lang: str) -> str:
    return label("alt_groups", lang, n=groups["code"].nunique(),
                 groups=", ".join(group_names))
