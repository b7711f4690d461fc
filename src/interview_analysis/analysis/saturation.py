"""Saturation: new codes per interview in interview order, and two published stopping rules.

The curve lists, interview by interview, the codes first seen there. Interview order is a case
attribute (``study.config.order``, e.g. ``interview_date``), else the cases-table order.

Guest, Namey & Chen (2020)
    *Base size* (default 4 interviews), *run length* (2) and *new-information threshold*
    (≤ 5 %). Take the unique codes of the base interviews; count the codes first seen in the run
    of interviews that follows. When new codes / base codes ≤ threshold, saturation is reached
    at the run's last interview. Otherwise the base slides forward one interview (base 2–5, run
    6–7, …) and the test is repeated. A base with no codes cannot be judged and never passes.

Francis et al. (2010), the 10 + 3 rule
    After an initial analysis sample (10 interviews), data collection may stop once a number of
    consecutive further interviews (3) bring no new codes; the rule is met at the last of them.

Both depend on the order of interviews; :func:`bootstrap_saturation` re-runs a rule over many
orders (all of them when there are few) and reports how often and where saturation is reached,
as Guest et al. did to validate their method.

References
----------
Guest, G., Namey, E., & Chen, M. (2020). A simple method to assess and report thematic
saturation in qualitative research. *PLoS ONE*, 15(5), e0232076.
https://doi.org/10.1371/journal.pone.0232076

Francis, J. J., Johnston, M., Robertson, C., Glidewell, L., Entwistle, V., Eccles, M. P., &
Grimshaw, J. M. (2010). What is an adequate sample size? Operationalising data saturation for
theory-based interview studies. *Psychology & Health*, 25(10), 1229–1245.
https://doi.org/10.1080/08870440903194015
"""
from __future__ import annotations

import itertools
import math
import numbers
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ..corpus.corpus import Corpus
from ..errors import InterviewAnalysisError, StudyError
from .matrix import attribute_values, case_order, participant_codings

CURVE_COLUMNS = ["position", "case", "codes", "new_codes", "cumulative", "new_code_ids",
                 "code_ids"]
#: Parameters of each stopping rule, with their defaults.
METHODS = {"guest": {"base": 4, "run": 2, "threshold": 0.05},
           "francis": {"initial": 10, "stop": 3}}


def curve_from_sets(code_sets: Sequence[Iterable[str]], cases: Sequence[str] | None = None
                    ) -> pd.DataFrame:
    """The saturation curve for code sets already in interview order.

    Examples
    --------
    >>> curve_from_sets([{"a", "b"}, {"b", "c"}])[["case", "new_codes", "cumulative"]]
      case  new_codes  cumulative
    0    1          2           2
    1    2          1           3
    """
    cases = list(cases) if cases is not None else [str(i) for i in range(1, len(code_sets) + 1)]
    seen: set[str] = set()
    rows = []
    for position, (case, codes) in enumerate(zip(cases, code_sets), start=1):
        codes = set(codes)
        new = sorted(codes - seen)
        seen |= codes
        rows.append({"position": position, "case": case, "codes": len(codes),
                     "new_codes": len(new), "cumulative": len(seen),
                     "new_code_ids": ", ".join(new), "code_ids": ", ".join(sorted(codes))})
    return pd.DataFrame(rows, columns=CURVE_COLUMNS)


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?(?:\s.*)?")


def _date(text: str) -> tuple[int, int, int] | None:
    """``(year, month, day)`` of an ISO date (``2025-03-03``, as Excel's dates are read) or of
    a Finnish one (``3.3.2025``); ``None`` for other text."""
    m = _ISO_DATE.fullmatch(text)
    if m:
        return int(m[1]), int(m[2]), int(m[3])
    m = _DOTTED_DATE.fullmatch(text)
    return (int(m[3]), int(m[2]), int(m[1])) if m else None


def _sort_key(value) -> tuple:
    """Numbers sort as numbers (numpy's too), dates as dates (``10.3.2025`` after
    ``3.3.2025``), anything else as text."""
    if isinstance(value, numbers.Real):
        return (0, value, ())
    text = str(value).strip()
    date = _date(text)
    return (1, 0, date) if date else (2, 0, (text,))


def interview_order(corpus: Corpus, order: str | Sequence[str] | None = None) -> list[str]:
    """Cases in interview order: by a case attribute, an explicit list, or the cases table."""
    cases = case_order(corpus)
    if order is None:
        return cases
    if not isinstance(order, str):
        order = list(order)
        if sorted(order) != sorted(cases):
            raise StudyError("the interview order must list every case once", value=order,
                             fix="cases with participant passages: " + ", ".join(cases))
        return order
    values = attribute_values(corpus.cases, order, cases)
    missing = list(values[values.isna()].index)
    if missing:
        raise StudyError(f"cases without an '{order}' value cannot be put in interview order",
                         value=missing, fix=f"fill in '{order}' for these cases in cases.csv, "
                                            "or remove 'order:' from study.yaml to use the "
                                            "order of the cases table")
    return sorted(cases, key=lambda c: _sort_key(values[c]))


def saturation_curve(codings: pd.DataFrame, corpus: Corpus, codebook=None, *,
                     order: str | Sequence[str] | None = None) -> pd.DataFrame:
    """New and cumulative codes per interview, in interview order.

    Parameters
    ----------
    codings:
        Long-format codings; only participant passages count.
    corpus:
        The corpus; every case with participant passages is an interview, coded or not.
    codebook:
        Not needed: every code counts (accepted for the common calling convention).
    order:
        A case attribute to sort by (``study.config.order``, e.g. ``interview_date``), a list of
        case IDs, or ``None`` for the cases-table order.

    Returns
    -------
    pandas.DataFrame
        ``position, case, codes, new_codes, cumulative, new_code_ids, code_ids`` (IDs
        comma-separated).
    """
    coded = participant_codings(codings, corpus)
    by_case = coded.groupby("case")["code"].agg(set).to_dict()
    cases = interview_order(corpus, order)
    return curve_from_sets([by_case.get(c, set()) for c in cases], cases)


def _code_sets(curve: pd.DataFrame) -> list[set[str]]:
    return [set(filter(None, str(ids).split(", "))) for ids in curve["code_ids"].fillna("")]


def _check_positive(**values: int) -> None:
    for name, value in values.items():
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise InterviewAnalysisError(f"'{name}' must be a whole number of at least 1",
                                         value=value)


def _guest_windows(sets: list[set[str]], base: int, run: int, threshold: float) -> list[dict]:
    """Each base/run window in turn, up to and including the first that meets the threshold."""
    windows = []
    seen = set().union(*sets[:base - 1])  # grows by one interview per window
    for start in range(len(sets) - base - run + 1):
        seen |= sets[start + base - 1]
        base_codes = set().union(*sets[start:start + base])
        new = set().union(*sets[start + base:start + base + run]) - seen
        ratio = len(new) / len(base_codes) if base_codes else float("nan")
        # A tiny tolerance keeps e.g. 1/20 = 0.05 at "<= 5 %" despite floating point.
        met = bool(base_codes) and ratio <= threshold + 1e-12
        windows.append({"base_from": start + 1, "base_to": start + base,
                        "run_to": start + base + run, "base_codes": len(base_codes),
                        "new_codes": len(new), "ratio": ratio, "saturated": met})
        if met:
            break
    return windows


def guest_saturation(curve: pd.DataFrame, base: int = 4, run: int = 2,
                     threshold: float = 0.05) -> dict:
    """Guest, Namey & Chen (2020): saturation by base size, run length and threshold.

    Returns
    -------
    dict
        ``saturated`` (bool), ``at_position`` and ``at_case`` (the run's last interview, or
        ``None``), ``new_codes``, ``base_codes``, ``ratio`` of the deciding window, the
        parameters, ``windows`` (a DataFrame of every window tested) and ``message``.

    Examples
    --------
    >>> sets = [{"a", "b"}, {"c"}, {"d"}, {"e"}, {"a"}, {"b"}]
    >>> guest_saturation(curve_from_sets(sets, ["H1", "H2", "H3", "H4", "H5", "H6"]))["message"]
    'saturation at interview 6 (H6): 0 new codes in interviews 5–6 / 5 in interviews 1–4 = 0% ≤ 5%'
    """
    _check_positive(base=base, run=run)
    windows = _guest_windows(_code_sets(curve), base, run, threshold)
    frame = pd.DataFrame(windows, columns=["base_from", "base_to", "run_to", "base_codes",
                                           "new_codes", "ratio", "saturated"])
    result = {"saturated": False, "at_position": None, "at_case": None, "new_codes": None,
              "base_codes": None, "ratio": None, "base": base, "run": run,
              "threshold": threshold, "windows": frame}
    limit = f"{threshold:.0%}"
    if len(curve) < base + run:
        result["message"] = f"not reached (needs at least {base + run} interviews)"
    elif not windows[-1]["saturated"]:
        result["message"] = (f"not reached: no run of {run} interviews added ≤ {limit} new "
                             f"codes relative to the {base} interviews before it")
    else:
        last = windows[-1]
        at = last["run_to"]
        result.update(saturated=True, at_position=at, at_case=curve["case"].iloc[at - 1],
                      new_codes=last["new_codes"], base_codes=last["base_codes"],
                      ratio=last["ratio"])
        result["message"] = (
            f"saturation at interview {at} ({result['at_case']}): {last['new_codes']} new "
            f"code{'' if last['new_codes'] == 1 else 's'} "
            f"in interviews {last['base_to'] + 1}–{at} / {last['base_codes']} in interviews "
            f"{last['base_from']}–{last['base_to']} = {last['ratio']:.0%} ≤ {limit}")
    return result


def _francis_position(new_counts: Sequence[int], initial: int, stop: int) -> int | None:
    streak = 0
    for i in range(initial, len(new_counts)):
        streak = streak + 1 if new_counts[i] == 0 else 0
        if streak >= stop:
            return i + 1
    return None


def francis_stopping(curve: pd.DataFrame, initial: int = 10, stop: int = 3) -> dict:
    """Francis et al. (2010): stop after ``stop`` consecutive interviews with no new codes,
    counted after an initial analysis sample of ``initial`` interviews.

    Returns
    -------
    dict
        ``saturated`` (the rule is met), ``at_position``, ``at_case``, ``initial``, ``stop``
        and ``message``.

    Examples
    --------
    >>> francis_stopping(curve_from_sets([{"a"}] * 5))["message"]
    'not reached (needs at least 13 interviews)'
    """
    _check_positive(initial=initial, stop=stop)
    at = _francis_position(curve["new_codes"].tolist(), initial, stop)
    result = {"saturated": at is not None, "at_position": at,
              "at_case": curve["case"].iloc[at - 1] if at else None,
              "initial": initial, "stop": stop}
    if len(curve) < initial + stop:
        result["message"] = f"not reached (needs at least {initial + stop} interviews)"
    elif at is None:
        result["message"] = (f"not reached: no {stop} consecutive interviews without new codes "
                             f"after the first {initial}")
    else:
        result["message"] = (f"met at interview {at} ({result['at_case']}): interviews "
                             f"{at - stop + 1}–{at} brought no new codes after the first "
                             f"{initial}")
    return result


def _orders(n: int, n_boot: int, seed: int | None) -> tuple[list[Sequence[int]], bool]:
    """Every order when there are at most ``n_boot`` of them, else ``n_boot`` random ones."""
    if math.factorial(n) <= n_boot:
        return list(itertools.permutations(range(n))), True
    rng = np.random.default_rng(seed)
    return [rng.permutation(n) for _ in range(n_boot)], False


def _position(sets: list[set[str]], method: str, options: dict) -> int | None:
    if method == "guest":
        windows = _guest_windows(sets, options["base"], options["run"], options["threshold"])
        return windows[-1]["run_to"] if windows and windows[-1]["saturated"] else None
    seen: set[str] = set()
    counts = []
    for codes in sets:
        counts.append(len(codes - seen))
        seen |= codes
    return _francis_position(counts, options["initial"], options["stop"])


def bootstrap_saturation(curve: pd.DataFrame, method: str = "guest", n_boot: int = 1000,
                         seed: int | None = 0, **options) -> dict:
    """How often, and where, a rule finds saturation over many interview orders.

    Parameters
    ----------
    curve:
        A curve from :func:`saturation_curve` (its ``code_ids`` are reordered).
    method:
        ``guest`` (options ``base``, ``run``, ``threshold``) or ``francis`` (``initial``,
        ``stop``).
    n_boot:
        Number of random orders. When the interviews have at most ``n_boot`` orders in all
        (5 interviews: 120), every order is used once and the result is exact.
    seed:
        Seed for the random orders, for a reproducible result.

    Returns
    -------
    dict
        ``n_orders``, ``exact``, ``share_saturated`` (share of orders reaching saturation),
        ``median_position`` (median over those orders; ``None`` when none does) and
        ``distribution`` (``position, n_orders, share, cumulative_share``), and the method's
        parameters (defaults filled in).
    """
    if method not in METHODS:
        raise InterviewAnalysisError("unknown saturation method", value=method,
                                     fix="use method='guest' or method='francis'")
    unknown = sorted(set(options) - set(METHODS[method]))
    if unknown:
        raise InterviewAnalysisError(f"unknown option for method '{method}'", value=unknown,
                                     fix="options: " + ", ".join(METHODS[method]))
    options = {**METHODS[method], **options}
    _check_positive(n_boot=n_boot, **{k: v for k, v in options.items() if k != "threshold"})
    sets = _code_sets(curve)
    orders, exact = _orders(len(sets), n_boot, seed)
    found = [_position([sets[i] for i in order], method, options) for order in orders]
    reached = pd.Series([p for p in found if p is not None], dtype="int64")
    counts = reached.value_counts().sort_index()
    distribution = pd.DataFrame({"position": counts.index.astype(int),
                                 "n_orders": counts.to_numpy()})
    distribution["share"] = distribution["n_orders"] / len(orders)
    distribution["cumulative_share"] = distribution["share"].cumsum()
    return {"method": method, "n_orders": len(orders), "exact": exact,
            "share_saturated": len(reached) / len(orders),
            "median_position": float(reached.median()) if len(reached) else None,
            "distribution": distribution.reset_index(drop=True), **options}


__all__ = ["CURVE_COLUMNS", "bootstrap_saturation", "curve_from_sets", "francis_stopping",
           "guest_saturation", "interview_order", "saturation_curve"]
