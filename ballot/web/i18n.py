"""Languages: German first, then English, Turkish and Arabic (right to left)."""

from functools import lru_cache

from babel import Locale, dates
from flask import request, session
from flask_babel import Babel, format_datetime, get_locale, refresh

from ballot.template_text import TemplateText

LANGUAGES = {"de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية"}
RTL = {"ar"}
DEFAULT = "de"


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT) or DEFAULT


def switch_language(code: object) -> None:
    """Show this request's page, and the next ones, in `code` (if we speak it)."""
    if code in LANGUAGES:
        session["lang"] = code
        refresh()  # the page of this request is rendered in the new language too


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def init_i18n(app) -> None:
    Babel(
        app, locale_selector=select_locale, default_locale=DEFAULT, default_timezone="Europe/Berlin"
    )
    app.jinja_env.filters["berlin_time"] = berlin_time


@lru_cache(maxsize=len(LANGUAGES))
def _long_date_short_time(locale_name: str) -> str:
    """The locale's pattern for a long date with a short time, joined as the locale joins
    them: de "d. MMMM y, HH:mm", en "MMMM d, y, h:mm a", tr "d MMMM y HH:mm"."""
    locale = Locale.parse(locale_name)
    return (
        dates.get_datetime_format("long", locale)
        .replace("{1}", dates.get_date_format("long", locale).pattern)
        .replace("{0}", dates.get_time_format("short", locale).pattern)
    )


def berlin_time(moment) -> str:
    """A moment in Berlin time (the app's time zone), written as the reader's language writes
    a date and a time: "1. März 2027, 08:00", "March 1, 2027, 8:00 AM"."""
    return format_datetime(moment, _long_date_short_time(str(get_locale() or DEFAULT)))


def translated(text) -> str:
    """Show a service message in the user's language (see `ballot.template_text`)."""
    from flask_babel import gettext  # noqa: PLC0415  (avoids a cycle at import time)

    return text.translated(gettext) if isinstance(text, TemplateText) else str(text)
