"""The benchmark's journal generator writes valid, realistic journals that build strictly."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from careerlog import build_options, load_journal

ROOT = Path(__file__).resolve().parent.parent


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", module)
    spec.loader.exec_module(module)
    return module


generate = _load_generator()


def _options(root: Path) -> dict[str, object]:
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "careerlog" in plugin:
            return dict(plugin["careerlog"])
    raise AssertionError("the generated mkdocs.yml does not use careerlog")


@pytest.fixture(scope="module")
def journal30(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench30")
    generate.generate(root, 30, seed=0)
    return root


def test_thirty_entries_load_without_a_single_problem(journal30: Path) -> None:
    options = build_options(_options(journal30), journal30)
    journal = load_journal(journal30 / "docs", options, dt.date(2026, 6, 15))

    assert journal.problems == []
    assert len(journal.entries) == 30
    types = Counter(e.type for e in journal.entries)
    assert set(types) == {"experiment", "goal", "person", "conversation", "reflection"}
    assert 0.55 <= types["experiment"] / 30 <= 0.65
    statuses = {e.status for e in journal.entries if e.type == "experiment"}
    assert statuses == {"idea", "planned", "running", "concluded", "abandoned"}
    assert any(e.private for e in journal.entries)
    assert any(not e.private for e in journal.entries)
    # the parts the views feed on are there: KPI readings, a board, actions, follow-ups
    goals = [e.model for e in journal.entries if e.type == "goal"]
    assert any(kpi.readings for g in goals for kpi in g.kpis)  # type: ignore[union-attr]
    people = [e.model for e in journal.entries if e.type == "person"]
    assert any(p.board for p in people)  # type: ignore[union-attr]
    talks = [e.model for e in journal.entries if e.type == "conversation"]
    assert all(c.actions for c in talks)  # type: ignore[union-attr]
    experiments = [e for e in journal.entries if e.type == "experiment"]
    assert any((e.source.data or {}).get("follows") for e in experiments)


def test_entries_are_about_forty_lines_with_markdown_bodies(journal30: Path) -> None:
    files = sorted((journal30 / "docs").rglob("*.md"))
    entries = [f for f in files if f.name != "index.md"]
    lengths = [len(f.read_text("utf-8").splitlines()) for f in entries]
    assert 25 <= sum(lengths) / len(lengths) <= 60
    text = "\n".join(f.read_text("utf-8") for f in entries)
    assert "## Notes" in text
    assert "\n- " in text  # lists
    assert "](../" in text  # links between entries


def test_a_real_strict_mkdocs_build_passes(journal30: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=journal30,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "WARNING" not in done.stderr
    site = journal30 / "site"
    assert (site / "dashboard" / "index.html").exists()
    published = {p.parent.name for p in site.glob("experiments/*/index.html")}
    plan = generate.plan(30, 0)
    public = {e.id for e in plan if e.type == "experiment" and not e.private}
    private = {e.id for e in plan if e.type == "experiment" and e.private}
    assert public <= published
    assert private
    assert not private & published


def test_the_same_seed_writes_the_same_journal_and_another_seed_another(tmp_path: Path) -> None:
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate.generate(tmp_path / name, 12, seed=seed)

    def snapshot(root: Path) -> dict[str, str]:
        return {
            p.relative_to(root).as_posix(): p.read_text("utf-8")
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert snapshot(tmp_path / "a") != snapshot(tmp_path / "c")


def test_too_small_a_journal_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 5 entries"):
        generate.generate(tmp_path, 4)
    assert not (tmp_path / "docs").exists()
