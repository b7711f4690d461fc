"""Measure the coding widget in headless Chromium: a 20,000-word transcript with 2,000 codings.

The transcript is recombined from the turns of the Finnish demo study (with an emoji every 40
turns, so the UTF-16 conversion is measured too), the codings are random word-aligned spans
of participant turns with random codes, stances and memos (overlaps included). A real
JupyterLab server and Debian's Chromium (the browser tests' harness,
``tests/notebook/browser/jupyter_harness.py``) then open a notebook with the widget, and the
script times:

* ``front_end_render_ms``: the front end drawing the whole document (segments, layout, the
  first frame), as the widget measures it (``rendered``);
* ``cell_to_widget_s``: running the cell until the widget is drawn and the kernel idle (Python
  building the payload, sending it, the front end drawing it);
* ``scroll_to_end_ms``: scrolling the transcript to its end and two frames;
* ``code_a_selection_ms``: pressing Enter on a code until the new coding is drawn (the round
  trip: the session saves to the database and the CSV, the widget sends the codings back);
* ``review_mode_ms``: pressing r until the suggestions are drawn.

Each is the median of ``--runs`` page loads. ``--screenshot FILE`` also saves the README's
picture of the widget (the demo study, coded by the researcher).

Examples
--------
::

    python bench/widget_bench.py
    python bench/widget_bench.py --screenshot docs/images/coding-widget.png
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "notebook" / "browser"))

from jupyter_harness import (  # noqa: E402
    CHROMIUM_ARGS,
    char_box,
    JupyterServer,
    drag_select,
    find_chromium,
    open_notebook,
    run_all_cells,
    wait_widget,
    write_notebook,
)

from interview_analysis import load_study  # noqa: E402
from interview_analysis.notebook import copy_study, demo_study  # noqa: E402

STANCES = ("positive", "negative", "mixed", "")


def write_transcript(folder: Path, words: int, rng: random.Random) -> None:
    """``folder/transcripts/B1.txt``: demo turns in order, again and again, up to ``words``."""
    passages = load_study(demo_study("sme-customer-management")).corpus().passages
    turns, total, i = [], 0, 0
    while total < words:
        p = passages.iloc[i % len(passages)]
        text = " ".join(str(p["text"]).split())
        if i % 40 == 39:
            text += " 👍"
        who = "Haastattelija" if p["role"] == "interviewer" else "B1"
        turns.append(f"{who}: {text}")
        total += len(text.split())
        i += 1
    (folder / "transcripts").mkdir(parents=True)
    (folder / "transcripts" / "B1.txt").write_text("\n\n".join(turns) + "\n", encoding="utf-8")


def write_codings(folder: Path, n: int, rng: random.Random) -> None:
    """``n`` random word-aligned codings of participant turns in ``codings/researcher.csv``."""
    study = load_study(folder)
    codes = [c.id for c in study.codebook().leaves()]
    passages = study.corpus().passages
    passages = passages[passages["role"] == "participant"]
    seen, rows = set(), []
    while len(rows) < n:
        p = passages.iloc[rng.randrange(len(passages))]
        spans = [(m, m + len(w)) for m, w in _words(str(p["text"]))]
        a = rng.randrange(len(spans))
        b = min(len(spans) - 1, a + rng.randrange(1, 25))
        start, end = int(p["start"]) + spans[a][0], int(p["start"]) + spans[b][1]
        if rng.random() < 0.3:
            start, end = int(p["start"]), int(p["end"])
        key = (start, end, rng.choice(codes))
        if key in seen:
            continue
        seen.add(key)
        memo = f"memo {len(rows)}" if rng.random() < 0.2 else ""
        rows.append(f"B1,{start},{end},{key[2]},{rng.choice(STANCES)},{memo}")
    (folder / "codings").mkdir(exist_ok=True)
    (folder / "codings" / "researcher.csv").write_text(
        "document,start,end,code,stance,memo\n" + "\n".join(rows) + "\n", encoding="utf-8")


def _words(text: str):
    at = 0
    for word in text.split():
        at = text.index(word, at)
        yield at, word
        at += len(word)


def make_study(folder: Path, words: int, codings: int, seed: int) -> Path:
    rng = random.Random(seed)
    demo = demo_study("sme-customer-management")
    write_transcript(folder, words, rng)
    shutil.copy(REPO / "codebooks" / "customer-management.yaml", folder / "codebook.yaml")
    (folder / "cases.csv").write_text("case,document\nB1,B1\n", encoding="utf-8")
    (folder / "study.yaml").write_text(
        "title: Widget benchmark\nlanguage: fi\ntranscripts: transcripts\ncases: cases.csv\n"
        "codebook: codebook.yaml\nspeakers:\n  Haastattelija: interviewer\n", encoding="utf-8")
    write_codings(folder, codings, rng)
    assert demo.exists()
    return folder


WIDGET = ("from interview_analysis.notebook import CodingWidget\n"
          "w = CodingWidget({folder!r}, coder='researcher', document={doc!r}, "
          "suggest=('rule', 'stance'))\nw")


def one_run(page, server, folder: str) -> dict:
    name = f"bench-{time.monotonic_ns()}.ipynb"
    write_notebook(server.root / name, [("code", WIDGET.format(folder=folder, doc="B1"))])
    open_notebook(page, server, name)
    t0 = time.perf_counter()
    run_all_cells(page)
    widget = wait_widget(page)
    page.wait_for_function("document.querySelector('.ia-coder').dataset.rendered")
    cell_s = time.perf_counter() - t0
    rendered = json.loads(page.evaluate("document.querySelector('.ia-coder').dataset.rendered"))
    scroll_ms = page.evaluate("""() => new Promise((done) => {
        const doc = document.querySelector('.ia-coder .ia-doc'), t0 = performance.now();
        doc.scrollTop = doc.scrollHeight;
        requestAnimationFrame(() => requestAnimationFrame(() => {
          doc.scrollTop = 0; done(performance.now() - t0); })); })""")
    coded = widget.locator(".ia-seg.ia-coded")
    before = coded.count()
    drag_select(page, "Kiitos", 0, "Kiitos", 4)
    page.keyboard.press("c")
    page.keyboard.type("hinta")
    t1 = time.perf_counter()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('.ia-coder .ia-seg.ia-coded').length"
                           f" > {before}")
    code_ms = (time.perf_counter() - t1) * 1000
    t2 = time.perf_counter()
    page.keyboard.press("r")
    page.wait_for_function("document.querySelectorAll('.ia-coder .ia-seg.ia-sug').length > 0")
    review_ms = (time.perf_counter() - t2) * 1000
    return {"front_end_render_ms": rendered["ms"], "front_end_build_ms": rendered["build_ms"],
            "segments": rendered["segments"], "turns": rendered["turns"],
            "codings": rendered["codings"], "cell_to_widget_s": round(cell_s, 2),
            "scroll_to_end_ms": round(scroll_ms), "code_a_selection_ms": round(code_ms),
            "review_mode_ms": round(review_ms)}


def screenshot(page, server, target: Path) -> None:
    """The README's picture: the demo study's H1 as the researcher coded it, a selection
    waiting for its code (stance positive), the code tree filtered by "sama", and the tooltip
    of two overlapping codings."""
    work = copy_study(demo_study("sme-customer-management"), server.root / "demo")
    write_notebook(server.root / "shot.ipynb", [("code", WIDGET.format(folder=work.name,
                                                                       doc="H1"))])
    open_notebook(page, server, "shot.ipynb")
    run_all_cells(page)
    widget = wait_widget(page)
    for _ in range(3):  # turns off screen have estimated heights until they are drawn
        widget.locator(".ia-turn[data-k='10']").evaluate(
            "(el) => el.closest('.ia-doc').scrollTop = el.offsetTop"
            " - el.closest('.ia-doc').offsetTop")
        page.wait_for_timeout(200)
    page.wait_for_timeout(300)
    drag_select(page, "asiakkaan näkökulmasta", 0, "ehdottomasti", 4)
    page.keyboard.press("1")
    page.keyboard.press("c")
    page.keyboard.type("sama")
    box = char_box(page, "muistaa", 2)  # over two overlapping codings: the tooltip lists both
    page.mouse.move((box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2)
    page.wait_for_timeout(300)
    widget.screenshot(path=str(target))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--codings", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--screenshot", type=Path, default=None)
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        sys.exit("no Chromium found: apt-get install chromium (or set IA_CHROMIUM)")
    from playwright.sync_api import sync_playwright
    server = JupyterServer("lab").start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            runs = []
            for i in range(args.runs):  # each run opens a new study: its first NLP pass too
                make_study(server.root / f"bench{i}", args.words, args.codings, args.seed)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(120_000)
                runs.append(one_run(page, server, f"bench{i}"))
                page.close()
                server.shutdown_kernels()
            if args.screenshot:
                page = browser.new_page(viewport={"width": 1500, "height": 900})
                screenshot(page, server, args.screenshot)
            print(json.dumps({"chromium": browser.version, "runs": runs, "median": {
                k: statistics.median(r[k] for r in runs) for k in runs[0]}}, indent=1))
            browser.close()
    finally:
        server.stop()
        server.cleanup()


if __name__ == "__main__":
    main()
