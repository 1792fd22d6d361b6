"""The MkDocs plugin: MkDocs events only, translated into calls to the core."""

from __future__ import annotations

import copy
import datetime as dt
import html
import logging
import os
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from careerlog import ahead, fences, memory, navmemo, privacy, views
from careerlog.journal import Journal, SourceCache, build_journal, markdown_files, private_path
from careerlog.load import HANDLER, Marks, Source
from careerlog.model import reference_fields
from careerlog.options import DEFAULT_STAGES, OptionError, Options, build_options, resolve_today
from careerlog.render import (
    Kept,
    Renderer,
    Site,
    TemplateRenderError,
    compiled_templates,
    entry_context,
    put_back_header,
    search_text,
    section_headings,
)
from careerlog.validate import Entry

log = get_plugin_logger(__name__)

CSS_URI = "assets/careerlog/careerlog.css"
PRIVATE_URI = "private/"  # where private_dir entries appear under `mkdocs serve`
_NO_MARKS = Marks()  # a build's sources, once every message is made (never written to)


# mkdocs' Config and BasePlugin define an untyped __init_subclass__
class CareerlogConfig(base.Config):  # type: ignore[no-untyped-call]
    skills = c.Type(dict, default={})
    """Extend or override the skill taxonomy: id -> {name, stage}; `id: null` removes one."""
    stages = c.Type(list, default=list(DEFAULT_STAGES))
    """The career stages entries aim at, in order."""
    visibility_defaults = c.Type(dict, default={})
    """Default visibility per entry type (the plugin's own default is private)."""
    private_dir = c.Optional(c.Type(str))
    """A folder of entries outside docs_dir: shown on `mkdocs serve`, never built."""
    today = c.Optional(c.Type((str, dt.date)))
    """The date attention items are computed against (else SOURCE_DATE_EPOCH, else today)."""


@dataclass
class _Build:
    """Everything one build knows; created fresh in on_config on every (re)build."""

    options: Options
    today: dt.date
    renderer: Renderer
    journal: Journal | None = None
    site: Site | None = None
    sources: dict[str, Source] = field(default_factory=dict)  # by src_uri
    entries: dict[str, Entry] = field(default_factory=dict)  # by src_uri
    views: dict[str, views.ViewPage] = field(default_factory=dict)  # by src_uri
    fences: dict[str, list[fences.Listing]] = field(default_factory=dict)  # by src_uri
    # by src_uri: each entry's header from on_page_content to on_page_context (every page is
    # converted before the first is rendered, so a large journal holds them all at once;
    # compressed at zlib's fastest level, they take about a fifth of the memory)
    headers: dict[str, bytes] = field(default_factory=dict)
    searched: dict[str, str] = field(default_factory=dict)  # page content before its header
    set_aside: dict[str, str] = field(default_factory=dict)  # a view's HTML while search runs
    private_urls: set[str] = field(default_factory=set)
    private_keys: set[str] = field(default_factory=set)  # private pages' paths and URLs
    private_dir_journal: Journal | None = None  # read in a build only for the audit
    markers: list[privacy.Marker] = field(default_factory=list)  # what the audit looks for
    stale: list[Path] = field(default_factory=list)  # output of private pages and attachments
    written: set[Path] = field(default_factory=set)  # what this build writes into site_dir
    started: float = field(default_factory=time.time)
    view_inputs: _ViewInputs | None = None  # what this build's views were made from
    ahead: ahead.Ahead | None = None  # headers and views rendered in forked copies


class CareerlogPlugin(BasePlugin[CareerlogConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._serving = False
        self._dirty = False
        self._cache = SourceCache()
        self._build: _Build | None = None
        self._nav_owner: object = None  # the config object whose `nav:` we copied
        self._user_nav: list[Any] | None = None
        self._last: Journal | None = None  # the previous build's journal (for --dirty)
        self._built_views: _ViewInputs | None = None  # the last completed build's views
        self._compiled = compiled_templates()  # careerlog's templates' and the theme's
        self._theme_bytecode = _MemoryBytecodeCache(self._compiled)
        self._kept = Kept()  # rows and cards serve rebuilds may reuse

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, so the
        # parse cache survives; per-build state is still made anew in on_config.
        self._serving = command == "serve"
        self._dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_dir = Path(config.config_file_path or ".").resolve().parent
        try:
            options = build_options(dict(self.config), config_dir, docs_dir=Path(config.docs_dir))
            today = resolve_today(options)
        except OptionError as exc:
            raise PluginError(f"careerlog: bad option {exc}") from None
        if self._nav_owner is not config:
            # `mkdocs serve` rebuilds with the same config object, whose nav this plugin
            # rewrites on every build: keep the user's own nav to start each build from.
            self._nav_owner = config
            self._user_nav = copy.deepcopy(config.nav)
        overrides = [Path(config.theme.custom_dir) / "careerlog"] if config.theme.custom_dir else []
        # kept across `mkdocs serve` rebuilds, which check the template files for changes;
        # a build never needs to, but one plugin instance may run several builds in one
        # process (MkDocs keeps it when it has on_startup), so each build makes its own
        # (compiled templates come from the cache, checked against their sources)
        renderer = self._build.renderer if self._build is not None and self._serving else None
        if renderer is None or renderer.override_dirs != tuple(overrides):
            renderer = Renderer(
                overrides,
                auto_reload=self._serving,
                bytecode_cache=self._compiled,
                shown_from=config_dir,
            )
        self._build = _Build(options=options, today=today, renderer=renderer)
        private_dir = options.private_dir
        # watched only if it exists: the file watcher of `mkdocs serve` dies on a missing path
        watch = self._serving and private_dir is not None and private_dir.is_dir()
        if watch and str(private_dir) not in config.watch:
            config.watch.append(str(private_dir))
        # Entries are left out of the navigation on purpose (see _nav): don't list them all.
        config.validation.nav.omitted_files = logging.DEBUG
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        return config

    @property
    def state(self) -> _Build:
        if self._build is None:  # pragma: no cover - MkDocs always runs on_config first
            raise PluginError("careerlog: on_config did not run")
        return self._build

    @event_priority(-50)  # late: let other plugins add their files first, then check our URLs
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        st = self.state
        config.nav = copy.deepcopy(self._user_nav)
        self._cache.begin()
        by_path: dict[str, File] = {}
        sources: list[tuple[Source, bool]] = []
        for file in files.documentation_pages():
            if file.generated_by or file.abs_src_path is None:
                continue
            source = self._cache.read(Path(file.abs_src_path), file.src_uri)
            sources.append((source, False))
            by_path[source.path] = file
            st.sources[file.src_uri] = source
        private_dir = st.options.private_dir
        if self._serving and private_dir is not None and private_dir.is_dir():
            taken = _taken(files)
            for rel in markdown_files(private_dir):
                file = File.generated(
                    config, PRIVATE_URI + rel, abs_src_path=str(private_dir / rel)
                )
                _claim(taken, file, f"the private_dir entry {rel}")
                files.append(file)
                source = self._cache.read(private_dir / rel, private_path(rel))
                sources.append((source, True))
                by_path[source.path] = file
                st.sources[file.src_uri] = source

        linked_out = _linked_out_assets(files, Path(config.docs_dir))
        for file in linked_out:
            log.warning(
                f"{file.src_uri}:1: is a symbolic link leading outside docs_dir; MkDocs would "
                "publish whatever it points to — copy the file into docs_dir instead"
            )
            if self._serving:
                files.remove(file)

        # under serve, files that did not change keep their validation from the last build
        cache = self._cache if self._serving else None
        journal = build_journal(sources, st.options, st.today, cache)
        for problem in journal.problems:
            log.warning(problem.format())
        if not self._serving:
            self._cache.clear()  # (so that a later build of this instance reads them anew)
        if (journal.fatal or linked_out) and not self._serving:
            names = sorted({p.file for p in journal.fatal} | {f.src_uri for f in linked_out})
            raise PluginError(
                "careerlog: cannot tell whether these files may be published, so nothing is "
                f"built: {', '.join(names)} (see the warnings above)"
            )

        published = journal if self._serving else journal.published()
        if not self._serving:
            self._unpublish(journal, files, by_path, config)
        for entry in published.entries:
            if entry.path in by_path:
                st.entries[by_path[entry.path].src_uri] = entry
        st.journal = journal
        changed = self._refresh_dependents(journal, by_path, st) if self._dirty else None
        self._last = journal
        urls = {e.id: by_path[e.path].url for e in published.entries if e.path in by_path}

        view_pages = views.pages(published)
        # what every page shares: pieces made under other values are of no use
        shared = (
            (st.today, st.options, _mtime(config.config_file_path), st.renderer.refresh())
            if self._serving
            else None
        )
        if shared is not None:
            self._kept.begin(shared)
        fresh = self._fresh_views(view_pages, journal, changed, shared)
        view_urls: dict[str, str] = {}
        taken = _taken(files)
        for page in view_pages:
            file = _ViewFile.made(config, page, fresh=page.key in fresh)
            _claim(taken, file, f"careerlog's {page.key} view")
            files.append(file)
            st.views[file.src_uri] = page
            view_urls[page.key] = file.url
        st.site = Site(
            journal=published,
            urls=urls,
            view_urls=view_urls,
            serving=self._serving,
            private_ids=frozenset(e.id for e in journal.entries if e.private),
            site_url=config.site_url or "",
            kept=self._kept if self._serving else None,
        )
        for data in views.data_files():
            file = _DataFile.made(config, data.path, partial(data.build, st.site))
            _claim(taken, file, f"careerlog's {data.key} file")
            files.append(file)
        css = resources.files("careerlog").joinpath("assets/careerlog.css").read_text("utf-8")
        files.append(File.generated(config, CSS_URI, content=css))
        config.nav = _nav(config.nav, files, view_pages, st)
        if not self._serving:
            # every message is made and what the audit looks for is known: a build lets the
            # front matter as read and its lines go (pages show the validated models; serve
            # keeps them for its next build)
            extra = [st.private_dir_journal] if st.private_dir_journal is not None else []
            st.markers = privacy.markers(journal, st.private_urls, extra)
            for source in (*st.sources.values(), *(e.source for j in extra for e in j.entries)):
                source.data, source.marks = None, _NO_MARKS
            # nor does it need the private entries any more (their files left the build),
            # nor the whole journal beside the published one (a dirty build compares the
            # next build's journal with it)
            for entry in journal.entries:
                if entry.private:
                    entry.source.body = ""
                    st.sources.pop(entry.path, None)  # (docs_dir: its path is its src_uri)
            st.private_dir_journal = None
            st.journal = published
            if not self._dirty:
                self._last = None
        return files

    @event_priority(-100)  # last: the pages and their URLs are settled
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        st = self.state
        # a plain build converts every page's Markdown before it needs the first header:
        # a second core renders the headers and views meanwhile (see careerlog.ahead)
        if self._serving or self._dirty or st.site is None or not ahead.possible():
            return nav
        site, renderer = st.site, st.renderer
        headers: list[ahead.Job] = []  # in the order MkDocs will ask for them
        # the views, in a turn per section: each reads the whole journal, and a copy holds
        # its own pages of all it reads, so one copy doing every view held twice as much
        sections: dict[str, list[ahead.Job]] = {}
        for file in files.documentation_pages():
            page, uri = file.page, file.src_uri
            if page is None:
                continue
            if uri in st.entries:
                entry = st.entries[uri]
                headers.append((uri, partial(_packed_header, renderer, site, page.url, entry)))
            elif uri in st.views:
                view = st.views[uri]
                job = (uri, partial(_packed_view, view, renderer, site, page.url))
                sections.setdefault(view.key.partition("/")[0], []).append(job)
        if headers or sections:
            site.journal.prepare()  # (shared by every copy, not made again in each)
            # the headers the first pages ask for, then the views while the build is
            # still small (it grows once pages are rendered), then the other headers
            in_turns = ahead.turns(headers)
            st.ahead = ahead.Ahead([*in_turns[:1], *sections.values(), *in_turns[1:]])
        return nav

    def _refresh_dependents(
        self, journal: Journal, by_path: dict[str, File], st: _Build
    ) -> set[str]:
        """Make `--dirty` rebuild every page that shows an entry edited since its page was built.

        MkDocs rebuilds only the files that changed (and generated pages, such as the
        views); a goal's page lists its experiments, a person's page their conversations,
        an experiment what follows it, so those pages show an edited entry too. Their
        output is removed, which makes MkDocs build them again. Pages with a careerlog
        listing can show any entry and are always rebuilt. Under `mkdocs serve --dirty`
        the previous build's journal also tells what an edit took away (a reference
        removed, an entry deleted). Returns the ids of the entries edited, added or
        removed (for the views).
        """
        before = self._last.by_path if self._last is not None else {}
        # an entry read anew since the last build changed even when its file's time is no
        # newer than its page's (a copy that kept the old time): its own page is made too
        reread = {
            e.path
            for e in journal.entries
            if e.path in before and before[e.path].source is not e.source
        }
        changed = [
            e
            for e in journal.entries
            if e.path in by_path and (e.path in reread or by_path[e.path].is_modified())
        ]
        gone = [e for p, e in before.items() if p not in journal.by_path]
        versions = [*changed, *gone, *(before[e.path] for e in changed if e.path in before)]
        ids = {e.id for e in versions}
        # what the changed entries name, before and after the edit, shows them, and so does
        # every entry that names one of them
        named = {ref for e in versions for ref in _references(e)}
        stale = {e.path for e in journal.entries if e.id in named or _references(e) & ids}
        stale |= reread
        for path, file in by_path.items():
            source = st.sources.get(file.src_uri)
            if path in stale or (source is not None and fences.has_listing(source.body)):
                Path(file.abs_dest_path).unlink(missing_ok=True)
        return ids

    def _fresh_views(
        self,
        pages: list[views.ViewPage],
        journal: Journal,
        changed: set[str] | None,
        shared: tuple[object, ...] | None,
    ) -> set[str]:
        """The views `mkdocs serve --dirty` may leave as the last build wrote them.

        Only a page that lists a known set of entries (a skill's, a month's) qualifies:
        the same entries as last time, and the same day, options, mkdocs.yml and
        careerlog templates. A row of such a page shows its entry and the titles of
        what the entry names, so the page is made again when one of its entries
        changed (`changed`: the ids of the entries edited, added or removed since the
        last build) or names one that did. `shared`: what every page is made of.
        """
        if shared is None or changed is None:
            return set()  # (what it takes to tell is only worth it under serve --dirty)
        inputs = self.state.view_inputs = _ViewInputs(
            {p.key: (p.title, p.shows, p.inputs) for p in pages if p.shows is not None}, shared
        )
        last = self._built_views
        if last is None or last.common != inputs.common:
            return set()
        affected = changed | {e.id for e in journal.entries if _references(e) & changed}
        return {
            key
            for key, made_of in inputs.pages.items()
            if last.pages.get(key) == made_of and not made_of[1] & affected
        }

    def _unpublish(
        self, journal: Journal, files: Files, by_path: dict[str, File], config: MkDocsConfig
    ) -> None:
        """Take every private entry, and every attachment only they use, out of this build."""
        st = self.state
        site_dir = Path(config.site_dir)
        private_pages: list[tuple[str, str, str]] = []  # (markdown, src_uri, url)
        for entry in journal.entries:
            if entry.private and entry.path in by_path:
                file = by_path.pop(entry.path)
                files.remove(file)
                st.private_urls.add(file.url)
                st.private_keys |= privacy.target_keys(file.src_uri, file.url)
                st.stale.extend(_dest_paths(file, site_dir))
                private_pages.append((entry.source.body, file.src_uri, file.url))
        # an ordinary page (no `type`) that says `visibility: private` means it too
        for path, file in list(by_path.items()):
            data = st.sources[file.src_uri].data
            if path not in journal.by_path and data and data.get("visibility") == "private":
                del by_path[path]
                files.remove(file)
                st.private_urls.add(file.url)
                st.private_keys |= privacy.target_keys(file.src_uri, file.url)
                st.stale.extend(_dest_paths(file, site_dir))
        # private_dir is never built, but the audit must know its entries, and their
        # attachments in docs_dir are theirs only as much as docs_dir entries' are
        private_dir = st.options.private_dir
        if private_dir is not None and private_dir.is_dir():
            rels = markdown_files(private_dir)
            sources = [
                (self._cache.read(private_dir / rel, private_path(rel)), True) for rel in rels
            ]
            st.private_dir_journal = build_journal(sources, st.options, st.today)
            for rel, (dir_source, _) in zip(rels, sources, strict=True):
                uri = PRIVATE_URI + rel
                private_pages.append((dir_source.body, uri, uri[:-3] + "/"))
        config.nav = privacy.drop_from_nav(config.nav, st.private_keys)

        private_refs: set[str] = set()
        for markdown, uri, url in private_pages:
            private_refs |= privacy.attachment_refs(markdown, uri, url)
        if private_refs:
            public_refs = _config_refs(config)
            for file in files.documentation_pages():
                page_source = st.sources.get(file.src_uri)
                if page_source is not None:
                    body = privacy.private_blocks(page_source.body, serving=False)
                    public_refs |= privacy.attachment_refs(body, file.src_uri, file.url)
            for file in list(files):
                if (
                    file.src_uri in private_refs
                    and file.src_uri not in public_refs
                    and not file.is_documentation_page()
                    and not file.generated_by
                ):
                    files.remove(file)
                    st.stale.append(Path(file.abs_dest_path))
        # `--dirty` only rebuilds changed pages: a public page that showed an entry which
        # has since become private (a reference, "followed by", a listing) is made stale
        private_ids = {e.id for e in journal.entries if e.private}
        if st.private_dir_journal is not None:
            private_ids |= {e.id for e in st.private_dir_journal.entries}
        referenced = {ref for e in journal.entries if e.private for ref in _references(e)}
        for file in files.documentation_pages() if self._dirty else []:
            shown = st.sources.get(file.src_uri)
            if shown is None:
                continue
            shown_entry = journal.by_path.get(shown.path)
            if (shown_entry is not None and shown_entry.id in referenced) or privacy.mentions_any(
                shown.body, shown.data, private_ids
            ):
                Path(file.abs_dest_path).unlink(missing_ok=True)
        _remove(st.stale, site_dir)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # careerlog has read every entry and parsed its front matter already; MkDocs would
        # do both again. Its meta is replaced in on_page_markdown anyway, so hand it the
        # body behind an empty front matter (which MkDocs parses and strips).
        uri = page.file.src_uri
        source = self.state.sources.get(uri)
        if uri in self.state.entries and source is not None and source.has_front_matter:
            return "---\n{}\n---\n" + source.body
        return None

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        st = self.state
        uri = page.file.src_uri
        if uri in st.views:
            # a view repeats what entries say: search finds each entry once, on its own page
            page.meta = {"title": st.views[uri].title, "search": {"exclude": True}}
            return markdown
        source = st.sources.get(uri)
        if source is None:
            return markdown
        entry = st.entries.get(uri)
        if source.unreadable:  # only reachable under `mkdocs serve`: a build stops earlier
            page.meta = {"title": html.escape(Path(uri).stem)}
            return ""
        if source.has_front_matter:
            if entry is None and HANDLER.detect(markdown):
                # MkDocs could not read this front matter and left it in the text: careerlog's
                # reading is what gets published, not the block as text
                markdown = source.body
            else:  # MkDocs' text, as earlier plugins left it
                # MkDocs strips the blank lines that open a body: they are put back, so
                # that lines keep the numbers they have in the file
                blank = len(source.body) - len(source.body.lstrip("\n"))
                markdown = "\n" * blank + markdown
            if entry is not None and not self._serving:
                # MkDocs holds the page's Markdown to the end of the build: careerlog lets its
                # own reading go (serve keeps it for the next rebuild)
                source.body = ""
        if entry is not None:
            # Material prints page titles unescaped: hand it text that is already escaped
            page.meta = {"title": html.escape(entry.title, quote=True)}
        if not self._serving and st.private_keys:
            markdown, lines = privacy.unlink_private(markdown, uri, page.url, st.private_keys)
            first = source.body_line if source.has_front_matter else 1
            for line in lines:
                log.warning(
                    f"{source.path}:{first + line}: a link to a private entry is published as "
                    "its text only: private entries are not published"
                )
        markdown = privacy.private_blocks(markdown, serving=self._serving)
        markdown, listings, problems = fences.extract(markdown, source)
        for problem in problems:
            log.warning(problem.format())
        st.fences[uri] = listings
        return markdown

    def on_page_content(
        self, html_: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        try:
            return self._page_content(html_, page)
        except TemplateRenderError as exc:  # the template's file and line, not Jinja's traceback
            raise PluginError(self._told(exc)) from None

    def _told(self, exc: TemplateRenderError) -> str:
        """A failing template's message for the log. Jinja's reason may quote a value (a
        dictionary key it did not find, say), and a build's log is often public."""
        st = self.state
        if not self._serving:
            private_ids = st.site.private_ids if st.site is not None else frozenset()
            if privacy.quotes_private(str(exc), st.markers, private_ids):
                where_too = privacy.quotes_private(exc.where, st.markers, private_ids)
                return exc.redacted(where_too=where_too)
        if not isinstance(exc.__cause__, jinja2.TemplateError):
            # Python code that raised (a filter, or a helper of careerlog's) is a bug to
            # track down: its traceback for `mkdocs build -v`
            log.debug("careerlog: where it was raised", exc_info=exc.__cause__)
        return str(exc)

    def _page_content(self, html_: str, page: Page) -> str:
        st = self.state
        site = st.site
        if site is None:  # pragma: no cover
            return html_
        uri = page.file.src_uri
        if uri in st.views:
            packed = st.ahead.take(uri) if st.ahead is not None else None
            if packed is not None:
                rendered, headings = zlib.decompress(packed[0]).decode("utf-8"), packed[1]
            else:
                rendered = st.views[uri].render(st.renderer, site, page.url)
                headings = section_headings(rendered)
            # the view's own sections become the page's table of contents
            page.toc = get_toc(
                [
                    {"level": 2, "id": anchor, "name": html.escape(title), "children": []}
                    for anchor, title in headings
                ]
            )
            return rendered
        source = st.sources.get(uri)
        if source is not None and source.unreadable:
            return st.renderer.render(
                "entry.html",
                site,
                page.url,
                entry=None,
                model=None,
                followed_by=[],
                private_ids=site.private_ids,
                problems=source.problems,
            )
        entry = st.entries.get(uri)
        if entry is not None:
            packed = st.ahead.take(uri) if st.ahead is not None else None
            if packed is not None:
                text, st.headers[uri] = zlib.decompress(packed[0]).decode("utf-8"), packed[1]
            else:
                problems = entry.problems if self._serving else []
                text, st.headers[uri] = _header(st.renderer, site, page.url, entry, problems)
            # search indexes the header's text; on_page_context puts the header in its place
            html_ = text + html_
        listings = st.fences.get(uri)
        if listings:
            html_ = fences.fill(html_, listings, st.renderer, site, page.url)
        return html_

    @event_priority(50)  # before the search plugin (0)
    def _set_view_aside(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # Views stay out of the search index, but Material's search plugin still runs a
        # regular expression over every page's HTML (a view is up to half a megabyte):
        # it gets an empty page, and the view comes back in _put_back below
        st = self.state
        uri = page.file.src_uri
        if uri in st.views and page.content:
            st.set_aside[uri] = page.content
            page.content = ""
        return context

    @event_priority(-100)  # after the search plugin (0) has indexed the lean header
    def _put_back(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        st = self.state
        uri = page.file.src_uri
        view = st.set_aside.pop(uri, None)
        if view is not None:  # (what another plugin added meanwhile follows the view)
            page.content = view + (page.content or "")
        swap = st.headers.pop(uri, None)
        if swap is not None and page.content is not None:
            body = st.searched[uri] = page.content
            page.content = put_back_header(body, zlib.decompress(swap).decode("utf-8"))
        return context

    on_page_context = CombinedEvent(_set_view_aside, _put_back)

    @event_priority(-100)  # last: every other plugin has had the page's HTML
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # MkDocs keeps every page's HTML to the end of the build; at 5000 entries the
        # views' HTML is some 14 MB, and the entries' full headers more again
        uri = page.file.src_uri
        if uri in self.state.views:
            page.content = ""  # written: a view's HTML is not kept to the end of the build
        elif uri in self.state.searched:
            # written: the page keeps what search indexed (the header as one paragraph)
            page.content = self.state.searched.pop(uri)
        return output

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> None:
        # every file this build writes, once all plugins have added theirs
        if self._dirty:  # only a dirty build needs them (a Path a file adds up at 5000)
            self.state.written = {Path(f.abs_dest_path) for f in files}
        if isinstance(env, jinja2.Environment) and env.bytecode_cache is None:
            # MkDocs makes a new theme environment on every build and serve rebuild, which
            # would compile every Material template again (a third of a second): keep their
            # compiled code instead (checked against each template's source)
            env.bytecode_cache = self._theme_bytecode
        if isinstance(env, jinja2.Environment):
            # careerlog's views are in the navigation, which Material renders on every page
            navmemo.install(env, config)

    def on_build_error(self, *, error: Exception) -> None:
        self._built_views = None  # its views may be half written: the next build makes all
        if self._build is not None and self._build.ahead is not None:
            self._build.ahead.close()

    @event_priority(100)  # first: before the search plugin (0) writes its index
    def _give_back_memory(self, *, config: MkDocsConfig) -> None:
        # the index is the build's largest moment: made in the room rendering left free
        # rather than on top of it (see careerlog.memory)
        memory.give_back()

    @event_priority(-100)  # last: audit what every other plugin and hook has written
    def _finish(self, *, config: MkDocsConfig) -> None:
        st = self.state
        self._built_views = st.view_inputs  # every view of this build is written
        if st.ahead is not None:
            st.ahead.close()
            log.debug(
                f"{st.ahead.received} headers and views came from a second process"
            )
        if self._serving or st.journal is None:
            return
        site_dir = Path(config.site_dir)
        _remove(st.stale, site_dir)  # again: nothing may have written them back
        if self._dirty:
            # a dirty build keeps pages of earlier builds that nothing writes any more:
            # an entry made private, a monthly digest that no longer has a month
            # (what another plugin wrote during this build, such as a redirect, is kept)
            keep = st.written | {site_dir / name for name in config.theme.static_templates}
            old = [
                p
                for p in site_dir.rglob("*.html")
                if p not in keep and p.stat().st_mtime < st.started
            ]
            _remove(old, site_dir)
        try:
            privacy.audit_or_fail(site_dir, st.markers)
        except privacy.LeakError as exc:
            raise PluginError(str(exc)) from None

    on_post_build = CombinedEvent(_give_back_memory, _finish)


@dataclass(frozen=True)
class _ViewInputs:
    """What a build's views were made from: per page, its title, the ids it lists and
    its own inputs; for all, the day, options, mkdocs.yml and careerlog's templates."""

    pages: dict[str, tuple[str, frozenset[str], tuple[str | None, ...]]]
    common: tuple[object, ...]


class _ViewFile(File):
    """A careerlog view page, which `mkdocs serve --dirty` may leave as it is."""

    fresh = False

    @classmethod
    def made(cls, config: MkDocsConfig, page: views.ViewPage, *, fresh: bool) -> _ViewFile:
        file = cls.generated(config, page.src_uri, content=f"# {page.title}\n")
        assert isinstance(file, cls)
        file.fresh = fresh
        return file

    def is_modified(self) -> bool:
        if self.fresh and os.path.isfile(self.abs_dest_path):
            return False
        return super().is_modified()


class _DataFile(File):
    """A careerlog data file (the export, the feed), made each time its content is read.

    MkDocs reads it once, to write it; at 5000 entries the two are some 5 MB of text,
    which a file made with its content would hold for the whole build. Content set
    by another plugin is kept as given.
    """

    _given: str | bytes | None = None
    _make: Callable[[], str]

    @classmethod
    def made(cls, config: MkDocsConfig, path: str, make: Callable[[], str]) -> _DataFile:
        file = cls.generated(config, path, content="")
        assert isinstance(file, cls)
        file._given = None
        file._make = make
        return file

    @property  # type: ignore[override]
    def _content(self) -> str | bytes:
        return self._make() if self._given is None else self._given

    @_content.setter
    def _content(self, value: str | bytes) -> None:
        self._given = value

    def is_modified(self) -> bool:
        return True  # without making it: made anew, it may always differ


def _header(
    renderer: Renderer, site: Site, url: str, entry: Entry, problems: list[Any]
) -> tuple[str, bytes]:
    """An entry page's header: its text as one paragraph, for search, and the header
    itself, compressed while it waits for on_page_context (a large journal holds all)."""
    header = renderer.render(
        "entry.html", site, url, problems=problems, **entry_context(site, entry)
    )
    return search_text(header), zlib.compress(header.encode("utf-8"), 1)


def _packed_header(renderer: Renderer, site: Site, url: str, entry: Entry) -> tuple[bytes, bytes]:
    """An entry's header as a forked copy sends it, its search text compressed as
    well (results wait in a spool file until their pages take them)."""
    text, header = _header(renderer, site, url, entry, [])
    return zlib.compress(text.encode("utf-8"), 1), header


def _packed_view(
    page: views.ViewPage, renderer: Renderer, site: Site, url: str
) -> tuple[bytes, list[tuple[str, str]]]:
    """A view as a forked copy sends it: its HTML compressed, and its sections'
    headings."""
    rendered = page.render(renderer, site, url)
    return zlib.compress(rendered.encode("utf-8"), 1), section_headings(rendered)


def _mtime(path: str | None) -> int | None:
    try:
        return os.stat(path).st_mtime_ns if path else None
    except OSError:
        return None


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of a `mkdocs serve` session, and
    on disk (in careerlog's cache of compiled templates, when there is one) for the
    builds to come."""

    def __init__(self, disk: jinja2.BytecodeCache | None = None) -> None:
        self._code: dict[str, bytes] = {}
        self._disk = disk

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # a stale checksum leaves the bucket empty
        elif self._disk is not None:
            self._disk.load_bytecode(bucket)  # (checked against the source in the same way)
            if bucket.code is not None:
                self._code[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            self._disk.dump_bytecode(bucket)


def _references(entry: Entry) -> set[str]:
    """The ids an entry names in its reference fields (goals, people, follows...)."""
    if entry.model is None:
        return set()
    names = reference_fields(entry.type)
    return {ref for name in names for ref in getattr(entry.model, name, None) or []}


def _linked_out_assets(files: Files, docs_dir: Path) -> list[File]:
    """Non-Markdown files of docs_dir reached through a link that leads out of it
    (Markdown files are refused by the loader in the same way)."""
    lexical, real = Path(os.path.abspath(docs_dir)), docs_dir.resolve()
    return [
        f
        for f in files
        if not f.generated_by
        and f.abs_src_path is not None
        and not f.is_documentation_page()
        and Path(os.path.abspath(f.abs_src_path)).is_relative_to(lexical)  # not theme files
        and not Path(f.abs_src_path).resolve().is_relative_to(real)
    ]


def _taken(files: Files) -> dict[str, File]:
    """The files by where they are written (the first of several at one place)."""
    taken: dict[str, File] = {}
    for file in files:
        taken.setdefault(file.dest_uri, file)
    return taken


def _claim(taken: dict[str, File], file: File, what: str) -> None:
    """Refuse to shadow a page of the user's (or another plugin's) at the same URL;
    the file then takes its place in `taken`."""
    other = taken.setdefault(file.dest_uri, file)
    if other is not file:
        raise PluginError(
            f"careerlog: {other.src_uri} is at {file.url or '/'}, the URL of {what}; "
            "move or rename that page"
        )


def _dest_paths(file: File, site_dir: Path) -> list[Path]:
    """Where a page is written, with and without directory URLs (the config may change)."""
    dest = Path(file.abs_dest_path)
    paths = [dest]
    if dest.name == "index.html" and dest.parent != site_dir:
        paths.append(dest.parent.with_suffix(".html"))
    elif dest.suffix == ".html" and dest.name != "index.html":
        paths.append(dest.with_suffix("") / "index.html")
    return paths


def _remove(paths: list[Path], site_dir: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != site_dir and site_dir in folder.parents:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent


def _config_refs(config: MkDocsConfig) -> set[str]:
    """Files of docs_dir that mkdocs.yml itself uses: never taken away as attachments."""
    names = [str(x) for x in (*config.extra_css, *config.extra_javascript)]
    names += [str(config.theme.get(key) or "") for key in ("logo", "favicon")]
    return {n.lstrip("/") for n in names if n}


def _nav(
    nav: list[Any] | None, files: Files, pages: list[views.ViewPage], st: _Build
) -> list[Any]:
    """The navigation lists the views and the user's ordinary pages, never every entry.

    Material renders the whole navigation on every page, so listing 1000 entries
    would make a build quadratic; entries are reached from views, search and links.
    """
    view_items = [{page.title: page.src_uri} for page in pages if page.in_nav]
    if nav is not None:
        named = {page.src_uri for page in pages}
        if not any(_mentions(item, named) for item in nav):
            nav = [*nav, *view_items]
        return nav
    ordinary = [
        f.src_uri
        for f in files.documentation_pages()
        if f.src_uri not in st.entries
        and f.src_uri not in st.views
        and not f.generated_by
        and f.src_uri in st.sources
    ]
    ordinary.sort(key=lambda uri: (uri.rsplit("/", 1)[-1] not in ("index.md", "README.md"), uri))
    return [*ordinary, *view_items]


def _mentions(item: object, uris: set[str]) -> bool:
    if isinstance(item, str):
        return item in uris
    if isinstance(item, dict):
        return any(_mentions(v, uris) for v in item.values())
    if isinstance(item, list):
        return any(_mentions(v, uris) for v in item)
    return False
