"""A first end-to-end build: one entry, strict mode, the page and the export."""

from __future__ import annotations

import json

from conftest import EXPERIMENT, JournalDir


def test_strict_build_of_a_valid_entry_publishes_page_views_and_export(journal: JournalDir) -> None:
    journal.options["visibility_defaults"] = {"experiment": "public"}
    journal.write("index.md", "# Home\n")
    journal.write("experiments/team-lead.md", EXPERIMENT)
    result = journal.build(strict=True)
    assert result.ok, result.log
    page = result.page("experiments/team-lead/")
    assert "Would managing people energise me?" in page
    assert "Leading a small team would energise me" in page
    assert result.exists("dashboard/")
    assert result.exists("experiments/")
    export = json.loads((result.site / "careerlog.json").read_text("utf-8"))
    assert [e["id"] for e in export["entries"]] == ["team-lead"]
    assert export["entries"][0]["start"] == "2026-03-01"
