"""Check that each code's rules match its own example sentences (and not its counter-examples).

Codes can carry ``examples: {fi: {match: [...], no_match: [...]}}`` in the codebook; the test
suite runs :func:`check_examples` over the bundled codebooks so a rule edit that breaks an
example fails loudly.
"""
from __future__ import annotations

import pandas as pd

from ..corpus.corpus import PASSAGE_COLUMNS, Corpus
from .codebook import Codebook
from .coder import RuleCoder
from .stance import StanceDetector


def _example_corpus(sentences: list[str], lang: str) -> Corpus:
    texts = {f"ex{i}": s for i, s in enumerate(sentences)}
    rows = [{"passage_id": f"{d}:0001", "document": d, "case": d, "start": 0, "end": len(t),
             "speaker": None, "role": "participant", "time_start": None, "time_end": None,
             "words": len(t.split()), "language": lang, "text": t} for d, t in texts.items()]
    passages = pd.DataFrame(rows, columns=PASSAGE_COLUMNS)
    cases = pd.DataFrame({"case": list(texts), "documents": [[d] for d in texts]}).set_index("case")
    return Corpus(texts, passages, pd.DataFrame({"document": list(texts)}), cases, lang)


def check_examples(codebook: Codebook, lang: str | None = None) -> pd.DataFrame:
    """Examples whose outcome differs from what the codebook says.

    Returns a DataFrame ``code, language, sentence, expected, got`` (empty when all pass).
    """
    failures = []
    for language in ([lang] if lang else sorted({k for c in codebook for k in c.examples})):
        items = [(c, kind, s) for c in codebook for kind, sents in
                 c.examples.get(language, {}).items() for s in sents]
        if not items:
            continue
        corpus = _example_corpus([s for _, _, s in items], language)
        coder = RuleCoder(codebook, lang=language)
        for i, (code, kind, sentence) in enumerate(items):
            hit_rows, _ = coder.code_passages(corpus, code, language)
            got = "match" if i in set(hit_rows.tolist()) else "no_match"
            if got != kind:
                failures.append({"code": code.id, "language": language, "sentence": sentence,
                                 "expected": kind, "got": got})
    return pd.DataFrame(failures, columns=["code", "language", "sentence", "expected", "got"])


def check_stance_examples(codebook: Codebook, lang: str | None = None) -> pd.DataFrame:
    """Stance examples (a code's ``stance: examples:``) the automatic stance judges otherwise.

    Each sentence is judged as a coding of its code over the whole sentence. Returns a
    DataFrame ``code, language, sentence, expected, got`` (empty when all pass).
    """
    failures = []
    languages = [lang] if lang else sorted({k for c in codebook for k in c.stance.examples})
    for language in languages:
        items = [(c, stance, s) for c in codebook
                 for stance, sents in c.stance.examples.get(language, {}).items() for s in sents]
        if not items:
            continue
        corpus = _example_corpus([s for _, _, s in items], language)
        codings = corpus.passages.assign(
            code=[c.id for c, _, _ in items], origin="manual", coder="examples", stance=None,
            score=1.0, matched=None, memo=None)
        judged = StanceDetector(language, codebook).transform(codings, corpus)
        for (code, expected, sentence), got in zip(items, judged["stance"]):
            if got != expected:
                failures.append({"code": code.id, "language": language, "sentence": sentence,
                                 "expected": expected, "got": got})
    return pd.DataFrame(failures, columns=["code", "language", "sentence", "expected", "got"])
