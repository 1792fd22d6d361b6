"""Jinja rendering of views and entry headers: data in, HTML out, autoescaped.

Templates live in the package (careerlog/templates) and can be overridden
from a site's theme `custom_dir`, in a `careerlog/` folder of the same name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from careerlog import charts
from careerlog.journal import Journal
from careerlog.text import human_date, month_label, number
from careerlog.validate import Entry

_T = TypeVar("_T")


def relative_url(target: str, current: str) -> str:
    """A link from the page at site URL `current` to site URL `target` ('' is the home page)."""
    return _relative(target, _folders(current))


def _folders(current: str) -> list[str]:
    base = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    return [part for part in base.split("/") if part]


def _relative(target: str, here: list[str]) -> str:
    # Site URLs are already normal (no `.` or `..` segments, no leading `/`), so this
    # works on their segments directly.
    there = [part for part in target.split("/") if part]
    common = 0
    for mine, theirs in zip(here, there, strict=False):
        if mine != theirs:
            break
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel


class Kept:
    """Rendered pieces that `mkdocs serve` rebuilds may reuse.

    Each piece is kept with what it was made of: the objects (an entry's source and
    model, which serve keeps while their file is unchanged) and the values it was
    made from. A piece is reused only while the same objects and equal values make
    it. Everything is dropped when what every page shares changes (the date, the
    options, mkdocs.yml, careerlog's templates): see `begin`.
    """

    def __init__(self) -> None:
        self._items: dict[tuple[str, ...], tuple[tuple[object, ...], tuple[object, ...], Any]] = {}
        self._shared: object = None

    def begin(self, shared: object) -> None:
        """Start a build whose shared inputs are `shared` (compared by equality)."""
        if shared != self._shared:
            self._items.clear()
            self._shared = shared

    def get(
        self,
        key: tuple[str, ...],
        objects: tuple[object, ...],
        values: tuple[object, ...],
        make: Callable[[], _T],
    ) -> _T:
        hit = self._items.get(key)
        if (
            hit is not None
            and len(hit[0]) == len(objects)
            and all(a is b for a, b in zip(hit[0], objects, strict=True))
            and hit[1] == values
        ):
            return cast(_T, hit[2])
        made = make()
        self._items[key] = (objects, values, made)
        return made


@dataclass
class Site:
    """What templates may know about the site being built."""

    journal: Journal  # for a published build: the journal without private entries
    urls: dict[str, str]  # entry id -> site URL
    view_urls: dict[str, str]  # "dashboard", "skills/technical", ... -> site URL
    serving: bool = False
    private_ids: frozenset[str] = field(default_factory=frozenset)
    site_url: str = ""  # the config's site_url: absolute links in the feed ("" when unset)
    kept: Kept | None = None  # under `mkdocs serve`: pieces earlier rebuilds rendered


class Linker:
    """URL helpers bound to the page being rendered.

    A view makes thousands of links on one page, many to the same targets: each
    link is worked out once per page (a cache across pages would hit rarely and
    hold every page's links to the end of the build).
    """

    def __init__(self, site: Site, page_url: str) -> None:
        self.site = site
        self.page_url = page_url
        self._here = _folders(page_url)
        self._made: dict[str, str] = {}  # site URL -> link from this page

    def entry(self, entry_id: str) -> str | None:
        url = self.site.urls.get(entry_id)
        return None if url is None else self.url(url)

    def view(self, name: str) -> str | None:
        url = self.site.view_urls.get(name)
        return None if url is None else self.url(url)

    def url(self, site_url: str) -> str:
        link = self._made.get(site_url)
        if link is None:
            link = self._made[site_url] = _relative(site_url, self._here)
        return link


_RESULTS = {
    "validated": "✓ validated",
    "invalidated": "✗ invalidated",
    "inconclusive": "? inconclusive",
}
# plain str templates: each value goes through markupsafe's escape (C) before it is put in
_TIME = '<time datetime="%s">%s</time>'
_STATUS = (
    '<span class="cl-status cl-status--%s"><span class="cl-status__dot" aria-hidden="true">'
    "</span>%s</span>"
)
_RESULT = '<span class="cl-result cl-result--%s">%s</span>'
_ANCHOR = '<a href="%s">%s</a>'
_CHIP_LINK = '<a class="cl-chip" href="%s">%s</a>'
_CHIP = '<span class="cl-chip">%s</span>'
_PRIVATE_REF = Markup('<span class="cl-private-ref">a private entry</span>')
_DASH = Markup("—")


def _html(template: str, *values: str) -> Markup:
    """template % values, every value escaped first (markupsafe's C escape)."""
    return Markup(template % tuple(map(escape, values)))  # noqa: S704 - values escaped here


class Snippets:
    """The small inline pieces of every template: dates, badges, links, skill chips.

    They are built here, with markupsafe (every value escaped), rather than as Jinja
    macros: a 1000-entry build makes some 50,000 of them, and a macro call costs more
    than the rest of a table row. Page structure stays in the templates.
    """

    def __init__(self, site: Site, links: Linker) -> None:
        self._site = site
        self._links = links

    def date(self, value: dt.date | None) -> Markup:
        if not value:
            return _DASH
        return _html(_TIME, value.isoformat(), human_date(value))

    def status(self, value: str) -> Markup:
        return _html(_STATUS, value, value)

    def result(self, value: str) -> Markup:
        return _html(_RESULT, value, _RESULTS[value])

    def entry_link(self, entry: Entry) -> Markup:
        url = self._links.entry(entry.id)
        if not url:
            return escape(entry.title)
        return _html(_ANCHOR, url, entry.title)

    def ref(self, entry_id: str) -> Markup:
        """A referenced entry: a link, or "a private entry" when it is not published."""
        target = self._site.journal.get(entry_id)
        if target is None:
            return _PRIVATE_REF
        return self.entry_link(target)

    def row(self, macro: Callable[..., Markup], entry: Entry, *args: Any) -> Markup:
        """macro(*args): a template's piece that shows one entry (its row or card) and
        nothing of other entries; under `mkdocs serve` kept for later rebuilds of the
        same page while the entry is unchanged (see Kept)."""
        kept = self._site.kept
        if kept is None:
            return macro(*args)
        name = getattr(macro, "name", None) or repr(macro)
        return kept.get(
            ("row", name, self._links.page_url, entry.path),
            (entry.source, entry.model),
            (entry.id, entry.private),
            lambda: Markup(macro(*args)),  # noqa: S704 - a template's autoescaped output
        )

    def skill(self, skill_id: str) -> Markup:
        skills = self._site.journal.options.skills
        name = skills[skill_id].name if skill_id in skills else skill_id
        url = self._links.view("skills/" + skill_id)
        return _html(_CHIP_LINK, url, name) if url else _html(_CHIP, name)


class _CompiledTemplates(FileSystemBytecodeCache):
    """careerlog's templates compiled, kept between runs in a folder of the user's own
    in the system's temp folder (Jinja makes it private to the user, and checks each
    compiled template against its template's source before it is used). Compiling
    them takes a fifth of a second of every build. A folder that cannot be read or
    written only costs that compile."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:  # (a file cut short or stale Jinja resets itself)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def compiled_templates(directory: str | None = None) -> BytecodeCache | None:
    """The cache of compiled templates (None where no private folder can be had)."""
    try:
        return _CompiledTemplates(directory, pattern="__careerlog_%s.cache")
    except (OSError, RuntimeError):
        return None


class TemplateRenderError(Exception):
    """A template that could not be rendered (an override's mistake, or careerlog's),
    told by its file and line instead of Jinja's traceback."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"careerlog: {where} could not be rendered: {why}")
        self.where, self.why = where, why

    def redacted(self, *, where_too: bool) -> str:
        """The message for a build's log when the reason (and, where_too, the template's
        name) quotes a private entry: what quotes it is left out."""
        if where_too:
            return (
                "careerlog: a template could not be rendered (its name and the reason quote a "
                "private entry, so neither is shown in the log; `mkdocs serve` shows them)"
            )
        return (
            f"careerlog: {self.where} could not be rendered (the reason quotes a private "
            "entry, so it is not shown in the log; `mkdocs serve` shows it)"
        )


class Renderer:
    def __init__(
        self,
        override_dirs: Sequence[Path] = (),
        *,
        auto_reload: bool = True,
        bytecode_cache: BytecodeCache | None = None,
        shown_from: Path | None = None,
    ) -> None:
        """auto_reload: check template files for changes on every use (for `mkdocs serve`).
        bytecode_cache: where compiled templates are kept between runs (see
        `compiled_templates`). shown_from: the folder that messages name an override's
        files from (the site's)."""
        self.override_dirs = tuple(override_dirs)
        self._shown_from = shown_from
        self._seen: tuple[tuple[str, int, int], ...] | None = None  # see refresh
        self.env = Environment(
            loader=self._loader(),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            auto_reload=auto_reload,
            bytecode_cache=bytecode_cache,
        )
        self.env.filters["days"] = _days
        self.env.filters["pct"] = _pct
        self.env.filters["num"] = number
        self.env.filters["human_date"] = human_date
        self.env.filters["month"] = month_name
        self.env.globals["humanize"] = _humanize
        self.env.globals["kpi_chart"] = charts.kpi_chart
        self.env.globals["coverage_chart"] = charts.coverage_chart

    def refresh(self) -> tuple[tuple[str, int, int], ...]:
        """The fingerprint of the template files; when it changed since the last call,
        every template is read again. (Jinja's own check on each use sees a template
        edited, not one added to an override folder in place of careerlog's.)"""
        now = self.fingerprint()
        if now != self._seen:
            if self._seen is not None:  # (a new loader: templates are looked up anew)
                self.env.loader = self._loader()
            self._seen = now
        return now

    def _loader(self) -> ChoiceLoader:
        """The override folders that exist, then careerlog's own templates."""
        loaders: list[Any] = [FileSystemLoader(str(d)) for d in self.override_dirs if d.is_dir()]
        loaders.append(PackageLoader("careerlog", "templates"))
        return ChoiceLoader(loaders)

    def folders(self) -> list[Path]:
        """Where templates come from: the override folders, then careerlog's own."""
        return [*self.override_dirs, Path(str(resources.files("careerlog") / "templates"))]

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Every template file this renderer may read, with its modification time and size."""
        found = []
        for folder in self.folders():
            for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
                if path.is_file():
                    stat = path.stat()
                    found.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(found)

    def render(self, template: str, site: Site, page_url: str, **context: Any) -> str:
        links = Linker(site, page_url)
        try:
            rendered = self.env.get_template(template).render(
                site=site,
                journal=site.journal,
                today=site.journal.today,
                links=links,
                h=Snippets(site, links),
                skills=site.journal.options.skills,
                stages=site.journal.options.stages,
                **context,
            )
        except Exception as exc:
            raise self._failure(exc, template) from exc
        return narrow(rendered)

    def _failure(self, exc: Exception, template: str) -> TemplateRenderError:
        """Where a template failed (the innermost template line of the traceback, which
        Jinja rewrites to name template files) and why."""
        folders = [os.path.realpath(folder) for folder in self.folders()]
        found, line = None, None  # (index of its folder in folders, its name there), line
        if isinstance(exc, TemplateSyntaxError) and exc.filename:
            found = _within(exc.filename, folders) or (None, os.path.basename(exc.filename))
            line = exc.lineno
        else:
            tb = exc.__traceback__
            while tb is not None:
                here = _within(tb.tb_frame.f_code.co_filename, folders)
                if here is not None:
                    found, line = here, tb.tb_lineno
                tb = tb.tb_next
        if isinstance(exc, TemplateNotFound):
            names = getattr(exc, "templates", None) or [exc.name]
            why = f"there is no template {' or '.join(map(str, names))}"
        elif isinstance(exc, TemplateError) and str(exc).strip():
            why = str(exc)
        else:  # (a filter or method that raised: its type says as much as its text)
            why = f"{type(exc).__name__}: {exc}"
        if found is None:
            where = f"the template {template}"
        else:
            where = f"{self._shown(*found)}, line {line},"
        return TemplateRenderError(where, " ".join(why.split()))

    def _shown(self, index: int | None, name: str) -> str:
        """A template file as messages name it, by its folder's place in `folders()`: never
        by an absolute path (logs are often public), but from the site's folder, or as
        careerlog's own."""
        if index is None:
            return f"the template {name}"
        if index == len(self.override_dirs):
            return f"careerlog's own template {name}"
        folder = self.override_dirs[index]
        site = self._shown_from
        inside = None if site is None else _within(str(folder), [os.path.realpath(site)])
        if inside is not None:
            return f"the template {inside[1]}/{name}"
        return f"the template {folder.name}/{name} of the theme's custom_dir"


def _within(path: str, folders: Sequence[str]) -> tuple[int, str] | None:
    """The index of the first of the (real) folders the path is in, and the path from
    there with forward slashes."""
    real = os.path.realpath(path)
    for index, folder in enumerate(folders):
        if real.startswith(folder.rstrip(os.sep) + os.sep):
            return index, Path(os.path.relpath(real, folder)).as_posix()
    return None


_REFERENCE = re.compile(rb"&#(\d+);")


def _reads_back(code: int) -> bool:
    """Whether a reference to this character reads back as the character: HTML reads
    `&#128;`-`&#159;` as Windows-1252 characters and a surrogate's reference as U+FFFD,
    and Python's html.unescape (Material's search, careerlog's audit) drops noncharacters."""
    return not (
        0x80 <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
    )


def narrow(markup: str) -> str:
    """HTML with its few non-ASCII characters written as character references.

    Python stores a string at the width of its widest character: one arrow or
    dash makes a whole view two bytes a character, one emoji four. MkDocs holds
    every page's HTML until the build ends, so a mostly-ASCII fragment is kept
    ASCII (the browser shows the same text). A fragment that is mostly non-Latin
    text stays as it is: its references would take more room than its characters.
    """
    if markup.isascii():
        return markup
    narrowed = markup.encode("ascii", "xmlcharrefreplace")
    if len(narrowed) > 2 * len(markup) or not all(
        _reads_back(int(code)) for code in _REFERENCE.findall(narrowed)
    ):  # (text holding characters that do not, keeps them as they are)
        return markup
    return narrowed.decode("ascii")


def _days(delta: dt.timedelta | int) -> str:
    days = delta.days if isinstance(delta, dt.timedelta) else delta
    if abs(days) < 14:
        return f"{days} day" + ("" if abs(days) == 1 else "s")
    if abs(days) < 60:
        return f"{round(days / 7)} weeks"
    return f"{round(days / 30.44)} months"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)} %"




_H2 = re.compile(r'<h2 id="(?P<id>[^"]+)"[^>]*>(?P<body>.*?)</h2>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# the templates' arrows, dots, ticks and boxes (as characters or references): nothing
# to search for, and in the index they would widen whole strings again (dashes and
# ellipses stay: authors write them too)
_SYMBOLS = "\u2192\u2190\u00b7\u2713\u2717\u2610\u2611"
_SYMBOL = re.compile(
    "[" + _SYMBOLS + "]|" + "|".join(f"&#{ord(c)};" for c in _SYMBOLS)
)
_LINK = re.compile(r"<a\b[^>]*>.*?</a>", re.DOTALL)  # "all goals →" beside a heading


def search_text(fragment: str) -> str:
    """A rendered fragment's text as one paragraph (still escaped).

    Material's search plugin parses every page's HTML tag by tag; an entry
    header's cards, lists and chips cost more to parse than the entry's own
    text. The index gets this paragraph in the header's place (same words,
    one section), and the page gets the header.
    """
    text = _SYMBOL.sub(" ", _TAG.sub(" ", fragment))
    return '<p class="cl-search-text">' + " ".join(text.split()) + "</p>"


_SEARCH_TEXT = re.compile(r'<p class="cl-search-text">[^<]*</p>')


def put_back_header(content: str, header: str) -> str:
    """An entry page's content with its header in the place of the search paragraph
    (found by its class: a later plugin may have added text before it or re-written
    its characters), or before the content if the paragraph is gone."""
    found = _SEARCH_TEXT.search(content)
    if found is None:
        return header + content
    return content[: found.start()] + header + content[found.end() :]


def section_headings(rendered: str) -> list[tuple[str, str]]:
    """(anchor, plain text) of each <h2 id=...> in a rendered view, in order."""
    return [
        (m["id"], " ".join(html.unescape(_TAG.sub(" ", _LINK.sub("", m["body"]))).split()))
        for m in _H2.finditer(rendered)
    ]


def month_name(month: str) -> str:
    """'2026-03' -> 'March 2026'."""
    return month_label(dt.date.fromisoformat(month + "-01"))


def _humanize(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def entry_context(site: Site, entry: Entry) -> dict[str, Any]:
    """What the entry header template shows for one entry."""
    journal = site.journal
    board = {row.person.id: row for row in journal.board()} if entry.type == "person" else {}
    return {
        "entry": entry,
        "model": entry.model,
        "followed_by": journal.followed_by(entry.id),
        "private_ids": site.private_ids,
        "conversations": journal.conversations_with(entry.id) if entry.type == "person" else [],
        "board_row": board.get(entry.id),
        "goal_experiments": journal.experiments_for_goal(entry.id) if entry.type == "goal" else [],
        "kpis": [journal.kpi_progress(k) for k in getattr(entry.model, "kpis", [])],
    }
