"""The shape of the demo calls: one story per demo hub, its funders and its calls."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import FunderKind

EU, EEA, MINISTRY, MUNICIPALITY, FOUNDATION, COMPANY = (
    FunderKind.EU_FUND,
    FunderKind.EEA_NORWAY,
    FunderKind.MINISTRY,
    FunderKind.MUNICIPALITY,
    FunderKind.FOUNDATION,
    FunderKind.COMPANY,
)
NGO = ["civil"]
ASSOCIATIONS = ["association", "private_institute", "foundation"]


@dataclass(frozen=True)
class DemoCall:
    title: str
    funder: int  # index into the story's funders
    programme: str
    fields: list[str]
    opens: int  # days from today
    deadline: int
    max_grant: int
    min_grant: int = 0
    co_financing: int = 80
    home_region: bool = False  # only the hub's region, or the whole country
    legal_forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoCalls:
    currency: str
    funders: list[tuple[str, str, str]]  # name, kind, website
    summary: str  # "{funder}" and "{programme}" are filled in
    text: str
    document: str
    contact: str
    calls: list[DemoCall]
