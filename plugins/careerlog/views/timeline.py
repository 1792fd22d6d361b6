"""`timeline/`: experiments on a time axis, one labelled bar each, with a table alongside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from careerlog import charts
from careerlog.journal import Journal
from careerlog.model import Experiment
from careerlog.render import Kept, Linker, Renderer, Site
from careerlog.validate import Entry


@dataclass(frozen=True)
class Row:
    entry: Entry
    model: Experiment
    start: dt.date
    end: dt.date  # where the bar stops: the outcome date, the planned end, or today
    open_ended: bool  # no end date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def rows(journal: Journal) -> list[Row]:
    """Scheduled experiments, by start date: where each bar starts and stops."""
    today = journal.today
    out = []
    for entry, m in journal.experiments():
        if m.start is None:
            continue
        outcome_date = m.outcome.date if m.outcome else None
        if m.status in ("concluded", "abandoned") and outcome_date:
            end, open_ended = outcome_date, False
        elif m.end:
            end, open_ended = m.end, False
        elif m.status == "running":
            end, open_ended = today, True
        else:
            end, open_ended = m.start, True
        out.append(Row(entry, m, m.start, max(end, m.start), open_ended))
    out.sort(key=lambda r: (r.start, r.entry.title.lower(), r.entry.id))
    return out


def context(journal: Journal, links: Linker) -> dict[str, Any]:
    scheduled = rows(journal)
    bars = [
        charts.Bar(
            label=r.entry.title,
            status=r.model.status,
            start=r.start,
            end=r.end,
            open_ended=r.open_ended,
            href=links.entry(r.entry.id),
        )
        for r in scheduled
    ]
    unscheduled = [e for e, m in journal.experiments() if m.start is None]
    kept = links.site.kept
    keep = None if kept is None else partial(_kept_bar, kept, links.page_url, scheduled)
    chart = charts.timeline_chart(bars, today=journal.today, chart_id="cl-timeline", keep=keep)
    return {
        "rows": scheduled,
        "chart": chart,
        "unscheduled": sorted(unscheduled, key=lambda e: (e.title.lower(), e.id)),
    }


def _kept_bar(
    kept: Kept,
    page_url: str,
    scheduled: list[Row],
    index: int,
    bar: charts.Bar,
    axes: tuple[object, ...],
    draw: Callable[[], str],
) -> str:
    """Under `mkdocs serve`: a bar kept while its entry, its place and the axes stay."""
    entry = scheduled[index].entry
    key = ("timeline-bar", page_url, entry.path)
    return kept.get(key, (entry.source, entry.model), (index, bar, axes), draw)


def render(renderer: Renderer, site: Site, page_url: str) -> str:
    ctx = context(site.journal, Linker(site, page_url))
    return renderer.render("timeline.html", site, page_url, **ctx)
