"""Codes from REFI-QDA XML (``CodeBook`` in a project or a ``.qdc``) and ``read_qdc``.

Code IDs are built from the hierarchy: each code's segment is the ID stored by an
interview-analysis export (the ``ID:`` line of its description) or else its name made into an
ID (``Customer service`` -> ``customer_service``); the name stays the label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from ..base.guids import normalise_guid
from ..base.importreport import ImportReport
from ..base.names import slug, unique
from ..base.paths import FileTooLarge, read_input
from ..base.xmlsafe import (
    CODEBOOK_NS,
    children,
    namespace_of,
    parse_xml,
    schema_errors,
    strip_namespaces,
    text_of,
)
from ..base.ziplimits import Limits
from ..domain import MAX_CODE_DEPTH, parent_of
from ..errors import CodebookError, ExchangeError
from .codebook import Code, Codebook
from .descriptions import parse_code_description

_SEGMENT = re.compile(r"^[a-z0-9_-]+$")
_RGB = re.compile(r"^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)")


@dataclass
class ExchangeCode:
    """A code: ``id`` is its path (``channels/email``); ``label`` is what other tools show."""

    id: str
    label: str
    texts: dict[str, str] = field(default_factory=dict)
    colour: str | None = None
    codable: bool = True

    @property
    def parent(self) -> str | None:
        return parent_of(self.id)


class QdcError(ExchangeError, CodebookError):
    """A ``.qdc`` codebook cannot be read (both an exchange and a codebook problem)."""


def colour(value: str | None, report: ImportReport, code: str) -> str | None:
    """``#rrggbb`` from what tools write (``#RGB``, ``#RRGGBBAA``, ``rgb(r,g,b)``)."""
    if not value:
        return None
    value = value.strip()
    if re.match(r"^#[0-9a-fA-F]{6}$", value):
        return value.lower()
    if re.match(r"^#[0-9a-fA-F]{3}$", value):
        return "#" + "".join(c * 2 for c in value[1:]).lower()
    fixed = None
    if re.match(r"^#[0-9a-fA-F]{8}$", value):
        fixed = value[:7].lower()
    elif (m := _RGB.match(value)) and all(int(v) < 256 for v in m.groups()):
        fixed = "#" + "".join(f"{int(v):02x}" for v in m.groups())
    if fixed:
        report.adjust("code colours", "rewritten as #rrggbb", f"{code}: {value}")
    else:
        report.drop("code colours", "not a colour", f"{code}: {value}")
    return fixed


def read_codes(container: Element | None, report: ImportReport
               ) -> tuple[list[ExchangeCode], dict[str, str]]:
    """``(codes parents-first, {normalised GUID: code ID})`` from a ``Codes`` element."""
    codes: list[ExchangeCode] = []
    ids: dict[str, str] = {}
    if container is None:
        return codes, ids

    def walk(element: Element, parent: str | None, taken: set[str], depth: int) -> None:
        name = (element.get("name") or "").strip()
        if depth > MAX_CODE_DEPTH:
            raise ExchangeError(f"codes nest more than {MAX_CODE_DEPTH} levels deep",
                                file=report.file, where=f"<Code name=\"{name[:60]}\"> under {parent[:80]}",
                                fix="merge the deeper levels into their parents in the program "
                                    "that wrote the file, and export again")
        texts, stored = parse_code_description(text_of(element, "Description"))
        stored_segment = stored.rsplit("/", 1)[-1] if stored else None
        segment = stored_segment if stored_segment and _SEGMENT.match(stored_segment) \
            else slug(name)
        if segment != name and not stored_segment:
            report.adjust("code names", "made into code IDs (lower-case letters, digits, _ "
                                        "and -); the name stays the label", f"{name} -> {segment}")
        segment = unique(segment, taken)
        code_id = f"{parent}/{segment}" if parent else segment
        codable = (element.get("isCodable") or "true").strip().lower() in ("true", "1")
        codes.append(ExchangeCode(code_id, name or segment, texts,
                                  colour(element.get("color"), report, code_id), codable))
        if not codable:
            report.adjust("folder codes", "isCodable=false: kept as ordinary codes (a study "
                                          "may code any code)", code_id)
        key = normalise_guid(element.get("guid"))
        if key in ids:
            report.adjust("codes", "share a GUID with another code; codings use the first",
                          code_id)
        else:
            ids[key] = code_id
        for _ in children(element, "NoteRef"):
            report.drop("code memos", "memos on codes are not imported", code_id)
        below: set[str] = set()
        for sub in children(element, "Code"):
            walk(sub, code_id, below, depth + 1)

    top: set[str] = set()
    for element in children(container, "Code"):
        walk(element, None, top, 1)
    return codes, ids


def check_namespace(root: Element, expected: str, kind: str, report: ImportReport) -> None:
    """Note a non-standard namespace, or schema problems of a standard file, in the report."""
    found = namespace_of(root)
    if found != expected:
        report.notes.append(f"the XML namespace is {found or 'missing'!r}, not {expected!r} "
                            "(REFI-QDA 1.0); elements were matched by name")
        return
    errors = schema_errors(root, kind, limit=1)
    if errors:
        report.notes.append(f"the file does not validate against the REFI-QDA schema "
                            f"({errors[0]}); everything readable was imported")


def read_codebook_xml(path: str | Path, limits: Limits | None = None
                      ) -> tuple[list[ExchangeCode], ImportReport]:
    """Codes of a ``.qdc`` file and a report of what was dropped or adjusted."""
    path = Path(path)
    limits = limits or Limits()
    try:
        data = read_input(path, ExchangeError, kind="a .qdc file",
                          folder_fix="give the REFI-QDA codebook file itself",
                          limit=limits.max_entry_bytes)
    except FileTooLarge:
        raise ExchangeError(f"the codebook file is larger than the "
                            f"{limits.max_entry_bytes:,} bytes allowed", file=path,
                            fix="check that this is a REFI-QDA codebook (.qdc)") from None
    report = ImportReport(path)
    root = parse_xml(data, path)
    check_namespace(root, CODEBOOK_NS, "codebook", report)
    strip_namespaces(root)
    if root.tag != "CodeBook":
        raise ExchangeError(f"the root element is <{root.tag}>, not <CodeBook>", file=path,
                            fix="a .qdc file holds a REFI-QDA codebook; for a project use .qdpx")
    report.origin = root.get("origin")
    codes, _ = read_codes(next(iter(children(root, "Codes")), None), report)
    for sets in children(root, "Sets"):
        for item in children(sets, "Set"):
            report.drop("code sets", "sets have no equivalent in a codebook", item.get("name"))
    report.codes = len(codes)
    return codes, report


def to_codebook(codes: list[ExchangeCode], name: str, file: Path | None, lang: str = "en"
                ) -> Codebook:
    """A :class:`Codebook` (no rules) from exchange codes, texts under ``lang``."""
    return Codebook([Code(c.id, c.parent, {lang: c.label},
                          {k: {lang: v} for k, v in c.texts.items()}, c.colour)
                     for c in codes], name, file, (lang,))


def read_qdc(path: str | Path, lang: str = "en") -> Codebook:
    """Read a REFI-QDA codebook (``.qdc``) as a :class:`Codebook`: codes with their hierarchy,
    labels, colours and descriptions, and no rules.

    Raises
    ------
    QdcError
        (an :class:`ExchangeError` and a :class:`CodebookError`) when the file cannot be read.

    Examples
    --------
    >>> codebook = read_qdc("atlas-export.qdc")         # doctest: +SKIP
    >>> [c.id for c in codebook.themes]                  # doctest: +SKIP
    """
    path = Path(path)
    try:
        codes, _ = read_codebook_xml(path)
    except ExchangeError as exc:
        raise QdcError(exc.problem, file=exc.file, where=exc.where, value=exc.value,
                       fix=exc.fix) from None
    if not codes:
        raise QdcError("the codebook has no codes", file=path,
                       fix="export the codebook again with its codes")
    return to_codebook(codes, path.stem, path, lang)
