"""The build hands free memory back to the system before the search index is written."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from careerlog import memory


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
