"""The published sample journal in a real browser: what a mentor opening the site sees.

The sample journal (mkdocs.yml at the repository root) is built once per
session, served on 127.0.0.1 and driven with Chromium. Numbers are compared
with what careerlog's own Journal computes for the same files, never with
constants, so the tests follow the sample journal as it grows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from careerlog.validate import Entry

from .conftest import PHONE, SCREENSHOTS, SampleSite, Tab, need_module, new_context, open_tab

need_module("playwright")

from playwright.sync_api import Browser, Page, expect  # noqa: E402 - after the check above

pytestmark = pytest.mark.browser

PRIVATE_ID = "quiet-interview-loop"  # the sample journal's private experiment


def url_of(entry: Entry) -> str:
    """The site URL of an entry page (directory URLs, as MkDocs builds them)."""
    return entry.path.removesuffix(".md") + "/"


def heading(page: Page) -> str:
    return page.locator("article h1").first.inner_text().strip()


def assert_clean(tab: Tab) -> None:
    """No console error and no request to any host but 127.0.0.1."""
    assert tab.errors == [], "\n".join(tab.errors)
    assert tab.foreign_requests() == [], "requests left 127.0.0.1:\n" + "\n".join(
        tab.foreign_requests()
    )


def nav_urls(tab: Tab) -> list[str]:
    """Every page the site's navigation links to (opens the home page first)."""
    tab.goto("")
    hrefs = tab.page.eval_on_selector_all(
        ".md-nav--primary a.md-nav__link[href]", "els => els.map(a => a.href)"
    )
    return sorted({href.split("#")[0] for href in hrefs})


def sideways(page: Page) -> int:
    """How far the page scrolls sideways, in CSS pixels (0: it does not)."""
    width: int = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return width


def private_front_matter(site: SampleSite) -> tuple[Path, dict[str, object], str]:
    path = site.docs_dir / "experiments" / f"{PRIVATE_ID}.md"
    text = path.read_text("utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta["visibility"] == "private", "the sample's private experiment is no longer private"
    return path, meta, body


# ---------------------------------------------------------------- dashboard


def test_dashboard_shows_the_journals_numbers(tab: Tab, sample_site: SampleSite) -> None:
    journal = sample_site.journal
    tab.goto("dashboard/")
    page = tab.page
    expect(page).to_have_title(re.compile(r"^Dashboard"))
    assert heading(page) == "Dashboard"

    counts = journal.status_counts()
    shown = {
        status: page.locator(f".cl-tile--{status} .cl-tile__n").inner_text().strip()
        for status in counts
    }
    assert shown == {status: str(n) for status, n in counts.items()}

    lede = page.locator(".cl-lede").inner_text()
    total = sum(counts.values())
    assert f"{total} experiments" in lede
    assert f"{counts['running']} running" in lede
    assert f"{counts['concluded']} concluded" in lede
    hit_rate = journal.hit_rate()
    if hit_rate is not None:
        assert f"{round(hit_rate * 100)} %" in lede

    outcomes = page.locator(".cl-outcomes").inner_text()
    for result, n in journal.outcome_counts().items():
        assert re.search(rf"\b{result} {n}\b", outcomes), (result, n, outcomes)

    # every goal, and every running experiment, is on the dashboard as a link to its page
    for entry, _ in journal.goals():
        expect(page.get_by_role("link", name=entry.title, exact=True).first).to_be_visible()
    running = journal.running()
    assert running, "the sample journal should have running experiments"
    for entry, _ in running:
        link = page.get_by_role("link", name=entry.title, exact=True).first
        expect(link).to_be_visible()
        assert link.get_attribute("href", timeout=1000), entry.id

    # and the private experiment is nowhere
    _, meta, _ = private_front_matter(sample_site)
    assert str(meta["title"]) not in page.content()
    assert_clean(tab)


def test_dashboard_to_experiment_to_goal_and_back(tab: Tab, sample_site: SampleSite) -> None:
    journal = sample_site.journal
    # a running experiment (so it is listed on the dashboard) that serves a published goal
    pick = next(
        (
            (entry, journal.get(model.goals[0]))
            for entry, model in journal.running()
            if model.goals and journal.get(model.goals[0]) is not None
        ),
        None,
    )
    assert pick is not None, "the sample journal needs a running experiment with a goal"
    experiment, goal = pick
    assert goal is not None
    base = tab.base
    page = tab.page

    tab.goto("dashboard/")
    page.get_by_role("link", name=experiment.title, exact=True).first.click()
    page.wait_for_url(base + url_of(experiment))
    assert heading(page) == experiment.title
    expect(page.locator(".cl-card--hypothesis")).to_be_visible()

    page.locator(".cl-relations").get_by_role("link", name=goal.title, exact=True).click()
    page.wait_for_url(base + url_of(goal))
    assert heading(page) == goal.title
    expect(page.locator(".cl-card--smart")).to_be_visible()

    page.go_back()
    page.wait_for_url(base + url_of(experiment))
    expect(page.locator("article h1").first).to_have_text(experiment.title)
    page.go_back()
    page.wait_for_url(base + "dashboard/")
    expect(page.locator("article h1").first).to_have_text("Dashboard")
    expect(page.locator(".cl-tile").first).to_be_visible()
    assert_clean(tab)


# ---------------------------------------------------------------- search


def search(page: Page, query: str) -> None:
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query)


def result_links(page: Page) -> list[str]:
    return [a.get_attribute("href") or "" for a in page.locator(".md-search-result__link").all()]


def test_search_finds_a_public_entry(tab: Tab, sample_site: SampleSite) -> None:
    entry = next(e for e, _ in sample_site.journal.experiments())
    tab.goto("dashboard/")
    search(tab.page, entry.title)
    meta = tab.page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(r"^\d+ matching documents?$"))
    expect(tab.page.locator(f'.md-search-result__link[href$="/{url_of(entry)}"]')).to_have_count(1)
    first = tab.page.locator(".md-search-result__item").first
    expect(first).to_contain_text(entry.title)
    assert_clean(tab)


def _private_only_word(site: SampleSite, body: str) -> str:
    """A word of the private entry that no other file of the journal contains (even as a prefix).

    Search stems and matches prefixes, so the word's first five letters must be
    absent from every other file, or a public page could match it legitimately.
    """
    others = " ".join(
        p.read_text("utf-8").lower() for p in site.docs_dir.rglob("*.md") if p.stem != PRIVATE_ID
    )
    words = sorted(set(re.findall(r"[A-Za-z]{7,}", body)))
    for word in words:
        if word[:5].lower() not in others:
            return word
    raise AssertionError("the private sample entry has no word of its own to search for")


def test_search_finds_nothing_of_the_private_entry(tab: Tab, sample_site: SampleSite) -> None:
    _, meta, body = private_front_matter(sample_site)
    title = str(meta["title"])
    page = tab.page
    tab.goto("dashboard/")

    # its title: other pages may match some of the words, but never the private entry
    search(page, title)
    expect(page.locator(".md-search-result__meta")).not_to_have_text("Type to start searching")
    page.wait_for_timeout(500)  # let the last keystroke's query settle
    assert not [href for href in result_links(page) if PRIVATE_ID in href]
    assert title not in page.locator(".md-search__output").inner_text()

    # a word only the private entry uses: no result at all
    word = _private_only_word(sample_site, body)
    search(page, word)
    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
    page.wait_for_timeout(500)
    expect(page.locator(".md-search-result__item")).to_have_count(0)
    assert_clean(tab)


# ---------------------------------------------------------------- every view, offline


def test_every_page_in_the_navigation_loads_offline_and_without_errors(
    tab: Tab, sample_site: SampleSite
) -> None:
    page = tab.page
    tab.goto("")
    urls = nav_urls(tab)
    assert tab.base + "dashboard/" in urls
    assert tab.base + "experiments/" in urls
    # one entry of each published type too
    seen_types: set[str] = set()
    for entry in sample_site.journal.entries:
        if entry.type not in seen_types:
            seen_types.add(entry.type)
            urls.append(tab.base + url_of(entry))
    for url in urls:
        response = page.goto(url, wait_until="load")
        assert response is not None
        assert response.status == 200, url
        assert page.locator("article h1").count() >= 1, f"{url} has no heading"
    page.wait_for_load_state("networkidle")
    assert_clean(tab)


# ---------------------------------------------------------------- a phone


def test_dashboard_is_usable_on_a_phone(browser: Browser, sample_site: SampleSite) -> None:
    context = new_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        tab = open_tab(context, sample_site.base)
        page = tab.page
        tab.goto("dashboard/")
        assert sideways(page) <= 0, f"the dashboard scrolls sideways by {sideways(page)}px"
        # the status tiles wrap to the phone's width instead of running off the side
        tiles = page.locator(".cl-tile").all()
        assert tiles
        for tile in tiles:
            box = tile.bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= PHONE["width"], tile.inner_text()

        # the navigation lives in a drawer behind the menu button
        experiments = page.locator(".md-nav--primary").get_by_role(
            "link", name="Experiments", exact=True
        )
        expect(experiments).not_to_be_in_viewport()
        page.locator('label.md-header__button[for="__drawer"]').click()
        expect(experiments).to_be_in_viewport()
        experiments.click()
        page.wait_for_url(sample_site.base + "experiments/")
        expect(page.locator("article h1").first).to_have_text("Experiments")

        # no other view makes a phone scroll sideways either (wide tables scroll in place)
        wide = {}
        for url in nav_urls(tab):
            page.goto(url, wait_until="load")
            if sideways(page) > 0:
                wide[url] = sideways(page)
        assert wide == {}, f"pages that scroll sideways on a phone (px): {wide}"
        assert_clean(tab)
    finally:
        context.close()


# ---------------------------------------------------------------- screenshots


def test_dashboard_screenshots(browser: Browser, sample_site: SampleSite) -> None:
    """Desktop, phone and dark-mode pictures of the dashboard, for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = [
        ("dashboard-desktop.png", {}, True),
        ("dashboard-phone.png", {"viewport": PHONE, "is_mobile": True, "has_touch": True}, False),
        ("dashboard-dark.png", {"color_scheme": "dark"}, True),
    ]
    for name, options, full_page in shots:
        context = new_context(browser, **options)
        try:
            tab = open_tab(context, sample_site.base)
            tab.goto("dashboard/")
            scheme = tab.page.evaluate("document.body.dataset.mdColorScheme")
            assert scheme == ("slate" if "color_scheme" in options else "default"), name
            path = SCREENSHOTS / name
            tab.page.screenshot(path=str(path), full_page=full_page)
            assert path.stat().st_size > 10_000, f"{name} looks empty"
            assert_clean(tab)
        finally:
            context.close()
