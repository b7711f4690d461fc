"""Read a REFI-QDA project (``.qdpx``) from NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette...

Tolerated, as those programs really write them: any namespace (``codebook:0:4``, ``1:0``),
``Sources/`` or ``sources/``, a project file not named ``project.qde``, a BOM before
``<?xml``, BOM and CRLF in the texts, UTF-16-unit positions (NVivo for Windows; see
:mod:`.positions`), GUIDs in braces or upper case, source names with file extensions,
duplicate names. Everything that cannot be carried into a study is listed in the
:class:`~.report.ImportReport`: media sources, links, sets, graphs, memos not attached to a
coding, zero-length selections, codings of unknown codes, and so on.

The archive is read in memory with size limits (:mod:`.archive`) and the XML with entities
refused (:mod:`.xmlsafe`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

import pandas as pd

from ...base.guids import normalise_guid
from ...base.importreport import ImportReport
from ...base.names import attribute_name, safe_name, unique
from ...base.xmlsafe import (
    PROJECT_NS,
    child,
    children,
    parse_xml,
    strip_namespaces,
    text_of,
)
from ...coding.descriptions import parse_selection_description
from ...coding.qdc import check_namespace, read_codes
from ...errors import ExchangeError
from .archive import Limits, SafeZip
from .model import SPAN_COLUMNS, Exchange, ExchangeCase
from .positions import DESCRIBE, SourceText, choose_counting, decode_source

#: Control characters a transcript cannot hold (line breaks, tabs, page breaks are kept).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MEDIA = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video",
          "PDFSource": "PDF"}


@dataclass
class _Selection:
    source: SourceText
    document: str
    start: int
    end: int
    element: Element | None  # None: a Coding directly under the source (whole text)


def find_project_entry(archive: SafeZip, report: ImportReport) -> str:
    """The one ``*.qde`` entry (any name, any letter case; the root level preferred)."""
    found = [n for n in archive.names() if n.lower().endswith(".qde")]
    top = [n for n in found if "/" not in n.strip("/")]
    chosen = top if top else found
    if len(chosen) != 1:
        raise ExchangeError(
            "the archive holds no project file (*.qde)" if not chosen else
            f"the archive holds {len(chosen)} project files: {', '.join(chosen)}",
            file=archive.path, fix="a .qdpx must contain exactly one project.qde; export the "
                                   "project again as REFI-QDA project")
    if chosen[0] != "project.qde":
        report.notes.append(f"the project file is called {chosen[0]!r}, not 'project.qde'; "
                            "read anyway")
    return chosen[0]


class ProjectReader:
    """Reads one parsed ``Project`` element into an :class:`Exchange`."""

    def __init__(self, archive: SafeZip, root: Element, report: ImportReport) -> None:
        self.archive = archive
        self.root = root
        self.report = report
        self.users: dict[str, str] = {}
        self.code_ids: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.used_notes: set[str] = set()
        self.documents: dict[str, SourceText] = {}
        self.source_of: dict[str, str] = {}      # source GUID -> document
        self.selection_doc: dict[str, str] = {}  # selection GUID -> document
        self.doc_attributes: dict[str, dict] = {}
        self.selections: list[_Selection] = []
        self.variables: dict[str, tuple[str, str]] = {}

    # -- the parts -------------------------------------------------------------------------
    def read(self) -> Exchange:
        root, report = self.root, self.report
        report.origin = root.get("origin")
        self._users()
        book = child(root, "CodeBook")
        codes, self.code_ids = read_codes(child(book, "Codes") if book is not None else None,
                                          report)
        self._notes()
        for sources in children(root, "Sources"):
            for element in sources:
                self._source(element)
        codings = self._codings()
        cases = self._cases()
        self._unsupported()
        texts = {doc: source.canonical for doc, source in self.documents.items()}
        coders = sorted(set(codings["coder"]))
        language = _language(text_of(root, "Description"))
        report.documents, report.codes, report.cases = list(texts), len(codes), len(cases)
        report.codings = {c: int((codings["coder"] == c).sum()) for c in coders}
        if not texts:
            report.notes.append("no text source could be imported; add transcripts to the "
                                "study before analysing it")
        return Exchange(root.get("name") or self.archive.path.stem, language, codes, texts,
                        cases, codings, coders, report.origin)

    def _users(self) -> None:
        taken: set[str] = set()
        for users in children(self.root, "Users"):
            for user in children(users, "User"):
                key = normalise_guid(user.get("guid"))
                raw = user.get("name") or user.get("id") or f"user-{(key or 'x')[:8]}"
                name = unique(safe_name(raw, f"user-{(key or 'x')[:8]}"), taken)
                if name != raw:
                    self.report.adjust("user names", "made safe as file names", f"{raw} -> {name}")
                self.users[key] = name

    def _coder(self, *guids: str | None) -> str:
        for value in [*guids, self.root.get("creatingUserGUID")]:
            key = normalise_guid(value)
            if key in self.users:
                return self.users[key]
            if key:
                name = f"user-{key[:8]}"
                self.report.adjust("codings", "made by a user the file does not list; named "
                                              "after the user's GUID", name)
                self.users[key] = name
                return name
        return "imported"

    def _notes(self) -> None:
        for notes in children(self.root, "Notes"):
            for note in children(notes, "Note"):
                text = self._text_of_source(note)
                self.notes[normalise_guid(note.get("guid"))] = (
                    text.canonical.strip() if text is not None else "")

    def _read_internal(self, path: str) -> bytes | None:
        """An ``internal://`` file, from ``sources/`` or ``Sources/`` (any letter case)."""
        name = path.split("://", 1)[1].lstrip("/")
        info = self.archive.find(f"sources/{name}") or self.archive.find(name)
        if info is None:
            base = name.rsplit("/", 1)[-1].lower()
            matches = [i for i in self.archive.infos if i.filename.lower().rsplit("/", 1)[-1]
                       == base]
            info = matches[0] if len(matches) == 1 else None
        return self.archive.read(info) if info is not None else None

    def _text_of_source(self, element: Element) -> SourceText | None:
        inline = text_of(element, "PlainTextContent")
        if inline is not None:
            return SourceText(inline)
        path = element.get("plainTextPath") or ""
        if path.lower().startswith("internal://"):
            data = self._read_internal(path)
            return SourceText(decode_source(data)) if data is not None else None
        return None

    def _source(self, element: Element) -> None:
        tag, name = element.tag, element.get("name") or element.get("guid")
        if tag == "TextSource":
            self._text_source(element, element, name)
        elif tag == "PDFSource" and child(element, "Representation") is not None:
            self.report.adjust("PDF sources", "imported as their plain-text representation",
                               name)
            self._text_source(element, child(element, "Representation"), name)
            for _ in children(element, "PDFSelection"):
                self.report.drop("PDF area selections", "only text selections can be imported",
                                 name)
        elif tag in _MEDIA:
            n = sum(1 for e in element.iter() if e.tag.endswith("Selection"))
            self.report.drop("media sources", "only text sources can be imported into a study "
                                              "of transcripts", f"{name} ({_MEDIA[tag]})")
            if n:
                self.report.drop("media selections", "they belong to a media source", name, n)
        else:
            self.report.drop("unknown sources", "not a REFI-QDA source type", f"<{tag}>")

    def _text_source(self, element: Element, text_element: Element, name: str) -> None:
        source = self._text_of_source(text_element)
        selections = children(text_element, "PlainTextSelection")
        if source is None or not source.canonical.strip():
            reason = "the plain text is empty" if source is not None else \
                "the plain text is not inside the archive (only internal:// files are read)"
            if text_element.get("richTextPath"):
                reason += "; rich-text files (.docx) are not converted"
            self.report.drop("text sources", reason, name)
            if selections:
                self.report.drop("selections", "their source was not imported", name,
                                 len(selections))
            return
        doc = unique(safe_name(name, "document", document=True), {d.casefold()
                                                                   for d in self.documents})
        cleaned = _CONTROL.sub(" ", source.canonical)
        if cleaned != source.canonical:  # one character for one: positions stay valid
            source.canonical = cleaned
            self.report.adjust("source texts", "control characters (not text, e.g. NUL) "
                                               "replaced by spaces", doc)
        if doc != name:
            self.report.adjust("source names", "made into document IDs (file names)",
                               f"{name} -> {doc}")
        self.documents[doc] = source
        self.source_of[normalise_guid(element.get("guid"))] = doc
        for selection in selections:
            self.selection_doc[normalise_guid(selection.get("guid"))] = doc
            try:
                start = int(selection.get("startPosition"))
                end = int(selection.get("endPosition"))
            except (TypeError, ValueError):
                self.report.drop("selections", "positions are not whole numbers", doc)
                continue
            self.selections.append(_Selection(source, doc, start, end, selection))
        for coding in children(text_element, "Coding"):
            self.selections.append(_Selection(source, doc, 0, -1, coding))
        attributes = self._values(element)
        if attributes:
            self.doc_attributes[doc] = attributes

    # -- codings ---------------------------------------------------------------------------
    def _codings(self) -> pd.DataFrame:
        spans = [(s.source, s.start, s.end) for s in self.selections if s.end >= 0]
        counting, scores = choose_counting(spans, self.report.origin)
        if counting != "codepoints":
            self.report.adjust("selections", f"positions counted in {DESCRIBE[counting]} were "
                                             "converted to characters", count=len(spans))
        rows: dict[tuple, dict] = {}
        for selection in self.selections:
            for row in self._rows(selection, counting):
                key = tuple(row[k] for k in ("coder", "document", "start", "end", "code"))
                if key in rows:
                    self.report.adjust("codings", "duplicates merged (same coder, span and code)",
                                       f"{key[1]} {key[2]}-{key[3]} {key[4]}")
                    if row["memo"] and row["memo"] != rows[key]["memo"]:
                        rows[key]["memo"] = "\n\n".join(m for m in (rows[key]["memo"],
                                                                    row["memo"]) if m)
                    continue
                rows[key] = row
        frame = pd.DataFrame(list(rows.values()), columns=SPAN_COLUMNS)
        return frame.sort_values(["coder", "document", "start", "end", "code"],
                                 kind="stable").reset_index(drop=True)

    def _span(self, selection: _Selection, counting: str) -> tuple[int, int] | None:
        source, doc = selection.source, selection.document
        if selection.end < 0:  # a Coding of the whole source
            self.report.adjust("codings of a whole source", "imported as a coding of the whole "
                                                            "text", doc)
            return 0, len(source.canonical)
        start = source.to_canonical(selection.start, counting)
        end = source.to_canonical(selection.end, counting)
        if start is None or end is None:
            self.report.drop("selections", "positions outside the text",
                             f"{doc} {selection.start}-{selection.end}")
            return None
        if start > end:
            self.report.adjust("selections", "start and end swapped", f"{doc} {start}-{end}")
            start, end = end, start
        if start == end:
            self.report.drop("zero-length selections", "they select no text",
                             f"{doc} at {start}")
            return None
        return start, end

    def _note_texts(self, element: Element) -> list[str]:
        out = []
        for ref in children(element, "NoteRef"):
            key = normalise_guid(ref.get("targetGUID"))
            if key in self.notes:
                self.used_notes.add(key)
                if self.notes[key]:
                    out.append(self.notes[key])
        return out

    def _rows(self, selection: _Selection, counting: str) -> list[dict]:
        element = selection.element
        codings = [element] if selection.end < 0 else children(element, "Coding")
        if not codings:
            has_memo = text_of(element, "Description") or children(element, "NoteRef")
            self.report.drop("selections without a code",
                             "a study keeps codings only (MAXQDA writes memos this way)"
                             if has_memo else "a study keeps codings only", selection.document)
            return []
        span = self._span(selection, counting)
        if span is None:
            return []
        stance, rest = (None, None) if selection.end < 0 else \
            parse_selection_description(text_of(element, "Description"))
        shared = ([] if selection.end < 0 else self._note_texts(element)) + ([rest] if rest
                                                                            else [])
        rows = []
        for coding in codings:
            ref = child(coding, "CodeRef")
            code = self.code_ids.get(normalise_guid(ref.get("targetGUID")) if ref is not None
                                     else None)
            if code is None:
                self.report.drop("codings", "their code is not in the codebook",
                                 ref.get("targetGUID") if ref is not None else "no CodeRef")
                continue
            memo = "\n\n".join([*self._note_texts(coding), *shared]) or None
            coder = self._coder(coding.get("creatingUser"), element.get("creatingUser"))
            rows.append({"coder": coder, "document": selection.document, "start": span[0],
                         "end": span[1], "code": code, "stance": stance, "memo": memo})
        return rows

    # -- cases and the rest -----------------------------------------------------------------
    def _values(self, element: Element) -> dict:
        out = {}
        for holder in children(element, "VariableValue"):
            ref = child(holder, "VariableRef")
            key = normalise_guid(ref.get("targetGUID")) if ref is not None else None
            if key not in self.variables:
                self._variables()
            name = self.variables.get(key, (None,))[0]
            if name is None:
                self.report.drop("variable values", "their variable is not defined",
                                 key or "no VariableRef")
                continue
            value = _typed_value(holder, self.report, name)
            if value is not None:
                out[name] = value
        return out

    def _variables(self) -> None:
        for variables in children(self.root, "Variables"):
            for variable in children(variables, "Variable"):
                raw = (variable.get("name") or "").strip()
                name = attribute_name(raw)
                key = normalise_guid(variable.get("guid"))
                if name != raw and key not in self.variables:
                    self.report.adjust("variable names", "made into cases.csv column names",
                                       f"{raw or '(none)'} -> {name}")
                self.variables[key] = (name, variable.get("typeOfVariable") or "Text")

    def _cases(self) -> list[ExchangeCase]:
        from .cases import build_cases
        return build_cases(self)

    def _unsupported(self) -> None:
        report = self.report
        for name, what, reason in (("Links", "links", "links between items have no equivalent "
                                                      "in a study"),
                                   ("Sets", "sets", "sets have no equivalent in a study"),
                                   ("Graphs", "graphs", "graphs (networks, maps) are not "
                                                        "imported")):
            for holder in children(self.root, name):
                for item in holder:
                    report.drop(what, reason, item.get("name") or item.get("guid"))
        unused = [k for k in self.notes if k not in self.used_notes]
        if unused:
            report.drop("notes", "memos not attached to a coding (project, source, code and "
                                 "link memos) are not imported", count=len(unused))


def _language(description: str | None) -> str | None:
    match = re.search(r"^language:\s*([a-z]{2,3})\s*$", description or "", re.M)
    return match.group(1) if match else None


def _typed_value(holder: Element, report: ImportReport, name: str):
    for element in holder:
        if element.tag == "VariableRef" or element.text is None:
            continue
        text = element.text.strip()
        try:
            if element.tag == "IntegerValue":
                return int(text)
            if element.tag == "FloatValue":
                return float(text)
            if element.tag == "BooleanValue":
                return text.lower() in ("true", "1")
        except ValueError:
            report.adjust("variable values", "not of their declared type; kept as text",
                          f"{name}: {text}")
        return text or None
    return None


def read_project(path: str | Path, limits: Limits | None = None
                 ) -> tuple[Exchange, ImportReport]:
    """Read a ``.qdpx`` into an :class:`Exchange` and an :class:`ImportReport` (no writing)."""
    path = Path(path)
    report = ImportReport(path)
    with SafeZip(path, limits) as archive:
        entry = find_project_entry(archive, report)
        root = parse_xml(archive.read(archive.find(entry)), path, entry)
        check_namespace(root, PROJECT_NS, "project", report)
        strip_namespaces(root)
        if root.tag != "Project":
            raise ExchangeError(f"the root element of {entry} is <{root.tag}>, not <Project>",
                                file=path, fix="export the project again as REFI-QDA project")
        return ProjectReader(archive, root, report).read(), report
