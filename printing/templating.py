"""Jinja templates of the print shop, with HTML escaping always on.

Every value in a letter or report comes from outside (a roll, an election form), so escaping is
not optional: a name like `<script>` must appear on paper exactly as written.
"""

import functools

import jinja2

from printing.fetcher import PACKAGE_DIR
from printing.german import format_date, format_datetime, format_number, format_percent


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PACKAGE_DIR / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        date=format_date,
        datetime=format_datetime,
        number=format_number,
        percent=format_percent,
    )
    return env


def render_template(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
