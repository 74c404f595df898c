# Bulgarian: lower-case months and the year marked "г." — "27 ноември 2026 г.".
# `E` is the month's alternative name, lower-case in the portal's Bulgarian catalogue.
DATE_FORMAT = "j E Y г."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г., H:i"
WEEKDAY_DATE_FORMAT = "l, j E Y г."
YEAR_MONTH_FORMAT = "E Y г."
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y г."
SHORT_DATETIME_FORMAT = "d.m.Y г., H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# Thousands grouped by a non-breaking space: "12 345".
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
