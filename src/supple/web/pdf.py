"""Pages made into PDF files on the server with WeasyPrint, from the same HTML and CSS.

WeasyPrint reads only the app's own static files (the stylesheets the page links): nothing
from the network or elsewhere on the disk, whatever the page names.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticFilesOnly(URLFetcher):
    """Resolves ``/static/…`` addresses to the app's static files; refuses anything else."""

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = urlsplit(url).path
        prefix = settings.STATIC_URL or "/static/"
        name = path.removeprefix(prefix)
        found = finders.find(name) if path.startswith(prefix) and ".." not in name else None
        if not isinstance(found, str):
            raise ValueError(f"not one of the app's static files: {url}")
        kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": kind}
        )


def html_to_pdf(html: str, base_url: str) -> bytes:
    """The page as a PDF (A4 unless its print stylesheet says otherwise)."""
    pdf = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesOnly()).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
