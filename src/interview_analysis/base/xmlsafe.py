"""Safe XML for REFI-QDA: defused parsing, namespace-blind element names, schema validation.

Parsing goes through defusedxml: entity declarations (the "billion laughs" attack) and external
entities are refused, never expanded. Validation uses the official REFI-QDA 1.0 schemas shipped
in ``interview_analysis/data/refi-qda`` (MIT licence, see their header comment).
"""
from __future__ import annotations

import codecs
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden

from ..errors import ExchangeError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SCHEMA_FILES = {"project": "Project-mrt2019.xsd", "codebook": "Codebook-mrt2019.xsd"}


def local(tag: str) -> str:
    """``{urn:...}Code`` -> ``Code``."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace_of(element: Element) -> str:
    return element.tag[1:].split("}", 1)[0] if element.tag.startswith("{") else ""


#: Deepest element nesting accepted. REFI-QDA files nest a few levels (Project > CodeBook >
#: Codes > Code > Code ...); thousands of levels would exhaust Python's recursion in validation
#: and reading.
MAX_DEPTH = 100


def _depth(root: Element) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in element)
    return deepest


def parse_xml(data: bytes, file: str | Path, entry: str | None = None) -> Element:
    """Parse XML bytes safely; a UTF-8 BOM before ``<?xml`` is tolerated.

    Raises
    ------
    ExchangeError
        For malformed XML (with line and column) and for entity declarations or external
        entities, which are refused rather than expanded.
    """
    where = f"entry {entry}" if entry else None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True,
                                 forbid_external=True)
    except EntitiesForbidden as exc:
        kind = "an external entity" if exc.sysid or exc.pubid else "an entity"
        raise ExchangeError(
            f"the XML declares {kind} ({exc.name!r}); entities are refused because they can "
            "read local files or blow up memory (the 'billion laughs' attack)", file=file,
            where=where, fix="export the file again from the QDA program; REFI-QDA files never "
                             "need entity declarations") from None
    except (DTDForbidden, DefusedXmlException) as exc:
        raise ExchangeError(f"the XML contains a construct that is refused for safety ({exc})",
                            file=file, where=where,
                            fix="export the file again from the QDA program") from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        place = ", ".join(p for p in (where, f"line {line}, column {column}" if line else None)
                          if p)
        raise ExchangeError(f"this is not well-formed XML ({exc})", file=file, where=place or None,
                            fix="the file is damaged or not a REFI-QDA file; export it again")\
            from None
    except (LookupError, ValueError) as exc:  # <?xml encoding="klingon"?>, a wrong encoding
        raise ExchangeError(f"this is not well-formed XML ({exc})", file=file, where=where,
                            fix="the file is damaged or not a REFI-QDA file; export it again")\
            from None
    except RecursionError:
        raise ExchangeError("the XML is nested too deeply to read", file=file, where=where,
                            fix="the file is damaged or not a REFI-QDA file; export it "
                                "again") from None
    if _depth(root) > MAX_DEPTH:
        raise ExchangeError(f"the XML nests elements more than {MAX_DEPTH} levels deep (codes "
                            "inside codes inside codes...)", file=file, where=where,
                            fix="a genuine REFI-QDA file is far flatter: the file is damaged or "
                                "was made to attack the importer; flatten the code hierarchy "
                                "and export it again")
    return root


@lru_cache(maxsize=None)
def schema(kind: str):
    """The compiled REFI-QDA schema, ``"project"`` or ``"codebook"`` (loaded once)."""
    import xmlschema
    resource = files("interview_analysis").joinpath("data", "refi-qda", SCHEMA_FILES[kind])
    with as_file(resource) as path:
        return xmlschema.XMLSchema(str(path))


def schema_errors(root: Element, kind: str, limit: int = 5) -> list[str]:
    """Up to ``limit`` validation problems of ``root`` against a REFI-QDA schema."""
    out = []
    for error in schema(kind).iter_errors(root):
        out.append(f"{_short_path(error.path)}: {error.reason}")
        if len(out) >= limit:
            break
    return out


def _short_path(path: str | None) -> str:
    if not path:
        return "<root>"
    return "/".join(local(p) for p in path.replace("}", "}\x00").split("/")).replace("\x00", "")


def validate(data: bytes, kind: str, file: str | Path) -> None:
    """Check exported XML bytes against the official schema; raise :class:`ExchangeError`."""
    root = parse_xml(data, file)
    errors = schema_errors(root, kind)
    if errors:
        raise ExchangeError(
            f"the exported {kind} does not validate against the REFI-QDA schema: "
            + "; ".join(errors), file=file,
            fix="this is a bug in interview-analysis: please report it with the study's "
                "codebook and cases table (the file was not written)")


def strip_namespaces(root: Element) -> Element:
    """Drop namespaces from every tag in place, so ``0:4``/``1:0`` files read like ``1.0``."""
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = local(element.tag)
    return root


def children(element: Element, name: str) -> list[Element]:
    return [c for c in element if c.tag == name]


def child(element: Element, name: str) -> Element | None:
    for c in element:
        if c.tag == name:
            return c
    return None


def text_of(element: Element | None, name: str) -> str | None:
    """The text of the first child ``name`` (``None`` when absent or empty)."""
    node = child(element, name) if element is not None else None
    if node is None or node.text is None:
        return None
    return node.text
