"""`goals/`: every goal with its KPI progress (each goal's own page has its chart)."""

from __future__ import annotations

from typing import Any

from careerlog.journal import Journal
from careerlog.model import GOAL_STATUSES
from careerlog.render import Renderer, Site


def context(journal: Journal) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = {s: [] for s in GOAL_STATUSES}
    ordered = sorted(journal.goals(), key=lambda g: (g[1].due, g[0].title.lower(), g[0].id))
    for entry, goal in ordered:
        groups[goal.status].append(
            {
                "entry": entry,
                "model": goal,
                "progress": [journal.kpi_progress(k) for k in goal.kpis],
                "due_in": (goal.due - journal.today).days,
                "experiments": journal.experiments_for_goal(entry.id),
            }
        )
    return {"groups": groups, "total": sum(len(g) for g in groups.values())}


def render(renderer: Renderer, site: Site, page_url: str) -> str:
    return renderer.render("goals.html", site, page_url, **context(site.journal))
