"""The schema of model.py, as editors and authors need it.

Two derived forms, both computed from the pydantic models and the status
table in model.py (nothing here spells a field out by hand):

- `json_schema()`: JSON Schema (draft 2020-12) of an entry's front matter,
  with descriptions, enums, the status-dependent requirements of
  EXPERIMENT_REQUIRED as if/then rules and, when the journal's options are
  known, its own skills and stages as enums.  `careerlog schema` prints it.
- `fields()`: the fields of a model as a tree of `FieldSpec` (kind, enum
  choices, description, nested fields), from which `careerlog new` writes
  commented templates.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter

from careerlog.model import (
    EXPERIMENT_STATUSES,
    MODELS,
    TYPES,
    AnyEntry,
    Experiment,
    first_status_requiring,
    required_for_status,
)
from careerlog.options import Options

DRAFT = "https://json-schema.org/draft/2020-12/schema"

Kind = Literal["string", "date", "integer", "number", "boolean", "enum", "list", "model"]


# --- fields as a tree -----------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter field, as `careerlog new` explains it."""

    name: str
    kind: Kind
    description: str
    required: bool
    choices: tuple[str, ...] = ()  # enum values
    item: FieldSpec | None = None  # what a list holds
    children: tuple[FieldSpec, ...] = ()  # fields of a nested model
    doc: str = ""  # the nested model's docstring ("The learning card.")
    default: str = ""  # the model's default, as YAML ("active", "false"), if it has one


def fields(model_cls: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields of a model, in declaration order."""
    out = []
    for name, info in model_cls.model_fields.items():
        spec = _spec(name, info.annotation, info.description or "", info.is_required())
        if not info.is_required() and isinstance(info.default, str | bool | int | float):
            default = info.default
            text = ("true" if default else "false") if isinstance(default, bool) else str(default)
            spec = dataclasses.replace(spec, default=text)
        out.append(spec)
    return tuple(out)


def _spec(name: str, annotation: object, description: str, required: bool) -> FieldSpec:
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin is Literal:
        choices = tuple(str(a) for a in typing.get_args(annotation))
        return FieldSpec(name, "enum", description, required, choices=choices)
    if origin is list:
        (item_annotation,) = typing.get_args(annotation)
        item = _spec(name, item_annotation, "", True)
        return FieldSpec(name, "list", description, required, item=item)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        doc = (annotation.__doc__ or "").strip()
        return FieldSpec(
            name, "model", description, required, children=fields(annotation), doc=doc
        )
    kind: Kind = "string"
    if annotation is bool:
        kind = "boolean"
    elif annotation is int:
        kind = "integer"
    elif annotation is float:
        kind = "number"
    elif annotation is dt.date:
        kind = "date"
    return FieldSpec(name, kind, description, required)


def _unwrap(annotation: object) -> object:
    """`Annotated[X, ...] | None` -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:  # pragma: no cover - the models use plain optionals only
                return annotation
            annotation = args[0]
        else:
            return annotation


def field_at(entry_type: str, path: tuple[str, ...]) -> FieldSpec | None:
    """The spec of a dotted field of a type (`("hypothesis", "test")`), or None."""
    specs = fields(MODELS[entry_type])
    found: FieldSpec | None = None
    for part in path:
        found = next((s for s in specs if s.name == part), None)
        if found is None:
            return None
        specs = found.children
    return found


def status_note(entry_type: str, dotted_name: str) -> str:
    """"required from status 'planned' on" for fields of the experiment status table."""
    if entry_type != "experiment":
        return ""
    status = first_status_requiring(dotted_name)
    if status is None:
        return ""
    if status == "abandoned":
        return "required when status is 'abandoned'"
    needed_by = [s for s in EXPERIMENT_STATUSES if dotted_name in required_for_status(s)]
    if len(needed_by) > 2:
        return f"required from status {status!r} on"
    return "required when status is " + " or ".join(repr(s) for s in needed_by)


# --- JSON Schema ----------------------------------------------------------------------


def json_schema(entry_type: str | None = None, options: Options | None = None) -> dict[str, Any]:
    """The JSON Schema of one type's front matter, or of any entry (oneOf over `type`).

    With `options`, `stage`, `skills` and a person's `expertise` are enums of
    the journal's own stages and skills; without, they are id patterns.
    """
    if entry_type is not None:
        model_cls = MODELS[entry_type]
        schema = model_cls.model_json_schema(mode="validation")
        _refine(schema, entry_type, options)
        return {
            "$schema": DRAFT,
            "title": f"careerlog {entry_type}",
            **{k: v for k, v in schema.items() if k != "title"},
        }
    adapter: TypeAdapter[AnyEntry] = TypeAdapter(
        Annotated[AnyEntry, Field(discriminator="type")]
    )
    schema = adapter.json_schema(mode="validation")
    for name in TYPES:
        _refine(schema["$defs"][MODELS[name].__name__], name, options)
    return {
        "$schema": DRAFT,
        "title": "careerlog entry",
        "description": "The front matter of a careerlog entry; `type` says which kind.",
        **schema,
    }


def _refine(node: dict[str, Any], entry_type: str, options: Options | None) -> None:
    """Add to a model's object schema what pydantic cannot express by itself."""
    props: dict[str, Any] = node["properties"]
    for name, info in MODELS[entry_type].model_fields.items():
        # pydantic leaves a nested model's field as a bare $ref; editors show this text
        if name in props and "$ref" in props[name] and info.description:
            props[name].setdefault("description", info.description)
    if options is not None:
        if "stage" in props:
            props["stage"] = _enum_or_null(props["stage"], list(options.stages))
        for name in ("skills", "expertise"):
            if name in props:
                props[name]["items"] = {
                    **props[name].get("items", {}),
                    "enum": list(options.skills),
                }
    rules: list[dict[str, Any]] = []
    if entry_type == "experiment":
        rules.extend(_status_rules())
    if entry_type == "person" and "cadence" in props:
        rules.append(
            {
                "if": {"properties": {"board": {"const": True}}, "required": ["board"]},
                "then": {"required": ["cadence"], "properties": {"cadence": {"type": "string"}}},
            }
        )
    if rules:
        node["allOf"] = node.get("allOf", []) + rules


def _enum_or_null(prop: dict[str, Any], values: list[str]) -> dict[str, Any]:
    out = copy.deepcopy(prop)
    out.pop("anyOf", None)
    out["anyOf"] = [{"type": "string", "enum": values}, {"type": "null"}]
    return out


def _status_rules() -> list[dict[str, Any]]:
    """EXPERIMENT_REQUIRED as one if/then per status (requirements accumulate)."""
    rules = []
    top_level = set(Experiment.model_fields)
    for status in EXPERIMENT_STATUSES:
        needed = required_for_status(status)
        if not needed:
            continue
        required: list[str] = []
        nested: dict[str, list[str]] = {}
        for dotted_name in needed:
            head, _, rest = dotted_name.partition(".")
            if head not in top_level:  # pragma: no cover - guarded by the model's tests
                raise ValueError(f"EXPERIMENT_REQUIRED names an unknown field {dotted_name}")
            if head not in required:
                required.append(head)
            if rest:
                nested.setdefault(head, []).append(rest)
        then: dict[str, Any] = {"required": required}
        properties: dict[str, Any] = {name: {"not": {"type": "null"}} for name in required}
        for head, names in nested.items():
            properties[head] = {
                "type": "object",
                "required": names,
                "properties": {n: {"not": {"type": "null"}} for n in names},
            }
        then["properties"] = properties
        rules.append(
            {
                "if": {"properties": {"status": {"const": status}}, "required": ["status"]},
                "then": then,
            }
        )
    return rules
