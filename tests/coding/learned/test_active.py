"""Learning curves: F1 against the number of hand-coded passages, random vs uncertainty."""
from __future__ import annotations

import numpy as np

from interview_analysis.coding.learned.active import CURVE_COLUMNS, learning_curve, uncertainty
from interview_analysis.coding.models import ModelCoder
from interview_analysis.study.study import load_study


def test_uncertainty_is_one_on_the_threshold_and_zero_at_the_far_end():
    proba = np.array([[0.5, 0.0], [1.0, 0.0]])
    assert uncertainty(proba, np.array([[0.5, 0.5]])).tolist() == [1.0, 0.0]


def test_learning_curve_starts_from_the_codebook_and_grows(pet_study):
    study = load_study(pet_study)
    codebook = study.codebook()
    curve = learning_curve(study.corpus(), study.codings("researcher"),
                           lambda: ModelCoder(codebook), sizes=(0, 4, 12), folds=2)
    assert list(curve.columns) == CURVE_COLUMNS
    assert len(curve) == 2 * 2 * 3                    # strategies × folds × sizes
    assert curve["n_coded"].tolist()[:3] == [0, 4, 12]
    start = curve[curve["n_coded"] == 0]
    assert (start["micro_f1"] > 0).all()              # the codebook alone already codes
    assert curve.groupby("n_coded")["micro_f1"].mean()[12] >= start["micro_f1"].mean()
