"""Sentences of the results chapter, composed from analysis tables and the word catalogue.

The words come from :mod:`interview_analysis.messages`; this module only decides which
template a row of an analysis table calls for and fills it in.
"""
from __future__ import annotations

from collections.abc import Mapping

from ..analysis.agreement import sides_of
from ..domain import NO_VIEW, STANCES
from ..errors import InterviewAnalysisError
from ..messages import (
    LANGUAGES,
    counted,
    inner_quotes,
    percent,
    section,
    side_word,
    summary_text,
)


def _templates(lang: str) -> Mapping:
    if lang not in LANGUAGES:
        raise InterviewAnalysisError("no wording for this language", value=lang,
                                     fix="use lang='en' or lang='fi'")
    return section("AGREEMENT", lang)


def agreement_summary(row: Mapping, lang: str = "en") -> str:
    """``"H1, H2 for; H3 against"`` for a row of the agreement table, in ``lang``."""
    return summary_text(sides_of(row), lang)


def describe_agreement(row: Mapping, lang: str = "en") -> str:
    """One synthesis sentence for a row of the agreement table, with counts in words.

    Examples
    --------
    >>> row = {"label": "Same contact person", "n_cases": 5, "n_total": 5, "positive": 5,
    ...        "negative": 0, "mixed": 0, "no_view": 0, "direction": "positive",
    ...        "consensus": "unanimous", "cases_positive": "H1, H2, H3, H4, H5",
    ...        "cases_negative": "", "cases_mixed": "", "cases_no_view": ""}
    >>> describe_agreement(row)
    'All five interviewees were positive about “Same contact person”.'
    >>> describe_agreement(row, "fi")
    'Kaikki viisi haastateltavaa suhtautuivat myönteisesti aiheeseen ”Same contact person”.'
    """
    text = _templates(lang)
    k, n, kind = int(row["n_cases"]), int(row["n_total"]), row["consensus"]
    label = inner_quotes(row["label"], lang)
    sides = sides_of(row)
    direction = row["direction"]
    if k == 0:
        return text["none"].format(label=label)
    who, plural = counted(k, n, lang)
    fill = {"label": label, "who": who[:1].upper() + who[1:], "raise": text["raise"][plural]}
    if kind == "none":
        return text["no_view"].format(**fill)
    if kind == "single voice":
        return _single_voice(text, sides, k, fill, lang)
    if kind in ("split", "by sub-topic"):
        return text["split" if kind == "split" else "by_subtopic"].format(
            **fill, summary=summary_text(sides, lang))
    t = int(row[direction.replace(" ", "_")])
    who, plural = counted(t, n, lang)
    others = summary_text({s: v for s, v in sides.items() if s != direction}, lang)
    return text["held"].format(who=who[:1].upper() + who[1:], be=text["be"][plural],
                               adj=text["adj"][direction], label=label,
                               others=f" ({others})" if others else "")


#: Strongest finding first: how a theme's sentences are ordered.
_STRENGTH = {"unanimous": 0, "strong majority": 1, "majority": 2, "split": 3, "minority": 4,
             "single voice": 5, "by sub-topic": 6, "none": 7}


def _top(row: Mapping) -> int:
    return int(row.get(str(row["direction"]).replace(" ", "_"), 0) or 0)


def _groupable(row: Mapping) -> bool:
    """A row whose sentence is only "k of n were <view>" (no other views to mention)."""
    sides = sides_of(row)
    return row["consensus"] in ("unanimous", "strong majority", "majority", "minority") and \
        row["direction"] in STANCES and \
        not any(sides[s] for s in STANCES if s != row["direction"])


def _labels(labels: list[str], text: Mapping) -> str:
    quoted = [text["label_quote"].format(label=label) for label in labels]
    if len(quoted) == 1:
        return quoted[0]
    return f"{', '.join(quoted[:-1])} {text['and']} {quoted[-1]}"


def describe_rows(rows, lang: str = "en") -> list[str]:
    """Sentences for a theme's code rows of the agreement table, strongest finding first;
    codes that share a finding share a sentence ("All five interviewees were positive about
    “A”, “B” and “C”.")."""
    text = _templates(lang)
    records = sorted((dict(r) for r in rows), key=lambda r: (_STRENGTH.get(r["consensus"], 9),
                                                             -_top(r), -int(r["n_cases"])))
    out, done = [], set()
    for i, row in enumerate(records):
        if i in done:
            continue
        if not _groupable(row):
            out.append(describe_agreement(row, lang))
            continue
        same = [j for j, other in enumerate(records) if j not in done and _groupable(other)
                and (other["direction"], _top(other), other["n_total"]) ==
                (row["direction"], _top(row), row["n_total"])]
        done.update(same)
        if len(same) == 1:
            out.append(describe_agreement(row, lang))
            continue
        who, plural = counted(_top(row), int(row["n_total"]), lang)
        out.append(text["held_many"].format(
            who=who[:1].upper() + who[1:], be=text["be"][plural],
            adj=text["adj"][row["direction"]],
            labels=_labels([inner_quotes(records[j]["label"], lang) for j in same], text)))
    return out


def _single_voice(text: Mapping, sides: dict, k: int, fill: dict, lang: str) -> str:
    viewed = [(s, c) for s in STANCES for c in sides[s]]
    if k == 1:
        case = viewed[0][1] if viewed else sides[NO_VIEW][0]
        view = text["alone_view"].format(adj=text["adj"][viewed[0][0]]) if viewed else ""
        return text["alone"].format(case=case, label=fill["label"], view=view)
    return text["one_view"].format(**fill, case=viewed[0][1], side=side_word(viewed[0][0], lang))


def guest_message(rule: dict, n_interviews: int, lang: str | None = "en") -> str:
    """The Guest et al. (2020) result in words (from ``guest_saturation`` output)."""
    words = section("SATURATION", lang)
    base, run = rule.get("base", 4), rule.get("run", 2)
    limit = percent(rule.get("threshold", 0.05), lang)
    if rule.get("saturated"):
        return words["guest_met"].format(
            at=rule["at_position"], case=rule.get("at_case"), new=rule.get("new_codes"),
            base=rule.get("base_codes"), ratio=percent(rule.get("ratio") or 0, lang),
            limit=limit)
    if n_interviews < base + run:
        return words["guest_too_few"].format(n=base + run)
    return words["guest_not_met"].format(run=run, limit=limit)


def francis_message(rule: dict, n_interviews: int, lang: str | None = "en") -> str:
    """The Francis et al. (2010) 10 + 3 result in words (from ``francis_stopping`` output)."""
    words = section("SATURATION", lang)
    initial, stop = rule.get("initial", 10), rule.get("stop", 3)
    if rule.get("saturated"):
        return words["francis_met"].format(at=rule["at_position"], case=rule.get("at_case"))
    if n_interviews < initial + stop:
        return words["francis_too_few"].format(n=initial + stop)
    return words["francis_not_met"].format(stop=stop)
