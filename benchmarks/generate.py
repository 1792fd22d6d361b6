"""Benchmark journals of any size: realistic, valid and deterministic from a seed.

    python benchmarks/generate.py OUT_DIR N [--seed S] [--blog]

`generate(root, n)` writes `root/docs/` (n entries of all five types plus a
home page) and `root/mkdocs.yml` (Material, search and careerlog).  About 60 %
of the entries are experiments in every status; goals carry KPI readings,
people sit on a board, conversations end in actions, reflections follow
experiments.  Every reference resolves, some entries are private, and no
private title, id or slug is written anywhere a published page could show it,
so `mkdocs build --strict` passes.

`write_floor_config(root)` adds `mkdocs-floor.yml`: the same Markdown files
built by Material and search alone, with a one-page `nav:` (the floor of the
benchmark).  `generate_blog(root, n)` writes the same bodies as posts of
Material's blog plugin (the peer of the benchmark).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import textwrap
import typing
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerlog.model import EXPERIMENT_STATUSES, FOLDERS, Method

TODAY = dt.date(2026, 6, 15)  # the `today` of every generated journal: builds are reproducible
# Share of each type in a journal (experiments take the rest, about 60 %).
SHARES = {"goal": 0.08, "person": 0.10, "conversation": 0.14, "reflection": 0.08}
PRIVATE_EVERY = 14  # about 7 % of the entries are private
SKILLS = (
    "technical",
    "design",
    "consumer-science",
    "strategic-thinking",
    "management",
    "communication",
    "org-design",
    "company-strategy",
    "industry-partnerships",
)
STAGES = ("associate", "senior", "leader")
STATUSES = EXPERIMENT_STATUSES
STATUS_WEIGHTS = (15, 15, 20, 40, 10)
METHODS: tuple[str, ...] = typing.get_args(Method)
TAGS = (
    "promotion",
    "payments",
    "machine-learning",
    "public-speaking",
    "hiring",
    "partnerships",
    "growth",
    "writing",
    "side-project",
    "job-search",
    "onboarding",
    "analytics",
)

# --- words --------------------------------------------------------------------------

ACTIONS = (
    "Run the quarterly planning offsite",
    "Shadow the support team",
    "Write the pricing strategy memo",
    "Lead the checkout redesign",
    "Mentor a new associate PM",
    "Give a talk at a local meetup",
    "Own the partner onboarding flow",
    "Chair the weekly roadmap review",
    "Build a churn model in a notebook",
    "Interview ten merchants about payouts",
    "Take over the analytics backlog",
    "Co-lead the hiring loop for designers",
    "Pilot a customer advisory board",
    "Publish a monthly product newsletter",
    "Run discovery on instant refunds",
    "Advise a climate start-up on pricing",
    "Draft the team charter",
    "Take a course in negotiation",
    "Present the roadmap to the board",
    "Rotate into the platform team",
    "Prototype a self-serve dashboard",
    "Facilitate the team retrospectives",
    "Negotiate a data-sharing agreement",
    "Run an A/B test on the signup funnel",
    "Write a weekly decision log",
    "Coach the support leads on prioritisation",
    "Explore a move into developer tools",
    "Lead the incident review programme",
    "Teach an internal course on metrics",
    "Judge a student hackathon",
)
CONTEXTS = (
    "for the payments squad",
    "during the spring release",
    "with the Berlin office",
    "for small merchants",
    "across two product areas",
    "on the mobile app",
    "with the data science team",
    "for the enterprise segment",
    "while my manager is on leave",
    "in the partner-banking area",
    "over one quarter",
    "for the new market launch",
    "with a skeptical stakeholder group",
    "in public",
    "on a shoestring budget",
    "for the risk team",
    "before the reorganisation",
    "with two junior designers",
    "for the growth team",
    "as a side project",
)
GOAL_AIMS = (
    "Be ready to lead a product area",
    "Speak at an industry conference",
    "Ship a machine-learning feature end to end",
    "Grow a team of three product managers",
    "Own a commercial partnership",
    "Publish a body of writing on product practice",
    "Become the go-to person for pricing",
    "Move into a staff product role",
    "Build a cross-team planning ritual",
    "Get a seat on the architecture forum",
    "Close a partnership with a bank",
    "Raise the team's discovery maturity",
)
GOAL_WHEN = ("by mid-2027", "by the end of 2026", "within eighteen months", "this year",
             "before the next review cycle", "by spring 2027")
KPI_NAMES = (
    ("Cross-team proposals adopted", "proposals", 0, 3),
    ("Stakeholder alignment score", "points out of 10", 5.5, 8),
    ("Talks given", "talks", 0, 4),
    ("Essays published", "essays", 0, 12),
    ("Direct reports", "people", 0, 3),
    ("Partner deals signed", "deals", 0, 2),
    ("Discovery interviews per month", "interviews", 2, 8),
    ("Roadmap items shipped on time", "percent", 40, 80),
)
FIRST = ("Ana", "Ben", "Chioma", "Dara", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas",
         "Kemi", "Lars", "Maya", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tomas",
         "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zofia", "Aled", "Bea", "Cyrus", "Dilan",
         "Esme", "Felix", "Gita", "Hugo", "Ilse", "Jamal", "Kaito", "Lena", "Mateo", "Noor")
LAST = ("Okafor", "Berg", "Raman", "Eklund", "Carvalho", "Whitfield", "Novak", "Haddad",
        "Lindqvist", "Moreau", "Tanaka", "Fischer", "Osei", "Kowalski", "Rossi", "Nyberg",
        "Mendes", "Schulz", "Adeyemi", "Larsen", "Petrov", "Duarte", "Ibrahim", "Keller",
        "Sato", "Fagerlund", "Mwangi", "Brennan", "Castillo", "Varga", "Hallberg", "Quist",
        "Yilmaz", "Zhou", "Andersen", "Boateng", "Costa", "Dahl", "Ekström", "Farrow")
RELATIONSHIPS = ("mentor", "manager", "peer", "sponsor", "coach", "other")
CADENCES = ("monthly", "quarterly", "half-yearly", "yearly")
CONVERSATION_KINDS = ("one-on-one", "career", "feedback", "mentoring", "skip-level", "other")
CONVERSATION_TOPICS = (
    "negotiating scope with a partner",
    "when to ask for the promotion",
    "saying no to a senior stakeholder",
    "moving from features to strategy",
    "how to hire the first PM",
    "whether to take the platform role",
    "presenting numbers to finance",
    "handling a project that is slipping",
    "building trust with engineering",
    "what a staff role looks like here",
)
REFLECTION_KINDS = ("plateau", "setback", "win", "retro")
REFLECTION_TOPICS = (
    "the quarter I stopped learning",
    "a launch that went sideways",
    "six months of running experiments",
    "what the reorganisation taught me",
    "a review that stung",
    "the talk that went well",
    "saying no more often",
    "a year on the board of directors idea",
)

SENTENCES = (
    "The first two weeks were slower than I hoped, mostly because nobody owned the data.",
    "I wrote the plan as if it were a product spec: who, what good looks like, what hurts.",
    "My manager asked the right question: what would make me stop early?",
    "Energy was high on the days with customer calls and flat on the planning days.",
    "Half of the work turned out to be agreeing on definitions before doing anything.",
    "The team rewrote most of my draft, but they started from my version.",
    "I kept a short log every Friday, which made the outcome much easier to judge.",
    "Two stakeholders disagreed on the goal, and that disagreement was the real finding.",
    "The numbers moved less than expected, yet the conversations changed a lot.",
    "I underestimated how much time the follow-up meetings would take.",
    "It helped to say the hypothesis out loud at the start of each review.",
    "What surprised me most was how quickly people offered to help once asked.",
    "The test was small on purpose, so a bad result would cost a month, not a year.",
    "I learned to bring a one-page summary instead of a slide deck.",
    "Feedback from the retro was blunt and useful: fewer updates, more decisions.",
    "By the end I was the one asking about the edge cases in review meetings.",
    "I doubt I would have noticed the pattern without writing it down every week.",
    "The hardest part was protecting the hours for it when the roadmap got busy.",
)
NOTES = (
    "Check in with the team after the next release",
    "Ask for written feedback, not a chat",
    "Compare the numbers with last quarter",
    "Share the summary with my mentor",
    "Book a follow-up in six weeks",
    "Draft the next hypothesis before the review",
    "Move the Friday log into the team wiki",
    "Decide whether to keep the weekly slot",
)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    stop = {"a", "an", "the", "of", "on", "in", "for", "with", "to", "by", "at", "as", "my"}
    slug = ""
    for word in (w for w in words if w not in stop):
        if slug and len(slug) + 1 + len(word) > 48:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _folded(key: str, text: str, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines = textwrap.wrap(text, 74 - indent)
    return [f"{pad}{key}: >-", *(f"{pad}  {line}" for line in lines)]


def _inline(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


# --- the plan: every entry decided before any file is written ----------------------------


@dataclass
class Planned:
    type: str
    id: str
    title: str
    private: bool
    index: int
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def rel(self) -> str:
        return f"{FOLDERS[self.type]}/{self.id}.md"


class _Titles:
    """Titles whose private ones never appear inside any other text of the journal.

    The published build audits the site for every private title and id, so a
    private entry gets a title core nobody else uses.
    """

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.used: dict[str, int] = {}
        self.reserved: set[str] = set()
        self.ids: set[str] = set()

    def pick(self, cores: list[str], private: bool) -> str:
        fresh = [c for c in cores if c not in self.used]
        if fresh:
            core = self.rnd.choice(fresh)
            self.used[core] = 1
            if private:  # its bare title: no other title may ever contain it
                self.reserved.add(core)
            return core
        core = self.rnd.choice(cores)
        self.used[core] += 1
        take = self.used[core]
        if private:
            return f"{core}, quietly, take {take}"
        if core in self.reserved:
            return f"Another round of {core[0].lower()}{core[1:]}, take {take}"
        return f"{core}, take {take}"

    def unique_id(self, base: str) -> str:
        candidate, k = base, 2
        while candidate in self.ids:
            candidate, k = f"{base}-{k}", k + 1
        self.ids.add(candidate)
        return candidate


def _counts(n: int) -> dict[str, int]:
    if n < 5:
        raise ValueError("a benchmark journal has at least 5 entries (one of each type)")
    counts = {t: max(1, round(n * share)) for t, share in SHARES.items()}
    counts["experiment"] = n - sum(counts.values())
    return {t: counts[t] for t in FOLDERS}


def _date_between(rnd: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rnd.randint(0, max(0, (end - start).days)))


def plan(n: int, seed: int = 0) -> list[Planned]:
    """Every entry of an n-entry journal: ids, titles, visibility and front-matter fields."""
    rnd = random.Random(seed)
    counts = _counts(n)
    titles = _Titles(rnd)

    def private_flag(k: int, total: int) -> bool:
        # one entry in PRIVATE_EVERY of each type, never the first: every type is published
        return k % PRIVATE_EVERY == 3

    # people first: everything else refers to them
    names = [f"{first} {last}" for first in FIRST for last in LAST]
    rnd.shuffle(names)
    people: list[Planned] = []
    for k in range(counts["person"]):
        # past the pool: a suffix after a dash, which the privacy audit treats as another word
        name = names[k] if k < len(names) else f"{names[k % len(names)]}-{k}"
        private = private_flag(k, counts["person"])
        board = k < 3 or rnd.random() < 0.3
        person = Planned("person", titles.unique_id(_slug(name)), name, private, k)
        person.fields = {
            "relationship": RELATIONSHIPS[k % len(RELATIONSHIPS)],
            "board": board,
            "cadence": rnd.choice(CADENCES) if board else None,
            "expertise": rnd.sample(SKILLS, rnd.randint(1, 3)),
            "since": _date_between(rnd, dt.date(2018, 1, 1), dt.date(2025, 12, 31)),
            "aware": rnd.random() < 0.7 if board else None,
        }
        titles.ids.add(person.id)
        people.append(person)

    goals: list[Planned] = []
    goal_cores = [f"{aim} {when}" for aim in GOAL_AIMS for when in GOAL_WHEN]
    for k in range(counts["goal"]):
        private = private_flag(k, counts["goal"])
        title = titles.pick(goal_cores, private)
        goal = Planned("goal", titles.unique_id(_slug(title)), title, private, k)
        goal.fields = _goal_fields(rnd, k)
        goals.append(goal)

    experiments: list[Planned] = []
    cores = [f"{a} {c}" for a in ACTIONS for c in CONTEXTS]
    statuses = list(STATUSES) + rnd.choices(STATUSES, STATUS_WEIGHTS, k=counts["experiment"])
    for k in range(counts["experiment"]):
        private = private_flag(k, counts["experiment"])
        title = titles.pick(cores, private)
        exp = Planned("experiment", titles.unique_id(_slug(title)), title, private, k)
        exp.fields = _experiment_fields(rnd, statuses[k], goals, people, experiments)
        experiments.append(exp)

    conversations: list[Planned] = []
    for k in range(counts["conversation"]):
        private = private_flag(k, counts["conversation"])
        with_ = rnd.sample(people, min(len(people), rnd.choice((1, 1, 1, 2))))
        topic = rnd.choice(CONVERSATION_TOPICS)
        # a name in a title is public text: only public people are named
        named = [p.title for p in with_ if not p.private]
        lead = f"{named[0]} on" if named else "A conversation about"
        title = titles.pick([f"{lead} {t}" for t in CONVERSATION_TOPICS], private)
        date = _date_between(rnd, dt.date(2024, 1, 1), TODAY)
        conv = Planned("conversation", titles.unique_id(_slug(title)), title, private, k)
        conv.fields = {
            "date": date,
            "people": [p.id for p in with_],
            "kind": rnd.choice(CONVERSATION_KINDS),
            "asked": f"How should I approach {topic}, given where I am now?",
            "heard": " ".join(rnd.sample(SENTENCES, 2)),
            "actions": [
                {
                    "do": rnd.choice(NOTES),
                    "due": date + dt.timedelta(days=rnd.randint(7, 120)),
                    "done": rnd.random() < 0.5,
                }
                for _ in range(rnd.randint(1, 3))
            ],
            "skills": rnd.sample(SKILLS, rnd.randint(0, 2)),
        }
        conversations.append(conv)

    reflections: list[Planned] = []
    for k in range(counts["reflection"]):
        private = private_flag(k, counts["reflection"])
        kind = REFLECTION_KINDS[k % len(REFLECTION_KINDS)]
        title = titles.pick([f"A {kind}: {t}" for t in REFLECTION_TOPICS], private)
        refl = Planned("reflection", titles.unique_id(_slug(title)), title, private, k)
        started = [e for e in experiments if e.fields["status"] != "idea"]
        refl.fields = {
            "date": _date_between(rnd, dt.date(2024, 1, 1), TODAY),
            "kind": kind,
            "follows": [e.id for e in rnd.sample(started, min(len(started), rnd.randint(0, 2)))],
            "skills": rnd.sample(SKILLS, rnd.randint(0, 2)),
            "stage": rnd.choice(STAGES),
        }
        reflections.append(refl)

    return [*people, *goals, *experiments, *conversations, *reflections]


def _goal_fields(rnd: random.Random, k: int) -> dict[str, Any]:
    due = _date_between(rnd, dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    status = "active" if k == 0 else rnd.choices(("active", "achieved", "dropped"), (6, 3, 1))[0]
    kpis = []
    for name, unit, baseline, target in rnd.sample(KPI_NAMES, rnd.randint(1, 3)):
        readings = []
        value: float = baseline
        day = dt.date(2025, 3, 31)
        for _ in range(rnd.randint(2, 6)):
            readings.append({"date": day, "value": round(value, 1)})
            value += (target - baseline) * rnd.uniform(0.05, 0.3)
            day = (day + dt.timedelta(days=92)).replace(day=28)
        kpis.append({"name": name, "unit": unit, "baseline": baseline, "target": target,
                     "readings": readings})
    return {
        "status": status,
        "stage": rnd.choice(STAGES),
        "skills": rnd.sample(SKILLS, rnd.randint(1, 3)),
        "tags": rnd.sample(TAGS, rnd.randint(0, 2)),
        "specific": " ".join(rnd.sample(SENTENCES, 2)),
        "measurable": "The KPIs below at target, and a written review that says so.",
        "achievable": " ".join(rnd.sample(SENTENCES, 1)),
        "relevant": "It is the next step I actually want, and the timing is right.",
        "due": due,
        "kpis": kpis,
    }


def _experiment_fields(
    rnd: random.Random,
    status: str,
    goals: list[Planned],
    people: list[Planned],
    earlier: list[Planned],
) -> dict[str, Any]:
    f: dict[str, Any] = {
        "status": status,
        "stage": rnd.choice(STAGES),
        "skills": rnd.sample(SKILLS, rnd.randint(1, 3)),
        "tags": rnd.sample(TAGS, rnd.randint(0, 3)),
        "confidence": rnd.randint(1, 5),
        "risk": rnd.choice(("low", "medium", "high")),
        "hours_per_week": rnd.choice((2, 3, 4, 5, 6, 8, 10, 2.5)),
        "goals": [g.id for g in rnd.sample(goals, min(len(goals), rnd.randint(0, 2)))],
        "people": [p.id for p in rnd.sample(people, min(len(people), rnd.randint(0, 2)))],
        "follows": [],
        "hypothesis": {"belief": " ".join(rnd.sample(SENTENCES, 2))},
    }
    if earlier and rnd.random() < 0.25:  # only earlier experiments: no cycles
        f["follows"] = [rnd.choice(earlier[-50:]).id]
    if status == "idea":
        return f
    f["method"] = rnd.choice(METHODS)
    f["hypothesis"] = {
        "belief": f["hypothesis"]["belief"],
        "test": " ".join(rnd.sample(SENTENCES, 2)),
        "measure": "My weekly energy score, the team's feedback and the numbers on the dashboard.",
        "success": "Energy of 4 out of 5 or more in most weeks, and one decision I can point to.",
    }
    if status == "planned":
        # most planned experiments start soon; a few should have started already
        lo, hi = (TODAY - dt.timedelta(days=40), TODAY) if rnd.random() < 0.2 else (
            TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=120))
        f["start"] = _date_between(rnd, lo, hi)
        return f
    if status == "running":
        f["start"] = _date_between(rnd, TODAY - dt.timedelta(days=200), TODAY)
        f["end"] = _date_between(rnd, TODAY - dt.timedelta(days=20), TODAY + dt.timedelta(days=150))
        f["end"] = max(f["end"], f["start"])
        return f
    start = _date_between(rnd, dt.date(2023, 1, 1), TODAY - dt.timedelta(days=60))
    end = start + dt.timedelta(days=rnd.randint(30, 180))
    f["start"], f["end"] = start, end
    outcome: dict[str, object] = {
        "date": min(TODAY, end + dt.timedelta(days=rnd.randint(0, 14))),
        "learned": " ".join(rnd.sample(SENTENCES, 2)),
        "energy": rnd.randint(1, 5),
    }
    if status == "concluded":
        outcome["result"] = rnd.choices(("validated", "invalidated", "inconclusive"), (5, 3, 2))[0]
        outcome["observed"] = " ".join(rnd.sample(SENTENCES, 2))
        outcome["decision"] = rnd.choice(("persevere", "pivot", "stop", "keep-testing"))
        outcome["next"] = rnd.choice(NOTES) + "."
    else:
        outcome["decision"] = "stop"
    f["outcome"] = {k: outcome[k] for k in ("date", "result", "observed", "learned", "decision",
                                             "next", "energy") if k in outcome}
    return f


# --- writing -----------------------------------------------------------------------


def _front_matter(entry: Planned, explicit_visibility: bool) -> list[str]:
    f = entry.fields
    lines = [f"type: {entry.type}", f"title: {_q(entry.title)}"]
    if explicit_visibility or entry.private:
        lines.append(f"visibility: {'private' if entry.private else 'public'}")
    simple = ("status", "relationship", "board", "cadence", "since", "aware", "date", "kind",
              "stage", "confidence", "risk", "hours_per_week", "method", "start", "end", "due")
    for key in simple:
        value = f.get(key)
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        lines.append(f"{key}: {value}")
    for key in ("skills", "expertise", "tags", "goals", "people", "follows"):
        value = f.get(key)
        if value:
            lines.append(f"{key}: {_inline(list(value))}")
    for key in ("specific", "measurable", "achievable", "relevant", "asked", "heard"):
        if f.get(key):
            lines += _folded(key, str(f[key]))
    hypothesis = f.get("hypothesis")
    if isinstance(hypothesis, dict):
        lines.append("hypothesis:")
        for key, value in hypothesis.items():
            lines += _folded(key, value, 2)
    outcome = f.get("outcome")
    if isinstance(outcome, dict):
        lines.append("outcome:")
        for key, value in outcome.items():
            if key in ("observed", "learned", "next"):
                lines += _folded(key, value, 2)
            else:
                lines.append(f"  {key}: {value}")
    for kpi in f.get("kpis", ()):
        if "kpis:" not in lines:
            lines.append("kpis:")
        lines.append(f"  - name: {_q(kpi['name'])}")
        lines.append(f"    unit: {_q(kpi['unit'])}")
        lines.append(f"    baseline: {kpi['baseline']}")
        lines.append(f"    target: {kpi['target']}")
        lines.append("    readings:")
        lines += [f"      - {{date: {r['date']}, value: {r['value']}}}" for r in kpi["readings"]]
    for action in f.get("actions", ()):
        if "actions:" not in lines:
            lines.append("actions:")
        lines.append(f"  - do: {_q(action['do'])}")
        lines.append(f"    due: {action['due']}")
        lines.append(f"    done: {'true' if action['done'] else 'false'}")
    return lines


def _body(rnd: random.Random, entry: Planned, by_id: dict[str, Planned]) -> list[str]:
    """A Markdown body: paragraphs, a heading, a list, now and then a table or a private block."""

    def paragraph(k: int) -> list[str]:
        text = " ".join(rnd.sample(SENTENCES, k))
        if rnd.random() < 0.3:
            text = text.replace("the team", "**the team**", 1)
        if rnd.random() < 0.2:
            text = text.replace("data", "`data`", 1)
        return [*textwrap.wrap(text, 78), ""]

    lines: list[str] = [""]
    lines += paragraph(rnd.randint(2, 4))
    # a link to a related public entry, the way people write them
    refs = [r for key in ("goals", "people", "follows") for r in entry.fields.get(key, ()) or ()]
    public_refs = [by_id[r] for r in refs if r in by_id and not by_id[r].private]
    if public_refs:
        target = rnd.choice(public_refs)
        link = f"../{target.rel}"
        lines += [f"This connects to [{target.title}]({link}), which is where it started.", ""]
    lines += paragraph(rnd.randint(2, 3))
    lines += ["## Notes", ""]
    lines += [f"- {note}" for note in rnd.sample(NOTES, rnd.randint(2, 4))]
    lines.append("")
    if rnd.random() < 0.25:
        lines += ["| Week | Energy | Note |", "| --- | --- | --- |"]
        lines += [f"| {w} | {rnd.randint(1, 5)} | {rnd.choice(NOTES)} |" for w in range(1, 5)]
        lines.append("")
    if not entry.private and rnd.random() < 0.1:
        lines += ["/// private", "Salary numbers and the names behind them stay off the site.",
                  "///", ""]
    lines += paragraph(rnd.randint(1, 3))
    return lines


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


HOME = """\
---
title: "A benchmark career log"
---

This journal was generated for careerlog's performance benchmark: {n} entries
of every type, written the way a person keeps them.

Here is what is running right now:

```careerlog
view: experiments
status: running
```
"""

MATERIAL = {"name": "material", "features": ["navigation.instant", "navigation.top"]}
EXTENSIONS = ["admonition", "attr_list", "md_in_html", {"toc": {"permalink": True}}]


def _yaml_config(config: Mapping[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def generate(root: Path, n: int, seed: int = 0) -> dict[str, int]:
    """Write an n-entry journal to root/docs and its root/mkdocs.yml; return counts per type."""
    root = Path(root)
    docs = root / "docs"
    planned = plan(n, seed)
    by_id = {e.id: e for e in planned}
    rnd = random.Random(seed + 1)
    for entry in planned:
        explicit = entry.type not in ("experiment", "goal")
        lines = ["---", *_front_matter(entry, explicit), "---", *_body(rnd, entry, by_id)]
        _write(docs / entry.rel, lines)
    (docs / "index.md").write_text(HOME.format(n=n), encoding="utf-8")
    config = {
        "site_name": f"Benchmark journal ({n} entries)",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": MATERIAL,
        "markdown_extensions": EXTENSIONS,
        "plugins": [
            "search",
            {
                "careerlog": {
                    "visibility_defaults": {"experiment": "public", "goal": "public"},
                    "today": TODAY.isoformat(),
                }
            },
        ],
    }
    (root / "mkdocs.yml").write_text(_yaml_config(config), encoding="utf-8")
    counts: dict[str, int] = {}
    for entry in planned:
        counts[entry.type] = counts.get(entry.type, 0) + 1
    counts["private"] = sum(e.private for e in planned)
    return counts


def write_floor_config(root: Path) -> Path:
    """mkdocs-floor.yml: the same files, Material and search only, a one-page nav."""
    config = {
        "site_name": "Benchmark floor",
        "docs_dir": "docs",
        "site_dir": "site-floor",
        "theme": MATERIAL,
        "markdown_extensions": EXTENSIONS,
        "plugins": ["search"],
        "nav": ["index.md"],
    }
    path = Path(root) / "mkdocs-floor.yml"
    path.write_text(_yaml_config(config), encoding="utf-8")
    return path


def generate_blog(root: Path, n: int, seed: int = 0) -> Path:
    """The peer: n posts of Material's blog plugin with the same bodies; returns mkdocs.yml."""
    root = Path(root)
    docs = root / "docs"
    planned = plan(n, seed)
    by_id = {e.id: e for e in planned}
    rnd = random.Random(seed + 1)
    categories = ["Experiments", "Goals", "People", "Conversations", "Reflections"]
    for entry in planned:
        body = _body(rnd, entry, by_id)
        # links between entries have no target among posts: keep their text only
        body = [re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line) for line in body]
        when = entry.fields.get("date") or entry.fields.get("start") or entry.fields.get(
            "since") or TODAY
        when = min(when, TODAY)
        cats = [categories[list(FOLDERS).index(entry.type)]]
        split = body.index("", 1)  # the first paragraph is the post's excerpt
        lines = [
            "---",
            f"date: {when}",
            f"categories: {_inline(cats)}",
            "---",
            "",
            f"# {entry.title}",
            *body[:split],
            "",
            "<!-- more -->",
            *body[split:],
        ]
        _write(docs / "blog" / "posts" / f"{entry.id}.md", lines)
    (docs / "index.md").write_text("# A benchmark blog\n\nThe posts are in the blog.\n", "utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    config = {
        "site_name": f"Benchmark blog ({n} posts)",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": MATERIAL,
        "markdown_extensions": EXTENSIONS,
        "plugins": ["search", "blog"],
    }
    path = root / "mkdocs.yml"
    path.write_text(_yaml_config(config), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (docs/ and mkdocs.yml)")
    parser.add_argument("n", type=int, help="number of entries")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--blog", action="store_true", help="write blog posts (the peer) instead")
    parser.add_argument("--floor", action="store_true", help="also write mkdocs-floor.yml")
    args = parser.parse_args(argv)
    if args.n < 5:
        parser.error("n must be at least 5")
    if (args.out / "docs").exists() and any((args.out / "docs").iterdir()):
        parser.error(f"{args.out / 'docs'} is not empty: choose a new folder")
    if args.blog:
        generate_blog(args.out, args.n, args.seed)
        print(f"wrote {args.n} blog posts to {args.out / 'docs'}")
        return 0
    counts = generate(args.out, args.n, args.seed)
    if args.floor:
        write_floor_config(args.out)
    print(f"wrote {args.n} entries to {args.out / 'docs'}: "
          + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
