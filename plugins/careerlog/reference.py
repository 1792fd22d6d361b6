"""The field reference of the docs, generated from the models (never kept by hand).

`python -m careerlog.reference README.md` rewrites the block between the
`<!-- fields:start -->` and `<!-- fields:end -->` markers; a test fails when
the README and the models disagree.
"""

from __future__ import annotations

import sys
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from careerlog.model import EXPERIMENT_REQUIRED, MODELS, inner_model

START, END = "<!-- fields:start -->", "<!-- fields:end -->"
_COMMON = ("type", "id", "title", "visibility", "tags", "stage", "skills")


def _kind(annotation: object) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(annotation))
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return " \\| ".join(_kind(a) for a in args)
    if origin is typing.Annotated:
        return _kind(args[0])
    if origin is list:
        return f"list of {_kind(args[0])}" if args else "list"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping"
    names = {
        "str": "text",
        "int": "integer",
        "float": "number",
        "bool": "true/false",
        "date": "date",
    }
    return names.get(getattr(annotation, "__name__", ""), str(annotation))


def _required(dotted: str, info: FieldInfo) -> str:
    statuses = [s for s, fields in EXPERIMENT_REQUIRED.items() if dotted in fields]
    if statuses in (["planned"], ["running"]):
        return f"from `{statuses[0]}`"
    if statuses:
        return ", ".join(f"`{s}`" for s in statuses)
    return "yes" if info.is_required() else "optional"


def _rows(model: type[BaseModel], prefix: str = "", skip: tuple[str, ...] = ()) -> list[str]:
    rows = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        kind = _kind(info.annotation)
        meaning = info.description or ""
        if not prefix and name == "type":
            kind = " \\| ".join(f"`{t}`" for t in MODELS)
            meaning = "The kind of entry."
        required = _required(prefix.replace("[]", "") + name, info)
        rows.append(f"| `{prefix}{name}` | {kind} | {required} | {meaning} |")
        inner = inner_model(info.annotation)
        if inner is not None:
            rows.extend(_rows(inner, f"{prefix}{name}{'[]' if _is_list(info.annotation) else ''}."))
    return rows


def _is_list(annotation: object) -> bool:
    return typing.get_origin(annotation) is list or any(
        _is_list(a) for a in typing.get_args(annotation)
    )


def field_reference() -> str:
    header = "| field | type | required | meaning |\n| --- | --- | --- | --- |"
    parts = [
        "### Every type",
        "",
        header,
        *_rows(
            MODELS["experiment"],
            skip=tuple(n for n in MODELS["experiment"].model_fields if n not in _COMMON),
        ),
    ]
    for entry_type, model in MODELS.items():
        parts += ["", f"### {entry_type}", "", (model.__doc__ or "").strip(), "", header]
        parts += _rows(model, skip=_COMMON)
    return "\n".join(parts) + "\n"


def rewrite(path: Path) -> bool:
    """Put the generated reference into a document; True if it changed."""
    text = path.read_text("utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    new = f"{head}{START}\n{field_reference()}{END}{tail}"
    if new != text:
        path.write_text(new, "utf-8")
        return True
    return False


if __name__ == "__main__":  # pragma: no cover
    for arg in sys.argv[1:]:
        print(f"{arg}: {'updated' if rewrite(Path(arg)) else 'up to date'}")
