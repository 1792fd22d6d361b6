"""The Journal: entries, relations, rollups and attention items.

Pure and deterministic: everything is sorted, and "today" is passed in.  A
published build works on `journal.published()`, which holds no private
entry at all, so no rollup can count or mention one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from careerlog.load import Source, read_source
from careerlog.model import (
    CADENCE_DAYS,
    EXPERIMENT_STATUSES,
    RESULTS,
    Conversation,
    Experiment,
    Goal,
    Kpi,
    Person,
    Reflection,
)
from careerlog.options import Options
from careerlog.problems import Problem
from careerlog.text import human_date
from careerlog.validate import Entry, cross_check, make_entry

_RACY_NS = 2_000_000_000  # files younger than this are never trusted to the cache


class SourceCache:
    """Parsed files keyed on path, modification time and size.

    Kept across `mkdocs serve` rebuilds by the plugin so that only changed
    files are read again and validated again (see `entry`); cross-checks, rollups
    and pages are made fresh on every build.
    """

    def __init__(self) -> None:
        self._items: dict[Path, tuple[int, int, Source]] = {}
        self._real_dirs: dict[str, str] = {}  # folder -> its real path, for one pass
        # (path, in private_dir) -> the source, the options and the entry made of them
        self._entries: dict[tuple[str, bool], tuple[Source, Options, Entry | None]] = {}

    def begin(self) -> None:
        """Start a new pass over the files (links may have changed since the last)."""
        self._real_dirs.clear()

    def clear(self) -> None:
        """Forget every file (a build that has let go of their line marks)."""
        self._items.clear()
        self._entries.clear()

    def read(self, abs_path: Path, rel_path: str) -> Source:
        refused = _linked_out(abs_path, rel_path, self._real_dirs)
        if refused is not None:
            return refused
        try:
            stat = abs_path.stat()
        except OSError:
            return read_source(abs_path, rel_path)
        hit = self._items.get(abs_path)
        if hit and hit[:2] == (stat.st_mtime_ns, stat.st_size) and hit[2].path == rel_path:
            return hit[2]
        source = read_source(abs_path, rel_path)
        if time.time_ns() - stat.st_mtime_ns > _RACY_NS:
            self._items[abs_path] = (stat.st_mtime_ns, stat.st_size, source)
        else:
            # Modified moments ago: a second edit of the same size could keep this very
            # timestamp (file systems store times coarsely), so read it again next time.
            self._items.pop(abs_path, None)
        return source

    def entry(self, source: Source, options: Options, in_private_dir: bool) -> Entry | None:
        """The entry a source holds, validated once for as long as the source and the
        options stay the same. Each call gives a new Entry with the file's own problems
        (cross-checks add theirs to it); the validated model is shared."""
        key = (source.path, in_private_dir)
        hit = self._entries.get(key)
        if hit is not None and hit[0] is source and hit[1] == options:
            made = hit[2]
        else:
            made = make_entry(source, options, in_private_dir=in_private_dir)
            self._entries[key] = (source, options, made)
        return None if made is None else dataclasses.replace(made, problems=list(made.problems))

    def keep_entries(self, keys: set[tuple[str, bool]]) -> None:
        for key in self._entries.keys() - keys:
            del self._entries[key]


def _real_dir(folder: str, real_dirs: dict[str, str]) -> str:
    """A folder's real path, looked up once per pass."""
    real = real_dirs.get(folder)
    if real is None:
        real = real_dirs[folder] = os.path.realpath(folder)
    return real


def _real(path: str, real_dirs: dict[str, str]) -> str:
    """The real path of a file (its folder's from the pass's lookups)."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    return os.path.join(_real_dir(folder, real_dirs), name)


def _linked_out(abs_path: Path, rel_path: str, real_dirs: dict[str, str]) -> Source | None:
    """A file reached through a symbolic link that leads out of its folder.

    MkDocs follows links (files and folders): a link in docs_dir to a file
    elsewhere would publish that file, whatever it holds.  Refused, fatally.
    """
    rel = rel_path.removeprefix(PRIVATE_PREFIX)
    folder = "private_dir" if rel != rel_path else "docs_dir"
    path = os.path.abspath(abs_path)
    tail = os.sep + rel.strip("/").replace("/", os.sep)
    if tail == os.sep or not path.endswith(tail):
        return None  # not root/rel: nothing to compare with
    root = path[: -len(tail)]
    try:
        real_root = _real_dir(root, real_dirs)
        inside = _real(path, real_dirs).startswith(real_root.rstrip(os.sep) + os.sep)
    except (OSError, RuntimeError, ValueError):  # a loop of links
        inside = False
    if inside:
        return None
    source = Source(path=rel_path)
    source.problems.append(
        Problem(
            rel_path,
            1,
            "",
            f"is a symbolic link (or inside a linked folder) leading outside {folder}; "
            "MkDocs would publish whatever it points to: copy the file in or remove the link",
            fatal=True,
        )
    )
    return source


def markdown_files(root: Path) -> list[str]:
    """Relative paths (forward slashes) of the Markdown files below root, sorted.

    Linked folders are followed, as MkDocs does, so that what is checked is
    what MkDocs builds (each real folder once: a link loop ends there).
    """
    found: list[str] = []
    seen: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(folder).relative_to(root)
        found.extend(
            (rel / name).as_posix() for name in files if name.endswith(".md") and name[0] != "."
        )
    return sorted(found)


@dataclass(frozen=True)
class Attention:
    """A time-based finding: shown, never failing anything."""

    kind: str  # overdue-experiment | late-start | touch-base | action
    entry_id: str
    message: str
    since: dt.date  # when it became due


@dataclass(frozen=True)
class KpiProgress:
    kpi: Kpi
    latest: float | None
    latest_date: dt.date | None
    baseline: float | None
    fraction: float | None  # 0..1 of the way from baseline to target


@dataclass(frozen=True)
class BoardRow:
    person: Entry
    cadence: str | None
    last: dt.date | None
    next_due: dt.date | None
    overdue: bool


@dataclass
class Journal:
    entries: list[Entry]
    problems: list[Problem]
    today: dt.date
    options: Options
    unreadable: list[Source] = field(default_factory=list)

    # --- lookup -------------------------------------------------------------------

    @cached_property
    def by_id(self) -> dict[str, Entry]:
        out: dict[str, Entry] = {}
        for entry in self.entries:
            out.setdefault(entry.id, entry)
        return out

    @cached_property
    def by_path(self) -> dict[str, Entry]:
        return {e.path: e for e in self.entries}

    def prepare(self) -> None:
        """Work out every index now (forked copies then share them rather than each
        making its own)."""
        for name, value in vars(type(self)).items():
            if isinstance(value, cached_property):
                getattr(self, name)

    def get(self, entry_id: str) -> Entry | None:
        return self.by_id.get(entry_id)

    @cached_property
    def _valid(self) -> dict[str | None, list[Entry]]:
        """Valid entries by type (None: all), computed once: a Journal never changes."""
        out: dict[str | None, list[Entry]] = {None: []}
        for entry in self.entries:
            if entry.valid:
                out[None].append(entry)
                out.setdefault(entry.type, []).append(entry)
        return out

    def valid(self, entry_type: str | None = None) -> list[Entry]:
        return list(self._valid.get(entry_type, ()))

    @property
    def needs_fixing(self) -> list[Entry]:
        return [e for e in self.entries if not e.valid]

    def published(self) -> Journal:
        """The journal as a published build sees it: no private entry at all."""
        return Journal(
            entries=[e for e in self.entries if not e.private],
            problems=self.problems,
            today=self.today,
            options=self.options,
            unreadable=self.unreadable,
        )

    @property
    def fatal(self) -> list[Problem]:
        return [p for p in self.problems if p.fatal]

    # --- typed views of valid entries --------------------------------------------

    def experiments(self) -> list[tuple[Entry, Experiment]]:
        return [(e, e.model) for e in self.valid("experiment") if isinstance(e.model, Experiment)]

    def goals(self) -> list[tuple[Entry, Goal]]:
        return [(e, e.model) for e in self.valid("goal") if isinstance(e.model, Goal)]

    def people(self) -> list[tuple[Entry, Person]]:
        return [(e, e.model) for e in self.valid("person") if isinstance(e.model, Person)]

    @cached_property
    def _conversations(self) -> list[tuple[Entry, Conversation]]:
        rows = [
            (e, e.model) for e in self.valid("conversation") if isinstance(e.model, Conversation)
        ]
        return sorted(rows, key=lambda r: (r[1].date, r[0].id))

    def conversations(self) -> list[tuple[Entry, Conversation]]:
        return list(self._conversations)

    def reflections(self) -> list[tuple[Entry, Reflection]]:
        rows = [(e, e.model) for e in self.valid("reflection") if isinstance(e.model, Reflection)]
        return sorted(rows, key=lambda r: (r[1].date, r[0].id))

    # --- relations ---------------------------------------------------------------

    def resolve(self, ids: Iterable[str]) -> list[Entry | None]:
        """Referenced entries in order; None where the target is not in this journal
        (a private entry in a published build)."""
        return [self.by_id.get(i) for i in ids]

    @cached_property
    def _followed_by(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for entry in self.valid():
            for target in getattr(entry.model, "follows", []):
                out.setdefault(target, []).append(entry)
        return out

    def followed_by(self, entry_id: str) -> list[Entry]:
        return self._followed_by.get(entry_id, [])

    @cached_property
    def _index(self) -> dict[tuple[str, str], list[tuple[Entry, Any]]]:
        """(relation, id) -> entries naming that id, in the order of their listings."""
        out: dict[tuple[str, str], list[tuple[Entry, Any]]] = {}
        for entry, model in self.experiments():
            for goal_id in dict.fromkeys(model.goals):
                out.setdefault(("goal", goal_id), []).append((entry, model))
            for skill in dict.fromkeys(model.skills):
                out.setdefault(("skill", skill), []).append((entry, model))
        for entry, conv in self._conversations:
            for person_id in dict.fromkeys(conv.people):
                out.setdefault(("person", person_id), []).append((entry, conv))
        return out

    def experiments_for_goal(self, goal_id: str) -> list[tuple[Entry, Experiment]]:
        return list(self._index.get(("goal", goal_id), ()))

    def experiments_for_skill(self, skill: str) -> list[tuple[Entry, Experiment]]:
        return list(self._index.get(("skill", skill), ()))

    def conversations_with(self, person_id: str) -> list[tuple[Entry, Conversation]]:
        return list(self._index.get(("person", person_id), ()))

    # --- rollups -----------------------------------------------------------------

    def status_counts(self) -> dict[str, int]:
        counts: Counter[str] = Counter(m.status for _, m in self.experiments())
        return {s: counts.get(s, 0) for s in EXPERIMENT_STATUSES}

    def outcome_counts(self) -> dict[str, int]:
        counts: Counter[str] = Counter(
            m.outcome.result
            for _, m in self.experiments()
            if m.status == "concluded" and m.outcome and m.outcome.result
        )
        return {r: counts.get(r, 0) for r in RESULTS}

    def hit_rate(self) -> float | None:
        """Share of concluded experiments whose hypothesis was validated."""
        counts = self.outcome_counts()
        total = sum(counts.values())
        return counts["validated"] / total if total else None

    def by_status(self) -> dict[str, list[tuple[Entry, Experiment]]]:
        groups: dict[str, list[tuple[Entry, Experiment]]] = {s: [] for s in EXPERIMENT_STATUSES}
        for entry, model in self.experiments():
            groups[model.status].append((entry, model))
        for rows in groups.values():
            rows.sort(key=lambda r: (r[1].start or dt.date.max, r[0].title.lower(), r[0].id))
        return groups

    def running(self) -> list[tuple[Entry, Experiment]]:
        return self.by_status()["running"]

    def learnings(self) -> list[tuple[Entry, Experiment]]:
        """Concluded and abandoned experiments, newest outcome first: the career changelog."""
        rows = [
            (e, m)
            for e, m in self.experiments()
            if m.status in ("concluded", "abandoned") and m.outcome and m.outcome.date
        ]

        def newest_first(row: tuple[Entry, Experiment]) -> tuple[int, str]:
            outcome = row[1].outcome
            return (-(outcome.date.toordinal() if outcome and outcome.date else 0), row[0].id)

        return sorted(rows, key=newest_first)

    def coverage(self) -> dict[str, dict[str, int]]:
        """skill -> stage -> number of experiments aiming at that stage with that skill."""
        table = {s: dict.fromkeys(self.options.stages, 0) for s in self.options.skills}
        for _, model in self.experiments():
            stage = model.stage or None
            for skill in model.skills:
                if skill in table and stage in table[skill]:
                    table[skill][stage] += 1
        return table

    def calibration(self) -> dict[int, dict[str, int]]:
        """confidence before (1-5) -> result after, for concluded experiments."""
        table = {c: dict.fromkeys(RESULTS, 0) for c in range(1, 6)}
        for _, model in self.experiments():
            outcome = model.outcome
            if model.status == "concluded" and model.confidence and outcome and outcome.result:
                table[model.confidence][outcome.result] += 1
        return table

    def kpi_progress(self, kpi: Kpi) -> KpiProgress:
        """Progress from the baseline (else the first reading, else 0) to the target, as of
        today: readings dated in the future are not counted yet."""
        readings = [r for r in kpi.readings if r.date <= self.today]
        latest = readings[-1] if readings else None
        baseline = kpi.baseline
        if baseline is None and len(readings) > 1:
            baseline = readings[0].value
        fraction = None
        if latest is not None:
            start = baseline if baseline is not None else 0.0
            span = kpi.target - start
            fraction = 1.0 if span == 0 else max(0.0, min(1.0, (latest.value - start) / span))
        return KpiProgress(
            kpi=kpi,
            latest=latest.value if latest else None,
            latest_date=latest.date if latest else None,
            baseline=baseline,
            fraction=fraction,
        )

    def board(self) -> list[BoardRow]:
        return list(self._board)

    @cached_property
    def _board(self) -> list[BoardRow]:
        rows = []
        for entry, person in self.people():
            if not person.board:
                continue
            met = [c.date for _, c in self.conversations_with(entry.id) if c.date <= self.today]
            last = max(met) if met else None
            anchor = last or person.since
            next_due = (
                anchor + dt.timedelta(days=CADENCE_DAYS[person.cadence])
                if anchor and person.cadence
                else None
            )
            overdue = bool(person.cadence) and (next_due is None or next_due < self.today)
            rows.append(BoardRow(entry, person.cadence, last, next_due, overdue))
        return sorted(rows, key=lambda r: (r.next_due or dt.date.min, r.person.title.lower()))

    def attention(self) -> list[Attention]:
        today = self.today
        items: list[Attention] = []
        for entry, m in self.experiments():
            if m.status == "running" and m.end and m.end < today:
                items.append(
                    Attention(
                        "overdue-experiment",
                        entry.id,
                        f"running past its planned end ({_ago(m.end, today)}): "
                        "conclude it, abandon it or move the end",
                        m.end,
                    )
                )
            if m.status == "planned" and m.start and m.start < today:
                items.append(
                    Attention(
                        "late-start",
                        entry.id,
                        f"planned to start {_ago(m.start, today)}: start it or move the date",
                        m.start,
                    )
                )
        for row in self.board():
            if row.overdue:
                when = (
                    f"last touch-base {human_date(row.last)}, due {_ago(row.next_due, today)}"
                    if row.last and row.next_due
                    else "no conversation recorded yet"
                )
                items.append(
                    Attention(
                        "touch-base",
                        row.person.id,
                        f"{row.cadence} touch-base is overdue ({when})",
                        row.next_due or today,
                    )
                )
        for entry, conv in self.conversations():
            for action in conv.actions:
                if not action.done and action.due and action.due < today:
                    items.append(
                        Attention(
                            "action",
                            entry.id,
                            f"action “{action.do}” was due {_ago(action.due, today)}",
                            action.due,
                        )
                    )
        return sorted(items, key=lambda a: (a.since, a.kind, a.entry_id, a.message))

    def months(self) -> list[str]:
        """YYYY-MM of every month something happened in, oldest first."""
        found: set[str] = set()
        for _, m in self.experiments():
            for d in (m.start, m.outcome.date if m.outcome else None):
                if d and d <= self.today:
                    found.add(d.isoformat()[:7])
        for _, goal in self.goals():
            for kpi in goal.kpis:
                found.update(r.date.isoformat()[:7] for r in kpi.readings if r.date <= self.today)
        for _, c in self.conversations():
            if c.date <= self.today:
                found.add(c.date.isoformat()[:7])
        return sorted(found)


def _ago(when: dt.date, today: dt.date) -> str:
    days = (today - when).days
    if days <= 0:
        return f"on {human_date(when)}"
    unit = "day" if days == 1 else "days"
    return f"on {human_date(when)}, {days} {unit} ago"


def build_journal(
    sources: Sequence[tuple[Source, bool]],
    options: Options,
    today: dt.date,
    cache: SourceCache | None = None,
) -> Journal:
    """Entries and all problems from already-read sources ((source, in_private_dir) pairs);
    with a cache, files that did not change are not validated again."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    unreadable: list[Source] = []
    kept: set[tuple[str, bool]] = set()
    for source, in_private_dir in sources:
        if source.unreadable:
            unreadable.append(source)
            problems.extend(source.problems)
            continue
        if cache is not None:
            entry = cache.entry(source, options, in_private_dir)
            kept.add((source.path, in_private_dir))
        else:
            entry = make_entry(source, options, in_private_dir=in_private_dir)
        if entry is not None:
            entries.append(entry)
    if cache is not None:
        cache.keep_entries(kept)  # files removed or renamed are let go
    cross_check(entries)
    for entry in entries:
        problems.extend(entry.problems)
    entries.sort(key=lambda e: e.path)
    return Journal(entries, sorted(set(problems)), today, options, unreadable)


def load_journal(
    docs_dir: Path,
    options: Options,
    today: dt.date,
    *,
    include_private_dir: bool = True,
    cache: SourceCache | None = None,
) -> Journal:
    """Read docs_dir (and private_dir) from disk into a Journal."""
    cache = cache or SourceCache()
    cache.begin()
    sources = [(cache.read(docs_dir / rel, rel), False) for rel in markdown_files(docs_dir)]
    if include_private_dir and options.private_dir is not None and options.private_dir.is_dir():
        sources += [
            (cache.read(options.private_dir / rel, private_path(rel)), True)
            for rel in markdown_files(options.private_dir)
        ]
    return build_journal(sources, options, today)


PRIVATE_PREFIX = "<private_dir>/"


def private_path(rel: str) -> str:
    """How a private_dir file is named in messages (never mixed up with docs_dir files)."""
    return PRIVATE_PREFIX + rel
