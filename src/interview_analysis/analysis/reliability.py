"""Intercoder reliability of manual codings: per-code and per-theme tables, and disagreements.

A unit (a participant passage by default) gets one value per coder: the set of codes the
coder applied to it. A coder who did not code a document at all (no coding in it) has a
*missing* value for its units, not an empty set: second coders usually code a subset of the
interviews, and counting their uncoded documents as "code absent" would inflate agreement on
absence and deflate it on presence. The statistics themselves are in
:mod:`.reliability_stats` and are re-exported here.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..domain import order_coders
from ..domain import theme_of as first_segment
from ..errors import ReliabilityError
from .reliability_stats import (
    LEVELS,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)

__all__ = ["LEVELS", "TABLE_COLUMNS", "cohen_kappa", "disagreements", "fleiss_kappa",
           "krippendorff_alpha", "percent_agreement", "reliability_table", "theme_of",
           "unit_table"]

TABLE_COLUMNS = ["level", "name", "n_units", "percent_agreement", "cohen_kappa",
                 "fleiss_kappa", "krippendorff_alpha", "note", "reason"]
#: Why a coefficient is missing or reads 0 (the ``reason`` column; words in ``messages``):
#: ``several_codes`` a coder gave one unit two codes of the theme; ``no_pairs`` no unit was
#: coded by two coders; ``never_used`` no coder used the code on the units both coded;
#: ``one_category`` every coder gave every unit the same value; ``one_coder`` only one coder
#: used the code (the coefficients are computable and at most 0).
REASONS = ("several_codes", "no_pairs", "never_used", "one_category", "one_coder")
NO_CODE = "none"  # the theme value of a unit the coder coded with no code of the theme
UNIT_KEYS = {"passage": "passage_id", "document": "document"}
_NOUNS = {"passage": "passages", "document": "documents"}
_SHOWN_UNITS = 5
_RESERVED = {"passage_id", "document", "code", "_order"}


def theme_of(code_id: str, themes: Mapping[str, str] | None = None) -> str:
    """The theme a code belongs to: ``themes[code_id]`` if given, else the part before ``/``.

    Parameters
    ----------
    code_id : str
        A code ID such as ``"channels/email"``; an ID without ``/`` is its own theme.
    themes : mapping, optional
        ``{code: theme}`` overrides, e.g. ``{c.id: c.theme for c in codebook}``.

    Returns
    -------
    str
        The theme ID, e.g. ``"channels"``.
    """
    if themes is not None and code_id in themes:
        return themes[code_id]
    return first_segment(code_id)


def _check_columns(frame: pd.DataFrame, needed: Sequence[str], what: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ReliabilityError(f"{what} is missing column(s) {', '.join(missing)}",
                               fix=f"give {what} the columns {', '.join(needed)}")


def _units_of(corpus) -> pd.DataFrame:
    """The units: a corpus's participant passages, or a passages table given as it is."""
    return corpus.participant_passages if hasattr(corpus, "participant_passages") else corpus


def _coders_of(codings: pd.DataFrame, coders: Sequence[str] | None) -> list[str]:
    """``coders``, or every coder in the codings (the primary coder first)."""
    if coders is None:
        _check_columns(codings, ("coder",), "codings")
        return order_coders(codings["coder"].dropna().astype(str).unique().tolist())
    return coders


def _themes_of(codebook, themes: Mapping[str, str] | None) -> Mapping[str, str] | None:
    if themes is None and codebook is not None:
        return {c.id: c.theme for c in codebook}
    return themes


def _check_coders(coders: Sequence[str]) -> list[str]:
    if isinstance(coders, str):
        raise ReliabilityError("the coders must be a list of coder names, not one string",
                               value=coders, fix="e.g. coders=['researcher', 'second-coder']")
    unique = list(dict.fromkeys(coders))
    clash = sorted(set(unique) & _RESERVED)
    if clash:
        raise ReliabilityError("a coder's name is also the name of a column of the unit table",
                               value=clash,
                               fix=f"rename the coder '{clash[0]}': in a study, rename its file "
                                   f"codings/{clash[0]}.csv, e.g. to codings/{clash[0]}-coder.csv "
                                   f"(the names {', '.join(sorted(_RESERVED - {'_order'}))} "
                                   "are taken)")
    if len(unique) < 2:
        raise ReliabilityError("reliability needs at least 2 coders", value=unique,
                               fix="give two or more coders, e.g. --coders researcher,second")
    return unique


def _coder_rows(codings: pd.DataFrame, coders: list[str]) -> pd.DataFrame:
    _check_columns(codings, ("document", "passage_id", "coder", "code"), "codings")
    return codings[codings["coder"].isin(coders) & codings["code"].notna()]


def unit_table(codings: pd.DataFrame, corpus, coders: Sequence[str] | None = None, *,
               unit: str = "passage") -> pd.DataFrame:
    """The codes each coder applied to each unit.

    Parameters
    ----------
    codings : DataFrame
        Long-format codings with at least ``document, passage_id, coder, code``. Codings of
        other coders, and of passages not in ``passages``, are ignored.
    corpus : Corpus or DataFrame
        The corpus, whose participant passages are the units, or the units themselves (a
        table with at least ``passage_id, document``).
    coders : sequence of str, optional
        At least two coder names (default: every coder in ``codings``).
    unit : {"passage", "document"}
        The unit of analysis.

    Returns
    -------
    DataFrame
        Indexed by ``passage_id`` (with a ``document`` column) or by ``document``, one column
        per coder holding a ``frozenset`` of code IDs (empty when the coder coded the document
        but not this unit), or ``None`` when the coder has no coding in the document at all.

    Raises
    ------
    ReliabilityError
        For an unknown ``unit``, fewer than 2 coders or missing columns.
    """
    if unit not in UNIT_KEYS:
        raise ReliabilityError("unknown unit of comparison", value=unit,
                               fix="use one of " + ", ".join(UNIT_KEYS))
    coders = _check_coders(_coders_of(codings, coders))
    rows = _coder_rows(codings, coders)
    passages = _units_of(corpus)
    _check_columns(passages, ("passage_id", "document"), "passages")
    key = UNIT_KEYS[unit]
    units = passages[list(dict.fromkeys([key, "document"]))].drop_duplicates(key)
    table = units.set_index(key)[["document"]] if unit == "passage" else \
        pd.DataFrame(index=pd.Index(units[key], name=key))
    pairs = list(zip(units[key], units["document"], strict=True))
    for coder in coders:
        mine = rows[rows["coder"] == coder]
        applied = mine.groupby(key)["code"].agg(frozenset).to_dict()
        coded = set(mine["document"])
        table[coder] = [applied.get(u, frozenset()) if doc in coded else None
                        for u, doc in pairs]
    return table


def _presence(sets: pd.DataFrame, code: str) -> np.ndarray:
    """Coders x units: 1 if the coder applied ``code`` to the unit, 0 if not, NaN if missing."""
    return np.array([[np.nan if s is None else float(code in s) for s in sets[coder]]
                     for coder in sets.columns])


def _theme_values(sets: pd.DataFrame, members: set[str]) -> np.ndarray:
    """Coders x units: the theme's codes applied, joined by ", " (``"none"``), None if missing."""
    return np.array([[None if s is None else ", ".join(sorted(s & members)) or NO_CODE
                      for s in sets[coder]] for coder in sets.columns], dtype=object)


def _pairable(values: np.ndarray) -> np.ndarray:
    """Units coded by at least two coders."""
    present = np.array([[v is not None and v == v for v in row] for row in values])
    return present.sum(axis=0) >= 2


def _statistics(values: np.ndarray) -> dict[str, float]:
    two = values.shape[0] == 2
    return {"percent_agreement": percent_agreement(values),
            "cohen_kappa": cohen_kappa(values[0], values[1]) if two else np.nan,
            "fleiss_kappa": fleiss_kappa(values),
            "krippendorff_alpha": krippendorff_alpha(values, "nominal")}


def _row(level: str, name: str, values: np.ndarray, conflicts: list[str], noun: str) -> dict:
    n_units = int(_pairable(values).sum())
    row = {"level": level, "name": name, "n_units": n_units}
    if conflicts:
        shown = ", ".join(conflicts[:_SHOWN_UNITS])
        more = len(conflicts) - _SHOWN_UNITS
        shown += f" and {more} more" if more > 0 else ""
        note = (f"not computable: a coder applied 2 or more codes of this theme to one unit "
                f"({noun} {shown})")
        return {**row, **dict.fromkeys(TABLE_COLUMNS[3:7], np.nan), "note": note,
                "reason": "several_codes"}
    row.update(_statistics(values))
    row["reason"] = _reason(values, level, n_units, row["krippendorff_alpha"])
    if n_units == 0:
        row["note"] = "no unit was coded by two or more of the coders"
    elif np.isnan(row["krippendorff_alpha"]):
        row["note"] = "no variation: all coders gave every unit the same value"
    else:
        row["note"] = ""
    return row


def _reason(values: np.ndarray, level: str, n_units: int, alpha: float) -> str:
    """The :data:`REASONS` key that explains a missing (or zero) coefficient, else ``""``."""
    if n_units == 0:
        return "no_pairs"
    paired = values[:, _pairable(values)]
    if np.isnan(alpha):
        used = {v for v in paired.ravel() if v is not None and v == v}
        return "never_used" if level == "code" and used <= {0.0} else "one_category"
    if level == "code":
        users = [row for row in paired if np.nansum(np.asarray(row, dtype=float)) > 0]
        return "one_coder" if len(users) == 1 else ""
    return ""


def _themes(codes: Sequence[str], themes: Mapping[str, str] | None) -> dict[str, set[str]]:
    """``{theme: codes}`` in order of first appearance in ``codes``."""
    grouped: dict[str, set[str]] = {}
    for code in codes:
        grouped.setdefault(theme_of(code, themes), set()).add(code)
    return grouped


def _conflicts(coder_sets: pd.DataFrame, members: set[str], values: np.ndarray) -> list[str]:
    """Units, among those coded by two or more coders, where a coder gave two theme codes."""
    double = np.array([[s is not None and len(s & members) > 1 for s in coder_sets[coder]]
                       for coder in coder_sets.columns])
    return [str(u) for u in coder_sets.index[double.any(axis=0) & _pairable(values)]]


def _selected_codes(codings: pd.DataFrame, coders: list[str], codes, codebook=None
                    ) -> list[str]:
    if codes is None:
        used = set(_coder_rows(codings, coders)["code"])
        ordered = [c.id for c in codebook if c.id in used] if codebook is not None else []
        return ordered + sorted(used - set(ordered))
    return list(dict.fromkeys([codes] if isinstance(codes, str) else codes))


def reliability_table(codings: pd.DataFrame, corpus, codebook=None, *,
                      coders: Sequence[str] | None = None,
                      codes: Sequence[str] | None = None,
                      themes: Mapping[str, str] | None = None,
                      unit: str = "passage") -> pd.DataFrame:
    """Intercoder reliability per code and per theme.

    For a code, each unit's value is its presence (1/0). For a theme, each unit's value is
    the one code of the theme the coder applied, or ``"none"``; a theme is a single nominal
    variable only if no coder applied two of its codes to one unit, otherwise its row is
    marked not computable (statistics NaN, ``note`` lists the units). Only units coded by
    two or more coders enter the statistics (and the check).

    Parameters
    ----------
    codings, corpus, coders, unit
        As in :func:`unit_table`.
    codebook : Codebook, optional
        Gives the order of the codes and the theme of each code.
    codes : sequence of str, optional
        The codes to report, in this order; by default every code the coders applied (in
        codebook order, else sorted). Theme rows are built from these codes only.
    themes : mapping, optional
        ``{code: theme}`` overrides for :func:`theme_of` (default: from the codebook).

    Returns
    -------
    DataFrame
        Columns :data:`TABLE_COLUMNS`: ``level`` ("code" | "theme"), ``name``, ``n_units``
        (units coded by at least two coders), ``percent_agreement`` (unanimous, see
        :func:`percent_agreement`), ``cohen_kappa`` (NaN unless exactly 2 coders),
        ``fleiss_kappa`` (units all coders coded), ``krippendorff_alpha`` (nominal) and
        ``note``. Code rows come first, then theme rows in order of first appearance.
    """
    coders = _check_coders(_coders_of(codings, coders))
    sets = unit_table(codings, corpus, coders, unit=unit)
    coder_sets = sets[coders]
    selected = _selected_codes(codings, coders, codes, codebook)
    rows = [_row("code", code, _presence(coder_sets, code), [], _NOUNS[unit])
            for code in selected]
    for theme, members in _themes(selected, _themes_of(codebook, themes)).items():
        values = _theme_values(coder_sets, members)
        conflicts = _conflicts(coder_sets, members, values)
        rows.append(_row("theme", theme, values, conflicts, _NOUNS[unit]))
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def _differing(values: np.ndarray) -> np.ndarray:
    """Units coded by two or more coders whose coded values are not all equal."""
    differ = [len({v for v in column if v is not None and v == v}) > 1 for column in values.T]
    return np.array(differ, dtype=bool) & _pairable(values)


def disagreements(codings: pd.DataFrame, corpus, codebook=None, *,
                  coders: Sequence[str] | None = None, code: str | None = None,
                  level: str = "code", themes: Mapping[str, str] | None = None,
                  unit: str = "passage") -> pd.DataFrame:
    """The units the coders disagree on, for reconciliation meetings.

    Parameters
    ----------
    codings, corpus, coders, unit
        As in :func:`unit_table`.
    codebook : Codebook, optional
        Gives the order of the codes and the theme of each code.
    code : str, optional
        Only this code (``level="code"``) or this theme (``level="theme"``); default all.
    level : {"code", "theme"}
        Per code, the coder columns hold 1/0 (presence); per theme, they hold the theme's
        codes the coder applied (joined by ", ") or ``"none"``.
    themes : mapping, optional
        ``{code: theme}`` overrides for :func:`theme_of`.

    Returns
    -------
    DataFrame
        One row per (unit, code or theme) where the coders who coded the unit's document do
        not all agree, in ``passages`` order: ``passage_id`` (passage units), ``document``,
        ``code``, one column per coder (missing when the coder did not code the document)
        and ``text`` (``passage text`` when a coder is called ``text``) for passage units.
    """
    if level not in ("code", "theme"):
        raise ReliabilityError("unknown level", value=level, fix="use 'code' or 'theme'")
    coders = _check_coders(_coders_of(codings, coders))
    sets = unit_table(codings, corpus, coders, unit=unit)
    coder_sets = sets[coders]
    selected = _selected_codes(codings, coders, None, codebook)
    if level == "code":
        variables = {c: None for c in ([code] if code is not None else selected)}
    else:
        grouped = _themes(selected, _themes_of(codebook, themes))
        variables = {t: m for t, m in grouped.items() if code is None or t == code}
    frames = [_disagreement_rows(sets, coder_sets, name, members)
              for name, members in variables.items()]
    frames = [frame for frame in frames if len(frame)]  # concat warns about empty frames
    keys = [UNIT_KEYS[unit]] + (["document"] if unit == "passage" else [])
    columns = [*keys, "code", *coder_sets.columns]
    result = pd.concat(frames) if frames else pd.DataFrame(columns=columns)
    result = result.sort_values("_order", kind="stable") if frames else result
    result = result.reindex(columns=columns).reset_index(drop=True)
    passages = _units_of(corpus)
    if unit == "passage" and "text" in passages.columns:
        text = passages.drop_duplicates("passage_id").set_index("passage_id")["text"]
        result["text" if "text" not in coders else "passage text"] = \
            result["passage_id"].map(text)
    return result


def _disagreement_rows(sets: pd.DataFrame, coder_sets: pd.DataFrame, name: str,
                       members: set[str] | None) -> pd.DataFrame:
    values = _presence(coder_sets, name) if members is None else \
        _theme_values(coder_sets, members)
    keep = _differing(values)
    rows = sets.loc[keep, [c for c in sets.columns if c == "document"]].copy()
    rows.insert(0, sets.index.name, sets.index[keep])
    rows.insert(len(rows.columns), "code", name)
    for position, coder in enumerate(coder_sets.columns):
        column = values[position, keep]
        rows[coder] = pd.array(column, dtype="Int64") if members is None else list(column)
    rows["_order"] = np.flatnonzero(keep)
    return rows
