"""careerlog's performance benchmark (SPEC §10): whole processes, timed from outside.

    python benchmarks/run.py                      # N = 100, 500, 1000; 3 runs each
    python benchmarks/run.py --sizes 1000 --runs 5
    python benchmarks/run.py --large              # adds N = 5000 (slow)
    python benchmarks/run.py --sizes 5000 --variants ours,floor   # without the peer
    python benchmarks/run.py --smoke              # N = 20, 1 run: does everything work?
    python benchmarks/run.py --profile 1000       # one build under cProfile

For every N it generates a journal (benchmarks/generate.py) and times, as
separate processes, in alternating order, the median of --runs runs of:

- ours:  `mkdocs build --strict` with Material, search and careerlog;
- floor: `mkdocs build --strict` of the same Markdown files with Material and
  search only and a one-page `nav:` (MkDocs still parses the front matter);
- peer:  `mkdocs build --strict` of as many posts with Material's blog plugin;
- check: `careerlog check` of the journal (start-up included);
- parse: a bare script that reads every file and parses its front matter with
  libyaml (`yaml.CSafeLoader`), start-up included.

It also records the peak memory of the ours and floor builds, counting every
process of the build (see TreeMemory) and, apart, the largest one. The
table goes to stdout and, except in smoke mode, to benchmarks/results.md with
a description of the machine. The targets of SPEC §10 are printed next to the
numbers; `--enforce` makes a missed target an exit status of 1.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import math
import os
import platform
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (the generator lives next to this script)

VARIANTS = ("ours", "floor", "peer", "check", "parse")
# SPEC §10 and issue #6: build ratios at N=1000, check and memory at the largest N
TARGET_N = 1000
TARGETS = {
    "ours/floor": 1.2,  # careerlog's build within 1.2x the floor
    "ours/peer": 0.5,  # below half the time of Material's blog plugin
    "check/parse": 2.0,  # at no less than half the speed of bare libyaml parsing
    "memory ours/floor": 1.5,  # peak memory of the build, every process of it counted
}

PARSE_FLOOR = """\
import os, sys, yaml
found = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        if not name.endswith(".md"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8-sig") as handle:
            text = handle.read()
        if text.startswith("---\\n"):
            end = text.find("\\n---\\n", 3)
            if end != -1:
                yaml.load(text[4:end + 1], Loader=yaml.CSafeLoader)
                found += 1
print(found, "front matters parsed")
"""

# What `careerlog check` does, for as long as the CLI does not exist: read the
# options from mkdocs.yml, load and validate the journal, print the problems.
CHECK_FALLBACK = """\
import sys
from pathlib import Path
import yaml
from careerlog import build_options, load_journal, resolve_today
config = yaml.load(Path("mkdocs.yml").read_text("utf-8"), Loader=yaml.SafeLoader)
raw = {}
for plugin in config.get("plugins", []):
    if isinstance(plugin, dict) and "careerlog" in plugin:
        raw = plugin["careerlog"] or {}
options = build_options(raw, Path.cwd())
journal = load_journal(Path(config.get("docs_dir", "docs")), options, resolve_today(options))
for problem in journal.problems:
    print(problem.format())
print(len(journal.entries), "entries checked,", len(journal.problems), "problems")
sys.exit(1 if journal.problems else 0)
"""


@dataclass
class Sample:
    seconds: float
    max_rss_kb: int  # the largest process's peak (what wait4 reports)
    cpu: float = 0.0  # user + system seconds: steadier than wall time on a shared machine
    tree_kb: int = 0  # the peak of every process together (TreeMemory), at least max_rss_kb;
    # 0: unknown


class TreeMemory(threading.Thread):
    """The peak memory of a process and its descendants together, sampled every 0.1 s.

    A build that forks a helper shares its pages with it until either writes to them,
    so the two processes' resident sets overlap: each sample adds to the root's
    resident set only what the descendants hold alone (their private pages, from
    /proc/PID/smaps_rollup). wait4's peak resident set is the largest single
    process's, which for a forked helper leaves the helper out. A sample can miss the
    top of a peak that lasts less than 0.1 s. Where /proc cannot tell a process's
    children or memory (not Linux, or a kernel without /proc/PID/task/TID/children),
    the peak is None: unknown.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb: int | None = 0 if PROC_TELLS else None
        self._done = threading.Event()

    def run(self) -> None:
        while self.peak_kb is not None and not self._done.wait(0.1):
            self.peak_kb = max(self.peak_kb, tree_kb(self.pid))

    def stop(self) -> int | None:
        self._done.set()
        self.join()
        return self.peak_kb


# whether /proc tells a process's memory and its children (Linux; the children file needs
# CONFIG_PROC_CHILDREN)
PROC_TELLS = (
    Path("/proc/self/smaps_rollup").exists()
    and Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists()
)


def tree_kb(pid: int) -> int:
    """The root's resident set plus its descendants' private pages, in kB (0 when the
    root is gone meanwhile); only where PROC_TELLS."""
    root = _smaps(pid)
    if root is None:
        return 0
    total = root.get("Rss", 0)
    for child in _descendants(pid):
        fields = _smaps(child) or {}
        total += fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return total


def _smaps(pid: int) -> dict[str, int] | None:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # (gone meanwhile, or no such file here)
        return None
    fields = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            fields[name] = int(value.split()[0])
    return fields


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        parent = queue.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:  # (gone meanwhile)
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{parent}/task/{task}/children").read_text().split()
            except OSError:
                continue
            found += map(int, children)
            queue += map(int, children)
    return found


@dataclass
class Row:
    n: int
    samples: dict[str, list[Sample]] = field(default_factory=dict)

    def _median(self, variant: str, of: Callable[[Sample], float]) -> float:
        """The median over a variant's samples (NaN for a variant left out: --variants)."""
        samples = self.samples.get(variant)
        return statistics.median(map(of, samples)) if samples else math.nan

    def median(self, variant: str) -> float:
        return self._median(variant, lambda s: s.seconds)

    def rss(self, variant: str) -> float:
        """The median peak of the largest process."""
        return self._median(variant, lambda s: s.max_rss_kb)

    def memory(self, variant: str) -> float:
        """The median peak of every process together (NaN when /proc could not tell)."""
        if any(s.tree_kb == 0 for s in self.samples.get(variant, ())):
            return math.nan
        return self._median(variant, lambda s: s.tree_kb)

    def ratio(self, a: str, b: str) -> float:
        return self.median(a) / self.median(b)

    def cpu_ratio(self, a: str, b: str) -> float:
        cpu = self._median(b, lambda s: s.cpu)
        return self._median(a, lambda s: s.cpu) / cpu if cpu else math.nan


class BenchmarkError(Exception):
    pass


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SOURCE_DATE_EPOCH", None)
    # as on a user's machine, Python keeps compiled bytecode (the warm-up run writes it)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(argv: Sequence[str], cwd: Path, what: str) -> Sample:
    """Wall-clock time and peak memory of one child process; a failure is an error."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=_env(), stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeMemory(child.pid)
        sampler.start()
        # wait4 gives this child's own resource usage (RUSAGE_CHILDREN would be a
        # maximum over every child so far, not a per-run figure); its peak starts at this
        # process's own peak resident size, which Linux carries over into a spawned one
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        tree = sampler.stop()
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            out.seek(0)
            tail = out.read().decode("utf-8", "replace").splitlines()[-25:]
            raise BenchmarkError(f"{what} failed (exit {child.returncode}):\n" + "\n".join(tail))
    # (a sample can miss the last moments of the largest process: never below its peak;
    # 0 when /proc cannot tell the tree's memory)
    together = 0 if tree is None else max(tree, usage.ru_maxrss)
    return Sample(seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, together)


def cli_available() -> bool:
    """Whether `careerlog check` exists (the console script and careerlog.cli)."""
    script = Path(sys.executable).parent / "careerlog"
    probe = subprocess.run(
        [sys.executable, "-c", "import careerlog.cli"], capture_output=True, env=_env(), check=False
    )
    return script.exists() and probe.returncode == 0


@dataclass
class Workspace:
    n: int
    journal: Path  # generated journal: mkdocs.yml (ours) and mkdocs-floor.yml
    blog: Path  # the peer's site

    def commands(self, use_cli: bool) -> dict[str, tuple[list[str], Path]]:
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f"]
        if use_cli:
            check = [str(Path(sys.executable).parent / "careerlog"), "check"]
        else:
            check = [sys.executable, "-c", CHECK_FALLBACK]
        return {
            "ours": ([*mkdocs, "mkdocs.yml"], self.journal),
            "floor": ([*mkdocs, "mkdocs-floor.yml"], self.journal),
            "peer": ([*mkdocs, "mkdocs.yml"], self.blog),
            "check": (check, self.journal),
            "parse": ([sys.executable, "-c", PARSE_FLOOR, "docs"], self.journal),
        }


def prepare(base: Path, n: int, seed: int) -> Workspace:
    journal, blog = base / f"journal-{n}", base / f"blog-{n}"
    for folder in (journal, blog):
        if folder.exists():
            shutil.rmtree(folder)
    generate.generate(journal, n, seed)
    generate.write_floor_config(journal)
    generate.generate_blog(blog, n, seed)
    return Workspace(n, journal, blog)


def bench_size(
    ws: Workspace,
    runs: int,
    warmup: bool,
    use_cli: bool,
    log: bool = True,
    variants: Sequence[str] = VARIANTS,
) -> Row:
    commands = ws.commands(use_cli)
    variants = tuple(variants)
    row = Row(ws.n, {v: [] for v in variants})
    if warmup:  # fill the file cache and compile bytecode; not counted
        for variant in variants:
            argv, cwd = commands[variant]
            measure(argv, cwd, f"{variant} at N={ws.n}")
    for run in range(runs):
        # alternate, and rotate the order, so that drift on the machine hits every variant
        order = variants[run % len(variants) :] + variants[: run % len(variants)]
        for variant in order:
            argv, cwd = commands[variant]
            sample = measure(argv, cwd, f"{variant} at N={ws.n}")
            row.samples[variant].append(sample)
            if log:
                print(
                    f"  N={ws.n} run {run + 1}/{runs} {variant:<5} {sample.seconds:7.2f} s "
                    f"{sample.cpu:7.2f} s CPU "
                    f"{sample.tree_kb / 1024:7.0f} MB "
                    f"(largest process {sample.max_rss_kb / 1024:.0f} MB)",
                    file=sys.stderr,
                    flush=True,
                )
    return row


def table(rows: Sequence[Row]) -> str:
    head = (
        "| N | ours s | ours ms/entry | floor s | ratio | CPU ratio | peer s | ours/peer "
        "| check s | parse-floor s | ratio | CPU ratio | memory ours/floor "
        "| largest process ours/floor |"
    )
    lines = [head, "|" + "---:|" * 14]
    for r in rows:
        cells = [
            str(r.n),
            _num(r.median("ours")),
            _num(1000 * r.median("ours") / r.n, 1),
            _num(r.median("floor")),
            _num(r.ratio("ours", "floor")),
            _num(r.cpu_ratio("ours", "floor")),
            _num(r.median("peer")),
            _num(r.ratio("ours", "peer")),
            _num(r.median("check")),
            _num(r.median("parse")),
            _num(r.ratio("check", "parse")),
            _num(r.cpu_ratio("check", "parse")),
            _memory(r.memory("ours"), r.memory("floor")),
            _memory(r.rss("ours"), r.rss("floor")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _num(value: float, digits: int = 2) -> str:
    return "–" if math.isnan(value) else f"{value:.{digits}f}"


def _memory(ours_kb: float, floor_kb: float) -> str:
    if math.isnan(ours_kb) or math.isnan(floor_kb):
        return "–"
    return f"{ours_kb / floor_kb:.2f} ({ours_kb / 1024:.0f}/{floor_kb / 1024:.0f} MB)"


def verdicts(rows: Sequence[Row]) -> list[tuple[str, bool]]:
    """The targets of issue #6 / SPEC §10: the build against the floor and the peer at
    N=1000; `careerlog check` against the parse floor and peak memory against the
    floor's at the largest N measured (5000 with --large)."""
    out: list[tuple[str, bool]] = []

    def verdict(r: Row, key: str, value: float, cpu: float | None = None) -> None:
        if math.isnan(value):  # a variant it needs was left out: not met, for --enforce
            out.append((f"N={r.n}: {key}: not measured", False))
            return
        limit = TARGETS[key]
        ok = value <= limit
        also = f" (in CPU time: {cpu:.2f})" if cpu is not None else ""
        out.append((f"N={r.n}: {key} = {value:.2f} (target <= {limit}): "
                    f"{'met' if ok else 'MISSED'}{also}", ok))

    at_1000 = [r for r in rows if r.n == TARGET_N]
    if at_1000:
        row = at_1000[0]
        verdict(row, "ours/floor", row.ratio("ours", "floor"), row.cpu_ratio("ours", "floor"))
        verdict(row, "ours/peer", row.ratio("ours", "peer"), row.cpu_ratio("ours", "peer"))
    big = [r for r in rows if r.n >= TARGET_N]
    if big:
        largest = max(big, key=lambda row: row.n)
        verdict(
            largest,
            "check/parse",
            largest.ratio("check", "parse"),
            largest.cpu_ratio("check", "parse"),
        )
        verdict(largest, "memory ours/floor", largest.memory("ours") / largest.memory("floor"))
    return out


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def machine() -> list[str]:
    """The machine, without host names or paths."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import yaml

    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores",
        f"- OS: {platform.system()} {platform.release().split('-')[0]}",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        f"- mkdocs {_version('mkdocs')}, mkdocs-material {_version('mkdocs-material')}, "
        f"PyYAML {_version('PyYAML')} (libyaml: {'yes' if yaml.__with_libyaml__ else 'no'}), "
        f"pydantic {_version('pydantic')}, careerlog {_version('mkdocs-careerlog')}",
    ]


def report(rows: Sequence[Row], args: argparse.Namespace, use_cli: bool, started: str) -> str:
    check_how = (
        "`careerlog check` (the console script)"
        if use_cli
        else "the CLI was not available: a `python -c` script that reads the options from "
        "mkdocs.yml, runs `careerlog.load_journal` and prints the problems, as `careerlog "
        "check` would"
    )
    lines = [
        "# careerlog benchmark results",
        "",
        f"Measured {started} with `python benchmarks/run.py "
        f"--sizes {','.join(str(r.n) for r in rows)} --runs {args.runs}"
        + (" --no-warmup" if args.no_warmup else "")
        + (f" --variants {args.variants}" if args.variants != ",".join(VARIANTS) else "")
        + "`."
        + (f" {args.note}" if args.note else ""),
        "",
        "## Machine",
        "",
        *machine(),
        "",
        "## Results",
        "",
        f"Medians of {args.runs} alternating runs per variant, whole processes, wall-clock "
        "seconds"
        + (" (after one untimed warm-up run of each)" if not args.no_warmup else "")
        + "; the CPU ratios divide medians of user + system time instead.",
        "",
        table(rows),
        "",
        "- ours: `mkdocs build --strict`, Material + search + careerlog.",
        "- floor: `mkdocs build --strict` of the same Markdown files, Material + search, "
        "one-page `nav:`.",
        "- peer: `mkdocs build --strict` of as many posts with Material's blog plugin "
        "(`plugins: [search, blog]`).",
        f"- check: {check_how}.",
        "- parse-floor: a Python script reading every file and parsing its front matter with "
        "`yaml.CSafeLoader`, start-up included.",
        "- memory: the peak memory of the build, every process of it together (ours/floor, "
        "medians): the build's resident set plus the pages only its forked copies hold, "
        "sampled every 0.1 s (never below the largest process's peak; a sum can miss the top "
        "of a peak shorter than that; `–` where /proc cannot tell).",
        "- largest process: the peak resident set of the largest single process (`wait4`), "
        "which leaves out the copies forked by the build. Linux starts a spawned "
        "process's peak at the peak resident size of the process that spawned it (this "
        "script: some 35 MB, 47 MB once it has generated 5000 entries), so no figure shows "
        "below that.",
        "- The published build of ours leaves out the private entries (about 7 %), which the "
        "floor and the peer build as ordinary pages.",
        "",
        "## SPEC §10 targets",
        "",
    ]
    found = verdicts(rows)
    lines += [f"- {text}" for text, _ in found] or ["- (no size >= 1000 measured)"]
    return "\n".join(lines) + "\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def serve_latency(journal: Path, dirty: bool, edits: int = 5) -> list[float]:
    """Seconds from saving an edited entry until `mkdocs serve` serves the new title on
    the entry's page, its goal's page and the experiments view (each edit, in order)."""
    from careerlog import build_options, load_journal, resolve_today

    options = build_options(
        {"visibility_defaults": {"experiment": "public", "goal": "public"}}, journal
    )
    loaded = load_journal(journal / "docs", options, resolve_today(options))
    target = next(
        e for e in loaded.entries
        if e.type == "experiment" and not e.private and getattr(e.model, "goals", None)
    )
    goal = loaded.get(target.model.goals[0])  # type: ignore[union-attr]
    if goal is None:
        raise BenchmarkError("the generated journal has no goal for its experiments")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    pages = [base + target.path[:-3] + "/", base + goal.path[:-3] + "/", base + "experiments/"]
    argv = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    if dirty:
        argv.append("--dirty")
    server = subprocess.Popen(
        argv, cwd=journal, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    path = journal / "docs" / target.path
    original = path.read_text("utf-8")
    found: list[float] = []
    try:
        deadline = time.monotonic() + 300
        while target.title not in _get(pages[0]):  # the first, full build
            if time.monotonic() > deadline or server.poll() is not None:
                raise BenchmarkError("mkdocs serve did not come up")
            time.sleep(0.2)
        for edit in range(edits):
            time.sleep(1.5)  # let the watcher settle
            title = f"Edited title number {edit} zqv"
            path.write_text(original.replace(target.title, title, 1), encoding="utf-8")
            start = time.monotonic()
            waiting = list(pages)
            while waiting:
                if time.monotonic() - start > 120:
                    raise BenchmarkError(f"the edit did not show on {waiting[0]}")
                waiting = [url for url in waiting if title not in _get(url)]
                time.sleep(0.02)
            found.append(time.monotonic() - start)
    finally:
        path.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return found


def profile(n: int, seed: int, top: int = 25) -> str:
    """One in-process build of an n-entry journal under cProfile: where the time goes."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="clbench-profile-") as tmp:
        root = Path(tmp)
        generate.generate(root, n, seed)

        def one_build() -> None:
            config = load_config(str(root / "mkdocs.yml"), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()

        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.runcall(one_build)
        wall = time.perf_counter() - start
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = stats.total_tt  # type: ignore[attr-defined]
    own = 0.0
    events: dict[str, float] = {}
    for (filename, _, func), (_, _, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        if _is_careerlog(filename):
            own += tt
            if filename.endswith("plugin.py") and func.startswith("on_"):
                events[func] = events.get(func, 0.0) + ct
    print(f"Profile of one build of {n} entries: {wall:.2f} s wall under the profiler, "
          f"{total:.2f} s profiled", file=out)
    print(f"careerlog's own code (tottime in its modules): {own:.2f} s "
          f"({100 * own / total:.1f} %)", file=out)
    print("careerlog's MkDocs events, cumulative (everything they call):", file=out)
    for name, seconds in sorted(events.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<20} {seconds:6.2f} s ({100 * seconds / total:4.1f} %)", file=out)
    print(f"\n=== top {top} overall, by cumulative time ===", file=out)
    stats.sort_stats("cumulative").print_stats(top)
    print(f"\n=== top {top} careerlog functions, by cumulative time ===", file=out)
    stats.sort_stats("cumulative").print_stats(_CAREERLOG_RE.pattern, top)
    print(f"\n=== top {top} careerlog functions, by own time ===", file=out)
    stats.sort_stats("tottime").print_stats(_CAREERLOG_RE.pattern, top)
    return _scrub(out.getvalue())


_CAREERLOG_RE = re.compile(r"[/\\]careerlog[/\\]")


def _is_careerlog(filename: str) -> bool:
    return bool(_CAREERLOG_RE.search(filename))


def _scrub(text: str) -> str:
    """Paths in profiler output, shortened to the package-relative part."""
    text = re.sub(r"\S*[/\\]site-packages[/\\]", "", text)
    text = re.sub(r"\S*[/\\]plugins[/\\](careerlog[/\\])", r"\1", text)
    return re.sub(r"\S*[/\\]lib[/\\]python3\.\d+[/\\]", "", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="100,500,1000", help="comma-separated N (default: %(default)s)"
    )
    parser.add_argument("--large", action="store_true", help="add N=5000")
    parser.add_argument(
        "--variants", default=",".join(VARIANTS),
        help="comma-separated variants to run (default: all, %(default)s)",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per variant (default: 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-warmup", action="store_true", help="skip the untimed warm-up run")
    parser.add_argument("--smoke", action="store_true",
                        help="N=20, 1 run, no warm-up, no results file: does everything work?")
    parser.add_argument("--profile", type=int, metavar="N", help="profile one build of N entries")
    parser.add_argument(
        "--serve", type=int, metavar="N",
        help="time edits under `mkdocs serve` and `mkdocs serve --dirty` at N entries",
    )
    parser.add_argument("--output", type=Path, default=HERE / "results.md",
                        help="where to write the results (default: benchmarks/results.md)")
    parser.add_argument(
        "--workdir", type=Path, help="generate here and keep it (default: a temp dir)"
    )
    parser.add_argument("--note", default="", help="a sentence for results.md (machine load...)")
    parser.add_argument(
        "--enforce", action="store_true", help="exit 1 if a SPEC §10 target is missed"
    )
    args = parser.parse_args(argv)

    if args.profile:
        print(profile(args.profile, args.seed))
        return 0
    if args.serve:
        with tempfile.TemporaryDirectory(prefix="clbench-serve-") as tmp:
            root = Path(tmp) / f"journal-{args.serve}"
            generate.generate(root, args.serve, args.seed)
            for dirty in (False, True):
                try:
                    times = serve_latency(root, dirty, edits=args.runs)
                except BenchmarkError as exc:
                    print(f"benchmark failed: {exc}", file=sys.stderr)
                    return 2
                label = "mkdocs serve --dirty" if dirty else "mkdocs serve"
                print(f"N={args.serve} {label}: edit visible on the entry, its goal and the "
                      f"experiments view after {statistics.median(times):.2f} s (median of "
                      f"{len(times)}: {', '.join(f'{t:.2f}' for t in times)})")
        return 0
    if args.smoke:
        args.sizes, args.runs, args.no_warmup = "20", 1, True
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes: expected numbers separated by commas, such as 100,500,1000")
    if args.large and 5000 not in sizes:
        sizes.append(5000)
    if any(n < 5 for n in sizes) or args.runs < 1:
        parser.error("sizes must be at least 5 and --runs at least 1")
    variants = list(dict.fromkeys(v.strip() for v in args.variants.split(",") if v.strip()))
    if not variants or any(v not in VARIANTS for v in variants):
        parser.error(f"--variants: expected some of {', '.join(VARIANTS)}")

    use_cli = cli_available()
    started = dt.date.today().isoformat()
    print(f"careerlog check: {'the CLI' if use_cli else 'CLI not available, timing load_journal'}",
          file=sys.stderr)
    base = args.workdir or Path(tempfile.mkdtemp(prefix="clbench-"))
    rows: list[Row] = []
    try:
        for n in sizes:
            print(f"N={n}: generating", file=sys.stderr, flush=True)
            ws = prepare(base, n, args.seed)
            rows.append(
                bench_size(ws, args.runs, not args.no_warmup, use_cli, variants=variants)
            )
    except BenchmarkError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.workdir is None:
            shutil.rmtree(base, ignore_errors=True)

    print(table(rows))
    found = verdicts(rows)
    for text, _ in found:
        print(text)
    if not args.smoke:
        args.output.write_text(report(rows, args, use_cli, started), encoding="utf-8")
        print(f"written to {args.output}", file=sys.stderr)
    if args.enforce and not all(ok for _, ok in found):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
