"""Hypothesis strategies for structured-but-wrong input: almost a transcript, a codebook, a
REFI-QDA project... close enough to get past the first checks and into the parsing code."""
from __future__ import annotations

import io
import re
import zipfile

import yaml
from hypothesis import strategies as st

# -- text --------------------------------------------------------------------------------------
#: Characters that matter to the parsers, plus some that usually break things.
SPECIAL = list(":;,\t\n\r\"'<>&/\\[]{}()*#=-.> ") + ["\x00", "\x0b", "\u2028", "\ufeff",
                                                     "\u200e", "é", "ä", "😀", "\U0010ffff"]
WORDS = ["H1", "Haastattelija", "Q", "A", "Anna Virtanen", "sähköposti", "WEBVTT", "NOTE",
         "-->", "00:00:01.000", "00:01,5", "99:99:99.999", "<v Anna>", "</v>", "<c>", "<i>",
         "&amp;", "&#0;", "&bogus;", "> ", "--", "-----Original Message-----", "From:", "Sent:",
         "On Mon wrote:", "kirjoitti:", "Terveisin,", "id", "respondent", "sep=;"]


def texts(max_size: int = 300) -> st.SearchStrategy[str]:
    """Text made of words the parsers look for, special characters and random characters."""
    piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(SPECIAL),
                      st.text(max_size=8))
    return st.lists(piece, max_size=max_size // 4).map("".join)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]


@st.composite
def encoded(draw, text_strategy=None) -> bytes:
    """Text in one of the encodings researchers' files come in (or cut in the middle)."""
    text = draw(text_strategy or texts())
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return data


# -- subtitles -----------------------------------------------------------------------------------
@st.composite
def timestamp(draw) -> str:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(["", "00:00", "1:2:3.4", "00:00:00,000", "-1:00:00.000",
                                     "00:60:61.1000", "9" * 30 + ":00:00.000", "aa:bb:cc.ddd"]))
    h, m, s, ms = (draw(st.integers(0, 99)), draw(st.integers(0, 99)), draw(st.integers(0, 99)),
                   draw(st.integers(0, 9999)))
    sep = draw(st.sampled_from([".", ","]))
    return (f"{h:02d}:" if draw(st.booleans()) else "") + f"{m:02d}:{s:02d}{sep}{ms}"


@st.composite
def subtitles(draw) -> str:
    blocks = []
    if draw(st.booleans()):
        blocks.append(draw(st.sampled_from(["WEBVTT", "WEBVTT - Teams", "WEBVTT\nKind: captions",
                                            "NOTE hello", "STYLE\n::cue {}"])))
    for n in range(draw(st.integers(0, 6))):
        lines = []
        if draw(st.booleans()):
            lines.append(str(n + 1))
        arrow = draw(st.sampled_from(["-->", "->", "--> ", ""]))
        lines.append(f"{draw(timestamp())} {arrow} {draw(timestamp())}"
                     + draw(st.sampled_from(["", " align:start", " position:10%"])))
        for _ in range(draw(st.integers(0, 3))):
            voice = draw(st.sampled_from(["", "<v Anna>", "<v.loud Ben Lee>", "<v>", "Zoom: "]))
            lines.append(voice + draw(texts(60)).replace("\n\n", "\n"))
        blocks.append("\n".join(lines))
    sep = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n"]))
    return sep.join(blocks)


# -- e-mail --------------------------------------------------------------------------------------
@st.composite
def emails(draw) -> bytes:
    headers = draw(st.lists(st.sampled_from([
        "From: anna@example.org", "To: me@example.org", "Subject: Vastaukset",
        "Subject: =?utf-8?b?w6TDpA==?=", "Subject: =?bogus?q?x?=", "Date: Mon, 3 Jun 2024",
        "Date: not a date", "Date: Mon, 99 Foo 99999 99:99:99 +9999", "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8", "Content-Type: text/plain; charset=bogus",
        "Content-Type: text/html; charset=iso-8859-1", "Content-Type: text/plain; charset=utf-16",
        "Content-Type: multipart/alternative; boundary=XX", "Content-Type: multipart/mixed",
        "Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: quoted-printable",
        "Content-Transfer-Encoding: 8bit", 'From: "Anna" <', "To: <<>>@", "Date: ,,,",
        "Subject: =?utf-8?q?=ZZ?=", "Content-Type: text/plain; charset=\"", "Cc: a@,@b",
        "Content-Type: multipart/alternative; boundary=\"\""]), max_size=8))
    body_lines = draw(st.lists(st.one_of(
        st.sampled_from(["> Mitä asiakkuus tarkoittaa?", "Se on tärkeää.", "--XX",
                         "--XX--", "Content-Type: text/plain", "<p>Hei</p>", "<blockquote>",
                         "</blockquote>", "<br>", "<script>x</script>", "=C3=A4", "aGVp",
                         "-- ", "Terveisin,", "On Mon, Anna wrote:", ""]),
        texts(40)), max_size=12))
    text = "\n".join(headers) + "\n\n" + "\n".join(body_lines)
    return text.encode("utf-8", errors="replace")


# -- tables --------------------------------------------------------------------------------------
CELLS = ["", " ", "id", "R1", "R1", "H1", "case", "document", "start", "end", "code", "stance",
         "memo", "0", "5", "-1", "1e3", "99999999999999999999", "channels/email", "positive",
         "happy", '"', '""', '"quoted, with comma"', "a\nb", "x" * 60, ";", "\t", "NaN", "None"]


@st.composite
def csv_tables(draw, header: list[str] | None = None) -> str:
    delimiter = draw(st.sampled_from([",", ";", "\t", ",", "|"]))
    width = draw(st.integers(1, 7))
    rows = []
    if header is not None and draw(st.integers(0, 4)):
        rows.append(delimiter.join(draw(st.permutations(header))[:width + 2]))
    for _ in range(draw(st.integers(0, 6))):
        rows.append(delimiter.join(draw(st.lists(st.one_of(st.sampled_from(CELLS), texts(20)),
                                                 min_size=0, max_size=width + 2))))
    return draw(st.sampled_from(["\n", "\r\n"])).join(rows)


# -- codebook-ish YAML -----------------------------------------------------------------------------
CODEBOOK_KEYS = ["id", "label", "codes", "parent", "rules", "exclude", "questions", "examples",
                 "recommendation", "definition", "description", "when_to_use", "colour", "color",
                 "key", "text", "min_cases", "stance", "match", "no_match", "fi", "en", "zz",
                 "*", "themes", "languages", "name", "lable"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True),
                    st.sampled_from(["a", "b", "a/b", "channels", "Bad Id", "yes", "sähköposti",
                                     "re:(", "re:\\bCRM\\b", "re:(a|aa)+$", "sama NEAR/2 henkilö",
                                     "x NEAR y", "a AND b", "crm*", "head:posti", "=posti", "",
                                     "fi", "en", "#1b9e77", "positive", "mixed", "klingon"]))


def codebookish() -> st.SearchStrategy:
    """Nested mappings and lists with the codebook's own keys and values."""
    return st.recursive(
        SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(CODEBOOK_KEYS), st.integers(0, 2)),
                            children, max_size=5)),
        max_leaves=25)


@st.composite
def codebook_documents(draw) -> str:
    """A YAML text: a codebook-shaped document, sometimes with shared (aliased) parts, and
    sometimes cut or corrupted so that it is no longer valid YAML."""
    themes = draw(st.lists(st.one_of(
        st.fixed_dictionaries({"id": st.sampled_from(["a", "b", "c", "Bad Id", "a/b"])},
                              optional={k: codebookish() for k in
                                        ("label", "codes", "parent", "rules", "examples",
                                         "recommendation", "exclude", "colour")}),
        codebookish()), max_size=4))
    if themes and draw(st.booleans()):
        themes.append(themes[0])  # the same object twice: yaml.dump writes an anchor and alias
    top = {"name": draw(SCALARS), draw(st.sampled_from(["themes", "codes", "themez"])): themes}
    if draw(st.booleans()):
        top["languages"] = draw(st.one_of(st.sampled_from([["fi"], ["fi", "en"], "fi", ["zz"],
                                                           [], [1], {"fi": 1}]), codebookish()))
    text = yaml.safe_dump(top, allow_unicode=True, sort_keys=False)
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["", ":", "- ", "\t", "&x ", "*x", "!!python/none",
                                                 "[", "{", "'", "\n  ", "<<: *x\n"])) + text[at:]
    return text


STUDY_KEYS = ["title", "language", "research_questions", "transcripts", "cases", "codebook",
              "speakers", "group", "order", "codings", "unit", "text_columns", "lang"]


@st.composite
def study_documents(draw) -> str:
    data = draw(st.dictionaries(st.sampled_from(STUDY_KEYS), codebookish(), max_size=6))
    text = yaml.safe_dump(data, allow_unicode=True)
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["", ":", "- ", "\t", "[", "'"])) + text[at:]
    return text


# -- REFI-QDA XML ----------------------------------------------------------------------------------
REFI_TAGS = ["Project", "Users", "User", "CodeBook", "Codes", "Code", "Sources", "TextSource",
             "PlainTextContent", "PlainTextSelection", "Coding", "CodeRef", "Description",
             "Cases", "Case", "SourceRef", "SelectionRef", "Variables", "Variable",
             "VariableValue", "VariableRef", "IntegerValue", "FloatValue", "BooleanValue",
             "TextValue", "Notes", "Note", "NoteRef", "PDFSource", "Representation",
             "AudioSource", "Links", "Link", "Sets", "Set", "Graphs"]
ATTRS = ["guid", "name", "targetGUID", "startPosition", "endPosition", "plainTextPath",
         "creatingUser", "isCodable", "color", "origin", "typeOfVariable", "creatingUserGUID"]
GUIDS = ["5b0c1a2e-0000-4000-8000-0000000000c1", "{5B0C1A2E-0000-4000-8000-0000000000C1}",
         "5b0c1a2e-0000-4000-8000-0000000000d1", "not-a-guid", ""]
ATTR_VALUES = st.one_of(st.sampled_from(GUIDS), st.sampled_from(
    ["0", "5", "-1", "10", "99999999999999999999", "x", "true", "false", "#f00", "rgb(1,2,3)",
     "internal://5b0c1a2e-0000-4000-8000-0000000000d1.txt", "internal://../../x.txt",
     "internal://sources", "file:///etc/passwd", "relative://x", "../../H1", "CON", "",
     "NVivo for Windows", "ATLAS.ti", "interview-analysis 0.1", "Integer", "Boolean"]),
    st.text(max_size=6))


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(text: str) -> str:
    """Text as XML character data or an attribute value (characters XML forbids dropped)."""
    return _XML_INVALID.sub("", text.replace("&", "&amp;").replace("<", "&lt;")
                            .replace('"', "&quot;"))


def refi_elements(depth: int = 4) -> st.SearchStrategy[str]:
    """XML elements with REFI-QDA tag and attribute names in random nesting."""
    def element(children):
        @st.composite
        def build(draw):
            tag = draw(st.sampled_from(REFI_TAGS))
            attrs = draw(st.dictionaries(st.sampled_from(ATTRS), ATTR_VALUES, max_size=4))
            attr_text = "".join(f' {k}="{_escape(v)}"' for k, v in attrs.items())
            inner = draw(st.lists(st.one_of(children, texts(20).map(_escape)), max_size=4))
            return f"<{tag}{attr_text}>{''.join(inner)}</{tag}>"
        return build()
    return st.recursive(texts(10).map(_escape), element, max_leaves=30)


@st.composite
def refi_projects(draw, root: str = "Project") -> str:
    ns = draw(st.sampled_from(['xmlns="urn:QDA-XML:project:1.0"',
                               'xmlns="urn:QDA-XML:codebook:1.0"',
                               'xmlns="urn:QDA-XML:project:0:4"', ""]))
    body = "".join(draw(st.lists(refi_elements(), max_size=5)))
    decl = draw(st.sampled_from(['<?xml version="1.0" encoding="utf-8"?>', "", "\ufeff",
                                 '<?xml version="1.0" encoding="utf-16"?>']))
    xml = f'{decl}<{root} {ns} name="x" origin="{draw(ATTR_VALUES).replace(chr(34), "")}">' \
          f"{body}</{root}>"
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(xml)))
        cut = draw(st.sampled_from(["", "<", ">", "&", "]]>", "<!DOCTYPE x>"]))
        xml = xml[:at] + cut + xml[at:]
    return xml


ENTRY_NAMES = ["", "project.qde", "Project.QDE", "sub/project.qde", "other.qde",
               "sources/5b0c1a2e-0000-4000-8000-0000000000d1.txt",
               "Sources/5B0C1A2E-0000-4000-8000-0000000000D1.TXT", "sources/", "5b0c1a2e.txt",
               "../evil.txt", "/abs.txt", "C:/x.txt", "a\\..\\b", "sources/x.docx"]


@st.composite
def qdpx_archives(draw) -> bytes:
    """A ZIP archive with REFI-QDA-ish entries: project XML, source texts, random bytes."""
    entries = {}
    for name in draw(st.lists(st.sampled_from(ENTRY_NAMES), max_size=5, unique=True)):
        if name.endswith("/"):
            entries[name] = b""
        elif name.endswith(".qde"):
            entries[name] = draw(refi_projects()).encode(draw(st.sampled_from(
                ["utf-8", "utf-16"])), errors="replace")
        else:
            entries[name] = draw(st.one_of(encoded(), st.binary(max_size=200)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", draw(st.sampled_from([zipfile.ZIP_STORED,
                                                             zipfile.ZIP_DEFLATED]))) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data)
    data = buffer.getvalue()
    if draw(st.integers(0, 5)) == 0:  # damage a byte or cut the archive
        if draw(st.booleans()):
            data = data[:draw(st.integers(0, len(data)))]
        elif data:
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    return data


# -- Word documents ------------------------------------------------------------------------------
W_TAGS = ["w:p", "w:r", "w:t", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent", "w:ins", "w:del",
          "w:hyperlink", "w:tab", "w:br", "w:pPr", "w:pStyle", "w:customXml", "w:txbxContent"]


def word_body() -> st.SearchStrategy[str]:
    def element(children):
        @st.composite
        def build(draw):
            tag = draw(st.sampled_from(W_TAGS))
            attr = draw(st.sampled_from(["", ' w:val="Heading1"', ' w:val="Title"']))
            inner = draw(st.lists(st.one_of(children, texts(20).map(_escape)), max_size=3))
            return f"<{tag}{attr}>{''.join(inner)}</{tag}>"
        return build()
    return st.recursive(texts(20).map(_escape), element, max_leaves=25)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


NAMES = st.one_of(st.sampled_from(["H1", "H1.docx", "Haastattelu 1", "../../etc/passwd", "CON",
                                   "readme", ".hidden", "a/b", "", " ", "Åsa", "x" * 150,
                                   "cases", "H1 ", "h1", "Interview 1, part 2", "a;b", "case",
                                   "document", "documents", "\x80\x80", "line\nbreak"]),
                  st.text(max_size=10))
POSITIONS = st.one_of(st.integers(0, 12), st.integers(0, 12), st.integers(-5, 80),
                      st.sampled_from(["x", "", "1.5", "99999999999999"]))


@st.composite
def refi_structured_projects(draw) -> tuple[str, dict[str, bytes]]:
    """A REFI-QDA project with the right skeleton and wrong details: positions, GUIDs, names,
    variables, cases and notes drawn at random. Returns the XML and the source files."""
    guid = st.sampled_from([f"5b0c1a2e-0000-4000-8000-00000000000{i}" for i in range(3)]
                           + ["{5B0C1A2E-0000-4000-8000-000000000001}", "nope", ""])
    def attr(name, value):
        return f' {name}="{_escape(str(value))}"'
    users = "".join(f"<User{attr('guid', draw(guid))}{attr('name', draw(NAMES))}/>"
                    for _ in range(draw(st.integers(0, 2))))

    colours = st.sampled_from(["#f00", "#ff000080", "rgb(300,1,1)", "x"])
    types = st.sampled_from(["Text", "Integer", "Boolean"])

    def code(depth):
        inner = "".join(code(depth + 1) for _ in range(draw(st.integers(0, 2)))) \
            if depth < 3 else ""
        desc = draw(st.sampled_from(["", "<Description>ID: a/b</Description>",
                                     "<Description>Definition: x\nID: Bad Id</Description>"]))
        return (f"<Code{attr('guid', draw(guid))}{attr('name', draw(NAMES))}"
                f"{attr('isCodable', draw(st.sampled_from(['true', 'false', 'x'])))}"
                f"{attr('color', draw(colours))}>"
                f"{desc}{inner}</Code>")
    codes = "".join(code(0) for _ in range(draw(st.integers(1, 3))))
    files: dict[str, bytes] = {}
    sources = []
    for _ in range(draw(st.integers(1, 3))):
        source_guid = draw(guid)
        text = draw(texts(80))
        if draw(st.booleans()):
            content = f"<PlainTextContent>{_escape(text)}</PlainTextContent>"
            path = ""
        else:
            content = ""
            path = draw(st.sampled_from([f"internal://{source_guid}.txt", "internal://x.txt",
                                         "relative://x.txt", "internal://../x.txt"]))
            files[f"sources/{source_guid}.txt"] = text.encode(
                draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])), "replace")
        selections = "".join(
            f"<PlainTextSelection{attr('guid', draw(guid))}"
            f"{attr('startPosition', draw(POSITIONS))}{attr('endPosition', draw(POSITIONS))}"
            f"{attr('creatingUser', draw(guid))}>"
            + draw(st.sampled_from(["", "<Description>Stance: positive\nmemo</Description>",
                                    "<Description>Stance: happy</Description>"]))
            + "".join(f"<Coding{attr('guid', draw(guid))}><CodeRef"
                      f"{attr('targetGUID', draw(guid))}/></Coding>"
                      for _ in range(draw(st.integers(1, 2))))
            + "</PlainTextSelection>" for _ in range(draw(st.integers(0, 4))))
        kinds = st.sampled_from(["TextValue", "IntegerValue", "BooleanValue", "FloatValue"])
        values = "".join(
            f"<VariableValue><VariableRef{attr('targetGUID', draw(guid))}/><{kind}>"
            f"{_escape(draw(st.sampled_from(['1', 'x', 'true', '', '1e999', 'nan'])))}</{kind}>"
            "</VariableValue>" for kind in draw(st.lists(kinds, max_size=2)))
        tag = draw(st.sampled_from(["TextSource"] * 4 + ["PDFSource", "AudioSource"]))
        sources.append(f"<{tag}{attr('guid', source_guid)}{attr('name', draw(NAMES))}"
                       f"{attr('plainTextPath', path) if path else ''}>{content}{selections}"
                       f"{values}</{tag}>")
    variables = "".join(f"<Variable{attr('guid', draw(guid))}{attr('name', draw(NAMES))}"
                        f"{attr('typeOfVariable', draw(types))}/>"
                        for _ in range(draw(st.integers(0, 2))))
    cases = "".join(f"<Case{attr('guid', draw(guid))}{attr('name', draw(NAMES))}>"
                    f"<SourceRef{attr('targetGUID', draw(guid))}/></Case>"
                    for _ in range(draw(st.integers(0, 2))))
    origin = draw(st.sampled_from(["NVivo for Windows", "ATLAS.ti", "MAXQDA", "interview-analysis",
                                   ""]))
    xml = ('<?xml version="1.0" encoding="utf-8"?>'
           f'<Project xmlns="urn:QDA-XML:project:1.0" name="{_escape(draw(NAMES))}" '
           f'origin="{origin}"><Users>{users}</Users><CodeBook><Codes>{codes}</Codes></CodeBook>'
           f"<Variables>{variables}</Variables><Cases>{cases}</Cases>"
           f"<Sources>{''.join(sources)}</Sources></Project>")
    return xml, files
