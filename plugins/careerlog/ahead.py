"""Work done ahead in a second process while the build goes on.

A build renders every entry's header and every view, a third of the time
careerlog adds to a build. All of it is known once the files are read, while
MkDocs still has every page's Markdown to convert, one page after another on
one core. So on a machine with a second core, a forked copy of the build
process renders them meanwhile, in the order the pages will ask for them, and
sends each back (see Ahead). A page that finds its part ready takes it,
and gets the same text as rendering it in place would give (the same code on
the same data: a test compares whole sites byte for byte).

Nothing depends on the second process: a job that fails there is done again in
place (and fails there, with its real error), and when the process dies or
cannot be started, every page renders its part itself as before. It is only
started where forking is safe and useful: on Linux, with two cores or more,
while the process runs no other thread; `CAREERLOG_AHEAD=off` turns it off.

It costs memory: the copy shares the build's pages only until it writes to
them, and Python's reference counts write to every object it reads (at 5000
entries the build and its copy together peak at about 196 MB, the build alone
without a copy at about 153 MB; README, Performance).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from typing import IO, Any, BinaryIO

Job = tuple[str, Callable[[], Any]]
OFF = ("0", "off", "no", "false")


def possible() -> bool:
    """Whether a second process can help and may be forked here."""
    if os.environ.get("CAREERLOG_AHEAD", "").strip().lower() in OFF:
        return False
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    return len(os.sched_getaffinity(0)) >= 2


class Ahead:
    """The results of jobs run in a forked child, each taken once by its key.

    A job returns a picklable value, never None: None is what the child sends
    for a job that raised, and what `take` gives for a result that will not
    come (the caller then does the job itself).

    The child writes each result to a spool file (unlinked from the start, so it
    is gone with the build) and sends through a pipe only where it lies; the
    build reads a result when its page asks for it. So the child can work as
    far ahead as it likes, and results waiting to be taken take no room in the
    build's memory.
    """

    def __init__(self, jobs: Iterable[Job]) -> None:
        jobs = list(jobs)
        self._expected = {key for key, _job in jobs}  # not taken yet
        self._ready: dict[str, tuple[int, int]] = {}  # announced: (offset, length)
        self._failed: set[str] = set()  # jobs that raised in the child
        self.received = 0
        self._pid: int | None = None
        self._stream: BinaryIO | None = None
        self._spool: IO[bytes] | None = None
        try:
            self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
            read, write = os.pipe()
        except OSError:  # (no temporary folder to write to: every job is done in place)
            self.close()
            return
        try:
            pid = os.fork()
        except OSError:  # (no process to spare: every job is done in place)
            for fd in (read, write):
                os.close(fd)
            self.close()
            return
        if pid == 0:  # the child: do the jobs, send the results, and leave
            os.close(read)
            _work(jobs, write, self._spool)
        os.close(write)
        self._pid = pid
        self._stream = os.fdopen(read, "rb")

    def take(self, key: str) -> Any:
        """The job's result once it has come, or None when it will not come."""
        if key not in self._expected:
            return None
        self._expected.discard(key)
        while key not in self._ready and key not in self._failed and self._stream is not None:
            try:
                sent, offset, length = pickle.load(self._stream)  # noqa: S301 (its own fork)
            except Exception:  # the end of the stream, or a child that died mid-way
                self._end()
                break
            if length < 0:  # the job failed: its page does it in place
                self._failed.add(sent)
            else:
                self._ready[sent] = (offset, length)
        where = self._ready.pop(key, None)
        if where is None or self._spool is None:
            return None
        data = os.pread(self._spool.fileno(), where[1], where[0])
        if len(data) != where[1]:
            return None
        self.received += 1  # (results taken: what came from the second process)
        return pickle.loads(data)  # noqa: S301

    def close(self) -> None:
        """Stop the child if it is still working, and let go of what was not taken."""
        self._end()
        if self._spool is not None:
            self._spool.close()
            self._spool = None
        self._expected.clear()
        self._ready.clear()
        self._failed.clear()

    def _end(self) -> None:
        if self._stream is not None:
            self._stream.close()  # (a child still writing meets a closed pipe)
            self._stream = None
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):  # (not reaped yet: still its pid)
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = None


def _work(jobs: list[Job], write: int, spool_file: IO[bytes]) -> None:
    """The child's whole life: it never returns into the build it was forked from."""
    status = 0
    try:
        gc.freeze()  # the child's collections never walk the build's objects
        spool, offset = spool_file.fileno(), 0
        with os.fdopen(write, "wb") as stream:
            for key, job in jobs:
                try:
                    data = pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:
                    pickle.dump((key, 0, -1), stream)
                else:
                    written = 0
                    while written < len(data):
                        written += os.pwrite(spool, data[written:], offset + written)
                    pickle.dump((key, offset, len(data)), stream)
                    offset += len(data)
                stream.flush()
    except BaseException:  # the build went away (a closed pipe, an interrupt)
        status = 1
    finally:
        os._exit(status)
