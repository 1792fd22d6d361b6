"""The build hands free memory back to the system before the search index is written."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from careerlog import memory
from test_generate import generate


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc tells the resident set")
def test_free_room_between_live_strings_goes_back_to_the_system() -> None:
    # 60 MB of strings too large for Python's own small-object allocator, of which every
    # twentieth stays alive: the C allocator keeps the room between them for later
    code = textwrap.dedent("""
        from careerlog import memory
        def resident():
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) // 1024
        kept, freed = [], []
        for n in range(30000):
            (kept if n % 20 == 19 else freed).append(str(n) * 500)
        freed.clear()
        before = resident()
        print(memory.give_back(), before, resident(), sum(map(len, kept)) // 2**20)
    """)
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert run.returncode == 0, run.stderr
    asked, before, after, alive = run.stdout.split()
    if asked == "False":
        pytest.skip("this C library has no malloc_trim")
    assert int(alive) < 5
    assert int(before) - int(after) > 30  # (of some 55 MB freed)


def test_elsewhere_nothing_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert memory.give_back() is False


def test_a_build_gives_memory_back_before_search_writes_its_index(tmp_path: Path) -> None:
    root = tmp_path / "j"
    generate.generate(root, 12, seed=5)
    code = textwrap.dedent(f"""
        import sys
        from careerlog import memory
        from material.plugins.search.plugin import SearchPlugin
        order = []
        give_back, write_index = memory.give_back, SearchPlugin.on_post_build
        def given():
            order.append("memory given back")
            return give_back()
        def written(self, *args, **kwargs):
            order.append("search index written")
            return write_index(self, *args, **kwargs)
        memory.give_back, SearchPlugin.on_post_build = given, written
        from mkdocs.__main__ import cli
        sys.argv = ["mkdocs", "build", "--strict", "-q", "-f", {str(root / "mkdocs.yml")!r}]
        try:
            cli()
        except SystemExit as done:
            assert not done.code, done.code
        print(order)
    """)
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['memory given back', 'search index written']"
    assert (root / "site" / "search" / "search_index.json").is_file()
