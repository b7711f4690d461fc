"""Replace several files of a folder as one change: all of them, or none.

An import writes transcripts, ``cases.csv``, a codebook and codings files at once. They are
first written into a hidden staging folder beside them (``.ia-staging.<pid>.<random>``), with a
journal listing every target; only then are they switched in, one rename each, with SIGTERM,
SIGINT and SIGHUP held back so that an impatient Ctrl-C or a ``kill`` cannot stop the switch
halfway. A failed rename puts every file back at once. If the process dies anyway (SIGKILL, a
power cut), the next command that opens the folder finds the journal and
:func:`recover` puts every file back as it was before the switch started — an interrupted
change leaves the folder exactly as it was, and never blocks the next one.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import threading
from pathlib import Path
from typing import Iterator

from ..errors import OutputError
from .atomic import share_like_any_file

PREFIX = ".ia-staging."
JOURNAL = "journal.json"
_HELD = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP")
              if hasattr(signal, name))


class _Stopped(BaseException):
    """A termination signal arrived while files were being staged."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _write_journal(staging: Path, state: str, entries: list[dict], created: list[str]
                   ) -> None:
    tmp = staging / (JOURNAL + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump({"pid": os.getpid(), "state": state, "entries": entries,
                   "created": created}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, staging / JOURNAL)


def _missing_dirs(root: Path, files: dict[Path, bytes]) -> list[str]:
    """Folders to create for the targets (and ``root`` itself), outermost first."""
    missing: list[Path] = []
    for folder in [root, *(target.parent for target in files)]:
        chain = []
        while not folder.exists() and folder not in missing:
            chain.append(folder)
            folder = folder.parent
        missing.extend(reversed(chain))
    return [str(p) for p in missing]


def _stage(staging: Path, files: dict[Path, bytes]) -> list[dict]:
    entries = []
    for n, (target, data) in enumerate(files.items()):
        staged = staging / f"{n:05d}"
        with open(staged, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        share_like_any_file(staged)
        entries.append({"target": str(target), "staged": str(staged),
                        "backup": str(staging / f"{n:05d}.old") if target.exists() else None})
    return entries


def _roll_back(entries: list[dict]) -> None:
    """Put every target back as it was before the switch (whatever part of it happened)."""
    for entry in reversed(entries):
        target = Path(entry["target"])
        if entry["backup"] is not None:
            if os.path.lexists(entry["backup"]):
                os.replace(entry["backup"], target)
        elif not os.path.lexists(entry["staged"]) and os.path.lexists(target):
            target.unlink()


def _remove_dirs(created: list[str]) -> None:
    """Remove the folders a change created, if it left them empty."""
    for folder in sorted(created, key=lambda p: len(Path(p).parts), reverse=True):
        with contextlib.suppress(OSError):
            Path(folder).rmdir()


def _switch_one(entry: dict) -> None:
    if entry["backup"] is not None:
        os.replace(entry["target"], entry["backup"])
    os.replace(entry["staged"], entry["target"])


def _switch(entries: list[dict]) -> None:
    for entry in entries:
        _switch_one(entry)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back termination signals (delivered when the block ends)."""
    if not _HELD or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While staging, a termination signal unwinds (so the staging folder is removed) and is
    then delivered again as it came."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _Stopped(signum)
    previous = {s: signal.signal(s, stop) for s in _HELD if s != signal.SIGINT}
    try:
        yield
    except _Stopped as stopped:
        for s, handler in previous.items():
            signal.signal(s, handler)
        previous = {}
        os.kill(os.getpid(), stopped.signum)
        raise KeyboardInterrupt from None  # the signal's handler did not end the process
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def replace_files(root: Path, files: dict[Path, bytes]) -> None:
    """Write ``files`` (``{path: bytes}``) as one change. Staging happens in ``root`` (created
    when missing), which must be on the same file system as the targets."""
    if not files:
        return
    root = Path(root)
    created = _missing_dirs(root, files)
    staging = root / f"{PREFIX}{os.getpid()}.{secrets.token_hex(4)}"
    entries: list[dict] = []
    done = False
    with _signals_raise():
        try:
            staging.mkdir(parents=True)
            _write_journal(staging, "staging", [], created)  # before any folder is made
            for folder in created:
                Path(folder).mkdir(exist_ok=True)
                share_like_any_file(folder, folder=True)
            entries = _stage(staging, files)
            _write_journal(staging, "switching", entries, created)
            with _signals_held():
                try:
                    _switch(entries)
                except BaseException:
                    _roll_back(entries)
                    raise
                _write_journal(staging, "done", entries, created)
                done = True
        except OSError as exc:
            _undo(entries, staging, created)
            raise OutputError(f"cannot write the files ({exc.strerror or exc})",
                              file=exc.filename or root,
                              fix="check that the folder is writable and the disk is not "
                                  "full; nothing was changed") from None
        except BaseException:
            if not done:  # a signal that arrives once the switch is done lets it stand
                _undo(entries, staging, created)
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _undo(entries: list[dict], staging: Path, created: list[str]) -> None:
    with contextlib.suppress(OSError):
        _roll_back(entries)
    shutil.rmtree(staging, ignore_errors=True)
    _remove_dirs(created)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def recover(root: str | Path) -> list[Path]:
    """Undo changes to ``root`` that a killed process left half-done (see the module
    docstring); returns the staging folders cleaned up. Changes still running in another
    process are left alone."""
    root = Path(root)
    cleaned = []
    try:
        candidates = [p for p in root.iterdir() if p.name.startswith(PREFIX) and p.is_dir()]
    except OSError:
        return []
    for staging in candidates:
        try:
            journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            journal = {"pid": _pid_of(staging), "state": "staging", "entries": [],
                       "created": []}
        if _alive(int(journal.get("pid") or 0)):
            continue
        try:
            if journal.get("state") == "switching":
                _roll_back(journal["entries"])
        except OSError as exc:
            raise OutputError(f"an interrupted import left files half-replaced, and they "
                              f"cannot be put back ({exc.strerror or exc})", file=staging,
                              fix="make the folder writable and run the command again; the "
                                  "earlier files are kept in this folder meanwhile") from None
        shutil.rmtree(staging, ignore_errors=True)
        if journal.get("state") != "done":
            _remove_dirs(journal.get("created", []))
        cleaned.append(staging)
    return cleaned


def _pid_of(staging: Path) -> int:
    try:
        return int(staging.name[len(PREFIX):].split(".")[0])
    except ValueError:
        return 0
