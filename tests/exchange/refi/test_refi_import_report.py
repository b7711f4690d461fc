"""The import report says exactly what was dropped or adjusted; cases and variables arrive."""
from __future__ import annotations

from refi_builders import CODE, SOURCE, USER, project, qdpx, selection

from interview_analysis.exchange.refi import read_project

G = "2f1d6c0e-7a3b-4c55-9d10-{:012d}".format
VARIABLES = (f'<Variables><Variable guid="{G(901)}" name="ikä" typeOfVariable="Integer"/>'
             f'<Variable guid="{G(902)}" name="pvm" typeOfVariable="Date"/>'
             f'<Variable guid="{G(903)}" name="osuus" typeOfVariable="Float"/>'
             f'<Variable guid="{G(904)}" name="asiakas" typeOfVariable="Boolean"/></Variables>')


def value(variable: int, element: str, text: str) -> str:
    return (f'<VariableValue><VariableRef targetGUID="{G(variable)}"/>'
            f"<{element}>{text}</{element}></VariableValue>")


CASES = (f'<Cases><Case guid="{G(801)}" name="H1"><CodeRef targetGUID="{CODE}"/>'
         + value(901, "IntegerValue", "42") + value(902, "DateValue", "2024-03-01")
         + value(903, "FloatValue", "0.25") + value(904, "BooleanValue", "true")
         + f'<SourceRef targetGUID="{SOURCE}"/></Case>'
         f'<Case guid="{G(802)}" name="H2"><SourceRef targetGUID="{SOURCE}"/></Case>'
         f'<Case guid="{G(803)}"><SelectionRef targetGUID="{G(77)}"/></Case></Cases>')
MEDIA = (f'<AudioSource guid="{G(701)}" name="haastattelu.mp3" path="internal://{G(701)}.mp3">'
         f'<AudioSelection guid="{G(702)}" begin="0" end="1000"/></AudioSource>'
         f'<PictureSource guid="{G(703)}" name="kuva.jpg"/>'
         f'<TextSource guid="{G(704)}" name="tyhjä" plainTextPath="internal://{G(704)}.txt"/>')
REST = (f'<Notes><Note guid="{G(601)}" name="projektimuistio"><PlainTextContent>Muistio'
        f"</PlainTextContent></Note></Notes>"
        f'<Links><Link guid="{G(501)}" name="liittyy" originGUID="{CODE}" targetGUID="{CODE}"/>'
        f'</Links><Sets><Set guid="{G(502)}" name="joukko"/></Sets>'
        f'<Graphs><Graph guid="{G(503)}" name="verkko"/></Graphs>')


def rich_project(tmp_path):
    sels = (selection(0, 10, guid_no=1)
            + selection(5, 5, guid_no=2)                       # zero length
            + selection(11, 13, code=G(999), guid_no=3)        # unknown code
            + f'<PlainTextSelection guid="{G(77)}" startPosition="14" endPosition="19">'
              "<Description>MAXQDA-muistio</Description></PlainTextSelection>"
            + f'<Coding guid="{G(78)}" creatingUser="{USER}"><CodeRef targetGUID="{CODE}"/>'
              "</Coding>")
    qde = project(sels, variables=VARIABLES, cases=CASES, extra_sources=MEDIA,
                  after_sources=REST)
    return qdpx(tmp_path / "rich.qdpx", qde, files={f"sources/{G(704)}.txt": b"\r\n"})


def test_everything_left_out_is_counted_with_a_reason(tmp_path):
    ex, report = read_project(rich_project(tmp_path))
    dropped = {issue.what: issue.count for issue in report.dropped.values()}
    assert dropped == {
        "media sources": 2, "media selections": 1, "text sources": 1, "links": 1, "sets": 1,
        "graphs": 1, "notes": 1, "zero-length selections": 1, "codings": 1,
        "selections without a code": 1, "case codes": 1, "case memberships": 2, "cases": 2}
    lines = "\n".join(report.summary())
    assert "dropped 2 media sources: only text sources can be imported" in lines
    assert "haastattelu.mp3 (audio)" in lines and "kuva.jpg (picture)" in lines
    assert "dropped 1 zero-length selections: they select no text" in lines
    assert "dropped 1 codings: their code is not in the codebook" in lines
    assert "MAXQDA writes memos this way" in lines
    assert "a document belongs to one case only; it stays with case 'H1'" in lines
    assert not report.lossless


def test_a_coding_of_the_whole_source_spans_its_whole_text(tmp_path):
    ex, report = read_project(rich_project(tmp_path))
    whole = ex.codings[(ex.codings["start"] == 0) & (ex.codings["end"] > 10)]
    assert len(whole) == 1 and whole.iloc[0]["end"] == len(ex.documents["Haastattelu 1"])
    assert "imported as a coding of the whole text" in "\n".join(report.summary())


def test_case_variables_arrive_typed(tmp_path):
    ex, _ = read_project(rich_project(tmp_path))
    (case,) = ex.cases
    assert (case.id, case.documents) == ("H1", ["Haastattelu 1"])
    assert case.attributes == {"ikä": 42, "pvm": "2024-03-01", "osuus": 0.25, "asiakas": True}
    assert ex.variables() == {"ikä": "Integer", "pvm": "Date", "osuus": "Float",
                              "asiakas": "Boolean"}


def test_source_variables_make_one_case_per_document_when_there_are_no_cases(tmp_path):
    qde = project(selection(0, 10), variables=VARIABLES).replace(
        "</TextSource>", value(901, "IntegerValue", "7") + value(903, "FloatValue", "x1")
        + "</TextSource>")
    ex, report = read_project(qdpx(tmp_path / "p.qdpx", qde))
    assert [(c.id, c.documents, c.attributes) for c in ex.cases] == \
        [("Haastattelu 1", ["Haastattelu 1"],
          {"ikä": 7, "pvm": None, "osuus": "x1", "asiakas": None})]
    assert "not of their declared type; kept as text" in "\n".join(report.summary())


def test_summary_starts_with_what_was_imported(tmp_path):
    ex, report = read_project(rich_project(tmp_path))
    assert report.summary()[0] == ("imported rich.qdpx (written by TestTool 1.0): 1 documents, "
                                   "1 cases, 2 codes, 2 codings by Anna Virtanen (2)")
