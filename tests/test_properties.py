"""Property-based tests: no input crashes careerlog, and exports round-trip.

Random front matter (YAML written from random data, and random text), random
edits of the sample journal's entries and random valid entries go through
the loader, the validator, every view, the entry headers, the data files and
(fewer of them) real builds.  Every failure must be a located Problem.

Profiles: "default" (a modest number of examples, so the suite stays fast),
"ci" (at least 2,000 per property; chosen when CI=true) and "nightly" (set
HYPOTHESIS_PROFILE=nightly).  The `nightly` tests run 20,000 examples each and
only when asked for (`pytest --nightly`): CI has a time limit.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from careerlog import views
from careerlog.journal import Journal, build_journal
from careerlog.load import parse_source
from careerlog.model import (
    EXPERIMENT_STATUSES,
    FOLDERS,
    required_for_status,
)
from careerlog.options import Options
from careerlog.render import Renderer, Site, entry_context, narrow, search_text
from careerlog.views import export
from conftest import JournalDir

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "experiments"

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("default", max_examples=100, **_COMMON)
settings.register_profile("ci", max_examples=2000, **_COMMON)
settings.register_profile("nightly", max_examples=20000, **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI") == "true" else "default"
)
settings.load_profile(PROFILE)
# Real builds take over half a second each: a handful in a local run, the full 2,000
# of the "ci" profile in CI (about 20 minutes), never more (nightly included).
BUILD_EXAMPLES = (
    10 if PROFILE == "default" else min(2000, settings.get_profile(PROFILE).max_examples)
)
NIGHTLY = settings.get_profile("nightly").max_examples

OPTIONS = Options(visibility_defaults={"experiment": "public", "goal": "public"})
TODAY = dt.date(2026, 6, 15)
RENDERER = Renderer()

EXAMPLES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_examples(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    lines = [f"  {name}: {count} examples" for name, count in sorted(EXAMPLES.items())]
    text = f"hypothesis profile {PROFILE!r}:\n" + "\n".join(lines)
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if capture is None or not EXAMPLES:
        print(text)  # shown with -s
        return
    with capture.global_and_fixture_disabled():
        print("\n" + text)  # the counts belong in the test log, -s or not


def sample_files() -> dict[str, bytes]:
    out = {}
    for path in sorted(SAMPLE.rglob("*.md")):
        out[path.relative_to(SAMPLE).as_posix()] = path.read_bytes()
    return out


SAMPLE_FILES = sample_files()
ENTRY_FILES = sorted(p for p in SAMPLE_FILES if "/" in p)
# What an edited entry lives among: a goal and a person it (or others) can name.
NEIGHBOURS = ("goals/lead-a-product-area.md", "people/grace-okafor.md", "index.md")


def around(path: str, raw: bytes) -> dict[str, bytes]:
    """A small journal: one changed file among a few sample neighbours."""
    return {**{n: SAMPLE_FILES[n] for n in NEIGHBOURS}, path: raw}


def line_count(raw: bytes) -> int:
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def core(files: Mapping[str, bytes]) -> Journal:
    sources = [(parse_source(raw, path), False) for path, raw in sorted(files.items())]
    return build_journal(sources, OPTIONS, TODAY)


def url_of(path: str) -> str:
    return path.removesuffix(".md") + "/"


def render_everything(journal: Journal, *, serving: bool) -> None:
    """Every view page, every entry header and every data file, as a build would."""
    shown = journal if serving else journal.published()
    pages = views.pages(shown)
    site = Site(
        journal=shown,
        urls={e.id: url_of(e.path) for e in shown.entries},
        view_urls={p.key: p.src_uri.removesuffix("index.md") for p in pages},
        serving=serving,
        private_ids=frozenset(e.id for e in journal.entries if e.private),
    )
    for page in pages:
        assert isinstance(page.render(RENDERER, site, site.view_urls[page.key]), str)
    for entry in shown.entries:
        RENDERER.render(
            "entry.html",
            site,
            url_of(entry.path),
            problems=entry.problems if serving else [],
            **entry_context(site, entry),
        )
    for data in views.data_files():
        assert isinstance(data.build(site), str)


def check(files: Mapping[str, bytes]) -> Journal:
    """The core never raises, and every problem is located in a file that exists."""
    journal = core(files)
    for problem in journal.problems:
        assert problem.file in files, problem
        assert 1 <= problem.line <= line_count(files[problem.file]), problem.format()
        assert problem.message
    render_everything(journal, serving=True)
    if not journal.fatal:  # a fatal problem stops a published build before any view
        render_everything(journal, serving=False)
    return journal


# --- strategies ---------------------------------------------------------------------

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30
)
FIELDS = sorted(
    {
        "type", "id", "title", "visibility", "tags", "stage", "skills", "status",
        "hypothesis", "belief", "test", "measure", "success", "confidence", "method",
        "start", "end", "risk", "hours_per_week", "goals", "people", "follows", "outcome",
        "date", "result", "observed", "learned", "decision", "next", "energy", "specific",
        "measurable", "due", "kpis", "name", "target", "baseline", "readings", "value",
        "relationship", "board", "cadence", "since", "aware", "expertise", "kind",
        "asked", "heard", "actions", "do", "done",
    }
)  # fmt: skip
ENUM_WORDS = [
    *EXPERIMENT_STATUSES, "experiment", "goal", "person", "conversation", "reflection",
    "public", "private", "validated", "interim-role", "monthly", "mentor", "win",
    "acting-team-lead", "grace-okafor", "lead-a-product-area", "management",
    "yes", "no", "on", "off", "~", "null", "01234", "1.10", "1:30", "2026-02-30",
    "2026-1-5", "2026-03-01T10:00:00",
]  # fmt: skip
SCALARS = st.one_of(
    TEXT,
    st.sampled_from(ENUM_WORDS),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(),
)
KEYS = st.one_of(st.sampled_from(FIELDS), TEXT)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=12,
)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)


def _entry(path: str, front: str, body: str = "Body.\n") -> dict[str, bytes]:
    return around(path, f"---\n{front}---\n{body}".encode())


# --- properties ---------------------------------------------------------------------


@given(
    base=st.sampled_from(ENTRY_FILES),
    changes=st.dictionaries(KEYS, VALUES, max_size=5),
    drop=st.sets(st.sampled_from(FIELDS), max_size=3),
)
def test_random_values_in_real_entries_never_crash(
    base: str, changes: dict[str, Any], drop: set[str]
) -> None:
    EXAMPLES["random values in real entries"] += 1
    text = SAMPLE_FILES[base].decode()
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    for key in drop:
        data.pop(key, None)
    data.update(changes)
    check(_entry(base, _dump(data), body))


@given(front=VALUES)
def test_random_front_matter_never_crashes(front: Any) -> None:
    EXAMPLES["random front matter"] += 1
    check(_entry("experiments/random.md", _dump(front)))


@given(front=TEXT, body=TEXT)
def test_random_text_never_crashes(front: str, body: str) -> None:
    EXAMPLES["random text"] += 1
    check({"experiments/random.md": f"---\n{front}\n---\n{body}".encode()})
    check({"experiments/random.md": front.encode() + body.encode()})


@given(raw=st.binary(max_size=200))
def test_random_bytes_never_crash(raw: bytes) -> None:
    EXAMPLES["random bytes"] += 1
    check({"experiments/random.md": b"---\n" + raw})
    check({"experiments/random.md": raw})


EDIT = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 40)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), TEXT),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.sampled_from(
        ["\n", "---\n", ":", " ", "\t", "- ", "&a ", "*a", "!!", "'", '"', "[", "{", "#"]
    )),
    st.tuples(st.just("swap"), st.integers(0, 10**6), st.integers(0, 10**6)),
)  # fmt: skip


def apply_edits(text: str, edits: list[tuple[str, int, Any]]) -> str:
    for kind, at, arg in edits:
        if kind == "delete":
            at %= len(text) + 1
            text = text[:at] + text[at + arg :]
        elif kind == "insert":
            at %= len(text) + 1
            text = text[:at] + arg + text[at:]
        else:
            lines = text.split("\n")
            i, j = at % len(lines), arg % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@given(base=st.sampled_from(ENTRY_FILES), edits=st.lists(EDIT, min_size=1, max_size=4))
def test_random_edits_of_valid_entries_never_crash(
    base: str, edits: list[tuple[str, int, Any]]
) -> None:
    EXAMPLES["random edits of sample entries"] += 1
    text = apply_edits(SAMPLE_FILES[base].decode(), edits)
    check(around(base, text.encode()))


# --- valid entries round-trip through the export ------------------------------------

SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)
DATES = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))


@st.composite
def experiments(draw: st.DrawFn) -> dict[str, Any]:
    status = draw(st.sampled_from(EXPERIMENT_STATUSES))
    need = set(required_for_status(status))
    start = draw(DATES)
    data: dict[str, Any] = {
        "type": "experiment",
        "title": draw(WORDS),
        "status": status,
        "hypothesis": {"belief": draw(WORDS)},
    }
    for name in ("test", "measure", "success"):
        if f"hypothesis.{name}" in need or draw(st.booleans()):
            data["hypothesis"][name] = draw(WORDS)
    if "method" in need or draw(st.booleans()):
        data["method"] = draw(st.sampled_from(["side-project", "learning", "other"]))
    if "start" in need or draw(st.booleans()):
        data["start"] = start
    if "end" in need or draw(st.booleans()):
        data["end"] = start + dt.timedelta(days=draw(st.integers(0, 400)))
    outcome: dict[str, Any] = {}
    if "outcome.date" in need:
        outcome["date"] = start + dt.timedelta(days=draw(st.integers(0, 400)))
    if "outcome.result" in need:
        outcome["result"] = draw(st.sampled_from(["validated", "invalidated", "inconclusive"]))
    for name in ("observed", "learned"):
        if f"outcome.{name}" in need:
            outcome[name] = draw(WORDS)
    if outcome:
        data["outcome"] = outcome
    if draw(st.booleans()):
        data["confidence"] = draw(st.integers(1, 5))
    if draw(st.booleans()):
        data["hours_per_week"] = draw(
            st.floats(0, 168, allow_nan=False) | st.integers(0, 168)
        )
    if draw(st.booleans()):
        data["tags"] = draw(st.lists(WORDS, max_size=3))
    if draw(st.booleans()):
        data["skills"] = draw(st.lists(st.sampled_from(["management", "design"]), max_size=2))
    if draw(st.booleans()):
        data["id"] = draw(SLUG)
    return data


@st.composite
def goals(draw: st.DrawFn) -> dict[str, Any]:
    kpis = []
    for _ in range(draw(st.integers(0, 2))):
        days = sorted(draw(st.sets(st.integers(0, 3000), max_size=4)))
        kpi: dict[str, Any] = {
            "name": draw(WORDS),
            "target": draw(st.floats(-1e6, 1e6, allow_nan=False)),
            "readings": [
                {
                    "date": dt.date(2020, 1, 1) + dt.timedelta(days=d),
                    "value": draw(st.floats(-1e6, 1e6, allow_nan=False)),
                }
                for d in days
            ],
        }
        if draw(st.booleans()):
            kpi["unit"] = draw(WORDS)
        kpis.append(kpi)
    return {
        "type": "goal",
        "title": draw(WORDS),
        "status": draw(st.sampled_from(["active", "achieved", "dropped"])),
        "specific": draw(WORDS),
        "measurable": draw(WORDS),
        "due": draw(DATES),
        "kpis": kpis,
    }


@st.composite
def people(draw: st.DrawFn) -> dict[str, Any]:
    board = draw(st.booleans())
    data: dict[str, Any] = {"type": "person", "title": draw(WORDS), "board": board}
    if board or draw(st.booleans()):
        data["cadence"] = draw(st.sampled_from(["monthly", "quarterly", "yearly"]))
    if draw(st.booleans()):
        data["since"] = draw(DATES)
    return data


def _same(a: Any, b: Any) -> bool:
    ignore = {"id", "visibility"}  # the export names the id itself and never a visibility
    return bool(a.model_dump(exclude=ignore) == b.model_dump(exclude=ignore))


@given(
    ascii_part=st.text(st.characters(max_codepoint=127), max_size=200),
    other=st.text(max_size=60),
)
def test_narrowed_html_reads_the_same(ascii_part: str, other: str) -> None:
    # escaped as the templates escape, then narrowed: the browser reads the same text
    fragment = str(escape(ascii_part + other + ascii_part))
    narrowed = narrow(fragment)
    assert html.unescape(narrowed) == html.unescape(fragment)
    if narrowed != fragment:
        assert narrowed.isascii()
    else:  # kept when already ASCII, mostly other characters, or holding characters
        # whose references read back otherwise (C1 controls, surrogates, noncharacters)
        longer = len(fragment.encode("ascii", "xmlcharrefreplace")) > 2 * len(fragment)
        odd = any(
            "\x80" <= c <= "\x9f"
            or "\ud800" <= c <= "\udfff"
            or "\ufdd0" <= c <= "\ufdef"
            or ord(c) & 0xFFFE == 0xFFFE
            for c in fragment
        )
        assert fragment.isascii() or longer or odd


@pytest.mark.parametrize("odd", ["\x85", "\x9f", "\ud800", "\ufdd0", "\ufffe", "\U0010ffff"])
def test_characters_whose_references_read_back_otherwise_are_kept(odd: str) -> None:
    fragment = "<p>" + "plain text " * 20 + "\u2192 " + odd + "</p>"
    assert narrow(fragment) is fragment


def test_mostly_non_latin_html_is_not_narrowed() -> None:
    page = "<p>" + "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8" * 20 + "</p>"
    assert narrow(page) is page
    mostly_ascii = "<p>" + "plain text " * 20 + "3 Feb \u2192 4 Mar \U0001f680</p>"
    assert narrow(mostly_ascii).endswith("3 Feb &#8594; 4 Mar &#128640;</p>")


def test_search_text_leaves_out_the_templates_symbols_only() -> None:
    header = narrow("<p>" + "x " * 40 + "3 Feb \u2192 4 Mar \u00b7 caf\u00e9 &amp;mdash;</p>")
    assert search_text(header) == (
        '<p class="cl-search-text">' + "x " * 40 + "3 Feb 4 Mar caf&#233; &amp;mdash;</p>"
    )


@given(data=st.one_of(experiments(), goals(), people()))
def test_valid_entries_round_trip_through_the_export(data: dict[str, Any]) -> None:
    EXAMPLES["export round-trip"] += 1
    path = f"{FOLDERS[data['type']]}/entry.md"
    data = {**data, "visibility": "public"}
    journal = check({path: f"---\n{_dump(data)}---\nBody.\n".encode()})
    assert journal.problems == [], [p.format() for p in journal.problems]
    [entry] = journal.entries
    assert entry.valid
    assert entry.model is not None
    site = Site(journal=journal.published(), urls={entry.id: "x/"}, view_urls={})
    [record] = export.records(site)
    assert (record.pop("id"), record.pop("type"), record.pop("url")) == (
        entry.id,
        entry.type,
        "x/",
    )
    again = core({path: f"---\n{_dump({'type': entry.type, **record})}---\n".encode()})
    assert again.problems == [], [p.format() for p in again.problems]
    [back] = again.entries
    assert back.model is not None
    assert _same(back.model, entry.model)


# --- real builds --------------------------------------------------------------------


@settings(max_examples=BUILD_EXAMPLES)
@given(base=st.sampled_from(ENTRY_FILES), edits=st.lists(EDIT, min_size=1, max_size=3))
def test_random_edits_never_crash_a_build(base: str, edits: list[tuple[str, int, Any]]) -> None:
    EXAMPLES["real builds of edited entries"] += 1
    with tempfile.TemporaryDirectory() as tmp:
        journal = JournalDir(Path(tmp))
        journal.options["visibility_defaults"] = {"experiment": "public", "goal": "public"}
        journal.extra_config["theme"] = {"name": "mkdocs"}  # the plugin, not the theme, is tested
        journal.write("index.md", "# Home\n")
        for rel in (base, "goals/lead-a-product-area.md", "people/grace-okafor.md"):
            text = SAMPLE_FILES[rel].decode()
            journal.write(rel, apply_edits(text, edits) if rel == base else text, dedent=False)
        result = journal.build()
        assert "Traceback" not in result.log
        expected = core(
            {rel: p.read_bytes() for rel, p in _md(journal.docs)}
        )
        if expected.fatal:
            assert not result.ok
            assert not (journal.site / url_of(base) / "index.html").exists()
        else:
            assert result.ok, result.log
        for problem in expected.problems:
            assert f"{problem.file}:{problem.line}: " in result.log


def _md(root: Path) -> list[tuple[str, Path]]:
    return [(p.relative_to(root).as_posix(), p) for p in sorted(root.rglob("*.md"))]


# --- nightly size ---------------------------------------------------------------------


@pytest.mark.nightly
@settings(max_examples=NIGHTLY)
@given(base=st.sampled_from(ENTRY_FILES), edits=st.lists(EDIT, min_size=1, max_size=8))
def test_nightly_random_edits(base: str, edits: list[tuple[str, int, Any]]) -> None:
    EXAMPLES["nightly random edits"] += 1
    check(around(base, apply_edits(SAMPLE_FILES[base].decode(), edits).encode()))


@pytest.mark.nightly
@settings(max_examples=NIGHTLY)
@given(front=VALUES)
def test_nightly_random_front_matter(front: Any) -> None:
    EXAMPLES["nightly random front matter"] += 1
    check(_entry("experiments/random.md", _dump(front)))
