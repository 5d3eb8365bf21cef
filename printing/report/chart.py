"""A horizontal bar chart of a contest's votes, as SVG for inline use in the report.

Vector, so it prints sharply and survives PDF/A archiving; drawn from the same numbers as the
table next to it. Elected candidates' bars are dark, substitutes' light.
"""

from dataclasses import dataclass

from printing.report.model import ContestResult

WIDTH = 160.0  # mm, the report's text width
ROW_HEIGHT = 6.0
LABEL_WIDTH = 55.0
VALUE_WIDTH = 14.0
BAR_HEIGHT = 4.0
MAX_LABEL_CHARS = 32


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    elected: bool

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 0.8


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    bars: tuple[Bar, ...]
    bar_height: float = BAR_HEIGHT
    label_width: float = LABEL_WIDTH


def bar_chart(contest: ContestResult) -> BarChart:
    """Bars in descending order of votes (ties keep the contest's order)."""
    ranked = sorted(contest.candidates, key=lambda candidate: -candidate.votes)
    most = max((candidate.votes for candidate in ranked), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    elected = set(contest.elected)
    bars = tuple(
        Bar(
            label=_shorten(candidate.name),
            value=candidate.votes,
            x=LABEL_WIDTH,
            y=index * ROW_HEIGHT + 1.0,
            width=round(span * candidate.votes / most, 2),
            elected=candidate.name in elected,
        )
        for index, candidate in enumerate(ranked)
    )
    return BarChart(width=WIDTH, height=len(bars) * ROW_HEIGHT + 2.0, bars=bars)


def _shorten(name: str) -> str:
    """Long names are cut in the chart only; the table prints them in full."""
    if len(name) <= MAX_LABEL_CHARS:
        return name
    return name[: MAX_LABEL_CHARS - 1].rstrip() + "…"
