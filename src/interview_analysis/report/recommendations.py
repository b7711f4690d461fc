"""Development recommendations in words: ``recommendations.md`` and the evidence lines.

The recommendations are evaluated against the evidence by
:func:`interview_analysis.pipeline.recommendations.evaluate_recommendations`; this module
writes them for a reader.

Examples
--------
>>> print(recommendations_markdown(results.recommendations, "fi"))   # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..base.atomic import write_text
from ..messages import language, stance_word, word


def export_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The recommendations table with quotes as text, for CSV/Excel/LaTeX."""
    return table.assign(quotes=[" | ".join(f"{case}: {text}" for case, text in q)
                                for q in table["quotes"]])


def evidence_line(row, lang: str) -> str:
    """``Evidence: H1, H2, H4 (3 interviewees, 5 passages; required: 3 ...)``."""
    wanted = stance_word(row["stance"], lang)
    stance = word("with_stance", lang, stance=wanted) if wanted else ""
    source = ""
    if str(row.get("evidence_codes") or row["code"]) != row["code"]:  # other codes' evidence
        source = word("evidence_from", lang, codes=row.get("evidence_labels") or
                      row["evidence_codes"]) + ": "
    def one(key: str, n) -> str:  # "1 interviewee", "3 interviewees"
        return key + "_one" if int(n) == 1 else key

    required = word(one("required", row["min_cases"]), lang, min=row["min_cases"], stance=stance)
    return (f"{word('evidence', lang)}: {source}{row['cases']} ({row['n_cases']} "
            f"{word(one('cases_word', row['n_cases']), lang)}, {row['n_passages']} "
            f"{word(one('passages_word', row['n_passages']), lang)}; {required})")


def _md_quote(text: str) -> str:
    return " ".join(str(text).split()).replace("*", "\\*")


def _supported_items(rows: pd.DataFrame, lang: str) -> list[str]:
    out = []
    for i, row in enumerate(rows.to_dict("records"), start=1):
        out += [f"{i}. **{row['text']}**", f"   - {row['label']} (`{row['code']}`)",
                f"   - {evidence_line(row, lang)}"]
        out += [f"   > “{_md_quote(text)}” ({case})" for case, text in row["quotes"]]
        out.append("")
    return out


def _points_markdown(points: pd.DataFrame | None, lang: str) -> list[str]:
    """What the interviewees criticised, for a codebook without recommendations."""
    if points is None:
        return [word("no_recommendations", lang), ""]
    if points.empty:
        return [word("no_points", lang), ""]
    return [f"## {word('development_points', lang)}", "", word("points_intro", lang), "",
            *_supported_items(points, lang)]


def recommendations_markdown(table: pd.DataFrame, lang: str = "en", title: str | None = None,
                             points: pd.DataFrame | None = None) -> str:
    """The recommendations as Markdown: supported ones with evidence, then the rest; for a
    codebook without recommendations, the ``points`` the interviewees criticised."""
    lang = language(lang)
    out = [f"# {title or word('recommendations', lang)}", ""]
    if table.empty:
        return "\n".join([*out, *_points_markdown(points, lang)]).rstrip() + "\n"
    supported, rejected = table[table["supported"]], table[~table["supported"]]
    out += [word("supported_intro", lang) if len(supported) else word("none_supported", lang),
            ""]
    out += _supported_items(supported, lang)
    out += [f"## {word('not_supported', lang)}", "",
            word("unsupported_intro", lang) if len(rejected) else word("none_unsupported", lang),
            ""]
    for row in rejected.itertuples(index=False):
        out.append(f"- {row.text} — {row.label} (`{row.code}`): {row.reason}")
    return "\n".join(out).rstrip() + "\n"


def write_recommendations(table: pd.DataFrame, path: str | Path, lang: str = "en",
                          title: str | None = None, points: pd.DataFrame | None = None) -> Path:
    """Write ``recommendations.md`` atomically."""
    return write_text(path, recommendations_markdown(table, lang, title, points))
