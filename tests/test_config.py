"""Plugin options: good ones take effect, each bad one stops start-up with an error naming it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from careerlog.options import (
    DEFAULT_SKILLS,
    DEFAULT_STAGES,
    OptionError,
    Options,
    build_options,
    resolve_today,
)
from conftest import EXPERIMENT, JournalDir

# (id, options, what the error must start with)
BAD_OPTIONS: list[tuple[str, dict[str, Any], str]] = [
    (
        "unknown-option",
        {"todya": "2026-06-15"},
        "todya: unknown option (known: private_dir, skills,",
    ),
    ("stages-not-a-list", {"stages": "senior"}, "stages: expected a non-empty list"),
    ("stages-empty", {"stages": []}, "stages: expected a non-empty list"),
    ("stage-not-an-id", {"stages": ["Senior"]}, "stages: 'Senior' is not an id"),
    ("stage-twice", {"stages": ["ic", "ic"]}, "stages: a stage is listed twice"),
    ("skills-not-a-mapping", {"skills": ["design"]}, "skills: expected a mapping"),
    (
        "skill-not-an-id",
        {"skills": {"Public Speaking": {"stage": "senior"}}},
        "skills.Public Speaking: not an id",
    ),
    (
        "skill-unknown-key",
        {"skills": {"speaking": {"stage": "senior", "level": 2}}},
        "skills.speaking: expected {name, stage}",
    ),
    (
        "skill-stage-unknown",
        {"skills": {"speaking": {"name": "Speaking", "stage": "boss"}}},
        "skills.speaking.stage: expected one of associate, senior, leader",
    ),
    (
        "skill-name-not-text",
        {"skills": {"speaking": {"name": 3, "stage": "senior"}}},
        "skills.speaking.name: expected text",
    ),
    (
        "visibility-defaults-not-a-mapping",
        {"visibility_defaults": "public"},
        "visibility_defaults: expected a mapping",
    ),
    (
        "visibility-default-unknown-type",
        {"visibility_defaults": {"post": "public"}},
        "visibility_defaults.post: not an entry type (experiment, goal, person, conversation, "
        "reflection)",
    ),
    (
        "visibility-default-not-exact",
        {"visibility_defaults": {"goal": "Public"}},
        "visibility_defaults.goal: expected public or private",
    ),
    (
        "visibility-default-boolean",
        {"visibility_defaults": {"goal": False}},
        "visibility_defaults.goal: expected public or private",
    ),
    ("private-dir-empty", {"private_dir": " "}, "private_dir: expected a folder path"),
    ("private-dir-not-text", {"private_dir": 3}, "private_dir: expected a folder path"),
    (
        "private-dir-in-docs",
        {"private_dir": "docs/private"},
        "private_dir: docs/private overlaps docs_dir",
    ),
    ("private-dir-is-docs", {"private_dir": "docs"}, "private_dir: docs overlaps docs_dir"),
    ("private-dir-holds-docs", {"private_dir": "."}, "private_dir: . overlaps docs_dir"),
    ("today-not-a-date", {"today": "tomorrow"}, "today: expected a date YYYY-MM-DD"),
    ("today-impossible", {"today": "2026-02-30"}, "today: expected a date YYYY-MM-DD"),
    ("today-datetime", {"today": dt.datetime(2026, 6, 15, 10, 0)}, "today: expected a date"),
    ("today-number", {"today": 20260615}, "today: expected a date YYYY-MM-DD"),
]


@pytest.mark.parametrize(
    ("raw", "start"), [c[1:] for c in BAD_OPTIONS], ids=[c[0] for c in BAD_OPTIONS]
)
def test_build_options_refuses_bad_options_naming_them(
    tmp_path: Path, raw: dict[str, Any], start: str
) -> None:
    with pytest.raises(OptionError) as caught:
        build_options(raw, tmp_path, docs_dir=tmp_path / "docs")
    assert str(caught.value).startswith(start)


def test_defaults() -> None:
    options = build_options({}, Path("/site"))
    assert options == Options()
    assert options.stages == DEFAULT_STAGES
    assert options.skills == DEFAULT_SKILLS
    assert options.private_dir is None
    assert options.today is None
    assert options.default_visibility("experiment") == "private"  # the plugin's own default


def test_good_options_take_effect(tmp_path: Path) -> None:
    options = build_options(
        {
            "stages": ["ic", "lead"],
            "skills": {
                "negotiation": {"name": "Negotiation", "stage": "lead"},
                "coding": {"stage": "ic"},
            },
            "visibility_defaults": {"experiment": "public", "person": "private"},
            "private_dir": "../private",
            "today": "2026-06-15",
        },
        tmp_path / "site",
        docs_dir=tmp_path / "site" / "docs",
    )
    assert options.stages == ("ic", "lead")
    # default skills whose stage is not one of the journal's are gone
    assert [(s.id, s.name, s.stage) for s in options.skills.values()] == [
        ("negotiation", "Negotiation", "lead"),
        ("coding", "coding", "ic"),
    ]
    assert options.default_visibility("experiment") == "public"
    assert options.default_visibility("goal") == "private"
    assert options.private_dir == (tmp_path / "private").resolve()
    assert options.today == dt.date(2026, 6, 15)


def test_a_default_skill_can_be_renamed_or_removed() -> None:
    options = build_options(
        {
            "skills": {
                "design": None,
                "management": {"name": "People leadership", "stage": "leader"},
            }
        },
        Path("/site"),
    )
    assert "design" not in options.skills
    assert options.skills["management"].name == "People leadership"
    assert options.skills["management"].stage == "leader"
    assert len(options.skills) == len(DEFAULT_SKILLS) - 1


def test_today_may_be_a_yaml_date() -> None:
    assert build_options({"today": dt.date(2026, 1, 2)}, Path("/")).today == dt.date(2026, 1, 2)


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        (dt.date(2026, 6, 15), {"SOURCE_DATE_EPOCH": "0"}, dt.date(2026, 6, 15)),
        (None, {"SOURCE_DATE_EPOCH": "1767225600"}, dt.date(2026, 1, 1)),  # UTC midnight
        (
            None,
            {"SOURCE_DATE_EPOCH": "1767311999"},
            dt.date(2026, 1, 1),
        ),  # a second before the next
    ],
)
def test_today_is_the_option_else_source_date_epoch(
    option: dt.date | None, environ: dict[str, str], expected: dt.date
) -> None:
    assert resolve_today(Options(today=option), environ) == expected


@pytest.mark.parametrize("environ", [{}, {"SOURCE_DATE_EPOCH": ""}], ids=["unset", "empty"])
def test_today_is_else_the_local_date(environ: dict[str, str]) -> None:
    before = dt.date.today()
    assert before <= resolve_today(Options(), environ) <= dt.date.today()


@pytest.mark.parametrize("epoch", ["yesterday", "1.5", "99999999999999999999"])
def test_a_bad_source_date_epoch_is_an_error_naming_it(epoch: str) -> None:
    with pytest.raises(OptionError, match=r"^SOURCE_DATE_EPOCH: expected seconds since 1970"):
        resolve_today(Options(), {"SOURCE_DATE_EPOCH": epoch})


# --- through MkDocs ----------------------------------------------------------------------------

# Options MkDocs' own config types refuse while loading mkdocs.yml
MKDOCS_REFUSES = [
    ({"stages": "senior"}, "option 'stages'"),
    ({"skills": ["design"]}, "option 'skills'"),
    ({"visibility_defaults": "public"}, "option 'visibility_defaults'"),
    ({"private_dir": 3}, "option 'private_dir'"),
    ({"today": 20260615}, "option 'today'"),
]


@pytest.mark.parametrize(
    ("bad", "named"), MKDOCS_REFUSES, ids=[next(iter(b)) for b, _ in MKDOCS_REFUSES]
)
def test_load_config_refuses_options_of_the_wrong_type(
    journal: JournalDir, bad: dict[str, Any], named: str
) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    journal.options.update(bad)
    journal.docs.mkdir(parents=True)
    with pytest.raises(Abort):
        load_config(str(journal.config_file()))
    result = journal.build()
    assert not result.ok
    assert named in result.log


def test_load_config_gives_the_plugin_its_defaults(journal: JournalDir) -> None:
    from mkdocs.config import load_config

    journal.docs.mkdir(parents=True)
    journal.options = {}
    config = load_config(str(journal.config_file()))
    plugin_config = dict(config.plugins["careerlog"].config)
    assert plugin_config == {
        "skills": {},
        "stages": list(DEFAULT_STAGES),
        "visibility_defaults": {},
        "private_dir": None,
        "today": None,
    }


# Options of the right YAML type that careerlog refuses when the build starts
CAREERLOG_REFUSES = [
    c
    for c in BAD_OPTIONS
    if c[0]
    in {
        "unknown-option",
        "stage-not-an-id",
        "skill-stage-unknown",
        "visibility-default-unknown-type",
        "visibility-default-not-exact",
        "private-dir-in-docs",
        "today-not-a-date",
        "today-impossible",
        "today-datetime",
    }
]


@pytest.mark.parametrize("strict", [False, True], ids=["build", "strict"])
@pytest.mark.parametrize(
    ("raw", "start"), [c[1:] for c in CAREERLOG_REFUSES], ids=[c[0] for c in CAREERLOG_REFUSES]
)
def test_a_bad_option_stops_the_build_naming_it(
    journal: JournalDir, raw: dict[str, Any], start: str, strict: bool
) -> None:
    journal.options = {"today": "2026-06-15", **raw}
    journal.write("experiments/team-lead.md", EXPERIMENT)
    result = journal.build(strict=strict)
    assert not result.ok
    if strict and "todya" in raw:  # MkDocs' own warning about an unknown name stops it first
        assert "option 'todya': Unrecognised configuration name: todya" in result.log
    else:
        assert f"careerlog: bad option {start}" in result.log
    assert not journal.site.exists()  # stopped at start-up: nothing built
    assert "Traceback" not in result.log


def test_a_bad_source_date_epoch_stops_the_build(
    journal: JournalDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "last tuesday")
    journal.options = {}
    journal.write("index.md", "# Home\n")
    result = journal.build()
    assert not result.ok
    assert "careerlog: bad option SOURCE_DATE_EPOCH: expected seconds since 1970" in result.log


@pytest.mark.parametrize(
    ("options", "epoch", "shown"),
    [
        ({"today": "2026-06-15"}, "1767225600", "2026-06-15"),
        ({"today": dt.date(2026, 6, 15)}, None, "2026-06-15"),
        ({}, "1767225600", "2026-01-01"),
    ],
    ids=["option-wins", "yaml-date", "source-date-epoch"],
)
def test_today_reaches_the_dashboard(
    journal: JournalDir,
    monkeypatch: pytest.MonkeyPatch,
    options: dict[str, Any],
    epoch: str | None,
    shown: str,
) -> None:
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    journal.options = options
    journal.write("index.md", "# Home\n")
    result = journal.build(strict=True)
    assert result.ok, result.log
    lede = BeautifulSoup(result.page("dashboard/"), "html.parser").select_one(".cl-lede")
    assert lede is not None
    assert lede.get_text().startswith("As of ")
    time = lede.find("time")
    assert time is not None
    assert time["datetime"] == shown
