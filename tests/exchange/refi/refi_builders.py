"""Hand-built REFI-QDA files for the import tests: one small fixture per vendor quirk."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
USER = "2f1d6c0e-7a3b-4c55-9d10-0000000000aa"
THEME = "2f1d6c0e-7a3b-4c55-9d10-0000000000c1"
CODE = "2f1d6c0e-7a3b-4c55-9d10-0000000000c2"
SOURCE = "2f1d6c0e-7a3b-4c55-9d10-0000000000d1"
TEXT = "Sähköposti on paras kanava. Puhelin ei.\n"


def utf16(text: str, index: int) -> int:
    """The UTF-16 code-unit offset of code point ``index`` (how NVivo/Windows counts)."""
    return len(text[:index].encode("utf-16-le")) // 2


def selection(start: int, end: int, code: str = CODE, guid_no: int = 1, user: str = USER,
              inner: str = "") -> str:
    g = f"2f1d6c0e-7a3b-4c55-9d10-0000000{guid_no:05d}"
    return (f'<PlainTextSelection guid="{g}" startPosition="{start}" endPosition="{end}" '
            f'creatingUser="{user}">{inner}<Coding guid="{g[:-5]}9{guid_no:04d}" '
            f'creatingUser="{user}"><CodeRef targetGUID="{code}"/></Coding>'
            "</PlainTextSelection>")


def project(selections: str = "", *, ns: str = PROJECT_NS, origin: str = "TestTool 1.0",
            source_name: str = "Haastattelu 1.docx", text_path: str | None = None,
            theme_guid: str = THEME, code_guid: str = CODE, after_sources: str = "",
            extra_sources: str = "", cases: str = "", variables: str = "",
            xml_decl: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    path = text_path or f"internal://{SOURCE}.txt"
    return (f'{xml_decl}<Project xmlns="{ns}" name="Testi" origin="{origin}">'
            f'<Users><User guid="{USER}" name="Anna Virtanen"/></Users>'
            f'<CodeBook><Codes><Code guid="{theme_guid}" name="Kanavat" isCodable="true">'
            f'<Description>Yhteydenpidon kanavat.</Description>'
            f'<Code guid="{code_guid}" name="Sähköposti" isCodable="true" color="#FF0000"/>'
            f"</Code></Codes></CodeBook>{variables}{cases}"
            f'<Sources><TextSource guid="{SOURCE}" name="{source_name}" plainTextPath="{path}">'
            f"{selections}</TextSource>{extra_sources}</Sources>{after_sources}</Project>")


def qdpx(path: Path, qde: str | bytes, files: dict[str, bytes] | None = None,
         qde_name: str = "project.qde", text: str | bytes | None = TEXT,
         folder: str = "sources") -> Path:
    """Write a ``.qdpx`` with ``qde`` and the source text (plus any ``files``)."""
    entries = {qde_name: qde.encode("utf-8") if isinstance(qde, str) else qde}
    if text is not None:
        entries[f"{folder}/{SOURCE}.txt"] = text.encode("utf-8") if isinstance(text, str) \
            else text
    entries.update(files or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())
    return path


def codebook(ns: str = CODEBOOK_NS, sets: str = "") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="{ns}" origin="ATLAS.ti">'
            f'<Codes><Code guid="{THEME}" name="Kanavat" isCodable="false">'
            f"<Description>Yhteydenpidon kanavat.</Description>"
            f'<Code guid="{CODE}" name="Sähköposti" isCodable="true" color="#f00"/></Code>'
            f"</Codes>{sets}</CodeBook>")
