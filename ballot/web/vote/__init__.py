"""The residents' voting pages: code → ballot → review → cast → tracker.

The Flask session holds only the admission (letter, election, electorate, a random id that the
forms echo) and the time of the last activity, and after the cast the tracker to show again.
The plain choice never enters the session: between the ballot, the review and the cast it
travels in the form.
"""

from flask import Blueprint

bp = Blueprint("vote", __name__, url_prefix="/vote")

from ballot.web.vote import views  # noqa: E402, F401  (registers the views on bp)
