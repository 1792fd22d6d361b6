"""Material's navigation, rendered once for every page that would show the same.

Material renders the whole navigation on every page (`partials/nav.html`), and
careerlog puts its views there: a 1000-entry journal would render them a
thousand times over, a sixth of the time careerlog adds to a build. An entry
page is not in the navigation, so nothing in it is active, and all the
navigation shows of such a page is its links, written relative to the page's
URL. Pages whose links come out the same get the same HTML: it is rendered for
the first of them and reused for the others (byte for byte, which a test
checks on a whole site).

Material's header (`partials/header.html`) is the same on such pages but for the
page's title: it is rendered once per set of links with a stand-in for the
title, and each page gets that HTML with its own title put in the stand-in's
place (what `{{ page.title }}` would write: the title as it is, since MkDocs'
templates do not escape).

This holds for Material's own partials only. While `partials/nav.html` or a
partial it includes comes from a theme override (which may show anything of
the page), every page renders its navigation itself; the same goes for the
header and its partials.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

NAV = "partials/nav.html"
HEADER = "partials/header.html"
# what nav.html draws on, apart from toc.html, which it shows for the active page only
_PARTIALS = (NAV, "partials/nav-item.html", "partials/logo.html", "partials/source.html")
# what header.html draws on
_HEADER_PARTIALS = (
    HEADER,
    "partials/logo.html",
    "partials/palette.html",
    "partials/javascripts/palette.html",
    "partials/alternate.html",
    "partials/search.html",
    "partials/source.html",
    "partials/tabs.html",
    "partials/tabs-item.html",
)
_ORIGINAL = ":careerlog:material-nav"  # no file can have this name: only this loader knows it
_ORIGINAL_HEADER = ":careerlog:material-header"
_GLOBAL = "_careerlog_nav_memo"
_TITLE = "\x00careerlog: the page's title\x00"  # (no title holds a NUL character)
# in place of nav.html: the memo's HTML, or Material's nav.html included as before (and
# kept when the page has a key); one line, so it adds no white space of its own
_WRAPPER = (
    "{%- set key = " + _GLOBAL + ".key() -%}"
    "{%- set hit = " + _GLOBAL + ".get(key) -%}"
    "{%- if hit is none -%}"
    '{%- set hit -%}{% include "' + _ORIGINAL + '" %}{%- endset -%}'
    "{%- set hit = " + _GLOBAL + ".put(key, hit) -%}"
    "{%- endif -%}"
    "{{ hit }}"
)
# in place of header.html: the memo's HTML with the page's own title, or Material's
# header.html included as before; it is rendered for a stand-in page whose title is
# _TITLE, then kept
_HEADER_WRAPPER = (
    "{%- set key = " + _GLOBAL + ".header_key() -%}"
    "{%- if key is none -%}"
    '{% include "' + _ORIGINAL_HEADER + '" %}'
    "{%- else -%}"
    "{%- set hit = " + _GLOBAL + ".get(key) -%}"
    "{%- if hit is none -%}"
    "{%- set real = page -%}"
    "{%- set page = " + _GLOBAL + ".stand_in(page) -%}"
    '{%- set hit -%}{% include "' + _ORIGINAL_HEADER + '" %}{%- endset -%}'
    "{%- set page = real -%}"
    "{%- set hit = " + _GLOBAL + ".put(key, hit) -%}"
    "{%- endif -%}"
    "{{ " + _GLOBAL + ".titled(hit, page) }}"
    "{%- endif -%}"
)


def install(env: jinja2.Environment, config: MkDocsConfig) -> bool:
    """Render the navigation and the header of env's pages through a memo; False (env
    unchanged) when none of the theme's partials for them are Material's own files."""
    loader = env.loader
    if loader is None or isinstance(loader, _Loader):
        return False
    swapped = {}
    if _materials_own(env, loader, _PARTIALS):
        swapped[NAV] = (_WRAPPER, _ORIGINAL)
    # (the stand-in's title must come out as the page's: as it is, with nothing done to it)
    plain = env.autoescape is False and env.finalize is None
    if plain and _materials_own(env, loader, _HEADER_PARTIALS):
        swapped[HEADER] = (_HEADER_WRAPPER, _ORIGINAL_HEADER)
    if not swapped:
        return False
    env.loader = _Loader(loader, swapped)
    env.globals[_GLOBAL] = _Memo(config)
    return True


def _materials_own(
    env: jinja2.Environment, loader: jinja2.BaseLoader, names: Iterable[str]
) -> bool:
    try:
        material = Path(str(resources.files("material") / "templates")).resolve()
        for name in names:
            filename = loader.get_source(env, name)[1]
            if filename is None or not Path(filename).resolve().is_relative_to(material):
                return False
    except (ModuleNotFoundError, jinja2.TemplateNotFound, OSError):
        return False
    return True


class _Loader(jinja2.BaseLoader):
    """The theme's loader, with the memo's templates in place of nav.html and
    header.html, and Material's own under names of their own."""

    def __init__(self, inner: jinja2.BaseLoader, swapped: dict[str, tuple[str, str]]) -> None:
        self.inner = inner
        self.swapped = swapped  # name -> (the memo's template, the name of Material's own)
        self.originals = {original: name for name, (_memo, original) in swapped.items()}

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Any]:
        if template in self.swapped:
            _source, _filename, uptodate = self.inner.get_source(environment, template)
            return self.swapped[template][0], None, uptodate
        return self.inner.get_source(environment, self.originals.get(template, template))

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


class _Memo:
    """The navigation's HTML by the links it shows, for one build's pages."""

    def __init__(self, config: MkDocsConfig) -> None:
        self._config = config
        self._nav: Navigation | None = None
        self._items: list[Any] = []
        self._urls: list[str] = []
        self._html: dict[tuple[Any, ...], Any] = {}
        # the page being rendered, its nav and base_url, and its key (asked for by the
        # header and the navigation alike)
        self._last: tuple[object, object, object, tuple[str, ...] | None] | None = None

    @jinja2.pass_context
    def key(self, context: jinja2.runtime.Context) -> tuple[str, ...] | None:
        """The page's links as the navigation writes them, or None when the page's
        navigation must be rendered for it alone: the page or a section is active
        (its item is marked, its table of contents shown), or this is not the build's
        navigation."""
        page, nav, base = context.get("page"), context.get("nav"), context.get("base_url", "")
        last = self._last
        if last is not None and last[0] is page and last[1] is nav and last[2] == base:
            return last[3]
        found = self._key(page, nav, base)
        self._last = (page, nav, base, found)
        return found

    def _key(self, page: Any, nav: Any, base: Any) -> tuple[str, ...] | None:
        if not isinstance(page, Page) or not isinstance(nav, Navigation):
            return None
        if self._nav is None:
            self._nav = nav
            self._items = list(_walk(nav.items))
            self._urls = self._links(nav)
        if nav is not self._nav or any(getattr(item, "active", False) for item in self._items):
            return None
        return tuple(normalize_url(url, page=page, base=base) for url in self._urls)

    @jinja2.pass_context
    def header_key(self, context: jinja2.runtime.Context) -> tuple[Any, ...] | None:
        """What the header's HTML depends on apart from the title: the page's links
        (the navigation's, including the language links), and where its title comes
        from; None where the page renders its header alone."""
        links = self.key(context)
        if links is None:
            return None
        page = context["page"]
        alternate = self._config.extra.get("alternate") or []
        base = context.get("base_url", "")
        other = tuple(
            normalize_url(str(item["link"]), page=page, base=base)
            for item in alternate
            if isinstance(item, dict) and item.get("link") is not None
        )
        return ("header", links, other, _meta_title(page) is not None)

    def stand_in(self, page: Page) -> _StandIn:
        return _StandIn(page)

    def titled(self, html: Any, page: Page) -> str:
        """The header's HTML with the page's own title (as `{{ page.title }}` writes it)."""
        title = _meta_title(page)
        return str(html).replace(_TITLE, str(page.title if title is None else title))

    def get(self, key: tuple[Any, ...] | None) -> Any:
        return None if key is None else self._html.get(key)

    def put(self, key: tuple[Any, ...] | None, html: Any) -> Any:
        if key is not None:
            self._html[key] = html
        return html

    def _links(self, nav: Navigation) -> list[str]:
        """Every value nav.html passes through the `url` filter (as a string)."""
        values = [getattr(item, "url", None) for item in self._items]
        values += [
            self._config.extra.get("homepage"),
            nav.homepage.url if nav.homepage is not None else None,
            self._config.theme.get("logo"),
        ]
        return [str(value) for value in values if value is not None]


def _walk(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or ())


def _meta_title(page: Page) -> Any:
    """The front matter's title where header.html shows it instead of page.title."""
    meta = page.meta
    return meta["title"] if meta and meta.get("title") else None


class _StandIn:
    """A page as header.html sees it, with _TITLE for its title."""

    def __init__(self, page: Page) -> None:
        self._page = page
        self.title = _TITLE
        self.meta = {**page.meta, "title": _TITLE} if _meta_title(page) is not None else page.meta

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)
