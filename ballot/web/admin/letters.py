"""Console: issue letters, download each batch once, re-issue a lost letter, walk-in letters."""

import time

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ballot.services import letters as letter_service
from ballot.web.admin import bp
from ballot.web.admin.common import officer_election
from ballot.web.auth import current_actor, login_required
from ballot.web.context import db, now, settings
from ballot.web.forms import ActionForm, ReissueForm, WalkInForm


def _run_dir(election):
    return settings().instance_path / "letters" / str(election.id) / str(time.time_ns())


def _pdf(run: letter_service.PrintRun) -> Response:
    path = run.files[0]
    data = path.read_bytes()
    path.unlink()
    (path.parent / "manifest.json").unlink(missing_ok=True)
    path.parent.rmdir()
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{path.name}"'},
    )


@bp.route("/elections/<slug>/letters", methods=["GET"])
@login_required
def letters(slug: str):
    election = officer_election(slug)
    return render_template(
        "admin/letters.html",
        election=election,
        action=ActionForm(),
        reissue=ReissueForm(prefix="r"),
        walk_in=WalkInForm(prefix="w"),
        figures=letter_service.letter_figures(db(), election),
        missing=len(letter_service.entries_without_letter(db(), election)),
        batches=letter_service.pending_batches(db(), election),
    )


@bp.route("/elections/<slug>/letters/issue", methods=["POST"])
@login_required
def letters_issue(slug: str):
    election = officer_election(slug)
    if ActionForm().validate_on_submit():
        run = letter_service.issue_codes(
            db(),
            election=election,
            secret_key=settings().secret_key,
            public_url=settings().public_url,
            out_dir=_run_dir(election),
            actor=current_actor(),
            now=now(),
            workers=1,
        )
        letter_service.record_print_run(db(), election=election, run=run)
        flash(_("%(n)s letters are ready to download.", n=run.manifest["letters"]), "success")
    return redirect(url_for("admin.letters", slug=slug))


@bp.route("/elections/<slug>/letters/batches/<int:batch_id>", methods=["POST"])
@login_required
def letters_download(slug: str, batch_id: int):
    election = officer_election(slug)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.letters", slug=slug))
    name, data = letter_service.take_batch(
        db(), election=election, batch_id=batch_id, actor=current_actor(), now=now()
    )
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _print_one(election, service, **what) -> Response:
    """Re-issue or walk-in: one letter, rendered now and handed over as the response."""
    run = service(
        db(),
        election=election,
        secret_key=settings().secret_key,
        public_url=settings().public_url,
        out_dir=_run_dir(election),
        actor=current_actor(),
        now=now(),
        **what,
    )
    return _pdf(run)


@bp.route("/elections/<slug>/letters/reissue", methods=["POST"])
@login_required
def letters_reissue(slug: str):
    election = officer_election(slug)
    form = ReissueForm(prefix="r")
    if not form.validate_on_submit():
        flash(_("Please give the serial number printed on the letter."), "error")
        return redirect(url_for("admin.letters", slug=slug))
    return _print_one(election, letter_service.reissue_code, serial=form.serial.data)


@bp.route("/elections/<slug>/letters/walk-in", methods=["POST"])
@login_required
def letters_walk_in(slug: str):
    election = officer_election(slug)
    form = WalkInForm(prefix="w")
    if not form.validate_on_submit():
        flash(_("Please give the reference of the roll entry."), "error")
        return redirect(url_for("admin.letters", slug=slug))
    return _print_one(election, letter_service.walk_in_letter, ref=form.ref.data.strip())
