"""Real MkDocs builds of small journals: strict, non-strict, fail-closed, serve, rebuilds."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import EXPERIMENT, ROOT, BuildResult, JournalDir

OPTIONS = {"today": "2026-06-15", "visibility_defaults": {"experiment": "public", "goal": "public"}}

CONCLUDED = """\
---
type: experiment
title: Would a conference talk pay off?
status: concluded
hypothesis:
  belief: Speaking would bring me inbound offers.
  test: Give one talk.
  measure: Offers in the month after.
  success: At least one offer.
method: side-project
start: 2026-01-10
end: 2026-02-28
outcome:
  date: 2026-03-01
  result: validated
  observed: Two offers.
  learned: Talks work for me.
---
"""


@pytest.fixture
def site(journal: JournalDir) -> JournalDir:
    journal.options = dict(OPTIONS)
    journal.write("index.md", "# Home\n")
    return journal


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def text(html: str) -> str:
    return " ".join(soup(html).get_text(" ").split())


def page(site: JournalDir, url: str) -> str:
    """The HTML at a site URL of the last build of `site`."""
    return (site.site / url / "index.html").read_text("utf-8")


def article(site: JournalDir, url: str) -> Tag:
    """The page's article (its content) at a site URL of the last build of `site`."""
    found = soup(page(site, url)).select_one("article")
    assert found is not None
    return found


def careerlog_warnings(records: list[logging.LogRecord]) -> list[str]:
    """careerlog's warnings, without the "careerlog: " prefix of its logger."""
    return [
        r.getMessage().removeprefix("careerlog: ")
        for r in records
        if r.levelno == logging.WARNING and r.name.startswith("mkdocs.plugins.careerlog")
    ]


# --- strict and non-strict builds of invalid entries ----------------------------------------

MISTAKES = {
    "experiments/typo.md": EXPERIMENT.replace("status: running", "status: runing"),
    "experiments/many.md": EXPERIMENT.replace("method: interim-role", "method: interim role")
    .replace("end: 2026-05-31", "end: 2026-02-30")
    .replace("stage: leader", "stage: leader\nfollows: [nothing-here]"),
    "goals/g.md": "---\ntype: goal\ntitle: G\nspecific: s\ndue: 2026-12-31\ndue: 2027-01-01\n---\n",
}
EXPECTED = [
    "experiments/many.md:10: method: 'interim role' is not one of side-project,",
    "experiments/many.md:12: end: is not a real date (expected YYYY-MM-DD)",
    "experiments/many.md:14: follows[0]: no experiment has the id 'nothing-here'",
    "experiments/typo.md:4: status: 'runing' is not one of idea, planned, running, concluded, "
    "abandoned — did you mean 'running'?",
    "goals/g.md:2: measurable: is required",
    "goals/g.md:6: due: is given twice (also on line 5)",
]


def test_strict_build_fails_listing_every_problem_with_file_line_and_field(
    site: JournalDir,
) -> None:
    for path, content in MISTAKES.items():
        site.write(path, content)
    result = site.build(strict=True)
    assert not result.ok
    warnings = careerlog_warnings(result.records)
    assert len(warnings) == len(EXPECTED), "\n".join(warnings)
    for expected, warning in zip(EXPECTED, warnings, strict=True):
        assert warning.startswith(expected), warning
    assert "Traceback" not in result.log


def test_a_second_build_of_one_plugin_instance_names_the_same_lines(
    site: JournalDir, caplog: pytest.LogCaptureFixture
) -> None:
    # a build lets go of every value's line once its messages are made; a later build
    # of the same instance (a program driving MkDocs) must read the files anew
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    for path, content in MISTAKES.items():
        site.write(path, content)
    old = time.time() - 60
    for path in site.docs.rglob("*.md"):
        os.utime(path, (old, old))  # old enough to be kept between reads
    config = load_config(str(site.config_file()))
    config.plugins.on_startup(command="build", dirty=False)
    caplog.set_level(logging.INFO, logger="mkdocs")
    try:
        for _ in range(2):
            caplog.clear()
            build(config)
            warnings = careerlog_warnings(caplog.records)
            assert len(warnings) == len(EXPECTED), "\n".join(warnings)
            for expected, warning in zip(EXPECTED, warnings, strict=True):
                assert warning.startswith(expected), warning
    finally:
        config.plugins.on_shutdown()


@pytest.mark.parametrize(
    ("path", "content", "expected"),
    [
        ("experiments/typo.md", MISTAKES["experiments/typo.md"], EXPECTED[3]),
        (
            "goals/g.md",
            MISTAKES["goals/g.md"].replace("due:", "measurable: m\ndue:", 1),
            "goals/g.md:7: due: is given twice (also on line 6)",
        ),
        (
            "experiments/a.md",
            EXPERIMENT.replace("end: 2026-05-31", "end: 2026-02-01"),
            "experiments/a.md:12: end: 2026-02-01 is before start 2026-03-01",
        ),
    ],
    ids=["enum", "duplicate-key", "date-order"],
)
def test_strict_build_fails_on_a_single_mistake(
    site: JournalDir, path: str, content: str, expected: str
) -> None:
    site.write(path, content)
    result = site.build(strict=True)
    assert not result.ok
    [warning] = careerlog_warnings(result.records)
    assert warning.startswith(expected)


def test_non_strict_build_builds_and_counts_the_invalid_entry_as_needing_a_fix(
    site: JournalDir,
) -> None:
    site.write("experiments/good.md", CONCLUDED)
    site.write("experiments/team-lead.md", EXPERIMENT)
    site.write(
        "experiments/typo.md",
        MISTAKES["experiments/typo.md"].replace("Would managing", "Typo in would managing"),
    )
    result = site.build()
    assert result.ok, result.log
    assert len(careerlog_warnings(result.records)) == 1
    dashboard = soup(result.page("dashboard/"))
    fixing = dashboard.select_one(".admonition.warning")
    assert fixing is not None
    assert text(str(fixing)).startswith("1 entry needs fixing")
    assert [a.get_text() for a in fixing.find_all("a")] == [
        "Typo in would managing people energise me?"
    ]
    # left out of every count: one running (team-lead), one concluded
    tiles = {
        t.select_one(".cl-tile__label").get_text(): int(t.select_one(".cl-tile__n").get_text())
        for t in dashboard.select(".cl-tile")
    }
    assert tiles == {"idea": 0, "planned": 0, "running": 1, "concluded": 1, "abandoned": 0}
    experiments = soup(result.page("experiments/"))
    article = text(str(experiments.select_one("article")))
    assert "Would managing people energise me?" in article
    # listed once, under "Needs fixing", and in no status group
    assert article.count("Typo in would managing") == 1
    heading = experiments.select_one("h2#needs-fixing")
    assert heading is not None
    fix_list = heading.find_next_sibling("ul")
    assert fix_list is not None
    assert "Typo in would managing" in fix_list.get_text()


def test_time_passing_never_fails_a_strict_build(site: JournalDir) -> None:
    site.options["today"] = "2031-01-01"  # the running experiment is long overdue
    site.write("experiments/team-lead.md", EXPERIMENT)
    site.write("experiments/plan.md", EXPERIMENT.replace("status: running", "status: planned"))
    result = site.build(strict=True)
    assert result.ok, result.log
    attention = soup(result.page("dashboard/")).select(".cl-attention__item")
    assert {item["class"][-1] for item in attention} == {
        "cl-attention--overdue-experiment",
        "cl-attention--late-start",
    }


# --- fail closed ---------------------------------------------------------------------------------

FATAL = [
    ("unclosed", "experiments/x.md", "---\ntype: experiment\ntitle: T\n", 1),
    ("tab", "experiments/x.md", EXPERIMENT.replace("  belief:", "\tbelief:"), 6),
    ("not-a-mapping", "experiments/x.md", "---\n- type: experiment\n---\n", 2),
    (
        "latin-1",
        "experiments/x.md",
        EXPERIMENT.replace("Notes", "Café notes").encode("latin-1"),
        16,
    ),
    ("utf-16", "experiments/x.md", EXPERIMENT.encode("utf-16"), 1),
    (
        "visibility-typo",
        "experiments/x.md",
        EXPERIMENT.replace("stage:", "visibility: Private\nstage:"),
        13,
    ),
    (
        "visibility-boolean",
        "experiments/x.md",
        EXPERIMENT.replace("stage:", "visibility: no\nstage:"),
        13,
    ),
    (
        "visibility-alias",
        "experiments/x.md",
        EXPERIMENT.replace("title:", "x: &v private\ntitle:").replace(
            "stage:", "visibility: *v\nstage:"
        ),
        14,
    ),
    ("ordinary-page", "about.md", "---\ntitle: About me\nsecret: [unclosed\n---\nText.\n", 3),
    ("ordinary-page-unclosed", "about.md", "---\ntitle: About me\n\nText.\n", 1),
]


def write(site: JournalDir, path: str, content: str | bytes) -> None:
    if isinstance(content, bytes):
        site.write_bytes(path, content)
    else:
        site.write(path, content)


def assert_fatal(site: JournalDir, result: BuildResult, path: str, line: int) -> None:
    assert not result.ok
    assert f"cannot tell whether these files may be published, so nothing is built: {path}" in (
        result.log
    )
    assert any(w.startswith(f"{path}:{line}: ") for w in careerlog_warnings(result.records))
    assert not (site.site / Path(path).with_suffix("") / "index.html").exists()
    assert not (site.site / "experiments" / "team-lead" / "index.html").exists()


@pytest.mark.parametrize(
    ("path", "content", "line"), [c[1:] for c in FATAL], ids=[c[0] for c in FATAL]
)
def test_unreadable_front_matter_or_visibility_fails_even_a_non_strict_build(
    site: JournalDir, path: str, content: str | bytes, line: int
) -> None:
    site.write("experiments/team-lead.md", EXPERIMENT)
    write(site, path, content)
    assert_fatal(site, site.build(), path, line)


@pytest.mark.parametrize("case", ["visibility-typo", "tab"])
def test_a_fatal_mistake_fails_a_strict_build_and_leaves_nothing_of_an_earlier_one(
    site: JournalDir, case: str
) -> None:
    site.write("experiments/team-lead.md", EXPERIMENT)
    assert site.build(strict=True).ok  # a site was built before the mistake
    _, path, content, line = next(c for c in FATAL if c[0] == case)
    write(site, path, content)
    assert_fatal(site, site.build(strict=True), path, line)


def test_serve_shows_problems_on_the_page_instead_of_failing(site: JournalDir) -> None:
    site.write("experiments/typo.md", MISTAKES["experiments/typo.md"])
    site.write("experiments/broken.md", "---\ntitle: [unclosed\ntype: experiment\n---\nBody.\n")
    site.write("experiments/odd.md", EXPERIMENT.replace("stage:", "visibility: Public\nstage:"))
    result = site.build(serve=True)
    assert result.ok, result.log
    for url, expected in [
        ("experiments/typo/", "experiments/typo.md:4 status : 'runing' is not one of"),
        (
            "experiments/broken/",
            "experiments/broken.md:2 : front matter is not valid YAML: did "
            "not find expected ',' or ']' (the [ list opened on this line is never closed)",
        ),
        ("experiments/odd/", "experiments/odd.md:13 visibility : must be exactly 'public' or"),
    ]:
        box = soup(result.page(url)).select_one(".cl-problems")
        assert box is not None, url
        assert expected in text(str(box)), text(str(box))
    # the unreadable file's raw front matter is never shown as text
    assert "[unclosed" not in text(result.page("experiments/broken/"))


def test_a_page_of_the_users_at_a_view_url_is_an_error_naming_both(site: JournalDir) -> None:
    site.write("dashboard.md", "# My own dashboard\n")
    result = site.build()
    assert not result.ok
    assert "careerlog: dashboard.md is at dashboard/, the URL of careerlog's dashboard view" in (
        result.log
    )


@pytest.mark.parametrize(
    ("path", "what"),
    [("experiments/index.md", "experiments view"), ("careerlog.json", "careerlog.json")],
)
def test_other_files_at_careerlog_urls_are_errors_too(
    site: JournalDir, path: str, what: str
) -> None:
    site.write(path, "# Mine\n" if path.endswith(".md") else "{}")
    result = site.build()
    assert not result.ok
    [error] = [r.getMessage() for r in result.records if r.levelno == logging.ERROR]
    assert path in error
    assert what in error


# --- one plugin instance, several builds (as `mkdocs serve` does) -----------------------------


@pytest.fixture
def rebuild(
    site: JournalDir, caplog: pytest.LogCaptureFixture
) -> Iterator[Callable[[], list[str]]]:
    """Build `site` again and again with ONE config and plugin instance; returns the
    careerlog warnings of each build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(site.config_file()))
    config.plugins.on_startup(command="serve", dirty=False)
    caplog.set_level(logging.INFO, logger="mkdocs")

    def run() -> list[str]:
        caplog.clear()
        build(config)
        return careerlog_warnings(caplog.records)

    yield run
    config.plugins.on_shutdown()


def test_rebuilding_with_one_instance_shows_every_change(
    site: JournalDir, rebuild: Callable[[], list[str]]
) -> None:
    site.write("experiments/team-lead.md", EXPERIMENT)
    assert rebuild() == []
    assert "Would managing people energise me?" in text(page(site, "experiments/"))

    # an edit, a new entry, a mistake
    site.write(
        "experiments/team-lead.md",
        EXPERIMENT.replace("Would managing people", "Would leading people"),
    )
    site.write("experiments/talk.md", CONCLUDED)
    site.write("experiments/typo.md", MISTAKES["experiments/typo.md"].replace("Would", "Will"))
    warnings = rebuild()
    assert [w.split(":")[0] for w in warnings] == ["experiments/typo.md"]
    experiments = text(page(site, "experiments/"))
    assert "Would leading people energise me?" in experiments
    assert "Would managing people" not in experiments
    assert "Would a conference talk pay off?" in experiments
    assert "Would leading people" in text(page(site, "experiments/team-lead/"))
    assert soup(page(site, "experiments/typo/")).select_one(".cl-problems") is not None

    # the mistake fixed, an entry removed
    site.write("experiments/typo.md", EXPERIMENT.replace("Would managing", "Fixed"))
    assert "Will managing" in text(page(site, "experiments/"))  # listed as needing a fix
    (site.docs / "experiments" / "talk.md").unlink()
    assert rebuild() == []
    experiments = text(page(site, "experiments/"))
    assert "Would a conference talk pay off?" not in experiments
    assert "Fixed people energise me?" in experiments
    assert "Will managing" not in experiments
    assert soup(page(site, "experiments/typo/")).select_one(".cl-problems") is None
    assert not (site.site / "experiments" / "talk" / "index.html").exists()


def test_rebuilding_with_one_instance_keeps_the_navigation_current(
    site: JournalDir, rebuild: Callable[[], list[str]]
) -> None:
    assert rebuild() == []
    site.write("about.md", "# About me\n")
    assert rebuild() == []
    nav = [a.get_text(strip=True) for a in soup(page(site, "")).select("nav.md-nav--primary a")]
    assert "About me" in nav


def test_an_unchanged_entry_gets_and_loses_problems_that_other_files_cause(
    site: JournalDir, rebuild: Callable[[], list[str]]
) -> None:
    # serve keeps the validation of unchanged files: what other files cause is new each time
    site.write("goals/lead-team.md", GOAL)
    with_goal = EXPERIMENT.replace("stage: leader", "stage: leader\ngoals: [lead-team]")
    experiment = site.write("experiments/team-lead.md", with_goal)
    old = time.time() - 60  # a file saved moments ago is read again, whatever its time says
    os.utime(experiment, (old, old))
    assert rebuild() == []
    goal = (site.docs / "goals" / "lead-team.md").read_text("utf-8")
    (site.docs / "goals" / "lead-team.md").unlink()
    for _ in range(2):  # the same one problem each time, not one more each rebuild
        [warning] = rebuild()
        assert warning.startswith("experiments/team-lead.md:")
        assert "lead-team" in warning
        assert len(soup(page(site, "experiments/team-lead/")).select(".cl-problems li")) == 1
    site.write("goals/lead-team.md", goal)
    assert rebuild() == []
    assert soup(page(site, "experiments/team-lead/")).select_one(".cl-problems") is None
    site.write("experiments/copy.md", EXPERIMENT.replace("---\n", "---\nid: team-lead\n", 1))
    assert sorted(w.split(":")[0] for w in rebuild()) == [
        "experiments/copy.md", "experiments/team-lead.md"
    ]  # a duplicate id: both files are told
    (site.docs / "experiments" / "copy.md").unlink()
    assert rebuild() == []


def test_a_rebuild_after_a_fatal_mistake_recovers(
    site: JournalDir, rebuild: Callable[[], list[str]]
) -> None:
    site.write("experiments/team-lead.md", EXPERIMENT)
    assert rebuild() == []
    site.write("experiments/team-lead.md", EXPERIMENT.replace("  belief:", "\tbelief:"))
    assert [w.split(":")[:2] for w in rebuild()] == [["experiments/team-lead.md", "6"]]
    site.write("experiments/team-lead.md", EXPERIMENT)
    assert rebuild() == []
    assert soup(page(site, "experiments/team-lead/")).select_one(".cl-problems") is None


# --- the sample journal --------------------------------------------------------------------------


def test_the_sample_journal_builds_strictly(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)  # raises Abort on any warning in strict mode
    config.plugins.on_shutdown()
    dashboard = soup((tmp_path / "site" / "dashboard" / "index.html").read_text("utf-8"))
    assert dashboard.select_one(".cl-lede") is not None
    assert not re.search(r"needs? fixing", text(str(dashboard)))


# --- the search index ------------------------------------------------------------------------


def test_search_finds_each_entry_once_with_its_header_and_leaves_views_out(
    site: JournalDir,
) -> None:
    site.write("experiments/manage.md", EXPERIMENT + "\n## Week one\n\nHiring plan & budget.\n")
    site.write("experiments/talk.md", CONCLUDED)
    result = site.build(strict=True)
    assert result.ok, result.log
    index = json.loads((site.site / "search/search_index.json").read_text("utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert pages == {"", "experiments/manage/", "experiments/talk/"}  # no dashboard, no listings
    manage = [doc for doc in index["docs"] if doc["location"].startswith("experiments/manage/")]
    # the header's words belong to the entry's first section, its body's heading to the next
    first = text(manage[0]["text"])
    assert "Leading a small team would energise me more than shipping features myself." in first
    assert "Act as team lead for a quarter" in first
    assert "Management" in first  # the skill chips
    assert [doc["title"] for doc in manage] == ["Would managing people energise me?", "Week one"]
    assert "Hiring plan &amp; budget." in manage[1]["text"]  # escaped once, as Material does
    talk = next(doc for doc in index["docs"] if doc["location"] == "experiments/talk/")
    assert "Talks work for me." in text(talk["text"])
    # the page itself shows the full header, not the index's paragraph
    html = page(site, "experiments/manage")
    assert "cl-search-text" not in html
    card = soup(html).select_one(".cl-card--hypothesis")
    assert card is not None
    assert "Leading a small team" in card.get_text()
    assert soup(html).select_one("article .cl-entry") is not None


# --- `mkdocs serve --dirty` and `mkdocs build --dirty`: every page that shows an edit ----------

GOAL = """\
---
type: goal
title: Lead a team by 2027
status: active
specific: Lead a team of four.
measurable: A team of four reports to me.
due: 2027-06-30
---
"""
PERSON = "---\ntype: person\ntitle: Dana Mentor\nrelationship: mentor\nvisibility: public\n---\n"
LEAD = EXPERIMENT.replace("stage: leader", "stage: leader\ngoals: [lead-team]\npeople: [dana]")
FOLLOW_UP = CONCLUDED.replace(
    "Would a conference talk pay off?", "Would a second talk help?"
).replace("method: side-project", "method: side-project\nfollows: [team-lead]")
OTHER = CONCLUDED.replace("Would a conference talk pay off?", "Unrelated talk")


@pytest.fixture
def dirty_rebuild(
    site: JournalDir, caplog: pytest.LogCaptureFixture
) -> Iterator[Callable[[], list[str]]]:
    """Dirty builds of `site` with ONE config and plugin instance (`mkdocs serve --dirty`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(site.config_file()))
    config.plugins.on_startup(command="serve", dirty=True)
    caplog.set_level(logging.INFO, logger="mkdocs")

    def run() -> list[str]:
        caplog.clear()
        build(config, dirty=True)
        return careerlog_warnings(caplog.records)

    yield run
    config.plugins.on_shutdown()


def exported_entries(site: JournalDir) -> dict[str, dict[str, object]]:
    """careerlog.json of the last build of `site`, by entry id."""
    data = json.loads((site.site / "careerlog.json").read_text("utf-8"))
    return {e["id"]: e for e in data["entries"]}


def _mtime(site: JournalDir, url: str) -> int:
    return (site.site / url / "index.html").stat().st_mtime_ns


def _backdate(site: JournalDir, seconds: float = 60) -> None:
    """Make every file of docs/ look saved a while ago (a file saved moments ago is
    read again on every rebuild, whatever its time says, and counts as changed)."""
    old = time.time() - seconds
    for path in site.docs.rglob("*"):
        os.utime(path, (old, old))


def test_a_dirty_rebuild_refreshes_every_page_that_shows_an_edited_entry(
    site: JournalDir, dirty_rebuild: Callable[[], list[str]]
) -> None:
    site.write("goals/lead-team.md", GOAL)
    site.write("people/dana.md", PERSON)
    site.write("experiments/team-lead.md", LEAD)
    site.write("experiments/second-talk.md", FOLLOW_UP)
    site.write("experiments/other.md", OTHER)
    site.write("listing.md", "# All\n\n```careerlog\nview: experiments\n```\n")
    _backdate(site)
    assert dirty_rebuild() == []
    untouched = _mtime(site, "experiments/other")

    # a title: the goal, the follow-up, the views and the listing show the new one
    site.write("experiments/team-lead.md", LEAD.replace("Would managing", "Would leading"))
    assert dirty_rebuild() == []
    pages = ("goals/lead-team", "experiments/second-talk", "experiments", "dashboard", "listing",
             "timeline", "skills/management")
    for url in pages:
        shown = text(page(site, url))
        assert "Would leading people energise me?" in shown, url
        assert "Would managing people" not in shown, url
    assert _mtime(site, "experiments/other") == untouched  # an unrelated page is not rebuilt
    chart = article(site, "timeline").select_one("svg")
    assert chart is not None
    assert "Would leading people energise me?" in chart.get_text(" ")
    assert "Would managing people" not in chart.get_text(" ")
    exported = exported_entries(site)
    assert exported["team-lead"]["title"] == "Would leading people energise me?"
    assert exported["other"]["title"] == "Unrelated talk"  # (kept from the last rebuild)

    # a status: the goal's table shows the outcome
    concluded = (
        LEAD.replace("Would managing", "Would leading")
        .replace("status: running", "status: concluded")
        .replace("people: [dana]", "people: [dana]\noutcome:\n  date: 2026-06-01\n"
                 "  result: validated\n  observed: Energy up.\n  learned: I like leading.")
    )
    site.write("experiments/team-lead.md", concluded)
    assert dirty_rebuild() == []
    goal_page = soup(page(site, "goals/lead-team"))
    assert goal_page.select_one(".cl-experiment-table .cl-result--validated") is not None
    for url in ("experiments", "timeline", "skills/management"):  # rows kept for the others
        row = article(site, url).find("a", string="Would leading people energise me?")
        assert row is not None, url
        assert row.find_parent("tr").select_one(".cl-result--validated") is not None, url
    bars = article(site, "timeline").select("svg .cl-svg-row")
    status = {
        " ".join(bar.select_one(".cl-svg-label").get_text(" ").split()): bar["class"]
        for bar in bars
    }
    assert status["Would leading people energise me? · concluded"][-1] == (
        "cl-svg-status--concluded"
    ), status
    assert "I like leading." in text(page(site, "learnings"))

    # a reference: the follow-up now follows another experiment
    site.write("experiments/second-talk.md", FOLLOW_UP.replace("[team-lead]", "[other]"))
    assert dirty_rebuild() == []
    assert "Would a second talk help?" not in text(page(site, "experiments/team-lead"))
    assert "Would a second talk help?" in text(page(site, "experiments/other"))
    exported = exported_entries(site)
    assert exported["second-talk"]["follows"] == ["other"]

    # a goal's title: its row on the dashboard (kept while the goal was unchanged)
    site.write("goals/lead-team.md", GOAL.replace("Lead a team by 2027", "Lead a team of five"))
    assert dirty_rebuild() == []
    goals_row = article(site, "dashboard").find("a", string="Lead a team of five")
    assert goals_row is not None
    assert goals_row.find_parent("tr") is not None

    # a visibility: shown on serve, with the banner, wherever it was shown
    private = concluded.replace("---\n", "---\nvisibility: private\n", 1)
    site.write("experiments/team-lead.md", private)
    assert dirty_rebuild() == []
    assert soup(page(site, "experiments/team-lead")).select_one(".cl-banner") is not None
    assert "Would leading people energise me?" in text(page(site, "goals/lead-team"))


TALK = (
    CONCLUDED.replace("method: side-project", "method: side-project\nskills: [technical]")
    .replace("2026-01-10", "2025-10-10")
    .replace("2026-02-28", "2025-11-30")
    .replace("2026-03-01", "2025-12-01")
)
CHAT = """\
---
type: conversation
title: Coffee with Dana
date: 2026-02-10
people: [dana]
kind: mentoring
asked: Am I ready to lead?
visibility: public
---
"""


def test_a_dirty_rebuild_leaves_the_skill_and_month_pages_an_edit_does_not_touch(
    site: JournalDir, dirty_rebuild: Callable[[], list[str]]
) -> None:
    site.write("people/dana.md", PERSON)
    site.write("experiments/team-lead.md", EXPERIMENT)  # management; started 2026-03
    site.write("experiments/talk.md", TALK)  # technical; 2025-10 and 2025-12
    site.write("conversations/chat.md", CHAT)  # 2026-02, names Dana
    _backdate(site)
    assert dirty_rebuild() == []
    pages = ("skills/management", "skills/technical", "updates/2026-03", "updates/2025-10",
             "updates/2026-02", "board")
    before = {url: _mtime(site, url) for url in pages}

    site.write("experiments/team-lead.md", EXPERIMENT.replace("Would managing", "Would leading"))
    assert dirty_rebuild() == []
    for url in ("skills/management", "skills/communication", "updates/2026-03"):
        assert "Would leading people energise me?" in text(page(site, url)), url
    for url in ("skills/technical", "updates/2025-10", "updates/2026-02", "board"):
        assert _mtime(site, url) == before[url], url  # not rebuilt: it does not show the edit
        assert "Would managing" not in text(page(site, url))

    # a person the month's conversation names, renamed: that month and the board's recent
    # conversations show the new name
    site.write("people/dana.md", PERSON.replace("Dana Mentor", "Dana Lee"))
    assert dirty_rebuild() == []
    assert "with Dana Lee" in text(page(site, "updates/2026-02"))
    assert "with Dana Lee" in text(page(site, "board"))
    site.write("conversations/lunch.md", CHAT.replace("Coffee with Dana", "Lunch with Dana"))
    assert dirty_rebuild() == []
    assert "Lunch with Dana" in text(page(site, "board"))  # a conversation added
    assert _mtime(site, "skills/technical") == before["skills/technical"]

    # an edit whose file keeps a time older than its page (copied with its times kept)
    edited = site.write("experiments/team-lead.md", EXPERIMENT.replace("Would managing", "Could"))
    os.utime(edited, (time.time() - 3600, time.time() - 3600))
    assert dirty_rebuild() == []
    for url in ("experiments/team-lead", "skills/management", "updates/2026-03"):
        assert "Could people energise me?" in text(page(site, url)), url

    # an experiment that now tests another skill joins that skill's page
    site.write("experiments/talk.md", TALK.replace("[technical]", "[technical, management]"))
    assert dirty_rebuild() == []
    assert "Would a conference talk pay off?" in text(page(site, "skills/management"))

    # an entry removed leaves the pages that listed it
    (site.docs / "experiments" / "talk.md").unlink()
    assert dirty_rebuild() == []
    assert "Would a conference talk pay off?" not in text(page(site, "skills/technical"))
    assert "Would a conference talk pay off?" not in text(page(site, "skills/management"))


MONTH = ROOT / "plugins" / "careerlog" / "templates" / "update_month.html"


def override_month(site: JournalDir) -> Path:
    """Where `site` (given a theme custom_dir) overrides careerlog's month template."""
    site.extra_config = {"theme": {"name": "material", "custom_dir": "overrides"}}
    override = site.root / "overrides" / "careerlog" / "update_month.html"
    override.parent.mkdir(parents=True)
    return override


def marked_month(mark: str) -> str:
    """careerlog's month template with a paragraph of `mark` before its first section."""
    heading = '<h2 id="started">'
    return MONTH.read_text("utf-8").replace(heading, f"<p>{mark}</p>\n" + heading)


def test_a_dirty_rebuild_makes_every_view_again_when_a_template_changes(
    site: JournalDir,
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    override = override_month(site)
    override.write_text(marked_month(""), encoding="utf-8")
    site.write("experiments/talk.md", TALK)
    config = load_config(str(site.config_file()))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        override.write_text(marked_month("zqv mark"), encoding="utf-8")
        build(config, dirty=True)
    finally:
        config.plugins.on_shutdown()
    for month in ("2025-10", "2025-12"):
        assert "zqv mark" in text(page(site, f"updates/{month}")), month


def test_a_build_shows_an_overriding_template_edited_since_the_last_build(
    site: JournalDir,
) -> None:
    # compiled templates are kept between runs: an edited template is compiled anew
    override = override_month(site)
    site.write("experiments/talk.md", TALK)
    for mark in ("zqv first", "zqv second"):
        override.write_text(marked_month(mark), encoding="utf-8")
        assert site.build(strict=True).ok
        shown = text(page(site, "updates/2025-10"))
        assert mark in shown
        assert ("zqv first" in shown) == (mark == "zqv first")


@pytest.mark.parametrize(
    ("name", "content", "line", "why"),
    [
        ("entry.html", "<p>\n{{ entry.no_such_field.deeper }}</p>\n", 2,
         "has no attribute 'no_such_field'"),
        ("update_month.html", "<p>\n\n{% if %}</p>\n", 3, "Expected an expression"),
        ("update_month.html", "<p>{% include 'nowhere.html' %}</p>\n", 1,
         "there is no template nowhere.html"),
        ("update_month.html", "<p>{% include ['no1.html', 'no2.html'] %}</p>\n", 1,
         "there is no template no1.html or no2.html"),
        ("entry.html", "<p>\n{{ '%d' | format(entry.title) }}</p>\n", 2, "TypeError: "),
    ],
    ids=["undefined", "syntax", "missing-include", "missing-includes", "a-filter-raises"],
)
def test_an_overriding_template_that_fails_is_named_with_its_line_and_nothing_is_built(
    site: JournalDir, name: str, content: str, line: int, why: str
) -> None:
    site.extra_config = {"theme": {"name": "material", "custom_dir": "overrides"}}
    site.write("experiments/talk.md", TALK)
    override = site.root / "overrides" / "careerlog" / name
    override.parent.mkdir(parents=True)
    assert site.build(strict=True).ok  # a site was built before the mistake
    override.write_text(content, encoding="utf-8")
    result = site.build(strict=True)
    assert not result.ok
    said = [m for m in result.warnings if m.startswith("careerlog: ")]
    assert len(said) == 1, result.log
    assert said[0].startswith(
        f"careerlog: the template overrides/careerlog/{name}, line {line}, could not be "
        "rendered: "
    ), said[0]
    assert why in said[0]
    assert "Traceback" not in result.log
    # Python code that raised leaves its traceback for `-v`; a template's mistake does not
    traced = [r for r in result.records if r.levelno == logging.DEBUG and r.exc_info]
    assert len(traced) == (1 if why == "TypeError: " else 0)
    assert list(site.site.rglob("*.html")) == []  # nothing half built


HIDDEN_REASON = (
    "careerlog: the template overrides/careerlog/entry.html, line 2, could not be rendered "
    "(the reason quotes a private entry, so it is not shown in the log; `mkdocs serve` "
    "shows it)"
)
HIDDEN_NAME = (
    "careerlog: a template could not be rendered (its name and the reason quote a private "
    "entry, so neither is shown in the log; `mkdocs serve` shows them)"
)


@pytest.mark.parametrize(
    ("private_id", "template", "said"),
    [
        # Jinja's reason for a missing key quotes the key: here, a private entry's id
        ("zqx-secret-boss", "<p>\n{{ skills[site.private_ids | first] }}</p>\n", HIDDEN_REASON),
        # an id that is a plain word is no marker of the audit's, and still kept out
        ("counsellor", "<p>\n{{ skills[site.private_ids | first] }}</p>\n", HIDDEN_REASON),
        # a template named after a private id, which fails: its name is kept out too
        (
            "zqx-secret-boss",
            "<p>\n{% include 'bits/' ~ (site.private_ids | first) ~ '.html' %}</p>\n",
            HIDDEN_NAME,
        ),
    ],
    ids=["distinctive-id", "plain-word-id", "in-the-template-name"],
)
def test_a_failing_template_that_quotes_a_private_entry_keeps_it_out_of_the_log(
    site: JournalDir, private_id: str, template: str, said: str
) -> None:
    site.extra_config = {"theme": {"name": "material", "custom_dir": "overrides"}}
    site.write("experiments/talk.md", TALK)
    site.write(
        f"people/{private_id}.md",
        "---\ntype: person\ntitle: Zqx Secret Boss\nvisibility: private\n---\nNotes.\n",
    )
    overrides = site.root / "overrides" / "careerlog"
    (overrides / "bits").mkdir(parents=True)
    (overrides / "entry.html").write_text(template, encoding="utf-8")
    (overrides / "bits" / f"{private_id}.html").write_text("{% if %}\n", encoding="utf-8")
    result = site.build(strict=True)
    assert not result.ok
    assert [m for m in result.warnings if m.startswith("careerlog: ")] == [said], result.log
    assert private_id not in result.log
    assert list(site.site.rglob("*.html")) == []


def test_a_failing_template_is_named_from_the_site_folder_when_reached_through_a_link(
    site: JournalDir, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    site.extra_config = {"theme": {"name": "material", "custom_dir": "overrides"}}
    site.write("experiments/talk.md", TALK)
    override = site.root / "overrides" / "careerlog" / "entry.html"
    override.parent.mkdir(parents=True)
    override.write_text("<p>\n\n{{ entry.no_such_field }}</p>\n", encoding="utf-8")
    config_file = site.config_file()
    link = tmp_path / "linked-journal"
    link.symlink_to(site.root, target_is_directory=True)
    config = load_config(str(link / config_file.name))
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        build(config)
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("careerlog: ")]
    assert said == [
        "careerlog: the template overrides/careerlog/entry.html, line 3, could not be rendered: "
        "'careerlog.validate.Entry object' has no attribute 'no_such_field'"
    ]
    assert str(tmp_path) not in "\n".join(r.getMessage() for r in caplog.records)


def test_a_failing_template_of_careerlogs_own_is_named_as_such() -> None:
    from careerlog.render import Renderer, Site, TemplateRenderError
    from unit_helpers import journal_of

    loaded = journal_of({"experiments/team-lead.md": EXPERIMENT})
    with pytest.raises(TemplateRenderError) as failed:  # (its context is left out)
        Renderer().render("entry.html", Site(loaded, urls={}, view_urls={}), "x/")
    assert str(failed.value).startswith("careerlog: careerlog's own template entry.html, line ")
    assert "is undefined" in str(failed.value)


def test_a_view_keeps_what_another_plugin_adds_to_it_while_search_runs(
    site: JournalDir,
) -> None:
    # careerlog sets a view's HTML aside while Material's search plugin looks at pages
    site.extra_config = {"hooks": ["hooks.py"]}
    (site.root / "hooks.py").write_text(
        "def on_page_context(context, page, config, nav):\n"
        "    page.content = (page.content or '') + '<p>zqv added by a hook</p>'\n"
        "    return context\n",
        encoding="utf-8",
    )
    site.write("experiments/talk.md", TALK)
    assert site.build(strict=True).ok
    for url in ("dashboard", "experiments", "experiments/talk"):
        shown = text(page(site, url))
        assert "zqv added by a hook" in shown, url
        assert "Would a conference talk pay off?" in shown, url
    index = json.loads((site.site / "search" / "search_index.json").read_text("utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("dashboard/")]


def test_compiled_templates_are_kept_and_a_broken_cache_only_costs_the_compile(
    tmp_path: Path,
) -> None:
    from careerlog.render import Renderer, compiled_templates

    folder = tmp_path / "compiled"
    folder.mkdir()

    def renderer(where: Path) -> Renderer:
        return Renderer(auto_reload=False, bytecode_cache=compiled_templates(str(where)))

    renderer(folder).env.get_template("entry.html")
    kept = sorted(folder.iterdir())
    assert len(kept) == 1

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    again = renderer(folder)
    again.env.compile = compile_again  # type: ignore[method-assign,assignment]
    again.env.get_template("entry.html")  # from the kept code

    kept[0].write_bytes(b"not compiled code")
    broken = renderer(folder)
    assert "entry" in broken.env.get_template("entry.html").filename  # type: ignore[operator]
    assert kept[0].read_bytes() != b"not compiled code"  # and kept anew

    gone = renderer(tmp_path / "no such folder")
    assert "entry" in gone.env.get_template("entry.html").filename  # type: ignore[operator]
    assert not (tmp_path / "no such folder").exists()


def test_materials_compiled_templates_are_kept_for_the_next_build_and_an_edit_shows(
    journal: JournalDir, tmp_path: Path
) -> None:
    temp = tmp_path / "temp"  # (the system's temp folder, where compiled code is kept)
    temp.mkdir()
    journal.options["visibility_defaults"] = {"experiment": "public"}
    journal.write("experiments/lead.md", EXPERIMENT)
    (journal.root / "overrides").mkdir()
    override = journal.root / "overrides" / "main.html"
    override.write_text(
        '{% extends "base.html" %}{% block announce %}First notice{% endblock %}', "utf-8"
    )
    journal.extra_config["theme"] = {"name": "material", "custom_dir": "overrides"}
    config = journal.config_file()

    def build() -> dict[Path, int]:
        env = {**os.environ, "TMPDIR": str(temp), "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
        run = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        assert run.returncode == 0, run.stderr
        return {p: p.stat().st_mtime_ns for p in temp.rglob("__careerlog_*.cache")}

    first = build()
    assert len(first) > 40  # Material's templates beside careerlog's own
    time.sleep(0.05)  # (so that a file written again has a later time)
    override.write_text(
        '{% extends "base.html" %}{% block announce %}Second notice{% endblock %}', "utf-8"
    )
    second = build()
    page = (journal.site / "experiments" / "lead" / "index.html").read_text("utf-8")
    assert "Second notice" in page
    assert "First notice" not in page
    # only the edited override was compiled (and kept) again
    again = [p for p in second if second[p] != first.get(p)]
    assert len(again) == 1
    assert "Second notice" in again[0].read_bytes().decode("utf-8", "replace")


def test_a_serve_rebuild_makes_every_row_again_when_the_options_or_templates_change(
    site: JournalDir,
) -> None:
    # under serve, rows and cards are kept for later rebuilds while their entry is
    # unchanged; a skill renamed in mkdocs.yml or an overriding template changes them all
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site.extra_config = {"theme": {"name": "material", "custom_dir": "overrides"}}
    site.write("experiments/team-lead.md", EXPERIMENT)  # management, communication
    site.write("experiments/talk.md", TALK)  # technical, concluded: a learning card too
    override = site.root / "overrides" / "careerlog" / "_macros.html"
    override.parent.parent.mkdir()  # (its careerlog folder comes later, while serving)
    _backdate(site)  # (a file saved moments ago is read anew on every rebuild)
    first = load_config(str(site.config_file()))
    first.plugins.on_startup(command="serve", dirty=True)

    def rows(url: str) -> list[str]:
        return [" ".join(tr.get_text(" ").split()) for tr in article(site, url).select("tbody tr")]

    try:
        build(first, dirty=True)
        assert any("Management" in row for row in rows("experiments"))

        site.options = {
            **site.options,
            "skills": {"management": {"name": "People leadership", "stage": "leader"}},
        }
        build(load_config(str(site.config_file())), dirty=True)  # as serve does: read anew
        shown = rows("experiments")
        assert any("People leadership" in row for row in shown), shown
        assert not any("Management" in row for row in shown), shown

        shipped = ROOT / "plugins" / "careerlog" / "templates" / "_macros.html"
        override.parent.mkdir()
        marked = (
            shipped.read_text("utf-8")
            .replace("<tr><td>{{ h.entry_link(e) }}", "<tr><td>zqv row {{ h.entry_link(e) }}", 1)
            .replace('<article class="cl-learning">', '<article class="cl-learning">zqv card', 1)
        )
        override.write_text(marked, encoding="utf-8")
        build(load_config(str(site.config_file())), dirty=True)
    finally:
        first.plugins.on_shutdown()
    assert all(row.startswith("zqv row") for row in rows("experiments"))
    assert all(row.startswith("zqv row") for row in rows("skills/technical"))
    assert "zqv card" in text(page(site, "learnings"))


def test_a_serve_rebuild_shows_a_theme_template_edited_since_the_last_build(
    site: JournalDir,
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site.extra_config = {"theme": {"name": "material", "custom_dir": "overrides"}}
    override = site.root / "overrides" / "main.html"
    override.parent.mkdir(parents=True)
    block = '{{% extends "base.html" %}}\n{{% block announce %}}{}{{% endblock %}}\n'
    override.write_text(block.format("zqv first"), encoding="utf-8")
    site.write("experiments/talk.md", TALK)
    config = load_config(str(site.config_file()))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
        assert "zqv first" in text(page(site, "experiments/talk"))
        override.write_text(block.format("zqv second"), encoding="utf-8")
        build(config)
    finally:
        config.plugins.on_shutdown()
    for url in ("experiments/talk", "dashboard", "skills/technical"):
        assert "zqv second" in text(page(site, url)), url


def test_a_dirty_build_leaves_no_trace_of_an_entry_made_private(site: JournalDir) -> None:
    config = site.config_file()

    def build_dirty() -> subprocess.CompletedProcess[str]:  # a process each, as users run it
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--dirty", "-f", str(config)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )

    site.write("goals/lead-team.md", GOAL)
    site.write("people/dana.md", PERSON)
    site.write("experiments/team-lead.md", LEAD)
    site.write("experiments/second-talk.md", FOLLOW_UP)
    first = build_dirty()
    assert first.returncode == 0, first.stderr
    assert "Would managing people" in text(page(site, "goals/lead-team"))

    private = LEAD.replace("---\n", "---\nvisibility: private\n", 1)
    site.write("experiments/team-lead.md", private)
    second = build_dirty()
    assert second.returncode == 0, second.stderr
    assert not (site.site / "experiments" / "team-lead" / "index.html").exists()
    for url in ("goals/lead-team", "experiments/second-talk", "experiments", "dashboard"):
        assert "Would managing people" not in text(page(site, url)), url
    assert "a private entry" in text(page(site, "experiments/second-talk"))
    assert "team-lead" not in (site.site / "search" / "search_index.json").read_text("utf-8")


def build_with_hook(site: JournalDir, hook: str) -> None:
    """A strict build of the site with `hook` as a MkDocs hooks file (another plugin)."""
    (site.root / "hooks.py").write_text(hook, encoding="utf-8")
    site.extra_config["hooks"] = ["hooks.py"]
    result = site.build(strict=True)
    assert result.ok, result.log


def test_other_plugins_see_and_change_views_which_are_not_kept_once_written(
    site: JournalDir,
) -> None:
    site.write("experiments/manage.md", EXPERIMENT)
    build_with_hook(
        site,
        "import json\n"
        "from pathlib import Path\n"
        "from mkdocs.plugins import event_priority\n\n"
        "written = []\n\n\n"
        "@event_priority(-200)\n"
        "def on_page_content(html, **kwargs):\n"
        "    html = html.replace('<table', '<table data-hooked=\"yes\"')\n"
        "    return '<p class=\"hooked\">added by a hook</p>' + html\n\n\n"
        "def on_post_page(output, page, **kwargs):\n"
        "    if page.url in ('timeline/', 'experiments/manage/'):\n"
        "        written.append((page, 'cl-table' in page.content, 'cl-card' in page.content))\n"
        "    return output\n\n\n"
        "def on_post_build(config, **kwargs):\n"
        "    kept = [(seen, card, page.content) for page, seen, card in written]\n"
        "    Path(config.site_dir, 'kept.json').write_text(json.dumps(sorted(kept)))\n",
    )
    timeline = article(site, "timeline")
    assert timeline.select_one(".hooked") is not None
    assert timeline.select_one('table.cl-table[data-hooked="yes"]') is not None
    assert "Would managing people energise me?" in timeline.get_text()
    # another plugin's on_post_page saw the view and the entry's header; by the end of the
    # build the view was let go of, and the entry page kept only what search indexed
    kept = json.loads((site.site / "kept.json").read_text())
    (entry_seen, entry_card, entry_kept), (view_seen, _, view_kept) = kept
    assert (view_seen, view_kept) == (True, "")
    assert (entry_seen, entry_card) == (False, True)
    assert "cl-card" not in entry_kept
    assert '<p class="cl-search-text">' in entry_kept
    assert "Hypothesis" in entry_kept


@pytest.mark.parametrize(
    ("path", "text", "own"),
    [
        ("experiments/manage.md", EXPERIMENT, "Notes from the first weeks."),
        ("notes.md", "---\ntitle: Notes\n---\nMy own notes.\n", "My own notes."),
    ],
    ids=["entry", "ordinary page with front matter"],
)
def test_another_plugins_change_to_a_pages_markdown_is_published(
    site: JournalDir, path: str, text: str, own: str
) -> None:
    site.write(path, text)
    build_with_hook(
        site,
        "from mkdocs.plugins import event_priority\n\n\n"
        "@event_priority(50)\n"
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    return markdown + '\\n\\nAdded by another plugin.\\n'\n",
    )
    shown = article(site, path.removesuffix(".md")).get_text()
    assert own in shown
    assert "Added by another plugin." in shown
    assert "title:" not in shown


def test_an_entry_read_early_by_another_plugin_is_published_whole(site: JournalDir) -> None:
    # some plugins read pages' sources themselves (in on_nav, say); MkDocs reads them again
    site.write("experiments/manage.md", EXPERIMENT)
    build_with_hook(
        site,
        "def on_nav(nav, config, files, **kwargs):\n"
        "    files.get_file_from_path('experiments/manage.md').page.read_source(config)\n"
        "    return nav\n",
    )
    assert "Notes from the first weeks." in article(site, "experiments/manage").get_text()


def test_the_header_takes_the_search_paragraphs_place_after_other_plugins_rewrote_it(
    site: JournalDir,
) -> None:
    site.write("experiments/manage.md", EXPERIMENT.replace("self.", "self \u00e9tait."))
    build_with_hook(
        site,
        "from mkdocs.plugins import event_priority\n\n\n"
        "@event_priority(-50)\n"
        "def on_page_content(html, **kwargs):\n"
        "    # a plugin that parses and writes the HTML again turns references into characters\n"
        "    return '<p>Before.</p>' + html.replace('&#233;', '\u00e9')\n",
    )
    shown = article(site, "experiments/manage")
    assert shown.select_one(".cl-search-text") is None
    assert len(shown.select(".cl-card--hypothesis")) == 1
    assert "\u00e9tait" in shown.get_text()
    assert "Before." in shown.get_text()


def test_views_and_headers_of_an_ascii_journal_are_held_as_ascii(site: JournalDir) -> None:
    # the templates' arrows and dots would make each page's HTML two bytes a character
    # in MkDocs' memory until the build ends; written as references, the page reads the same
    site.write("experiments/manage.md", EXPERIMENT.replace("Notes", "Notes \u2014 long ones"))
    build_with_hook(
        site,
        "import json\n"
        "from pathlib import Path\n"
        "from mkdocs.plugins import event_priority\n\n"
        "held = {}\n\n\n"
        "@event_priority(-200)\n"
        "def on_page_content(html, page, **kwargs):\n"
        "    held[page.url] = html.isascii()\n"
        "    return html\n\n\n"
        "def on_post_build(config, **kwargs):\n"
        "    Path(config.site_dir, 'held.json').write_text(json.dumps(held))\n",
    )
    held = json.loads((site.site / "held.json").read_text())
    # the entry's own text is the author's (its dash stays a character); what careerlog adds
    # to every other page is ASCII, arrows and dots included
    assert held.pop("experiments/manage/") is False
    assert held
    assert all(held.values()), held
    timeline = soup(page(site, "timeline")).get_text()
    assert "1 Mar 2026 \u2192 31 May 2026" in " ".join(timeline.split())
    header = soup(page(site, "experiments/manage")).select_one(".cl-design")
    assert header is not None
    assert "1 Mar 2026 \u2192 31 May 2026" in " ".join(header.get_text().split())


def test_the_feed_and_the_export_are_written_as_another_plugin_left_them(
    site: JournalDir,
) -> None:
    site.write("experiments/manage.md", EXPERIMENT)
    build_with_hook(
        site,
        "from mkdocs.plugins import event_priority\n\n\n"
        "@event_priority(-100)\n"
        "def on_files(files, **kwargs):\n"
        "    feed = files.get_file_from_path('feed.xml')\n"
        "    text = feed.content_string\n"
        "    feed.content_string = text.replace('<feed', '<!-- hooked -->\\n<feed')\n"
        "    return files\n",
    )
    feed = (site.site / "feed.xml").read_text("utf-8")
    assert "<!-- hooked -->\n<feed" in feed
    assert "Would managing people energise me?" in feed
    export = json.loads((site.site / "careerlog.json").read_text("utf-8"))
    assert [e["title"] for e in export["entries"]] == ["Would managing people energise me?"]


def test_the_header_stays_whole_when_another_plugin_edits_the_page_after_careerlog(
    site: JournalDir,
) -> None:
    site.write("experiments/manage.md", EXPERIMENT)
    build_with_hook(
        site,
        "from mkdocs.plugins import event_priority\n\n\n"
        "@event_priority(-200)\n"
        "def on_page_content(html, **kwargs):\n"
        "    return '<p class=\"hooked\">before everything</p>' + html\n",
    )
    html = soup(page(site, "experiments/manage"))
    article = html.select_one("article")
    assert article is not None
    assert article.select_one(".hooked") is not None
    assert len(article.select(".cl-card--hypothesis")) == 1
    assert article.select_one(".cl-search-text") is None
