"""Fuzzing the entry points with hypothesis: no input may raise anything but our own errors.

Every reader, the codebook and study.yaml loaders, the codings and cases tables and the REFI-QDA
importer get random bytes and structured-but-wrong input (grammars in :mod:`grammars`). The only
acceptable failure is an :class:`~interview_analysis.errors.InterviewAnalysisError` (which the
command line turns into one message); anything else is a bug. What is read successfully must
keep the offset contract (turns inside the text).

The budget is fixed so that this module runs in well under a minute on two cores, and the runs
are derandomised (the same examples every time, so CI is deterministic). For a longer,
randomised search set ``IA_FUZZ_SCALE`` (a multiplier of the examples, e.g. 50) and
``IA_FUZZ_RANDOM=1``; hypothesis prints any failing input it finds.
"""
from __future__ import annotations

import io
import os
import warnings
import zipfile
from pathlib import Path

import pytest
from grammars import (
    W_NS,
    codebook_documents,
    csv_tables,
    emails,
    encoded,
    qdpx_archives,
    refi_projects,
    refi_structured_projects,
    study_documents,
    subtitles,
    word_body,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_analysis.coding.codebook_reader import load_codebook
from interview_analysis.coding.codings import FILE_COLUMNS, read_codings_file
from interview_analysis.corpus.cases import read_cases
from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.errors import InterviewAnalysisError
from interview_analysis.exchange.refi import read_qdc
from interview_analysis.exchange.refi.importer import read_project
from interview_analysis.study.config import load_config

SCALE = max(1, int(os.environ.get("IA_FUZZ_SCALE", "1")))
RANDOM = os.environ.get("IA_FUZZ_RANDOM", "") not in ("", "0")


def budget(examples: int):
    """Hypothesis settings for ``examples`` examples (times ``IA_FUZZ_SCALE``)."""
    return settings(max_examples=examples * SCALE, deadline=None, derandomize=not RANDOM,
                    database=None if not RANDOM else settings.default.database,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def ours_only(call, *args, **kwargs):
    """Run ``call``; our own errors are fine, anything else propagates and fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return call(*args, **kwargs)
        except InterviewAnalysisError as exc:
            assert str(exc).strip(), "an error without a message"
            return None


def check_transcripts(result) -> None:
    """What a reader returns keeps the offset contract."""
    for transcript in result or []:
        assert isinstance(transcript.text, str)
        last = 0
        for turn in transcript.turns:
            assert 0 <= turn.start <= turn.end <= len(transcript.text)
            assert turn.start >= last or transcript.format in ("csv", "xlsx")
            last = turn.start


def read(folder: Path, name: str, data: bytes):
    path = folder / name
    path.write_bytes(data)
    check_transcripts(ours_only(read_transcripts, path))


# -- readers -----------------------------------------------------------------------------------
EXTENSIONS = [".txt", ".md", ".vtt", ".srt", ".eml", ".docx", ".odt", ".pdf", ".csv", ".xlsx"]


@budget(150)
@given(ext=st.sampled_from(EXTENSIONS), data=st.binary(max_size=2000))
def test_every_reader_survives_random_bytes(folder, ext, data):
    read(folder, "random" + ext, data)


@budget(100)
@given(ext=st.sampled_from(EXTENSIONS), data=st.sampled_from([b"PK\x03\x04", b"%PDF-1.4\n",
                                                              b"\xef\xbb\xbf", b"\xff\xfe",
                                                              b"WEBVTT\n\n"]),
       tail=st.binary(max_size=300))
def test_every_reader_survives_a_right_signature_with_junk_after_it(folder, ext, data, tail):
    read(folder, "signed" + ext, data + tail)


@budget(150)
@given(ext=st.sampled_from([".txt", ".md"]), data=encoded())
def test_text_reader_survives_speaker_labels_and_encodings(folder, ext, data):
    read(folder, "text" + ext, data)


@budget(150)
@given(ext=st.sampled_from([".vtt", ".srt"]), text=subtitles(),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_subtitle_reader_survives_broken_cues(folder, ext, text, encoding):
    read(folder, "subtitles" + ext, text.encode(encoding, errors="replace"))


@budget(150)
@given(data=emails())
def test_email_reader_survives_odd_messages(folder, data):
    read(folder, "reply.eml", data)


@budget(100)
@given(text=csv_tables(header=["id", "respondent", "answer", "question about channels"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_survey_reader_survives_odd_tables(folder, text, encoding):
    read(folder, "survey.csv", text.encode(encoding, errors="replace"))


def _docx_parts() -> dict[str, bytes]:
    import docx
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(buffer)
    return {name: source.read(name) for name in source.namelist()}


DOCX_PARTS = _docx_parts()


def _docx_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@budget(80)
@given(body=word_body(), damage=st.sampled_from(["none", "cut", "drop-types", "bytes",
                                                 "flip"]),
       junk=st.binary(max_size=50), at=st.integers(0, 10 ** 6))
def test_docx_reader_survives_odd_documents(folder, body, damage, junk, at):
    parts = dict(DOCX_PARTS)
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>{body}'
           "</w:body></w:document>").encode("utf-8")
    parts["word/document.xml"] = xml[:len(xml) // 2] if damage == "cut" else \
        junk if damage == "bytes" else xml
    if damage == "drop-types":
        parts.pop("[Content_Types].xml")
    data = bytearray(_docx_bytes(parts))
    if damage == "flip":  # damage the compressed bytes themselves
        data[at % len(data)] ^= 0xFF
    read(folder, "word.docx", bytes(data))


def _genuine_files() -> dict[str, bytes]:
    """One small genuine file per binary format, to damage byte by byte."""
    import openpyxl
    from odf.opendocument import OpenDocumentText
    from odf.text import P
    files = {".docx": _docx_bytes({**DOCX_PARTS, "word/document.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body><w:p><w:r>'
        "<w:t>H1: Sähköposti on paras.</w:t></w:r></w:p></w:body></w:document>").encode()})}
    book = openpyxl.Workbook()
    book.active.append(["id", "answer"])
    book.active.append(["R1", "Sähköposti on paras kanava, koska sen voi lukea milloin vain."])
    buffer = io.BytesIO()
    book.save(buffer)
    files[".xlsx"] = buffer.getvalue()
    document = OpenDocumentText()
    document.text.addElement(P(text="H1: Sähköposti on paras."))
    buffer = io.BytesIO()
    document.write(buffer)
    files[".odt"] = buffer.getvalue()
    return files


GENUINE = _genuine_files()


@budget(120)
@given(ext=st.sampled_from(sorted(GENUINE)), at=st.integers(0, 10 ** 6),
       byte=st.integers(0, 255), cut=st.booleans())
def test_binary_readers_survive_a_damaged_byte(folder, ext, at, byte, cut):
    data = bytearray(GENUINE[ext])
    if cut:
        data = data[:at % len(data)]
    else:
        data[at % len(data)] = byte
    read(folder, "damaged" + ext, bytes(data))


# -- study.yaml, cases.csv, codebooks, codings ---------------------------------------------------
@budget(80)
@given(text=study_documents())
def test_study_yaml_loader_survives_odd_settings(folder, text):
    path = folder / "study.yaml"
    path.write_text(text, encoding="utf-8")
    ours_only(load_config, path)


@budget(100)
@given(text=codebook_documents())
def test_codebook_loader_survives_codebookish_yaml(folder, text):
    path = folder / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    codebook = ours_only(load_codebook, path)
    if codebook is not None:  # what loads is usable
        codebook.to_frame("fi")
        for code in codebook:
            code.label("fi"), code.text("definition", "en")


@budget(100)
@given(text=csv_tables(header=["case", "document", "industry", "group"]))
def test_cases_reader_survives_odd_tables(folder, text):
    path = folder / "cases.csv"
    path.write_text(text, encoding="utf-8")
    ours_only(read_cases, path, ["H1", "H2"])


TEXTS = {"H1": "Haastattelija: Mitä?\n\nH1: Sähköposti on paras 😀.\n", "H2": "H2: Puhelin.\n"}


@budget(80)
@given(text=csv_tables(header=FILE_COLUMNS))
def test_codings_reader_survives_odd_tables(folder, text):
    path = folder / "anna.csv"
    path.write_text(text, encoding="utf-8")
    spans = ours_only(read_codings_file, path, TEXTS, {"channels/email", "channels"})
    if spans is not None:
        for row in spans.itertuples():
            assert 0 <= row.start < row.end <= len(TEXTS[row.document])


# -- REFI-QDA --------------------------------------------------------------------------------------
@budget(100)
@given(data=qdpx_archives())
def test_refi_importer_survives_odd_archives(folder, data):
    path = folder / "project.qdpx"
    path.write_bytes(data)
    result = ours_only(read_project, path)
    if result is not None:
        exchange, report = result
        report.summary()
        for document, text in exchange.documents.items():
            assert "/" not in document and "\\" not in document and not document.startswith(".")
        for row in exchange.codings.itertuples():
            assert 0 <= row.start < row.end <= len(exchange.documents[row.document])


@budget(60)
@given(xml=refi_projects(root="CodeBook"))
def test_refi_codebook_reader_survives_odd_xml(folder, xml):
    path = folder / "codebook.qdc"
    path.write_text(xml, encoding="utf-8", errors="replace")
    ours_only(read_qdc, path)


@budget(60)
@given(project=refi_structured_projects())
def test_refi_import_of_a_wrong_project_gives_a_study_that_loads(folder, project):
    """Whatever a .qdpx holds, the import either refuses it or writes a study that loads."""
    import shutil

    from interview_analysis.exchange.refi import import_file
    from interview_analysis.study.study import load_study
    xml, files = project
    path = folder / "wrong.qdpx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", xml)
        for name, data in files.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    into = folder / "imported"
    shutil.rmtree(into, ignore_errors=True)
    report = ours_only(import_file, path, into)
    if report is not None and report.documents:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            study = load_study(into)  # no error at all: the import wrote a consistent study
            study.corpus()
            codebook = study.codebook() if study.config.codebook else None
            for coder in study.coders():
                study.codings(coder, codebook=codebook)


# -- inputs that fuzzing found (atheris), kept as regressions --------------------------------------
def test_a_damaged_from_header_does_not_crash_the_email_reader(folder):
    """CPython's header parser raises IndexError on ``From: "Name" <`` when it is read."""
    read(folder, "damaged.eml", b'From: "KaWi Lehtonen" <\nContent-Transfer-Encoding: 8bit\r\n'
                                b"\r\nHei,\r\n\r\nvastaukset alla.\r\n")


def test_a_zip_entry_without_a_name_is_refused(folder):
    """zipfile's ``ZipInfo.is_dir()`` raises IndexError on an entry named ''."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(""), b"x")
    path = folder / "nameless.qdpx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InterviewAnalysisError, match="an entry name is empty"):
        read_project(path)
    read(folder, "nameless.docx", buffer.getvalue())


def test_a_bogus_email_charset_does_not_crash_the_email_reader(folder):
    """``bytes.decode`` raises ValueError (not LookupError) for a charset name with a NUL."""
    read(folder, "charset.eml", b"From: a@b.fi\r\nContent-Type: text/plain; "
                                b'charset="u\x00\x00vf-8"\r\n\r\n> Kysymys?\r\nVastaus.\r\n')


def test_a_damaged_deflate_stream_in_a_word_file_is_refused(folder):
    """python-docx lets zlib.error through when a compressed part is damaged."""
    import struct
    data = bytearray(_docx_bytes(DOCX_PARTS))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26:
                                                            info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    data[start + 5:start + 13] = b"\xff" * 8
    path = folder / "deflate.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(InterviewAnalysisError, match="cannot open this Word file"):
        read_transcripts(path)
