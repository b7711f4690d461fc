"""Atomic writes: all or nothing, and files a group can share."""
from __future__ import annotations

import os
import stat

import pytest

from interview_analysis.base.atomic import umask, write_text


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mask,mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_written_file_gets_the_umask_not_a_private_mode(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        assert umask() == mask
        path = write_text(tmp_path / "out.csv", "a,b\n")
        write_text(path, "a,b\n1,2\n")  # replacing keeps it shareable too
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode
