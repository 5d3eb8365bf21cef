"""One place that turns errors into pages in the user's language."""

import logging

import redis
from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import BadHost, HTTPException

from ballot.services.errors import BallotError, NotFound, RateLimited
from ballot.web.i18n import translated

log = logging.getLogger("ballot.web")


def _titles():
    return {
        400: _("The request could not be processed"),
        401: _("Please sign in"),
        403: _("Access denied"),
        404: _("Page not found"),
        405: _("Not allowed"),
        409: _("Not possible right now"),
        413: _("The upload is too large"),
        429: _("Too many attempts"),
        500: _("Something went wrong on our side"),
        503: _("Please try again in a moment"),
    }


def error_page(
    status: int,
    message: str,
    problems=(),
    retry_after: int | None = None,
    *,
    title: str | None = None,
    back: tuple[str, str] | None = None,
):
    body = render_template(
        "error.html",
        status=status,
        title=title or _titles().get(status, _titles()[400]),
        message=message,
        problems=problems,
        retry_after=retry_after,
        back=back,
    )
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return body, status, headers


def _messages():
    return {
        400: _("Please check your input and try again."),
        401: _("Please sign in to continue."),
        403: _("You may not do this."),
        404: _("There is nothing at this address."),
        405: _("This page cannot be used like that."),
        409: _("This is not possible in the current state."),
        413: _("The file is larger than allowed. Please upload a smaller file."),
        429: _("Please wait before you try again."),
        500: _("Please try again later. The error has been recorded."),
        503: _("The service cannot reach its database just now. Please try again in a moment."),
    }


def _rate_limited_page(error: RateLimited):
    if request.blueprint != "vote":
        return error_page(429, translated(error.message), retry_after=error.retry_after)
    # A resident blocked at the code entry: the letter's code is not used up by the wait.
    note = _("Your code is not used up by this: it still works once the wait is over.")
    back = (url_for("vote.start"), _("Back to entering the code"))
    message = f"{translated(error.message)} {note}"
    return error_page(429, message, retry_after=error.retry_after, back=back)


def handle_ballot_error(error: BallotError):
    status = error.status if error.status != 401 else 400
    if isinstance(error, RateLimited):  # what was tried too often, and when to try again
        return _rate_limited_page(error)
    message, problems = translated(error.message), [translated(p) for p in error.problems]
    if isinstance(error, NotFound) and error.safe_to_show:
        return error_page(404, message, problems, title=_("Not found"), back=_way_back())
    # Refusals for lack of a right look exactly like a missing page.
    if error.code in ("forbidden", "not_found"):
        return error_page(404, _messages()[404])
    return error_page(status, message, problems, back=_way_back())


def _way_back() -> tuple[str, str] | None:
    """After a refusal in the console: the election's page (or the console) to go back to."""
    if request.blueprint != "admin":
        return None
    slug = (request.view_args or {}).get("slug")
    if slug:
        return url_for("admin.election_detail", slug=slug), _("Back to the election")
    return url_for("admin.dashboard"), _("Back to the console")


def handle_csrf(_error: CSRFError):
    if request.blueprint == "vote":
        # A resident whose browser lost its session cookie mid-ballot: reloading would send the
        # same form again; what they need to know is that nothing was cast, and the way back.
        message = _(
            "The form has expired or was not sent from this site. Nothing has been cast "
            "from it. Please enter your code again."
        )
        if _sent_no_session_cookie():  # a browser that blocks cookies would be refused forever
            message = f"{message} {_cookie_note()}"
        return error_page(400, message, back=(url_for("vote.start"), _("Enter my code again")))
    return error_page(
        400,
        _(
            "The form has expired or was not sent from this site. "
            "Please load the page again and resend it."
        ),
    )


def _sent_no_session_cookie() -> bool:
    return current_app.config["SESSION_COOKIE_NAME"] not in request.cookies


def _cookie_note() -> str:
    return _(
        "Your browser sent no cookie from this site. Voting needs one to keep your place "
        "between the steps: if your browser blocks cookies, please allow them for this site."
    )


# Seconds a client is asked to wait while the database restarts or a lock is held.
RETRY_SECONDS = 10


def handle_database_unavailable(error: OperationalError):
    """The database is restarting, unreachable, or (SQLite) locked beyond busy_timeout: the
    request's transaction is rolled back whole, so the person may simply send it again."""
    reason = type(error.orig).__name__  # not the message: it may quote the statement's values
    log.warning("database unavailable on %s %s: %s", request.method, request.path, reason)
    body, _status, _headers = error_page(503, _messages()[503])
    return body, 503, {"Retry-After": str(RETRY_SECONDS)}


def handle_limits_unavailable(error: redis.RedisError):
    """Redis, where the rate limits count, is away: no code or sign-in is checked unlimited,
    and the person may send the form again in a moment."""
    log.warning("rate limits unavailable on %s %s: %s", request.method, request.path, error)
    body, _status, _headers = error_page(503, _messages()[503])
    return body, 503, {"Retry-After": str(RETRY_SECONDS)}


def handle_http(error: HTTPException):
    status = error.code or 500
    if isinstance(error, BadHost):
        # A Host header that is no host name: no URL can be built, so no page either.
        return _messages()[400], 400, {"Content-Type": "text/plain; charset=utf-8"}
    # A commit that fails after the view (in after_request) arrives here as a 500.
    if isinstance(getattr(error, "original_exception", None), OperationalError):
        return handle_database_unavailable(error.original_exception)
    return error_page(status, _messages().get(status, _messages()[400]))


def handle_unexpected(error: Exception):
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_page(500, _messages()[500])


def init_errors(app) -> None:
    app.register_error_handler(BallotError, handle_ballot_error)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(redis.RedisError, handle_limits_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
