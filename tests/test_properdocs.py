"""careerlog on ProperDocs, the maintained fork of MkDocs 1.x.

ProperDocs runs MkDocs plugins unchanged: it redirects `mkdocs.*` imports to
its own modules, so careerlog's plugin gets ProperDocs' objects. These tests
build the same journal with both hosts and compare what comes out.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CONFIG = ROOT / "mkdocs.yml"


@pytest.fixture(scope="module", autouse=True)
def _properdocs_installed() -> None:
    if importlib.util.find_spec("properdocs") is None:
        reason = "properdocs is not installed (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


def _env() -> dict[str, str]:
    # one fixed "today" for both hosts, whatever the clock does between the builds
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1781481600"}


def _start(host: str, config: Path, site: Path, *, strict: bool = True) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", host, "build", "-f", str(config), "-d", str(site)]
    if strict:
        command.insert(4, "--strict")
    return subprocess.Popen(
        command,
        cwd=config.parent,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(proc: subprocess.Popen[str], what: str) -> str:
    out, _ = proc.communicate(timeout=180)
    assert proc.returncode == 0, f"{what} failed:\n{out}"
    return out


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_properdocs_builds_the_sample_journal_like_mkdocs(tmp_path: Path) -> None:
    # both builds at once: each is a few seconds and they share nothing
    proper = _start("properdocs", SAMPLE_CONFIG, tmp_path / "properdocs")
    classic = _start("mkdocs", SAMPLE_CONFIG, tmp_path / "mkdocs")
    proper_log = _finish(proper, "properdocs build --strict")
    _finish(classic, "mkdocs build --strict")
    assert "WARNING" not in proper_log, proper_log

    proper_site, classic_site = tmp_path / "properdocs", tmp_path / "mkdocs"
    # it really was ProperDocs that built this one (Material names the generator)
    assert "ProperDocs" in (proper_site / "index.html").read_text("utf-8")
    assert "ProperDocs" not in (classic_site / "index.html").read_text("utf-8")

    assert _files(proper_site) == _files(classic_site)
    assert "dashboard/index.html" in _files(proper_site)
    assert (proper_site / "careerlog.json").read_bytes() == (
        classic_site / "careerlog.json"
    ).read_bytes()
    export = json.loads((proper_site / "careerlog.json").read_text("utf-8"))
    assert export["entries"], "the export lists the published entries"


def test_properdocs_strict_fails_on_a_located_problem(tmp_path: Path) -> None:
    """careerlog's warnings reach ProperDocs' logger, so --strict fails and says where."""
    docs = tmp_path / "docs"
    (docs / "experiments").mkdir(parents=True)
    (docs / "experiments" / "typo.md").write_text(
        textwrap.dedent(
            """\
            ---
            type: experiment
            title: A status with a typo
            status: runing
            hypothesis:
              belief: Typos are caught.
            ---
            """
        ),
        encoding="utf-8",
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(
            {
                "site_name": "Typo",
                "docs_dir": "docs",
                "theme": {"name": "material", "font": False},
                "plugins": [
                    "search",
                    {
                        "careerlog": {
                            "today": "2026-06-15",
                            "visibility_defaults": {"experiment": "public"},
                        }
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    proc = _start("properdocs", config, tmp_path / "site")
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 1, out
    assert "Traceback" not in out
    assert "experiments/typo.md:4" in out
    assert "did you mean 'running'?" in out
    assert "Aborted with 1 warnings in strict mode" in out
