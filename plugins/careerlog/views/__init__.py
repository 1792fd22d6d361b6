"""Generated views: one module per view, each turning the journal into a page.

`pages(journal)` lists every page careerlog adds to the site (URL, title and
the function that renders it); the plugin adds them as virtual files and the
CLI or tests can render them without MkDocs.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from careerlog.journal import Journal
from careerlog.render import Renderer, Site, month_name
from careerlog.validate import Entry
from careerlog.views import (
    board,
    dashboard,
    experiments,
    goals,
    learnings,
    skills,
    timeline,
    updates,
)

RenderFn = Callable[[Renderer, Site, str], str]


@dataclass(frozen=True)
class ViewPage:
    key: str  # "dashboard", "skills/technical", ...
    src_uri: str  # where the virtual Markdown file sits: "dashboard/index.md"
    title: str  # HTML-safe: Material prints page titles unescaped
    render: RenderFn  # (renderer, site, page_url) -> HTML
    in_nav: bool = True
    # The ids of the entries the page shows, for a page that shows only those (and what
    # they name) besides its own inputs (a neighbouring month); None: it may show any.
    shows: frozenset[str] | None = None
    inputs: tuple[str | None, ...] = ()


def pages(journal: Journal) -> list[ViewPage]:
    """Every view page for this journal, in navigation order.

    Only the index pages are in the navigation: one page per skill and per
    month would make it long, and Material renders it on every page.
    """
    out = [
        ViewPage("dashboard", "dashboard/index.md", "Dashboard", dashboard.render),
        ViewPage("experiments", "experiments/index.md", "Experiments", experiments.render),
        ViewPage("goals", "goals/index.md", "Goals", goals.render),
        ViewPage("learnings", "learnings/index.md", "Learnings", learnings.render),
        ViewPage("timeline", "timeline/index.md", "Timeline", timeline.render),
        ViewPage("skills", "skills/index.md", "Skills", skills.render_index),
        ViewPage(
            "board",
            "board/index.md",
            "Board",
            board.render,
            # people and conversations only (an experiment naming a person is not shown)
            shows=frozenset(e.id for e in journal.valid("person") + journal.valid("conversation")),
        ),
        ViewPage("updates", "updates/index.md", "Updates", updates.render_index),
    ]
    for skill_id, skill in journal.options.skills.items():
        context = skills.skill_context(journal, skill_id)
        out.append(
            ViewPage(
                f"skills/{skill_id}",
                f"skills/{skill_id}/index.md",
                html.escape(f"Skill: {skill.name}", quote=True),
                partial(skills.render_skill, context),
                in_nav=False,
                shows=_entry_ids(context),
            )
        )
    months = updates.digests(journal)
    for index, digest in enumerate(months):
        previous = months[index - 1].month if index > 0 else None
        following = months[index + 1].month if index + 1 < len(months) else None
        out.append(
            ViewPage(
                f"updates/{digest.month}",
                f"updates/{digest.month}/index.md",
                f"Update: {month_name(digest.month)}",
                partial(updates.render_month, digest, previous, following),
                in_nav=False,
                shows=_entry_ids(vars(digest)),
                inputs=(previous, following),
            )
        )
    return out


def _entry_ids(value: object) -> frozenset[str]:
    """The ids of every entry in a page's context (dicts, lists and tuples of them)."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Entry):
            found.add(item.id)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return frozenset(found)


# Files that are not pages: (key, path in the site, content builder).
DataFn = Callable[[Site], str]


@dataclass(frozen=True)
class DataFile:
    key: str
    path: str
    build: DataFn


def data_files() -> list[DataFile]:
    from careerlog.views import export, feed

    return [
        DataFile("export", "careerlog.json", export.build),
        DataFile("feed", "feed.xml", feed.build),
    ]
