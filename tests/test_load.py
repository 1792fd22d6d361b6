"""Reading files: front matter split like MkDocs, YAML traps caught and located in the file."""

from __future__ import annotations

import datetime as dt

import pytest

from careerlog.load import parse_source
from unit_helpers import IDEA, assert_problems, front_matter, journal_of, problems_of

# (id, front matter body, [(line in the file, dotted field, message fragment)])
# The body starts on line 2 (line 1 is '---'); IDEA fills lines 2-6.
TRAPS = [
    # YAML 1.1 booleans where text or an enum is expected
    (
        "no-as-text",
        IDEA.replace("title: A title", "title: no"),
        [
            (3, "title", "expected text, got no (which YAML reads as false) — put it in quotes"),
        ],
    ),
    (
        "on-as-nested-text",
        IDEA + "outcome:\n  next: on\n",
        [
            (8, "outcome.next", "got on (which YAML reads as true)"),
        ],
    ),
    (
        "yes-as-enum",
        IDEA + "risk: yes\n",
        [
            (7, "risk", "yes (which YAML reads as true) is not one of low, medium, high"),
        ],
    ),
    (
        "off-as-enum",
        IDEA + "method: off\n",
        [
            (7, "method", "off (which YAML reads as false) is not one of side-project,"),
        ],
    ),
    (
        "no-as-status",
        IDEA.replace("status: idea", "status: no"),
        [
            (4, "status", "no (which YAML reads as false) is not one of idea, planned"),
        ],
    ),
    (
        "no-in-a-list",
        IDEA + "tags: [remote, no]\n",
        [
            (7, "tags[1]", "got no (which YAML reads as false)"),
        ],
    ),
    # numbers where text is expected
    (
        "version-number",
        IDEA + "tags: [1.10]\n",
        [
            (7, "tags[0]", "got 1.10 (which YAML reads as the number 1.1) — put it in quotes"),
        ],
    ),
    (
        "octal-number",
        IDEA + "outcome:\n  next: 01234\n",
        [
            (8, "outcome.next", "got 01234 (which YAML reads as the number 668)"),
        ],
    ),
    (
        "sexagesimal-number",
        IDEA.replace("belief: I believe it.", "belief: 1:30"),
        [
            (6, "hypothesis.belief", "got 1:30 (which YAML reads as the number 90)"),
        ],
    ),
    ("quoted-number-is-text", IDEA.replace("title: A title", "title: '1.10'"), []),
    ("str-tag-is-text", IDEA.replace("title: A title", "title: !!str 1.10"), []),
    # dates
    (
        "impossible-date",
        IDEA + "start: 2026-02-30\n",
        [
            (7, "start", "is not a real date (expected YYYY-MM-DD)"),
        ],
    ),
    (
        "impossible-quoted-date",
        IDEA + "start: '2026-02-30'\n",
        [
            (7, "start", "is not a real date (expected YYYY-MM-DD)"),
        ],
    ),
    (
        "impossible-date-in-a-list",
        (
            "type: goal\ntitle: G\nspecific: s\nmeasurable: m\ndue: 2026-12-31\nkpis:\n"
            "  - name: k\n    target: 3\n    readings:\n"
            "      - {date: 2026-04-31, value: 1}\n"
        ),
        [
            (11, "kpis[0].readings[0].date", "is not a real date"),
        ],
    ),
    (
        "loose-date",
        IDEA + "start: 2026-1-5\n",
        [
            (7, "start", "expected a date YYYY-MM-DD, got '2026-1-5' — did you mean 2026-01-05?"),
        ],
    ),
    (
        "datetime",
        IDEA + "start: 2026-01-05 10:30:00\n",
        [
            (7, "start", "is a date and time; careerlog dates are YYYY-MM-DD"),
        ],
    ),
    (
        "iso-datetime",
        IDEA + "start: 2026-01-05T10:30:00Z\n",
        [
            (7, "start", "is a date and time"),
        ],
    ),
    (
        "quoted-datetime",
        IDEA + "start: '2026-01-05T10:30'\n",
        [
            (7, "start", "expected a date YYYY-MM-DD"),
        ],
    ),
    (
        "date-where-text-is-expected",
        IDEA + "outcome:\n  next: 2026-01-05\n",
        [
            (8, "outcome.next", "expected text, got 2026-01-05"),
        ],
    ),
    (
        "number-where-date-is-expected",
        IDEA + "start: 2026\n",
        [
            (7, "start", "expected a date YYYY-MM-DD"),
        ],
    ),
    # duplicate keys, at every level
    (
        "duplicate-top-level-key",
        IDEA + "title: Another title\n",
        [
            (7, "title", "is given twice (also on line 3)"),
        ],
    ),
    (
        "duplicate-nested-key",
        IDEA + "  belief: Something else.\n",
        [
            (7, "hypothesis.belief", "is given twice (also on line 6)"),
        ],
    ),
    (
        "duplicate-key-in-a-list-item",
        (
            "type: goal\ntitle: G\nspecific: s\nmeasurable: m\ndue: 2026-12-31\nkpis:\n"
            "  - name: k\n    target: 3\n    readings:\n"
            "      - date: 2026-01-01\n        value: 1\n        date: 2026-01-02\n"
        ),
        [
            (13, "kpis[0].readings[0].date", "is given twice (also on line 11)"),
        ],
    ),
    (
        "duplicate-key-in-flow-mapping",
        IDEA + "outcome: {next: a, next: b}\n",
        [
            (7, "outcome.next", "is given twice"),
        ],
    ),
    # anchors, aliases, merge keys
    (
        "anchor-and-alias",
        IDEA.replace("title: A title", "title: &t A title") + "outcome:\n  next: *t\n",
        [
            (3, "title", "uses a YAML anchor (&name)"),
            (8, "outcome.next", "uses a YAML alias (*name)"),
        ],
    ),
    (
        "merge-key",
        IDEA + "outcome:\n  <<: {next: n}\n",
        [
            (8, "outcome.<<", "uses a YAML merge key (<<)"),
        ],
    ),
    (
        "merge-key-as-a-value",
        IDEA + "outcome:\n  next: <<\n",
        [
            (8, "outcome.next", "is '<<', which YAML reads as a merge key; put it in quotes"),
        ],
    ),
    # keys that are not text
    (
        "number-key",
        IDEA + "1: one\n",
        [
            (7, "1", "the key '1' is read by YAML as a number; keys must be text"),
        ],
    ),
    (
        "boolean-key",
        IDEA + "yes: sure\n",
        [
            (7, "yes", "is read by YAML as a true/false value"),
        ],
    ),
    (
        "null-key",
        IDEA + "~: nothing\n",
        [
            (7, "~", "is read by YAML as an empty value (null)"),
        ],
    ),
    (
        "nested-number-key",
        IDEA + "  2: two\n",
        [
            (7, "hypothesis.2", "keys must be text"),
        ],
    ),
    (
        "complex-key",
        IDEA + "? [a, b]\n: c\n",
        [
            (7, "", "has a key that is not text (a list or mapping)"),
        ],
    ),
    # tags
    (
        "python-tag",
        IDEA + "tags: !!python/object/apply:os.system ['echo hi']\n",
        [
            (7, "tags", "uses the YAML tag !!python/object/apply:os.system; tags are not allowed"),
        ],
    ),
    (
        "set-tag",
        IDEA + "tags: !!set {a, b}\n",
        [
            (7, "tags", "uses the YAML tag !!set"),
        ],
    ),
    (
        "binary-tag",
        IDEA + "outcome:\n  next: !!binary aGVsbG8=\n",
        [
            (8, "outcome.next", "uses the YAML tag !!binary"),
        ],
    ),
    (
        "int-tag",
        IDEA + "confidence: !!int '3'\n",
        [
            (7, "confidence", "uses the YAML tag !!int"),
        ],
    ),
    (
        "local-tag",
        IDEA + "tags: !mine [a]\n",
        [
            (7, "tags", "uses the YAML tag !mine"),
        ],
    ),
    (
        "tagged-key",
        IDEA + "!!python/name:os.system : x\n",
        [
            (7, "", "uses the YAML tag !!python/name:os.system"),
        ],
    ),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in TRAPS], ids=[c[0] for c in TRAPS])
def test_yaml_traps_are_reported_at_their_line_and_field(
    body: str, expected: list[tuple[int, str, str]]
) -> None:
    journal = journal_of({"experiments/x.md": front_matter(body)})
    assert_problems(journal.problems, expected, file="experiments/x.md")
    assert not journal.fatal  # the file was read: its visibility is known
    if expected:
        assert journal.needs_fixing == journal.entries
    else:
        assert journal.valid() == journal.entries


# (id, raw file, line, message fragment): the file cannot be read, so its privacy is unknown.
UNREADABLE = [
    ("tab-indent", front_matter(IDEA + "outcome:\n\tnext: n\n"), 8, "YAML cannot indent with tabs"),
    (
        "list-front-matter",
        "---\n- a\n- b\n---\n",
        2,
        "must be a mapping of keys to values, not a list",
    ),
    ("scalar-front-matter", "---\njust words\n---\n", 2, "not a single value"),
    ("unclosed", "---\ntype: experiment\ntitle: T\n\nText.\n", 1, "front matter is never closed"),
    (
        "unclosed-list",
        front_matter(IDEA + "tags: [a, b\nrisk: low\n"),
        7,
        "not valid YAML: did not find expected ',' or ']' (the [ list opened on this line is "
        "never closed)",
    ),
    (
        "unclosed-quote",
        front_matter(IDEA + "outcome:\n  next: 'it was\nrisk: low\n"),
        8,
        "(the quote opened on this line is never closed)",
    ),
    (
        "missing-colon",
        front_matter(IDEA + "risk low\nmethod: learning\n"),
        7,
        "front matter is not valid YAML",
    ),
    (
        "bad-indentation",
        front_matter(IDEA + "outcome:\n  next: a\n learned: b\n"),
        9,
        "front matter is not valid YAML",
    ),
    ("control-character", front_matter(IDEA + "tags: [a\x07]\n"), 7, "control character U+0007"),
    ("blank-line-before", "\n" + front_matter(IDEA), 2, "first line is exactly '---'"),
    ("five-dashes", "-----\n" + IDEA + "-----\n", 1, "first line is exactly '---'"),
    (
        "latin-1",
        front_matter(IDEA + "tags: [café]\n").encode("latin-1"),
        7,
        "not valid UTF-8 (byte 0xE9 on line 7)",
    ),
    ("utf-16-le-bom", front_matter(IDEA).encode("utf-16"), 1, "UTF-16"),
    ("utf-16-be-bom", b"\xfe\xff" + front_matter(IDEA).encode("utf-16-be"), 1, "UTF-16"),
    ("utf-16-no-bom", front_matter(IDEA).encode("utf-16-le"), 1, "UTF-16"),
]


@pytest.mark.parametrize(
    ("raw", "line", "fragment"), [c[1:] for c in UNREADABLE], ids=[c[0] for c in UNREADABLE]
)
def test_unreadable_front_matter_is_fatal_and_located(
    raw: str | bytes, line: int, fragment: str
) -> None:
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
    source = parse_source(data, "notes/page.md")
    assert source.unreadable
    [problem] = source.problems
    assert (problem.file, problem.line, problem.field) == ("notes/page.md", line, "")
    assert fragment in problem.message
    assert problem.fatal
    journal = journal_of({"notes/page.md": data})
    assert journal.fatal == [problem]
    assert journal.entries == []  # nothing of it is believed


def test_a_body_with_control_characters_or_tabs_is_not_a_problem() -> None:
    assert problems_of(front_matter(IDEA, after="Body\twith a tab and a bell \x07.\n")) == []


ENCODINGS = [
    ("bom", b"\xef\xbb\xbf" + front_matter(IDEA).encode()),
    ("crlf", front_matter(IDEA).replace("\n", "\r\n").encode()),
    ("lone-cr", front_matter(IDEA).replace("\n", "\r").encode()),
    ("bom-crlf", b"\xef\xbb\xbf" + front_matter(IDEA).replace("\n", "\r\n").encode()),
]


@pytest.mark.parametrize("raw", [c[1] for c in ENCODINGS], ids=[c[0] for c in ENCODINGS])
def test_bom_and_other_line_ends_are_accepted_and_lines_stay_right(raw: bytes) -> None:
    journal = journal_of({"experiments/x.md": raw})
    assert journal.problems == []
    [entry] = journal.valid()
    assert entry.title == "A title"
    assert entry.source.body == "Some notes.\n"
    # a mistake in the same file is still found on its own line
    broken = raw.replace(b"status: idea", b"status: runing")
    assert_problems(
        journal_of({"experiments/x.md": broken}).problems,
        [
            (
                4,
                "status",
                "'runing' is not one of idea, planned, running, concluded, abandoned "
                "— did you mean 'running'?",
            )
        ],
    )


def test_quoted_and_unquoted_dates_mean_the_same() -> None:
    plain = journal_of({"experiments/a.md": front_matter(IDEA + "start: 2026-01-05\n")})
    quoted = journal_of({"experiments/a.md": front_matter(IDEA + "start: '2026-01-05'\n")})
    double = journal_of({"experiments/a.md": front_matter(IDEA + 'start: "2026-01-05"\n')})
    starts = [j.experiments()[0][1].start for j in (plain, quoted, double)]
    assert starts == [dt.date(2026, 1, 5)] * 3


def test_dots_close_front_matter_as_in_mkdocs() -> None:
    source = parse_source(("---\n" + IDEA + "...\nBody.\n").encode(), "experiments/x.md")
    assert source.problems == []
    assert source.data is not None
    assert source.data["title"] == "A title"
    assert source.body == "Body.\n"
    assert source.body_line == 8


def test_marks_point_at_lines_in_the_file() -> None:
    source = parse_source(
        front_matter(IDEA + "skills:\n  - design\n  - management\n").encode(), "x.md"
    )
    marks = source.marks
    assert marks.line(("title",)) == 3
    assert marks.line(("hypothesis", "belief")) == 6
    assert marks.line(("skills", 1)) == 9
    assert marks.line(("hypothesis",), key=True) == 5
    assert marks.line(("outcome", "date")) == 2  # absent: falls back to the start of the block


@pytest.mark.parametrize(
    "text",
    [
        "# Just a page\n\nNo front matter.\n",
        "---\n---\nAn empty front matter.\n",
        "---\ntitle: An ordinary page\n---\nText.\n",
        "",
    ],
    ids=["no-front-matter", "empty-front-matter", "page-without-type", "empty-file"],
)
def test_ordinary_pages_are_not_entries(text: str) -> None:
    journal = journal_of({"index.md": text})
    assert journal.entries == []
    assert journal.problems == []


def test_an_alias_bomb_is_reported_without_being_expanded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    source = parse_source(front_matter(IDEA + "\n".join(lines) + "\n").encode(), "x.md")
    assert not source.unreadable
    assert any("alias" in message for _, _, message in source.field_problems)
