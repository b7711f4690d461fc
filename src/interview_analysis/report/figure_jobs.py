"""A report's figures: copied from the cache when their content is unchanged, else drawn in
worker processes while the report goes on.

:class:`Figures` is the ``save(name, figure)`` that :func:`~.document.build_document` is given.
For each :class:`~.plots.Plot` it looks the figure's key up in the
:class:`~.cache.ReportCache`; a figure that is there is copied, never drawn again. The others
are drawn in a pool of processes, one figure per job, each writing its files straight into
the cache: matplotlib's ``rcParams`` (the house style is a ``rc_context``) are global to a
process and the drawing is Python code that holds the GIL, so threads would be neither safe nor
faster. Processes are forked (Linux), so they start with everything already imported; where
forking is not available (or for one figure) the figures are drawn in this process.

A first run with this version of the code draws every figure. Its workers are then started
before the analysis (:func:`drawing_pool`) and import and exercise matplotlib while this
process analyses, instead of each paying that at its first figure; later runs, which draw few
figures or none, start them only when a figure must be drawn.

Formats: PDF (vector, for LaTeX: ``\\includegraphics``), PNG at 300 dpi (for Word and the
HTML report, which embed it) and, on request, SVG. The PNG is always drawn, because both
reports embed it, but written to ``figures/`` only when asked for.
"""
from __future__ import annotations

import gc
import os
import shutil
import sys
from pathlib import Path

from ..base.atomic import atomic_path
from ..errors import UsageError
from .cache import ReportCache, code_version
from .plots import Plot

#: Every figure format, and the default: what a thesis needs (PDF for LaTeX, PNG for Word).
FORMATS = ("pdf", "png", "svg")
DEFAULT_FORMATS = ("pdf", "png")
#: Worker processes at most (each one draws one figure at a time).
MAX_WORKERS = 4


def figure_formats(value=None) -> tuple[str, ...]:
    """The figure formats of ``--figures pdf,png`` (default :data:`DEFAULT_FORMATS`).

    Raises
    ------
    UsageError
        For a format that is not one of :data:`FORMATS`, or none at all.
    """
    if value is None:
        return DEFAULT_FORMATS
    names = value.split(",") if isinstance(value, str) else list(value)
    formats = tuple(dict.fromkeys(str(n).strip().lower().lstrip(".") for n in names
                                  if str(n).strip()))
    wrong = [f for f in formats if f not in FORMATS]
    if wrong or not formats:
        raise UsageError("unknown figure format" if wrong else "no figure format given",
                         value=wrong[0] if wrong else value,
                         fix="give one or more of pdf, png, svg separated by commas, e.g. "
                             "--figures pdf,png (PDF for LaTeX, PNG for Word)")
    return formats


def _draw(plot: Plot, formats: tuple[str, ...], folder: str, key: str) -> None:
    """Draw ``plot`` and save it as ``folder/key.<format>`` (in a worker process)."""
    from .export import save_figure
    save_figure(plot.draw(), folder, key, formats)


def _ready(formats: tuple[str, ...]) -> None:
    """Worker start: import matplotlib and lay out, render and save one small figure with text in
    ``formats``, so fonts, text layout and the writers are loaded before the first real figure.
    A failure here only costs time; the real figure then reports it."""
    import io
    try:
        from .style import figure_style, new_figure
        with figure_style():
            fig, ax = new_figure(4)
            ax.set_title("Åäö 0,5")
            for fmt in formats:
                fig.savefig(io.BytesIO(), format=fmt, dpi=30)
    except Exception:  # noqa: BLE001 - see the docstring
        pass


def _new_pool(workers: int, formats: tuple[str, ...] | None = None):
    """``workers`` forked processes, started now (readied by :func:`_ready` for ``formats``)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    # Forked workers leave the parent's objects to it: without this, each worker's garbage
    # collector would touch (and so copy) the whole parent heap.
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_ready if formats else None,
                                   initargs=(formats,) if formats else ())
        pool.submit(os.getpid)  # forks every worker now (the start method is fork)
    finally:
        gc.unfreeze()
    return pool


def drawing_pool(cache: ReportCache, formats=DEFAULT_FORMATS, workers: int | None = None):
    """Drawing workers started now, when this version of the code has drawn nothing into
    ``cache`` yet (a first run, which draws every figure); ``None`` otherwise, or where
    processes cannot be forked. Give it to :class:`Figures` (which stops it), or ``shutdown``
    it when no report is made."""
    workers = default_workers() if workers is None else workers
    if workers < 2 or not _fork_available() or cache.knows(code_version()):
        return None
    try:
        return _new_pool(workers, tuple(dict.fromkeys((*formats, "png"))))
    except (OSError, RuntimeError):  # no processes to be had: started later, or drawn here
        return None


def _fork_available() -> bool:
    import multiprocessing
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def default_workers() -> int:
    """One worker per available core, at most :data:`MAX_WORKERS`."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, MAX_WORKERS))


class Figures:
    """Saves a report's figures into ``folder`` in ``formats`` (see the module docstring).

    ``work`` is a folder for figures that cannot be kept in the cache (a read-only study).
    After :meth:`finish`, :attr:`paths` holds ``{name: {format: path}}``, :attr:`drawn` the
    names of the figures drawn in this run and :attr:`keys` each figure's content key.
    """

    def __init__(self, folder: Path, cache: ReportCache, formats=DEFAULT_FORMATS,
                 work: Path | None = None, workers: int | None = None, pool=None) -> None:
        self.folder = Path(folder)
        self.cache = cache
        self.formats = tuple(formats)
        self.store = cache.folder if cache.folder is not None else Path(work or folder)
        self.workers = default_workers() if workers is None else workers
        self.keys: dict[str, str] = {}
        self.drawn: list[str] = []
        self.paths: dict[str, dict[str, Path]] = {}
        self._jobs: dict[str, tuple] = {}
        self._pool = pool

    @property
    def _drawn_formats(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.formats, "png")))

    def __call__(self, name: str, figure) -> Path:
        """Save ``figure`` (a :class:`~.plots.Plot`, or a drawn matplotlib figure) as
        ``name``; returns the path the reports read its PNG from once :meth:`finish` ran."""
        if not isinstance(figure, Plot):
            return self._save_drawn(name, figure)
        key = self.keys[name] = figure.key(code_version())
        if any(self.cache.get(key, f) is None for f in self._drawn_formats):
            self.drawn.append(name)
            self._submit(name, figure, key)
        return self._png(name, key)

    def _png(self, name: str, key: str) -> Path:
        return self.folder / f"{name}.png" if "png" in self.formats else \
            self.store / f"{key}.png"

    def _save_drawn(self, name: str, fig) -> Path:
        from .export import save_figure
        self.drawn.append(name)
        saved = save_figure(fig, self.folder, name, self._drawn_formats)
        self.paths[name] = {f: saved[f] for f in self.formats}
        if "png" not in self.formats:  # the reports still embed it; it leaves with the folder
            work = self.store / f"{name}.drawn.png"
            os.replace(saved["png"], work)
            return work
        return saved["png"]

    def _submit(self, name: str, plot: Plot, key: str) -> None:
        job = (plot, self._drawn_formats, str(self.store), key)
        if self.workers > 1 and _fork_available():
            try:
                self._jobs[name] = (self._started().submit(_draw, *job), job)
                return
            except (OSError, RuntimeError):  # no processes to be had: drawn here instead
                self.workers = 1
        self._jobs[name] = (None, job)

    def _started(self):
        if self._pool is None:
            self._pool = _new_pool(self.workers)
        return self._pool

    def finish(self) -> dict[str, dict[str, Path]]:
        """Wait for the figures being drawn, then copy every figure into the folder."""
        from concurrent.futures.process import BrokenProcessPool
        for name, (future, job) in self._jobs.items():
            try:
                if future is None:
                    raise BrokenProcessPool("drawn here")
                future.result()
            except BrokenProcessPool:  # a worker died (memory?): this process draws it
                _draw(*job)
        self.close()
        for name, key in self.keys.items():
            self.paths[name] = {f: self._place(name, key, f) for f in self.formats}
        self.cache.mark(code_version())
        return self.paths

    def _place(self, name: str, key: str, fmt: str) -> Path:
        target = self.folder / f"{name}.{fmt}"
        if not self.cache.copy(key, fmt, target):  # not kept (a read-only study folder)
            with atomic_path(target) as tmp:
                shutil.copyfile(self.store / f"{key}.{fmt}", tmp)
        return target

    def close(self) -> None:
        """Stop the workers (also after an error: nothing is left running)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
