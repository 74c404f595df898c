"""What a participant may be asked at entry, and the categories of each answer.

The one place that says where a participant is counted: the entry items a funder template asks
(``FunderTemplate.entry_items``), the categories of each item's answer, and their labels as
reports print them. Registrations store the values; reports break figures down by them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryItem(models.TextChoices):
    """What a registration may ask a participant at entry, when the operation's template needs it."""

    AGE = "age", _("Year of birth (kept as an age band)")
    GENDER = "gender", _("Gender")
    EDUCATION = "education", _("Education level")
    EMPLOYMENT = "employment", _("Employment status")
    THIRD_COUNTRY = "third_country", _("Third-country national")
    HOUSEHOLD = "household", _("Household situation")
    HOMELESS = "homeless", _("Homeless or affected by housing exclusion")
    RURAL = "rural", _("Living in a rural area")
    # Special-category data: asked separately, with explicit consent, readable only with the
    # "view special-category data" permission, never shown or exported per person.
    DISABILITY = "disability", _("Disability")
    MINORITY = "minority", _("Minority, including Roma")
    FOREIGN_BACKGROUND = "foreign_background", _("Foreign background")
    OTHER_DISADVANTAGE = "other_disadvantage", _("Other disadvantage")


SPECIAL_ENTRY_ITEMS = frozenset(
    {
        EntryItem.DISABILITY,
        EntryItem.MINORITY,
        EntryItem.FOREIGN_BACKGROUND,
        EntryItem.OTHER_DISADVANTAGE,
    }
)


# The non-sensitive items whose absence makes a record incomplete (ESF 2014–2020: gender,
# employment status, age, education, household situation); the others (homeless, rural,
# third-country national) leave a record out only of their own line.
COMPLETENESS_ITEMS = (
    EntryItem.GENDER,
    EntryItem.EMPLOYMENT,
    EntryItem.AGE,
    EntryItem.EDUCATION,
    EntryItem.HOUSEHOLD,
)


class AgeBand(models.TextChoices):
    """Bands that give both ESF periods' cut-offs (below 18, 18–29 and 55+ for ESF+; below 25
    and above 54 for ESF 2014–2020). "18–29" is the band kept before it was split: it still
    counts as 18–29, but says nothing about "below 25"."""

    UNDER_18 = "under_18", _("Below 18")
    FROM_18_TO_24 = "18_24", _("18–24")
    FROM_25_TO_29 = "25_29", _("25–29")
    FROM_18_TO_29 = "18_29", _("18–29 (recorded before the band was split)")
    FROM_30_TO_54 = "30_54", _("30–54")
    FROM_55 = "55_plus", _("55 and over")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")


class Education(models.TextChoices):
    ISCED_0_2 = "isced_0_2", _("Primary or lower secondary (ISCED 0–2)")
    ISCED_3_4 = "isced_3_4", _("Upper secondary or post-secondary (ISCED 3–4)")
    ISCED_5_8 = "isced_5_8", _("Tertiary (ISCED 5–8)")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("Employed, including self-employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
    INACTIVE = "inactive", _("Inactive, not in education or training")
    INACTIVE_IN_EDUCATION = "inactive_education", _("Inactive, in education or training")


class Household(models.TextChoices):
    """The household situation the ESF 2014–2020 Annex counts (the three overlap: a single adult
    without work and with dependent children is in all three)."""

    NONE = "none", _("None of these")
    JOBLESS = "jobless", _("Jobless household, without dependent children")
    JOBLESS_CHILDREN = "jobless_children", _("Jobless household with dependent children")
    SINGLE_ADULT_CHILDREN = "single_children", _("Single adult with dependent children, working")
    SINGLE_ADULT_JOBLESS_CHILDREN = (
        "single_jobless_children",
        _("Single adult with dependent children, without work"),
    )


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Completeness(models.TextChoices):
    """What a record missing (or refusing) a non-sensitive entry item the template asks counts in."""

    PER_ITEM = "per_item", _("Left out only of the indicators of the item it lacks")
    GRAND_TOTAL = "grand_total", _("Counted only in the grand total of participants")
    EXCLUDED = "excluded", _("Not counted as a participant at all")


# A breakdown's answer when the person chose not to say, and the line for records missing an
# item (they count in the grand total only).
REFUSED = "refused"
INCOMPLETE = "incomplete"

# The answers of every entry item with labels translated when shown (special-category items
# are yes or no, besides "chose not to say" and "incomplete").
YES_NO = (("yes", _("Yes")), ("no", _("No")))
ENTRY_CATEGORIES = {
    EntryItem.AGE: AgeBand.choices,
    EntryItem.GENDER: Gender.choices,
    EntryItem.EDUCATION: Education.choices,
    EntryItem.EMPLOYMENT: Employment.choices,
    EntryItem.THIRD_COUNTRY: YesNo.choices,
    EntryItem.HOUSEHOLD: Household.choices,
    EntryItem.HOMELESS: YesNo.choices,
    EntryItem.RURAL: YesNo.choices,
    **{item: YES_NO for item in SPECIAL_ENTRY_ITEMS},
}
