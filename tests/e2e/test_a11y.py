"""Accessibility of careerlog's pages in a real browser: axe-core plus careerlog's own rules.

- axe-core finds no serious or critical violation on the dashboard, a view
  with charts and entry pages;
- every SVG careerlog draws is an image with a name (role="img" and a
  <title> or an aria-label);
- a status is never told by colour alone: every coloured status marker
  carries the status in words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from careerlog.validate import Entry

from .conftest import SampleSite, Tab, need_module, new_context, open_tab

need_module("playwright")
need_module("axe_playwright_python")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402 - after the check above
from playwright.sync_api import Browser, Page  # noqa: E402 - after the check above

pytestmark = pytest.mark.browser

SEVERE = ("serious", "critical")

AXE_OPTIONS: dict[str, Any] = {"resultTypes": ["violations"]}

# Findings in Material's own chrome, not careerlog's markup: each is ignored for
# that rule on that element only, so the same rule still applies everywhere else.
MATERIAL_OWN = {
    # Material's search overlay is role="dialog" without an accessible name
    ("aria-dialog-name", ".md-search"),
    # "Made with Material for MkDocs": Material's footer colours (white at 45 % on black)
    ("color-contrast", ".md-copyright"),
}

CHART_VIEWS = ("timeline/", "goals/")  # views that draw SVG charts, in order of preference


def axe_violations(page: Page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in SEVERE:
            continue
        nodes = [
            node
            for node in violation["nodes"]
            if (violation["id"], ", ".join(node["target"])) not in MATERIAL_OWN
        ]
        if not nodes:
            continue
        targets = [", ".join(node["target"]) for node in nodes[:5]]
        found.append(
            f"{violation['impact']} {violation['id']}: {violation['help']} "
            f"({len(nodes)} nodes: {'; '.join(targets)})"
        )
    return found


UNNAMED_SVGS = """() => {
  const mine = el => [...el.classList].some(c => c.startsWith("cl-"));
  const ours = svg => {
    for (let el = svg; el && el.tagName !== "ARTICLE"; el = el.parentElement) {
      if (mine(el)) return true;
    }
    return false;
  };
  const bad = [];
  for (const svg of document.querySelectorAll("article svg")) {
    if (!ours(svg)) continue;
    const title = svg.querySelector(":scope > title");
    const titled = title && title.textContent.trim();
    const labelled = svg.getAttribute("aria-label") || svg.getAttribute("aria-labelledby");
    if (svg.getAttribute("role") !== "img" || !(titled || labelled)) {
      bad.push(svg.outerHTML.slice(0, 160));
    }
  }
  return bad;
}"""

COLOURED = re.compile(r"^cl-(?:status|result|tile|svg-status)--([a-z][a-z-]*)$")


def colour_only_markers(page: Page) -> list[str]:
    """Elements coloured by a status whose text does not say that status."""
    markers: list[dict[str, str]] = page.eval_on_selector_all(
        "article [class*='cl-']",
        "els => els.map(e => ({cls: e.getAttribute('class') || '', text: e.textContent || ''}))",
    )
    bad = []
    for marker in markers:
        for cls in marker["cls"].split():
            match = COLOURED.match(cls)
            if match:
                word = match.group(1)
                text = marker["text"].lower()
                if word not in text and word.replace("-", " ") not in text:
                    bad.append(f"{cls}: {marker['text'].strip()[:60]!r}")
    return bad


def check_page(tab: Tab, url: str) -> None:
    tab.goto(url)
    problems = axe_violations(tab.page)
    assert problems == [], f"{url}:\n" + "\n".join(problems)
    unnamed = tab.page.evaluate(UNNAMED_SVGS)
    assert unnamed == [], f"{url}: SVG without role=img and a name:\n" + "\n".join(unnamed)
    colour_only = colour_only_markers(tab.page)
    assert colour_only == [], f"{url}: status shown by colour only:\n" + "\n".join(colour_only)
    assert tab.errors == [], "\n".join(tab.errors)


@pytest.fixture(params=["light", "dark"])
def tab(request: pytest.FixtureRequest, browser: Browser, sample_site: SampleSite) -> Iterator[Tab]:
    """A desktop page, in the light and in the dark colour scheme (contrast differs)."""
    context = new_context(browser, color_scheme=request.param)
    try:
        yield open_tab(context, sample_site.base)
    finally:
        context.close()


def url_of(entry: Entry) -> str:
    return entry.path.removesuffix(".md") + "/"


def test_dashboard(tab: Tab) -> None:
    check_page(tab, "dashboard/")
    # the dashboard has status markers at all, or the colour check proved nothing
    assert tab.page.locator("article .cl-tile").count() > 0


def test_a_view_with_charts(tab: Tab, sample_site: SampleSite) -> None:
    view = next(
        (v for v in CHART_VIEWS if (sample_site.site_dir / v / "index.html").exists()), None
    )
    if view is None:
        pytest.skip(f"no chart view built yet (looked for {', '.join(CHART_VIEWS)})")
    check_page(tab, view)
    assert tab.page.locator("article svg.cl-svg, article .cl-chart svg").count() > 0, (
        f"{view} draws no chart"
    )


def test_entry_pages(tab: Tab, sample_site: SampleSite) -> None:
    journal = sample_site.journal
    concluded = next(e for e, m in journal.experiments() if m.status == "concluded")
    goal = next(e for e, m in journal.goals() if m.kpis)
    for entry in (concluded, goal):
        check_page(tab, url_of(entry))
        assert tab.page.locator("article .cl-status").count() > 0
