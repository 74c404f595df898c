"""How a cell of a spreadsheet becomes a value and back: the widgets every import kind shares.

A cell may hold a code ("association") or its name in any interface language ("Društvo",
"Сдружение"), a number typed as text or as a number, a date as text or as a spreadsheet date.
What cannot be read raises ``ValueError`` with a message in the staff member's language; the
import shows it next to the row.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.widgets import ManyToManyWidget, Widget

from hub.models import FieldOfActivity, Municipality
from hub.selectors import hub_zone
from hub.text import search_normalise

# Many values in one cell: "Bovec; Tolmin".
SEPARATOR = ";"
# How much a widget remembers of what it looked up, whatever the size of the file.
CACHE_LIMIT = 2000

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def cell_text(value) -> str:
    """A cell as text: numbers a spreadsheet stored as 5012345.0 read as 5012345."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def in_every_language(text) -> set[str]:
    """The normalised forms of a translatable text in all interface languages."""
    forms = set()
    for language in LANGUAGE_CODES:
        with translation.override(language):
            forms.add(search_normalise(str(text)))
    return forms


class BoundedCache(dict):
    """A dict that forgets everything when it grows past its limit: lookups stay cheap and
    memory stays flat however long the file."""

    def remember(self, key, value):
        if len(self) >= CACHE_LIMIT:
            self.clear()
        self[key] = value
        return value


class TextWidget(Widget):
    def __init__(self, *, required: bool = False, max_length: int | None = None):
        super().__init__()
        self.required = required
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if self.required and not text:
            raise ValueError(_("This column must not be empty."))
        if self.max_length and len(text) > self.max_length:
            raise ValueError(
                _("This is too long: at most %(limit)s characters.") % {"limit": self.max_length}
            )
        return text

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class WebsiteWidget(TextWidget):
    """Addresses are often written without their scheme ("www.drustvo.si")."""

    def clean(self, value, row=None, **kwargs) -> str:
        text = super().clean(value, row, **kwargs)
        if text and "://" not in text:
            text = f"https://{text}"
        return text


class ChoiceWidget(Widget):
    """A code, or its name in any interface language; an empty cell leaves the value as it is."""

    def __init__(self, choices: list[tuple[str, str]], *, required: bool = False):
        super().__init__()
        self.choices = choices
        self.required = required
        self._aliases: dict[str, str] | None = None

    @property
    def aliases(self) -> dict[str, str]:
        if self._aliases is None:
            aliases = {}
            for code, label in self.choices:
                aliases[search_normalise(code)] = code
                for form in in_every_language(label):
                    aliases.setdefault(form, code)
            self._aliases = aliases
        return self._aliases

    def clean(self, value, row=None, **kwargs) -> str | None:
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(_("This column must not be empty."))
            return None
        code = self.aliases.get(search_normalise(text))
        if code is None:
            raise ValueError(
                _("Unknown value “%(value)s”; allowed are: %(codes)s.")
                % {"value": text, "codes": ", ".join(code for code, _label in self.choices)}
            )
        return code

    def render(self, value, obj=None, **kwargs) -> str:
        return value or ""


YES_WORDS = {"1", "x", "true", "yes", "y", "da", "d", "tak", "t", "ja"}
NO_WORDS = {"0", "false", "no", "n", "ne", "nie"}


class YesNoWidget(Widget):
    """ "yes"/"no" in any interface language, 1/0, TRUE/FALSE; empty leaves the value as it is."""

    def __init__(self):
        super().__init__()
        self._yes = YES_WORDS | in_every_language(gettext_lazy("yes"))
        self._no = NO_WORDS | in_every_language(gettext_lazy("no"))

    def clean(self, value, row=None, **kwargs) -> bool | None:
        if isinstance(value, bool):
            return value
        text = search_normalise(cell_text(value))
        if not text:
            return None
        if text in self._yes:
            return True
        if text in self._no:
            return False
        raise ValueError(_("Write “yes” or “no”, not “%(value)s”.") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs) -> str:
        if value is None:
            return ""
        return _("yes") if value else _("no")


class WholeNumberWidget(Widget):
    def __init__(self, *, required: bool = False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs) -> int | None:
        text = cell_text(value).replace(" ", "").replace("\u00a0", "")
        if not text:
            if self.required:
                raise ValueError(_("This column must not be empty."))
            return None
        if not re.fullmatch(r"\d+", text):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(text)

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class DecimalNumberWidget(Widget):
    """1.5 or 1,5."""

    def clean(self, value, row=None, **kwargs) -> Decimal | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return Decimal(str(value))
        text = cell_text(value).replace(" ", "").replace(",", ".")
        if not text:
            raise ValueError(_("This column must not be empty."))
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": text}) from None

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else f"{value:f}"


DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y", "%d/%m/%Y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]


class DateWidget(Widget):
    def clean(self, value, row=None, **kwargs) -> date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell_text(value)
        if not text:
            raise ValueError(_("This column must not be empty."))
        for form in DATE_FORMATS:
            try:
                return datetime.strptime(text, form).date()  # noqa: DTZ007 - a date, no time
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date: write it as 2025-03-31 or 31. 3. 2025.") % {"value": text}
        )

    def render(self, value, obj=None, **kwargs) -> str:
        return value.isoformat() if value else ""


class DateTimeWidget(Widget):
    """A date and time in the hub's time zone: "2025-03-31 17:00" or "31. 3. 2025 17:00"."""

    def clean(self, value, row=None, **kwargs) -> datetime:
        zone = hub_zone()
        if isinstance(value, datetime):
            return value if timezone.is_aware(value) else value.replace(tzinfo=zone)
        if isinstance(value, date):
            return datetime.combine(value, time(0, 0), tzinfo=zone)
        text = " ".join(cell_text(value).split())
        if not text:
            raise ValueError(_("This column must not be empty."))
        for date_form in DATE_FORMATS:
            for time_form in ["", *TIME_FORMATS]:
                form = f"{date_form} {time_form}".strip()
                try:
                    return datetime.strptime(text, form).replace(tzinfo=zone)  # noqa: DTZ007
                except ValueError:
                    continue
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date and time: write it as 2025-03-31 17:00.")
                % {"value": text}
            ) from None
        return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=zone)

    def render(self, value, obj=None, **kwargs) -> str:
        if not value:
            return ""
        return value.astimezone(hub_zone()).strftime("%Y-%m-%d %H:%M")


def _by_normalised_name(queryset, name_field: str = "name") -> dict[str, list]:
    names: dict[str, list] = {}
    for obj in queryset:
        names.setdefault(search_normalise(getattr(obj, name_field)), []).append(obj)
    return names


class MunicipalityWidget(Widget):
    """A municipality by its name, whatever the case or diacritics ("Sempeter-Vrtojba")."""

    def __init__(self, *, country_column: str | None = None):
        super().__init__()
        self.country_column = country_column
        self._names: dict[str, list[Municipality]] | None = None

    def find(self, name: str, country: str = "") -> Municipality:
        if self._names is None:
            self._names = _by_normalised_name(Municipality.objects.all())
        found = self._names.get(search_normalise(name), [])
        if len(found) > 1 and country:
            found = [m for m in found if m.country == country] or found
        if not found:
            raise ValueError(_("Unknown municipality “%(name)s”.") % {"name": name})
        if len(found) > 1:
            raise ValueError(
                _("There are several municipalities called “%(name)s”; give the country.")
                % {"name": name}
            )
        return found[0]

    def clean(self, value, row=None, **kwargs) -> Municipality | None:
        name = cell_text(value)
        if not name:
            return None
        return self.find(name)

    def render(self, value, obj=None, **kwargs) -> str:
        return value.name if value else ""


class MunicipalitiesWidget(ManyToManyWidget):
    def __init__(self):
        super().__init__(Municipality, separator=SEPARATOR)
        self.one = MunicipalityWidget()

    def clean(self, value, row=None, **kwargs) -> list[Municipality]:
        names = [part.strip() for part in cell_text(value).split(SEPARATOR)]
        return [self.one.find(name) for name in names if name]

    def render(self, value, obj=None, **kwargs) -> str:
        if value is None:
            return ""
        return f"{SEPARATOR} ".join(sorted(m.name for m in value.all()))


class FieldsWidget(ManyToManyWidget):
    """Fields of activity by their code (slug) or their name in any interface language."""

    def __init__(self):
        super().__init__(FieldOfActivity, separator=SEPARATOR)
        self._aliases: dict[str, FieldOfActivity] | None = None

    def aliases(self) -> dict[str, FieldOfActivity]:
        if self._aliases is None:
            aliases = {}
            for field in FieldOfActivity.objects.all():
                aliases[search_normalise(field.slug)] = field
                for language in LANGUAGE_CODES:
                    name = getattr(field, f"name_{language}", "") or ""
                    if name:
                        aliases.setdefault(search_normalise(name), field)
            self._aliases = aliases
        return self._aliases

    def clean(self, value, row=None, **kwargs) -> list[FieldOfActivity]:
        found = []
        for part in cell_text(value).split(SEPARATOR):
            part = part.strip()
            if not part:
                continue
            field = self.aliases().get(search_normalise(part))
            if field is None:
                raise ValueError(_("Unknown field of activity “%(name)s”.") % {"name": part})
            found.append(field)
        return found

    def render(self, value, obj=None, **kwargs) -> str:
        if value is None:
            return ""
        return f"{SEPARATOR} ".join(sorted(field.slug for field in value.all()))


class OrganisationWidget(Widget):
    """An organisation of the directory by its registration number, tax number or name."""

    def __init__(self, *, required: bool = False):
        super().__init__()
        self.required = required
        self._cache = BoundedCache()

    def find(self, text: str):
        """The organisation, or None when nothing matches; ValueError when several do."""
        from organisations.models import Organisation

        key = search_normalise(text)
        if key in self._cache:
            return self._cache[key]
        compact = re.sub(r"[\s.\-/]", "", text).upper()
        compact = compact[2:] if compact[:2] in {"SI", "BG", "PL"} else compact
        by_number = (
            list(
                Organisation.objects.filter(
                    Q(registration_number=compact) | Q(tax_number=compact)
                ).only("pk", "name", "registration_number")[:2]
            )
            if compact.isdigit()
            else []
        )
        found = by_number or [
            organisation
            for organisation in Organisation.objects.filter(search_name__startswith=key).only(
                "pk", "name", "short_name", "registration_number"
            )
            if key
            in {search_normalise(organisation.name), search_normalise(organisation.short_name)}
        ]
        if len(found) > 1:
            raise ValueError(
                _("Several organisations are called “%(name)s”; give the registration number.")
                % {"name": text}
            )
        return self._cache.remember(key, found[0] if found else None)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(_("This column must not be empty."))
            return None
        organisation = self.find(text)
        if organisation is None:
            raise ValueError(
                _(
                    "No organisation in the directory has the registration number, tax number "
                    "or name “%(value)s”."
                )
                % {"value": text}
            )
        return organisation

    def render(self, value, obj=None, **kwargs) -> str:
        if value is None:
            return ""
        return value.registration_number or value.name


class UserWidget(Widget):
    """A person with an account, by e-mail address (who gave the support)."""

    def __init__(self):
        super().__init__()
        self._cache = BoundedCache()

    def clean(self, value, row=None, **kwargs):
        from hub.models import User
        from hub.text import equals_ignoring_case

        email = cell_text(value)
        if not email:
            return None
        key = email.lower()
        if key not in self._cache:
            self._cache.remember(
                key, User.objects.filter(equals_ignoring_case("email", email)).first()
            )
        if self._cache[key] is None:
            raise ValueError(_("No account has the e-mail address “%(email)s”.") % {"email": email})
        return self._cache[key]

    def render(self, value, obj=None, **kwargs) -> str:
        return value.email if value else ""
