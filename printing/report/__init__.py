"""The count's report (Wahlniederschrift) as PDF/A-3b, in German."""

from printing.report.model import (
    CandidateResult,
    CommitteeMember,
    CompositionCheck,
    ContestResult,
    Figures,
    Integrity,
    Report,
    ReportElection,
    TieBreak,
)
from printing.report.render import render_report

__all__ = [
    "CandidateResult",
    "CommitteeMember",
    "CompositionCheck",
    "ContestResult",
    "Figures",
    "Integrity",
    "Report",
    "ReportElection",
    "TieBreak",
    "render_report",
]
