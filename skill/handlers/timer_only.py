"""What the controls do to a session on a device without audio, which is only its Alexa timer
(skill/timer_session.py): there is nothing to play or stop, so pausing, resuming and starting
over are done to the timer, through Alexa's Timers API. Each says whether it worked, so that
they can be told how to do it by voice when it did not (timer_replies.py). SessionControls
hands a timer-only session to these.
"""
from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from skill import alerts, timer_session
from skill.handlers.memory import memory
from skill.handlers.session_endings import note_changes
from skill.handlers.session_starter import end_of_session_timer
from skill.playback import SessionToken, device_key, save_state


def _save(handler_input: HandlerInput, session, **changes: Any) -> None:
    """As running_session saves a session's state (noted when, for session_endings)."""
    note_changes(handler_input, session.state, changes)
    save_state(memory(handler_input), device_key(handler_input), session.state)


def pause(handler_input: HandlerInput, session) -> bool:
    """It waits where it is, if its timer pauses (False: the timer runs on, and so does it)."""
    timer_id = session.state.get("timer_id")
    if not session.paused and timer_id and not alerts.control_timer(handler_input, timer_id, "pause"):
        return False
    _save(handler_input, session, paused=True, offset_ms=session.offset_ms)
    return True


def resume(handler_input: HandlerInput, session, offset_ms: int) -> bool:
    """A paused one runs on from `offset_ms`: its timer resumes, or, gone (cancelled by voice,
    say), a new one is set for the time left. False if neither works. One that runs, runs on."""
    if not session.paused:
        return True
    timer_id = session.state.get("timer_id")
    if not alerts.control_timer(handler_input, timer_id, "resume"):
        alerts.control_timer(handler_input, timer_id, "delete")       # no second timer, ever
        left = session.token.timeline.end_seconds - offset_ms / 1000
        timer_id = end_of_session_timer(handler_input, session.token.session_type, left)
        if timer_id is None:
            return False
    now = timer_session.request_time(handler_input)
    _save(handler_input, session, timer_id=timer_id, **timer_session.running_from(offset_ms, now))
    return True


def start_over(handler_input: HandlerInput, session, token: SessionToken) -> bool:
    """From the beginning: a new timer for the whole length (`token`, the run from the start).
    False when it could not be set."""
    alerts.control_timer(handler_input, session.state.get("timer_id"), "delete")
    timer_id = end_of_session_timer(handler_input, token.session_type, token.timeline.session_seconds)
    fresh = timer_session.new_state(token, timer_id, timer_session.request_time(handler_input))
    _save(handler_input, session, **{k: v for k, v in fresh.items() if k != "started_at"})
    return timer_id is not None
