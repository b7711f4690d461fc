"""Hostile or broken files are refused with a clear message, and nothing is written."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from refi_builders import TEXT, project, qdpx, selection

from interview_analysis.errors import CodebookError, ExchangeError
from interview_analysis.exchange.refi import Limits, import_file, read_project, read_qdc

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Project [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>"""


def raw_zip(path, entries: dict[str, bytes]):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("name, reason", [
    ("../evil.txt", "climbs out of the archive"),
    ("sources/../../evil.txt", "climbs out of the archive"),
    ("/etc/evil.txt", "absolute path"),
    ("C:\\Windows\\evil.txt", "absolute path"),
    ("..\\evil.txt", "climbs out of the archive"),
])
def test_entries_outside_the_archive_are_refused(tmp_path, name, reason):
    path = raw_zip(tmp_path / "evil.qdpx", {"project.qde": project().encode(), name: b"x"})
    with pytest.raises(ExchangeError, match=re.escape(f"entry {name!r}") + f".*{reason}"):
        read_project(path)


def test_a_refused_archive_writes_nothing(tmp_path):
    path = raw_zip(tmp_path / "evil.qdpx", {"project.qde": project().encode(),
                                            "../evil.txt": b"x"})
    with pytest.raises(ExchangeError):
        import_file(path, tmp_path / "study")
    assert not (tmp_path / "study").exists() and not (tmp_path / "evil.txt").exists()


def test_billion_laughs_is_refused_not_expanded(tmp_path):
    path = qdpx(tmp_path / "bomb.qdpx", BILLION_LAUGHS)
    with pytest.raises(ExchangeError, match="declares an entity.*billion laughs"):
        read_project(path)


def test_an_external_entity_is_refused(tmp_path):
    path = qdpx(tmp_path / "xxe.qdpx", EXTERNAL)
    with pytest.raises(ExchangeError, match="declares an external entity \\('secret'\\)"):
        read_project(path)


def test_entities_in_a_qdc_are_refused_as_codebook_and_exchange_errors(tmp_path):
    path = tmp_path / "bomb.qdc"
    path.write_text(BILLION_LAUGHS.replace("Project", "CodeBook"), encoding="utf-8")
    with pytest.raises(ExchangeError, match="entity"):
        read_qdc(path)
    with pytest.raises(CodebookError, match="entity"):
        read_qdc(path)


def test_a_zip_bomb_entry_is_refused_by_its_compression_ratio(tmp_path):
    path = raw_zip(tmp_path / "bomb.qdpx", {"project.qde": project().encode(),
                                            "sources/big.txt": b"\0" * (16 * 2 ** 20)})
    with pytest.raises(ExchangeError, match=r"'sources/big.txt'.*compressed \d[\d,]* to 1.*"
                                            "zip bomb"):
        read_project(path)


def test_entry_and_total_size_limits_are_enforced(tmp_path):
    text = "".join(chr(0x41 + i % 26) + str(i) for i in range(20_000)).encode()
    path = qdpx(tmp_path / "big.qdpx", project(selection(0, 2)), text=text)
    with pytest.raises(ExchangeError, match="would unpack to .* MiB.*zip bomb"):
        read_project(path, Limits(max_entry_bytes=50_000))
    with pytest.raises(ExchangeError, match="archive would unpack to"):
        read_project(path, Limits(max_total_bytes=50_000))
    with pytest.raises(ExchangeError, match="has 2 entries \\(at most 1"):
        read_project(path, Limits(max_entries=1))


def test_not_a_zip_file_is_refused(tmp_path):
    path = tmp_path / "fake.qdpx"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(ExchangeError, match="not a .qdpx \\(ZIP\\) archive"):
        read_project(path)


def test_malformed_xml_names_line_and_column(tmp_path):
    path = qdpx(tmp_path / "bad.qdpx", '<?xml version="1.0"?>\n<Project name="x">\n<Users>')
    with pytest.raises(ExchangeError, match="entry project.qde, line 3, column \\d+: this is "
                                            "not well-formed XML"):
        read_project(path)


def test_an_archive_without_a_project_file_is_refused(tmp_path):
    path = raw_zip(tmp_path / "empty.qdpx", {"sources/a.txt": TEXT.encode()})
    with pytest.raises(ExchangeError, match="no project file"):
        read_project(path)


def test_other_schemes_than_internal_are_never_read_from_disk(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("salaisuus", encoding="utf-8")
    qde = project(selection(0, 3), text_path=f"absolute:///{secret}")
    ex, report = read_project(qdpx(tmp_path / "p.qdpx", qde, text=None))
    assert ex.documents == {}
    assert "not inside the archive" in "\n".join(report.summary())
