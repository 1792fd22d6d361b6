"""Material's navigation, rendered once for every page that would show the same.

Material renders the whole navigation on every page (`partials/nav.html`), and
careerlog puts its views there: a 1000-entry journal would render them a
thousand times over, a sixth of the time careerlog adds to a build. An entry
page is not in the navigation, so nothing in it is active, and all the
navigation shows of such a page is its links, written relative to the page's
URL. Pages whose links come out the same get the same HTML: it is rendered for
the first of them and reused for the others (byte for byte, which a test
checks on a whole site).

This holds for Material's own partials only. While `partials/nav.html` or a
partial it includes comes from a theme override (which may show anything of
the page), every page renders its navigation itself.
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
# what nav.html draws on, apart from toc.html, which it shows for the active page only
_PARTIALS = (NAV, "partials/nav-item.html", "partials/logo.html", "partials/source.html")
_ORIGINAL = ":careerlog:material-nav"  # no file can have this name: only this loader knows it
_GLOBAL = "_careerlog_nav_memo"
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


def install(env: jinja2.Environment, config: MkDocsConfig) -> bool:
    """Render the navigation of env's pages through a memo; False (env unchanged) when
    the theme's navigation partials are not Material's own files."""
    loader = env.loader
    if loader is None or isinstance(loader, _Loader) or not _materials_own(env, loader):
        return False
    env.loader = _Loader(loader)
    env.globals[_GLOBAL] = _Memo(config)
    return True


def _materials_own(env: jinja2.Environment, loader: jinja2.BaseLoader) -> bool:
    try:
        material = Path(str(resources.files("material") / "templates")).resolve()
        for name in _PARTIALS:
            filename = loader.get_source(env, name)[1]
            if filename is None or not Path(filename).resolve().is_relative_to(material):
                return False
    except (ModuleNotFoundError, jinja2.TemplateNotFound, OSError):
        return False
    return True


class _Loader(jinja2.BaseLoader):
    """The theme's loader, with the memo's template in place of nav.html and
    Material's nav.html under a name of its own."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Any]:
        if template == NAV:
            _source, _filename, uptodate = self.inner.get_source(environment, NAV)
            return _WRAPPER, None, uptodate
        return self.inner.get_source(environment, NAV if template == _ORIGINAL else template)

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


class _Memo:
    """The navigation's HTML by the links it shows, for one build's pages."""

    def __init__(self, config: MkDocsConfig) -> None:
        self._config = config
        self._nav: Navigation | None = None
        self._items: list[Any] = []
        self._urls: list[str] = []
        self._html: dict[tuple[str, ...], Any] = {}

    @jinja2.pass_context
    def key(self, context: jinja2.runtime.Context) -> tuple[str, ...] | None:
        """The page's links as the navigation writes them, or None when the page's
        navigation must be rendered for it alone: the page or a section is active
        (its item is marked, its table of contents shown), or this is not the build's
        navigation."""
        page, nav = context.get("page"), context.get("nav")
        if not isinstance(page, Page) or not isinstance(nav, Navigation):
            return None
        if self._nav is None:
            self._nav = nav
            self._items = list(_walk(nav.items))
            self._urls = self._links(nav)
        if nav is not self._nav or any(getattr(item, "active", False) for item in self._items):
            return None
        base = context.get("base_url", "")
        return tuple(normalize_url(url, page=page, base=base) for url in self._urls)

    def get(self, key: tuple[str, ...] | None) -> Any:
        return None if key is None else self._html.get(key)

    def put(self, key: tuple[str, ...] | None, html: Any) -> Any:
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
