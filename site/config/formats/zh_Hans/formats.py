"""Django's zh_Hans formats with one fix: its MONTH_DAY_FORMAT pads the month
("01月14日") where every other format does not ("2026年1月14日"), so event
chips showed two styles side by side."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

MONTH_DAY_FORMAT = "n月j日"
