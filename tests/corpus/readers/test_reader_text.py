"""Plain-text transcripts through ``read_transcripts``: encodings, BOMs, line ends, binary junk."""
from __future__ import annotations

import re

import pytest

from interview_analysis.corpus.readers import read_transcripts, supported_extensions
from interview_analysis.errors import InputError

TEXT = "Haastattelija: Mitä se maksoi?\nVastaaja: Sata euroa, 100 €, ja öljyä päälle.\n"


def test_cp1252_file(tmp_path):
    path = tmp_path / "cp.txt"
    path.write_bytes(TEXT.encode("cp1252"))
    assert b"\x80" in path.read_bytes()  # the euro sign in cp1252
    [tr] = read_transcripts(path)
    assert tr.text == TEXT
    assert [(t.speaker, tr.text[t.start:t.end]) for t in tr.turns] == [
        ("Haastattelija", "Mitä se maksoi?"), ("Vastaaja", "Sata euroa, 100 €, ja öljyä päälle.")]


def test_utf8_bom_is_removed(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(TEXT.encode("utf-8-sig"))
    [tr] = read_transcripts(path)
    assert tr.text == TEXT
    assert tr.turns[0].start == len("Haastattelija: ")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read_transcripts(path)[0].text == TEXT


def test_crlf_and_cr_line_ends_and_nfd_become_lf_and_nfc(tmp_path):
    path = tmp_path / "crlf.txt"
    decomposed = "Haastattelija: Mita\u0308 se maksoi?\r\nVastaaja: Sata euroa, 100 €,\rja öljyä.\r\n"
    path.write_bytes(decomposed.encode("utf-8"))
    [tr] = read_transcripts(path)
    assert tr.text == "Haastattelija: Mitä se maksoi?\nVastaaja: Sata euroa, 100 €,\nja öljyä.\n"
    assert "\r" not in tr.text


def test_binary_junk_named_txt(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match=r"junk\.txt: this file contains binary data, not "
                                         r"text\n  Fix: check the file type"):
        read_transcripts(path)


def test_empty_text_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"\xef\xbb\xbf \n\n")
    with pytest.raises(InputError, match=r"empty\.txt: the transcript is empty"):
        read_transcripts(path)


def test_unknown_extension_and_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"no reader for this file type \(found '\.pptx'\)\n  "
                                         r"Fix: use one of \.csv, \.docx, \.eml, "):
        read_transcripts(tmp_path / "a.pptx")
    with pytest.raises(InputError, match=re.escape("missing.vtt: file not found")):
        read_transcripts(tmp_path / "missing.vtt")


def test_all_reader_extensions_are_registered():
    assert supported_extensions() == [".csv", ".docx", ".eml", ".json", ".markdown", ".md",
                                      ".odt", ".pdf", ".rtf", ".srt", ".tsv", ".txt", ".vtt",
                                      ".xlsx"]


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    from interview_analysis.corpus import readers
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.seek(200 * 1024 * 1024)
        fh.write(b"x")
    with pytest.raises(InputError, match=r"huge.txt: the file is too large to be a transcript "
                                         r"\(200 MB; the limit is 100 MB\)"):
        readers.read_transcripts(path)


def test_one_megabyte_single_line_is_read(tmp_path):
    from interview_analysis.corpus import readers
    path = tmp_path / "line.txt"
    path.write_text("sana " * 200_000, encoding="utf-8")
    [tr] = readers.read_transcripts(path)
    assert len(tr.text) == 1_000_000 and tr.turns == ()
