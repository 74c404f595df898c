import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from organisations import validators
from organisations.validators import (
    clean_description,
    clean_logo,
    normalise_registration_number,
    normalise_tax_number,
)
from tests.organisations.helpers import (
    BG_EIK,
    PL_NIP,
    PL_REGON,
    SI_DAVCNA,
    SI_MATICNA,
    oversized_png,
    png,
    png_declaring,
)

# The messages are read in English.
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("number", "country", "stored"),
    [
        (SI_MATICNA, "SI", "9331310"),
        ("933 1310", "SI", "9331310"),
        (BG_EIK, "BG", BG_EIK),
        (BG_EIK + "0001", "BG", BG_EIK + "0001"),
        (PL_REGON, "PL", PL_REGON),
        ("0000123456", "PL", "0000123456"),  # KRS: ten digits
    ],
)
def test_valid_registration_numbers_are_stored_compact(number, country, stored):
    assert normalise_registration_number(number, country) == stored


@pytest.mark.parametrize(
    ("number", "country"),
    [("12345", "SI"), ("17507475", "BG"), ("12345678", "PL")],
)
def test_a_number_too_short_or_long_says_how_many_digits_are_expected(number, country):
    with pytest.raises(ValidationError) as error:
        normalise_registration_number(number, country)
    assert error.value.code == "length"
    assert "wrong number of digits: expected" in str(error.value)


@pytest.mark.parametrize(
    ("number", "country", "normalise"),
    [
        ("9331320000", "SI", normalise_registration_number),
        ("175074751", "BG", normalise_registration_number),
        ("123456786", "PL", normalise_registration_number),
        ("50223055", "SI", normalise_tax_number),
        ("8567346216", "PL", normalise_tax_number),
    ],
)
def test_a_mistyped_digit_is_called_a_wrong_check_digit_not_a_wrong_length(
    number, country, normalise
):
    with pytest.raises(ValidationError) as error:
        normalise(number, country)
    assert error.value.code == "checksum"
    assert "The check digit is wrong" in str(error.value)
    assert "digits: expected" not in str(error.value)


def test_letters_in_a_number_say_what_is_expected():
    with pytest.raises(ValidationError) as error:
        normalise_tax_number("5022305A", "SI")
    assert "This is not a valid number: expected a davčna številka of 8 digits" in str(error.value)


@pytest.mark.parametrize(
    ("number", "country", "stored"),
    [("SI 5022 3054", "SI", SI_DAVCNA), (PL_NIP, "PL", PL_NIP), ("BG" + BG_EIK, "BG", BG_EIK)],
)
def test_tax_numbers_per_country(number, country, stored):
    assert normalise_tax_number(number, country) == stored


def test_a_wrong_tax_number_is_refused():
    with pytest.raises(ValidationError):
        normalise_tax_number("50223055", "SI")


def test_a_logo_is_re_encoded_under_a_new_name():
    cleaned = clean_logo(png(name="../../etc/passwd.png"))
    assert cleaned.name.endswith(".png")
    assert "passwd" not in cleaned.name
    with Image.open(cleaned) as image:
        assert image.format == "PNG"
        assert image.size == (40, 30)


def test_a_large_logo_is_scaled_down():
    cleaned = clean_logo(png(size=(1600, 400)))
    with Image.open(cleaned) as image:
        assert image.size == (800, 200)


def test_a_text_file_named_png_is_not_a_logo():
    upload = SimpleUploadedFile("logo.png", b"just some text", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        clean_logo(upload)
    assert error.value.code == "not_an_image"


def test_a_logo_over_two_megabytes_is_refused():
    with pytest.raises(ValidationError) as error:
        clean_logo(oversized_png())
    assert error.value.code == "too_large"


@pytest.fixture
def decoded(monkeypatch) -> list:
    """The images Pillow decodes during the test."""
    calls = []
    load = ImageFile.ImageFile.load

    def spy(image):
        calls.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return calls


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_logo_declaring_too_many_pixels_is_refused_before_it_is_decoded(decoded):
    bomb = png_declaring(5000, 5000)  # 25 million pixels in a file of a few kilobytes
    assert bomb.size < 100_000
    with pytest.raises(ValidationError) as error:
        clean_logo(bomb)
    assert error.value.code == "too_many_pixels"
    assert "the limit is 16 million" in error.value.messages[0]
    assert decoded == []


def test_a_giant_picture_that_pillow_refuses_to_open_gets_the_same_message(decoded):
    with pytest.raises(ValidationError) as error:
        clean_logo(png_declaring(40_000, 40_000, rows=10))
    assert error.value.code == "too_many_pixels"
    assert decoded == []


def test_the_same_picture_is_taken_when_the_limit_allows_it(monkeypatch, decoded):
    monkeypatch.setattr(validators, "LOGO_MAX_PIXELS", 30_000_000)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 30_000_000)
    cleaned = clean_logo(png_declaring(5000, 5000))
    assert (5000, 5000) in decoded
    with Image.open(cleaned) as image:
        assert image.size == (800, 800)


def test_the_description_keeps_simple_markup_and_drops_scripts():
    text = clean_description(
        "<p>Hi <strong>there</strong><script>alert(1)</script>"
        '<a href="javascript:alert(1)" onclick="x()">bad</a> <a href="https://x.org">ok</a></p>'
    )
    assert "<script" not in text
    assert "javascript:" not in text
    assert "onclick" not in text
    assert "<strong>there</strong>" in text
    assert 'href="https://x.org"' in text
