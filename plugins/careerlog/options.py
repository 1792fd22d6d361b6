"""The plugin options, validated the same way for the MkDocs plugin and the CLI."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from careerlog.model import ID_PATTERN, TYPES

DEFAULT_STAGES: tuple[str, ...] = ("associate", "senior", "leader")


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    stage: str


DEFAULT_SKILLS: dict[str, Skill] = {
    s.id: s
    for s in (
        Skill("technical", "Technical fluency", "associate"),
        Skill("design", "Design", "associate"),
        Skill("consumer-science", "Consumer science", "associate"),
        Skill("strategic-thinking", "Strategic thinking", "senior"),
        Skill("management", "Management", "senior"),
        Skill("communication", "Communication", "senior"),
        Skill("org-design", "Organisation design", "leader"),
        Skill("company-strategy", "Company strategy", "leader"),
        Skill("industry-partnerships", "Industry partnerships", "leader"),
    )
}


class OptionError(ValueError):
    """A plugin option is unusable; the message starts with the option's name."""


@dataclass(frozen=True)
class Options:
    skills: dict[str, Skill] = field(default_factory=lambda: dict(DEFAULT_SKILLS))
    stages: tuple[str, ...] = DEFAULT_STAGES
    visibility_defaults: dict[str, str] = field(default_factory=dict)
    private_dir: Path | None = None
    today: dt.date | None = None

    def default_visibility(self, entry_type: str) -> str:
        return self.visibility_defaults.get(entry_type, "private")


_SLUG = re.compile(ID_PATTERN)


def build_options(
    raw: Mapping[str, object], config_dir: Path, *, docs_dir: Path | None = None
) -> Options:
    """Turn the `careerlog:` options of mkdocs.yml into Options, or raise OptionError.

    With `docs_dir`, a private_dir inside it is refused: MkDocs would publish its files.
    """
    known = {"skills", "stages", "visibility_defaults", "private_dir", "today"}
    for key in raw:
        if key not in known:
            raise OptionError(f"{key}: unknown option (known: {', '.join(sorted(known))})")
    stages = _stages(raw.get("stages"))
    return Options(
        skills=_skills(raw.get("skills"), stages),
        stages=stages,
        visibility_defaults=_visibility_defaults(raw.get("visibility_defaults")),
        private_dir=_private_dir(raw.get("private_dir"), config_dir, docs_dir),
        today=_today(raw.get("today")),
    )


def _stages(value: object) -> tuple[str, ...]:
    if value is None:
        return DEFAULT_STAGES
    if not isinstance(value, list) or not value:
        raise OptionError("stages: expected a non-empty list of stage ids")
    for stage in value:
        if not isinstance(stage, str) or not _SLUG.match(stage):
            raise OptionError(f"stages: {stage!r} is not an id (lowercase letters, digits, dashes)")
    if len(set(value)) != len(value):
        raise OptionError("stages: a stage is listed twice")
    return tuple(value)


def _skills(value: object, stages: tuple[str, ...]) -> dict[str, Skill]:
    """Extend or override the default taxonomy; `id: null` removes a default skill."""
    skills = {k: v for k, v in DEFAULT_SKILLS.items() if v.stage in stages}
    if value is None:
        return skills
    if not isinstance(value, Mapping):
        raise OptionError("skills: expected a mapping of skill id -> {name, stage}")
    for skill_id, spec in value.items():
        where = f"skills.{skill_id}"
        if not isinstance(skill_id, str) or not _SLUG.match(skill_id):
            raise OptionError(f"{where}: not an id (lowercase letters, digits, dashes)")
        if spec is None:
            skills.pop(skill_id, None)
            continue
        if not isinstance(spec, Mapping) or set(spec) - {"name", "stage"}:
            raise OptionError(f"{where}: expected {{name, stage}}")
        name = spec.get("name", skill_id)
        stage = spec.get("stage")
        if not isinstance(name, str) or not name:
            raise OptionError(f"{where}.name: expected text")
        if stage not in stages:
            raise OptionError(f"{where}.stage: expected one of {', '.join(stages)}")
        skills[skill_id] = Skill(skill_id, name, str(stage))
    return skills


def _visibility_defaults(value: object) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise OptionError("visibility_defaults: expected a mapping of entry type -> visibility")
    out: dict[str, str] = {}
    for entry_type, visibility in value.items():
        if entry_type not in TYPES:
            raise OptionError(
                f"visibility_defaults.{entry_type}: not an entry type ({', '.join(TYPES)})"
            )
        if visibility not in ("public", "private"):
            raise OptionError(f"visibility_defaults.{entry_type}: expected public or private")
        out[str(entry_type)] = str(visibility)
    return out


def _private_dir(value: object, config_dir: Path, docs_dir: Path | None) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise OptionError("private_dir: expected a folder path")
    folder = (config_dir / value).resolve()
    if docs_dir is not None:
        docs = (config_dir / docs_dir).resolve()
        if folder == docs or folder.is_relative_to(docs) or docs.is_relative_to(folder):
            raise OptionError(
                f"private_dir: {value} overlaps docs_dir, whose every file MkDocs publishes; "
                "use a folder outside docs_dir"
            )
    return folder


def _today(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise OptionError("today: expected a date YYYY-MM-DD")


def resolve_today(options: Options, environ: Mapping[str, str] | None = None) -> dt.date:
    """The `today` option, else the date of SOURCE_DATE_EPOCH, else the local date."""
    if options.today is not None:
        return options.today
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise OptionError("SOURCE_DATE_EPOCH: expected seconds since 1970") from None
    return dt.date.today()
