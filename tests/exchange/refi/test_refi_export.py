"""REFI-QDA export: valid, deterministic, and carrying codes, cases, codings, stance and memos."""
from __future__ import annotations

import uuid
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from refi_study import H1, make_export_study, word

import interview_analysis
from interview_analysis.base.guids import NAMESPACE, guid
from interview_analysis.errors import ExchangeError
from interview_analysis.exchange.refi import ExchangeWarning, export_study
from interview_analysis.exchange.refi.export import write_qdpx
from interview_analysis.exchange.refi.model import Exchange, ExchangeCode

XSD = Path(interview_analysis.__file__).parent / "data" / "refi-qda"

NS = {"p": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}


@pytest.fixture
def study(tmp_path):
    return make_export_study(tmp_path / "study")


def export(study, out, fmt=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExchangeWarning)
        return export_study(study, fmt, out)


@pytest.fixture
def qdpx(study, tmp_path):
    return export(study, tmp_path / "out.qdpx")


def project_root(path):
    with zipfile.ZipFile(path) as archive:
        return ET.fromstring(archive.read("project.qde")), archive


def test_qdpx_validates_and_holds_project_qde_and_sources(qdpx):
    with zipfile.ZipFile(qdpx) as archive:
        names = archive.namelist()
        assert names == sorted(names) and names[0] == "project.qde"
        assert names[1:] == sorted(f"sources/{guid('source', d)}.txt" for d in ("H1", "H2"))
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read(f"sources/{guid('source', 'H1')}.txt").decode("utf-8") == H1
        assert xmlschema.XMLSchema(str(XSD / "Project-mrt2019.xsd")).is_valid(
            ET.fromstring(archive.read("project.qde")))


def test_exporting_twice_gives_identical_bytes(study, qdpx, tmp_path):
    again = export(study, tmp_path / "again.qdpx")
    assert again.read_bytes() == qdpx.read_bytes()


def test_guids_are_uuid5_of_stable_paths():
    assert guid("code", "channels/email") == str(uuid.uuid5(NAMESPACE, "code:channels/email"))
    assert guid("coding", "H1", 120, 180, "channels/email", "anna") == \
        str(uuid.uuid5(NAMESPACE, "coding:H1:120:180:channels/email:anna"))
    assert guid("source", "a:b") != guid("source", "a", "b")


def test_codings_have_code_point_positions_stance_and_memo(qdpx):
    root, _ = project_root(qdpx)
    start, end = word(H1, "Sähköposti 📧 on paras")
    anna = guid("user", "anna")
    sel = root.find(f".//p:PlainTextSelection[@guid='"
                    f"{guid('selection', 'H1', start, end, 'channels/email', 'anna')}']", NS)
    assert (int(sel.get("startPosition")), int(sel.get("endPosition"))) == (start, end)
    assert sel.get("creatingUser") == anna
    assert sel.find("p:Description", NS).text == "stance: positive"
    coding = sel.find("p:Coding", NS)
    assert coding.get("creatingUser") == anna
    assert coding.find("p:CodeRef", NS).get("targetGUID") == guid("code", "channels/email")
    note_guid = coding.find("p:NoteRef", NS).get("targetGUID")
    note = root.find(f".//p:Notes/p:Note[@guid='{note_guid}']", NS)
    assert note.find("p:PlainTextContent", NS).text == "Selvä, perusteltu\nkanta 👍"
    users = {u.get("name") for u in root.iterfind("p:Users/p:User", NS)}
    assert users == {"anna", "Åsa"}


def test_codebook_has_hierarchy_colours_and_descriptions_in_the_study_language(qdpx):
    root, _ = project_root(qdpx)
    theme = root.find("p:CodeBook/p:Codes/p:Code", NS)
    assert (theme.get("name"), theme.get("color"), theme.get("isCodable")) == \
        ("Kanavat", "#1f77b4", "true")
    email, chat = theme.findall("p:Code", NS)
    assert (email.get("name"), email.get("color")) == ("Sähköposti", "#ff0000")
    assert chat.get("color") == "#abc"
    assert email.find("p:Description", NS).text == (
        "Sähköposti kanavana.\n\nMilloin käytetään: Kun puhutaan sähköpostista.\n\n"
        "Milloin ei käytetä: Uutiskirjeet.\n\nEsimerkki: Laitan sähköpostia.\n\n"
        "ID: channels/email")
    assert all(c.get("isCodable") == "true" for c in root.iter(f"{{{NS['p']}}}Code"))


def test_case_attributes_become_typed_variables_and_case_values(qdpx):
    root, _ = project_root(qdpx)
    types = {v.get("name"): v.get("typeOfVariable")
             for v in root.iterfind("p:Variables/p:Variable", NS)}
    assert types == {"industry": "Text", "employees": "Integer", "share": "Float",
                     "interviewed": "Date"}
    case = root.find("p:Cases/p:Case[@name='H2']", NS)
    values = [v[1].tag.split("}")[1] + "=" + v[1].text for v in case.iterfind("p:VariableValue", NS)]
    assert values == ["TextValue=kauppa", "IntegerValue=3", "FloatValue=1.25",
                      "DateValue=2024-04-15"]
    assert case.find("p:SourceRef", NS).get("targetGUID") == guid("source", "H2")


def test_empty_containers_are_left_out(tmp_path):
    root_dir = make_export_study(tmp_path / "bare")
    for name in ("anna.csv", "Åsa.csv"):
        (root_dir / "codings" / name).unlink()
    (root_dir / "cases.csv").write_text("case,document\nH1,H1\nH2,H2\n", encoding="utf-8")
    root, _ = project_root(export(root_dir, tmp_path / "bare.qdpx"))
    tags = [child.tag.split("}")[1] for child in root]
    assert tags == ["CodeBook", "Cases", "Sources", "Description"]


def test_qdc_validates_and_has_the_same_codes_as_the_project(study, qdpx, tmp_path):
    qdc = export(study, tmp_path / "codes.qdc")
    book = ET.fromstring(qdc.read_bytes())
    assert xmlschema.XMLSchema(str(XSD / "Codebook-mrt2019.xsd")).is_valid(book)
    project, _ = project_root(qdpx)
    assert [c.get("guid") for c in book.iter(f"{{{NS['c']}}}Code")] == \
        [c.get("guid") for c in project.iter(f"{{{NS['p']}}}Code")]


def test_rules_and_examples_that_cannot_be_exported_are_warned_about(study, tmp_path):
    with pytest.warns(ExchangeWarning, match="1 codes lose them.*channels/email"):
        export_study(study, "qdpx", tmp_path / "x.qdpx")


def test_a_project_failing_the_schema_raises_and_writes_nothing(tmp_path):
    exchange = Exchange("x", "fi", [ExchangeCode("a", "A", colour="rgb(1, 2, 3)")])
    out = tmp_path / "bad.qdpx"
    with pytest.raises(ExchangeError, match="does not validate against the REFI-QDA schema.*"
                                            "color"):
        write_qdpx(exchange, out)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_unknown_format_is_refused(study, tmp_path):
    with pytest.raises(ExchangeError, match=r"(?s)unknown exchange format.*qdpx, qdc, xlsx"):
        export_study(study, None, tmp_path / "out.nvp")


def test_vendored_schemas_are_the_official_files_with_their_mit_header():
    import hashlib
    expected = {
        "Project-mrt2019.xsd": "7841112e27897debf996f76209b9c5a5d074d66c1297a2f19f5ef250d29303bd",
        "Codebook-mrt2019.xsd": "62a941a02df90991fd9e18bd97c571b88e3c493a722ef1e45a7247f787849c75",
    }
    for name, digest in expected.items():
        data = (XSD / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
        assert b"This specification is licensed under the MIT license." in data
        assert b"Permission is hereby granted, free of charge" in data
