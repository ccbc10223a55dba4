"""Alexa reminders ("remind me to use the mat at 8 pm"), through the SDK's Reminders API client.

When a reminder rings is worked out here, in the person's own time zone (local_time.py), and the
call's failure is sorted into what they can do about it: the permission turned off, a time Alexa
would not take, or a moment to try again. Nothing here is spoken: handlers/reminders.py says it.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Dict, List, Optional, Tuple

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.services import ApiClientRequest, ServiceException
from ask_sdk_model.services.reminder_management import (AlertInfo, PushNotification, PushNotificationStatus,
                                                        Recurrence, ReminderRequest, SpokenInfo, SpokenText,
                                                        Trigger, TriggerType)

from skill import clock
from skill.alerts import permission_granted
from skill.local_time import device_time_zone

log = logging.getLogger("skill.reminders")

REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"

# Parts of the day Alexa's AMAZON.TIME sends for "morning", "evening" … and our own words for when
# (vocabulary.yaml: REMINDER_WHEN), as a clock time: the reply says the time, so they can change it.
PARTS_OF_DAY = {"MO": "08:00", "AF": "14:00", "EV": "19:00", "NI": "21:00"}
# How often a reminder rings (`repeat`, kept in the permission token, so plain text): None once,
# "daily", "every:2" (every second day), "days:MO,TH" (on those weekdays). Alexa takes each as an
# RFC 5545 rule in trigger.recurrence.recurrenceRules (rrule below).
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WHEN_SAID = {                      # id → (how often, the time it means, or None: the time said)
    "daily": ("daily", None), "morning": ("daily", "08:00"), "evening": ("daily", "19:00"),
    "night": ("daily", "21:00"), "bedtime": (None, "21:30"), "bedtime_daily": ("daily", "21:30"),
    "this_evening": (None, "19:00"), "tonight": (None, "21:00"), "this_afternoon": (None, "14:00"),
    "am": (None, "08:00"), "pm": (None, "19:00"), "once": (None, None),
    "weekdays": ("days:MO,TU,WE,TH,FR", None), "weekends": ("days:SA,SU", None),
    "every_other_day": ("every:2", None), "every_three_days": ("every:3", None),
    **{f"day_{code.lower()}": (f"days:{code}", None) for code in WEEKDAYS},
}
# The half of the day those words put an hour said with them in ("every evening at seven": 7 PM).
MORNING_WORDS = ("morning", "am")
EVENING_WORDS = ("evening", "night", "bedtime", "bedtime_daily", "this_evening", "tonight",
                 "this_afternoon", "pm")
# How often Alexa's reminders could ring that we don't set: said plainly, once or daily offered.
NOT_YET = ("hourly", "twice_daily")


def valid_repeat(repeat: Any) -> bool:
    """One of the shapes above (a token handed back by Alexa is checked before it is believed)."""
    if repeat is None or repeat == "daily":
        return True
    if not isinstance(repeat, str):
        return False
    kind, _, value = repeat.partition(":")
    if kind == "every":
        return value.isdigit() and 2 <= int(value) <= 7
    days = value.split(",")
    return kind == "days" and bool(days) and all(day in WEEKDAYS for day in days) and len(set(days)) == len(days)


def with_day(repeat: Optional[str], code: Optional[str]) -> Optional[str]:
    """"Every Monday and Thursday": the second day (WEEKDAY's id, "th") added to the first, in
    the week's order."""
    code = (code or "").upper()
    if code not in WEEKDAYS or not (repeat or "").startswith("days:"):
        return repeat
    days = set(repeat[len("days:"):].split(",")) | {code}
    return "days:" + ",".join(day for day in WEEKDAYS if day in days)


def repeat_days(repeat: Optional[str]) -> Tuple[str, ...]:
    return tuple(repeat[len("days:"):].split(",")) if (repeat or "").startswith("days:") else ()


def rrule(repeat: str, at: time) -> str:
    """The RFC 5545 rule Alexa's trigger.recurrence.recurrenceRules takes for `repeat` at `at`."""
    clock_part = f"BYHOUR={at.hour};BYMINUTE={at.minute};BYSECOND=0"
    days = repeat_days(repeat)
    if days:
        return f"FREQ=WEEKLY;BYDAY={','.join(days)};{clock_part};INTERVAL=1"
    interval = int(repeat.partition(":")[2]) if repeat.startswith("every:") else 1
    return f"FREQ=DAILY;{clock_part};INTERVAL={interval}"


def repeat_of_rule(rule: Any) -> Optional[str]:
    """A listed reminder's rule read back as `repeat` ("daily" for one we can't read: it recurs)."""
    parts = dict(part.partition("=")[::2] for part in str(rule or "").split(";") if "=" in part)
    if parts.get("FREQ") == "WEEKLY" and parts.get("BYDAY"):
        repeat = "days:" + ",".join(day for day in WEEKDAYS if day in parts["BYDAY"].split(","))
        return repeat if valid_repeat(repeat) else "daily"
    interval = parts.get("INTERVAL", "1")
    return f"every:{interval}" if interval.isdigit() and valid_repeat(f"every:{interval}") else "daily"


# What the call's failure means for the person.
SET, NOT_ALLOWED, BAD_TIME, TRY_LATER = "set", "not_allowed", "bad_time", "try_later"


def has_reminder_permission(handler_input: HandlerInput) -> bool:
    """Granted, as far as the request tells (alerts.permission_granted); a 401 or 403 from the
    call then says it was not."""
    return permission_granted(handler_input, REMINDERS_SCOPE)


def clock_time(value: Optional[str]) -> Optional[time]:
    """AMAZON.TIME's "20:00" or "EV" as a time of day; None for anything else."""
    value = PARTS_OF_DAY.get((value or "").strip().upper(), (value or "").strip())
    try:
        hours, minutes = value.split(":")[:2]
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def in_half_of_day(at: time, often: Optional[str]) -> time:
    """An hour said with "in the evening", "tonight", "every morning" … moved into that half of
    the day ("tonight at nine": 9 PM); as said otherwise, and when it names no hour of 1 to 12."""
    if not 1 <= at.hour <= 12:
        return at
    if often in EVENING_WORDS:
        return at.replace(hour=at.hour % 12 + 12)
    if often in MORNING_WORDS:
        return at.replace(hour=at.hour % 12)
    return at


def morning_or_evening(handler_input: HandlerInput, at: time, on: Optional[date]) -> bool:
    """Whether "seven", said for today with no morning or evening, needs asking about: its morning
    time has passed, so it would ring tomorrow morning when they may well have meant this evening.
    Alexa sends "07:00" for "seven" and for "seven a m" alike, so the words can't tell; before
    then, the morning still to come is the likelier meaning and is said back."""
    if not 1 <= at.hour <= 11:
        return False
    zone: tzinfo = device_time_zone(handler_input)
    now = clock.now(handler_input).astimezone(zone).replace(tzinfo=None)
    return (on is None or on == now.date()) and datetime.combine(now.date(), at) <= now


def from_now(handler_input: HandlerInput, minutes: float) -> datetime:
    """"In twenty minutes": that long from now in the person's zone, to the next whole minute."""
    zone: tzinfo = device_time_zone(handler_input)
    now = clock.now(handler_input).astimezone(zone).replace(tzinfo=None)
    ring = now + timedelta(minutes=minutes)
    return ring.replace(second=0, microsecond=0) + (timedelta(minutes=1) if ring.second or ring.microsecond else timedelta())


def calendar_date(value: Optional[str]) -> Optional[date]:
    """AMAZON.DATE's "2026-12-08"; None for a week, a weekend or nothing."""
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class When:
    """When a reminder rings, in the person's zone: `moved` when the time had passed today and
    it is tomorrow's instead; `past` when a day they named is already over."""

    at: datetime            # naive, local to `zone_name`: the first time it rings
    zone_name: str
    repeat: Optional[str]   # how often (WHEN_SAID), None once
    day: str                # "today", "tomorrow", "repeat" or "other"
    moved: bool = False
    past: bool = False


def when_it_rings(handler_input: HandlerInput, at: time, on: Optional[date], repeat: Optional[str]) -> When:
    """The first time it rings: for a repeat, the first of its days from today whose time is
    still to come (every N days counts from that first one)."""
    zone: tzinfo = device_time_zone(handler_input)
    zone_name = getattr(zone, "key", None) or "UTC"
    now = clock.now(handler_input).astimezone(zone).replace(tzinfo=None)
    today = now.date()
    moved = past = False
    ring = datetime.combine(on or today, at)
    if repeat:
        days = repeat_days(repeat)
        ring = datetime.combine(today, at)
        while ring <= now or (days and WEEKDAYS[ring.weekday()] not in days):
            ring += timedelta(days=1)
    elif ring <= now:
        if on is None or on == today:
            ring, moved = ring + timedelta(days=1), True
        else:
            past = True
    day = ("repeat" if repeat else "today" if ring.date() == today
           else "tomorrow" if ring.date() == today + timedelta(days=1) else "other")
    return When(ring, zone_name, repeat, day, moved, past)


def reminder_request(handler_input: HandlerInput, when: When, says: str) -> ReminderRequest:
    """The POST body: SCHEDULED_ABSOLUTE in the person's zone; a repeat as trigger.recurrence,
    its startDateTime the first ring and one rule in recurrenceRules (the deprecated freq/byDay
    left out: Alexa ignores them once recurrenceRules is there)."""
    locale = handler_input.request_envelope.request.locale or "en-US"
    recurrence = None
    if when.repeat:
        recurrence = Recurrence(start_date_time=when.at, recurrence_rules=[rrule(when.repeat, when.at.time())])
    return ReminderRequest(
        request_time=clock.now(handler_input).replace(tzinfo=None, microsecond=0),
        trigger=Trigger(object_type=TriggerType.SCHEDULED_ABSOLUTE, scheduled_time=when.at,
                        time_zone_id=when.zone_name, recurrence=recurrence),
        alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=says)])),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED))


def create_reminder(handler_input: HandlerInput, when: When, says: str) -> str:
    """Set it: SET, or what went wrong as the person can act on it (NOT_ALLOWED, BAD_TIME, TRY_LATER)."""
    factory = handler_input.service_client_factory
    try:
        if factory is None:
            raise RuntimeError("no Alexa API client configured")
        factory.get_reminder_management_service().create_reminder(
            reminder_request=reminder_request(handler_input, when, says))
        return SET
    except Exception as failure:  # noqa: BLE001 - any failure gets an answer with a way forward
        return _failure(failure, "create a reminder", bad_request=BAD_TIME)


def _failure(failure: Exception, doing: str, bad_request: str = TRY_LATER) -> str:
    """What a failed call means for the person (logged, without their words): NOT_ALLOWED for
    401 or 403, `bad_request` for 400, else TRY_LATER."""
    status = getattr(failure, "status_code", None)
    log.warning("could not %s: %s %s", doing, type(failure).__name__, status)
    if status in (401, 403):
        return NOT_ALLOWED
    return bad_request if status == 400 else TRY_LATER


def our_reminders(handler_input: HandlerInput) -> Tuple[str, List[Dict[str, Any]]]:
    """The reminders Back Relief has set that are still to ring (Alexa lists only this skill's), as
    Alexa's JSON: SET and them, or NOT_ALLOWED / TRY_LATER and none. Read with a plain GET through
    the skill's API client: the SDK's model for a listed reminder names a SpokenInfo class that
    ask_sdk_model does not have (alert_info_spoken_info), so get_reminders() fails to read any."""
    try:
        config = handler_input.service_client_factory.api_configuration
        response = config.api_client.invoke(ApiClientRequest(
            method="GET", url=f"{config.api_endpoint.rstrip('/')}/v1/alerts/reminders",
            headers=[("Authorization", f"Bearer {config.authorization_value}"), ("Accept", "application/json")]))
        if not 200 <= response.status_code < 300:
            raise ServiceException("listing reminders failed", response.status_code, response.headers, response.body)
        found = json.loads(response.body or "{}")
    except Exception as failure:  # noqa: BLE001
        return _failure(failure, "list the reminders"), []
    alerts = found.get("alerts") if isinstance(found, dict) else None
    return SET, [alert for alert in alerts or [] if isinstance(alert, dict) and alert.get("status") != "COMPLETED"]


def delete_reminders(handler_input: HandlerInput, alerts: List[Any]) -> str:
    """Delete each of these (our_reminders): SET when all are gone."""
    try:
        service = handler_input.service_client_factory.get_reminder_management_service()
        for alert in alerts:
            service.delete_reminder(alert_token=alert["alertToken"])
        return SET
    except Exception as failure:  # noqa: BLE001
        return _failure(failure, "delete the reminders")


def when_listed(handler_input: HandlerInput, alert: Dict[str, Any]) -> Optional[When]:
    """When a listed reminder rings, as when_it_rings says it; None when Alexa gave no time."""
    trigger = alert.get("trigger") or {}
    recurrence = trigger.get("recurrence")
    stamp = (recurrence or {}).get("startDateTime") or trigger.get("scheduledTime")
    try:
        at = datetime.fromisoformat(str(stamp)[:19])
    except ValueError:
        return None
    rules = (recurrence or {}).get("recurrenceRules") or []
    repeat = (repeat_of_rule(rules[0]) if rules else "daily") if recurrence else None
    return when_it_rings(handler_input, at.time(), at.date(), repeat)
