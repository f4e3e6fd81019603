"""Writing the report: one self-contained file, or a folder of pages for a large portfolio.

The layout follows the portfolio's size (:data:`~vsgraph.report.site.LARGE_FROM_STREAMS`)
unless one is asked for. A folder is written all or none (:class:`vsgraph.safe_write.Staging`):
a reader, a crash or a full disk sees the old report or the new one, never a mix of pages.
The questions of the drawings only one file shows are asked once one file is chosen.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from vsgraph.durations import DEFAULT_HOURS_PER_DAY, working_time
from vsgraph.portfolio import Portfolio
from vsgraph.report.data import gather, with_questions
from vsgraph.report.page import REPORT_QUESTIONS, single_page
from vsgraph.report.site import LARGE_FROM_STREAMS, SITE_QUESTIONS, write_site
from vsgraph.safe_write import write_file, writer

#: The layouts a report may be asked for: by size, one file, a folder of pages.
LAYOUTS = ("auto", "single", "folder")


def write_report(
    portfolio: Portfolio,
    path: Path | str,
    title: str = "Value-stream portfolio report",
    hours_per_day: Decimal | float = DEFAULT_HOURS_PER_DAY,
    layout: str = "auto",
) -> Path:
    """Write the report and return the page to open.

    ``layout`` ``single`` writes one self-contained HTML file at ``path``; ``folder`` writes
    a landing page, a page per value stream and the KPI, findings and answer pages into
    a folder (``path`` without its ``.html``: ``report.html`` becomes ``report/``) and
    returns its ``index.html``; ``auto`` (the default) writes a folder for a portfolio of
    more than :data:`LARGE_FROM_STREAMS` value streams and one file otherwise. Durations
    are in working days of ``hours_per_day`` hours.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown report layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    path = Path(path)
    working = working_time(hours_per_day)
    answers = gather(portfolio, REPORT_QUESTIONS if layout == "single" else SITE_QUESTIONS)
    if layout == "single" or (layout == "auto" and len(answers.steps) <= LARGE_FROM_STREAMS):
        page = single_page(portfolio, with_questions(portfolio, answers, REPORT_QUESTIONS), title, working)
        write_file(path, writer(page.encode("utf-8")))
        return path
    folder = path.with_suffix("") if path.suffix.lower() in (".html", ".htm") else path
    return write_site(portfolio, answers, folder, title, working)
