"""Security headers on every response, and a warning when the proxy settings do not fit."""

import logging

from flask import current_app, request

log = logging.getLogger("ballot.web")

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def add_security_headers(response):
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def warn_of_proxy_mismatch() -> None:
    """Say once per worker, in the log, when requests do not pass the proxies that
    BALLOT_PROXY_HOPS trusts: then every client counts as the proxy's address for the rate
    limits (one guesser blocks everyone), and HTTPS goes unseen (no HSTS)."""
    if current_app.extensions.get("ballot.proxy_warned"):
        return
    hops = current_app.extensions["ballot.settings"].proxy_hops
    header = request.headers.get("X-Forwarded-For", "")
    passed = len([address for address in header.split(",") if address.strip()])
    if hops == 0 and passed:
        log.warning(
            "a request came with X-Forwarded-For, which is ignored as BALLOT_PROXY_HOPS is 0; "
            "behind a proxy set BALLOT_PROXY_HOPS to the number of proxies (docs/OPERATIONS.md)"
        )
    elif passed < hops:
        log.warning(
            "BALLOT_PROXY_HOPS is %d but a request came through %d proxies; its address is the "
            "last proxy's (docs/OPERATIONS.md)",
            hops,
            passed,
        )
    else:
        return
    current_app.extensions["ballot.proxy_warned"] = True
