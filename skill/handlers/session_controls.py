"""Controlling a running session: pause, resume, start over, stop, "how much time is left".

These are registered before the remedy navigation so that "start over" or "next" during a mat
session talks about the session, unless a remedy conversation is open at that moment.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill import alerts
from skill.audio.library import AudioLibrary
from skill.handlers.common import content, conversation, memory, memory_available, reply, text
from skill.handlers.sessions import end_of_session_timer, requested_minutes, session_kind, spoken_minutes
from skill.playback import (SessionToken, device_key, drop_state, play, player_context, save_state,
                            state_of, stop)
from skill.routing import INTENT_REQUEST, RoutedHandler, intents, kind_of, requests

LIVE_ACTIVITIES = ("PLAYING", "PAUSED", "STOPPED", "BUFFER_UNDERRUN")
HELD = "held_session"       # conversation note: this conversation paused the device's session


@dataclass
class RunningSession:
    """A session on this device that has not finished: its token, where it is, and our notes."""

    token: SessionToken
    offset_ms: int
    state: Dict[str, Any]
    on_player: bool = True      # Alexa's player reports this session (not another stream since)

    @property
    def paused(self) -> bool:
        return bool(self.state.get("paused"))

    @property
    def remaining_seconds(self) -> float:
        return self.token.timeline.end_seconds - self.offset_ms / 1000

    def name(self, handler_input: HandlerInput) -> str:
        """What Alexa calls it: "acupressure mat session"."""
        return content(handler_input).sessions[self.token.session_type].name

    @property
    def carries_on(self) -> bool:
        """Whether its audio should play on after we answer something else: not paused, not over,
        and what the player was on when they spoke (not replaced by music since, say)."""
        return not self.paused and self.remaining_seconds > 0 and self.on_player


def running_session(handler_input: HandlerInput) -> Optional[RunningSession]:
    """This device's unfinished session, from our saved state and Alexa's player report."""
    token_text, offset_ms, activity = player_context(handler_input)
    attributes = memory(handler_input)
    state = state_of(attributes, device_key(handler_input))
    if state is not None:
        token = SessionToken.parse(state.get("token"))
        if token is None or (token_text == state.get("token") and activity == "FINISHED"):
            return None
        on_player = token_text == state.get("token") and activity in LIVE_ACTIVITIES
        offset_ms = max(offset_ms, 0) if on_player else int(state.get("offset_ms") or 0)
        return RunningSession(token, offset_ms, state, on_player)
    if memory_available(attributes):
        return None                               # we know of no session here (never, or stopped)
    token = SessionToken.parse(token_text)        # memory unavailable: trust Alexa's report alone
    if token is not None and activity in LIVE_ACTIVITIES:
        return RunningSession(token, offset_ms, {"token": token_text, "offset_ms": offset_ms})
    return None


def _mark_paused(handler_input: HandlerInput, session: RunningSession) -> None:
    """Pause its end-of-session timer (once) and remember it paused where it is; the audio is the
    caller's business."""
    if not session.paused:
        alerts.control_timer(handler_input, session.state.get("timer_id"), "pause")
    _save(handler_input, session, paused=True, offset_ms=session.offset_ms)


def _interrupted_session(handler_input: HandlerInput) -> Optional[RunningSession]:
    """The session this device's player was playing when they spoke, if it should carry on."""
    token_text, _offset_ms, activity = player_context(handler_input)
    if SessionToken.parse(token_text) is None or activity not in LIVE_ACTIVITIES:
        return None                 # the player is on no session of ours: no need to load memory
    session = running_session(handler_input)
    return session if session is not None and session.carries_on else None


def hold_for_conversation(handler_input: HandlerInput) -> str:
    """A conversation is starting (a remedy's steps, the welcome, help, a question back to them, a
    red flag's warning) while this device's session was playing: its audio stopped when they spoke
    and stays stopped while we talk, so pause it, end-of-session timer included, and "Alexa,
    resume" brings it back where it was. What to tell them, or "" if nothing was playing."""
    session = _interrupted_session(handler_input)
    if session is None:
        return ""
    _mark_paused(handler_input, session)
    conversation(handler_input)[HELD] = True
    return content(handler_input).session_say("held_for_conversation", name=session.name(handler_input))


def still_held(handler_input: HandlerInput) -> str:
    """When a conversation that paused this device's session ends ("stop", "cancel"), the session
    waits for "Alexa, resume", as we told them: what to remind them, or "" if this conversation
    paused none or it is no longer paused."""
    if not conversation(handler_input).get(HELD):
        return ""
    session = running_session(handler_input)
    if session is None or not session.paused:
        return ""
    return content(handler_input).session_say("still_held", name=session.name(handler_input))


def asking_back(handler_input: HandlerInput, speech: str) -> str:
    """`speech` (SSML-safe) for an answer that keeps the conversation open, led by the word that
    the session they interrupted now waits (hold_for_conversation)."""
    held = text(hold_for_conversation(handler_input))
    return " ".join(p for p in (held, speech) if p)


def _no_remedy_open(handler_input: HandlerInput) -> bool:
    return not conversation(handler_input).get("condition")


def _save(handler_input: HandlerInput, session: RunningSession, **changes: Any) -> None:
    session.state.update(changes)
    save_state(memory(handler_input), device_key(handler_input), session.state)


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


class SessionControls:
    """What each control does; the handlers below only decide when it applies."""

    def __init__(self, audio: AudioLibrary) -> None:
        self.audio = audio

    def resume(self, handler_input: HandlerInput, session: RunningSession, offset_ms: Optional[int] = None,
               resume_timer: bool = True):
        offset = session.offset_ms if offset_ms is None else offset_ms
        play(handler_input, self.audio.url_for(session.token.session_type, session.token.minutes),
             session.token, offset)
        if session.paused and resume_timer:
            alerts.control_timer(handler_input, session.state.get("timer_id"), "resume")
        _save(handler_input, session, paused=False, offset_ms=offset)

    def carry_on(self, handler_input: HandlerInput) -> str:
        """After a short answer that needs no reply (a question, "how many sessions this week"),
        the session the player was playing when they spoke plays on from where it stopped. What to
        say after the answer ("Back to your mat session."), or "" if nothing was playing or a
        remedy's steps are open (those keep the conversation)."""
        if conversation(handler_input).get("condition"):
            return ""
        session = _interrupted_session(handler_input)
        if session is None:
            return ""
        self.resume(handler_input, session)       # a response that plays ends the conversation
        return content(handler_input).session_say("back_to_session", name=session.name(handler_input))

    def pause(self, handler_input: HandlerInput, session: RunningSession) -> None:
        stop(handler_input)
        _mark_paused(handler_input, session)

    def start_over(self, handler_input: HandlerInput, session: RunningSession) -> None:
        alerts.control_timer(handler_input, session.state.get("timer_id"), "delete")
        timer_id = None
        if session.state.get("timer_id") and alerts.has_timer_permission(handler_input):
            timer_id = end_of_session_timer(handler_input, session.token.session_type,
                                            session.token.timeline.end_seconds)
        _save(handler_input, session, timer_id=timer_id)
        self.resume(handler_input, session, offset_ms=0, resume_timer=False)

    def extend(self, handler_input: HandlerInput, session: RunningSession, added_minutes: int) -> RunningSession:
        """The same run, longer: the longer render of the session plays on from the same place
        (the cues still ahead follow the new length), and its timer moves to the new end."""
        token = SessionToken(session.token.session_type, session.token.minutes + added_minutes,
                             session.token.run)
        longer = RunningSession(token, session.offset_ms, session.state, session.on_player)
        alerts.control_timer(handler_input, session.state.get("timer_id"), "delete")
        timer_id = None
        if session.state.get("timer_id") and alerts.has_timer_permission(handler_input):
            timer_id = end_of_session_timer(handler_input, token.session_type, longer.remaining_seconds)
        _save(handler_input, longer, token=str(token), timer_id=timer_id)
        self.resume(handler_input, longer, resume_timer=False)
        return longer

    def end(self, handler_input: HandlerInput, session: RunningSession) -> None:
        stop(handler_input, clear_queue=True)
        alerts.control_timer(handler_input, session.state.get("timer_id"), "delete")
        drop_state(memory(handler_input), device_key(handler_input))


class PauseSessionHandler(RoutedHandler):
    """ "Alexa, pause" (and "stop" while audio plays, which Alexa sends as PauseIntent)."""

    takes = intents("AMAZON.PauseIntent") | requests("PlaybackController.PauseCommandIssued")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        session = running_session(handler_input)
        if session is not None:
            self.controls.pause(handler_input, session)
        else:
            stop(handler_input)
        return handler_input.response_builder.response


class ResumeSessionHandler(RoutedHandler):
    takes = intents("AMAZON.ResumeIntent") | requests("PlaybackController.PlayCommandIssued")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

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
        added = min(max(1, round(asked)) if asked else self.MINUTES_WHEN_NOT_SAID,
                    kind.max_minutes - session.token.minutes)
        if kind.minutes_are_per_side or added <= 0:
            key = "release_keeps_its_time" if kind.minutes_are_per_side else "already_longest"
            if not session.paused:
                self.controls.resume(handler_input, session)        # it plays on as it was
            return reply(handler_input, text(content_.session_say(
                key, name=name, most=spoken_minutes(content_, kind.max_minutes))))
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
        return reply(handler_input, text(content_.session_say("time_left", name=name, remaining=remaining)))


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
