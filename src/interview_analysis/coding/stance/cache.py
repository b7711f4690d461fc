"""Automatic stances kept on disk: a run on unchanged codings does not judge them again.

:func:`cached_transform` answers ``StanceDetector.transform(codings, corpus)`` from the study's
cache folder (``STUDY/.ia-cache/stances-<key>.parquet``) when everything the judgements depend
on is unchanged: the codings (spans, codes, matched words, given stances), the texts of their
documents and the passages around them, the codebook's stance rules, and the code and word
lists that judge (the stance and rule modules, the lexicons, the lemmatiser and its data). Any
change makes a new key, so a stale answer is never read; a damaged file is recomputed.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from ...base.atomic import atomic_path
from ...base.digest import digest, source_digest
from ...errors import OutputError
from .lexicon import load_lexicon

#: The columns the detector fills in, and the columns of a coding it reads.
FILLED = ("stance", "stance_origin", "stance_evidence", "stance_score")
READ = ("document", "passage_id", "start", "end", "origin", "code", "matched", "stance")
#: Stance files kept in a cache folder (the most recently used).
KEEP_FILES = 8
_CODE = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def _version() -> str:
    files = [*(_CODE / "coding" / "stance").glob("*.py"),
             *(_CODE / "coding" / "rules").glob("*.py"),
             *(_CODE / "data" / "stance").glob("*.yaml"), _CODE / "nlp" / "lemmas.py",
             _CODE / "nlp" / "sentences.py", _CODE / "domain.py"]
    versions = []
    for name in ("simplemma", "spacy-lookups-data", "libvoikko"):
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return digest(source_digest(files), versions)


def _stance_rules(codebook) -> list:
    if codebook is None:
        return []
    return [(c.id, {lang: {side: [r.source for r in rules] for side, rules in sides.items()}
                    for lang, sides in c.stance.rules.items()}, c.stance.absence,
             c.stance.mention) for c in codebook]


def _key(detector, codings: pd.DataFrame, corpus) -> str:
    documents = sorted(set(codings["document"].dropna()))
    passages = corpus.passages[corpus.passages["document"].isin(documents)]
    return digest(_version(), detector.lang, _stance_rules(detector.codebook),
                  codings.reindex(columns=list(READ)).reset_index(drop=True),
                  passages[["passage_id", "document", "start", "end"]].reset_index(drop=True),
                  [(d, corpus.texts[d]) for d in documents if d in corpus.texts])[:40]


def cached_transform(detector, codings: pd.DataFrame, corpus) -> pd.DataFrame:
    """``detector.transform(codings, corpus)``, read from the corpus's cache folder when the
    same judgements were made before (see the module docstring)."""
    folder = getattr(corpus, "cache_dir", None)
    if folder is None or not len(codings) or \
            detector.lexicon is not load_lexicon(detector.lang):  # a lexicon of one's own
        return detector.transform(codings, corpus)
    path = Path(folder) / f"stances-{_key(detector, codings, corpus)}.parquet"
    found = _read(path, len(codings))
    if found is not None:
        return codings.assign(**{c: found[c].to_numpy(object if c != "stance_score"
                                                       else float) for c in FILLED})
    out = detector.transform(codings, corpus)
    _write(path, out)
    return out


def _read(path: Path, rows: int) -> pd.DataFrame | None:
    try:
        frame = pd.read_parquet(path)
        path.touch()
    except (OSError, ValueError, ImportError):
        return None
    if len(frame) != rows or list(frame.columns) != list(FILLED):
        return None
    return frame.astype(object).where(frame.notna(), None).assign(
        stance_score=pd.to_numeric(frame["stance_score"]))


def _write(path: Path, out: pd.DataFrame) -> None:
    frame = pd.DataFrame({c: out[c].astype(object if c != "stance_score" else float)
                          .to_numpy() for c in FILLED})
    try:
        with atomic_path(path) as tmp:
            frame.to_parquet(tmp, index=False)
    except (OSError, OutputError, ValueError):
        return  # a read-only study folder: judged again next time
    _prune(path.parent)


def _prune(folder: Path) -> None:
    try:
        files = sorted(folder.glob("stances-*.parquet"), key=lambda p: p.stat().st_mtime_ns,
                       reverse=True)
        for old in files[KEEP_FILES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
