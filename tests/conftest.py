"""Shared fixtures: small journals in tmp dirs, built for real with MkDocs."""

from __future__ import annotations

import logging
import os
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BuildResult:
    ok: bool
    log: str
    site: Path
    error: str = ""
    records: list[logging.LogRecord] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]

    def page(self, url: str) -> str:
        """The HTML at a site URL such as 'dashboard/' or 'experiments/foo/'."""
        path = self.site / url
        if url.endswith("/") or url == "":
            path = path / "index.html"
        return path.read_text("utf-8")

    def exists(self, url: str) -> bool:
        path = self.site / url
        return (path / "index.html").exists() if url.endswith("/") else path.exists()

    def all_text(self) -> str:
        import gzip

        chunks = []
        for path in sorted(self.site.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                if path.suffix == ".gz":
                    data = gzip.decompress(data)
                chunks.append(data.decode("utf-8", "replace"))
        return "\n".join(chunks)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class JournalDir:
    """A throwaway MkDocs site: docs/ with entries, mkdocs.yml, a site/ to build into."""

    root: Path
    options: dict[str, Any] = field(default_factory=lambda: {"today": "2026-06-15"})
    extra_config: dict[str, Any] = field(default_factory=dict)

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, rel: str, text: str, *, dedent: bool = True) -> Path:
        path = self.docs / rel if not rel.startswith("/") else Path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n") if dedent else text, encoding="utf-8")
        return path

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def config_file(self) -> Path:
        config: dict[str, Any] = {
            "site_name": "Test journal",
            "docs_dir": "docs",
            "site_dir": "site",
            "theme": {"name": "material"},
            "plugins": ["search", {"careerlog": self.options}],
        }
        config.update(self.extra_config)
        path = self.root / "mkdocs.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        return path

    def build(
        self, *, strict: bool = False, serve: bool = False, dirty: bool = False
    ) -> BuildResult:
        """Run a real MkDocs build in-process, capturing the log.

        `serve=True` builds the way `mkdocs serve` does (private entries shown).
        """
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, MkDocsException

        self.docs.mkdir(parents=True, exist_ok=True)
        handler = _Capture()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        old_level = logger.level
        logger.setLevel(logging.DEBUG)
        ok, error = True, ""
        try:
            config = load_config(str(self.config_file()), strict=strict)
            config.plugins.on_startup(command="serve" if serve else "build", dirty=dirty)
            try:
                build(config, dirty=dirty)
            finally:
                config.plugins.on_shutdown()
        except (Abort, MkDocsException, SystemExit) as exc:
            ok, error = False, str(exc)
        finally:
            logger.removeHandler(handler)
            logger.setLevel(old_level)
        log = "\n".join(f"{r.levelname}: {r.getMessage()}" for r in handler.records)
        return BuildResult(
            ok=ok,
            log=log + ("\n" + error if error else ""),
            site=self.site,
            error=error,
            records=handler.records,
        )


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """End a server the tests started: politely, then firmly."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def journal(tmp_path: Path) -> JournalDir:
    return JournalDir(tmp_path)


EXPERIMENT = """\
---
type: experiment
title: Would managing people energise me?
status: running
hypothesis:
  belief: Leading a small team would energise me more than shipping features myself.
  test: Act as team lead for a quarter while my manager is on leave.
  measure: My weekly energy score and the team's retro feedback.
  success: Energy of 4/5 or more in at least 8 of 12 weeks.
method: interim-role
start: 2026-03-01
end: 2026-05-31
stage: leader
skills: [management, communication]
---
Notes from the first weeks.
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="run slow tests too (CI always does)")
    parser.addoption(
        "--nightly", action="store_true", help="run the nightly-size fuzzing (hours, not minutes)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    nightly = config.getoption("--nightly") or os.environ.get("HYPOTHESIS_PROFILE") == "nightly"
    slow = nightly or config.getoption("--slow") or os.environ.get("CI") == "true"
    for item in items:
        if "nightly" in item.keywords and not nightly:
            item.add_marker(pytest.mark.skip(reason="nightly-size fuzzing: run with --nightly"))
        elif "slow" in item.keywords and not slow:
            item.add_marker(pytest.mark.skip(reason="slow: run with --slow (CI runs them)"))
