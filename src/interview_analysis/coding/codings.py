"""Codings in long format, and the ``codings/<coder>.csv`` files researchers keep in git.

The file format is a public contract: ``document,start,end,code,stance,memo`` with character
offsets (Unicode code points, end exclusive) into the document's canonical text. In memory, a
coding is repeated for every passage it overlaps, with that passage's ID and case.
"""
from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..base.atomic import atomic_path
from ..base.encoding import read_text_file
from ..base.suggest import did_you_mean
from ..domain import normalise_stance
from ..corpus.readers.tables import excel_separator, header_delimiter
from ..errors import CodingsError, StudyWarning

FILE_COLUMNS = ["document", "start", "end", "code", "stance", "memo"]
CODING_COLUMNS = ["document", "case", "passage_id", "start", "end", "code", "origin", "coder",
                  "stance", "score", "matched", "memo", "text"]
STANCES = ("positive", "negative", "mixed")
#: The longest field (a memo) of a codings file: the csv module's default limit, kept even when
#: another part of the program raised that process-wide limit.
_MAX_FIELD = 131_072


def empty_codings() -> pd.DataFrame:
    """A codings table with no rows and the standard columns."""
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else
                                      "float64" if c == "score" else object)
                         for c in CODING_COLUMNS})


_BAD_CODER = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def check_coder_name(coder: str, error_cls=CodingsError, file: str | Path | None = None,
                     where: str | None = None) -> str:
    """Return ``coder`` if it can be the file name ``codings/<coder>.csv``, else raise.

    A coder name must not contain path separators or characters that file systems refuse, and
    must not start with a dot, so that it can never point outside the codings folder.
    """
    if (not isinstance(coder, str) or not coder.strip() or coder != coder.strip()
            or coder.startswith(".") or _BAD_CODER.search(coder) or len(coder) > 100):
        raise error_cls("this coder name cannot be a file name (codings/<coder>.csv)",
                        file=file, where=where, value=coder,
                        fix="use letters, digits, spaces, '-' and '_' (no / \\ : * ? \" < > |, "
                            "no leading dot, at most 100 characters), e.g. researcher or anna")
    return coder


#: Files other programs leave beside a CSV they have open or copied: Excel's owner file
#: (``~$name.csv``), macOS metadata on shared drives (``._name.csv``), LibreOffice's lock
#: (``.~lock.name.csv#``) and other hidden or temporary files.
_NOT_CODER_FILE = re.compile(r"^(~\$|\.|~)|#$|\.tmp$")


def coder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """``(codings files, other programs' files)`` in a codings folder, each sorted.

    A codings file is a regular ``<coder>.csv``; lock and metadata files of spreadsheet
    programs and operating systems are set aside, never read as coders.
    """
    coders, others = [], []
    for path in sorted(folder.iterdir()):
        if _NOT_CODER_FILE.search(path.name):
            if path.name.lower().endswith((".csv", ".csv#")):
                others.append(path)
        elif path.suffix == ".csv" and path.is_file():
            coders.append(path)
    return coders, others


def _header_problems(header: list[str], path: Path) -> None:
    if not header:
        raise CodingsError("the codings file is empty (it has no header row)", file=path,
                           where="line 1", fix="the first line must be: " + ",".join(FILE_COLUMNS))
    names = [h.strip() for h in header]
    twice = sorted({h for h in names if h and names.count(h) > 1})
    if twice:
        raise CodingsError("a column appears twice in the header", file=path, where="line 1",
                           value=twice[0], fix="the header must be: " + ",".join(FILE_COLUMNS))
    missing = [c for c in ("document", "start", "end", "code") if c not in names]
    if missing:
        raise CodingsError(f"the codings file is missing columns: {', '.join(missing)}",
                           file=path, where="line 1", value=header,
                           fix="the header must be: " + ",".join(FILE_COLUMNS))


def _parse_rows(path: Path) -> list[dict]:
    """The rows of a codings file as written, or as a spreadsheet program saves it again:
    Excel in a Finnish locale writes ``;`` between columns (and may put a ``sep=;`` line
    first), in Windows-1252."""
    text = read_text_file(path)
    first, _, rest = text.partition("\n")
    named = excel_separator(first)
    skipped = 1 if named else 0  # file line = reader line + skipped
    if named:
        text, first = rest, rest.partition("\n")[0]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True,
                        delimiter=named or header_delimiter(first))
    rows = []
    try:
        header = next(reader, [])
        _header_problems(header, path)
        names = [h.strip() for h in header]
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue  # a blank line
            if max(map(len, fields)) > _MAX_FIELD:  # whatever limit another reader set
                raise csv.Error(f"field larger than field limit ({_MAX_FIELD})")
            if len(fields) > len(names):
                raise CodingsError(
                    f"the row has {len(fields)} fields but the header has {len(names)} columns",
                    file=path, where=f"line {reader.line_num + skipped}",
                    value=fields[len(names):],
                    fix="put a memo that contains commas in double quotes \"...\", or remove "
                        "the extra fields")
            row = dict(zip(names, fields))
            row["_line"] = reader.line_num + skipped
            rows.append(row)
    except csv.Error as exc:
        raise CodingsError(f"this is not a valid CSV file ({exc})", file=path,
                           where=f"line {reader.line_num + skipped}",
                           fix="check the double quotes near that line: a field that starts "
                               "with \" must end with \" (write \"\" for a quote inside it); "
                               "memos longer than 128 KB are not possible") from None
    return rows


def _check_row(row: dict, path: Path, texts: dict[str, str], codes) -> dict:
    where = f"line {row['_line']}"
    doc = (row.get("document") or "").strip()
    if doc not in texts:
        raise CodingsError("coding for an unknown document", file=path, where=where, value=doc,
                           fix="documents in this study: " + ", ".join(sorted(texts)))
    try:
        start, end = int(row.get("start")), int(row.get("end"))
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
                           fix=did_you_mean(code, codes) + "add it to the codebook or correct "
                               "the ID; codes look like 'channels/email'")
    stance = normalise_stance(row.get("stance"))  # "Positive" is positive
    if stance is not None and stance not in STANCES:
        raise CodingsError("unknown stance", file=path, where=where, value=stance,
                           fix="use positive, negative, mixed or leave it empty")
    return {"document": doc, "start": start, "end": end, "code": code, "stance": stance,
            "memo": (row.get("memo") or "").strip() or None}


def read_codings_file(path: str | Path, texts, codes=None) -> pd.DataFrame:
    """Read and validate ``codings/<coder>.csv``; one row per coded span.

    ``texts`` maps each document to the text the offsets point into. The same span and code
    on two lines is a copy-paste slip: identical lines count once (with a warning naming
    both), lines that differ in stance or memo are an error naming both.
    """
    path = Path(path)
    rows = _without_repeats([_check_row(r, path, texts, codes) | {"_line": r["_line"]}
                             for r in _parse_rows(path)], path)
    return pd.DataFrame(rows, columns=FILE_COLUMNS).astype({"start": "int64", "end": "int64"})


def _without_repeats(rows: list[dict], path: Path) -> list[dict]:
    first: dict[tuple, dict] = {}
    kept, repeats = [], []
    for row in rows:
        key = (row["document"], row["start"], row["end"], row["code"])
        seen = first.setdefault(key, row)
        if seen is row:
            kept.append(row)
        elif (seen["stance"], seen["memo"]) != (row["stance"], row["memo"]):
            raise CodingsError(
                f"lines {seen['_line']} and {row['_line']} code the same span with the same "
                "code but differ in stance or memo", file=path, where=f"line {row['_line']}",
                value=key, fix="keep one of the two lines: give it the stance you mean and "
                               "both memos, and delete the other")
        else:
            repeats.append(f"{seen['_line']} and {row['_line']}")
    if repeats:
        more = f" (and {len(repeats) - 3} more)" if len(repeats) > 3 else ""
        warnings.warn(f"{path}: lines {'; '.join(repeats[:3])}{more} are the same coding "
                      "twice; each counts once (delete the repeated line)", StudyWarning,
                      stacklevel=3)
    return kept


def _overlaps(ps: np.ndarray, pe: np.ndarray, s: np.ndarray, e: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """``(span, passage)`` index pairs where passage ``[ps, pe)`` overlaps span ``[s, e)``,
    spans in order, each span's passages in order."""
    ordered = bool(np.all(ps[:-1] <= ps[1:]) and np.all(pe[:-1] <= ps[1:]))
    if ordered:  # consecutive, non-overlapping passages: two binary searches per span
        lo = np.searchsorted(pe, s, side="right")
        hi = np.searchsorted(ps, e, side="left")
        counts = np.maximum(hi - lo, 0)
        span = np.repeat(np.arange(len(s)), counts)
        first = np.repeat(lo - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
        return span, first + np.arange(len(span))
    pairs = [(i, j) for i in range(len(s)) for j in np.flatnonzero((ps < e[i]) & (pe > s[i]))]
    return (np.array([i for i, _ in pairs], np.int64), np.array([j for _, j in pairs], np.int64))


def attach_passages(spans: pd.DataFrame, passages: pd.DataFrame, coder: str,
                    origin: str = "manual") -> pd.DataFrame:
    """Long-format codings: each span repeated for every passage it overlaps.

    A span that overlaps no passage (e.g. only a speaker label) is kept with no passage ID.
    """
    if spans.empty:
        return empty_codings()
    frames = []
    by_doc = {d: g for d, g in passages.groupby("document", sort=False)}
    for doc, group in spans.groupby("document", sort=False):
        plist = by_doc.get(doc)
        s, e = group["start"].to_numpy(np.int64), group["end"].to_numpy(np.int64)
        if plist is None or not len(plist):
            span, at = np.arange(len(group)), np.zeros(0, np.int64)
        else:
            span, at = _overlaps(plist["start"].to_numpy(np.int64),
                                 plist["end"].to_numpy(np.int64), s, e)
        alone = np.setdiff1d(np.arange(len(group)), span)  # overlaps no passage
        rows = np.concatenate([span, alone])
        order = np.argsort(rows, kind="stable")
        rows = rows[order]
        hit = np.concatenate([at, np.full(len(alone), -1)])[order]

        def from_passages(column: str) -> list:
            if plist is None or not len(plist):
                return [None] * len(rows)
            values = plist[column].to_numpy(object)
            return [values[h] if h >= 0 else None for h in hit.tolist()]

        taken = group.iloc[rows]
        n = len(rows)
        frames.append(pd.DataFrame({
            "document": [doc] * n, "case": from_passages("case"),
            "passage_id": from_passages("passage_id"),
            "start": taken["start"].to_numpy(), "end": taken["end"].to_numpy(),
            "code": taken["code"].to_numpy(object), "origin": [origin] * n,
            "coder": [coder] * n, "stance": taken["stance"].to_numpy(object),
            "score": [1.0] * n, "matched": [None] * n, "memo": taken["memo"].to_numpy(object),
            "text": from_passages("text")}, columns=CODING_COLUMNS))
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def write_codings_file(codings: pd.DataFrame, path: str | Path) -> Path:
    """Write codings as ``document,start,end,code,stance,memo`` (one row per span), atomically."""
    spans = codings[FILE_COLUMNS].drop_duplicates(["document", "start", "end", "code"])
    spans = spans.sort_values(["document", "start", "end", "code"], kind="stable")
    with atomic_path(path) as tmp:
        spans.replace({np.nan: None}).to_csv(tmp, index=False, encoding="utf-8",
                                             lineterminator="\n")
    return Path(path)
