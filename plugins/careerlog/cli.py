"""The `careerlog` command: check, new, status and schema over the same core as the plugin.

Everything is read from `mkdocs.yml` (`-f/--config-file`, default
./mkdocs.yml): docs_dir and the `careerlog` plugin options, validated by
`options.build_options`.  MkDocs itself is never imported: the file is read
with a YAML SafeLoader that keeps unknown tags (`!ENV`, `!!python/name:...`
as Material configs use them) as plain data and never executes them;
`!ENV` is resolved from the environment the way MkDocs does, and `INHERIT`
is followed.

Exit codes: 0 clean, 1 problems found (or `new` refused), 2 unusable input
(no mkdocs.yml, careerlog not configured, a bad option, an unreadable
folder, an unknown entry type).  Errors of the command itself are one line
on stderr, never a traceback.

File names in `check` output are relative to the folder of mkdocs.yml (the
repository root), e.g. `experiments/experiments/foo.md`, so that editors,
terminals and GitHub annotations can open them; private_dir files are named
by their real place in the same way.

`careerlog new` writes from a template generated from model.py (fields,
descriptions, enums and the experiment status table as comments).  A user
template replaces it when `<docs_dir>/../careerlog_templates/<type>.md`
exists, or `<folder>/<type>.md` for a folder given with `--templates` (or
the CAREERLOG_TEMPLATES environment variable).  In a user template,
`{{ title }}`, `{{ id }}`, `{{ type }}`, `{{ today }}`, `{{ status }}` and
`{{ date }}` in the front matter are replaced by YAML-ready values, and
`--field` values set top-level keys (replacing a one-line `key: value` or
adding the key); the body is copied as it is.  Whatever the template, the
text is parsed and validated exactly like `careerlog check` would before a
byte is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import difflib
import errno
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import yaml

if TYPE_CHECKING:  # the core is imported inside the commands, so `--help` stays instant
    from careerlog.journal import Journal
    from careerlog.options import Options
    from careerlog.problems import Problem
    from careerlog.schema import FieldSpec

ENTRY_TYPES = ("experiment", "goal", "person", "conversation", "reflection")
# The date `--date` sets, per type (the date that says "when" for that kind of entry).
DATE_FIELD = {
    "experiment": "start",
    "goal": "due",
    "person": "since",
    "conversation": "date",
    "reflection": "date",
}
TEMPLATES_FOLDER = "careerlog_templates"


class CliError(click.ClickException):
    """Unusable input: one line on stderr, exit 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"careerlog: error: {self.format_message()}", err=True)


class Refused(click.ClickException):
    """`new` will not write: one line on stderr, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(f"careerlog: {self.format_message()}", err=True)


# --- mkdocs.yml ---------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """SafeLoader that keeps unknown tags as plain data instead of failing or running them."""


def _construct_tagged(loader: _ConfigLoader, tag_suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


def _construct_env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`, as MkDocs reads them."""
    if isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node, deep=True)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    else:
        names, default = [loader.construct_scalar(node)], None  # type: ignore[arg-type]
    for name in names:
        if isinstance(name, str) and name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


_ConfigLoader.add_constructor("!ENV", _construct_env)
_ConfigLoader.add_multi_constructor("", _construct_tagged)


def read_config(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """mkdocs.yml as plain data (following INHERIT), or CliError."""
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise CliError(
            f"{_show_path(path)} not found (run careerlog next to mkdocs.yml, or name it with -f)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{_show_path(path)} cannot be read ({_reason(exc)})") from None
    try:
        data = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise CliError(f"{_show_path(path)}{where}: not valid YAML ({problem})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CliError(f"{_show_path(path)}: expected a mapping of settings")
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        parent_path = (path.parent / parent).resolve()
        if parent_path in _seen:
            raise CliError(f"{_show_path(path)}: INHERIT loops back to {_show_path(parent_path)}")
        return _merge(read_config(parent_path, (*_seen, path.resolve())), data)
    return data


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def plugin_options(config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The `careerlog` entry of `plugins:` (a list of names/mappings, or a mapping)."""
    plugins = config.get("plugins")
    items: list[tuple[object, object]] = []
    if isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, str):
                items.append((item, None))
            elif isinstance(item, dict):
                items.extend(item.items())
    elif isinstance(plugins, dict):
        items.extend(plugins.items())
    for name, value in items:
        if name == "careerlog":
            if value is None:
                return {}
            if not isinstance(value, dict):
                raise CliError("plugins.careerlog: expected a mapping of options")
            return value
    return None


@dataclass(frozen=True)
class Project:
    config_file: Path
    root: Path  # the folder of mkdocs.yml
    docs_dir: Path
    options: Options

    def shown(self, core_path: str) -> str:
        """A core file name (docs_dir-relative or `<private_dir>/...`) as a path from the root."""
        from careerlog.journal import PRIVATE_PREFIX

        if core_path.startswith(PRIVATE_PREFIX) and self.options.private_dir is not None:
            full = self.options.private_dir / core_path.removeprefix(PRIVATE_PREFIX)
        else:
            full = self.docs_dir / core_path
        return Path(os.path.relpath(full, self.root)).as_posix()


def load_project(config_file: Path) -> Project:
    from careerlog.options import OptionError, build_options

    config = read_config(config_file)
    root = config_file.resolve().parent
    raw = plugin_options(config)
    if raw is None:
        raise CliError(f"careerlog is not among the plugins of {_show_path(config_file)}")
    docs = config.get("docs_dir", "docs")
    if not isinstance(docs, str) or not docs:
        raise CliError("docs_dir: expected a folder path")
    docs_dir = (root / docs).resolve()
    _readable_dir(docs_dir, "docs_dir")
    try:
        options = build_options(raw, root, docs_dir=docs_dir)
    except OptionError as exc:
        raise CliError(f"bad careerlog option {exc}") from None
    if options.private_dir is not None and options.private_dir.exists():
        _readable_dir(options.private_dir, "private_dir")
    return Project(config_file, root, docs_dir, options)


def _readable_dir(path: Path, what: str) -> None:
    if not path.is_dir():
        raise CliError(f"{what} {_show_path(path)} is not a folder")
    errors: list[OSError] = []
    for _ in os.walk(path, onerror=errors.append):
        if errors:
            break
    if errors:
        bad = errors[0]
        raise CliError(
            f"{what}: {_show_path(Path(bad.filename or path))} cannot be read ({_reason(bad)})"
        )


def _show_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)


def _today(project: Project) -> dt.date:
    from careerlog.options import OptionError, resolve_today

    try:
        return resolve_today(project.options)
    except OptionError as exc:
        raise CliError(str(exc)) from None


def _journal(project: Project) -> Journal:
    from careerlog.journal import load_journal

    return load_journal(project.docs_dir, project.options, _today(project))


config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default="mkdocs.yml",
    show_default=True,
    help="The site's MkDocs configuration.",
)


# --- the group ----------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mkdocs-careerlog", prog_name="careerlog")
def main() -> None:
    """careerlog: run your career like a product, from Markdown files."""


# --- check --------------------------------------------------------------------------


@main.command(short_help="Validate docs_dir and private_dir without building.")
@config_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for workflow annotations.",
)
def check(config_file: Path, fmt: str) -> None:
    """Validate every entry (docs_dir and private_dir) without building.

    Exit 0 when clean, 1 when problems are found, 2 when the input is unusable.
    """
    project = load_project(config_file)
    journal = _journal(project)
    problems = journal.problems
    count = len(journal.entries) + len(journal.unreadable)
    if fmt == "json":
        payload = {
            "entries": count,
            "problems": [{**p.as_json(), "file": project.shown(p.file)} for p in problems],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif fmt == "github":
        for p in problems:
            click.echo(_annotation(project, p))
        click.echo(_summary(count, problems, len(journal.attention())))
    else:
        for p in problems:
            click.echo(_text_line(project, p))
        click.echo(_summary(count, problems, len(journal.attention())))
    sys.exit(1 if problems else 0)


def _text_line(project: Project, p: Problem) -> str:
    where = f"{project.shown(p.file)}:{p.line}"
    severity = "" if p.severity == "error" else f"{p.severity}: "
    field = f"{p.field}: " if p.field else ""
    return f"{where}: {field}{severity}{p.message}"


def _summary(count: int, problems: list[Problem], attention: int) -> str:
    entries = f"{count} {'entry' if count == 1 else 'entries'} checked"
    if problems:
        files = len({p.file for p in problems})
        found = (
            f"{len(problems)} {'problem' if len(problems) == 1 else 'problems'} "
            f"in {files} {'file' if files == 1 else 'files'}"
        )
    else:
        found = "no problems"
    note = (
        f"; {attention} {'item needs' if attention == 1 else 'items need'} attention "
        "(see careerlog status)"
        if attention
        else ""
    )
    return f"{entries}: {found}{note}"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(project: Project, p: Problem) -> str:
    level = "error" if p.severity == "error" else "warning"
    props = ",".join(
        [
            f"file={_gh_property(project.shown(p.file))}",
            f"line={p.line}",
            f"title={_gh_property(p.field or 'careerlog')}",
        ]
    )
    return f"::{level} {props}::{_gh_data(p.message)}"


# --- status -------------------------------------------------------------------------


@main.command(short_help="The dashboard in the terminal, attention items first.")
@config_option
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the output (default: when writing to a terminal).",
)
def status(config_file: Path, color: bool | None) -> None:
    """The dashboard in the terminal, attention items first (private entries included)."""
    project = load_project(config_file)
    journal = _journal(project)
    for line in dashboard_lines(journal, project.shown):
        click.echo(line, color=color)


def dashboard_lines(journal: Journal, shown: Callable[[str], str] = str) -> Iterator[str]:
    """The terminal dashboard, line by line (`shown` turns a core file name into a path)."""
    from careerlog.views.dashboard import context

    today = journal.today
    ctx = context(journal)

    def head(text: str) -> str:
        return click.style(text, bold=True)

    def title(entry_id: str) -> str:
        entry = journal.get(entry_id)
        return entry.title if entry else entry_id

    yield head(f"careerlog — {today.isoformat()}")
    attention = journal.attention()
    yield ""
    yield head(f"Needs attention ({len(attention)})")
    if not attention:
        yield "  nothing is overdue"
    for item in attention:
        mark = click.style("!", fg="red", bold=True)
        yield f"  {mark} {title(item.entry_id)} [{item.entry_id}]: {item.message}"

    yield ""
    yield head(f"Running experiments ({len(ctx['running'])})")
    if not ctx["running"]:
        yield "  none running"
    for row in ctx["running"]:
        entry, model = row["entry"], row["model"]
        if row["left"] is None:
            when = "no planned end"
        elif row["left"] < 0:
            when = click.style(f"{-row['left']} days past its end ({model.end})", fg="red")
        else:
            when = f"{row['left']} days left (ends {model.end})"
        elapsed = f"day {row['elapsed']}" if row["elapsed"] is not None else "not started"
        bar = f" {_bar(row['fraction'])}" if row["fraction"] is not None else ""
        yield f"  {entry.title} [{entry.id}]: {elapsed}, {when}{bar}"

    yield ""
    yield head(f"Goals ({len(ctx['goals'])})")
    if not ctx["goals"]:
        yield "  no goals yet"
    for row in ctx["goals"]:
        entry, goal = row["entry"], row["model"]
        due = row["due_in"]
        when = f"due {goal.due}" + (
            f", in {due} days" if due >= 0 else click.style(f", {-due} days ago", fg="red")
        )
        yield f"  {entry.title} [{entry.id}]: {goal.status}, {when}"
        for progress in row["progress"]:
            kpi = progress.kpi
            unit = f" {kpi.unit}" if kpi.unit else ""
            if progress.latest is None:
                yield f"    - {kpi.name}: no readings yet (target {_num(kpi.target)}{unit})"
            else:
                yield (
                    f"    - {kpi.name}: {_num(progress.latest)} of {_num(kpi.target)}{unit} "
                    f"{_bar(progress.fraction)} ({progress.latest_date})"
                )

    learnings = ctx["learnings"]
    yield ""
    yield head(f"Latest learnings ({len(learnings)})")
    if not learnings:
        yield "  nothing concluded yet"
    for entry, model in learnings:
        outcome = model.outcome
        result = outcome.result or model.status if outcome else model.status
        yield f"  {outcome.date if outcome else ''} {entry.title} [{entry.id}]: {result}"
        if outcome and outcome.learned:
            yield f"    {_shorten(outcome.learned, 100)}"

    counts = ctx["counts"]
    yield ""
    yield head("Counts")
    by_status = ", ".join(f"{counts[s]} {s}" for s in counts)
    yield f"  experiments: {by_status} ({ctx['total']} in all)"
    outcomes = ctx["outcomes"]
    if ctx["hit_rate"] is not None:
        yield (
            "  outcomes: "
            + ", ".join(f"{outcomes[r]} {r}" for r in outcomes)
            + f"; hit rate {round(ctx['hit_rate'] * 100)}%"
        )
    plural = {"goal": "goals", "person": "people", "conversation": "conversations"}
    plural["reflection"] = "reflections"
    yield "  " + ", ".join(
        f"{len(journal.valid(t))} {t if len(journal.valid(t)) == 1 else many}"
        for t, many in plural.items()
    )
    fixing = ctx["needs_fixing"]
    yield ""
    yield head(f"Needs fixing ({len(fixing) + len(journal.unreadable)})")
    if not fixing and not journal.unreadable:
        yield "  every entry is valid"
    for entry in fixing:
        errors = len(entry.problems)
        note = click.style(f"{errors} {'problem' if errors == 1 else 'problems'}", fg="yellow")
        yield f"  {shown(entry.path)} [{entry.id}]: {note} (run careerlog check)"
    for source in journal.unreadable:
        unreadable = click.style("cannot be read", fg="red")
        yield f"  {shown(source.path)}: {unreadable} (run careerlog check)"


def _bar(fraction: float | None, width: int = 10) -> str:
    if fraction is None:
        return ""
    filled = round(fraction * width)
    return "[" + "#" * filled + "-" * (width - filled) + f"] {round(fraction * 100)}%"


def _num(value: float) -> str:
    return f"{value:g}"


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --- schema -------------------------------------------------------------------------


@main.command(short_help="Print the JSON Schema of the front matter.")
@config_option
@click.argument("entry_type", metavar="[TYPE]", required=False)
def schema(config_file: Path, entry_type: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the front matter, for editors.

    Without TYPE, one schema for any entry (oneOf over `type`).  When mkdocs.yml
    is readable, the journal's own skills and stages are enums.
    """
    from careerlog.schema import json_schema

    if entry_type is not None:
        entry_type = _entry_type(entry_type)
    options = None
    if config_file.exists():
        options = load_project(config_file).options
    click.echo(json.dumps(json_schema(entry_type, options), indent=2, ensure_ascii=False))


def _entry_type(value: str) -> str:
    if value in ENTRY_TYPES:
        return value
    close = difflib.get_close_matches(value.lower(), ENTRY_TYPES, n=1, cutoff=0.6)
    hint = f" — did you mean {close[0]!r}?" if close else ""
    raise CliError(f"unknown entry type {value!r}: expected one of {', '.join(ENTRY_TYPES)}{hint}")


# --- new ----------------------------------------------------------------------------


@main.command(short_help="Write a new entry from a template (never overwrites).")
@config_option
@click.argument("entry_type", metavar="TYPE")
@click.argument("title")
@click.option(
    "--field",
    "-F",
    "fields",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a field (repeatable): --field start=2026-12-01 --field hypothesis.test='...'; "
    "lists take commas: --field skills=design,communication.",
)
@click.option("--status", help="The status (experiments start as idea).")
@click.option(
    "--date",
    "date_value",
    metavar="YYYY-MM-DD",
    help="The entry's date: start of an experiment, due date of a goal, "
    "date of a conversation or reflection, since of a person.",
)
@click.option("--id", "entry_id", help="The id and file name (default: a slug of the title).")
@click.option("--private", is_flag=True, help="Write into private_dir instead of docs_dir.")
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="CAREERLOG_TEMPLATES",
    help="A folder of <type>.md templates (default: careerlog_templates/ next to docs_dir).",
)
@click.option("--dry-run", is_flag=True, help="Print the entry instead of writing it.")
def new(
    config_file: Path,
    entry_type: str,
    title: str,
    fields: tuple[str, ...],
    status: str | None,
    date_value: str | None,
    entry_id: str | None,
    private: bool,
    templates: Path | None,
    dry_run: bool,
) -> None:
    """Write a new entry of TYPE titled TITLE from a template; never overwrites.

    The entry goes into the type's folder under docs_dir (or private_dir with
    --private), named after the title.  Values are validated before anything is
    written; the path written is printed.
    """
    entry_type = _entry_type(entry_type)
    project = load_project(config_file)
    given = _given_fields(fields)
    if status is not None:
        given[("status",)] = status
    if date_value is not None:
        given[(DATE_FIELD[entry_type],)] = date_value
    if ("title",) in given or ("type",) in given:
        raise CliError("type and title are the arguments of `careerlog new`, not --field values")

    if private:
        if project.options.private_dir is None:
            raise CliError("--private needs private_dir in the careerlog options of mkdocs.yml")
        root = project.options.private_dir
    else:
        root = project.docs_dir
    from careerlog.model import FOLDERS

    folder = root / FOLDERS[entry_type]
    stem = entry_id if entry_id is not None else slugify(title)
    if not stem:
        raise Refused(
            "cannot make a file name from this title (no letters or digits in ASCII); "
            "name it with --id"
        )
    from careerlog.journal import private_path
    from careerlog.model import ID_PATTERN

    if not re.fullmatch(ID_PATTERN.strip("^$"), stem):
        raise Refused(f"--id {stem!r} is not an id (lowercase letters, digits and dashes)")
    if stem == "index":
        raise Refused("'index' would make the entry the page of its folder; choose another id")
    target = folder / f"{stem}.md"
    rel = f"{FOLDERS[entry_type]}/{stem}.md"
    core_path = private_path(rel) if private else rel

    journal = _journal(project)
    _refuse_collisions(project, journal, folder, target, stem)

    today = _today(project)
    template = _user_template(project, templates, entry_type)
    if template is not None:
        text = _from_user_template(template, entry_type, title, stem, today, given)
    else:
        text = builtin_template(entry_type, title, given, project.options, today)

    problems = _would_be_problems(project, journal, text, core_path)
    if problems:
        for p in problems:  # the file does not exist yet: name the field, not a line in it
            click.echo(f"{p.field}: {p.message}" if p.field else p.message, err=True)
        raise Refused(
            f"nothing written: fix the value{'s' if len(problems) > 1 else ''} above "
            "(set fields with --field name=value)"
        )
    if dry_run:
        click.echo(text, nl=False)
        return
    written = write_new_file(target, text.encode("utf-8"))
    click.echo(_show_path(written))


def _given_fields(pairs: tuple[str, ...]) -> dict[tuple[str, ...], str]:
    given: dict[tuple[str, ...], str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CliError(f"--field expects NAME=VALUE, got {pair!r}")
        path = tuple(name.split("."))
        if len(path) > 2 or not all(path):
            raise CliError(
                f"--field {name}: give a field or group.field (lists of groups such as "
                "kpis and actions are written in the file)"
            )
        given[path] = value
    return given


def slugify(title: str, max_length: int = 60) -> str:
    """ASCII-folded, lowercase, dashes: 'Café à Zürich!' -> 'cafe-a-zurich'."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFC", name)).casefold()


def _refuse_collisions(
    project: Project, journal: Journal, folder: Path, target: Path, stem: str
) -> None:
    if target.exists() or target.is_symlink():
        raise Refused(f"{_show_path(target)} already exists; nothing written")
    if folder.is_dir():
        key = _name_key(target.name)
        for other in sorted(os.listdir(folder)):
            if _name_key(other) == key:
                raise Refused(
                    f"{_show_path(folder / other)} already exists under a name that differs "
                    f"only in case or Unicode form from {target.name}; nothing written"
                )
    used = journal.get(stem)
    if used is not None:
        raise Refused(
            f"the id {stem!r} is already used by {project.shown(used.path)}; "
            "choose another title or --id; nothing written"
        )
    for source in journal.unreadable:
        if Path(source.path).stem == stem:
            raise Refused(
                f"the id {stem!r} may be used by {project.shown(source.path)} "
                "(which cannot be read); nothing written"
            )


def _would_be_problems(
    project: Project, journal: Journal, text: str, core_path: str
) -> list[Problem]:
    """What `careerlog check` would say about the new file, with the rest of the journal."""
    from careerlog.load import parse_source
    from careerlog.model import TYPES
    from careerlog.problems import Problem
    from careerlog.validate import cross_check, make_entry

    source = parse_source(text.encode("utf-8"), core_path)
    if source.unreadable:
        return list(source.problems)
    # The author's own terminal: word messages as for a public entry, so that they show the
    # values typed on the command line (check keeps private values out of CI logs).
    shown = dataclasses.replace(project.options, visibility_defaults=dict.fromkeys(TYPES, "public"))
    entry = make_entry(source, shown, in_private_dir=False)
    if entry is None:
        return [Problem(core_path, 1, "type", "the template has no `type`: it is not an entry")]
    cross_check([*journal.entries, entry])
    return sorted(set(entry.problems))


# --- templates ----------------------------------------------------------------------


def builtin_template(
    entry_type: str,
    title: str,
    given: Mapping[tuple[str, ...], str],
    options: Options,
    today: dt.date,
) -> str:
    """The entry's text, generated from model.py: set fields, then the rest as comments."""
    from careerlog.model import EXPERIMENT_REQUIRED, MODELS, required_for_status
    from careerlog.schema import fields

    model_cls = MODELS[entry_type]
    values: dict[tuple[str, ...], str] = {("type",): entry_type, ("title",): _yaml_str(title)}
    if entry_type == "experiment" and ("status",) not in given:
        values[("status",)] = "idea"
    for path, raw in given.items():
        values[path] = _yaml_value(entry_type, path, raw)
    status = given.get(("status",), "idea")
    needed = set(required_for_status(status)) if entry_type == "experiment" else set()

    lines = ["---"]
    doc = (model_cls.__doc__ or "").strip()
    lines.append(f"# {doc}")
    lines.append("# Lines starting with # are comments: uncomment a field to use it.")
    if entry_type == "experiment":
        lines.append("# Each status needs more fields than the one before:")
        for step, needs in EXPERIMENT_REQUIRED.items():
            if needs:
                lines.append(f"#   {step}: {', '.join(needs)}")
    ctx = _TemplateContext(entry_type, options, today, needed)
    _emit(fields(model_cls), (), values, ctx, 0, lines)
    lines.append("---")
    lines.append("")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _TemplateContext:
    entry_type: str
    options: Options
    today: dt.date
    needed: set[str]


def _emit(
    specs: tuple[FieldSpec, ...],
    path: tuple[str, ...],
    values: Mapping[tuple[str, ...], str],
    ctx: _TemplateContext,
    indent: int,
    out: list[str],
) -> None:
    pad = " " * indent
    names = {s.name for s in specs}
    for spec in specs:
        here = (*path, spec.name)
        dotted = ".".join(here)
        comment = _comment(spec, dotted, ctx)
        if here == ("type",):
            out.append(f"type: {values[here]}")
        elif here in values:
            out.append(f"{pad}{spec.name}: {values[here]}{comment}")
        elif spec.kind == "model":
            inside_given = any(k[: len(here)] == here and len(k) > len(here) for k in values)
            inside_needed = any(n.startswith(dotted + ".") for n in ctx.needed)
            if spec.required or inside_given or inside_needed:
                out.append(f"{pad}# {spec.doc or spec.description}")
                out.append(f"{pad}{spec.name}:")
                _emit(spec.children, here, values, ctx, indent + 2, out)
            else:
                out.append(f"{pad}# {spec.doc or spec.description}")
                _commented(spec, dotted, ctx, indent, out)
        elif spec.required or dotted in ctx.needed:
            placeholder = _placeholder(spec, ctx)
            if placeholder is not None:
                out.append(f"{pad}{spec.name}: {placeholder}{comment}")
            # else left out: the check before writing names it and refuses
        else:
            _commented(spec, dotted, ctx, indent, out)
    # keys that are not fields here: written anyway, so the check reports them with a suggestion
    extra: dict[str, list[tuple[str, ...]]] = {}
    for key in values:
        if key[: len(path)] == path and len(key) > len(path) and key[len(path)] not in names:
            extra.setdefault(key[len(path)], []).append(key)
    for name, keys in extra.items():
        direct = (*path, name)
        if direct in values:
            out.append(f"{pad}{name}: {values[direct]}")
        else:
            out.append(f"{pad}{name}:")
            for key in keys:
                out.append(f"{pad}  {key[-1]}: {values[key]}")


def _commented(
    spec: FieldSpec, dotted: str, ctx: _TemplateContext, indent: int, out: list[str]
) -> None:
    """An optional field as a commented-out line (or block, for groups and lists of groups)."""
    pad = " " * indent
    comment = _comment(spec, dotted, ctx)
    if spec.kind == "model":
        out.append(f"{pad}# {spec.name}:")
        for child in spec.children:
            _commented(child, f"{dotted}.{child.name}", ctx, indent + 2, out)
        return
    if spec.kind == "list" and spec.item is not None and spec.item.kind == "model":
        out.append(f"{pad}# {spec.name}:{comment}")
        children = spec.item.children
        for index, child in enumerate(children):
            lead = "- " if index == 0 else "  "
            child_lines: list[str] = []
            _commented(child, f"{dotted}.{child.name}", ctx, 0, child_lines)
            for n, line in enumerate(child_lines):
                body = line.removeprefix("# ")
                prefix = lead if n == 0 else "  "
                out.append(f"{pad}#   {prefix}{body}")
        return
    example = "[]" if spec.kind == "list" else ""
    out.append(f"{pad}# {spec.name}: {example}".rstrip() + comment)


def _comment(spec: FieldSpec, dotted: str, ctx: _TemplateContext) -> str:
    from careerlog.schema import status_note

    parts = [spec.description.rstrip(".")] if spec.description else []
    choices = spec.choices or (spec.item.choices if spec.item else ())
    if spec.name == "stage":
        choices = ctx.options.stages
    elif spec.name in ("skills", "expertise") and spec.kind == "list":
        choices = tuple(ctx.options.skills)
    if spec.kind == "model" or (spec.kind == "list" and spec.item and spec.item.kind == "model"):
        choices = ()
    if choices:
        parts.append("one of: " + ", ".join(choices))
    if spec.kind == "date":
        parts.append("YYYY-MM-DD")
    if spec.name == "visibility" and not dotted.count("."):
        default = ctx.options.default_visibility(ctx.entry_type)
        parts.append(f"default here: {default}")
    elif spec.default:
        parts.append(f"default: {spec.default}")
    note = status_note(ctx.entry_type, dotted)
    if note:
        parts.append(note)
    return f"  # {'; '.join(parts)}" if parts else ""


def _placeholder(spec: FieldSpec, ctx: _TemplateContext) -> str | None:
    """A value that keeps a new entry valid and says what to write; None when none fits."""
    if spec.kind == "string":
        return _yaml_str(f"TODO: {spec.description.rstrip('.')}")
    if spec.kind == "date":
        if spec.name == "due":  # a goal's deadline: a year out until the author sets it
            try:
                return ctx.today.replace(year=ctx.today.year + 1).isoformat()
            except ValueError:  # 29 February
                return (ctx.today + dt.timedelta(days=365)).isoformat()
        if spec.name == "end":  # a planned end is the author's call: ask for it
            return None
        return ctx.today.isoformat()  # start, date, since, outcome.date: now
    return None


_PLAIN = re.compile(r"[a-z][a-z0-9-]*")
_YAML_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null"}


def _yaml_str(text: str) -> str:
    if _PLAIN.fullmatch(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _yaml_value(entry_type: str, path: tuple[str, ...], raw: str) -> str:
    """A command-line value as YAML, by the kind of the field (text is always text)."""
    from careerlog.schema import field_at

    spec = field_at(entry_type, path)
    kind = spec.kind if spec is not None else "string"
    if kind == "list":
        inner = raw.strip()
        if inner.startswith("[") and inner.endswith("]"):
            inner = inner[1:-1]
        items = [i.strip() for i in inner.split(",") if i.strip()]
        item_kind = spec.item.kind if spec is not None and spec.item else "string"
        return "[" + ", ".join(_scalar(item_kind, i) for i in items) + "]"
    return _scalar(kind, raw)


def _scalar(kind: str, raw: str) -> str:
    value = raw.strip()
    if kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    if kind == "integer" and re.fullmatch(r"-?(0|[1-9][0-9]*)", value):
        return value
    if kind == "number" and re.fullmatch(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?", value):
        return value
    if kind == "boolean" and value.lower() in ("true", "false"):
        return value.lower()
    return _yaml_str(raw if kind == "string" else value)


def _user_template(project: Project, folder: Path | None, entry_type: str) -> Path | None:
    if folder is not None:
        if not folder.is_dir():
            raise CliError(f"--templates {_show_path(folder)} is not a folder")
        candidate = folder / f"{entry_type}.md"
    else:
        candidate = project.docs_dir.parent / TEMPLATES_FOLDER / f"{entry_type}.md"
    return candidate if candidate.is_file() else None


_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def _from_user_template(
    path: Path,
    entry_type: str,
    title: str,
    stem: str,
    today: dt.date,
    given: Mapping[tuple[str, ...], str],
) -> str:
    from careerlog.load import HANDLER

    try:
        text = path.read_text("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"template {_show_path(path)} cannot be read ({_reason(exc)})") from None
    try:
        front, body = HANDLER.split(text)
    except ValueError:
        raise CliError(
            f"template {_show_path(path)} has no front matter (it must start with a '---' line)"
        ) from None
    date_field = DATE_FIELD[entry_type]
    date_given = given.get((date_field,))
    substitutions = {
        "title": _yaml_str(title),
        "id": _yaml_str(stem),
        "type": entry_type,
        "today": today.isoformat(),
        "status": _yaml_value(entry_type, ("status",), given.get(("status",), "idea")),
        "date": _yaml_value(entry_type, (date_field,), date_given)
        if date_given
        else today.isoformat(),
    }

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in substitutions:
            raise CliError(
                f"template {_show_path(path)}: unknown placeholder {{{{ {name} }}}} "
                f"(known: {', '.join(substitutions)})"
            )
        return substitutions[name]

    lines = _PLACEHOLDER.sub(replace, front).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for key_path, raw in given.items():
        if len(key_path) != 1:
            raise CliError(
                f"--field {'.'.join(key_path)}: with the template {_show_path(path)}, only "
                "top-level fields can be set; write nested ones in the template"
            )
        _set_top_level(lines, key_path[0], _yaml_value(entry_type, key_path, raw), path)
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def _set_top_level(lines: list[str], key: str, value: str, template: Path) -> None:
    pattern = re.compile(rf"{re.escape(key)}[ \t]*:(?:[ \t]|$)")
    for index, line in enumerate(lines):
        if not pattern.match(line):
            continue
        following = lines[index + 1 : index + 2]
        block = line.split(":", 1)[1].strip() in ("", "|", ">", "|-", ">-") or (
            following and following[0][:1] in (" ", "\t", "-")
        )
        if block:
            raise CliError(
                f"--field {key}: the template {_show_path(template)} sets {key} over several "
                "lines; edit the template or leave the option out"
            )
        lines[index] = f"{key}: {value}"
        return
    lines.append(f"{key}: {value}")


# --- writing ------------------------------------------------------------------------


def write_new_file(target: Path, data: bytes) -> Path:
    """Write `data` to `target` atomically, never replacing anything.

    A temporary file in the same folder is written, flushed and fsynced, then
    hard-linked to the final name (which fails if the name exists) and
    unlinked.  On a file system without hard links it is renamed after a final
    existence check.  On any failure the temporary file (and a folder created
    for it) is removed and the tree is left as it was.
    """
    created = _make_folders(target.parent)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".careerlog-new-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _publish(tmp, target)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        tmp = None
        _sync_folder(target.parent)
    except FileExistsError:
        _clean_up(tmp, created)
        raise Refused(f"{_show_path(target)} already exists; nothing written") from None
    except OSError as exc:
        _clean_up(tmp, created)
        reason = _reason(exc)
        raise CliError(f"cannot write {_show_path(target)} ({reason}); nothing written") from None
    except BaseException:
        _clean_up(tmp, created)
        raise
    return target


_NO_HARD_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EOPNOTSUPP}


def _publish(tmp: str, target: Path) -> None:
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        # No hard links here: rename, which on Windows refuses an existing name by itself
        # and elsewhere is guarded by a last check (a race window the link avoids).
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.rename(tmp, target)


def _make_folders(folder: Path) -> list[Path]:
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"cannot create {_show_path(folder)} ({_reason(exc)})") from None
    return missing  # deepest first


def _clean_up(tmp: str | None, created: list[Path]) -> None:
    if tmp is not None:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    for folder in created:
        with contextlib.suppress(OSError):
            folder.rmdir()


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

