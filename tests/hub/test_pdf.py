import base64
import io

import pytest
from django.template import Context, Template
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from hub.pdf import PDF_BASE_URL, StaticOnlyFetcher, html_to_pdf, render_pdf
from hub.selectors import hub_profile, operation_on

DOCUMENT = Template(
    """{% extends "pdf/base.html" %}
    {% block content %}
      <h1>Poročilo o izvajanju</h1>
      {% for i in rows %}<p>Vrstica {{ i }}: Življenje in Šport v Žireh; Русе, Бяла и Две могили;
      Łódź, Gdańsk, źdźbło.</p>{% endfor %}
    {% endblock %}"""
)


def document_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_a_long_document_has_numbered_pages_and_text_in_three_scripts(settings):
    settings.FUNDER_PUBLICITY_TEXT = "Operacijo sofinancira Evropska unija."
    with translation.override("en"):
        html = DOCUMENT.render(
            Context(
                {
                    "rows": range(120),
                    "hub_name": "Stičišče",
                    "publicity_text": settings.FUNDER_PUBLICITY_TEXT,
                    "funder_logos": [{"src": "/static/img/eu-esf.svg", "alt": "EU"}],
                }
            )
        )

    pages, text = document_text(html_to_pdf(html))

    assert pages >= 3
    assert "Poročilo o izvajanju" in text
    assert "Življenje in Šport v Žireh" in text
    assert "Русе, Бяла и Две могили" in text
    assert "Łódź, Gdańsk, źdźbło" in text
    assert text.count("Operacijo sofinancira Evropska unija.") == pages
    assert f"Page 1 of {pages}" in text


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(buffer, "PNG")
    return buffer.getvalue()


def embedded_images(html: str) -> int:
    reader = PdfReader(io.BytesIO(html_to_pdf(html)))
    return len(reader.pages[0]["/Resources"].get("/XObject", {}))


def test_the_fetcher_serves_static_files():
    response = StaticOnlyFetcher().fetch(f"{PDF_BASE_URL}static/img/eu-esf.svg")
    assert response.content_type == "image/svg+xml"
    assert response.read().startswith(b"<svg")


def test_images_from_static_files_and_data_urls_are_embedded(tmp_path):
    encoded = base64.b64encode(png_bytes()).decode()
    assert embedded_images(f'<img src="data:image/png;base64,{encoded}">') == 1


@pytest.mark.parametrize(
    "source",
    [
        "file://{png}",
        "{png}",
        "file:///etc/passwd",
        "/etc/passwd",
        "../../../../etc/passwd",
        "/static/../hub/settings/base.py",
        "http://127.0.0.1:5432/",
        "https://example.org/logo.png",
    ],
)
def test_documents_cannot_load_anything_but_static_files(source, tmp_path):
    png = tmp_path / "secret.png"
    png.write_bytes(png_bytes())
    html = f'<p>Nothing here</p><img src="{source.format(png=png)}">'

    assert embedded_images(html) == 0


@pytest.mark.django_db
def test_render_pdf_writes_in_the_language_asked_for(settings):
    pdf = render_pdf("pdf/base.html", {"funder_logos": []}, language="sl")
    _, text = document_text(pdf)
    assert "Stran 1 od 1" in text


def test_the_hub_name_prints_exactly_in_the_page_footer_of_a_tagged_pdf(db):
    profile = hub_profile()
    profile.name = 'Primorsko-notranjska & Co\'s "Hub"'
    profile.save()
    operation = operation_on()
    operation.publicity_text_en = "Sofinancira <Evropska unija> & Republika Slovenija."
    operation.save()

    pdf = render_pdf("pdf/base.html", {}, language="en")

    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert 'Primorsko-notranjska & Co\'s "Hub"' in text
    assert "Sofinancira <Evropska unija> & Republika Slovenija." in text
    assert "u002D" not in text and "\\" not in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, for screen readers
