"""Registration and tax numbers that pass each country's checks, and phone numbers in its format."""

from __future__ import annotations

import random

from stdnum.bg import vat as bg_vat
from stdnum.pl import nip as pl_nip
from stdnum.pl import regon as pl_regon
from stdnum.si import ddv as si_ddv
from stdnum.si import maticna as si_maticna

from hub.models import Country

PHONES = {
    Country.SLOVENIA: "+386 5 330 00 {:02d}",
    Country.BULGARIA: "+359 82 800 {:03d}",
    Country.POLAND: "+48 58 300 00 {:02d}",
}


def _si_numbers(rng: random.Random) -> tuple[str, str]:
    while True:
        base = f"{rng.randrange(100000, 999999)}"
        check = si_maticna.calc_check_digit(base)
        if check != "invalid":
            break
    while True:
        tax = f"{rng.randrange(1000000, 9999999)}"
        tax += si_ddv.calc_check_digit(tax)
        if si_ddv.is_valid(tax):
            break
    return base + check, tax  # the compact form every number is stored in


def _bg_number(rng: random.Random) -> str:
    base = f"{rng.randrange(10000000, 99999999)}"
    return base + bg_vat.calc_check_digit_legal(base)


NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def _pl_numbers(rng: random.Random) -> tuple[str, str]:
    while True:
        regon = f"{rng.randrange(10000000, 99999999)}"
        regon += pl_regon.calc_check_digit(regon)
        nip = f"{rng.randrange(100000000, 999999999)}"
        check = str(sum(w * int(d) for w, d in zip(NIP_WEIGHTS, nip, strict=True)) % 11)
        if pl_regon.is_valid(regon) and pl_nip.is_valid(nip + check):
            return regon, nip + check


def demo_numbers(rng: random.Random, country: str) -> tuple[str, str]:
    if country == Country.BULGARIA:
        return _bg_number(rng), ""
    if country == Country.POLAND:
        return _pl_numbers(rng)
    return _si_numbers(rng)
