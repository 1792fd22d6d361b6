"""The benchmark runs end to end: every variant builds and the table comes out (no thresholds)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _benchmark(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), *args],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_smoke_mode_times_every_variant_and_prints_the_table() -> None:
    results = ROOT / "benchmarks" / "results.md"
    before = results.read_bytes() if results.exists() else None
    done = _benchmark("--smoke")

    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith(
        "| N | ours s | ours ms/entry | floor s | ratio | CPU ratio | peer s | ours/peer "
        "| check s"
    )
    rows = [line for line in lines if line.startswith("| 20 |")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert len(cells) == 13
    for cell in cells[:12]:
        assert float(cell) > 0
    assert re.fullmatch(r"\d+\.\d\d \(\d+/\d+ MB\)", cells[12])
    # every variant ran once (the progress log names them)
    for variant in ("ours", "floor", "peer", "check", "parse"):
        assert re.search(rf"N=20 run 1/1 {variant}\s", done.stderr)
    # smoke mode measures nothing worth keeping: the results file is left alone
    after = results.read_bytes() if results.exists() else None
    assert after == before


def test_serve_mode_times_an_edit_with_and_without_dirty() -> None:
    done = _benchmark("--serve", "20", "--runs", "1")
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "N=20 mkdocs serve",
        "N=20 mkdocs serve --dirty",
    ]
    for line in lines:
        assert re.search(r"after \d+\.\d\d s \(median of 1: \d+\.\d\d\)$", line), line
