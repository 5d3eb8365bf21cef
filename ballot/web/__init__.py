"""The web front: thin views over the services, in four languages."""

from babel import Locale
from babel.numbers import parse_pattern
from flask import Flask, session
from flask_babel import get_locale
from flask_wtf.csrf import CSRFProtect

from ballot import __version__
from ballot.services import voting
from ballot.web.context import discard_transaction, finish_transaction, now
from ballot.web.errors import init_errors
from ballot.web.i18n import LANGUAGES, init_i18n, text_direction
from ballot.web.input import refuse_nul_characters
from ballot.web.security import add_security_headers, warn_of_proxy_mismatch

csrf = CSRFProtect()


def _voting_phase(election) -> str:
    return voting.voting_phase(election, now())


def _template_globals():
    lang = str(get_locale() or "de")
    return {
        "lang": lang,
        "text_dir": text_direction(lang),
        "languages": LANGUAGES,
        "version": __version__,
        "signed_in": "account_id" in session,
        "voting_phase": _voting_phase,
        "percent": _percent,
    }


def _percent(share: float) -> str:
    """A share (0 to 1) as a percentage with one decimal, written as the page's language writes
    a percentage: de "50,0 %", en "50.0%", tr "%50,0"."""
    locale = get_locale() or Locale.parse("de")
    pattern = parse_pattern(locale.percent_formats[None].pattern)
    pattern.frac_prec = (1, 1)
    return pattern.apply(share, locale)


def init_web(app: Flask) -> None:
    from ballot.web import admin, auth, public, public_areas, public_results, vote  # noqa: PLC0415, F401

    csrf.init_app(app)
    init_i18n(app)
    init_errors(app)
    app.before_request(refuse_nul_characters)
    app.before_request(warn_of_proxy_mismatch)
    app.context_processor(_template_globals)
    app.after_request(finish_transaction)
    app.after_request(add_security_headers)
    app.teardown_request(discard_transaction)
    app.register_blueprint(public.bp)
    app.register_blueprint(vote.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(admin.bp)
