"""Progress bars for long steps: shown only on an interactive terminal, after 2 s of work."""
from __future__ import annotations

import os
import sys


def progress(iterable=None, desc: str = "", total: int | None = None, unit: str = "it"):
    """A tqdm progress bar that appears only after 2 s of work, on an interactive terminal.

    Quiet when ``TQDM_DISABLE`` is set (as in CI) or when stderr is not a terminal.
    """
    from tqdm.auto import tqdm  # tqdm is imported only when a long step starts

    disable = (os.environ.get("TQDM_DISABLE", "").lower() not in ("", "0", "false")
               or not getattr(sys.stderr, "isatty", lambda: False)())
    return tqdm(iterable, desc=desc, total=total, unit=unit, delay=2, disable=disable,
                leave=False)
