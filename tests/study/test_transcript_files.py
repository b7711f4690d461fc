"""Every file in the transcripts folder is read or named: nothing goes missing silently.

``tests/data/inputs/files/`` holds what researchers' folders really hold: Word's and
LibreOffice's lock files, macOS metadata, a slide deck, an RTF written by Word and a real Word
97 ``.doc``.
"""
from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pytest
import yaml
from helpers import write

from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.errors import InputError, StudyError, StudyNote, StudyWarning
from interview_analysis.study.study import find_transcript_files, load_study

FILES = Path(__file__).parents[1] / "data" / "inputs" / "files"
SPEC = {f["file"]: f for f in yaml.safe_load(
    (FILES.parent / "expected.yaml").read_text(encoding="utf-8"))["files"]}


@pytest.fixture
def folder(tmp_path) -> Path:
    """The fixture folder without the .doc (which is an error of its own)."""
    target = tmp_path / "transcripts"
    shutil.copytree(FILES, target)
    (target / "legacy.doc").unlink()
    return target


def _caught(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    return result, [(w.category, str(w.message)) for w in caught]


def test_lock_and_metadata_files_are_one_note_and_other_types_a_warning(folder):
    files, caught = _caught(lambda: find_transcript_files(folder))
    assert [p.name for p in files] == ["H1.docx", "H2.txt", "H3.docx", "interview.rtf"]
    assert caught == [
        (StudyNote, f"{folder}: not read, not transcripts: .DS_Store (macOS Finder metadata), "
                    "._H2.txt (macOS AppleDouble metadata), .~lock.H3.docx# (lock file of "
                    "LibreOffice), ~$H1.docx (lock file of Microsoft Word or Excel)"),
        (StudyWarning, f"{folder}: not read, file type not supported: slides.pptx "
                       "(transcripts are read from .csv, .docx, .eml, .json, .markdown, .md, .odt, "
                       ".pdf, .rtf, .srt, .tsv, .txt, .vtt, .xlsx files)")]


def test_every_file_of_the_spec_is_read_or_named(folder):
    files, caught = _caught(lambda: find_transcript_files(folder))
    said = " ".join(message for _, message in caught)
    for name, spec in SPEC.items():
        name = Path(name).name
        if spec["expect"] == "read":
            assert folder / name in files
        elif spec["expect"] == "warn":
            assert name in said and folder / name not in files


def test_the_study_reads_the_rtf_and_the_docx_next_to_lock_files(folder):
    study, _ = _caught(lambda: load_study(folder.parent / "transcripts", lang="fi"))
    assert sorted(study.transcripts) == ["H1", "H2", "H3", "interview"]
    for name in ("interview.rtf", "H1.docx", "H2.txt", "H3.docx"):
        spec = SPEC[f"files/{name}"]
        turns = study.transcripts[Path(name).stem].turns
        found = {}
        for t in turns:
            found[(t.speaker, t.role)] = found.get((t.speaker, t.role), 0) + 1
        assert found == {(s["label"], s["role"]): s["turns"] for s in spec["speakers"]}


def test_rtf_text_without_header_fonts_or_document_information():
    [tr] = read_transcripts(FILES / "interview.rtf")
    spec = SPEC["files/interview.rtf"]
    for text in spec["text_checks"]:
        assert text in tr.text
    for text in spec["not_text"]:
        assert text not in tr.text
    first = next(t for t in tr.turns if t.role == "participant")
    assert tr.text[first.start:].startswith(spec["first_participant_turn_starts"])
    assert tr.format == "rtf"


def test_legacy_word_document_says_save_as_docx(tmp_path):
    with pytest.raises(InputError, match=r"legacy\.doc: this is a Word 97-2003 document "
                                         r"\(\.doc\), an old format that cannot be read\n  Fix: "
                                         r"open it in Word or LibreOffice and save it as \.docx"):
        read_transcripts(FILES / "legacy.doc")
    shutil.copytree(FILES, tmp_path / "t")
    with pytest.raises(InputError, match=r"legacy\.doc: this is a Word 97-2003"), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the note and warning of the folder's other files
        load_study(tmp_path / "t")


@pytest.mark.parametrize("name, data, message", [
    ("renamed.docx", (FILES / "legacy.doc").read_bytes(),
     r"renamed\.docx: this \.docx file is password-protected, or an old Word 97-2003 file "
     r"renamed to \.docx\n  Fix: open it in Word, remove the password"),
    ("broken.rtf", b"{\\rtf1\\ansi \\u99999999999? x}",
     r"broken\.rtf: cannot read this RTF document, it is damaged"),
    ("plain.rtf", b"just text, not rtf",
     r"plain\.rtf: this is not an RTF document \(it does not start with '\{\\rtf'\)"),
    ("old.xls", (FILES / "legacy.doc").read_bytes(),
     r"old\.xls: this is an Excel 97-2003 workbook \(\.xls\), an old format"),
])
def test_old_renamed_or_damaged_files_are_clear_errors(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_transcripts(tmp_path / name)


def test_doc_that_is_really_rtf_or_docx_is_read(tmp_path):
    shutil.copy(FILES / "interview.rtf", tmp_path / "saved-as-rtf.doc")
    shutil.copy(FILES / "H1.docx", tmp_path / "saved-as-docx.doc")
    assert read_transcripts(tmp_path / "saved-as-rtf.doc")[0].format == "rtf"
    assert read_transcripts(tmp_path / "saved-as-docx.doc")[0].format == "docx"


def test_transcript_linked_from_outside_the_study_is_read_with_a_warning(tmp_path):
    outside = tmp_path / "elsewhere" / "H9.txt"
    write(outside, "Q: Why?\n\nA: Because the bus stopped running.\n")
    root = tmp_path / "study"
    write(root / "transcripts" / "H1.txt", "Q: Why?\n\nA: Because.\n")
    os.symlink(outside, root / "transcripts" / "H9.txt")
    os.symlink(tmp_path / "nowhere.txt", root / "transcripts" / "H8.txt")
    write(root / "study.yaml", "language: en\n")
    study, caught = _caught(lambda: load_study(root))
    assert sorted(study.transcripts) == ["H1", "H9"]
    messages = [m for _, m in caught]
    assert f"{root / 'transcripts' / 'H9.txt'}: a link to {outside.resolve()}, outside the " \
           "study; read from there" in messages
    assert f"{root / 'transcripts'}: not read, links to files that do not exist: H8.txt" \
        in messages


def test_study_files_beside_transcripts_pass_without_a_word(tmp_path):
    write(tmp_path / "H1.txt", "Q: Why?\n\nA: Because.\n")
    write(tmp_path / "cases.csv", "case,document\nH1,H1\n")
    write(tmp_path / "codebook.yaml", "name: x\n")
    write(tmp_path / "study.yaml", "language: en\ntranscripts: .\ncases: cases.csv\n"
                                   "codebook: codebook.yaml\n")
    (tmp_path / "codings").mkdir()
    (tmp_path / ".ia-cache").mkdir()
    study, caught = _caught(lambda: load_study(tmp_path))
    assert list(study.transcripts) == ["H1"] and caught == []


def _cli(capsys, *argv) -> tuple[int, str, str]:
    from interview_analysis.cli import main
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_command_line_names_lock_files_once_and_reads_the_rest(folder, tmp_path, capsys):
    status, out, err = _cli(capsys, "passages", str(folder), "--lang", "fi", "--out",
                            str(tmp_path / "p.csv"))
    assert status == 0 and out.startswith("wrote ")
    assert err.count("note: ") == 1 and "~$H1.docx (lock file of Microsoft Word" in err
    assert err.count("warning: ") == 1 and "slides.pptx" in err


def test_command_line_refuses_a_doc_with_one_message_and_exit_2(tmp_path, capsys):
    write(tmp_path / "H1.txt", "Q: Why?\n\nA: Because.\n")
    shutil.copy(FILES / "legacy.doc", tmp_path / "H2.doc")
    status, out, err = _cli(capsys, "search", str(tmp_path), "because", "--lang", "en")
    assert status == 2 and out == ""
    assert err.count("error: ") == 1
    assert "H2.doc: this is a Word 97-2003 document (.doc)" in err and "save it as .docx" in err


def test_the_same_respondent_id_in_two_tables_says_so(tmp_path):
    table = "id;vastaus\nV1;Palvelu oli nopeaa ja ystävällistä, kiitos siitä.\n"
    write(tmp_path / "kysely1.csv", table)
    write(tmp_path / "kysely2.csv", table)
    with pytest.raises(StudyError, match=r"kysely2\.csv: two transcripts have the same document "
                                         r"ID \(found 'V1'\)\n  Fix: respondent IDs must differ "
                                         r"from every other document ID: 'V1' is also in "
                                         r"kysely1\.csv"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load_study(tmp_path, lang="fi")


def test_init_moves_transcripts_but_not_lock_files(tmp_path):
    from interview_analysis.study.scaffold import init_study
    write(tmp_path / "H1.txt", "Q: Why?\n\nA: Because.\n")
    shutil.copy(FILES / "~$H1.docx", tmp_path / "~$H1.docx")
    shutil.copy(FILES / "._H2.txt", tmp_path / "._H2.txt")
    created = init_study(tmp_path, language="en")
    assert created.moved == ["H1.txt"]
    assert sorted(p.name for p in (tmp_path / "transcripts").iterdir()) == ["H1.txt"]
    assert (tmp_path / "cases.csv").read_text(encoding="utf-8").splitlines()[1:] == ["H1,H1,,"]


def test_subfolders_of_the_transcripts_folder_are_read_and_become_an_attribute(tmp_path):
    for folder, names in (("ryhmä A", ("C1", "C2")), ("ryhmä B/2024", ("E1",))):
        for name in names:
            write(tmp_path / "transcripts" / folder / f"{name}.txt",
                  "Interviewer: How do you keep in touch?\nAnna: Mostly by e-mail.\n")
    write(tmp_path / "transcripts" / "__MACOSX" / "._C1.txt", "junk")
    write(tmp_path / "transcripts" / "old run" / "report.html", "<html></html>")
    write(tmp_path / "transcripts" / "1" / "2" / "3" / "4" / "X1.txt", "Interviewer: Hi?\n")
    write(tmp_path / "study.yaml", "title: Groups\nlanguage: en\ngroup: folder\n")
    study, caught = _caught(lambda: load_study(tmp_path))
    assert list(study.transcripts) == ["C1", "C2", "E1"]
    assert study.cases["folder"].to_dict() == {"C1": "ryhmä A", "C2": "ryhmä A",
                                               "E1": "ryhmä B/2024"}
    assert caught == [(StudyNote, f"{tmp_path / 'transcripts'}: not read, not transcripts: "
                                  "1/2/3/4/ (more than 3 folders deep), __MACOSX/ (macOS zip "
                                  "metadata), old run/ (a report folder)")]


def test_the_same_name_in_two_subfolders_names_both_files(tmp_path):
    for folder in ("A", "B"):
        write(tmp_path / "transcripts" / folder / "H1.txt", "Interviewer: Hi?\nAnna: Hello.\n")
    write(tmp_path / "study.yaml", "title: Twice\nlanguage: en\n")
    with pytest.raises(StudyError, match="two transcripts have the same document ID") as info:
        load_study(tmp_path)
    assert info.value.fix == ("rename one of A/H1.txt and B/H1.txt; the document ID is the "
                              "file name without extension, also in subfolders")


def test_a_study_folder_that_holds_its_transcripts_reads_no_subfolders(tmp_path):
    write(tmp_path / "H1.txt", "Interviewer: Hi?\nAnna: Hello.\n")
    write(tmp_path / "report" / "report.html", "<html></html>")
    write(tmp_path / "drafts" / "H2.txt", "Interviewer: Hi?\nAnna: Hello.\n")
    study, caught = _caught(lambda: load_study(tmp_path, lang="en"))
    assert list(study.transcripts) == ["H1"]
    assert [str(m) for _, m in caught if "drafts/" in m] == [
        f"{tmp_path}: not read, not transcripts: drafts/ (a folder: subfolders of a study "
        "folder are not read; put the transcripts in transcripts/, whose subfolders are read), "
        "report/ (a folder: subfolders of a study folder are not read; put the transcripts in "
        "transcripts/, whose subfolders are read)"]


def test_a_long_unlabelled_text_without_paragraphs_is_one_passage_and_says_so(tmp_path):
    lines = ["Mostly by email, to be honest.", "Phone calls take too much time."] * 40
    write(tmp_path / "H1.txt", "\n".join(lines) + "\n")  # a speech-to-text .txt
    write(tmp_path / "H2.txt", "Interviewer: How?\nAnna: " + " ".join(lines) + "\n")
    study = load_study(tmp_path, lang="en")
    passages, caught = _caught(lambda: study.corpus("turn").passages)
    assert passages["document"].tolist() == ["H1", "H2", "H2"]
    assert caught == [(StudyNote, f"{tmp_path}: no speaker labels and no blank lines, so each "
                                  "of these transcripts is one passage: H1 (480 words); with "
                                  "'unit: sentence' in study.yaml (or --unit sentence) every "
                                  "sentence is a passage, or label the speakers")]
    sentences, caught = _caught(lambda: study.corpus("sentence").passages)
    assert (len(sentences[sentences["document"] == "H1"]), caught) == (80, [])


def test_whispers_folder_of_every_format_reads_one_of_them(tmp_path):
    folder = tmp_path / "transcripts"
    cue = "1\n00:00:00,000 --> 00:00:04,200\nHow do you keep in touch with your customers?\n"
    for name, text in (("H1.srt", cue), ("H1.vtt", "WEBVTT\n\n" + cue.replace(",", ".")),
                       ("H1.tsv", "start\tend\ttext\n0\t4200\tHow do you keep in touch?\n"),
                       ("H1.txt", "How do you keep in touch with your customers?\n"),
                       ("H2.txt", "Interviewer: Hi?\nAnna: Hello.\n")):
        write(folder / name, text)
    files, caught = _caught(lambda: find_transcript_files(folder))
    assert [p.name for p in files] == ["H1.vtt", "H2.txt"]
    assert caught == [(StudyNote, f"{folder}: not read, not transcripts: H1.srt (the same "
                                  "speech-to-text transcript as H1.vtt, which is read), H1.tsv "
                                  "(the same speech-to-text transcript as H1.vtt, which is "
                                  "read), H1.txt (the same speech-to-text transcript as H1.vtt, "
                                  "which is read)")]
