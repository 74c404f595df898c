# Slovene: no leading zeros, lower-case months — "3. december 2026", "sreda, 3. december 2026".
DATE_FORMAT = "j. F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j. F Y, H:i"
WEEKDAY_DATE_FORMAT = "l, j. F Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = "j. n. Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
