"""The house style of every figure: A4 text width, fonts, a grayscale-safe palette, fi/en words.

Figures are drawn inside :func:`figure_style` (a ``matplotlib.rc_context``), so the global
``rcParams`` of a notebook are never changed.

Choices
-------
* Width 16 cm, the text width of an A4 thesis page with 2.5 cm margins; heights per figure.
* DejaVu Sans at 8–10 pt (ships with matplotlib, covers Finnish å/ä/ö).
* ``pdf.fonttype = ps.fonttype = 42``: fonts are embedded as TrueType (``/FontFile2``), which
  thesis print services and PDF/A checks accept, and text stays selectable.
* ``svg.fonttype = "path"``: text is drawn as outlines, so the SVG (also the one inlined in
  ``report.html``) looks identical on every machine without the font installed. The text of
  every figure is in its caption and tables, so nothing is lost for search.
* Okabe–Ito colours. Stances differ in hue *and* lightness *and* hatching, so a grayscale
  print still separates positive / negative / mixed / no view / not mentioned.
"""
from __future__ import annotations

import contextlib
import textwrap
from typing import Iterator

from ..domain import Stance
from ..messages import decimal, label, language  # noqa: F401  (re-exported for the figures)

CM = 1 / 2.54
#: A4 text width in centimetres.
TEXT_WIDTH_CM = 16.0
#: The tallest figure that still leaves room for its caption on an A4 page.
MAX_HEIGHT_CM = 22.0
DPI = 300

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9",
             "bluish_green": "#009E73", "yellow": "#F0E442", "blue": "#0072B2",
             "vermillion": "#D55E00", "reddish_purple": "#CC79A7"}

#: Stance order used in every legend; lightness rises along it except where hatching separates.
STANCES = (Stance.POSITIVE.column, Stance.MIXED.column, Stance.NEGATIVE.column,
           Stance.NO_VIEW.column, "not_mentioned")

#: ``{stance: (face colour, hatch, marker)}``. Grayscale lightness (Rec. 601): positive 87,
#: negative 119 + diagonal hatch, mixed 162 + dots, no view 221, not mentioned white + outline.
STANCE_STYLE = {
    "positive": (OKABE_ITO["blue"], "", "o"),
    "negative": (OKABE_ITO["vermillion"], "////", "X"),
    "mixed": (OKABE_ITO["orange"], "....", "D"),
    "no_view": ("#DDDDDD", "", "s"),
    "not_mentioned": ("#FFFFFF", "", "."),
}
#: Groups in a comparison: colour + hatch pairs that stay distinct in grayscale.
GROUP_STYLE = [(OKABE_ITO["blue"], ""), (OKABE_ITO["orange"], "...."),
               (OKABE_ITO["bluish_green"], "////"), (OKABE_ITO["reddish_purple"], "xxx"),
               (OKABE_ITO["sky_blue"], "\\\\\\\\"), (OKABE_ITO["yellow"], "ooo")]
#: Sequential colour map for counts and Jaccard values (monotonic lightness).
SEQUENTIAL_CMAP = "Blues"
EDGE = "#4D4D4D"
GRID = "#D9D9D9"

FONT_SIZE = 9
SMALL = 8
LARGE = 10

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "axes.titlesize": LARGE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": SMALL,
    "ytick.labelsize": SMALL,
    "legend.fontsize": SMALL,
    "legend.title_fontsize": SMALL,
    "figure.titlesize": LARGE,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": EDGE,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.color": EDGE,
    "ytick.color": EDGE,
    "grid.color": GRID,
    "grid.linewidth": 0.5,
    "hatch.linewidth": 0.6,
    "hatch.color": "white",
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "figure.constrained_layout.use": True,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    # Fixed salt: SVG clip-path and glyph IDs are the same on every run.
    "svg.hashsalt": "interview-analysis",
    "image.interpolation": "nearest",
}


@contextlib.contextmanager
def figure_style() -> Iterator[None]:
    """Apply the house style for the duration of a ``with`` block.

    Examples
    --------
    >>> with figure_style():
    ...     fig = new_figure(6)
    """
    import matplotlib as mpl  # here: a report whose figures are unchanged never imports it
    with mpl.rc_context(RC):
        yield


def figure_size(height_cm: float) -> tuple[float, float]:
    """``(width, height)`` in inches for a full-text-width figure ``height_cm`` tall."""
    height_cm = min(max(height_cm, 4.0), MAX_HEIGHT_CM)
    return TEXT_WIDTH_CM * CM, height_cm * CM


def rows_height(n_rows: int, per_row_cm: float = 0.55, extra_cm: float = 3.0) -> float:
    """A figure height that gives each of ``n_rows`` labelled rows room for its label."""
    return min(extra_cm + n_rows * per_row_cm, MAX_HEIGHT_CM)


def new_figure(height_cm: float, ax=None):
    """A new figure and axes in the house size, or the figure of a given ``ax``."""
    if ax is not None:
        return ax.figure, ax
    # A bare Figure (not pyplot's) is never shown and is freed with its last reference.
    from matplotlib.figure import Figure
    fig = Figure(figsize=figure_size(height_cm), layout="constrained")
    return fig, fig.add_subplot()


def wrap(text: str, width: int = 32, max_lines: int | None = None) -> str:
    """Wrap a label at word boundaries; with ``max_lines``, at most that many lines (the last
    ends with … when cut). Figures of the report never cut a label (``max_lines=None``)."""
    lines = textwrap.wrap(str(text), width=width, break_long_words=True) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return "\n".join(lines)


def number_formatter(lang: str | None):
    """A tick formatter that writes decimals with a comma in Finnish (``0,5``)."""
    from matplotlib.ticker import FuncFormatter
    comma = language(lang) == "fi"

    def fmt(value, _pos=None):
        text = f"{value:g}"
        return text.replace(".", ",").replace("-", "−") if comma else text.replace("-", "−")
    return FuncFormatter(fmt)


def caption(n: int, text: str, lang: str | None = "en") -> str:
    """A numbered figure caption: ``Kuvio 1. …`` in Finnish, ``Figure 1. …`` otherwise."""
    return f"{label('figure', lang)} {n}. {text}"


def table_caption(n: int, text: str, lang: str | None = "en") -> str:
    """A numbered table caption: ``Taulukko 1. …`` / ``Table 1. …``."""
    return f"{label('table', lang)} {n}. {text}"
