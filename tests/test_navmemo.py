"""Material's navigation and header are rendered once for the pages that show the same
ones (the header with each page's own title), and the site comes out byte for byte as
when every page renders its own."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import jinja2
import pytest
from mkdocs.config import load_config

from careerlog import navmemo
from conftest import EXPERIMENT, JournalDir

MATERIAL = Path(str(resources.files("material") / "templates"))


def _journal(root: Path) -> JournalDir:
    site = JournalDir(root)
    site.options["visibility_defaults"] = {"experiment": "public", "reflection": "public"}
    site.write("index.md", "# Home\n\nWelcome.\n")
    site.write("about/index.md", "# About\n\nWho I am.\n")
    site.write("about/cv.md", "# CV\n\nWhere I worked.\n")
    site.write("about/notes.md", "# Notes\n\nNot in the navigation, beside a page that is.\n")
    site.write("experiments/lead.md", EXPERIMENT)
    site.write(
        "experiments/2026/deep/speak.md",
        EXPERIMENT.replace("Would managing people energise me?", "Speak at a meetup"),
    )
    site.write(
        "reflections/q1.md",
        "---\ntype: reflection\ntitle: First quarter\ndate: 2026-03-31\n---\nIt went well.\n",
    )
    site.write(
        "reflections/q2.md",
        "---\ntype: reflection\ntitle: 'R&D \"side\" <b>work</b>'\ndate: 2026-06-30\n---\nOdd.\n",
    )
    site.write("about/more.md", "---\ntitle: More & less\n---\n# A heading of its own\n\nText.\n")
    site.extra_config = {
        "nav": [
            "index.md",
            {"About": ["about/index.md", "about/cv.md"]},
            {"Elsewhere": "https://example.com/"},
            {"Dashboard": "dashboard/index.md"},
            {"Timeline": "timeline/index.md"},
        ],
        "theme": {"name": "material", "features": ["navigation.indexes"]},
    }
    return site


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


_TABS_AND_LANGUAGES = {
    "features": ["navigation.indexes", "navigation.tabs", "navigation.tabs.sticky"],
    "alternate": [
        {"name": "English", "link": "/en/", "lang": "en"},
        {"name": "Deutsch", "link": "/de/about/", "lang": "de"},
    ],
}


def _with(site: JournalDir, directory_urls: bool, more: bool) -> JournalDir:
    site.extra_config["use_directory_urls"] = directory_urls
    if more:
        site.extra_config["theme"]["features"] = _TABS_AND_LANGUAGES["features"]
        site.extra_config["extra"] = {"alternate": _TABS_AND_LANGUAGES["alternate"]}
    return site


@pytest.mark.parametrize(
    ("directory_urls", "more"), [(True, False), (False, False), (True, True), (False, True)]
)
def test_the_site_is_byte_identical_to_one_where_every_page_renders_its_navigation(
    tmp_path: Path, directory_urls: bool, more: bool
) -> None:
    memo = _with(_journal(tmp_path / "memo"), directory_urls, more)
    result = memo.build(strict=True)
    assert result.ok
    # the same journal, with Material's nav.html and header.html copied verbatim into an
    # override folder: not Material's own files, so every page renders them itself
    plain = _with(_journal(tmp_path / "plain"), directory_urls, more)
    (plain.root / "overrides" / "partials").mkdir(parents=True)
    for partial in ("nav.html", "header.html"):
        shutil.copy(MATERIAL / "partials" / partial, plain.root / "overrides" / "partials")
    plain.extra_config["theme"]["custom_dir"] = "overrides"
    assert plain.build(strict=True).ok

    built, expected = _files(memo.site), _files(plain.site)
    assert built.keys() == expected.keys()
    assert [name for name in built if built[name] != expected[name]] == []
    # what is compared: entries in folders of their own and at other depths, the active
    # page and section, a page beside it that is not in the navigation (with plain URLs
    # its links read the same), the external link
    # each page's own title in its header, as the plain build writes it: an entry's
    # escaped by careerlog, an ordinary page's front matter title as MkDocs gives it
    ending = "/" if directory_urls else ".html"
    for url, title in (
        ("reflections/q2" + ending, "R&amp;D &quot;side&quot; &lt;b&gt;work&lt;/b&gt;"),
        ("reflections/q1" + ending, "First quarter"),
        ("about/more" + ending, "More & less"),
        ("about/cv" + ending, "CV"),
    ):
        topic = result.page(url).split('data-md-component="header-topic"', 1)[1]
        shown = re.search(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', topic)
        assert shown is not None, url
        assert shown.group(1) == title, url
    if more:
        assert "md-tabs" in result.page("about/cv" + ending)
        assert 'hreflang="de"' in result.page("reflections/q1" + ending)
    if directory_urls:
        page = result.page("experiments/2026/deep/speak/")
        assert 'href="../../../../dashboard/"' in page
        assert 'href="https://example.com/"' in page
        assert "md-nav__item--active" in result.page("about/cv/")
        assert "md-nav__item--active" not in result.page("about/notes/")
    else:
        assert "md-nav__item--active" in result.page("about/cv.html")
        assert "md-nav__item--active" not in result.page("about/notes.html")


def _env(site: JournalDir) -> tuple[jinja2.Environment, object]:
    config = load_config(str(site.config_file()))
    return config.theme.get_env(), config


def _memoised(env: jinja2.Environment, config: object) -> set[str]:
    """The partials whose HTML install() puts through the memo."""
    if not navmemo.install(env, config):  # type: ignore[arg-type]
        return set()
    return set(env.loader.swapped)  # type: ignore[union-attr]


def test_the_memo_applies_to_materials_own_partials_only(tmp_path: Path) -> None:
    site = _journal(tmp_path)
    env, config = _env(site)
    assert _memoised(env, config) == {navmemo.NAV, navmemo.HEADER}
    assert not navmemo.install(env, config)  # type: ignore[arg-type]  # (once)

    nav_only = ("nav.html", "nav-item.html")
    header_only = ("header.html", "palette.html", "search.html", "tabs.html", "alternate.html")
    for partial in (*nav_only, *header_only, "logo.html", "source.html"):
        other = _journal(tmp_path / partial)
        (other.root / "overrides" / "partials").mkdir(parents=True)
        shutil.copy(MATERIAL / "partials" / partial, other.root / "overrides" / "partials")
        other.extra_config["theme"]["custom_dir"] = "overrides"
        env, config = _env(other)
        expected = set()
        if partial in header_only:
            expected = {navmemo.NAV}
        elif partial in nav_only:
            expected = {navmemo.HEADER}
        assert _memoised(env, config) == expected, partial


@pytest.mark.parametrize("shown", ["{{ page.title }}", "{{ page.url }}"])
def test_an_override_that_shows_the_page_shows_each_page_its_own(
    tmp_path: Path, shown: str
) -> None:
    site = _journal(tmp_path)
    (site.root / "overrides" / "partials").mkdir(parents=True)
    nav = (MATERIAL / "partials" / "nav.html").read_text("utf-8")
    (site.root / "overrides" / "partials" / "nav.html").write_text(
        nav.replace("</nav>", f'<p class="shown">{shown}</p></nav>'), "utf-8"
    )
    site.extra_config["theme"]["custom_dir"] = "overrides"
    result = site.build(strict=True)
    assert result.ok

    def shown_on(url: str) -> str:
        found = re.search(r'<p class="shown">(.*?)</p>', result.page(url))
        assert found is not None
        return found.group(1)

    lead, speak = shown_on("experiments/lead/"), shown_on("experiments/2026/deep/speak/")
    assert lead != speak
    assert ("managing" in lead and "Speak" in speak) or (
        lead == "experiments/lead/" and speak == "experiments/2026/deep/speak/"
    )
