"""What we say about the running session: its time left ("6 minutes and 30 seconds", "8
minutes"), a prompt in its own wording on a device without audio (`said_of`), and the lines of a
session that waits, true for a held heat session whose timer runs on (`held_say`,
`paused_time_left`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import content
from skill.handlers.heat_timer import heat_timer_left

if TYPE_CHECKING:                   # running_session.py builds on this module
    from skill.handlers.running_session import RunningSession


def paused_time_left(handler_input: HandlerInput, session: RunningSession, key: str = "time_left_paused") -> str:
    """ "How much time is left" while it waits paused (`key`: "time_left_paused", or
    "time_left_held" in a remedy's steps): the time left in it, or, for a held heat session whose
    timer runs on, when that rings (`key`_heat_timer). Once it has rung the session is over
    (running_session, heat_time_up)."""
    left = heat_timer_left(handler_input, session)
    if left is not None:
        key, seconds = f"{key}_heat_timer", left
    else:
        seconds = session.remaining_seconds
    return said_of(handler_input, session, key, name=session.name(handler_input),
                   remaining=spoken_duration(handler_input, seconds))


def held_say(handler_input: HandlerInput, session: RunningSession, key: str) -> str:
    """The session line `key` ("held_for_conversation", "still_held", "paused_for_break_heat") as
    it is true for this session: for a held heat session whose timer runs on, that it does
    (`key`_heat_timer, "paused_for_break_heat_timer"), or, once it has rung, that the time is
    up (heat_time_up)."""
    content_ = content(handler_input)
    left = heat_timer_left(handler_input, session)
    if left is not None:
        key = f"{key.removesuffix('_heat')}_heat_timer" if left > 0 else "heat_time_up"
    return content_.session_say(key, name=session.name(handler_input))


def minutes_left(handler_input: HandlerInput, session: RunningSession, seconds: Optional[float] = None) -> str:
    """ "8 minutes": the time left in whole minutes (at least one), as said in passing; or, given
    `seconds`, that time (until a held heat session's timer rings, say)."""
    content_ = content(handler_input)
    left = session.remaining_seconds if seconds is None else seconds
    minutes = max(1, int(left / 60 + 0.5))
    return content_.session_say("one_minute") if minutes == 1 else content_.session_say("minutes", count=minutes)


def said_of(handler_input: HandlerInput, session: RunningSession, key: str, **values: Any) -> str:
    """The session prompt `key` about `session`; for a timer-only session, its own wording
    (`key`_no_audio) where it has one: "Alexa, resume" does not reach us on a device without audio."""
    content_ = content(handler_input)
    if session.timer_only and f"{key}_no_audio" in content_.session_prompts:
        key = f"{key}_no_audio"
    return content_.session_say(key, **values)


def spoken_duration(handler_input: HandlerInput, seconds: float) -> str:
    """ "6 minutes and 30 seconds", rounded to 5 seconds so it sounds natural."""
    content_ = content(handler_input)
    seconds = int(5 * round(max(seconds, 0) / 5)) or 5
    minutes, secs = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(content_.session_say("one_minute") if minutes == 1 else
                     content_.session_say("minutes", count=minutes))
    if secs:
        parts.append(content_.session_say("one_second") if secs == 1 else
                     content_.session_say("seconds", count=secs))
    return f" {content_.session_say('and')} ".join(parts)
