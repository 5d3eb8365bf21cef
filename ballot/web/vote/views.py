"""The voting steps: thin views over `ballot.services.voting`."""

import logging

from flask import redirect, render_template, request, url_for
from sqlalchemy.orm import joinedload

from ballot import box
from ballot.models import DRAFT, Election
from ballot.services import voting
from ballot.services.elections import get_election
from ballot.services.errors import InvalidInput, NotFound
from ballot.web.context import db, now, settings
from ballot.web.i18n import switch_language
from ballot.web.vote import bp, display, guard, marks, messages, visit
from ballot.web.vote.forms import CodeForm

log = logging.getLogger("ballot.vote")


@bp.context_processor
def _ballot_helpers():
    return {
        "cross_name": marks.cross_name,
        "answer_name": marks.answer_name,
        "candidate_notes": display.candidate_notes,
    }


def _context_election(slug: str | None) -> Election | None:
    """The election a start page was opened for, if the public may see it."""
    if not slug:
        return None
    try:
        election = get_election(db(), slug)
    except NotFound:
        return None
    return None if election.state == DRAFT else election


def _start_page(form: CodeForm, election: Election | None, status: int = 200, refusal=None):
    page = render_template(
        "vote/start.html",
        form=form,
        election=election,
        tracker_typed=refusal is not None and messages.tracker_typed(refusal, form.code.data),
        phase_refused=refusal is not None and refusal.reason in ("not_open", "closed"),
    )
    return page, status


# A trailing slash typed after the letter's address (…/vote/) still finds the start page.
@bp.route("", methods=["GET", "POST"], strict_slashes=False)
def start():
    form = CodeForm()
    if request.method == "GET":
        form.election.data = request.args.get("election", "")
    context = _context_election(form.election.data)
    if "lang" in request.form:
        # The language switch: the page again in the new language, with the code as it was typed
        # or filled in from the QR code; nothing is checked yet.
        switch_language(request.form["lang"])
        return _start_page(form, context)
    if not form.validate_on_submit():
        return _start_page(form, context, 400 if form.is_submitted() else 200)
    try:
        admission = _admit(form.code.data, context)
    except voting.CodeRefused as refusal:
        form.code.errors = [*form.code.errors, messages.refusal_text(refusal, form.code.data)]
        return _start_page(form, _page_election(refusal, context), 400, refusal)
    visit.begin(admission, now())
    return redirect(url_for("vote.ballot"), 303)


def _page_election(refusal: voting.CodeRefused, context: Election | None) -> Election | None:
    """The election a refusal page speaks of. A revoked code reads as unknown, so its page
    names no election either: it would tell that the code was once real, and where."""
    if refusal.reason == "unknown":
        return context
    return refusal.election or context


def _id(election: Election | None) -> int | None:
    return election.id if election else None


def _admit(code_text: str, context: Election | None) -> voting.Admission:
    """Check the code, unless this address is blocked for the start page's election or for
    the code's own one (the hidden election field must not lift a block); a blocked address
    learns nothing about the code."""
    attempt = guard.begin_attempt(_id(context))
    try:
        admission = voting.admit(
            db(), code_text=code_text, secret_key=settings().secret_key, now=now()
        )
    except voting.CodeRefused as refusal:
        guard.settle_refusal(attempt, _id(context), refusal)
        raise
    except Exception:
        attempt.give_back()  # a failure on our side (the database gone) is no guess
        raise
    attempt.give_back()  # a valid code is no guess either (admit only reads: no lock held)
    guard.refuse_if_blocked(admission.election_id)
    return admission


def _admitted() -> tuple[voting.Admission, Election]:
    """The session's admission and its election, if the code may still vote. A posted form
    must have been shown for this admission (see `visit`)."""
    if request.method == "POST":
        visit.check_form(request.form.get(visit.FORM_FIELD))
    admission = visit.admission(now())
    return admission, voting.admitted_election(db(), admission, now())


def _ballot_page(election, contests, chosen: dict, error: InvalidInput | None = None):
    problems, summary = marks.problems_by_contest(error, contests) if error else ({}, [])
    page = render_template(
        "vote/ballot.html",
        election=election,
        contests=contests,
        chosen=chosen,
        problems=problems,
        summary=summary,
        visit_id=visit.current_id(),
    )
    return page, 400 if error else 200


@bp.route("/ballot", methods=["GET", "POST"])
def ballot():
    """The ballot; a POST comes from the review's "change" button and fills in the marks."""
    admission, election = _admitted()
    contests = voting.contests_for(election, admission.electorate)
    chosen = marks.read_marks(request.form, contests) if request.method == "POST" else {}
    switch_language(request.form.get("lang"))
    return _ballot_page(election, contests, chosen)


@bp.route("/review", methods=["GET", "POST"])
def review():
    if request.method == "GET":
        return redirect(url_for("vote.ballot"))
    admission, election = _admitted()
    contests = voting.contests_for(election, admission.electorate)
    chosen = marks.read_marks(request.form, contests)
    switch_language(request.form.get("lang"))
    try:
        voting.choices_vector(election, admission.electorate, chosen)
    except InvalidInput as error:
        return _ballot_page(election, contests, chosen, error)
    return render_template(
        "vote/review.html",
        election=election,
        rows=marks.review_rows(contests, chosen),
        hidden=marks.hidden_fields(contests, chosen),
        visit_id=visit.current_id(),
    )


@bp.route("/cast", methods=["GET", "POST"])
def cast():
    if request.method == "GET":
        return redirect(url_for("vote.done"))
    admission, election = _admitted()
    contests = voting.contests_for(election, admission.electorate)
    chosen = marks.read_marks(request.form, contests)
    try:
        tracker = voting.cast_ballot(db(), admission=admission, marks=chosen, now=now())
    except voting.CodeRefused:
        raise
    except InvalidInput as error:  # nothing was written: the marks are checked first
        return _ballot_page(election, contests, chosen, error)
    # The tracker is shown only for a ballot that is stored for good.
    db().commit()
    visit.finish(tracker, election.id, now())
    log.info("a ballot was cast in election %s", election.slug)
    return redirect(url_for("vote.done"), 303)


@bp.route("/done")
def done():
    result = visit.cast_result(now())
    if result is None:
        return redirect(url_for("vote.start"))
    return render_template(
        "vote/done.html",
        election=db().get(Election, result["election"], options=[joinedload(Election.area)]),
        tracker=box.tracker_display(result["tracker"]),
    )


@bp.errorhandler(visit.NotAdmitted)
def _not_admitted(_error):
    if visit.cast_result(now()) is not None:
        return redirect(url_for("vote.done"), 303)
    return redirect(url_for("vote.start"), 303)


@bp.errorhandler(visit.OtherAdmission)
def _other_admission(_error):
    """Nothing is cast; the admission of the code entered last stays for its own tab."""
    return render_template("vote/other_code.html"), 409


@bp.errorhandler(visit.VisitExpired)
def _expired(_error):
    return render_template("vote/expired.html"), 400


@bp.errorhandler(voting.CodeRefused)
def _refused(refusal: voting.CodeRefused):
    visit.forget()
    page = render_template(
        "vote/refused.html", reason=refusal.reason, text=messages.refusal_text(refusal)
    )
    return page, 409
