"""Sections other apps add to a page they do not own, so dependencies keep pointing one way.

The organisation's profile lists, say, its partnerships, yet ``organisations`` knows nothing of
``partnerships``: that app registers a section here (in its ``AppConfig.ready``), and the
profile view asks for the sections of the organisation it shows. A section is a function
``(organisation, user) -> dict | None``; the dict names its ``template`` and carries that
template's context, and ``None`` leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Section = Callable[[Any, Any], "dict | None"]

PROFILE_SECTIONS: list[Section] = []


def profile_section_register(section: Section) -> Section:
    if section not in PROFILE_SECTIONS:
        PROFILE_SECTIONS.append(section)
    return section


def profile_sections(*, organisation, user) -> list[dict]:
    return [
        found for section in PROFILE_SECTIONS if (found := section(organisation, user)) is not None
    ]


# The same for a partnership's page: advocacy shows what became of its policy proposals.
PARTNERSHIP_SECTIONS: list[Section] = []


def partnership_section_register(section: Section) -> Section:
    if section not in PARTNERSHIP_SECTIONS:
        PARTNERSHIP_SECTIONS.append(section)
    return section


def partnership_sections(*, partnership, user) -> list[dict]:
    return [
        found
        for section in PARTNERSHIP_SECTIONS
        if (found := section(partnership, user)) is not None
    ]
