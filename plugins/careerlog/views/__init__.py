"""Generated views: one module per view, each turning the journal into a page.

`pages(journal)` lists every page careerlog adds to the site (URL, title and
the function that renders it); the plugin adds them as virtual files and the
CLI or tests can render them without MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from careerlog.journal import Journal
from careerlog.render import Renderer, Site
from careerlog.views import dashboard, experiments

RenderFn = Callable[[Renderer, Site, str], str]


@dataclass(frozen=True)
class ViewPage:
    key: str  # "dashboard", "skills/technical", ...
    src_uri: str  # where the virtual Markdown file sits: "dashboard/index.md"
    title: str
    render: RenderFn  # (renderer, site, page_url) -> HTML
    in_nav: bool = True


def pages(journal: Journal) -> list[ViewPage]:
    """Every view page for this journal, in navigation order."""
    out = [
        ViewPage("dashboard", "dashboard/index.md", "Dashboard", dashboard.render),
        ViewPage("experiments", "experiments/index.md", "Experiments", experiments.render),
    ]
    return out


# Files that are not pages: (key, path in the site, content builder).
DataFn = Callable[[Site], str]


@dataclass(frozen=True)
class DataFile:
    key: str
    path: str
    build: DataFn


def data_files() -> list[DataFile]:
    from careerlog.views import export

    return [DataFile("export", "careerlog.json", export.build)]
