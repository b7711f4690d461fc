"""Rich notebook display: a coded passage, styled agreement and reliability tables, capped previews.

Everything here returns an object Jupyter renders (an ``IPython.display.HTML`` or a pandas
``Styler``) and never renders more than ``max_rows`` rows, so a study of 100,000 passages
displays as quickly as one of 200.

Examples
--------
>>> show_passage(study.corpus(), study.codings("researcher"), "H1:0007")   # doctest: +SKIP
>>> style_agreement(agreement_table(codings, corpus, codebook))           # doctest: +SKIP
"""
from __future__ import annotations

import html
import math

import pandas as pd

from ..base.suggest import did_you_mean
from ..errors import InterviewAnalysisError
from .highlight import Mark, chip, mark_text

#: Consensus labels of the agreement table and their cell colours: darker blue for stronger
#: agreement, orange for a split (views differ: worth a paragraph), greys for too few voices.
CONSENSUS_COLOURS = {"unanimous": "#6BAED6", "strong majority": "#9ECAE1",
                     "majority": "#C6DBEF", "split": "#FDB863", "single voice": "#E0E0E0",
                     "none": "#F5F5F5"}
#: Krippendorff's α bands (Krippendorff 2004, 241): ``(lowest α, colour, meaning)``.
ALPHA_BANDS = ((0.800, "#B3D4EA", "reliable"), (0.667, "#F7DDA4", "tentative conclusions only"),
               (-math.inf, "#F4B9A0", "not reliable"))
NOT_COMPUTABLE = "#EEEEEE"
#: Codes without a codebook colour (Okabe & Ito 2008).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
_CELL = [{"selector": "td, th", "props": "text-align:left; padding:2px 8px; vertical-align:top"},
         {"selector": "caption", "props": "caption-side:top; text-align:left; color:#333; "
                                          "padding-bottom:4px"}]


def as_html(markup: str):
    """``markup`` as an object Jupyter renders (``IPython.display.HTML`` when IPython is there)."""
    try:
        from IPython.display import HTML
    except ImportError:  # pragma: no cover - IPython comes with the notebooks extra
        return _Markup(markup)
    return HTML(markup)


class _Markup:
    def __init__(self, data: str) -> None:
        self.data = data

    def _repr_html_(self) -> str:
        return self.data


def showing(shown: int, total: int, noun: str = "rows") -> str:
    """The line under a capped table: ``Showing 20 of 1,234 rows.``"""
    return f"Showing {shown:,} of {total:,} {noun}." if shown < total else f"All {total:,} {noun}."


def shorten(value, max_chars: int):
    """A string cut to one line of ``max_chars`` (ending in …); other values unchanged."""
    if not isinstance(value, str):
        return value
    line = " ".join(value.split())
    return line if len(line) <= max_chars else line[:max_chars - 1].rstrip() + "…"


#: Jupyter right-aligns table cells; text reads better left-aligned.
LEFT_ALIGN = ("<style>table.ia-table td, table.ia-table th {text-align:left !important; "
              "vertical-align:top}</style>")


def frame_html(frame: pd.DataFrame, index: bool = False) -> str:
    """``frame`` as a left-aligned HTML table (all of it: cap it first)."""
    return LEFT_ALIGN + frame.to_html(index=index, classes="ia-table")


def preview(frame: pd.DataFrame, max_rows: int = 20, max_chars: int = 100, noun: str = "rows"):
    """The first ``max_rows`` rows of ``frame`` with long texts shortened, and a line saying how
    many rows there are in all."""
    head = frame.head(max_rows).copy()
    for column in head.columns:
        if head[column].dtype == object or pd.api.types.is_string_dtype(head[column]):
            head[column] = head[column].map(lambda v: shorten(v, max_chars))
    return as_html(f"<p>{showing(len(head), len(frame), noun)}</p>" + frame_html(head))


# -- a coded passage --------------------------------------------------------------------------

def code_colours(codes, codebook=None) -> dict[str, str]:
    """``{code: colour}``: the codebook's colours, else one palette colour per theme."""
    codes = list(dict.fromkeys(codes))
    if codebook is not None:
        return {c: codebook.colour_of(c) for c in codes}
    themes = list(dict.fromkeys(c.split("/", 1)[0] for c in codes))
    return {c: PALETTE[themes.index(c.split("/", 1)[0]) % len(PALETTE)] for c in codes}


def _detail(row: dict) -> str:
    parts = [str(row[k]) for k in ("coder", "stance") if isinstance(row.get(k), str) and row[k]]
    memo = row.get("memo")
    text = ", ".join(parts)
    if isinstance(memo, str) and memo:
        text += f" — {shorten(memo, 80)}"
    return text


def coding_marks(codings: pd.DataFrame, passage: dict, codebook=None
                 ) -> tuple[list[Mark], list[str]]:
    """Marks (relative offsets) and legend chips for the codings overlapping ``passage``."""
    if codings is None or codings.empty:
        return [], []
    hit = codings[(codings["document"] == passage["document"])
                  & (codings["start"] < passage["end"]) & (codings["end"] > passage["start"])]
    keys = [k for k in ("document", "start", "end", "code", "coder") if k in hit.columns]
    hit = hit.drop_duplicates(keys)
    colours = code_colours(hit["code"], codebook)
    marks, legend = [], []
    for row in hit.astype(object).where(hit.notna(), None).to_dict("records"):
        colour = colours[row["code"]]
        detail = _detail(row)
        title = row["code"] + (f" ({detail})" if detail else "")
        marks.append(Mark(int(row["start"]) - int(passage["start"]),
                          int(row["end"]) - int(passage["start"]), colour, title))
        legend.append(chip(colour, row["code"], detail))
    return marks, legend


def _speaker_line(p: dict) -> str:
    who = html.escape(str(p.get("speaker") or "(no speaker)"))
    return (f"<span style='color:#555'>{html.escape(str(p['passage_id']))} · "
            f"<b>{who}</b> ({html.escape(str(p.get('role') or ''))})</span>")


def context_html(p: dict | None, where: str, max_chars: int = 400) -> str:
    """A neighbouring passage in grey, shortened: what was asked, what came next."""
    if p is None:
        return f"<div style='color:#999;font-size:90%;margin:4px 0'>({where}: none)</div>"
    text = html.escape(shorten(str(p["text"]), max_chars))
    return (f"<div style='color:#666;font-size:90%;margin:4px 0;padding-left:8px;"
            f"border-left:3px solid #ddd'>{_speaker_line(p)}<br>{text}</div>")


def passage_html(p: dict, marks: list[Mark], legend: list[str], previous: dict | None = None,
                 following: dict | None = None, context: bool = False, header: str = "") -> str:
    """A passage with its marks, legend and (optionally) the passages around it."""
    body = mark_text(str(p["text"]), marks)
    parts = [header] if header else []
    if context:
        parts.append(context_html(previous, "previous passage"))
    parts.append(f"<div style='margin:4px 0;padding:6px 10px;border:1px solid #bbb;"
                 f"border-radius:4px;line-height:1.6;max-width:60em'>{_speaker_line(p)}<br>"
                 f"{body}</div>")
    if legend:
        parts.append(f"<div style='margin:2px 0 4px'>{''.join(legend)}</div>")
    if context:
        parts.append(context_html(following, "next passage"))
    return "<div class='ia-passage'>" + "".join(parts) + "</div>"


def coding_view_html(view, p: dict, codebook, coder: str) -> str:
    """The coder's passage view: codings in colour, rule matches underlined, context around."""
    marks, legend = coding_marks(view.codings.assign(coder=coder), p, codebook)
    matched = []
    for s in view.suggestions.itertuples(index=False):
        marks += [Mark(a, b, s.colour, f"rule match: {s.code}", "match") for a, b in s.spans]
        matched.append(chip(s.colour, s.code, f"rule: {s.matched}" if s.matched else "rule"))
    header = (f"<div><b>{html.escape(view.passage_id)}</b> · case {html.escape(view.case)}"
              f" · passage {view.position} of {view.total} · coder "
              f"<b>{html.escape(coder)}</b></div>")
    body = passage_html(p, marks, legend, view.previous, view.next, True, header)
    if matched:
        body += ("<div style='color:#555;margin-top:2px'>Rule suggestions (underlined): "
                 + "".join(matched) + "</div>")
    return body


def _neighbours(passages: pd.DataFrame, row: int) -> tuple[dict | None, dict | None]:
    doc = passages.iat[row, passages.columns.get_loc("document")]
    prev = passages.iloc[row - 1] if row > 0 else None
    nxt = passages.iloc[row + 1] if row + 1 < len(passages) else None
    return ((dict(prev) if prev is not None and prev["document"] == doc else None),
            (dict(nxt) if nxt is not None and nxt["document"] == doc else None))


def find_passage(passages: pd.DataFrame, passage_id: str) -> int:
    """Row number of ``passage_id`` in ``passages``, with the closest IDs when it is unknown."""
    ids = passages["passage_id"]
    rows = (ids == passage_id).to_numpy().nonzero()[0]
    if len(rows) == 0:
        raise InterviewAnalysisError(
            "no such passage", value=passage_id,
            fix=did_you_mean(passage_id, ids.astype(str).tolist()) +
                "passage IDs look like 'H1:0007' (document:number); see corpus.passages")
    return int(rows[0])


def show_passage(corpus, codings: pd.DataFrame | None, passage_id: str, codebook=None,
                 context: bool = False):
    """One passage with its coded spans highlighted in the codes' colours.

    Overlapping codings show as stacked colour bands; hovering a stretch names its codes. The
    legend lists each coding with coder, stance and memo.

    Parameters
    ----------
    corpus:
        The study's corpus.
    codings:
        Long-format codings (any coders; ``None`` for none).
    passage_id:
        E.g. ``"H1:0007"``.
    codebook:
        Gives the colours (default: a palette colour per theme).
    context:
        Also show the previous and next passage (the question asked, what followed).

    Returns
    -------
    IPython.display.HTML
    """
    passages = corpus.passages
    row = find_passage(passages, passage_id)
    p = dict(passages.iloc[row])
    marks, legend = coding_marks(codings, p, codebook)
    previous, following = _neighbours(passages, row)
    header = (f"<div><b>{html.escape(str(p['passage_id']))}</b> · case "
              f"{html.escape(str(p['case']))} · {int(p['words'])} words</div>")
    return as_html(passage_html(p, marks, legend, previous, following, context, header))


# -- styled tables ----------------------------------------------------------------------------

def _caption(text: str, shown: int, total: int) -> str:
    more = f" {showing(shown, total)}" if shown < total else ""
    return text + more


def _legend(items) -> str:
    return " ".join(f"<span style='background:{c};padding:0 .5em;margin-left:.3em'>"
                    f"{html.escape(name)}</span>" for name, c in items)


def agreement_view(table: pd.DataFrame) -> pd.DataFrame:
    """The agreement table as a reader sees it: ``code, label, cases`` (``"4/5"``), the stance
    counts under plain headings, ``consensus`` and ``summary`` (``level`` kept for styling)."""
    view = pd.DataFrame({"level": table.get("level", pd.Series("code", index=table.index)),
                         "code": table["code"]})
    if "label" in table.columns:
        view["label"] = table["label"]
    if {"n_cases", "n_total"} <= set(table.columns):
        view["cases"] = [f"{k}/{n}" for k, n in zip(table["n_cases"], table["n_total"])]
    for column, heading in _STANCE_HEADINGS.items():
        if column in table.columns:
            view[heading] = table[column]
    for column in ("consensus", "summary"):
        if column in table.columns:
            view[column] = table[column]
    return view


_STANCE_HEADINGS = {"positive": "for", "negative": "against", "mixed": "mixed",
                    "no_view": "no view", "not_mentioned": "not mentioned"}


def style_agreement(table: pd.DataFrame, max_rows: int = 60):
    """The agreement table (:func:`~interview_analysis.analysis.agreement_table`) styled for
    reading: consensus cells coloured, theme rows bold, zero counts greyed, ``cases`` as
    "coded of all" (see :func:`agreement_view`).

    At most ``max_rows`` rows are shown; the caption says how many there are.

    Returns
    -------
    pandas.io.formats.style.Styler
    """
    shown = agreement_view(table.head(max_rows)).reset_index(drop=True)
    counts = [h for h in _STANCE_HEADINGS.values() if h in shown.columns]
    styler = shown.style.hide(axis="index").set_table_styles(_CELL)
    # Under its bold theme row a code reads by its own name; the data keep the full ID.
    styler = styler.format(lambda v: "\u00a0" * 3 * v.count("/") + v.rsplit("/", 1)[-1]
                           if isinstance(v, str) else v, subset=["code"])
    styler = styler.map(lambda v: "white-space:nowrap", subset=["code"])
    if "consensus" in shown.columns:
        styler = styler.map(lambda v: f"background-color:{CONSENSUS_COLOURS.get(v, '')}"
                            if v in CONSENSUS_COLOURS else "", subset=["consensus"])
    if "summary" in shown.columns:
        styler = styler.map(lambda v: "min-width:14em", subset=["summary"])
    if counts:
        styler = styler.map(lambda v: "color:#BBBBBB" if v == 0 else "", subset=counts)
    themes = shown["level"].eq("theme").to_numpy()
    styler = styler.apply(lambda r: ["font-weight:bold;border-top:1px solid #999"
                                     if themes[r.name] else ""] * len(r), axis=1)
    styler = styler.hide(subset=["level"], axis="columns")
    caption = ("Agreement between interviewees (theme rows in bold). Consensus:" +
               _legend(CONSENSUS_COLOURS.items()) + ".")
    return styler.set_caption(_caption(caption, len(shown), len(table)))


def alpha_colour(alpha) -> str:
    """The cell colour of a Krippendorff's α value (:data:`ALPHA_BANDS`)."""
    try:
        value = float(alpha)
    except (TypeError, ValueError):
        return NOT_COMPUTABLE
    if math.isnan(value):
        return NOT_COMPUTABLE
    return next(colour for low, colour, _ in ALPHA_BANDS if value >= low)


def style_reliability(table: pd.DataFrame, max_rows: int = 60, digits: int = 3):
    """The reliability table (:func:`~interview_analysis.analysis.reliability.reliability_table`)
    styled: Krippendorff's α coloured by band (≥ .800 reliable, ≥ .667 tentative, lower not
    reliable, grey not computable), percent agreement as a percentage, theme rows bold.

    Returns
    -------
    pandas.io.formats.style.Styler
    """
    shown = table.head(max_rows).reset_index(drop=True)
    styler = shown.style.hide(axis="index").set_table_styles(_CELL)
    number = "{:.%df}" % digits
    formats = {c: number for c in ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha")
               if c in shown.columns}
    if "percent_agreement" in shown.columns:
        formats["percent_agreement"] = "{:.0%}"
    styler = styler.format(formats, na_rep="n/a")
    if "krippendorff_alpha" in shown.columns:
        styler = styler.map(lambda v: f"background-color:{alpha_colour(v)}",
                            subset=["krippendorff_alpha"])
    if "note" in shown.columns:
        styler = styler.map(lambda v: "min-width:18em", subset=["note"])
    if "level" in shown.columns:
        themes = shown["level"].eq("theme").to_numpy()
        styler = styler.apply(lambda r: ["font-weight:bold" if themes[r.name] else ""] * len(r),
                              axis=1)
    bands = [(f"α ≥ {low:.3f} {meaning}" if low > -math.inf else meaning, colour)
             for low, colour, meaning in ALPHA_BANDS] + [("not computable", NOT_COMPUTABLE)]
    caption = "Intercoder reliability (theme rows in bold). Krippendorff's α:" + _legend(bands)
    return styler.set_caption(_caption(caption + ".", len(shown), len(table)))
