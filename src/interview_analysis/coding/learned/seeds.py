"""The codebook as training data: each code's label, definition, when-to-use text, example and
example sentences are short texts about that code.

They are extra training rows (:class:`~..models.ModelCoder`, ``seed_weight``): positive for
their code, negative for the others, at a lower weight than a hand-coded passage. Before any
hand coding they are *all* the model has, so :func:`~..suggest.suggest` can rank passages from
the codebook alone; with hand coding they add the words the researcher chose for a code, which
a code with five coded passages may not show.
"""
from __future__ import annotations

import pandas as pd

from ...corpus.corpus import PASSAGE_COLUMNS, Corpus
from ..features import passage_table

#: Codebook text fields that describe what a code is about.
SEED_FIELDS = ("definition", "when_to_use", "example")
SEED_COLUMNS = ["code", "source", "text", "lemmas", "question", "context"]


def _texts(code, lang: str) -> list[tuple[str, str]]:
    """``(source, text)`` pairs of one code in ``lang`` (no fallback to another language:
    English definitions teach a Finnish model nothing)."""
    out = [("label", code.labels.get(lang, ""))]
    out += [(name, code.texts.get(name, {}).get(lang, "")) for name in SEED_FIELDS]
    out += [("examples", s) for s in code.examples.get(lang, {}).get("match", [])]
    return [(source, " ".join(str(text).split())) for source, text in out if text]


def text_corpus(texts: list[str], lang: str) -> Corpus:
    """A corpus of one participant passage per text (documents ``s0``, ``s1``, ...)."""
    docs = {f"s{i}": t for i, t in enumerate(texts)}
    rows = [{"passage_id": f"{d}:0001", "document": d, "case": d, "start": 0, "end": len(t),
             "speaker": None, "role": "participant", "time_start": None, "time_end": None,
             "words": len(t.split()), "language": lang, "text": t} for d, t in docs.items()]
    cases = pd.DataFrame({"case": list(docs), "documents": [[d] for d in docs]}).set_index("case")
    return Corpus(docs, pd.DataFrame(rows, columns=PASSAGE_COLUMNS),
                  pd.DataFrame({"document": list(docs)}), cases, lang)


def codebook_seeds(codebook, lang: str, codes=None) -> pd.DataFrame:
    """Seed texts of the codebook's codes (``codes``: only these), with their lemmas.

    Returns a DataFrame ``code, source, text, lemmas, question, context`` (``question`` and
    ``context`` empty), shaped like a :func:`~..features.passage_table` so the same features
    apply.
    """
    if codebook is None:
        return pd.DataFrame(columns=SEED_COLUMNS)
    wanted = None if codes is None else set(codes)
    pairs = [(c.id, source, text) for c in codebook
             if wanted is None or c.id in wanted for source, text in _texts(c, lang)]
    if not pairs:
        return pd.DataFrame(columns=SEED_COLUMNS)
    frame = pd.DataFrame(pairs, columns=["code", "source", "text"])
    table = passage_table(text_corpus(frame["text"].tolist(), lang))
    frame["lemmas"] = table["lemmas"].to_numpy()
    frame["question"], frame["context"] = "", ""
    return frame[SEED_COLUMNS]
