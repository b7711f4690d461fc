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

import matplotlib as mpl

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
STANCES = ("positive", "mixed", "negative", "no_view", "not_mentioned")

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


def wrap(text: str, width: int = 32, max_lines: int = 3) -> str:
    """Wrap a label into at most ``max_lines`` lines (the last ends with … when cut)."""
    lines = textwrap.wrap(str(text), width=width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return "\n".join(lines)


def language(lang: str | None) -> str:
    """The label language: ``fi`` or ``en`` (every other language falls back to English)."""
    return lang if lang in LABELS else "en"


LABELS: dict[str, dict[str, str]] = {
    "en": {
        "positive": "Positive", "negative": "Negative", "mixed": "Mixed",
        "no_view": "No view", "not_mentioned": "Not mentioned",
        "stance": "Stance", "cases": "Interviewees", "case": "Interviewee", "codes": "Codes",
        "code": "Code", "theme": "Theme", "coded": "Coded", "not_coded": "Not coded",
        "count": "Codings", "n_cases": "Interviewees (count)",
        "share_of_cases": "Share of interviewees who raised it (%)", "jaccard": "Jaccard index",
        "interview_position": "Interview (in order)",
        "cumulative_codes": "Codes found (cumulative)",
        "new_codes": "New codes in the interview", "stopping_rule": "Stopping rule met",
        "not_saturated": "Stopping rule not met", "at_interview": "at interview {n}",
        "rule_too_few": "Stopping rule needs at least {n} interviews",
        "alpha": "Krippendorff's α", "tentative": "tentative (α = 0.667)",
        "acceptable": "acceptable (α = 0.800)", "not_available": "n/a",
        "group": "Group", "other_codes": "Other codes ({n})", "more_cases": "{n} cases",
        "figure": "Figure", "table": "Table", "n": "n",
        "cap_framework": "Codes by interviewee{note}. Dark cells: the interviewee's answers "
                         "were coded with the code.",
        "cap_framework_count": "Number of codings per code and interviewee{note}.",
        "cap_stances": "Interviewees' stances per code, ordered by agreement{note}.",
        "cap_theme": "{theme}: codes by interviewee and stance.",
        "cap_cooccurrence": "Co-occurrence of codes in the same passage (Jaccard index){note}.",
        "cap_saturation": "New and cumulative codes by interview ({rule}).",
        "cap_reliability": "Intercoder reliability per code (Krippendorff's α) with the "
                           "thresholds 0.667 and 0.800{note}.",
        "cap_groups": "Share of interviewees who raised each topic (coded with the code, whatever their view), by {attribute}{note}.",
        "note_top": " ({shown} most frequent of {total} codes)",
        "note_lowest": " ({shown} lowest of {total} codes)",
        "note_cases": ", {n} interviewees",
        "guest_rule": "stopping rule: base {base}, run {run}, threshold {threshold:.0%}",
    },
    "fi": {
        "positive": "Myönteinen", "negative": "Kielteinen", "mixed": "Kaksijakoinen",
        "no_view": "Ei kantaa", "not_mentioned": "Ei mainintaa",
        "stance": "Näkemys", "cases": "Haastateltavat", "case": "Haastateltava",
        "codes": "Koodit", "code": "Koodi", "theme": "Teema", "coded": "Koodattu",
        "not_coded": "Ei koodattu", "count": "Koodauksia", "n_cases": "Haastateltavia (lkm)",
        "share_of_cases": "Aiheen esiin tuoneiden osuus (%)", "jaccard": "Jaccardin indeksi",
        "interview_position": "Haastattelu (järjestyksessä)",
        "cumulative_codes": "Löydetyt koodit (kumulatiivinen)",
        "new_codes": "Uudet koodit haastattelussa", "stopping_rule": "Lopetussääntö täyttyi",
        "rule_too_few": "Lopetussääntö vaatii vähintään {n} haastattelua",
        "not_saturated": "Lopetussääntö ei täyttynyt", "at_interview": "haastattelussa {n}",
        "alpha": "Krippendorffin α", "tentative": "alustava (α = 0,667)",
        "acceptable": "hyväksyttävä (α = 0,800)", "not_available": "ei laskettavissa",
        "group": "Ryhmä", "other_codes": "Muut koodit ({n})", "more_cases": "{n} tapausta",
        "figure": "Kuvio", "table": "Taulukko", "n": "n",
        "cap_framework": "Koodit haastateltavittain{note}. Tumma solu: haastateltavan "
                         "vastauksissa esiintyy koodi.",
        "cap_framework_count": "Koodausten määrä koodeittain ja haastateltavittain{note}.",
        "cap_stances": "Haastateltavien näkemykset koodeittain yksimielisyyden mukaan "
                       "järjestettynä{note}.",
        "cap_theme": "{theme}: koodit haastateltavittain ja näkemyksittäin.",
        "cap_cooccurrence": "Koodien yhteisesiintyminen samassa katkelmassa (Jaccardin "
                            "indeksi){note}.",
        "cap_saturation": "Uudet ja kumulatiiviset koodit haastatteluittain ({rule}).",
        "cap_reliability": "Koodaajien välinen reliabiliteetti koodeittain (Krippendorffin α) "
                           "ja raja-arvot 0,667 ja 0,800{note}.",
        "cap_groups": "Aiheen esiin tuoneiden (koodin saaneiden, näkemyksestä riippumatta) haastateltavien osuus ryhmittäin ({attribute}){note}.",
        "note_top": " ({shown} yleisintä koodia {total}:stä)",
        "note_lowest": " ({shown} matalinta {total}:stä koodista)",
        "note_cases": ", {n} haastateltavaa",
        "guest_rule": "lopetussääntö: pohja {base}, jakso {run}, raja {threshold:.0%}",
    },
}


def label(key: str, lang: str | None = "en", **values) -> str:
    """A figure word in ``lang`` (``fi``/``en``), formatted with ``values``."""
    text = LABELS[language(lang)][key]
    return text.format(**values) if values else text


def decimal(value: float, lang: str | None, digits: int = 2) -> str:
    """A number with the decimal separator of ``lang`` (comma in Finnish)."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language(lang) == "fi" else text


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
