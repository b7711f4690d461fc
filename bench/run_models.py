"""Cross-validated learned coders on every study shape, learning curves and a timing run.

    .venv/bin/python bench/run_models.py [OUT_JSON]

Writes the numbers behind bench/MODELS.md (default ``bench/models_results.json``):

* ``crossval``: rules, model, combined, prior, tfidf and tfidf-pooled on the demo studies, the
  shapes derived from them (``bench/learned_studies.py``) and the held-out coded studies in
  ``tests/data/studies`` (measured once, never tuned to);
* ``curves``: learning curves (F1 against hand-coded passages, random vs uncertainty order);
* ``timing``: ``cross_validate(folds=5)`` on a 5,000-passage study (the held-out survey's
  answers repeated as new respondents), all methods, stance left out.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from interview_analysis.coding.crossval import cross_validate
from interview_analysis.coding.learned.active import learning_curve
from interview_analysis.coding.models import ModelCoder
from interview_analysis.study.study import load_study

sys.path.insert(0, str(Path(__file__).parent))
from learned_studies import ROOT, build_all  # noqa: E402

METHODS = ("rules", "model", "combined", "prior", "tfidf", "tfidf-pooled")
HELD_OUT = {"survey-en (held out)": ROOT / "tests/data/studies/survey-en-coded",
            "palaute-fi (held out)": ROOT / "tests/data/studies/palaute-fi-coded"}


def summary(result: pd.DataFrame) -> dict:
    rows = result[result["level"].isin(["micro", "macro"])]
    out = {}
    for row in rows.itertuples(index=False):
        out.setdefault(row.method, {})[row.level] = {
            "precision": None if pd.isna(row.precision) else round(float(row.precision), 3),
            "recall": round(float(row.recall), 3), "f1": round(float(row.f1), 3),
            "support": int(row.support)}
    return out


def run_crossval(studies: dict) -> dict:
    out = {}
    for name, path in studies.items():
        t0 = time.perf_counter()
        result = cross_validate(load_study(path), "researcher", folds=5, methods=METHODS,
                                stance=False)
        out[name] = {"seconds": round(time.perf_counter() - t0, 1), "summary": summary(result),
                     "grouping": result.attrs["grouping"], "notes": len(result.attrs["notes"]),
                     "passages": int(result[result["level"] == "micro"]["support"].iloc[0])}
        print(name, json.dumps(out[name]["summary"]), flush=True)
    return out


def run_curves(studies: dict, sizes) -> dict:
    out = {}
    for name, path in studies.items():
        study = load_study(path)
        corpus, codebook = study.corpus(), study.codebook()
        curve = learning_curve(corpus, study.codings("researcher", codebook=codebook),
                               lambda: ModelCoder(codebook), sizes=sizes, folds=3)
        mean = curve.groupby(["strategy", "n_coded"])[["micro_f1", "macro_f1"]].mean()
        out[name] = [{"strategy": s, "n_coded": int(n), "micro_f1": round(r.micro_f1, 3),
                      "macro_f1": round(r.macro_f1, 3)} for (s, n), r in mean.iterrows()]
        print(name, out[name], flush=True)
    return out


def big_survey(source: Path, out: Path, copies: int = 10) -> Path:
    """``copies`` × the survey's respondents (new IDs), codings carried along."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(source, out, ignore=shutil.ignore_patterns(".ia-cache", "transcripts",
                                                               "codings", "cases.csv"))
    (out / "transcripts").mkdir()
    (out / "codings").mkdir()
    cases = pd.read_csv(source / "cases.csv", dtype=str)
    codings = pd.read_csv(source / "codings" / "researcher.csv", dtype=str)
    all_cases, all_codings = [], []
    for k in range(copies):
        for doc in cases["document"]:
            text = (source / "transcripts" / f"{doc}.txt").read_text(encoding="utf-8")
            (out / "transcripts" / f"{doc}x{k}.txt").write_text(text, encoding="utf-8")
        all_cases.append(cases.assign(case=cases["case"] + f"x{k}",
                                      document=cases["document"] + f"x{k}"))
        all_codings.append(codings.assign(document=codings["document"] + f"x{k}"))
    pd.concat(all_cases).to_csv(out / "cases.csv", index=False)
    pd.concat(all_codings).to_csv(out / "codings" / "researcher.csv", index=False)
    return out


def run_timing(tmp: Path) -> dict:
    path = big_survey(HELD_OUT["survey-en (held out)"], tmp / "survey-x10")
    study = load_study(path)
    n = len(study.corpus().participant_passages)
    t0 = time.perf_counter()
    cross_validate(study, "researcher", folds=5, methods=("rules", "model", "combined",
                                                           "prior", "tfidf"), stance=False)
    seconds = time.perf_counter() - t0
    print("timing", n, seconds, flush=True)
    return {"passages": n, "seconds": round(seconds, 1)}


def main(out_json: Path, parts=("crossval", "curves", "timing")) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ia-models-"))
    derived = build_all(tmp)
    studies = {"A (sme, turns)": derived["sme"], "B (after-sales, turns)": derived["aftersales"],
               "A answers": derived["sme-answers"], "B answers": derived["aftersales-answers"],
               "A sentences": derived["sme-sentences"],
               "B sentences": derived["aftersales-sentences"], **HELD_OUT}
    results = json.loads(out_json.read_text()) if out_json.exists() else {}
    if "crossval" in parts:
        results["crossval"] = run_crossval(studies)
    if "curves" in parts:
        results["curves"] = run_curves(
            {"B answers": derived["aftersales-answers"],
             "survey-en (held out)": HELD_OUT["survey-en (held out)"]},
            sizes=(0, 10, 20, 40, 80, 160, 320))
    if "timing" in parts:
        results["timing"] = run_timing(tmp)
    results["codebooks"] = {n: (derived[n] / "CODEBOOK.sha256").read_text().strip()
                            for n in ("sme", "aftersales")}
    out_json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(
        "models_results.json")
    main(target, tuple(sys.argv[2].split(",")) if len(sys.argv) > 2 else
         ("crossval", "curves", "timing"))
