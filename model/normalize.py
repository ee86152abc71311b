"""Normalised values for QUANTITY and TIME spans.

Quantities get ``value`` (int or None), ``min``, ``max``, ``approximate`` and ``qualifier``;
times get an ISO ``value`` and a ``precision`` when a document date anchors them
(relative expressions resolved with ``dateparser``), otherwise ``None``.

Example:
    >>> from model.normalize import normalize_quantity, normalize_time
    >>> normalize_quantity("more than 40")
    {'value': 40, 'min': 41, 'max': None, 'approximate': False, 'qualifier': 'more than'}
    >>> normalize_time("last night", "2025-03-02")
    {'value': '2025-03-01T21:00', 'precision': 'part-of-day'}
"""

import datetime as dt
import re

import dateparser

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens of thousands": 20000,
         "hundreds of thousands": 200000, "millions": 2_000_000}
# qualifier -> (approximate, bound): bound "min>" exclusive lower, "min" inclusive lower, "max" upper.
QUALIFIERS = {
    "more than": (False, "min>"), "over": (False, "min>"), "at least": (False, "min"), "no fewer than": (False, "min"),
    "up to": (False, "max"), "at most": (False, "max"), "fewer than": (False, "max<"), "less than": (False, "max<"),
    "nearly": (True, "max"), "almost": (True, "max"), "about": (True, None), "around": (True, None),
    "approximately": (True, None), "some": (True, None), "roughly": (True, None), "an estimated": (True, None),
    "estimated": (True, None), "close to": (True, None),
}
NUMBER = r"\d[\d,.]*\d|\d|[a-z]+(?:[- ][a-z]+)*"


def parse_number(text: str) -> int | None:
    """'1,200' -> 1200, 'twenty-five' -> 25, 'a dozen' -> 12, '2 million' -> 2000000."""
    text = text.strip().lower().replace("\u00a0", " ")
    digits = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\s+(hundred|thousand|million))?", text)
    if digits:
        return int(digits.group(1).replace(",", "")) * SCALES.get(digits.group(2) or "", 1)
    words = [w for w in re.split(r"[\s-]+", text) if w not in ("a", "and")]
    if words == ["dozen"]:
        return 12
    total, current = 0, 0
    for word in words:
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES and (current or word == "hundred"):
            current = max(current, 1) * SCALES[word]
            if word != "hundred":
                total, current = total + current, 0
        else:
            return None
    return total + current if words else None


def normalize_quantity(text: str) -> dict:
    """Structured value of a QUANTITY span (see module doc)."""
    lowered = " ".join(text.lower().split())
    result = {"value": None, "min": None, "max": None, "approximate": False, "qualifier": None}
    for phrase, minimum in sorted(VAGUE.items(), key=lambda item: -len(item[0])):
        if lowered.endswith(phrase):
            return {**result, "min": minimum, "approximate": True, "qualifier": phrase}
    between = re.fullmatch(rf"(?:between )?({NUMBER}) (?:and|to|-|–) ({NUMBER})", lowered)
    if between and parse_number(between.group(1)) is not None and parse_number(between.group(2)) is not None:
        low, high = parse_number(between.group(1)), parse_number(between.group(2))
        return {**result, "min": low, "max": high, "qualifier": "range"}
    of = re.fullmatch(rf"({NUMBER}) of ({NUMBER})", lowered)
    if of and parse_number(of.group(1)) is not None and parse_number(of.group(2)) is not None:
        value = parse_number(of.group(1))
        return {**result, "value": value, "min": value, "max": value, "qualifier": f"of {parse_number(of.group(2))}"}
    for phrase, (approximate, bound) in sorted(QUALIFIERS.items(), key=lambda item: -len(item[0])):
        if lowered.startswith(phrase + " "):
            value = parse_number(lowered[len(phrase) + 1 :])
            if value is None:
                break
            bounds = {"min>": (value + 1, None), "min": (value, None), "max": (None, value), "max<": (None, value - 1),
                      None: (None, None)}[bound]
            return {**result, "value": value, "min": bounds[0], "max": bounds[1], "approximate": approximate, "qualifier": phrase}
    value = parse_number(lowered)
    return {**result, "value": value, "min": value, "max": value}


PARTS_OF_DAY = {"overnight": 0, "night": 21, "dawn": 5, "morning": 9, "midday": 12, "noon": 12, "afternoon": 15,
                "evening": 19, "early hours": 2, "late": 22}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def normalize_time(text: str, document_date: str | dt.date | None) -> dict | None:
    """ISO value and precision of a TIME span, resolved against the document date (or None)."""
    if document_date is None:
        return None
    base = document_date if isinstance(document_date, dt.date) else dt.date.fromisoformat(str(document_date)[:10])
    lowered = " ".join(text.lower().replace("local time", "").split())
    clock = re.search(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?|\b(\d{1,2}):(\d{2})\b", lowered)
    day = _day_of(lowered, base)
    if day is None:
        return None
    if clock:
        hour = int(clock.group(1) or clock.group(4)) % 12 + (12 if clock.group(3) == "p" else 0) if clock.group(1) else int(clock.group(4))
        minute = int(clock.group(2) or clock.group(5) or 0)
        return {"value": f"{day.isoformat()}T{hour:02d}:{minute:02d}", "precision": "minute"}
    if "week" in lowered:
        monday = day - dt.timedelta(days=day.weekday())
        return {"value": monday.isoformat(), "precision": "week"}
    for part, hour in PARTS_OF_DAY.items():
        if part in lowered:
            return {"value": f"{day.isoformat()}T{hour:02d}:00", "precision": "part-of-day"}
    if re.fullmatch(r"(?:in )?(?:early |late )?(?:" + "|".join(_MONTHS) + r")(?: \d{4})?", lowered):
        return {"value": day.strftime("%Y-%m"), "precision": "month"}
    return {"value": day.isoformat(), "precision": "day"}


_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]


def _day_of(lowered: str, base: dt.date) -> dt.date | None:
    """The calendar day a time expression points to, on or before the document date."""
    for index, weekday in enumerate(WEEKDAYS):
        if weekday in lowered:
            back = (base.weekday() - index) % 7
            return base - dt.timedelta(days=back if "last" not in lowered or back else 7)
    if any(word in lowered for word in ("overnight", "tonight", "today", "this morning", "this afternoon",
                                        "this evening", "earlier", "hours", "midday", "noon", "dawn")):
        return base
    if "last night" in lowered or "yesterday" in lowered:
        return base - dt.timedelta(days=1)
    cleaned = re.sub(r"\b(early|late|hours of|morning of|evening of|night of|night to|on|in|the)\b", " ", lowered)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    base_time = dt.datetime.combine(base, dt.time(12))
    parsed = dateparser.parse(cleaned.strip() or lowered, languages=["en"],
                              settings={"RELATIVE_BASE": base_time, "PREFER_DATES_FROM": "past"})
    return parsed.date() if parsed else None
