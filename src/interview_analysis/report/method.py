"""The method section's words: the COREQ facts table and a draft method paragraph.

The facts themselves are collected by :func:`interview_analysis.pipeline.method.method_facts`;
the words come from the catalogue (:mod:`interview_analysis.messages`).
"""
from __future__ import annotations

import pandas as pd

from ..messages import language, number_word, percent, section
from ..pipeline.method import MethodFacts
from .prose import guest_message

_COREQ = {"participants": 12, "modes": 14, "words": 16, "duration": 21, "saturation": 22,
          "coders": 24, "double": 24, "codebook": 25, "software": 27}


def _same(kind: str, value: str) -> str:
    return value


def method_table(facts: MethodFacts, lang: str = "en", values=None) -> pd.DataFrame:
    """``coreq, fact, value`` rows in ``lang``; facts the study lacks are left out.

    ``values(kind, value)`` names an interview mode (``kind="modes"``) or a group
    (``"groups"``) as the reader sees it (:meth:`.labels.CaseLabels.fact`); default as
    written in the cases table.
    """
    lang = language(lang)
    values = values or _same
    w = section("FACTS", lang)
    rows = [("participants", str(facts.n_participants)),
            ("documents", str(facts.n_documents))]
    if facts.words_total:
        rows.append(("words", w["words_range"].format(
            total=facts.words_total, low=facts.words_range[0], high=facts.words_range[1])))
    if facts.modes:
        rows.append(("modes", ", ".join(f"{values('modes', m)} {n}"
                                       for m, n in facts.modes.items())))
    if facts.duration_range:
        low, high = (f"{v:g}" for v in facts.duration_range)
        text = f"{low}–{high} {w['min']}" if low != high else f"{low} {w['min']}"
        if facts.n_without_duration:
            text += " (" + w["no_duration"].format(n=facts.n_without_duration) + ")"
        rows.append(("duration", text))
    if facts.date_range:
        low, high = facts.date_range
        rows.append(("dates", low if low == high else f"{low} – {high}"))
    if facts.groups:
        rows.append(("groups", ", ".join(f"{values('groups', g)} {n}"
                                        for g, n in facts.groups.items())))
    rows.append(("coders", ", ".join(facts.coders) if facts.coders else w["rules"]))
    k, n = facts.double_coded
    if len(facts.coders) > 1:
        rows.append(("double", f"{k}/{n} ({percent(k / n if n else 0, lang)})"))
    rows.append(("codebook", w["themes_codes"].format(
        themes=facts.n_themes, codes=facts.n_codes, leaves=facts.n_leaves)))
    rows.append(("unit", w["units"].get(facts.unit, facts.unit)))
    if facts.saturation:
        rows.append(("saturation", guest_message(facts.saturation, facts.n_interviews, lang)))
    rows.append(("language", facts.language))
    rows.append(("software", ", ".join(f"{w['lemmatiser'] if k == 'lemmatiser' else k} {v}"
                                       for k, v in facts.software.items())))
    return pd.DataFrame([{"coreq": _COREQ.get(key, ""), "fact": w[key], "value": value}
                         for key, value in rows], columns=["coreq", "fact", "value"])


def _dates(dates: tuple[str, str], lang: str) -> str:
    """``5.10.–21.10.2022`` / ``between 2022-10-05 and 2022-10-21`` (ISO dates kept in en)."""
    low, high = dates
    if lang == "fi":
        try:
            a, b = pd.Timestamp(low), pd.Timestamp(high)
        except (ValueError, TypeError):
            return f"{low}–{high}" if low != high else low
        if a == b:
            return f"{a.day}.{a.month}.{a.year}"
        first = f"{a.day}.{a.month}." + ("" if a.year == b.year else f"{a.year}")
        return f"{first}–{b.day}.{b.month}.{b.year}"
    return low if low == high else section("METHOD", lang)["between"].format(low=low, high=high)


def method_paragraph(facts: MethodFacts, lang: str = "en", values=None) -> str:
    """A draft method paragraph from the facts (the researcher edits it into the thesis);
    ``values`` as for :func:`method_table`."""
    lang = language(lang)
    n = facts.n_participants
    table = method_table(facts, lang, values).set_index("fact")["value"]
    w = section("FACTS", lang)
    m = section("METHOD", lang)
    who = m["who_one"] if n == 1 else m["who_many"].format(n=number_word(n, lang))
    parts = [m["data"].format(who=who, documents=facts.n_documents)]
    if facts.modes:
        parts.append(m["modes"].format(modes=table[w["modes"]]))
    if facts.duration_range:
        parts.append(m["duration"].format(duration=table[w["duration"]]))
    if facts.date_range:
        parts.append(m["dates"].format(dates=_dates(facts.date_range, lang)))
    parts.append(m["codebook"].format(codebook=table[w["codebook"]], coders=table[w["coders"]]))
    parts.append(m["software"].format(software=table[w["software"]]))
    return " ".join(parts)
