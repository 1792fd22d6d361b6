"""What a published build may contain, and the audit that proves it.

A published build works on a journal without private entries, removes
their files and navigation items, strips `/// private` blocks, and after the
build searches every output file (compressed ones too) for any private id,
title or slug: one hit fails the build.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from careerlog.journal import Journal

_BLOCK = re.compile(r"^///[ \t]*private[ \t]*\n(?P<body>.*?)^///[ \t]*$\n?", re.MULTILINE | re.DOTALL)


def private_blocks(markdown: str, *, serving: bool) -> str:
    """`/// private` ... `///`: marked on serve, gone from a published page."""
    if "///" not in markdown:
        return markdown
    if not serving:
        return _BLOCK.sub("", markdown)
    return _BLOCK.sub(
        lambda m: (
            '<div class="cl-private-block" markdown="1">\n\n'
            "**private — not published**\n\n" + m.group("body") + "\n</div>\n"
        ),
        markdown,
    )


def drop_from_nav(nav: list[Any] | None, paths: set[str]) -> list[Any] | None:
    """The `nav:` of mkdocs.yml without any item naming a private entry."""
    if nav is None or not paths:
        return nav

    def keep(item: Any) -> Any:
        if isinstance(item, str):
            return None if _norm(item) in paths else item
        if isinstance(item, dict):
            out = {}
            for title, value in item.items():
                kept = keep(value)
                if kept is not None and kept != []:
                    out[title] = kept
            return out or None
        if isinstance(item, list):
            return [k for k in (keep(i) for i in item) if k is not None]
        return item

    return [k for k in (keep(i) for i in nav) if k is not None]


def _norm(path: str) -> str:
    return PurePosixPath(path.lstrip("./")).as_posix()


@dataclass(frozen=True)
class Leak:
    file: str
    marker: str


def markers(journal: Journal) -> list[str]:
    """What must never appear in a published site: each private entry's id, slug and title."""
    found: set[str] = set()
    for entry in journal.entries:
        if not entry.private:
            continue
        found.add(entry.id)
        found.add(PurePosixPath(entry.path).stem)
        found.add(entry.title)
    return sorted(m for m in found if len(m) >= 3)


def _variants(marker: str) -> set[str]:
    return {
        marker,
        html.escape(marker, quote=True),
        html.escape(marker, quote=False),
        json.dumps(marker)[1:-1],
    }


def _text_of(path: Path) -> str | None:
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def audit(site_dir: Path, private_markers: Iterable[str]) -> list[Leak]:
    """Every occurrence of a marker in site_dir's files (as a whole word, case-sensitive)."""
    patterns = []
    for marker in private_markers:
        alternatives = "|".join(re.escape(v) for v in sorted(_variants(marker), key=len, reverse=True))
        patterns.append((marker, re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")))
    if not patterns:
        return []
    leaks: list[Leak] = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        text = _text_of(path)
        if text is None:
            continue
        rel = path.relative_to(site_dir).as_posix()
        for marker, pattern in patterns:
            if marker in rel or pattern.search(text):
                leaks.append(Leak(rel, marker))
    return leaks


class LeakError(Exception):
    pass


def audit_or_fail(site_dir: Path, journal: Journal) -> None:
    leaks = audit(site_dir, markers(journal))
    if leaks:
        for leaked in {leak.file for leak in leaks}:  # never leave a leaking file behind
            (site_dir / leaked).unlink(missing_ok=True)
        where = ", ".join(sorted({leak.file for leak in leaks})[:10])
        raise LeakError(
            f"careerlog: the published site contains text of {len({l.marker for l in leaks})} "
            f"private entr{'y' if len({l.marker for l in leaks}) == 1 else 'ies'} in: {where}. "
            "Nothing private may be published: remove the reference (the log above may name it) "
            "or make the entry public"
        )
