"""`feed.xml`: an Atom 1.0 feed of the monthly digests and the concluded experiments.

Built with xml.etree, which escapes every title and text.  Deterministic:
every `updated` comes from the entries' own dates (a digest's latest event, an
experiment's outcome date), never from the clock, so two builds of the same
journal give the same bytes.

Links and ids are absolute when mkdocs.yml sets `site_url` (ids are then the
entries' URLs, which stay stable as long as the site does not move).  Without
`site_url` the links are relative to the site's root, which most feed readers
resolve against the feed's own address, and ids are `urn:careerlog:` names
built from the month or the experiment's id.  Set `site_url` before sharing the
feed.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from careerlog.render import Site, month_name
from careerlog.views.updates import Digest, digests

ATOM_NS = "http://www.w3.org/2005/Atom"
EPOCH = dt.date(1970, 1, 1)  # the feed's `updated` when it has no entry at all

RESULT_WORDS = {
    "validated": "hypothesis validated",
    "invalidated": "hypothesis invalidated",
    "inconclusive": "inconclusive",
}


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Links:
    def __init__(self, site: Site) -> None:
        self.base = site.site_url.rstrip("/") + "/" if site.site_url else ""

    def href(self, url: str) -> str:
        return self.base + url

    def id(self, url: str, name: str) -> str:
        return self.base + url if self.base else f"urn:careerlog:{name}"


def _digest_summary(d: Digest) -> str:
    parts = []
    if d.started:
        parts.append("Started: " + "; ".join(e.title for e, _ in d.started) + ".")
    if d.ended:
        parts.append(
            "Concluded: "
            + "; ".join(
                e.title
                + (
                    f" ({RESULT_WORDS[m.outcome.result]})"
                    if m.status == "concluded" and m.outcome and m.outcome.result
                    else " (abandoned)"
                )
                for e, m in d.ended
            )
            + "."
        )
    if d.readings:
        parts.append(_plural(len(d.readings), "KPI reading") + ".")
    if d.conversations:
        parts.append(_plural(len(d.conversations), "conversation") + ".")
    return " ".join(parts)


@dataclass(frozen=True)
class Item:
    updated: dt.date
    key: str  # orders items with the same date: "update:2026-03", "experiment:<id>"
    id: str
    title: str
    href: str | None
    summary: str

    def element(self, feed: ET.Element) -> None:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = self.id
        ET.SubElement(entry, "title", {"type": "text"}).text = self.title
        ET.SubElement(entry, "updated").text = _stamp(self.updated)
        if self.href is not None:
            link = {"rel": "alternate", "type": "text/html", "href": self.href}
            ET.SubElement(entry, "link", link)
        ET.SubElement(entry, "summary", {"type": "text"}).text = self.summary


def items(site: Site) -> list[Item]:
    """The feed's entries, newest first."""
    journal = site.journal
    links = _Links(site)
    out: list[Item] = []
    for d in digests(journal):
        url = site.view_urls.get(f"updates/{d.month}")
        out.append(
            Item(
                updated=d.last_date,
                key=f"update:{d.month}",
                id=links.id(url or f"updates/{d.month}/", f"update:{d.month}"),
                title=f"Monthly update: {month_name(d.month)}",
                href=links.href(url) if url is not None else None,
                summary=_digest_summary(d),
            )
        )
    for entry, m in journal.experiments():
        if m.status != "concluded" or not m.outcome or not m.outcome.date:
            continue
        if m.outcome.date > journal.today:
            continue
        url = site.urls.get(entry.id)
        result = RESULT_WORDS.get(m.outcome.result or "", "concluded")
        summary = f"Concluded {m.outcome.date.isoformat()}, {result}."
        if m.outcome.learned:
            summary += f" Learned: {m.outcome.learned}"
        if m.outcome.next:
            summary += f" Next: {m.outcome.next}"
        out.append(
            Item(
                updated=m.outcome.date,
                key=f"experiment:{entry.id}",
                id=links.id(url or entry.id, f"experiment:{entry.id}"),
                title=f"Concluded: {entry.title}",
                href=links.href(url) if url is not None else None,
                summary=summary,
            )
        )
    out.sort(key=lambda item: (item.updated, item.key), reverse=True)
    return out


def build(site: Site) -> str:
    links = _Links(site)
    entries = items(site)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    ET.SubElement(feed, "id").text = links.base or "urn:careerlog:feed"
    ET.SubElement(feed, "title", {"type": "text"}).text = "Career log: updates and learnings"
    ET.SubElement(feed, "updated").text = _stamp(entries[0].updated if entries else EPOCH)
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = "careerlog"
    if links.base:
        ET.SubElement(
            feed,
            "link",
            {"rel": "self", "type": "application/atom+xml", "href": links.href("feed.xml")},
        )
        ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": links.base})
    ET.SubElement(feed, "generator").text = "careerlog"
    for item in entries:
        item.element(feed)
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
