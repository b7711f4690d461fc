"""Word fields and links of ``report.docx``: SEQ numbers, the table of contents, bookmarks,
internal hyperlinks and the alternative text of pictures.

Fields are written as Word itself writes them (``fldChar`` begin / ``instrText`` / separate /
result / end), with their current result filled in, so the document reads correctly before
anyone presses F9. ``w:updateFields`` asks Word to refresh them (page numbers of the table
of contents) when the file is opened.
"""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def _fld(paragraph, kind: str) -> None:
    run = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    run._r.append(el)


def _instruction(paragraph, instruction: str) -> None:
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)


def field_run(paragraph, instruction: str, result: str) -> None:
    """A field (``SEQ Figure \\* ARABIC``) with its current ``result`` in ``paragraph``."""
    _fld(paragraph, "begin")
    _instruction(paragraph, instruction)
    _fld(paragraph, "separate")
    paragraph.add_run(result)
    _fld(paragraph, "end")


def bookmark(paragraph, name: str, number: int) -> None:
    """Wrap the content of ``paragraph`` in a bookmark ``name`` (a link target); ``number``
    is the bookmark's ID, unique in the document."""
    ident = str(number)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), ident)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), ident)
    ppr = paragraph._p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def bookmark_name(anchor: str) -> str:
    """A Word bookmark name for an anchor: starts with a letter, at most 40 characters;
    ``_Toc`` bookmarks are hidden from the user's bookmark list, as Word's own are."""
    return ("_Toc_" + anchor.replace("-", "_"))[:40]


def internal_link(paragraph, text: str, anchor: str, style: str | None = None) -> None:
    """``text`` as a hyperlink to the bookmark ``anchor`` in the same document."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = paragraph.add_run(text, style)
    link.append(run._r)
    paragraph._p.append(link)


def table_of_contents(doc, entries: list[tuple[int, str, str]], note: str,
                      heading: str) -> None:
    """A ``TOC \\o "1-2" \\h`` field whose current result lists ``entries`` —
    ``(level, text, bookmark)`` — as links, so the contents read before Word updates them."""
    doc.add_paragraph(heading, style="TOC Heading")
    first = doc.add_paragraph(style="TOC 1")
    _fld(first, "begin")
    _instruction(first, 'TOC \\o "1-2" \\h \\z \\u')
    _fld(first, "separate")
    paragraphs = [first]
    for i, (level, text, name) in enumerate(entries):
        p = first if i == 0 else doc.add_paragraph(style=f"TOC {min(level, 2)}")
        internal_link(p, text, name)
        paragraphs.append(p)
    _fld(paragraphs[-1], "end")
    doc.add_paragraph(note, style="Table Note")


#: Settings that come after ``w:updateFields`` (ECMA-376 CT_Settings order).
_AFTER_UPDATE = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                 "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                 "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                 "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def update_fields_on_open(doc) -> None:
    """Ask Word to update every field (the contents' page numbers) when the file opens."""
    settings = doc.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    later = {qn(f"w:{name}") for name in _AFTER_UPDATE}
    after = [c for c in settings if c.tag in later]
    if after:
        after[0].addprevious(el)
    else:
        settings.append(el)


def theme_language(doc, tag: str) -> None:
    """The language Word gives the theme fonts (``w:themeFontLang``)."""
    for el in doc.settings.element.findall(qn("w:themeFontLang")):
        el.set(qn("w:val"), tag)


def describe_picture(shape, title: str, description: str) -> None:
    """The alternative text of an inline picture (``wp:docPr`` ``title`` and ``descr``)."""
    doc_pr = shape._inline.docPr
    doc_pr.set("title", title)
    doc_pr.set("descr", description)
