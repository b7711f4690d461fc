"""Saturation on hand-made sequences of code sets, with positions worked out by hand."""
from __future__ import annotations

import pytest

from interview_analysis.analysis.saturation import (
    CURVE_COLUMNS,
    bootstrap_saturation,
    curve_from_sets,
    francis_stopping,
    guest_saturation,
    saturation_curve,
)
from interview_analysis.errors import InterviewAnalysisError, StudyError


def test_curve_counts_codes_first_seen_in_each_interview():
    curve = curve_from_sets([{"a", "b"}, {"b", "c"}, set(), {"a", "d", "e"}], list("WXYZ"))
    assert list(curve.columns) == CURVE_COLUMNS
    assert curve["new_codes"].tolist() == [2, 1, 0, 2]
    assert curve["cumulative"].tolist() == [2, 3, 3, 5]
    assert curve["new_code_ids"].tolist() == ["a, b", "c", "", "d, e"]
    assert curve["position"].tolist() == [1, 2, 3, 4]


def test_guest_run_with_no_new_codes_saturates_at_the_end_of_the_run():
    # Base 1–4 holds {a, b, c, d, e}; the run 5–6 adds nothing: 0 / 5 = 0 % <= 5 %.
    sets = [{"a", "b"}, {"c"}, {"d"}, {"e", "a"}, {"a"}, {"b", "c"}]
    result = guest_saturation(curve_from_sets(sets, [f"H{i}" for i in range(1, 7)]))
    assert (result["saturated"], result["at_position"], result["at_case"]) == (True, 6, "H6")
    assert (result["new_codes"], result["base_codes"], result["ratio"]) == (0, 5, 0.0)
    assert len(result["windows"]) == 1


def test_guest_base_slides_forward_and_new_means_never_seen_before():
    # Window 1: base 1–4 {a..e} (5), run 5–6 brings f: 1/5 = 20 % > 5 %.
    # Window 2: base 2–5 {c, d, e, f} (4), run 6–7 brings a, b — seen in interview 1, so not
    # new: 0/4 = 0 % -> saturated at interview 7.
    sets = [{"a", "b"}, {"c"}, {"d"}, {"e"}, {"f"}, {"a"}, {"b"}, {"c"}]
    result = guest_saturation(curve_from_sets(sets))
    assert result["at_position"] == 7
    windows = result["windows"]
    assert windows[["base_from", "base_to", "run_to", "base_codes", "new_codes"]].values.tolist() \
        == [[1, 4, 6, 5, 1], [2, 5, 7, 4, 0]]
    assert windows["ratio"].tolist() == pytest.approx([0.2, 0.0])


def test_guest_threshold_is_inclusive():
    # 1 new code against 20 in the base is exactly 5 %.
    base = [{f"c{i}" for i in range(20)}, set(), set(), set()]
    result = guest_saturation(curve_from_sets([*base, {"new"}, set()]))
    assert (result["saturated"], result["at_position"]) == (True, 6)
    assert not guest_saturation(curve_from_sets([*base, {"n1", "n2"}, set()]))["saturated"]


def test_guest_with_custom_base_run_and_threshold():
    # base 2, run 3, threshold 0: window 1 base {a, b}, run 3–5 brings c -> fails;
    # window 2 base 2–3 {b, c}, run 4–6 brings nothing new -> saturated at 6.
    sets = [{"a"}, {"b"}, {"c"}, {"a"}, {"b"}, {"c"}]
    result = guest_saturation(curve_from_sets(sets), base=2, run=3, threshold=0)
    assert result["at_position"] == 6


def test_guest_needs_base_plus_run_interviews():
    result = guest_saturation(curve_from_sets([{"a"}] * 5))
    assert not result["saturated"]
    assert result["message"] == "not reached (needs at least 6 interviews)"


def test_guest_never_passes_on_an_empty_base():
    result = guest_saturation(curve_from_sets([set()] * 6))
    assert not result["saturated"]
    assert result["message"].startswith("not reached: no run of 2 interviews")


def test_francis_ten_plus_three():
    ten = [{f"c{i}"} for i in range(1, 11)]
    met = francis_stopping(curve_from_sets([*ten, {"c1"}, set(), {"c2"}]))
    assert (met["saturated"], met["at_position"]) == (True, 13)
    assert met["message"] == ("met at interview 13 (13): interviews 11–13 brought no new codes "
                              "after the first 10")
    later = francis_stopping(curve_from_sets([*ten, {"new"}, set(), set(), set()]))
    assert later["at_position"] == 14


def test_francis_counts_only_interviews_after_the_initial_sample():
    # Interviews 8–10 bring nothing new, but the stopping run starts at 11.
    sets = [{f"c{i}"} for i in range(1, 8)] + [set()] * 6
    assert francis_stopping(curve_from_sets(sets))["at_position"] == 13


def test_francis_needs_thirteen_interviews():
    result = francis_stopping(curve_from_sets([{"a"}] * 12))
    assert not result["saturated"]
    assert result["message"] == "not reached (needs at least 13 interviews)"


def test_bootstrap_enumerates_every_order_of_a_small_study():
    # base 2, run 1, threshold 0. Saturation at 3 unless b is third: then the base {a} gets b
    # (100 %), the base slides to 2–3 {a, b} and interview 4 adds nothing: saturated at 4.
    # b is third in 3! = 6 of the 4! = 24 orders.
    curve = curve_from_sets([{"a"}, {"a"}, {"a"}, {"b"}])
    result = bootstrap_saturation(curve, base=2, run=1, threshold=0)
    assert (result["exact"], result["n_orders"], result["share_saturated"]) == (True, 24, 1.0)
    assert result["distribution"].values.tolist() == [[3, 18, 0.75, 0.75], [4, 6, 0.25, 1.0]]
    assert result["median_position"] == 3


def test_bootstrap_samples_orders_reproducibly_with_a_seed():
    curve = curve_from_sets([{f"c{i}"} for i in range(8)])  # every interview brings a new code
    first = bootstrap_saturation(curve, n_boot=50, seed=7)
    assert (first["exact"], first["n_orders"], first["share_saturated"]) == (False, 50, 0.0)
    assert first["median_position"] is None
    curve = curve_from_sets([{"a", "b"}, {"a"}, {"b"}, {"a", "c"}, {"c"}, {"b"}, {"a"}, {"d"}])
    a = bootstrap_saturation(curve, n_boot=200, seed=1)
    b = bootstrap_saturation(curve, n_boot=200, seed=1)
    assert a["distribution"].equals(b["distribution"])


def test_bootstrap_francis_method():
    curve = curve_from_sets([{"a"}] * 13)
    result = bootstrap_saturation(curve, method="francis", n_boot=10)
    assert (result["share_saturated"], result["median_position"]) == (1.0, 13)


def test_bootstrap_rejects_unknown_methods_and_options():
    curve = curve_from_sets([{"a"}] * 6)
    with pytest.raises(InterviewAnalysisError, match="unknown saturation method.*'glaser'"):
        bootstrap_saturation(curve, method="glaser")
    with pytest.raises(InterviewAnalysisError, match=r"unknown option.*\['treshold'\]"):
        bootstrap_saturation(curve, treshold=0.1)


def test_saturation_curve_orders_interviews_by_an_attribute(five, make_codings):
    codings = make_codings(five, [("H1:0002", "a"), ("H3:0002", "a"), ("H3:0002", "b"),
                                  ("H5:0002", "c"), ("H1:0001", "z")])
    curve = saturation_curve(codings, five, order="interview_date")
    assert curve["case"].tolist() == ["H1", "H3", "H2", "H5", "H4"]
    assert curve["new_codes"].tolist() == [1, 1, 0, 1, 0]  # 'z' is on an interviewer turn
    assert saturation_curve(codings, five)["case"].tolist() == ["H1", "H2", "H3", "H4", "H5"]
    explicit = saturation_curve(codings, five, order=["H5", "H4", "H3", "H2", "H1"])
    assert explicit["new_codes"].tolist() == [1, 0, 2, 0, 0]


def test_interview_order_errors_name_the_cases(five, make_codings):
    codings = make_codings(five, [("H1:0002", "a")])
    five.cases.loc["H2", "interview_date"] = None
    with pytest.raises(StudyError, match=r"without an 'interview_date' value.*\['H2'\]"):
        saturation_curve(codings, five, order="interview_date")
    with pytest.raises(StudyError, match="no attribute 'date'"):
        saturation_curve(codings, five, order="date")
    with pytest.raises(StudyError, match=r"list every case once[\s\S]*H1, H2, H3, H4, H5"):
        saturation_curve(codings, five, order=["H1", "H2"])


def test_numeric_order_attributes_sort_as_numbers(make_corpus, make_codings):
    corpus = make_corpus({c: [("P", "answer")] for c in ("A", "B", "C")},
                         attributes={"A": {"no": 10}, "B": {"no": 9}, "C": {"no": 1}})
    curve = saturation_curve(make_codings(corpus, []), corpus, order="no")
    assert curve["case"].tolist() == ["C", "B", "A"]


def test_dates_written_the_finnish_way_sort_as_dates(make_corpus, make_codings):
    dates = {"A": "10.3.2025", "B": "3.3.2025", "C": "28.2.2025", "D": "2025-03-05"}
    corpus = make_corpus({c: [("P", "answer")] for c in dates},
                         attributes={c: {"pvm": d} for c, d in dates.items()})
    curve = saturation_curve(make_codings(corpus, []), corpus, order="pvm")
    assert curve["case"].tolist() == ["C", "B", "D", "A"]
