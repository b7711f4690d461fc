"""Codebook YAML: structure, hierarchy, and validation messages with file and line."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write

from interview_analysis.coding.codebook_reader import load_codebook
from interview_analysis.coding.examples import check_examples, check_stance_examples
from interview_analysis.errors import CodebookError

CODEBOOKS = Path(__file__).parents[2] / "codebooks"


def load(tmp_path, text: str):
    return load_codebook(write(tmp_path / "cb.yaml", text))


def test_nested_codes_get_path_ids_and_themes(tmp_path):
    cb = load(tmp_path, "themes:\n  - id: channels\n    label: {fi: Kanavat, en: Channels}\n"
                        "    codes:\n      - id: email\n        label: {fi: Sähköposti, en: Email}\n"
                        "        codes:\n          - id: subject_line\n")
    assert [c.id for c in cb] == ["channels", "channels/email", "channels/email/subject_line"]
    assert cb["channels/email/subject_line"].theme == "channels"
    assert [c.id for c in cb.leaves()] == ["channels/email/subject_line"]
    assert cb.label("channels/email", "fi") == "Sähköposti"


def test_flat_codes_with_parent(tmp_path):
    cb = load(tmp_path, "codes:\n  - id: a\n  - id: b\n    parent: a\n")
    assert cb["a/b"].parent == "a"


@pytest.mark.parametrize("text,message", [
    ("themes:\n  - id: a\n  - id: a\n", r"cb.yaml, line 3: duplicate code ID \(found 'a'\)"
                                         r"\n  Fix: it is already defined at line 2"),
    ("codes:\n  - id: b\n    parent: zz\n", r"line 2: unknown parent code \(found 'zz'\)"),
    ("codes:\n  - id: a\n    parent: b\n  - id: b\n    parent: a\n",
     r"line 2: codes form a cycle through their parents \(found 'a -> b -> a'\)"),
    ("themes:\n  - id: a\n    rules: {fi: ['sama NEAR henkilö']}\n",
     r"line 2: bad rule in 'rules' \(fi\): write proximity as"),
    ("themes:\n  - id: a\n    rules: {en: ['re:[unclosed']}\n",
     r"line 2: bad rule in 'rules' \(en\): invalid regular expression"),
    ("themes:\n  - id: Bad Id\n", r"line 2: a code ID must be lower-case letters, digits, '_' or "
                                  r"'-' \(found 'Bad Id'\)\n  Fix: e.g. id: bad_id \(the label"),
    ("themes:\n  - rules: [x]\n", r"line 2: a code has neither an ID nor a label"),
    ("themes:\n  - id: a\n    lable: x\n", r"line 2: unknown field in code \(found 'lable'\)"),
    ("themes:\n  - id: a\n    id: b\n", r"line 3, column 5: this is not valid YAML: duplicate key 'id'"),
    ("themes:\n  - id: a\n   codes: [\n", r"line \d+, column \d+: this is not valid YAML"),
    ("themes:\n  - id: no\n", r"line 2: YAML read this code ID as true/false"),
    ("themes:\n  - id: a\n    recommendation: {text: x, min_cases: 0}\n",
     r"'min_cases' must be a whole number of at least 1"),
    ("name: x\n", r"line 1: a codebook needs a list of themes"),
])
def test_invalid_codebooks_name_file_line_and_value(tmp_path, text, message):
    with pytest.raises(CodebookError, match=message):
        load(tmp_path, text)


def test_a_code_without_an_id_gets_one_made_from_its_label(tmp_path):
    cb = load(tmp_path, "themes:\n  - label: Yhteydenpito ja kanavat\n    codes:\n"
                        "      - label: {fi: Sähköposti, en: E-mail}\n        rules: [email]\n")
    assert [c.id for c in cb] == ["yhteydenpito_ja_kanavat", "yhteydenpito_ja_kanavat/sahkoposti"]
    assert cb["yhteydenpito_ja_kanavat/sahkoposti"].labels == {"fi": "Sähköposti", "en": "E-mail"}


def test_missing_label_for_study_language(tmp_path):
    cb = load(tmp_path, "themes:\n  - id: a\n    label: {en: A}\n")
    with pytest.raises(CodebookError, match=r"line 2: code 'a' has no label in the study "
                                            r"language \(found 'fi'\)"):
        cb.require_language("fi")


def test_demo_codebook_has_the_contract_ids():
    cb = load_codebook(CODEBOOKS / "customer-management.yaml")
    contract = {
        "personalisation": ["same_contact_person", "knowing_the_representative", "small_talk",
                            "customer_knowledge"],
        "contact_types": ["regular_checkins", "developments_and_changes",
                          "follow_up_after_purchase", "problems_and_improvements",
                          "customer_events", "contract_milestones"],
        "channels": ["email", "phone", "video_meeting", "text_message", "instant_messaging",
                     "face_to_face"],
        "values": ["reliability", "responsiveness", "price"],
    }
    for theme, codes in contract.items():
        assert [c for c in codes if f"{theme}/{c}" not in cb] == []
    for code in cb:
        assert set(code.labels) >= {"fi", "en"}
        if code.parent:
            assert code.text("definition", "en") and code.text("when_to_use", "en")
            assert code.text("when_not_to_use", "en") and code.text("example", "en")


@pytest.mark.parametrize("name", sorted(p.name for p in CODEBOOKS.glob("*.yaml")))
def test_bundled_codebook_rules_match_their_own_examples(name):
    failures = check_examples(load_codebook(CODEBOOKS / name))
    assert failures.to_dict("records") == []


@pytest.mark.parametrize("name", ["customer-management.yaml", "after-sales.yaml"])
def test_bundled_codebooks_judge_their_stance_examples_as_stated(name):
    codebook = load_codebook(CODEBOOKS / name)
    assert any(code.stance.rules for code in codebook)
    failures = check_stance_examples(codebook)
    assert failures.empty, failures.to_string()


def test_a_stance_block_is_checked_with_its_line(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("themes:\n  - id: t\n    label: T\n    codes:\n      - id: c\n"
                    "        label: C\n        stance:\n          fi: {positive: [\"a NEAR b\"]}\n",
                    encoding="utf-8")
    with pytest.raises(CodebookError, match=r"line 8: bad rule in 'stance positive' \(fi\)"):
        load_codebook(path)
    path.write_text("themes:\n  - id: t\n    label: T\n    codes:\n      - id: c\n"
                    "        label: C\n        stance: {absence: maybe}\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"stance 'absence' must be positive or negative"):
        load_codebook(path)
    path.write_text("themes:\n  - id: t\n    label: T\n    codes:\n      - id: c\n"
                    "        label: C\n        stance: {mention: always}\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"line 7: stance 'mention' must be positive or "
                                            r"negative.*'always'"):
        load_codebook(path)


def test_a_mention_view_is_read_per_code(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("themes:\n  - id: t\n    label: T\n    codes:\n      - id: wanted\n"
                    "        label: W\n        stance: {mention: positive}\n"
                    "      - id: avoided\n        label: A\n        stance: {mention: negative}\n"
                    "      - id: plain\n        label: P\n", encoding="utf-8")
    codebook = load_codebook(path)
    assert [codebook[c].stance.mention for c in ("t/wanted", "t/avoided", "t/plain")] == \
        ["positive", "negative", None]
