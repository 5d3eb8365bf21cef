"""While rendering, nothing outside printing/ may be read and nothing fetched from a network."""

import pytest

from printing.engine import render_pdf
from printing.fetcher import PACKAGE_DIR, ResourceRefused, package_path


def test_package_files_are_served():
    font = PACKAGE_DIR / "fonts" / "NotoSans-Regular.ttf"
    assert package_path(font.as_uri()) == font


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/style.css",
        "https://example.org/font.ttf",
        "data:text/css,body{}",
        "ftp://example.org/x",
        (PACKAGE_DIR / "..").resolve().as_uri() + "/setup.cfg",
        PACKAGE_DIR.as_uri() + "/../setup.cfg",
        PACKAGE_DIR.as_uri() + "/fonts",  # a directory
        "file://elsewhere.example.org" + str(PACKAGE_DIR / "engine.py"),
    ],
)
def test_everything_else_is_refused(url):
    with pytest.raises(ResourceRefused):
        package_path(url)


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/hostname">',
        '<link rel="stylesheet" href="https://example.org/evil.css">',
        '<p style="background: url(http://example.org/track.png)">x</p>',
    ],
)
def test_rendering_stops_at_a_foreign_resource(markup):
    with pytest.raises(ResourceRefused):
        render_pdf(f"<html><body>{markup}</body></html>", ("fonts.css",))
