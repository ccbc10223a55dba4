"""What to do in the session running here, said again ("how do I do this", "repeat that", "say
that slower" on the mat or under heat), and how anything about it is said: the audio plays on, a
paused session stays paused. Here, not in session_info, so navigation can use it too."""
from __future__ import annotations

from typing import Tuple

from ask_sdk_core.handler_input import HandlerInput

from skill.audio.timeline import session_type as session_kind
from skill.handlers.conversation import content
from skill.handlers.replies import reply, steps_go_on
from skill.handlers.running_session import RunningSession, SessionControls
from skill.handlers.session_cards import how_to
from skill.handlers.session_speech import held_say, spoken_duration
from skill.responses import CALM_RATE, text


def how_said(handler_input: HandlerInput, controls: SessionControls, session: RunningSession, *,
             rate: str = CALM_RATE):
    """The session's how-to, as said when a timer-only one starts (and which side, in a release)."""
    content_ = content(handler_input)
    said = how_to(content_, session.token.session_type, session.token.minutes)
    side, switch_in = side_now(session)
    if side:
        said = f"{said} {content_.session_say(side, switch_in=spoken_duration(handler_input, switch_in))}"
    return said_in_session(handler_input, controls, session, said, rate=rate)


def said_in_session(handler_input: HandlerInput, controls: SessionControls, session: RunningSession, said: str, *,
                    rate: str = CALM_RATE):
    """`said` about the session here: a paused one stays paused (behind the steps, they go on);
    a playing one plays on."""
    if session.paused:
        said = f"{said} {held_say(handler_input, session, 'still_held')}"
        return steps_go_on(handler_input, text(said)) or reply(handler_input, text(said), rate=rate)
    if session.carries_on:
        controls.resume(handler_input, session)
    return reply(handler_input, text(said), rate=rate)


def side_now(session: RunningSession) -> Tuple[str, float]:
    """("first_side", seconds until the switch) or ("second_side", 0) for a session timed per
    side; ("", 0) otherwise."""
    timeline = session.token.timeline
    if not session_kind(session.token.session_type).minutes_are_per_side:
        return "", 0
    switch = timeline.start_seconds + timeline.session_seconds / 2
    now = session.offset_ms / 1000
    return ("first_side", switch - now) if now < switch else ("second_side", 0)
