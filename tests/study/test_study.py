"""Study folders: study.yaml, cases.csv, transcripts and the errors a researcher can hit."""
from __future__ import annotations

import pytest
from helpers import write

from interview_analysis.errors import InputError, StudyError, StudyWarning
from interview_analysis.study.study import load_study


def test_study_loads_cases_attributes_and_language(fi_study):
    study = load_study(fi_study)
    assert study.language == "fi"
    assert list(study.cases.index) == ["H1", "H2"]
    assert study.cases.loc["H1", "founded"] == 2021
    assert study.cases.loc["H2", "industry"] == "retail"


def test_interviewer_passages_are_kept_but_marked(fi_study):
    passages = load_study(fi_study).corpus().passages
    assert passages["role"].tolist() == ["interviewer", "participant", "interviewer",
                                         "participant", "interviewer", "participant"]
    assert passages["passage_id"].tolist()[:2] == ["H1:0001", "H1:0002"]


def test_passage_offsets_point_into_the_canonical_text(fi_study):
    corpus = load_study(fi_study).corpus()
    for row in corpus.passages.itertuples():
        assert corpus.texts[row.document][row.start:row.end] == row.text
    assert corpus.passage("H1:0002").text.startswith("Sähköpostitse on helpointa")


def test_sentence_unit_splits_turns(fi_study):
    corpus = load_study(fi_study).corpus("sentence")
    h1 = corpus.passages[corpus.passages["document"] == "H1"]
    assert h1["text"].tolist()[1:3] == ["Sähköpostitse on helpointa, sähköpostiviestit luen aina.",
                                        "Tekstiviestejä en lue koskaan."]


def test_plain_folder_is_a_study_with_file_stems_as_cases(tmp_path):
    write(tmp_path / "anna.txt", "Q: What channel?\n\nA: Email, always email.\n")
    write(tmp_path / "ben.txt", "I prefer a phone call.\n\nBut email works too.\n")
    study = load_study(tmp_path, lang="en")
    assert list(study.cases.index) == ["anna", "ben"]
    ben = study.corpus().passages.query("document == 'ben'")
    assert ben["text"].tolist() == ["I prefer a phone call.", "But email works too."]
    assert set(ben["role"]) == {"participant"}


def test_plain_folder_language_is_detected(tmp_path):
    write(tmp_path / "a.txt", "Minusta sähköposti on paras tapa ottaa yhteyttä, koska sen voi "
                              "lukea silloin kun itselle sopii ja siihen voi palata myöhemmin.")
    assert load_study(tmp_path).language == "fi"


def test_cases_row_without_transcript_is_an_error(fi_study):
    write(fi_study / "cases.csv", "case,document\nH1,H1\nH2,H2\nH6,H6\n")
    with pytest.raises(StudyError, match=r"(?s)cases.csv, row 4: case 'H6' names a document that "
                                         r"has no transcript \(found 'H6'\).*H1, H2"):
        load_study(fi_study)


def test_transcript_without_cases_row_is_a_warning(fi_study):
    write(fi_study / "cases.csv", "case,document\nH1,H1\n")
    with pytest.warns(StudyWarning, match="transcript 'H2' has no row"):
        study = load_study(fi_study)
    assert list(study.cases.index) == ["H1", "H2"]


def test_duplicate_case_is_an_error(fi_study):
    write(fi_study / "cases.csv", "case,document\nH1,H1\nH1,H2\n")
    with pytest.raises(StudyError, match="(?s)row 3: the same case appears twice.*'H1'"):
        load_study(fi_study)


def test_document_in_two_cases_is_an_error(fi_study):
    write(fi_study / "cases.csv", "case,document\nH1,H1\nH2,H1;H2\n")
    with pytest.raises(StudyError, match="row 3: the same document belongs to two cases"):
        load_study(fi_study)


def test_duplicate_document_ids_are_an_error(fi_study):
    write(fi_study / "transcripts" / "H1.md", "H1: toinen versio\n")
    with pytest.raises(StudyError, match="(?s)two transcripts have the same document ID.*'H1'"):
        load_study(fi_study)


def test_missing_cases_column_is_an_error(fi_study):
    write(fi_study / "cases.csv", "id,place\n1,Oulu\n")  # no column of transcript names
    with pytest.raises(StudyError, match="row 1: the cases table has no 'case' column"):
        load_study(fi_study)


def test_empty_transcript_is_an_error(fi_study):
    write(fi_study / "transcripts" / "H2.txt", "  \n\n \t\n")
    with pytest.raises(InputError, match=r"H2.txt: the transcript is empty"):
        load_study(fi_study)


def test_binary_data_named_txt_is_an_error(fi_study):
    (fi_study / "transcripts" / "H2.txt").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match="binary data, not text"):
        load_study(fi_study)


def test_malformed_study_yaml_names_the_line(fi_study):
    write(fi_study / "study.yaml", "title: x\nlanguage: fi\nspeakers:\n  - a: [\n")
    with pytest.raises(StudyError, match=r"study.yaml, line \d+, column \d+: this is not valid YAML"):
        load_study(fi_study)


def test_unknown_setting_suggests_the_right_one(fi_study):
    write(fi_study / "study.yaml", "title: x\nlangauge: fi\n")
    with pytest.raises(StudyError, match=r"line 2: unknown setting \(found 'langauge'\)\n"
                                         r"  Fix: did you mean 'language'\?"):
        load_study(fi_study)


def test_unknown_speaker_role_is_an_error(fi_study):
    write(fi_study / "study.yaml", "language: fi\nspeakers:\n  Haastattelija: boss\n")
    with pytest.raises(StudyError, match="(?s)speaker 'Haastattelija' has an unknown role.*'boss'"):
        load_study(fi_study)


def test_missing_study_folder_is_an_error(tmp_path):
    with pytest.raises(StudyError, match="the study folder does not exist"):
        load_study(tmp_path / "nope")
