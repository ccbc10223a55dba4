"""Changing and cancelling a reminder Back Relief has set ("cancel the mat reminder", "change my
reminder to nine", "move it to tomorrow"): found among ours by what it is for (handlers/reminders.py
reads and says them), then deleted, or set anew and the old one deleted.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ask_sdk_core.handler_input import HandlerInput

from skill import reminders
from skill.handlers.conversation import content
from skill.handlers.reminders import listed, not_done, ours, set_reminder, to_do_named, what_of
from skill.handlers.replies import reply
from skill.handlers.slots import read_slot
from skill.responses import text
from skill.routing import RoutedHandler, intents


def _named(handler_input: HandlerInput, alerts: List[Dict[str, Any]]) -> Tuple[Optional[str], List[Dict[str, Any]]]:
    """("mat", the mat reminders) when one of ours was named ("cancel the mat reminder"); else
    (None, all of them)."""
    what = to_do_named(handler_input)
    if what is None:
        return None, alerts
    content_ = content(handler_input)
    return what, [alert for alert in alerts if what_of(content_, alert) == what]


class CancelRemindersHandler(RoutedHandler):
    """"Cancel my reminders": every reminder Back Relief has set is deleted, and how many said;
    "cancel the mat reminder": only those for the mat."""

    takes = intents("CancelRemindersIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        outcome, alerts = ours(handler_input)
        what, alerts = _named(handler_input, alerts)
        if outcome == reminders.SET and alerts:
            outcome = reminders.delete_reminders(handler_input, alerts)
        if outcome != reminders.SET:
            return not_done(handler_input, outcome, "reminders.cancel_failed")
        to_do = content_.say(f"reminders.to_do.{what}") if what else ""
        if not alerts:
            key = "reminders.cancel_none_named" if what else "reminders.cancel_none"
            return reply(handler_input, text(content_.say(key, to_do=to_do)))
        key = "reminders.cancelled_one" if len(alerts) == 1 else "reminders.cancelled_many"
        key = f"{key}_named" if what else key
        return reply(handler_input, text(content_.say(key, count=len(alerts), to_do=to_do)))


class ChangeReminderHandler(RoutedHandler):
    """"Change my reminder to nine", "move it to tomorrow": the one reminder of ours (or the one
    named) set again at the new time or day, keeping what it is for and how often it rings;
    the new one is set before the old one is deleted, so a failure loses neither. An hour said
    without morning or evening keeps the half of the day the old one rang in ("eight" for an
    8 PM reminder: 9 PM), and is said back so they can hear it."""

    takes = intents("ChangeReminderIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        outcome, alerts = ours(handler_input)
        what, alerts = _named(handler_input, alerts)
        if outcome != reminders.SET:
            return not_done(handler_input, outcome)
        if not alerts:
            return reply(handler_input, text(content_.say("reminders.change_none")))
        if len(alerts) > 1:
            items = [listed(handler_input, alert) for alert in alerts]
            return reply(handler_input, text(content_.say(
                "reminders.change_which", count=len(items),
                items=content_.say("reminders.list_join", first=", ".join(items[:-1]), last=items[-1]))),
                reprompt=text(content_.say("reminders.change_how")))
        (alert,) = alerts
        old, said_time = reminders.when_listed(handler_input, alert), read_slot(handler_input, "time").heard
        at = reminders.clock_time(said_time)
        on = reminders.calendar_date(read_slot(handler_input, "date").heard)
        was = what_of(content_, alert)
        if old is None or was is None or (at is None and on is None):
            return reply(handler_input, text(content_.say("reminders.change_how")),
                         reprompt=text(content_.say("reminders.change_how")))
        if at is not None and ":" in said_time and old.at.hour >= 12:      # "nine", not "MO"
            at = reminders.in_half_of_day(at, "pm")
        day = on or (None if old.repeat else old.at.date())
        pending = {"what": was, "time": (at or old.at.time()).strftime("%H:%M"),
                   "date": day.isoformat() if day else None, "repeat": old.repeat}
        return set_reminder(handler_input, pending, replacing=alert)
