"""The residents' voting pages."""

from flask import Blueprint, render_template

bp = Blueprint("vote", __name__, url_prefix="/vote")


@bp.route("", methods=["GET"])
def start():
    return render_template("vote/start.html")
