"""The results chapter as a list of blocks, written once and rendered as HTML and Word.

:func:`build_document` decides what the chapter says and in which order; :mod:`.html` and
:mod:`.docx` only render the blocks (:mod:`.blocks`). Figures are named here as plots to draw
(:func:`.plots.plot`; ``save`` draws them, or copies an unchanged one) and numbered, tables
numbered, so both documents carry the same numbers, captions, anchors and alternative texts.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..domain import theme_of
from ..messages import consensus_word, label, section, word
from . import alt
from . import figures as F
from .blocks import (  # noqa: F401  (Document, cell_text: re-exported for the writers' users)
    Contents,
    Document,
    Figure,
    Heading,
    Paragraph,
    Quote,
    Table,
    cell_text,
    numeric_columns,
)
from .labels import CaseLabels, case_attributes, column_title  # noqa: F401  (re-exported)
from .method import method_paragraph, method_table
from .plots import figure_codebook, plot
from .prose import francis_message, guest_message
from .speakers import speaker_frame
from .sections import (
    contexts,
    groups_section,
    recommendations_section,
    reliability_section,
    top_note,
)
from .style import caption, table_caption
from .synthesis import theme_sections
from .tables import analysis_tables, data_file

#: Rows of a table shown in a document; the full table is in ``tables/``.
MAX_TABLE_ROWS = 60
#: Themes that get a figure: with more themes, only the most discussed ones (hundreds of theme
#: figures would make the chapter unreadable and take minutes to draw; issue #23).
MAX_THEME_FIGURES = 30


#: The analysis table (in ``tables/``) a document table shows, where the names differ.
_SOURCES = {"groups": "group_comparison"}


class Builder:
    """Collects the blocks of one chapter, numbering figures and tables as they come."""

    def __init__(self, results, save: Callable[[str, object], object],
                 files: dict[str, str] | None = None) -> None:
        self.r = results
        self._files = files
        self.lang = results.lang
        self.save = save
        self.doc = Document(results.study.title, results.lang)
        self.names = CaseLabels(results.study.config.attributes, results.lang,
                                results.study.config.group)
        self.n_figures = 0
        self.n_tables = 0
        self.quoted: dict[str, str] = {}  # passage_id -> case, for the passages in context
        #: The codebook every figure gets: one snapshot, its content read once (issue #23).
        self.codebook = figure_codebook(results.codebook)

    def add(self, *blocks) -> None:
        self.doc.blocks.extend(blocks)

    def file(self, name: str) -> str:
        """Where the whole table ``name`` is: ``tables/NAME.xlsx``, or ``.csv`` for a table
        too large for ``.xlsx`` (:func:`.tables.data_file`)."""
        if self._files is None:
            self._files = table_files(analysis_tables(self.r))
        name = _SOURCES.get(name, name)
        return self._files.get(name, f"tables/{name}.xlsx")

    def figure(self, name: str, fig, text: str, description: str = "") -> None:
        self.n_figures += 1
        png = self.save(name, fig)
        self.add(Figure(name, self.n_figures, caption(self.n_figures, text, self.lang), png,
                        description))

    def table(self, name: str, frame: pd.DataFrame, text: str, note: str = "") -> None:
        self.n_tables += 1
        if len(frame) > MAX_TABLE_ROWS:
            note = " ".join(filter(None, [note, word("more_rows", self.lang, shown=MAX_TABLE_ROWS,
                                                     total=len(frame), file=self.file(name))]))
            frame = frame.head(MAX_TABLE_ROWS)
        self.add(Table(name, self.n_tables, table_caption(self.n_tables, text, self.lang),
                       frame, note, numeric_columns(frame)))

    def quote(self, quotation) -> Quote:
        case, text = quotation
        passage = getattr(quotation, "passage_id", None)
        if passage:
            self.quoted.setdefault(passage, case)
        return Quote(text, case, passage)


def _method(b: Builder) -> None:
    r, lang = b.r, b.lang
    b.add(Heading(word("method", lang), 1, "method"))
    questions = r.study.config.research_questions
    if questions:
        b.add(Paragraph(word("research_questions", lang), "intro", keep=True))
        b.add(*(Paragraph(q, "question", number=i) for i, q in enumerate(questions, start=1)))
    b.add(Paragraph(method_paragraph(r.method, lang, b.names)))
    by_rules = "origin" in r.codings and (r.codings["origin"] == "rule").any()
    if r.primary is None:
        b.add(Paragraph(word("rule_coded", lang)))
    elif by_rules:
        b.add(Paragraph(word("rules_elsewhere", lang)))
    auto = _auto_stances(r.codings)
    if auto:
        b.add(Paragraph(word("auto_stances", lang, auto=auto, total=len(r.codings))))
    facts = method_table(r.method, lang, b.names).rename(columns={
        "coreq": word("coreq", lang), "fact": word("fact", lang), "value": word("value", lang)})
    b.table("method", facts, word("method_facts", lang))
    cases, left_out = case_attributes(r.study.cases.loc[r.cases])
    note = word("more_columns", lang, columns=", ".join(b.names.column(c) for c in left_out)) \
        if left_out else ""
    b.table("cases", b.names.frame(cases), word("participants", lang), note)
    if r.speakers is not None and len(r.speakers):
        words = section("SPEAKERS", lang)
        b.table("speakers", speaker_frame(r.speakers, lang), words["table"], words["note"])


def _themes(b: Builder) -> None:
    r, lang = b.r, b.lang
    b.add(Heading(word("themes", lang), 1, "themes"))
    # Each theme's codes and case views, grouped once: thousands of codes in hundreds of
    # themes must not be scanned once per theme (issue #23).
    codes_of: dict[str, list[str]] = {}
    for c in r.codes:
        codes_of.setdefault(theme_of(c), []).append(c)
    views = dict(tuple(r.stances.groupby(r.stances["code"].map(theme_of), sort=False))) \
        if len(r.stances) else {}
    drawn = figure_themes(r.stances, r.codings)
    if len(drawn) < len(views):
        b.add(Paragraph(word("theme_figures_top", lang, shown=len(drawn), total=len(views),
                             agreement=b.file("agreement"), stances=b.file("case_stances"))))
    parents = {c.parent for c in r.codebook}
    for section in theme_sections(r.agreement, r.codebook, r.codings, r.corpus, lang,
                                  stances=r.stances):
        b.add(Heading(section.label, 2, f"theme-{section.theme}"))
        if section.definition:
            b.add(Paragraph(section.definition, "definition", keep=True))
        text = " ".join(filter(None, [section.summary, *section.sentences]))
        b.add(Paragraph(text or word("no_codings", lang)))
        theme_codes = codes_of.get(section.theme, [])
        if section.theme in drawn:
            fig = plot(F.theme_dots, views[section.theme], b.codebook, section.theme, r.cases,
                       lang)
            leaves = [c for c in theme_codes if c not in parents] \
                if section.theme in r.codebook else theme_codes
            b.figure(f"theme-{section.theme}", fig,
                     label("cap_theme", lang, theme=section.label),
                     alt.theme_alt(r.codebook, leaves, r.cases, lang))
        b.add(*(b.quote(q) for q in section.quotes))


def figure_themes(stances: pd.DataFrame, codings: pd.DataFrame,
                  limit: int = MAX_THEME_FIGURES) -> set[str]:
    """The themes whose section gets a figure: every theme with case views when there are at
    most ``limit``, else the ``limit`` most discussed — most cases with a view, then most coded
    passages, then name.

    Examples
    --------
    >>> stances = pd.DataFrame({"case": ["A", "B", "A"], "code": ["t1/a", "t1/b", "t2/a"]})
    >>> codings = pd.DataFrame({"passage_id": ["p1", "p2", "p1"], "code": stances["code"]})
    >>> sorted(figure_themes(stances, codings, limit=1))
    ['t1']
    """
    if stances.empty:
        return set()
    themes = stances["code"].map(theme_of)
    cases = stances.groupby(themes, sort=False)["case"].nunique()
    if len(cases) <= limit:
        return set(cases.index)
    passages = codings.groupby(codings["code"].map(theme_of), sort=False)["passage_id"] \
        .nunique().reindex(cases.index, fill_value=0) if len(codings) else 0 * cases
    ranked = sorted(cases.index, key=lambda t: (-cases[t], -passages[t], str(t)))
    return set(ranked[:limit])


def _auto_stances(codings: pd.DataFrame) -> int:
    """How many codings carry an automatic stance."""
    if "stance_origin" not in codings:
        return 0
    return int(((codings["stance_origin"] == "auto") & codings["stance"].notna()).sum())


def _auto_views_note(stances: pd.DataFrame, lang: str) -> str:
    """"; 12 of 30 views read automatically …" for a figure of case views, or ``""``."""
    if "stance_origin" not in stances:
        return ""
    held = stances["stance_origin"].notna()
    auto = int((stances["stance_origin"] == "auto").sum())
    return label("note_auto", lang, auto=auto, total=int(held.sum())) if auto else ""


def _agreement_rows(r) -> tuple[pd.DataFrame, int]:
    """The code rows of the agreement table a document shows, and how many codes were left
    out: a codebook's never-coded codes when the table would be cut anyway (a codebook of
    thousands of codes must not fill the table's rows with codes nobody raised)."""
    rows = r.agreement[r.agreement["level"] == "code"]
    unused = rows["n_cases"] == 0
    if len(rows) <= MAX_TABLE_ROWS or not unused.any():
        return rows, 0
    return rows[~unused], int(unused.sum())


def _agreement_frame(r, lang: str) -> pd.DataFrame:
    rows = _agreement_rows(r)[0]
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


def _agreement(b: Builder) -> None:
    r, lang = b.r, b.lang
    b.add(Heading(word("agreement", lang), 1, "agreement"))
    if r.codings.empty:  # nothing to draw: say so instead of showing empty panels
        b.add(Paragraph(word("no_codings", lang)))
        return
    codes = r.agreement[r.agreement["level"] == "code"]
    b.figure("stances", plot(F.stance_bars, r.agreement, b.codebook, lang),
             label("cap_stances", lang, note=top_note(F.MAX_CODES, len(codes), lang)
                   + _auto_views_note(r.stances, lang)),
             alt.stances_alt(r.agreement, r.codebook, lang, F.consensus_order(r.agreement)))
    never = _agreement_rows(r)[1]
    b.table("agreement", _agreement_frame(r, lang), word("agreement_table", lang),
            " ".join(filter(None, [word("never_coded", lang, n=never, file=b.file("agreement")) if never else "",
                                   word("auto_note", lang) if _auto_stances(r.codings)
                                   else ""])))
    n_cases = len(r.presence)
    note = top_note(F.MAX_CODES, r.presence.shape[1], lang)
    if n_cases > F.MAX_CASES:
        note += label("note_cases", lang, n=n_cases)
    b.figure("framework", plot(F.framework_heatmap, r.presence, b.codebook, lang),
             label("cap_framework", lang, note=note),
             alt.framework_alt(r.presence, r.codebook, lang))
    pairs = r.cooccurrence[r.cooccurrence["code_a"] != r.cooccurrence["code_b"]]
    if len(pairs) and (pairs["count"] > 0).any():
        used = int(pd.Index(r.codes).isin(r.codings["code"].unique()).sum())  # the table
        # holds only the most widespread of them (analysis.cooccurrence.MAX_CODES)
        b.figure("cooccurrence", plot(F.cooccurrence_heatmap, r.cooccurrence, b.codebook, lang),
                 label("cap_cooccurrence", lang, note=top_note(F.MAX_CODES, used, lang)),
                 alt.cooccurrence_alt(r.cooccurrence, r.codebook, lang))


def _saturation(b: Builder) -> None:
    r, lang = b.r, b.lang
    b.add(Heading(word("saturation", lang), 1, "saturation"))
    g = r.guest
    rule = label("guest_rule", lang, base=g.get("base", 4), run=g.get("run", 2),
                 threshold=g.get("threshold", 0.05))
    if r.codings.empty:
        b.add(Paragraph(word("no_codings", lang)))
        return
    message = word("saturation_rule", lang, message=guest_message(g, len(r.curve), lang))
    b.figure("saturation", plot(F.saturation_plot, r.curve, g, lang),
             label("cap_saturation", lang, rule=rule.replace("%", " %")),
             alt.saturation_alt(r.curve, message, lang))
    b.add(Paragraph(message))
    b.add(Paragraph(word("francis_rule", lang,
                         message=francis_message(r.francis, len(r.curve), lang))))


def table_files(tables: dict[str, tuple[pd.DataFrame, bool]]) -> dict[str, str]:
    """``{name: tables/NAME.xlsx or .csv}`` of :func:`.tables.analysis_tables`."""
    return {name: data_file(frame, name, index) for name, (frame, index) in tables.items()}


def build_document(results, save: Callable[[str, object], object],
                   files: dict[str, str] | None = None) -> Document:
    """The results chapter of ``results``; ``save(name, plot)`` stores a figure (a
    :class:`.plots.Plot`, drawn or copied from the cache) and returns the path of its PNG.
    ``files`` (:func:`table_files`) says where the notes send a reader for a whole table;
    found from the analysis tables when not given.

    Sections: Method, Results by theme (one subsection per theme), Agreement, Group comparison
    (when the study has groups), Reliability (two or more coders), Saturation,
    Recommendations with the unsupported candidates last; then every quoted passage in
    context (:attr:`Document.contexts`, an appendix of the HTML report).
    """
    b = Builder(results, save, files)
    b.add(Contents())
    for part in (_method, _themes, _agreement, groups_section, reliability_section,
                 _saturation, recommendations_section):
        part(b)
    b.doc.contexts = contexts(results.corpus, b.quoted)
    return b.doc
