"""The benchmark runs end to end: every variant builds and the table comes out (no thresholds)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

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
    assert len(cells) == 14
    for cell in cells[:12]:
        assert float(cell) > 0
    for cell in cells[12:]:  # memory: every process together, and the largest one
        assert re.fullmatch(r"\d+\.\d\d \(\d+/\d+ MB\)", cell), cell
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


def test_variants_left_out_are_not_run_and_show_as_dashes() -> None:
    done = _benchmark("--smoke", "--variants", "floor,ours,floor")
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 20 |")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert len(cells) == 14
    assert [cells[i] for i in (6, 7, 8, 9, 10, 11)] == ["–"] * 6  # peer, check and parse
    assert all(float(cells[i]) > 0 for i in (1, 2, 3, 4, 5))
    assert len(re.findall(r"N=20 run 1/1 (\w+)", done.stderr)) == 2  # each variant once
    for variant in ("peer", "check", "parse"):
        assert not re.search(rf"N=20 run 1/1 {variant}\s", done.stderr)


def _benchmark_module() -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return run


@pytest.mark.skipif(
    not _benchmark_module().PROC_TELLS,
    reason="needs /proc/PID/smaps_rollup and /proc/PID/task/TID/children (Linux)",
)
def test_the_memory_of_a_build_counts_what_a_forked_child_holds_alone() -> None:
    # a parent holding 30 MB forks a child that writes to all of it (so holds a copy of
    # its own); once the child says so, the parent takes 40 MB more, and both hold it
    # all for a second (the sampler looks every 0.1 s) before the child is let go
    code = (
        "import os, time\n"
        "def touch(b, v):\n"
        "    for i in range(0, len(b), 4096): b[i] = v\n"
        "held = bytearray(30 << 20); touch(held, 1)\n"
        "copied, go = os.pipe(), os.pipe()\n"
        "if os.fork() == 0:\n"
        "    touch(held, 2); os.write(copied[1], b'x'); os.read(go[0], 1); os._exit(0)\n"
        "os.read(copied[0], 1)\n"
        "more = bytearray(40 << 20); touch(more, 1)\n"
        "time.sleep(1); os.write(go[1], b'x'); os.wait()\n"
    )
    # measured from a small process, as the benchmark runs: Linux starts a spawned
    # process's peak (wait4) at the peak resident size of the process that spawned it,
    # and the test session is larger than what is measured here
    measured = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import run, pathlib; "
            "s = run.measure([sys.executable, '-c', sys.argv[2]], pathlib.Path('.'), 'x'); "
            "print(s.max_rss_kb, s.tree_kb)",
            str(ROOT / "benchmarks"),
            code,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    max_rss_kb, tree_kb = map(int, measured.stdout.split())
    largest_mb, together_mb = max_rss_kb >> 10, tree_kb >> 10
    assert 70 <= largest_mb < 100, largest_mb  # wait4: the parent, the largest process
    # the child's copy of the 30 MB is counted as well, the pages it shares only once
    assert largest_mb + 25 <= together_mb < largest_mb + 36, (largest_mb, together_mb)
