"""Spoken times and dates, turned into what Alexa sends for AMAZON.TIME ("20:00", or "EV" for a
part of the day) and AMAZON.DATE ("2026-12-08"), so the simulator's reminders get what Alexa gives.

A date is counted from the simulator's own day (SIMULATED_TODAY, set by the engine while it
resolves an utterance), else from the wall clock the envelopes are stamped with.
"""
from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import date, timedelta
from typing import Optional

from skill.simulator import envelopes
from skill.simulator.durations import words_to_number

PARTS_OF_DAY = {"morning": "MO", "this morning": "MO", "afternoon": "AF", "this afternoon": "AF",
                "evening": "EV", "this evening": "EV", "night": "NI", "tonight": "NI"}
NAMED = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}
SIMULATED_TODAY: ContextVar[Optional[date]] = ContextVar("simulated_today", default=None)
MINUTES = {"o'clock": 0, "oclock": 0, "thirty": 30, "fifteen": 15, "forty five": 45}


def parse_time(text: str) -> Optional[str]:
    """ "8 pm", "eight p m", "seven thirty", "7:30 am", "noon", "evening"; None when not a time."""
    said = " ".join(re.sub(r"[^a-z0-9: ']", " ", text.lower()).split())
    if said in PARTS_OF_DAY:
        return PARTS_OF_DAY[said]
    if said in NAMED:
        return "%02d:%02d" % NAMED[said]
    match = re.fullmatch(r"(.+?)\s*(a m|am|a\.m\.|p m|pm|p\.m\.)?", said)
    words, half = match.group(1).strip(), (match.group(2) or "").replace(" ", "").replace(".", "")
    minute = 0
    if re.fullmatch(r"\d{1,2}:\d{2}", words):
        hour, minute = (int(part) for part in words.split(":"))
    elif re.match(r"(half|quarter) ", words):
        hour, minute = _half_or_quarter(words)
    else:
        for spoken, value in MINUTES.items():
            if words.endswith(" " + spoken):
                words, minute = words[: -len(spoken) - 1], value
                break
        hour = words_to_number(words)
    if hour is None or not 0 <= hour <= 23 or not 0 <= minute <= 59 or (half and not 1 <= hour <= 12):
        return None
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    return "%02d:%02d" % (hour, minute)


def _half_or_quarter(words: str):
    """ "quarter past eight" (8:15), "quarter to nine" (8:45), "half past seven" and British "half
    seven" (7:30) as (hour, minute); hour None when no number follows. Alexa reading "half seven"
    as 7:30 is an assumption (not found in its documentation)."""
    match = re.fullmatch(r"(half|quarter)(?: (past|to))? (.+)", words)
    if not match or (match.group(1) == "quarter" and not match.group(2)):
        return None, 0
    hour = words_to_number(match.group(3))
    if hour is None:
        return None, 0
    if match.group(2) == "to":
        return (hour - 1) or 12, 45
    return hour, 30 if match.group(1) == "half" else 15


def parse_date(text: str, today: Optional[date] = None) -> Optional[str]:
    """ "today", "tomorrow", "the day after tomorrow"; None for anything else."""
    today = today or SIMULATED_TODAY.get() or envelopes.wall_clock().date()
    days = {"today": 0, "tomorrow": 1, "the day after tomorrow": 2}.get(" ".join(text.lower().split()))
    return None if days is None else (today + timedelta(days=days)).isoformat()
