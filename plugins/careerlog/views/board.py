"""`board/`: the personal board of directors: cadence, last touch-base, next due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from careerlog.journal import BoardRow, Journal
from careerlog.model import Person
from careerlog.render import Renderer, Site


@dataclass(frozen=True)
class Row:
    row: BoardRow
    model: Person
    due_in: int | None  # days until the next touch-base is due (negative: overdue)


def context(journal: Journal) -> dict[str, Any]:
    today = journal.today
    rows: list[Row] = []
    for row in journal.board():
        person = row.person.model
        assert isinstance(person, Person)
        due_in = (row.next_due - today).days if row.next_due else None
        rows.append(Row(row, person, due_in))
    actions = [
        (entry, conversation, action)
        for entry, conversation in journal.conversations()
        if conversation.date <= today
        for action in conversation.actions
        if not action.done
    ]
    actions.sort(key=lambda r: (r[2].due or dt.date.max, r[1].date, r[0].id))
    return {
        "rows": rows,
        "overdue": sum(1 for r in rows if r.row.overdue),
        "actions": actions,
        "recent": [c for c in journal.conversations() if c[1].date <= today][-5:][::-1],
    }


def render(renderer: Renderer, site: Site, page_url: str) -> str:
    return renderer.render("board.html", site, page_url, **context(site.journal))
