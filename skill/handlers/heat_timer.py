"""A heat session's Alexa timer runs on while the session waits (paused, or held for a
conversation): the heat may still be on them, and its end, "take the heat off now", must still be
announced if they never come back. When it will ring is noted with the session (TIMER_ENDS_AT):
running_session.py pauses and resumes it, and session_speech.py says when it rings.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill import clock

if TYPE_CHECKING:                   # running_session.py builds on this module
    from skill.handlers.running_session import RunningSession

HEAT = "heat"                       # the heat session's type


def timer_runs_while_paused(session: RunningSession) -> bool:
    """A heat session's timer is not paused with its audio: the heat may still be on them (asleep,
    or gone to the door), and its end must still be announced, "take the heat off now", if they
    never come back. Resuming sets it anew for the time left (SessionControls.resume)."""
    return session.token.session_type == HEAT


# Session state: when the timer of a held heat session, running on, rings (ISO 8601).
TIMER_ENDS_AT = "timer_ends_at"


def heat_timer_left(handler_input: HandlerInput, session: RunningSession) -> Optional[float]:
    """Seconds until the timer of this held heat session rings (none left or less: it has rung),
    or None when no timer runs on for it (not held, not heat, or no timer allowed)."""
    rings = session.state.get(TIMER_ENDS_AT)
    if not (session.paused and timer_runs_while_paused(session) and session.state.get("timer_id") and rings):
        return None
    try:
        return (datetime.fromisoformat(rings) - clock.now(handler_input)).total_seconds()
    except (TypeError, ValueError):
        return None
