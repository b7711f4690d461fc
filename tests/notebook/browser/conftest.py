"""Fixtures for the browser tests: one JupyterLab server and one Chromium per test module, a
fresh browser context, study and notebook per test.

Module scope, not session scope: while Playwright's sync API is open, the main thread has a
running asyncio loop, which later tests in the same process must not inherit.

They need Chromium (``IA_CHROMIUM``, or ``chromium`` on the PATH: ``apt-get install chromium``;
``.ci/run`` installs it) and fail, saying so, when it is missing — never a silent skip. To leave
them out deliberately: ``pytest -m "not browser"``. Playwright and JupyterLab come with the
``[dev]`` extra; without them the tests fail and say how to install them.
"""
from __future__ import annotations

import pytest
from coding_page import Coding
from jupyter_harness import (
    CHROMIUM_ARGS,
    CHROMIUM_NAMES,
    LOCAL,
    TIMEOUT_MS,
    JupyterServer,
    find_chromium,
)

CHROMIUM = find_chromium()
NO_CHROMIUM = (f"no Chromium found (looked for $IA_CHROMIUM and {', '.join(CHROMIUM_NAMES)} on "
               "the PATH): install it with 'apt-get install chromium', or leave the browser "
               "tests out with: pytest -m \"not browser\"")


def _require_chromium() -> str:
    if CHROMIUM is None:
        pytest.fail(NO_CHROMIUM)
    return CHROMIUM


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need Playwright and JupyterLab: "
                    ".venv/bin/pip install -e '.[dev]' (never 'playwright install': the "
                    "system's Chromium is used)")
    return sync_playwright


def _server(request, app: str):
    _require_chromium()
    server = JupyterServer(app).start()
    failed = request.session.testsfailed
    try:
        yield server
    finally:
        server.stop()
        if request.session.testsfailed > failed:
            print(f"\n---- Jupyter server log ({server.log_path}) ----\n{server.log()}")
        else:
            server.cleanup()


@pytest.fixture(scope="module")
def lab(request):
    """A JupyterLab 4 server."""
    yield from _server(request, "lab")


@pytest.fixture(scope="module")
def notebook7(request):
    """A Notebook 7 server."""
    yield from _server(request, "notebook")


@pytest.fixture(scope="module")
def browser():
    executable = _require_chromium()
    with _playwright()() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                     headless=True, timeout=TIMEOUT_MS)
        try:
            yield chromium
        finally:
            chromium.close()


def _page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    outside, errors = [], []
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else outside.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()
        server.shutdown_kernels()
    assert outside == [], f"the browser tried to reach the network: {outside}"
    if server.app == "notebook":  # Notebook 7.6 throws this on every page load (upstream)
        errors = [e for e in errors if "reading 'schema'" not in e]
    assert errors == [], f"uncaught errors in the page: {errors}"


@pytest.fixture
def page(browser, lab):
    yield from _page(browser, lab)


@pytest.fixture
def page7(browser, notebook7):
    yield from _page(browser, notebook7)


@pytest.fixture
def coding(lab, page):
    """``coding()`` opens a new study and notebook with the widget, returns a :class:`Coding`."""
    return lambda **kwargs: Coding(lab, page, **kwargs)
