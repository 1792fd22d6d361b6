"""`careerlog.json`: every published, valid entry with its validated front matter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from careerlog.model import dump, reference_fields
from careerlog.render import Site
from careerlog.validate import Entry


def _published(site: Site) -> Iterator[Entry]:
    for entry in site.journal.valid():
        if entry.model is not None and entry.id in site.urls:
            yield entry


def record(site: Site, entry: Entry) -> dict[str, Any]:
    """A published entry's id, type, URL and validated front matter."""
    if entry.model is None:  # pragma: no cover - _published gives only entries with one
        raise ValueError(f"{entry.path}: no validated front matter")
    data = dump(entry.model)
    data.pop("visibility", None)
    # a reference to an entry this site does not publish becomes null: no private id leaks
    for field_name in reference_fields(entry.type):
        if field_name in data:
            data[field_name] = [ref if ref in site.urls else None for ref in data[field_name]]
    return {"id": entry.id, "type": entry.type, "url": site.urls[entry.id], **data}


def records(site: Site) -> list[dict[str, Any]]:
    return [record(site, entry) for entry in _published(site)]


def _line(site: Site, entry: Entry) -> str:
    """One entry's record as a line of JSON; under `mkdocs serve` kept for later
    rebuilds while the entry, its URL and which of its references are published
    stay the same."""
    if site.kept is None:
        return json.dumps(record(site, entry), ensure_ascii=False)
    published = tuple(
        ref in site.urls
        for field_name in reference_fields(entry.type)
        for ref in getattr(entry.model, field_name, None) or ()
    )
    return site.kept.get(
        ("export", entry.path),
        (entry.source, entry.model),
        (entry.id, entry.type, site.urls[entry.id], published),
        lambda: json.dumps(record(site, entry), ensure_ascii=False),
    )


def build(site: Site) -> str:
    # one entry a line: readable and diffable, and written by json's C encoder (an
    # indented dump goes through its pure-Python one, several times slower)
    lines = [_line(site, entry) for entry in _published(site)]
    return '{"entries": [\n' + ",\n".join(lines) + "\n]}\n"
