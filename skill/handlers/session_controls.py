"""Controlling the running session by voice and with the device's buttons: pause, resume, start
over, stop, "end my session", "five more minutes", "how much time is left".

These are registered before the remedy navigation so that "start over" or "next" during a mat
session talks about the session, unless a remedy conversation is open at that moment. What a
running session is, and what pausing or resuming it does, is in running_session.py.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.common import content, conversation, reply, text
from skill.handlers.running_session import (HELD, RunningSession, SessionControls, running_session,
                                            spoken_duration)
from skill.handlers.sessions import requested_minutes, session_kind, spoken_minutes
from skill.playback import stop
from skill.routing import INTENT_REQUEST, RoutedHandler, intents, kind_of, requests


def _no_remedy_open(handler_input: HandlerInput) -> bool:
    return not conversation(handler_input).get("condition")


class PauseSessionHandler(RoutedHandler):
    """ "Alexa, pause" (and "stop" while audio plays, which Alexa sends as PauseIntent). "Wait",
    "hang on" in a remedy's steps with no session here: take your time, at the same step."""

    takes = intents("AMAZON.PauseIntent") | requests("PlaybackController.PauseCommandIssued")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        if session is not None:
            self.controls.pause(handler_input, session)
        elif kind_of(handler_input)[0] == INTENT_REQUEST and not _no_remedy_open(handler_input):
            content_ = content(handler_input)
            return reply(handler_input, text(content_.say("pause_in_steps")),
                         reprompt=text(content_.say("step_reprompt")))
        else:
            stop(handler_input)
        return handler_input.response_builder.response


class ResumeSessionHandler(RoutedHandler):
    """ "Alexa, resume" and the play button. "Continue" in a remedy's steps with no session here is
    the next step (navigation.NextStepHandler)."""

    takes = intents("AMAZON.ResumeIntent") | requests("PlaybackController.PlayCommandIssued")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        return (kind_of(handler_input)[0] != INTENT_REQUEST or _no_remedy_open(handler_input)
                or running_session(handler_input) is not None)

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        if session is not None and session.remaining_seconds > 0:
            self.controls.resume(handler_input, session)
            return handler_input.response_builder.response
        if kind_of(handler_input)[0] == INTENT_REQUEST:
            content_ = content(handler_input)
            return reply(handler_input, text(content_.session_say("nothing_to_resume")))
        return handler_input.response_builder.response


class StartSessionOverHandler(RoutedHandler):
    takes = intents("AMAZON.StartOverIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        return _no_remedy_open(handler_input) and running_session(handler_input) is not None

    def handle(self, handler_input: HandlerInput):
        self.controls.start_over(handler_input, running_session(handler_input))
        return handler_input.response_builder.response


def _ended(handler_input: HandlerInput, controls: SessionControls, session: RunningSession):
    controls.end(handler_input, session)
    return reply(handler_input, text(content(handler_input).session_say("session_stopped",
                                                                        name=session.name(handler_input))))


class StopSessionHandler(RoutedHandler):
    """Stop or cancel while a session runs: stop the audio, clear the queue and the timer. Not in a
    conversation that paused the session to talk: that "stop" ends the talk, and the session
    waits for "Alexa, resume" as we said it would (builtins.StopHandler)."""

    takes = intents("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        return (_no_remedy_open(handler_input) and not conversation(handler_input).get(HELD)
                and running_session(handler_input) is not None)

    def handle(self, handler_input: HandlerInput):
        return _ended(handler_input, self.controls, running_session(handler_input))


class EndSessionHandler(RoutedHandler):
    """ "End my session", "I'm done": the session ends, whatever else is going on (a conversation
    that paused it, a remedy's steps). With none running, a kind goodbye."""

    takes = intents("EndSessionIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        if session is None:
            return reply(handler_input, text(content(handler_input).say("goodbye")))
        return _ended(handler_input, self.controls, session)


class AddTimeHandler(RoutedHandler):
    """ "Five more minutes", "make it longer": the session they are in runs on for longer, from
    where it is, up to its longest. A hip flexor release keeps its time per side."""

    takes = intents("AddTimeIntent")
    MINUTES_WHEN_NOT_SAID = 5

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        session = running_session(handler_input)
        if session is None:
            return reply(handler_input, text(content_.session_say("no_session")))
        session_type, name = session.token.session_type, session.name(handler_input)
        if session.remaining_seconds <= 0:
            return reply(handler_input, text(content_.session_say("time_left_finished", name=name)))
        kind = session_kind(session_type)
        asked = requested_minutes(handler_input)
        added = min(max(1, round(asked)) if asked is not None else self.MINUTES_WHEN_NOT_SAID,
                    kind.max_minutes - session.token.minutes)
        refusal = ("release_keeps_its_time" if kind.minutes_are_per_side else
                   "nothing_added" if asked is not None and asked <= 0 else
                   "already_longest" if added <= 0 else None)
        if refusal:
            if not session.paused:
                self.controls.resume(handler_input, session)        # it plays on as it was
            return reply(handler_input, text(content_.session_say(
                refusal, name=name, most=spoken_minutes(content_, kind.max_minutes))))
        longer = self.controls.extend(handler_input, session, added)
        key = "extended" if asked is None or added >= round(asked) else "extended_to_most"
        return reply(handler_input, text(content_.session_say(
            key, name=name, added=spoken_minutes(content_, added),
            most=spoken_minutes(content_, kind.max_minutes),
            remaining=spoken_duration(handler_input, longer.remaining_seconds))))


class TimeLeftHandler(RoutedHandler):
    """ "How much time is left?" — from where the audio is, then the audio carries on."""

    takes = intents("TimeLeftIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        session = running_session(handler_input)
        if session is None:
            return reply(handler_input, text(content_.session_say("no_session")))
        name = session.name(handler_input)
        if session.remaining_seconds <= 0:
            return reply(handler_input, text(content_.session_say("time_left_finished", name=name)))
        remaining = spoken_duration(handler_input, session.remaining_seconds)
        if session.paused:
            return reply(handler_input, text(content_.session_say("time_left_paused", name=name,
                                                                  remaining=remaining)))
        self.controls.resume(handler_input, session)
        said = content_.session_say("time_left", name=name, remaining=remaining)
        side = _side_now(session)
        if side:                                    # "which side am I on?" in a hip flexor release
            said = f"{content_.session_say(side)} {said}"
        return reply(handler_input, text(said))


def _side_now(session) -> str:
    """ "first_side" or "second_side" for a session timed per side; "" otherwise."""
    timeline = session.token.timeline
    if not session_kind(session.token.session_type).minutes_are_per_side:
        return ""
    switch = timeline.start_seconds + timeline.session_seconds / 2
    return "first_side" if session.offset_ms / 1000 < switch else "second_side"


class OtherControlsDuringSessionHandler(RoutedHandler):
    """Next, previous, repeat, loop and shuffle mean nothing for a timed session: a polite word."""

    AUDIO_ONLY = ("AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent",
                  "AMAZON.ShuffleOffIntent")
    ALSO_REMEDY = ("AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.RepeatIntent")
    takes = intents(*AUDIO_ONLY, *ALSO_REMEDY)

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        if kind_of(handler_input)[1] in self.AUDIO_ONLY:
            return True
        return _no_remedy_open(handler_input) and running_session(handler_input) is not None

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        if session is not None and session.carries_on:
            self.controls.resume(handler_input, session)
        return reply(handler_input, text(content(handler_input).session_say("not_during_session")))
