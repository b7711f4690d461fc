"""Import tolerates what NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette really write."""
from __future__ import annotations

import codecs

import pytest
from refi_builders import (
    CODE,
    SOURCE,
    TEXT,
    USER,
    codebook,
    project,
    qdpx,
    selection,
    utf16,
)

from interview_analysis.coding.codebook_reader import load_codebook
from interview_analysis.exchange.refi import read_project, read_qdc

EMAIL = (0, len("Sähköposti"))


def spans(exchange):
    return [tuple(r) for r in exchange.codings[["coder", "document", "start", "end", "code"]]
            .itertuples(index=False)]


def test_a_standard_project_imports_codes_sources_and_codings(tmp_path):
    ex, report = read_project(qdpx(tmp_path / "p.qdpx", project(selection(*EMAIL))))
    assert [c.id for c in ex.codes] == ["kanavat", "kanavat/sahkoposti"]
    assert ex.codes[1].label == "Sähköposti" and ex.codes[1].colour == "#ff0000"
    assert ex.codes[0].texts == {"definition": "Yhteydenpidon kanavat."}
    assert ex.documents == {"Haastattelu 1": TEXT}
    assert spans(ex) == [("Anna Virtanen", "Haastattelu 1", 0, 10, "kanavat/sahkoposti")]
    assert report.dropped == {} and report.origin == "TestTool 1.0"


def test_project_namespace_1_0_with_colon_is_read_and_noted(tmp_path):
    path = qdpx(tmp_path / "p.qdpx", project(selection(*EMAIL), ns="urn:QDA-XML:project:1:0"))
    ex, report = read_project(path)
    assert len(spans(ex)) == 1
    assert any("urn:QDA-XML:project:1:0" in note for note in report.notes)


@pytest.mark.parametrize("ns", ["urn:QDA-XML:codebook:0:4", "urn:QDA-XML:codebook:1:0"])
def test_codebooks_with_old_namespaces_are_read(tmp_path, ns):
    path = tmp_path / "atlas.qdc"
    path.write_text(codebook(ns), encoding="utf-8")
    book = read_qdc(path)
    assert [c.id for c in book] == ["kanavat", "kanavat/sahkoposti"]
    assert book["kanavat/sahkoposti"].colour == "#ff0000"
    assert book["kanavat"].text("definition", "en") == "Yhteydenpidon kanavat."
    assert load_codebook(path).codes.keys() == book.codes.keys()


def test_upper_case_sources_folder_and_txt_extension_are_found(tmp_path):
    qde = project(selection(*EMAIL), text_path=f"internal://{SOURCE}.TXT")
    path = qdpx(tmp_path / "p.qdpx", qde, folder="Sources", text=None,
                files={f"Sources/{SOURCE}.TXT": TEXT.encode()})
    ex, _ = read_project(path)
    assert ex.documents["Haastattelu 1"] == TEXT and len(spans(ex)) == 1


def test_a_project_file_with_another_name_is_read(tmp_path):
    ex, report = read_project(qdpx(tmp_path / "p.qdpx", project(selection(*EMAIL)),
                                   qde_name="Trial.qde"))
    assert len(spans(ex)) == 1
    assert any("'Trial.qde'" in note for note in report.notes)


def test_two_project_files_are_refused(tmp_path):
    path = qdpx(tmp_path / "p.qdpx", project(), files={"other.qde": project().encode()})
    with pytest.raises(Exception, match="2 project files: project.qde, other.qde"):
        read_project(path)


def test_a_bom_before_the_xml_declaration_is_tolerated(tmp_path):
    qde = codecs.BOM_UTF8 + project(selection(*EMAIL)).encode("utf-8")
    ex, _ = read_project(qdpx(tmp_path / "p.qdpx", qde))
    assert len(spans(ex)) == 1


def test_crlf_and_bom_in_the_text_are_removed_and_positions_follow(tmp_path):
    text = "Hei.\r\nSähköposti on paras.\r\n"
    start = text.index("Sähköposti")  # counted in the file as written: CRLF = 2
    qde = project(selection(start, start + 10))
    ex, report = read_project(qdpx(tmp_path / "p.qdpx", qde,
                                   text=codecs.BOM_UTF8 + text.encode("utf-8")))
    canonical = ex.documents["Haastattelu 1"]
    assert canonical == "Hei.\nSähköposti on paras.\n"
    (_, _, s, e, _), = spans(ex)
    assert canonical[s:e] == "Sähköposti"


def test_atlas_ti_counts_a_crlf_line_break_once(tmp_path):
    text = "Hei.\r\nSähköposti on paras.\r\nPuhelin ei.\r\n"
    lf = text.replace("\r\n", "\n")
    start = lf.index("Puhelin")
    qde = project(selection(start, start + 7), origin="ATLAS.ti Windows 23.2.3")
    ex, report = read_project(qdpx(tmp_path / "p.qdpx", qde, text=text))
    (_, _, s, e, _), = spans(ex)
    assert ex.documents["Haastattelu 1"][s:e] == "Puhelin"
    assert "CRLF line break counted once" in "\n".join(report.summary())


def test_nvivo_for_windows_utf16_positions_with_emoji_are_converted(tmp_path):
    text = "Hyvä 😀 palvelu! 👍 Sähköposti toimii aina.\r\n"
    words = ["palvelu", "Sähköposti", "toimii"]
    sels = "".join(selection(utf16(text, text.index(w)), utf16(text, text.index(w) + len(w)),
                             guid_no=i) for i, w in enumerate(words, 1))
    qde = project(sels, origin="NVivo 12 (Windows)")
    ex, report = read_project(qdpx(tmp_path / "p.qdpx", qde, text=codecs.BOM_UTF8
                                   + text.encode("utf-8")))
    canonical = ex.documents["Haastattelu 1"]
    assert [canonical[s:e] for _, _, s, e, _ in spans(ex)] == words
    assert any("UTF-16" in issue.reason for issue in report.adjusted.values())


def test_utf16_positions_are_detected_by_word_boundaries_whatever_the_origin(tmp_path):
    text = "😀😀 Asiakaspalvelu vastasi nopeasti ja ystävällisesti.\n"
    words = ["Asiakaspalvelu", "nopeasti", "ystävällisesti"]
    sels = "".join(selection(utf16(text, text.index(w)), utf16(text, text.index(w) + len(w)),
                             guid_no=i) for i, w in enumerate(words, 1))
    ex, _ = read_project(qdpx(tmp_path / "p.qdpx", project(sels, origin="Some Tool 2"),
                              text=text))
    canonical = ex.documents["Haastattelu 1"]
    assert [canonical[s:e] for _, _, s, e, _ in spans(ex)] == words


def test_code_point_positions_with_emoji_are_left_alone(tmp_path):
    text = "😀😀 Asiakaspalvelu vastasi nopeasti.\n"
    start = text.index("nopeasti")
    ex, report = read_project(qdpx(tmp_path / "p.qdpx", project(selection(start, start + 8)),
                                   text=text))
    (_, _, s, e, _), = spans(ex)
    assert ex.documents["Haastattelu 1"][s:e] == "nopeasti"
    assert not [i for i in report.adjusted.values() if i.what == "selections"]


def test_guids_in_braces_and_upper_case_still_match(tmp_path):
    braced = "{" + CODE.upper() + "}"
    qde = project(selection(*EMAIL, code=CODE), code_guid=braced).replace(
        f'creatingUser="{USER}"', f'creatingUser="{{{USER.upper()}}}"')
    ex, report = read_project(qdpx(tmp_path / "p.qdpx", qde))
    assert spans(ex) == [("Anna Virtanen", "Haastattelu 1", 0, 10, "kanavat/sahkoposti")]
    assert not report.dropped


def test_maxqda_duplicate_source_names_get_unique_document_ids(tmp_path):
    other = "2f1d6c0e-7a3b-4c55-9d10-0000000000d2"
    extra = (f'<TextSource guid="{other}" name="Haastattelu 1.docx" '
             f'plainTextPath="internal://{other}.txt"/>')
    path = qdpx(tmp_path / "p.qdpx", project(extra_sources=extra),
                files={f"sources/{other}.txt": b"Toinen teksti."})
    ex, report = read_project(path)
    assert list(ex.documents) == ["Haastattelu 1", "Haastattelu 1-2"]
    assert "source names" in "\n".join(report.summary())


def test_memos_from_notes_and_atlas_style_descriptions_become_memos_and_stance_is_read(tmp_path):
    note = "2f1d6c0e-7a3b-4c55-9d10-0000000000e1"
    inner = "<Description>stance: negative\nATLAS-kommentti</Description>"
    sel = selection(*EMAIL, inner=inner).replace(
        "</Coding>", f'<NoteRef targetGUID="{note}"/></Coding>')
    notes = (f'<Notes><Note guid="{note}" name="Memo"><PlainTextContent>Tärkeä 😀'
             "</PlainTextContent></Note></Notes>")
    ex, _ = read_project(qdpx(tmp_path / "p.qdpx", project(sel, after_sources=notes)))
    row = ex.codings.iloc[0]
    assert row["stance"] == "negative"
    assert row["memo"] == "Tärkeä 😀\n\nATLAS-kommentti"
