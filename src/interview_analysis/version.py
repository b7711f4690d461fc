"""The installed version of interview-analysis, read without importing the package's code."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("interview-analysis")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+source"
