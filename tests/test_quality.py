"""Lint, types and generated docs are part of the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from careerlog.reference import END, START, field_reference

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_finds_nothing() -> None:
    result = _run("ruff", "check", "plugins", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_the_package() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_field_reference_matches_the_models() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split(START, 1)[1].split(END, 1)[0]
    assert block.strip() == field_reference().strip(), (
        "README's field reference is stale: run `python -m careerlog.reference README.md`"
    )


def test_core_does_not_import_mkdocs() -> None:
    code = (
        "import sys; sys.modules['mkdocs'] = None\n"
        "import careerlog, careerlog.journal, careerlog.views, careerlog.privacy\n"
        "import careerlog.fences\n"
        "import careerlog.render, careerlog.reference\n"
        "print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr
