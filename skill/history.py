"""Counting a person's finished sessions: in the last days, today, in a row, and how long ago.

Days are the person's own (the device's time zone, local_time.py): a session at 8 pm in Los
Angeles and another at 8 am the next morning are two days in a row, though in UTC they fall on
one. Each history entry is {"type", "minutes", "finished_at"}, finished_at ISO 8601 with its zone.
"Now" is always given: the request's time (skill/clock.py), never this module's own reading.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any, Dict, List, Optional

# Persistent attribute: the last session they started, as "last" notes it at its start (without
# where a remedy's steps were), with how far it got if it was stopped.
LAST_SESSION = "last_session"

Entry = Dict[str, Any]


def finished_at(entry: Any) -> Optional[datetime]:
    """When the entry's session finished (aware, UTC), or None for an entry we can't read."""
    try:
        return datetime.fromisoformat(entry["finished_at"]).astimezone(timezone.utc)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _readable(attributes: Dict[str, Any]) -> List[Entry]:
    return [entry for entry in attributes.get("history") or []
            if isinstance(entry, dict) and finished_at(entry) is not None]


def all_finished(attributes: Dict[str, Any]) -> List[Entry]:
    """Every finished session we still hold (the store keeps 90 days)."""
    return _readable(attributes)


def within_days(attributes: Dict[str, Any], days: int, now: datetime) -> List[Entry]:
    """The sessions finished in the last `days` days before `now` (a rolling window, the same in
    every zone)."""
    since = now - timedelta(days=days)
    return [entry for entry in _readable(attributes) if finished_at(entry) >= since]


def local_day(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


def on_day(attributes: Dict[str, Any], day: date, zone: tzinfo) -> List[Entry]:
    """The sessions finished on `day`, the person's calendar day."""
    return [entry for entry in _readable(attributes) if local_day(finished_at(entry), zone) == day]


def today(zone: tzinfo, now: datetime) -> date:
    return local_day(now, zone)


def streak_days(attributes: Dict[str, Any], zone: tzinfo, now: datetime) -> int:
    """Consecutive days, ending today or yesterday, with at least one finished session."""
    days = {local_day(finished_at(entry), zone) for entry in _readable(attributes)}
    day = today(zone, now)
    if day not in days:
        day -= timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def last_finished(attributes: Dict[str, Any], session_type: Optional[str] = None) -> Optional[Entry]:
    """Their most recently finished session (of this kind)."""
    entries = [entry for entry in _readable(attributes) if session_type in (None, entry.get("type"))]
    return max(entries, key=finished_at) if entries else None


def finished_since(attributes: Dict[str, Any], since: datetime, session_type: str) -> List[Entry]:
    """The sessions of this kind finished at or after `since` (aware)."""
    return [entry for entry in _readable(attributes)
            if entry.get("type") == session_type and finished_at(entry) >= since]


def days_ago(entry: Entry, zone: tzinfo, now: datetime) -> int:
    """0 for today, 1 for yesterday, in the person's days."""
    return (today(zone, now) - local_day(finished_at(entry), zone)).days


def forget_noted_run(attributes: Dict[str, Any], run: Any) -> None:
    """What memory noted of the session `run` at its start ("last", LAST_SESSION) goes: "last"
    goes back to what came before it. A session not kept leaves nothing for "last time". Here,
    below the handlers, so that a timer-only session's end (timer_session.settle) can call it."""
    noted = attributes.get(LAST_SESSION)
    if isinstance(noted, dict) and noted.get("run") == run:
        del attributes[LAST_SESSION]
    last = attributes.get("last")
    if isinstance(last, dict) and last.get("kind") == "session" and last.get("run") == run:
        before = last.get("before")
        if isinstance(before, dict) and before:
            attributes["last"] = before
        else:
            del attributes["last"]
