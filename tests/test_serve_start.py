"""`mkdocs serve` starts on a journal as a fresh clone has it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from conftest import stop


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_starts_when_the_private_dir_does_not_exist_yet(tmp_path: Path) -> None:
    # private/ is git-ignored, so a fresh clone of a journal has none
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = {
        "site_name": "Fresh clone",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"careerlog": {"private_dir": "private"}}],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            status = None
            deadline = time.monotonic() + 60
            while status is None and time.monotonic() < deadline and proc.poll() is None:
                try:
                    url = f"http://127.0.0.1:{port}/dashboard/"
                    with urllib.request.urlopen(url, timeout=2) as response:
                        status = response.status
                except (urllib.error.URLError, OSError):
                    time.sleep(0.3)
            assert status == 200, log.read_text("utf-8")
            assert "Traceback" not in log.read_text("utf-8")
        finally:
            stop(proc)
