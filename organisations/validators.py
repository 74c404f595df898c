"""Registration and tax numbers per country (python-stdnum), logos (Pillow), descriptions (nh3)."""

from __future__ import annotations

import io
import re
import uuid

import nh3
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from stdnum.bg import vat as bg_vat
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip as pl_nip
from stdnum.pl import regon as pl_regon
from stdnum.si import ddv as si_ddv
from stdnum.si import maticna as si_maticna

from hub.models import Country

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 800
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
# A logo is checked against this from its header, before it is decoded: a small file can
# declare a huge picture (a decompression bomb) whose pixels would fill the server's memory.
# 16 million pixels (a 12-megapixel photo passes) take some 64 MB once decoded.
LOGO_MAX_PIXELS = 16_000_000
# Pillow's own guard for every image the process opens: it warns above this, and refuses to
# open anything over twice as large.
Image.MAX_IMAGE_PIXELS = LOGO_MAX_PIXELS

_KRS = re.compile(r"^\d{10}$")


def _bg_eik(number: str) -> str:
    """EIK/BULSTAT: 9 digits, or 13 for a branch whose first 9 are the company's own EIK."""
    number = bg_vat.compact(number)
    if len(number) == 13 and number.isdigit():
        bg_vat.validate(number[:9])
        return number
    if len(number) != 9:
        raise InvalidLength
    return bg_vat.validate(number)


def _pl_registration(number: str) -> str:
    """REGON (9 or 14 digits, checksum) or KRS (10 digits; the register has no check digit)."""
    compact = re.sub(r"[\s-]", "", number)
    if _KRS.match(compact):
        return compact
    return pl_regon.validate(compact)


# Per country: the check, what the number looks like, and its name (for a mistyped digit).
REGISTRATION_VALIDATORS = {
    Country.SLOVENIA: (
        si_maticna.validate,
        _("a matična številka of 7 or 10 digits"),
        _("matična številka"),
    ),
    Country.BULGARIA: (_bg_eik, _("an EIK/BULSTAT of 9 or 13 digits"), _("EIK/BULSTAT")),
    Country.POLAND: (
        _pl_registration,
        _("a REGON (9 or 14 digits) or a KRS number (10 digits)"),
        _("REGON"),
    ),
}
TAX_VALIDATORS = {
    Country.SLOVENIA: (si_ddv.validate, _("a davčna številka of 8 digits"), _("davčna številka")),
    Country.BULGARIA: (bg_vat.validate, _("a VAT number of 9 or 10 digits"), _("VAT number")),
    Country.POLAND: (pl_nip.validate, _("a NIP of 10 digits"), _("NIP")),
}


def _normalise(number: str, country: str, validators: dict) -> str:
    number = number.strip()
    if not number:
        return ""
    validate, expected, name = validators[country]
    try:
        return validate(number)
    except InvalidChecksum:
        # The right number of digits, but one is mistyped: saying "wrong length" would mislead.
        raise ValidationError(
            _("The check digit is wrong: please look for a mistyped digit in the %(name)s."),
            code="checksum",
            params={"name": name},
        ) from None
    except InvalidLength:
        raise ValidationError(
            _("This number has the wrong number of digits: expected %(expected)s."),
            code="length",
            params={"expected": expected},
        ) from None
    except StdnumError:
        raise ValidationError(
            _("This is not a valid number: expected %(expected)s."),
            code="invalid",
            params={"expected": expected},
        ) from None


def normalise_registration_number(number: str, country: str) -> str:
    """The number in its compact form, or ValidationError naming what is expected."""
    return _normalise(number, country, REGISTRATION_VALIDATORS)


def normalise_tax_number(number: str, country: str) -> str:
    return _normalise(number, country, TAX_VALIDATORS)


# A number may have been stored in another of its forms before every number was kept compact
# (a matična with its main unit's "000", a VAT number with its country prefix): a look-up for an
# existing organisation matches those too.
_PREFIXES = {Country.SLOVENIA: "SI", Country.BULGARIA: "BG", Country.POLAND: "PL"}


def registration_number_forms(number: str, country: str) -> list[str]:
    """The compact number and the other forms it may have been stored in."""
    if not number:
        return []
    forms = [number]
    if country == Country.SLOVENIA and len(number) == 7:
        forms.append(f"{number}000")
    return forms


def tax_number_forms(number: str, country: str) -> list[str]:
    if not number:
        return []
    return [number, f"{_PREFIXES[country]}{number}"]


def clean_logo(upload: UploadedFile) -> UploadedFile:
    """Accept an image by its content, not its name; return it re-encoded under a new name.

    Re-encoding drops whatever else the file carried (metadata, appended data), and the new
    name is made here so nothing the uploader chose reaches the file system.
    """
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is too large (%(size)s MB); the limit is 2 MB."),
            code="too_large",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            # Image.open reads only the header: the size is known, nothing is decoded yet.
            _check_pixels(*probe.size)
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image_format = image.format
        image.load()
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The logo must be an image (PNG, JPEG, GIF or WebP); this file is not one."),
            code="not_an_image",
        ) from None
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            _("The logo must be an image (PNG, JPEG, GIF or WebP); this file is not one."),
            code="not_an_image",
        )
    image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    if image_format == "JPEG":
        output_format, suffix, content_type = "JPEG", "jpg", "image/jpeg"
        image = image.convert("RGB")
    else:
        output_format, suffix, content_type = "PNG", "png", "image/png"
        if image.mode not in {"RGB", "RGBA", "L", "LA"}:
            image = image.convert("RGBA")
    buffer = io.BytesIO()
    image.save(buffer, format=output_format, optimize=True)
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.{suffix}", buffer.getvalue(), content_type)


def _check_pixels(width: int, height: int) -> None:
    if width * height > LOGO_MAX_PIXELS:
        raise _too_many_pixels()


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _(
            "The logo has too many pixels; the limit is %(limit)s million. Save it smaller, "
            "for example 800 pixels wide, and upload it again."
        ),
        code="too_many_pixels",
        params={"limit": LOGO_MAX_PIXELS // 1_000_000},
    )


DESCRIPTION_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}


def clean_description(text: str) -> str:
    """The description allows a little markup (paragraphs, emphasis, lists, links); nh3 keeps
    only that, and links get rel="noopener noreferrer nofollow"."""
    return nh3.clean(
        text,
        tags=DESCRIPTION_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()
