"""The application factory."""

import logging

import redis
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from ballot.db import make_engine, make_session_factory
from ballot.files import writable_folder
from ballot.ratelimit import RateLimiter
from ballot.settings import Settings, SettingsError, settings_from_env
from ballot.web import init_web


def _redis_client(url: str | None):
    if not url:
        return None
    return redis.Redis.from_url(url)


def _instance_folder(path) -> None:
    try:
        writable_folder(path)
    except OSError as error:
        raise SettingsError(
            f"the instance folder {path} (BALLOT_INSTANCE_PATH) cannot be created or written: "
            f"{error.strerror or error}."
        ) from None


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or settings_from_env()
    _instance_folder(settings.instance_path)
    app = Flask(
        "ballot",
        instance_path=str(settings.instance_path),
        template_folder="web/templates",
        static_folder="web/static",
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="ballot_session",
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=settings.secure_cookies,
        TESTING=settings.testing,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.extensions["ballot.settings"] = settings
    engine = make_engine(settings.database_url, pool_pre_ping=True)
    app.extensions["ballot.engine"] = engine
    app.extensions["ballot.sessions"] = make_session_factory(engine)
    app.extensions["ballot.limiter"] = RateLimiter(
        make_session_factory(engine), _redis_client(settings.redis_url)
    )

    init_web(app)
    if settings.proxy_hops:
        # Behind nginx (docs/OPERATIONS.md): the client's address and scheme as the proxy saw
        # them. The host is not taken from the proxy; nginx passes the Host header itself.
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops, x_host=0
        )
    logging.getLogger("ballot").setLevel(logging.INFO)
    return app
