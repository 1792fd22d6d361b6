"""Headers and views come from forked copies where they can run, and the build's output
and messages are the same as when everything is done in place.

A process is forked only while its parent runs no other thread, and the test session
runs a few (the browser tests' server), so all of this runs in fresh processes: real
`mkdocs build`s, and short scripts for the worker itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from test_generate import generate

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="a second process is forked on Linux with two cores or more only",
)

SAID = "headers and views came from a second process"


def _env(*, inplace: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CAREERLOG_AHEAD"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if inplace:
        env["CAREERLOG_AHEAD"] = "off"
    return env


def _script(code: str, *, inplace: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=_env(inplace=inplace),
        timeout=300,
        check=False,
    )


def _mkdocs(root: Path, *args: str, inplace: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-v", *args, "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env=_env(inplace=inplace),
        timeout=600,
        check=False,
    )


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _journal(root: Path, n: int) -> Path:
    generate.generate(root, n, seed=3)
    return root


# --- the second process itself ------------------------------------------------------


def test_results_come_by_key_and_a_failed_job_is_left_to_the_caller() -> None:
    run = _script("""
        import os
        from careerlog import ahead
        assert ahead.possible()
        jobs = [("a", lambda: ("made in", os.getpid())), ("b", lambda: 1 / 0), ("c", lambda: [])]
        worker = ahead.Ahead([jobs])
        try:
            assert worker.take("c") == []  # (in any order; an empty result is a result)
            made, pid = worker.take("a")
            assert made == "made in"
            assert pid != os.getpid()
            assert worker.take("b") is None  # it raised there: the caller does it here
            assert worker.take("a") is None  # each result is taken once
            assert worker.take("never asked for") is None  # at once, not at the end
        finally:
            worker.close()
        print("received", worker.received)
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["received", "2"]


def test_turns_are_done_by_one_copy_each_and_one_copy_at_a_time(tmp_path: Path) -> None:
    run = _script(f"""
        import gc, os
        from careerlog import ahead
        go, wait = os.pipe()
        def mark(name):
            open(os.path.join({str(tmp_path)!r}, name), "w").close()
            return os.getpid()
        turns = [
            [("a", lambda: os.read(go, 1)), ("b", lambda: os.getpid())],
            [("c", lambda: mark("c")), ("d", lambda: mark("d"))],
            [("e", lambda: os.getpid())],
        ]
        worker = ahead.Ahead(turns)
        try:
            assert gc.get_freeze_count() > 0  # (a copy works: the build's objects stay still)
            # the first copy is still at work: a job of the next turn is left to its page,
            # and the next copy, once started, does not do it again
            assert worker.take("c") is None
            os.write(wait, b"!")
            assert worker.take("a") == b"!"
            first = worker.take("b")
            second = worker.take("d")
            third = worker.take("e")
            assert len({{first, second, third, os.getpid()}}) == 4
        finally:
            worker.close()
        assert gc.get_freeze_count() == 0
        print("received", worker.received)
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["received", "4"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]


def test_turns_come_in_their_order_even_when_a_later_turn_is_asked_for_first(
    tmp_path: Path,
) -> None:
    # the views are asked for last, but their copies must work first, while the build
    # is small: a job asked for before its turn has come is its page's, and the turns
    # before it still get their copies, in order
    run = _script(f"""
        import os
        from careerlog import ahead
        def mark(name):
            open(os.path.join({str(tmp_path)!r}, name), "w").close()
            return os.getpid()
        gone, alive = os.pipe()  # (the first copy holds `alive` open until it leaves)
        turns = [
            [("a", lambda: "a")],
            [("b", lambda: mark("b"))],
            [("c", lambda: mark("c")), ("d", lambda: mark("d"))],
        ]
        worker = ahead.Ahead(turns)
        os.close(alive)
        try:
            assert os.read(gone, 1) == b""  # a's copy has sent its result and left
            assert worker.take("c") is None  # not c's turn yet: the next copy is b's
            b = worker.take("b")
            d = worker.take("d")
            assert len({{b, d, os.getpid()}}) == 3
            assert worker.take("a") == "a"
        finally:
            worker.close()
        print("received", worker.received)
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["received", "3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "d"]


def test_a_child_that_dies_leaves_every_job_it_did_not_send_to_the_caller() -> None:
    run = _script("""
        import os
        from careerlog import ahead
        jobs = [("a", lambda: "done"), ("b", lambda: os._exit(3)), ("c", lambda: "c")]
        worker = ahead.Ahead([jobs])
        try:
            print(worker.take("a"), worker.take("c"), worker.take("b"))
        finally:
            worker.close()
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["done", "None", "None"]


def test_closing_stops_a_child_that_is_still_working() -> None:
    run = _script("""
        import time
        from careerlog import ahead
        worker = ahead.Ahead([[("slow", lambda: time.sleep(60))]])
        started = time.monotonic()
        worker.close()
        print(time.monotonic() - started < 10, worker.take("slow"))
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "None"]


@pytest.mark.parametrize(
    "failing",
    [
        "os.fork",  # (as when the system has no process to spare)
        "tempfile.TemporaryFile",  # (as when no temporary folder can be written)
    ],
)
def test_when_the_second_process_cannot_start_every_job_is_left_to_the_caller(
    failing: str,
) -> None:
    module, name = failing.split(".")
    run = _script(f"""
        import errno, os, tempfile
        from careerlog import ahead
        def fail(*args):
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
        {module}.{name} = fail
        worker = ahead.Ahead([[("a", lambda: "done")]])
        print(worker.take("a"), worker.received)
        worker.close()
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["None", "0"]


def test_it_is_not_started_beside_other_threads_or_when_turned_off() -> None:
    run = _script("""
        import os, threading
        from careerlog import ahead
        found = [ahead.possible()]
        for value in ("off", "0", "no", "FALSE"):
            os.environ["CAREERLOG_AHEAD"] = value
            found.append(ahead.possible())
        del os.environ["CAREERLOG_AHEAD"]
        stop = threading.Event()
        other = threading.Thread(target=stop.wait)
        other.start()
        found.append(ahead.possible())
        stop.set()
        other.join()
        found.append(ahead.possible())
        print(*found)
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "False", "False", "False", "False", "False", "True"]


# --- in real builds -----------------------------------------------------------------


def test_a_build_with_a_second_process_is_byte_identical_to_one_without(tmp_path: Path) -> None:
    fast_root, slow_root = _journal(tmp_path / "ahead", 40), _journal(tmp_path / "inplace", 40)
    fast = _mkdocs(fast_root, "--strict", inplace=False)
    slow = _mkdocs(slow_root, "--strict", inplace=True)
    assert fast.returncode == 0, fast.stderr
    assert slow.returncode == 0, slow.stderr
    received = [line for line in fast.stderr.splitlines() if SAID in line]
    assert len(received) == 1
    assert "careerlog: 0 " not in received[0]
    assert SAID not in slow.stderr
    built, expected = _files(fast_root / "site"), _files(slow_root / "site")
    assert built.keys() == expected.keys()
    assert [name for name in built if built[name] != expected[name]] == []
    assert any(name.startswith("experiments/") for name in built)


def test_a_build_in_small_turns_is_byte_identical_and_never_runs_two_copies_at_once(
    tmp_path: Path,
) -> None:
    # How many turns get a copy depends on timing: while the views' copy works, pages
    # render their headers themselves (the turns themselves are tested above, in order).
    fast_root, slow_root = _journal(tmp_path / "ahead", 40), _journal(tmp_path / "inplace", 40)
    run = _script(f"""
        import os, sys
        from careerlog import ahead
        ahead.PER_COPY = 4  # (ten turns of headers, the views' turns after the first)
        events, fork, waitpid = [], os.fork, os.waitpid
        def forked():
            pid = fork()
            if pid:
                events.append(1)
            return pid
        def reaped(pid, options):
            found = waitpid(pid, options)
            events.append(-1)
            return found
        os.fork, os.waitpid = forked, reaped
        from mkdocs.__main__ import cli
        sys.argv = ["mkdocs", "build", "--strict", "-f", {str(fast_root / "mkdocs.yml")!r}]
        try:
            cli()
        except SystemExit as done:
            assert not done.code, done.code
        at_work = [sum(events[: n + 1]) for n in range(len(events))]
        print(events.count(1), max(at_work), at_work[-1])
    """)
    assert run.returncode == 0, run.stderr
    copies, most, left = map(int, run.stdout.split())
    assert copies >= 1
    assert (most, left) == (1, 0)
    slow = _mkdocs(slow_root, "--strict", inplace=True)
    assert slow.returncode == 0, slow.stderr
    built, expected = _files(fast_root / "site"), _files(slow_root / "site")
    assert built.keys() == expected.keys()
    assert [name for name in built if built[name] != expected[name]] == []


def test_the_views_come_in_a_turn_per_section_after_the_first_headers(tmp_path: Path) -> None:
    # a copy holds its own pages of all it reads, and every view reads the whole
    # journal: one copy for every view held twice what a copy per section holds. The
    # first pages ask for their headers at once, the views come last: the first
    # headers' copy, then the views' while the build is small, then the other headers
    root = _journal(tmp_path / "j", 40)
    run = _script(f"""
        import json, sys
        from careerlog import ahead
        ahead.PER_COPY = 16
        made = ahead.Ahead
        def record(turns):
            turns = [list(turn) for turn in turns]
            print(json.dumps([[key for key, _job in turn] for turn in turns]))
            return made(turns)
        ahead.Ahead = record
        from mkdocs.__main__ import cli
        sys.argv = ["mkdocs", "build", "-q", "-f", {str(root / "mkdocs.yml")!r}]
        try:
            cli()
        except SystemExit as done:
            assert not done.code, done.code
    """)
    assert run.returncode == 0, run.stderr
    (turns,) = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("[")]
    views = [turn for turn in turns if all(key.endswith("/index.md") for key in turn)]
    assert turns[1 : 1 + len(views)] == views
    assert [turn[0] for turn in views] == [
        "dashboard/index.md", "experiments/index.md", "goals/index.md", "learnings/index.md",
        "timeline/index.md", "skills/index.md", "board/index.md", "updates/index.md",
    ]  # fmt: skip
    for turn in views:
        assert {key.split("/")[0] for key in turn} == {turn[0].split("/")[0]}
    assert len(views[5]) > 1  # (a page per skill)
    assert len(views[7]) > 1  # (a page per month)
    headers = [turns[0], *turns[1 + len(views) :]]
    assert all(len(turn) == 16 for turn in headers[:-1])
    assert 0 < len(headers[-1]) <= 16
    keys = [key for turn in headers for key in turn]
    assert len(keys) == len(set(keys)) > 16
    assert not any(key.endswith("/index.md") for key in keys)


def test_a_template_that_fails_fails_the_build_the_same_way(tmp_path: Path) -> None:
    errors = []
    for name, inplace in (("ahead", False), ("inplace", True)):
        root = _journal(tmp_path / name, 12)
        overrides = root / "overrides" / "careerlog"
        overrides.mkdir(parents=True)
        (overrides / "entry.html").write_text("<p>{{ entry.no_such_field.deeper }}</p>\n")
        config = (root / "mkdocs.yml").read_text("utf-8")
        config = config.replace("name: material", "name: material\n  custom_dir: overrides", 1)
        (root / "mkdocs.yml").write_text(config, "utf-8")
        run = _mkdocs(root, inplace=inplace)
        assert run.returncode != 0
        assert "Traceback" not in run.stderr
        errors.append([line for line in run.stderr.splitlines() if "careerlog:" in line])
    assert len(errors[0]) == 1
    assert "overrides/careerlog/entry.html, line 1," in errors[0][0]
    assert "no_such_field" in errors[0][0]
    assert errors[0] == errors[1]


def test_leaks_are_reported_in_file_order_with_copies_or_without(
    tmp_path: Path,
) -> None:
    messages = []
    for name, inplace in (("ahead", False), ("inplace", True)):
        root = tmp_path / name
        (root / "docs" / "people").mkdir(parents=True)
        (root / "docs" / "people" / "zqx-boss.md").write_text(
            "---\ntype: person\ntitle: Zqx Boss Person\nvisibility: private\n---\nSecret.\n"
        )
        for n in range(6):  # leaks in several files, so both halves find some
            (root / "docs" / f"page{n}.md").write_text(
                f"# Page {n}\n\nI met people/zqx-boss/ today.\n"
            )
        (root / "mkdocs.yml").write_text(
            "site_name: Leaks\ntheme: {name: material}\nplugins: [search, careerlog]\n"
        )
        run = _mkdocs(root, inplace=inplace)
        assert run.returncode != 0
        messages += [line for line in run.stderr.splitlines() if "private text" in line]
        assert not any((root / "site" / f"page{n}" / "index.html").exists() for n in range(6))
    assert len(messages) == 2
    assert messages[0] == messages[1]
    # in file order, whichever process read the file (the message names ten)
    named = [f"page{n}/index.html line" for n in range(5)]
    assert all(name in messages[0] for name in named), messages[0]
    assert [messages[0].index(name) for name in named] == sorted(
        messages[0].index(name) for name in named
    )
    assert "and 4 more" in messages[0]


def test_serve_renders_in_place(tmp_path: Path) -> None:
    root = _journal(tmp_path, 12)
    run = _script(f"""
        import logging
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from careerlog import ahead
        assert ahead.possible()
        said = []
        handler = logging.Handler()
        handler.emit = lambda record: said.append(record.getMessage())
        logging.getLogger("mkdocs").addHandler(handler)
        logging.getLogger("mkdocs").setLevel(logging.DEBUG)
        for command in ("serve", "build"):
            config = load_config({str(root / "mkdocs.yml")!r})
            config.plugins.on_startup(command=command, dirty=False)
            build(config)
            print(command, any({SAID!r} in message for message in said))
            said.clear()
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["serve", "False", "build", "True"]
