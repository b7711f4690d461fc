"""A real JupyterLab (or Notebook 7) server and headless Chromium, for the widget's browser tests.

The server runs isolated and offline: its own config, data, runtime, settings and workspace
folders in a temporary directory, no news, update or extension-manager requests, listening on
127.0.0.1 with a token. It runs in its own process group and dies with the test process
(``PR_SET_PDEATHSIG``), so a killed test run leaves no server or kernel behind. Chromium is
the system's (Debian's ``chromium`` package), driven by Playwright; ``playwright install`` is
never needed.

Used by ``tests/notebook/browser`` and ``bench/widget_bench.py``.
"""
from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

#: Where Chromium is looked for (``IA_CHROMIUM`` first).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
#: Playwright timeout (ms): generous, for a 2-core machine running other work.
TIMEOUT_MS = 60_000
#: URLs the browser may request: nothing leaves the machine.
LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")


def find_chromium() -> str | None:
    """The Chromium executable: ``$IA_CHROMIUM``, else the first of :data:`CHROMIUM_NAMES`
    on the PATH; ``None`` when there is none."""
    named = os.environ.get("IA_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _own_group_and_die_with_parent() -> None:  # runs in the child before exec
    os.setsid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServer:
    """``python -m jupyterlab`` (``app="lab"``) or ``python -m notebook`` (``"notebook"``)."""

    def __init__(self, app: str = "lab", token: str = "ia-browser-tests") -> None:
        self.app = app
        self.token = token
        self.tmp = Path(tempfile.mkdtemp(prefix=f"ia-{app}-"))
        self.root = self.tmp / "root"
        self.root.mkdir()
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log_path = self.tmp / "server.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _settings(self) -> Path:
        folder = self.tmp / "user-settings"
        target = folder / "@jupyterlab" / "apputils-extension"
        target.mkdir(parents=True)
        # no "Would you like to get notified about official Jupyter news?" toast
        (target / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        return folder

    def _command(self, settings: Path) -> list[str]:
        module, cls = ("jupyterlab", "LabApp") if self.app == "lab" else ("notebook",
                                                                          "JupyterNotebookApp")
        cmd = [sys.executable, "-m", module, "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
               "--ServerApp.allow_remote_access=False", "--ServerApp.terminals_enabled=False",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly",
               f"--{cls}.user_settings_dir={settings}",
               f"--{cls}.workspaces_dir={self.tmp / 'workspaces'}",
               f"--{cls}.expose_app_in_browser=True"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # jupyter refuses to run as root without it
        return cmd

    def start(self, timeout: float = 120) -> "JupyterServer":
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(self.tmp / "config"),
                   JUPYTER_DATA_DIR=str(self.tmp / "data"),
                   JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"), JUPYTER_PLATFORM_DIRS="1",
                   IPYTHONDIR=str(self.tmp / "ipython"), ANYWIDGET_HMR="0",
                   MPLBACKEND="Agg", TQDM_DISABLE="1")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self._command(self._settings()), cwd=self.root, env=env,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     preexec_fn=_own_group_and_die_with_parent)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the Jupyter server exited ({self.proc.returncode}):\n"
                                     + self.log())
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}",
                                            timeout=2) as r:
                    if r.status == 200:
                        return self
            time.sleep(0.25)
        self.stop()
        raise AssertionError(f"the Jupyter server did not start in {timeout} s:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-8000:]
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM the server's process group (kernels too), then SIGKILL what is left."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        self._log.close()
        self.proc = None

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def url_for(self, notebook: str) -> str:
        if self.app == "lab":  # reset: do not reopen the tabs of earlier tests
            return f"{self.base}/lab/tree/{notebook}?token={self.token}&reset"
        return f"{self.base}/notebooks/{notebook}?token={self.token}"

    def api(self, method: str, path: str):
        req = urllib.request.Request(f"{self.base}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
            return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        with contextlib.suppress(OSError):
            for kernel in self.api("GET", "/api/kernels"):
                with contextlib.suppress(OSError):
                    self.api("DELETE", f"/api/kernels/{kernel['id']}")


def write_notebook(path: Path, cells: list[tuple[str, str]]) -> None:
    """A notebook of ``(cell_type, source)`` cells (nbformat 4.5, with cell IDs)."""
    nb = {"cells": [{"cell_type": kind, "id": f"cell-{i}", "metadata": {}, "source": source,
                     **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                    for i, (kind, source) in enumerate(cells)],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                      "name": "python3"},
                       "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


# -- in the page ----------------------------------------------------------------------------

#: The kernel is connected and idle (asked through window.jupyterapp: the execution indicator
#: says "idle" for a moment before the kernel even exists).
JS_KERNEL_IDLE = """() => { const a = window.jupyterapp; const w = a && a.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle'; }"""
JS_CELL_TYPES = "window.jupyterapp.shell.currentWidget.content.model.toJSON().cells" \
                ".map(c => c.cell_type)"


def open_notebook(page, server: JupyterServer, notebook: str) -> None:
    page.goto(server.url_for(notebook))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=TIMEOUT_MS)
    page.wait_for_function(JS_KERNEL_IDLE, timeout=TIMEOUT_MS)


def run_all_cells(page) -> None:
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")


def wait_widget(page, n: int = 1):
    """Wait for ``n`` coding widgets to be drawn and the kernel to be idle; the first one."""
    page.wait_for_function(
        f"document.querySelectorAll(\".ia-coder[data-ready='1'] .ia-turn\").length > 0 && "
        f"document.querySelectorAll(\".ia-coder[data-ready='1']\").length >= {n}",
        timeout=TIMEOUT_MS)
    page.wait_for_function(JS_KERNEL_IDLE, timeout=TIMEOUT_MS)
    return page.locator(".ia-coder").first


#: The on-screen box of character ``k`` (UTF-16) of the first occurrence of ``word`` in a
#: widget's transcript, found by walking the text nodes (codings split the text into spans).
JS_CHAR_RECT = """([index, word, k]) => {
  const root = document.querySelectorAll('.ia-coder')[index];
  for (const div of root.querySelectorAll('.ia-text')) {
    let off = div.textContent.indexOf(word);
    if (off < 0) continue;
    off += k;
    const walk = document.createTreeWalker(div, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = walk.nextNode())) { if (off < n.data.length) break; off -= n.data.length; }
    const r = document.createRange(); r.setStart(n, off); r.setEnd(n, off + 1);
    const b = r.getBoundingClientRect();
    return {left: b.left, right: b.right, top: b.top, bottom: b.bottom};
  }
  throw new Error('word not in the transcript: ' + word);
}"""


def char_box(page, word: str, k: int = 0, widget: int = 0) -> dict:
    return page.evaluate(JS_CHAR_RECT, [widget, word, k])


def drag_select(page, start_word: str, start_k: int, end_word: str, end_k: int,
                widget: int = 0) -> None:
    """A real mouse drag from just before character ``start_k`` of ``start_word`` to just
    after character ``end_k`` of ``end_word`` (both may be inside words: the widget snaps)."""
    a = char_box(page, start_word, start_k, widget)
    page.locator(".ia-coder").nth(widget).locator(".ia-doc").evaluate(
        "(el, top) => { const r = el.getBoundingClientRect();"
        " if (top < r.top || top > r.bottom - 40) el.scrollTop += top - r.top - 60; }", a["top"])
    a = char_box(page, start_word, start_k, widget)
    b = char_box(page, end_word, end_k, widget)
    page.mouse.move(a["left"] + 1, (a["top"] + a["bottom"]) / 2)
    page.mouse.down()
    page.mouse.move(b["right"] - 1, (b["top"] + b["bottom"]) / 2, steps=8)
    page.mouse.up()


def wait_for(check, what: str, timeout: float = 30):
    """Poll ``check()`` until it returns something truthy; fail saying ``what`` was awaited."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (last: {last!r})")
