"""Work done ahead in a second process while the build goes on.

A build renders every entry's header and every view, a third of the time
careerlog adds to a build. All of it is known once the files are read, while
MkDocs still has every page's Markdown to convert, one page after another on
one core. So on a machine with a second core, a forked copy of the build
process renders them meanwhile, in the order the pages will ask for them, and
sends each back through a pipe; a thread of the build receives them. A page
that finds its part ready takes it, and gets the same text as rendering it in
place would give (the same code on the same data: a test compares whole sites
byte for byte).

Nothing depends on the second process: a job that fails there is done again in
place (and fails there, with its real error), and when the process dies or
cannot be started, every page renders its part itself as before. It is only
started where forking is safe and useful: on Linux, with two cores or more,
while the process runs no other thread; `CAREERLOG_AHEAD=off` turns it off.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

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
    """

    def __init__(self, jobs: Iterable[Job]) -> None:
        jobs = list(jobs)
        self._expected = {key for key, _job in jobs}  # not taken yet
        self._pending = set(self._expected)  # not received yet
        self._ready: dict[str, Any] = {}
        self._ended = False  # the child closed its end: it is about to be reaped
        self._done = False
        self._changed = threading.Condition()
        self.received = 0
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: do the jobs, send the results, and leave
            os.close(read)
            _work(jobs, write)
        os.close(write)
        self._pid = pid
        self._thread = threading.Thread(
            target=self._receive, args=(read,), name="careerlog-ahead", daemon=True
        )
        self._thread.start()

    def take(self, key: str) -> Any:
        """The job's result once it has come, or None when it will not come."""
        with self._changed:
            if key not in self._expected:
                return None
            self._expected.discard(key)
            self._changed.wait_for(lambda: key not in self._pending or self._done)
            return self._ready.pop(key, None)

    def close(self) -> None:
        """Stop the child if it is still working, and let go of what was not taken."""
        with self._changed:
            if not self._ended:  # (not reaped yet: the pid is still the child's)
                os.kill(self._pid, signal.SIGKILL)
        self._thread.join()
        self._ready.clear()

    def _receive(self, read: int) -> None:
        with os.fdopen(read, "rb") as stream:
            while True:
                try:
                    key, value = pickle.load(stream)  # noqa: S301 (this process's own fork)
                except Exception:  # the end of the stream, or a child that died mid-way
                    break
                with self._changed:
                    self._pending.discard(key)
                    if value is not None:  # (None: the job failed, the page does it in place)
                        self._ready[key] = value
                        self.received += 1
                    self._changed.notify_all()
        with self._changed:
            self._ended = True
        os.waitpid(self._pid, 0)
        with self._changed:
            self._done = True
            self._changed.notify_all()


def _work(jobs: list[Job], write: int) -> None:
    """The child's whole life: it never returns into the build it was forked from."""
    status = 0
    try:
        gc.freeze()  # the build's objects stay as they are: their memory stays shared
        with os.fdopen(write, "wb") as stream:
            for key, job in jobs:
                try:
                    value = job()
                except Exception:
                    value = None
                pickle.dump((key, value), stream, protocol=pickle.HIGHEST_PROTOCOL)
                stream.flush()
    except BaseException:  # the build went away (a closed pipe, an interrupt)
        status = 1
    finally:
        os._exit(status)
