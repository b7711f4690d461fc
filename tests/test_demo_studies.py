"""The bundled demo studies load, and their reference codings carry the briefs' headline facts."""
from __future__ import annotations

from pathlib import Path

import pytest

from interview_analysis import load_study
from interview_analysis.analysis import agreement_table
from interview_analysis.coding.evaluate import evaluate_rules
from interview_analysis.report.prose import describe_agreement

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
STUDY_A = CORPUS / "sme-customer-management"


@pytest.fixture(scope="module")
def study_a():
    return load_study(STUDY_A)


@pytest.fixture(scope="module")
def table_a(study_a):
    codings = study_a.codings("researcher")
    return agreement_table(codings, study_a.corpus(), study_a.codebook()).set_index("code")


def test_study_a_has_five_finnish_interviews_in_two_formats(study_a):
    assert study_a.language == "fi"
    assert list(study_a.cases.index) == ["H1", "H2", "H3", "H4", "H5"]
    formats = study_a.corpus().documents.set_index("document")["format"].to_dict()
    assert formats == {"H1": "vtt", "H2": "vtt", "H3": "eml", "H4": "vtt", "H5": "eml"}
    words = study_a.corpus().participant_passages.groupby("case")["words"].sum()
    assert words.between(250, 1500).all()


def test_all_five_value_the_same_contact_person(table_a):
    row = table_a.loc["personalisation/same_contact_person"]
    assert (row["n_cases"], row["n_total"], row["positive"]) == (5, 5, 5)
    assert (row["direction"], row["consensus"]) == ("positive", "unanimous")
    assert describe_agreement(row).startswith("All five interviewees were positive")
    assert describe_agreement(row, "fi").startswith("Kaikki viisi haastateltavaa")


def test_views_on_periodic_check_ins_differ(table_a):
    row = table_a.loc["contact_types/regular_checkins"]
    assert row["consensus"] == "split"
    assert row["cases_positive"] == "H1"
    assert set(row["cases_negative"].split(", ")) == {"H3", "H4"}


def test_text_messages_are_rejected(table_a):
    row = table_a.loc["channels/text_message"]
    assert (row["direction"], row["positive"], row["cases_negative"]) == ("negative", 0, "H4")


def test_second_coder_double_codes_three_of_five(study_a):
    second = study_a.codings("second-coder")
    assert sorted(second["document"].unique()) == ["H1", "H3", "H4"]


def test_rules_reach_the_agreed_quality_on_study_a(study_a):
    """Codebook quality floors (issue: passage micro-F1 >= 0.75, case micro-F1 >= 0.90)."""
    scores, _ = evaluate_rules(study_a, "researcher")
    micro = scores[scores["code"] == "micro"].set_index("level")["f1"]
    assert micro["passage"] >= 0.75
    assert micro["case"] >= 0.90


@pytest.fixture(scope="module")
def study_b():
    return load_study(CORPUS / "after-sales")


def test_study_b_has_two_groups_of_five(study_b):
    assert study_b.config.group == "group"
    assert study_b.cases["group"].value_counts().to_dict() == {"customer": 5, "expert": 5}
    formats = set(study_b.corpus().documents["format"])
    assert formats == {"docx", "txt"}


def test_every_customer_names_email_as_the_best_channel(study_b):
    codings = study_b.codings("researcher")
    email = codings[(codings["code"] == "channels/email") & (codings["stance"] == "positive")]
    customers = study_b.cases.index[study_b.cases["group"] == "customer"]
    assert set(customers) <= set(email["case"])


def test_only_the_attendee_remembers_a_thank_you_email_and_every_expert_lacks_time(study_b):
    codings = study_b.codings("researcher")
    assert set(codings.loc[codings["code"] == "current_state/thank_you_email", "case"]) == {"C5"}
    experts = set(study_b.cases.index[study_b.cases["group"] == "expert"])
    assert experts <= set(codings.loc[codings["code"] == "obstacles/time", "case"])
