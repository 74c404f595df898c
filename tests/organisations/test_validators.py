import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

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
)


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
