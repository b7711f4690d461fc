"""Cases of an imported project: REFI ``Cases`` (or source variables) as study cases.

A study case owns documents and has attributes. REFI cases point at sources (``SourceRef``)
or at selections (``SelectionRef``; the case gets the selection's document). Tools that keep
variables on the sources instead (MAXQDA document variables) give one case per document. A
document can belong to one case only; every document without a case becomes its own case.
"""
from __future__ import annotations

from ...base.guids import normalise_guid
from ...base.names import safe_name, unique
from ...base.xmlsafe import child, children
from .model import ExchangeCase


def _documents_of(reader, case, name: str) -> list[str]:
    docs: list[str] = []
    for tag, table in (("SourceRef", reader.source_of), ("SelectionRef", reader.selection_doc)):
        for ref in children(case, tag):
            doc = table.get(normalise_guid(ref.get("targetGUID")))
            if doc is None:
                reader.report.drop("case references", "they point at a source that was not "
                                                      "imported", name)
            elif doc not in docs:
                docs.append(doc)
    return docs


def build_cases(reader) -> list[ExchangeCase]:
    """The cases of ``reader`` (an ``importer.ProjectReader``) after its sources are read."""
    report = reader.report
    cases: list[ExchangeCase] = []
    owner: dict[str, str] = {}
    taken: set[str] = set()
    holder = child(reader.root, "Cases")
    for n, case in enumerate(children(holder, "Case") if holder is not None else [], start=1):
        raw = (case.get("name") or "").strip()
        name = unique(safe_name(raw, f"case-{n}"), taken)
        if name != raw:
            report.adjust("case names", "made safe (or given one when missing)",
                          f"{raw or '(none)'} -> {name}")
        if children(case, "CodeRef"):
            report.drop("case codes", "codes attached to a whole case are not imported", name,
                        len(children(case, "CodeRef")))
        docs = []
        for doc in _documents_of(reader, case, name):
            if doc in owner:
                report.drop("case memberships", f"a document belongs to one case only; it stays "
                                                f"with case '{owner[doc]}'", f"{doc} in {name}")
            else:
                owner[doc] = name
                docs.append(doc)
        if not docs:
            report.drop("cases", "they have no imported text source", name)
            taken.discard(name.casefold())
            continue
        cases.append(ExchangeCase(name, docs, reader._values(case)))
    by_name = {c.id: c for c in cases}
    for doc in reader.documents:
        attributes = reader.doc_attributes.get(doc, {})
        if doc in owner:
            case = by_name[owner[doc]]
            for key, value in attributes.items():
                if key in case.attributes and case.attributes[key] != value:
                    report.drop("source variable values", "the case already has another "
                                                          "value", f"{doc}: {key}")
                else:
                    case.attributes.setdefault(key, value)
        else:
            cases.append(ExchangeCase(unique(doc, taken), [doc], dict(attributes)))
    return _all_variables(reader, cases)


def _all_variables(reader, cases: list[ExchangeCase]) -> list[ExchangeCase]:
    """Every declared variable becomes a column, in declaration order, even if it has no
    values (so an empty attribute survives a round trip)."""
    reader._variables()
    declared = list(dict.fromkeys(name for name, _ in reader.variables.values()))
    for case in cases:
        case.attributes = {**{n: case.attributes.get(n) for n in declared}, **case.attributes}
    return cases
