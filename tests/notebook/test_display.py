"""Rich display: coded passages in code colours, styled tables, and caps on large studies."""
from __future__ import annotations

import html
import math
import re

import numpy as np
import pandas as pd
import pytest

from interview_analysis import load_study
from interview_analysis.corpus.corpus import Corpus
from interview_analysis.errors import InterviewAnalysisError
from interview_analysis.notebook import (
    preview,
    show_passage,
    style_agreement,
    style_reliability,
)
from interview_analysis.notebook.display import (
    ALPHA_BANDS,
    CONSENSUS_COLOURS,
    NOT_COMPUTABLE,
    alpha_colour,
)
from interview_analysis.notebook.highlight import Mark, mark_text


def _codings(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["document", "start", "end", "code", "coder", "stance",
                                       "memo"])


def _untagged(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup.replace("<br>", "\n")))


# -- marked text ----------------------------------------------------------------------------

def test_mark_text_bands_overlapping_codings_and_keeps_the_text():
    text = "email and phone <ok>"
    marks = [Mark(0, 15, "#0072B2", "channels/email"), Mark(10, 15, "#E69F00", "channels/phone")]
    out = mark_text(text, marks)
    assert out == ('<span style="background:#0072B266" title="channels/email">email and </span>'
                   '<span style="background:linear-gradient(#0072B266 0.0% 50.0%, '
                   '#E69F0066 50.0% 100.0%)" title="channels/email; channels/phone">phone'
                   '</span> &lt;ok&gt;')
    assert _untagged(out) == text


def test_mark_text_underlines_rule_matches_and_clips_marks_to_the_text():
    out = mark_text("abc", [Mark(-5, 1, "#000000", "m", "match"), Mark(2, 99, "#111111", "c")])
    assert out == ('<span style="border-bottom:2px dotted #000000" title="m">a</span>b'
                   '<span style="background:#11111166" title="c">c</span>')


# -- show_passage ---------------------------------------------------------------------------

def test_show_passage_highlights_each_coder_s_spans_in_the_code_colours(fi_study):
    study = load_study(fi_study)
    corpus, codebook = study.corpus(), study.codebook()
    codings = _codings([("H1", 76, 89, "channels/email", "anna", "positive", "helpointa"),
                        ("H1", 133, 163, "channels/text_message", "ben", "negative", None),
                        ("H2", 34, 74, "channels/email", "anna", None, None)])
    shown = show_passage(corpus, codings, "H1:0002", codebook).data
    assert '<span style="background:#0072B266" title="channels/email (anna, positive — ' \
           'helpointa)">Sähköpostitse</span>' in shown
    assert "Tekstiviestejä en lue koskaan.</span>" in shown
    assert "anna, positive — helpointa" in shown and "ben, negative" in shown
    assert "Puhelimitse" not in shown  # H2's coding is not on this passage
    assert "Mitkä kanavat" not in shown  # no context unless asked
    assert "Mitkä kanavat" in show_passage(corpus, codings, "H1:0002", codebook,
                                           context=True).data


def test_show_passage_without_codebook_or_codings_still_shows_the_text(fi_study):
    corpus = load_study(fi_study).corpus()
    shown = show_passage(corpus, None, "H2:0002").data
    assert "Puhelimitse mieluiten, ei sähköpostilla." in shown


def test_show_passage_unknown_id_names_the_closest(fi_study):
    corpus = load_study(fi_study).corpus()
    with pytest.raises(InterviewAnalysisError, match=r"(?s)no such passage.*did you mean 'H2:0002'"):
        show_passage(corpus, None, "H2:002")


# -- styled tables --------------------------------------------------------------------------

def _agreement(n: int) -> pd.DataFrame:
    consensus = list(CONSENSUS_COLOURS)
    return pd.DataFrame({
        "level": ["theme" if i % 5 == 0 else "code" for i in range(n)],
        "code": [f"t{i // 5}/c{i}" for i in range(n)], "label": [f"Code {i}" for i in range(n)],
        "n_cases": [i % 6 for i in range(n)], "n_total": 5, "positive": 1, "negative": 0,
        "mixed": 0, "no_view": 0, "not_mentioned": 4,
        "consensus": [consensus[i % len(consensus)] for i in range(n)], "summary": "H1 for"})


def test_style_agreement_colours_consensus_bolds_themes_and_caps_rows():
    styled = style_agreement(_agreement(100))
    out = styled.to_html()
    assert "Showing 60 of 100 rows." in out
    for colour in CONSENSUS_COLOURS.values():
        assert f"background-color: {colour}" in out
    assert "font-weight: bold" in out and "color: #BBBBBB" in out
    assert len(styled.data) == 60
    assert list(styled.data.columns) == ["level", "code", "label", "cases", "for", "against",
                                         "mixed", "no view", "not mentioned", "consensus",
                                         "summary"]
    assert styled.data["cases"].iloc[1] == "1/5"
    assert styled.data["code"].iloc[1] == "t0/c1" and ">\u00a0\u00a0\u00a0c1<" in out  # by name
    assert ">level<" not in out  # kept for styling, hidden from the reader


def test_style_agreement_shows_a_small_table_whole():
    out = style_agreement(_agreement(7)).to_html()
    assert "Showing" not in out and "Code 6" in out


@pytest.mark.parametrize("alpha, band", [(1.0, 0), (0.8, 0), (0.7999, 1), (0.667, 1),
                                         (0.6669, 2), (-0.2, 2)])
def test_alpha_colour_follows_krippendorff_s_bands(alpha, band):
    assert alpha_colour(alpha) == ALPHA_BANDS[band][1]


@pytest.mark.parametrize("alpha", [float("nan"), None, "n/a"])
def test_alpha_that_cannot_be_computed_is_grey(alpha):
    assert alpha_colour(alpha) == NOT_COMPUTABLE


def test_style_reliability_formats_and_colours_alpha():
    table = pd.DataFrame({
        "level": ["code", "code", "theme"], "name": ["a/x", "a/y", "a"], "n_units": [20, 20, 20],
        "percent_agreement": [0.95, 0.8, 0.9], "cohen_kappa": [0.85, 0.5, math.nan],
        "fleiss_kappa": [0.85, 0.5, math.nan], "krippendorff_alpha": [0.851, 0.5, math.nan],
        "note": ["", "", "not computable: ..."]})
    out = style_reliability(table).to_html()
    assert ">0.851<" in out and ">95%<" in out and ">n/a<" in out
    assert f"background-color: {ALPHA_BANDS[0][1]}" in out
    assert f"background-color: {ALPHA_BANDS[2][1]}" in out
    assert f"background-color: {NOT_COMPUTABLE}" in out


# -- caps for large studies -----------------------------------------------------------------

def test_preview_caps_rows_and_shortens_long_text():
    frame = pd.DataFrame({"id": range(1000), "text": ["word " * 100] * 1000})
    out = preview(frame, max_rows=5, max_chars=20).data
    assert "Showing 5 of 1,000 rows." in out
    assert out.count("<tr") == 6  # header + 5 rows
    assert "word word word word…" in out


def _big_corpus(n_passages: int, n_cases: int) -> Corpus:
    cases = [f"C{i:03d}" for i in range(n_cases)]
    case = np.repeat(cases, n_passages // n_cases)
    passages = pd.DataFrame({
        "passage_id": [f"{c}:{i:04d}" for i, c in enumerate(case)], "document": case,
        "case": case, "start": 0, "end": 10, "speaker": "P", "role": "participant",
        "time_start": None, "time_end": None, "words": 2, "language": "en",
        "text": "a long answer " * 20})
    table = pd.DataFrame({"documents": [[c] for c in cases], "group": "x"},
                         index=pd.Index(cases, name="case"))
    documents = pd.DataFrame({"document": cases, "case": cases})
    return Corpus({c: "" for c in cases}, passages, documents, table, "en")


def test_a_corpus_of_100000_passages_displays_as_a_capped_summary():
    corpus = _big_corpus(100_000, 500)
    out = corpus._repr_html_()
    assert "500 cases, 500 documents, 100,000 passages by turn" in out
    assert "Showing 20 of 500 cases." in out and "Showing 10 of 100,000 passages." in out
    assert len(out) < 30_000


def test_corpus_summary_counts_passages_and_participant_words_per_case(fi_study):
    summary = load_study(fi_study).corpus().summary()
    assert summary[["documents", "passages", "participant_passages",
                    "participant_words"]].values.tolist() == [[1, 4, 2, 28], [1, 2, 1, 4]]
    assert list(summary.index) == ["H1", "H2"]
    assert summary.loc["H1", "industry"] == "IT"


def test_codebook_displays_its_hierarchy_with_colour_swatches(fi_study):
    codebook = load_study(fi_study).codebook()
    out = codebook._repr_html_()
    assert "2 themes, 7 codes, languages fi, en" in out
    assert out.count("background:#0072B2") == 4  # channels and its three codes
    assert "padding-left:2.0em" in out           # sub-codes indented
    capped = codebook.to_html(lang="en", max_codes=3)
    assert "Showing 3 of 7 codes." in capped and "label (en)" in capped


def test_code_colour_is_inherited_from_the_parent_else_one_per_theme(tmp_path):
    from interview_analysis.coding.codebook import FALLBACK_COLOURS
    from interview_analysis.coding.codebook_reader import load_codebook
    path = tmp_path / "cb.yaml"
    path.write_text("name: c\nthemes:\n  - id: a\n    colour: '#123456'\n    codes:\n"
                    "      - id: x\n  - id: b\n    codes:\n      - id: y\n"
                    "        colour: 'red;position:fixed'\n", encoding="utf-8")
    codebook = load_codebook(path)
    assert codebook.colour_of("a/x") == "#123456"
    assert codebook.colour_of("b/y") == FALLBACK_COLOURS[1]  # an unsafe colour is ignored
    assert codebook.colour_of("nope") == "#999999"
