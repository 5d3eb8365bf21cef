"""HTML and CSS to PDF, with stylesheets and fonts loaded once per process.

Parsing the stylesheets and registering the fonts with fontconfig costs far more than laying
out one letter, so both are cached and shared by every document a process renders.
"""

import functools
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from printing.fetcher import PACKAGE_DIR, PACKAGE_URL, PackageFetcher, ResourceRefused

STYLES_DIR = PACKAGE_DIR / "styles"


@functools.cache
def _fetcher() -> PackageFetcher:
    return PackageFetcher()


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def stylesheet(name: str) -> CSS:
    """A parsed stylesheet from `printing/styles`, shared by all documents of this process."""
    return CSS(
        filename=str(STYLES_DIR / name),
        url_fetcher=_fetcher(),
        font_config=_font_config(),
    )


@contextmanager
def _package_resources_only() -> Iterator[None]:
    try:
        yield
    except FatalURLFetchingError as refused:
        # WeasyPrint raises a BaseException here; turn it into an ordinary error for callers.
        raise ResourceRefused(str(refused)) from refused.__cause__


def render_document(html: str, stylesheets: tuple[str, ...], extra_css: str = "") -> Document:
    """Lay out an HTML string with the named package stylesheets (and optional extra CSS)."""
    sheets = [stylesheet(name) for name in stylesheets]
    with _package_resources_only():
        if extra_css:
            sheets.append(CSS(string=extra_css, url_fetcher=_fetcher(), font_config=_font_config()))
        document = HTML(string=html, base_url=PACKAGE_URL, url_fetcher=_fetcher())
        return document.render(stylesheets=sheets, font_config=_font_config())


def write_pdf(document: Document, **options) -> bytes:
    """PDF bytes of a laid-out document; `options` go to WeasyPrint's `write_pdf`."""
    with _package_resources_only():
        return document.write_pdf(**options)


def render_pdf(html: str, stylesheets: tuple[str, ...], **options) -> bytes:
    """Render an HTML string with the named package stylesheets to PDF bytes.

    `options` are WeasyPrint's PDF options (e.g. `pdf_variant`, `attachments`).
    """
    return write_pdf(render_document(html, stylesheets), **options)
