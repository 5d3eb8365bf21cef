"""A WeasyPrint URL fetcher that only reads files of this package.

Letters and reports are rendered from data that came from outside (names, addresses, titles).
Even though all of it is escaped, the renderer must never reach the network or read a file
elsewhere on the server: a stylesheet, font or image outside `printing/` is refused and stops
the rendering.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_URL = PACKAGE_DIR.as_uri() + "/"


class ResourceRefused(ValueError):
    """The document asked for something outside the print shop's own files."""


class PackageFetcher(URLFetcher):
    """Serves `file:` URLs inside the package directory, refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), fail_on_errors=True)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = package_path(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def package_path(url: str) -> Path:
    """The file inside the package that `url` names, or ResourceRefused."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise ResourceRefused(f"only package files may be used: {url}")
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(PACKAGE_DIR) or not path.is_file():
        raise ResourceRefused(f"not a file of the print shop: {url}")
    return path
