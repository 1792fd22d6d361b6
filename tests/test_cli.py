"""`careerlog check`, `status` and `schema`, driven like a user would, on small journals."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from careerlog.cli import _gh_data, _gh_property, main
from careerlog.load import read_source
from conftest import EXPERIMENT, ROOT, JournalDir

CLEAN_GOAL = """\
---
type: goal
title: Lead a product area
specific: Own the payouts area.
measurable: Two PMs report to me.
due: 2027-06-30
---
"""

BROKEN = """\
---
type: experiment
title: Broken one
status: runing
hypothesis:
  belief: Something I believe.
---
"""

# a private entry whose values must never reach check's output (CI logs are public)
PRIVATE_BROKEN = """\
---
type: experiment
title: Quietly interviewing at Zeta Bank
visibility: private
status: secret-zeta-status
hypothesis:
  belief: I would be happier at Zeta Bank.
skills: [zeta-bank-networking]
---
"""


def run(journal: JournalDir, *args: str) -> Result:
    config = journal.root / "mkdocs.yml"
    if not config.exists():
        journal.config_file()
    return CliRunner().invoke(main, [*args, "-f", str(config)], catch_exceptions=False)


@pytest.fixture
def clean(journal: JournalDir, monkeypatch: pytest.MonkeyPatch) -> JournalDir:
    monkeypatch.chdir(journal.root)
    journal.options["today"] = "2026-05-01"  # before the running experiment's end
    journal.options["visibility_defaults"] = {"experiment": "public", "goal": "public"}
    journal.write("index.md", "# Home\n")
    journal.write("experiments/team-lead.md", EXPERIMENT)
    journal.write("goals/lead-area.md", CLEAN_GOAL)
    journal.config_file()
    return journal


@pytest.fixture
def broken(clean: JournalDir) -> JournalDir:
    clean.write("experiments/broken.md", BROKEN)
    clean.write("goals/no-due.md", CLEAN_GOAL.replace("due: 2027-06-30\n", ""))
    clean.write("experiments/secret.md", PRIVATE_BROKEN)
    return clean


# --- check ----------------------------------------------------------------------------


def test_check_clean_journal_exits_0_in_every_format(clean: JournalDir) -> None:
    text = run(clean, "check")
    assert text.exit_code == 0, text.output
    assert text.stdout.strip() == "2 entries checked: no problems"
    as_json = run(clean, "check", "--format", "json")
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout) == {"entries": 2, "problems": []}
    github = run(clean, "check", "--format", "github")
    assert github.exit_code == 0
    assert "::error" not in github.stdout


def test_check_text_names_file_line_and_field(broken: JournalDir) -> None:
    result = run(broken, "check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "docs/experiments/broken.md:4: status: 'runing' is not one of idea, planned, running, "
        "concluded, abandoned — did you mean 'running'?"
    ) in lines
    assert any(line.startswith("docs/goals/no-due.md:2: due: is required") for line in lines)
    assert lines[-1].startswith("5 entries checked: ")
    assert "problems in 3 files" in lines[-1]


def test_check_json_is_exactly_entries_and_problems(broken: JournalDir) -> None:
    result = run(broken, "check", "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {"entries", "problems"}
    assert payload["entries"] == 5
    for problem in payload["problems"]:
        assert set(problem) == {"file", "line", "field", "message", "severity"}
    status = next(p for p in payload["problems"] if p["file"] == "docs/experiments/broken.md")
    assert status == {
        "file": "docs/experiments/broken.md",
        "line": 4,
        "field": "status",
        "message": "'runing' is not one of idea, planned, running, concluded, abandoned"
        " — did you mean 'running'?",
        "severity": "error",
    }


def test_check_github_annotations(broken: JournalDir) -> None:
    result = run(broken, "check", "--format", "github")
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert (
        "::error file=docs/experiments/broken.md,line=4,title=status::'runing' is not one of "
        "idea, planned, running, concluded, abandoned — did you mean 'running'?"
    ) in annotations
    as_json = json.loads(run(broken, "check", "--format", "json").stdout)
    assert len(annotations) == len(as_json["problems"])


def test_github_escaping_follows_the_workflow_command_rules() -> None:
    assert _gh_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert _gh_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_file_property_is_escaped(clean: JournalDir) -> None:
    clean.write("experiments/a,b.md", EXPERIMENT)
    result = run(clean, "check", "--format", "github")
    assert result.exit_code == 1
    assert "::error file=docs/experiments/a%2Cb.md,line=2,title=careerlog::" in result.stdout


def test_check_never_prints_values_of_private_entries(broken: JournalDir) -> None:
    private_dir = broken.root / "private"
    (private_dir / "experiments").mkdir(parents=True)
    (private_dir / "experiments" / "zeta.md").write_text(
        PRIVATE_BROKEN.replace("visibility: private\n", ""), "utf-8"
    )
    broken.options["private_dir"] = "private"
    broken.config_file()
    for fmt in ("text", "json", "github"):
        result = run(broken, "check", "--format", fmt)
        assert result.exit_code == 1
        assert "secret.md" in result.stdout  # the problems are reported ...
        assert "private/experiments/zeta.md" in result.stdout  # private_dir is checked too
        for secret in ("zeta", "Zeta", "secret-zeta-status", "happier"):
            out = result.stdout.replace("private/experiments/zeta.md", "")
            assert secret not in out, (fmt, out)  # ... but never their values


def test_attention_items_never_change_the_exit_code(clean: JournalDir) -> None:
    clean.options["today"] = "2030-01-01"  # the running experiment is now long overdue
    clean.config_file()
    result = run(clean, "check")
    assert result.exit_code == 0
    assert "1 item needs attention" in result.stdout


# --- unusable input -------------------------------------------------------------------


def _one_line_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_missing_config_is_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert "mkdocs.yml not found" in _one_line_error(result)


def test_careerlog_not_configured_is_exit_2(clean: JournalDir) -> None:
    clean.root.joinpath("mkdocs.yml").write_text("site_name: x\nplugins: [search]\n", "utf-8")
    assert "careerlog is not among the plugins" in _one_line_error(run(clean, "check"))


def test_bad_option_names_the_option(clean: JournalDir) -> None:
    clean.options["stages"] = "senior"
    clean.config_file()
    line = _one_line_error(run(clean, "check"))
    assert "stages: expected a non-empty list" in line


def test_private_dir_inside_docs_dir_is_refused(clean: JournalDir) -> None:
    clean.options["private_dir"] = "docs/private"
    clean.config_file()
    assert "private_dir: docs/private overlaps docs_dir" in _one_line_error(run(clean, "check"))


def test_missing_docs_dir_is_exit_2(clean: JournalDir) -> None:
    clean.extra_config["docs_dir"] = "nowhere"
    clean.config_file()
    assert "docs_dir nowhere is not a folder" in _one_line_error(run(clean, "check"))


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_folder_is_exit_2(clean: JournalDir) -> None:
    locked = clean.docs / "experiments"
    locked.chmod(0)
    try:
        assert "cannot be read" in _one_line_error(run(clean, "check"))
    finally:
        locked.chmod(0o755)


def test_config_with_material_tags_and_env_is_read_safely(
    clean: JournalDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = clean.root / "executed"
    clean.root.joinpath("mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: !ENV [SITE_NAME, "My journal"]
            docs_dir: docs
            markdown_extensions:
              - pymdownx.emoji:
                  emoji_index: !!python/name:material.extensions.emoji.twemoji
                  emoji_generator: !!python/object/apply:os.system ["touch {marker}"]
            plugins:
              - search
              - careerlog:
                  today: !ENV [CAREERLOG_TODAY, 2026-06-15]
                  visibility_defaults: {{experiment: public, goal: public}}
            """
        ),
        "utf-8",
    )
    monkeypatch.setenv("CAREERLOG_TODAY", "2030-01-01")
    result = run(clean, "check")
    assert result.exit_code == 0, result.output
    assert "1 item needs attention" in result.stdout  # today came from the environment
    assert not marker.exists()


def test_unknown_type_is_one_line_with_a_suggestion(clean: JournalDir) -> None:
    line = _one_line_error(run(clean, "schema", "experiments"))
    assert line == (
        "careerlog: error: unknown entry type 'experiments': expected one of experiment, goal, "
        "person, conversation, reflection — did you mean 'experiment'?"
    )


# --- status ---------------------------------------------------------------------------


def _attention_journal(journal: JournalDir) -> JournalDir:
    journal.options.update(
        today="2026-06-15",
        visibility_defaults={"experiment": "public", "goal": "public"},
        private_dir="private",
    )
    journal.write("experiments/team-lead.md", EXPERIMENT)  # running, ended 2026-05-31
    journal.write(
        "experiments/meetup.md",
        """\
        ---
        type: experiment
        title: Run a meetup
        status: planned
        hypothesis: {belief: b, test: t, measure: m, success: s}
        method: side-project
        start: 2026-06-01
        ---
        """,
    )
    journal.write(
        "people/grace.md",
        """\
        ---
        type: person
        title: Grace Okafor
        board: true
        cadence: monthly
        ---
        """,
    )
    journal.write(
        "conversations/grace-april.md",
        """\
        ---
        type: conversation
        title: April with Grace
        date: 2026-04-01
        people: [grace]
        actions:
          - {do: Send Grace the draft, due: 2026-06-10}
          - {do: Already done, due: 2026-05-01, done: true}
        ---
        """,
    )
    journal.write(
        "goals/area.md",
        """\
        ---
        type: goal
        title: Lead a product area
        specific: s
        measurable: m
        due: 2027-06-30
        kpis:
          - {name: Proposals adopted, unit: proposals, baseline: 0, target: 4,
             readings: [{date: 2026-03-31, value: 1}, {date: 2026-06-01, value: 2}]}
        ---
        """,
    )
    journal.write(
        str(journal.root / "private" / "experiments" / "quiet-loop.md"),
        """\
        ---
        type: experiment
        title: Quiet interview loop
        status: running
        hypothesis: {belief: b, test: t, measure: m, success: s}
        method: job-change
        start: 2026-05-01
        end: 2026-07-15
        ---
        """,
    )
    journal.write("experiments/broken.md", BROKEN)
    journal.config_file()
    return journal


def test_status_lists_attention_first_then_the_dashboard(
    journal: JournalDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(journal.root)
    result = run(_attention_journal(journal), "status")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out  # not a terminal: plain text
    lines = out.splitlines()
    assert lines[0] == "careerlog — 2026-06-15"
    first = lines.index("Needs attention (4)") + 1
    attention = lines[first : first + 4]
    assert attention == [
        "  ! Grace Okafor [grace]: monthly touch-base is overdue "
        "(last touch-base 1 Apr 2026, due on 2 May 2026, 44 days ago)",
        "  ! Would managing people energise me? [team-lead]: running past its planned end "
        "(on 31 May 2026, 15 days ago): conclude it, abandon it or move the end",
        "  ! Run a meetup [meetup]: planned to start on 1 Jun 2026, 14 days ago: "
        "start it or move the date",
        "  ! April with Grace [grace-april]: action “Send Grace the draft” was due "
        "on 10 Jun 2026, 5 days ago",
    ]
    order = [
        "Needs attention (4)",
        "Running experiments (2)",
        "Goals (1)",
        "Latest learnings (0)",
        "Counts",
        "Needs fixing (1)",
    ]
    assert [line for line in lines if line in order] == order
    # private_dir entries are in the author's view
    assert (
        "  Quiet interview loop [quiet-loop]: day 45, 30 days left (ends 2026-07-15) "
        "[######----] 60%"
    ) in lines
    assert "    - Proposals adopted: 2 of 4 proposals [#####-----] 50% (2026-06-01)" in lines
    assert "  docs/experiments/broken.md [broken]: 1 problem (run careerlog check)" in lines


def test_status_colours_on_request(journal: JournalDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(journal.root)
    _attention_journal(journal)
    coloured = run(journal, "status", "--color")
    assert "\x1b[1m" in coloured.stdout
    plain = run(journal, "status", "--no-color")
    assert "\x1b[" not in plain.stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.stdout) == plain.stdout


# --- schema ---------------------------------------------------------------------------


def _as_editor_sees(value: Any) -> Any:
    """Front matter as a YAML 1.2 editor reads it: dates are strings."""
    if isinstance(value, dict):
        return {k: _as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _sample_entries() -> list[tuple[str, dict[str, Any]]]:
    docs = ROOT / "experiments"
    out = []
    for path in sorted(docs.rglob("*.md")):
        source = read_source(path, path.relative_to(docs).as_posix())
        if source.data and "type" in source.data:
            out.append((source.path, _as_editor_sees(source.data)))
    return out


def _schema(*args: str, cwd: Path = ROOT) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["schema", *args, "-f", str(cwd / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    return schema


def test_schema_accepts_every_entry_of_the_sample_journal() -> None:
    entries = _sample_entries()
    assert len(entries) >= 25
    combined = Draft202012Validator(_schema())
    per_type = {t: Draft202012Validator(_schema(t)) for t in {d["type"] for _, d in entries}}
    for path, data in entries:
        assert not list(combined.iter_errors(data)), path
        assert not list(per_type[data["type"]].iter_errors(data)), path


def _first_experiment(status: str) -> dict[str, Any]:
    return next(
        d for _, d in _sample_entries() if d["type"] == "experiment" and d["status"] == status
    )


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda d: d.pop("end"), "running needs end"),
        (lambda d: d["hypothesis"].pop("test"), "planned on needs hypothesis.test"),
        (lambda d: d.update(status="runing"), "status enum"),
        (lambda d: d.update(confidnce=3), "unknown key"),
        (lambda d: d.update(stage="director"), "the journal's stages"),
        (lambda d: d.update(skills=["juggling"]), "the journal's skills"),
        (lambda d: d.update(start="2026-1-5"), "date pattern"),
    ],
)
def test_schema_rejects_a_broken_entry(change: Any, why: str) -> None:
    data = _first_experiment("running")
    change(data)
    for schema in (_schema(), _schema("experiment")):
        assert list(Draft202012Validator(schema).iter_errors(data)), why


def test_schema_requires_the_learning_card_when_concluded() -> None:
    data = _first_experiment("running")
    data["status"] = "concluded"
    validator = Draft202012Validator(_schema("experiment"))
    assert list(validator.iter_errors(data))
    data["outcome"] = {"date": "2026-12-01", "result": "validated", "observed": "o", "learned": "l"}
    assert not list(validator.iter_errors(data))


def test_schema_without_mkdocs_yml_uses_id_patterns(tmp_path: Path) -> None:
    schema = _schema("experiment", cwd=tmp_path)
    data = _first_experiment("running")
    data["stage"] = "director"  # not in the sample's stages, but a well-formed id
    assert not list(Draft202012Validator(schema).iter_errors(data))
    assert schema["properties"]["status"]["enum"] == [
        "idea", "planned", "running", "concluded", "abandoned"
    ]
    assert schema["properties"]["hypothesis"]["description"] == "The hypothesis card."


# --- as installed -----------------------------------------------------------------------


def test_console_script_and_module_run_check(clean: JournalDir) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    script = Path(sys.executable).with_name("careerlog")
    by_script = subprocess.run(
        [str(script), "check", "--format", "json"],
        cwd=clean.root, capture_output=True, text=True, env=env, check=False,
    )
    assert by_script.returncode == 0, by_script.stderr
    assert json.loads(by_script.stdout) == {"entries": 2, "problems": []}
    clean.write("experiments/broken.md", BROKEN)
    by_module = subprocess.run(
        [sys.executable, "-m", "careerlog", "check"],
        cwd=clean.root, capture_output=True, text=True, env=env, check=False,
    )
    assert by_module.returncode == 1
    assert "docs/experiments/broken.md:4: status:" in by_module.stdout
    assert by_module.stderr == ""


def test_check_does_not_import_mkdocs(clean: JournalDir) -> None:
    code = (
        "import sys\n"
        "from careerlog.cli import main\n"
        "try:\n"
        "    main(['check'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0] in ('mkdocs', 'material', 'jinja2'))\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=clean.root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_pre_commit_hook_runs_check_on_markdown_and_config() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "careerlog-check")
    assert hook["entry"] == "careerlog check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("experiments/experiments/a.md")
    assert files.search("mkdocs.yml")
    assert not files.search("plugins/careerlog/cli.py")
    assert not files.search("notmkdocs.yml.bak")
