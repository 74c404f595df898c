"""Dates and numbers in each language's own style.

Django reads hub/formats/<language>/formats.py (FORMAT_MODULE_PATH) before its own locale
formats, so each module holds only what differs. Besides Django's named formats, every module
defines WEEKDAY_DATE_FORMAT, the day of an event with its weekday, used as
``|date:"WEEKDAY_DATE_FORMAT"`` on pages, in e-mails and on PDFs.
"""

from django.utils.translation import pgettext_lazy

# The format character `E` prints a month's alternative name: the genitive in Slovene and Polish
# ("3 grudnia"), the lower-case name in Bulgarian ("27 ноември"), which Django's own Bulgarian
# catalogue capitalises. Named here so that the portal's catalogues carry them; catalogues in
# LOCALE_PATHS win over Django's.
MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
