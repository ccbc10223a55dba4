"""Spoken numbers and durations, turned into what Alexa sends for AMAZON.NUMBER and AMAZON.DURATION.

    words_to_number("twenty five")        → 25
    parse_duration("an hour and a half")  → "PT1H30M"
    parse_duration("90 seconds")          → "PT90S"   (Alexa keeps the unit the user said)

Input may be raw text or already normalised; both are accepted.
"""
from __future__ import annotations

import re
from fractions import Fraction
from typing import Dict, List, Optional, Sequence, Tuple

from skill.simulator.text import normalise

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_UNITS["oh"] = 0
_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"thousand": 1000, "million": 1_000_000}

# Duration units → ISO-8601 designator; "Mo" stands for months, "Mi" for minutes.
_DURATION_UNITS = {
    "second": "S", "seconds": "S", "sec": "S", "secs": "S",
    "minute": "Mi", "minutes": "Mi", "min": "Mi", "mins": "Mi",
    "hour": "H", "hours": "H", "hr": "H", "hrs": "H",
    "day": "D", "days": "D", "week": "W", "weeks": "W",
    "month": "Mo", "months": "Mo", "year": "Y", "years": "Y",
}
# What a fraction of a unit is worth in the next smaller unit.
_SMALLER = {"H": ("Mi", 60), "Mi": ("S", 60), "D": ("H", 24), "W": ("D", 7), "Y": ("Mo", 12),
            "Mo": ("D", 30)}
_ORDER = ["Y", "Mo", "W", "D", "H", "Mi", "S"]


def _words(text: str) -> List[str]:
    return normalise(text).split()


def _number(words: Sequence[str]) -> Optional[int]:
    """A whole number from number words ("one hundred and five", "a hundred"); None if not one."""
    if not words:
        return None
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    total, current, last = 0, 0, None
    for index, word in enumerate(words):
        if word == "and" and last in ("hundred", "scale") and index < len(words) - 1:
            continue
        if word in ("a", "an") and index == 0 and len(words) > 1 and words[1] in ("hundred", *_SCALES):
            current, last = 1, "unit"
        elif word in _UNITS:
            if last in ("unit", "teen") or (last == "tens" and _UNITS[word] >= 10):
                return None
            current += _UNITS[word]
            last = "teen" if _UNITS[word] >= 10 else "unit"
        elif word in _TENS:
            if last in ("unit", "teen", "tens"):
                return None
            current += _TENS[word]
            last = "tens"
        elif word == "hundred":
            if last == "hundred":
                return None
            current = (current or 1) * 100
            last = "hundred"
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current, last = 0, "scale"
        else:
            return None
    return total + current


def words_to_number(text: str) -> Optional[int]:
    """ "fifteen" → 15, "twenty five" → 25, "90" → 90; None when the text is not a number."""
    return _number(_words(text))


def _take_number(words: List[str], i: int) -> Tuple[Optional[Fraction], int]:
    """The longest number starting at words[i] ("a"/"an" count as one); returns (value, next i)."""
    for end in range(len(words), i, -1):
        value = _number(words[i:end])
        if value is not None:
            return Fraction(value), end
    if i < len(words) and words[i] in ("a", "an", "one"):
        return Fraction(1), i + 1
    return None, i


def _take_quantity(words: List[str], i: int) -> Tuple[Optional[Fraction], int]:
    """A quantity before a unit: "ten", "an", "half a(n)", "a quarter of an", "one and a half"."""
    def skip(j: int, *options: str) -> int:
        return j + 1 if j < len(words) and words[j] in options else j

    j = skip(i, "a")
    if j < len(words) and words[j] == "half":                      # (a) half (an) hour
        return Fraction(1, 2), skip(j + 1, "a", "an")
    count, k = _take_number(words, i)
    if k < len(words) and words[k] in ("quarter", "quarters"):     # (a|three) quarter(s) (of) (an) hour
        k = skip(skip(k + 1, "of"), "a", "an")
        return (count or Fraction(1)) / 4, k
    j = skip(i, "a", "an")
    if j < len(words) and words[j] in ("quarter", "quarters"):
        return Fraction(1, 4), skip(skip(j + 1, "of"), "a", "an")
    if count is not None and words[k:k + 3] == ["and", "a", "half"]:   # one and a half hours
        return count + Fraction(1, 2), k + 3
    return count, k


def _iso(parts: Dict[str, Fraction]) -> str:
    # Push fractions down to smaller units: 1.5 hours → 1 hour 30 minutes.
    for unit in _ORDER:
        value = parts.get(unit, Fraction(0))
        if value.denominator != 1 and unit in _SMALLER:
            smaller, factor = _SMALLER[unit]
            whole = value.numerator // value.denominator
            parts[unit] = Fraction(whole)
            parts[smaller] = parts.get(smaller, Fraction(0)) + (value - whole) * factor

    def fmt(value: Fraction) -> str:
        return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"

    date = "".join(f"{fmt(parts[u])}{u[0]}" for u in ("Y", "Mo", "W", "D") if parts.get(u))
    time = "".join(f"{fmt(parts[u])}{u[0]}" for u in ("H", "Mi", "S") if parts.get(u))
    if not date and not time:
        return "PT0S"
    return "P" + date + ("T" + time if time else "")


def parse_duration(text: str) -> Optional[str]:
    """Spoken duration → ISO-8601 ("ten minutes" → "PT10M"); None when it is not a duration."""
    words = _words(text)
    parts: Dict[str, Fraction] = {}
    i = 0
    while i < len(words):
        if words[i] == "and" and parts:
            i += 1
            continue
        quantity, i = _take_quantity(words, i)
        if quantity is None or i >= len(words) or words[i] not in _DURATION_UNITS:
            return None
        unit = _DURATION_UNITS[words[i]]
        i += 1
        if words[i:i + 3] == ["and", "a", "half"]:                  # an hour and a half
            quantity += Fraction(1, 2)
            i += 3
        parts[unit] = parts.get(unit, Fraction(0)) + quantity
    return _iso(parts) if parts else None


def duration_seconds(iso: str) -> Optional[float]:
    """ "PT1H30M" → 5400.0 (months count as 30 days, years as 365); None if not ISO-8601."""
    match = re.fullmatch(r"P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?"
                         r"(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
                         r"(?:(\d+(?:\.\d+)?)S)?)?", iso)
    if not match or iso in ("P", "PT"):
        return None
    sizes = [365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1]
    return sum(float(v) * s for v, s in zip(match.groups(), sizes) if v)


def clock_seconds(text: str) -> Optional[float]:
    """A wait as typed in the simulator: "5m", "30s", "1h30m", "1d", "2d3h", "90", "2:30", or
    "ten minutes"."""
    text = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if re.fullmatch(r"\d+:\d{2}", text):
        minutes, seconds = text.split(":")
        return int(minutes) * 60 + int(seconds)
    number = r"(\d+(?:\.\d+)?)"
    compact = re.fullmatch(rf"(?:{number}\s*d)?\s*(?:{number}\s*h)?\s*(?:{number}\s*m)?\s*(?:{number}\s*s)?",
                           text)
    if compact and any(compact.groups()):
        d, h, m, s = (float(g or 0) for g in compact.groups())
        return d * 86400 + h * 3600 + m * 60 + s
    iso = parse_duration(text)
    return duration_seconds(iso) if iso else None
