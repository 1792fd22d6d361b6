"""`experiments/`: every experiment grouped by status."""

from __future__ import annotations

from careerlog.render import Renderer, Site


def render(renderer: Renderer, site: Site, page_url: str) -> str:
    groups = site.journal.by_status()
    return renderer.render(
        "experiments.html",
        site,
        page_url,
        groups=groups,
        needs_fixing=[e for e in site.journal.needs_fixing if e.type == "experiment"],
    )
