"""Reading a file the researcher named: every failure one message saying which."""
from __future__ import annotations

import pytest

from interview_analysis.base.encoding import read_text_file
from interview_analysis.base.paths import FileTooLarge, read_input
from interview_analysis.errors import InputError


def test_a_missing_file_a_folder_and_a_large_file_are_told_apart(tmp_path):
    with pytest.raises(InputError, match=r"missing\.txt: file not found\n  Fix: check the path"):
        read_input(tmp_path / "missing.txt", InputError, kind="a file", folder_fix="x")
    with pytest.raises(InputError, match=r"this is a folder, not a file\n  Fix: give it"):
        read_input(tmp_path, InputError, kind="a file", folder_fix="give it")
    (tmp_path / "big.txt").write_bytes(b"x" * 11)
    with pytest.raises(FileTooLarge, match="larger than 10 bytes"):
        read_input(tmp_path / "big.txt", InputError, kind="a file", folder_fix="x", limit=10)
    assert read_input(tmp_path / "big.txt", InputError, kind="a file", folder_fix="x",
                      limit=11) == b"x" * 11


def test_a_transcript_that_is_a_folder_says_so(tmp_path):
    (tmp_path / "H1.txt").mkdir()
    with pytest.raises(InputError, match="this is a folder, not a transcript or table file"):
        read_text_file(tmp_path / "H1.txt")
