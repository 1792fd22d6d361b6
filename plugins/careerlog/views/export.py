"""`careerlog.json`: every published, valid entry with its validated front matter."""

from __future__ import annotations

import json
from typing import Any

from careerlog.model import dump, reference_fields
from careerlog.render import Site


def records(site: Site) -> list[dict[str, Any]]:
    journal = site.journal
    out = []
    for entry in journal.valid():
        if entry.model is None or entry.id not in site.urls:
            continue
        data = dump(entry.model)
        data.pop("visibility", None)
        # a reference to an entry this site does not publish becomes null: no private id leaks
        for field_name in reference_fields(entry.type):
            if field_name in data:
                data[field_name] = [ref if ref in site.urls else None for ref in data[field_name]]
        out.append({"id": entry.id, "type": entry.type, "url": site.urls[entry.id], **data})
    return out


def build(site: Site) -> str:
    # one entry a line: readable and diffable, and written by json's C encoder (an
    # indented dump goes through its pure-Python one, several times slower)
    lines = [json.dumps(record, ensure_ascii=False) for record in records(site)]
    return '{"entries": [\n' + ",\n".join(lines) + "\n]}\n"
