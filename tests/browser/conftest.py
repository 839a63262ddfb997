"""Browser-test harness: the real app in a subprocess on a free 127.0.0.1 port, driven by headless Chromium.

- Chromium is Debian's ``/usr/bin/chromium`` (Playwright's own browser download is never used). When it
  is missing the tests skip with the reason, unless ``CI`` is set: then they fail.
- Each test gets a fresh browser context (its own cookies and session) and a guard that records every
  request the page makes: a test fails if any request leaves 127.0.0.1.
- Tests wait for states the app announces, never for fixed times: the server prints "okr-coach: Knowledge
  base ready." and the page shows it in ``#kb-status`` once the notes are indexed and the model loaded;
  :func:`open_app` waits for that, and every ``expect`` waits up to :data:`STATE_TIMEOUT_MS` (an upper
  bound for a loaded CI machine, not a sleep: it returns as soon as the state is seen).
- Screenshots go to ``artifacts/screenshots/`` (gitignored) so a person can look at every screen.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

CHROMIUM = Path(os.environ.get("OKR_COACH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
STATE_TIMEOUT_MS = 60_000
READY_TIMEOUT_MS = 300_000  # indexing the notes and loading the model on a machine shared with other work
expect.set_options(timeout=STATE_TIMEOUT_MS)
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
_CLEAN_ENV = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OKR_COACH_LLM_BASE_URL", "OKR_COACH_LLM_MODEL",
              "OKR_COACH_LLM_API_KEY", "OKR_COACH_CONFIG", "OKR_COACH_PROFILE", "OKR_COACH_OFFLINE",
              "OKR_COACH_CHROMA_URL", "OKR_COACH_EMBEDDINGS", "OKR_COACH_AUTH", "OKR_COACH_DATA_DIR"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    reason = f"{CHROMIUM} is missing: install it with 'apt-get install -y chromium' (see .ci/setup)"
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    url: str
    process: subprocess.Popen
    log: Path
    data_dir: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_app(tmp: Path, extra_env: dict[str, str] | None = None, *, timeout: float = 120.0) -> AppServer:
    """``python -m coach serve`` on a free port with its own data dir; returns once the page answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in _CLEAN_ENV}
    env.update({"XDG_DATA_HOME": str(tmp / "xdg"), "OKR_COACH_DATA_DIR": str(tmp / "data"), "HF_HUB_OFFLINE": "1",
                "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1",
                "GRADIO_TEMP_DIR": str(tmp / "gradio-tmp")})
    env.update(extra_env or {})
    log = tmp / "server.log"
    process = subprocess.Popen([sys.executable, "-m", "coach", "serve", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=log.open("w"), stderr=subprocess.STDOUT)
    server = AppServer(f"http://127.0.0.1:{port}", process, log, tmp / "data")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(server.url + "/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    # then the state the server announces once the notes are indexed and the model loaded: tests that
    # call the API directly (no page to watch) must not race the warm-up on a loaded machine
    while time.monotonic() < deadline + READY_TIMEOUT_MS / 1000:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        if "okr-coach: Knowledge base" in log.read_text(errors="replace"):
            return server
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"the app did not answer within {timeout:.0f}s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def app(tmp_path_factory, chromium_path) -> Iterator[AppServer]:
    """The app with default (offline) settings, shared by the tests of a session."""
    server = start_app(tmp_path_factory.mktemp("app"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(chromium_path):
    """Chromium for one test module.

    Module scope on purpose: Playwright's sync API keeps an asyncio loop marked as
    running while it is alive, so a session-wide instance would make every later
    ``asyncio.run`` in the suite fail with "cannot be called from a running event loop".
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class RequestLog:
    """Every URL a page asked for, and the ones that left 127.0.0.1."""

    urls: list[str] = field(default_factory=list)

    @property
    def outside(self) -> list[str]:
        local = {"127.0.0.1", "localhost", "[::1]", "::1"}
        return [u for u in self.urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                and urlsplit(u).hostname not in local]


def new_page(browser, requests: RequestLog, dialogs: list[str]):
    """A page in a fresh context that records requests and dialogs, and blocks anything non-local."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)

    def route(route_):
        requests.urls.append(route_.request.url)
        host = urlsplit(route_.request.url).hostname
        if route_.request.url.startswith(("http://", "https://")) and host not in ("127.0.0.1", "localhost"):
            route_.abort()
        else:
            route_.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(STATE_TIMEOUT_MS)
    return context, page


@pytest.fixture
def page(browser, app, request):
    """A fresh page on the shared app; fails the test if the page reached beyond 127.0.0.1."""
    requests, dialogs = RequestLog(), []
    context, page = new_page(browser, requests, dialogs)
    page.request_log = requests
    page.dialogs = dialogs
    yield page
    context.close()
    assert not requests.outside, f"the page made requests off the machine: {requests.outside}"
    assert not dialogs, f"the page opened dialogs: {dialogs}"


@pytest.fixture
def app_factory(tmp_path_factory, chromium_path):
    """Start extra app instances (e.g. with an LLM configured); all are stopped after the test."""
    started: list[AppServer] = []

    def factory(extra_env: dict[str, str] | None = None) -> AppServer:
        server = start_app(tmp_path_factory.mktemp("app-extra"), extra_env)
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture
def fresh_page(browser):
    """Open more pages, each in its own context (a separate browser session), with the same guards."""
    opened = []

    def factory():
        requests, dialogs = RequestLog(), []
        context, page = new_page(browser, requests, dialogs)
        page.request_log, page.dialogs = requests, dialogs
        opened.append((context, requests, dialogs))
        return page

    yield factory
    for context, requests, dialogs in opened:
        context.close()
        assert not requests.outside, f"the page made requests off the machine: {requests.outside}"
        assert not dialogs, f"the page opened dialogs: {dialogs}"


@pytest.fixture
def shoot():
    """``shoot(page, name)`` saves a full-page screenshot to artifacts/screenshots/NAME.png."""

    def screenshot(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return screenshot


def open_app(page, url: str, tab: str | None = None) -> None:
    """Load the app, wait until it announces the knowledge base ready, and (optionally) open a tab."""
    page.goto(url)
    page.wait_for_selector("#okr-banner")
    expect(page.locator("#kb-status")).to_contain_text(re.compile("Knowledge base (ready|unavailable)"),
                                                       timeout=READY_TIMEOUT_MS)
    if tab:
        page.get_by_role("tab", name=tab).click()


@pytest.fixture
def goto():
    return open_app
