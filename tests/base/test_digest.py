"""Content digests: equal content gives one key in every process, any change another."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from interview_analysis.base.digest import SMALL, digest


@dataclass
class Box:
    name: str
    items: list


def test_dicts_and_sets_do_not_depend_on_their_order():
    assert digest({"b": 1, "a": {"x", "y"}}) == digest({"a": {"y", "x"}, "b": 1})


def test_types_and_values_count():
    assert len({digest(1), digest(1.0), digest("1"), digest(True), digest(None),
                digest([1]), digest((1,))}) == 7
    assert digest(Box("a", [1])) != digest(Box("a", [2]))


def test_frames_count_values_columns_order_dtypes_and_index():
    frame = pd.DataFrame({"code": ["a", "b"], "n": [1, 2]})
    assert digest(frame) == digest(frame.copy())
    assert digest(frame) != digest(frame.assign(n=[1, 3]))
    assert digest(frame) != digest(frame[["n", "code"]])
    assert digest(frame) != digest(frame.astype({"n": float}))
    assert digest(frame) != digest(frame.set_axis([5, 6]))
    assert digest(frame.assign(cell=[{"x", "y"}, None])) == \
        digest(frame.assign(cell=[{"y", "x"}, None]))


def test_large_columns_are_hashed_the_same_way_every_time():
    big = pd.DataFrame({"t": [f"w{i}" for i in range(SMALL + 1)],
                        "x": np.arange(SMALL + 1.0)})
    assert digest(big) == digest(big.copy())
    assert digest(big) != digest(big.assign(t=big["t"].str.upper()))


def test_paths_can_stand_for_their_content():
    a, b = Path("/run/1/figure.png"), Path("/run/2/figure.png")
    assert digest(a) != digest(b)
    assert digest([a], paths={a: "key"}) == digest([b], paths={b: "key"})


def test_the_same_value_gives_the_same_digest_in_another_process():
    code = ("from interview_analysis.base.digest import digest; import pandas as pd; "
            "print(digest({'s': {'x', 'y', 'z'}, 'f': pd.DataFrame({'a': ['q', None]})}))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout for _ in range(2)}
    assert runs == {digest({"s": {"z", "y", "x"}, "f": pd.DataFrame({"a": ["q", None]})})
                    + "\n"}
