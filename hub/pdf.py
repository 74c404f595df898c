"""HTML templates to PDF with WeasyPrint, reading nothing but the project's own static files."""

from __future__ import annotations

import mimetypes
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .selectors import pdf_identity

# Relative URLs in PDF templates resolve against this made-up origin; the fetcher maps it
# onto the static files and treats any other address as forbidden.
PDF_BASE_URL = "https://pdf.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Serves ``/static/…`` and ``data:`` URLs; refuses files, remote hosts and the rest."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        base = urlsplit(PDF_BASE_URL)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            raise ValueError(f"PDF documents may not load {url}")
        path = unquote(parts.path)
        if not path.startswith(settings.STATIC_URL):
            raise ValueError(f"PDF documents may only load static files, not {url}")
        found = _static_file(path.removeprefix(settings.STATIC_URL))
        if found is None:
            raise ValueError(f"No static file at {url}")
        mime_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": mime_type})


def _static_file(relative: str) -> Path | None:
    if ".." in Path(relative).parts:
        return None
    collected = Path(settings.STATIC_ROOT) / relative
    if collected.is_file():
        return collected
    found = finders.find(relative)
    return Path(found) if found else None


def render_pdf(template: str, context: dict, *, language: str | None = None) -> bytes:
    """Render a template (extending ``pdf/base.html``) to the bytes of a PDF file."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        # The operation running on the document's date, its line in the document's language.
        context = {**pdf_identity(on=context.get("document_date")), **context}
        return html_to_pdf(render_to_string(template, context))


def html_to_pdf(html: str) -> bytes:
    """A PDF/UA-1 document: tagged (headings, paragraphs and tables marked up for screen
    readers), every image and chart with its alternative text, and XMP metadata naming its
    title and language (``_xmp_language``)."""
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(
        pdf_variant="pdf/ua-1", finisher=_xmp_language
    )


def _xmp_language(document, pdf) -> None:
    """Replace WeasyPrint's XMP packet (title, producer, PDF/UA part) by the same with the
    document's language as ``dc:language``: WeasyPrint puts the language only in the catalog."""
    import pydyf

    metadata = document.metadata
    if not metadata.lang:
        return
    rdf = metadata.generate_rdf_metadata("ua", 1, None).decode()
    language = (
        '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">'
        f"<dc:language><rdf:Bag><rdf:li>{escape(metadata.lang)}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description>"
    )
    rdf = rdf.replace("</rdf:RDF>", language + "</rdf:RDF>")
    packet = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{rdf}</x:xmpmeta>\n<?xpacket end="r"?>'
    ).encode()
    stream = pydyf.Stream([packet], {"Type": "/Metadata", "Subtype": "/XML"})
    pdf.add_object(stream)
    pdf.catalog["Metadata"] = stream.reference
