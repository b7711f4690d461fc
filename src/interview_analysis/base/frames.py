"""Small DataFrame helpers shared by the analysis and report code."""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd


def member(series: pd.Series, values: Iterable) -> np.ndarray:
    """``series.isin(values)`` as a boolean array, fast for large sets of strings.

    pandas' ``isin`` on Arrow-backed strings converts ``values`` element by element; a Python
    set lookup over ``tolist()`` is several times faster for passage IDs.
    """
    wanted = set(values.tolist() if isinstance(values, (pd.Series, pd.Index)) else values)
    return np.fromiter((v in wanted for v in series.tolist()), bool, len(series))
