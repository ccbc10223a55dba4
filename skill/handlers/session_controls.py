"""Controlling the running session by voice and with the device's buttons: pause, resume, start
over, stop, "end my session", "five more minutes", "make it ten minutes", "I need the loo". What
they ask about it ("how much time is left", "what is that sound") is in session_info.py.

These are registered before the remedy navigation so that "start over" or "next" during a mat
session talks about the session, unless a remedy conversation is open at that moment. What a
running session is, and what pausing or resuming it does, is in running_session.py.
"""
from __future__ import annotations

from typing import Optional

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers import navigation
from skill.handlers.builtins import FallbackHandler
from skill.handlers.common import (back_to_the_steps, content, conversation, no_session_reply, read_slot, reply,
                                   steps_reprompt, steps_to_come, text)
from skill.handlers.running_session import HELD, RunningSession, SessionControls, running_session, spoken_duration
from skill.handlers.session_endings import just_finished
from skill.handlers.sessions import requested_minutes, session_kind, spoken_minutes, whole_minutes
from skill.playback import stop, supports_audio
from skill.routing import INTENT_REQUEST, RoutedHandler, intents, kind_of, requests


def _no_remedy_open(handler_input: HandlerInput) -> bool:
    return not conversation(handler_input).get("condition")


def _finished_or_no_session(handler_input: HandlerInput):
    """ "Five more minutes" with no session: just after the end bells, that it is finished (it
    counts as done); otherwise, that none is running."""
    finished = just_finished(handler_input)
    return reply(handler_input, finished) if finished else no_session_reply(handler_input)


class PauseSessionHandler(RoutedHandler):
    """ "Alexa, pause" (and "stop" while audio plays, which Alexa sends as PauseIntent). "Wait",
    "hang on" in a remedy's steps with no session here: take your time, at the same step. With
    nothing of ours to pause, whatever plays stops; a device without audio hears that nothing
    plays (it can take no AudioPlayer directive)."""

    takes = intents("AMAZON.PauseIntent") | requests("PlaybackController.PauseCommandIssued")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        if session is not None:
            self.controls.pause(handler_input, session)
        elif kind_of(handler_input)[0] == INTENT_REQUEST and not _no_remedy_open(handler_input):
            content_ = content(handler_input)
            if not steps_to_come(handler_input):        # after the last step: its way on still stands
                carry_on = steps_reprompt(handler_input)
                return reply(handler_input, text(content_.say("pause_after_steps", carry_on=carry_on)),
                             reprompt=text(carry_on))
            back_to_the_steps(handler_input)
            return reply(handler_input, text(content_.say("pause_in_steps")),
                         reprompt=text(content_.say("step_reprompt")))
        elif kind_of(handler_input)[0] == INTENT_REQUEST and not supports_audio(handler_input):
            return reply(handler_input, text(content(handler_input).session_say("nothing_to_pause")))
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
        if session is not None:
            self.controls.resume(handler_input, session)
            return handler_input.response_builder.response
        if kind_of(handler_input)[0] == INTENT_REQUEST:
            if navigation.timed_step(handler_input):
                return navigation.carry_on_after_timed_step(handler_input)    # "carry on" after it
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
    """Stopped before its end: said so, with what to do now (take the heat off, get up slowly)."""
    controls.end(handler_input, session)
    content_ = content(handler_input)
    stopped = content_.session_say("session_stopped", name=session.name(handler_input))
    after = content_.sessions[session.token.session_type].after
    return reply(handler_input, text(f"{stopped} {after}" if after else stopped))


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
    """ "End my session", "I'm done", "that's it": the session ends, whatever else is going on (a
    conversation that paused it, a remedy's steps). With none running, a kind goodbye; but while
    we wait for a choice ("lower or upper back?"), "that's it" may be meant as the answer: the
    question is asked again, as for words not caught."""

    takes = intents("EndSessionIntent")
    CHOICE_QUESTIONS = ("clarify", "session_type", "preference_type")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        if session is not None:
            return _ended(handler_input, self.controls, session)
        if conversation(handler_input).get("awaiting") in self.CHOICE_QUESTIONS:
            return FallbackHandler(self.controls).handle(handler_input)
        return reply(handler_input, text(content(handler_input).say("goodbye")))


def _take_a_break(handler_input: HandlerInput, controls: SessionControls):
    """A break asked for: the session waits (paused, timer too) and they hear how to get it back;
    in a remedy's steps, take your time; otherwise, how to come back."""
    content_ = content(handler_input)
    session = running_session(handler_input)
    if session is not None and session.remaining_seconds > 0:
        controls.pause(handler_input, session)
        return reply(handler_input, text(content_.session_say("paused_for_break", name=session.name(handler_input))))
    if not _no_remedy_open(handler_input):
        back_to_the_steps(handler_input)
        return reply(handler_input, text(content_.say("pause_in_steps")), reprompt=text(content_.say("step_reprompt")))
    return reply(handler_input, text(content_.session_say("break_no_session")))


class TakeABreakHandler(RoutedHandler):
    """ "I need the loo", "someone's at the door" on the mat: a break, not a symptom to ask about."""

    takes = intents("TakeABreakIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        return _take_a_break(handler_input, self.controls)


def _control_said_as_a_session(handler_input: HandlerInput) -> Optional[str]:
    """ "end", "pause" or "again" when the words caught where a kind of session goes are a control
    ("I want to stop", "start it again"); None otherwise (sessions.yaml: controls_said_as_a_session)."""
    slot = read_slot(handler_input, "session_type")
    if not slot.unresolved:
        return None
    said = " ".join(slot.heard.lower().split())
    for control, words in content(handler_input).session_say("controls_said_as_a_session").items():
        if said in words:
            return "pause" if control == "end" and requested_minutes(handler_input) else control
    return None


class ControlSaidAsASessionHandler(RoutedHandler):
    """ "I want to stop", "stop for a minute", "start it again": heard as a session to start
    ('I can't time "stop"'), but meant for the session there is: end it, pause it, or play it
    again (from where it waits, or from the start when it was playing)."""

    takes = intents("StartSessionIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        return _control_said_as_a_session(handler_input) is not None

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        control = _control_said_as_a_session(handler_input)
        if control == "pause":
            return _take_a_break(handler_input, self.controls)
        session = running_session(handler_input)
        if session is None:
            key = "goodbye" if control == "end" else None
            return reply(handler_input, text(content_.say(key) if key else content_.session_say("nothing_to_resume")))
        if control == "end":
            return _ended(handler_input, self.controls, session)
        if session.paused:
            self.controls.resume(handler_input, session)
        else:
            self.controls.start_over(handler_input, session)
        return reply(handler_input, text(content_.session_say("back_to_session", name=session.name(handler_input))))


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
            return _finished_or_no_session(handler_input)
        session_type, name = session.token.session_type, session.name(handler_input)
        kind = session_kind(session_type)
        asked = requested_minutes(handler_input)
        added = min(max(1, whole_minutes(asked)) if asked is not None else self.MINUTES_WHEN_NOT_SAID,
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
        key = "extended" if asked is None or added >= whole_minutes(asked) else "extended_to_most"
        key += "_paused" if longer.paused else ""
        return reply(handler_input, text(content_.session_say(
            key, name=name, added=spoken_minutes(content_, added),
            most=spoken_minutes(content_, kind.max_minutes),
            remaining=spoken_duration(handler_input, longer.remaining_seconds))))


class SessionLengthHandler(RoutedHandler):
    """ "Make it ten minutes", "make it shorter", "take five minutes off" while a session runs or
    waits: the session they are in gets that length, longer or shorter, from where it is (a
    length with no kind of session named is not a new session). Not when the length answers our
    own question ("would you like 30 minutes?", "which session?", "should I save it?")."""

    takes = intents("SessionLengthIntent", "ShortenSessionIntent")
    MINUTES_WHEN_NOT_SAID = 5
    OUR_QUESTIONS = ("offer_session", "session_type", "timer_only", "offer_preference", "preference_type")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        if kind_of(handler_input)[1] == "ShortenSessionIntent":
            return True
        return (requested_minutes(handler_input) is not None
                and conversation(handler_input).get("awaiting") not in self.OUR_QUESTIONS
                and running_session(handler_input) is not None)

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        session = running_session(handler_input)
        if session is None:
            return _finished_or_no_session(handler_input)
        name = session.name(handler_input)
        kind = session_kind(session.token.session_type)
        if kind.minutes_are_per_side:
            return self._as_it_was(handler_input, session, "release_keeps_its_length")
        asked = requested_minutes(handler_input)
        now = session.token.minutes
        if kind_of(handler_input)[1] == "ShortenSessionIntent":
            wanted = now - (max(1, whole_minutes(asked)) if asked is not None else self.MINUTES_WHEN_NOT_SAID)
        else:
            wanted = whole_minutes(asked)
        minutes = min(max(wanted, kind.min_minutes), kind.max_minutes)
        said = dict(name=name, least=spoken_minutes(content_, kind.min_minutes),
                    most=spoken_minutes(content_, kind.max_minutes), length=spoken_minutes(content_, minutes))
        if minutes == now:
            key = ("already_shortest" if wanted < minutes else "already_longest" if wanted > minutes
                   else "already_that_long")
            return self._as_it_was(handler_input, session, key, **said)
        new_end_s = session.token.timeline.start_seconds + minutes * 60
        if new_end_s <= session.offset_ms / 1000:
            elapsed = session.offset_ms / 1000 - session.token.timeline.start_seconds
            return self._as_it_was(handler_input, session, "past_new_length", **said,
                                   elapsed=spoken_duration(handler_input, elapsed),
                                   remaining=spoken_duration(handler_input, session.remaining_seconds))
        resized = self.controls.resize(handler_input, session, minutes)
        key = ("length_set_to_least" if wanted < minutes else "length_set_to_most" if wanted > minutes
               else "length_set")
        key += "_paused" if resized.paused else ""
        return reply(handler_input, text(content_.session_say(
            key, **said, remaining=spoken_duration(handler_input, resized.remaining_seconds))))

    def _as_it_was(self, handler_input: HandlerInput, session: RunningSession, key: str, **values):
        """The session keeps its length: it plays on as it was (a paused one stays paused)."""
        if session.carries_on:
            self.controls.resume(handler_input, session)
        return reply(handler_input, text(content(handler_input).session_say(key, **values)))


class OtherControlsDuringSessionHandler(RoutedHandler):
    """Next, previous, repeat, loop and shuffle mean nothing for a timed session: a polite word.
    Except "next", "I'm ready" to a paused session: they are ready to carry on, so it plays on."""

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
        if (session is not None and session.paused and session.remaining_seconds > 0
                and kind_of(handler_input)[1] == "AMAZON.NextIntent"):
            self.controls.resume(handler_input, session)
            return reply(handler_input, text(content(handler_input).session_say(
                "back_to_session", name=session.name(handler_input))))
        if session is not None and session.carries_on:
            self.controls.resume(handler_input, session)
        return reply(handler_input, text(content(handler_input).session_say("not_during_session")))
