"""How good is the automatic stance? Measured against researchers' stances, no training.

Two measures (``python bench/stance.py``; results go into bench/MODELS.md by hand):

* **codings** — on the demo studies, every coding the researcher gave a stance: the automatic
  stance of the same span (the researcher's stance hidden), accuracy and macro-F1 over
  positive / negative / mixed, next to always guessing "positive";
* **cells** — the main job with no hand coding: rule codings, automatic stances, a case's view
  of each code; compared with each held-out study's ``gold_stances.csv`` (the (case, code)
  views an annotator read from the transcripts), on the cells the rules coded, and with the
  demo studies' researcher views per (case, code).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_analysis import load_study  # noqa: E402
from interview_analysis.analysis.stances import case_stances  # noqa: E402
from interview_analysis.coding.stance import StanceDetector  # noqa: E402
from interview_analysis.pipeline.codings import choose_codings  # noqa: E402

STANCES = ["positive", "negative", "mixed"]
DEMOS = ["corpus/sme-customer-management", "corpus/after-sales"]
HELD_OUT = ["tests/data/studies/sme-fi-heldout", "tests/data/studies/aftersales-fi-heldout"]


def coding_scores(folder: str) -> dict:
    """Automatic stance of each researcher coding with a stance, against that stance."""
    study = load_study(ROOT / folder)
    codebook, corpus = study.codebook(), study.corpus()
    ref = study.codings("researcher", codebook=codebook)
    ref = ref[ref["stance"].isin(STANCES)].reset_index(drop=True)
    auto = StanceDetector(study.language, codebook).transform(ref.assign(stance=None), corpus)
    truth, guess = ref["stance"].to_numpy(), auto["stance"].fillna("no view").to_numpy()
    always = np.full(len(truth), "positive")
    return {"study": Path(folder).name, "n": len(truth),
            "accuracy": float((truth == guess).mean()),
            "macro_f1": f1_score(truth, guess, labels=STANCES, average="macro"),
            "always_positive_accuracy": float((truth == always).mean()),
            "always_positive_macro_f1": f1_score(truth, always, labels=STANCES,
                                                 average="macro")}


def _auto_cells(study) -> pd.DataFrame:
    codebook, corpus = study.codebook(), study.corpus()
    chosen = choose_codings(study, codebook, corpus, coders=["rules"])
    return case_stances(chosen.codings, corpus)


def cell_scores(folder: str, reference: pd.DataFrame | None = None) -> dict:
    """Views per (case, code) from rules + automatic stance, against a reference."""
    study = load_study(ROOT / folder)
    if reference is None:
        reference = pd.read_csv(ROOT / folder / "gold_stances.csv")[["case", "code", "stance"]]
    got = _auto_cells(study)
    both = reference.merge(got, on=["case", "code"], suffixes=("_ref", "_auto"))
    hit = both["stance_ref"] == both["stance_auto"]
    return {"study": Path(folder).name, "reference cells": len(reference),
            "coded cells": len(both), "accuracy": float(hit.mean()),
            "always_positive": float((both["stance_ref"] == "positive").mean()),
            "macro_f1": f1_score(both["stance_ref"], both["stance_auto"],
                                 labels=[*STANCES, "no view"], average="macro")}


def main() -> None:
    rows = [coding_scores(f) for f in DEMOS]
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    cells = []
    for folder in DEMOS:
        study = load_study(ROOT / folder)
        ref = case_stances(study.codings("researcher", codebook=study.codebook()),
                           study.corpus())[["case", "code", "stance"]]
        cells.append(cell_scores(folder, ref))
    cells += [cell_scores(f) for f in HELD_OUT if (ROOT / f / "gold_stances.csv").exists()]
    print()
    print(pd.DataFrame(cells).to_string(index=False, float_format=lambda v: f"{v:.3f}"))


if __name__ == "__main__":
    main()
