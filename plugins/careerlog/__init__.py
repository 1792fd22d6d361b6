"""careerlog: run a career like a product.

The core (everything but `careerlog.plugin`) imports nothing from MkDocs:
load a journal, validate it, compute rollups and export it from any host.
"""

from careerlog.journal import Journal, SourceCache, build_journal, load_journal
from careerlog.options import OptionError, Options, build_options, resolve_today
from careerlog.problems import Problem
from careerlog.validate import Entry

__all__ = [
    "Entry",
    "Journal",
    "OptionError",
    "Options",
    "Problem",
    "SourceCache",
    "build_journal",
    "build_options",
    "load_journal",
    "resolve_today",
]
__version__ = "0.1.0"
