"""The count's report (Wahlniederschrift): our records mapped onto the print shop's data."""

from datetime import datetime

from ballot import __version__
from ballot.models import Election
from ballot.services.report_events import german_event_text
from printing.report import (
    CandidateResult,
    CommitteeMember,
    CompositionCheck,
    ContestResult,
    Figures,
    Integrity,
    Report,
    ReportElection,
    TieBreak,
    render_report,
)

DECIDES = {
    "seat": "einen Sitz",
    "quota": "eine Quote",
    "substitute-rank": "den Rang als Nachrücker*in",
}


_CHECK_WORDING = {
    "ballots-match-codes": lambda p: (
        f"Stimmzettel und Vermerke: {p['ballots']} Stimmzettel in der Urne, "
        f"{p['used']} Wahlcodes verwendet, {p['voted']} Stimmabgabevermerke"
    ),
    "ballots-verify": lambda p: f"Stimmzettel: alle {p['n']} tragen gültige Beweise",
    "audit-chain": lambda p: "Protokollkette: unversehrt",
    "election-unchanged": lambda p: (
        f"Wahl unverändert seit der Schlüsselerzeugung: Basis-Hash {p['hash']}"
    ),
}


def german_check_text(name: str, detail) -> str:
    """A passed check before the count, in the German of the report (a check of another
    shape keeps its own words)."""
    wording = _CHECK_WORDING.get(name)
    try:
        return wording(detail.params) if wording else f"{name}: {detail}"
    except (AttributeError, KeyError):
        return f"{name}: {detail}"


def german_composition_note(composition: dict) -> str:
    """What the report adds to its German sentence on the residents' majority: why it fails
    (the counting rules' own message is English)."""
    total, residents = composition["total_seats"], composition["resident_seats"]
    if total == 0:
        return (
            "Kein Sitz ist besetzt, daher können Bewohnerinnen und Bewohner keine Mehrheit haben."
        )
    if 2 * residents > total:
        return ""
    return f"Nötig wären mindestens {total // 2 + 1} von {total} besetzten Sitzen."


def method_text(contest) -> str:
    if contest.method == "yes-no":
        return "Ja/Nein je Bewerber*in"
    return f"Mehrheitswahl, bis zu {contest.max_choices} Stimmen"


def _candidates(contest, votes: dict, ballots: int) -> tuple[CandidateResult, ...]:
    if contest.method == "yes-no":
        return tuple(
            CandidateResult(
                name=name,
                votes=v["yes"],
                no_votes=v["no"],
                abstentions=ballots - v["yes"] - v["no"],
            )
            for name, v in votes.items()
        )
    return tuple(CandidateResult(name=name, votes=n) for name, n in votes.items())


def _ties(outcome: dict) -> tuple[TieBreak, ...]:
    lot = outcome.get("lot") or {}
    return tuple(
        TieBreak(
            decides=DECIDES.get(tie["decides"], tie["decides"]),
            candidates=tuple(tie["candidates"]),
            votes=tie["votes"],
            public_input=lot.get("public_input"),
            seed=lot.get("seed"),
            drawn_order=tuple(lot.get("permutation", ())) if tie.get("decided_by") else (),
        )
        for tie in outcome.get("ties", [])
    )


def _contest_result(contest, entry: dict) -> ContestResult:
    request, outcome = entry["request"], entry["outcome"]
    return ContestResult(
        title=contest.title,
        method=method_text(contest),
        seats=contest.seats,
        ballots=request["ballots_cast"],
        candidates=_candidates(contest, request["votes"], request["ballots_cast"]),
        elected=tuple(outcome["elected"]),
        substitutes=tuple(name for name in outcome["substitutes"] if name),
        events=tuple(german_event_text(event) for event in outcome.get("events", [])),
        ties=_ties(outcome),
    )


def render_count_report(
    election: Election,
    record: dict,
    result: dict,
    record_bytes: bytes,
    result_bytes: bytes,
    figures: dict,
    committee: list[str],
    checks: list[str],
    now: datetime,
) -> bytes:
    composition = result["composition"]
    report = Report(
        election=ReportElection(
            slug=election.slug,
            title=election.title,
            area=election.area.name,
            opens=election.opens,
            closes=election.closes,
        ),
        committee=tuple(CommitteeMember(name=name) for name in committee or ["Wahlleitung"]),
        counted_at=now,
        place=election.area.office_address or election.area.name,
        figures=Figures(
            eligible=figures["eligible"],
            letters_issued=figures["letters_issued"],
            revoked=figures["revoked"],
            reissued=figures["reissued"],
            voted=figures["voted"],
            ballots_in_box=figures["ballots"],
        ),
        contests=tuple(_contest_result(c, record["results"][c.key]) for c in election.contests),
        integrity=Integrity(
            base_hash=election.manifest_hash,
            software_version=__version__,
            signing_public_key=election.signing_public_key,
        ),
        record_json=record_bytes,
        result_json=result_bytes,
        composition=CompositionCheck(
            passed=composition["ok"],
            resident_seats=composition["resident_seats"],
            total_seats=composition["total_seats"],
            note=german_composition_note(composition),
        ),
        checks=tuple(checks),
    )
    return render_report(report)
