"""`skills/` and `skills/<skill>/`: coverage per skill; one skill's experiments and learnings."""

from __future__ import annotations

from collections import Counter
from typing import Any

from careerlog.journal import Journal
from careerlog.model import EXPERIMENT_STATUSES
from careerlog.render import Renderer, Site


def index_context(journal: Journal) -> dict[str, Any]:
    rows = []
    for skill_id, skill in journal.options.skills.items():
        experiments = journal.experiments_for_skill(skill_id)
        counts: Counter[str] = Counter(m.status for _, m in experiments)
        rows.append(
            {
                "id": skill_id,
                "skill": skill,
                "total": len(experiments),
                "counts": {s: counts.get(s, 0) for s in EXPERIMENT_STATUSES},
            }
        )
    return {
        "rows": rows,
        "coverage": journal.coverage(),
        "names": {s.id: s.name for s in journal.options.skills.values()},
        "statuses": EXPERIMENT_STATUSES,
        "untested": [r["skill"] for r in rows if r["total"] == 0],
    }


def skill_context(journal: Journal, skill_id: str) -> dict[str, Any]:
    skill = journal.options.skills[skill_id]
    experiments = journal.experiments_for_skill(skill_id)
    by_status = journal.by_status()
    groups = {s: [r for r in by_status[s] if skill_id in r[1].skills] for s in EXPERIMENT_STATUSES}
    return {
        "skill": skill,
        "total": len(experiments),
        "groups": {s: rows for s, rows in groups.items() if rows},
        "learnings": [(e, m) for e, m in journal.learnings() if skill_id in m.skills],
        "people": sorted(
            ((e, p) for e, p in journal.people() if skill_id in p.expertise),
            key=lambda r: (not r[1].board, r[0].title.lower(), r[0].id),
        ),
        "goals": [(e, g) for e, g in journal.goals() if skill_id in g.skills],
    }


def render_index(renderer: Renderer, site: Site, page_url: str) -> str:
    return renderer.render("skills.html", site, page_url, **index_context(site.journal))


def render_skill(context: dict[str, Any], renderer: Renderer, site: Site, page_url: str) -> str:
    """One skill's page; `pages()` computes its context once (it also tells what it lists)."""
    return renderer.render("skill.html", site, page_url, **context)
