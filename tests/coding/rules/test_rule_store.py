"""Rule results on disk: a new process re-evaluates only the rules a codebook edit changed, and
never reuses an answer for other texts, a damaged file or another version of the matcher."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from interview_analysis.coding.codebook_reader import load_codebook
from interview_analysis.coding.coder import RuleCoder
from interview_analysis.coding.rules import kinds, matcher, store, terms
from interview_analysis.study.study import load_study

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def study_a(tmp_path) -> Path:
    """Study A with its codebook, copied so that its cache is the test's own."""
    root = tmp_path / "study"
    # Without the caches other runs left in the repository's copy.
    shutil.copytree(ROOT / "corpus" / "sme-customer-management", root,
                    ignore=shutil.ignore_patterns(".ia-cache", ".interview-analysis"))
    shutil.copy(ROOT / "codebooks" / "customer-management.yaml", root / "codebook.yaml")
    config = (root / "study.yaml").read_text(encoding="utf-8")
    (root / "study.yaml").write_text(
        config.replace("../../codebooks/customer-management.yaml", "codebook.yaml"),
        encoding="utf-8")
    return root


@pytest.fixture
def evaluated(monkeypatch) -> dict[str, list]:
    """Terms and regular expressions evaluated from now on, as in a new process (the
    in-process results are forgotten first)."""
    matcher.forget_shared()
    seen = {"terms": [], "regexes": []}
    real_mask, real_scan = matcher.term_mask, kinds.RegexRule.scan

    def mask(term, *args, **kwargs):
        seen["terms"].append(term)
        return real_mask(term, *args, **kwargs)

    def scan(self, texts, budget=None):
        seen["regexes"].append(self.source)
        return real_scan(self, texts, budget)

    monkeypatch.setattr(matcher, "term_mask", mask)
    monkeypatch.setattr(kinds.RegexRule, "scan", scan)
    return seen


def _code(root: Path, codebook=None) -> pd.DataFrame:
    matcher.forget_shared()  # a new process: nothing in memory
    study = load_study(root)
    return RuleCoder(codebook or study.codebook()).transform(study.corpus())


def _files(root: Path) -> list[Path]:
    return sorted((root / ".ia-cache").glob("rules-*.parquet"))


def test_a_new_process_reads_every_rule_result_back(study_a, evaluated):
    first = _code(study_a)
    assert len(evaluated["terms"]) > 100 and len(evaluated["regexes"]) == 3  # the fi re: rules
    assert len(_files(study_a)) == 1
    evaluated["terms"].clear(), evaluated["regexes"].clear()
    again = _code(study_a)
    assert evaluated == {"terms": [], "regexes": []}
    pd.testing.assert_frame_equal(first, again)


def test_a_new_process_codes_unchanged_codes_without_rules_or_spacy(study_a, evaluated,
                                                                    monkeypatch):
    first = _code(study_a)
    monkeypatch.setattr(matcher, "SPLITS", matcher.WordSplits())  # no rule words cut yet
    kinds._expand.cache_clear()

    def no(*args, **kwargs):
        raise AssertionError("evaluated again")

    monkeypatch.setattr(RuleCoder, "_code_passages", no)
    monkeypatch.setattr("interview_analysis.nlp.pipeline.tokenize", no)
    pd.testing.assert_frame_equal(first, _code(study_a))
    # Finnish keeps hyphenated words whole; the answer came from the cache file.
    assert matcher.SPLITS.known[("fi", "e-mail")] == ("e-mail",)
    assert matcher.SPLITS.known[("fi", "teams-palaveri")] == ("teams-palaveri",)


def test_after_an_edit_only_the_new_rule_is_evaluated(study_a, evaluated, tmp_path):
    _code(study_a)
    data = yaml.safe_load((study_a / "codebook.yaml").read_text(encoding="utf-8"))
    theme = data["themes"][0]
    theme["codes"][0]["rules"]["fi"].append("asiakaskokemus")
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    evaluated["terms"].clear(), evaluated["regexes"].clear()
    codings = _code(study_a, load_codebook(edited))
    assert [t.text for t in evaluated["terms"]] == ["asiakaskokemus"]
    assert evaluated["regexes"] == []
    matcher.forget_shared()
    fresh = load_study(study_a).corpus()
    fresh.cache_dir = None  # no disk cache at all: everything evaluated
    pd.testing.assert_frame_equal(codings,
                                  RuleCoder(load_codebook(edited)).transform(fresh))


def test_changed_text_does_not_reuse_rule_results(study_a, evaluated):
    _code(study_a)
    vtt = study_a / "transcripts" / "H1.vtt"
    vtt.write_text(vtt.read_text(encoding="utf-8").replace("sähköposti", "kirje"),
                   encoding="utf-8")
    evaluated["terms"].clear()
    _code(study_a)
    assert len(evaluated["terms"]) > 100  # another token index: another file
    assert len(_files(study_a)) == 2


def test_another_version_of_the_matcher_does_not_reuse_rule_results(study_a, evaluated,
                                                                       monkeypatch):
    _code(study_a)
    monkeypatch.setattr(store, "_code_version", lambda: "changed")
    evaluated["terms"].clear()
    _code(study_a)
    assert len(evaluated["terms"]) > 100


@pytest.mark.parametrize("damage", [b"", b"PAR1 not really parquet", None])
def test_a_damaged_rule_cache_is_ignored_and_rewritten(study_a, evaluated, damage):
    first = _code(study_a)
    path = _files(study_a)[0]
    if damage is None:  # a Parquet file with other columns
        import pyarrow as pa
        import pyarrow.parquet as pq
        pq.write_table(pa.table({"x": [1]}), path)
    else:
        path.write_bytes(damage)
    evaluated["terms"].clear()
    pd.testing.assert_frame_equal(first, _code(study_a))
    assert len(evaluated["terms"]) > 100
    evaluated["terms"].clear()
    _code(study_a)
    assert evaluated["terms"] == []  # rewritten whole


def test_a_read_only_cache_folder_only_costs_speed(study_a, evaluated, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store.pq, "write_table", refuse)
    first = _code(study_a)
    assert _files(study_a) == []
    pd.testing.assert_frame_equal(first, _code(study_a))


def test_rule_cache_is_parquet(study_a):
    _code(study_a)
    path = _files(study_a)[0]
    assert path.read_bytes()[:4] == b"PAR1"
    assert terms.Term("sähköposti", "plain") and store.term_key(
        terms.Term("sähköposti", "plain")) == "plain\x1fsähköposti"


def test_in_a_session_only_the_edited_code_is_coded_again(study_a, evaluated, tmp_path,
                                                          monkeypatch):
    study = load_study(study_a)
    corpus = study.corpus()
    RuleCoder(study.codebook()).transform(corpus)
    data = yaml.safe_load((study_a / "codebook.yaml").read_text(encoding="utf-8"))
    edited_id = f"{data['themes'][0]['id']}/{data['themes'][0]['codes'][0]['id']}"
    data["themes"][0]["codes"][0]["rules"]["fi"].append("asiakaskokemus")
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    coded = []
    real = RuleCoder._code_passages
    monkeypatch.setattr(RuleCoder, "_code_passages",
                        lambda self, corpus, code, *a: coded.append(code.id) or
                        real(self, corpus, code, *a))
    RuleCoder(load_codebook(edited)).transform(load_study(study_a).corpus())
    assert coded == [edited_id]


def test_other_speaker_roles_code_every_code_again(study_a, evaluated, monkeypatch):
    study = load_study(study_a)
    first = RuleCoder(study.codebook()).transform(study.corpus())
    config = (study_a / "study.yaml").read_text(encoding="utf-8")
    (study_a / "study.yaml").write_text(config.replace("Haastattelija: interviewer",
                                                       "Haastattelija: participant"),
                                        encoding="utf-8")
    again = load_study(study_a)
    second = RuleCoder(again.codebook()).transform(again.corpus())
    # The interviewer's questions are now coded as the participant's words.
    assert len(second) > len(first)
    speakers = again.corpus().passages.set_index("passage_id")["speaker"]
    assert "Haastattelija" not in set(speakers[first["passage_id"]])
    assert "Haastattelija" in set(speakers[second["passage_id"]])


def test_each_edit_adds_a_small_part_and_parts_are_folded_into_one(study_a, evaluated,
                                                                   tmp_path):
    _code(study_a)
    data = yaml.safe_load((study_a / "codebook.yaml").read_text(encoding="utf-8"))
    rules_fi = data["themes"][0]["codes"][0]["rules"]["fi"]
    counts = []
    for i, word in enumerate(["asiakaskokemus", "palvelukokemus", "ostokokemus", "käyttökokemus",
                              "asiakasilta", "asiakasjuhla", "asiakaslehti", "asiakasmatka",
                              "asiakaspäivä"]):
        rules_fi.append(word)
        edited = tmp_path / f"edited{i}.yaml"
        edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
        _code(study_a, load_codebook(edited))
        counts.append(len(_files(study_a)))
    # One file more per edit, and the eighth folds them back into one.
    assert counts == [2, 3, 4, 5, 6, 7, 8, 1, 2]
    evaluated["terms"].clear()
    _code(study_a, load_codebook(tmp_path / "edited8.yaml"))
    _code(study_a, load_codebook(tmp_path / "edited3.yaml"))
    assert evaluated["terms"] == []  # every edit's results are still there
