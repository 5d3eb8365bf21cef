"""Domain errors. The web maps them to pages in one place; the CLI prints them and exits 1.

Messages are plain English for the CLI and logs; `code` names the error for translation in the
web front, and `problems` lists every problem found (a refused file names all bad lines).
"""

from ballot.template_text import TemplateText


class BallotError(Exception):
    status = 400
    code = "error"

    def __init__(self, message: str, *, problems: list[str] | None = None):
        # message and problems may be `Msg`s, which the web shows in the user's language.
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {p}" for p in self.problems)


class InvalidInput(BallotError):
    code = "invalid"


class NotFound(BallotError):
    """Something asked for is not there.

    The web shows the message only when the service marks it `safe_to_show`: raised after the
    rights check, it tells nothing the person may not know (a serial number within an election
    they run). Otherwise, as for PermissionDenied, the web answers like any unknown address:
    an election's slug, for one, is looked up before anybody's rights are known.
    """

    status = 404
    code = "not_found"

    def __init__(
        self, message: str, *, problems: list[str] | None = None, safe_to_show: bool = False
    ):
        super().__init__(message, problems=problems)
        self.safe_to_show = safe_to_show


class PermissionDenied(BallotError):
    """Refused for lack of a right. The web answers 404 so that ids of other areas leak nothing."""

    status = 404
    code = "forbidden"


class WrongState(BallotError):
    status = 409
    code = "wrong_state"


class AuthenticationFailed(BallotError):
    status = 401
    code = "auth_failed"


class RateLimited(BallotError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Msg(TemplateText):
    """A message that reads as English text and keeps its template for translation.

    Services write `Msg("line {line}: {column} is missing", line=3, column="ref")`; the CLI
    prints it as it is, the web looks the template up in the user's language and fills it in.
    """


def state_name(state: str) -> Msg | str:
    """An election's state in words, as the console shows it, for `{state}` in a message."""
    names = {
        "draft": Msg("in preparation"),
        "open": Msg("open for voting"),
        "closed": Msg("closed, not yet counted"),
        "counted": Msg("counted"),
        "published": Msg("result published"),
    }
    return names.get(state, state)
