"""Render the count's report as PDF/A-3b with record.json and result.json attached."""

from datetime import UTC

from weasyprint import Attachment

from printing.engine import render_pdf
from printing.report.chart import bar_chart
from printing.report.model import Report
from printing.templating import render_template

STYLESHEETS = ("fonts.css", "report.css")
PDF_VARIANT = "pdf/a-3b"


def render_report(report: Report) -> bytes:
    """The report as PDF/A-3b bytes: archivable, with the machine-readable files inside."""
    html = render_template(
        "report.html",
        report=report,
        charts=[bar_chart(contest) for contest in report.contests],
    )
    return render_pdf(
        html,
        STYLESHEETS,
        pdf_variant=PDF_VARIANT,
        attachments=_attachments(report),
    )


def _attachments(report: Report) -> list[Attachment]:
    # Dates from the count, not the clock, so rendering the same report twice gives the same
    # attachment entries.
    moment = report.counted_at.astimezone(UTC).replace(tzinfo=None)
    return [
        Attachment(
            string=report.record_json,
            name="record.json",
            description="Wahldatensatz (election record) zur Prüfung mit ballot verify",
            created=moment,
            modified=moment,
            relationship="Source",
        ),
        Attachment(
            string=report.result_json,
            name="result.json",
            description="Ergebnis (result) in maschinenlesbarer Form",
            created=moment,
            modified=moment,
            relationship="Data",
        ),
    ]
