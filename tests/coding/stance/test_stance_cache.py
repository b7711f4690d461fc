"""Automatic stances kept on disk: the same judgements as the detector, judged once per
content, and judged again when anything they depend on changes."""
from __future__ import annotations

import pandas as pd

from interview_analysis.coding.codebook import Code, Codebook, StanceCues
from interview_analysis.coding.rules import parse_rule
from interview_analysis.coding.stance.cache import cached_transform
from interview_analysis.coding.stance.detector import StanceDetector
from interview_analysis.study.study import load_study


def _study(fi_study):
    study = load_study(fi_study)
    book = study.codebook()
    corpus = study.corpus()
    from interview_analysis.coding.coder import RuleCoder
    return book, corpus, RuleCoder(book, lang="fi").transform(corpus)


def _counting(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = StanceDetector.transform

    def transform(self, codings, corpus):
        calls.append(len(codings))
        return real(self, codings, corpus)
    monkeypatch.setattr(StanceDetector, "transform", transform)
    return calls


def test_a_kept_judgement_equals_the_detectors(fi_study, monkeypatch):
    book, corpus, codings = _study(fi_study)
    expected = StanceDetector("fi", book).transform(codings, corpus)
    calls = _counting(monkeypatch)
    first = cached_transform(StanceDetector("fi", book), codings, corpus)
    second = cached_transform(StanceDetector("fi", book), codings, corpus)
    assert calls == [len(codings)]  # the second answer was read from the study's cache
    pd.testing.assert_frame_equal(first, expected)
    pd.testing.assert_frame_equal(second, expected)
    assert len(list((fi_study / ".ia-cache").glob("stances-*.parquet"))) == 1


def test_changed_codings_or_stance_rules_are_judged_again(fi_study, monkeypatch):
    book, corpus, codings = _study(fi_study)
    cached_transform(StanceDetector("fi", book), codings, corpus)
    calls = _counting(monkeypatch)
    cached_transform(StanceDetector("fi", book), codings.iloc[1:], corpus)
    ruled = Codebook([Code(c.id, c.parent, c.labels, stance=StanceCues(
        rules={"fi": {"negative": [parse_rule("lue")]}})) for c in book])
    cached_transform(StanceDetector("fi", ruled), codings, corpus)
    assert calls == [len(codings) - 1, len(codings)]


def test_a_damaged_file_is_judged_again(fi_study, monkeypatch):
    book, corpus, codings = _study(fi_study)
    cached_transform(StanceDetector("fi", book), codings, corpus)
    for path in (fi_study / ".ia-cache").glob("stances-*.parquet"):
        path.write_bytes(b"not parquet")
    calls = _counting(monkeypatch)
    again = cached_transform(StanceDetector("fi", book), codings, corpus)
    assert calls == [len(codings)] and len(again) == len(codings)


def test_a_study_without_a_cache_folder_is_judged_every_time(fi_study, monkeypatch):
    book, corpus, codings = _study(fi_study)
    corpus.cache_dir = None
    calls = _counting(monkeypatch)
    for _ in range(2):
        cached_transform(StanceDetector("fi", book), codings, corpus)
    assert calls == [len(codings)] * 2
