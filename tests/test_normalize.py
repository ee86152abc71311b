import pytest

from model.normalize import normalize_quantity, normalize_time, parse_number


@pytest.mark.parametrize("text, value, low, high, approximate, qualifier", [
    ("two", 2, 2, 2, False, None),
    ("130", 130, 130, 130, False, None),
    ("1,200", 1200, 1200, 1200, False, None),
    ("more than 40", 40, 41, None, False, "more than"),
    ("at least 12", 12, 12, None, False, "at least"),
    ("up to 30", 30, None, 30, False, "up to"),
    ("dozens", None, 24, None, True, "dozens"),
    ("hundreds", None, 200, None, True, "hundreds"),
    ("25 of 31", 25, 25, 25, False, "of 31"),
    ("about 200", 200, None, None, True, "about"),
    ("between 10 and 15", None, 10, 15, False, "range"),
    ("twenty-five", 25, 25, 25, False, None),
    ("a dozen", 12, 12, 12, False, None),
    ("several", None, None, None, False, None),
])
def test_quantities(text, value, low, high, approximate, qualifier):
    assert normalize_quantity(text) == {"value": value, "min": low, "max": high, "approximate": approximate,
                                        "qualifier": qualifier}


def test_number_words():
    assert parse_number("three hundred and twelve") == 312
    assert parse_number("2 million") == 2_000_000
    assert parse_number("drones") is None


@pytest.mark.parametrize("text, value, precision", [
    ("last night", "2025-03-01T21:00", "part-of-day"),
    ("Overnight", "2025-03-02T00:00", "part-of-day"),
    ("Sunday", "2025-03-02", "day"),
    ("Saturday", "2025-03-01", "day"),
    ("Tuesday evening", "2025-02-25T19:00", "part-of-day"),
    ("earlier this week", "2025-02-24", "week"),
    ("3:15 a.m. local time", "2025-03-02T03:15", "minute"),
    ("yesterday", "2025-03-01", "day"),
    ("March 1", "2025-03-01", "day"),
    ("early March", "2025-03", "month"),
])
def test_times_resolve_against_the_document_date(text, value, precision):
    assert normalize_time(text, "2025-03-02") == {"value": value, "precision": precision}


def test_times_without_a_document_date_are_null():
    assert normalize_time("last night", None) is None
