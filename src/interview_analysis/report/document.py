"""The results chapter as a list of blocks, written once and rendered as HTML and Word.

:func:`build_document` decides what the chapter says and in which order; :mod:`.html` and
:mod:`.docx` only render the blocks. Figures are drawn, saved (PDF/SVG/PNG) and numbered here,
tables numbered, so both documents carry the same numbers and captions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from ..domain import theme_of
from ..messages import consensus_word, label, percent, word
from . import figures as F
from .method import method_paragraph, method_table
from .prose import francis_message, guest_message
from .recommendations import evidence_line
from .style import caption, table_caption
from .synthesis import theme_sections

#: Rows of a table shown in a document; the full table is in ``tables/``.
MAX_TABLE_ROWS = 60


@dataclass
class Heading:
    text: str
    level: int


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    small: bool = False
    keep: bool = False  # keep on the same page as the next block


@dataclass
class Quote:
    text: str
    case: str


@dataclass
class Figure:
    name: str
    number: int
    caption: str
    png: Path


@dataclass
class Table:
    name: str
    number: int
    caption: str
    frame: pd.DataFrame
    note: str = ""


@dataclass
class Document:
    title: str
    lang: str
    blocks: list = field(default_factory=list)

    def headings(self, level: int | None = None) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Heading)
                and (level is None or b.level == level)]


def cell_text(value, lang: str = "en") -> str:
    """A table cell as text: empty for missing, ``25`` for ``25.0``, comma decimals in fi."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        text = f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
        return text.replace(".", ",") if lang == "fi" else text
    return str(value)


def case_attributes(cases: pd.DataFrame, max_columns: int = 7, max_chars: int = 32
                    ) -> tuple[pd.DataFrame, list[str]]:
    """The case attributes that fit a portrait table, and the names of those left out.

    Attributes in cases-table order; free-text ones (long values, e.g. an e-mail subject)
    and those beyond ``max_columns`` stay in ``tables/cases.xlsx``.
    """
    frame = cases.drop(columns=["documents"], errors="ignore")
    keep = []
    for column in frame.columns:
        values = frame[column].dropna().astype(str)
        if len(keep) < max_columns and (values.str.len().mean() if len(values) else 0) \
                <= max_chars:
            keep.append(column)
    left_out = [c for c in frame.columns if c not in keep]
    return frame[keep].reset_index(), left_out


def column_title(name: str) -> str:
    """``interview_mode`` → ``Interview mode`` (attribute names from cases.csv)."""
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


class _Builder:
    def __init__(self, results, save: Callable[[str, object], Path]) -> None:
        self.r = results
        self.lang = results.lang
        self.save = save
        self.doc = Document(results.study.title, results.lang)
        self.n_figures = 0
        self.n_tables = 0

    def add(self, *blocks) -> None:
        self.doc.blocks.extend(blocks)

    def figure(self, name: str, fig, text: str) -> None:
        self.n_figures += 1
        png = self.save(name, fig)
        self.add(Figure(name, self.n_figures, caption(self.n_figures, text, self.lang), png))

    def table(self, name: str, frame: pd.DataFrame, text: str, note: str = "") -> None:
        self.n_tables += 1
        if len(frame) > MAX_TABLE_ROWS:
            note = " ".join(filter(None, [note, word("more_rows", self.lang, shown=MAX_TABLE_ROWS,
                                                     total=len(frame), name=name)]))
            frame = frame.head(MAX_TABLE_ROWS)
        self.add(Table(name, self.n_tables, table_caption(self.n_tables, text, self.lang),
                       frame, note))


def _note(shown: int, total: int, lang: str, key: str = "note_top") -> str:
    return label(key, lang, shown=shown, total=total) if total > shown else ""


def _method(b: _Builder) -> None:
    r, lang = b.r, b.lang
    b.add(Heading(word("method", lang), 1))
    if r.study.config.research_questions:
        b.add(Paragraph(word("research_questions", lang), bold=True))
        for i, q in enumerate(r.study.config.research_questions, start=1):
            b.add(Paragraph(f"{i}. {q}"))
    b.add(Paragraph(method_paragraph(r.method, lang)))
    by_rules = "origin" in r.codings and (r.codings["origin"] == "rule").any()
    if r.primary is None:
        b.add(Paragraph(word("rule_coded", lang)))
    elif by_rules:
        b.add(Paragraph(word("rules_elsewhere", lang)))
    auto = _auto_stances(r.codings)
    if auto:
        b.add(Paragraph(word("auto_stances", lang, auto=auto, total=len(r.codings))))
    facts = method_table(r.method, lang).rename(columns={
        "coreq": word("coreq", lang), "fact": word("fact", lang), "value": word("value", lang)})
    b.table("method", facts, word("method_facts", lang))
    cases, left_out = case_attributes(r.study.cases.loc[r.cases])
    cases = cases.rename(columns={c: column_title(c) for c in cases.columns})
    cases = cases.rename(columns={"Case": label("case", lang)})
    note = word("more_columns", lang, columns=", ".join(left_out)) if left_out else ""
    b.table("cases", cases, word("participants", lang), note)


def _themes(b: _Builder) -> None:
    r, lang = b.r, b.lang
    b.add(Heading(word("themes", lang), 1))
    for section in theme_sections(r.agreement, r.codebook, r.codings, r.corpus, lang):
        b.add(Heading(section.label, 2))
        if section.definition:
            b.add(Paragraph(section.definition, small=True, keep=True))
        text = " ".join(filter(None, [section.summary, *section.sentences]))
        b.add(Paragraph(text or word("no_codings", lang)))
        theme_codes = [c for c in r.codes if theme_of(c) == section.theme]
        if len(r.stances) and r.stances["code"].isin(theme_codes).any():
            fig = F.theme_dots(r.stances, r.codebook, section.theme, r.cases, lang)
            b.figure(f"theme-{section.theme}", fig,
                     label("cap_theme", lang, theme=section.label))
        for case, text in section.quotes:
            b.add(Quote(text, case))


def _auto_stances(codings: pd.DataFrame) -> int:
    """How many codings carry an automatic stance."""
    if "stance_origin" not in codings:
        return 0
    return int(((codings["stance_origin"] == "auto") & codings["stance"].notna()).sum())


def _agreement_frame(r, lang: str) -> pd.DataFrame:
    rows = r.agreement[r.agreement["level"] == "code"]
    n = rows["n_total"].astype(int).astype(str)
    origin = {word("stance_origin", lang): rows["stance_origin"].fillna("").to_numpy()} \
        if _auto_stances(r.codings) else {}
    return pd.DataFrame({
        word("code", lang): rows["label"].to_numpy(),
        word("coded", lang): (rows["n_cases"].astype(int).astype(str) + "/" + n).to_numpy(),
        word("positive", lang): rows["positive"].astype(int).to_numpy(),
        word("mixed", lang): rows["mixed"].astype(int).to_numpy(),
        word("negative", lang): rows["negative"].astype(int).to_numpy(),
        word("no_view", lang): rows["no_view"].astype(int).to_numpy(),
        word("consensus", lang): [consensus_word(c, lang) for c in rows["consensus"]],
        **origin,
    })


def _agreement(b: _Builder) -> None:
    r, lang = b.r, b.lang
    b.add(Heading(word("agreement", lang), 1))
    if r.codings.empty:  # nothing to draw: say so instead of showing empty panels
        b.add(Paragraph(word("no_codings", lang)))
        return
    codes = r.agreement[r.agreement["level"] == "code"]
    n_codes = len(codes)
    b.figure("stances", F.stance_bars(r.agreement, r.codebook, lang),
             label("cap_stances", lang, note=_note(F.MAX_CODES, n_codes, lang)))
    b.table("agreement", _agreement_frame(r, lang), word("agreement_table", lang),
            word("auto_note", lang) if _auto_stances(r.codings) else "")
    n_cases = len(r.presence)
    note = _note(F.MAX_CODES, r.presence.shape[1], lang)
    if n_cases > F.MAX_CASES:
        note += label("note_cases", lang, n=n_cases)
    b.figure("framework", F.framework_heatmap(r.presence, r.codebook, lang),
             label("cap_framework", lang, note=note))
    pairs = r.cooccurrence[r.cooccurrence["code_a"] != r.cooccurrence["code_b"]]
    if len(pairs) and (pairs["count"] > 0).any():
        used = r.cooccurrence["code_a"].nunique()
        b.figure("cooccurrence", F.cooccurrence_heatmap(r.cooccurrence, r.codebook, lang),
                 label("cap_cooccurrence", lang, note=_note(F.MAX_CODES, used, lang)))


def _groups(b: _Builder) -> None:
    r, lang = b.r, b.lang
    if r.groups is None or r.groups.empty:
        return
    attribute = r.study.config.group
    b.add(Heading(word("groups", lang), 1))
    n_codes = r.groups["code"].nunique()
    b.figure("groups", F.group_plot(r.groups, r.codebook, lang),
             label("cap_groups", lang, attribute=attribute,
                   note=_note(F.MAX_CODES, n_codes, lang)))
    wide = r.groups.pivot_table(index="code", columns="group", values="n_cases",
                                aggfunc="max", sort=False)
    sizes = r.groups.groupby("group", sort=False)["n_group"].max()
    frame = pd.DataFrame({word("code", lang): [r.codebook.label(c, lang) for c in wide.index]})
    for g in wide.columns:
        frame[f"{g} (n = {int(sizes[g])})"] = [f"{int(k)}/{int(sizes[g])}" for k in wide[g]]
    p = r.groups.groupby("code", sort=False)["fisher_p"].first().reindex(wide.index)
    if p.notna().any():
        frame[word("p", lang)] = [f"{v:.2f}" if pd.notna(v) else "" for v in p]
    note = str(r.groups["note"].iloc[0]) if "note" in r.groups else ""
    b.table("groups", frame, word("groups_table", lang, attribute=attribute),
            word("group_note", lang, note=note) if note else "")


def reliability_note(note: str, lang: str) -> str:
    """A short note for the document table (the full note is in tables/reliability.*)."""
    for prefix in ("no variation", "not computable"):
        if note.startswith(prefix):
            return word(prefix.replace(" ", "_"), lang)
    return note


def _reliability_name(codebook, name: str, level: str, lang: str) -> str:
    text = codebook.label(name, lang) if name in codebook else name
    return f"{text} ({word('theme', lang).lower()})" if level == "theme" else text


def _reliability(b: _Builder) -> None:
    r, lang = b.r, b.lang
    if r.reliability is None:
        return
    b.add(Heading(word("reliability", lang), 1))
    k, n = r.method.double_coded
    b.add(Paragraph(word("reliability_intro", lang, coders=", ".join(r.coders),
                         share=percent(k / n if n else 0, lang), k=k, n=n)))
    codes = r.reliability[r.reliability["level"] == "code"]
    b.figure("reliability", F.reliability_plot(r.reliability, r.codebook, lang),
             label("cap_reliability", lang,
                   note=_note(F.MAX_CODES, len(codes), lang, "note_lowest")))
    t = r.reliability

    def fmt(v):
        return "" if pd.isna(v) else f"{v:.2f}".replace(".", "," if lang == "fi" else ".")
    frame = pd.DataFrame({
        word("code", lang): [_reliability_name(r.codebook, c, level, lang)
                             for c, level in zip(t["name"], t["level"])],
        word("units", lang): t["n_units"].astype(int).to_numpy(),
        word("agreement_pct", lang): [f"{v * 100:.0f}" if pd.notna(v) else ""
                                      for v in t["percent_agreement"]],
        "κ": [fmt(v) for v in t["cohen_kappa"]],
        "α": [fmt(v) for v in t["krippendorff_alpha"]],
        word("note", lang): [reliability_note(n, lang) for n in t["note"].fillna("")],
    })
    if not frame[word("note", lang)].astype(bool).any():
        frame = frame.drop(columns=word("note", lang))
    b.table("reliability", frame, word("reliability_table", lang))


def _saturation(b: _Builder) -> None:
    r, lang = b.r, b.lang
    b.add(Heading(word("saturation", lang), 1))
    g = r.guest
    rule = label("guest_rule", lang, base=g.get("base", 4), run=g.get("run", 2),
                 threshold=g.get("threshold", 0.05))
    if r.codings.empty:
        b.add(Paragraph(word("no_codings", lang)))
        return
    b.figure("saturation", F.saturation_plot(r.curve, g, lang),
             label("cap_saturation", lang, rule=rule.replace("%", " %")))
    b.add(Paragraph(word("saturation_rule", lang, message=guest_message(g, len(r.curve), lang))))
    b.add(Paragraph(word("francis_rule", lang,
                         message=francis_message(r.francis, len(r.curve), lang))))


def _recommendations(b: _Builder) -> None:
    r, lang = b.r, b.lang
    table = r.recommendations
    b.add(Heading(word("recommendations", lang), 1))
    if table.empty:
        b.add(Paragraph(word("no_recommendations", lang)))
        return
    supported = table[table["supported"]]
    b.add(Paragraph(word("supported_intro", lang) if len(supported)
                    else word("none_supported", lang)))
    for i, row in enumerate(supported.to_dict("records"), start=1):
        b.add(Paragraph(f"{i}. {row['text']}", bold=True, keep=True),
              Paragraph(f"{row['label']}. {evidence_line(row, lang)}", small=True))
        b.add(*(Quote(text, case) for case, text in row["quotes"]))
    rejected = table[~table["supported"]]
    b.add(Heading(word("not_supported", lang), 2))
    b.add(Paragraph(word("unsupported_intro", lang) if len(rejected)
                    else word("none_unsupported", lang)))
    for row in rejected.to_dict("records"):
        b.add(Paragraph(f"– {row['text']} ({row['label']}: {row['reason']})"))


def build_document(results, save: Callable[[str, object], Path]) -> Document:
    """The results chapter of ``results``; ``save(name, fig)`` stores a figure, returns its PNG.

    Sections: Method, Results by theme (one subsection per theme), Agreement, Group comparison
    (when the study has groups), Reliability (two or more coders), Saturation,
    Recommendations with the unsupported candidates last.
    """
    b = _Builder(results, save)
    for part in (_method, _themes, _agreement, _groups, _reliability, _saturation,
                 _recommendations):
        part(b)
    return b.doc
