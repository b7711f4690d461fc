"""The exchange model: what a REFI-QDA project carries, independent of XML and of the folder.

Export reads a study into an :class:`Exchange` and writes it as XML; import reads XML into an
:class:`Exchange` and writes it as a study folder. Codings are spans
(``coder, document, start, end, code, stance, memo``) with offsets into the canonical text.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import warnings
from dataclasses import dataclass, field

import pandas as pd

from ...coding.codings import check_coder_name
from ...coding.qdc import ExchangeCode
from ...errors import ExchangeError

SPAN_COLUMNS = ["coder", "document", "start", "end", "code", "stance", "memo"]
TEXT_FIELDS = ("definition", "when_to_use", "when_not_to_use", "example")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ExchangeWarning(UserWarning):
    """Something could not be carried over to the exchange format (the file is still written)."""


@dataclass
class ExchangeCase:
    id: str
    documents: list[str]
    attributes: dict[str, object] = field(default_factory=dict)


@dataclass
class Exchange:
    """A project in transit between a study folder and a REFI-QDA file."""

    name: str
    language: str | None = None
    codes: list[ExchangeCode] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)
    cases: list[ExchangeCase] = field(default_factory=list)
    codings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SPAN_COLUMNS))
    coders: list[str] = field(default_factory=list)
    origin: str | None = None

    def variables(self) -> dict[str, str]:
        """``{attribute: REFI typeOfVariable}`` in first-seen order."""
        names: dict[str, list] = {}
        for case in self.cases:
            for name, value in case.attributes.items():
                names.setdefault(name, [])
                if not is_missing(value):
                    names[name].append(value)
        return {name: variable_type(values) for name, values in names.items()}


def is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return value is pd.NA or value is pd.NaT or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _is_date(value) -> bool:
    if isinstance(value, dt.datetime):
        return False
    if isinstance(value, dt.date):
        return True
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            dt.date.fromisoformat(value)
            return True
        except ValueError:
            return False
    return False


def variable_type(values: list) -> str:
    """REFI ``typeOfVariable`` inferred from the non-missing values of one attribute."""
    if not values:
        return "Text"
    if all(isinstance(v, bool) for v in values):
        return "Boolean"
    numeric = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if len(numeric) == len(values):
        if all(isinstance(v, int) for v in numeric):
            return "Integer"
        if all(math.isfinite(v) for v in numeric):
            return "Float"
    if all(_is_date(v) for v in values):
        return "Date"
    return "Text"


def hex_colour(value, where: str) -> str | None:
    """``#rrggbb`` for a codebook colour (``#rgb``, ``#rrggbbaa`` or a colour name)."""
    if not value:
        return None
    value = str(value).strip()
    if _HEX.match(value):
        return value.lower()
    if re.match(r"^#[0-9a-fA-F]{8}$", value):
        return value[:7].lower()
    try:
        from matplotlib.colors import to_hex
        return to_hex(value, keep_alpha=False)
    except (ImportError, ValueError):
        warnings.warn(f"{where}: colour {value!r} is not a colour REFI-QDA can store; left out",
                      ExchangeWarning, stacklevel=3)
        return None


def _codes_from_codebook(codebook, lang: str) -> list[ExchangeCode]:
    out = []
    for code in codebook:
        texts = {name: code.text(name, lang) for name in TEXT_FIELDS}
        out.append(ExchangeCode(code.id, code.label(lang), {k: v for k, v in texts.items() if v},
                                hex_colour(code.colour, f"code {code.id}")))
    return out


def _codes_from_codings(codings: pd.DataFrame) -> list[ExchangeCode]:
    ids: list[str] = []
    for code in sorted(set(codings["code"])):
        parts = code.split("/")
        for i in range(1, len(parts) + 1):
            path = "/".join(parts[:i])
            if path not in ids:
                ids.append(path)
    return [ExchangeCode(c, c.rsplit("/", 1)[-1]) for c in ids]


def from_study(study, coders: list[str] | None = None, with_codings: bool = True) -> Exchange:
    """Read a study (its transcripts, cases, codebook and coders' CSV files) for export."""
    lang = study.language
    texts = {doc: tr.text for doc, tr in study.transcripts.items()}
    codebook = study.codebook() if study.config.codebook is not None else None
    codings = pd.DataFrame(columns=SPAN_COLUMNS)
    coders = list(coders) if coders is not None else (study.coders() if with_codings else [])
    frames = []
    folder = study.config.codings or study.root / "codings"
    for coder in coders:
        check_coder_name(coder, ExchangeError, where="--coders")
        path = folder / f"{coder}.csv"
        if not path.is_file():
            raise ExchangeError(f"no codings file for coder '{coder}'", file=path,
                                fix="coders with codings: " + (", ".join(study.coders())
                                                              or "none"))
        spans = study.coder_spans(coder, codebook)  # at today's offsets, never stale ones
        unique = spans.drop_duplicates(["document", "start", "end", "code"])
        if len(unique) < len(spans):
            warnings.warn(f"{path}: {len(spans) - len(unique)} codings repeat a span and code "
                          "already coded; exported once", ExchangeWarning, stacklevel=2)
        frames.append(unique.assign(coder=coder))
    if frames:
        codings = pd.concat(frames, ignore_index=True)[SPAN_COLUMNS]
    codes = _codes_from_codebook(codebook, lang) if codebook is not None else \
        _codes_from_codings(codings)
    cases = [ExchangeCase(str(case), list(row["documents"]),
                          {str(k): _python(v) for k, v in row.items() if k != "documents"})
             for case, row in study.cases.iterrows()]
    _warn_dropped(codebook)
    return Exchange(study.title, lang, codes, texts, cases, codings, coders)


def from_codebook(name: str, language: str, codebook) -> Exchange:
    """A codebook alone, for a ``.qdc``: no transcripts, cases or codings needed."""
    _warn_dropped(codebook)
    codes = _codes_from_codebook(codebook, language) if codebook is not None else []
    return Exchange(name, language, codes)


def _python(value):
    """numpy/pandas scalars as plain Python values (``None`` when missing)."""
    if is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, TypeError):
            return value
    return value


def _warn_dropped(codebook) -> None:
    if codebook is None:
        return
    lost = [c.id for c in codebook if c.rules or c.exclude or c.examples or c.recommendation
            or getattr(c, "questions", None)]
    if lost:
        warnings.warn(f"REFI-QDA has no place for coding rules, rule examples and "
                      f"recommendations; {len(lost)} codes lose them in the export (they stay in "
                      f"the codebook YAML): {', '.join(lost[:5])}{' ...' if len(lost) > 5 else ''}",
                      ExchangeWarning, stacklevel=3)
