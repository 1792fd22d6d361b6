"""Reproducible builds: the same journal and SOURCE_DATE_EPOCH give the same bytes.

Each build runs `mkdocs build` in its own process, from its own copy of the
journal (so no absolute path may leak either), in a different time zone, and
the two sites are compared file by file: views, entry pages, feed.xml,
careerlog.json, the search index and sitemap.xml(.gz) (MkDocs dates the
sitemap and the gzip header from SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EXPERIMENT

ROOT = Path(__file__).resolve().parent.parent
EPOCH = 1_000_000_000  # 2001-09-09: far from any date the sample journal or the clock holds
EPOCH_DAY = dt.datetime.fromtimestamp(EPOCH, tz=dt.UTC).date()


def build(project: Path, tz: str) -> Path:
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(EPOCH),
        "TZ": tz,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONHASHSEED": "random",
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def snapshot(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def assert_identical(one: Path, two: Path) -> dict[str, bytes]:
    first, second = snapshot(one), snapshot(two)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], f"these files differ between two builds: {differ}"
    return first


def assert_no_wall_clock(files: dict[str, bytes], journal_text: str) -> None:
    """Neither today's date nor this hour's time shows anywhere (unless the journal has it)."""
    now = dt.datetime.now()
    stamps = {now.date().isoformat(), dt.datetime.now(dt.UTC).date().isoformat()}
    for stamp in sorted(stamps):
        if stamp in journal_text:
            continue
        for name, data in files.items():
            text = (gzip.decompress(data) if name.endswith(".gz") else data).decode(
                "utf-8", "replace"
            )
            assert stamp not in text, f"{name} holds today's date {stamp}"


def copy_sample(to: Path) -> Path:
    to.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", to / "mkdocs.yml")
    shutil.copytree(ROOT / "experiments", to / "experiments")
    if (ROOT / "theme_overrides").is_dir():
        shutil.copytree(ROOT / "theme_overrides", to / "theme_overrides")
    return to


def small_journal(to: Path) -> Path:
    docs = to / "docs"
    (docs / "experiments").mkdir(parents=True)
    (docs / "goals").mkdir()
    (docs / "index.md").write_text("# Home\n", "utf-8")
    (docs / "experiments" / "team-lead.md").write_text(
        EXPERIMENT.replace("skills: [management, communication]", "goals: [lead]"), "utf-8"
    )
    (docs / "experiments" / "talk.md").write_text(
        "---\ntype: experiment\ntitle: Give a talk <&>\nstatus: concluded\n"
        "hypothesis: {belief: b, test: t, measure: m, success: s}\nmethod: learning\n"
        "start: 2025-01-01\nend: 2025-02-01\n"
        "outcome: {date: 2025-02-03, result: validated, observed: o, learned: l}\n---\n",
        "utf-8",
    )
    (docs / "goals" / "lead.md").write_text(
        "---\ntype: goal\ntitle: Lead\nspecific: s\nmeasurable: m\ndue: 2027-01-01\nkpis:\n"
        "  - {name: k, target: 3, readings: [{date: 2025-03-01, value: 1}]}\n---\n",
        "utf-8",
    )
    config = {
        "site_name": "Small journal",
        "site_url": "https://example.org/journal/",  # a sitemap is only written with one
        "docs_dir": "docs",
        "theme": {"name": "material"},
        "plugins": [
            "search",
            {"careerlog": {"visibility_defaults": {"experiment": "public", "goal": "public"}}},
        ],
    }
    (to / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return to


def _journal_text(project: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(project.rglob("*.md")))


def test_a_small_journal_builds_to_the_same_bytes_twice(tmp_path: Path) -> None:
    one = build(small_journal(tmp_path / "one"), "UTC")
    two = build(small_journal(tmp_path / "another-place"), "Pacific/Kiritimati")
    files = assert_identical(one, two)
    assert {"careerlog.json", "feed.xml", "sitemap.xml", "sitemap.xml.gz"} <= set(files)
    assert {"dashboard/index.html", "experiments/team-lead/index.html"} <= set(files)
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]
    assert EPOCH_DAY.isoformat() in files["sitemap.xml"].decode()
    assert_no_wall_clock(files, _journal_text(tmp_path / "one"))
    for name, data in files.items():
        assert str(tmp_path).encode() not in data, f"{name} holds a path of the build machine"


@pytest.mark.slow
def test_the_sample_journal_builds_to_the_same_bytes_twice(tmp_path: Path) -> None:
    one = build(copy_sample(tmp_path / "one"), "UTC")
    two = build(copy_sample(tmp_path / "two"), "America/Los_Angeles")
    files = assert_identical(one, two)
    assert {"careerlog.json", "dashboard/index.html", "search/search_index.json"} <= set(files)
    assert_no_wall_clock(files, _journal_text(tmp_path / "one"))
    for name, data in files.items():
        assert str(tmp_path).encode() not in data, f"{name} holds a path of the build machine"
