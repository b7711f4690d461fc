"""The two held-out Finnish studies load with the right speakers, roles and passages.

Written independently of the demo transcripts, they mix the conventions real studies mix:
``Haastattelija:``/``H1:``, ``H:``/``V:``, ``[00:02:28] H4:``, e-mailed answers under numbered
questions, a label alone on its line, Otter's ``Haastattelija  0:42`` and an interview where
only the interviewer is labelled.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from interview_analysis.study.study import load_study

STUDIES = Path(__file__).parents[1] / "data" / "studies"
SME = {  # document: {(speaker, role): turns}, participant passages
    "H1": ({("Haastattelija", "interviewer"): 18, ("H1", "participant"): 18}, 18),
    "H2": ({("H", "interviewer"): 27, ("V", "participant"): 27}, 27),
    "H3": ({(None, "interviewer"): 14, (None, "participant"): 13}, 13),  # answer 11 is "-"
    "H4": ({("Haastattelija", "interviewer"): 18, ("H4", "participant"): 18}, 18),
    "H5": ({(None, "interviewer"): 14, (None, "participant"): 14}, 14),
}
AFTERSALES = {doc: ({("Haastattelija", "interviewer"): n, ("Haastateltava", "participant"): n}, n)
              for doc, n in {"A1": 12, "A2": 15, "A3": 14, "A4": 15, "A5": 15, "K1": 17,
                             "K2": 18, "K3": 17, "K4": 16}.items()}
AFTERSALES["K5"] = ({("Haastattelija", "interviewer"): 18, (None, "participant"): 18}, 18)


def _load(name: str):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no guessed roles, no skipped files
        return load_study(STUDIES / name)


@pytest.mark.parametrize("name, expected", [("sme-fi-heldout", SME),
                                            ("aftersales-fi-heldout", AFTERSALES)])
def test_heldout_study_speakers_roles_and_participant_passages(name, expected):
    study = _load(name)
    summary = study.speakers()
    found = {doc: {(s, r): t for s, r, t in zip(g["speaker"], g["role"], g["turns"])}
             for doc, g in summary.groupby("document")}
    assert found == {doc: speakers for doc, (speakers, _) in expected.items()}
    passages = study.corpus().participant_passages
    assert passages.groupby("case").size().to_dict() == {
        doc: n for doc, (_, n) in expected.items()}


def test_emailed_questions_are_the_interviewers_and_the_answers_follow_them():
    corpus = _load("sme-fi-heldout").corpus()
    h3 = corpus.passages[corpus.passages["document"] == "H3"]
    assert h3["role"].tolist()[:4] == ["interviewer", "participant"] * 2
    assert h3["text"].iloc[0] == "Kertoisitteko hieman yrityksestänne?"
    assert h3["text"].iloc[1].startswith("Toimistokoneiden, IT-laitteiden")
    questions = corpus.question_of()
    answer = h3.index[1]
    assert corpus.passages.loc[questions[corpus.passages.index.get_loc(answer)], "text"] \
        == h3["text"].iloc[0]


def test_greeting_before_the_first_question_is_nobodys_turn():
    study = _load("sme-fi-heldout")
    tr = study.transcripts["H5"]
    greeting = tr.text.index("Hei, tässä vastaukset")
    assert all(not t.start <= greeting < t.end for t in tr.turns)


def test_otter_timestamps_and_labels_alone_on_a_line():
    study = _load("aftersales-fi-heldout")
    a5 = study.transcripts["A5"]
    assert {t.speaker for t in a5.turns} == {"Haastattelija", "Haastateltava"}
    assert a5.turns[0].time_start == 5.0 and a5.turns[1].time_start == 12.0
    a4 = study.transcripts["A4"]
    assert a4.text[a4.turns[0].start:].startswith("Aloitetaan ihan käsitteestä.")


def test_only_the_interviewer_labelled_leaves_the_answers_to_the_participant():
    corpus = _load("aftersales-fi-heldout").corpus()
    k5 = corpus.passages[corpus.passages["document"] == "K5"]
    assert k5["role"].tolist()[:4] == ["interviewer", "participant"] * 2
    assert k5["text"].iloc[1].startswith("Mä oon asiakaspalvelussa.")
