"""Questions about the running session: "how much time is left", "am I halfway", "which side am
I on", "what is that sound", "skip the bells", "can you play some music". Each is answered from where the audio is, and the audio carries on
(a paused session stays paused); just after the end bells, that it is finished
(session_handler.RunningSessionHandler).
"""
from __future__ import annotations

from typing import Tuple

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent
from skill.handlers.conversation import content
from skill.audio.timeline import session_type as session_kind
from skill.handlers.heat_off import heat_over_now
from skill.handlers.named_sessions import other_session_lead, other_session_named
from skill.handlers.replies import reply, steps_go_on
from skill.handlers.questions import answer
from skill.handlers.running_session import RunningSession, running_session
from skill.handlers.session_handler import RunningSessionHandler, SessionHandler
from skill.handlers.session_speech import held_say, paused_time_left, spoken_duration
from skill.responses import text
from skill.routing import intents, kind_of


class TimeLeftHandler(RunningSessionHandler):
    """ "How much time is left?", "am I halfway?" — from where the audio is, then the audio
    carries on. Just after the end bells, that it is finished. Asked of another kind of session
    than the one on ("how long is left on my heat session" on the mat): which one is on, first."""

    takes = intents("TimeLeftIntent", "SessionProgressIntent")

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        over = text(heat_over_now(handler_input))       # its time up as it waited: the heat off
        if over:
            return steps_go_on(handler_input, over) or reply(handler_input, over)
        return super().no_session(handler_input, content_)

    def about(self, handler_input: HandlerInput, content_: LocaleContent, session: RunningSession):
        name = session.name(handler_input)
        remaining = spoken_duration(handler_input, session.remaining_seconds)
        asked = other_session_named(handler_input, session)
        lead = f"{other_session_lead(handler_input, session, asked)} " if asked else ""
        if session.paused:
            # Held behind a remedy's steps: the answer, and the steps go on (the session waits).
            held = steps_go_on(handler_input, text(lead + paused_time_left(handler_input, session, "time_left_held")))
            return held or reply(handler_input, text(lead + paused_time_left(handler_input, session)))
        self.controls.resume(handler_input, session)
        if kind_of(handler_input)[1] == "SessionProgressIntent":
            elapsed = session.offset_ms / 1000 - session.token.timeline.start_seconds
            said = content_.session_say("progress", name=name, remaining=remaining,
                                        elapsed=spoken_duration(handler_input, elapsed))
        else:
            said = content_.session_say("time_left", name=name, remaining=remaining)
        side, switch_in = _side_now(session)
        if side:                                    # "which side am I on?" in a hip flexor release
            said = f"{content_.session_say(side, switch_in=spoken_duration(handler_input, switch_in))} {said}"
        return reply(handler_input, text(lead + said))


class SessionSoundsHandler(RunningSessionHandler):
    """ "What is that sound?" on the mat, eyes closed: what this session's cues mean, then the
    audio carries on (a paused one stays paused). With no session, what the cues are in short."""

    takes = intents("SessionSoundsIntent")

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        return reply(handler_input, text(content_.session_say("sounds_no_session")))

    def about(self, handler_input: HandlerInput, content_: LocaleContent, session: RunningSession):
        if session.timer_only:                  # no sounds here: what there is, the timer
            return reply(handler_input, text(content_.session_say(
                "sounds_timer", name=session.name(handler_input),
                remaining=spoken_duration(handler_input, session.remaining_seconds))))
        said = content_.sessions[session.token.session_type].sounds
        if session.paused:
            said = f"{said} {held_say(handler_input, session, 'still_held')}"
            return steps_go_on(handler_input, text(said)) or reply(handler_input, text(said))
        if session.carries_on:
            self.controls.resume(handler_input, session)
        return reply(handler_input, text(said))


class BellsOrMusicHandler(SessionHandler):
    """ "Skip the bells", "can you play some music": what a session's audio is and what they can
    do (answers.yaml: bells, music), said as any answer is: the session plays on, or the steps go
    on. On a device without audio the session is only a timer, with no sounds to skip, and music
    from Alexa is theirs to play: the timer still says when it is done (sessions.yaml:
    sounds_timer, music_timer)."""

    ANSWERS = {"BellsIntent": ("bells", "sounds_timer"), "MusicIntent": ("music", "music_timer")}
    takes = intents(*ANSWERS)

    def handle(self, handler_input: HandlerInput):
        answer_id, timer_key = self.ANSWERS[kind_of(handler_input)[1]]
        session = running_session(handler_input)
        if session is None or not session.timer_only:
            return answer(handler_input, self.controls, answer_id)
        said = text(content(handler_input).session_say(
            timer_key, name=session.name(handler_input),
            remaining=spoken_duration(handler_input, session.remaining_seconds)))
        return steps_go_on(handler_input, said) or reply(handler_input, said)


def _side_now(session: RunningSession) -> Tuple[str, float]:
    """("first_side", seconds until the switch) or ("second_side", 0) for a session timed per
    side; ("", 0) otherwise."""
    timeline = session.token.timeline
    if not session_kind(session.token.session_type).minutes_are_per_side:
        return "", 0
    switch = timeline.start_seconds + timeline.session_seconds / 2
    now = session.offset_ms / 1000
    return ("first_side", switch - now) if now < switch else ("second_side", 0)
