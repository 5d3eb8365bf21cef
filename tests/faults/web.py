"""A resident's browser over real HTTP (for a live server on 127.0.0.1): cookies, CSRF tokens
from the pages, forms posted as a browser posts them, redirects not followed."""

import http.client
import http.cookies
import socket
import urllib.parse
from dataclasses import dataclass

from tests.helpers import csrf_token

TIMEOUT = 30


@dataclass
class Page:
    status: int
    text: str
    location: str = ""
    retry_after: str = ""


class Browser:
    def __init__(self, port: int, host: str = "127.0.0.1"):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}

    def _send(self, method: str, path: str, body: bytes | None = None, headers=None) -> Page:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            sent = dict(headers or {})
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            self._keep_cookies(response.msg.get_all("Set-Cookie") or [])
            return Page(
                response.status,
                text,
                location=response.getheader("Location") or "",
                retry_after=response.getheader("Retry-After") or "",
            )
        finally:
            connection.close()

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                if morsel["expires"] and morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path: str) -> Page:
        return self._send("GET", path)

    def post(self, path: str, fields: dict | list) -> Page:
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self._send("POST", path, body, headers)

    def submit(self, path: str, fields: dict, *, page: str | None = None) -> Page:
        """GET the form's page, then POST `fields` with its CSRF token."""
        token = csrf_token(self.get(page or path).text)
        return self.post(path, {"csrf_token": token, **fields})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
