"""Figures: every plot function returns a figure in the house size, large studies stay
readable, and ``save_figure`` writes embedded-font PDF, SVG and a 300-dpi PNG reproducibly."""
from __future__ import annotations

import io

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from interview_analysis.analysis import (
    agreement_table,
    case_code_matrix,
    case_stances,
    cooccurrence,
    group_comparison,
    guest_saturation,
    saturation_curve,
)
from interview_analysis.analysis.reliability import reliability_table
from interview_analysis.report import figures as F
from interview_analysis.report.export import figure_bytes, save_figure
from interview_analysis.report.style import OKABE_ITO, RC, STANCE_STYLE


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    """The analysis tables of the fixture study (researcher's codings)."""
    from report_fixtures import make_study

    from interview_analysis.study.study import load_study
    study = load_study(make_study(tmp_path_factory.mktemp("fig") / "study"))
    corpus, codebook = study.corpus(), study.codebook()
    manual = pd.concat([study.codings(c, codebook=codebook) for c in study.coders()])
    codings = manual[manual["coder"] == "researcher"]
    leaves = [c.id for c in codebook.leaves()]
    curve = saturation_curve(codings, corpus, order="interview_date")
    return {
        "codebook": codebook, "cases": list(study.cases.index),
        "presence": case_code_matrix(codings, corpus, value="presence", codes=leaves),
        "counts": case_code_matrix(codings, corpus, value="count", codes=leaves),
        "agreement": agreement_table(codings, corpus, codebook),
        "stances": case_stances(codings, corpus),
        "cooccurrence": cooccurrence(codings, corpus, level="passage"),
        "curve": curve, "guest": guest_saturation(curve, base=2, run=1),
        "groups": group_comparison(codings, corpus, attribute="group"),
        "reliability": reliability_table(manual, corpus,
                                         coders=["researcher", "assistant"]),
    }


def _all_figures(t, lang="en"):
    cb = t["codebook"]
    return {
        "framework": F.framework_heatmap(t["presence"], cb, lang),
        "framework_count": F.framework_heatmap(t["counts"], cb, lang, value="count"),
        "stances": F.stance_bars(t["agreement"], cb, lang),
        "theme": F.theme_dots(t["stances"], cb, "channels", t["cases"], lang),
        "cooccurrence": F.cooccurrence_heatmap(t["cooccurrence"], cb, lang),
        "saturation": F.saturation_plot(t["curve"], t["guest"], lang),
        "reliability": F.reliability_plot(t["reliability"], cb, lang),
        "groups": F.group_plot(t["groups"], cb, lang),
    }


def _text_boxes(fig):
    """Window extents of every visible tick label and text, after drawing."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw_without_rendering()
    boxes = []
    for ax in fig.axes:
        def shown(t, limits, i):
            low, high = sorted(limits)
            return t.get_visible() and t.get_text() and low <= t.get_position()[i] <= high
        ticks = [t for t in ax.get_xticklabels() if shown(t, ax.get_xlim(), 0)]
        ticks += [t for t in ax.get_yticklabels() if shown(t, ax.get_ylim(), 1)]
        slanted = [t for t in ticks if t.get_rotation() % 90]
        _check_slanted(slanted, renderer)
        boxes += [t.get_window_extent(renderer) for t in ticks if t not in slanted]
    return boxes


def _check_slanted(ticks, renderer) -> None:
    """Slanted labels have overlapping boxes by nature; they clear each other when the tick
    spacing across the slant exceeds the text height."""
    if len(ticks) < 2:
        return
    xs = sorted(t.get_window_extent(renderer).x1 for t in ticks)
    angle = np.radians(ticks[0].get_rotation())
    height = ticks[0].get_fontsize() * renderer.points_to_pixels(1.0)
    assert min(np.diff(xs)) * np.sin(angle) >= height


def _overlaps(boxes) -> int:
    hits = 0
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            hits += w > 1 and h > 1
    return hits


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_every_plot_function_returns_a_full_width_figure(tables, lang):
    for name, fig in _all_figures(tables, lang).items():
        assert isinstance(fig, Figure), name
        assert fig.get_figwidth() == pytest.approx(16 / 2.54), name
        assert 4 / 2.54 <= fig.get_figheight() <= 22 / 2.54 + 1e-9, name
        assert fig.axes and fig.axes[0].has_data(), name


def test_tick_labels_never_overlap_or_leave_the_figure(tables):
    for name, fig in _all_figures(tables).items():
        boxes = _text_boxes(fig)
        assert _overlaps(boxes) == 0, name
        width, height = fig.bbox.width, fig.bbox.height
        for box in boxes:
            assert box.x0 >= -1 and box.x1 <= width + 1, name
            assert box.y0 >= -1 and box.y1 <= height + 1, name


def test_plot_draws_into_a_given_axes(tables):
    fig = Figure(figsize=(8, 8))
    left, right = fig.subplots(1, 2)
    assert F.stance_bars(tables["agreement"], tables["codebook"], ax=left) is fig
    assert F.saturation_plot(tables["curve"], ax=right) is fig
    assert len(fig.axes) == 2


def test_plotting_leaves_global_rcparams_alone(tables, tmp_path):
    before = dict(matplotlib.rcParams)
    save_figure(F.stance_bars(tables["agreement"]), tmp_path, "x", ("png",))
    assert (tmp_path / "x.png").is_file()
    after = dict(matplotlib.rcParams)
    assert {k for k in before if before[k] != after[k]} <= {"backend"}


def test_stance_bars_order_codes_by_consensus(tables):
    order = F.consensus_order(tables["agreement"])
    assert order[0] == "personalisation/same_contact"  # unanimous: 5 of 5 positive
    fig = F.stance_bars(tables["agreement"], tables["codebook"])
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == "Same contact person"


def test_theme_dots_use_codebook_labels_in_the_study_language(tables):
    fig = F.theme_dots(tables["stances"], tables["codebook"], "channels", tables["cases"], "fi")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Sähköposti", "Puhelin", "Tekstiviesti"]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[:3] == ["Myönteinen", "Kaksijakoinen", "Kielteinen"]


def test_reliability_plot_marks_both_krippendorff_thresholds(tables):
    fig = F.reliability_plot(tables["reliability"], tables["codebook"])
    xs = sorted(round(line.get_xdata()[0], 3) for line in fig.axes[0].lines)
    assert 0.667 in xs and 0.8 in xs
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["tentative (α = 0.667)", "acceptable (α = 0.800)"]


def test_saturation_plot_annotates_the_stopping_point(tables):
    assert tables["guest"]["saturated"]
    fig = F.saturation_plot(tables["curve"], tables["guest"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    at = tables["guest"]["at_position"]
    assert any(f"at interview {at}" in t for t in texts)


def test_group_plot_names_groups_with_their_size(tables):
    fig = F.group_plot(tables["groups"], tables["codebook"])
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["customer (n = 3)", "expert (n = 2)"]


# -- large studies ----------------------------------------------------------------------------

def _large(n_cases=80, n_codes=45, seed=3):
    rng = np.random.default_rng(seed)
    cases = [f"P{i:03d}" for i in range(1, n_cases + 1)]
    codes = [f"theme{i % 5}/code_{i:02d}_with_a_rather_long_descriptive_name" for i in
             range(n_codes)]
    presence = pd.DataFrame(rng.random((n_cases, n_codes)) < np.linspace(0.05, 0.9, n_codes),
                            index=pd.Index(cases, name="case"), columns=codes).astype(int)
    stance = rng.choice(["positive", "negative", "mixed", "no view"], size=presence.shape)
    long = [(c, k, stance[i, j]) for i, c in enumerate(cases) for j, k in enumerate(codes)
            if presence.iat[i, j]]
    return presence, pd.DataFrame(long, columns=["case", "code", "stance"])


def test_large_heatmap_keeps_forty_codes_and_sums_the_rest():
    presence, _ = _large()
    fig = F.framework_heatmap(presence)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 41 and labels[-1] == "Other codes (5)"
    xlabels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert 0 < len(xlabels) <= 30  # every k-th of 80 cases
    assert _overlaps(_text_boxes(fig)) == 0


def test_large_cooccurrence_is_clustered_and_readable():
    presence, _ = _large(n_cases=60, n_codes=50)
    rows = []
    for a in presence.columns:
        for b in presence.columns:
            both = int((presence[a] & presence[b]).sum())
            either = int((presence[a] | presence[b]).sum())
            rows.append((a, b, both, both / either if either else np.nan))
    cooc = pd.DataFrame(rows, columns=["code_a", "code_b", "count", "jaccard"])
    fig = F.cooccurrence_heatmap(cooc)
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    columns = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    # 40 codes: numbered rows with whole labels, numbered columns (the lower triangle)
    assert len(rows) == 40 and columns == [str(k) for k in range(1, 40)]
    assert rows[0].startswith("1 code ") and rows[0].endswith("with a rather long descriptive name")
    assert not any("…" in t for t in rows)
    assert _overlaps(_text_boxes(fig)) == 0


def test_theme_dots_summarise_many_cases_as_stance_bars():
    from interview_analysis.coding.codebook import Code, Codebook
    _, long = _large(n_cases=120, n_codes=10)
    codes = sorted(long["code"].unique())
    cb = Codebook([Code("theme0", None, {"en": "Theme 0"})] +
                  [Code(c, "theme0", {"en": c.split("/")[1][:20]}) for c in codes
                   if c.startswith("theme0/")])
    fig = F.theme_dots(long, cb, "theme0")
    assert fig.axes[0].patches  # bars, not 120 columns of dots


def test_cluster_order_puts_similar_codes_together():
    square = pd.DataFrame([[1, .9, 0, 0], [.9, 1, 0, .1], [0, 0, 1, .8], [0, .1, .8, 1]],
                          index=list("abcd"), columns=list("abcd"))
    order = F.cluster_order(square)
    assert abs(order.index("a") - order.index("b")) == 1
    assert abs(order.index("c") - order.index("d")) == 1


# -- saving --------------------------------------------------------------------------------------

def test_save_figure_writes_pdf_svg_and_300_dpi_png(tables, tmp_path):
    paths = save_figure(F.stance_bars(tables["agreement"], tables["codebook"]), tmp_path,
                        "stances")
    assert sorted(paths) == ["pdf", "png", "svg"]
    png = Image.open(paths["png"])
    assert abs(png.size[0] - 1890) <= 5  # 16 cm at 300 dpi
    assert round(png.info["dpi"][0]) == 300
    pdf = paths["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF") and 5_000 < len(pdf) < 2_000_000
    assert b"/FontFile2" in pdf  # TrueType embedded (pdf.fonttype 42)
    assert b"/Subtype /Type3" not in pdf
    svg = paths["svg"].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert not list(tmp_path.glob(".*"))  # no temporary files left


def test_saved_figures_are_byte_identical_across_runs(tables, tmp_path):
    first = save_figure(F.framework_heatmap(tables["presence"], tables["codebook"]),
                        tmp_path / "a", "f")
    second = save_figure(F.framework_heatmap(tables["presence"], tables["codebook"]),
                         tmp_path / "b", "f")
    for fmt in ("pdf", "svg", "png"):
        assert first[fmt].read_bytes() == second[fmt].read_bytes(), fmt


def test_png_has_no_software_or_date_metadata(tables):
    data = figure_bytes(F.saturation_plot(tables["curve"]), "png")
    assert b"matplotlib" not in data.lower()
    assert Image.open(io.BytesIO(data)).size[0] > 1800


def test_stances_stay_distinct_in_grayscale():
    def lightness(colour: str) -> float:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b
    styles = {k: (lightness(c), hatch) for k, (c, hatch, _) in STANCE_STYLE.items()}
    values = sorted(v for v, _ in styles.values())
    assert min(b - a for a, b in zip(values, values[1:])) > 25  # distinct grays
    plain = sorted(v for v, h in styles.values() if not h)  # unhatched: far apart
    assert min(b - a for a, b in zip(plain, plain[1:])) > 30
    assert STANCE_STYLE["positive"][0] == OKABE_ITO["blue"]
    assert RC["pdf.fonttype"] == 42 and RC["ps.fonttype"] == 42
