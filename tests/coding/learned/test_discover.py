"""Theme discovery over uncoded passages."""
from __future__ import annotations

import pandas as pd

from interview_analysis.coding.discover import THEME_COLUMNS, discover_themes
from interview_analysis.study.study import load_study


def test_themes_are_deterministic_and_leave_coded_passages_out(pet_study):
    study = load_study(pet_study)
    corpus, codings = study.corpus(), study.codings("researcher")
    first = discover_themes(corpus, codings, n_themes=3, n_terms=4, seed=0)
    again = discover_themes(corpus, codings, n_themes=3, n_terms=4, seed=0)
    pd.testing.assert_frame_equal(first, again)
    assert list(first.columns) == THEME_COLUMNS
    assert first["theme"].tolist() == [1, 2, 3]
    assert first["n_passages"].is_monotonic_decreasing
    coded = set(codings["passage_id"])
    shown = {p for ids in first["example_passage_ids"] for p in ids.split(", ")}
    assert shown and not shown & coded
    # 24 participant passages, 13 coded: of the 11 uncoded ones, those sharing a lemma with
    # another passage (min_df=2 from 20 passages on) belong to a theme
    assert 0 < first["n_passages"].sum() <= 11
    assert all(len(t.split(", ")) == 4 for t in first["top_terms"])


def test_stop_words_are_not_theme_terms(pet_study):
    study = load_study(pet_study)
    themes = discover_themes(study.corpus(), None, n_themes=2, n_terms=10)
    terms = {t for row in themes["top_terms"] for t in row.split(", ")}
    assert not terms & {"olla", "on", "ja", "se"}


def test_too_few_passages_give_an_empty_table(pet_study):
    study = load_study(pet_study)
    corpus = study.corpus()
    everything = corpus.participant_passages.assign(code="x")
    assert discover_themes(corpus, everything).empty
