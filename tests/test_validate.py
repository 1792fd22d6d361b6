"""Validation rules: per type, the status table, rules across entries, private-safe messages."""

from __future__ import annotations

import pytest

from careerlog.model import (
    EXPERIMENT_REQUIRED,
    Experiment,
    dump,
    first_status_requiring,
    required_for_status,
)
from careerlog.options import Options, Skill
from unit_helpers import (
    IDEA,
    PRIVATE,
    PUBLIC,
    assert_problems,
    front_matter,
    journal_of,
    problems_of,
)

VALID = {
    "experiments/idea.md": IDEA,
    "experiments/full.md": """\
        type: experiment
        title: Would managing people energise me?
        visibility: public
        status: concluded
        tags: [leadership]
        hypothesis:
          belief: Leading a team would energise me.
          test: Act as team lead for a quarter.
          measure: Weekly energy score.
          success: Energy of 4/5 or more in 8 of 12 weeks.
        confidence: 3
        method: interim-role
        start: 2026-01-05
        end: 2026-03-31
        risk: medium
        hours_per_week: 2.5
        stage: leader
        skills: [management, communication]
        goals: [lead-an-area]
        people: [grace]
        outcome:
          date: 2026-04-02
          result: validated
          observed: Energy 4/5 in 9 weeks.
          learned: I like the people side.
          decision: persevere
          next: Ask for a team.
          energy: 5
        """,
    "goals/lead-an-area.md": """\
        type: goal
        title: Lead a product area
        status: active
        specific: Own a product area with a team of my own.
        measurable: A role change in the HR system.
        achievable: Two leads leave this year.
        relevant: It is the next step.
        due: 2027-06-30
        kpis:
          - name: Team size
            unit: people
            baseline: 0
            target: 5
            readings:
              - {date: 2026-01-01, value: 0}
              - {date: 2026-03-01, value: 2}
        """,
    "people/grace.md": """\
        type: person
        title: Grace
        relationship: coach
        board: true
        expertise: [communication]
        cadence: half-yearly
        since: 2025-03-15
        aware: true
        """,
    "conversations/grace-2026-02.md": """\
        type: conversation
        title: Coaching session
        date: 2026-02-10
        people: [grace]
        kind: mentoring
        asked: How do I ask for a team?
        heard: Ask early.
        actions:
          - do: Book a talk with my manager.
            due: 2026-03-01
            done: true
          - do: Write the pitch.
        """,
    "reflections/plateau.md": """\
        type: reflection
        title: A plateau
        date: 2026-01-02
        kind: plateau
        follows: [full]
        """,
}


def valid_files() -> dict[str, str]:
    return {path: front_matter(body) for path, body in VALID.items()}


def test_a_valid_journal_has_no_problems() -> None:
    journal = journal_of(valid_files())
    assert journal.problems == []
    assert [e.id for e in journal.valid()] == [
        "grace-2026-02",
        "full",
        "idea",
        "lead-an-area",
        "grace",
        "plateau",
    ]


# --- the status table ------------------------------------------------------------------

# Every field the table can require, in file order, with a value and its line offset.
_FIELD_LINES = {
    "hypothesis.test": "  test: How I test it.",
    "hypothesis.measure": "  measure: What I measure.",
    "hypothesis.success": "  success: What proves me right.",
    "method": "method: learning",
    "start": "start: 2026-01-05",
    "end": "end: 2026-03-31",
    "outcome.date": "  date: 2026-04-02",
    "outcome.result": "  result: inconclusive",
    "outcome.observed": "  observed: Mixed.",
    "outcome.learned": "  learned: Something.",
}


def experiment_for(status: str, without: str | None = None) -> tuple[str, dict[str, int]]:
    """An experiment with exactly the fields `status` needs (minus `without`), and the line
    of every key in the file."""
    needed = [f for f in _FIELD_LINES if f in required_for_status(status) and f != without]
    lines = ["type: experiment", "title: T", f"status: {status}", "hypothesis:", "  belief: B"]
    lines += [_FIELD_LINES[f] for f in needed if f.startswith("hypothesis.")]
    lines += [_FIELD_LINES[f] for f in needed if "." not in f]
    outcome = [_FIELD_LINES[f] for f in needed if f.startswith("outcome.")]
    if outcome:
        lines += ["outcome:", *outcome]
    key_lines = {line.strip().split(":")[0]: n for n, line in enumerate(lines, start=2)}
    return "\n".join(lines) + "\n", key_lines


STATUSES = list(EXPERIMENT_REQUIRED)


@pytest.mark.parametrize("status", STATUSES)
def test_each_status_is_valid_with_exactly_the_fields_it_needs(status: str) -> None:
    body, _ = experiment_for(status)
    assert problems_of(front_matter(body)) == []


REQUIRED_CASES = [(s, f) for s in STATUSES for f in required_for_status(s)]


@pytest.mark.parametrize(
    ("status", "missing"), REQUIRED_CASES, ids=[f"{s}-{f}" for s, f in REQUIRED_CASES]
)
def test_a_field_the_status_needs_is_reported_missing(status: str, missing: str) -> None:
    body, key_lines = experiment_for(status, without=missing)
    parent = missing.split(".")[0] if "." in missing else None
    # a missing nested key is reported on its parent's line, a top-level one at the block's top
    line = key_lines.get(parent, 2) if parent else 2
    since = first_status_requiring(missing)
    fragment = f"is required when status is '{status}'"
    if since != status:
        fragment += f" (from '{since}' on)"
    assert_problems(problems_of(front_matter(body)), [(line, missing, fragment)])


def test_the_status_table_is_cumulative() -> None:
    assert required_for_status("idea") == ()
    assert set(required_for_status("running")) == {
        "hypothesis.test",
        "hypothesis.measure",
        "hypothesis.success",
        "method",
        "start",
        "end",
    }
    concluded = set(required_for_status("concluded"))
    abandoned = set(required_for_status("abandoned"))
    assert {"outcome.result", "outcome.observed"} <= concluded - abandoned
    assert {"outcome.date", "outcome.learned", "end"} <= concluded & abandoned


def test_everything_missing_is_reported_in_one_pass() -> None:
    body = "type: experiment\nstatus: concluded\n"
    assert_problems(
        problems_of(front_matter(body)),
        [(2, "title", "is required"), (2, "hypothesis", "is required")],
    )
    body = "type: experiment\ntitle: T\nstatus: concluded\nhypothesis:\n  belief: B\n"
    problems = problems_of(front_matter(body))
    assert sorted(p.field for p in problems) == sorted(required_for_status("concluded"))


def test_an_outcome_result_before_the_end_is_reported() -> None:
    body, _ = experiment_for("running")
    body += "outcome:\n  result: validated\n"
    line = body.count("\n") + 1
    assert_problems(
        problems_of(front_matter(body)),
        [
            (
                line,
                "outcome.result",
                "is set, but status is 'running': conclude the experiment first",
            )
        ],
    )


# --- rules per type ------------------------------------------------------------------------

RULES = [
    (
        "status-typo",
        IDEA.replace("status: idea", "status: runing"),
        [
            (
                4,
                "status",
                "'runing' is not one of idea, planned, running, concluded, abandoned "
                "— did you mean 'running'?",
            ),
        ],
    ),
    (
        "unknown-key",
        IDEA + "statuss: idea\n",
        [
            (7, "statuss", "unknown key 'statuss' (known here: type, id, title,"),
        ],
    ),
    (
        "unknown-key-suggests",
        IDEA + "hypotesis: x\n",
        [
            (7, "hypotesis", "did you mean 'hypothesis'?"),
        ],
    ),
    (
        "unknown-nested-key",
        IDEA + "  beleif: x\n",
        [
            (
                7,
                "hypothesis.beleif",
                "unknown key 'beleif' (known here: belief, test, measure, "
                "success) — did you mean 'belief'?",
            ),
        ],
    ),
    (
        "method-typo",
        IDEA + "method: side project\n",
        [
            (7, "method", "did you mean 'side-project'?"),
        ],
    ),
    (
        "confidence-out-of-range",
        IDEA + "confidence: 6\n",
        [
            (7, "confidence", "expected a whole number from 1 to 5, got 6"),
        ],
    ),
    (
        "confidence-not-whole",
        IDEA + "confidence: 2.5\n",
        [
            (7, "confidence", "expected a whole number"),
        ],
    ),
    (
        "negative-hours",
        IDEA + "hours_per_week: -1\n",
        [
            (7, "hours_per_week", "expected a number of at least 0, got -1"),
        ],
    ),
    (
        "energy-out-of-range",
        IDEA + "outcome:\n  energy: 0\n",
        [
            (8, "outcome.energy", "expected a whole number from 1 to 5"),
        ],
    ),
    ("empty-title", IDEA.replace("title: A title", "title: ''"), [(3, "title", "is empty")]),
    ("tags-not-a-list", IDEA + "tags: growth\n", [(7, "tags", "expected a list")]),
    (
        "hypothesis-not-a-mapping",
        IDEA.replace("hypothesis:\n  belief: I believe it.\n", "hypothesis: I believe it.\n"),
        [
            (5, "hypothesis", "expected a mapping of keys to values"),
        ],
    ),
    (
        "end-before-start",
        IDEA + "start: 2026-03-01\nend: 2026-02-28\n",
        [
            (8, "end", "2026-02-28 is before start 2026-03-01"),
        ],
    ),
    (
        "outcome-before-start",
        IDEA + "start: 2026-03-01\noutcome:\n  date: 2026-02-01\n",
        [
            (9, "outcome.date", "2026-02-01 is before start 2026-03-01"),
        ],
    ),
    (
        "stage-typo",
        IDEA + "stage: leeder\n",
        [
            (
                7,
                "stage",
                "'leeder' is not one of associate, senior, leader — did you mean 'leader'?",
            ),
        ],
    ),
    (
        "skill-typo",
        IDEA + "skills: [design, managment]\n",
        [
            (7, "skills[1]", "'managment' is not a skill of the taxonomy"),
        ],
    ),
    (
        "skill-not-an-id",
        IDEA + "skills: [Design]\n",
        [
            (7, "skills[0]", "'Design' is not an id (lowercase letters, digits and dashes)"),
        ],
    ),
    # (the type decides the default visibility: an entry of unknown type is private unless
    # it says otherwise)
    (
        "type-typo",
        IDEA.replace("type: experiment", "type: experimnt") + "visibility: public\n",
        [
            (
                2,
                "type",
                "'experimnt' is not one of experiment, goal, person, conversation, "
                "reflection — did you mean 'experiment'?",
            ),
        ],
    ),
    (
        "bad-explicit-id",
        IDEA + "id: My Id\n",
        [
            (7, "id", "'My Id' is not an id"),
        ],
    ),
    (
        "goal-missing-fields",
        "type: goal\ntitle: G\n",
        [
            (2, "specific", "is required"),
            (2, "measurable", "is required"),
            (2, "due", "is required"),
        ],
    ),
    (
        "goal-status-typo",
        "type: goal\ntitle: G\nspecific: s\nmeasurable: m\ndue: 2026-12-31\nstatus: achieve\n",
        [
            (7, "status", "did you mean 'achieved'?"),
        ],
    ),
    (
        "kpi-readings-out-of-order",
        "type: goal\ntitle: G\nspecific: s\nmeasurable: m\n"
        "due: 2026-12-31\nkpis:\n  - name: k\n    target: 3\n    readings:\n"
        "      - {date: 2026-03-01, value: 1}\n      - {date: 2026-02-01, value: 2}\n",
        [
            (
                12,
                "kpis[0].readings[1].date",
                "2026-02-01 comes after 2026-03-01: list readings oldest first",
            ),
        ],
    ),
    (
        "kpi-readings-same-date",
        "type: goal\ntitle: G\nspecific: s\nmeasurable: m\n"
        "due: 2026-12-31\nkpis:\n  - name: k\n    target: 3\n    readings:\n"
        "      - {date: 2026-03-01, value: 1}\n      - {date: 2026-03-01, value: 2}\n",
        [
            (12, "kpis[0].readings[1].date", "two readings on 2026-03-01: keep one per date"),
        ],
    ),
    (
        "kpi-key-typo",
        "type: goal\ntitle: G\nspecific: s\nmeasurable: m\n"
        "due: 2026-12-31\nkpis:\n  - name: k\n    targt: 3\n",
        [
            (8, "kpis[0].target", "is required"),
            (9, "kpis[0].targt", "did you mean 'target'?"),
        ],
    ),
    (
        "board-member-without-cadence",
        "type: person\ntitle: P\nboard: true\n",
        [
            (2, "cadence", "is required for a member of the board (board: true)"),
        ],
    ),
    (
        "cadence-typo",
        "type: person\ntitle: P\nboard: true\ncadence: quartely\n",
        [
            (5, "cadence", "did you mean 'quarterly'?"),
        ],
    ),
    (
        "board-as-text",
        "type: person\ntitle: P\nboard: 'yes'\ncadence: yearly\n",
        [
            (4, "board", "expected true or false, got 'yes'"),
        ],
    ),
    (
        "relationship-typo",
        "type: person\ntitle: P\nrelationship: mentr\n",
        [
            (4, "relationship", "did you mean 'mentor'?"),
        ],
    ),
    (
        "conversation-without-people",
        "type: conversation\ntitle: C\ndate: 2026-01-01\npeople: []\n",
        [
            (5, "people", "needs at least one item"),
        ],
    ),
    (
        "conversation-missing-date-and-people",
        "type: conversation\ntitle: C\n",
        [
            (2, "date", "is required"),
            (2, "people", "is required"),
        ],
    ),
    (
        "action-missing-do",
        "type: conversation\ntitle: C\ndate: 2026-01-01\npeople: [p]\n"
        "actions:\n  - due: 2026-02-01\n",
        [
            (7, "actions[0].do", "is required"),
            (5, "people[0]", "no person has the id 'p'"),
        ],
    ),
    (
        "action-done-as-text",
        "type: conversation\ntitle: C\ndate: 2026-01-01\npeople: [p]\n"
        "actions:\n  - do: x\n    done: 'no'\n",
        [
            (8, "actions[0].done", "expected true or false"),
            (5, "people[0]", "no person has the id 'p'"),
        ],
    ),
    (
        "reflection-kind-typo",
        "type: reflection\ntitle: R\ndate: 2026-01-01\nkind: retrospective\n",
        [
            (5, "kind", "is not one of plateau, setback, win, retro"),
        ],
    ),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in RULES], ids=[c[0] for c in RULES])
def test_rules_per_type(body: str, expected: list[tuple[int, str, str]]) -> None:
    assert_problems(problems_of(front_matter(body)), expected, file="experiments/x.md")


def test_a_file_name_that_is_not_an_id_needs_an_id() -> None:
    assert_problems(
        problems_of(front_matter(IDEA), path="experiments/My Idea.md"),
        [(2, "", "the file name 'My Idea' is not a valid id")],
    )
    journal = journal_of({"experiments/My Idea.md": front_matter(IDEA + "id: my-idea\n")})
    assert journal.problems == []
    assert journal.entries[0].id == "my-idea"


def test_a_private_dir_file_without_type_is_an_entry_that_needs_one() -> None:
    journal = journal_of({}, private_dir={"notes.md": front_matter("title: Notes\n")})
    assert_problems(
        journal.problems, [(2, "type", "`type` is required")], file="<private_dir>/notes.md"
    )


def test_the_journals_own_stages_and_skills_are_the_taxonomy() -> None:
    options = Options(
        skills={"negotiation": Skill("negotiation", "Negotiation", "lead")},
        stages=("ic", "lead"),
        visibility_defaults=dict(PUBLIC.visibility_defaults),
    )
    good = front_matter(IDEA + "stage: lead\nskills: [negotiation]\n")
    assert problems_of(good, options=options) == []
    bad = front_matter(IDEA + "stage: leader\nskills: [negotiatoin, design]\n")
    assert_problems(
        problems_of(bad, options=options),
        [
            (7, "stage", "'leader' is not one of ic, lead — did you mean 'lead'?"),
            (
                8,
                "skills[0]",
                "is not a skill of the taxonomy (negotiation) — did you mean 'negotiation'?",
            ),
            (8, "skills[1]", "'design' is not a skill of the taxonomy"),
        ],
    )


def test_many_mistakes_in_many_files_are_all_reported_in_one_pass() -> None:
    files = valid_files()
    files["experiments/full.md"] = (
        files["experiments/full.md"]
        .replace("risk: medium", "risk: hihg")
        .replace("confidence: 3", "confidence: 7")
        .replace("stage: leader", "stage: lead")
    )
    files["goals/lead-an-area.md"] = files["goals/lead-an-area.md"].replace(
        "due: 2027-06-30", "due: 2027-06-31"
    )
    files["people/grace.md"] = files["people/grace.md"].replace("cadence: half-yearly\n", "")
    journal = journal_of(files)
    assert sorted((p.file, p.line, p.field) for p in journal.problems) == [
        ("experiments/full.md", 12, "confidence"),
        ("experiments/full.md", 16, "risk"),
        ("experiments/full.md", 18, "stage"),
        ("goals/lead-an-area.md", 9, "due"),
        ("people/grace.md", 2, "cadence"),
    ]
    assert {e.id for e in journal.needs_fixing} == {"full", "lead-an-area", "grace"}


def test_a_broken_field_does_not_hide_the_rules_on_the_others() -> None:
    body = (
        "type: experiment\ntitle: T\nstatus: running\n"
        "hypothesis: {belief: b, test: t, measure: m, success: s}\n"
        "method: learning\nstart: 2026-05-01\nconfidence: 9\nrisk: hihg\n"
        "outcome:\n  date: 2026-04-30\n  result: validated\n"
    )
    assert_problems(
        problems_of(front_matter(body)),
        [
            (8, "confidence", "expected a whole number from 1 to 5"),
            (9, "risk", "did you mean 'high'?"),
            (2, "end", "is required when status is 'running'"),
            (11, "outcome.date", "2026-04-30 is before start 2026-05-01"),
            (12, "outcome.result", "is set, but status is 'running'"),
        ],
    )
    # a field that is present but broken is not also "missing"
    body = body.replace("start: 2026-05-01", "start: 2026-05-32")
    assert_problems(
        problems_of(front_matter(body)),
        [
            (7, "start", "is not a real date"),
            (8, "confidence", "expected a whole number from 1 to 5"),
            (9, "risk", "did you mean 'high'?"),
            (2, "end", "is required when status is 'running'"),
            (12, "outcome.result", "is set, but status is 'running'"),
        ],
    )
    person = "type: person\ntitle: P\nboard: true\ncadence: quartely\n"
    assert_problems(
        problems_of(front_matter(person)), [(5, "cadence", "did you mean 'quarterly'?")]
    )


# --- rules across entries ------------------------------------------------------------------


def test_duplicate_ids_name_both_files() -> None:
    journal = journal_of(
        {
            "experiments/a.md": front_matter(IDEA + "id: same\n"),
            "experiments/same.md": front_matter(IDEA),
        }
    )
    assert_problems(
        journal.problems,
        [
            (7, "id", "the id 'same' is also used by experiments/same.md; ids must be unique"),
            (2, "id", "the id 'same' is also used by experiments/a.md; ids must be unique"),
        ],
    )
    assert {p.file for p in journal.problems} == {"experiments/a.md", "experiments/same.md"}
    assert journal.valid() == []


def test_references_must_resolve_to_the_right_type() -> None:
    files = valid_files()
    files["experiments/refs.md"] = front_matter(
        IDEA + "goals: [lead-an-are, grace]\npeople: [full]\nfollows: [plateau, nobody]\n"
    )
    files["conversations/c.md"] = front_matter(
        "type: conversation\ntitle: C\ndate: 2026-01-01\npeople: [grac]\n"
    )
    files["reflections/r.md"] = front_matter(
        "type: reflection\ntitle: R\ndate: 2026-01-01\nfollows: [lead-an-area]\n"
    )
    journal = journal_of(files)
    assert_problems(
        [p for p in journal.problems if p.file == "experiments/refs.md"],
        [
            (7, "goals[0]", "no goal has the id 'lead-an-are' — did you mean 'lead-an-area'?"),
            (7, "goals[1]", "'grace' is a person, not a goal"),
            (8, "people[0]", "'full' is an experiment, not a person"),
            (9, "follows[0]", "'plateau' is a reflection, not an experiment"),
            (9, "follows[1]", "no experiment has the id 'nobody'"),
        ],
    )
    assert_problems(
        [p for p in journal.problems if p.file != "experiments/refs.md"],
        [
            (5, "people[0]", "no person has the id 'grac' — did you mean 'grace'?"),
            (5, "follows[0]", "'lead-an-area' is a goal, not an experiment"),
        ],
    )


@pytest.mark.parametrize(
    ("follows", "expected"),
    [
        ({"a": ["a"]}, [("a", "closes a cycle: a → a")]),
        ({"a": ["b"], "b": ["a"]}, [("b", "closes a cycle: a → b → a")]),
        (
            {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]},
            [("c", "closes a cycle: a → b → c → a")],
        ),
        ({"a": [], "b": ["a"], "c": ["a", "b"]}, []),  # a diamond is not a cycle
    ],
    ids=["self", "two", "three-with-a-tail", "diamond"],
)
def test_follows_must_not_form_a_cycle(
    follows: dict[str, list[str]], expected: list[tuple[str, str]]
) -> None:
    files = {
        f"experiments/{name}.md": front_matter(IDEA + f"follows: [{', '.join(targets)}]\n")
        for name, targets in follows.items()
    }
    problems = journal_of(files).problems
    assert [(p.file, p.line, p.field, p.message) for p in problems] == [
        (f"experiments/{name}.md", 7, f"follows[{follows[name].index(_closing(message))}]", message)
        for name, message in expected
    ]


def _closing(message: str) -> str:
    return message.rsplit(" → ", 1)[-1]


def test_a_cycle_through_a_private_entry_does_not_name_it() -> None:
    problems = journal_of(
        {
            "experiments/a.md": front_matter(IDEA + "follows: [secret-b]\n"),
            "experiments/secret-b.md": front_matter(IDEA + "visibility: private\nfollows: [a]\n"),
        }
    ).problems
    messages = {p.file: p.message for p in problems}
    assert messages == {"experiments/secret-b.md": "closes a cycle of follow-ups"}
    problems = journal_of(
        {
            "experiments/a-secret.md": front_matter(IDEA + "visibility: private\nfollows: [b]\n"),
            "experiments/b.md": front_matter(IDEA + "follows: [a-secret]\n"),
        }
    ).problems
    assert [p.message for p in problems] == [
        "closes a cycle: (a private entry) → b → (a private entry)"
    ]


def test_suggestions_never_offer_a_private_id() -> None:
    problems = journal_of(
        {
            "goals/secret-promotion.md": front_matter(
                "type: goal\ntitle: G\nvisibility: private\nspecific: s\nmeasurable: m\n"
                "due: 2026-12-31\n"
            ),
            "experiments/a.md": front_matter(IDEA + "goals: [secret-promotio]\n"),
        }
    ).problems
    assert_problems(problems, [(7, "goals[0]", "no goal has the id 'secret-promotio'")])
    assert "did you mean" not in problems[0].message


def test_an_entry_may_reference_a_private_entry() -> None:
    journal = journal_of(
        {
            "people/boss.md": front_matter("type: person\ntitle: Boss\nvisibility: private\n"),
            "experiments/a.md": front_matter(IDEA + "people: [boss]\n"),
        }
    )
    assert journal.problems == []
    assert journal.published().resolve(["boss"]) == [None]
    assert journal.resolve(["boss"]) == [journal.get("boss")]


# --- visibility --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("Public", "did you mean 'public'?"),
        ("no", ""),
        ("hidden", ""),
        ("''", ""),
        ("[public]", ""),
    ],
)
def test_a_visibility_that_is_not_exactly_public_or_private_is_fatal(
    value: str, suggestion: str
) -> None:
    journal = journal_of({"experiments/x.md": front_matter(IDEA + f"visibility: {value}\n")})
    [problem] = journal.problems
    assert (problem.line, problem.field, problem.fatal) == (7, "visibility", True)
    assert "must be exactly 'public' or 'private'" in problem.message
    assert suggestion in problem.message
    assert journal.fatal == [problem]
    [entry] = journal.entries
    assert entry.private  # fail closed


def test_an_unreadable_visibility_is_fatal() -> None:
    journal = journal_of({"experiments/x.md": front_matter(IDEA + "visibility: &v public\n")})
    assert {(p.line, p.field, p.fatal) for p in journal.problems} == {
        (7, "visibility", False),  # the anchor itself
        (7, "visibility", True),
    }
    assert journal.entries[0].private


@pytest.mark.parametrize(
    ("defaults", "explicit", "private"),
    [
        ({}, None, True),
        ({"experiment": "public"}, None, False),
        ({"experiment": "public"}, "private", True),
        ({}, "public", False),
    ],
)
def test_visibility_defaults_per_type(
    defaults: dict[str, str], explicit: str | None, private: bool
) -> None:
    body = IDEA + (f"visibility: {explicit}\n" if explicit else "")
    journal = journal_of(
        {"experiments/x.md": front_matter(body)}, options=Options(visibility_defaults=defaults)
    )
    assert journal.problems == []
    assert journal.entries[0].private is private


def test_private_dir_entries_are_always_private() -> None:
    journal = journal_of({}, private_dir={"x.md": front_matter(IDEA + "visibility: public\n")})
    assert journal.problems == []
    assert journal.entries[0].private
    assert journal.entries[0].path == "<private_dir>/x.md"


# --- private entries never echo their values -------------------------------------------------

MARKER = "zqx-secret-marker"

MISTAKES = {
    "experiments/exp.md": f"""\
        type: experiment
        title: {MARKER}
        status: {MARKER}
        hypothesis:
          belief: {MARKER}
          unknown: {MARKER}
        confidence: {MARKER}
        method: {MARKER}
        start: {MARKER}
        risk: {MARKER}
        hours_per_week: {MARKER}
        stage: {MARKER}
        skills: [{MARKER}, {MARKER.upper()}]
        goals: [{MARKER}]
        people: [{MARKER}]
        follows: [{MARKER}]
        tags: [{MARKER}, 1.10, no]
        outcome:
          date: {MARKER}
          result: {MARKER}
        """,
    "experiments/dates.md": """\
        type: experiment
        title: T
        status: running
        hypothesis: {belief: b, test: t, measure: m, success: s}
        method: learning
        start: 2026-05-01
        end: 2026-04-01
        confidence: 9
        hours_per_week: -3
        outcome:
          date: 2026-04-30
          result: validated
        """,
    "goals/goal.md": f"""\
        type: goal
        title: G
        status: {MARKER}
        specific: s
        measurable: 1.10
        due: 2026-1-5
        kpis:
          - name: k
            target: 3
            readings:
              - {{date: 2026-03-01, value: 1}}
              - {{date: 2026-02-01, value: 2}}
              - {{date: 2026-02-01, value: 3}}
        """,
    "people/person.md": f"""\
        type: person
        title: P
        board: true
        relationship: {MARKER}
        cadence: {MARKER}
        since: {MARKER}
        expertise: [{MARKER}]
        """,
    "conversations/conv.md": f"""\
        type: conversation
        title: C
        date: 2026-02-30
        people: [{MARKER}]
        kind: {MARKER}
        actions:
          - do: {MARKER}
            due: {MARKER}
            done: {MARKER}
        """,
    "reflections/refl.md": f"""\
        type: reflection
        title: R
        date: {MARKER}
        kind: {MARKER}
        follows: [{MARKER}, goal]
        """,
    "experiments/type.md": f"type: {MARKER}\ntitle: T\nid: {MARKER.upper()}\n",
    "experiments/visibility.md": (
        f"type: reflection\ntitle: R\ndate: 2026-01-01\nvisibility: {MARKER}\n"
    ),
    "experiments/dup-a.md": "type: reflection\ntitle: R\ndate: 2026-01-01\nid: dup\n",
    "experiments/dup.md": "type: reflection\ntitle: R\ndate: 2026-01-01\n",
}


def _mistakes(*, private: bool) -> dict[str, str]:
    files = {path: front_matter(body) for path, body in MISTAKES.items()}
    files["experiments/cycle-a.md"] = front_matter(IDEA + "follows: [cycle-b]\n")
    files["experiments/cycle-b.md"] = front_matter(IDEA + "follows: [cycle-a]\n")
    if private:  # private by default, and by an explicit visibility
        files["experiments/explicit.md"] = front_matter(
            IDEA.replace("title: A title", f"title: {MARKER}")
            + f"visibility: private\nrisk: {MARKER}\nstart: {MARKER}\n"
        )
    return files


def test_private_entries_never_echo_their_values() -> None:
    public = journal_of(_mistakes(private=False), options=PUBLIC)
    private = journal_of(_mistakes(private=True), options=PRIVATE)
    # the marker would be echoed by a public entry: the test can tell
    assert sum(MARKER in p.message.lower() for p in public.problems) >= 10
    leaks = [p.format() for p in private.problems if MARKER in p.format().lower()]
    assert leaks == []
    # ... and hiding the values hides nothing else: the same places are reported
    where = {(p.file, p.line, p.field) for p in public.problems}
    assert where <= {(p.file, p.line, p.field) for p in private.problems}
    assert len(private.problems) >= 40


def test_private_dir_entries_never_echo_their_values() -> None:
    files = {path.split("/")[-1]: front_matter(body) for path, body in MISTAKES.items()}
    journal = journal_of({}, options=PUBLIC, private_dir=files)
    assert len(journal.problems) >= 30
    assert [p.format() for p in journal.problems if MARKER in p.format().lower()] == []


def test_each_entry_exports_exactly_the_fields_it_was_given() -> None:
    # models given the same fields share one set of their names (memory): sharing must
    # never let one entry's fields show in another's export
    journal = journal_of(
        {
            "experiments/a.md": front_matter(IDEA),
            "experiments/b.md": front_matter(IDEA + "confidence: 3\ntags: [x]\n"),
            "experiments/c.md": front_matter(IDEA),
        }
    )
    a, b, c = (getattr(journal.get(name), "model", None) for name in "abc")
    assert isinstance(a, Experiment)
    assert isinstance(b, Experiment)
    assert isinstance(c, Experiment)
    assert set(dump(a)) == {"type", "title", "status", "hypothesis"}
    assert set(dump(b)) == {"type", "title", "status", "hypothesis", "confidence", "tags"}
    assert dump(c) == dump(a)
    assert a.model_fields_set is c.model_fields_set
    assert dump(a.hypothesis) == {"belief": "I believe it."}
