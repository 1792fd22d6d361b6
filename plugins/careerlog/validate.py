"""Sources -> entries with located problems: per-entry schema and rules across entries.

Every problem names the file, the line in the file, the dotted field and
what was expected.  Values of private entries are never echoed: CI logs are
public.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from careerlog.load import Path_, Source, is_invalid
from careerlog.model import (
    ID_PATTERN,
    MODELS,
    TYPES,
    AnyEntry,
    Experiment,
    Goal,
    Person,
    first_status_requiring,
    inner_model,
    reference_fields,
    required_for_status,
)
from careerlog.options import Options
from careerlog.problems import Problem, dotted

_SLUG = re.compile(ID_PATTERN)


@dataclass(slots=True)
class Entry:
    """A Markdown file that is a careerlog entry."""

    id: str
    type: str
    source: Source
    private: bool
    in_private_dir: bool = False
    model: AnyEntry | None = None
    problems: list[Problem] = field(default_factory=list)
    # as written, valid or not (kept apart from the front matter, which a build lets go)
    title: str = ""  # the id when the title is missing or not text
    status: str | None = None

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def valid(self) -> bool:
        return self.model is not None and not any(p.severity == "error" for p in self.problems)


class _Reporter:
    def __init__(self, entry: Entry) -> None:
        self.entry = entry

    def at(self, path: Path_, message: str, *, key: bool = False, fatal: bool = False) -> None:
        line = self.entry.source.marks.line(path, key=key)
        self.entry.problems.append(
            Problem(self.entry.path, line, dotted(path), message, fatal=fatal)
        )

    def the_id(self, value: str) -> str:
        return "this id" if self.entry.private else f"the id {value!r}"

    def show(self, value: object) -> str:
        """A value for a message, or nothing at all for a private entry."""
        if self.entry.private:
            return "this value"
        return repr(value) if isinstance(value, str) else str(value)


def suggest(value: object, choices: Iterable[str]) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value.lower(), list(choices), n=1, cutoff=0.6)
    return f" — did you mean {close[0]!r}?" if close else ""


# --- one entry ---------------------------------------------------------------------


def make_entry(source: Source, options: Options, *, in_private_dir: bool = False) -> Entry | None:
    """The entry a source holds, with its own problems; None for an ordinary page."""
    data = source.data
    if data is None or ("type" not in data and not in_private_dir):
        return None
    stem = PurePosixPath(source.path).stem
    given_id = data.get("id")
    entry_id = given_id if isinstance(given_id, str) and _SLUG.match(given_id) else stem
    entry_type = data.get("type")
    title, status = data.get("title"), data.get("status")
    entry = Entry(
        id=entry_id,
        type=entry_type if isinstance(entry_type, str) and entry_type in TYPES else "",
        source=source,
        private=True,
        in_private_dir=in_private_dir,
        title=title if isinstance(title, str) and title else entry_id,
        status=status if isinstance(status, str) else None,
    )
    report = _Reporter(entry)
    _visibility(entry, report, options)
    for path, line, message in source.field_problems:
        entry.problems.append(Problem(source.path, line, dotted(path), message))
    if given_id is not None and entry_id != given_id and not entry.type:
        # (an entry of a known type has its id checked by the schema)
        report.at(("id",), "expected an id: lowercase letters, digits and dashes")
    elif given_id is None and not _SLUG.match(stem):
        report.at(
            (),
            f"the file name {stem!r} is not a valid id (lowercase letters, digits and dashes): "
            "rename the file or set `id`",
        )
    if not entry.type:
        if "type" not in data:
            report.at(("type",), f"`type` is required: one of {', '.join(TYPES)}")
        else:
            report.at(
                ("type",),
                f"{report.show(entry_type)} is not one of {', '.join(TYPES)}"
                + suggest(entry_type, TYPES),
            )
        return entry
    entry.model, checked, unreadable = _schema(entry, report, data)
    _taxonomy(report, data, options)
    _yaml_numbers(report)
    if checked is not None:
        _rules(report, checked, unreadable)
    return entry


_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_BASE_60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")


def _yaml_numbers(report: _Reporter) -> None:
    """Numbers YAML 1.1 reads differently from how they look: `hours_per_week: 1:30`
    is 90 (base 60) and `010` is 8 (octal).  Fields where text was expected are
    already reported by the schema."""
    source = report.entry.source
    reported = {p.field for p in report.entry.problems}
    for path, raw in source.marks.raw.items():
        value = _value_at(source.data, path)
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if dotted(path) in reported:
            continue
        octal = _OCTAL.fullmatch(raw) is not None and int(raw.replace("_", "")) != value
        if not octal and _BASE_60.fullmatch(raw) is None:
            continue
        how = "octal, because of its leading zero" if octal else "base 60, because of the ':'"
        if report.entry.private:
            report.at(path, f"is a number YAML reads in {how}; write it as a plain number")
        else:
            report.at(
                path,
                f"{raw} is read by YAML as {value} ({how}); write the number you mean "
                "as a plain number",
            )


def _value_at(data: object, path: Path_) -> object:
    for part in path:
        found = (isinstance(data, dict) and isinstance(part, str) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        )
        if not found:
            return None
        data = data[part]  # type: ignore[index]
    return data


def _visibility(entry: Entry, report: _Reporter, options: Options) -> None:
    data = entry.source.data or {}
    if entry.in_private_dir:
        entry.private = True
    elif "visibility" in data:
        value = data["visibility"]
        if value in ("public", "private"):
            entry.private = value == "private"
        else:
            report.at(
                ("visibility",),
                "must be exactly 'public' or 'private' (without it, careerlog cannot tell "
                "whether this entry may be published, so the build stops)"
                + suggest(value, ("public", "private")),
                fatal=True,
            )
    else:
        entry.private = options.default_visibility(entry.type) == "private"
    if any(p.field == "visibility" for p in entry.problems) or any(
        path[:1] == ("visibility",) for path, _, _ in entry.source.field_problems
    ):
        entry.private = True
        if not any(p.fatal for p in entry.problems):
            report.at(("visibility",), "is unreadable, so the build stops", fatal=True)


def _clean(value: Any) -> Any:
    """Drop values already reported by the loader so they are not reported twice."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if not is_invalid(v)}
    if isinstance(value, list):
        return [_clean(v) for v in value if not is_invalid(v)]
    return value


def _schema(
    entry: Entry, report: _Reporter, data: dict[str, Any]
) -> tuple[AnyEntry | None, AnyEntry | None, set[str]]:
    """(the model or None, a model to check the rules on, fields present but unusable).

    When some fields are broken, the rules (status table, date order, ...) still run on the
    rest, so that every problem is reported in one pass rather than one after the other.
    """
    model_cls = MODELS[entry.type]
    reported = {path for path, _, _ in entry.source.field_problems}
    unreadable = {dotted(path) for path in reported}
    if any(p.field == "visibility" for p in entry.problems):
        reported.add(("visibility",))
    # the loader reports (in field_problems) every value it could not read
    cleaned = _clean(data) if entry.source.field_problems else data
    try:
        model = typing.cast(AnyEntry, model_cls.model_validate(cleaned))
        return model, model, unreadable
    except ValidationError as exc:
        broken: set[str] = set()
        for error in exc.errors(include_url=False):
            loc: Path_ = tuple(error["loc"])
            if loc and loc[0] in cleaned:
                broken.add(str(loc[0]))
            if loc in reported:
                continue
            _translate(report, model_cls, loc, error, data)
    try:
        rest = {k: v for k, v in cleaned.items() if k not in broken}
        partial = typing.cast(AnyEntry, model_cls.model_validate(rest))
    except ValidationError:  # a required field is missing or broken: the rules wait for it
        partial = None
    return None, partial, unreadable | broken


def _translate(
    report: _Reporter, model_cls: type[BaseModel], loc: Path_, error: Any, data: Any
) -> None:
    kind = error["type"]
    value = error.get("input")
    raw = report.entry.source.marks.raw.get(loc)
    if kind == "missing":
        report.at(loc, f"is required{_required_why(loc)}", key=True)
    elif kind == "extra_forbidden":
        allowed = _fields_at(model_cls, loc[:-1])
        name = str(loc[-1])
        report.at(
            loc,
            f"unknown key {name!r} (known here: {', '.join(allowed)})" + suggest(name, allowed),
            key=True,
        )
    elif kind == "literal_error":
        choices = _choices_at(model_cls, loc)
        got = _got(report, value, raw)
        report.at(loc, f"{got} is not one of {', '.join(choices)}" + suggest(value, choices))
    elif kind in ("string_type", "date_type") or kind.endswith(("_type", "_parsing")):
        expected = _EXPECTED.get(kind, error["msg"])
        report.at(
            loc,
            f"expected {expected}, got {_got(report, value, raw)}{_quote_hint(raw, kind)}"
            + ("" if report.entry.private else _date_hint(value, kind)),
        )
    elif kind == "date_impossible":
        report.at(loc, "is not a real date (expected YYYY-MM-DD)")
    elif kind == "string_pattern_mismatch":
        report.at(loc, f"{report.show(value)} is not an id (lowercase letters, digits and dashes)")
    elif kind == "string_too_short":
        report.at(loc, "is empty")
    elif kind == "too_short":
        report.at(loc, "needs at least one item")
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = _bounds(model_cls, loc)
        report.at(loc, f"expected {bounds}, got {report.show(value)}")
    elif kind == "finite_number":
        report.at(loc, "expected a finite number")
    else:  # pragma: no cover - a pydantic error kind without a careerlog wording
        report.at(loc, error["msg"])


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "model_type": "a mapping of keys to values",
    "dict_type": "a mapping of keys to values",
    "date_type": "a date YYYY-MM-DD",
    "int_parsing": "a whole number",
    "float_parsing": "a number",
}


def _got(report: _Reporter, value: object, raw: str | None) -> str:
    kind = _kind(value)
    if report.entry.private:
        return kind
    if raw is not None and isinstance(value, bool | int | float) and raw != str(value):
        return f"{raw} (which YAML reads as {_yaml_value(value)})"
    if isinstance(value, dict | list) or value is None:
        return kind
    return report.show(value)


_LOOSE_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _date_hint(value: object, kind: str) -> str:
    """`2026-1-5` -> ` — did you mean 2026-01-05?` (YAML reads only padded dates as dates)."""
    match = _LOOSE_DATE.fullmatch(value) if kind == "date_type" and isinstance(value, str) else None
    if match is None:
        return ""
    year, month, day = (int(g) for g in match.groups())
    try:
        return f" — did you mean {dt.date(year, month, day).isoformat()}?"
    except ValueError:
        return ""


def _yaml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"the number {value}"


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing (empty)"
    return "a date" if hasattr(value, "isoformat") else type(value).__name__


def _quote_hint(raw: str | None, kind: str) -> str:
    if raw and kind in ("string_type", "literal_error"):  # not for an empty value
        return " — put it in quotes to keep it as text"
    return ""


def _required_why(loc: Path_) -> str:
    status = first_status_requiring(dotted(loc))
    return f" from status '{status}' on" if status and status != "idea" else ""


def _model_at(model_cls: type[BaseModel], loc: Path_) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model_cls
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = inner_model(info.annotation)
    return current


def _fields_at(model_cls: type[BaseModel], loc: Path_) -> list[str]:
    inner = _model_at(model_cls, loc)
    return list(inner.model_fields) if inner else []


def _annotation_at(model_cls: type[BaseModel], loc: Path_) -> object:
    names = [p for p in loc if isinstance(p, str)]
    parent = _model_at(model_cls, tuple(names[:-1])) if names else None
    if parent is None or names[-1] not in parent.model_fields:
        return None
    return parent.model_fields[names[-1]].annotation


def _choices_at(model_cls: type[BaseModel], loc: Path_) -> list[str]:
    out: list[str] = []

    def walk(annotation: object) -> None:
        if typing.get_origin(annotation) is typing.Literal:
            out.extend(str(a) for a in typing.get_args(annotation))
        else:
            for arg in typing.get_args(annotation):
                walk(arg)

    walk(_annotation_at(model_cls, loc))
    return out


def _bounds(model_cls: type[BaseModel], loc: Path_) -> str:
    names = [p for p in loc if isinstance(p, str)]
    if names and names[-1] in ("confidence", "energy"):
        return "a whole number from 1 to 5"
    return "a number of at least 0"


# --- rules within one entry --------------------------------------------------------


def _rules(report: _Reporter, model: AnyEntry, unreadable: set[str]) -> None:
    """Rules within one entry; fields in `unreadable` are in the file but already reported
    as broken, so they are not "missing"."""
    if isinstance(model, Experiment):
        _experiment(report, model, unreadable)
    elif isinstance(model, Goal):
        _goal(report, model)
    elif (
        isinstance(model, Person)
        and model.board
        and model.cadence is None
        and "cadence" not in unreadable
    ):
        report.at(("cadence",), "is required for a member of the board (board: true)", key=True)


def _taxonomy(report: _Reporter, data: dict[str, Any], options: Options) -> None:
    """Stage and skills against the journal's own lists (on the raw data, so these are
    reported even when another field broke the schema)."""
    stage = data.get("stage")
    if isinstance(stage, str) and _SLUG.match(stage) and stage not in options.stages:
        report.at(
            ("stage",),
            f"{report.show(stage)} is not one of {', '.join(options.stages)}"
            + suggest(stage, options.stages),
        )
    for name in ("skills", "expertise") if report.entry.type == "person" else ("skills",):
        _skill_list(report, (name,), _strings(data.get(name)), options)


def _strings(value: object) -> list[str]:
    """A list field's items, with non-text items as "" (reported by the schema)."""
    if not isinstance(value, list):
        return []
    return [v if isinstance(v, str) else "" for v in value]


def _skill_list(report: _Reporter, path: Path_, skills: Sequence[str], options: Options) -> None:
    for index, skill in enumerate(skills):
        if skill and _SLUG.match(skill) and skill not in options.skills:
            report.at(
                (*path, index),
                f"{report.show(skill)} is not a skill of the taxonomy "
                f"({', '.join(options.skills)})" + suggest(skill, options.skills),
            )


def _experiment(report: _Reporter, model: Experiment, unreadable: set[str]) -> None:
    for name in required_for_status(model.status):
        if name in unreadable or name.split(".")[0] in unreadable:
            continue
        value: object = model
        for part in name.split("."):
            value = getattr(value, part, None) if value is not None else None
        if value is None:
            path = tuple(name.split("."))
            report.at(
                path,
                f"is required when status is '{model.status}'"
                + (
                    f" (from '{first_status_requiring(name)}' on)"
                    if first_status_requiring(name) != model.status
                    else ""
                ),
                key=True,
            )
    if model.start and model.end and model.end < model.start:
        report.at(("end",), f"{_d(report, model.end)} is before start {_d(report, model.start)}")
    if model.start and model.outcome and model.outcome.date and model.outcome.date < model.start:
        report.at(
            ("outcome", "date"),
            f"{_d(report, model.outcome.date)} is before start {_d(report, model.start)}",
        )
    ended = model.status in ("concluded", "abandoned")
    if not ended and model.outcome is not None and model.outcome.result is not None:
        report.at(
            ("outcome", "result"),
            f"is set, but status is '{model.status}': conclude the experiment first",
        )


def _goal(report: _Reporter, model: Goal) -> None:
    for k, kpi in enumerate(model.kpis):
        for r in range(1, len(kpi.readings)):
            before, this = kpi.readings[r - 1].date, kpi.readings[r].date
            path: Path_ = ("kpis", k, "readings", r, "date")
            if this == before:
                report.at(path, f"two readings on {_d(report, this)}: keep one per date")
            elif this < before:
                report.at(
                    path,
                    f"{_d(report, this)} comes after {_d(report, before)}: "
                    "list readings oldest first",
                )


def _d(report: _Reporter, value: object) -> str:
    return "this date" if report.entry.private else str(value)


# --- rules across entries ----------------------------------------------------------


def cross_check(entries: Sequence[Entry]) -> None:
    """Unique ids, references of the right type, no `follows` cycles."""
    by_id: dict[str, Entry] = {}
    for entry in entries:
        other = by_id.get(entry.id)
        if other is None:
            by_id[entry.id] = entry
            continue
        for here, there in ((entry, other), (other, entry)):
            report = _Reporter(here)
            report.at(
                ("id",),
                f"{report.the_id(here.id)} is also used by {there.path}; ids must be unique",
            )
    for entry in entries:
        report = _Reporter(entry)
        for field_name, target in reference_fields(entry.type).items():
            for index, ref in enumerate(_strings((entry.source.data or {}).get(field_name))):
                if not _SLUG.match(ref):
                    continue  # reported by the schema
                found = by_id.get(ref)
                if found is None:
                    report.at(
                        (field_name, index),
                        f"no {target} has {report.the_id(ref)}"
                        + ("" if entry.private else suggest(ref, _ids_of(entries, target))),
                    )
                elif found.type != target:
                    report.at(
                        (field_name, index),
                        f"{report.show(ref)} is {_a(found.type or 'broken entry')}, "
                        f"not {_a(target)}",
                    )
    _cycles(entries, by_id)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _ids_of(entries: Sequence[Entry], entry_type: str) -> list[str]:
    return [e.id for e in entries if e.type == entry_type and not e.private]


def _cycles(entries: Sequence[Entry], by_id: dict[str, Entry]) -> None:
    graph = {
        e.id: [f for f in e.model.follows if f in by_id and by_id[f].type == "experiment"]
        for e in entries
        if isinstance(e.model, Experiment)
    }
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for start in sorted(graph):
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        trail: list[str] = []
        while stack:
            node, index = stack.pop()
            if index == 0:
                state[node] = 1
                trail.append(node)
            targets = graph.get(node, [])
            if index < len(targets):
                stack.append((node, index + 1))
                nxt = targets[index]
                if state.get(nxt) == 1:
                    cycle = [*trail[trail.index(nxt) :], nxt]
                    _report_cycle(by_id[node], cycle, targets.index(nxt), by_id)
                elif not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                trail.pop()


def _report_cycle(entry: Entry, cycle: list[str], index: int, by_id: dict[str, Entry]) -> None:
    report = _Reporter(entry)
    if entry.private:
        report.at(("follows", index), "closes a cycle of follow-ups")
    else:
        names = ["(a private entry)" if by_id[i].private else i for i in cycle]
        report.at(("follows", index), f"closes a cycle: {' → '.join(names)}")
