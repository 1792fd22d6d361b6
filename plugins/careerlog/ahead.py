"""Work done ahead in a second process while the build goes on.

A build renders every entry's header and every view, a large part of the time
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

It costs memory: a copy shares the build's pages only until one of the two
writes to them, and Python writes to every object it reads (its reference
counts) and into the free room between the build's objects when it allocates.
So a copy holds more of its own with every job it does: at 5000 entries one
copy doing every header and view grew to some 70 MB of its own, and the
audit's copy at the build's end (when the build is at its largest) to 40 MB.
Hence:

- the jobs come in turns, each done by a copy of its own, one copy at a time,
  and pages whose turn cannot start yet (the copy before is still at work)
  render their part themselves;
- the headers come at most PER_COPY a turn (20-35 MB a copy), and the views a
  turn per section: each view reads the whole journal, so each copy holds its
  own pages of all of it (some 30 MB at 5000 entries), and one copy for every
  view held 58 MB, a copy per section at most some 35;
- the turns come in their order, so the views' copies (asked for last) work
  early, while the build is still small: the plugin puts them after the first
  headers' turn (before it, the first pages rendered their headers themselves
  while the views' copies worked);
- while a copy works, the build's own garbage collections leave the objects they
  share alone (`gc.freeze`): a full collection writes to every object it walks;
- the privacy audit runs in the build's own process.

README, Performance, has the measurements.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

Job = tuple[str, Callable[[], Any]]
OFF = ("0", "off", "no", "false")
# Headers one copy renders before a fresh copy takes over. Each adds some 40 KB to the
# copy's own memory at 5000 entries, and each copy costs a fork: a few milliseconds.
PER_COPY = 500
# What a copy sends for each job: the job's place among its jobs, and where its result
# lies in the spool file (a length of -1: the job raised). Each record is written
# whole in one write (a pipe never splits writes this small), and one copy's records
# fit in the pipe's buffer, so a copy never waits for the build to read them (a turn of
# more jobs than _PIPE_RECORDS works too: its copy waits for the build at times).
_RECORD = struct.Struct("<iqq")


def possible() -> bool:
    """Whether a second process can help and may be forked here."""
    if os.environ.get("CAREERLOG_AHEAD", "").strip().lower() in OFF:
        return False
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    return len(os.sched_getaffinity(0)) >= 2


class Ahead:
    """The results of jobs run in forked copies, each taken once by its key.

    A job returns a picklable value, never None: None is what `take` gives for a
    job that raised in the copy or a result that will not come (the caller then
    does the job itself).

    The jobs come in turns, each done by a copy of its own, one copy at a time and in
    their order: the first is forked at once; the next when a job is asked for and the
    copy before has sent all its results. Jobs asked for before their turn has come
    are the caller's (`take` gives None and the copy leaves them out).

    A copy writes each result to a spool file (unlinked from the start, so it is
    gone with the build) and sends through a pipe only where it lies; the build
    reads a result when its page asks for it. So a copy can work as far ahead as it
    likes, and results waiting to be taken take no room in the build's memory.
    """

    def __init__(self, turns: Iterable[Iterable[Job]]) -> None:
        self._turns = [turn for turn in map(_Turn, map(list, turns)) if turn.jobs]
        self._turn_of = {key: n for n, turn in enumerate(self._turns) for key in turn.keys}
        self._expected = set(self._turn_of)  # not taken yet
        self._current = 0  # the first turn not finished
        self.received = 0
        self._advance()

    def take(self, key: str) -> Any:
        """The job's result once it has come, or None when it will not come."""
        if key not in self._expected:
            return None
        self._advance()  # (the key's own turn, when it is the next one)
        self._expected.discard(key)
        turn = self._turns[self._turn_of[key]]
        if not turn.started:  # one copy at a time: until its turn comes, pages do their own
            return None
        where = turn.wait_for(key)
        self._advance()  # (the next copy works on while this turn's results are taken)
        data = turn.read(where) if where is not None else None
        if data is None:
            return None
        self.received += 1  # (results taken: what came from a second process)
        return pickle.loads(data)  # noqa: S301 (its own fork)

    def _advance(self) -> None:
        """Once no copy is at work, fork one for the next turn, in their order (without
        the jobs their pages did themselves meanwhile)."""
        while self._current < len(self._turns):
            turn = self._turns[self._current]
            if not turn.started:
                turn.start(self._expected)
            if not turn.finished():
                return
            self._current += 1

    def close(self) -> None:
        """Stop the copies still working, and let go of what was not taken."""
        for turn in self._turns:
            turn.close()
        self._expected.clear()


# Linux's usual pipe buffer (a smaller one, as under a user's pipe quota, only makes a copy wait)
_PIPE_RECORDS = 65536 // _RECORD.size


def turns(jobs: Sequence[Job]) -> list[Sequence[Job]]:
    """Jobs in turns of at most PER_COPY, in their order."""
    size = max(1, PER_COPY)
    return [jobs[start : start + size] for start in range(0, len(jobs), size)]


class _Turn:
    """Some of the jobs, done by one copy."""

    def __init__(self, jobs: list[Job]) -> None:
        self.jobs = jobs
        self.keys = [key for key, _job in jobs]
        self.started = False
        self._ready: dict[str, tuple[int, int]] = {}  # sent: (offset, length)
        self._failed: set[str] = set()  # jobs that raised in the copy
        self._sent = 0
        self._pending = b""  # a record read in part
        self._pid: int | None = None
        self._pipe: int | None = None
        self._spool: IO[bytes] | None = None

    def start(self, wanted: set[str]) -> None:
        """Fork the copy that does this turn's jobs still wanted (or leave them all to
        the caller)."""
        self.started = True
        self.jobs = [job for job in self.jobs if job[0] in wanted]
        if not self.jobs or threading.active_count() != 1:  # (a thread since: no fork)
            return
        try:
            self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
            read, write = os.pipe()
        except OSError:  # (no temporary folder to write to: every job is done in place)
            self.close()
            return
        _working(+1)
        try:
            pid = os.fork()
        except OSError:  # (no process to spare: every job is done in place)
            _working(-1)
            for fd in (read, write):
                os.close(fd)
            self.close()
            return
        if pid == 0:  # the copy: do the jobs, send the results, and leave
            os.close(read)
            _work(self.jobs, write, self._spool)
        os.close(write)
        os.set_blocking(read, False)
        self._pid, self._pipe = pid, read

    def wait_for(self, key: str) -> tuple[int, int] | None:
        """Where the key's result lies once the copy has sent it; None if it never will."""
        while key not in self._ready and key not in self._failed and self._pipe is not None:
            select.select([self._pipe], [], [])
            self._receive()
        return self._ready.pop(key, None)

    def finished(self) -> bool:
        """Whether the copy has sent every result (or will send no more)."""
        if self._pipe is not None:
            self._receive()
            if self._sent == len(self.jobs):
                self._end()  # (it is leaving anyway: reap it now)
        return self._pipe is None

    def read(self, where: tuple[int, int]) -> bytes | None:
        if self._spool is None:
            return None
        offset, length = where
        data = os.pread(self._spool.fileno(), length, offset)
        return data if len(data) == length else None

    def _receive(self) -> None:
        """Take in the records the copy has sent so far, without waiting for more."""
        assert self._pipe is not None
        try:
            chunk = os.read(self._pipe, _PIPE_RECORDS * _RECORD.size)
        except BlockingIOError:  # nothing yet
            return
        if not chunk:  # the end: every record, or a copy that died mid-way
            self._end()
            return
        data = self._pending + chunk
        whole = len(data) - len(data) % _RECORD.size
        for number, offset, length in _RECORD.iter_unpack(data[:whole]):
            key = self.jobs[number][0]
            if length < 0:  # the job failed: its page does it in place
                self._failed.add(key)
            else:
                self._ready[key] = (offset, length)
            self._sent += 1
        self._pending = data[whole:]

    def close(self) -> None:
        self._end()
        if self._spool is not None:
            self._spool.close()
            self._spool = None
        self._ready.clear()
        self._failed.clear()

    def _end(self) -> None:
        if self._pipe is not None:
            os.close(self._pipe)  # (a copy still writing meets a closed pipe)
            self._pipe = None
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):  # (not reaped yet: still its pid)
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = None
            _working(-1)


_copies = 0  # copies at work


def _working(change: int) -> None:
    """While a copy works, the build's collections leave alone the objects it shares: a
    full collection writes to every object it walks, and the copy would then hold its
    own pages of every one of them."""
    global _copies
    if _copies == 0 and change > 0:
        gc.freeze()
    _copies += change
    if _copies == 0:
        gc.unfreeze()


def _work(jobs: list[Job], write: int, spool_file: IO[bytes]) -> None:
    """The copy's whole life: it never returns into the build it was forked from."""
    status = 0
    try:
        gc.freeze()  # the copy's collections never walk the build's objects
        spool, offset = spool_file.fileno(), 0
        for number, (_key, job) in enumerate(jobs):
            try:
                data = pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                record = _RECORD.pack(number, 0, -1)
            else:
                written = 0
                while written < len(data):
                    written += os.pwrite(spool, data[written:], offset + written)
                record = _RECORD.pack(number, offset, len(data))
                offset += len(data)
            os.write(write, record)
    except BaseException:  # the build went away (a closed pipe, an interrupt)
        status = 1
    finally:
        os._exit(status)
