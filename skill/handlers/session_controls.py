"""Controlling the running session by voice and with the device's buttons: pause, resume, start
over, stop, "end my session", "five more minutes", "make it ten minutes", "I need the loo". What
they ask about it ("how much time is left", "what is that sound") is in session_info.py.

These are registered before the remedy navigation so that "start over" or "next" during a mat
session talks about the session, unless a remedy conversation is open at that moment. What a
running session is, and what pausing or resuming it does, is in running_session.py; what these
handlers share (the controls, the session or none), in session_handler.py.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent
from skill.audio.timeline import session_type as session_kind
from skill.handlers import navigation, timer_replies
from skill.handlers.builtins import FallbackHandler
from skill.handlers.conversation import content, conversation, keep_place_for_a_break, steps_to_come
from skill.handlers.heat_timer import HEAT, heat_timer_left
from skill.handlers.memory import memory
from skill.handlers.named_sessions import control_said, not_the_session_named, other_session_lead, other_session_named
from skill.handlers.replies import INVITED, back_to_the_steps, reply, steps_go_on, steps_reprompt
from skill.handlers.running_session import HELD, RunningSession, SessionControls, running_session
from skill.handlers.session_endings import just_finished, just_finished_type
from skill.handlers.session_handler import RunningSessionHandler, SessionHandler, finished_or_no_session
from skill.handlers.session_how import how_said
from skill.handlers.session_speech import minutes_left, said_of, spoken_duration
from skill.handlers.session_words import (brief_with_no_kind_named, length_with_no_kind_named, requested_minutes,
                                          whole_minutes)
from skill.handlers.session_starter import spoken_minutes, total_minutes
from skill.playback import player_context, stop, supports_audio
from skill.responses import text
from skill.routing import INTENT_REQUEST, intents, kind_of, requests


def _no_remedy_open(handler_input: HandlerInput) -> bool:
    return not conversation(handler_input).get("condition")


class PauseSessionHandler(SessionHandler):
    """ "Alexa, pause" (and "stop" while audio plays, which Alexa sends as PauseIntent), or "pause
    the heat session" by name. "Wait", "hang on" in a remedy's steps with no session here: take
    your time, at the same step. With nothing of ours to pause, whatever plays stops; a device
    without audio hears that nothing plays (it can take no AudioPlayer directive).

    A heat session said to pause or stop by voice ends, with "take the heat off now", as for
    stop, cancel and "I'm done": the two words arrive alike, and a heat session left paused
    would leave the heat on them with nothing to say when its time is up. Not one that waits
    for a remedy's steps ("hang on" there is for the steps). The pause button cannot be answered
    in words: a heat session pauses, and its timer runs on to announce the end
    (heat_timer.timer_runs_while_paused)."""

    takes = (intents("AMAZON.PauseIntent", "PauseSessionIntent")
             | requests("PlaybackController.PauseCommandIssued"))

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        asked = other_session_named(handler_input, session)
        if asked:                                       # "pause the heat session" on the mat
            return not_the_session_named(handler_input, self.controls, session, asked)
        voice = kind_of(handler_input)[0] == INTENT_REQUEST
        if (session is not None and voice and session.token.session_type == HEAT
                and (not session.paused or _no_remedy_open(handler_input))):
            return _ended(handler_input, self.controls, session)
        if session is not None and session.timer_only:
            return timer_replies.paused(handler_input, self.controls, session)
        if session is not None:
            self.controls.pause(handler_input, session)
        elif kind_of(handler_input)[0] == INTENT_REQUEST and not _no_remedy_open(handler_input):
            content_ = content(handler_input)
            if not steps_to_come(handler_input):        # after the last step: its way on still stands
                carry_on = steps_reprompt(handler_input)
                return reply(handler_input, text(content_.say("pause_after_steps", carry_on=carry_on)),
                             reprompt=text(carry_on))
            back_to_the_steps(handler_input)
            keep_place_for_a_break(handler_input)       # how to come back if the conversation closes
            return reply(handler_input, text(content_.say("pause_in_steps")),
                         reprompt=text(content_.say("step_reprompt")))
        elif kind_of(handler_input)[0] == INTENT_REQUEST and not supports_audio(handler_input):
            return reply(handler_input, text(content(handler_input).session_say("nothing_to_pause")))
        elif kind_of(handler_input)[1] == "AMAZON.PauseIntent" and player_context(handler_input)[2] != "PLAYING" \
                and just_finished_type(handler_input) is None:
            # "Ask back relief wait" with nothing going on (kind40: it ended silently): a kind word,
            # and we listen for where it hurts. "Stop" as a session's end bells ring still stops them.
            content_ = content(handler_input)
            handler_input.attributes_manager.request_attributes[INVITED] = "wait"     # "yes": ready, so where
            return reply(handler_input, text(content_.say("wait_nothing_going_on")),
                         reprompt=text(content_.say("welcome_reprompt")))
        else:
            stop(handler_input)
        return handler_input.response_builder.response


class ResumeSessionHandler(SessionHandler):
    """ "Alexa, resume" and the play button, or "resume the mat session" by name. "Continue" in a
    remedy's steps with no session here is the next step (navigation.NextStepHandler)."""

    takes = (intents("AMAZON.ResumeIntent", "ResumeSessionIntent")
             | requests("PlaybackController.PlayCommandIssued"))

    def wants(self, handler_input: HandlerInput) -> bool:
        return (kind_of(handler_input) != (INTENT_REQUEST, "AMAZON.ResumeIntent") or _no_remedy_open(handler_input)
                or running_session(handler_input) is not None)

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        asked = other_session_named(handler_input, session)
        if asked and session.carries_on:                # "resume the heat session" as the mat plays
            lead = other_session_lead(handler_input, session, asked)
            return reply(handler_input, text(f"{lead} {self.controls.carry_on(handler_input)}".strip()))
        if asked:
            return not_the_session_named(handler_input, self.controls, session, asked)
        if session is not None and session.remaining_seconds > 0 and session.timer_only:
            return timer_replies.resumed(handler_input, self.controls, session)
        if session is not None and session.remaining_seconds > 0:
            in_steps = kind_of(handler_input)[0] == INTENT_REQUEST and not _no_remedy_open(handler_input)
            self.controls.resume(handler_input, session)
            if in_steps:            # the steps it waited behind: how to come back to them
                return reply(handler_input, text(content(handler_input).session_say(
                    "back_to_session_from_steps", name=session.name(handler_input))))
            return handler_input.response_builder.response
        if kind_of(handler_input)[0] == INTENT_REQUEST:
            if session is None and navigation.steps_after_session(handler_input):
                return navigation.carry_on_after_session(handler_input)    # "carry on" after it
            content_ = content(handler_input)
            return reply(handler_input, text(content_.session_say("nothing_to_resume")))
        return handler_input.response_builder.response


class StartSessionOverHandler(SessionHandler):
    takes = intents("AMAZON.StartOverIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        return _no_remedy_open(handler_input) and running_session(handler_input) is not None

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        if session.token.session_type == HEAT:
            return heat_not_started_over(handler_input, self.controls, session)
        if session.timer_only:
            return timer_replies.started_over(handler_input, self.controls, session)
        # The mat or a meditation from the top, unsaid: its start bell says it began again, and
        # more time on the mat or breathing is no harm.
        self.controls.start_over(handler_input, session)
        return handler_input.response_builder.response


def heat_not_started_over(handler_input: HandlerInput, controls: SessionControls, session: RunningSession):
    """ "Start over" under heat: the heat has been on them all along, so its whole length again
    would keep it on past the time they chose, unsaid (onmat60). It goes on to its end instead,
    from where it is (a paused one too), and we say why, with a skin check."""
    content_ = content(handler_input)
    token = session.token
    left = heat_timer_left(handler_input, session)
    remaining = max(left if left is not None else session.remaining_seconds, 0)
    length_s = token.timeline.end_seconds - token.timeline.start_seconds
    if session.paused or not session.timer_only:
        controls.resume(handler_input, session)
    said = said_of(handler_input, session, "heat_not_started_over",
                   elapsed=minutes_left(handler_input, session, max(length_s - remaining, 0)),
                   length=spoken_minutes(content_, total_minutes(token.session_type, token.minutes)),
                   remaining=minutes_left(handler_input, session, remaining))
    return reply(handler_input, text(said))


def _ended(handler_input: HandlerInput, controls: SessionControls, session: RunningSession, *,
           steps_go_on_after: bool = False):
    """Stopped before its end: said so, with what to do now (take the heat off, get up slowly);
    with `steps_go_on_after`, a remedy's steps that held it go on after that. A timer-only
    session's timer is cancelled, or they hear how to cancel it by voice."""
    stopped = timer_replies.stopped(handler_input, controls, session)
    after = content(handler_input).sessions[session.token.session_type].after
    speech = f"{stopped} {text(after)}" if after else stopped
    if steps_go_on_after:
        conversation(handler_input).pop(HELD, None)
        return steps_go_on(handler_input, speech) or reply(handler_input, speech)
    return reply(handler_input, speech)


def _said_of(handler_input: HandlerInput, session: RunningSession, speech: str):
    """`speech` (SSML-safe) about the session; one that waits paused behind a remedy's steps
    stays paused, and the steps go on after the answer."""
    if session.paused:
        in_steps = steps_go_on(handler_input, speech)
        if in_steps is not None:
            return in_steps
    return reply(handler_input, speech)


class StopSessionHandler(SessionHandler):
    """Stop or cancel while a session runs: stop the audio, clear the queue and the timer. Not in a
    conversation that paused the session to talk, nor in one already going while a session they
    paused waits (the welcome said how to resume it): that "stop", that "goodbye" ends the talk,
    and the session waits for "Alexa, resume" (builtins.StopHandler says so)."""

    takes = intents("AMAZON.StopIntent", "AMAZON.CancelIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        if not _no_remedy_open(handler_input) or conversation(handler_input).get(HELD):
            return False
        session = running_session(handler_input)
        if session is None:
            return False
        # In a conversation they opened, "stop" ends the talk when the session waits paused (the
        # welcome said how to resume it), or is a timer-only one: nothing plays that it could mean.
        talking = getattr(handler_input.request_envelope.session, "new", True) is False
        return not (talking and (session.paused or session.timer_only))

    def handle(self, handler_input: HandlerInput):
        return _ended(handler_input, self.controls, running_session(handler_input))


class EndSessionHandler(SessionHandler):
    """ "End my session", "I'm done", "that's it": the session ends, whatever else is going on (a
    conversation that paused it, a remedy's steps). With none running, a kind goodbye; but while
    we wait for a choice ("lower or upper back?"), "that's it" may be meant as the answer: the
    question is asked again, as for words not caught. "Stop heat" (StopHeatIntent) names the heat
    session: during another, we ask (named_sessions.not_the_session_named)."""

    takes = intents("EndSessionIntent", "StopHeatIntent")
    CHOICE_QUESTIONS = ("clarify", "session_type", "preference_type")

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        asked = other_session_named(handler_input, session)
        if asked:                                       # "stop the heat session" on the mat
            return not_the_session_named(handler_input, self.controls, session, asked, stop=True)
        if session is not None:
            return _ended(handler_input, self.controls, session, steps_go_on_after=True)
        if conversation(handler_input).get("awaiting") in self.CHOICE_QUESTIONS:
            return FallbackHandler(self.controls).handle(handler_input)
        return reply(handler_input, text(content(handler_input).say("goodbye")))


def stop_when_asked(handler_input: HandlerInput, controls: SessionControls):
    """ "Yes" to "do you want to stop it?" (named_sessions.not_the_session_named): the session on
    stops, as for "end my session"; or, over since, that none runs."""
    session = running_session(handler_input)
    if session is None or session.remaining_seconds <= 0:
        return finished_or_no_session(handler_input)
    return _ended(handler_input, controls, session, steps_go_on_after=True)


class StartItAgainHandler(RunningSessionHandler):
    """ "Start it again", "put it back on": heard as a session to start ('I can't time "it
    again"'), but meant for the session there is: play it again, from where it waits, or from the
    start when it was playing. (Other controls said that way, "I want to stop", "cancel my heat"
    session, are read as their own intents: named_sessions.ControlSaidAsASession.)"""

    takes = intents("StartSessionIntent")

    def __init__(self, controls: SessionControls, last_time=None) -> None:
        super().__init__(controls)
        self.last_time = last_time          # preferences.SameAsLastTimeHandler

    def wants(self, handler_input: HandlerInput) -> bool:
        return control_said(handler_input) == "again"

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        """Nothing paused here: "again please" is the last thing they did, again ("same again");
        with nothing done yet, that there is nothing to resume."""
        if self.last_time is not None and isinstance(memory(handler_input).get("last"), dict):
            return self.last_time.handle(handler_input)
        return reply(handler_input, text(content_.session_say("nothing_to_resume")))

    def about(self, handler_input: HandlerInput, content_: LocaleContent, session: RunningSession):
        if session.token.session_type == HEAT and not session.paused:      # not its whole length again
            return heat_not_started_over(handler_input, self.controls, session)
        if session.timer_only:              # "start it again": from where it waits, or afresh
            return (timer_replies.resumed if session.paused else timer_replies.started_over)(
                handler_input, self.controls, session)
        if session.paused:
            self.controls.resume(handler_input, session)
        else:
            self.controls.start_over(handler_input, session)
        return reply(handler_input, text(content_.session_say("back_to_session", name=session.name(handler_input))))


class AddTimeHandler(RunningSessionHandler):
    """ "Five more minutes", "make it longer": the session they are in runs on for longer, from
    where it is, up to its longest. A hip flexor release keeps its time per side."""

    takes = intents("AddTimeIntent")
    MINUTES_WHEN_NOT_SAID = 5

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        return _another_after_the_end(handler_input) or super().no_session(handler_input, content_)

    def about(self, handler_input: HandlerInput, content_: LocaleContent, session: RunningSession):
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
            return _said_of(handler_input, session, text(content_.session_say(
                refusal, name=name, most=spoken_minutes(content_, kind.max_minutes))))
        longer = self.controls.extend(handler_input, session, added)
        key = "extended" if asked is None or added >= whole_minutes(asked) else "extended_to_most"
        key += "_paused" if longer.paused else ""
        said = text(said_of(handler_input, longer, key, name=name, added=spoken_minutes(content_, added),
                            most=spoken_minutes(content_, kind.max_minutes),
                            remaining=spoken_duration(handler_input, longer.remaining_seconds)))
        return _said_of(handler_input, longer, " ".join(p for p in (said, timer_replies.not_moved(handler_input, longer))
                                                        if p))


def _another_after_the_end(handler_input: HandlerInput):
    """ "Five more minutes" over the end bells: it is finished, and another of that length (within
    its bounds) is offered; yes starts it. Not heat (its time on the skin is its own matter), a
    release (timed per side) or in pregnancy (no session is offered then). None otherwise."""
    finished = just_finished_type(handler_input)
    if finished is None or finished == HEAT or conversation(handler_input).get("pregnant"):
        return None
    kind = session_kind(finished)
    if kind.minutes_are_per_side:
        return None
    asked = requested_minutes(handler_input)
    minutes = whole_minutes(asked) if asked is not None else AddTimeHandler.MINUTES_WHEN_NOT_SAID
    minutes = min(max(minutes, kind.min_minutes), kind.max_minutes)
    content_ = content(handler_input)
    conversation(handler_input).update(awaiting="offer_session", offer=finished, offer_minutes=minutes)
    name, length = content_.sessions[finished].name, spoken_minutes(content_, minutes)
    return reply(handler_input, " ".join((just_finished(handler_input), text(content_.session_say(
        "another_after_the_end", length=length)))),
        reprompt=text(content_.session_say("another_after_the_end_reprompt", name=name, length=length)))


class SessionLengthHandler(RunningSessionHandler):
    """ "Make it ten minutes", "make it shorter", "take five minutes off" while a session runs or
    waits: the session they are in gets that length, longer or shorter, from where it is (a
    length with no kind of session named is not a new session: "fifteen minutes please" too).
    "Just a quick one" then is the shortest it goes. Not when the length answers our own question
    ("would you like 30 minutes?", "which session?", "should I save it?")."""

    takes = intents("SessionLengthIntent", "ShortenSessionIntent", "StartSessionIntent")
    MINUTES_WHEN_NOT_SAID = 5
    OUR_QUESTIONS = ("offer_session", "session_type", "timer_only", "offer_preference", "preference_type")

    def wants(self, handler_input: HandlerInput) -> bool:
        if kind_of(handler_input)[1] == "ShortenSessionIntent":
            return True
        if kind_of(handler_input)[1] == "StartSessionIntent":
            # "Just a quick one"; "fifteen minutes please" with no question of ours standing.
            length_alone = (length_with_no_kind_named(handler_input)
                            and not conversation(handler_input).get("awaiting"))
            if not (brief_with_no_kind_named(handler_input) or length_alone) or not _no_remedy_open(handler_input):
                return False            # in a remedy's steps, the remedy's session (sessions.py)
            session = running_session(handler_input)
            return session is not None and session.remaining_seconds > 0
        return (requested_minutes(handler_input) is not None
                and conversation(handler_input).get("awaiting") not in self.OUR_QUESTIONS
                and running_session(handler_input) is not None)

    def about(self, handler_input: HandlerInput, content_: LocaleContent, session: RunningSession):
        name = session.name(handler_input)
        kind = session_kind(session.token.session_type)
        if kind.minutes_are_per_side:
            return self._as_it_was(handler_input, session, "release_keeps_its_length")
        asked = requested_minutes(handler_input)
        now = session.token.minutes
        if kind_of(handler_input)[1] == "ShortenSessionIntent":
            wanted = now - (max(1, whole_minutes(asked)) if asked is not None else self.MINUTES_WHEN_NOT_SAID)
        elif kind_of(handler_input)[1] == "StartSessionIntent" and asked is None:      # "just a quick one"
            wanted = kind.min_minutes
        else:
            wanted = whole_minutes(asked)
        minutes = min(max(wanted, kind.min_minutes), kind.max_minutes)
        said = dict(name=name, least=spoken_minutes(content_, kind.min_minutes),
                    most=spoken_minutes(content_, kind.max_minutes), length=spoken_minutes(content_, minutes))
        if minutes == now:
            shortest = wanted < minutes or (kind_of(handler_input)[1] == "StartSessionIntent" and asked is None)
            key = ("already_shortest" if shortest else "already_longest" if wanted > minutes
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
        speech = text(said_of(handler_input, resized, key, **said,
                              remaining=spoken_duration(handler_input, resized.remaining_seconds)))
        return _said_of(handler_input, resized, " ".join(p for p in (speech, timer_replies.not_moved(handler_input,
                                                                                                     resized)) if p))

    def _as_it_was(self, handler_input: HandlerInput, session: RunningSession, key: str, **values):
        """The session keeps its length: it plays on as it was (a paused one stays paused)."""
        if session.carries_on:
            self.controls.resume(handler_input, session)
        return _said_of(handler_input, session, text(content(handler_input).session_say(key, **values)))


class OtherControlsDuringSessionHandler(SessionHandler):
    """Next, previous, loop and shuffle mean nothing for a timed session: a polite word.
    Except "next", "I'm ready" to a paused session: they are ready to carry on, so it plays on;
    and "repeat that", "I didn't catch that": what to do in the session, said again (it was
    "there's nothing to skip"), and it plays on."""

    AUDIO_ONLY = ("AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent",
                  "AMAZON.ShuffleOffIntent")
    ALSO_REMEDY = ("AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.RepeatIntent")
    takes = intents(*AUDIO_ONLY, *ALSO_REMEDY)

    def wants(self, handler_input: HandlerInput) -> bool:
        if kind_of(handler_input)[1] in self.AUDIO_ONLY:
            return True
        return _no_remedy_open(handler_input) and running_session(handler_input) is not None

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        if session is not None and kind_of(handler_input)[1] == "AMAZON.RepeatIntent":
            return how_said(handler_input, self.controls, session)
        if (session is not None and session.paused and session.remaining_seconds > 0
                and kind_of(handler_input)[1] == "AMAZON.NextIntent"):
            if session.timer_only:
                return timer_replies.resumed(handler_input, self.controls, session)
            self.controls.resume(handler_input, session)
            return reply(handler_input, text(content(handler_input).session_say(
                "back_to_session", name=session.name(handler_input))))
        if session is not None and session.carries_on:
            self.controls.resume(handler_input, session)
        key = "not_during_session_no_audio" if session is not None and session.timer_only else "not_during_session"
        return reply(handler_input, text(content(handler_input).session_say(key)))
