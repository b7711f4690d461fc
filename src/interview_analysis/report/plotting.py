"""Drawing helpers shared by the figure functions: labels, code selection, stance bars, legends."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .style import EDGE, STANCE_STYLE, STANCES, label, wrap

if TYPE_CHECKING:  # matplotlib is imported when a figure is drawn
    from matplotlib.patches import Patch


def stance_key(value) -> str:
    """``"no view"`` (analysis tables) and ``None`` both become the key ``no_view``."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "no_view"
    return str(value).strip().replace(" ", "_") or "no_view"


def code_label(code: str, codebook=None, lang: str = "en", fallback: str | None = None) -> str:
    """The label of ``code`` in ``lang`` from the codebook, else ``fallback``, else the ID."""
    if codebook is not None and code in codebook:
        return codebook.label(code, lang)
    return fallback if fallback else str(code).rsplit("/", 1)[-1].replace("_", " ")


def codebook_order(codes, codebook=None) -> list[str]:
    """``codes`` in codebook order; codes the codebook does not know keep their order, last."""
    codes = list(dict.fromkeys(codes))
    if codebook is None:
        return codes
    position = {c.id: i for i, c in enumerate(codebook)}
    given = {c: i for i, c in enumerate(codes)}
    return sorted(codes, key=lambda c: (position.get(c, len(position)), given[c]))


def top_codes(weights: pd.Series, max_codes: int) -> tuple[list[str], list[str]]:
    """The ``max_codes`` heaviest codes and the rest (ties keep the given order)."""
    order = weights.reset_index(drop=True).sort_values(ascending=False, kind="stable").index
    ranked = [weights.index[i] for i in order]
    keep = set(ranked[:max_codes])
    return [c for c in weights.index if c in keep], [c for c in weights.index if c not in keep]


def fit_labels(labels: list[str], n_rows: int, width: int = 38) -> list[str]:
    """Wrap row labels at word boundaries, never cutting them; wider lines when there are
    many rows (fewer lines per label)."""
    return [wrap(t, width=width if n_rows <= 25 else width + 8) for t in labels]


def row_height_cm(labels: list[str]) -> float:
    """Room per row: 0.45 cm for one-line labels, 0.17 cm more for each further line."""
    lines = max((t.count("\n") + 1 for t in labels), default=1)
    return 0.45 + 0.17 * (lines - 1)


def stance_handles(lang: str, keys=STANCES) -> list[Patch]:
    """Legend patches for the stances, in the house order."""
    from matplotlib.patches import Patch  # matplotlib only when a figure is drawn
    return [Patch(facecolor=STANCE_STYLE[k][0], hatch=STANCE_STYLE[k][1], edgecolor=EDGE,
                  linewidth=0.5, label=label(k, lang)) for k in keys]


def _columns(handles, width_em: float) -> int:
    """Legend columns: one row when the entries fit ``width_em``, else as few rows as fit."""
    widths = [0.62 * len(h.get_label()) + 3.4 for h in handles]
    for rows in range(1, len(handles) + 1):
        ncol = math.ceil(len(handles) / rows)
        if sum(sorted(widths, reverse=True)[:ncol]) <= width_em:
            return ncol
    return 1


def _legend(ax, handles, where: str, ncol: int | None, title: str | None):
    """A frameless legend above/below the plot, centred on the figure when the figure is ours.

    A figure we created has one plotting axes (plus colour bars): the legend then belongs to
    the figure and may span its full width. Inside a caller's multi-panel figure it stays
    with its axes.
    """
    fig = ax.figure
    panels = [a for a in fig.axes if not hasattr(a, "_colorbar")]
    own = len(panels) == 1
    width_em = fig.get_figwidth() * 72 / 8 * (0.96 if own else 0.6)
    options = dict(handles=handles, ncol=ncol or _columns(handles, width_em), title=title,
                   handlelength=1.4, columnspacing=1.0, borderaxespad=0.2, frameon=False)
    if own:
        return fig.legend(loc=f"outside {where} center", **options)
    anchor = (0.5, 1.01) if where == "upper" else (0.5, -0.01)
    return ax.legend(loc="lower center" if where == "upper" else "upper center",
                     bbox_to_anchor=anchor, **options)


def legend_above(ax, handles, ncol: int | None = None, title: str | None = None):
    """A frameless legend above the plot."""
    return _legend(ax, handles, "upper", ncol, title)


def legend_below(ax, handles, ncol: int | None = None, title: str | None = None):
    """A frameless legend under the plot (for plots whose ticks are on top)."""
    return _legend(ax, handles, "lower", ncol, title)


def stacked_stance_bars(ax, counts: pd.DataFrame, labels: list[str], lang: str,
                        total: int | None = None) -> None:
    """Horizontal bars, one per row of ``counts`` (columns = stance keys), first row on top."""
    y = np.arange(len(counts))
    left = np.zeros(len(counts))
    keys = [k for k in STANCES if k in counts.columns]
    width = total or float(counts[keys].sum(axis=1).max() or 1)
    for key in keys:
        values = counts[key].to_numpy(dtype=float)
        face, hatch, _ = STANCE_STYLE[key]
        ax.barh(y, values, left=left, height=0.72, color=face, hatch=hatch, edgecolor=EDGE,
                linewidth=0.4, label=label(key, lang))
        dark = key in ("positive", "negative")
        for yi, (x0, v) in enumerate(zip(left, values)):
            if v > 0 and v / width >= 0.045 and len(counts) <= 40:
                ax.text(x0 + v / 2, yi, f"{v:.0f}", ha="center", va="center", fontsize=7,
                        color="white" if dark else "black",
                        bbox=dict(boxstyle="square,pad=0.15", fc=face, ec="none")
                        if hatch else None)
        left += values
    ax.set_yticks(y, labels)
    ax.set_ylim(len(counts) - 0.5, -0.5)
    ax.set_xlim(0, width)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    legend_above(ax, stance_handles(lang, keys))
