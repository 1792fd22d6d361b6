"""Privacy: nothing of a private entry reaches a published build (SPEC §5).

The leak suite builds a journal whose every private place holds the marker
`zqxpriv` (ids, titles, slugs, bodies, private blocks, private_dir, nav,
links, attachments, references from public entries) and greps every output
file, decompressed, for it, across configurations. The audit tests then
inject leaks on purpose and expect the build to fail.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from careerlog import privacy
from conftest import EXPERIMENT, BuildResult, JournalDir

MARK = re.compile(rb"zqxpriv", re.IGNORECASE)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16

PUBLIC_EXPERIMENT = """\
---
type: experiment
title: Try a public talk
status: planned
hypothesis:
  belief: Speaking in public would grow my reach.
  test: Give one meetup talk.
  measure: Invitations that follow.
  success: Two invitations within a month.
method: side-project
start: 2026-07-01
goals: [public-goal, zqxpriv-goal]
people: [zqxpriv-boss]
follows: [zqxpriv-quit]
---
Read [the plan](zqxpriv-quit.md) before the talk, and [the other one](older-talk.md).

![shared picture](../img/shared.png)

/// private
ZQXPRIV-BLOCK-1 what I really think of the team
///

- a list item

    /// private
    ZQXPRIV-BLOCK-2 indented inside the list
    ///

/// private
ZQXPRIV-BLOCK-3 before a nested block

/// note
inside the private block
///

ZQXPRIV-BLOCK-4 after the nested block
///

Public text after the blocks.
"""

OLDER_EXPERIMENT = """\
---
type: experiment
title: An older talk
status: idea
hypothesis:
  belief: Meetups are a good start.
---
The first idea.
"""

PRIVATE_EXPERIMENT = """\
---
type: experiment
title: ZQXPRIV-T1 Quit Acme for a startup
visibility: private
status: concluded
hypothesis:
  belief: ZQXPRIV-H1 a startup would suit me better.
  test: ZQXPRIV-H2 interview at three startups.
  measure: ZQXPRIV-H3 offers.
  success: ZQXPRIV-H4 one offer I want.
method: job-change
start: 2026-01-05
end: 2026-03-01
outcome:
  date: 2026-03-10
  result: validated
  observed: ZQXPRIV-O1 two offers.
  learned: ZQXPRIV-O2 I am ready to leave.
goals: [public-goal]
follows: [older-talk]
tags: [zqxpriv-tag]
skills: [management]
stage: leader
---
ZQXPRIV-B1 the body of the plan.

![only mine](../img/zqxpriv-only.png)
![shared](../img/shared.png)
[my letter](../files/resignation-letter.pdf)
"""

PERSON = """\
---
type: person
title: ZQXPRIV-T2 Karen the manager
relationship: manager
board: true
cadence: monthly
since: 2025-01-01
---
ZQXPRIV-B2 notes about my manager.
"""

PRIVATE_GOAL = """\
---
type: goal
title: ZQXPRIV-T3 Be promoted elsewhere
visibility: private
specific: ZQXPRIV-S1 a staff role.
measurable: ZQXPRIV-S2 an offer letter.
due: 2026-12-31
kpis:
  - name: ZQXPRIV-K1 interviews
    target: 5
    readings:
      - {date: 2026-02-01, value: 2}
---
ZQXPRIV-B3
"""

PUBLIC_GOAL = """\
---
type: goal
title: Grow my reach
specific: Speak at two meetups.
measurable: Two talks given.
due: 2026-12-31
kpis:
  - name: Talks given
    target: 2
    readings:
      - {date: 2026-05-01, value: 1}
---
"""

CONVERSATION = """\
---
type: conversation
title: ZQXPRIV-T4 Talk about leaving
date: 2026-02-02
people: [zqxpriv-boss]
kind: career
asked: ZQXPRIV-A1 can I move teams?
heard: ZQXPRIV-A2 not this year.
actions:
  - {do: ZQXPRIV-A3 update my CV, due: 2026-02-20}
---
ZQXPRIV-B4
"""

REFLECTION = """\
---
type: reflection
id: zqxpriv-reflection-id
title: ZQXPRIV-T6 A bad week
date: 2026-04-01
kind: setback
follows: [zqxpriv-quit]
---
ZQXPRIV-B6
"""

DIARY = """\
---
type: reflection
title: ZQXPRIV-T5 Diary kept outside docs
visibility: public
date: 2026-05-01
kind: retro
---
ZQXPRIV-B5 private_dir wins over any visibility.
"""

HOME = """\
# Home

Start with [the public talk](experiments/public-talk.md); the plan is in
[the plan](experiments/zqxpriv-quit.md "title") and my manager is [my boss][boss].
A shortcut reference: [boss].

<a href="people/zqxpriv-boss.md">my manager in HTML</a>

[boss]: people/zqxpriv-boss.md

/// private
ZQXPRIV-BLOCK-HOME salary numbers
///
"""

NAV = [
    {"Home": "index.md"},
    {"Talk": "experiments/public-talk.md"},
    {"Secret": "people/zqxpriv-boss.md"},
    "experiments/zqxpriv-quit.md",
    {"Private section": ["goals/zqxpriv-goal.md", {"Chat": "conversations/zqxpriv-talk.md"}]},
    {"Anchored": "people/zqxpriv-boss.md#since"},
]


def leak_journal(journal: JournalDir) -> JournalDir:
    journal.options.update(
        {
            "visibility_defaults": {"experiment": "public", "goal": "public"},
            "private_dir": "private",
        }
    )
    journal.write("index.md", HOME)
    journal.write("experiments/public-talk.md", PUBLIC_EXPERIMENT)
    journal.write("experiments/older-talk.md", OLDER_EXPERIMENT)
    journal.write("experiments/zqxpriv-quit.md", PRIVATE_EXPERIMENT)
    journal.write("people/zqxpriv-boss.md", PERSON)
    journal.write("goals/zqxpriv-goal.md", PRIVATE_GOAL)
    journal.write("goals/public-goal.md", PUBLIC_GOAL)
    journal.write("conversations/zqxpriv-talk.md", CONVERSATION)
    journal.write("reflections/a-bad-week.md", REFLECTION)
    journal.write(str(journal.root / "private" / "zqxpriv-diary.md"), DIARY)
    journal.write_bytes("img/shared.png", PNG)
    journal.write_bytes("img/zqxpriv-only.png", PNG)
    journal.write_bytes("files/resignation-letter.pdf", b"%PDF-1.4 ZQXPRIV-PDF")
    return journal


def hits(site: Path) -> list[str]:
    """Every output file whose name or (decompressed) content holds the marker."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        rel = path.relative_to(site).as_posix()
        if MARK.search(rel.encode()) or MARK.search(data):
            found.append(rel)
    return found


def assert_nothing_private(result: BuildResult) -> None:
    assert result.ok, result.log
    assert hits(result.site) == []
    assert not (result.site / "files/resignation-letter.pdf").exists()
    assert (result.site / "img/shared.png").exists()  # a public page uses it too
    assert "Karen" not in result.all_text()


CONFIGS = [
    pytest.param(True, True, True, id="search-nav-dirurls"),
    pytest.param(True, False, False, id="search-autonav-htmlurls"),
    pytest.param(False, True, False, id="nosearch-nav-htmlurls"),
    pytest.param(False, False, True, id="nosearch-autonav-dirurls"),
]


@pytest.mark.parametrize(("search", "nav", "directory_urls"), CONFIGS)
def test_published_build_holds_no_trace_of_private_entries(
    journal: JournalDir, search: bool, nav: bool, directory_urls: bool
) -> None:
    leak_journal(journal)
    if not search:
        journal.extra_config["plugins"] = [{"careerlog": journal.options}]
    if nav:
        journal.extra_config["nav"] = NAV
    journal.extra_config["use_directory_urls"] = directory_urls
    result = journal.build()
    assert_nothing_private(result)

    talk = "experiments/public-talk/" if directory_urls else "experiments/public-talk.html"
    soup = BeautifulSoup(result.page(talk), "html.parser")
    # references to private entries: "a private entry", no title, no link
    assert len(soup.select(".cl-private-ref")) >= 3
    assert "Public text after the blocks." in soup.get_text()
    assert "inside the private block" not in soup.get_text()
    # the Markdown link became its text; the public link stays a link
    body = soup.select_one("article") or soup
    assert "the plan" in body.get_text()
    assert not [a for a in body.find_all("a") if a.get_text() == "the plan"]
    assert [a for a in body.find_all("a") if a.get_text() == "the other one"]

    home = BeautifulSoup(result.page("" if directory_urls else "index.html"), "html.parser")
    texts = {a.get_text(strip=True) for a in home.find_all("a")}
    assert not texts & {"the plan", "my boss", "boss", "my manager in HTML"}
    assert "my manager in HTML" in home.get_text()
    assert "the public talk" in texts
    if nav:
        nav_titles = {a.get_text(strip=True) for a in home.select("nav a")}
        assert "Talk" in nav_titles
        assert not nav_titles & {"Secret", "Private section", "Chat", "Anchored"}
    if search:
        index = json.loads((result.site / "search/search_index.json").read_text("utf-8"))
        locations = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert any("public-talk" in loc for loc in locations)

    # one WARNING per unlinked link, naming file and line, never the target
    unlinked = [w for w in result.warnings if "link to a private entry" in w]
    assert {w.removeprefix("careerlog: ").split(": ")[0] for w in unlinked} == {
        "index.md:4",
        "index.md:5",
        "index.md:7",
        "experiments/public-talk.md:16",
    }
    assert not [w for w in unlinked if MARK.search(w.encode())]


def test_strict_build_fails_on_a_link_to_a_private_entry(journal: JournalDir) -> None:
    journal.options["visibility_defaults"] = {"experiment": "public"}
    journal.write("index.md", "# Home\n\nSee\n[it](people/someone.md).\n")
    journal.write("people/someone.md", "---\ntype: person\ntitle: Someone Private\n---\n")
    result = journal.build(strict=True)
    assert not result.ok
    assert "index.md:4: a link to a private entry is published as its text only" in result.log
    assert "someone" not in "\n".join(result.warnings)


@pytest.mark.parametrize(
    "path", ["experiments/manage.md", "notes/plain.md"], ids=["entry", "ordinary page"]
)
def test_a_body_after_blank_lines_keeps_its_line_numbers(journal: JournalDir, path: str) -> None:
    # MkDocs drops the blank lines that open a page's body; careerlog counts lines in the file
    journal.options["visibility_defaults"] = {"experiment": "public"}
    journal.write("people/someone.md", "---\ntype: person\ntitle: Someone Private\n---\n")
    text = EXPERIMENT if path.startswith("experiments") else "---\ntitle: Plain\n---\nNotes\n"
    text = text.replace("---\nNotes", "---\n\n\nNotes")
    text += "\nSee [them](../people/someone.md).\n"
    journal.write(path, text)
    result = journal.build()
    line = text.splitlines().index("See [them](../people/someone.md).") + 1
    assert f"{path}:{line}: a link to a private entry is published" in result.log


def test_serve_shows_private_entries_with_a_banner(journal: JournalDir) -> None:
    leak_journal(journal)
    result = journal.build(serve=True)
    assert result.ok, result.log
    quit_page = BeautifulSoup(result.page("experiments/zqxpriv-quit/"), "html.parser")
    banner = quit_page.select_one(".cl-banner")
    assert banner is not None
    assert "private — not published" in banner.get_text()
    assert "ZQXPRIV-T1 Quit Acme for a startup" in quit_page.get_text()
    diary = BeautifulSoup(result.page("private/zqxpriv-diary/"), "html.parser")
    assert diary.select_one(".cl-banner") is not None
    assert "ZQXPRIV-B5" in diary.get_text()
    talk = BeautifulSoup(result.page("experiments/public-talk/"), "html.parser")
    blocks = talk.select(".cl-private-block")
    assert len(blocks) == 3
    assert "ZQXPRIV-BLOCK-4 after the nested block" in blocks[2].get_text()
    assert "private — not published" in blocks[0].get_text()
    assert [a for a in talk.find_all("a") if a.get_text() == "the plan"]
    assert (result.site / "files/resignation-letter.pdf").exists()


def test_dirty_rebuild_removes_an_entry_that_became_private(journal: JournalDir) -> None:
    leak_journal(journal)
    journal.write("experiments/zqxpriv-quit.md", PRIVATE_EXPERIMENT.replace("private", "public"))
    journal.write("people/zqxpriv-boss.md", PERSON.replace("title:", "visibility: public\ntitle:"))
    first = journal.build()
    assert first.ok, first.log
    assert first.exists("experiments/zqxpriv-quit/")
    assert (first.site / "files/resignation-letter.pdf").exists()

    time.sleep(0.01)
    journal.write("experiments/zqxpriv-quit.md", PRIVATE_EXPERIMENT)
    journal.write("people/zqxpriv-boss.md", PERSON)
    for rel in ("experiments/zqxpriv-quit.md", "people/zqxpriv-boss.md"):
        later = time.time() + 5
        os.utime(journal.docs / rel, (later, later))
    result = journal.build(dirty=True)
    assert_nothing_private(result)
    assert not (result.site / "experiments/zqxpriv-quit").exists()


def test_a_public_page_quoting_a_private_title_fails_the_build(journal: JournalDir) -> None:
    leak_journal(journal)
    journal.write("about.md", "# About\n\nI once wrote ZQXPRIV-T1 Quit Acme for a startup.\n")
    result = journal.build()
    assert not result.ok
    assert "about/index.html line" in result.log
    assert "the title of a private entry" in result.log
    assert "Quit Acme" not in result.log
    assert not (result.site / "about/index.html").exists()  # never left behind


def test_a_file_a_hook_copies_into_the_site_is_caught(journal: JournalDir) -> None:
    leak_journal(journal)
    hook = journal.root / "leaky_hook.py"
    hook.write_text(
        "from pathlib import Path\n\n"
        "def on_post_build(config):\n"
        "    Path(config.site_dir, 'notes.txt').write_text('see experiments/zqxpriv-quit/')\n",
        encoding="utf-8",
    )
    journal.extra_config["hooks"] = [str(hook)]
    result = journal.build()
    assert not result.ok
    assert "notes.txt" in result.log
    assert not (result.site / "notes.txt").exists()


def test_a_private_attachment_named_in_a_public_page_is_caught(journal: JournalDir) -> None:
    leak_journal(journal)
    journal.write_bytes("img/zqxpriv-quit.png", PNG)  # named after a private entry's id
    result = journal.build()
    assert not result.ok
    assert "img/zqxpriv-quit.png (its name): the id of a private entry" in result.log


def test_common_words_as_private_ids_do_not_fail_the_build(journal: JournalDir) -> None:
    journal.options["visibility_defaults"] = {"experiment": "public"}
    journal.write("index.md", "# Home\n\nMy notes, feedback and side-project ideas.\n")
    journal.write("people/notes.md", "---\ntype: person\ntitle: Notes\n---\nSecret.\n")
    journal.write("people/feedback.md", "---\ntype: person\ntitle: Feedback\n---\n")
    journal.write(
        "experiments/side-project.md",
        "---\ntype: experiment\ntitle: Side project\nvisibility: private\nstatus: idea\n"
        "hypothesis: {belief: x}\n---\n",
    )
    journal.write(
        "experiments/public-one.md",
        "---\ntype: experiment\ntitle: Notes to self\nstatus: planned\n"
        "hypothesis: {belief: a, test: b, measure: c, success: d}\nmethod: side-project\n"
        "start: 2026-07-01\n---\n## Notes\n",
    )
    result = journal.build(strict=True)
    assert result.ok, result.log
    assert not result.exists("people/notes/")
    assert "side-project" in (result.site / "careerlog.json").read_text("utf-8")


@pytest.mark.parametrize("value", ["Public", "yes", "'private '", "hidden", "[public]"])
def test_visibility_must_be_exactly_public_or_private(journal: JournalDir, value: str) -> None:
    journal.options["visibility_defaults"] = {"experiment": "public"}
    journal.write(
        "experiments/odd.md",
        f"---\ntype: experiment\ntitle: Odd\nvisibility: {value}\nstatus: idea\n"
        "hypothesis: {belief: x}\n---\n",
    )
    result = journal.build()
    assert not result.ok
    assert "experiments/odd.md:4: visibility:" in result.log
    assert "cannot tell whether these files may be published" in result.log
    assert not (result.site / "experiments/odd/index.html").exists()


def test_the_default_visibility_of_every_type_is_private(journal: JournalDir) -> None:
    journal.options.pop("visibility_defaults", None)
    journal.write("index.md", "# Home\n")
    journal.write(
        "experiments/exp.md",
        "---\ntype: experiment\ntitle: Hidden by default\nstatus: idea\n"
        "hypothesis: {belief: x}\n---\n",
    )
    journal.write("goals/g.md", "---\ntype: goal\ntitle: Goal hidden\nspecific: s\n"
                  "measurable: m\ndue: 2026-12-31\n---\n")
    result = journal.build()
    assert result.ok, result.log
    assert not result.exists("experiments/exp/")
    assert not result.exists("goals/g/")
    assert json.loads((result.site / "careerlog.json").read_text("utf-8"))["entries"] == []
    assert "Hidden by default" not in result.all_text()


# --- the core, without MkDocs --------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "published"),
    [
        ("a\n/// private\nsecret\n///\nb\n", "a\nb\n"),
        ("a\n  /// private\n  secret\n  ///\nb\n", "a\nb\n"),
        ("/// private\nx\n/// note\ny\n///\nsecret\n///\nb\n", "b\n"),
        ("//// private\n/// note\ny\n///\nsecret\n////\nb\n", "b\n"),
        ("a\n/// private\nnever closed\nsecret\n", "a\n"),
        ("/// details | Title\nkept\n///\n", "/// details | Title\nkept\n///\n"),
        ("a\r\n/// private\r\nsecret\r\n///\r\nb\r\n", "a\r\nb\r\n"),
    ],
)
def test_private_blocks_are_removed_whole(markdown: str, published: str) -> None:
    assert privacy.private_blocks(markdown, serving=False) == published
    served = privacy.private_blocks(markdown, serving=True)
    if "private" in markdown:
        assert "private — not published" in served
        assert "secret" in served


KEYS = privacy.target_keys("people/boss.md", "people/boss/")


@pytest.mark.parametrize(
    ("markdown", "expected", "lines"),
    [
        ("x [a](../people/boss.md) y", "x a y", [0]),
        ("x [a](../people/boss.md#since 'T') y", "x a y", [0]),
        ("x [a](/people/boss.md) y", "x a y", [0]),
        ("x [a](../../people/boss/) y", "x a y", [0]),
        ("x [a][b]\n\n[b]: ../people/boss.md\n", "x a\n\n\n", [0]),
        ("x [B]\n[b]:  <../people/boss.md>\n", "x B\n\n", [0]),
        ('\n<a class="c" href="../people/boss.md">a</a>', "\na", [1]),
        ("x `[a](../people/boss.md)` y", "x `[a](../people/boss.md)` y", []),
        ("```\n[a](../people/boss.md)\n```\n", "```\n[a](../people/boss.md)\n```\n", []),
        ("x [a](../people/bossy.md) y", "x [a](../people/bossy.md) y", []),
        ("x ![a](../people/boss.md) y", "x ![a](../people/boss.md) y", []),
        ("[a](https://example.com/people/boss.md)", "[a](https://example.com/people/boss.md)", []),
    ],
)
def test_links_to_private_pages_become_text(markdown: str, expected: str, lines: list[int]) -> None:
    out, found = privacy.unlink_private(markdown, "experiments/talk.md", "experiments/talk/", KEYS)
    assert out == expected
    assert found == lines


def test_nav_items_naming_private_pages_are_dropped() -> None:
    keys = privacy.target_keys("people/boss.md", "people/boss/")
    nav = [
        "index.md",
        {"Boss": "people/boss.md"},
        "./people/boss.md",
        {"Section": ["people/boss.md", {"Deep": "people/boss.md#x"}]},
        {"Mixed": ["people/boss.md", "other.md"]},
        {"URL": "people/boss/"},
        {"External": "https://example.com/people/boss.md"},
    ]
    assert privacy.drop_from_nav(nav, keys) == [
        "index.md",
        {"Mixed": ["other.md"]},
        {"External": "https://example.com/people/boss.md"},
    ]


def test_an_ordinary_page_marked_private_is_not_published(journal: JournalDir) -> None:
    journal.write("index.md", "# Home\n\n[salary](salary.md)\n")
    journal.write("salary.md", "---\nvisibility: private\n---\n# Salary\n\nZQXPRIV-SALARY\n")
    result = journal.build()
    assert result.ok, result.log
    assert hits(result.site) == []
    assert "index.md:3: a link to a private entry" in result.log
    served = journal.build(serve=True)
    assert "ZQXPRIV-SALARY" in served.page("salary/")


def test_an_attachment_linked_from_outside_docs_dir_fails_the_build(
    journal: JournalDir, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("elsewhere") / "offer-letter.pdf"
    secret.write_bytes(b"%PDF ZQXLINKEDOUT salary details")
    journal.write("index.md", "# Home\n")
    journal.docs.joinpath("files").mkdir(parents=True)
    journal.docs.joinpath("files", "offer.pdf").symlink_to(secret)
    result = journal.build()
    assert not result.ok
    assert "files/offer.pdf:1: is a symbolic link leading outside docs_dir" in result.log
    assert not (result.site / "files" / "offer.pdf").exists()
    assert not result.site.exists() or "ZQXLINKEDOUT" not in result.all_text()
    served = journal.build(serve=True)
    assert served.ok, served.log
    assert not (served.site / "files" / "offer.pdf").exists()


def test_audit_finds_a_title_wrapped_over_lines_even_when_its_lines_recur(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "b").mkdir()
    # the first line of the title also stands, harmlessly, in another page
    (site / "a" / "index.html").write_text("<p>Would managing\nsomething else</p>\n")
    (site / "b" / "index.html").write_text("<p>Would managing\npeople energise me?</p>\n")
    title = privacy.Marker("Would managing people energise me?", "title")
    leaks = privacy.audit(site, [title])
    assert [(leak.file, leak.line) for leak in leaks] == [("b/index.html", 1)]


def test_audit_sees_ids_behind_entities_and_json_escapes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("<p>zqx&#45;boss-2 is public, zqx&#45;boss is not</p>\n")
    (site / "data.json").write_text('{"ref": "zqx\\u002dboss"}\n')
    clean = site / "clean.html"
    clean.write_text("<p>zqx-boss-2 only</p>\n")
    leaks = privacy.audit(site, [privacy.Marker("zqx-boss", "id")])
    assert sorted(leak.file for leak in leaks) == ["data.json", "page.html"]


def test_audit_reads_json_with_half_a_surrogate_pair(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "data.json").write_text('{"a": "\\ud800 then zqx\\u002dboss", "b": "\\udc00"}\n')
    leaks = privacy.audit(site, [privacy.Marker("zqx-boss", "id")])
    assert [(leak.file, leak.kind) for leak in leaks] == [("data.json", "id")]


def test_the_audits_white_space_is_every_character_python_calls_white_space() -> None:
    every = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(privacy.WHITESPACE) == every
    assert all(re.fullmatch(r"\s", c) for c in every)


@pytest.mark.parametrize(
    "gap", ["\n", "\n    ", " \n", "\t", "  ", "\xa0", "\u2003", "\r\n  "], ids=repr
)
def test_audit_finds_a_title_whatever_white_space_separates_its_words(
    tmp_path: Path, gap: str
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text(f"<p>intro</p>\n<p>Would{gap}managing people energise me?</p>")
    (site / "other.html").write_text("<p>Would managing teams energise me? Wouldmanaging people")
    title = privacy.Marker("Would managing people energise me?", "title")
    leaks = privacy.audit(site, [title])
    assert [(leak.file, leak.line) for leak in leaks] == [("page.html", 2)]


def test_audit_tells_a_title_from_longer_words_and_finds_it_escaped(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("<p>Ask for R&amp;D budget at last</p>\n")
    (site / "b.html").write_text("<p>XAsk for R&amp;D budget</p><p>Ask for R&amp;D budgets</p>\n")
    (site / "c.json").write_text('{"t": "Ask for R\\u0026D budget"}')
    (site / "d.txt").write_text("line one\nAsk for R&D budget\n")
    title = privacy.Marker("Ask for R&D budget", "title")
    leaks = privacy.audit(site, [title])
    found = [(leak.file, leak.line) for leak in leaks]
    assert found == [("a.html", 1), ("c.json", 1), ("d.txt", 2)]


def test_audit_reports_every_marker_of_a_file_once_with_its_first_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "people" / "zqx-boss").mkdir(parents=True)
    (site / "people" / "zqx-boss" / "index.html").write_text("<p>nothing</p>\n")
    (site / "index.html").write_text(
        "<p>clean</p>\n<a href='people/zqx-boss/'>x</a>\n<p>zqx-boss and zqx-boss</p>\n"
    )
    markers = [privacy.Marker("people/zqx-boss/", "URL"), privacy.Marker("zqx-boss", "id")]
    leaks = privacy.audit(site, markers)
    assert sorted((leak.file, leak.line, leak.kind) for leak in leaks) == [
        ("index.html", 2, "URL"),
        ("index.html", 2, "id"),
        ("people/zqx-boss/index.html", 0, "id"),  # the page itself, by its name
    ]


def _random_texts(alphabet: str, count: int = 300) -> list[str]:
    rng = random.Random(20261122)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(count)]


@pytest.mark.parametrize("undo", [html.unescape, privacy._json_unescape], ids=["html", "json"])
def test_texts_read_in_chunks_are_undone_in_pieces_exactly_as_whole(
    undo: Callable[[str], str],
) -> None:
    rng = random.Random(5)
    for text in _random_texts("&amp;#x41lt; \n\t\\\\u00e9d83dde00\"/nq"):
        cuts = sorted(rng.sample(range(len(text) + 1), min(len(text) + 1, rng.randint(0, 12))))
        chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        pieces = list(privacy._pieces(chunks))
        assert "".join(pieces) == text
        assert all(piece[-1].isspace() for piece in pieces[:-1]), pieces
        assert "".join(map(undo, pieces)) == undo(text), text


def _first_lines_of_whole(text: str, marker: privacy.Marker) -> int | None:
    """What the audit must find: the marker's pattern searched through the whole text."""
    found = privacy._pattern(marker).search(html.unescape(text))
    return None if found is None else html.unescape(text).count("\n", 0, found.start()) + 1


@pytest.mark.parametrize("automaton", ["dfa", "nfa"])  # few literals, or many
def test_audit_read_in_small_pieces_finds_what_a_search_of_the_whole_text_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, automaton: str
) -> None:
    monkeypatch.setattr(privacy, "_DFA_LITERALS", 3000 if automaton == "dfa" else 0)
    markers = [
        privacy.Marker("Ask for R&D budget", "title"),
        privacy.Marker("zqx-boss", "id"),
        privacy.Marker("people/zqx-boss/", "URL"),
    ]
    words = ["Ask", "for", "R&amp;D", "R&D", "budget", "budgets", "zqx-boss", "x", "people/",
             "people/zqx-boss/", "zqx-boss.html", "é", "😀", "/"]
    gaps = [" ", "\n", "\t", "  \n  ", " " * 40, "\xa0", ""]
    rng = random.Random(11)
    site = tmp_path / "site"
    site.mkdir()
    page = site / "page.html"
    for trial in range(250):
        parts = []
        for _ in range(rng.randint(0, 30)):
            if rng.random() < 0.1:  # the title, its words apart by any white space
                parts.append("".join(w + rng.choice(gaps[:-1]) for w in ["Ask", "for", "R&amp;D"]))
            parts.append(rng.choice(words) + rng.choice(gaps))
        text = "".join(parts)
        page.write_text(text, encoding="utf-8")
        expected = sorted(
            (line, marker.kind)
            for marker in markers
            if (line := _first_lines_of_whole(text, marker)) is not None
        )
        monkeypatch.setattr(privacy, "_READ", rng.randint(1, 9))  # splits characters' bytes too
        monkeypatch.setattr(privacy, "_WINDOW", rng.randint(1, 20))
        found = sorted((leak.line, leak.kind) for leak in privacy.audit(site, markers))
        assert found == expected, (trial, text)


def test_audit_read_in_small_pieces_reads_json_gzip_and_latin_1_as_whole_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    markers = [privacy.Marker("Ask for R&D budget", "title"), privacy.Marker("zqx-boss", "id")]
    site = tmp_path / "site"
    site.mkdir()
    rng = random.Random(12)
    for trial in range(120):
        gap = rng.choice([" ", "\n", "\n\n  ", "\t"])
        words = ["x ", "é\n", "😀 ", "a&amp;b "]
        head = "".join(rng.choice(words) for _ in range(rng.randint(0, 9)))
        text = f"{head}Ask for{gap}R&D budget, zqx-boss\n"
        data = json.dumps({"docs": [{"text": text}]}, indent=rng.choice([None, 1]))
        raw = b"\xff\n" + text.encode("utf-8")  # not UTF-8: read as Latin-1
        (site / "index.json").write_text(data, encoding="utf-8")
        (site / "page.html.gz").write_bytes(gzip.compress(text.encode("utf-8")))
        (site / "latin.txt").write_bytes(raw)
        # what a search of each whole file finds: in its text, or else (JSON) in its strings
        versions = {
            "index.json": [data, privacy._json_unescape(data)],
            "page.html.gz": [text],
            "latin.txt": [raw.decode("latin-1")],
        }
        expected = []
        for name, texts in versions.items():
            for marker in markers:
                lines = [_first_lines_of_whole(version, marker) for version in texts]
                line = next(found for found in lines if found is not None)
                expected.append((name, line, marker.kind))
        monkeypatch.setattr(privacy, "_READ", rng.randint(1, 9))
        monkeypatch.setattr(privacy, "_WINDOW", rng.randint(1, 20))
        leaks = privacy.audit(site, markers)
        assert sorted((leak.file, leak.line, leak.kind) for leak in leaks) == sorted(expected), (
            trial,
            text,
        )
