"""The entry types as typed models: the single source of the schema.

Validation messages, `careerlog schema`, the templates of `careerlog new` and
the field reference in the docs are all derived from these classes and from
the status table below; nothing else spells the schema out again.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _to_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_type", "expected a date YYYY-MM-DD, not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_impossible", "is not a real date") from None
    raise PydanticCustomError("date_type", "expected a date YYYY-MM-DD")


Text = Annotated[str, StringConstraints(strict=True, min_length=1)]
Slug = Annotated[str, StringConstraints(strict=True, pattern=ID_PATTERN)]
Date = Annotated[
    dt.date,
    PlainValidator(_to_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Score = Annotated[int, Field(strict=True, ge=1, le=5)]
Bool = Annotated[bool, Field(strict=True)]

Visibility = Literal["public", "private"]
ExperimentStatus = Literal["idea", "planned", "running", "concluded", "abandoned"]
Method = Literal[
    "side-project",
    "stretch-assignment",
    "interim-role",
    "volunteering",
    "industry-exploration",
    "learning",
    "conversation",
    "job-change",
    "other",
]
Result = Literal["validated", "invalidated", "inconclusive"]
Decision = Literal["persevere", "pivot", "stop", "keep-testing"]
Risk = Literal["low", "medium", "high"]
GoalStatus = Literal["active", "achieved", "dropped"]
Relationship = Literal["mentor", "manager", "peer", "sponsor", "coach", "other"]
Cadence = Literal["monthly", "quarterly", "half-yearly", "yearly"]
ConversationKind = Literal["one-on-one", "career", "feedback", "mentoring", "skip-level", "other"]
ReflectionKind = Literal["plateau", "setback", "win", "retro"]

EXPERIMENT_STATUSES: tuple[str, ...] = ("idea", "planned", "running", "concluded", "abandoned")
GOAL_STATUSES: tuple[str, ...] = ("active", "achieved", "dropped")
RESULTS: tuple[str, ...] = ("validated", "invalidated", "inconclusive")
CADENCE_DAYS = {"monthly": 31, "quarterly": 92, "half-yearly": 183, "yearly": 366}


# one set of field names for every model that was given the same fields (see below)
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    def model_post_init(self, context: Any, /) -> None:
        # pydantic gives each instance its own set of the field names it was given (used
        # by `exclude_unset`): some 15,000 sets, 7 MB, for a 5000-entry journal. Models are
        # frozen, so nothing adds to the set: instances given the same fields share one.
        given = self.__pydantic_fields_set__
        shared = _FIELDS_SETS.setdefault(frozenset(given), given)
        if shared is not given:
            object.__setattr__(self, "__pydantic_fields_set__", shared)


class _Entry(_Model):
    type: str = Field(description="The kind of entry.")
    id: Slug | None = Field(
        None, description="The entry's id; defaults to the file name without .md."
    )
    title: Text = Field(description="A short, human title.")
    visibility: Visibility | None = Field(
        None,
        description="public: published; private: shown on `mkdocs serve` only. "
        "Defaults per type from the plugin's visibility_defaults.",
    )
    tags: list[Text] = Field(default_factory=list, description="Free-form tags.")
    stage: Slug | None = Field(
        None, description="The career stage this aims at (associate, senior, leader by default)."
    )
    skills: list[Slug] = Field(
        default_factory=list, description="Skill ids from the journal's taxonomy."
    )


class Hypothesis(_Model):
    """The hypothesis card."""

    belief: Text = Field(description="What I believe.")
    test: Text | None = Field(None, description="How I will test it.")
    measure: Text | None = Field(None, description="What I will measure.")
    success: Text | None = Field(None, description="The result that proves me right.")


class Outcome(_Model):
    """The learning card."""

    date: Date | None = Field(None, description="When the experiment ended (>= start).")
    result: Result | None = Field(None, description="How the hypothesis fared.")
    observed: Text | None = Field(None, description="What I observed.")
    learned: Text | None = Field(None, description="What I learned.")
    decision: Decision | None = Field(None, description="What I decided.")
    next: Text | None = Field(None, description="What I will do next.")
    energy: Score | None = Field(None, description="1-5: did it energise me?")


class Experiment(_Entry):
    """A career experiment: hypothesis, design, outcome."""

    type: Literal["experiment"] = Field(description="experiment")
    status: ExperimentStatus = Field(description="Where the experiment stands.")
    hypothesis: Hypothesis = Field(description="The hypothesis card.")
    confidence: Score | None = Field(None, description="1-5: how sure I am before the test.")
    method: Method | None = Field(None, description="How the hypothesis is tested.")
    start: Date | None = Field(None, description="When it starts.")
    end: Date | None = Field(None, description="The planned end (>= start).")
    risk: Risk | None = Field(None, description="How much is at stake.")
    hours_per_week: Annotated[Number, Field(ge=0)] | None = Field(
        None, description="Time budget per week."
    )
    goals: list[Slug] = Field(default_factory=list, description="Ids of goals this serves.")
    people: list[Slug] = Field(default_factory=list, description="Ids of people involved.")
    follows: list[Slug] = Field(
        default_factory=list, description="Ids of experiments this one follows up on."
    )
    outcome: Outcome | None = Field(None, description="The learning card.")


class Reading(_Model):
    date: Date = Field(description="When the value was read.")
    value: Number = Field(description="The value read.")


class Kpi(_Model):
    name: Text = Field(description="What is measured.")
    unit: Text | None = Field(None, description="The unit of the values.")
    baseline: Number | None = Field(None, description="The value when the goal was set.")
    target: Number = Field(description="The value that means done.")
    readings: list[Reading] = Field(
        default_factory=list, description="Dated readings, oldest first, one per date."
    )


class Goal(_Entry):
    """A SMART career goal with KPIs."""

    type: Literal["goal"] = Field(description="goal")
    status: GoalStatus = Field("active", description="Where the goal stands.")
    specific: Text = Field(description="Specific: what exactly.")
    measurable: Text = Field(description="Measurable: how I will know.")
    achievable: Text | None = Field(None, description="Achievable: why it is realistic.")
    relevant: Text | None = Field(None, description="Relevant: why it matters now.")
    due: Date = Field(description="Time-bound: the date it is due.")
    kpis: list[Kpi] = Field(default_factory=list, description="Key performance indicators.")


class Person(_Entry):
    """Someone in my career: a mentor, a manager, a member of my board."""

    type: Literal["person"] = Field(description="person")
    relationship: Relationship | None = Field(None, description="Who they are to me.")
    board: Bool = Field(False, description="On my personal board of directors.")
    expertise: list[Slug] = Field(default_factory=list, description="Skill ids they know best.")
    cadence: Cadence | None = Field(
        None, description="How often to touch base (required on the board)."
    )
    since: Date | None = Field(None, description="Known since.")
    aware: Bool | None = Field(None, description="Do they know they are on my board?")


class Action(_Model):
    do: Text = Field(description="What to do.")
    due: Date | None = Field(None, description="By when.")
    done: Bool = Field(False, description="Done yet?")


class Conversation(_Entry):
    """A career conversation, one-on-one or with my board."""

    type: Literal["conversation"] = Field(description="conversation")
    date: Date = Field(description="When it took place.")
    people: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Ids of the people in it (at least one)."
    )
    kind: ConversationKind | None = Field(None, description="What kind of conversation.")
    asked: Text | None = Field(None, description="The question I brought.")
    heard: Text | None = Field(None, description="What I was told.")
    actions: list[Action] = Field(default_factory=list, description="What we agreed to do.")


class Reflection(_Entry):
    """A plateau, a setback, a win or a retro, in the body's own words."""

    type: Literal["reflection"] = Field(description="reflection")
    date: Date = Field(description="When I wrote it.")
    kind: ReflectionKind | None = Field(None, description="What kind of reflection.")
    follows: list[Slug] = Field(
        default_factory=list, description="Experiments it led to or came from."
    )


AnyEntry = Experiment | Goal | Person | Conversation | Reflection

MODELS: dict[str, type[_Entry]] = {
    "experiment": Experiment,
    "goal": Goal,
    "person": Person,
    "conversation": Conversation,
    "reflection": Reflection,
}
TYPES: tuple[str, ...] = tuple(MODELS)

# The folder `careerlog new` writes each type into, under docs_dir.
FOLDERS = {
    "experiment": "experiments",
    "goal": "goals",
    "person": "people",
    "conversation": "conversations",
    "reflection": "reflections",
}

# Fields an experiment needs from a status on (statuses in order; abandoned
# is a way of ending, so it needs what a running experiment needed).
EXPERIMENT_REQUIRED: dict[str, tuple[str, ...]] = {
    "idea": (),
    "planned": (
        "hypothesis.test",
        "hypothesis.measure",
        "hypothesis.success",
        "method",
        "start",
    ),
    "running": ("end",),
    "concluded": ("outcome.date", "outcome.result", "outcome.observed", "outcome.learned"),
    "abandoned": ("outcome.date", "outcome.learned"),
}
_STATUS_CHAIN = {
    "idea": ("idea",),
    "planned": ("idea", "planned"),
    "running": ("idea", "planned", "running"),
    "concluded": ("idea", "planned", "running", "concluded"),
    "abandoned": ("idea", "planned", "running", "abandoned"),
}


def required_for_status(status: str) -> tuple[str, ...]:
    """Dotted fields an experiment with `status` must have (beyond the always-required)."""
    return tuple(f for s in _STATUS_CHAIN.get(status, ()) for f in EXPERIMENT_REQUIRED[s])


def first_status_requiring(field: str) -> str | None:
    for status, fields in EXPERIMENT_REQUIRED.items():
        if field in fields:
            return status
    return None


def reference_fields(entry_type: str) -> dict[str, str]:
    """Front-matter list fields of a type that name other entries, by target type."""
    return {
        "experiment": {"goals": "goal", "people": "person", "follows": "experiment"},
        "conversation": {"people": "person"},
        "reflection": {"follows": "experiment"},
    }.get(entry_type, {})


def inner_model(annotation: object) -> type[BaseModel] | None:
    """The model a field holds, directly or inside a list or an optional."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def model_for(entry_type: str) -> type[_Entry] | None:
    return MODELS.get(entry_type)


def dump(model: BaseModel) -> dict[str, Any]:
    """Validated front matter as JSON-ready data (dates as ISO strings), unset fields left out."""
    return model.model_dump(mode="json", exclude_unset=True)
