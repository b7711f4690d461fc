"""Agreement between interviewees: stances per case, consensus labels, synthesis sentences."""
from __future__ import annotations

import pytest

from interview_analysis.analysis.agreement import (
    AGREEMENT_COLUMNS,
    Thresholds,
    agreement_table,
    case_stances,
    combine_stances,
    consensus,
)
from interview_analysis.coding.codebook import Code, Codebook
from interview_analysis.errors import CodingsError, InterviewAnalysisError
from interview_analysis.messages import count_phrase, number_word
from interview_analysis.report.prose import agreement_summary, describe_agreement

SAME = "personalisation/same_contact_person"
CHECKINS = "contact_types/regular_checkins"
TEXT = "channels/text_message"


@pytest.mark.parametrize("stances,expected", [
    (["positive"], "positive"),
    (["positive", None, "positive"], "positive"),
    (["negative", None], "negative"),
    (["positive", "negative"], "mixed"),
    (["positive", "mixed"], "mixed"),
    (["mixed"], "mixed"),
    ([None, None], "no view"),
    ([float("nan")], "no view"),
])
def test_combine_stances(stances, expected):
    assert combine_stances(stances) == expected


def test_case_stances_one_row_per_coded_case_and_code(five, five_codings):
    stances = case_stances(five_codings, five)
    assert list(stances.columns) == ["case", "code", "stance", "stance_origin"]
    checkins = stances[stances["code"] == CHECKINS].set_index("case")["stance"].to_dict()
    # H2 was coded both positive and negative on check-ins: mixed.
    assert checkins == {"H1": "positive", "H2": "mixed", "H3": "negative", "H4": "negative",
                        "H5": "mixed"}
    # The interviewer's turn coded 'negative' does not make H1 mixed.
    assert stances.set_index(["case", "code"]).at[("H1", SAME), "stance"] == "positive"


def test_case_stances_no_view_when_no_coding_has_a_stance(five, make_codings):
    codings = make_codings(five, [("H1:0002", SAME), ("H1:0004", SAME)])
    assert case_stances(codings, five)["stance"].tolist() == ["no view"]


# (positive, negative, mixed, no view, n_total) -> (direction, consensus). Every share is of
# all cases in the study (n_total), never of the cases that expressed a view.
@pytest.mark.parametrize("counts,expected", [
    ((5, 0, 0, 0, 5), ("positive", "unanimous")),
    ((0, 0, 5, 0, 5), ("mixed", "unanimous")),
    ((0, 6, 0, 0, 6), ("negative", "unanimous")),         # 6 of 6 negative
    ((4, 0, 0, 0, 5), ("positive", "strong majority")),   # all who spoke, not all five
    ((4, 0, 0, 1, 5), ("positive", "strong majority")),   # all five coded, one silent
    ((4, 1, 0, 0, 5), ("positive", "strong majority")),
    ((3, 1, 0, 1, 5), ("positive", "majority")),          # 3 of 5 is not 3 of 4
    ((3, 2, 0, 0, 5), ("positive", "majority")),
    ((1, 3, 0, 0, 5), ("negative", "majority")),
    ((2, 0, 0, 0, 5), ("positive", "minority")),          # 2 of 5 is no majority
    ((3, 0, 0, 0, 10), ("positive", "minority")),         # nor is 3 of 10
    ((2, 0, 0, 3, 5), ("positive", "minority")),
    ((1, 2, 2, 0, 5), ("mixed", "split")),
    ((2, 2, 0, 0, 5), ("mixed", "split")),  # exactly half is not a majority
    ((2, 2, 1, 0, 5), ("mixed", "split")),
    ((2, 1, 0, 0, 10), ("positive", "split")),
    ((0, 1, 0, 0, 5), ("negative", "single voice")),
    ((1, 0, 0, 3, 5), ("positive", "single voice")),  # several coded, one view
    ((0, 0, 0, 1, 5), ("none", "none")),
    ((0, 0, 0, 3, 5), ("none", "none")),
    ((0, 0, 0, 0, 5), ("none", "none")),
])
def test_consensus_rules(counts, expected):
    assert consensus(*counts) == expected


def test_thresholds_are_configurable():
    strict = Thresholds(strong_majority=0.9, majority=0.6)
    assert consensus(4, 1, 0, 0, 5, strict) == ("positive", "majority")  # 0.8
    assert consensus(3, 2, 0, 0, 5, strict) == ("mixed", "split")  # 0.6 is not more than 0.6


@pytest.mark.parametrize("strong,majority", [(0.5, 0.75), (0.75, 0.3), (1.2, 0.5)])
def test_invalid_thresholds_are_rejected(strong, majority):
    with pytest.raises(InterviewAnalysisError, match=r"0\.5 <= majority < strong_majority <= 1"):
        Thresholds(strong_majority=strong, majority=majority)


def test_agreement_table_reaches_the_briefs_findings(five, five_codings):
    table = agreement_table(five_codings, five)
    assert list(table.columns) == AGREEMENT_COLUMNS
    rows = table.set_index(["level", "code"])
    same = rows.loc[("code", SAME)]
    assert (same["n_cases"], same["n_total"], same["positive"]) == (5, 5, 5)
    assert (same["direction"], same["consensus"]) == ("positive", "unanimous")
    assert agreement_summary(same) == "H1, H2, H3, H4, H5 for"
    assert agreement_summary(same, "fi") == "H1, H2, H3, H4, H5 myönteisesti"
    checkins = rows.loc[("code", CHECKINS)]
    assert (checkins["direction"], checkins["consensus"]) == ("mixed", "split")
    assert agreement_summary(checkins) == "H1 for; H3, H4 against; H2, H5 mixed"
    assert (checkins["cases_negative"], checkins["cases_mixed"]) == ("H3, H4", "H2, H5")
    sms = rows.loc[("code", TEXT)]
    assert (sms["direction"], sms["consensus"], sms["n_cases"]) == ("negative", "single voice", 1)
    assert (sms["not_mentioned"], sms["share"]) == (4, pytest.approx(0.2))


def test_theme_rows_count_a_case_coded_with_any_code_and_show_varied_views(five,
                                                                        make_codings):
    codings = make_codings(five, [
        ("H1:0002", "channels/email", "positive"), ("H1:0004", "channels/phone", "negative"),
        ("H2:0002", "channels/email", "positive"), ("H3:0002", "channels/phone")])
    rows = agreement_table(codings, five).set_index(["level", "code"])
    theme = rows.loc[("theme", "channels")]
    assert theme["n_cases"] == 3
    # H1 is for email and against phone: different views by sub-topic, not ambivalence.
    assert (theme["cases_positive"], theme["cases_varied"], theme["cases_mixed"],
            theme["cases_no_view"]) == ("H2", "H1", "", "H3")


def test_a_theme_where_most_views_differ_by_code_says_so(five, make_codings):
    codings = make_codings(five, [
        ("H1:0002", "channels/email", "positive"), ("H1:0004", "channels/phone", "negative"),
        ("H2:0002", "channels/email", "positive"), ("H2:0003", "channels/phone", "negative"),
        ("H3:0002", "channels/email", "positive"), ("H3:0003", "channels/phone", "negative")])
    theme = agreement_table(codings, five).set_index(["level", "code"]).loc[
        ("theme", "channels")]
    assert (theme["varied"], theme["direction"], theme["consensus"]) == (
        3, "varied", "by sub-topic")


def test_rows_come_theme_first_in_codebook_order_with_unused_codes(five, five_codings):
    codebook = Codebook([
        Code("personalisation", None, {"en": "Personalisation", "fi": "Henkilökohtaisuus"}),
        Code(SAME, "personalisation", {"en": "Same contact person", "fi": "Sama yhteyshenkilö"}),
        Code("channels", None, {"en": "Channels"}),
        Code("channels/email", "channels", {"en": "Email"}),
        Code(TEXT, "channels", {"en": "Text message"}),
        Code("contact_types", None, {"en": "Contact types"}),
        Code(CHECKINS, "contact_types", {"en": "Periodic check-ins"}),
    ])
    table = agreement_table(five_codings, five, codebook, lang="fi")
    assert table[["level", "code"]].values.tolist() == [
        ["theme", "personalisation"], ["code", SAME], ["theme", "channels"],
        ["code", "channels/email"], ["code", TEXT], ["theme", "contact_types"],
        ["code", CHECKINS]]
    assert table["label"].iloc[1] == "Sama yhteyshenkilö"
    email = table.set_index("code").loc["channels/email"]
    assert (email["n_cases"], email["consensus"], email["direction"]) == (0, "none", "none")


def test_unknown_stances_are_reported(five, make_codings):
    codings = make_codings(five, [("H1:0002", SAME, "neutral")])
    with pytest.raises(CodingsError, match=r"unknown stance.*'neutral'[\s\S]*positive, negative"):
        agreement_table(codings, five)


def row(**values):
    base = {"label": "Periodic check-ins", "n_cases": 5, "n_total": 5, "positive": 0,
            "negative": 0, "mixed": 0, "no_view": 0, "direction": "none", "consensus": "none",
            "cases_positive": "", "cases_negative": "", "cases_mixed": "", "cases_no_view": ""}
    return {**base, **values}


SENTENCES = [
    (row(positive=5, direction="positive", consensus="unanimous",
         cases_positive="H1, H2, H3, H4, H5"),
     "All five interviewees were positive about “Periodic check-ins”.",
     "Kaikki viisi haastateltavaa suhtautuivat myönteisesti aiheeseen ”Periodic check-ins”."),
    (row(positive=4, negative=1, direction="positive", consensus="strong majority",
         cases_positive="H1, H2, H4, H5", cases_negative="H3"),
     "Four of the five interviewees were positive about “Periodic check-ins” (H3 against).",
     "Neljä viidestä haastateltavasta suhtautui myönteisesti aiheeseen ”Periodic check-ins” "
     "(H3 kielteisesti)."),
    (row(positive=1, negative=2, mixed=2, direction="mixed", consensus="split",
         cases_positive="H1", cases_negative="H3, H4", cases_mixed="H2, H5"),
     "All five interviewees raised “Periodic check-ins”, but their views differed: H1 for; "
     "H3, H4 against; H2, H5 mixed.",
     "Kaikki viisi haastateltavaa ottivat esiin aiheen ”Periodic check-ins”, mutta näkemykset "
     "erosivat: H1 myönteisesti; H3, H4 kielteisesti; H2, H5 kaksijakoisesti."),
    (row(n_cases=2, positive=1, negative=1, direction="mixed", consensus="split",
         cases_positive="H1", cases_negative="H3"),
     "Two of the five interviewees raised “Periodic check-ins”, but their views differed: "
     "H1 for; H3 against.",
     "Kaksi viidestä haastateltavasta otti esiin aiheen ”Periodic check-ins”, mutta "
     "näkemykset erosivat: H1 myönteisesti; H3 kielteisesti."),
    (row(n_cases=1, negative=1, direction="negative", consensus="single voice",
         cases_negative="H4"),
     "Only one interviewee (H4) raised “Periodic check-ins”, and was negative about it.",
     "Vain yksi haastateltava (H4) otti esiin aiheen ”Periodic check-ins” ja suhtautui siihen "
     "kielteisesti."),
    (row(n_cases=3, negative=1, no_view=2, direction="negative", consensus="single voice",
         cases_negative="H4", cases_no_view="H1, H2"),
     "Three of the five interviewees raised “Periodic check-ins”; only H4 expressed a view "
     "(against).",
     "Kolme viidestä haastateltavasta otti esiin aiheen ”Periodic check-ins”; vain H4 otti "
     "kantaa (kielteisesti)."),
    (row(n_cases=0),
     "No interviewee raised “Periodic check-ins”.",
     "Yksikään haastateltava ei ottanut esiin aihetta ”Periodic check-ins”."),
    (row(n_cases=2, n_total=2, positive=2, direction="positive", consensus="unanimous",
         cases_positive="H1, H2"),
     "Both interviewees were positive about “Periodic check-ins”.",
     "Molemmat haastateltavat suhtautuivat myönteisesti aiheeseen ”Periodic check-ins”."),
]


@pytest.mark.parametrize("values,english,finnish", SENTENCES)
def test_describe_agreement_in_english_and_finnish(values, english, finnish):
    assert describe_agreement(values) == english
    assert describe_agreement(values, lang="fi") == finnish


def test_describe_agreement_reads_agreement_table_rows(five, five_codings):
    table = agreement_table(five_codings, five).set_index("code")
    assert describe_agreement(table.loc[TEXT]) == (
        f"Only one interviewee (H4) raised “{TEXT}”, and was negative about it.")


def test_describe_agreement_rejects_other_languages():
    with pytest.raises(InterviewAnalysisError, match=r"no wording.*'sv'[\s\S]*lang='fi'"):
        describe_agreement(row(), lang="sv")


@pytest.mark.parametrize("n,english,finnish", [
    (1, "one", "yksi"), (2, "two", "kaksi"), (5, "five", "viisi"), (7, "seven", "seitsemän"),
    (10, "ten", "kymmenen"), (11, "eleven", "yksitoista"), (19, "nineteen", "yhdeksäntoista"),
    (20, "twenty", "kaksikymmentä"), (21, "21", "21"), (300, "300", "300"),
])
def test_numbers_in_words_up_to_twenty(n, english, finnish):
    assert (number_word(n), number_word(n, "fi")) == (english, finnish)


@pytest.mark.parametrize("k,n,english,finnish", [
    (5, 5, "All five interviewees", "Kaikki viisi haastateltavaa"),
    (4, 5, "Four of the five interviewees", "Neljä viidestä haastateltavasta"),
    (1, 5, "One of the five interviewees", "Yksi viidestä haastateltavasta"),
    (7, 10, "Seven of the ten interviewees", "Seitsemän kymmenestä haastateltavasta"),
    (3, 12, "Three of the twelve interviewees", "Kolme kahdestatoista haastateltavasta"),
    (25, 25, "All 25 interviewees", "Kaikki 25 haastateltavaa"),
    (4, 21, "Four of the 21 interviewees", "Neljä 21:stä haastateltavasta"),
    (4, 22, "Four of the 22 interviewees", "Neljä 22:sta haastateltavasta"),
    (4, 30, "Four of the 30 interviewees", "Neljä 30:stä haastateltavasta"),
    (4, 100, "Four of the 100 interviewees", "Neljä 100:sta haastateltavasta"),
    (4, 112, "Four of the 112 interviewees", "Neljä 112:sta haastateltavasta"),
])
def test_count_phrases(k, n, english, finnish):
    assert count_phrase(k, n) == english
    assert count_phrase(k, n, "fi") == finnish


def test_describe_agreement_reads_a_table_read_back_from_csv(five, five_codings, tmp_path):
    import pandas as pd

    agreement_table(five_codings, five).to_csv(tmp_path / "agreement.csv", index=False)
    table = pd.read_csv(tmp_path / "agreement.csv").set_index("code")
    assert describe_agreement(table.loc[TEXT]) == (
        f"Only one interviewee (H4) raised “{TEXT}”, and was negative about it.")


def test_case_stances_combine_every_case_and_code_like_combine_stances(five, make_codings):
    """The vectorised stance per (case, code) is exactly combine_stances over its codings,
    for every mix of stances, in cases-table order."""
    import itertools
    import random
    rng = random.Random(7)
    passages = [p for p in five.participant_passages["passage_id"]]
    choices = ["positive", "negative", "mixed", None, ""]
    rows = [(p, code, rng.choice(choices))
            for p, code in itertools.product(passages, [SAME, CHECKINS, TEXT])
            for _ in range(rng.randint(0, 3))]
    codings = make_codings(five, rows)
    expected = {}
    for p, code, stance in rows:
        expected.setdefault((p.split(":")[0], code), []).append(stance)
    got = case_stances(codings, five)
    assert {(c, k): s for c, k, s, _ in got.itertuples(index=False)} == \
        {key: combine_stances(v) for key, v in expected.items()}
    assert got["case"].tolist() == sorted(got["case"], key=["H1", "H2", "H3", "H4",
                                                            "H5"].index)


def test_a_theme_whose_views_differ_by_code_is_described_as_such(five, make_codings):
    # H1 and H2 are for email and against text messages: their view of the theme is 'varied'
    codings = make_codings(five, [("H1:0002", "channels/email", "positive"),
                                  ("H1:0002", TEXT, "negative"),
                                  ("H2:0002", "channels/email", "positive"),
                                  ("H2:0002", TEXT, "negative"),
                                  ("H3:0002", "channels/email", "positive")])
    table = agreement_table(codings, five).set_index("code")
    theme = table.loc["channels"]
    assert (theme["direction"], theme["consensus"]) == ("varied", "by sub-topic")
    assert describe_agreement(theme) == (
        "Three of the five interviewees raised “channels”; their views differed by sub-topic "
        "(H3 for; H1, H2 views differing by sub-topic).")
    assert describe_agreement(theme, "fi") == (
        "Kolme viidestä haastateltavasta otti esiin aiheen ”channels”; näkemykset erosivat "
        "alateemoittain (H3 myönteisesti; H1, H2 eri näkemykset eri alateemoista).")


def test_a_label_with_its_own_quotes_gets_single_quotes_inside_the_sentence():
    values = row(n_cases=0) | {"label": '"Is everything OK" message'}
    assert describe_agreement(values) == "No interviewee raised “‘Is everything OK’ message”."
    assert describe_agreement(values, lang="fi") == \
        "Yksikään haastateltava ei ottanut esiin aihetta ”’Is everything OK’ message”."
