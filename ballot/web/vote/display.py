"""How the ballot describes a candidate: the configured attributes, in the resident's words.

A plain function rather than a template macro: the ballot page shows it for every candidate,
and a Jinja macro call costs many times a Python call (so does each translation look-up).
"""

from flask_babel import gettext as _


def attribute_text(name: str, value) -> str:
    if name == "gender":
        if value == "f":
            return _("woman")
        if value == "m":
            return _("man")
        if value == "d":
            return _("diverse")
    return f"{name}: {value}"


def candidate_notes(candidate) -> str:
    """ "woman · subarea: Nord": the candidate's attributes in a stable order."""
    return " · ".join(attribute_text(n, v) for n, v in sorted(candidate.attributes.items()))
