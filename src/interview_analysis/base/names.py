"""Names from other tools made safe as code IDs, document IDs, case IDs and coder file names."""
from __future__ import annotations

import re
import unicodedata

#: File extensions tools leave in source names ("H1.docx"); the document ID drops them.
DOCUMENT_EXTENSIONS = (".txt", ".docx", ".doc", ".rtf", ".odt", ".pdf", ".md", ".html", ".htm")
#: Stems a study folder does not treat as transcripts (see ``study.find_transcript_files``).
RESERVED_STEMS = {"readme", "cases", "study", "license", "changelog"}
_UNSAFE_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|\[\]]+')


def slug(name: str, fallback: str = "code") -> str:
    """A code ID segment: lower-case ASCII letters, digits, ``_`` and ``-`` (``Sähköposti`` ->
    ``sahkoposti``)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9_-]+", "_", text).strip("_-")
    return text or fallback


def safe_name(name: str | None, fallback: str, document: bool = False) -> str:
    """A name usable as a file stem and sheet name: no path separators or control characters,
    no leading dot, underscore or ``~``; document names lose a trailing file extension."""
    text = unicodedata.normalize("NFC", (name or "").strip())
    if document:
        for ext in DOCUMENT_EXTENSIONS:
            if text.lower().endswith(ext) and len(text) > len(ext):
                text = text[: -len(ext)]
                break
    text = _UNSAFE.sub("_", text)
    if document:  # cases.csv lists a case's documents separated by ';' or ','
        text = re.sub(r"\s*[;,]\s*", " - ", text)
    text = text.strip().lstrip("._~").strip()
    text = text[:100].strip()
    if not text:
        return fallback
    if document and text.lower() in RESERVED_STEMS:
        text += "-doc"
    return text


#: Column names of ``cases.csv`` that a variable (case attribute) cannot have.
RESERVED_COLUMNS = {"case", "document", "documents"}


def attribute_name(name: str | None) -> str:
    """A variable name usable as a ``cases.csv`` column: one line, no control characters,
    not one of the table's own columns (``case`` -> ``case (variable)``)."""
    text = " ".join(_UNSAFE_TEXT.sub(" ", unicodedata.normalize("NFC", name or "")).split())
    text = text[:100].strip() or "variable"
    return f"{text} (variable)" if text.casefold() in RESERVED_COLUMNS else text


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name-2``, ``name-3``... if taken (case-insensitively); adds it to taken."""
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name}-{n}"
    taken.add(candidate.casefold())
    return candidate
