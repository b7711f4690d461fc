"""Codings in long format, and the ``codings/<coder>.csv`` files researchers keep in git.

The file format is a public contract: ``document,start,end,code,stance,memo`` with character
offsets (Unicode code points, end exclusive) into the document's canonical text. In memory, a
coding is repeated for every passage it overlaps, with that passage's ID and case.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CodingsError
from ..io.atomic import atomic_path
from ..io.encoding import read_text_file

FILE_COLUMNS = ["document", "start", "end", "code", "stance", "memo"]
CODING_COLUMNS = ["document", "case", "passage_id", "start", "end", "code", "origin", "coder",
                  "stance", "score", "matched", "memo", "text"]
STANCES = ("positive", "negative", "mixed")


def empty_codings() -> pd.DataFrame:
    """A codings table with no rows and the standard columns."""
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else
                                      "float64" if c == "score" else object)
                         for c in CODING_COLUMNS})


def _parse_rows(path: Path) -> list[dict]:
    text = read_text_file(path)
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in ("document", "start", "end", "code") if c not in header]
    if missing:
        raise CodingsError("the codings file is missing columns", file=path, where="line 1",
                           value=missing, fix="the header must be: " + ",".join(FILE_COLUMNS))
    rows = []
    for row in reader:
        row["_line"] = reader.line_num
        rows.append(row)
    return rows


def _check_row(row: dict, path: Path, texts: dict[str, str], codes) -> dict:
    where = f"line {row['_line']}"
    doc = (row.get("document") or "").strip()
    if doc not in texts:
        raise CodingsError("coding for an unknown document", file=path, where=where, value=doc,
                           fix="documents in this study: " + ", ".join(sorted(texts)))
    try:
        start, end = int(row["start"]), int(row["end"])
    except (TypeError, ValueError):
        raise CodingsError("start and end must be whole numbers (character offsets)", file=path,
                           where=where, value=(row.get("start"), row.get("end")),
                           fix="offsets count characters from 0; end is exclusive") from None
    if not 0 <= start < end <= len(texts[doc]):
        raise CodingsError(f"offsets out of range for document '{doc}' "
                           f"(its text has {len(texts[doc])} characters)", file=path,
                           where=where, value=(start, end),
                           fix="use 0 <= start < end <= length; re-export the codings if the "
                               "transcript was edited")
    code = (row.get("code") or "").strip()
    if codes is not None and code not in codes:
        raise CodingsError("unknown code", file=path, where=where, value=code,
                           fix="add it to the codebook or correct the ID; codes look like "
                               "'channels/email'")
    stance = (row.get("stance") or "").strip() or None
    if stance is not None and stance not in STANCES:
        raise CodingsError("unknown stance", file=path, where=where, value=stance,
                           fix="use positive, negative, mixed or leave it empty")
    return {"document": doc, "start": start, "end": end, "code": code, "stance": stance,
            "memo": (row.get("memo") or "").strip() or None}


def read_codings_file(path: str | Path, texts: dict[str, str], codes=None) -> pd.DataFrame:
    """Read and validate ``codings/<coder>.csv``; one row per coded span."""
    path = Path(path)
    rows = [_check_row(r, path, texts, codes) for r in _parse_rows(path)]
    return pd.DataFrame(rows, columns=FILE_COLUMNS).astype({"start": "int64", "end": "int64"})


def attach_passages(spans: pd.DataFrame, passages: pd.DataFrame, coder: str,
                    origin: str = "manual") -> pd.DataFrame:
    """Long-format codings: each span repeated for every passage it overlaps.

    A span that overlaps no passage (e.g. only a speaker label) is kept with no passage ID.
    """
    if spans.empty:
        return empty_codings()
    out = []
    by_doc = {d: g for d, g in passages.groupby("document", sort=False)}
    for doc, group in spans.groupby("document", sort=False):
        plist = by_doc.get(doc)
        for span in group.itertuples(index=False):
            hit = plist[(plist["start"] < span.end) & (plist["end"] > span.start)] \
                if plist is not None else plist
            targets = hit.itertuples(index=False) if hit is not None and len(hit) else [None]
            for p in targets:
                out.append({"document": doc, "case": getattr(p, "case", None),
                            "passage_id": getattr(p, "passage_id", None),
                            "start": span.start, "end": span.end, "code": span.code,
                            "origin": origin, "coder": coder, "stance": span.stance,
                            "score": 1.0, "matched": None, "memo": span.memo,
                            "text": getattr(p, "text", None)})
    return pd.DataFrame(out, columns=CODING_COLUMNS)


def write_codings_file(codings: pd.DataFrame, path: str | Path) -> Path:
    """Write codings as ``document,start,end,code,stance,memo`` (one row per span), atomically."""
    spans = codings[FILE_COLUMNS].drop_duplicates(["document", "start", "end", "code"])
    spans = spans.sort_values(["document", "start", "end", "code"], kind="stable")
    with atomic_path(path) as tmp:
        spans.replace({np.nan: None}).to_csv(tmp, index=False, encoding="utf-8",
                                             lineterminator="\n")
    return Path(path)
