"""Intercoder reliability: published worked examples and hand-computed codings tables."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from interview_analysis.analysis.reliability import (
    cohen_kappa,
    disagreements,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    reliability_table,
    theme_of,
    unit_table,
)
from interview_analysis.errors import ReliabilityError

N = None
# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section A (binary data,
# two observers, no missing data), section B (nominal data, two observers) and section C
# (any number of observers, missing data), rows = observers, columns = units.
BINARY = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
          [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
NOMINAL_TWO = ["a a b b d c c c e d d a".split(),
               "b a b b b c c c e d d d".split()]
FOUR_OBSERVERS = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
                  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
                  [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
                  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]
# Fleiss (1971) as reproduced on Wikipedia "Fleiss' kappa": 10 subjects, 14 raters each,
# counts of raters per category 1..5.
FLEISS_COUNTS = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
                 [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
                 [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
CODERS = ["anna", "ben"]


def approx(value: float) -> object:
    return pytest.approx(value, abs=1e-3)


def raters_table(counts: list[list[int]]) -> np.ndarray:
    """Raters x subjects labels from a subjects x categories table of counts."""
    columns = [np.repeat(np.arange(1, len(row) + 1), row) for row in counts]
    return np.array(columns).T


def make_codings(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Codings in the package's long format from (document, passage_id, coder, code)."""
    frame = pd.DataFrame(rows, columns=["document", "passage_id", "coder", "code"])
    return frame.assign(case=frame["document"], start=0, end=1, origin="manual", stance=None,
                        memo=None)


def make_passages(documents: dict[str, int]) -> pd.DataFrame:
    ids = [(doc, f"{doc}:{i:04d}") for doc, n in documents.items() for i in range(n)]
    return pd.DataFrame({"passage_id": [p for _, p in ids], "document": [d for d, _ in ids],
                         "text": [f"text of {p}" for _, p in ids]})


def codings_from_table(table: list[list], coders: list[str], theme: str,
                       one_document_per_unit: bool = False) -> pd.DataFrame:
    """Codings where coder i applies ``theme/<value>`` to passage j; None = not coded."""
    rows = []
    for coder, values in zip(coders, table, strict=True):
        for j, value in enumerate(values):
            doc = f"D{j:02d}" if one_document_per_unit else "D"
            passage = f"{doc}:{0 if one_document_per_unit else j:04d}"
            if value is not None:
                rows.append((doc, passage, coder, f"{theme}/{value}"))
    return make_codings(rows)


def presence_codings(table: list[list[int]], coders: list[str], code: str) -> list[tuple]:
    return [("D", f"D:{j:04d}", coder, code) for coder, values in zip(coders, table, strict=True)
            for j, value in enumerate(values) if value == 1]


# --- Krippendorff's alpha: published worked examples ----------------------------------------

def test_alpha_binary_example():
    assert krippendorff_alpha(BINARY) == approx(0.095)


def test_alpha_nominal_two_observers_example():
    assert krippendorff_alpha(NOMINAL_TWO, level="nominal") == approx(0.692)


@pytest.mark.parametrize(("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815),
                                                 ("interval", 0.849), ("ratio", 0.797)])
def test_alpha_four_observers_missing_data_example(level, expected):
    assert krippendorff_alpha(FOUR_OBSERVERS, level=level) == approx(expected)


def test_alpha_accepts_nan_for_missing_and_string_labels():
    with_nan = np.array([[np.nan if v is None else v for v in row] for row in FOUR_OBSERVERS])
    labels = [[None if v is None else "abcde"[v - 1] for v in row] for row in FOUR_OBSERVERS]
    assert krippendorff_alpha(with_nan, "ordinal") == approx(0.815)
    assert krippendorff_alpha(labels) == approx(0.743)
    assert krippendorff_alpha(pd.DataFrame(labels)) == approx(0.743)


def test_alpha_is_nan_without_variation_or_pairable_units():
    assert math.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, N]]))
    assert math.isnan(krippendorff_alpha([[1, N, 2], [N, 3, N]]))


def test_alpha_perfect_and_systematic_disagreement():
    assert krippendorff_alpha([["a", "b", "a", "b"], ["a", "b", "a", "b"]]) == approx(1.0)
    # every pair disagrees: n = 4, n_a = n_b = 2, o_ab = 4 -> 1 - 3 * 4 / 8
    assert krippendorff_alpha([["a", "b"], ["b", "a"]]) == approx(-0.5)


@pytest.mark.parametrize(("data", "level", "message"), [
    (BINARY, "binary", "unknown level"),
    ([[1, 2, 3]], "nominal", "at least 2 coders"),
    ([1, 2, 3], "nominal", "2-D"),
    ([["a", "b"], ["a", "a"]], "interval", "must be numbers"),
    ([[-1, 2], [1, 2]], "ratio", "cannot be negative"),
])
def test_alpha_rejects_invalid_input(data, level, message):
    with pytest.raises(ReliabilityError, match=message):
        krippendorff_alpha(data, level=level)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=2, max_size=30))
def test_alpha_matches_scotts_pi_for_two_coders(pairs):
    # Without missing values, alpha = 1 - (2N - 1) / (2N) * (1 - pi), and Fleiss' kappa with
    # two raters is Scott's pi: an independent check of both implementations.
    data = np.array(pairs).T
    pi, alpha = fleiss_kappa(data), krippendorff_alpha(data)
    if math.isnan(pi):
        assert math.isnan(alpha)
    else:
        n = 2 * len(pairs)
        assert alpha == pytest.approx(1 - (n - 1) / n * (1 - pi), abs=1e-9)


# --- Cohen's kappa ---------------------------------------------------------------------------

def test_cohen_kappa_nominal_example_by_hand():
    # p_o = 9/12, p_e = (3*1 + 2*4 + 3*3 + 3*3 + 1*1) / 144 = 30/144
    assert cohen_kappa(*NOMINAL_TWO) == approx((0.75 - 30 / 144) / (1 - 30 / 144))
    assert cohen_kappa(*NOMINAL_TWO) == approx(0.684)


def _sklearn_kappa(a, b) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score(a, b))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), min_size=1,
                max_size=40))
def test_cohen_kappa_equals_sklearn(pairs):
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    expected = _sklearn_kappa(a, b)
    if math.isnan(expected):
        assert math.isnan(cohen_kappa(a, b))
    else:
        assert cohen_kappa(a, b) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_cohen_kappa_equals_sklearn_seeded(seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 4, size=50)
    b = np.where(rng.random(50) < 0.6, a, rng.integers(0, 4, size=50))
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-9)


def test_cohen_kappa_drops_units_with_a_missing_label():
    a = ["x", "y", None, "x", "y", np.nan]
    b = ["x", "y", "x", "y", "y", "y"]
    assert cohen_kappa(a, b) == approx(cohen_kappa_score(["x", "y", "x", "y"],
                                                         ["x", "y", "y", "y"]))
    assert cohen_kappa(a, b) == approx(0.5)


def test_cohen_kappa_edge_cases():
    assert math.isnan(cohen_kappa(["a", "a"], ["a", "a"]))
    assert math.isnan(cohen_kappa([None, "a"], ["b", None]))
    with pytest.raises(ReliabilityError, match="differ in length"):
        cohen_kappa(["a"], ["a", "b"])


# --- Fleiss' kappa and percent agreement -----------------------------------------------------

def test_fleiss_kappa_wikipedia_example():
    data = raters_table(FLEISS_COUNTS)
    assert data.shape == (14, 10)
    assert fleiss_kappa(data) == approx(0.210)


def test_fleiss_kappa_by_hand_drops_incomplete_units():
    # unit counts (a, b): (3,0) (2,1) (0,3) (1,2) -> P_bar = 2/3, P_e = 0.5, kappa = 1/3
    data = [["a", "a", "b", "a", "a"], ["a", "a", "b", "b", "b"], ["a", "b", "b", "b", None]]
    assert fleiss_kappa(data) == approx(1 / 3)


def test_fleiss_kappa_four_observers_by_hand():
    # complete units 2..9: P_bar = 6/8; category totals 4, 13, 10, 5 of 32
    chance = (4 ** 2 + 13 ** 2 + 10 ** 2 + 5 ** 2) / 32 ** 2
    assert fleiss_kappa(FOUR_OBSERVERS) == approx((0.75 - chance) / (1 - chance))
    assert fleiss_kappa(FOUR_OBSERVERS) == approx(0.641)


def test_fleiss_kappa_nan_cases():
    assert math.isnan(fleiss_kappa([["a", "a"], ["a", "a"]]))
    assert math.isnan(fleiss_kappa([["a", None], [None, "b"]]))


def test_percent_agreement_is_unanimous_share_of_units_with_two_values():
    assert percent_agreement(BINARY) == approx(0.6)
    assert percent_agreement(FOUR_OBSERVERS) == approx(8 / 11)
    three = [["a", "a", "a", "b"], ["a", "b", N, N], ["a", "a", "a", N]]
    assert percent_agreement(three) == approx(2 / 3)  # a,b,a disagrees; b alone is dropped
    assert math.isnan(percent_agreement([["a", N], [N, "b"]]))


# --- codings-level reliability ----------------------------------------------------------------

@pytest.mark.parametrize(("code", "themes", "expected"), [
    ("channels/email", None, "channels"), ("channels", None, "channels"),
    ("a/b/c", None, "a"), ("channels/email", {"channels/email": "contact"}, "contact"),
])
def test_theme_of(code, themes, expected):
    assert theme_of(code, themes) == expected


def test_unit_table_missing_when_coder_did_not_code_the_document():
    passages = make_passages({"H1": 3, "H2": 2})
    codings = make_codings([
        ("H1", "H1:0000", "anna", "channels/email"), ("H1", "H1:0001", "anna", "trust"),
        ("H2", "H2:0001", "anna", "trust"), ("H1", "H1:0000", "ben", "channels/email"),
        ("H1", "H1:0000", "ben", "trust"), ("H2", "H2:0000", "carl", "trust"),
        # ben coded H3 only in a passage that is not a unit (e.g. the interviewer's)
        ("H3", "H3:0009", "ben", "trust"),
    ])
    passages = pd.concat([passages, make_passages({"H3": 1})], ignore_index=True)
    table = unit_table(codings, passages, CODERS)
    assert list(table.columns) == ["document", "anna", "ben"]
    assert table.loc["H1:0000", "ben"] == {"channels/email", "trust"}
    assert table.loc["H1:0001", "ben"] == frozenset()
    assert table.loc["H1:0001", "anna"] == {"trust"}
    assert table.loc["H2:0000", "anna"] == frozenset()
    assert table.loc["H2:0000", "ben"] is None and table.loc["H2:0001", "ben"] is None
    assert table.loc["H3:0000", "ben"] == frozenset()  # H3 counts as coded by ben
    assert table.loc["H3:0000", "anna"] is None
    by_document = unit_table(codings, passages, CODERS, unit="document")
    assert by_document.loc["H1", "anna"] == {"channels/email", "trust"}
    assert by_document.loc["H2", "ben"] is None


def test_reliability_table_reproduces_binary_example_and_ignores_uncoded_documents():
    rows = presence_codings(BINARY, CODERS, "topic/x")
    # anna alone codes document E; if ben's missing E were read as "absent", alpha would drop
    rows += [("E", "E:0000", "anna", "topic/x"), ("E", "E:0001", "anna", "topic/x")]
    table = reliability_table(make_codings(rows), make_passages({"D": 10, "E": 2}), coders=CODERS)
    assert list(table.columns) == ["level", "name", "n_units", "percent_agreement",
                                   "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "note",
                                   "reason"]
    assert table[["level", "name"]].values.tolist() == [["code", "topic/x"], ["theme", "topic"]]
    code = table.iloc[0]
    assert code["n_units"] == 10
    assert code["krippendorff_alpha"] == approx(0.095)
    assert code["percent_agreement"] == approx(0.6)
    assert code["cohen_kappa"] == approx((0.6 - 0.56) / 0.44)
    assert code["cohen_kappa"] == approx(cohen_kappa_score(*BINARY))
    assert code["fleiss_kappa"] == approx((0.6 - 0.58) / 0.42)  # Scott's pi
    assert code["note"] == ""
    # the theme has one code, so its variable is "topic/x" vs "none": the same statistics
    assert table.iloc[1]["krippendorff_alpha"] == approx(0.095)


def test_reliability_table_theme_reproduces_two_observer_nominal_example():
    codings = codings_from_table(NOMINAL_TWO, CODERS, "t")
    passages = make_passages({"D": 12})
    table = reliability_table(codings, passages, coders=CODERS).set_index("name")
    assert list(table.index) == ["t/a", "t/b", "t/c", "t/d", "t/e", "t"]
    theme = table.loc["t"]
    assert theme["level"] == "theme" and theme["n_units"] == 12
    assert theme["krippendorff_alpha"] == approx(0.692)
    assert theme["cohen_kappa"] == approx(0.684)
    assert theme["percent_agreement"] == approx(0.75)
    # t/a present for anna in units 1, 2, 12 and for ben in unit 2: n = 24, n_1 = 4,
    # o_01 = 2 -> alpha = 1 - 23 * 2 / (20 * 4)
    assert table.loc["t/a", "krippendorff_alpha"] == approx(1 - 46 / 80)
    assert table.loc["t/c", "krippendorff_alpha"] == approx(1.0)


def test_reliability_table_four_coders_with_missing_documents():
    coders = ["a", "b", "c", "d"]
    codings = codings_from_table(FOUR_OBSERVERS, coders, "v", one_document_per_unit=True)
    passages = make_passages({f"D{j:02d}": 1 for j in range(12)})
    table = reliability_table(codings, passages, coders=coders).set_index("name")
    theme = table.loc["v"]
    assert theme["n_units"] == 11  # unit 12 was coded by one observer only
    assert theme["krippendorff_alpha"] == approx(0.743)
    assert theme["fleiss_kappa"] == approx(0.641)
    assert theme["percent_agreement"] == approx(8 / 11)
    assert math.isnan(theme["cohen_kappa"])  # only defined for exactly two coders


def test_reliability_table_cohen_kappa_equals_sklearn_on_random_codings():
    rng = np.random.default_rng(7)
    codes = ["a/one", "a/two", "b/three"]
    presence = {(coder, code): rng.random(30) < 0.4 for coder in CODERS for code in codes}
    rows = [("D", f"D:{j:04d}", coder, code) for (coder, code), mask in presence.items()
            for j in np.flatnonzero(mask)]
    table = reliability_table(make_codings(rows), make_passages({"D": 30}), coders=CODERS)
    for code in codes:
        expected = cohen_kappa_score(presence["anna", code], presence["ben", code])
        row = table[(table["level"] == "code") & (table["name"] == code)].iloc[0]
        assert row["cohen_kappa"] == approx(expected)


def test_theme_with_two_codes_on_one_unit_is_not_computable():
    codings = make_codings([
        ("D", "D:0000", "anna", "channels/email"), ("D", "D:0000", "ben", "channels/email"),
        ("D", "D:0001", "anna", "channels/email"), ("D", "D:0001", "anna", "channels/phone"),
        ("D", "D:0001", "ben", "channels/phone"), ("D", "D:0002", "ben", "channels/phone"),
        # a double coding in a document ben did not code does not enter the statistics
        ("E", "E:0000", "anna", "channels/email"), ("E", "E:0000", "anna", "channels/phone"),
    ])
    table = reliability_table(codings, make_passages({"D": 4, "E": 1}), coders=CODERS)
    theme = table[table["level"] == "theme"].iloc[0]
    assert theme["name"] == "channels" and theme["n_units"] == 4
    assert theme[["percent_agreement", "cohen_kappa", "fleiss_kappa",
                  "krippendorff_alpha"]].isna().all()
    assert theme["note"].startswith("not computable")
    assert theme["reason"] == "several_codes"
    assert "D:0001" in theme["note"] and "E:0000" not in theme["note"]
    email = table[table["name"] == "channels/email"].iloc[0]
    # email presence (anna, ben): (1,1) (1,0) (0,0) (0,0) -> p_o = 3/4, p_e = 1/2 * 1/4 + 1/2 * 3/4
    assert email["cohen_kappa"] == approx((0.75 - 0.5) / 0.5)


def test_reliability_table_codes_argument_and_theme_mapping():
    codings = make_codings([
        ("D", "D:0000", "anna", "x/a"), ("D", "D:0000", "ben", "x/a"),
        ("D", "D:0001", "anna", "y/b"), ("D", "D:0001", "ben", "x/a"),
        ("D", "D:0002", "anna", "x/c"), ("D", "D:0002", "ben", "x/c"),
    ])
    passages = make_passages({"D": 4})
    table = reliability_table(codings, passages, coders=CODERS, codes=["x/c", "x/a"])
    assert table["name"].tolist() == ["x/c", "x/a", "x"]
    # theme x from x/c and x/a: values (x/a, x/a) (none, x/a) (x/c, x/c) (none, none)
    # n = 8, n_x/a = 3, n_x/c = 2, n_none = 3, disagreeing pairs o = 2
    expected = 1 - 7 * 2 / (64 - 9 - 4 - 9)
    assert table.iloc[2]["krippendorff_alpha"] == approx(expected)
    merged = reliability_table(codings, passages, coders=CODERS, themes={"y/b": "x"})
    assert merged[merged["level"] == "theme"]["name"].tolist() == ["x"]
    assert merged.iloc[-1]["note"] == ""
    assert merged.iloc[-1]["percent_agreement"] == approx(0.75)  # D:0001 y/b vs x/a


def test_reliability_table_notes_when_statistics_are_undefined():
    codings = make_codings([("D", "D:0000", "anna", "x/a"), ("E", "E:0000", "ben", "x/a"),
                            ("F", "F:0000", "anna", "z/q"), ("F", "F:0000", "ben", "z/q")])
    table = reliability_table(codings, make_passages({"D": 1, "E": 1, "F": 1}), coders=CODERS,
                              codes=["x/a", "z/q"]).set_index("name")
    assert table.loc["x/a", "n_units"] == 1  # only F was coded by both
    assert table.loc["x/a", "note"] == "no variation: all coders gave every unit the same value"
    assert table.loc["x/a", "reason"] == "never_used"  # neither coder used it on F
    assert table.loc["z/q", "reason"] == "one_category"  # both coders: always present
    no_overlap = make_codings([("D", "D:0000", "anna", "x/a"), ("E", "E:0000", "ben", "x/a")])
    table = reliability_table(no_overlap, make_passages({"D": 1, "E": 1}), coders=CODERS)
    assert table.iloc[0]["n_units"] == 0
    assert table.iloc[0]["note"] == "no unit was coded by two or more of the coders"
    assert table.iloc[0]["reason"] == "no_pairs"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"coders": ["anna"]}, "at least 2 coders"),
    ({"coders": "anna"}, "list of coder names"),
    ({"coders": CODERS, "unit": "case"}, "unknown unit"),
])
def test_reliability_table_rejects_invalid_arguments(kwargs, message):
    codings = make_codings([("D", "D:0000", "anna", "x/a")])
    with pytest.raises(ReliabilityError, match=message):
        reliability_table(codings, make_passages({"D": 1}), **kwargs)


def test_reliability_table_requires_columns():
    codings = make_codings([("D", "D:0000", "anna", "x/a")]).drop(columns="passage_id")
    with pytest.raises(ReliabilityError, match="passage_id"):
        reliability_table(codings, make_passages({"D": 1}), coders=CODERS)


# --- disagreements ----------------------------------------------------------------------------

DISAGREEING = [
    ("D", "D:0000", "anna", "x/a"), ("D", "D:0000", "ben", "x/a"),
    ("D", "D:0001", "anna", "x/a"), ("D", "D:0001", "ben", "x/b"),
    ("D", "D:0002", "ben", "y/c"), ("D", "D:0002", "carl", "y/c"),
    ("E", "E:0000", "anna", "x/a"), ("E", "E:0000", "carl", "x/b"),
    ("F", "F:0000", "anna", "x/a"),
]


def test_disagreements_per_code():
    coders = ["anna", "ben", "carl"]
    found = disagreements(make_codings(DISAGREEING), make_passages({"D": 3, "E": 1, "F": 1}),
                          coders=coders)
    assert list(found.columns) == ["passage_id", "document", "code", "anna", "ben", "carl",
                                   "text"]
    # carl coded document D, so his D:0000 counts as "x/a absent"; F was coded by anna only
    assert found[["passage_id", "code"]].values.tolist() == [
        ["D:0000", "x/a"], ["D:0001", "x/a"], ["D:0001", "x/b"], ["D:0002", "y/c"],
        ["E:0000", "x/a"], ["E:0000", "x/b"]]
    assert found.iloc[0][["anna", "ben", "carl"]].tolist() == [1, 1, 0]
    assert found.iloc[3][["anna", "ben", "carl"]].tolist() == [0, 1, 1]
    last = found.iloc[5]
    assert (last["anna"], last["carl"]) == (0, 1) and pd.isna(last["ben"])  # ben skipped E
    assert found.iloc[1]["text"] == "text of D:0001"


def test_disagreements_filtered_by_code_and_per_theme():
    codings = make_codings(DISAGREEING)
    passages = make_passages({"D": 3, "E": 1, "F": 1})
    only = disagreements(codings, passages, coders=CODERS, code="x/b")
    assert only[["passage_id", "anna", "ben"]].values.tolist() == [["D:0001", 0, 1]]
    themes = disagreements(codings, passages, coders=["anna", "ben", "carl"], level="theme",
                           code="x")
    assert themes[["passage_id", "code", "anna", "carl"]].values.tolist() == [
        ["D:0000", "x", "x/a", "none"], ["D:0001", "x", "x/a", "none"],
        ["E:0000", "x", "x/a", "x/b"]]
    assert themes["ben"].iloc[:2].tolist() == ["x/a", "x/b"] and pd.isna(themes["ben"].iloc[2])
    none = disagreements(codings, passages.drop(columns="text"), coders=["ben", "carl"],
                         code="y/c")
    assert none.empty and "text" not in none.columns
    assert list(none.columns) == ["passage_id", "document", "code", "ben", "carl"]


def test_disagreements_rejects_unknown_level():
    with pytest.raises(ReliabilityError, match="unknown level"):
        disagreements(make_codings(DISAGREEING), make_passages({"D": 3}), coders=CODERS,
                      level="case")
