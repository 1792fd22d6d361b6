"""Nothing lost: careerlog never writes into docs_dir or private_dir.

Every file in both folders is hashed (with its mode and the folder listing)
before and after each build: strict, not strict, one that fails on a file of
unknown privacy, a serve rebuild, a dirty rebuild, and the `careerlog`
commands that only read.  Any change, any new file, fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from careerlog.journal import SourceCache, load_journal
from careerlog.options import Options
from conftest import EXPERIMENT, JournalDir

ROOT = Path(__file__).resolve().parent.parent

Snapshot = dict[str, tuple[str, int, int]]  # path -> (sha256, mode, mtime_ns)


def snapshot(*roots: Path) -> Snapshot:
    out: Snapshot = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            stat = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
            out[str(path)] = (digest, stat.st_mode, stat.st_mtime_ns if path.is_file() else 0)
    return out


def fill(journal: JournalDir) -> Path:
    """A journal with every kind of file careerlog reads, and a private_dir."""
    private = journal.root / "private"
    journal.options.update(
        {"private_dir": "private", "visibility_defaults": {"experiment": "public"}}
    )
    journal.write("index.md", "# Home\n\n[secret](experiments/hidden.md)\n")
    journal.write("experiments/team-lead.md", EXPERIMENT)
    journal.write(
        "experiments/hidden.md",
        EXPERIMENT.replace("type: experiment", "type: experiment\nvisibility: private"),
    )
    journal.write(
        "experiments/blocks.md",
        EXPERIMENT.replace("Notes from the first weeks.", "/// private\nnot for you\n///\n"),
    )
    journal.write("experiments/broken.md", EXPERIMENT.replace("status: running", "status: runing"))
    journal.write_bytes("experiments/crlf.md", EXPERIMENT.replace("\n", "\r\n").encode())
    journal.write_bytes("experiments/bom.md", b"\xef\xbb\xbf" + EXPERIMENT.encode())
    journal.write("notes/page.md", "```careerlog\nview: experiments\nstatus: running\n```\n")
    journal.write_bytes("assets/picture.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    private.mkdir()
    (private / "diary.md").write_text(
        "---\ntype: reflection\ntitle: Diary\ndate: 2026-01-01\n---\nPrivate words.\n", "utf-8"
    )
    return private


def test_builds_never_write_into_docs_dir_or_private_dir(journal: JournalDir) -> None:
    private = fill(journal)
    before = snapshot(journal.docs, private)
    assert len(before) > 10
    for kwargs in ({"strict": False}, {"strict": True}, {"serve": True}, {"dirty": True}):
        journal.build(**kwargs)  # type: ignore[arg-type]
        assert snapshot(journal.docs, private) == before, kwargs
    assert (journal.site / "experiments" / "team-lead" / "index.html").exists()


def test_a_failing_build_writes_nothing_into_the_sources(journal: JournalDir) -> None:
    private = fill(journal)
    journal.write("experiments/unknown.md", "---\ntype: experiment\nvisibility: Public\n---\n")
    before = snapshot(journal.docs, private)
    for kwargs in ({"strict": False}, {"strict": True}, {"serve": True}):
        result = journal.build(**kwargs)  # type: ignore[arg-type]
        assert result.ok == kwargs.get("serve", False), result.log
        assert snapshot(journal.docs, private) == before, kwargs


def test_the_core_only_reads(tmp_path: Path) -> None:
    journal = JournalDir(tmp_path)
    private = fill(journal)
    before = snapshot(journal.docs, private)
    options = Options(private_dir=private, visibility_defaults={"experiment": "public"})
    cache = SourceCache()
    for _ in range(2):  # a second pass is served from the cache
        load_journal(journal.docs, options, dt.date(2026, 6, 15), cache=cache)
    assert snapshot(journal.docs, private) == before


@pytest.mark.parametrize("command", [["check"], ["check", "--format", "json"], ["status"]])
def test_the_reading_commands_only_read(journal: JournalDir, command: list[str]) -> None:
    private = fill(journal)
    config = journal.config_file()
    before = snapshot(journal.docs, private)
    result = subprocess.run(
        [sys.executable, "-m", "careerlog", *command, "-f", str(config)],
        cwd=journal.root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert snapshot(journal.docs, private) == before
    assert not (journal.root / "site").exists()
