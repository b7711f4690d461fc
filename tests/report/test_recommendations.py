"""Recommendations: supported only with enough evidence, unsupported ones listed with why."""
from __future__ import annotations

import pytest
from report_fixtures import EXPECTED_SUPPORTED, EXPECTED_UNSUPPORTED

from interview_analysis.pipeline.recommendations import evaluate_recommendations
from interview_analysis.report.recommendations import (
    export_frame,
    recommendations_markdown,
    write_recommendations,
)


@pytest.fixture
def researcher(study):
    codebook = study.codebook()
    return codebook, study.codings("researcher", codebook=codebook), study.corpus()


def test_supported_and_unsupported_recommendations_match_the_evidence(researcher):
    table = evaluate_recommendations(*researcher)
    assert table.loc[table["supported"], "code"].tolist() == EXPECTED_SUPPORTED
    rejected = table[~table["supported"]]
    assert dict(zip(rejected["code"], rejected["reason"])) == EXPECTED_UNSUPPORTED


def test_stance_filter_counts_only_cases_with_that_stance(researcher):
    table = evaluate_recommendations(*researcher).set_index("code")
    # Phone evidence: H3 is coded without a stance, so only H1, H4, H5 count.
    assert table.loc["development/events", "cases"] == "H1, H4, H5"
    # Small talk: H4 is mixed, which is not positive.
    assert table.loc["personalisation/small_talk", "cases"] == "H2"
    # No stance required: the no-view case H3 counts for email.
    assert table.loc["channels/email", "n_cases"] == 5


def test_supported_recommendations_carry_counts_and_labelled_quotes(researcher):
    row = evaluate_recommendations(*researcher).set_index("code").loc["development/events"]
    assert row["n_passages"] == 3
    assert row["quotes"] == [("H1", "Then we agree a time for a phone call."),
                             ("H4", "Phone or Teams, because I can explain things.")]


def test_unsupported_recommendations_carry_no_quotes(researcher):
    table = evaluate_recommendations(*researcher)
    assert all(q == [] for q in table.loc[~table["supported"], "quotes"])


def test_reasons_in_finnish(researcher):
    codebook, codings, corpus = researcher
    table = evaluate_recommendations(codebook, codings, corpus, lang="fi").set_index("code")
    assert table.loc["channels/text_message", "reason"] == \
        "2/3 vaaditusta haastateltavasta, näkemys kielteinen"
    assert table.loc["channels/text_message", "text"] == "Älä käytä tekstiviestejä."


def test_unknown_evidence_code_is_never_supported(researcher):
    codebook, codings, corpus = researcher
    codebook["channels/email"].recommendation.codes = ("channels/fax",)
    row = evaluate_recommendations(codebook, codings, corpus).set_index("code") \
        .loc["channels/email"]
    assert not row["supported"]
    assert row["reason"] == "evidence code channels/fax is not in the codebook"


def test_no_codings_supports_nothing(researcher):
    codebook, codings, corpus = researcher
    table = evaluate_recommendations(codebook, codings.iloc[0:0], corpus)
    assert not table["supported"].any()
    assert table["reason"].str.startswith("0 of the required").all()


def test_markdown_lists_supported_with_evidence_then_the_rest(researcher, tmp_path):
    table = evaluate_recommendations(*researcher)
    text = recommendations_markdown(table, "en")
    assert text.startswith("# Development recommendations\n")
    supported, rest = text.split("## Not supported by the evidence")
    assert "1. **Give every customer a named contact person.**" in supported
    assert "Evidence: H1, H2, H3, H4, H5 (5 interviewees, 5 passages; required: 3 " \
           "interviewees with a positive stance)" in supported
    assert "> “Then we agree a time for a phone call.” (H1)" in supported
    assert "- Record problems in the CRM. — Customer data in the CRM (`development/crm`): " \
           "1 of the required 2 interviewees" in rest
    assert "Record problems" not in supported
    path = write_recommendations(table, tmp_path / "recommendations.md")
    assert path.read_text(encoding="utf-8") == text


def test_export_frame_turns_quotes_into_text(researcher):
    frame = export_frame(evaluate_recommendations(*researcher))
    assert frame["quotes"].map(type).eq(str).all()
    assert frame.set_index("code").loc["development/events", "quotes"].startswith(
        "H1: Then we agree")


def test_evidence_of_one_is_singular_in_both_languages():
    from interview_analysis.report.recommendations import evidence_line
    row = {"stance": "negative", "code": "channels/text_message", "cases": "H4", "n_cases": 1,
           "n_passages": 1, "min_cases": 1}
    assert evidence_line(row, "en") == ("Evidence: H4 (1 interviewee, 1 passage; required: 1 "
                                        "interviewee with a negative stance)")
    assert evidence_line(row, "fi") == ("Näyttö: H4 (1 haastateltava, 1 katkelma; vaatimus: 1 "
                                        "haastateltava, näkemys kielteinen)")


def test_a_threshold_above_the_number_of_interviewees_says_so(researcher):
    """A codebook written for a larger study: 6 interviewees required of a study of 5."""
    codebook, codings, corpus = researcher
    codebook["channels/email"].recommendation.min_cases = 6
    en = evaluate_recommendations(codebook, codings, corpus).set_index("code")
    assert en.loc["channels/email", "reason"] == \
        "5 of the required 6 interviewees (the study has 5: lower min_cases in the codebook)"
    fi = evaluate_recommendations(codebook, codings, corpus, lang="fi").set_index("code")
    assert fi.loc["channels/email", "reason"] == \
        "5/6 vaaditusta haastateltavasta (tutkimuksessa on 5: pienennä koodikirjan " \
        "min_cases-arvoa)"
    assert en.loc["channels/text_message", "reason"] == \
        "2 of the required 3 interviewees with a negative stance"


def test_without_codebook_recommendations_the_criticised_topics_are_listed(researcher,
                                                                           tmp_path):
    from interview_analysis.analysis.agreement import agreement_table
    from interview_analysis.pipeline.recommendations import development_points
    codebook, codings, corpus = researcher
    agreement = agreement_table(codings, corpus, codebook)
    points = development_points(codebook, agreement, codings, corpus)
    # Text messages: H1 and H4 against, nobody for; e-mail has one critic and two supporters.
    assert points[["code", "text", "cases", "n_cases", "n_passages", "supported"]].values \
        .tolist() == [["channels/text_message",
                       "2 of 5 interviewees spoke against “Text message”", "H1, H4", 2, 2, True]]
    assert points.loc[0, "quotes"] == [
        ("H4", "I never read text messages, and email only when the subject line is personal."),
        ("H1", "I never read text messages.")]
    fi = development_points(codebook, agreement, codings, corpus, lang="fi")
    assert fi.loc[0, "text"] == "2/5 haastateltavaa suhtautui kielteisesti aiheeseen " \
                                "”Tekstiviesti”"
    empty = evaluate_recommendations(codebook, codings, corpus).iloc[0:0]
    text = recommendations_markdown(empty, "en", points=points)
    assert text == (
        "# Development recommendations\n\n## What the interviewees criticised\n\n"
        "The codebook defines no recommendations yet. Below is what the interviewees "
        "criticised, found from their views: each topic at least two of them spoke against "
        "and no more spoke for, most criticised first, with their words. These are points for "
        "the researcher to weigh, not recommendations.\n\n"
        "1. **2 of 5 interviewees spoke against “Text message”**\n"
        "   - Text message (`channels/text_message`)\n"
        "   - Evidence: H1, H4 (2 interviewees, 2 passages; required: 2 interviewees with a "
        "negative stance)\n"
        "   > “I never read text messages, and email only when the subject line is personal.” "
        "(H4)\n"
        "   > “I never read text messages.” (H1)\n")
    none = development_points(codebook, agreement.iloc[0:0], codings, corpus)
    assert recommendations_markdown(empty, "fi", points=none) == (
        "# Kehitysehdotukset\n\nKoodikirjassa ei ole kehitysehdotuksia, eikä yhteenkään "
        "aiheeseen suhtautunut kielteisesti kahta tai useampaa haastateltavaa.\n")


def test_a_report_of_a_codebook_without_recommendations_lists_the_criticised(study, tmp_path):
    import dataclasses

    import docx

    from interview_analysis.coding.codebook import Codebook
    from interview_analysis.report.run import run_study
    codebook = study.codebook()
    bare = Codebook([dataclasses.replace(c, recommendation=None) for c in codebook],
                    name=codebook.name, languages=tuple(codebook.languages))
    result = run_study(study, tmp_path / "out", figures="png", codebook=bare)
    assert result.results.recommendations.empty
    assert result.results.development["code"].tolist() == ["channels/text_message"]
    paragraphs = [(p.style.name, p.text) for p in docx.Document(result.report_docx).paragraphs]
    at = paragraphs.index(("Heading 2", "What the interviewees criticised"))
    assert paragraphs[at + 2] == ("Recommendation",
                                  "2 of 5 interviewees spoke against “Text message”")
    assert (tmp_path / "out" / "tables" / "development_points.csv").is_file()
    assert "## What the interviewees criticised" in result.recommendations.read_text("utf-8")
