"""Located problems: what every check in careerlog reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file.

    `fatal` problems make the file's privacy unknowable (unparseable front
    matter, a visibility that is not exactly public/private): every
    `mkdocs build` fails on them, strict or not.
    """

    file: str
    line: int
    field: str
    message: str
    severity: Severity = "error"
    fatal: bool = False

    def format(self) -> str:
        where = f"{self.file}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }


def dotted(path: tuple[str | int, ...]) -> str:
    """`("kpis", 0, "readings", 2, "date")` -> `kpis[0].readings[2].date`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
