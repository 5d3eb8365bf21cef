"""Text no view should see: NUL characters in the address, the query or a form.

No name, code, address or title contains NUL, and PostgreSQL cannot even store it in a text
column; a request that carries one is refused with 400 before any view runs.
"""

from flask import abort, request


def _texts():
    yield from (request.view_args or {}).values()
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            yield key
            yield value


def refuse_nul_characters() -> None:
    if any(isinstance(text, str) and "\x00" in text for text in _texts()):
        abort(400)
