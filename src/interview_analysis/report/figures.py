"""Thesis-ready figures from the analysis tables: each takes ``ax=None``, returns the figure.

Every function draws inside the house style (:mod:`.style`) and never calls ``plt.show()``.
Large studies are summarised (the most frequent codes plus an "other" row; thin case columns
with every k-th label) so that labels never overlap.

Examples
--------
>>> fig = stance_bars(agreement_table(codings, corpus), codebook, lang="fi")   # doctest: +SKIP
>>> save_figure(fig, out / "figures", "stances")                              # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .export import save_figure
from .heatmaps import (
    MAX_CASES,
    MAX_CODES,
    cluster_order,
    cooccurrence_heatmap,
    framework_heatmap,
)
from .plotting import (
    code_label,
    fit_labels,
    legend_above,
    row_height_cm,
    stacked_stance_bars,
    stance_key,
    top_codes,
)
from .style import (
    EDGE,
    GRID,
    GROUP_STYLE,
    OKABE_ITO,
    STANCE_STYLE,
    STANCES,
    decimal,
    figure_style,
    label,
    language,
    new_figure,
    number_formatter,
)

_CONSENSUS_RANK = {"unanimous": 0, "strong majority": 1, "majority": 2, "split": 3,
                   "single voice": 4, "none": 5}

__all__ = ["MAX_CASES", "MAX_CODES", "cluster_order", "consensus_order",
           "cooccurrence_heatmap", "framework_heatmap", "group_plot", "reliability_plot",
           "saturation_plot", "save_figure", "stance_bars", "theme_dots"]


# -- stances --------------------------------------------------------------------------------

def _stance_counts(agreement: pd.DataFrame) -> pd.DataFrame:
    rows = agreement[agreement["level"] == "code"] if "level" in agreement else agreement
    counts = rows.reindex(columns=["positive", "mixed", "negative", "no_view",
                                   "not_mentioned"]).fillna(0).astype(float)
    counts.index = rows["code"].to_numpy()
    return counts


def consensus_order(agreement: pd.DataFrame) -> list[str]:
    """Codes ordered by agreement: consensus class, then the largest same-stance group."""
    rows = agreement[agreement["level"] == "code"] if "level" in agreement else agreement
    counts = _stance_counts(agreement)
    largest = counts[["positive", "mixed", "negative", "no_view"]].max(axis=1).to_numpy()
    rank = [_CONSENSUS_RANK.get(str(c), 6) for c in rows.get("consensus", [""] * len(rows))]
    n_cases = rows["n_cases"].to_numpy() if "n_cases" in rows else largest
    order = sorted(range(len(rows)), key=lambda i: (rank[i], -largest[i], -n_cases[i], i))
    return [rows["code"].iloc[i] for i in order]


def stance_bars(agreement: pd.DataFrame, codebook=None, lang: str = "en", ax=None,
                max_codes: int = MAX_CODES):
    """Stacked bars per code: positive / mixed / negative / no view / not mentioned.

    ``agreement`` is ``agreement_table`` output; codes are ordered by consensus, the most
    agreed-on at the top. Beyond ``max_codes`` only the most often coded codes are shown.
    """
    lang = language(lang)
    counts = _stance_counts(agreement)
    order = consensus_order(agreement)
    coded = counts[["positive", "mixed", "negative", "no_view"]].sum(axis=1)
    keep, _ = top_codes(coded, max_codes)
    kept = set(keep)
    order = [c for c in order if c in kept]
    counts = counts.loc[order]
    rows = agreement[agreement["level"] == "code"] if "level" in agreement else agreement
    fallback = dict(zip(rows["code"], rows.get("label", rows["code"])))
    labels = fit_labels([code_label(c, codebook, lang, fallback.get(c)) for c in order],
                        len(order))
    total = int(rows["n_total"].max()) if "n_total" in rows and len(rows) else None
    with figure_style():
        fig, ax = new_figure(3.0 + len(order) * row_height_cm(labels), ax)
        stacked_stance_bars(ax, counts, labels, lang, total)
        ax.set_xlabel(label("n_cases", lang))
    return fig


def theme_dots(case_stances: pd.DataFrame, codebook, theme: str, cases: list[str] | None = None,
               lang: str = "en", ax=None, max_codes: int = MAX_CODES,
               max_cases: int = MAX_CASES):
    """A theme by case: one row per code of ``theme``, a stance marker where a case has it.

    ``case_stances`` is ``agreement.case_stances`` output (``case, code, stance``). With more
    than ``max_cases`` cases the theme is summarised as stacked stance bars instead.
    """
    from matplotlib.lines import Line2D  # matplotlib only when a figure is drawn
    lang = language(lang)
    table = case_stances.assign(stance=case_stances["stance"].map(stance_key))
    cases = list(cases) if cases is not None else sorted(table["case"].unique())
    parents = {c.parent for c in codebook}
    codes = [c.id for c in codebook if (c.id == theme or c.id.startswith(theme + "/"))
             and c.id not in parents]
    table = table[table["code"].isin(codes) & table["case"].isin(cases)]
    keep, _ = top_codes(table.groupby("code")["case"].nunique().reindex(codes, fill_value=0),
                        max_codes)
    labels = fit_labels([codebook.label(c, lang) for c in keep], len(keep))
    if len(cases) > max_cases:
        counts = (table.pivot_table(index="code", columns="stance", values="case",
                                    aggfunc="nunique", fill_value=0)
                  .reindex(index=keep, columns=list(STANCES), fill_value=0))
        counts["not_mentioned"] = len(cases) - counts.drop(columns="not_mentioned").sum(axis=1)
        with figure_style():
            fig, ax = new_figure(3.0 + len(keep) * row_height_cm(labels), ax)
            stacked_stance_bars(ax, counts, labels, lang, len(cases))
            ax.set_xlabel(label("n_cases", lang))
        return fig
    with figure_style():
        fig, ax = new_figure(3.2 + len(keep) * max(row_height_cm(labels), 0.6), ax)
        xs, ys = np.meshgrid(np.arange(len(cases)), np.arange(len(keep)))
        ax.scatter(xs.ravel(), ys.ravel(), s=4, color=GRID, zorder=1)
        where = {(r.case, r.code): r.stance for r in table.itertuples()}
        present = [k for k in STANCES[:4] if k in set(where.values())]
        for key in present:
            face, _, marker = STANCE_STYLE[key]
            pts = [(cases.index(c), keep.index(k)) for (c, k), s in where.items()
                   if s == key and k in keep]
            ax.scatter([p[0] for p in pts], [p[1] for p in pts], s=70, marker=marker,
                       color=face, edgecolor=EDGE, linewidth=0.6, zorder=3)
        ax.set_yticks(np.arange(len(keep)), labels)
        ax.set_xticks(np.arange(len(cases)), cases, rotation=90 if len(cases) > 15 else 0)
        ax.set_xlim(-0.6, len(cases) - 0.4)
        ax.set_ylim(len(keep) - 0.5, -0.5)
        ax.set_xlabel(label("cases", lang))
        ax.tick_params(length=0)
        ax.spines[["left", "bottom"]].set_visible(False)
        ax.grid(axis="y", zorder=0)
        ax.set_axisbelow(True)
        handles = [Line2D([], [], linestyle="", marker=STANCE_STYLE[k][2],
                          markerfacecolor=STANCE_STYLE[k][0], markeredgecolor=EDGE,
                          markersize=7, label=label(k, lang)) for k in present]
        handles.append(Line2D([], [], linestyle="", marker="o", color=GRID, markersize=3,
                              label=label("not_mentioned", lang)))
        legend_above(ax, handles)
    return fig


# -- saturation -----------------------------------------------------------------------------

def saturation_plot(curve: pd.DataFrame, rule: dict | None = None, lang: str = "en", ax=None):
    """New codes per interview (bars) and codes found so far (line), stopping rule marked.

    ``curve`` is ``saturation_curve`` output; ``rule`` a stopping-rule result such as
    ``guest_saturation(curve)`` (``saturated``, ``at_position``).
    """
    lang = language(lang)
    curve = curve.sort_values("position")
    x = curve["position"].to_numpy()
    with figure_style():
        fig, ax = new_figure(8.0, ax)
        ax.bar(x, curve["new_codes"], width=0.6, color="#BBBBBB", edgecolor=EDGE,
               linewidth=0.4, label=label("new_codes", lang), zorder=2)
        ax.plot(x, curve["cumulative"], color=OKABE_ITO["blue"], marker="o", markersize=4,
                linewidth=1.4, label=label("cumulative_codes", lang), zorder=3)
        if len(x) <= 20:
            ax.set_xticks(x, [f"{p}\n{c}" for p, c in zip(x, curve["case"])])
        else:
            ax.xaxis.get_major_locator().set_params(integer=True)
        top = float(curve["cumulative"].max() or 1)
        ax.set_ylim(0, top * 1.22)
        ax.set_xlim(x.min() - 0.6 if len(x) else 0, x.max() + 0.6 if len(x) else 1)
        ax.set_xlabel(label("interview_position", lang))
        ax.set_ylabel(label("codes", lang))
        ax.grid(axis="y", zorder=0)
        _mark_rule(ax, curve, rule, lang, top)
        legend_above(ax, ax.get_legend_handles_labels()[0])
    return fig


def _mark_rule(ax, curve: pd.DataFrame, rule: dict | None, lang: str, top: float) -> None:
    if not rule:
        return
    at = rule.get("at_position")
    if rule.get("saturated") and at is not None and at in set(curve["position"]):
        row = curve[curve["position"] == at].iloc[0]
        ax.axvline(at, color=EDGE, linestyle="--", linewidth=0.9, zorder=1)
        ax.plot([at], [row["cumulative"]], marker="o", markersize=9, markerfacecolor="none",
                markeredgecolor="black", markeredgewidth=1.2, zorder=4)
        text = f"{label('stopping_rule', lang)}\n{label('at_interview', lang, n=at)}"
        right = at > (curve["position"].min() + curve["position"].max()) / 2
        ax.annotate(text, xy=(at, row["cumulative"]), xytext=(-12 if right else 12, 14),
                    textcoords="offset points", ha="right" if right else "left", va="bottom",
                    fontsize=8, arrowprops=dict(arrowstyle="-", color=EDGE, linewidth=0.6),
                    bbox=dict(boxstyle="round,pad=0.25", fc="white", ec=GRID))
    else:
        needed = rule.get("base", 0) + rule.get("run", 0)
        text = label("rule_too_few", lang, n=needed) if len(curve) < needed else \
            label("not_saturated", lang)
        ax.text(0.01, 0.97, text, transform=ax.transAxes, ha="left",
                va="top", fontsize=8, bbox=dict(boxstyle="round,pad=0.25", fc="white", ec=GRID))


# -- reliability ----------------------------------------------------------------------------

def reliability_plot(table: pd.DataFrame, codebook=None, lang: str = "en", ax=None,
                     max_codes: int = MAX_CODES):
    """Krippendorff's α per code, lowest first, with the 0.667 and 0.800 reference lines.

    ``table`` is ``reliability_table`` output (rows with ``level == "code"`` are drawn).
    Codes whose α cannot be computed (no variation) are shown as "n/a".
    """
    from matplotlib.lines import Line2D
    lang = language(lang)
    rows = table[table["level"] == "code"] if "level" in table else table
    rows = rows.assign(alpha=pd.to_numeric(rows["krippendorff_alpha"], errors="coerce"))
    rows = rows.sort_values("alpha", kind="stable", na_position="first").head(max_codes)
    labels = fit_labels([code_label(c, codebook, lang) for c in rows["name"]], len(rows))
    alpha = rows["alpha"].to_numpy()
    low = min(0.0, np.nanmin(alpha) - 0.05 if np.isfinite(alpha).any() else 0.0)
    with figure_style():
        fig, ax = new_figure(3.2 + len(rows) * row_height_cm(labels), ax)
        y = np.arange(len(rows))
        for yi, a in zip(y, alpha):
            if not np.isfinite(a):
                ax.text(0.01, yi, label("not_available", lang), va="center", fontsize=7,
                        style="italic", color=EDGE)
                continue
            band = "positive" if a >= 0.8 else "mixed" if a >= 0.667 else "negative"
            face, hatch, _ = STANCE_STYLE[band]
            ax.barh(yi, a, height=0.65, color=face, hatch=hatch, edgecolor=EDGE,
                    linewidth=0.4)
            ax.text(a + 0.012 if a >= 0 else 0.012, yi, decimal(a, lang), va="center",
                    fontsize=7, zorder=5,  # on white, so a reference line never cuts it
                    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none"))
        ax.axvline(0.667, color="black", linestyle="--", linewidth=0.9)
        ax.axvline(0.800, color="black", linestyle="-", linewidth=0.9)
        ax.set_yticks(y, labels)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        if low < 0:
            ax.axvline(0, color=EDGE, linewidth=0.6)
        ax.set_xlim(low, 1.08)
        ax.xaxis.set_major_formatter(number_formatter(lang))
        ax.set_xlabel(label("alpha", lang))
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        legend_above(ax, [Line2D([], [], color="black", linestyle="--", linewidth=0.9,
                                 label=label("tentative", lang)),
                          Line2D([], [], color="black", linewidth=0.9,
                                 label=label("acceptable", lang))])
    return fig


# -- groups ---------------------------------------------------------------------------------

def group_plot(table: pd.DataFrame, codebook=None, lang: str = "en", ax=None,
               max_codes: int = MAX_CODES):
    """Share of each group's cases coded with each code, groups side by side.

    ``table`` is ``group_comparison`` output (``code, group, n_cases, n_group, share``); the
    legend names each group with its size, the bar ends show ``k/n``.
    """
    from matplotlib.patches import Patch
    lang = language(lang)
    table = table.dropna(subset=["group"])
    groups = list(dict.fromkeys(table["group"]))
    sizes = table.groupby("group", sort=False)["n_group"].max()
    share = table.pivot_table(index="code", columns="group", values="share", aggfunc="max",
                              sort=False).reindex(columns=groups).fillna(0)
    scale = 100.0 if share.to_numpy().max(initial=0) <= 1.0 else 1.0
    overall = table.groupby("code", sort=False)["n_cases"].sum()
    keep, _ = top_codes(overall.reindex(share.index).fillna(0), max_codes)
    keep = sorted(keep, key=lambda c: -overall.get(c, 0))
    counts = table.pivot_table(index="code", columns="group", values="n_cases", aggfunc="max",
                               sort=False).reindex(index=keep, columns=groups).fillna(0)
    labels = fit_labels([code_label(c, codebook, lang) for c in keep], len(keep))
    per = 0.2 + 0.28 * len(groups)
    bar = 0.8 / max(len(groups), 1)
    with figure_style():
        fig, ax = new_figure(3.2 + len(keep) * max(per, row_height_cm(labels)), ax)
        y = np.arange(len(keep))
        handles = []
        for g, group in enumerate(groups):
            face, hatch = GROUP_STYLE[g % len(GROUP_STYLE)]
            pos = y - 0.4 + bar * (g + 0.5)
            vals = share.loc[keep, group].to_numpy() * scale
            ax.barh(pos, vals, height=bar * 0.92, color=face, hatch=hatch, edgecolor=EDGE,
                    linewidth=0.4)
            n_group = int(sizes[group])
            for p, v, k in zip(pos, vals, counts[group].to_numpy()):
                if len(keep) * len(groups) <= 60:
                    ax.text(v + 1, p, f"{k:.0f}/{n_group}", va="center", fontsize=6.5)
            handles.append(Patch(facecolor=face, hatch=hatch, edgecolor=EDGE, linewidth=0.4,
                                 label=f"{group} ({label('n', lang)} = {n_group})"))
        ax.set_yticks(y, labels)
        ax.set_ylim(len(keep) - 0.5, -0.5)
        ax.set_xlim(0, 112)
        ax.set_xticks([0, 20, 40, 60, 80, 100])
        ax.set_xlabel(label("share_of_cases", lang))
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        legend_above(ax, handles, ncol=min(len(handles), 3))
    return fig
