"""What a published build may contain, and the audit that proves it.

A published build (`mkdocs build`) works on `journal.published()`, which holds
no private entry at all; on top of that this module

- strips `/// private` ... `///` blocks from every page (`private_blocks`);
- turns Markdown and HTML links to private entries into their bare text
  (`unlink_private`), so that neither the page nor MkDocs' own "link not
  found" message names the private page;
- drops `nav:` items of mkdocs.yml that name a private entry (`drop_from_nav`);
- finds attachments that only private entries use (`attachment_refs`);
- and, after the build, searches every output file for what would identify a
  private entry (`audit`): one hit fails the build.

`/// private` blocks are recognised everywhere, fenced code included: a block
that is shown as an example inside a code fence is removed from the published
page too. Telling code from text exactly as every Markdown extension does is
not possible here, and guessing wrong would publish the block; removing too
much is the safe mistake.

What the audit looks for, and why not more
------------------------------------------
Every private entry is identified by its URL, its id, its file name (slug)
and its title. Searching all of them as plain words would fail builds for no
reason: an entry called `notes.md` or titled "Feedback" shares its words with
every journal. So:

- URLs and source paths (`people/notes/`, `people/notes.html`,
  `people/notes.md`) are searched always: no public page can contain them by
  accident.
- An id or slug is searched as a whole word (a token of letters, digits,
  `-` and `_`) only when it is distinctive: it holds a dash or a digit
  (`quit-acme`, `q3-review`), and it is not part of careerlog's or the journal's
  public vocabulary (enum values such as `side-project`, skill ids, stages,
  ids, file names and front-matter values of public entries, words of the
  templates). A plain word such as `notes` is searched only as part of a URL.
- A title is searched as a phrase when it is distinctive: two words or more,
  or at least 10 characters, and not also the title of a public entry. A
  one-word title ("Feedback") carries little information and would match
  ordinary prose.

Text is compared after undoing HTML entities and JSON escapes, in
decompressed `.gz` files too, and in file names. The audit is the last line of
defence, not the mechanism: the build itself is designed to publish nothing
private, and the audit proves it on every build.
"""

from __future__ import annotations

import codecs
import gzip
import html
import itertools
import os
import posixpath
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import ahocorasick_rs

from careerlog.journal import Journal
from careerlog.model import TYPES, model_for, reference_fields

# --- private blocks ----------------------------------------------------------------

_OPEN_PRIVATE = re.compile(r"^[ \t]*/{3,}[ \t]*private[ \t]*$")
_OPEN_ANY = re.compile(r"^[ \t]*/{3,}[ \t]*[^\s/]")
_CLOSE = re.compile(r"^[ \t]*/{3,}[ \t]*$")


def private_block_spans(markdown: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of every `/// private` block, fences included.

    Blocks nest the way pymdownx blocks do (`/// note` ... `///` inside a private
    block does not end it); an unclosed block runs to the end of the page.
    """
    spans: list[tuple[int, int]] = []
    if "///" not in markdown:
        return spans
    offset = 0
    start: int | None = None
    depth = 0
    for line in markdown.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if start is None:
            if _OPEN_PRIVATE.match(bare):
                start, depth = offset, 1
        elif _CLOSE.match(bare):
            depth -= 1
            if depth == 0:
                spans.append((start, offset + len(line)))
                start = None
        elif _OPEN_ANY.match(bare):
            depth += 1
        offset += len(line)
    if start is not None:
        spans.append((start, len(markdown)))
    return spans


def private_blocks(markdown: str, *, serving: bool) -> str:
    """`/// private` ... `///`: marked on serve, gone from a published page."""
    spans = private_block_spans(markdown)
    if not spans:
        return markdown
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(markdown[last:start])
        if serving:
            out.append(_served_block(markdown[start:end]))
        last = end
    out.append(markdown[last:])
    return "".join(out)


def _served_block(block: str) -> str:
    lines = block.splitlines(keepends=True)
    first = lines[0]
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    body = lines[1:]
    if body and _CLOSE.match(body[-1].rstrip("\r\n")):
        body = body[:-1]
    inner = "".join(line[len(indent) :] if line.startswith(indent) else line for line in body)
    text = (
        '<div class="cl-private-block" markdown="1">\n\n'
        "**private — not published**\n\n" + inner.rstrip("\n") + "\n\n</div>\n"
    )
    return "".join(indent + line if line.strip() else line for line in text.splitlines(True))


# --- links to private entries ------------------------------------------------------


def site_path(target: str, base: str) -> str | None:
    """A relative link target resolved against a folder of the site; None if external."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(base, path)
    norm = posixpath.normpath(joined)
    if norm.startswith(".."):
        return None
    return "" if norm == "." else norm


def target_keys(src_uri: str, url: str) -> set[str]:
    """The ways a link can name a page: its source path and its URL, normalised."""
    keys = {_key(src_uri)}
    if src_uri.endswith(".md"):
        keys.add(_key(src_uri[:-3]))
    keys.add(_key(url))
    return keys


def _key(path: str) -> str:
    path = posixpath.normpath(path.strip("/")) if path.strip("/") else ""
    for suffix in ("/index.html", "/index.md", ".html", ".md"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if path in ("index", "."):
        path = ""
    return path


def resolves_to(target: str, src_uri: str, page_url: str, keys: set[str]) -> bool:
    """Does a link written in the page src_uri (at page_url) point at one of keys?

    Markdown links are relative to the source file, HTML links to the page's URL:
    a link is checked both ways.
    """
    bases = {posixpath.dirname(src_uri)}
    bases.add(page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url))
    for base in bases:
        path = site_path(target, base)
        if path is not None and _key(path) in keys:
            return True
    return False


_TEXT = r"(?:[^\[\]\\\n]|\\.|\[[^\[\]\n]*\])*"
_INLINE_LINK = re.compile(
    rf"(?<!!)\[(?P<text>{_TEXT})\]\(\s*(?P<target><[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
)
_REF_DEF = re.compile(
    r"^[ ]{0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*(?P<target><[^>\n]*>|\S+)[^\n]*(?:\n|$)", re.MULTILINE
)
_REF_USE = re.compile(rf"(?<!!)\[(?P<text>{_TEXT})\](?:\[(?P<label>[^\]\n]*)\])?(?![(:])")
_HTML_LINK = re.compile(
    r"<a\b[^>]*?\bhref\s*=\s*(?P<q>[\"']?)(?P<target>[^\"'\s>]+)(?P=q)[^>]*>(?P<text>.*?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)
_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.DOTALL)


def code_spans(markdown: str) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks and inline code spans: links there are left alone."""
    spans: list[tuple[int, int]] = []
    offset = 0
    fence: str | None = None
    start = 0
    text_start = 0
    for line in markdown.splitlines(keepends=True):
        bare = line.strip()
        if fence is None:
            m = _FENCE_OPEN.match(line)
            if m:
                spans.extend(_inline_code(markdown, text_start, offset))
                fence, start = m.group("fence"), offset
        elif bare.startswith(fence[0] * len(fence)) and not bare.strip(fence[0]):
            spans.append((start, offset + len(line)))
            fence = None
            text_start = offset + len(line)
        offset += len(line)
    if fence is not None:  # an unclosed fence is not code in Python-Markdown: treat it as text
        spans.extend(_inline_code(markdown, start, len(markdown)))
    else:
        spans.extend(_inline_code(markdown, text_start, len(markdown)))
    return sorted(spans)


def _inline_code(markdown: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for m in _CODE_SPAN.finditer(markdown, start, end):
        yield m.start(), m.end()


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def unlink_private(
    markdown: str, src_uri: str, page_url: str, keys: set[str]
) -> tuple[str, list[int]]:
    """Links to private pages replaced by their text; the (0-based) lines they were on.

    Inline links, reference links (the definition is removed too) and HTML
    `<a href>` are handled; links inside code and inside `/// private` blocks are
    left alone (the block goes away as a whole).
    """
    if not keys or ("](" not in markdown and "]:" not in markdown and "<a" not in markdown.lower()):
        return markdown, []
    skip = sorted(code_spans(markdown) + private_block_spans(markdown))
    hits: list[int] = []

    def private(target: str) -> bool:
        return resolves_to(target.strip("<>"), src_uri, page_url, keys)

    labels: set[str] = set()
    for m in _REF_DEF.finditer(markdown):
        if not _inside(m.start(), skip) and private(m.group("target")):
            labels.add(_label(m.group("label")))

    # (start, end, replacement, is a link) on the original text, applied in one pass
    edits: list[tuple[int, int, str, bool]] = []
    for m in _INLINE_LINK.finditer(markdown):
        if private(m.group("target")):
            edits.append((m.start(), m.end(), m.group("text"), True))
    if "<a" in markdown.lower():
        for m in _HTML_LINK.finditer(markdown):
            if private(html.unescape(m.group("target"))):
                edits.append((m.start(), m.end(), m.group("text"), True))
    if labels:
        for m in _REF_DEF.finditer(markdown):
            if _label(m.group("label")) in labels:
                edits.append((m.start(), m.end(), "\n" if m.group(0).endswith("\n") else "", False))
        for m in _REF_USE.finditer(markdown):
            if _label(m.group("label") or m.group("text")) in labels:
                edits.append((m.start(), m.end(), m.group("text"), True))
    out: list[str] = []
    last = 0
    for start, end, text, is_link in sorted(edits, key=lambda e: (e[0], -e[1])):
        if start < last or _inside(start, skip):
            continue
        out.append(markdown[last:start])
        out.append(text)
        last = end
        if is_link:
            hits.append(markdown.count("\n", 0, start))
    out.append(markdown[last:])
    return "".join(out), sorted(set(hits))


def _label(label: str) -> str:
    return " ".join(label.lower().split())


# --- attachments -------------------------------------------------------------------

_ATTACH = re.compile(
    r"\]\(\s*<?(?P<a>[^\s)>]+)"
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<b>[^\s>]+)"
    r"|\b(?:src|href|data|poster)\s*=\s*[\"'](?P<c>[^\"']+)[\"']"
    r"|\bsrcset\s*=\s*[\"'](?P<d>[^\"']+)[\"']",
    re.MULTILINE | re.IGNORECASE,
)


def attachment_refs(markdown: str, src_uri: str, page_url: str) -> set[str]:
    """Every docs_dir path a page's Markdown or HTML may point at (resolved both ways)."""
    found: set[str] = set()
    bases = {posixpath.dirname(src_uri)}
    bases.add(page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url))
    for m in _ATTACH.finditer(markdown):
        targets = [m.group("a") or m.group("b") or m.group("c") or ""]
        if m.group("d"):
            targets = [part.strip().split(" ")[0] for part in m.group("d").split(",")]
        for target in targets:
            for base in bases:
                path = site_path(target, base)
                if path:
                    found.add(path)
    return found


def mentions_any(body: str, data: Any, ids: set[str]) -> bool:
    """Does a page name any of these ids (or hold a careerlog listing)?

    Used to make pages stale in a `--dirty` build: a page that may show an entry
    which has since become private must be rendered again.
    """
    if not ids:
        return False
    words = set(_WORD.findall(body))
    words.update(_strings(data))
    return not words.isdisjoint(ids) or "careerlog" in words


def quotes_private(
    text: str, private_markers: Iterable[Marker], private_ids: Iterable[str]
) -> bool:
    """Does a message quote a private entry: the text of one of its markers (a URL with or
    without its closing slash), or any private id as a word, distinctive or not?"""
    if not set(_WORD.findall(text)).isdisjoint(private_ids):
        return True
    return any(marker.text.rstrip("/") in text for marker in private_markers)


# --- navigation --------------------------------------------------------------------


def drop_from_nav(nav: list[Any] | None, keys: set[str]) -> list[Any] | None:
    """The `nav:` of mkdocs.yml without any item naming a private entry.

    `keys` are the private pages' normalised paths and URLs (see `target_keys`);
    an item naming one, with or without a title, an anchor or a leading `./`,
    goes; a section left empty goes too.
    """
    if nav is None or not keys:
        return nav

    def private(value: str) -> bool:
        path = site_path(value, "")
        return path is not None and _key(path) in keys

    def keep(item: Any) -> Any:
        if isinstance(item, str):
            return None if private(item) else item
        if isinstance(item, dict):
            out = {}
            for title, value in item.items():
                kept = keep(value)
                if kept is not None and kept != []:
                    out[title] = kept
            return out or None
        if isinstance(item, list):
            return [k for k in (keep(i) for i in item) if k is not None]
        return item

    return [k for k in (keep(i) for i in nav) if k is not None]


# --- the audit ---------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    text: str
    kind: str  # "URL" | "id" | "title"


@dataclass(frozen=True)
class Leak:
    file: str
    line: int
    kind: str


_WORD = re.compile(r"[\w-]+")


def markers(
    journal: Journal, private_urls: Iterable[str] = (), extra: Iterable[Journal] = ()
) -> list[Marker]:
    """What must never appear in a published site (see the module's docstring)."""
    private = [e for j in (journal, *extra) for e in j.entries if e.private]
    public = [e for e in journal.entries if not e.private]
    vocabulary = _vocabulary(journal, public)
    public_titles = {e.title for e in public}
    found: set[Marker] = set()
    for url in private_urls:
        url = url.strip("/")
        if url:
            found.add(Marker(url + ("/" if "." not in url.rsplit("/", 1)[-1] else ""), "URL"))
    for entry in private:
        if not entry.in_private_dir:
            found.add(Marker(entry.path, "URL"))
        for word in {entry.id, PurePosixPath(entry.path).stem}:
            if _distinctive_word(word) and word not in vocabulary:
                found.add(Marker(word, "id"))
        title = " ".join(entry.title.split())
        if _distinctive_title(title, public_titles, vocabulary):
            found.add(Marker(title, "title"))
    return sorted(found, key=lambda m: (m.kind, m.text))


def _distinctive_title(title: str, public_titles: set[str], vocabulary: set[str]) -> bool:
    if len(title.split()) < 2 and len(title) < 10:
        return False
    folded = title.lower()
    if folded in {t.lower() for t in public_titles} or folded.replace(" ", "-") in vocabulary:
        return False
    return folded not in _template_text()


def _distinctive_word(word: str) -> bool:
    return len(word) >= 3 and bool(re.search(r"[-\d]", word))


def _vocabulary(journal: Journal, public: list[Any]) -> set[str]:
    words = set(_product_words())
    words.update(journal.options.skills)
    words.update(journal.options.stages)
    for entry in public:
        words.add(entry.id)
        words.add(PurePosixPath(entry.path).stem)
        # references name other entries, perhaps private ones: they are no vocabulary
        refs = reference_fields(entry.type)
        data = entry.source.data or {}
        words.update(_strings({k: v for k, v in data.items() if k not in refs}))
    return words


def _strings(value: Any) -> list[str]:
    """Every string in nested data (keys included), and every word of them."""
    found = list(_json_strings(value))
    return found + _WORD.findall("\n".join(found))


@cache
def _product_words() -> frozenset[str]:
    """Words careerlog itself prints: enum values of the schema, words of the templates."""
    words: set[str] = set(TYPES)
    for entry_type in TYPES:
        model = model_for(entry_type)
        if model is not None:
            words.update(_strings(_enums(model.model_json_schema())))
    words.update(_WORD.findall(_template_text()))
    return frozenset(words)


@cache
def _template_text() -> str:
    """careerlog's own templates, lower-cased: a title they print is no evidence."""
    templates = resources.files("careerlog").joinpath("templates")
    return "\n".join(
        item.read_text("utf-8").lower()
        for item in templates.iterdir()
        if item.name.endswith(".html")
    )


def _enums(schema: Any) -> list[Any]:
    out: list[Any] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("enum", "const"):
                out.extend(value if isinstance(value, list) else [value])
            else:
                out.extend(_enums(value))
    elif isinstance(schema, list):
        for item in schema:
            out.extend(_enums(item))
    return out


# A JSON string escape: a surrogate pair, one \uXXXX, or a backslash and one character.
_JSON_ESCAPE = re.compile(
    r"\\(?:u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|(.))",
    re.DOTALL,
)
_JSON_SIMPLE = {
    '"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"
}


def _json_unescape(text: str) -> str:
    """JSON text with its string escapes undone: the strings read as a program reads them.

    Outside its strings valid JSON has no backslash, so this is every string of the
    file decoded, in place, and it needs no parse of the whole document.
    """

    def one(found: re.Match[str]) -> str:
        high, low, code, char = found.groups()
        if high is not None:
            return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))
        if code is not None:
            value = int(code, 16)
            # half a surrogate pair is no character (and no marker holds one)
            return "\ufffd" if 0xD800 <= value <= 0xDFFF else chr(value)
        return _JSON_SIMPLE.get(char, found.group())  # not an escape: left as written

    return _JSON_ESCAPE.sub(one, text)


def _json_strings(value: Any) -> Iterator[str]:
    """Every string in decoded JSON, keys included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _pattern(marker: Marker) -> re.Pattern[str]:
    text = re.escape(marker.text)
    if marker.kind == "URL":
        # a URL counts where a link could start it: not inside a longer word or path
        # segment (`other/notes/` is not `notes/`), but after `/`, `./`, quotes or space
        head = r"(?<![\w.-])" if "/" in marker.text.rstrip("/") else r"(?<![\w.-])(?<![\w-]/)"
        tail = r"(?![\w-])" if not marker.text.endswith("/") else r"(?![\w-]|\.html)"
        return re.compile(head + text + tail)
    if marker.kind == "id":
        return re.compile(r"(?<![\w-])" + text + r"(?![\w-])")
    return re.compile(r"(?<![\w])" + r"\s+".join(map(re.escape, marker.text.split())) + r"(?!\w)")


# Every character that `\s` matches and `str.split()` splits on (a test keeps this
# equal to the characters for which `str.isspace()` is true)
WHITESPACE = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)


def _openings(marker: Marker) -> set[str]:
    """Literals one of which begins every match of the marker's pattern.

    A URL or an id is its own literal. A title's words may be separated by any
    run of white space (a wrapped line), so its match begins with the first two
    words one space apart, or with the first word and a run of white space that
    is not one plain space.
    """
    if marker.kind != "title":
        return {marker.text}
    words = marker.text.split()
    if len(words) == 1:
        return {words[0]}
    first = words[0]
    return (
        {f"{first} {words[1]}"}
        | {first + c for c in WHITESPACE if c != " "}
        | {first + " " + c for c in WHITESPACE}
    )


class _Finder:
    """Every marker located in a text in one pass over it (an Aho-Corasick automaton).

    The automaton finds the places where a marker's match could begin (see
    `_openings`); the marker's precise pattern is then matched right there. A
    regular expression that begins with a look-behind cannot be searched for
    quickly, so none is ever searched through a whole text.

    Texts come as pieces and are never held whole: the search keeps only the end
    of what it has read, back to the earliest place whose match the text still to
    come could decide.
    """

    def __init__(self, markers: list[Marker]) -> None:
        self._markers = markers
        self._patterns: dict[int, re.Pattern[str]] = {}  # compiled when first needed
        by_literal: dict[str, list[int]] = {}
        for index, marker in enumerate(markers):
            for literal in _openings(marker):
                by_literal.setdefault(literal, []).append(index)
        self._literals = list(by_literal)
        self._longest = max(map(len, self._literals))
        self._markers_of = [tuple(by_literal[literal]) for literal in self._literals]
        # a DFA searches twice as fast as the contiguous NFA but holds about 1.5 KB a
        # literal (3.6 MB for the 2400 of a 1000-entry journal, 10 MB for the 4600 of
        # 5000 entries, against 0.3 MB): past _DFA_LITERALS the NFA keeps memory down
        implementation = (
            ahocorasick_rs.Implementation.DFA
            if len(self._literals) <= _DFA_LITERALS
            else ahocorasick_rs.Implementation.ContiguousNFA
        )
        self._automaton = ahocorasick_rs.AhoCorasick(self._literals, implementation=implementation)
        # a title's match reads its words' characters and one more; white space
        # between them may run on, so what decides a match is counted without it
        self._decided_after = [
            _non_space(m.text) + 1 if m.kind == "title" else len(m.text) + len(".html")
            for m in markers
        ]
        self._decided_by_all = max(self._decided_after)

    def first_lines(self, texts: Iterable[Iterable[str]]) -> dict[int, int]:
        """marker index -> the line of its first match, over texts (each given as
        pieces) in order: a marker found in an earlier text keeps that line."""
        found: dict[int, int] = {}
        for pieces in texts:
            for index, line in self._first_in(pieces).items():
                found.setdefault(index, line)
        return found

    def _first_in(self, pieces: Iterable[str]) -> dict[int, int]:
        first: dict[int, int] = {}  # marker index -> line
        pending: list[tuple[int, int]] = []  # (start, marker index) not yet decidable
        buf, base, lines = "", 0, 0  # buf begins at offset base, after `lines` line ends
        taken = 0  # openings that start before this offset have been looked at
        reach = self._longest - 1
        upcoming = iter(pieces)
        piece = next(upcoming, None)
        while piece is not None:
            following = next(upcoming, None)
            last = following is None
            buf += piece
            end = base + len(buf)
            # an opening is taken once its whole literal has been read
            until = end if last else max(taken, end - reach)
            # every match that starts up to `settled` is decided by what has been read
            settled = len(buf) if last else self._settled_before(buf)
            waiting, pending = pending, []
            candidates = itertools.chain(
                ((start - base, index) for start, index in waiting),
                (
                    (at, index)
                    for literal, at in self._openings_in(buf, taken - base, until - base)
                    for index in self._markers_of[literal]
                ),
            )
            for at, index in candidates:
                if index in first:  # candidates come by start; a later one decides no sooner
                    continue
                if at > settled and not self._decided(index, buf, at):
                    pending.append((base + at, index))
                    continue
                pattern = self._patterns.get(index)
                if pattern is None:
                    pattern = self._patterns[index] = _pattern(self._markers[index])
                if pattern.match(buf, at):
                    first[index] = lines + buf.count("\n", 0, at) + 1
            taken = until
            # keep what a pending match or a look-behind may still need
            keep = max(base, min([taken, *(start for start, _ in pending)]) - _BEHIND)
            lines += buf.count("\n", 0, keep - base)
            buf, base = buf[keep - base :], keep
            piece = following
        return first

    def _settled_before(self, text: str) -> int:
        """An offset of the text up to which every marker's match is decided (-1: none)."""
        need = self._decided_by_all
        tail = 2 * need + 16
        while tail < len(text) and _non_space(text[-tail:]) < need:
            tail *= 2
        return len(text) - tail if tail < len(text) else -1

    def _decided(self, index: int, text: str, at: int) -> bool:
        """Whether text[at:] is long enough for the marker's pattern to give its final
        answer there, whatever text follows."""
        need = self._decided_after[index]
        if self._markers[index].kind != "title":
            return len(text) - at >= need
        return _non_space(text[at:]) >= need  # only asked near the end of what was read

    def _openings_in(self, text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
        """(literal, start) of every opening in the text that starts in [lo, hi), by start.

        The automaton is run on windows of the text (it allocates several bytes a
        character of what it is given); a window reaches as far past its end as the
        longest literal needs, and keeps only the openings that start inside it.
        """
        reach = self._longest - 1
        for begin in range(lo, hi, _WINDOW):
            stop = min(begin + _WINDOW, hi)
            window = text[begin : stop + reach]
            hits = self._automaton.find_matches_as_indexes(window, overlapping=True)
            for literal, start, _end in sorted(hits, key=lambda hit: hit[1]):
                if start < stop - begin:
                    yield literal, begin + start


def _non_space(text: str) -> int:
    """How many characters of the text are not white space."""
    return len("".join(text.split()))


_WINDOW = 1 << 18
_DFA_LITERALS = 3000
_BEHIND = 8  # the longest look-behind of a marker's pattern is two characters


class _Seen:
    """What the first reading of a file met: which other readings it needs."""

    amp = False
    backslash = False

    def note(self, pieces: Iterable[str]) -> Iterator[str]:
        for piece in pieces:
            self.amp = self.amp or "&" in piece
            self.backslash = self.backslash or "\\" in piece
            yield piece


def _versions(
    read: Callable[[], Iterator[str]], name: str, keep_entities: bool
) -> Iterator[Iterator[str]]:
    """A file's text as a reader gets it, one version after another, each as pieces.

    First with HTML entities undone; for JSON, then with its string escapes
    undone as well. Text with its entities undone holds every marker the raw
    text holds, unless the marker itself contains `&` (then keep_entities adds
    the raw text too). Each version reads the file again: none is ever held whole.
    """
    seen = _Seen()
    yield map(html.unescape, seen.note(_pieces(read())))
    if keep_entities and seen.amp:
        yield _pieces(read())
    if name.endswith((".json", ".json.gz")) and seen.backslash:
        yield (html.unescape(_json_unescape(piece)) for piece in _pieces(read()))
        if keep_entities:
            yield map(_json_unescape, _pieces(read()))


_READ = 1 << 20  # bytes read at a time
_LAST_SPACE = re.compile(r"\s(?=\S*\Z)")


def _last_space(text: str) -> re.Match[str] | None:
    """The text's last white space character (searched from the end back)."""
    tail = 256
    while True:
        found = _LAST_SPACE.search(text, max(len(text) - tail, 0))
        if found is not None or tail >= len(text):
            return found
        tail *= 4


def _pieces(chunks: Iterable[str]) -> Iterator[str]:
    """The text of the chunks again, cut only right after white space.

    A JSON escape never holds white space; an HTML character reference may end
    without `;` and is then read up to the longest name it starts with, which
    white space always ends. So each piece is undone exactly as the whole text
    would be, and what undoing allocates stays small (a test compares the two
    on random texts).
    """
    text = ""
    for chunk in chunks:
        text += chunk
        # a cut is looked for in the new chunk only: text without white space is
        # not searched again on every chunk
        if len(text) >= _READ and (cut := _last_space(chunk)) is not None:
            end = len(text) - len(chunk) + cut.end()
            yield text[:end]
            text = text[end:]
    if text:
        yield text


def _decoded(path: Path, encoding: str, unzip: bool) -> Iterator[str]:
    """A file's text, decoded as it is read."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with gzip.open(path) if unzip else path.open("rb") as stream:
        while block := stream.read(_READ):
            yield decoder.decode(block)
    yield decoder.decode(b"", final=True)


def _is_gzip(path: Path) -> bool:
    try:
        with gzip.open(path) as stream:
            while stream.read(_READ):
                pass
    except (OSError, EOFError, zlib.error):
        return False
    return True


def _file_first_lines(finder: _Finder, path: Path, rel: str, keep_entities: bool) -> dict[int, int]:
    """marker index -> first line it occurs on in a file, read as UTF-8 or else Latin-1,
    decompressed first when it is a `.gz` file that decompresses."""
    unzip = rel.endswith(".gz") and _is_gzip(path)
    if not unzip and path.stat().st_size <= _READ:  # most pages: read once, held whole
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        return finder.first_lines(_versions(partial(iter, (text,)), path.name, keep_entities))
    try:
        read = partial(_decoded, path, "utf-8", unzip)
        return finder.first_lines(_versions(read, path.name, keep_entities))
    except UnicodeDecodeError:
        read = partial(_decoded, path, "latin-1", unzip)
        return finder.first_lines(_versions(read, path.name, keep_entities))


def audit(site_dir: Path, private_markers: Iterable[Marker]) -> list[Leak]:
    """Every output file (by relative path) where a marker occurs, with the line.

    Files are read one at a time and searched for every marker at once, so the
    audit costs about one pass over the site's bytes, whatever the number of
    private entries. It runs in the build's own process: a forked copy would hold its
    own pages of everything the build writes meanwhile, at the build's largest.
    """
    markers = list(dict.fromkeys(private_markers))
    if not markers:
        return []
    finder = _Finder(markers)
    keep_entities = any("&" in marker.text for marker in markers)
    leaks: list[Leak] = []
    for rel, path in _files_in(site_dir):
        in_name = finder.first_lines([[rel]])
        in_text = _file_first_lines(finder, path, rel, keep_entities)
        for index in sorted(in_name.keys() | in_text.keys()):
            line = 0 if index in in_name else in_text[index]
            leaks.append(Leak(rel, line, markers[index].kind))
    return leaks


def _files_in(root: Path) -> list[tuple[str, Path]]:
    """Every file under root with its path relative to root, in the order of their
    paths' parts (as sorted Paths come, and following links to folders as rglob
    does): scandir knows most entries' kind without a stat of its own, which makes
    this three times as fast as rglob."""
    found: list[tuple[tuple[str, ...], Path]] = []
    folders: list[tuple[tuple[str, ...], str]] = [((), str(root))]
    while folders:
        parts, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    folders.append(((*parts, entry.name), entry.path))
                elif entry.is_file():
                    found.append(((*parts, entry.name), Path(entry.path)))
    return [("/".join(parts), path) for parts, path in sorted(found, key=lambda item: item[0])]


class LeakError(Exception):
    pass


def audit_or_fail(site_dir: Path, private_markers: Iterable[Marker]) -> None:
    """Fail (and delete the leaking files) if site_dir holds any of the markers (see
    `markers`) of the private entries.

    The message names output files and lines and what was found (a URL, id or
    title), never the private text itself: build logs are often public.
    """
    leaks = audit(site_dir, private_markers)
    if not leaks:
        return
    files = sorted({leak.file for leak in leaks})
    for leaked in files:  # never leave a leaking file behind
        (site_dir / leaked).unlink(missing_ok=True)
    where = "; ".join(
        leak.file
        + (f" line {leak.line}" if leak.line else " (its name)")
        + f": the {leak.kind} of a private entry"
        for leak in leaks[:10]
    )
    more = f" and {len(leaks) - 10} more" if len(leaks) > 10 else ""
    raise LeakError(
        f"careerlog: the published site would contain private text, so the build stops and "
        f"these files were deleted from site_dir: {where}{more}. Remove the private text from "
        "the public page that shows it, or make the entry public"
    )
