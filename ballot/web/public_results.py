"""Public results: after publication, the result page and the downloads for observers."""

from flask import abort

from ballot.models import PUBLISHED
from ballot.services import count as count_service
from ballot.web.admin.committee import file_response
from ballot.web.context import db
from ballot.web.public import bp, public_election


@bp.route("/<area_slug>/<slug>/<any('record.json','result.json','report.pdf'):name>")
def download(area_slug: str, slug: str, name: str):
    election = public_election(area_slug, slug)
    output = count_service.count_output(db(), election)
    if election.state != PUBLISHED or output is None:
        abort(404)
    return file_response(output, name)
