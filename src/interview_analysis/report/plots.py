"""Figures to draw later: a plot function and its data, so a report can draw them in parallel,
or not at all when the same figure (same data, labels, language and code) is in the cache.

:func:`plot` is how the results chapter names a figure: ``plot(F.stance_bars, agreement,
codebook, lang)`` instead of ``F.stance_bars(agreement, codebook, lang)``. :meth:`Plot.draw`
makes the matplotlib figure; :meth:`Plot.key` is the figure's content key.

Examples
--------
>>> job = plot(F.stance_bars, agreement, codebook, "fi")     # doctest: +SKIP
>>> fig = job.draw()                                         # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..base.digest import digest
from ..coding.codebook import Code, Codebook


@dataclass(frozen=True)
class Plot:
    """A figure not drawn yet: ``func(*args, **kwargs)`` returns it."""

    func: Callable
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def draw(self):
        """The matplotlib figure."""
        return self.func(*self.args, **self.kwargs)

    def key(self, version: str) -> str:
        """What the figure shows — its function, data, labels and language — and ``version``
        (the drawing code, the house style, matplotlib), as one hex digest."""
        return digest(version, self.func, [_content(a) for a in self.args],
                      {k: _content(v) for k, v in self.kwargs.items()})


def plot(func: Callable, *args, **kwargs) -> Plot:
    """``func(*args, **kwargs)``, to be drawn later (see the module docstring).

    A codebook among the arguments is passed on with its codes, labels, texts and colours
    only (:func:`figure_codebook`): a figure never needs the rules, and the figure then does
    not change when a rule does. Pass the same :class:`FigureCodebook` to every figure of a
    report, so that its content is read once, not once per figure.
    """
    return Plot(func, tuple(_figure_codebook(a) for a in args),
                {k: _figure_codebook(v) for k, v in kwargs.items()})


class FigureCodebook(Codebook):
    """A codebook's codes, labels, texts and colours as they were when it was made: what a
    figure shows of a codebook. Nothing changes it, so its content digest is taken once."""

    _digest: str | None = None

    def content(self) -> str:
        """A digest of the codes in order (IDs, parents, labels, texts, colours)."""
        if self._digest is None:
            self._digest = digest("codebook", self.name, tuple(self.languages),
                                  [(c.id, c.parent, c.labels, c.texts, c.colour)
                                   for c in self])
        return self._digest


def figure_codebook(codebook: Codebook) -> FigureCodebook:
    """What figures show of ``codebook`` (see :class:`FigureCodebook`)."""
    if isinstance(codebook, FigureCodebook):
        return codebook
    codes = [Code(c.id, c.parent, dict(c.labels), texts={k: dict(v) for k, v in c.texts.items()},
                  colour=c.colour) for c in codebook]
    return FigureCodebook(codes, name=codebook.name, languages=tuple(codebook.languages))


def _figure_codebook(value):
    return figure_codebook(value) if isinstance(value, Codebook) else value


def _content(value):
    """A codebook as the digest of its codes in order; anything else as it is."""
    if isinstance(value, Codebook):
        return ("codebook", figure_codebook(value).content())
    return value
