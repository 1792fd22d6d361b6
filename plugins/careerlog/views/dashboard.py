"""`dashboard/`: the two-minute read for a mentor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from careerlog.journal import Journal
from careerlog.render import Renderer, Site


def context(journal: Journal) -> dict[str, Any]:
    today = journal.today
    running = []
    for entry, model in journal.running():
        elapsed = (today - model.start).days if model.start else None
        planned = (model.end - model.start).days if model.start and model.end else None
        fraction = None
        if elapsed is not None and planned:
            fraction = max(0.0, min(1.0, elapsed / planned))
        running.append(
            {
                "entry": entry,
                "model": model,
                "elapsed": elapsed,
                "planned": planned,
                "fraction": fraction,
                "overdue": bool(model.end and model.end < today),
                "left": (model.end - today).days if model.end else None,
            }
        )
    goals = [
        {
            "entry": entry,
            "model": goal,
            "progress": [journal.kpi_progress(k) for k in goal.kpis],
            "due_in": (goal.due - today).days,
        }
        for entry, goal in sorted(
            journal.goals(),
            key=lambda g: (("active", "achieved", "dropped").index(g[1].status), g[1].due),
        )
    ]
    return {
        "attention": journal.attention(),
        "counts": journal.status_counts(),
        "outcomes": journal.outcome_counts(),
        "hit_rate": journal.hit_rate(),
        "running": running,
        "goals": goals,
        "learnings": journal.learnings()[:5],
        "coverage": journal.coverage(),
        "calibration": journal.calibration(),
        "calibrated": calibration_bands(journal.calibration()),
        "skill_names": {s.id: s.name for s in journal.options.skills.values()},
        "needs_fixing": journal.needs_fixing,
        "total": sum(journal.status_counts().values()),
        "upcoming": [
            (e, m)
            for e, m in journal.by_status()["planned"]
            if m.start and m.start >= today and m.start - today <= dt.timedelta(days=60)
        ],
    }


BANDS = (("unsure", "1–2/5", (1, 2)), ("in two minds", "3/5", (3,)), ("sure", "4–5/5", (4, 5)))


def calibration_bands(table: dict[int, dict[str, int]]) -> list[dict[str, Any]]:
    """How often hypotheses held, by how sure I was before testing them (bands with data only)."""
    out = []
    for label, span, levels in BANDS:
        total = sum(sum(table[c].values()) for c in levels)
        if total:
            validated = sum(table[c]["validated"] for c in levels)
            out.append({"label": label, "range": span, "total": total, "validated": validated})
    return out


def render(renderer: Renderer, site: Site, page_url: str) -> str:
    return renderer.render("dashboard.html", site, page_url, **context(site.journal))
