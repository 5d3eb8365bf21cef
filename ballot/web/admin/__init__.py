"""The officers' and committee's console. Every view checks the area or the committee seat."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/console")

from ballot.web.admin import (  # noqa: E402, F401  (the modules register their views on bp)
    accounts,
    attempts,
    committee,
    contests,
    dashboard,
    elections,
    letters,
)
