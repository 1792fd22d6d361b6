"""Bad input as data: every case is one file (and sometimes its neighbours).

Each case replaces `experiments/clean.md` (or sits at `path`) in a small
journal that also holds a goal `lead-area` and a person `grace`, and says
what careerlog must make of it:

- `ACCEPTED_EQUAL`: loads and validates to exactly the model of `CLEAN`;
- `PROBLEM(line, field, fragment)`: a located problem (so `--strict` fails,
  a plain build still builds);
- `FATAL(line, fragment)`: the file's privacy is unknowable: every build fails
  and nothing is published;
- `ORDINARY`: an ordinary page, not an entry (front matter without `type`).

`secrets` are strings that must never appear in any message (values of
private entries); `MARKER` is always one of them and only ever written into
private entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

MARKER = "zqx7secret"  # a valid slug and a valid text: fits every kind of field
PWNED = "/tmp/careerlog-corpus-pwned"  # what an executed YAML tag would create


@dataclass(frozen=True)
class Expect:
    kind: str  # accepted | problem | fatal | ordinary
    line: int = 0
    field: str = ""
    fragment: str = ""

    def __str__(self) -> str:
        if self.kind in ("accepted", "ordinary"):
            return self.kind
        return f"{self.kind}@{self.line}:{self.field}:{self.fragment!r}"


ACCEPTED_EQUAL = Expect("accepted")
ORDINARY = Expect("ordinary")


def PROBLEM(line: int, field: str, fragment: str) -> Expect:  # noqa: N802 - reads as a table
    return Expect("problem", line, field, fragment)


def FATAL(line: int, fragment: str) -> Expect:  # noqa: N802
    return Expect("fatal", line, "", fragment)


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes | str
    expected: Expect
    path: str = "experiments/clean.md"
    others: Mapping[str, str] = field(default_factory=dict)  # more files of the journal
    where: str | None = None  # the file the problem is expected in (default: path)
    secrets: tuple[str, ...] = ()  # never in any message (besides MARKER)

    @property
    def raw(self) -> bytes:
        return self.content if isinstance(self.content, bytes) else self.content.encode("utf-8")

    @property
    def problem_file(self) -> str:
        return self.where or self.path


GOAL = """\
---
type: goal
title: Lead a product area
specific: Lead the payouts area.
measurable: Two PMs report to me.
due: 2027-06-30
---
"""

PERSON = """\
---
type: person
title: Grace Okafor
relationship: coach
---
"""

# The journal every case lives in (besides the case's own file).
BASE: Mapping[str, str] = MappingProxyType({"goals/lead-area.md": GOAL, "people/grace.md": PERSON})

# Lines:  1 ---, 2 type, 3 title, 4 status, 5 hypothesis, 6-9 its fields, 10 method,
# 11 start, 12 end, 13 goals, 14 people, 15 outcome, 16-19 its fields, 20 ---, 21 body.
CLEAN = """\
---
type: experiment
title: Would managing people energise me?
status: concluded
hypothesis:
  belief: Leading a team would energise me.
  test: Act as lead for a quarter.
  measure: Weekly energy score.
  success: Energy of 4 or more.
method: interim-role
start: 2026-03-01
end: 2026-05-31
goals: [lead-area]
people: [grace]
outcome:
  date: 2026-06-01
  result: validated
  observed: Energy was high.
  learned: I like leading.
---
Body.
"""


def sub(old: str, new: str, text: str = CLEAN) -> str:
    """CLEAN with one exact piece replaced (fails loudly if the piece is missing)."""
    if text.count(old) != 1:
        raise ValueError(f"{old!r} is not in the text exactly once")
    return text.replace(old, new)


def private(text: str = CLEAN) -> str:
    """An entry made private (one line added after `type`, so lines >= 3 move down by one)."""
    return sub("type: experiment\n", "type: experiment\nvisibility: private\n", text)


def other(follows: str = "") -> str:
    """A second experiment `other`, optionally following others."""
    out = sub("title: Would managing people energise me?", "title: Another experiment")
    return (
        sub("people: [grace]\n", f"people: [grace]\nfollows: [{follows}]\n", out)
        if follows
        else out
    )


_BOMB = "".join(
    f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
BOMB = sub(
    "---\nBody.",
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + _BOMB
    + "---\nBody.",
)
BOMB_KEYS = tuple("abcdefghi")

_OUTCOME = """\
outcome:
  date: 2026-06-01
  result: validated
  observed: Energy was high.
  learned: I like leading.
"""

CASES: list[Case] = [
    # --- encodings ------------------------------------------------------------------
    Case("utf8-bom", b"\xef\xbb\xbf" + CLEAN.encode(), ACCEPTED_EQUAL),
    Case("crlf", CLEAN.replace("\n", "\r\n"), ACCEPTED_EQUAL),
    Case("lone-cr", CLEAN.replace("\n", "\r"), ACCEPTED_EQUAL),
    Case("bom-and-crlf", b"\xef\xbb\xbf" + CLEAN.replace("\n", "\r\n").encode(), ACCEPTED_EQUAL),
    Case("mixed-line-ends", CLEAN.replace("\n", "\r\n", 5), ACCEPTED_EQUAL),
    Case("utf16-le-bom", CLEAN.encode("utf-16"), FATAL(1, "UTF-16")),
    Case("utf16-be-bom", b"\xfe\xff" + CLEAN.encode("utf-16-be"), FATAL(1, "UTF-16")),
    Case("utf16-le-no-bom", CLEAN.encode("utf-16-le"), FATAL(1, "UTF-16")),
    Case(
        "latin1-in-front-matter",
        sub("I like leading.", "J'aime diriger, déjà.").encode("latin-1"),
        FATAL(19, "not valid UTF-8"),
    ),
    Case("latin1-in-body", sub("Body.", "Bödy.").encode("latin-1"), FATAL(21, "not valid UTF-8")),
    Case("nul-byte-in-body", sub("Body.", "Bo\x00dy."), FATAL(1, "NUL")),
    Case(
        "trailing-spaces-on-delimiters",
        sub("---\nBody", "--- \t\nBody").replace("---\ntype", "---  \ntype"),
        ACCEPTED_EQUAL,
    ),
    # --- delimiters -----------------------------------------------------------------
    Case("blank-line-before-opening", "\n" + CLEAN, FATAL(2, "first line is exactly '---'")),
    Case("space-before-opening", " " + CLEAN, FATAL(1, "first line is exactly '---'")),
    Case("four-dash-opening", "-" + CLEAN, FATAL(1, "first line is exactly '---'")),
    Case("four-dash-closing", sub("---\nBody", "----\nBody"), FATAL(1, "never closed")),
    Case("dots-closing", sub("---\nBody", "...\nBody"), ACCEPTED_EQUAL),
    Case("unclosed", sub("---\nBody", "Body"), FATAL(1, "never closed")),
    Case(
        "closing-at-end-of-file", CLEAN.removesuffix("Body.\n").removesuffix("\n"), ACCEPTED_EQUAL
    ),
    Case("empty-front-matter", "---\n---\n# Just a page\n", ORDINARY),
    Case("comment-only-front-matter", "---\n# nothing here\n---\nText\n", ORDINARY),
    Case("front-matter-without-type", "---\ntitle: A page\n---\nText\n", ORDINARY),
    Case("rule-in-body", sub("Body.", "Body.\n\n---\n\nMore body.\n---\n"), ACCEPTED_EQUAL),
    Case(
        "yaml-code-block-in-body",
        sub("Body.", "Body.\n\n```yaml\n---\ntype: goal\nvisibility: nope\n---\n```\n"),
        ACCEPTED_EQUAL,
    ),
    Case("rule-only-file", "---\n\nSome text after a rule.\n", FATAL(1, "never closed")),
    # MkDocs reads `key: value` lines at the top of a file as metadata and hides them
    Case(
        "front-matter-without-delimiters",
        CLEAN.removeprefix("---\n").replace("---\nBody.", "\nBody."),
        FATAL(1, "without its '---' lines"),
    ),
    Case(
        "visibility-without-delimiters",
        "Title: Diary\nVisibility: private\n\nNot for publishing.\n",
        FATAL(2, "without its '---' lines"),
    ),
    Case("metadata-without-delimiters-on-a-page", "title: A page\n\nText\n", ORDINARY),
    # --- shapes ---------------------------------------------------------------------
    Case("list-front-matter", "---\n- type: experiment\n- title: x\n---\n", FATAL(2, "not a list")),
    Case("scalar-front-matter", "---\njust some words\n---\n", FATAL(2, "single value")),
    Case("null-front-matter", "---\nnull\n---\nText\n", ORDINARY),
    Case(
        "hypothesis-is-a-list",
        sub("  belief: ", "  - belief: ")
        .replace("  test: ", "  - test: ")
        .replace("  measure: ", "  - measure: ")
        .replace("  success: ", "  - success: "),
        PROBLEM(6, "hypothesis", "expected a mapping"),
    ),
    Case(
        "goals-is-a-scalar",
        sub("goals: [lead-area]", "goals: lead-area"),
        PROBLEM(13, "goals", "expected a list"),
    ),
    Case(
        "title-is-a-mapping",
        sub(
            "title: Would managing people energise me?",
            "title: {en: Would managing people energise me?}",
        ),
        PROBLEM(3, "title", "expected text"),
    ),
    Case(
        "belief-is-a-list",
        sub("  belief: Leading a team would energise me.", "  belief: [Leading, a, team]"),
        PROBLEM(6, "hypothesis.belief", "expected text"),
    ),
    Case(
        "tags-hold-a-mapping",
        sub("status: concluded", "status: concluded\ntags: [{a: b}]"),
        PROBLEM(5, "tags[0]", "expected text"),
    ),
    Case(
        "title-is-empty",
        sub("title: Would managing people energise me?", "title:"),
        PROBLEM(3, "title", "expected text"),
    ),
    Case(
        "outcome-is-null",
        sub(_OUTCOME, "outcome:\n"),
        PROBLEM(15, "outcome.learned", "is required when status is 'concluded'"),
    ),
    Case(
        "unknown-type",
        sub("type: experiment", "type: experimnt"),
        PROBLEM(2, "type", "did you mean 'experiment'"),
    ),
    Case(
        "unknown-key",
        sub("hypothesis:", "hypotheses:"),
        PROBLEM(5, "hypotheses", "did you mean 'hypothesis'"),
    ),
    # --- YAML 1.1 traps -------------------------------------------------------------
    Case(
        "title-yes",
        sub("title: Would managing people energise me?", "title: yes"),
        PROBLEM(3, "title", "which YAML reads as true"),
    ),
    Case(
        "title-off",
        sub("title: Would managing people energise me?", "title: off"),
        PROBLEM(3, "title", "which YAML reads as false"),
    ),
    Case(
        "method-no",
        sub("method: interim-role", "method: no"),
        PROBLEM(10, "method", "which YAML reads as false"),
    ),
    Case(
        "result-on",
        sub("result: validated", "result: on"),
        PROBLEM(17, "outcome.result", "which YAML reads as true"),
    ),
    Case(
        "observed-octal-looking",
        sub("observed: Energy was high.", "observed: 01234"),
        PROBLEM(18, "outcome.observed", "668"),
    ),
    Case(
        "observed-float-looking",
        sub("observed: Energy was high.", "observed: 1.10"),
        PROBLEM(18, "outcome.observed", "1.1"),
    ),
    Case(
        "learned-sexagesimal",
        sub("learned: I like leading.", "learned: 1:30"),
        PROBLEM(19, "outcome.learned", "90"),
    ),
    Case(
        "hours-sexagesimal",
        sub("method: interim-role", "method: interim-role\nhours_per_week: 1:30"),
        PROBLEM(11, "hours_per_week", "90"),
    ),
    Case(
        "hours-octal",
        sub("method: interim-role", "method: interim-role\nhours_per_week: 010"),
        PROBLEM(11, "hours_per_week", "8"),
    ),
    Case(
        "confidence-quoted",
        sub("method: interim-role", "method: interim-role\nconfidence: '3'"),
        PROBLEM(11, "confidence", "whole number"),
    ),
    Case(
        "confidence-float",
        sub("method: interim-role", "method: interim-role\nconfidence: 3.0"),
        PROBLEM(11, "confidence", "whole number"),
    ),
    Case(
        "confidence-out-of-range",
        sub("method: interim-role", "method: interim-role\nconfidence: 7"),
        PROBLEM(11, "confidence", "from 1 to 5"),
    ),
    Case(
        "hours-negative",
        sub("method: interim-role", "method: interim-role\nhours_per_week: -2"),
        PROBLEM(11, "hours_per_week", "at least 0"),
    ),
    Case(
        "hours-nan",
        sub("method: interim-role", "method: interim-role\nhours_per_week: .nan"),
        PROBLEM(11, "hours_per_week", "finite"),
    ),
    Case(
        "str-tag-keeps-text",
        sub(
            "title: Would managing people energise me?",
            "title: !!str Would managing people energise me?",
        ),
        ACCEPTED_EQUAL,
    ),
    # --- dates ----------------------------------------------------------------------
    Case(
        "impossible-date",
        sub("start: 2026-03-01", "start: 2026-02-30"),
        PROBLEM(11, "start", "not a real date"),
    ),
    Case(
        "impossible-date-quoted",
        sub("start: 2026-03-01", "start: '2026-02-30'"),
        PROBLEM(11, "start", "not a real date"),
    ),
    Case(
        "loose-date",
        sub("start: 2026-03-01", "start: 2026-3-1"),
        PROBLEM(11, "start", "YYYY-MM-DD"),
    ),
    Case(
        "datetime",
        sub("start: 2026-03-01", "start: 2026-03-01T09:30:00"),
        PROBLEM(11, "start", "date and time"),
    ),
    Case(
        "datetime-with-zone",
        sub("start: 2026-03-01", "start: 2026-03-01 09:30:00+02:00"),
        PROBLEM(11, "start", "date and time"),
    ),
    Case(
        "datetime-quoted-utc",
        sub("start: 2026-03-01", "start: '2026-03-01T09:30:00Z'"),
        PROBLEM(11, "start", "YYYY-MM-DD"),
    ),
    Case(
        "date-as-number",
        sub("start: 2026-03-01", "start: 20260301"),
        PROBLEM(11, "start", "YYYY-MM-DD"),
    ),
    Case("date-double-quoted", sub("start: 2026-03-01", 'start: "2026-03-01"'), ACCEPTED_EQUAL),
    Case("date-single-quoted", sub("end: 2026-05-31", "end: '2026-05-31'"), ACCEPTED_EQUAL),
    Case(
        "end-before-start",
        sub("end: 2026-05-31", "end: 2026-02-01"),
        PROBLEM(12, "end", "before start 2026-03-01"),
    ),
    Case(
        "outcome-before-start",
        sub("  date: 2026-06-01", "  date: 2026-02-01"),
        PROBLEM(16, "outcome.date", "before start 2026-03-01"),
    ),
    # --- duplicate keys at every level ----------------------------------------------
    Case(
        "duplicate-top-level",
        sub("start: 2026-03-01", "start: 2026-03-01\nstart: 2026-03-02"),
        PROBLEM(12, "start", "also on line 11"),
    ),
    Case(
        "duplicate-in-hypothesis",
        sub("  test: Act", "  test: Something else.\n  test: Act"),
        PROBLEM(8, "hypothesis.test", "also on line 7"),
    ),
    Case(
        "duplicate-in-outcome",
        sub("  result: validated", "  result: validated\n  result: invalidated"),
        PROBLEM(18, "outcome.result", "also on line 17"),
    ),
    Case(
        "duplicate-in-list-item",
        "---\ntype: goal\ntitle: G\nspecific: s\nmeasurable: m\ndue: 2027-01-01\nkpis:\n"
        "  - name: a\n    name: b\n    target: 1\n---\n",
        PROBLEM(9, "kpis[0].name", "also on line 8"),
        path="goals/g.md",
    ),
    Case(
        "duplicate-in-flow-mapping",
        "---\ntype: goal\ntitle: G\nspecific: s\nmeasurable: m\ndue: 2027-01-01\nkpis:\n"
        "  - name: a\n    target: 3\n    readings:\n"
        "      - {date: 2026-01-01, value: 1, value: 2}\n---\n",
        PROBLEM(11, "kpis[0].readings[0].value", "given twice"),
        path="goals/g.md",
    ),
    # --- anchors, aliases, merge keys -------------------------------------------------
    Case("anchor", sub("hypothesis:\n", "hypothesis: &h\n"), PROBLEM(5, "hypothesis", "anchor")),
    Case(
        "alias",
        sub("status: concluded", "status: concluded\ntags: [x]\nskills: *x").replace(
            "tags: [x]", "tags: &x [management]"
        ),
        PROBLEM(6, "skills", "alias"),
    ),
    Case(
        "merge-key",
        sub("hypothesis:\n", "hypothesis:\n  <<: {belief: b}\n"),
        PROBLEM(6, "hypothesis.<<", "merge key"),
    ),
    Case("alias-bomb", BOMB, PROBLEM(20, "a", "anchor")),
    # --- tags -----------------------------------------------------------------------
    Case(
        "python-apply-tag",
        sub(
            "title: Would managing people energise me?",
            f'title: !!python/object/apply:os.system ["touch {PWNED}"]',
        ),
        PROBLEM(3, "title", "!!python/object/apply:os.system"),
    ),
    Case(
        "python-name-tag",
        sub("title: Would managing people energise me?", "title: !!python/name:os.system ''"),
        PROBLEM(3, "title", "tags are not allowed"),
    ),
    Case(
        "python-new-tag",
        sub(
            "status: concluded",
            f"status: concluded\ntags: !!python/object/new:subprocess.Popen [[touch, {PWNED}]]",
        ),
        PROBLEM(5, "tags", "tags are not allowed"),
    ),
    Case(
        "set-tag",
        sub("status: concluded", "status: concluded\ntags: !!set {a, b}"),
        PROBLEM(5, "tags", "!!set"),
    ),
    Case(
        "binary-tag",
        sub("title: Would managing people energise me?", "title: !!binary aGVsbG8="),
        PROBLEM(3, "title", "!!binary"),
    ),
    Case(
        "omap-tag",
        sub("status: concluded", "status: concluded\ntags: !!omap [a: b]"),
        PROBLEM(5, "tags", "!!omap"),
    ),
    Case(
        "local-tag",
        sub("title: Would managing people energise me?", "title: !secret text"),
        PROBLEM(3, "title", "!secret"),
    ),
    # --- keys -----------------------------------------------------------------------
    Case(
        "number-key",
        sub("status: concluded", "status: concluded\n1: one"),
        PROBLEM(5, "1", "keys must be text"),
    ),
    Case(
        "bool-key",
        sub("status: concluded", "status: concluded\nyes: one"),
        PROBLEM(5, "yes", "true/false"),
    ),
    Case(
        "null-key",
        sub("status: concluded", "status: concluded\n~: one"),
        PROBLEM(5, "~", "empty value"),
    ),
    Case(
        "complex-key",
        sub("hypothesis:\n", "hypothesis:\n  ? [a, b]\n  : one\n"),
        PROBLEM(6, "hypothesis", "not text"),
    ),
    Case(
        "long-key",
        sub("status: concluded", "status: concluded\n" + "k" * 300 + ": one"),
        PROBLEM(5, "", "longer than 200"),
    ),
    # YAML itself allows no implicit key over 1024 characters
    Case(
        "very-long-key",
        sub("status: concluded", "status: concluded\n" + "k" * 5000 + ": one"),
        FATAL(5, "not valid YAML"),
    ),
    # --- control characters and odd line breaks ---------------------------------------
    Case(
        "bell-in-title",
        sub("title: Would managing", 'title: "Would\x07 managing').replace(
            "energise me?\n", 'energise me?"\n', 1
        ),
        FATAL(3, "U+0007"),
    ),
    Case("escape-in-body", sub("Body.", "Bo\x1b[31mdy."), ACCEPTED_EQUAL),
    Case("tab-indent", sub("  test: Act", "\ttest: Act"), FATAL(7, "tabs")),
    Case(
        "line-separator-in-quoted-title",
        sub("method: interim-role", "method: no").replace(
            "title: Would managing people energise me?", 'title: "Would managing\u2028people"'
        ),
        PROBLEM(10, "method", "which YAML reads as false"),
    ),
    Case(
        "next-line-char-in-quoted-title",
        sub("end: 2026-05-31", "end: 2026-02-01").replace(
            "title: Would managing people energise me?", 'title: "Would managing\x85people"'
        ),
        PROBLEM(12, "end", "before start"),
    ),
    Case(
        "paragraph-separator-in-quoted-text",
        sub("result: validated", "result: on").replace(
            "belief: Leading a team would energise me.", 'belief: "Leading\u2029a team"'
        ),
        PROBLEM(17, "outcome.result", "which YAML reads as true"),
    ),
    Case(
        "line-separator-unquoted",
        sub("title: Would managing people energise me?", "title: Would managing\u2028people"),
        FATAL(3, "not valid YAML"),
    ),
    # --- size -----------------------------------------------------------------------
    Case("too-big", sub("Body.", "x" * (2 * 1024 * 1024 + 1)), FATAL(1, "limit")),
    Case(
        "nested-too-deep",
        sub("status: concluded", "status: concluded\nnotes: " + "[" * 200 + "]" * 200),
        PROBLEM(5, "notes", "unknown key"),
    ),
    # --- visibility: unknown privacy fails closed -------------------------------------
    Case(
        "visibility-capitalised",
        sub("type: experiment", "type: experiment\nvisibility: Public"),
        FATAL(3, "exactly 'public' or 'private'"),
    ),
    Case(
        "visibility-no",
        sub("type: experiment", "type: experiment\nvisibility: no"),
        FATAL(3, "exactly 'public' or 'private'"),
    ),
    Case(
        "visibility-list",
        sub("type: experiment", "type: experiment\nvisibility: [private]"),
        FATAL(3, "exactly 'public' or 'private'"),
    ),
    Case(
        "visibility-twice",
        sub("type: experiment", "type: experiment\nvisibility: public\nvisibility: private"),
        FATAL(3, "is unreadable"),
    ),
    Case(
        "visibility-aliased",
        sub("type: experiment", "type: experiment\nx: &v private\nvisibility: *v"),
        FATAL(4, "exactly 'public' or 'private'"),
    ),
    Case(
        "visibility-tagged",
        sub("type: experiment", "type: experiment\nvisibility: !!python/str private"),
        FATAL(3, "is unreadable"),
    ),
    # --- private entries never echo a value -------------------------------------------
    Case(
        "private-bad-enum",
        private(sub("method: interim-role", f"method: {MARKER}")),
        PROBLEM(11, "method", "is not one of"),
    ),
    Case(
        "private-bad-reference",
        private(sub("goals: [lead-area]", f"goals: [{MARKER}]")),
        PROBLEM(14, "goals[0]", "no goal has this id"),
    ),
    Case(
        "private-loose-date",
        private(sub("end: 2026-05-31", "end: 2026-5-31")),
        PROBLEM(13, "end", "YYYY-MM-DD"),
        secrets=("2026-5-31", "2026-05-31"),
    ),
    Case(
        "private-end-before-start",
        private(sub("end: 2026-05-31", "end: 2026-02-07")),
        PROBLEM(13, "end", "before start"),
        secrets=("2026-02-07", "2026-03-01"),
    ),
    Case(
        "private-duplicate-key",
        private(
            sub("  learned: I like leading.", f"  learned: I like leading.\n  learned: {MARKER}")
        ),
        PROBLEM(21, "outcome.learned", "given twice"),
    ),
    Case(
        "private-yaml-number",
        private(sub("observed: Energy was high.", "observed: 07741")),
        PROBLEM(19, "outcome.observed", "expected text"),
        secrets=("7741",),
    ),
    Case(
        "private-bad-type",
        sub("type: experiment\n", f"type: {MARKER}\nvisibility: private\n"),
        PROBLEM(2, "type", "is not one of"),
    ),
    Case(
        "private-bad-id",
        private(sub("status: concluded", f"status: concluded\nid: {MARKER.upper()}")),
        PROBLEM(6, "id", "is not an id"),
        secrets=(MARKER.upper(),),
    ),
    Case(
        "private-empty-title",
        private(sub("title: Would managing people energise me?", "title: ''")),
        PROBLEM(4, "title", "is empty"),
    ),
    Case(
        "private-cycle",
        private(sub("people: [grace]", "people: [grace]\nfollows: [clean]")),
        PROBLEM(16, "follows[0]", "cycle"),
        secrets=("clean →",),
    ),
    Case(
        "private-wrong-reference-type",
        private(sub("goals: [lead-area]", "goals: [grace]")),
        PROBLEM(14, "goals[0]", "is a person, not a goal"),
        secrets=("'grace'",),
    ),
    # --- ids and other cross-entry rules ----------------------------------------------
    Case(
        "id-names-another-file",
        sub("status: concluded", "status: concluded\nid: other"),
        PROBLEM(5, "id", "also used by experiments/other.md"),
        others=MappingProxyType({"experiments/other.md": other()}),
    ),
    Case(
        "id-clash-reported-in-both-files",
        sub("status: concluded", "status: concluded\nid: other"),
        PROBLEM(2, "id", "also used by experiments/clean.md"),
        others=MappingProxyType({"experiments/other.md": other()}),
        where="experiments/other.md",
    ),
    Case(
        "id-clashes-with-a-goal",
        sub("status: concluded", "status: concluded\nid: lead-area"),
        PROBLEM(5, "id", "also used by goals/lead-area.md"),
    ),
    Case(
        "file-name-case-only",
        CLEAN,
        PROBLEM(2, "", "not a valid id"),
        path="experiments/Clean.md",
        others=MappingProxyType({"experiments/clean.md": other()}),
    ),
    Case(
        "file-name-with-spaces",
        CLEAN,
        PROBLEM(2, "", "not a valid id"),
        path="experiments/My experiment.md",
    ),
    Case(
        "reference-missing",
        sub("goals: [lead-area]", "goals: [lead-areas]"),
        PROBLEM(13, "goals[0]", "did you mean 'lead-area'"),
    ),
    Case(
        "reference-wrong-type",
        sub("goals: [lead-area]", "goals: [grace]"),
        PROBLEM(13, "goals[0]", "'grace' is a person, not a goal"),
    ),
    Case(
        "reference-not-a-slug",
        sub("goals: [lead-area]", "goals: [Lead Area]"),
        PROBLEM(13, "goals[0]", "is not an id"),
    ),
    Case(
        "follows-itself",
        sub("people: [grace]", "people: [grace]\nfollows: [clean]"),
        PROBLEM(15, "follows[0]", "cycle: clean → clean"),
    ),
    Case(
        "follows-cycle",
        sub("people: [grace]", "people: [grace]\nfollows: [other]"),
        PROBLEM(15, "follows[0]", "other → clean"),
        others=MappingProxyType({"experiments/other.md": other(follows="clean")}),
        where="experiments/other.md",
    ),
    Case(
        "follows-a-goal",
        sub("people: [grace]", "people: [grace]\nfollows: [lead-area]"),
        PROBLEM(15, "follows[0]", "is a goal, not an experiment"),
    ),
    Case(
        "result-while-running",
        sub("status: concluded", "status: running"),
        PROBLEM(17, "outcome.result", "conclude the experiment first"),
    ),
    Case(
        "planned-without-start",
        sub("start: 2026-03-01\n", "")
        .replace("status: concluded", "status: planned")
        .replace(_OUTCOME, "")
        .replace("end: 2026-05-31\n", ""),
        PROBLEM(2, "start", "is required when status is 'planned'"),
    ),
    Case(
        "conversation-with-a-goal",
        "---\ntype: conversation\ntitle: Talk\nvisibility: public\ndate: 2026-01-01\n"
        "people: [lead-area]\n---\n",
        PROBLEM(6, "people[0]", "is a goal, not a person"),
        path="conversations/talk.md",
    ),
    Case(
        "conversation-without-people",
        "---\ntype: conversation\ntitle: Talk\nvisibility: public\ndate: 2026-01-01\n"
        "people: []\n---\n",
        PROBLEM(6, "people", "at least one"),
        path="conversations/talk.md",
    ),
    Case(
        "reflection-follows-a-person",
        "---\ntype: reflection\ntitle: R\nvisibility: public\ndate: 2026-01-01\n"
        "follows: [grace]\n---\n",
        PROBLEM(6, "follows[0]", "is a person, not an experiment"),
        path="reflections/r.md",
    ),
    Case(
        "kpi-readings-out-of-order",
        "---\ntype: goal\ntitle: G\nspecific: s\nmeasurable: m\ndue: 2027-01-01\nkpis:\n"
        "  - name: k\n    target: 3\n    readings:\n"
        "      - {date: 2026-02-01, value: 1}\n      - {date: 2026-01-01, value: 2}\n---\n",
        PROBLEM(12, "kpis[0].readings[1].date", "oldest first"),
        path="goals/g.md",
    ),
    Case(
        "kpi-readings-same-date",
        "---\ntype: goal\ntitle: G\nspecific: s\nmeasurable: m\ndue: 2027-01-01\nkpis:\n"
        "  - name: k\n    target: 3\n    readings:\n"
        "      - {date: 2026-01-01, value: 1}\n      - {date: 2026-01-01, value: 2}\n---\n",
        PROBLEM(12, "kpis[0].readings[1].date", "two readings on 2026-01-01"),
        path="goals/g.md",
    ),
    Case(
        "board-without-cadence",
        "---\ntype: person\ntitle: P\nvisibility: public\nboard: true\n---\n",
        PROBLEM(2, "cadence", "member of the board"),
        path="people/p.md",
    ),
]
