"""What a request can reach: settings, the one database session, the clock, the limiter."""

import logging
from datetime import datetime

from flask import current_app, g
from sqlalchemy.exc import OperationalError

from ballot.db import utcnow
from ballot.ratelimit import RateLimiter
from ballot.settings import Settings
from ballot.web.errors import handle_database_unavailable
from ballot.web.security import add_security_headers


def settings() -> Settings:
    return current_app.extensions["ballot.settings"]


def db():
    """The request's one session; `after_request` commits it or rolls it back."""
    if "db" not in g:
        g.db = current_app.extensions["ballot.sessions"]()
    return g.db


def now() -> datetime:
    """The request's clock; tests may set `ballot.clock` to a function returning a datetime."""
    clock = current_app.extensions.get("ballot.clock")
    return clock() if clock else utcnow()


def limiter() -> RateLimiter:
    return current_app.extensions["ballot.limiter"]


def client_address() -> str:
    """The client's address. Behind a proxy, `ProxyFix` (see OPERATIONS.md) sets remote_addr."""
    from flask import request  # noqa: PLC0415  (request is only bound inside a request)

    return request.remote_addr or "unknown"


def after_transaction(action) -> None:
    """Run `action` once the request's transaction has ended (committed or rolled back), when
    another connection may write without waiting for this request's locks (SQLite)."""
    g.setdefault("after_transaction", []).append(action)


def _run_after_transaction() -> None:
    for action in g.pop("after_transaction", []):
        try:
            action()
        except Exception:  # the response stands; a place not given back only logs
            logging.getLogger(__name__).warning("an action after the transaction failed")


def finish_transaction(response):
    session = g.pop("db", None)
    if session is None:
        _run_after_transaction()
        return response
    try:
        if response.status_code < 400:
            session.commit()
        else:
            session.rollback()
    except OperationalError as error:
        # The database went away between the view and the commit: nothing was stored, and the
        # person sees the same "try again" page as for a failure inside the view.
        return _unavailable(error)
    finally:
        session.close()
        _run_after_transaction()
    return response


def _unavailable(error: OperationalError):
    return add_security_headers(current_app.make_response(handle_database_unavailable(error)))


def discard_transaction(_exc=None):
    session = g.pop("db", None)
    if session is not None:
        session.rollback()
        session.close()
