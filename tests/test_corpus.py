"""Whatever is in a file, careerlog answers with a located message.

Every case of tests/corpus/cases.py goes through the core (load.parse_source
and journal.build_journal); a sample goes through real MkDocs builds.  The
cases that need a file system (links, folders, unreadable files) are below.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from careerlog.journal import Journal, SourceCache, build_journal, load_journal
from careerlog.load import MAX_FILE_BYTES, parse_source, read_source
from careerlog.options import Options
from careerlog.problems import Problem
from careerlog.render import Renderer, Site
from careerlog.validate import Entry
from conftest import JournalDir
from corpus.cases import BASE, BOMB, BOMB_KEYS, CASES, CLEAN, MARKER, PWNED, Case

OPTIONS = Options(
    visibility_defaults={"experiment": "public", "goal": "public", "person": "public"}
)
TODAY = dt.date(2026, 6, 15)
ROOT = Path(__file__).resolve().parent.parent


def _raw(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def files_of(case: Case) -> dict[str, bytes]:
    return {
        **{k: _raw(v) for k, v in BASE.items()},
        **{k: _raw(v) for k, v in case.others.items()},
        case.path: case.raw,
    }


def core(files: Mapping[str, bytes], options: Options = OPTIONS) -> Journal:
    sources = [(parse_source(raw, path), False) for path, raw in sorted(files.items())]
    return build_journal(sources, options, TODAY)


def line_count(raw: bytes) -> int:
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def clean_entry() -> Entry:
    journal = core(files_of(Case("clean", CLEAN, CASES[0].expected)))
    assert journal.problems == [], [p.format() for p in journal.problems]
    entry = journal.by_path["experiments/clean.md"]
    assert entry.valid
    return entry


def assert_located_and_private_safe(
    journal: Journal, files: Mapping[str, bytes], case: Case
) -> None:
    for problem in journal.problems:
        assert problem.file in files, problem
        assert 1 <= problem.line <= line_count(files[problem.file]), problem.format()
        assert problem.message, problem
        for secret in (MARKER, *case.secrets):
            assert secret not in problem.format(), problem.format()


def matching(journal: Journal, case: Case) -> list[Problem]:
    want = case.expected
    return [
        p
        for p in journal.problems
        if p.file == case.problem_file
        and p.line == want.line
        and (want.kind == "fatal" or p.field == want.field)
        and want.fragment in p.message
    ]


@pytest.fixture(autouse=True)
def _no_payload() -> Iterator[None]:
    Path(PWNED).unlink(missing_ok=True)
    yield
    assert not Path(PWNED).exists(), "a YAML tag executed code"


def test_the_corpus_is_large_and_its_names_unique() -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 60
    kinds = {c.expected.kind for c in CASES}
    assert kinds == {"accepted", "problem", "fatal", "ordinary"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_through_the_core(case: Case) -> None:
    files = files_of(case)
    journal = core(files)
    shown = "\n".join(p.format() + (" [fatal]" if p.fatal else "") for p in journal.problems)
    assert_located_and_private_safe(journal, files, case)
    want = case.expected
    entry = journal.by_path.get(case.path)
    if want.kind == "accepted":
        assert journal.problems == [], shown
        assert entry is not None
        assert entry.valid
        assert entry.model == clean_entry().model
    elif want.kind == "ordinary":
        assert entry is None
        assert [p for p in journal.problems if p.file == case.path] == [], shown
    elif want.kind == "problem":
        found = matching(journal, case)
        assert found, f"expected {want} in {case.problem_file}, got:\n{shown}"
        assert not any(p.fatal for p in found), shown
        assert journal.fatal == [], f"a plain build must still build:\n{shown}"
        holder = journal.by_path.get(case.problem_file)
        assert holder is not None
        assert not holder.valid, "an entry with a problem must be left out of the rollups"
        assert holder.id not in {e.id for e, _ in journal.experiments() if e is holder}
    else:
        found = [p for p in matching(journal, case) if p.fatal]
        assert found, f"expected {want} in {case.problem_file}, got:\n{shown}"
        assert journal.fatal
        assert case.path not in journal.published().by_path, "a fatal file must not publish"


def test_the_alias_bomb_is_never_expanded() -> None:
    source = parse_source(BOMB.encode(), "experiments/clean.md")
    assert source.data is not None
    assert source.data["a"] == ["lol"] * 9  # the anchored list itself is plain data
    for key in BOMB_KEYS[1:]:
        # every item of b..i is an alias: none of them holds the list it points to
        assert source.data[key] == [None] * 9, key
    leaves = json.dumps(source.data, default=str).count("lol")
    assert leaves == 9


BOMB_SCRIPT = """
import datetime as dt, resource, sys, json
resource.setrlimit(resource.RLIMIT_AS, (300 * 1024 * 1024, 300 * 1024 * 1024))
from careerlog.load import parse_source
from careerlog.journal import build_journal
from careerlog.options import Options
from careerlog.render import Renderer, Site
from careerlog import views
from careerlog.views import export
levels = int(sys.argv[1])
text = "---\\ntype: experiment\\ntitle: t\\nvisibility: public\\nstatus: idea\\n"
text += "hypothesis: {belief: b}\\n"
text += "l0: &l0 [" + ", ".join(['"' + "x" * 100 + '"'] * 10) + "]\\n"
for i in range(1, levels):
    text += f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\\n"
text += "---\\nbody\\n"
source = parse_source(text.encode(), "experiments/bomb.md")
journal = build_journal([(source, False)], Options(), dt.date(2026, 1, 1))
site = Site(journal=journal.published(), urls={"bomb": "experiments/bomb/"}, view_urls={})
for page in views.pages(site.journal):
    page.render(Renderer(), site, page.src_uri.removesuffix("index.md"))
export.build(site)
print(json.dumps({"problems": len(journal.problems), "fatal": len(journal.fatal)}))
"""


def test_an_alias_bomb_runs_in_bounded_memory() -> None:
    # 10**12 strings of 100 characters if anything expanded the aliases: no machine has that
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    result = subprocess.run(
        [sys.executable, "-c", BOMB_SCRIPT, "12"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert summary["problems"] > 0
    assert summary["fatal"] == 0


def test_the_memory_limit_of_the_bomb_test_really_bites() -> None:
    # the same limit stops a program that does expand: the test above can fail
    code = (
        "import resource\n"
        "resource.setrlimit(resource.RLIMIT_AS, (300 * 1024 * 1024, 300 * 1024 * 1024))\n"
        "data = ['x' * 100] * 10\n"
        "for _ in range(8):\n"
        "    data = [list(data) for _ in range(10)]\n"
        "    data = [x for sub in data for x in sub]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode != 0
    assert "MemoryError" in result.stderr


@pytest.mark.parametrize(
    "payload",
    [
        f'!!python/object/apply:os.system ["touch {PWNED}"]',
        f"!!python/object/apply:subprocess.call [[touch, {PWNED}]]",
        f"!!python/object/new:subprocess.Popen [[touch, {PWNED}]]",
        f"!!python/object/apply:builtins.exec [\"open('{PWNED}', 'w')\"]",
    ],
)
def test_unsafe_tags_execute_nothing(payload: str) -> None:
    for where in (f"title: {payload}", f"notes:\n  - {payload}", f"{{a: {payload}}}: x"):
        text = CLEAN.replace("status: concluded", f"status: concluded\n{where}")
        journal = core({**files_of(CASES[0]), "experiments/clean.md": text.encode()})
        assert journal.problems
        assert not Path(PWNED).exists(), where


# --- cases that need a file system ---------------------------------------------------


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    for rel, text in BASE.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, "utf-8")
    return docs


def test_a_file_too_big_is_named_with_the_limit(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    big = docs / "experiments" / "big.md"
    big.parent.mkdir(parents=True, exist_ok=True)
    big.write_bytes(CLEAN.encode() + b"x" * MAX_FILE_BYTES)
    journal = load_journal(docs, OPTIONS, TODAY)
    [problem] = journal.problems
    assert (problem.file, problem.line, problem.fatal) == ("experiments/big.md", 1, True)
    assert f"limit of {MAX_FILE_BYTES:,} bytes" in problem.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_fatal_and_named(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    path = docs / "experiments" / "locked.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CLEAN, "utf-8")
    path.chmod(0)
    try:
        journal = load_journal(docs, OPTIONS, TODAY)
    finally:
        path.chmod(0o644)
    [problem] = journal.fatal
    assert problem.file == "experiments/locked.md"
    assert "cannot be read" in problem.message


def test_a_folder_in_place_of_a_file_is_fatal_and_named(tmp_path: Path) -> None:
    folder = tmp_path / "entry.md"
    folder.mkdir()
    source = read_source(folder, "entry.md")
    [problem] = source.problems
    assert (problem.file, problem.line, problem.fatal) == ("entry.md", 1, True)
    assert "cannot be read" in problem.message
    assert SourceCache().read(folder, "entry.md").unreadable


def test_a_dangling_link_fails_the_build_and_publishes_nothing(journal: JournalDir) -> None:
    journal.write("index.md", "# Home\n")
    journal.write("experiments/clean.md", CLEAN)
    (journal.docs / "experiments" / "gone.md").symlink_to(journal.docs / "nowhere.md")
    result = journal.build()
    assert not result.ok
    assert "experiments/gone.md:1" in result.log
    assert "cannot be read" in result.log
    assert not result.exists("experiments/clean/")


def test_a_link_out_of_docs_dir_is_refused(journal: JournalDir) -> None:
    # MkDocs follows links: a link to a file outside docs_dir would publish that file
    outside = journal.root / "diary.md"
    outside.write_text(
        CLEAN.replace("title: Would managing people energise me?", f"title: {MARKER}"), "utf-8"
    )
    journal.write("index.md", "# Home\n")
    (journal.docs / "experiments").mkdir(parents=True)
    (journal.docs / "experiments" / "diary.md").symlink_to(outside)
    for strict in (False, True):
        result = journal.build(strict=strict)
        assert not result.ok
        assert "experiments/diary.md:1" in result.log
        assert "outside" in result.log
        assert not result.exists("experiments/diary/")
        assert MARKER not in result.log
        if result.site.exists():
            assert MARKER not in result.all_text()


def test_a_linked_folder_out_of_docs_dir_is_refused(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.md").write_text(CLEAN, "utf-8")
    (docs / "linked").symlink_to(elsewhere, target_is_directory=True)
    journal = load_journal(docs, OPTIONS, TODAY)
    assert [(p.file, p.line) for p in journal.fatal] == [("linked/secret.md", 1)]
    assert "outside" in journal.fatal[0].message


def test_a_link_inside_docs_dir_is_fine(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    (docs / "experiments").mkdir()
    (docs / "experiments" / "clean.md").write_text(CLEAN, "utf-8")
    (docs / "alias.md").symlink_to(docs / "goals" / "lead-area.md")
    journal = load_journal(docs, OPTIONS, TODAY)
    assert journal.fatal == []
    # the same goal twice under two names: an id clash, located, not a crash
    assert {p.file for p in journal.problems} == {"alias.md"} or journal.problems == []


# --- a sample through real MkDocs builds ----------------------------------------------

# a few in every run, the rest with --slow (and in CI): each is two real builds
_SLOW = pytest.mark.slow
BUILD_SAMPLE = [
    "unclosed",
    "visibility-capitalised",
    "method-no",
    "private-bad-enum",
    pytest.param("utf16-le-bom", marks=_SLOW),
    pytest.param("latin1-in-front-matter", marks=_SLOW),
    pytest.param("blank-line-before-opening", marks=_SLOW),
    pytest.param("list-front-matter", marks=_SLOW),
    pytest.param("bell-in-title", marks=_SLOW),
    pytest.param("visibility-twice", marks=_SLOW),
    pytest.param("impossible-date", marks=_SLOW),
    pytest.param("duplicate-in-hypothesis", marks=_SLOW),
    pytest.param("alias-bomb", marks=_SLOW),
    pytest.param("python-apply-tag", marks=_SLOW),
    pytest.param("id-names-another-file", marks=_SLOW),
    pytest.param("follows-cycle", marks=_SLOW),
    pytest.param("hours-sexagesimal", marks=_SLOW),
]


def _url(path: str) -> str:
    return path.removesuffix(".md") + "/"


def _write_case(journal: JournalDir, case: Case) -> None:
    journal.options["visibility_defaults"] = {
        "experiment": "public",
        "goal": "public",
        "person": "public",
    }
    journal.write("index.md", "# Home\n")
    for rel, value in files_of(case).items():
        journal.write_bytes(rel, _raw(value))


@pytest.mark.parametrize("name", BUILD_SAMPLE)
def test_case_through_mkdocs(journal: JournalDir, name: str) -> None:
    [case] = [c for c in CASES if c.name == name]
    _write_case(journal, case)
    want = case.expected
    where = f"{case.problem_file}:{want.line}: "
    strict = journal.build(strict=True)
    assert not strict.ok, strict.log
    assert where in strict.log, strict.log
    assert MARKER not in strict.log
    plain = journal.build(strict=False)
    assert where in plain.log, plain.log
    assert MARKER not in plain.log
    if want.kind == "fatal":
        assert not plain.ok, "a file of unknown privacy must stop every build"
        assert not plain.exists(_url(case.path))
        assert not plain.exists("careerlog.json")
    else:
        assert plain.ok, plain.log
        assert f"{where}{want.field}: " in plain.log
        holder = core(files_of(case)).by_path[case.problem_file]
        if holder.type == "experiment" and not holder.private:
            # left out of every status group, listed under "needs fixing" only
            groups, _, fixing = plain.page("experiments/").partition('id="needs-fixing"')
            assert f">{holder.title}<" not in groups
            assert f">{holder.title}<" in fixing
        if plain.site.exists():
            assert MARKER not in plain.all_text()


def test_a_fatal_file_leaves_an_earlier_site_without_its_page(journal: JournalDir) -> None:
    # a clean build first, then the file breaks: the next build fails and says so
    journal.options["visibility_defaults"] = {"experiment": "public"}
    journal.write("index.md", "# Home\n")
    journal.write(
        "experiments/clean.md", CLEAN.replace("goals: [lead-area]\npeople: [grace]\n", "")
    )
    assert journal.build().ok
    journal.write(
        "experiments/clean.md",
        textwrap.dedent(
            """\
            ---
            type: experiment
            visibility: Private
            title: x
            ---
            """
        ),
    )
    result = journal.build()
    assert not result.ok
    assert "experiments/clean.md:3: visibility:" in result.log


def test_problem_lines_point_into_the_file_in_every_view(tmp_path: Path) -> None:
    # every problem case also renders: views of a journal with problems never crash
    from careerlog import views

    renderer = Renderer()
    for case in CASES:
        journal = core(files_of(case)).published()
        urls = {e.id: _url(e.path) for e in journal.entries}
        site = Site(journal=journal, urls=urls, view_urls={})
        site.view_urls.update(
            {p.key: p.src_uri.removesuffix("index.md") for p in views.pages(journal)}
        )
        for page in views.pages(journal):
            html = page.render(renderer, site, site.view_urls[page.key])
            assert MARKER not in html, (case.name, page.key)
