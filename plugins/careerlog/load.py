"""File -> front matter with line marks, YAML traps caught here.

careerlog never trusts MkDocs' own front-matter parse (it swallows YAML
errors and publishes the raw block as text).  Files are read here, the
front matter is split with the same delimiters MkDocs uses, and the YAML is
built from libyaml's *events* rather than constructed by PyYAML: that keeps
the line of every key and value, lets duplicate keys, anchors, aliases,
merge keys, tags and non-string keys be reported instead of believed, and
never expands an alias (so an alias bomb costs nothing).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import BaseHandler

from careerlog.problems import Problem

try:  # the C parser is about 8x faster; fall back to pure Python without it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
_ALLOWED_TAGS = {"tag:yaml.org,2002:str"}  # `!!str 1.10` is a fair way to say "text"
_resolver = yaml.resolver.Resolver()


_TAG_CACHE: dict[str, str] = {}  # short plain scalars (keys, statuses, dates) repeat a lot
_TAG_CACHE_SIZE = 4096
_SHORT = 40  # characters: values this short are remembered (tags) and shared


def _implicit_tag(event: yaml.ScalarEvent) -> str:
    """The tag YAML 1.1 gives a plain scalar (`no` -> bool, `01234` -> int, ...)."""
    value: str = event.value
    tag = _TAG_CACHE.get(value)
    if tag is not None:
        return tag
    tag = _resolver.resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, value, (True, False)
    )
    if tag == "tag:yaml.org,2002:value":  # a lone `=`: PyYAML resolves it but cannot build it
        tag = "tag:yaml.org,2002:str"
    if len(value) <= _SHORT:
        if len(_TAG_CACHE) >= _TAG_CACHE_SIZE:
            _TAG_CACHE.clear()
        _TAG_CACHE[value] = tag
    return tag


def _events(text: str) -> list[yaml.Event]:
    """Every libyaml event of a text (raises yaml.YAMLError before any is used)."""
    if _Loader is not getattr(yaml, "CSafeLoader", None):  # pragma: no cover - pure Python
        return list(yaml.parse(text, Loader=_Loader))
    loader = _Loader(text)
    try:
        # the C parser returns None after the stream's end: no Python generator per event
        return list(iter(loader.get_event, None))
    finally:
        loader.dispose()
_constructor = yaml.constructor.SafeConstructor()
_CONSTRUCT = _constructor.yaml_constructors  # tag -> function(constructor, node)
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR, _SEQUENCE, _MAPPING = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
_ALIAS = yaml.AliasEvent


class CareerlogHandler(BaseHandler):
    """python-frontmatter handler whose delimiters are exactly MkDocs'.

    MkDocs (mkdocs/utils/meta.py) reads front matter only when the very first
    line is `---` and a later line is `---` or `...`; python-frontmatter's own
    YAML handler also accepts leading blank lines and `-----`, strips the
    text (shifting every line number) and returns `{}` on errors.  careerlog
    therefore calls this handler's `split` and `load` itself rather than
    `frontmatter.parse`, so what is judged is what MkDocs publishes.
    """

    FM_BOUNDARY = re.compile(r"^(?:-{3}|\.{3})[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "---"
    _OPEN = re.compile(r"-{3}[ \t]*\n")
    _CLOSE = re.compile(r"^(?:-{3}|\.{3})[ \t]*(?:\n|\Z)", re.MULTILINE)

    def detect(self, text: str) -> bool:
        return self._OPEN.match(text) is not None

    def split(self, text: str) -> tuple[str, str]:
        """(yaml text, body); ValueError when the block is never closed."""
        opening = self._OPEN.match(text)
        if opening is None:
            raise ValueError("no front matter")
        closing = self._CLOSE.search(text, opening.end())
        if closing is None:
            raise ValueError("front matter is never closed")
        return text[opening.end() : closing.start()], text[closing.end() :]

    def load(self, fm: str, **kwargs: object) -> Any:
        return parse_yaml(fm, first_line=2).data

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True).strip()


HANDLER = CareerlogHandler()


@dataclass(slots=True)
class Marks:
    """Where things are in the file: 1-based line numbers by field path."""

    values: dict[Path_, int] = field(default_factory=dict)
    keys: dict[Path_, int] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)  # source text of plain scalars

    def line(self, path: Path_, *, key: bool = False) -> int:
        """The closest known line for a path (falls back to its parents)."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), 1)


@dataclass
class YamlResult:
    data: Any
    marks: Marks
    problems: list[tuple[Path_, int, str]]  # (field path, line, message)
    error: tuple[int, str] | None = None  # a syntax error: nothing else is trustworthy


@dataclass(slots=True)
class Source:
    """One Markdown file as careerlog reads it."""

    path: str  # relative to its root, with forward slashes
    has_front_matter: bool = False
    data: dict[str, Any] | None = None
    marks: Marks = field(default_factory=Marks)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    field_problems: list[tuple[Path_, int, str]] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        """True when the front matter could not be read: privacy is unknown."""
        return any(p.fatal for p in self.problems)

    @property
    def is_entry_candidate(self) -> bool:
        return isinstance(self.data, dict) and "type" in self.data


class _Malformed(Exception):  # noqa: N818 - internal control flow, never escapes
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_source(abs_path: Path, rel_path: str) -> Source:
    """Read one Markdown file; never raises for bad content."""
    src = Source(path=rel_path)
    try:
        raw = abs_path.read_bytes()
    except OSError as exc:
        src.problems.append(_fatal(rel_path, 1, f"cannot be read ({exc.strerror or exc})"))
        return src
    return parse_source(raw, rel_path, src)


def parse_source(raw: bytes, rel_path: str, src: Source | None = None) -> Source:
    src = src or Source(path=rel_path)
    try:
        text = _decode(raw)
    except _Malformed as exc:
        src.problems.append(_fatal(rel_path, exc.line, exc.message))
        return src
    # Python's universal newlines, as MkDocs reads files: CRLF and lone CR are line ends.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        _split_into(src, text)
    except _Malformed as exc:
        src.problems.append(_fatal(rel_path, exc.line, exc.message))
    return src


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise _Malformed(
            1, f"is {len(raw):,} bytes, over careerlog's limit of {MAX_FILE_BYTES:,} bytes"
        )
    # UTF-16 without a byte order mark decodes as "valid" UTF-8 full of NUL bytes
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
        raise _Malformed(1, "is UTF-16 encoded (or holds NUL bytes); save it as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start : exc.start + 1].hex().upper()
        raise _Malformed(
            line, f"is not valid UTF-8 (byte 0x{byte} on line {line}); save it as UTF-8"
        ) from None


_LOOKS_LIKE_FM = re.compile(r"\A[ \t\n]*-{3,}[ \t]*\n")


# MkDocs' MultiMarkdown metadata (mkdocs/utils/meta.py): `key: value` lines at the very top
_META_LINE = re.compile(r"[ ]{0,3}([A-Za-z0-9_-]+):")
_META_MORE = re.compile(r"(?:[ ]{4}|\t)")


def _bare_metadata(text: str) -> int | None:
    """The line of a `type:` or `visibility:` key MkDocs would take as metadata."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            return None
        found = _META_LINE.match(line)
        if found is None:
            if _META_MORE.match(line) and number > 1:
                continue
            return None
        if found.group(1).lower() in ("type", "visibility"):
            return number
    return None


def _split_into(src: Source, text: str) -> None:
    if not HANDLER.detect(text):
        looks = _LOOKS_LIKE_FM.match(text)
        if looks:
            line = text.count("\n", 0, looks.end() - 1) + 1
            raise _Malformed(
                line,
                "starts like front matter, but MkDocs reads front matter only when the first "
                "line is exactly '---' (no blank lines, spaces or extra dashes before it); "
                "fix the opening line",
            )
        meta = _bare_metadata(text)
        if meta is not None:
            raise _Malformed(
                meta,
                "looks like front matter without its '---' lines: MkDocs reads these lines as "
                "metadata and hides them, careerlog cannot tell whether the page may be "
                "published; add a '---' line before and after them",
            )
        src.body = text
        return
    src.has_front_matter = True
    try:
        fm, body = HANDLER.split(text)
    except ValueError:
        raise _Malformed(
            1, "front matter is never closed: add a line with '---' after the last field"
        ) from None
    src.body = body
    src.body_line = fm.count("\n") + 3
    result = parse_yaml(fm, first_line=2)
    if result.error is not None:
        raise _Malformed(*result.error)
    src.marks = result.marks
    if result.data is None:  # an empty block: an ordinary page without metadata
        src.data = {}
        return
    if not isinstance(result.data, dict):
        kind = "a list" if isinstance(result.data, list) else "a single value"
        raise _Malformed(2, f"front matter must be a mapping of keys to values, not {kind}")
    src.data = result.data
    src.field_problems = result.problems


def _fatal(file: str, line: int, message: str) -> Problem:
    return Problem(file=file, line=line, field="", message=message, fatal=True)


# --- YAML from events --------------------------------------------------------------


_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
_YAML_BREAKS = re.compile("[\n\x85\u2028\u2029]")


def _line_map(text: str) -> list[int] | None:
    """libyaml also ends lines at U+0085, U+2028 and U+2029; editors (and MkDocs' line
    count) do not.  Map libyaml's 0-based line numbers to the text's, when they differ."""
    if not _YAML_ONLY_BREAKS.search(text):
        return None
    out = [0]
    for found in _YAML_BREAKS.finditer(text):
        out.append(out[-1] + (found.group() == "\n"))
    return out


def _text_line(yaml_line: int, table: list[int] | None) -> int:
    if table is None or not 0 <= yaml_line < len(table):
        return yaml_line
    return table[yaml_line]


_UNCLOSED = {
    "while parsing a flow sequence": "[ list",
    "while parsing a flow mapping": "{ mapping",
    "while scanning a quoted scalar": "quote",
}


def parse_yaml(text: str, first_line: int = 1) -> YamlResult:
    """Build plain Python data from libyaml events, with marks and trap reports."""
    marks = Marks()
    problems: list[tuple[Path_, int, str]] = []
    table = _line_map(text)
    try:
        events = _events(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context == "while scanning a simple key" and exc.context_mark:
            mark = exc.context_mark  # the line missing its ':', not the next one
        opened = _UNCLOSED.get(exc.context or "")
        if opened and exc.context_mark:
            mark = exc.context_mark  # where the bracket or quote was opened, not where it ran out
        at = _text_line(mark.line, table) if mark else 0
        line = first_line + at
        bad_line = text.split("\n")[at] if at < text.count("\n") + 1 else ""
        hint = exc.problem or "invalid YAML"
        if opened:
            hint += f" (the {opened} opened on this line is never closed)"
        if "\t" in bad_line:
            hint += " (YAML cannot indent with tabs; use spaces)"
        error = (line, f"front matter is not valid YAML: {hint}")
        return YamlResult(None, marks, problems, error=error)
    except yaml.reader.ReaderError as exc:  # control characters: located by offset, not mark
        line = first_line + text.count("\n", 0, exc.position)
        return YamlResult(
            None,
            marks,
            problems,
            error=(
                line,
                f"front matter holds the control character U+{exc.character:04X}, which YAML "
                "does not allow; remove it",
            ),
        )
    except yaml.YAMLError as exc:  # pragma: no cover - every other error carries a mark
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
        line = first_line + (_text_line(mark.line, table) if mark else 0)
        return YamlResult(None, marks, problems, error=(line, "front matter is not valid YAML"))
    builder = _Builder(first_line, marks, problems, table)
    stream = iter(events)
    data = builder.document(stream)
    return YamlResult(data, marks, problems)


class _Builder:
    def __init__(
        self,
        first_line: int,
        marks: Marks,
        problems: list[tuple[Path_, int, str]],
        table: list[int] | None = None,
    ):
        self.first = first_line
        self.marks = marks
        self.problems = problems
        self.table = table

    def _line(self, event: yaml.Event) -> int:
        mark = event.start_mark
        if mark is None:  # pragma: no cover - both parsers mark every event
            return self.first
        return self.first + (mark.line if self.table is None else _text_line(mark.line, self.table))

    def document(self, events: Iterator[yaml.Event]) -> Any:
        data: Any = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                value = self.node(next(events), events, (), 0)
                if documents == 1:
                    data = value
                else:
                    line = self._line(event)
                    self.problems.append(((), line, "holds more than one YAML document"))
        return data

    # Every key and value of every file passes through node(): it dispatches on the exact
    # event class (the parsers make no subclasses) and keeps plain text on a short path.

    def node(self, event: yaml.Event, events: Iterator[yaml.Event], path: Path_, depth: int) -> Any:
        line = self._line(event)
        self.marks.values[path] = line
        kind = type(event)
        if kind is _ALIAS:
            self.problems.append(
                (path, line, "uses a YAML alias (*name); write the value out instead")
            )
            return None
        if event.anchor is not None:  # type: ignore[attr-defined]
            self.problems.append(
                (path, line, "uses a YAML anchor (&name); anchors and aliases are not allowed")
            )
        tag = event.tag  # type: ignore[attr-defined]
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            self.problems.append(
                (path, line, f"uses the YAML tag {_short_tag(tag)}; tags are not allowed")
            )
        if depth > MAX_DEPTH:
            self.problems.append((path, line, f"is nested deeper than {MAX_DEPTH} levels"))
            self._skip(event, events)
            return None
        if kind is _SCALAR:
            if tag is not None or event.style:  # type: ignore[attr-defined]
                return event.value  # type: ignore[attr-defined]  # quoted or tagged: text
            return self.scalar(event, path, line)  # type: ignore[arg-type]
        if kind is _SEQUENCE:
            items: list[Any] = []
            while type(item_event := next(events)) is not yaml.SequenceEndEvent:
                items.append(self.node(item_event, events, (*path, len(items)), depth + 1))
            return items
        if kind is _MAPPING:
            return self.mapping(events, path, depth)
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def mapping(self, events: Iterator[yaml.Event], path: Path_, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        keys = self.marks.keys
        while True:
            key_event = next(events)
            kind = type(key_event)
            if kind is yaml.MappingEndEvent:
                return out
            key_line = self._line(key_event)
            key = self._key(key_event, events, path, key_line)
            if key is None:  # reported; skip its value
                self._skip(next(events), events)
                continue
            value_path: Path_ = (*path, key)
            if key in out:
                first = keys.get(value_path, key_line)
                self.problems.append(
                    (
                        value_path,
                        key_line,
                        f"is given twice (also on line {first}); YAML would silently keep only "
                        "the last one — remove one of them",
                    )
                )
                # keep the first and its marks; parse the duplicate only to move on
                self.node(next(events), events, (*path, f"?{key_line}"), depth + 1)
                continue
            keys[value_path] = key_line
            out[key] = self.node(next(events), events, value_path, depth + 1)

    def _key(
        self,
        event: yaml.Event,
        events: Iterator[yaml.Event],
        path: Path_,
        line: int,
    ) -> str | None:
        if type(event) is not _SCALAR:
            self.problems.append((path, line, "has a key that is not text (a list or mapping)"))
            self._skip(event, events)
            return None
        if event.tag is not None and event.tag not in _ALLOWED_TAGS and event.tag != "!":
            self.problems.append((path, line, f"uses the YAML tag {_short_tag(event.tag)}"))
            return None
        if not event.style and event.tag is None:
            resolved = _implicit_tag(event)
            if resolved == _MERGE:
                self.problems.append(
                    ((*path, "<<"), line, "uses a YAML merge key (<<); write the keys out instead")
                )
                return None
            if resolved != _STR:
                kind = _KIND.get(resolved, "a non-text value")
                self.problems.append(
                    (
                        (*path, event.value),
                        line,
                        f"the key {event.value!r} is read by YAML as {kind}; "
                        "keys must be text — put it in quotes",
                    )
                )
                return None
        key: str = event.value
        if len(key) > 200:
            self.problems.append((path, line, "has a key longer than 200 characters"))
            return None
        return sys.intern(key)  # every entry repeats the same few keys: one copy of each

    def scalar(self, event: yaml.ScalarEvent, path: Path_, line: int) -> Any:
        """A plain, untagged scalar: text, or what YAML 1.1 reads it as."""
        tag = _implicit_tag(event)
        if tag == _STR:
            value: str = event.value
            # short plain text repeats (types, statuses, skill ids, tags): one copy of each
            return sys.intern(value) if len(value) <= _SHORT else value
        self.marks.raw[path] = event.value
        if tag == _MERGE:  # `<<` alone: PyYAML has no value for it
            self.problems.append(
                (path, line, "is '<<', which YAML reads as a merge key; put it in quotes")
            )
            return _INVALID
        try:
            value = _CONSTRUCT[tag](_constructor, yaml.ScalarNode(tag, event.value))
        except ValueError:  # 2026-02-30 and friends: the regex matched, the calendar didn't
            self.problems.append(
                (path, line, "is not a real date (expected YYYY-MM-DD)")
            )
            return _INVALID
        if isinstance(value, dt.datetime):
            self.problems.append(
                (
                    path,
                    line,
                    "is a date and time; careerlog dates are YYYY-MM-DD",
                )
            )
            return _INVALID
        return value

    def _skip(self, event: yaml.Event, events: Iterator[yaml.Event]) -> None:
        """Consume the rest of a node without building it."""
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            level = 1
            while level:
                inner = next(events)
                if isinstance(inner, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                    level += 1
                elif isinstance(inner, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                    level -= 1


class _Invalid:
    """Stands for a value already reported at load time (kept out of validation)."""

    def __repr__(self) -> str:
        return "<invalid>"


_INVALID = _Invalid()


def is_invalid(value: object) -> bool:
    return value is _INVALID


_KIND = {
    "tag:yaml.org,2002:bool": "a true/false value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "an empty value (null)",
    "tag:yaml.org,2002:timestamp": "a date",
}


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag
