"""``attributes:`` in study.yaml (labels of case attributes and values) and attributes found in
transcript files, merged into the cases table by meaning."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from interview_analysis.errors import StudyError, StudyWarning
from interview_analysis.report.labels import CaseLabels, case_attributes
from interview_analysis.study.file_attributes import merge_file_attributes, minutes
from interview_analysis.study.study import load_study

CASES = "case,document,industry,interview_mode,founded\nH1,H1,retail,email,2021\n" \
        "H2,H2,podiatry,Teams,1999\n"
LABELS = """
attributes:
  industry:
    label: {fi: Toimiala, en: Industry}
    values:
      retail: {fi: vähittäiskauppa, en: retail trade}
  founded:
    label: Perustettu
  interview_mode:
    values:
      Teams: {fi: Teams-videopuhelu}
"""


def study(tmp_path, extra: str = LABELS, cases: str = CASES):
    root = tmp_path / "study"
    (root / "transcripts").mkdir(parents=True)
    for doc in ("H1", "H2"):
        (root / "transcripts" / f"{doc}.txt").write_text(
            f"Haastattelija: Mitä?\n\n{doc}: Sähköposti on hyvä.\n", encoding="utf-8")
    (root / "cases.csv").write_text(cases, encoding="utf-8")
    (root / "study.yaml").write_text("title: T\nlanguage: fi\ncases: cases.csv\n" + extra,
                                     encoding="utf-8")
    return root


def test_labels_of_attributes_and_values_per_language(tmp_path):
    s = load_study(study(tmp_path))
    labels = s.config.attributes
    assert labels.label("industry", "fi") == "Toimiala"
    assert labels.label("industry", "en") == "Industry"
    assert labels.label("founded", "en") == "Perustettu"  # one text for every language
    assert labels.value("industry", "retail", "en") == "retail trade"
    assert labels.value("interview_mode", "Teams", "en") is None
    fi = CaseLabels(labels, "fi").frame(case_attributes(s.cases)[0])
    assert list(fi.columns) == ["Haastateltava", "Toimiala", "Haastattelutapa", "Perustettu"]
    assert fi.values.tolist() == [["H1", "vähittäiskauppa", "sähköposti", 2021],
                                  ["H2", "podiatry", "Teams-videopuhelu", 1999]]
    en = CaseLabels(labels, "en").frame(case_attributes(s.cases)[0])
    assert list(en.columns) == ["Interviewee", "Industry", "Interview mode", "Perustettu"]
    assert en.values.tolist()[0] == ["H1", "retail trade", "e-mail", 2021]


@pytest.mark.parametrize(("yaml", "message", "line"), [
    ("attributes:\n  industy:\n    label: {fi: Toimiala}\n",
     "labels a case attribute that the cases table does not have", 5),
    ("attributes:\n  industry:\n    label: {fi: Toimiala}\n    valus: {}\n",
     "unknown key under attribute 'industry'", 7),
    ("attributes:\n  industry:\n    label: {xx-yy: Toimiala}\n",
     "unknown language code in the label of 'industry'", 6),
    ("attributes:\n  industry:\n    label: {fi: ''}\n",
     "the label of 'industry' in 'fi' must be a non-empty text", 6),
    ("attributes:\n  industry:\n    values:\n      yes: {fi: kyllä}\n",
     "YAML read a value of 'industry' as True", 7),
    ("attributes: [industry]\n", "'attributes' must map case attributes to their labels", 4),
])
def test_bad_attribute_labels_name_file_line_value_and_fix(tmp_path, yaml, message, line):
    with pytest.raises(StudyError, match=re.escape(message)) as info:
        load_study(study(tmp_path, yaml))
    error = info.value
    assert error.file.endswith("study.yaml") and error.where == f"line {line}"
    assert error.fix


def test_a_mistyped_attribute_gets_a_suggestion(tmp_path):
    with pytest.raises(StudyError) as info:
        load_study(study(tmp_path, "attributes:\n  industy:\n    label: Toimiala\n"))
    assert info.value.value == "industy"
    assert info.value.fix.startswith("did you mean 'industry'? attributes: industry, "
                                     "interview_mode, founded")


def test_a_labelled_value_no_case_has_is_a_warning(tmp_path):
    yaml = "attributes:\n  industry:\n    values:\n      retial: {fi: kauppa}\n"
    with pytest.warns(StudyWarning, match="value 'retial' of 'industry' is not in the cases "
                                          "table; did you mean 'retail'?"):
        load_study(study(tmp_path, yaml))


def test_duration_text_becomes_minutes():
    assert [minutes(v) for v in ("38 min", "45", "1 h 5 min", "2,5 min", "noin tunti")] == \
        [38, 45, 65, 2.5, "noin tunti"]


class _Transcript:
    def __init__(self, attributes):
        self.attributes = attributes


def test_file_attributes_fill_the_column_that_means_the_same():
    cases = pd.DataFrame({"documents": [["C1"], ["C3"]], "interview_mode": ["Teams", None],
                          "duration_min": [31, None], "interview_date": ["2021-02-17", None]},
                         index=pd.Index(["C1", "C3"], name="case"))
    files = {"C1": _Transcript({"date": "2021-01-01"}),
             "C3": _Transcript({"date": "2021-03-03", "duration": "38 min",
                                "mode": "Teams video", "place": "Oulu", "documents": "x"})}
    merged = merge_file_attributes(cases, files, {"C1": "C1", "C3": "C3"})
    assert list(merged.columns) == ["documents", "interview_mode", "duration_min",
                                    "interview_date", "place", "documents (from file)"]
    assert merged.loc["C3", ["interview_mode", "duration_min", "interview_date", "place"]
                      ].tolist() == ["Teams video", 38, "2021-03-03", "Oulu"]
    assert merged.loc["C1", "interview_date"] == "2021-02-17"  # the table wins


def test_study_b_has_no_duplicate_date_and_duration_columns():
    s = load_study("corpus/after-sales")
    assert [c for c in s.cases.columns if c != "documents"] == [
        "group", "segment", "role", "interview_mode", "duration_min", "interview_date"]
    assert s.cases.loc["C3", "duration_min"] == 38


def test_init_template_documents_attributes_and_its_example_loads(tmp_path):
    from interview_analysis.study.scaffold import init_study
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "H1.txt").write_text("Haastattelija: Mitä?\n\nH1: Hyvä.\n",
                                             encoding="utf-8")
    folder = init_study(tmp_path / "new", language="fi").folder
    yaml_file = folder / "study.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    assert "# attributes:\n#   role:\n#     label: {fi: Asema, en: Role}\n" in text
    lines = text.split("\n")
    start = lines.index("# attributes:")
    lines[start:start + 7] = [line[2:] for line in lines[start:start + 7]]
    yaml_file.write_text("\n".join(lines), encoding="utf-8")
    (folder / "cases.csv").write_text("case,document,role,interview_date\nH1,H1,CEO,2024-01-02\n",
                                      encoding="utf-8")
    labels = load_study(folder).config.attributes
    assert labels.label("role", "fi") == "Asema"
    assert labels.value("role", "CEO", "fi") == "toimitusjohtaja"
    assert labels.label("interview_date", "en") == "Interview date"
