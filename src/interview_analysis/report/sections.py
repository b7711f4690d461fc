"""Sections of the results chapter after the themes: groups, reliability, recommendations,
and the quoted passages in context.

Each ``*_section(b)`` takes the chapter :class:`~.document.Builder` and adds its blocks.
"""
from __future__ import annotations

import pandas as pd

from ..messages import label, percent, word
from . import alt
from . import figures as F
from .blocks import Context, Heading, Paragraph
from .plots import plot
from .plotting import codebook_order
from .recommendations import evidence_line


def top_note(shown: int, total: int, lang: str, key: str = "note_top") -> str:
    """`` (40 most frequent of 52 codes)`` for a caption when a figure shows a selection."""
    return label(key, lang, shown=shown, total=total) if total > shown else ""


# -- groups ---------------------------------------------------------------------------------

def groups_section(b) -> None:
    """Group comparison: the share of each group's cases per code, figure and table."""
    r, lang = b.r, b.lang
    if r.groups is None or r.groups.empty:
        return
    attribute = r.study.config.group
    name = b.names.column(attribute)
    groups = r.groups.assign(group=[b.names.value(attribute, g) for g in r.groups["group"]])
    b.add(Heading(word("groups", lang), 1, "groups"))
    names = list(dict.fromkeys(groups["group"].dropna()))
    b.figure("groups", plot(F.group_plot, groups, b.codebook, lang),
             label("cap_groups", lang, attribute=name.lower(),
                   note=top_note(F.MAX_CODES, groups["code"].nunique(), lang)),
             alt.groups_alt(groups, names, lang))
    wide = groups.pivot_table(index="code", columns="group", values="n_cases",
                              aggfunc="max", sort=False)
    wide = wide.reindex(codebook_order(wide.index, r.codebook))
    sizes = groups.groupby("group", sort=False)["n_group"].max()
    frame = pd.DataFrame({word("code", lang): [r.codebook.label(c, lang) if c in r.codebook
                                               else c for c in wide.index]})
    for g in names:
        frame[f"{g} (n = {int(sizes[g])})"] = [f"{int(k)}/{int(sizes[g])}" for k in wide[g]]
    p = groups.groupby("code", sort=False)["fisher_p"].first().reindex(wide.index)
    if p.notna().any():
        frame[word("p", lang)] = [f"{v:.2f}".replace(".", "," if lang == "fi" else ".")
                                  if pd.notna(v) else "" for v in p]
    note = str(groups["note"].iloc[0]) if "note" in groups else ""
    b.table("groups", frame, word("groups_table", lang, attribute=name.lower()),
            word("group_note", lang, note=note) if note else "")


# -- reliability ----------------------------------------------------------------------------

def reliability_note(reason: object, lang: str) -> str:
    """Why a coefficient of a reliability row is missing (or 0), in ``lang``; empty if none."""
    return word(f"reason_{reason}", lang) if isinstance(reason, str) and reason else ""


def _row_name(codebook, name: str, level: str, lang: str) -> str:
    text = codebook.label(name, lang) if name in codebook else name
    return word("reliability_theme", lang, label=text) if level == "theme" else text


def reliability_order(table: pd.DataFrame, codebook) -> pd.DataFrame:
    """Rows in codebook order: each theme's row, then its codes (unknown names last)."""
    position = {c.id: i for i, c in enumerate(codebook)}
    key = [(position.get(n, len(position)), 0 if lvl == "theme" else 1, i)
           for i, (n, lvl) in enumerate(zip(table["name"], table["level"]))]
    order = sorted(range(len(table)), key=key.__getitem__)
    return table.iloc[order].reset_index(drop=True)


def _fmt(value, lang: str) -> str:
    return "" if pd.isna(value) else f"{value:.2f}".replace(".", "," if lang == "fi" else ".")


def reliability_frame(table: pd.DataFrame, codebook, lang: str) -> pd.DataFrame:
    """The document table: name, units, agreement %, κ, α and why a value is missing."""
    t = reliability_order(table, codebook)
    reasons = t["reason"] if "reason" in t else pd.Series([""] * len(t))
    frame = pd.DataFrame({
        word("code", lang): [_row_name(codebook, c, level, lang)
                             for c, level in zip(t["name"], t["level"])],
        word("units", lang): t["n_units"].astype(int).to_numpy(),
        word("agreement_pct", lang): [f"{v * 100:.0f}" if pd.notna(v) else ""
                                      for v in t["percent_agreement"]],
        "κ": [_fmt(v, lang) for v in t["cohen_kappa"]],
        "α": [_fmt(v, lang) for v in t["krippendorff_alpha"]],
        word("note", lang): [reliability_note(x, lang) for x in reasons.fillna("")],
    })
    if not frame[word("note", lang)].astype(bool).any():
        frame = frame.drop(columns=word("note", lang))
    return frame


def missing_sentences(table: pd.DataFrame, codebook, lang: str) -> list[str]:
    """One sentence per reason that leaves coefficients undefined, naming the rows."""
    t = reliability_order(table, codebook)
    missing = t[t["krippendorff_alpha"].isna()] if "reason" in t else t.iloc[0:0]
    sentences = []
    for reason, rows in missing.groupby("reason", sort=False):
        if not reason:
            continue
        items = ", ".join(_row_name(codebook, n, lvl, lang)
                          for n, lvl in zip(rows["name"], rows["level"]))
        sentences.append(word("reliability_missing", lang,
                              what=word("reliability_missing_what", lang), items=items,
                              reason=word(f"reliability_explain_{reason}", lang)))
    return sentences


def reliability_section(b) -> None:
    """Intercoder reliability: who double-coded, α per code, the table and what is missing."""
    r, lang = b.r, b.lang
    if r.reliability is None:
        return
    b.add(Heading(word("reliability", lang), 1, "reliability"))
    k, n = r.method.double_coded
    b.add(Paragraph(word("reliability_intro", lang, coders=", ".join(r.coders),
                         share=percent(k / n if n else 0, lang), k=k, n=n)))
    codes = r.reliability[r.reliability["level"] == "code"]
    b.figure("reliability", plot(F.reliability_plot, r.reliability, b.codebook, lang),
             label("cap_reliability", lang,
                   note=top_note(F.MAX_CODES, len(codes), lang, "note_lowest")),
             alt.reliability_alt(r.reliability, r.codebook, lang))
    b.table("reliability", reliability_frame(r.reliability, r.codebook, lang),
            word("reliability_table", lang))
    b.add(*(Paragraph(s) for s in missing_sentences(r.reliability, r.codebook, lang)))


# -- recommendations ------------------------------------------------------------------------

def recommendations_section(b) -> None:
    """Supported recommendations (numbered, with evidence and quotations), then the others."""
    r, lang = b.r, b.lang
    table = r.recommendations
    b.add(Heading(word("recommendations", lang), 1, "recommendations"))
    if table.empty:
        _development_points(b, r.development)
        return
    supported = table[table["supported"]]
    b.add(Paragraph(word("supported_intro", lang) if len(supported)
                    else word("none_supported", lang)))
    _numbered(b, supported)
    rejected = table[~table["supported"]]
    b.add(Heading(word("not_supported", lang), 2, "not-supported"))
    b.add(Paragraph(word("unsupported_intro", lang) if len(rejected)
                    else word("none_unsupported", lang)))
    for row in rejected.to_dict("records"):
        b.add(Paragraph(f"{row['text']} ({row['label']}: {row['reason']})", "bullet"))


def _development_points(b, points) -> None:
    """What the interviewees criticised, for a codebook without recommendations."""
    lang = b.lang
    if points is None:
        b.add(Paragraph(word("no_recommendations", lang)))
        return
    if points.empty:
        b.add(Paragraph(word("no_points", lang)))
        return
    b.add(Heading(word("development_points", lang), 2, "development-points"))
    b.add(Paragraph(word("points_intro", lang)))
    _numbered(b, points)


def _numbered(b, rows) -> None:
    """Recommendations (or points) numbered, each with its evidence and quotations."""
    for i, row in enumerate(rows.to_dict("records"), start=1):
        b.add(Paragraph(row["text"], "recommendation", keep=True, number=i),
              Paragraph(f"{row['label']}. {evidence_line(row, b.lang)}", "evidence"))
        b.add(*(b.quote(q) for q in row["quotes"]))


# -- passages in context --------------------------------------------------------------------

def contexts(corpus, quoted: dict[str, str]) -> list[Context]:
    """Each quoted passage with the turn before it (usually the interviewer's question), in
    the order the report first quotes them."""
    passages = corpus.passages.reset_index(drop=True)
    where = {pid: i for i, pid in enumerate(passages["passage_id"])}
    out = []
    for passage_id, case in quoted.items():
        i = where.get(passage_id)
        if i is None:
            continue
        row = passages.iloc[i]
        before = []
        if i > 0 and passages.iloc[i - 1]["document"] == row["document"]:
            prev = passages.iloc[i - 1]
            before.append((str(prev["speaker"] or ""), str(prev["text"]).strip()))
        out.append(Context(passage_id, case, str(row["speaker"] or ""), str(row["text"]).strip(),
                           before))
    return out
