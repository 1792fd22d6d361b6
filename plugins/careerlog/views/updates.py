"""`updates/` and `updates/<YYYY-MM>/`: a digest per month, the habit of a monthly update.

A month's digest lists what happened in it up to "today": experiments that
started (running, concluded or abandoned ones: a planned experiment whose date
has passed has not started), experiments that concluded or were abandoned, KPI
readings and conversations.  Anything dated after today is not counted yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from careerlog.journal import Journal
from careerlog.model import Conversation, Experiment, Kpi, Reading
from careerlog.render import Renderer, Site
from careerlog.validate import Entry


@dataclass
class Digest:
    month: str  # YYYY-MM
    started: list[tuple[Entry, Experiment]] = field(default_factory=list)
    ended: list[tuple[Entry, Experiment]] = field(default_factory=list)
    readings: list[tuple[Entry, Kpi, Reading]] = field(default_factory=list)
    conversations: list[tuple[Entry, Conversation]] = field(default_factory=list)

    def dates(self) -> list[dt.date]:
        out = [m.start for _, m in self.started if m.start]
        out += [m.outcome.date for _, m in self.ended if m.outcome and m.outcome.date]
        out += [r.date for _, _, r in self.readings]
        out += [c.date for _, c in self.conversations]
        return out

    @property
    def last_date(self) -> dt.date:
        """The latest date in the digest: when it last changed (the feed's `updated`)."""
        return max(self.dates())

    @property
    def empty(self) -> bool:
        return not (self.started or self.ended or self.readings or self.conversations)


STARTED = ("running", "concluded", "abandoned")
ENDED = ("concluded", "abandoned")


def digests(journal: Journal) -> list[Digest]:
    """Every month with something in it, oldest first."""
    today = journal.today
    months: dict[str, Digest] = {}

    def digest(day: dt.date) -> Digest:
        key = f"{day.year:04d}-{day.month:02d}"
        found = months.get(key)
        if found is None:
            found = months[key] = Digest(key)
        return found

    for entry, m in journal.experiments():
        if m.status in STARTED and m.start and m.start <= today:
            digest(m.start).started.append((entry, m))
        if m.status in ENDED and m.outcome and m.outcome.date and m.outcome.date <= today:
            digest(m.outcome.date).ended.append((entry, m))
    for entry, goal in journal.goals():
        for kpi in goal.kpis:
            for reading in kpi.readings:
                if reading.date <= today:
                    digest(reading.date).readings.append((entry, kpi, reading))
    for entry, conversation in journal.conversations():
        if conversation.date <= today:
            digest(conversation.date).conversations.append((entry, conversation))

    for d in months.values():
        d.started.sort(key=lambda r: (r[1].start or today, r[0].title.lower(), r[0].id))
        d.ended.sort(
            key=lambda r: (
                r[1].outcome.date if r[1].outcome and r[1].outcome.date else today,
                r[0].title.lower(),
                r[0].id,
            )
        )
        d.readings.sort(key=lambda r: (r[2].date, r[0].title.lower(), r[0].id, r[1].name))
    return [months[k] for k in sorted(months)]


def render_index(renderer: Renderer, site: Site, page_url: str) -> str:
    return renderer.render("updates.html", site, page_url, digests=digests(site.journal)[::-1])


def render_month(
    digest: Digest,
    previous: str | None,
    following: str | None,
    renderer: Renderer,
    site: Site,
    page_url: str,
) -> str:
    """One month's page; `pages()` computes the digests once and binds each month's here."""
    return renderer.render(
        "update_month.html",
        site,
        page_url,
        digest=digest,
        previous=previous,
        next=following,
    )
