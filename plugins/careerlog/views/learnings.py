"""`learnings/`: every concluded or abandoned outcome, newest first: the career changelog."""

from __future__ import annotations

from typing import Any

from careerlog.journal import Journal
from careerlog.render import Renderer, Site


def context(journal: Journal) -> dict[str, Any]:
    months: dict[str, list[Any]] = {}
    rows = journal.learnings()
    for entry, model in rows:
        day = model.outcome.date if model.outcome else None  # learnings() keeps dated ones only
        months.setdefault(day.isoformat()[:7] if day else "", []).append((entry, model))
    return {"months": months, "total": len(rows)}


def render(renderer: Renderer, site: Site, page_url: str) -> str:
    return renderer.render("learnings.html", site, page_url, **context(site.journal))
