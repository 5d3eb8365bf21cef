"""What a resident reads when a code cannot open a ballot: one clear message per reason."""

from flask_babel import gettext as _

from ballot.services.voting import CodeRefused, is_tracker
from ballot.web.context import now
from ballot.web.i18n import berlin_time


def tracker_typed(refusal: CodeRefused, typed: str) -> bool:
    """A tracker typed into the code field: someone checking the vote they cast."""
    return refusal.reason == "format" and is_tracker(typed)


def refusal_text(refusal: CodeRefused, typed: str = "") -> str:
    """What the resident reads when a code cannot open a ballot."""
    if tracker_typed(refusal, typed):
        return _(
            "This is a tracker, not the voting code from your letter. To check that your "
            "ballot is in the ballot box, look the tracker up on the tracker page."
        )
    if refusal.reason == "format":
        return _format_text(refusal.problem)
    if refusal.reason == "used":
        return _("This code has already been used to vote. Every code can vote only once.")
    if refusal.reason == "not_open" and refusal.election is not None:
        if now() >= refusal.election.opens:  # late: the office has not opened it yet
            return _(
                "Voting has not started yet. Please try again later; the election office can "
                "tell you when it starts."
            )
        return _(
            "Voting has not started yet. You can vote from %(opens)s to %(closes)s.",
            opens=berlin_time(refusal.election.opens),
            closes=berlin_time(refusal.election.closes),
        )
    if refusal.reason == "closed":
        return _("Voting has ended. No more votes can be cast.")
    return _(
        "This code is unknown or no longer valid. Please check it. If you have received a new "
        "letter, only the code in the newest letter works."
    )


def _format_text(problem: str) -> str:
    if problem == "check":
        return _("This code contains a typing mistake. Please compare it with your letter.")
    if problem == "symbol":
        return _(
            "This code contains a character that codes do not use. Codes consist of the "
            "digits 0 to 9 and the letters A to Z without U: what looks like a U is a V."
        )
    return _(
        "A code has 16 letters and digits, for example K7QF-3M9D-TX2H-8WPC. Please check "
        "that you have typed all of it."
    )
