"""What is said when a session on a device without audio, its Alexa timer, is paused, resumed,
started over or stopped. An audio session answers these with its audio (it stops, it plays); a
timer has no sound until it rings, so each is said, briefly. Each may fail at Alexa's Timers API:
then they hear how to do it by voice with Alexa's own timer commands.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers import timer_only
from skill.handlers.conversation import content
from skill.handlers.replies import reply
from skill.handlers.running_session import RunningSession, SessionControls, running_session
from skill.handlers.session_speech import said_of, spoken_duration
from skill.handlers.session_starter import spoken_minutes, total_minutes
from skill.responses import text


def _said(handler_input: HandlerInput, session: RunningSession, key: str) -> str:
    return text(said_of(handler_input, session, key, name=session.name(handler_input),
                        remaining=spoken_duration(handler_input, session.remaining_seconds)))


def paused(handler_input: HandlerInput, controls: SessionControls, session: RunningSession, key: str = "timer_paused",
           lead: str = ""):
    """Paused, timer and all (`key` says so), or, if its timer would not pause, that it carries on;
    `lead` (SSML-safe) before it."""
    ok = controls.pause(handler_input, session)
    return reply(handler_input, " ".join(p for p in (lead, _said(handler_input, session, key if ok else "timer_not_paused"))
                                         if p))


def resumed(handler_input: HandlerInput, controls: SessionControls, session: RunningSession):
    """It carries on, with the time left (one that runs already, too)."""
    was_paused = session.paused
    ok = controls.resume(handler_input, session)
    key = "timer_resumed" if was_paused else "already_on"
    return reply(handler_input, _said(handler_input, session, key if ok else "timer_not_resumed"))


def started_over(handler_input: HandlerInput, controls: SessionControls, session: RunningSession):
    """From the beginning: the whole length on a new timer."""
    ok = controls.start_over(handler_input, session)
    token = session.token
    length = spoken_minutes(content(handler_input), total_minutes(token.session_type, token.minutes))
    key = "timer_started_over" if ok else "timer_not_started_over"
    return reply(handler_input, text(content(handler_input).session_say(key, name=session.name(handler_input),
                                                                          length=length)))


def stopped(handler_input: HandlerInput, controls: SessionControls, session: RunningSession) -> str:
    """Stopped before its end, its timer cancelled: what to say (SSML-safe), or how to cancel the
    timer by voice when it could not be."""
    cancelled = controls.end(handler_input, session)
    return _said(handler_input, session, "session_stopped" if cancelled else "timer_not_cancelled")


def hold_for_warning(handler_input: HandlerInput) -> None:
    """A warning is said (a red flag, "call 911"): a timer-only session here waits, its timer
    paused, as a playing one does, so it does not ring "your mat session is done" while they get
    help. Nothing is said of it; "how long is left" tells them how to resume."""
    session = running_session(handler_input)
    if session is not None and session.timer_only and session.remaining_seconds > 0:
        timer_only.pause(handler_input, session)


def runs_on(handler_input: HandlerInput) -> str:
    """When a conversation ends while a timer-only session runs here: that its timer runs on, and
    for how long (it is all they have to go by); "" otherwise (SSML-safe)."""
    session = running_session(handler_input)
    if session is None or not session.timer_only or session.paused or session.remaining_seconds <= 0:
        return ""
    return _said(handler_input, session, "timer_runs_on")


def not_moved(handler_input: HandlerInput, session: RunningSession) -> str:
    """After a new length: "" when its timer moved to the new end, else how to set one by voice."""
    if not session.timer_only or session.state.get("timer_id"):
        return ""
    return _said(handler_input, session, "timer_not_moved")
