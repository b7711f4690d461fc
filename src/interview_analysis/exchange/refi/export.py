"""Write a study as a REFI-QDA project (``.qdpx``) or codebook (``.qdc``).

What goes where
---------------
* Coders become ``Users``; the codebook becomes ``CodeBook`` with its hierarchy. Every code has
  ``isCodable="true"``: in a study any code, a theme included, may be coded (the CSV contract
  allows it), and a non-codable theme would make such codings impossible to carry. Colours are
  written as ``#rrggbb``; the definition, when to use / not to use and an example, in the study
  language, plus the code ID go into ``Description`` (see :mod:`.descriptions`).
* Case attributes become ``Variables`` (type inferred: Integer, Float, Boolean, Date or Text)
  and ``Cases`` with ``VariableValue`` and a ``SourceRef`` to each of the case's documents.
* Each transcript is a ``TextSource`` whose canonical text is ``sources/<GUID>.txt`` (UTF-8,
  no BOM, LF); positions count Unicode code points from 0, end exclusive.
* Each coding is one ``PlainTextSelection`` holding one ``Coding`` (``creatingUser`` = the
  coder). Its stance is the selection's ``Description`` line ``stance: positive`` (REFI has no
  stance field); its memo is a ``Note`` referenced by a ``NoteRef`` on the ``Coding``.
* Empty containers are left out (the schema requires at least one child). Rules, rule examples
  and recommendations have no place in REFI-QDA and are not exported (a warning says so).

GUIDs are derived from names (:mod:`.guids`), no dates are written and the ZIP entries have a
fixed date, so exporting unchanged data twice gives identical bytes. Every export is validated
against the official schema before anything is written.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

from ...base.atomic import write_bytes
from ...base.guids import guid
from ...base.xmlsafe import CODEBOOK_NS, PROJECT_NS, validate
from ...coding.descriptions import code_description, stance_description
from ...version import __version__
from .archive import zip_bytes
from .model import Exchange, ExchangeCode, is_missing

ORIGIN = f"interview-analysis {__version__}"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_VALUE_ELEMENT = {"Text": "TextValue", "Boolean": "BooleanValue", "Integer": "IntegerValue",
                  "Float": "FloatValue", "Date": "DateValue", "DateTime": "DateTimeValue"}


def _sub(parent: ET.Element, tag: str, attrs: dict | None = None, text: str | None = None
         ) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _xml_text(str(v)) for k, v in (attrs or {}).items()
                                          if v is not None})
    if text is not None:
        element.text = _xml_text(text)
    return element


def _xml_text(text: str) -> str:
    """Characters XML 1.0 cannot hold (most control characters) become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def value_text(value, kind: str) -> str:
    """An attribute value as the XML Schema lexical form of its REFI type."""
    if kind == "Boolean":
        return "true" if value else "false"
    if kind == "Integer":
        return str(int(value))
    if kind == "Float":  # xsd:decimal: no exponent
        text = format(Decimal(repr(float(value))), "f")
        return text if "." in text else text + ".0"
    if kind == "Date":
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return str(value)


def _codes(parent: ET.Element, codes: list[ExchangeCode], lang: str, with_ids: bool) -> None:
    elements: dict[str, ET.Element] = {}
    holder = _sub(parent, "Codes")
    for code in codes:
        container = elements.get(code.parent, holder) if code.parent else holder
        element = _sub(container, "Code", {
            "guid": guid("code", code.id), "name": code.label or code.id.rsplit("/", 1)[-1],
            "isCodable": "true" if code.codable else "false", "color": code.colour})
        description = code_description(code.texts, code.id if with_ids else None, lang)
        if description:
            _sub(element, "Description", text=description)
        elements[code.id] = element


def _users(root: ET.Element, ex: Exchange) -> None:
    coders = sorted(set(ex.coders) | set(ex.codings["coder"]))
    if coders:
        users = _sub(root, "Users")
        for coder in coders:
            _sub(users, "User", {"guid": guid("user", coder), "name": coder})


def _variables_and_cases(root: ET.Element, ex: Exchange) -> None:
    types = ex.variables()
    if types:
        variables = _sub(root, "Variables")
        for name, kind in types.items():
            _sub(variables, "Variable", {"guid": guid("variable", name), "name": name,
                                         "typeOfVariable": kind})
    known = set(ex.documents)
    if not ex.cases:
        return
    cases = _sub(root, "Cases")
    for case in ex.cases:
        element = _sub(cases, "Case", {"guid": guid("case", case.id), "name": case.id})
        for name, value in case.attributes.items():
            if is_missing(value):
                continue
            holder = _sub(element, "VariableValue")
            _sub(holder, "VariableRef", {"targetGUID": guid("variable", name)})
            _sub(holder, _VALUE_ELEMENT[types[name]], text=value_text(value, types[name]))
        for doc in case.documents:
            if doc in known:
                _sub(element, "SourceRef", {"targetGUID": guid("source", doc)})


def _sources(root: ET.Element, ex: Exchange) -> tuple[dict[str, bytes], list[tuple]]:
    files, notes = {}, []
    if not ex.documents:
        return files, notes
    sources = _sub(root, "Sources")
    by_doc = {doc: group for doc, group in ex.codings.groupby("document", sort=False)}
    for doc, text in ex.documents.items():
        source_guid = guid("source", doc)
        files[f"sources/{source_guid}.txt"] = text.encode("utf-8")
        element = _sub(sources, "TextSource", {"guid": source_guid, "name": doc,
                                               "plainTextPath": f"internal://{source_guid}.txt"})
        group = by_doc.get(doc)
        if group is None:
            continue
        rows = group.sort_values(["start", "end", "code", "coder"], kind="stable")
        for row in rows.to_dict("records"):
            key = (doc, int(row["start"]), int(row["end"]), row["code"], row["coder"])
            selection = _sub(element, "PlainTextSelection", {
                "guid": guid("selection", *key), "startPosition": str(key[1]),
                "endPosition": str(key[2]), "creatingUser": guid("user", row["coder"])})
            stance = None if is_missing(row["stance"]) else row["stance"]
            if stance:
                _sub(selection, "Description", text=stance_description(stance))
            coding = _sub(selection, "Coding", {"guid": guid("coding", *key),
                                                "creatingUser": guid("user", row["coder"])})
            _sub(coding, "CodeRef", {"targetGUID": guid("code", row["code"])})
            if not is_missing(row["memo"]) and row["memo"]:
                note_guid = guid("note", *key)
                _sub(coding, "NoteRef", {"targetGUID": note_guid})
                notes.append((note_guid, row["coder"], row["code"], row["memo"]))
    return files, notes


def _notes(root: ET.Element, notes: list[tuple]) -> None:
    if notes:
        holder = _sub(root, "Notes")
        for note_guid, coder, code, memo in notes:
            note = _sub(holder, "Note", {"guid": note_guid, "name": f"Memo: {code}",
                                         "creatingUser": guid("user", coder)})
            _sub(note, "PlainTextContent", text=memo)


def project_xml(ex: Exchange) -> tuple[bytes, dict[str, bytes]]:
    """``(project.qde bytes, {sources/<GUID>.txt: bytes})`` for an exchange project."""
    root = ET.Element("Project", {"xmlns": PROJECT_NS, "name": ex.name or "project",
                                  "origin": ex.origin or ORIGIN})
    _users(root, ex)
    if ex.codes:
        _codes(_sub(root, "CodeBook"), ex.codes, ex.language or "en", with_ids=True)
    _variables_and_cases(root, ex)
    files, notes = _sources(root, ex)
    _notes(root, notes)
    if ex.language:
        _sub(root, "Description", text=f"Exported by {ORIGIN}.\nlanguage: {ex.language}")
    return _serialise(root), files


def codebook_xml(ex: Exchange) -> bytes:
    """The ``.qdc`` bytes of an exchange project's codes."""
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": ex.origin or ORIGIN})
    _codes(root, ex.codes, ex.language or "en", with_ids=True)
    return _serialise(root)


def qdpx_bytes(ex: Exchange, file: str | Path = "<export>") -> bytes:
    """The whole ``.qdpx`` archive, validated against the project schema."""
    xml, files = project_xml(ex)
    validate(xml, "project", file)
    return zip_bytes({"project.qde": xml, **files})


def write_qdpx(ex: Exchange, out: str | Path) -> Path:
    """Validate and atomically write a ``.qdpx`` file."""
    return write_bytes(out, qdpx_bytes(ex, out))


def write_qdc(ex: Exchange, out: str | Path) -> Path:
    """Validate and atomically write a ``.qdc`` codebook."""
    from ...errors import ExchangeError
    if not ex.codes:
        raise ExchangeError("the study has no codes to export", file=out,
                            fix="add a codebook to study.yaml ('codebook: codebook.yaml')")
    xml = codebook_xml(ex)
    validate(xml, "codebook", out)
    return write_bytes(out, xml)
