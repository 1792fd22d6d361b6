"""charts.py on its own: SVG built from data, with words for what the picture shows."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET

import pytest

from careerlog.charts import Bar, coverage_chart, kpi_chart, timeline_chart
from careerlog.model import Kpi, Reading

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"  # SVG links (see charts.timeline_chart)
D = dt.date


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 - markup made by the code under test


def kpi(readings: list[tuple[str, float]], **fields: object) -> Kpi:
    return Kpi.model_validate(
        {
            "name": "Talks given",
            "target": 4,
            **fields,
            "readings": [{"date": dt.date.fromisoformat(d), "value": v} for d, v in readings],
        },
        strict=False,
    )


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_kpi_chart_has_title_desc_points_and_a_dashed_target_line() -> None:
    root = parse(
        kpi_chart(
            kpi([("2026-01-31", 1), ("2026-03-31", 2), ("2026-05-31", 3)], unit="talks"),
            chart_id="k1",
            baseline=0,
        )
    )
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "k1-title k1-desc"
    assert root.find(f"{SVG}title").text == "Talks given: readings against the target"
    assert root.find(f"{SVG}title").get("id") == "k1-title"
    assert root.find(f"{SVG}desc").text == (
        "3 readings from 31 Jan 2026 to 31 May 2026; latest 3 talks on 31 May 2026; "
        "target 4 talks; baseline 0 talks."
    )
    points = root.findall(f".//{SVG}circle")
    assert [p.find(f"{SVG}title").text for p in points] == [
        "31 Jan 2026: 1 talks",
        "31 Mar 2026: 2 talks",
        "31 May 2026: 3 talks",
    ]
    # points rise left to right: later dates further right, higher values further up
    xs = [float(p.get("cx")) for p in points]
    ys = [float(p.get("cy")) for p in points]
    assert xs == sorted(xs)
    assert ys == sorted(ys, reverse=True)
    target = root.find(f".//{SVG}g[@class='cl-svg-target']")
    assert target.find(f"{SVG}line").get("stroke-dasharray") == "6 4"
    target_y = float(target.find(f"{SVG}line").get("y1"))
    assert target_y < min(ys)  # the target (4) sits above every reading
    assert "target 4 talks" in texts(root)
    assert root.find(f".//{SVG}polyline") is not None
    # colours come from currentColor and CSS, never a fixed colour
    assert "#" not in str(kpi_chart(kpi([("2026-01-31", 1)]), chart_id="k"))


def test_kpi_chart_without_readings_is_none_and_with_one_reading_still_draws() -> None:
    assert kpi_chart(kpi([]), chart_id="k") is None
    root = parse(kpi_chart(kpi([("2026-02-01", 4)]), chart_id="k"))  # value == target
    assert len(root.findall(f".//{SVG}circle")) == 1
    assert root.find(f".//{SVG}polyline") is None
    assert root.find(f"{SVG}desc").text.startswith("1 reading from 1 Feb 2026 to 1 Feb 2026")


def test_user_text_is_escaped_never_markup() -> None:
    evil = '<script>alert("x")</script> & co'
    markup = str(kpi_chart(kpi([("2026-01-31", 1)], name=evil, unit="<b>"), chart_id="k"))
    assert "<script>" not in markup
    assert "<b>" not in markup
    assert "&lt;script&gt;" in markup
    assert "&amp; co" in markup
    root = parse(markup)
    assert root.find(f"{SVG}title").text == f"{evil}: readings against the target"

    bars = [Bar(evil, "running", D(2026, 1, 1), D(2026, 2, 1), href='x/"><script>')]
    markup = str(timeline_chart(bars, today=D(2026, 1, 15), chart_id="t"))
    assert "<script>" not in markup
    root = parse(markup)
    assert root.find(f".//{SVG}a").get(XLINK_HREF) == 'x/"><script>'
    assert f"{evil} · running" in texts(root)

    short = "<i>R&D</i>"  # skill names longer than 28 characters are shortened
    markup = str(coverage_chart({"s": {"senior": 1}}, {"s": short}, ["senior"], chart_id="c"))
    assert "<i>" not in markup
    assert "&lt;i&gt;R&amp;D" in markup
    assert short in texts(parse(markup))


def test_timeline_labels_every_bar_with_its_status_in_text() -> None:
    bars = [
        Bar("Alpha", "concluded", D(2026, 1, 10), D(2026, 3, 20), href="../alpha/"),
        Bar("Beta", "running", D(2026, 5, 1), D(2026, 6, 15), open_ended=True),
        Bar("Gamma", "planned", D(2026, 8, 1), D(2026, 8, 1)),
    ]
    root = parse(timeline_chart(bars, today=D(2026, 6, 15), chart_id="cl-timeline"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Experiments on a time axis"
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith(
        "3 experiments from 1 Jan 2026 to 31 Aug 2026: 1 concluded, 1 running, 1 planned."
    )
    rows = root.findall(f".//{SVG}g")
    rows = [g for g in rows if "cl-svg-row" in (g.get("class") or "")]
    assert [g.get("class") for g in rows] == [
        "cl-svg-row cl-svg-status--concluded",
        "cl-svg-row cl-svg-status--running",
        "cl-svg-row cl-svg-status--planned",
    ]
    labels = ["".join(t.itertext()) for g in rows for t in g.iter(f"{SVG}text")]
    assert labels == ["Alpha · concluded", "Beta · running (no end date)", "Gamma · planned"]
    rects = [g.find(f"{SVG}rect") for g in rows]
    assert [r.find(f"{SVG}title").text for r in rects] == [
        "Alpha: concluded, 10 Jan 2026 → 20 Mar 2026",
        "Beta: running, 1 May 2026 → today",
        "Gamma: planned, 1 Aug 2026 → 1 Aug 2026",
    ]
    # bars follow time: each starts further right; a one-day bar is still visible
    starts = [float(r.get("x")) for r in rects]
    assert starts == sorted(starts)
    assert float(rects[2].get("width")) >= 4
    # only the first one is a link
    assert [a.get(XLINK_HREF) for a in root.iter(f"{SVG}a")] == ["../alpha/"]
    assert "today" in texts(root)
    month_labels = [t for t in texts(root) if t.endswith("2026") and " " in t and "·" not in t]
    assert month_labels[0] == "Jan 2026"


def test_timeline_labels_stay_inside_the_chart() -> None:
    long = "Lead the partner-bank integration negotiation with three teams"
    bars = [
        Bar("Early", "concluded", D(2025, 1, 10), D(2025, 3, 20)),
        Bar(long, "running", D(2026, 11, 1), D(2026, 12, 20), open_ended=True),
        Bar("Late", "planned", D(2026, 12, 28), D(2026, 12, 30)),
    ]
    root = parse(timeline_chart(bars, today=D(2026, 11, 15), chart_id="t"))
    width = float(root.get("width"))
    rows = [g for g in root.iter(f"{SVG}g") if "cl-svg-row" in (g.get("class") or "")]
    for row in rows:
        label = next(row.iter(f"{SVG}text"))
        text = "".join(label.itertext())
        right_edge = float(label.get("x")) + len(text) * 12 * 0.6
        assert float(label.get("x")) >= 0, text
        assert right_edge <= width, text
    # a label with room to spare starts above its bar
    early = rows[0]
    assert next(early.iter(f"{SVG}text")).get("x") == early.find(f"{SVG}rect").get("x")


def test_timeline_without_bars_is_none() -> None:
    assert timeline_chart([], today=D(2026, 1, 1), chart_id="t") is None


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (D(2026, 1, 1), D(2026, 3, 31), ["Jan 2026", "Feb 2026", "Mar 2026"]),
        (
            D(2020, 1, 1),
            D(2026, 12, 31),
            ["Jan 2020", "Jan 2021", "Jan 2022", "Jan 2023", "Jan 2024", "Jan 2025", "Jan 2026"],
        ),
    ],
)
def test_timeline_axis_has_few_month_ticks(
    first: dt.date, last: dt.date, expected: list[str]
) -> None:
    root = parse(timeline_chart([Bar("A", "idea", first, last)], today=first, chart_id="t"))
    axis = root.find(f".//{SVG}g[@class='cl-svg-axis']")
    assert [t.text for t in axis.iter(f"{SVG}text")] == expected


def test_coverage_chart_writes_each_count_in_its_cell() -> None:
    coverage = {"management": {"senior": 2, "leader": 0}, "design": {"senior": 0, "leader": 1}}
    names = {"management": "Management", "design": "Design"}
    root = parse(coverage_chart(coverage, names, ["senior", "leader"], chart_id="cov"))
    assert root.find(f"{SVG}title").text == "Skills tested, by career stage"
    assert root.find(f"{SVG}desc").text == (
        "3 experiment-skill pairings across 2 skills and 2 stages; the darker a cell, "
        "the more experiments."
    )
    cells = [r.find(f"{SVG}title").text for r in root.iter(f"{SVG}rect")]
    assert cells == [
        "Management, senior: 2",
        "Management, leader: 0",
        "Design, senior: 0",
        "Design, leader: 1",
    ]
    opacities = [float(r.get("fill-opacity")) for r in root.iter(f"{SVG}rect")]
    assert opacities[0] > opacities[3] > opacities[1] == opacities[2]
    assert texts(root) == ["senior", "leader", "Management", "2", "·", "Design", "·", "1"]


def test_coverage_chart_names_untested_skills_and_survives_an_empty_journal() -> None:
    root = parse(
        coverage_chart({"design": {"senior": 0}}, {"design": "Design"}, ["senior"], chart_id="c")
    )
    assert root.find(f"{SVG}desc").text.endswith("Untested skills: Design.")


def test_charts_are_deterministic() -> None:
    k = kpi([("2026-01-31", 1.5), ("2026-02-28", 2.25)])
    assert kpi_chart(k, chart_id="a") == kpi_chart(k, chart_id="a")


@pytest.mark.parametrize(
    ("value", "target"),
    [(1e308, -1e308), (1e-300, 0.0), (5.0, 5.0), (1e308, 1e308), (5e-324, 0.0)],
)
def test_kpi_chart_survives_extreme_and_flat_values(value: float, target: float) -> None:
    kpi = Kpi(
        name="Extreme",
        target=target,
        readings=[
            Reading(date=dt.date(2026, 1, 1), value=value),
            Reading(date=dt.date(2026, 2, 1), value=1.0),
        ],
    )
    svg = str(kpi_chart(kpi, chart_id="x"))
    root = parse(svg)
    coordinates = [
        float(v)
        for element in root.iter()
        for name, v in element.attrib.items()
        if name in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy")
    ]
    assert coordinates
    assert all(math.isfinite(c) for c in coordinates)
