"""Stance suggestions: negation- and cue-aware in Finnish and English, plus a classifier."""
from __future__ import annotations

import pandas as pd
import pytest

from interview_analysis.coding.stance import (
    StanceSuggester,
    stance_accuracy,
    stance_cross_validate,
    suggest_stances,
)
from interview_analysis.study.study import load_study


@pytest.mark.parametrize("text,stance", [
    ("Tekstiviestejä en lue ikinä.", "negative"),
    ("En edes lue niitä.", "negative"),
    ("Se on tosi hyvä, jos se on personoitu.", "mixed"),
    ("Arvostan nopeaa palvelua.", "positive"),
    ("Sähköposti on tärkeää.", "positive"),
    ("Kiva, että joku soittaa.", "positive"),
    ("Loistava idea.", "positive"),
    ("Sellaiset viestit ovat turhaa roskaa.", "negative"),
    ("Ei välttämättä.", "negative"),
    ("Ei tarvitse soittaa joka viikko.", "negative"),
    ("Ei se minun mielestäni ole välttämätöntä.", "negative"),   # stop words do not count
    ("Ei kovin tärkeää.", "negative"),
    ("Liikaa viestejä, se ärsyttää.", "negative"),
    ("Ei se haittaa.", "positive"),                               # a negated negative
    ("Vain jos on oikeaa asiaa.", "mixed"),
    ("Riippuu tilanteesta.", "mixed"),
    ("Hyvä palvelu, mutta liian kallis.", "mixed"),
    ("Jos se onnistuu, niin hyvä.", "positive"),                  # condition before the verdict
    ("Konesali on Espoossa.", None),
])
def test_finnish_cues(text, stance):
    assert StanceSuggester("fi").cue_stance(text) == stance


@pytest.mark.parametrize("text,stance", [
    ("Not really, only if they have something new.", "mixed"),
    ("Newsletters are useless.", "negative"),
    ("The trainer was great.", "positive"),
    ("I prefer email.", "positive"),
    ("Calls at work are annoying.", "negative"),
    ("It depends on the course.", "mixed"),
    ("I never read them.", "negative"),
    ("I don't think that is important.", "negative"),
    ("That doesn't bother me.", "positive"),
    ("Email is fine but too many calls are a nuisance.", "mixed"),
    ("We have around 800 employees.", None),
])
def test_english_cues(text, stance):
    assert StanceSuggester("en").cue_stance(text) == stance


def test_cues_name_what_was_found_including_negation():
    found = StanceSuggester("fi").cues("Tekstiviestejä en lue ikinä, sähköposti on hyvä.")
    assert found == {"positive": ["hyvä"], "negative": ["en + lue"], "conditional": []}


def test_negation_scope_ends_at_the_clause():
    assert StanceSuggester("en").cue_stance("No, the service was great.") == "positive"
    assert StanceSuggester("fi").cue_stance("Ei, mutta sähköposti on hyvä.") == "positive"


def test_suggest_stances_fills_only_empty_stances(pet_study):
    study = load_study(pet_study)
    codings = study.codings("researcher")
    out = suggest_stances(codings, study.corpus())
    given = codings["stance"].notna()
    assert out.loc[given, "stance"].tolist() == codings.loc[given, "stance"].tolist()
    assert list(out.columns) == list(codings.columns)
    # "Sää muuttuu nopeasti keväällä." has no cue and there are too few stances to train on
    row = out[out["text"] == "Sää muuttuu nopeasti keväällä."].iloc[0]
    assert row["stance"] is None or pd.isna(row["stance"])


def test_classifier_is_trained_once_enough_stances_exist(pet_study):
    study = load_study(pet_study)
    codings = study.codings("researcher")
    known = codings.dropna(subset=["stance"])
    suggester = StanceSuggester("fi", min_training=3).fit(known, study.corpus())
    assert suggester.model_ is not None and suggester.n_training_ == 6
    assert StanceSuggester("fi").fit(known, study.corpus()).model_ is None   # default needs 20
    predicted = suggester.predict(known, study.corpus())
    assert set(predicted) <= {"positive", "negative", "mixed"}


def test_stance_accuracy_counts_missing_suggestions_as_wrong():
    reference = pd.Series(["positive", "negative", "mixed", None])
    predicted = pd.Series(["positive", None, "mixed", "negative"])
    assert stance_accuracy(predicted, reference) == pytest.approx(2 / 3)


def test_stance_cross_validation_reports_cue_and_classifier_accuracy(pet_study):
    study = load_study(pet_study)
    result = stance_cross_validate(study.codings("researcher"), study.corpus(), min_training=3)
    assert result["n"] == 6
    assert result["distribution"] == {"positive": 4, "mixed": 1, "negative": 1}
    assert set(result) >= {"accuracy_cues", "coverage_cues", "accuracy_classifier",
                           "accuracy_blend"}
