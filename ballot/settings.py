"""Settings from `BALLOT_*` environment variables (DESIGN §7)."""

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError


class SettingsError(RuntimeError):
    """The service cannot start with these settings."""


DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    public_url: str = DEFAULT_PUBLIC_URL
    instance_path: Path = field(default_factory=lambda: Path("instance").resolve())
    redis_url: str | None = None
    demo: bool = False
    testing: bool = False
    # Cookies are marked Secure everywhere but in the demo and tests, which run on plain http.
    secure_cookies: bool = True
    max_upload_bytes: int = 20 * 1024 * 1024
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0: none, so
    # a client cannot choose the address its rate limits are counted under).
    proxy_hops: int = 0

    def with_changes(self, **changes) -> "Settings":
        return replace(self, **changes)


def _demo_secret(instance_path: Path) -> str:
    """The demo keeps a generated secret in its instance folder so restarts keep sessions."""
    path = instance_path / "demo-secret-key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _proxy_hops(text: str) -> int:
    if not text.isdigit() or int(text) > 5:
        raise SettingsError("BALLOT_PROXY_HOPS must be a number of proxies from 0 to 5.")
    return int(text)


def _database_url(text: str) -> str:
    """The URL, if it names SQLite or PostgreSQL with a driver that is installed; it is not
    quoted back, as it may hold a password."""
    try:
        url = make_url(text)
        usable = url.get_backend_name() in ("sqlite", "postgresql")
        usable = usable and bool(url.get_dialect().import_dbapi())
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError):
        usable = False
    if not usable:
        raise SettingsError(
            "BALLOT_DATABASE_URL is not a database URL this service can use; write "
            "postgresql+psycopg://USER@/DATABASE?host=/var/run/postgresql or sqlite:///PATH."
        )
    return text


def _public_url(text: str, default: str) -> str:
    """The letters' base URL: a QR code without scheme or host opens no page. Unset, it is the
    demo's own address, and empty outside the demo: then no letter can be printed."""
    if not text:
        return default or ""
    try:
        parts = urlsplit(text)
        usable = parts.scheme in ("http", "https") and parts.hostname and parts.port != 0
    except ValueError:  # "https://[wahl" or a port that is no number
        usable = False
    if not usable or parts.query or parts.fragment:
        raise SettingsError(
            "BALLOT_PUBLIC_URL must be the site's address with its scheme, "
            "for example https://wahl.example.org"
        )
    return text.rstrip("/")


def _redis_url(text: str) -> str | None:
    if text and not text.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError(
            "BALLOT_REDIS_URL must start with redis://, rediss:// or unix:// (or be unset)."
        )
    return text or None


def settings_from_env(
    *, demo: bool = False, environ=None, default_public_url: str = DEFAULT_PUBLIC_URL
) -> Settings:
    """The settings; in the demo, `default_public_url` is the letters' base URL if
    BALLOT_PUBLIC_URL is unset."""
    env = os.environ if environ is None else environ
    instance_path = Path(env.get("BALLOT_INSTANCE_PATH", "instance")).resolve()
    database_url = _database_url(
        env.get("BALLOT_DATABASE_URL") or f"sqlite:///{instance_path / 'ballot.db'}"
    )
    secret_key = env.get("BALLOT_SECRET_KEY", "")
    if not secret_key:
        if not demo:
            raise SettingsError(
                "BALLOT_SECRET_KEY is not set. Set it to a long random value "
                "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        secret_key = _demo_secret(instance_path)
    if len(secret_key) < 32:
        raise SettingsError("BALLOT_SECRET_KEY must be at least 32 characters long.")
    return Settings(
        database_url=database_url,
        secret_key=secret_key,
        public_url=_public_url(
            env.get("BALLOT_PUBLIC_URL", "").strip(), default_public_url if demo else ""
        ),
        instance_path=instance_path,
        redis_url=_redis_url(env.get("BALLOT_REDIS_URL", "").strip()),
        demo=demo,
        secure_cookies=not demo,
        proxy_hops=_proxy_hops(env.get("BALLOT_PROXY_HOPS", "0").strip() or "0"),
    )
