"""Embedded listings: a ```careerlog fenced block in any page.

The block's body is YAML, validated like front matter:

    ```careerlog
    view: experiments      # experiments | goals | learnings | conversations | reflections | people
    status: running        # or a list; filters: status, skill, goal, stage, tag, method, result
    group: stage           # optional: status | stage | method | skill
    limit: 5               # optional
    ```

The block is swapped for a placeholder before Markdown runs and filled with
HTML once every entry is known.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from careerlog.load import Source, parse_yaml
from careerlog.problems import Problem
from careerlog.render import Renderer, Site
from careerlog.validate import Entry, suggest

_FENCE = re.compile(
    r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*careerlog[ \t]*\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)

VIEWS: dict[str, str] = {
    "experiments": "experiment",
    "goals": "goal",
    "learnings": "experiment",
    "conversations": "conversation",
    "reflections": "reflection",
    "people": "person",
}
FILTERS = ("status", "skill", "goal", "stage", "tag", "method", "result", "kind")
GROUPS = ("status", "stage", "method", "skill", "kind")
KEYS = ("view", *FILTERS, "group", "limit")


@dataclass
class Listing:
    token: str
    view: str = "experiments"
    filters: dict[str, list[str]] = field(default_factory=dict)
    group: str | None = None
    limit: int | None = None
    broken: bool = False


def has_listing(markdown: str) -> bool:
    """Whether a page embeds a careerlog listing (it then shows any entry)."""
    return "careerlog" in markdown and _FENCE.search(markdown) is not None


def extract(markdown: str, source: Source) -> tuple[str, list[Listing], list[Problem]]:
    """Replace every careerlog fence with a placeholder paragraph; validate its body."""
    listings: list[Listing] = []
    problems: list[Problem] = []
    if "careerlog" not in markdown:
        return markdown, listings, problems

    def replace(match: re.Match[str]) -> str:
        line = source.body_line + markdown.count("\n", 0, match.start())
        listing = _parse(match.group("body"), line, source.path, problems)
        listings.append(listing)
        return f"\n{listing.token}\n"

    return _FENCE.sub(replace, markdown), listings, problems


def _parse(body: str, fence_line: int, path: str, problems: list[Problem]) -> Listing:
    listing = Listing(token=f"CAREERLOG-LISTING-{secrets.token_hex(8)}")
    before = len(problems)

    def problem(key: str, line: int, message: str) -> None:
        problems.append(Problem(path, line, f"careerlog.{key}" if key else "careerlog", message))

    result = parse_yaml(body, first_line=fence_line + 1)
    if result.error is not None:
        problem("", result.error[0], result.error[1].replace("front matter", "listing"))
        listing.broken = True
        return listing
    for p_path, line, message in result.problems:
        problem(".".join(str(p) for p in p_path), line, message)
    data: Any = result.data if result.data is not None else {}
    if not isinstance(data, dict):
        problem("", fence_line, "expected keys such as view: experiments and status: running")
        listing.broken = True
        return listing
    for key, value in data.items():
        line = result.marks.line((key,))
        if key not in KEYS:
            problem(
                key, line, f"unknown key {key!r} (known: {', '.join(KEYS)})" + suggest(key, KEYS)
            )
        elif key == "view":
            if value not in VIEWS:
                problem(
                    key, line, f"{value!r} is not one of {', '.join(VIEWS)}" + suggest(value, VIEWS)
                )
            else:
                listing.view = value
        elif key == "group":
            if value not in GROUPS:
                problem(
                    key,
                    line,
                    f"{value!r} is not one of {', '.join(GROUPS)}" + suggest(value, GROUPS),
                )
            else:
                listing.group = value
        elif key == "limit":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problem(key, line, "expected a whole number of at least 1")
            else:
                listing.limit = value
        else:
            values = value if isinstance(value, list) else [value]
            if not values or not all(isinstance(v, str) and v for v in values):
                problem(key, line, "expected text or a list of text")
            else:
                listing.filters[key] = values
    listing.broken = len(problems) > before
    return listing


def _matches(entry: Entry, filters: dict[str, list[str]]) -> bool:
    model = entry.model
    for key, wanted in filters.items():
        if key == "skill":
            have = set(getattr(model, "skills", []))
        elif key == "goal":
            have = set(getattr(model, "goals", []))
        elif key == "tag":
            have = set(getattr(model, "tags", []))
        elif key == "result":
            outcome = getattr(model, "outcome", None)
            have = {outcome.result} if outcome and outcome.result else set()
        else:
            have = {getattr(model, key, None)}
        if not have & set(wanted):
            return False
    return True


def rows(listing: Listing, site: Site) -> list[tuple[str, list[tuple[Entry, Any]]]]:
    """(group label, [(entry, model)]) for one listing, in a stable order."""
    journal = site.journal
    entry_type = VIEWS[listing.view]
    if listing.view == "learnings":
        items: Sequence[tuple[Entry, Any]] = journal.learnings()
    else:
        items = sorted(
            ((e, e.model) for e in journal.valid(entry_type)),
            key=lambda r: (_sort_date(r[1]), r[0].title.lower(), r[0].id),
        )
    selected = [(e, m) for e, m in items if _matches(e, listing.filters)]
    if listing.limit:
        selected = selected[: listing.limit]
    if not listing.group:
        return [("", selected)]
    groups: dict[str, list[tuple[Entry, Any]]] = {}
    for e, m in selected:
        keys = (
            getattr(m, "skills", [])
            if listing.group == "skill"
            else [getattr(m, listing.group, None)]
        )
        for key in keys or [None]:
            groups.setdefault(key or "—", []).append((e, m))
    return sorted(groups.items(), key=lambda kv: (kv[0] == "—", kv[0]))


def _sort_date(model: Any) -> str:
    for name in ("start", "due", "date", "since"):
        value = getattr(model, name, None)
        if value is not None:
            return str(value.isoformat())
    return "9999"


def fill(html: str, listings: list[Listing], renderer: Renderer, site: Site, page_url: str) -> str:
    for listing in listings:
        if listing.broken:
            rendered = renderer.render("listing_error.html", site, page_url)
        else:
            rendered = renderer.render(
                "listing.html", site, page_url, listing=listing, groups=rows(listing, site)
            )
        html = html.replace(f"<p>{listing.token}</p>", rendered).replace(listing.token, rendered)
    return html
