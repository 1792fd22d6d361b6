"""Escaping: front-matter text shows literally everywhere and never becomes markup (SPEC §6).

Every string field of every entry type holds markup-injection payloads; the
site is built for real and every HTML file is parsed (and every XML and JSON
file read) to prove no element or attribute came out of them.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BuildResult, JournalDir

EVIL = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> &amp; 'q' \"dq\""


def evil(name: str) -> str:
    return f"{name} {EVIL}"


def entry(data: dict[str, Any], body: str = "Body text.\n") -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body


ENTRIES = {
    "experiments/evil-exp.md": {
        "type": "experiment",
        "title": evil("Experiment"),
        "status": "concluded",
        "hypothesis": {
            "belief": evil("Belief"),
            "test": evil("Test"),
            "measure": evil("Measure"),
            "success": evil("Success"),
        },
        "method": "side-project",
        "start": "2026-01-05",
        "end": "2026-03-01",
        "skills": ["evil-skill", "management"],
        "stage": "senior",
        "goals": ["evil-goal"],
        "people": ["evil-person"],
        "tags": [evil("Tag")],
        "outcome": {
            "date": "2026-03-10",
            "result": "validated",
            "observed": evil("Observed"),
            "learned": evil("Learned"),
            "next": evil("Next"),
        },
    },
    "experiments/evil-running.md": {
        "type": "experiment",
        "title": evil("Running"),
        "status": "running",
        "hypothesis": {
            "belief": evil("Belief2"),
            "test": "t",
            "measure": "m",
            "success": "s",
        },
        "method": "learning",
        "start": "2026-05-01",
        "end": "2026-08-01",
        "follows": ["evil-exp"],
        "skills": ["evil-skill"],
        "stage": "senior",
    },
    "goals/evil-goal.md": {
        "type": "goal",
        "title": evil("Goal"),
        "specific": evil("Specific"),
        "measurable": evil("Measurable"),
        "achievable": evil("Achievable"),
        "relevant": evil("Relevant"),
        "due": "2026-12-31",
        "tags": [evil("GoalTag")],
        "kpis": [
            {
                "name": evil("KPI"),
                "unit": evil("Unit"),
                "baseline": 0,
                "target": 10,
                "readings": [
                    {"date": "2026-02-01", "value": 3},
                    {"date": "2026-04-01", "value": 6},
                ],
            }
        ],
    },
    "people/evil-person.md": {
        "type": "person",
        "title": evil("Person"),
        "relationship": "mentor",
        "board": True,
        "cadence": "quarterly",
        "since": "2025-01-01",
        "expertise": ["evil-skill"],
    },
    "conversations/evil-talk.md": {
        "type": "conversation",
        "title": evil("Conversation"),
        "date": "2026-04-02",
        "people": ["evil-person"],
        "kind": "mentoring",
        "asked": evil("Asked"),
        "heard": evil("Heard"),
        "actions": [{"do": evil("Action"), "due": "2026-05-01"}],
    },
    "reflections/evil-reflection.md": {
        "type": "reflection",
        "title": evil("Reflection"),
        "date": "2026-04-20",
        "kind": "win",
        "follows": ["evil-exp"],
    },
}

LISTING = """\
# Home

```careerlog
view: experiments
```

```careerlog
view: conversations
```
"""


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    journal = JournalDir(tmp_path_factory.mktemp("evil"))
    journal.options.update(
        {
            "visibility_defaults": dict.fromkeys(
                ("experiment", "goal", "person", "conversation", "reflection"), "public"
            ),
            "skills": {"evil-skill": {"name": evil("Skill"), "stage": "senior"}},
        }
    )
    journal.extra_config["site_url"] = "https://example.com/journal/"
    journal.write("index.md", LISTING)
    for rel, data in ENTRIES.items():
        journal.write(rel, entry(data))
    result = journal.build()
    assert result.ok, result.log
    return result


def _files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


def _assert_inert(html: str, where: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    scripts = [s for s in soup.find_all("script") if "alert(1)" in s.get_text()]
    assert not scripts, f"{where}: a <script> came out of front matter"
    handlers = soup.find_all(lambda tag: "onerror" in tag.attrs)
    assert not handlers, f"{where}: an onerror attribute came out of front matter"
    assert not soup.find_all("img", src="x"), f"{where}: an <img> came out of front matter"


def test_no_html_file_holds_an_injected_element(evil_site: BuildResult) -> None:
    pages = _files(evil_site.site, ".html")
    assert len(pages) > 10
    for path in pages:
        _assert_inert(path.read_text("utf-8"), path.relative_to(evil_site.site).as_posix())


def test_xml_files_parse_and_their_html_content_is_inert(evil_site: BuildResult) -> None:
    xml_files = _files(evil_site.site, ".xml")
    assert {p.name for p in xml_files} >= {"sitemap.xml", "feed.xml"}
    for path in xml_files:
        root = ET.parse(path).getroot()  # noqa: S314 - our own output; raises if malformed
        for element in root.iter():
            local = element.tag.rsplit("}", 1)[-1]
            assert local not in ("script", "img"), f"{path.name}: <{local}> element"
            assert not any(k.lower().startswith("on") for k in element.attrib), path.name
            if element.get("type") in ("html", "xhtml") and element.text:
                _assert_inert(element.text, f"{path.name} <{local}>")
    feed = ET.parse(evil_site.site / "feed.xml").getroot()  # noqa: S314 - our own output
    texts = " ".join(el.text or "" for el in feed.iter() if el.tag.endswith("title"))
    assert EVIL in texts  # the literal title, as text


def test_search_index_shows_titles_literally(evil_site: BuildResult) -> None:
    index = json.loads((evil_site.site / "search/search_index.json").read_text("utf-8"))
    docs = index["docs"]
    for doc in docs:  # Material renders both fields as HTML
        _assert_inert(doc["title"], f"search index title of {doc['location']}")
        _assert_inert(doc["text"], f"search index text of {doc['location']}")
    page = next(d for d in docs if d["location"] == "experiments/evil-exp/")
    assert BeautifulSoup(page["title"], "html.parser").get_text() == evil("Experiment")


def test_export_holds_the_exact_strings(evil_site: BuildResult) -> None:
    export = json.loads((evil_site.site / "careerlog.json").read_text("utf-8"))
    by_id = {e["id"]: e for e in export["entries"]}
    assert by_id["evil-exp"]["title"] == evil("Experiment")
    assert by_id["evil-exp"]["hypothesis"]["belief"] == evil("Belief")
    assert by_id["evil-goal"]["kpis"][0]["name"] == evil("KPI")
    assert by_id["evil-talk"]["actions"][0]["do"] == evil("Action")
    assert by_id["evil-exp"]["tags"] == [evil("Tag")]


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("experiments/evil-exp/", "Experiment"),
        ("goals/evil-goal/", "Goal"),
        ("people/evil-person/", "Person"),
        ("conversations/evil-talk/", "Conversation"),
        ("reflections/evil-reflection/", "Reflection"),
    ],
)
def test_entry_pages_show_title_and_fields_as_text(
    evil_site: BuildResult, url: str, title: str
) -> None:
    soup = BeautifulSoup(evil_site.page(url), "html.parser")
    assert soup.title is not None
    assert soup.title.get_text().startswith(evil(title) + " - ")
    h1 = soup.select_one("article h1")
    assert h1 is not None
    assert h1.get_text(strip=True) == evil(title).strip()
    text = soup.get_text()
    fields = {
        "Experiment": [
            *("Belief", "Test", "Measure", "Success", "Observed", "Learned", "Next", "Tag")
        ],
        "Goal": ["Specific", "Measurable", "Achievable", "Relevant", "KPI", "GoalTag"],
        "Person": [],
        "Conversation": ["Asked", "Heard", "Action", "Person"],
        "Reflection": ["Experiment"],
    }[title]
    for name in fields:
        assert evil(name) in text, f"{name} is not shown literally on {url}"


def test_views_and_references_show_titles_literally(evil_site: BuildResult) -> None:
    experiments = BeautifulSoup(evil_site.page("experiments/"), "html.parser")
    links = {a.get_text(strip=True) for a in experiments.select("article a")}
    assert evil("Experiment").strip() in links
    running = BeautifulSoup(evil_site.page("experiments/evil-running/"), "html.parser")
    assert evil("Experiment").strip() in {a.get_text(strip=True) for a in running.select("a")}
    home = BeautifulSoup(evil_site.page(""), "html.parser")
    assert evil("Conversation") in home.get_text()
    dashboard = BeautifulSoup(evil_site.page("dashboard/"), "html.parser")
    assert evil("Running") in dashboard.get_text()
