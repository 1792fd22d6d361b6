"""Browser fixtures: the sample journal built once, served on 127.0.0.1, driven by Chromium.

The tests use the system's Chromium (Debian's `chromium` package) through
Playwright, so nothing is downloaded at test time. Without a browser the tests
skip with the reason; under CI (CI=true) they fail instead, so a CI run can
never pass by skipping them.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import logging
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import yaml

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request

    from careerlog.journal import Journal

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CONFIG = ROOT / "mkdocs.yml"
SCREENSHOTS = ROOT / "tests" / "screenshots"
HOST = "127.0.0.1"

# Chromium flags for a quiet, offline, unprivileged run: no sandbox (containers run
# as root), no GPU, and none of the background traffic Chromium makes on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _no_browser(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


def need_module(name: str) -> None:
    """Skip the calling test module without `name` (fail under CI): call before importing it."""
    if importlib.util.find_spec(name) is None:
        reason = f"{name} is not installed (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)", pytrace=False)
        pytest.skip(reason, allow_module_level=True)


def chromium_executable() -> str:
    """The system Chromium, or skip (fail under CI) saying what is missing."""
    explicit = os.environ.get("CAREERLOG_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    _no_browser("no Chromium found on PATH (Debian: apt-get install chromium)")
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Tab:
    """A browser page that records every request and every console error it sees."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, url: str) -> None:
        self.page.goto(self.base + url, wait_until="load")

    def foreign_requests(self) -> list[str]:
        """Every requested URL that is not on 127.0.0.1 (data: and blob: URLs stay local)."""
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname != HOST:
                out.append(url)
        return out


def open_tab(context: BrowserContext, base: str) -> Tab:
    page = context.new_page()
    tab = Tab(page, base)

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            tab.errors.append(f"console: {msg.text} ({msg.location.get('url', '')})")

    def on_request(request: Request) -> None:
        tab.requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: tab.errors.append(f"page error: {exc}"))
    page.on("request", on_request)
    return tab


def new_context(browser: Browser, **kwargs: Any) -> BrowserContext:
    context = browser.new_context(**{"viewport": DESKTOP, **kwargs})
    context.set_default_timeout(10_000)
    return context


# ---------------------------------------------------------------- the sample site


@dataclass(frozen=True)
class SampleSite:
    base: str  # "http://127.0.0.1:PORT/"
    site_dir: Path
    docs_dir: Path
    journal: Journal  # what careerlog itself computes for the published site


def _sample_journal() -> tuple[Path, Journal]:
    """The sample journal as careerlog's own core reads it (published entries only)."""
    from careerlog.journal import load_journal
    from careerlog.options import build_options, resolve_today

    config = yaml.safe_load(SAMPLE_CONFIG.read_text("utf-8"))
    docs_dir = ROOT / config.get("docs_dir", "docs")
    raw: dict[str, Any] = {}
    for item in config.get("plugins", []):
        if isinstance(item, dict) and "careerlog" in item:
            raw = dict(item["careerlog"] or {})
    options = build_options(raw, ROOT)
    journal = load_journal(docs_dir, options, resolve_today(options), include_private_dir=False)
    return docs_dir, journal.published()


def _build_sample(site_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # The build logs at INFO; keep the test output to what matters.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(SAMPLE_CONFIG), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_directory(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://{HOST}:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleSite]:
    site_dir = tmp_path_factory.mktemp("sample-site")
    _build_sample(site_dir)
    docs_dir, journal = _sample_journal()
    server, base = serve_directory(site_dir)
    try:
        yield SampleSite(base, site_dir, docs_dir, journal)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def tab(context: BrowserContext, sample_site: SampleSite) -> Tab:
    """A desktop-sized page on the sample site."""
    return open_tab(context, sample_site.base)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port
