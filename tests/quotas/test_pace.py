"""Expected to date and status: target × (days elapsed ÷ days in the year),
today counted as elapsed; met / on_track / behind exactly as docs/interfaces.md."""

import datetime

import pytest

from quotas.progress import (
    BEHIND,
    MET,
    ON_TRACK,
    days_elapsed,
    days_in_year,
    expected_to_date,
    progress,
    status_of,
)

D = datetime.date


@pytest.mark.parametrize(
    ("year", "today", "elapsed"),
    [
        (2026, D(2026, 1, 1), 1),  # today counts as elapsed
        (2026, D(2026, 1, 2), 2),
        (2026, D(2026, 12, 31), 365),
        (2028, D(2028, 2, 29), 60),  # leap day
        (2028, D(2028, 12, 31), 366),
        (2026, D(2027, 1, 1), 365),  # a past year is over
        (2026, D(2030, 6, 1), 365),
        (2026, D(2025, 12, 31), 0),  # a future year has not begun
    ],
)
def test_days_elapsed(year, today, elapsed):
    assert days_elapsed(year, today) == elapsed


def test_days_in_year():
    assert [days_in_year(y) for y in (2026, 2028, 2100, 2000)] == [365, 366, 365, 366]


@pytest.mark.parametrize(
    ("target", "year", "today", "expected"),
    [
        (10, 2026, D(2026, 1, 1), 0.0),  # 10 × 1/365 = 0.027
        (100, 2026, D(2026, 1, 1), 0.3),  # 0.274
        (100, 2026, D(2026, 1, 2), 0.5),  # 0.548
        (10, 2026, D(2026, 11, 21), 8.9),  # DESIGN's example: 10 × 325/365 = 8.904
        (100, 2026, D(2026, 11, 27), 90.7),  # 100 × 331/365 = 90.68
        (10, 2026, D(2026, 12, 31), 10.0),  # the whole target on the last day
        (100, 2028, D(2028, 2, 29), 16.4),  # 100 × 60/366 = 16.39
        (30, 2028, D(2028, 12, 31), 30.0),
        (15, 2025, D(2026, 3, 1), 15.0),  # past year
        (15, 2027, D(2026, 3, 1), 0.0),  # future year
        (0, 2026, D(2026, 6, 1), 0.0),  # no target
    ],
)
def test_expected_to_date(target, year, today, expected):
    assert expected_to_date(target, year, today) == expected


def test_expected_to_date_rounds_half_up_to_one_decimal():
    # 30 × 7/365 = 0.5753… → 0.6 ; 30 × 5/365 = 0.4109… → 0.4
    assert expected_to_date(30, 2026, D(2026, 1, 7)) == 0.6
    assert expected_to_date(30, 2026, D(2026, 1, 5)) == 0.4


@pytest.mark.parametrize(
    ("actual", "target", "expected", "status"),
    [
        (10, 10, 8.9, MET),  # actual ≥ target
        (12, 10, 10.0, MET),
        (9, 10, 8.9, ON_TRACK),  # actual ≥ expected
        (9, 10, 9.0, ON_TRACK),  # equal is on track
        (8, 10, 8.9, BEHIND),
        (0, 10, 0.0, ON_TRACK),  # 1 January, nothing yet, expected rounds to 0
        (0, 0, 0.0, MET),  # no target
        (9, 10, 10.0, BEHIND),  # 31 December, target missed
    ],
)
def test_status(actual, target, expected, status):
    assert status_of(actual, target, expected) == status


def test_status_compares_with_the_rounded_expected_number():
    # 10 × 330/365 = 9.041 → shown as 9.0; 9 done is on track by the shown figure.
    result = progress(10, 9, 0, 2026, D(2026, 11, 26))
    assert result.expected_to_date == 9.0
    assert result.status == ON_TRACK


def test_progress_bar_percentages():
    result = progress(30, 34, 2, 2026, D(2026, 11, 27))
    assert (result.status, result.percent) == (MET, 100)
    assert progress(100, 66, 0, 2026, D(2026, 11, 27)).percent == 66
    assert progress(100, 66, 0, 2026, D(2026, 11, 27)).expected_percent == 91
    assert progress(0, 5, 0, 2026, D(2026, 11, 27)).percent == 0
