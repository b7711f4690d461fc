"""codings.csv as the code and run commands write it: an excerpt, never the whole passage."""
from __future__ import annotations

import pandas as pd

from interview_analysis.coding.output import EXCERPT_CHARS, OUTPUT_COLUMNS, codings_output, excerpt


def test_excerpt_keeps_short_texts_on_one_line():
    assert excerpt("Sama ihminen\n  muistaa.") == "Sama ihminen muistaa."


def test_excerpt_cuts_a_long_text_after_a_whole_word():
    text = "sähköposti " * 40
    cut = excerpt(text)
    assert len(cut) <= EXCERPT_CHARS and cut.endswith(" …")
    assert cut.removesuffix(" …").split() == ["sähköposti"] * len(cut.split()[:-1])
    assert excerpt("a" * 300) == "a" * (EXCERPT_CHARS - 2) + " …"


def test_codings_output_replaces_the_text_by_the_coded_words():
    texts = {"H1": "Haastattelija: Mitä?\n\nH1: Sähköposti on paras. Puhelin ei."}
    codings = pd.DataFrame({
        "document": ["H1", "H1", "H2"], "case": ["H1", "H1", "H2"],
        "passage_id": ["H1:0002", "H1:0002", None], "start": [22, 26, 0], "end": [59, 46, 3],
        "code": ["a", "b", "c"], "origin": ["rule", "manual", "manual"],
        "coder": ["rules", "anna", "anna"], "stance": [None, "positive", None],
        "score": [1.0, 1.0, 1.0], "matched": ["sähköposti", None, None],
        "memo": [None, "#key", None], "text": ["whole passage"] * 3})
    out = codings_output(codings, texts)
    assert list(out.columns) == OUTPUT_COLUMNS
    assert out["excerpt"].tolist()[:2] == ["H1: Sähköposti on paras. Puhelin ei.",
                                           "Sähköposti on paras."]
    assert pd.isna(out["excerpt"].iloc[2])  # a document the corpus does not have
