"""Charts as inline SVG, built at build time from data: no JavaScript, no CDN.

Every chart is an `<svg role="img">` with a `<title>` and a `<desc>` that say
in words what the picture shows; the views put a table next to each chart as
well, so the numbers never depend on the picture.  Colours come from
`currentColor` and CSS classes (careerlog.css maps them to Material's palette
variables), so a chart reads in the light and the dark scheme alike, and
colour is never the only carrier: every bar of the timeline is labelled with
its status in text.

The SVG is built with xml.etree, which escapes every text and attribute
value: user text (titles, KPI names, units) can never become markup.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from careerlog.model import Kpi
from careerlog.text import human_date, month_label, number

SVG_NS = "http://www.w3.org/2000/svg"
FONT = 12  # px


_fmt = number
_date = human_date


def _c(value: float) -> str:
    """A coordinate with at most one decimal, so output is stable and small."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


_ID_SAFE = re.compile(r"[^a-z0-9-]+")


class _Svg:
    """A small builder over xml.etree for one chart."""

    def __init__(self, chart_id: str, width: int, height: int, css_class: str) -> None:
        self.id = _ID_SAFE.sub("-", chart_id.lower()).strip("-") or "chart"
        self.root = ET.Element(
            "svg",
            {
                "xmlns": SVG_NS,
                "xmlns:xlink": "http://www.w3.org/1999/xlink",
                "class": f"cl-svg {css_class}",
                "viewBox": f"0 0 {width} {height}",
                "width": str(width),
                "height": str(height),
                "role": "img",
                "aria-labelledby": f"{self.id}-title {self.id}-desc",
                "font-size": str(FONT),
            },
        )

    def describe(self, title: str, desc: str) -> None:
        ET.SubElement(self.root, "title", {"id": f"{self.id}-title"}).text = title
        ET.SubElement(self.root, "desc", {"id": f"{self.id}-desc"}).text = desc

    def add(
        self, tag: str, parent: ET.Element | None = None, text: str | None = None, **attrs: str
    ) -> ET.Element:
        return _element(tag, self.root if parent is None else parent, text, **attrs)

    def markup(self) -> Markup:
        # ElementTree escapes &, <, > in text and &, <, > and " in attributes
        return Markup(ET.tostring(self.root, encoding="unicode"))  # noqa: S704


def _element(
    tag: str, parent: ET.Element | None, text: str | None = None, **attrs: str
) -> ET.Element:
    """A child of parent (a root of its own when None); `class_` gives `class`, and
    underscores become dashes (`stroke_width` is `stroke-width`)."""
    names = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    element = ET.Element(tag, names) if parent is None else ET.SubElement(parent, tag, names)
    if text is not None:
        element.text = text
    return element


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering [low, high]."""
    span = high - low
    raw = span / count
    if not (math.isfinite(raw) and raw > 0):  # a degenerate or astronomically wide range
        return [low, high] if math.isfinite(span) else [0.0]
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks: list[float] = []
    value = first
    while value <= high + step * 1e-9:
        if value >= low - step * 1e-9:
            ticks.append(round(value, 10))
        value += step
    return ticks


_LIMIT = 1e12  # drawn values are clamped here (the table beside the chart shows the real ones)


def _clamp(value: float) -> float:
    return max(-_LIMIT, min(_LIMIT, value))


# --- KPI progress -------------------------------------------------------------------


def kpi_chart(kpi: Kpi, *, chart_id: str, baseline: float | None = None) -> Markup | None:
    """Readings as a line with points, the target as a dashed line; None without readings."""
    readings = list(kpi.readings)
    if not readings:
        return None
    width, height = 520, 210
    left, right, top, bottom = 52, 110, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom

    first, last = readings[0].date, readings[-1].date
    if first == last:
        first, last = first - dt.timedelta(days=15), last + dt.timedelta(days=15)
    days = (last - first).days

    values = [_clamp(r.value) for r in readings] + [_clamp(kpi.target)]
    if baseline is not None:
        values.append(_clamp(baseline))
    low, high = min(values), max(values)
    if high - low <= max(abs(low), abs(high), 1.0) * 1e-9:  # flat, or below float resolution
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    ticks = _ticks(low - pad, high + pad)
    low, high = min(ticks[0], low - pad), max(ticks[-1], high + pad)

    def x(day: dt.date) -> float:
        return left + plot_w * (day - first).days / days

    def y(value: float) -> float:
        value = _clamp(value)
        return top + plot_h * (high - value) / (high - low)

    unit = f" {kpi.unit}" if kpi.unit else ""
    latest = readings[-1]
    svg = _Svg(chart_id, width, height, "cl-svg--kpi")
    desc = (
        f"{len(readings)} reading{'s' if len(readings) != 1 else ''} from "
        f"{_date(readings[0].date)} to {_date(latest.date)}; latest {_fmt(latest.value)}{unit} "
        f"on {_date(latest.date)}; target {_fmt(kpi.target)}{unit}"
        + (f"; baseline {_fmt(baseline)}{unit}" if baseline is not None else "")
        + "."
    )
    svg.describe(f"{kpi.name}: readings against the target", desc)

    def hline(parent: ET.Element, at: str, **style: str) -> None:
        """A horizontal line across the plot."""
        svg.add("line", parent, x1=str(left), x2=str(left + plot_w), y1=at, y2=at, **style)

    axes = svg.add("g", class_="cl-svg-axis")
    for tick in ticks:
        ty = _c(y(tick))
        hline(axes, ty, class_="cl-svg-grid", stroke="currentColor", stroke_opacity="0.15")
        svg.add(
            "text",
            axes,
            _fmt(tick),
            x=str(left - 6),
            y=ty,
            text_anchor="end",
            dominant_baseline="middle",
            fill="currentColor",
        )
    hline(axes, _c(top + plot_h), stroke="currentColor", stroke_opacity="0.4")
    label_dates = [readings[0].date, latest.date] if len(readings) > 1 else [latest.date]
    for day, anchor in zip(
        label_dates, ("start", "end") if len(label_dates) > 1 else ("middle",), strict=True
    ):
        svg.add(
            "text",
            axes,
            _date(day),
            x=_c(x(day)),
            y=str(height - 10),
            text_anchor=anchor,
            fill="currentColor",
        )

    def reference_line(kind: str, value: float, label: str, **style: str) -> None:
        """A labelled horizontal line across the plot: the target or the baseline."""
        group = svg.add("g", class_=f"cl-svg-{kind}")
        at = _c(y(value))
        line_style = {k: v for k, v in style.items() if k != "fill_opacity"}
        hline(group, at, **line_style)
        text_style = {"fill_opacity": style["fill_opacity"]} if "fill_opacity" in style else {}
        svg.add(
            "text",
            group,
            label,
            x=str(left + plot_w + 6),
            y=at,
            dominant_baseline="middle",
            fill="currentColor",
            **text_style,
        )

    reference_line(
        "target",
        kpi.target,
        f"target {_fmt(kpi.target)}{unit}",
        stroke="currentColor",
        stroke_width="1.5",
        stroke_dasharray="6 4",
    )
    if baseline is not None and baseline != kpi.target:
        reference_line(
            "baseline",
            baseline,
            f"baseline {_fmt(baseline)}",
            stroke="currentColor",
            stroke_opacity="0.5",
            stroke_dasharray="2 3",
            fill_opacity="0.7",
        )

    series = svg.add("g", class_="cl-svg-series")
    points = [(x(r.date), y(r.value)) for r in readings]
    if len(points) > 1:
        svg.add(
            "polyline",
            series,
            points=" ".join(f"{_c(px)},{_c(py)}" for px, py in points),
            fill="none",
            stroke="currentColor",
            stroke_width="2",
            class_="cl-svg-line",
        )
    for reading, (px, py) in zip(readings, points, strict=True):
        dot = svg.add(
            "circle",
            series,
            cx=_c(px),
            cy=_c(py),
            r="4",
            fill="currentColor",
            class_="cl-svg-point",
        )
        svg.add("title", dot, f"{_date(reading.date)}: {_fmt(reading.value)}{unit}")
    return svg.markup()


# --- timeline ------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One experiment on the timeline."""

    label: str  # the experiment's title (user text: escaped on output)
    status: str
    start: dt.date
    end: dt.date  # where the bar stops (the outcome date, the planned end, or today)
    open_ended: bool = False  # no end date: the bar runs to today and says so
    href: str | None = None


def _text_width(text: str) -> float:
    """About how wide a line of chart text is drawn (SVG text cannot be measured here):
    a sans-serif character averages a little over half the font size; 0.6 leaves room
    for the bold status."""
    return len(text) * FONT * 0.6


def _month_ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of months between first and last, at most about eight of them."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= 8)
    ticks: list[dt.date] = []
    index = first.year * 12 + first.month - 1
    while True:
        year, month0 = divmod(index, 12)
        day = dt.date(year, month0 + 1, 1)
        if day > last:
            return ticks
        if day >= first and index % step == 0:
            ticks.append(day)
        index += 1


BarKeeper = Callable[[int, Bar, tuple[object, ...], Callable[[], str]], str]


def timeline_chart(
    bars: Sequence[Bar], *, today: dt.date, chart_id: str, keep: BarKeeper | None = None
) -> Markup | None:
    """One labelled bar per experiment on a shared time axis; None when there is nothing.

    keep(index, bar, axes, draw): a bar as SVG, drawn by draw() or kept from an earlier
    drawing with the same index, bar and axes (`mkdocs serve` keeps them)."""
    if not bars:
        return None
    width = 760
    left, right, top, row = 10, 10, 28, 40
    height = top + row * len(bars) + 8
    plot_w = width - left - right
    first = min(b.start for b in bars)
    last = max(max(b.end for b in bars), today)
    first = dt.date(first.year, first.month, 1)
    last = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1) - dt.timedelta(days=1)
    span = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        return left + plot_w * (min(max(day, first), last) - first).days / span

    counts: dict[str, int] = {}
    for b in bars:
        counts[b.status] = counts.get(b.status, 0) + 1
    svg = _Svg(chart_id, width, height, "cl-svg--timeline")
    svg.describe(
        "Experiments on a time axis",
        f"{len(bars)} experiment{'s' if len(bars) != 1 else ''} from {_date(first)} to "
        f"{_date(last)}: "
        + ", ".join(f"{n} {s}" for s, n in counts.items())
        + ". Each bar runs from the start to the outcome, the planned end, or today "
        "when there is no end date; its label names the status.",
    )
    def vline(parent: ET.Element, at: str, **style: str) -> None:
        """A vertical line down the chart, below the month labels."""
        svg.add("line", parent, x1=at, x2=at, y1="16", y2=str(height - 4), **style)

    axis = svg.add("g", class_="cl-svg-axis")
    for tick in _month_ticks(first, last):
        tx = _c(x(tick))
        vline(axis, tx, stroke="currentColor", stroke_opacity="0.12")
        svg.add(
            "text",
            axis,
            month_label(tick, short=True),
            x=tx,
            y="11",
            fill="currentColor",
            fill_opacity="0.75",
        )
    if first <= today <= last:
        tx = _c(x(today))
        marker = svg.add("g", class_="cl-svg-today")
        vline(marker, tx, stroke="currentColor", stroke_width="1.5", stroke_dasharray="4 3")
        svg.add(
            "text",
            marker,
            "today",
            x=tx,
            y=str(height - 1),
            text_anchor="middle",
            fill="currentColor",
            font_weight="bold",
        )

    def draw(index: int, bar: Bar) -> str:
        """One bar with its label, as SVG text (so that serve may keep it: see `keep`)."""
        y0 = top + row * index
        group = _element("g", None, None, class_=f"cl-svg-row cl-svg-status--{bar.status}")
        x0, x1 = x(bar.start), x(bar.end)
        bar_w = max(x1 - x0, 4.0)
        title = bar.label if len(bar.label) <= 60 else bar.label[:59] + "…"
        status = f" · {bar.status}" + (" (no end date)" if bar.open_ended else "")
        # the label starts above its bar, or as far left as it must to end inside the chart
        text_x = max(left, min(x0, width - right - _text_width(title + status)))
        # xlink:href, not href: Material's instant navigation assigns to `el.href` of every
        # [href] element, which throws on an SVG <a> (its href is read-only)
        label_parent = _element("a", group, None, **{"xlink:href": bar.href}) if bar.href else group
        label = _element(
            "text",
            label_parent,
            title,
            x=_c(text_x),
            y=str(y0 + 10),
            fill="currentColor",
            class_="cl-svg-label",
        )
        _element("tspan", label, status, class_="cl-svg-status-text", font_weight="bold")
        rect = _element(
            "rect",
            group,
            None,
            x=_c(x0),
            y=str(y0 + 16),
            width=_c(bar_w),
            height="13",
            rx="3",
            fill="currentColor",
            class_="cl-svg-bar",
        )
        when = f"{_date(bar.start)} → {'today' if bar.open_ended else _date(bar.end)}"
        _element("title", rect, f"{bar.label}: {bar.status}, {when}")
        return ET.tostring(group, encoding="unicode")

    axes = (first, last, len(bars))  # what every bar's place depends on besides its own
    drawn = [
        draw(index, bar) if keep is None else keep(index, bar, axes, partial(draw, index, bar))
        for index, bar in enumerate(bars)
    ]
    frame = str(svg.markup())
    closing = "</svg>"
    # every text of the bars was escaped by ElementTree
    return Markup(frame[: -len(closing)] + "".join(drawn) + closing)  # noqa: S704


# --- coverage ------------------------------------------------------------------------


def coverage_chart(
    coverage: Mapping[str, Mapping[str, int]],
    names: Mapping[str, str],
    stages: Sequence[str],
    *,
    chart_id: str,
) -> Markup:
    """A heat grid of experiments per skill (rows) and stage (columns), counts written in."""
    left, top, cell_w, cell_h = 180, 22, 86, 24
    width = left + cell_w * len(stages) + 4
    height = top + cell_h * len(coverage) + 4
    peak = max((n for row in coverage.values() for n in row.values()), default=0)
    total = sum(n for row in coverage.values() for n in row.values())
    empty = [names.get(s, s) for s, row in coverage.items() if not any(row.values())]
    svg = _Svg(chart_id, width, height, "cl-svg--coverage")
    desc = (
        f"{total} experiment-skill pairings across {len(coverage)} skills and "
        f"{len(stages)} stages; the darker a cell, the more experiments"
        + (f". Untested skills: {', '.join(empty)}." if empty else ".")
    )
    svg.describe("Skills tested, by career stage", desc)
    for col, stage in enumerate(stages):
        svg.add(
            "text",
            None,
            stage,
            x=_c(left + cell_w * col + cell_w / 2),
            y="14",
            text_anchor="middle",
            fill="currentColor",
            font_weight="bold",
        )
    for index, (skill, row) in enumerate(coverage.items()):
        y0 = top + cell_h * index
        name = names.get(skill, skill)
        svg.add(
            "text",
            None,
            name if len(name) <= 28 else name[:27] + "…",
            x=str(left - 8),
            y=_c(y0 + cell_h / 2),
            text_anchor="end",
            dominant_baseline="middle",
            fill="currentColor",
        )
        for col, stage in enumerate(stages):
            n = row.get(stage, 0)
            x0 = left + cell_w * col
            strength = 0.06 if n == 0 or peak == 0 else 0.18 + 0.5 * n / peak
            rect = svg.add(
                "rect",
                None,
                x=str(x0 + 1),
                y=str(y0 + 1),
                width=str(cell_w - 2),
                height=str(cell_h - 2),
                rx="2",
                fill="currentColor",
                fill_opacity=f"{strength:.2f}",
                class_="cl-svg-heat",
            )
            svg.add("title", rect, f"{name}, {stage}: {n}")
            svg.add(
                "text",
                None,
                str(n) if n else "·",
                x=_c(x0 + cell_w / 2),
                y=_c(y0 + cell_h / 2),
                text_anchor="middle",
                dominant_baseline="middle",
                fill="currentColor",
                font_weight="bold" if n else "normal",
            )
    return svg.markup()
