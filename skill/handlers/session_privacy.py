"""Keeping one session out of their memory, by voice: "don't save this session", "keep this
private", "forget that session". During a session (playing or paused) it is marked, so its end is
not written to the history (playback.NOT_KEPT); just after one finished (the last one, today) its
history entry is deleted from the store, once they say yes to which one it is (it can't be undone);
with neither, how to forget everything (privacy.py)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, Dict, Optional

from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.handler_input import HandlerInput

from skill import clock, history
from skill.handlers.conversation import FORGET_SESSION, content, conversation
from skill.handlers.memory import LAST_SESSION, forget_finished, memory, memory_available
from skill.handlers.memory_by_voice import (AboutMemoryHandler, asked, kept_when_declined, length_said, minutes_of,
                                            said, say, unavailable)
from skill.handlers.running_session import running_session, still_held
from skill.handlers.slots import read_slot
from skill.local_time import device_time_zone
from skill.playback import NOT_KEPT, device_key, save_state
from skill.responses import text
from skill.routing import intents

log = logging.getLogger("skill.memory")

# The part of their day a session finished in, by the hour it starts: "from this morning".
PARTS_OF_DAY = ((0, "night"), (5, "morning"), (12, "afternoon"), (17, "evening"), (21, "night"))


class ForgetThisSessionHandler(AboutMemoryHandler):
    """ "Don't save this session", "that one doesn't count", "delete my last session"."""

    takes = intents("ForgetThisSessionIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        period = read_slot(handler_input, "period").id
        if period is not None and period != "today":        # "delete yesterday's session": not today's
            return said(handler_input, self.controls, say(handler_input, "session_forget_only_today"))
        session = running_session(handler_input)
        if session is not None:
            session.state[NOT_KEPT] = True
            save_state(attributes, device_key(handler_input), session.state)
            log.info("session marked not to be kept")
            return said(handler_input, self.controls, say(handler_input, "session_not_kept"))
        entry = forgettable(handler_input, attributes)
        if entry is None or entry.get("type") not in content_.sessions:
            return said(handler_input, self.controls, say(handler_input, "session_forget_nothing"))
        # It can't be undone: which session, its length and when, asked first (builtins' yes and no).
        conversation(handler_input).update(awaiting=FORGET_SESSION, offer=entry.get("finished_at"))
        return asked(handler_input, _about(handler_input, content_, entry, "session_forget_confirm"),
                     say(handler_input, "session_forget_reprompt", name=content_.sessions[entry["type"]].name))


def forget_session_confirmed(handler_input: HandlerInput, finished_at: Optional[str]):
    """Yes to "should I forget it?": the session asked about is deleted, if it is still the last
    one finished today (one finished meanwhile is not forgotten in its place)."""
    attributes = memory(handler_input)
    if not memory_available(attributes):
        return unavailable(handler_input)
    content_ = content(handler_input)
    entry = forgettable(handler_input, attributes)
    if entry is None or entry.get("finished_at") != finished_at or entry.get("type") not in content_.sessions:
        return said(handler_input, None, say(handler_input, "session_forget_nothing"))
    try:
        forget_finished(handler_input, entry)
    except PersistenceException:
        log.warning("could not forget a finished session on request")
        return said(handler_input, None, say(handler_input, "session_forget_failed"))
    forget_noted_session(attributes, entry)
    log.info("finished session forgotten on request")
    return said(handler_input, None, " ".join(
        p for p in (_about(handler_input, content_, entry, "session_forgotten"), text(still_held(handler_input))) if p))


def forget_session_declined(handler_input: HandlerInput):
    """Nothing forgotten; a session the question paused waits for "Alexa, resume", as said."""
    kept = kept_when_declined(handler_input, FORGET_SESSION, None)
    return said(handler_input, None, " ".join(p for p in (kept, text(still_held(handler_input))) if p))


def _about(handler_input: HandlerInput, content_, entry: Dict[str, Any], key: str) -> str:
    """`key` said of this finished session: its kind, when today, and its length."""
    return say(handler_input, key, name=content_.sessions[entry["type"]].name, when=part_of_day(handler_input, entry),
               length=length_said(content_, entry["type"], minutes_of(entry)))


def forgettable(handler_input: HandlerInput, attributes) -> Optional[Dict[str, Any]]:
    """Their most recent finished session, if it finished today (their day): the one that can be
    forgotten by itself. Older ones go with "forget everything about me"."""
    last = history.last_finished(attributes)
    if last is None or history.days_ago(last, device_time_zone(handler_input), clock.now(handler_input)) != 0:
        return None
    return last


def part_of_day(handler_input: HandlerInput, entry: Dict[str, Any]) -> str:
    """ "this morning", "this afternoon": when today the session finished, in their time."""
    hour = history.finished_at(entry).astimezone(device_time_zone(handler_input)).hour
    part = [name for starts, name in PARTS_OF_DAY if hour >= starts][-1]
    return say(handler_input, f"session_forgotten_when_{part}")


def forget_noted_session(attributes, entry: Dict[str, Any]) -> None:
    """What memory noted of the forgotten session at its start goes with it: the last session
    started, if it is this one (its kind, started before it finished, within a day)."""
    finished = history.finished_at(entry)
    for noted in (attributes.get(LAST_SESSION), attributes.get("last")):
        started = _moment(noted.get("started_at")) if isinstance(noted, dict) else None
        if (started is not None and noted.get("kind") == "session" and noted.get("type") == entry.get("type")
                and finished - timedelta(days=1) <= started <= finished):
            history.forget_noted_run(attributes, noted.get("run"))
            return


def _moment(value: Any) -> Optional[datetime]:
    return history.finished_at({"finished_at": value})
