"""Helpers for the unit tests of the core: journals built from text, no disk, no MkDocs."""

from __future__ import annotations

import datetime as dt
import textwrap

from careerlog.journal import Journal, build_journal
from careerlog.load import parse_source
from careerlog.model import TYPES
from careerlog.options import Options
from careerlog.problems import Problem

TODAY = dt.date(2026, 6, 15)
PUBLIC = Options(visibility_defaults=dict.fromkeys(TYPES, "public"))
PRIVATE = Options()  # the plugin's own default: every type private

# Line 1 is '---'; these fields sit on lines 2-6, so a field appended after them is on line 7.
IDEA = """\
type: experiment
title: A title
status: idea
hypothesis:
  belief: I believe it.
"""


def front_matter(body: str, *, after: str = "Some notes.\n") -> str:
    """A Markdown file whose front matter is `body` (dedented)."""
    return "---\n" + textwrap.dedent(body) + "---\n" + after


def journal_of(
    files: dict[str, str | bytes],
    options: Options = PUBLIC,
    today: dt.date = TODAY,
    *,
    private_dir: dict[str, str] | None = None,
) -> Journal:
    """A Journal from {relative path: file content}, exactly as the plugin would build it."""
    sources = [
        (parse_source(text if isinstance(text, bytes) else text.encode("utf-8"), path), False)
        for path, text in files.items()
    ]
    for path, text in (private_dir or {}).items():
        sources.append((parse_source(text.encode("utf-8"), "<private_dir>/" + path), True))
    return build_journal(sources, options, today)


def problems_of(
    text: str | bytes, path: str = "experiments/x.md", **kwargs: object
) -> list[Problem]:
    return journal_of({path: text}, **kwargs).problems  # type: ignore[arg-type]


def assert_problems(
    problems: list[Problem], expected: list[tuple[int, str, str]], *, file: str | None = None
) -> None:
    """Each expected (line, field, message fragment) matches its own problem, and nothing else
    is reported."""
    left = list(problems)
    for line, field, fragment in expected:
        match = next(
            (
                p
                for p in left
                if p.line == line
                and p.field == field
                and fragment in p.message
                and (file is None or p.file == file)
            ),
            None,
        )
        assert match is not None, (
            f"no problem at line {line}, field {field!r} containing {fragment!r}; got:\n"
            + "\n".join(p.format() for p in problems)
        )
        left.remove(match)
    assert not left, "unexpected problems:\n" + "\n".join(p.format() for p in left)
