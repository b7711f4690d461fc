"""Intercoder reliability statistics: Krippendorff's alpha, Cohen's and Fleiss' kappa, agreement.

Pure functions on plain arrays. Every function that takes several coders uses the same
layout: a 2-D array-like with one row per coder (observer) and one column per unit, values
numeric or strings, missing values as ``None`` or ``NaN``. :mod:`.reliability` builds such
tables from a study's codings.

References
----------
Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
Communication, University of Pennsylvania. https://repository.upenn.edu/asc_papers/43
Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. *Psychological
Bulletin*, 76(5), 378-382.
Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
Psychological Measurement*, 20(1), 37-46.
"""
from __future__ import annotations

import numbers

import numpy as np

from ..errors import ReliabilityError

LEVELS = ("nominal", "ordinal", "interval", "ratio")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is the only value not equal to itself
    except TypeError:  # pandas.NA refuses bool(); it is a missing value too
        return True


def _as_table(data: object, what: str = "data") -> np.ndarray:
    """Return ``data`` as a 2-D array with at least two rows (coders)."""
    table = np.asarray(data)
    if table.dtype.kind not in "biuf":
        table = np.asarray(data, dtype=object)
    if table.ndim != 2:
        raise ReliabilityError(f"{what} must be a 2-D table with one row per coder and one "
                               f"column per unit (got {table.ndim} dimension(s))",
                               fix="give a list of rows, one per coder")
    if table.shape[0] < 2:
        raise ReliabilityError(f"reliability needs at least 2 coders (rows); {what} has "
                               f"{table.shape[0]}", fix="give one row per coder")
    return table


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ReliabilityError("ordinal, interval and ratio data must be numbers", value=value,
                               fix="map labels to numbers or ranks first, or use "
                                   "level='nominal'")
    return float(value)


def _encode(table: np.ndarray, numeric: bool) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct values and a same-shape index into them (-1 = missing).

    With ``numeric`` the values are floats in ascending order, as the ordinal, interval and
    ratio metrics need; otherwise they are labels in order of first appearance.
    """
    if table.dtype.kind in "biuf":
        floats = table.astype(float)
        present = ~np.isnan(floats)
        values, inverse = np.unique(floats[present], return_inverse=True)
    else:
        present = np.array([not _is_missing(v) for v in table.ravel()],
                           dtype=bool).reshape(table.shape)
        observed = table[present]
        if numeric:
            floats = np.array([_number(v) for v in observed], dtype=float)
            values, inverse = np.unique(floats, return_inverse=True)
        else:
            lookup: dict[object, int] = {}
            inverse = np.array([lookup.setdefault(v, len(lookup)) for v in observed], dtype=int)
            values = np.array(list(lookup), dtype=object)
    index = np.full(table.shape, -1, dtype=int)
    index[present] = inverse
    return values, index


def _unit_counts(index: np.ndarray, n_values: int) -> np.ndarray:
    """Units x values matrix: how many coders gave each value to each unit."""
    counts = np.zeros((index.shape[1], n_values))
    coder, unit = np.nonzero(index >= 0)
    np.add.at(counts, (unit, index[coder, unit]), 1)
    return counts


def _coincidences(counts: np.ndarray) -> np.ndarray:
    """Krippendorff's coincidence matrix o_ck from the units x values counts.

    Each unit with m_u >= 2 values contributes its m_u (m_u - 1) ordered pairs of values from
    different coders, weighted 1 / (m_u - 1); units with fewer values are not pairable.
    """
    m = counts.sum(axis=1)
    pairable = counts[m >= 2]
    weighted = pairable / (m[m >= 2] - 1)[:, None]
    return pairable.T @ weighted - np.diag(weighted.sum(axis=0))


def _squared_distances(values: np.ndarray, marginals: np.ndarray, level: str) -> np.ndarray:
    """The metric difference delta^2_ck between every pair of values."""
    if level == "nominal":
        return 1.0 - np.eye(len(values))
    if level == "ordinal":
        # Krippendorff's ordinal delta_ck = sum_{g=c..k} n_g - (n_c + n_k) / 2 equals the
        # difference of the values' mid-ranks cumsum(n)_g - n_g / 2, so square that difference.
        values = np.cumsum(marginals) - marginals / 2
    difference = values[:, None] - values[None, :]
    if level == "ratio":
        total = values[:, None] + values[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            # both values 0 -> no difference (0/0); that is the only way total can be 0 here
            return np.where(total == 0, 0.0, (difference / total) ** 2)
    return difference ** 2


def krippendorff_alpha(data: object, level: str = "nominal") -> float:
    """Krippendorff's alpha for any number of coders, missing values and four metrics.

    Computed from the coincidence matrix as in Krippendorff (2011): units with fewer than two
    values are not pairable and are dropped; ``alpha = 1 - (n - 1) * sum(o_ck * d_ck) /
    sum(n_c * n_k * d_ck)`` with n the number of pairable values.

    Parameters
    ----------
    data : array-like, shape (n_coders, n_units)
        One row per coder, one column per unit; ``None`` or ``NaN`` where a coder did not
        code a unit. Numbers, or any hashable labels for ``level="nominal"``.
    level : {"nominal", "ordinal", "interval", "ratio"}
        The metric: nominal (same or different), ordinal (Krippendorff's rank-based
        difference using the value frequencies n_g), interval ``(c - k)**2`` or ratio
        ``((c - k) / (c + k))**2``. Ordinal, interval and ratio need numbers; ratio needs
        numbers >= 0.

    Returns
    -------
    float
        Alpha, 1 for perfect agreement, 0 for agreement at chance level. ``nan`` when the
        expected disagreement is 0, that is when all pairable values are the same (no
        variation), or when no unit has two values.

    Raises
    ------
    ReliabilityError
        For an unknown ``level``, fewer than 2 coders, a table that is not 2-D, non-numeric
        values with a numeric level or negative values with ``level="ratio"``.

    Examples
    --------
    >>> round(krippendorff_alpha([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    ...                           [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]), 3)
    0.095
    """
    if level not in LEVELS:
        raise ReliabilityError("unknown level of measurement", value=level,
                               fix="use one of " + ", ".join(LEVELS))
    values, index = _encode(_as_table(data), numeric=level != "nominal")
    if level == "ratio" and np.any(values < 0):
        raise ReliabilityError("ratio data cannot be negative (a ratio scale starts at an "
                               "absolute zero)", fix="use level='interval'")
    observed = _coincidences(_unit_counts(index, len(values)))
    marginals = observed.sum(axis=1)
    n = marginals.sum()
    distances = _squared_distances(values, marginals, level)
    expected = np.sum(np.outer(marginals, marginals) * distances)
    if n < 2 or expected == 0:
        return float("nan")
    return float(1.0 - (n - 1) * np.sum(observed * distances) / expected)


def cohen_kappa(a: object, b: object) -> float:
    """Cohen's kappa for two coders' nominal labels of the same units.

    Parameters
    ----------
    a, b : array-like, shape (n_units,)
        The two coders' labels, in the same unit order. Units where either label is missing
        (``None`` or ``NaN``) are dropped.

    Returns
    -------
    float
        ``(p_o - p_e) / (1 - p_e)``, as :func:`sklearn.metrics.cohen_kappa_score`. ``nan``
        when no unit has both labels or when chance agreement ``p_e`` is 1 (both coders used
        one and the same label throughout).

    Raises
    ------
    ReliabilityError
        When ``a`` and ``b`` differ in length.
    """
    first, second = list(np.asarray(a, dtype=object)), list(np.asarray(b, dtype=object))
    if len(first) != len(second):
        raise ReliabilityError(f"the two coders' labels differ in length ({len(first)} and "
                               f"{len(second)})", fix="give one label per unit for both")
    pairs = [(x, y) for x, y in zip(first, second, strict=True)
             if not (_is_missing(x) or _is_missing(y))]
    if not pairs:
        return float("nan")
    values, index = _encode(np.array(pairs, dtype=object).T, numeric=False)
    confusion = np.zeros((len(values), len(values)))
    np.add.at(confusion, (index[0], index[1]), 1)
    confusion /= len(pairs)
    chance = float(confusion.sum(axis=1) @ confusion.sum(axis=0))
    if chance >= 1.0:
        return float("nan")
    return float((np.trace(confusion) - chance) / (1.0 - chance))


def fleiss_kappa(data: object) -> float:
    """Fleiss' kappa for a fixed number of coders per unit (nominal labels).

    Parameters
    ----------
    data : array-like, shape (n_coders, n_units)
        The same layout as :func:`krippendorff_alpha`. Fleiss' kappa needs the same number
        of ratings for every unit, so units with any missing value are dropped. Which coder
        gave which rating does not matter to Fleiss' kappa; only the counts per unit do.

    Returns
    -------
    float
        ``(P_bar - P_e) / (1 - P_e)``; ``nan`` when no unit is complete or when every rating
        is the same label (``P_e == 1``).

    Raises
    ------
    ReliabilityError
        For fewer than 2 coders or a table that is not 2-D.
    """
    values, index = _encode(_as_table(data), numeric=False)
    complete = index[:, np.all(index >= 0, axis=0)]
    if complete.shape[1] == 0:
        return float("nan")
    counts = _unit_counts(complete, len(values))
    raters = complete.shape[0]
    per_unit = (np.sum(counts ** 2, axis=1) - raters) / (raters * (raters - 1))
    shares = counts.sum(axis=0) / counts.sum()
    chance = float(np.sum(shares ** 2))
    if chance >= 1.0:
        return float("nan")
    return float((per_unit.mean() - chance) / (1.0 - chance))


def percent_agreement(data: object) -> float:
    """Share of units on which all the coders who coded the unit gave the same value.

    This is unit-wise (unanimous) agreement, not pairwise agreement: with three coders, a
    unit coded ``a, a, b`` counts as a disagreement. With two coders the two are the same.

    Parameters
    ----------
    data : array-like, shape (n_coders, n_units)
        The same layout as :func:`krippendorff_alpha`; only units with at least two coded
        values count.

    Returns
    -------
    float
        A share between 0 and 1; ``nan`` when no unit has two coded values.

    Raises
    ------
    ReliabilityError
        For fewer than 2 coders or a table that is not 2-D.
    """
    values, index = _encode(_as_table(data), numeric=False)
    counts = _unit_counts(index, len(values))
    coded = counts.sum(axis=1)
    pairable = coded >= 2
    if not pairable.any():
        return float("nan")
    unanimous = counts[pairable].max(axis=1) == coded[pairable]
    return float(unanimous.mean())
