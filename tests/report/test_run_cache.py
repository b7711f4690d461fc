"""Small studies in seconds: a run copies every figure, table and report whose content has not
changed, draws the others in parallel, and writes only the figure formats asked for."""
from __future__ import annotations

import hashlib
import os

import pandas as pd
import pytest
from report_fixtures import make_study

from interview_analysis.coding.output import EXCERPT_CHARS, OUTPUT_COLUMNS
from interview_analysis.errors import UsageError
from interview_analysis.report.cache import ReportCache
from interview_analysis.report.cache import code_version
from interview_analysis.report.figure_jobs import Figures, drawing_pool, figure_formats
from interview_analysis.report.plots import plot
from interview_analysis.report.run import run_study
from interview_analysis.study.study import load_study

FIGURES = ["theme-personalisation", "theme-channels", "theme-development", "stances",
           "framework", "cooccurrence", "reliability", "saturation"]


def _hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """A first run (nothing kept yet) and a second one on the unchanged study."""
    root = make_study(tmp_path_factory.mktemp("cache") / "study", group=False)
    first = run_study(load_study(root), root.parent / "first")
    kept = {p.name: p.stat().st_mtime_ns for p in (root / ".ia-cache" / "report").iterdir()}
    second = run_study(load_study(root), root.parent / "second")
    return root, first, second, kept


def test_first_run_draws_every_figure_and_writes_every_file(runs):
    _, first, _, _ = runs
    assert sorted(first.drawn) == sorted(FIGURES)
    assert {"codings.csv", "passages.csv", "report.html", "report.docx", "agreement",
            "quotes"} <= set(first.written)


def test_unchanged_rerun_copies_everything_and_draws_nothing(runs):
    root, first, second, kept = runs
    assert second.drawn == [] and second.written == []
    assert _hashes(second.out_dir) == _hashes(first.out_dir)
    # the kept files were read, never made again (same modification time)
    for path in (root / ".ia-cache" / "report").iterdir():
        if path.name in kept and path.suffix in (".pdf", ".png"):
            assert path.stat().st_mtime_ns >= kept[path.name]


def test_a_changed_coding_redraws_only_the_figures_that_show_it(runs, tmp_path):
    root, first, _, _ = runs
    codings = root / "codings" / "researcher.csv"
    original = codings.read_text(encoding="utf-8")
    lines = original.splitlines()
    h5 = [line for line in lines if line.startswith("H5,")]
    codings.write_text("\n".join(line for line in lines if line != h5[-1]) + "\n",
                       encoding="utf-8")
    try:
        changed = run_study(load_study(root), tmp_path / "changed")
    finally:
        codings.write_text(original, encoding="utf-8")
    assert changed.drawn and set(changed.drawn) < set(FIGURES)
    same = [n for n in FIGURES if n not in changed.drawn]
    for name in same:
        assert (changed.out_dir / "figures" / f"{name}.png").read_bytes() == \
            (first.out_dir / "figures" / f"{name}.png").read_bytes()
    assert "report.html" in changed.written


def test_figures_png_writes_only_pngs_and_the_reports_still_embed_them(runs, tmp_path):
    root = runs[0]
    result = run_study(load_study(root), tmp_path / "png", figures="png")
    names = sorted(p.name for p in (result.out_dir / "figures").iterdir())
    assert names == sorted(f"{n}.png" for n in FIGURES)
    assert result.drawn == []  # the PNGs were kept by the first run


def test_figures_svg_draws_the_svg_and_keeps_the_png_out_of_the_folder(runs, tmp_path):
    root, first = runs[0], runs[1]
    result = run_study(load_study(root), tmp_path / "svg", figures=["svg"])
    names = sorted(p.name for p in (result.out_dir / "figures").iterdir())
    assert names == sorted(f"{n}.svg" for n in FIGURES)
    assert sorted(result.drawn) == sorted(FIGURES)  # SVG was never drawn before
    html = (result.out_dir / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == len(FIGURES)
    assert html == (first.out_dir / "report.html").read_text(encoding="utf-8")
    assert not (result.out_dir / ".figures").exists()


def test_codings_csv_has_an_excerpt_instead_of_the_passage_text(runs):
    first = runs[1]
    codings = pd.read_csv(first.codings, keep_default_na=False)
    assert list(codings.columns) == [*OUTPUT_COLUMNS, "stance_origin", "stance_evidence"]
    assert "text" not in codings.columns
    assert codings["excerpt"].str.len().max() <= EXCERPT_CHARS
    passages = pd.read_csv(first.passages, keep_default_na=False)
    joined = codings.merge(passages[["passage_id", "start", "text"]], on="passage_id",
                           suffixes=("", "_passage"))
    assert len(joined) == (codings["passage_id"] != "").sum()
    for row in joined.itertuples():  # the coded words are the passage text at the offsets
        coded = row.text[row.start - row.start_passage:row.end - row.start_passage]
        assert " ".join(coded.split()).startswith(row.excerpt.removesuffix(" …"))


def test_a_cache_folder_that_cannot_be_written_still_gives_the_report(tmp_path):
    root = make_study(tmp_path / "study", coders=("researcher",), group=False)
    (root / ".ia-cache").mkdir(exist_ok=True)
    (root / ".ia-cache" / "report").write_text("a file where the folder would be")
    result = run_study(load_study(root), tmp_path / "out", figures="pdf")
    assert set(result.figures) == set(FIGURES) - {"reliability"}  # one coder
    assert sorted(p.name for p in (result.out_dir / "figures").iterdir()) == \
        sorted(f"{n}.pdf" for n in result.figures)
    html = result.report_html.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == len(result.figures)
    assert not (result.out_dir / ".figures").exists()
    again = run_study(load_study(root), tmp_path / "again", figures="pdf")
    assert sorted(again.drawn) == sorted(result.figures)  # nothing could be kept


def test_figure_formats_are_checked_with_the_fix():
    assert figure_formats(None) == ("pdf", "png")
    assert figure_formats("PNG, .svg,png") == ("png", "svg")
    with pytest.raises(UsageError, match="(?s)unknown figure format.*'jpg'.*pdf, png, svg"):
        figure_formats("pdf,jpg")
    with pytest.raises(UsageError, match="no figure format given"):
        figure_formats(" , ")


def _dots(n: int, lang: str = "en"):
    """A tiny figure for the drawing tests (module level: worker processes import it)."""
    from interview_analysis.report.style import figure_style, new_figure
    with figure_style():
        fig, ax = new_figure(4.0)
        ax.plot(range(n), range(n), marker="o")
        ax.set_title(f"{n} {lang}")
    return fig


@pytest.mark.parametrize("workers", [1, 2])
def test_figures_are_drawn_once_per_content(tmp_path, workers):
    cache = ReportCache(tmp_path / "cache")
    first = Figures(tmp_path / "a", cache, ("pdf", "png"), workers=workers)
    for name, n in (("one", 3), ("two", 4), ("three", 3)):
        first(name, plot(_dots, n))
    first.finish()
    assert first.drawn == ["one", "two", "three"]
    assert len(list((tmp_path / "cache").glob("*.png"))) == 2  # "one" and "three" are alike
    second = Figures(tmp_path / "b", cache, ("pdf", "png"), workers=workers)
    for name, n in (("one", 3), ("two", 5)):
        second(name, plot(_dots, n))
    second.finish()
    assert second.drawn == ["two"]
    assert (tmp_path / "b" / "one.pdf").read_bytes() == (tmp_path / "a" / "one.pdf").read_bytes()


def test_drawing_in_worker_processes_gives_the_same_bytes(tmp_path):
    paths = {}
    for workers in (1, 2):
        figures = Figures(tmp_path / f"w{workers}", ReportCache(None), ("pdf", "png", "svg"),
                          work=tmp_path / f"work{workers}", workers=workers)
        for n in (2, 3, 4):
            figures(f"f{n}", plot(_dots, n, lang="fi"))
        paths[workers] = figures.finish()
    assert _hashes(tmp_path / "w1") == _hashes(tmp_path / "w2")
    assert sorted(paths[2]) == ["f2", "f3", "f4"]


def test_a_worker_that_dies_leaves_its_figure_to_this_process(tmp_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    class Dead:
        def result(self):
            raise BrokenProcessPool("killed")

    figures = Figures(tmp_path / "out", ReportCache(tmp_path / "cache"), ("png",), workers=2)
    monkeypatch.setattr(figures, "_started", lambda: type("P", (), {
        "submit": lambda self, *a: Dead(), "shutdown": lambda self, **k: None})())
    figures("lost", plot(_dots, 3))
    assert figures.finish()["lost"]["png"].stat().st_size > 1000


def test_a_first_run_starts_readied_workers_and_later_runs_do_not(tmp_path):
    cache = ReportCache(tmp_path / "cache")
    assert not cache.knows(code_version())
    pool = drawing_pool(cache, ("pdf",), workers=2)
    assert pool is not None
    assert len({pool.submit(os.getpid).result() for _ in range(8)} - {os.getpid()}) >= 1
    figures = Figures(tmp_path / "a", cache, ("pdf", "png"), workers=2, pool=pool)
    figures("one", plot(_dots, 3))
    figures.finish()
    with pytest.raises(RuntimeError, match="shutdown"):  # Figures stopped the workers it got
        pool.submit(os.getpid)
    assert figures.drawn == ["one"] and cache.knows(code_version())
    assert drawing_pool(cache, ("pdf",), workers=2) is None  # this code has drawn here
    assert drawing_pool(ReportCache(tmp_path / "other"), workers=1) is None  # nothing to share


def test_cache_keeps_the_most_recently_used_files(tmp_path):
    cache = ReportCache(tmp_path / "cache")
    for i, name in enumerate("abc"):
        source = tmp_path / f"{name}.bin"
        source.write_bytes(b"x" * 1000)
        cache.put(name, "bin", source)
        os.utime(cache.path(name, "bin"), ns=(10**9 * (i + 1),) * 2)
    assert cache.get("a", "bin") is not None  # used now: the newest
    cache.prune(max_bytes=2000)
    assert sorted(p.stem for p in (tmp_path / "cache").iterdir()) == ["a", "c"]

