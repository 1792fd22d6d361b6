"""`mkdocs serve` across a long session: every rebuild shows exactly the current files.

MkDocs keeps a plugin that defines `on_startup` for the whole serve session
(its plugin cache outlives each reload of mkdocs.yml), so the simulation below
does what `mkdocs serve` does: on_startup once, then for every edit the
configuration is loaded again and built, and the careerlog plugin instance is
asserted to be the very same object every time.  After each step the entry
page, the dashboard and the experiments view must show the current state:
never a stale title, never one entry's data on another's page.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from conftest import stop

ROOT = Path(__file__).resolve().parent.parent

GOAL = "---\ntype: goal\ntitle: {title}\nspecific: s\nmeasurable: m\ndue: 2027-01-01\n---\n"


def experiment(title: str, *, status: str = "running", extra: str = "") -> str:
    outcome = (
        "outcome: {date: 2026-05-01, result: validated, observed: o, learned: l}\n"
        if status == "concluded"
        else ""
    )
    return (
        f"---\ntype: experiment\ntitle: {title}\nstatus: {status}\n"
        "hypothesis: {belief: b, test: t, measure: m, success: s}\n"
        "method: learning\nstart: 2026-03-01\nend: 2026-09-01\n"
        f"{outcome}{extra}---\nBody of {title}.\n"
    )


class Session:
    """One `mkdocs serve` session: one plugin instance, a build per edit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs = root / "docs"
        self.docs.mkdir()
        config = {
            "site_name": "Serve session",
            "docs_dir": "docs",
            "site_dir": "site",
            "theme": {"name": "material"},
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
        self.config_file = root / "mkdocs.yml"
        self.config_file.write_text(yaml.safe_dump(config), "utf-8")
        self.plugin: BasePlugin | None = None  # type: ignore[type-arg]
        self.config: MkDocsConfig | None = None
        self.builds = 0

    def write(self, rel: str, text: str) -> None:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")

    def remove(self, rel: str) -> None:
        (self.docs / rel).unlink()

    def rename(self, old: str, new: str) -> None:
        (self.docs / old).rename(self.docs / new)

    def rebuild(self) -> None:
        config = load_config(str(self.config_file))
        plugin = config.plugins["careerlog"]
        if self.plugin is None:
            self.plugin = plugin
            config.plugins.on_startup(command="serve", dirty=False)
        assert plugin is self.plugin, "mkdocs serve keeps one plugin instance for the session"
        self.config = config
        build(config)
        self.builds += 1

    def html(self, url: str) -> str:
        return (self.root / "site" / url / "index.html").read_text("utf-8")

    def text(self, url: str) -> str:
        soup = BeautifulSoup(self.html(url), "html.parser")
        main = soup.select_one(".md-content") or soup
        return " ".join(main.get_text(" ").split())

    def exists(self, url: str) -> bool:
        return (self.root / "site" / url / "index.html").exists()

    def experiments_view(self) -> tuple[str, str]:
        """(text of the status groups, text of "needs fixing")."""
        groups, _, fixing = self.html("experiments/").partition('id="needs-fixing"')
        return (
            BeautifulSoup(groups, "html.parser").get_text(" "),
            BeautifulSoup(fixing, "html.parser").get_text(" "),
        )


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    s = Session(tmp_path)
    yield s
    if s.config is not None:
        s.config.plugins.on_shutdown()


TITLES = ["Alpha one", "Alpha two", "Beta one", "Gamma one"]


def assert_shows_only(session: Session, shown: set[str], url: str) -> None:
    text = session.text(url)
    for title in TITLES:
        assert (title in text) == (title in shown), f"{url}: {title!r} {text[:400]}"


def test_a_long_serve_session_always_shows_the_current_files(session: Session) -> None:
    session.write("index.md", "# Home\n")
    session.write("goals/lead.md", GOAL.format(title="Lead"))
    session.write("goals/grow.md", GOAL.format(title="Grow"))
    session.write("experiments/alpha.md", experiment("Alpha one", extra="goals: [lead]\n"))

    # 1. the first build
    session.rebuild()
    assert "Alpha one" in session.text("experiments/alpha/")
    assert_shows_only(session, {"Alpha one"}, "dashboard/")
    assert_shows_only(session, {"Alpha one"}, "experiments/")
    assert "Alpha one" in session.text("goals/lead/")

    # 2. an edit: new title and status
    session.write(
        "experiments/alpha.md",
        experiment("Alpha two", status="concluded", extra="goals: [lead]\n"),
    )
    session.rebuild()
    assert "Alpha two" in session.text("experiments/alpha/")
    assert "Alpha one" not in session.text("experiments/alpha/")
    assert_shows_only(session, {"Alpha two"}, "experiments/")
    assert "concluded 1 " in session.text("experiments/")
    assert "Alpha one" not in session.text("goals/lead/")

    # 3. the file breaks: the page says so, the rollups leave it out
    session.write(
        "experiments/alpha.md",
        experiment("Alpha two", status="runing", extra="goals: [lead]\n"),
    )
    session.rebuild()
    page = session.text("experiments/alpha/")
    assert "runing" in page
    assert "did you mean 'running'" in page
    groups, fixing = session.experiments_view()
    assert "Alpha two" not in groups
    assert "Alpha two" in fixing

    # 4. fixed again: no trace of the problem
    session.write(
        "experiments/alpha.md",
        experiment("Alpha two", status="running", extra="goals: [lead]\n"),
    )
    session.rebuild()
    assert "runing" not in session.text("experiments/alpha/")
    groups, fixing = session.experiments_view()
    assert "Alpha two" in groups
    assert "Alpha two" not in fixing
    assert_shows_only(session, {"Alpha two"}, "dashboard/")

    # 5. a rename: the id changes with the file name, the old page is gone
    session.rename("experiments/alpha.md", "experiments/beta.md")
    session.write(
        "experiments/beta.md",
        experiment("Beta one", status="running", extra="goals: [lead]\n"),
    )
    session.rebuild()
    assert not session.exists("experiments/alpha/")
    assert "Beta one" in session.text("experiments/beta/")
    assert_shows_only(session, {"Beta one"}, "experiments/")
    assert_shows_only(session, {"Beta one"}, "dashboard/")
    assert 'href="beta/"' in session.html("experiments/")
    assert 'href="alpha/"' not in session.html("experiments/")

    # 6. a deletion
    session.remove("experiments/beta.md")
    session.rebuild()
    assert not session.exists("experiments/beta/")
    assert_shows_only(session, set(), "experiments/")
    assert_shows_only(session, set(), "dashboard/")
    assert "Beta one" not in session.text("goals/lead/")

    # 7. private, public, private again
    private = experiment("Gamma one", extra="visibility: private\ngoals: [lead]\n")
    session.write("experiments/gamma.md", private)
    session.rebuild()
    assert "private — not published" in session.text("experiments/gamma/")
    session.write("experiments/gamma.md", private.replace("private", "public"))
    session.rebuild()
    assert "private — not published" not in session.text("experiments/gamma/")
    assert_shows_only(session, {"Gamma one"}, "experiments/")
    session.write("experiments/gamma.md", private)
    session.rebuild()
    assert "private — not published" in session.text("experiments/gamma/")

    # 8. a reference changes: the goal pages follow
    assert "Gamma one" in session.text("goals/lead/")
    assert "Gamma one" not in session.text("goals/grow/")
    session.write("experiments/gamma.md", private.replace("goals: [lead]", "goals: [grow]"))
    session.rebuild()
    assert "Gamma one" not in session.text("goals/lead/")
    assert "Gamma one" in session.text("goals/grow/")

    # 9. two entries swap their contents: no data crosses over
    session.write("experiments/one.md", experiment("Alpha one", extra="goals: [lead]\n"))
    session.write("experiments/two.md", experiment("Beta one", extra="goals: [grow]\n"))
    session.rebuild()
    session.write("experiments/one.md", experiment("Beta one", extra="goals: [grow]\n"))
    session.write("experiments/two.md", experiment("Alpha one", extra="goals: [lead]\n"))
    session.rebuild()
    one, two = session.text("experiments/one/"), session.text("experiments/two/")
    assert "Beta one" in one
    assert "Alpha one" not in one
    assert "Alpha one" in two
    assert "Beta one" not in two
    assert "Alpha one" in session.text("goals/lead/")
    assert "Beta one" not in session.text("goals/lead/")
    assert session.builds == 12


def test_a_file_that_cannot_be_read_then_can_recovers_without_restart(session: Session) -> None:
    session.write("index.md", "# Home\n")
    session.write("experiments/alpha.md", experiment("Alpha one"))
    session.rebuild()
    session.write("experiments/alpha.md", "---\ntype: experiment\ntitle: [unclosed\n---\n")
    session.rebuild()  # serve shows the problem instead of stopping
    assert "not valid YAML" in session.text("experiments/alpha/")
    assert "Alpha one" not in session.text("experiments/")
    session.write("experiments/alpha.md", experiment("Alpha two"))
    session.rebuild()
    assert "Alpha two" in session.text("experiments/alpha/")
    assert "not valid YAML" not in session.text("experiments/alpha/")
    assert_shows_only(session, {"Alpha two"}, "experiments/")


# --- a real `mkdocs serve` ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
        return str(response.read().decode("utf-8"))


def _wait_for(check: object, what: str, log: IO[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except OSError:
            pass
        time.sleep(0.25)
    log.flush()
    raise AssertionError(f"gave up waiting for {what}: " + Path(log.name).read_text("utf-8"))


@pytest.mark.slow
def test_a_real_serve_rebuilds_after_an_edit(tmp_path: Path) -> None:
    session = Session(tmp_path)
    session.write("index.md", "# Home\n")
    session.write("experiments/alpha.md", experiment("Alpha one"))
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "serve.log").open("wb")  # a file, not a pipe: a full pipe stalls serve
    process = subprocess.Popen(
        [
            sys.executable, "-m", "mkdocs", "serve", "--livereload",
            "-f", str(session.config_file), "-a", f"127.0.0.1:{port}",
        ],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(lambda: "Alpha one" in _get(base + "dashboard/"), "the first build", log)
        session.write("experiments/alpha.md", experiment("Alpha two"))
        _wait_for(lambda: "Alpha two" in _get(base + "dashboard/"), "the rebuild", log)
        dashboard = _get(base + "dashboard/")
        assert "Alpha one" not in dashboard
        assert "Alpha two" in _get(base + "experiments/alpha/")
    finally:
        stop(process, timeout=20)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text("utf-8", "replace")
    if (tmp_path / "site").exists():
        shutil.rmtree(tmp_path / "site")
