"""Named styles and the document language of ``report.docx``.

Every kind of paragraph gets a real named style, so that a thesis template (or Word's
*Styles* pane) restyles all of them at once: built-in ``Quote``, ``Caption``, ``List Number``,
``List Bullet``, ``TOC Heading``, ``TOC 1``/``TOC 2`` and our own ``Quote Source`` (the
character style of a quotation's case label), ``Research Question`` and ``Recommendation``
(numbered, each list starting at 1), ``Definition``, ``Evidence``, ``Table Note``,
``Table Text``, ``Table Heading`` and ``Figure``. The language (``fi-FI``, ``en-GB``) is set
on the document defaults, on every style and on every run, so Word spell-checks a Finnish
report in Finnish.
"""
from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

#: BCP 47 tags Word uses for the report languages.
LANGUAGE_TAGS = {"fi": "fi-FI", "en": "en-GB", "sv": "sv-SE", "de": "de-DE", "fr": "fr-FR"}
#: Styles of the paragraph kinds of :mod:`.blocks`.
KIND_STYLES = {"body": "Normal", "definition": "Definition", "evidence": "Evidence",
               "note": "Table Note", "question": "Research Question",
               "recommendation": "Recommendation", "bullet": "List Bullet", "intro": "Normal"}
#: rPr children that must come after ``w:lang`` (ECMA-376 CT_RPr order).
_AFTER_LANG = {qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath"), qn("w:rPrChange")}
BLACK = RGBColor(0, 0, 0)


def language_tag(lang: str) -> str:
    """``fi`` → ``fi-FI``; an unknown code is returned as it is."""
    return LANGUAGE_TAGS.get(lang, lang)


def set_lang(rpr, tag: str) -> None:
    """Put ``<w:lang w:val=tag>`` in a run-properties element, in schema order."""
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), tag)
    el.set(qn("w:eastAsia"), tag)
    el.set(qn("w:bidi"), tag)
    after = [c for c in rpr if c.tag in _AFTER_LANG]
    if after:
        after[0].addprevious(el)
    else:
        rpr.append(el)


def _rpr(parent):
    rpr = parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr = parent.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(rpr)
        else:
            parent.insert(0, rpr)
    return rpr


def apply_language(doc, lang: str) -> None:
    """The document language on the defaults, every style and every run of the body."""
    tag = language_tag(lang)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    set_lang(_rpr(rpr_default), tag)
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) in ("paragraph", "character", "table"):
            set_lang(style.get_or_add_rPr(), tag)
    for run in doc.element.body.iter(qn("w:r")):
        set_lang(run.get_or_add_rPr(), tag)


def _style(doc, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, base: str | None = "Normal"):
    styles = doc.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, kind)
    if base:
        style.base_style = styles[base]
    style.quick_style = True
    return style


def _restart_numbering(doc, style) -> None:
    """Give ``style`` a numbering instance of its own that starts at 1 (so research
    questions and recommendations are two lists, not one)."""
    numbering = doc.part.numbering_part.element
    base = doc.styles["List Number"].element.pPr.numPr.numId.val
    abstract = next(n for n in numbering.num_lst if n.numId == base).abstractNumId.val
    num = numbering.add_num(abstract)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    style.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = num.numId


def _small(style, size: float = 9.0, grey: bool = False) -> None:
    style.font.size = Pt(size)
    if grey:
        style.font.color.rgb = RGBColor(0x40, 0x40, 0x40)


def _numbered(doc, name: str, bold: bool) -> None:
    style = _style(doc, name, base="List Number")
    style.font.bold = bold
    style.paragraph_format.keep_with_next = bold
    style.paragraph_format.space_before = Pt(6 if bold else 0)
    _restart_numbering(doc, style)


def define_styles(doc) -> None:
    """Create and tune every style the report uses (see the module docstring)."""
    caption = doc.styles["Caption"]  # black, upright, 10 pt: the usual thesis look
    caption.font.color.rgb, caption.font.bold, caption.font.italic = BLACK, False, False
    caption.font.size = Pt(10)
    caption.paragraph_format.space_after = Pt(10)
    quote = doc.styles["Quote"]
    quote.font.italic, quote.font.color.rgb = True, BLACK
    fmt = quote.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(1.0)
    fmt.space_before, fmt.space_after = Pt(3), Pt(6)
    source = _style(doc, "Quote Source", WD_STYLE_TYPE.CHARACTER, base=None)
    source.font.italic = False
    _numbered(doc, "Research Question", bold=False)
    _numbered(doc, "Recommendation", bold=True)
    _small(_style(doc, "Definition"), 9.5, grey=True)
    _small(_style(doc, "Evidence"), 9.0, grey=True)
    note = _style(doc, "Table Note")
    _small(note, 9.0)
    note.paragraph_format.space_after = Pt(12)
    text = _style(doc, "Table Text")
    _small(text, 9.0)
    text.paragraph_format.space_after = Pt(0)
    text.paragraph_format.space_before = Pt(0)
    head = _style(doc, "Table Heading", base="Table Text")
    head.font.bold = True
    figure = _style(doc, "Figure")
    figure.paragraph_format.keep_with_next = True
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for level in (1, 2):
        toc = _style(doc, f"TOC {level}")
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
