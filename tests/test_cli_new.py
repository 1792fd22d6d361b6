"""`careerlog new`: entries that pass check and build, and refusals that change nothing."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from careerlog.cli import main, slugify
from careerlog.load import read_source
from conftest import JournalDir

GOAL = "---\ntype: goal\ntitle: Mine\nspecific: s\nmeasurable: m\ndue: 2027-01-01\n---\n"
PUBLIC = dict.fromkeys(("experiment", "goal", "person", "conversation", "reflection"), "public")


@pytest.fixture
def site(journal: JournalDir, monkeypatch: pytest.MonkeyPatch) -> JournalDir:
    monkeypatch.chdir(journal.root)
    journal.options.update(visibility_defaults=PUBLIC, private_dir="private")
    journal.write("index.md", "# Home\n")
    journal.config_file()
    return journal


def new(journal: JournalDir, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["new", *args, "-f", str(journal.root / "mkdocs.yml")], catch_exceptions=False
    )


def check(journal: JournalDir) -> Result:
    return CliRunner().invoke(main, ["check", "-f", str(journal.root / "mkdocs.yml")])


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under root, with a hash of each file's bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
    return out


# --- every type -----------------------------------------------------------------------


CASES = [
    ("person", "Grace Okafor", ["--field", "board=true", "--field", "cadence=quarterly"]),
    ("experiment", "Would managing people energise me?", []),
    (
        "experiment",
        "Run a fintech meetup",
        [
            "--status", "running",
            "--date", "2026-05-01",
            "--field", "method=side-project",
            "--field", "end=2026-08-31",
            "--field", "hypothesis.test=Host three evenings: see who comes back",
            "--field", "skills=communication,industry-partnerships",
            "--field", "confidence=3",
            "--field", "hours_per_week=2.5",
        ],
    ),
    ("goal", "Lead a product area", ["--date", "2027-06-30"]),
    ("conversation", "Career chat with Grace", ["--field", "people=grace-okafor"]),
    ("reflection", "Plateau, again: <what now?>", ["--field", "kind=plateau"]),
]


def test_new_entries_of_every_type_pass_check_and_build_strict(site: JournalDir) -> None:
    written = []
    for entry_type, title, args in CASES:
        result = new(site, entry_type, title, *args)
        assert result.exit_code == 0, (entry_type, result.output)
        path = site.root / result.stdout.strip()
        assert path.is_file()
        written.append(path)
        source = read_source(path, path.name)
        assert source.data is not None
        assert source.data["type"] == entry_type
        assert source.data["title"] == title
    assert [p.relative_to(site.root).as_posix() for p in written] == [
        "docs/people/grace-okafor.md",
        "docs/experiments/would-managing-people-energise-me.md",
        "docs/experiments/run-a-fintech-meetup.md",
        "docs/goals/lead-a-product-area.md",
        "docs/conversations/career-chat-with-grace.md",
        "docs/reflections/plateau-again-what-now.md",
    ]
    result = check(site)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("6 entries checked: no problems")

    meetup = read_source(written[2], "m.md").data
    assert meetup is not None
    assert meetup["status"] == "running"
    assert str(meetup["start"]) == "2026-05-01"
    assert meetup["skills"] == ["communication", "industry-partnerships"]
    assert meetup["confidence"] == 3
    assert meetup["hours_per_week"] == 2.5
    assert meetup["hypothesis"]["test"] == "Host three evenings: see who comes back"

    build = site.build(strict=True)
    assert build.ok, build.log
    assert build.exists("experiments/run-a-fintech-meetup/")
    page = build.page("reflections/plateau-again-what-now/")
    assert "Plateau, again: &lt;what now?&gt;" in page
    assert "<what now?>" not in page


def test_defaults_today_idea_and_a_template_that_teaches(site: JournalDir) -> None:
    site.options["today"] = "2026-02-03"
    site.config_file()
    new(site, "reflection", "A quiet month")
    text = (site.docs / "reflections" / "a-quiet-month.md").read_text("utf-8")
    assert "\ndate: 2026-02-03" in text
    assert "# kind:  # What kind of reflection; one of: plateau, setback, win, retro" in text

    new(site, "experiment", "Try design critique")
    text = (site.docs / "experiments" / "try-design-critique.md").read_text("utf-8")
    assert "\nstatus: idea" in text
    assert "# The hypothesis card.\nhypothesis:\n" in text
    assert "# The learning card.\n# outcome:\n" in text
    assert "  # test:  # How I will test it; required from status 'planned' on" in text
    ladder = "#   planned: hypothesis.test, hypothesis.measure, hypothesis.success, method, start"
    assert ladder in text
    assert "one of: side-project, stretch-assignment" in text  # enums as comments
    assert "one of: technical, design, consumer-science" in text  # the journal's skills

    new(site, "goal", "Speak at a conference")
    text = (site.docs / "goals" / "speak-at-a-conference.md").read_text("utf-8")
    for smart in ("Specific: what exactly", "Measurable: how I", "Achievable", "Relevant"):
        assert smart in text
    assert "\ndue: 2027-02-03" in text  # a year out until the author sets it
    assert "#   - name:  # What is measured" in text  # the KPI block, commented out
    assert check(site).exit_code == 0


def test_private_flag_writes_into_private_dir(site: JournalDir) -> None:
    result = new(site, "conversation", "Salary talk", "--private", "--field", "people=me")
    assert result.exit_code == 1  # no person 'me' yet
    new(site, "person", "Me Myself", "--id", "me", "--private")
    result = new(site, "conversation", "Salary talk", "--private", "--field", "people=me")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "private/conversations/salary-talk.md"
    assert (site.root / "private/conversations/salary-talk.md").is_file()
    assert check(site).exit_code == 0
    build = site.build(strict=True)
    assert build.ok, build.log
    assert "Salary talk" not in build.all_text()


def test_values_are_validated_before_writing(site: JournalDir) -> None:
    before = snapshot(site.root)
    result = new(
        site, "experiment", "Run a meetup",
        "--status", "planned",
        "--field", "method=side-projet",
        "--field", "confidnce=3",
        "--date", "2026-02-30",
    )
    assert result.exit_code == 1
    assert "method: 'side-projet' is not one of side-project" in result.stderr
    assert "did you mean 'side-project'?" in result.stderr
    assert "confidnce: unknown key 'confidnce'" in result.stderr
    assert "start: is not a real date" in result.stderr
    assert "nothing written" in result.stderr
    assert snapshot(site.root) == before


def test_missing_required_values_are_named(site: JournalDir) -> None:
    before = snapshot(site.root)
    result = new(site, "conversation", "Chat")
    assert result.exit_code == 1
    assert "people: is required" in result.stderr
    result = new(site, "experiment", "Run", "--status", "running", "--field", "method=other")
    assert result.exit_code == 1
    assert "end: is required when status is 'running'" in result.stderr
    result = new(site, "conversation", "Chat", "--field", "people=nobody")
    assert "people[0]: no person has the id 'nobody'" in result.stderr
    assert snapshot(site.root) == before


# --- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "why"),
    [
        ("experiments/run-a-meetup.md", "already exists"),
        ("experiments/Run-A-Meetup.md", "differs only in case or Unicode form"),
        ("experiments/run-a-meetup.MD", "differs only in case or Unicode form"),
        ("experiments/run-a-ｍeetup.md", "differs only in case or Unicode form"),  # fullwidth m
        ("goals/run-a-meetup.md", "the id 'run-a-meetup' is already used by docs/goals/"),
    ],
)
def test_never_overwrites_or_shadows(site: JournalDir, existing: str, why: str) -> None:
    site.write(existing, GOAL + "My words.\n")
    before = snapshot(site.root)
    result = new(site, "experiment", "Run a meetup")
    assert result.exit_code == 1, result.output
    assert why in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(site.root) == before


def test_refuses_an_id_used_by_a_front_matter_id_or_in_private_dir(site: JournalDir) -> None:
    site.write("goals/other-name.md", GOAL.replace("type: goal\n", "type: goal\nid: big-goal\n"))
    quiet = site.root / "private/people/quiet-mentor.md"
    site.write(str(quiet), "---\ntype: person\ntitle: Q\n---\n")
    before = snapshot(site.root)
    first = new(site, "goal", "Big goal")
    assert first.exit_code == 1
    assert "already used by docs/goals/other-name.md" in first.stderr
    second = new(site, "person", "Quiet mentor")
    assert second.exit_code == 1
    assert "already used by private/people/quiet-mentor.md" in second.stderr
    assert snapshot(site.root) == before


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["experimnt", "X"], "unknown entry type 'experimnt'", 2),
        (["experiment", "日本語"], "cannot make a file name from this title", 1),
        (["experiment", "X", "--id", "Bad_Id"], "is not an id", 1),
        (["experiment", "Index"], "'index' would make the entry the page of its folder", 1),
        (["experiment", "X", "--field", "nothing"], "--field expects NAME=VALUE", 2),
        (["experiment", "X", "--field", "title=Y"], "type and title are the arguments", 2),
    ],
)
def test_bad_arguments_change_nothing(
    site: JournalDir, args: list[str], message: str, code: int
) -> None:
    before = snapshot(site.root)
    result = new(site, *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(site.root) == before


def test_private_without_private_dir_is_exit_2(site: JournalDir) -> None:
    site.options.pop("private_dir")
    site.config_file()
    result = new(site, "person", "Someone", "--private")
    assert result.exit_code == 2
    assert "--private needs private_dir" in result.stderr


def test_dry_run_prints_and_writes_nothing(site: JournalDir) -> None:
    before = snapshot(site.root)
    result = new(site, "goal", "Lead an area", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith("---\n# A SMART career goal with KPIs.\n")
    assert snapshot(site.root) == before


# --- atomic writes ------------------------------------------------------------------------


def _boom(*args: object, **kwargs: object) -> None:
    raise OSError(errno.EIO, "disk on fire")


def test_failure_between_write_and_link_leaves_nothing(
    site: JournalDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(site.root)  # docs/experiments/ does not exist yet
    monkeypatch.setattr(os, "link", _boom)
    monkeypatch.setattr(os, "replace", _boom)
    monkeypatch.setattr(os, "rename", _boom)
    result = new(site, "experiment", "Run a meetup")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "careerlog: error: cannot write docs/experiments/run-a-meetup.md (disk on fire); "
        "nothing written"
    ]
    assert snapshot(site.root) == before  # no partial file, no temp file, no new folder


def test_failure_in_the_rename_fallback_leaves_nothing(
    site: JournalDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write("experiments/other.md", "# not an entry\n")
    before = snapshot(site.root)

    def no_hard_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "hard links not supported")

    monkeypatch.setattr(os, "link", no_hard_links)
    monkeypatch.setattr(os, "rename", _boom)
    result = new(site, "experiment", "Run a meetup")
    assert result.exit_code == 2
    assert snapshot(site.root) == before


def test_rename_fallback_writes_when_links_are_unsupported(
    site: JournalDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_hard_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "hard links not supported")

    monkeypatch.setattr(os, "link", no_hard_links)
    result = new(site, "experiment", "Run a meetup")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (site.docs / "experiments").iterdir()) == ["run-a-meetup.md"]


def test_a_file_appearing_at_the_last_moment_is_not_replaced(
    site: JournalDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = site.docs / "experiments" / "run-a-meetup.md"
    real_link = os.link

    def racing_link(src: str, dst: str) -> None:
        Path(dst).write_text("someone else's words\n", "utf-8")  # wins the race
        real_link(src, dst)

    monkeypatch.setattr(os, "link", racing_link)
    result = new(site, "experiment", "Run a meetup")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert target.read_text("utf-8") == "someone else's words\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["run-a-meetup.md"]


def test_written_file_is_complete_and_temp_free(site: JournalDir) -> None:
    planned = new(site, "goal", "Lead an area", "--dry-run").stdout
    result = new(site, "goal", "Lead an area")
    path = site.root / result.stdout.strip()
    assert path.read_bytes() == planned.encode("utf-8")
    assert sorted(p.name for p in path.parent.iterdir()) == ["lead-an-area.md"]


# --- user templates -----------------------------------------------------------------------


def test_user_template_next_to_docs_dir_is_used(site: JournalDir) -> None:
    templates = site.root / "careerlog_templates"
    templates.mkdir()
    (templates / "experiment.md").write_text(
        "---\n"
        "type: {{ type }}\n"
        "title: {{ title }}\n"
        "status: {{ status }}\n"
        "risk: low\n"
        "hypothesis:\n"
        "  belief: I believe this will work.\n"
        "---\n"
        "## What I did\n\n## What happened\n",
        "utf-8",
    )
    result = new(site, "experiment", "Pair with design: weekly", "--field", "risk=high")
    assert result.exit_code == 0, result.output
    text = (site.docs / "experiments" / "pair-with-design-weekly.md").read_text("utf-8")
    assert text == (
        "---\n"
        "type: experiment\n"
        'title: "Pair with design: weekly"\n'
        "status: idea\n"
        "risk: high\n"
        "hypothesis:\n"
        "  belief: I believe this will work.\n"
        "---\n"
        "## What I did\n\n## What happened\n"
    )
    assert check(site).exit_code == 0


def test_user_template_folder_option_and_unknown_placeholder(
    site: JournalDir, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("templates")
    (folder / "person.md").write_text("---\ntype: person\ntitle: {{ name }}\n---\n", "utf-8")
    before = snapshot(site.root)
    result = new(site, "person", "Grace", "--templates", str(folder))
    assert result.exit_code == 2
    assert "unknown placeholder {{ name }}" in result.stderr
    assert snapshot(site.root) == before
    (folder / "person.md").write_text(
        "---\ntype: person\ntitle: {{ title }}\nsince: {{ today }}\n---\n", "utf-8"
    )
    result = new(site, "person", "Grace", "--templates", str(folder))
    assert result.exit_code == 0, result.output
    assert "since: 2026-06-15" in (site.docs / "people" / "grace.md").read_text("utf-8")


# --- slugs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Would managing people energise me?", "would-managing-people-energise-me"),
        ("Café à Zürich — Ørsted's", "cafe-a-zurich-rsted-s"),
        ("  --Hello,   World!--  ", "hello-world"),
        ("ﬁnance ① talk", "finance-1-talk"),
        ("日本語", ""),
        ("a" * 30 + " " + "b" * 40, "a" * 30),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug

