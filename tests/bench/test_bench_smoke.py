"""A small version of the benchmark: the generator and every measurement run and report in the
expected shape. No timing is asserted here; the floors are checked by ``make bench``."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import run_bench  # noqa: E402


def test_generator_is_deterministic_and_writes_a_loadable_study(tmp_path):
    from interview_analysis.study.study import load_study

    a = generate.generate_study(tmp_path / "a", "fi", interviews=3, words=200, seed=7)
    b = generate.generate_study(tmp_path / "b", "fi", interviews=3, words=200, seed=7)
    files = sorted(p.relative_to(a["path"]) for p in a["path"].rglob("*") if p.is_file())
    assert [str(f) for f in files] == ["cases.csv", "codebook.yaml", "study.yaml",
                                       "transcripts/H1.txt", "transcripts/H2.txt",
                                       "transcripts/H3.txt"]
    for f in files:
        assert (a["path"] / f).read_bytes() == (b["path"] / f).read_bytes()
    text = (a["path"] / "transcripts" / "H2.txt").read_text(encoding="utf-8")
    assert text.startswith("Haastattelija: ") and "\n\nH2: " in text
    study = load_study(a["path"])
    roles = study.corpus().passages.groupby("speaker")["role"].first().to_dict()
    assert roles == {"Haastattelija": "interviewer", "H1": "participant", "H2": "participant",
                     "H3": "participant"}
    assert a["words"] >= 3 * 200


def test_survey_generator_writes_one_table_of_answers(tmp_path):
    from interview_analysis.study.study import load_study

    info = generate.generate_survey(tmp_path / "s", "en", answers=10, seed=1)
    assert [p.name for p in (info["path"] / "transcripts").iterdir()] == ["survey.csv"]
    passages = load_study(info["path"]).corpus().passages
    assert len(passages) == 10 and set(passages["role"]) == {"participant"}


def test_benchmark_runs_small_and_reports_every_measurement(tmp_path):
    results = run_bench.run_benchmark(tmp_path / "work", interviews=5, words=300,
                                      recode_interviews=5, answers=30, langs=("fi",),
                                      full_run=False, isolated=False, log=lambda s: None)
    fi = results["studies"]["fi"]
    assert {"first_pass", "coding", "recode"} <= set(fi)
    for measurement in (fi["first_pass"], fi["coding"], fi["recode"],
                        results["survey"]["first_pass"], results["survey"]["coding"]):
        assert "error" not in measurement, measurement
        assert measurement["peak_mb"] > 0
    assert fi["first_pass"]["documents"] == 5 and fi["first_pass"]["words_per_s"] > 0
    assert fi["recode"]["codings"] > 0 and fi["recode"]["baseline_codings"] > 0
    assert fi["recode"]["speedup_vs_baseline"] > 0
    assert {"cpu", "cores", "python", "packages"} <= set(results["machine"])
    out = run_bench.write_results(results, tmp_path / "RESULTS.md", "python bench/run_bench.py")
    text = out.read_text(encoding="utf-8")
    assert "| first NLP pass, fi" in text and "python bench/run_bench.py" in text
    assert "re-code vs naive regex baseline, fi" in text


def test_a_failing_measurement_is_recorded_not_raised(tmp_path):
    result = run_bench.measure("first_pass", isolated=False,
                               study_path=str(tmp_path / "missing"))
    assert "error" in result and "StudyError" in result["error"]


def test_edited_codebook_changes_one_code(tmp_path):
    from interview_analysis.coding.codebook_reader import load_codebook

    source = generate.codebook_for("fi")
    code = run_bench.edited_codebook(source, "fi", tmp_path / "edited.yaml")
    before, after = load_codebook(source), load_codebook(tmp_path / "edited.yaml")
    changed = [c.id for c in after if [r.source for r in c.rules.get("fi", [])]
               != [r.source for r in before[c.id].rules.get("fi", [])]]
    assert changed == [code]
    assert "asiakaspalvelu" in [r.source for r in after[code].rules["fi"]]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_naive_baseline_has_one_pattern_per_code_with_rules(lang):
    from interview_analysis.coding.codebook_reader import load_codebook

    codebook = load_codebook(generate.codebook_for(lang))
    patterns = run_bench.naive_patterns(codebook, lang)
    assert patterns and set(patterns) <= {c.id for c in codebook if c.rules.get(lang)}


def test_the_two_edits_add_different_rules_that_no_codebook_has(tmp_path):
    """Each timed re-code meets rules never evaluated before (see measure_recode)."""
    from interview_analysis.coding.codebook_reader import load_codebook

    source = generate.codebook_for("fi")
    sources = []
    for edit in (0, 1):
        code = run_bench.edited_codebook(source, "fi", tmp_path / f"e{edit}.yaml", edit)
        sources.append({r.source for r in load_codebook(tmp_path / f"e{edit}.yaml")[code]
                        .rules["fi"]})
    original = {r.source for c in load_codebook(source) for r in c.rules.get("fi", [])}
    assert sources[0] - sources[1] == set(run_bench.EDITS["fi"][0])
    assert sources[1] - sources[0] == set(run_bench.EDITS["fi"][1])
    assert not original & set(run_bench.EDITS["fi"][0] + run_bench.EDITS["fi"][1])
