"""Languages: German first, then English, Turkish and Arabic (right to left)."""

from flask import request, session
from flask_babel import Babel

LANGUAGES = {"de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية"}
RTL = {"ar"}
DEFAULT = "de"


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT) or DEFAULT


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def init_i18n(app) -> None:
    Babel(
        app, locale_selector=select_locale, default_locale=DEFAULT, default_timezone="Europe/Berlin"
    )


def translated(text) -> str:
    """Show a service message in the user's language (see `ballot.services.errors.Msg`)."""
    from flask_babel import gettext  # noqa: PLC0415  (avoids a cycle at import time)

    from ballot.services.errors import Msg  # noqa: PLC0415

    return text.translated(gettext) if isinstance(text, Msg) else str(text)
