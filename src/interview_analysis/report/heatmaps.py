"""Heatmaps: codes by cases (the framework picture) and code co-occurrence (clustered).

Both take ``ax=None``, return the figure and summarise large studies: beyond ``max_codes``
the least frequent codes are summed into one row (framework) or left out (co-occurrence),
beyond ``max_cases`` case columns are thin and only every k-th is labelled.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .plotting import (
    code_label,
    codebook_order,
    fit_labels,
    legend_below,
    row_height_cm,
    top_codes,
)
from .style import (
    EDGE,
    OKABE_ITO,
    SEQUENTIAL_CMAP,
    decimal,
    figure_style,
    label,
    language,
    new_figure,
    number_formatter,
    wrap,
)

MAX_CODES = 40
MAX_CASES = 60


# -- framework heatmap ---------------------------------------------------------------------

def _heatmap_rows(codes: list[str], codebook, lang: str) -> list[tuple[str, str | None]]:
    """``(label, code or None)`` rows: a bold theme header before each theme's codes."""
    rows, theme = [], None
    for code in codes:
        this = code.split("/", 1)[0]
        if codebook is not None and this != theme and this in codebook and this != code:
            rows.append((codebook.label(this, lang), None))
        theme = this
        rows.append((code_label(code, codebook, lang), code))
    return rows


def _sparse_ticks(n: int, limit: int = 30) -> np.ndarray:
    step = max(1, math.ceil(n / limit))
    return np.arange(0, n, step)


def framework_heatmap(matrix: pd.DataFrame, codebook=None, lang: str = "en", ax=None,
                      value: str = "presence", max_codes: int = MAX_CODES,
                      max_cases: int = MAX_CASES):
    """Codes (rows, grouped by theme) by cases (columns): which interviewee said what.

    Parameters
    ----------
    matrix:
        ``case_code_matrix`` output: index case, columns code IDs, presence or counts.
    value:
        ``presence`` (two colours) or ``count`` (sequential colours with the numbers).
    max_codes, max_cases:
        Beyond ``max_codes`` the least frequent codes are summed in one "other" row; beyond
        ``max_cases`` the case columns are thin and only every k-th is labelled.
    """
    # matplotlib only when a figure is drawn: a report whose figures are unchanged never
    # imports it
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator
    lang = language(lang)
    data = matrix.fillna(0).astype(float)
    parents = {c.parent for c in codebook} if codebook is not None else set()
    codes = [c for c in codebook_order(data.columns, codebook) if c not in parents]
    keep, rest = top_codes((data[codes] > 0).sum(), max_codes)
    rows = _heatmap_rows(keep, codebook, lang)
    if rest:
        rows.append((label("other_codes", lang, n=len(rest)), "__other__"))
        data["__other__"] = data[rest].sum(axis=1) if value == "count" else \
            (data[rest] > 0).sum(axis=1)
    values = np.full((len(rows), len(data)), np.nan)
    for i, (_, code) in enumerate(rows):
        if code is not None:
            values[i] = data[code].to_numpy()
    labels = fit_labels([t for t, _ in rows], len(rows))
    height = 3.2 + len(rows) * row_height_cm(labels) * (0.8 if len(rows) > 30 else 1)
    with figure_style():
        fig, ax = new_figure(height, ax)
        if value == "count":
            top = np.nanmax(values) if np.isfinite(values).any() else 1.0
            image = ax.imshow(np.ma.masked_invalid(values), cmap=_sequential(), aspect="auto",
                              vmin=0, vmax=max(1.0, top))
            bar = fig.colorbar(image, ax=ax, location="bottom", shrink=0.5, aspect=30,
                               label=label("count", lang), pad=0.02)
            bar.locator = MaxNLocator(integer=True)
            bar.update_ticks()
        else:
            cmap = ListedColormap(["#F0F0F0", OKABE_ITO["blue"]]).with_extremes(bad="white")
            ax.imshow(np.ma.masked_invalid(np.where(np.isnan(values), np.nan, values > 0)),
                      cmap=cmap, aspect="auto", vmin=0, vmax=1)
            legend_below(ax, [Patch(facecolor=OKABE_ITO["blue"], edgecolor=EDGE, linewidth=0.4,
                                    label=label("coded", lang)),
                              Patch(facecolor="#F0F0F0", edgecolor=EDGE, linewidth=0.4,
                                    label=label("not_coded", lang))])
        room = len(data) <= 25 and len(rows) <= 45
        _annotate(ax, values, [i for i, (_, c) in enumerate(rows)
                               if value == "count" or c == "__other__"], room,
                  value == "count")
        _heatmap_axes(ax, rows, labels, list(data.index), max_cases)
    return fig


def _sequential():
    import matplotlib
    return matplotlib.colormaps[SEQUENTIAL_CMAP].with_extremes(bad="white")


def _annotate(ax, values: np.ndarray, rows: list[int], room: bool, counts: bool) -> None:
    """Numbers in the cells of ``rows`` (all rows of a count map, or the "other" row)."""
    if not room or not rows:
        return
    top = np.nanmax(values[rows]) if np.isfinite(values[rows]).any() else 1
    for i in rows:
        for j, v in enumerate(values[i]):
            if np.isfinite(v) and v > 0:
                dark = v > 0.55 * top if counts else True  # presence cells are dark blue
                ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7,
                        color="white" if dark else "black")


def _heatmap_axes(ax, rows, labels, cases: list[str], max_cases: int) -> None:
    ax.set_yticks(np.arange(len(rows)), labels)
    for tick, (_, code) in zip(ax.get_yticklabels(), rows):
        if code is None:
            tick.set_fontweight("bold")
    ticks = _sparse_ticks(len(cases)) if len(cases) > max_cases else np.arange(len(cases))
    ax.set_xticks(ticks, [cases[i] for i in ticks],
                  rotation=90 if len(cases) > 12 or max(map(len, cases), default=0) > 6 else 0)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if len(cases) <= max_cases:
        ax.set_xticks(np.arange(len(cases) + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(len(rows) + 1) - 0.5, minor=True)
        ax.grid(which="minor", color="white", linewidth=1.2)
        ax.tick_params(which="minor", length=0)
    for i, (_, code) in enumerate(rows):
        if code is None and i > 0:
            ax.axhline(i - 0.5, color=EDGE, linewidth=0.8)


# -- co-occurrence --------------------------------------------------------------------------

def _square(cooc: pd.DataFrame, value: str) -> tuple[pd.DataFrame, pd.Series]:
    """A symmetric code × code matrix of ``value`` and each code's weight (for top-N)."""
    if {"code_a", "code_b"} <= set(cooc.columns):
        codes = list(dict.fromkeys([*cooc["code_a"], *cooc["code_b"]]))
        index = pd.Index(codes)
        a, b = index.get_indexer(cooc["code_a"]), index.get_indexer(cooc["code_b"])
        values = np.zeros((len(codes), len(codes)))
        np.fmax.at(values, (a, b), cooc[value].to_numpy(dtype=float))  # a missing value: 0
        values = np.maximum(values, values.T)
        count = cooc["count"].to_numpy(dtype=float)
        weight = np.zeros(len(codes))
        np.add.at(weight, a, count)
        np.add.at(weight, b[a != b], count[a != b])
        return pd.DataFrame(values, index=codes, columns=codes), pd.Series(weight, index=codes)
    square = cooc.astype(float)
    square = np.maximum(square, square.T)
    return square, square.sum(axis=1)


def cluster_order(square: pd.DataFrame) -> list[str]:
    """Codes ordered by average-linkage clustering on 1 − value (optimal leaf order)."""
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform
    if len(square) < 3:
        return list(square.index)
    top = float(np.nanmax(square.to_numpy())) or 1.0
    dist = 1.0 - square.to_numpy() / top
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(np.clip(dist, 0, None), checks=False), "average",
                   optimal_ordering=True)
    return [square.index[i] for i in leaves_list(tree)]


def cooccurrence_heatmap(cooc: pd.DataFrame, codebook=None, lang: str = "en", ax=None,
                         value: str = "jaccard", max_codes: int = MAX_CODES,
                         cluster: bool | None = None):
    """Lower-triangle heatmap of code co-occurrence (Jaccard by default).

    ``cooc`` is ``cooccurrence`` output (long: ``code_a, code_b, count, jaccard``) or a square
    matrix. Codes are clustered (similar codes side by side) when there are more than eight,
    or when ``cluster=True``; beyond ``max_codes`` only the most frequent are kept.
    """
    lang = language(lang)
    square, weight = _square(cooc, value)
    keep, _ = top_codes(weight, max_codes)
    values = square.loc[keep, keep].to_numpy(dtype=float, copy=True)
    np.fill_diagonal(values, np.nan)
    square = pd.DataFrame(values, index=keep, columns=keep)
    order = cluster_order(square.fillna(0)) if (cluster or (cluster is None and len(keep) > 8)) \
        else codebook_order(keep, codebook)
    square = square.loc[order, order]
    names = [code_label(c, codebook, lang) for c in order]
    many = len(order) - 1 > 20
    # The lower triangle without its last, empty column; without its empty first row too,
    # unless the columns are numbered — then row 1 names the first column's code.
    shown = square.to_numpy().copy()
    shown[np.triu_indices(len(order))] = np.nan
    shown = shown[(0 if many else 1):, :-1]
    n = max(len(order) - 1, 1)
    top = np.nanmax(shown) if np.isfinite(shown).any() else 1.0
    vmax = max(math.ceil(top * 10) / 10, 0.1) if value == "jaccard" else max(top, 1)
    # Labels are wrapped at word boundaries and never cut ("Relationship maintenance and…"
    # loses its topic). With many codes the columns are numbered and each row label carries
    # its number, as in a correlation matrix: whole labels once, no crowded rotated text.
    if many:
        ylabels = [wrap(f"{k} {t}", 48) for k, t in enumerate(names, start=1)]
        xlabels = [str(k) for k in range(1, len(names))]
    else:
        ylabels = [wrap(t, 30) for t in names[1:]]
        xlabels = [str(t) for t in names[:-1]]  # rotated 45°: one whole line each
    with figure_style():
        lines = max((t.count("\n") + 1 for t in ylabels), default=1)
        fig, ax = new_figure(4.0 + n * (0.5 if n <= 20 else 0.42 + 0.08 * (lines - 1)), ax)
        image = ax.imshow(np.ma.masked_invalid(shown), cmap=_sequential(), vmin=0, vmax=vmax,
                          aspect="equal" if 4 < n <= 20 else "auto")
        if n <= 12:
            for i, j in zip(*np.where(np.isfinite(shown) & (shown > 0))):
                v = shown[i, j]
                ax.text(j, i, decimal(v, lang) if value == "jaccard" else f"{v:.0f}",
                        ha="center", va="center", fontsize=7,
                        color="white" if v > 0.6 * vmax else "black")
        ax.set_yticks(np.arange(len(ylabels)), ylabels)
        ax.set_xticks(np.arange(len(xlabels)), xlabels, rotation=90 if many else 45,
                      ha="center" if many else "right",
                      rotation_mode="default" if many else "anchor")
        ax.tick_params(length=0, labelsize=7 if many else None)
        if many:
            ax.tick_params(axis="x", labelsize=6)
        for spine in ax.spines.values():
            spine.set_visible(False)
        bar = fig.colorbar(image, ax=ax, shrink=0.6, aspect=25, pad=0.02,
                           label=label("jaccard" if value == "jaccard" else "count", lang))
        bar.formatter = number_formatter(lang)
        bar.update_ticks()
    return fig
