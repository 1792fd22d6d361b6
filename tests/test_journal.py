"""Rollups and attention items of a small journal, against numbers worked out by hand."""

from __future__ import annotations

import datetime as dt
import functools
import os
import time
from pathlib import Path

import pytest

from careerlog.journal import Journal, SourceCache
from careerlog.model import Kpi
from unit_helpers import PUBLIC, TODAY, front_matter, journal_of

HYPOTHESIS = "hypothesis: {belief: b, test: t, measure: m, success: s}\nmethod: learning\n"


def experiment(status: str, extra: str = "", *, title: str = "T") -> str:
    return front_matter(f"type: experiment\ntitle: {title}\nstatus: {status}\n{HYPOTHESIS}{extra}")


def concluded(result: str, start: str, ended: str, confidence: int) -> str:
    return experiment(
        "concluded",
        f"start: {start}\nend: {ended}\nconfidence: {confidence}\n"
        f"outcome: {{date: {ended}, result: {result}, observed: o, learned: l}}\n",
    )


def person(cadence: str | None, extra: str = "", *, title: str) -> str:
    board = f"board: true\ncadence: {cadence}\n" if cadence else ""
    return front_matter(f"type: person\ntitle: {title}\n{board}{extra}")


FILES = {
    "experiments/idea.md": experiment("idea", "stage: senior\nskills: [design]\n"),
    "experiments/late.md": experiment(
        "planned", "start: 2026-06-01\nstage: associate\nskills: [design, technical]\n"
    ),
    "experiments/future.md": experiment("planned", "start: 2026-07-01\n"),
    "experiments/overrun.md": experiment(
        "running", "start: 2026-03-01\nend: 2026-05-31\nstage: leader\nskills: [management]\n"
    ),
    "experiments/on-track.md": experiment(
        "running",
        "start: 2026-05-01\nend: 2026-08-31\nstage: leader\nskills: [management, communication]\n"
        "follows: [talk]\n",
    ),
    "experiments/talk.md": concluded("validated", "2026-01-05", "2026-04-02", 4).replace(
        "confidence: 4", "confidence: 4\nstage: senior\nskills: [communication]\ngoals: [lead]"
    ),
    "experiments/newsletter.md": concluded("invalidated", "2025-10-01", "2025-12-15", 4),
    "experiments/course.md": concluded("inconclusive", "2026-01-10", "2026-02-20", 2),
    "experiments/dropped.md": experiment(
        "abandoned",
        "start: 2026-02-01\nend: 2026-04-01\noutcome: {date: 2026-03-01, learned: l}\n",
    ),
    # invalid: left out of every rollup, counted as needing a fix
    "experiments/broken.md": experiment(
        "running", "start: 2026-01-01\nend: 2026-02-01\nrisk: hihg\n"
    ),
    # private: in the journal (as `mkdocs serve` sees it), not in the published one
    "experiments/secret.md": experiment(
        "running", "visibility: private\nstart: 2026-01-01\nend: 2026-02-01\n"
    ),
    "goals/lead.md": front_matter(
        "type: goal\ntitle: Lead\nspecific: s\nmeasurable: m\ndue: 2026-12-31\n"
        "kpis:\n"
        "  - {name: up, baseline: 0, target: 5, readings: "
        "[{date: 2026-01-01, value: 1}, {date: 2026-03-01, value: 2}]}\n"
        "  - {name: no-baseline, target: 30, readings: "
        "[{date: 2026-01-01, value: 10}, {date: 2026-04-01, value: 20}]}\n"
        "  - {name: unread, target: 3}\n"
        "  - {name: down, baseline: 100, target: 50, readings: [{date: 2026-02-01, value: 80}]}\n"
        "  - {name: beyond, baseline: 0, target: 5, readings: [{date: 2026-02-01, value: 7}]}\n"
    ),
    "people/grace.md": person("quarterly", "since: 2025-03-15\n", title="Grace"),
    "people/daniel.md": person("monthly", title="Daniel"),
    "people/ines.md": person("yearly", title="Ines"),
    "people/jonas.md": person("half-yearly", "since: 2026-01-01\n", title="Jonas"),
    "people/priya.md": person(None, title="Priya"),
    "conversations/grace-1.md": front_matter(
        "type: conversation\ntitle: C\ndate: 2026-02-10\npeople: [grace]\n"
    ),
    "conversations/grace-2.md": front_matter(
        "type: conversation\ntitle: C\ndate: 2026-05-01\npeople: [grace, priya]\n"
    ),
    "conversations/daniel-1.md": front_matter(
        "type: conversation\ntitle: C\ndate: 2026-04-01\npeople: [daniel]\nactions:\n"
        "  - {do: Send the pitch, due: 2026-05-01}\n"
        "  - {do: Done already, due: 2026-05-01, done: true}\n"
        "  - {do: Later, due: 2026-07-01}\n"
        "  - {do: Whenever}\n"
    ),
    # planned in the future: not a touch-base yet
    "conversations/daniel-2.md": front_matter(
        "type: conversation\ntitle: C\ndate: 2026-07-01\npeople: [daniel]\n"
    ),
    "reflections/win.md": front_matter(
        "type: reflection\ntitle: R\ndate: 2026-04-03\nkind: win\nfollows: [talk]\n"
    ),
}


@pytest.fixture(scope="module")
def full() -> Journal:
    return journal_of(FILES)


@pytest.fixture(scope="module")
def published(full: Journal) -> Journal:
    return full.published()


def ids(rows: list[tuple[object, object]]) -> list[str]:
    return [entry.id for entry, _ in rows]  # type: ignore[attr-defined]


def test_only_the_invalid_entry_has_problems(full: Journal) -> None:
    assert [(p.file, p.field) for p in full.problems] == [("experiments/broken.md", "risk")]
    assert [e.id for e in full.needs_fixing] == ["broken"]
    assert "broken" not in [e.id for e in full.valid()]


def test_status_counts(full: Journal, published: Journal) -> None:
    assert published.status_counts() == {
        "idea": 1,
        "planned": 2,
        "running": 2,
        "concluded": 3,
        "abandoned": 1,
    }
    assert full.status_counts()["running"] == 3  # the private one, under `mkdocs serve`


def test_outcomes_and_hit_rate(published: Journal) -> None:
    assert published.outcome_counts() == {"validated": 1, "invalidated": 1, "inconclusive": 1}
    assert published.hit_rate() == pytest.approx(1 / 3)


def test_hit_rate_without_concluded_experiments_is_unknown() -> None:
    journal = journal_of({"experiments/a.md": experiment("idea")})
    assert journal.hit_rate() is None
    assert journal.outcome_counts() == {"validated": 0, "invalidated": 0, "inconclusive": 0}


def test_groups_by_status_are_ordered_by_start(published: Journal) -> None:
    groups = published.by_status()
    assert list(groups) == ["idea", "planned", "running", "concluded", "abandoned"]
    assert ids(groups["planned"]) == ["late", "future"]
    assert ids(groups["running"]) == ["overrun", "on-track"]
    assert ids(groups["concluded"]) == ["newsletter", "talk", "course"]
    assert ids(published.running()) == ["overrun", "on-track"]


def test_learnings_newest_first(published: Journal) -> None:
    rows = published.learnings()
    assert ids(rows) == ["talk", "dropped", "course", "newsletter"]
    assert [m.outcome.date.isoformat() for _, m in rows if m.outcome and m.outcome.date] == [
        "2026-04-02",
        "2026-03-01",
        "2026-02-20",
        "2025-12-15",
    ]


def test_skill_by_stage_coverage(published: Journal) -> None:
    coverage = published.coverage()
    assert list(coverage) == list(PUBLIC.skills)
    nonzero = {
        (skill, stage): n for skill, row in coverage.items() for stage, n in row.items() if n
    }
    assert nonzero == {
        ("design", "senior"): 1,
        ("design", "associate"): 1,
        ("technical", "associate"): 1,
        ("management", "leader"): 2,
        ("communication", "leader"): 1,
        ("communication", "senior"): 1,
    }


def test_calibration(published: Journal) -> None:
    table = published.calibration()
    assert table[4] == {"validated": 1, "invalidated": 1, "inconclusive": 0}
    assert table[2] == {"validated": 0, "invalidated": 0, "inconclusive": 1}
    assert sum(sum(row.values()) for row in table.values()) == 3


@pytest.mark.parametrize(
    ("name", "latest", "latest_date", "baseline", "fraction"),
    [
        ("up", 2, "2026-03-01", 0, 0.4),
        ("no-baseline", 20, "2026-04-01", 10, 0.5),  # the first reading stands in
        ("unread", None, None, None, None),
        ("down", 80, "2026-02-01", 100, 0.4),  # a target below the baseline
        ("beyond", 7, "2026-02-01", 0, 1.0),  # capped at done
    ],
)
def test_kpi_progress(
    published: Journal,
    name: str,
    latest: float | None,
    latest_date: str | None,
    baseline: float | None,
    fraction: float | None,
) -> None:
    [(_, goal)] = published.goals()
    kpi = next(k for k in goal.kpis if k.name == name)
    progress = published.kpi_progress(kpi)
    assert progress.latest == latest
    assert progress.latest_date == (dt.date.fromisoformat(latest_date) if latest_date else None)
    assert progress.baseline == baseline
    assert progress.fraction == (pytest.approx(fraction) if fraction is not None else None)


def test_kpi_already_at_target() -> None:
    kpi = Kpi(name="k", baseline=5, target=5, readings=[])
    assert journal_of({}).kpi_progress(kpi).fraction is None
    kpi = Kpi.model_validate(
        {"name": "k", "baseline": 5, "target": 5, "readings": [{"date": "2026-01-01", "value": 5}]}
    )
    assert journal_of({}).kpi_progress(kpi).fraction == 1.0


def test_board(published: Journal) -> None:
    rows = [(r.person.id, r.cadence, r.last, r.next_due, r.overdue) for r in published.board()]
    d = dt.date.fromisoformat
    assert rows == [
        ("ines", "yearly", None, None, True),  # never met, no `since`: due now
        ("daniel", "monthly", d("2026-04-01"), d("2026-05-02"), True),  # 31 days after
        ("jonas", "half-yearly", None, d("2026-07-03"), False),  # 183 days after `since`
        ("grace", "quarterly", d("2026-05-01"), d("2026-08-01"), False),  # 92 days after
    ]


def test_attention_items(published: Journal) -> None:
    items = [(a.kind, a.entry_id, a.since.isoformat(), a.message) for a in published.attention()]
    assert items == [
        (
            "action",
            "daniel-1",
            "2026-05-01",
            "action “Send the pitch” was due on 1 May 2026, 45 days ago",
        ),
        (
            "touch-base",
            "daniel",
            "2026-05-02",
            "monthly touch-base is overdue (last touch-base 1 Apr 2026, due on 2 May 2026, "
            "44 days ago)",
        ),
        (
            "overdue-experiment",
            "overrun",
            "2026-05-31",
            "running past its planned end (on 31 May 2026, 15 days ago): conclude it, abandon it "
            "or move the end",
        ),
        (
            "late-start",
            "late",
            "2026-06-01",
            "planned to start on 1 Jun 2026, 14 days ago: start it or move the date",
        ),
        (
            "touch-base",
            "ines",
            "2026-06-15",
            "yearly touch-base is overdue (no conversation recorded yet)",
        ),
    ]


def test_attention_includes_private_entries_only_when_serving(
    full: Journal, published: Journal
) -> None:
    assert "secret" in {a.entry_id for a in full.attention()}
    assert "secret" not in {a.entry_id for a in published.attention()}
    assert "broken" not in {a.entry_id for a in full.attention()}  # invalid: not believed


@pytest.mark.parametrize(
    ("today", "kinds"),
    [
        ("2026-05-31", []),  # the last planned day is not overdue yet
        ("2026-06-01", ["overdue-experiment"]),
        ("2030-01-01", ["overdue-experiment", "late-start"]),
    ],
)
def test_attention_boundaries(today: str, kinds: list[str]) -> None:
    files = {
        "experiments/run.md": experiment("running", "start: 2026-03-01\nend: 2026-05-31\n"),
        "experiments/plan.md": experiment("planned", "start: 2026-07-01\n"),
    }
    journal = journal_of(files, today=dt.date.fromisoformat(today))
    assert [a.kind for a in journal.attention()] == kinds


def test_time_passing_never_makes_a_problem() -> None:
    far = journal_of(FILES, today=dt.date(2040, 1, 1))
    assert far.problems == journal_of(FILES).problems
    assert len(far.published().attention()) > len(journal_of(FILES).published().attention())


def test_relations(published: Journal) -> None:
    assert [e.id for e in published.followed_by("talk")] == ["on-track", "win"]
    assert ids(published.experiments_for_goal("lead")) == ["talk"]
    assert ids(published.experiments_for_skill("management")) == ["on-track", "overrun"]
    assert ids(published.conversations_with("grace")) == ["grace-1", "grace-2"]
    assert ids(published.conversations_with("priya")) == ["grace-2"]
    assert published.get("secret") is None
    assert published.resolve(["talk", "secret", "nope"]) == [published.get("talk"), None, None]


def test_months_with_activity_up_to_today(published: Journal) -> None:
    assert published.months() == [
        "2025-10",
        "2025-12",  # newsletter started, concluded
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
    ]
    assert "2026-07" not in published.months()  # the future start and conversation


def test_rollups_are_deterministic_whatever_the_file_order() -> None:
    shuffled = dict(reversed(list(FILES.items())))
    a, b = journal_of(FILES).published(), journal_of(shuffled).published()
    assert [e.path for e in a.entries] == [e.path for e in b.entries]
    assert a.attention() == b.attention()
    assert ids(a.learnings()) == ids(b.learnings())
    assert a.problems == b.problems


def test_today_is_the_journals_own() -> None:
    assert journal_of(FILES).today == TODAY


# --- the parse cache kept across `mkdocs serve` rebuilds ---------------------------------------


def _age(path: Path, seconds: int) -> int:
    """Set the file's modification time `seconds` in the past; returns it."""
    mtime = time.time_ns() - seconds * 1_000_000_000
    os.utime(path, ns=(mtime, mtime))
    return mtime


def test_the_cache_reuses_unchanged_files(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(experiment("idea"), encoding="utf-8")
    _age(path, 3600)
    cache = SourceCache()
    first = cache.read(path, "a.md")
    assert cache.read(path, "a.md") is first
    path.write_text(experiment("idea", title="Longer title"), encoding="utf-8")
    _age(path, 3600)
    changed = cache.read(path, "a.md")
    assert changed is not first
    assert changed.data is not None
    assert changed.data["title"] == "Longer title"


def test_the_cache_never_trusts_a_file_written_moments_ago(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(experiment("running"), encoding="utf-8")
    cache = SourceCache()
    stamp = path.stat().st_mtime_ns
    assert cache.read(path, "a.md").data["status"] == "running"  # type: ignore[index]
    # the same size, and a file system too coarse to tell the two writes apart
    path.write_text(experiment("planned"), encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))
    assert cache.read(path, "a.md").data["status"] == "planned"  # type: ignore[index]


def test_kpi_readings_dated_after_today_do_not_count_yet() -> None:
    kpi = Kpi.model_validate(
        {
            "name": "k",
            "baseline": 0,
            "target": 10,
            "readings": [
                {"date": "2026-06-01", "value": 4},
                {"date": "2026-07-01", "value": 9},  # after today (2026-06-15)
            ],
        }
    )
    progress = journal_of({}).kpi_progress(kpi)
    assert progress.latest == 4
    assert progress.latest_date == dt.date(2026, 6, 1)
    assert progress.fraction == pytest.approx(0.4)


def test_prepare_works_out_every_index_and_changes_no_answer() -> None:
    fresh, prepared = journal_of(FILES).published(), journal_of(FILES).published()
    prepared.prepare()
    made = {
        name
        for name, value in vars(Journal).items()
        if isinstance(value, functools.cached_property)
    }
    assert len(made) >= 5
    assert made <= prepared.__dict__.keys()
    assert not made & fresh.__dict__.keys()
    assert prepared.board() == fresh.board()
    assert ids(prepared.conversations_with("grace")) == ids(fresh.conversations_with("grace"))
    assert len(prepared.conversations_with("grace")) == 2
    assert [e.id for e in prepared.followed_by("talk")] == [e.id for e in fresh.followed_by("talk")]
