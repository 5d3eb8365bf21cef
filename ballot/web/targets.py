"""Where a redirect named by the request (`?next=…`) may lead: only to a path on this site.

Browsers are lenient with a Location header: they drop tabs and line breaks, read a backslash
as a slash, and take `//host` or `/\t/host` as another site. So a target is accepted only as a
path that starts with a single slash and holds no backslash, no white space and no control
character, and that `urlsplit` reads without a scheme or a host.
"""

import unicodedata
from urllib.parse import urlsplit


def is_same_site_path(target) -> bool:
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(_unsafe(character) for character in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def _unsafe(character: str) -> bool:
    """White space, and control, format, private-use or unassigned characters."""
    return character.isspace() or unicodedata.category(character).startswith("C")
