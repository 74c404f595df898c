"""Shared bits for the organisations tests: images, valid numbers, a profile POST."""

from __future__ import annotations

import io
import os
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# Valid by python-stdnum's checksums.
SI_MATICNA = "9331310000"  # stored compact: 9331310
SI_DAVCNA = "50223054"
SI_MATICNA_OTHER = "5300231000"
PL_NIP = "8567346215"
PL_REGON = "123456785"
BG_EIK = "175074752"


def png(size: tuple[int, int] = (40, 30), name: str = "logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 107, 79)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def oversized_png() -> SimpleUploadedFile:
    """A real PNG of noise, which does not compress below 2 MB."""
    side = 1100
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    assert buffer.tell() > 2 * 1024 * 1024
    return SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")


def png_declaring(width: int, height: int, *, rows: int | None = None) -> SimpleUploadedFile:
    """A small greyscale PNG whose header declares ``width`` × ``height`` pixels: a
    decompression bomb. Its data holds ``rows`` rows of zeros (all of them by default), which
    compress to almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    compressor = zlib.compressobj(9)
    row = b"\0" * (width + 1)  # a filter byte and the row's pixels
    data = b"".join(compressor.compress(row) for _ in range(height if rows is None else rows))
    data += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    content = (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile("logo.png", content, content_type="image/png")


def profile_data(**overrides) -> dict:
    data = {
        "name": "Društvo Šmarnica",
        "short_name": "",
        "sector": "civil",
        "legal_form": "association",
        "country": "SI",
        "registration_number": SI_MATICNA,
        "tax_number": SI_DAVCNA,
        "seat": "",
        "description": "Skrbimo za starejše.",
        "website": "",
        "email": "info@smarnica.example.org",
        "phone": "",
        "members": "",
        "employees": "",
        "volunteers": "",
        "founded_year": "1998",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(organisation, **overrides) -> dict:
    """The edit form as the browser would send it for the organisation as it is now."""
    data = {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "sector": organisation.sector,
        "legal_form": organisation.legal_form,
        "country": organisation.country,
        "registration_number": organisation.registration_number,
        "tax_number": organisation.tax_number,
        "seat": organisation.seat_id or "",
        "description": organisation.description,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "members": organisation.members or "",
        "employees": organisation.employees or "",
        "volunteers": organisation.volunteers or "",
        "founded_year": organisation.founded_year or "",
        "version": organisation.version,
    }
    data.update(overrides)
    return data
