"""The generated views, built for real from a small journal and checked against numbers
worked out by hand.

"Today" is 2026-06-15 (the fixture's default).  The journal:

| id      | status    | start      | end        | outcome                | stage  | skills        |
| ------- | --------- | ---------- | ---------- | ---------------------- | ------ | ------------- |
| alpha   | concluded | 2026-01-10 | 2026-03-31 | 2026-03-20 validated   | senior | management    |
| beta    | concluded | 2026-02-01 | 2026-04-30 | 2026-04-15 invalidated | senior | management,   |
|         |           |            |            |                        |        | communication |
| gamma   | abandoned | 2026-03-05 | 2026-05-30 | 2026-05-02             |        |               |
| delta   | running   | 2026-05-01 | 2026-06-01 |                        | leader | org-design    |
| theta   | running   | 2026-07-01 | 2026-08-31 | (starts in the future) |        |               |
| epsilon | planned   | 2026-06-01 |            |                        |        | design        |
| zeta    | planned   | 2026-08-01 | 2026-09-30 |                        |        |               |
| eta     | idea      |            |            |                        |        |               |
| broken  | "runing": invalid, needs fixing, in no rollup                                  |
| secret  | concluded, private: in nothing published                                       |

Confidence: alpha 4, beta 2.
Goals: lead-area (active, due 2026-12-31, KPI "Proposals adopted" 0 -> 4, readings
2026-02-28: 1 and 2026-05-31: 2) and no-kpi (active, due 2026-09-30, no KPIs).
People: ann (board, monthly, since 2025-01-01), never-met (board, quarterly, no
conversation, no since), bob (not on the board).  Conversations: talk-ann
(2026-05-20, action due 2026-06-01 not done) and future-talk (2026-07-01).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from conftest import BuildResult, JournalDir

ATOM = "{http://www.w3.org/2005/Atom}"
ALL_PUBLIC = dict.fromkeys(("experiment", "goal", "person", "conversation", "reflection"), "public")
D = dt.date


def entry(journal: JournalDir, folder: str, entry_id: str, data: dict[str, Any]) -> None:
    text = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\nBody.\n"
    journal.write(f"{folder}/{entry_id}.md", text, dedent=False)


HYP = {
    "belief": "I believe it.",
    "test": "I will try it.",
    "measure": "Energy.",
    "success": "Energy 4/5.",
}


def experiment(journal: JournalDir, entry_id: str, status: str, **fields: Any) -> None:
    data: dict[str, Any] = {
        "type": "experiment",
        "title": fields.pop("title", entry_id.capitalize()),
        "status": status,
        "hypothesis": HYP if status != "idea" else {"belief": "I believe it."},
    }
    if status != "idea":
        data["method"] = "side-project"
    data.update(fields)
    entry(journal, "experiments", entry_id, data)


def outcome(day: dt.date, result: str | None = None, learned: str = "A lesson.") -> dict[str, Any]:
    data: dict[str, Any] = {"date": day, "learned": learned}
    if result:
        data.update(result=result, observed="What happened.")
    return data


def write_journal(journal: JournalDir, *, titles: dict[str, str] | None = None) -> None:
    titles = titles or {}
    journal.options["visibility_defaults"] = ALL_PUBLIC
    journal.write("index.md", "# Home\n")
    experiment(
        journal,
        "alpha",
        "concluded",
        title=titles.get("alpha", "Alpha"),
        start=D(2026, 1, 10),
        end=D(2026, 3, 31),
        stage="senior",
        skills=["management"],
        confidence=4,
        goals=["lead-area"],
        outcome=outcome(D(2026, 3, 20), "validated", "Alpha lesson."),
    )
    experiment(
        journal,
        "beta",
        "concluded",
        start=D(2026, 2, 1),
        end=D(2026, 4, 30),
        stage="senior",
        skills=["management", "communication"],
        confidence=2,
        outcome=outcome(D(2026, 4, 15), "invalidated", "Beta lesson."),
    )
    experiment(
        journal,
        "gamma",
        "abandoned",
        start=D(2026, 3, 5),
        end=D(2026, 5, 30),
        outcome=outcome(D(2026, 5, 2), learned="Gamma lesson."),
    )
    experiment(
        journal,
        "delta",
        "running",
        start=D(2026, 5, 1),
        end=D(2026, 6, 1),
        stage="leader",
        skills=["org-design"],
    )
    experiment(journal, "theta", "running", start=D(2026, 7, 1), end=D(2026, 8, 31))
    experiment(journal, "epsilon", "planned", start=D(2026, 6, 1), skills=["design"])
    experiment(journal, "zeta", "planned", start=D(2026, 8, 1), end=D(2026, 9, 30))
    experiment(journal, "eta", "idea")
    experiment(journal, "broken", "runing", start=D(2026, 2, 1), end=D(2026, 2, 2))
    experiment(
        journal,
        "secret",
        "concluded",
        title="Secret sauce",
        visibility="private",
        start=D(2026, 1, 1),
        end=D(2026, 1, 31),
        stage="senior",
        skills=["management"],
        outcome=outcome(D(2026, 1, 20), "validated", "Hidden lesson."),
    )
    entry(
        journal,
        "goals",
        "lead-area",
        {
            "type": "goal",
            "title": titles.get("lead-area", "Lead an area"),
            "status": "active",
            "specific": "Lead.",
            "measurable": "Proposals.",
            "due": D(2026, 12, 31),
            "kpis": [
                {
                    "name": "Proposals adopted",
                    "unit": "proposals",
                    "baseline": 0,
                    "target": 4,
                    "readings": [
                        {"date": D(2026, 2, 28), "value": 1},
                        {"date": D(2026, 5, 31), "value": 2},
                    ],
                }
            ],
        },
    )
    entry(
        journal,
        "goals",
        "no-kpi",
        {
            "type": "goal",
            "title": "No KPI goal",
            "status": "active",
            "specific": "S.",
            "measurable": "M.",
            "due": D(2026, 9, 30),
        },
    )
    entry(
        journal,
        "people",
        "ann",
        {
            "type": "person",
            "title": titles.get("ann", "Ann"),
            "relationship": "mentor",
            "board": True,
            "cadence": "monthly",
            "since": D(2025, 1, 1),
            "expertise": ["management"],
        },
    )
    entry(
        journal,
        "people",
        "never-met",
        {
            "type": "person",
            "title": "Never Met",
            "board": True,
            "cadence": "quarterly",
        },
    )
    entry(journal, "people", "bob", {"type": "person", "title": "Bob", "relationship": "peer"})
    entry(
        journal,
        "conversations",
        "talk-ann",
        {
            "type": "conversation",
            "title": titles.get("talk-ann", "Talk with Ann"),
            "date": D(2026, 5, 20),
            "people": ["ann"],
            "asked": "What next?",
            "actions": [
                {"do": "Send draft", "due": D(2026, 6, 1), "done": False},
                {"do": "Read book", "done": True},
            ],
        },
    )
    entry(
        journal,
        "conversations",
        "future-talk",
        {
            "type": "conversation",
            "title": "Future talk",
            "date": D(2026, 7, 1),
            "people": ["ann"],
        },
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    journal = JournalDir(tmp_path_factory.mktemp("views"))
    write_journal(journal)
    result = journal.build()
    assert result.ok, result.log
    return result


def soup(result: BuildResult, url: str) -> Tag:
    view = BeautifulSoup(result.page(url), "html.parser").find(class_="cl-view")
    assert isinstance(view, Tag), url
    return view


def text(node: Tag | None) -> str:
    assert node is not None
    return re.sub(r"\s+", " ", node.get_text()).strip()


def section(view: Tag, section_id: str) -> list[Tag]:
    """The elements after <h2 id=section_id> up to the next h2."""
    heading = view.find("h2", id=section_id)
    assert isinstance(heading, Tag), section_id
    out = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        out.append(sibling)
    return out


def links(nodes: list[Tag] | Tag) -> list[str]:
    nodes = nodes if isinstance(nodes, list) else [nodes]
    return [
        a.get_text()
        for n in nodes
        for a in n.find_all("a")
        if "cl-chip" not in (a.get("class") or [])
    ]


# --- navigation -----------------------------------------------------------------------


def test_every_view_is_built_and_only_the_index_pages_are_in_the_navigation(
    built: BuildResult,
) -> None:
    for url in (
        "dashboard/",
        "experiments/",
        "goals/",
        "learnings/",
        "timeline/",
        "skills/",
        "board/",
        "updates/",
        "skills/management/",
        "skills/design/",
        "updates/2026-05/",
    ):
        assert built.exists(url), url
    assert built.exists("feed.xml")
    nav = [  # the page's own table of contents is nested in the primary nav: leave it out
        a
        for a in BeautifulSoup(built.page("dashboard/"), "html.parser").select(
            ".md-nav--primary a.md-nav__link"
        )
        if not a.find_parent(class_="md-nav--secondary")
    ]
    titles = [re.sub(r"\s+", " ", a.get_text()).strip() for a in nav]
    titles = [t for t in titles if t]
    assert titles == [
        "Home",
        "Dashboard",
        "Experiments",
        "Goals",
        "Learnings",
        "Timeline",
        "Skills",
        "Board",
        "Updates",
    ]


# --- dashboard ------------------------------------------------------------------------


def test_dashboard_rollups(built: BuildResult) -> None:
    view = soup(built, "dashboard/")
    tiles = {
        t.select_one(".cl-tile__label").get_text(): int(t.select_one(".cl-tile__n").get_text())
        for t in view.select(".cl-tile")
    }
    assert tiles == {"idea": 1, "planned": 2, "running": 2, "concluded": 2, "abandoned": 1}
    outcomes = text(view.select_one(".cl-outcomes"))
    assert "✓ validated 1 · ✗ invalidated 1 · ? inconclusive 0" in outcomes
    assert "Hit rate: 50 %" in outcomes
    assert text(view.select_one(".cl-lede")) == (
        "As of 15 Jun 2026: 8 experiments, 2 running, 2 concluded, "
        "50 % of concluded hypotheses validated."
    )
    # the invalid entry is counted as needing fixing, and nowhere else
    warning = text(view.select_one(".admonition.warning"))
    assert warning.startswith("1 entry needs fixing")
    assert "Broken" in warning


def test_dashboard_attention_items_come_first_in_date_order(built: BuildResult) -> None:
    view = soup(built, "dashboard/")
    headings = [h.get("id") for h in view.find_all("h2")]
    assert headings[0] == "attention"
    items = [text(li) for li in view.select(".cl-attention__item")]
    assert items == [
        "Action Talk with Ann: action “Send draft” was due on 1 Jun 2026, 14 days ago",
        "Late start Epsilon: planned to start on 1 Jun 2026, 14 days ago: "
        "start it or move the date",
        "Overdue Delta: running past its planned end (on 1 Jun 2026, 14 days ago): conclude it, "
        "abandon it or move the end",
        "Touch-base Never Met: quarterly touch-base is overdue (no conversation recorded yet)",
    ]


def test_dashboard_running_goals_learnings_coverage_and_calibration(built: BuildResult) -> None:
    view = soup(built, "dashboard/")
    running = section(view, "running")
    rows = [[text(td) for td in tr.find_all("td")] for tr in running[0].select("tbody tr")]
    # delta: 45 days of a 31-day plan; theta starts in the future
    assert rows[0][0] == "Delta"
    assert "6 weeks (planned 4 weeks)" in rows[0][2]
    assert "overdue" in rows[0][3]
    assert [r[0] for r in rows] == ["Delta", "Theta"]
    goals = section(view, "goals")
    goal_rows = [[text(td) for td in tr.find_all("td")] for tr in goals[0].select("tbody tr")]
    assert [r[0] for r in goal_rows] == ["No KPI goal", "Lead an area"]
    assert goal_rows[0][3] == "no KPIs"
    assert goal_rows[1][3] == "Proposals adopted 2 of 4 proposals · 50 %"
    assert links(section(view, "learnings")) == ["Gamma", "Beta", "Alpha"]
    svg = section(view, "coverage")[0].find("svg")
    assert svg.get("role") == "img"
    assert text(svg.find("title")) == "Skills tested, by career stage"
    assert text(svg.find("desc")).startswith(
        "4 experiment-skill pairings across 9 skills and 3 stages"
    )
    cells = {text(r.find("title")) for r in svg.find_all("rect")}
    assert {
        "Management, senior: 2",
        "Communication, senior: 1",
        "Organisation design, leader: 1",
        "Design, associate: 0",
    } <= cells
    table = view.select_one("table.cl-coverage")  # the text alternative next to the chart
    mgmt = next(tr for tr in table.select("tbody tr") if "Management" in text(tr.th))
    assert [text(td) for td in mgmt.find_all("td")] == ["·", "2", "·"]
    calibration = section(view, "calibration")
    assert text(calibration[0]) == (
        "When I was unsure (1–2/5), 0 of 1 hypothesis held. When I was sure (4–5/5), "
        "1 of 1 hypothesis held."
    )
    # the table lists only the confidence scores that were used
    table = next(e for e in calibration if e.name == "table")
    used = [[text(c) for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]
    assert len(used) == 2
    assert all(sum(int(n) for n in row[1:]) == 1 for row in used)


# --- skills ---------------------------------------------------------------------------


def test_skills_index_and_one_skill(built: BuildResult) -> None:
    view = soup(built, "skills/")
    rows = {
        text(tr.th): [text(td) for td in tr.find_all("td")]
        for tr in view.select("table.cl-skill-table tbody tr")
    }
    #            stage    all idea planned running concluded abandoned
    assert rows["Management"] == ["senior", "2", "·", "·", "·", "2", "·"]
    assert rows["Design"] == ["associate", "1", "·", "1", "·", "·", "·"]
    assert rows["Organisation design"] == ["leader", "1", "·", "·", "1", "·", "·"]
    assert rows["Technical fluency"][1] == "0"
    assert view.find("svg", role="img").find("title") is not None
    assert "Not tested by any experiment yet: Technical fluency, Consumer science" in text(
        view.select_one(".cl-lede")
    )

    one = soup(built, "skills/management/")
    assert text(one.h1) == "Management"
    assert links(section(one, "experiments")) == ["Alpha", "Beta"]
    assert links(section(one, "learnings")) == ["Beta", "Alpha"]
    assert links(section(one, "people")) == ["Ann"]
    assert "Secret" not in built.page("skills/management/")

    empty = soup(built, "skills/technical/")
    assert text(section(empty, "experiments")[0]) == "No experiment tests this skill yet."
    assert text(section(empty, "learnings")[0]) == "No learning about this skill yet."


# --- goals ----------------------------------------------------------------------------


def test_goals_index_and_a_goal_page_with_its_kpi_chart(built: BuildResult) -> None:
    view = soup(built, "goals/")
    active = section(view, "active")[0]
    rows = [[text(td) for td in tr.find_all("td")] for tr in active.select("tbody tr")]
    assert [r[0] for r in rows] == ["No KPI goal", "Lead an area"]
    assert rows[0][2] == "no KPIs"
    assert rows[1][2] == "Proposals adopted 2 of 4 proposals · 50 %"
    assert rows[1][3] == "1"  # alpha serves it
    assert rows[0][1] == "30 Sep 2026in 4 months"  # 107 days
    assert text(section(view, "achieved")[0]) == "None."

    page = BeautifulSoup(built.page("goals/lead-area/"), "html.parser")
    svg = page.find("svg", role="img")
    assert text(svg.find("title")) == "Proposals adopted: readings against the target"
    assert text(svg.find("desc")) == (
        "2 readings from 28 Feb 2026 to 31 May 2026; latest 2 proposals on 31 May 2026; "
        "target 4 proposals; baseline 0 proposals."
    )
    readings = page.select_one("details.cl-readings table")
    assert [[text(td) for td in tr.find_all("td")] for tr in readings.select("tbody tr")] == [
        ["28 Feb 2026", "1 proposals"],
        ["31 May 2026", "2 proposals"],
    ]
    assert [text(a) for a in page.select(".cl-experiment-table tbody td:first-child a")] == [
        "Alpha"
    ]

    no_kpi = BeautifulSoup(built.page("goals/no-kpi/"), "html.parser")
    assert no_kpi.find("svg", role="img") is None
    assert "This goal has no KPI yet" in no_kpi.get_text()


# --- board ----------------------------------------------------------------------------


def test_board(built: BuildResult) -> None:
    view = soup(built, "board/")
    rows = [
        [text(td) for td in tr.find_all("td")] for tr in view.select(".cl-board-table tbody tr")
    ]
    # never-met has no date to anchor on, so it sorts first and is overdue; bob is not on the board
    assert rows == [
        ["Never Met", "—", "", "quarterly", "never", "— overdue"],
        ["Ann", "Mentor", "Management", "monthly", "20 May 2026", "20 Jun 2026 in 5 days"],
    ]
    assert "1 of 2 overdue" in text(view.select_one(".cl-lede"))
    actions = [text(li) for li in section(view, "actions")[0].find_all("li")]
    assert actions == ["☐ Send draft (from Talk with Ann, 20 May 2026; due 1 Jun 2026, overdue)"]
    assert links(section(view, "conversations")) == ["Talk with Ann", "Ann"]


# --- learnings and timeline -----------------------------------------------------------


def test_learnings_is_the_changelog_newest_first(built: BuildResult) -> None:
    view = soup(built, "learnings/")
    assert [text(h) for h in view.find_all("h2")] == ["May 2026", "April 2026", "March 2026"]
    cards = view.select(".cl-learning")
    assert [text(c.select_one(".cl-learning__head a")) for c in cards] == ["Gamma", "Beta", "Alpha"]
    assert "abandoned" in text(cards[0].select_one(".cl-learning__head"))
    assert "✗ invalidated" in text(cards[1])
    assert "Beta lesson." in text(cards[1])
    assert "Secret" not in text(view)


def test_timeline_has_one_labelled_bar_per_scheduled_experiment(built: BuildResult) -> None:
    view = soup(built, "timeline/")
    svg = view.find("svg", role="img")
    assert text(svg.find("title")) == "Experiments on a time axis"
    assert text(svg.find("desc")).startswith(
        "7 experiments from 1 Jan 2026 to 30 Sep 2026: 2 concluded, 1 abandoned, 2 running, "
        "2 planned."
    )
    labels = [text(t) for t in svg.select("g.cl-svg-row text")]
    assert labels == [
        "Alpha · concluded",
        "Beta · concluded",
        "Gamma · abandoned",
        "Delta · running",
        "Epsilon · planned (no end date)",
        "Theta · running",
        "Zeta · planned",
    ]
    # the links in the chart go to the entries
    assert svg.select("g.cl-svg-row a")[0].get("xlink:href") == "../experiments/alpha/"
    table = [
        [text(td) for td in tr.find_all("td")] for tr in view.select(".cl-timeline-table tbody tr")
    ]
    assert [r[0] for r in table] == ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Theta", "Zeta"]
    assert table[0][1:] == ["✓ validated", "10 Jan 2026", "20 Mar 2026", "2 months"]  # 69 days
    assert table[4][3] == "no end date"
    assert links(section(view, "unscheduled")) == ["Eta"]


# --- updates --------------------------------------------------------------------------


def test_updates_index_lists_months_with_something_in_them_newest_first(built: BuildResult) -> None:
    view = soup(built, "updates/")
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in view.select("tbody tr")]
    assert rows == [
        ["May 2026", "1", "1", "1", "1"],
        ["April 2026", "0", "1", "0", "0"],
        ["March 2026", "1", "1", "0", "0"],
        ["February 2026", "1", "0", "1", "0"],
        ["January 2026", "1", "0", "0", "0"],
    ]
    # the planned start in June, theta's future start and the July conversation are not news yet
    assert not built.exists("updates/2026-06/")
    assert not built.exists("updates/2026-07/")


def test_a_month_digest(built: BuildResult) -> None:
    view = soup(built, "updates/2026-05/")
    assert text(view.h1) == "May 2026"
    assert links(section(view, "started")) == ["Delta"]
    assert links(section(view, "concluded")) == ["Gamma"]
    kpis = [
        [text(td) for td in tr.find_all("td")] for tr in section(view, "kpis")[0].select("tbody tr")
    ]
    assert kpis == [["31 May 2026", "Lead an area", "Proposals adopted", "2 proposals", "4"]]
    assert links(section(view, "conversations")) == ["Talk with Ann", "Ann"]
    pager = [a.get_text() for a in view.select(".cl-pager a")]
    assert pager == ["← April 2026", "All updates"]

    march = soup(built, "updates/2026-03/")
    assert links(section(march, "started")) == ["Gamma"]
    assert links(section(march, "concluded")) == ["Alpha"]
    assert text(section(march, "kpis")[0]) == "No KPI reading."
    assert text(section(march, "conversations")[0]) == "No conversation."


# --- feed -----------------------------------------------------------------------------


def feed_entries(data: bytes) -> list[dict[str, Any]]:
    root = ET.fromstring(data)  # noqa: S314 - our own build output
    assert root.tag == f"{ATOM}feed"
    return [
        {
            "id": e.findtext(f"{ATOM}id"),
            "title": e.findtext(f"{ATOM}title"),
            "updated": e.findtext(f"{ATOM}updated"),
            "href": e.find(f"{ATOM}link").get("href"),
            "summary": e.findtext(f"{ATOM}summary"),
        }
        for e in root.findall(f"{ATOM}entry")
    ]


def test_feed_is_atom_with_digests_and_concluded_experiments(built: BuildResult) -> None:
    data = (built.site / "feed.xml").read_bytes()
    root = ET.fromstring(data)  # noqa: S314 - our own build output
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.findtext(f"{ATOM}updated") == "2026-05-31T00:00:00Z"
    entries = feed_entries(data)
    assert [(e["id"], e["updated"], e["href"]) for e in entries] == [
        ("urn:careerlog:update:2026-05", "2026-05-31T00:00:00Z", "updates/2026-05/"),
        ("urn:careerlog:update:2026-04", "2026-04-15T00:00:00Z", "updates/2026-04/"),
        ("urn:careerlog:experiment:beta", "2026-04-15T00:00:00Z", "experiments/beta/"),
        ("urn:careerlog:update:2026-03", "2026-03-20T00:00:00Z", "updates/2026-03/"),
        ("urn:careerlog:experiment:alpha", "2026-03-20T00:00:00Z", "experiments/alpha/"),
        ("urn:careerlog:update:2026-02", "2026-02-28T00:00:00Z", "updates/2026-02/"),
        ("urn:careerlog:update:2026-01", "2026-01-10T00:00:00Z", "updates/2026-01/"),
    ]
    assert entries[0]["title"] == "Monthly update: May 2026"
    assert entries[0]["summary"] == (
        "Started: Delta. Concluded: Gamma (abandoned). 1 KPI reading. 1 conversation."
    )
    assert entries[2]["title"] == "Concluded: Beta"
    assert (
        entries[2]["summary"]
        == "Concluded 2026-04-15, hypothesis invalidated. Learned: Beta lesson."
    )
    assert b"Secret" not in data
    assert b"secret" not in data


def test_feed_is_byte_identical_across_builds_and_days(journal: JournalDir) -> None:
    write_journal(journal)
    first = journal.build()
    assert first.ok, first.log
    feed1 = (journal.site / "feed.xml").read_bytes()
    journal.options["today"] = "2026-06-20"  # nothing new happened since the 15th
    second = journal.build()
    assert second.ok, second.log
    feed2 = (journal.site / "feed.xml").read_bytes()
    assert feed1 == feed2
    assert [e["id"] for e in feed_entries(feed1)] == [e["id"] for e in feed_entries(feed2)]


def test_feed_uses_site_url_for_absolute_links_and_ids(journal: JournalDir) -> None:
    write_journal(journal)
    journal.extra_config["site_url"] = "https://example.org/career/"
    result = journal.build(strict=False)
    assert result.ok, result.log
    root = ET.fromstring((journal.site / "feed.xml").read_bytes())  # noqa: S314
    assert root.findtext(f"{ATOM}id") == "https://example.org/career/"
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "https://example.org/career/feed.xml"
    entries = feed_entries((journal.site / "feed.xml").read_bytes())
    assert entries[0]["id"] == entries[0]["href"] == "https://example.org/career/updates/2026-05/"
    assert entries[2]["href"] == "https://example.org/career/experiments/beta/"


def test_empty_journal_builds_every_view_without_crashing(journal: JournalDir) -> None:
    journal.options["visibility_defaults"] = ALL_PUBLIC
    journal.write("index.md", "# Home\n")
    result = journal.build(strict=True)
    assert result.ok, result.log
    assert "Nothing is overdue." in text(soup(result, "dashboard/"))
    assert "No experiment has concluded yet." in text(soup(result, "learnings/"))
    assert "No experiment has a start date yet." in text(soup(result, "timeline/"))
    assert "No one is on the board yet" in text(soup(result, "board/"))
    assert "Nothing has happened yet" in text(soup(result, "updates/"))
    assert text(soup(result, "goals/").select_one(".cl-lede")).startswith("0 SMART goals")
    root = ET.fromstring((journal.site / "feed.xml").read_bytes())  # noqa: S314
    assert root.findall(f"{ATOM}entry") == []
    assert root.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z"


# --- escaping -------------------------------------------------------------------------

EVIL = '<script>alert("x")</script> R&D'


def test_titles_with_markup_show_literally_in_every_view_and_in_the_feed(
    journal: JournalDir,
) -> None:
    write_journal(
        journal,
        titles={
            "alpha": EVIL + " exp",
            "lead-area": EVIL + " goal",
            "ann": EVIL + " person",
            "talk-ann": EVIL + " talk",
        },
    )
    result = journal.build()
    assert result.ok, result.log
    expected = {
        "dashboard/": ["exp", "goal", "talk"],
        "experiments/": ["exp"],
        "goals/": ["goal"],
        "learnings/": ["exp"],
        "timeline/": ["exp"],
        "skills/management/": ["exp", "person"],
        "board/": ["person", "talk"],
        "updates/2026-03/": ["exp"],
        "updates/2026-05/": ["goal", "talk", "person"],
        "goals/lead-area/": ["exp"],
    }
    for url, kinds in expected.items():
        html = result.page(url)
        assert "<script>alert" not in html, url
        page_text = BeautifulSoup(html, "html.parser").get_text(" ")
        for kind in kinds:
            assert f"{EVIL} {kind}" in page_text, (url, kind)
    timeline = BeautifulSoup(result.page("timeline/"), "html.parser").find("svg", role="img")
    assert f"{EVIL} exp · concluded" in [t.get_text() for t in timeline.find_all("text")]

    data = (journal.site / "feed.xml").read_bytes()
    assert b"<script>" not in data
    titles = [e["title"] for e in feed_entries(data)]
    assert f"Concluded: {EVIL} exp" in titles
    summaries = [e["summary"] for e in feed_entries(data)]
    assert any(f"Started: {EVIL} exp." in s for s in summaries)


def test_views_list_their_sections_in_the_table_of_contents(built: BuildResult) -> None:
    page = BeautifulSoup(built.page("dashboard/"), "html.parser")
    toc = [text(a) for a in page.select("nav.md-nav--secondary a.md-nav__link")]
    assert toc[:3] == ["Needs attention 4", "Experiments by status", "Running now"]
    assert "Calibration" in toc
    assert not any("→" in entry for entry in toc)  # links beside headings stay out


_URLS = ["", "a/", "a/b/", "a/b/c/", "a/c/", "ab/", "b/", "feed.xml", "a/feed.xml", "a/b.html",
         "index.html", "a/b/index.html", "skills/x/", "skills/"]


@pytest.mark.parametrize("current", _URLS)
def test_relative_links_lead_to_their_target_from_every_page(current: str) -> None:
    from urllib.parse import urljoin

    from careerlog.render import relative_url

    for target in _URLS:
        link = relative_url(target, current)
        assert not link.startswith("/"), (target, current, link)
        assert urljoin("https://example.org/site/" + current, link) == (
            "https://example.org/site/" + target
        ), (target, current, link)
