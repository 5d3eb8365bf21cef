"""The ballot's marks in the form: reading them from the post, carrying them through the review
in hidden fields, and showing them. The choice is checked by `ballot.services.voting`.

Field names: `cross.KEY` (one value per crossed candidate position) for most-votes contests,
`answer.KEY.POSITION` = yes | no | abstain for yes-no contests. Contest keys are a-z, 0-9 and
dashes, so the dots separate the parts unambiguously.
"""

from ballot.services.errors import Msg
from ballot.web.i18n import translated

ANSWERS = ("yes", "no", "abstain")
NOT_ON_BALLOT = -1


def cross_name(key: str) -> str:
    return f"cross.{key}"


def answer_name(key: str, position: int) -> str:
    return f"answer.{key}.{position}"


def _position(text: str) -> int:
    """A posted candidate position; anything else becomes a position no ballot has. Only
    ASCII digits count: str.isdigit also holds for "²" (which int() refuses) and "٣"."""
    if text.isascii() and text.isdigit() and len(text) < 6:
        return int(text)
    return NOT_ON_BALLOT


def read_marks(form, contests) -> dict:
    """The marks posted for `contests`, in the form `cast_ballot` takes."""
    marks = {}
    for contest in contests:
        if contest.method == "yes-no":
            prefix = f"answer.{contest.key}."
            marks[contest.key] = {
                _position(name[len(prefix) :]): form[name]
                for name in form
                if name.startswith(prefix) and form[name] != "abstain"
            }
        else:
            marks[contest.key] = [
                _position(value) for value in form.getlist(cross_name(contest.key))
            ]
    return marks


def _chosen(contest, marks: dict):
    """The marks of one contest: {position: answer} for yes-no (empty when every answer is
    abstain), else a list of positions."""
    found = marks.get(contest.key)
    if found:
        return found
    return {} if contest.method == "yes-no" else []


def hidden_fields(contests, marks: dict) -> list[tuple[str, str]]:
    """The marks as (name, value) pairs for the review form."""
    fields = []
    for contest in contests:
        chosen = _chosen(contest, marks)
        if contest.method == "yes-no":
            fields += [(answer_name(contest.key, p), a) for p, a in sorted(chosen.items())]
        else:
            fields += [(cross_name(contest.key), str(p)) for p in chosen]
    return fields


def review_rows(contests, marks: dict) -> list[dict]:
    """Per contest: the crossed candidates, or each candidate's answer (abstain if none)."""
    rows = []
    for contest in contests:
        chosen = _chosen(contest, marks)
        if contest.method == "yes-no":
            answers = [(c, chosen.get(p, "abstain")) for p, c in enumerate(contest.candidates)]
            rows.append({"contest": contest, "answers": answers})
        else:
            picked = [c for p, c in enumerate(contest.candidates) if p in chosen]
            rows.append({"contest": contest, "crossed": picked})
    return rows


def first_field_id(contest) -> str:
    """Where an error about `contest` links to: its first input."""
    if contest.method == "yes-no":
        return f"a-{contest.key}-0-yes"
    return f"c-{contest.key}-0"


def _with_isolated_title(problem: Msg) -> Msg:
    """The message with its contest title set apart for the bidi algorithm (U+2068 … U+2069),
    so that a German title inside an Arabic sentence keeps its direction, and the sentence its."""
    params = {**problem.params, "contest": f"\u2068{problem.params['contest']}\u2069"}
    return Msg(problem.template, **params)


def problems_by_contest(error, contests) -> tuple[dict, list[tuple[str, str]]]:
    """The problems of a refused ballot: {contest key: [texts]} for the fieldsets, and the
    summary [(link target, text)] in ballot order."""
    by_title = {c.title: c for c in reversed(contests)}
    by_key, summary = {}, []
    for problem in error.problems:
        contest = by_title.get(getattr(problem, "params", {}).get("contest"))
        text = translated(_with_isolated_title(problem) if contest else problem)
        if contest is None:
            summary.append(("ballot-form", text))
            continue
        by_key.setdefault(contest.key, []).append(text)
        summary.append((first_field_id(contest), text))
    return by_key, summary
