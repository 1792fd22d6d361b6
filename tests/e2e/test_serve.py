"""`mkdocs serve` in a real browser: an edit shows without reloading by hand.

A small journal is written to a tmp dir (the repository's files are never
touched) and served by a real `mkdocs serve` subprocess on a free port.
Live reload depends on click: mkdocs' default `--livereload` is lost with
click 8.2.2 to 8.3.x (mkdocs issue 4032); click 8.4 fixed it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import stop

from .conftest import HOST, free_port, need_module, new_context, open_tab

need_module("playwright")

from playwright.sync_api import Browser, expect  # noqa: E402 - after the check above

pytestmark = pytest.mark.browser

RELOAD_TIMEOUT_MS = 15_000

FILES = {
    "index.md": """\
        # My career log

        Experiments, goals and what I learned.
        """,
    "experiments/pair-with-design.md": """\
        ---
        type: experiment
        title: Would pairing with design make me a better PM?
        status: running
        hypothesis:
          belief: Sitting with the designers every week would sharpen my product sense.
          test: Pair with a designer for two hours a week for a quarter.
          measure: The number of my specs that need a second design round.
          success: Half as many second design rounds as last quarter.
        method: stretch-assignment
        start: 2026-04-01
        end: 2026-07-31
        goals: [better-specs]
        ---
        Week one: mostly listening.
        """,
    "goals/better-specs.md": """\
        ---
        type: goal
        title: Write specs that ship without rework
        status: active
        specific: Specs that go from review to build without a second design round.
        measurable: Second design rounds per quarter.
        due: 2026-12-31
        kpis:
          - name: second design rounds
            baseline: 6
            target: 2
            readings:
              - {date: 2026-03-31, value: 6}
        ---
        """,
    "experiments/secret-offer.md": """\
        ---
        type: experiment
        title: Is the offer from the start-up real?
        visibility: private
        status: idea
        hypothesis:
          belief: The start-up would match my salary.
        ---
        Nobody knows yet.
        """,
}


def _write_journal(root: Path) -> Path:
    for rel, text in FILES.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    config = {
        "site_name": "Serve test",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "plugins": [
            "search",
            {
                "careerlog": {
                    "today": "2026-06-15",
                    "visibility_defaults": {"experiment": "public", "goal": "public"},
                }
            },
        ],
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def _wait_until_up(proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"mkdocs serve exited ({proc.returncode}):\n{log.read_text('utf-8')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    pytest.fail(f"mkdocs serve did not answer on {url} within 60 s:\n{log.read_text('utf-8')}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(base URL, docs dir) of a `mkdocs serve` of a fresh small journal."""
    tmp_path = tmp_path_factory.mktemp("serve")
    config = _write_journal(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "-f",
                str(config),
                "--dev-addr",
                f"{HOST}:{port}",
            ],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://{HOST}:{port}/"
            _wait_until_up(proc, base, log)
            yield base, tmp_path / "docs"
        finally:
            stop(proc)


def test_an_edit_shows_on_its_page_and_the_dashboard_without_reloading(
    browser: Browser, served: tuple[str, Path]
) -> None:
    base, docs = served
    old = "Would pairing with design make me a better PM?"
    new = "Does pairing with design cut spec rework?"
    context = new_context(browser)
    try:
        entry = open_tab(context, base)
        entry.goto("experiments/pair-with-design/")
        expect(entry.page.locator("article h1").first).to_have_text(old)
        dashboard = open_tab(context, base)
        dashboard.goto("dashboard/")
        expect(dashboard.page.get_by_role("link", name=old, exact=True).first).to_be_visible()

        source = docs / "experiments" / "pair-with-design.md"
        text = source.read_text("utf-8")
        assert f"title: {old}\n" in text
        source.write_text(text.replace(f"title: {old}\n", f"title: {new}\n"), encoding="utf-8")

        # no page.reload(): the served pages must update by themselves
        expect(entry.page.locator("article h1").first).to_have_text(new, timeout=RELOAD_TIMEOUT_MS)
        expect(dashboard.page.get_by_role("link", name=new, exact=True).first).to_be_visible(
            timeout=RELOAD_TIMEOUT_MS
        )
        expect(dashboard.page.get_by_role("link", name=old, exact=True)).to_have_count(0)
        for tab in (entry, dashboard):
            assert tab.foreign_requests() == []
    finally:
        context.close()


def test_a_private_entry_is_served_with_its_banner(
    browser: Browser, served: tuple[str, Path]
) -> None:
    base, _ = served
    context = new_context(browser)
    try:
        tab = open_tab(context, base)
        tab.goto("experiments/secret-offer/")
        expect(tab.page.locator("article h1").first).to_have_text(
            "Is the offer from the start-up real?"
        )
        banner = tab.page.locator(".cl-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("private — not published")
        assert tab.errors == [], "\n".join(tab.errors)
    finally:
        context.close()
