"""The timed session running on this device: where it is (`running_session`), and what any handler
can do with it (`SessionControls`: pause, resume, extend, start over, end). A conversation that
starts while it plays holds it paused (`hold_for_conversation`, `asking_back`); a short answer
lets it play on (`SessionControls.carry_on`).

A session whose time is up, or that has waited too long for "resume", is not running: it goes
to the history, finished or stopped (session_endings.py).

A heat session's timer runs on while it waits (heat_timer.py); what we say about a session, its
time left and the lines of one that waits, is in session_speech.py. The voice commands that
control it are in session_controls.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Collection, Dict, Optional

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput

from skill import alerts, clock, timer_session
from skill.audio.library import AudioLibrary
from skill.handlers import timer_only
from skill.handlers.conversation import SESSION_NOTE, STEP_NOTES, content, conversation, place_in_steps
from skill.handlers.heat_timer import HEAT, TIMER_ENDS_AT, heat_timer_left, timer_runs_while_paused
from skill.handlers.memory import LAST_SESSION, memory, memory_available
from skill.handlers.session_endings import (NOTED_AT, count_as_finished, forget_stopped,
                                           heat_off_owed, note_changes, noted_moment, waited_too_long)
from skill.handlers.session_speech import held_say, minutes_left, said_of
from skill.handlers.session_starter import end_of_session_timer
from skill.playback import SessionToken, device_key, play, player_context, save_state, state_of, stop
from skill.responses import text

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
    def timer_only(self) -> bool:
        """A session on a device without audio: an Alexa timer, its place kept by the clock."""
        return timer_session.is_timer_only(self.state)

    @property
    def carries_on(self) -> bool:
        """Whether it should go on after we answer something else: not paused, not over, and
        what the player was on when they spoke (not replaced by music since, say); a timer-only
        session goes on by itself."""
        return not self.paused and self.remaining_seconds > 0 and (self.on_player or self.timer_only)


def running_session(handler_input: HandlerInput) -> Optional[RunningSession]:
    """This device's unfinished session, from our saved state and Alexa's player report. One whose
    time is up (they spoke as the end bells rang) is finished: counted now, and None. One that has
    waited too long for "resume" is stopped: set aside now, and None."""
    session = _session_on_this_device(handler_input)
    if session is None:
        return None
    if session.remaining_seconds <= 0:
        count_as_finished(handler_input, session.token, session.state)
        heat_off_owed(handler_input, session.token.session_type, "finished")
        return None
    time_up = heat_time_up(handler_input, session)
    if time_up:                         # over everywhere: never resumed, the heat comes off
        forget_stopped(handler_input, session.token, session.state, session.offset_ms)
        heat_off_owed(handler_input, session.token.session_type, time_up)
        return None
    if memory_available(memory(handler_input)) and waited_too_long(handler_input, session.token, session.state):
        forget_stopped(handler_input, session.token, session.state, session.offset_ms)
        return None
    return session


class CountFinishedSessionInterceptor(AbstractRequestInterceptor):
    """Before any handler, a session whose time was up when they spoke or pressed a button (its
    end bells ringing) is counted as finished, so whatever they asked ("how many today", "did I
    finish") already sees it. Only when Alexa's report of the player says so: other requests pay
    nothing, and AudioPlayer events see to their own (PlaybackStopped writes without reading)."""

    SPOKEN_OR_PRESSED = ("IntentRequest", "LaunchRequest", "Connections.Response")

    def process(self, handler_input: HandlerInput) -> None:
        request_type = getattr(handler_input.request_envelope.request, "object_type", None) or ""
        if request_type not in self.SPOKEN_OR_PRESSED and not request_type.startswith("PlaybackController."):
            return
        token_text, offset_ms, activity = player_context(handler_input)
        token = SessionToken.parse(token_text)
        if token is not None and activity in LIVE_ACTIVITIES and offset_ms / 1000 >= token.timeline.end_seconds:
            running_session(handler_input)


def _session_on_this_device(handler_input: HandlerInput) -> Optional[RunningSession]:
    """This device's session that has not been counted as finished or stopped, wherever it is."""
    token_text, offset_ms, activity = player_context(handler_input)
    attributes = memory(handler_input)
    state = state_of(attributes, device_key(handler_input))
    if state is not None:
        token = SessionToken.parse(state.get("token"))
        if token is None:
            return None
        if timer_session.is_timer_only(state):          # no player: where it is, by the clock
            now = timer_session.request_time(handler_input)
            return RunningSession(token, timer_session.position_ms(state, now), state, on_player=False)
        if token_text == state.get("token") and activity == "FINISHED":       # its PlaybackFinished
            end_ms = int(token.timeline.total_seconds * 1000)                   # not counted yet
            return RunningSession(token, end_ms, state, on_player=False)
        on_player = token_text == state.get("token") and activity in LIVE_ACTIVITIES
        offset_ms = max(offset_ms, 0) if on_player else int(state.get("offset_ms") or 0)
        return RunningSession(token, offset_ms, state, on_player)
    if memory_available(attributes):
        return None                               # we know of no session here (never, or stopped)
    token = SessionToken.parse(token_text)        # memory unavailable: trust Alexa's report alone
    if token is not None and activity in LIVE_ACTIVITIES:
        return RunningSession(token, offset_ms, {"token": token_text, "offset_ms": offset_ms})
    return None


def noted_around_birth(handler_input: HandlerInput) -> Optional[str]:
    """Pregnancy or a new baby (conversation.STEP_NOTES) kept with this device's running session: with
    it (conversation.SESSION_NOTE), or with the remedy's steps it was started from ("last"), or None."""
    session = running_session(handler_input)
    if session is None:
        return None
    last = memory(handler_input).get("last")
    place = last.get("remedy") if isinstance(last, dict) and last.get("run") == session.token.run else None
    steps_note = next((n for n in STEP_NOTES if isinstance(place, dict) and place.get(n)), None)
    return session.state.get(SESSION_NOTE) or steps_note


def heat_session(handler_input: HandlerInput) -> Optional[RunningSession]:
    """This device's heat session, playing or held, if one has not finished: warnings and burns
    end it, so the heat does not stay on someone who should be getting help."""
    session = running_session(handler_input)
    return session if session is not None and session.token.session_type == HEAT else None


def heat_time_up(handler_input: HandlerInput, session: RunningSession) -> str:
    """Why a heat session that waits, paused, is over, or "": its timer, running on, has rung
    ("heat_time_up"); or, with no timer running on, it has waited longer than the time it had
    left ("finished"). The session's length is the time under heat we offered; away longer than
    its rest, any heat still on them has been on at least that long, and resuming would add more,
    on skin that may have been under a forgotten pad all along. So it is over, not resumable, and
    the heat comes off; a new session starts with its own skin check."""
    if not (session.paused and session.token.session_type == HEAT):
        return ""
    left = heat_timer_left(handler_input, session)
    if left is not None:
        return "heat_time_up" if left <= 0 else ""
    paused_at = noted_moment(session.state.get(NOTED_AT))
    if paused_at is None:
        return ""
    waited = (clock.now(handler_input) - paused_at).total_seconds()
    return "finished" if waited > max(session.remaining_seconds, 0) else ""


def _mark_paused(handler_input: HandlerInput, session: RunningSession) -> None:
    """Pause its end-of-session timer (once; a heat session's runs on, and when it will ring is
    noted) and remember it paused where it is; the audio is the caller's business."""
    changes: Dict[str, Any] = {}
    if not session.paused and not timer_runs_while_paused(session):
        alerts.control_timer(handler_input, session.state.get("timer_id"), "pause")
    elif not session.paused and session.state.get("timer_id"):
        rings = clock.now(handler_input) + timedelta(seconds=max(session.remaining_seconds, 0))
        changes[TIMER_ENDS_AT] = rings.isoformat()
    _save(handler_input, session, paused=True, offset_ms=session.offset_ms, **changes)
    if not changes:
        heat_off_owed(handler_input, session.token.session_type, "waits")         # no timer will tell them


def _interrupted_session(handler_input: HandlerInput) -> Optional[RunningSession]:
    """The session this device's player was playing when they spoke, if it should carry on."""
    token_text, _offset_ms, activity = player_context(handler_input)
    if SessionToken.parse(token_text) is None or activity not in LIVE_ACTIVITIES:
        return None                 # the player is on no session of ours: no need to load memory
    session = running_session(handler_input)
    return session if session is not None and session.carries_on else None


def hold_for_conversation(handler_input: HandlerInput, only: Optional[Collection[str]] = None) -> str:
    """A conversation is starting (a remedy's steps, the welcome, help, a question back to them, a
    red flag's warning) while this device's session was playing: its audio stopped when they spoke
    and stays stopped while we talk, so pause it, end-of-session timer included (not a heat
    session's: timer_runs_while_paused), and "Alexa, resume" brings it back where it was. What to tell them, or "" if nothing was playing (or,
    with `only`, nothing of those session types)."""
    session = _interrupted_session(handler_input)
    if session is None or (only is not None and session.token.session_type not in only):
        return ""
    _mark_paused(handler_input, session)
    conversation(handler_input)[HELD] = True
    return held_say(handler_input, session, "held_for_conversation")


def still_held(handler_input: HandlerInput) -> str:
    """When a conversation that paused this device's session ends ("stop", "cancel"), the session
    waits for "Alexa, resume", as we told them: what to remind them, or "" if this conversation
    paused none or it is no longer paused."""
    if not conversation(handler_input).get(HELD):
        return ""
    session = running_session(handler_input)
    if session is None or not session.paused:
        return ""
    return held_say(handler_input, session, "still_held")


def paused_here(handler_input: HandlerInput) -> Optional[RunningSession]:
    """This device's session if it waits, paused, with time left: they paused it ("pause", "I
    need the loo"), or a conversation did."""
    session = running_session(handler_input)
    return session if session is not None and session.paused and session.remaining_seconds > 0 else None


def still_waiting(handler_input: HandlerInput) -> str:
    """At goodbye: a session that waits for "Alexa, resume", whether this conversation paused it
    (still_held) or they did themselves, is not left behind without a word. What to remind them,
    or ""."""
    held = still_held(handler_input)
    if held:
        return held
    session = paused_here(handler_input)
    if session is None:
        return ""
    if heat_timer_left(handler_input, session) is not None:      # the pause button, under heat
        return held_say(handler_input, session, "still_held")
    return said_of(handler_input, session, "still_paused", name=session.name(handler_input),
                   remaining=minutes_left(handler_input, session))


def asking_back(handler_input: HandlerInput, speech: str) -> str:
    """`speech` (SSML-safe) for an answer that keeps the conversation open, led by the word that
    the session they interrupted now waits (hold_for_conversation)."""
    held = text(hold_for_conversation(handler_input))
    return " ".join(p for p in (held, speech) if p)


def _timer_anew(handler_input: HandlerInput, session: RunningSession, seconds: float) -> Optional[str]:
    """Its end-of-session timer deleted, and, if it had one, a new one for `seconds`: its id."""
    alerts.control_timer(handler_input, session.state.get("timer_id"), "delete")
    if session.state.get("timer_id") and alerts.has_timer_permission(handler_input):
        return end_of_session_timer(handler_input, session.token.session_type, seconds)
    return None


def _save(handler_input: HandlerInput, session: RunningSession, **changes: Any) -> None:
    note_changes(handler_input, session.state, changes)
    save_state(memory(handler_input), device_key(handler_input), session.state)


class SessionControls:
    """What each control does; the handlers (session_controls.py and others) decide when."""

    def __init__(self, audio: AudioLibrary) -> None:
        self.audio = audio

    def resume(self, handler_input: HandlerInput, session: RunningSession, offset_ms: Optional[int] = None,
               resume_timer: bool = True) -> bool:
        """Play it on from where it is (or `offset_ms`). A timer-only session has nothing to play:
        a paused one's timer runs again. False when that timer could not be run again."""
        offset = session.offset_ms if offset_ms is None else offset_ms
        if session.timer_only:
            return timer_only.resume(handler_input, session, offset)
        token = session.token
        url = self.audio.url_for(token.session_type, token.minutes, without_halfway=token.without_halfway)
        play(handler_input, url, token, offset)
        changes: Dict[str, Any] = {}
        if session.paused and resume_timer and timer_runs_while_paused(session):
            # Its timer ran on (or has rung) while it waited: set anew for the time left.
            changes["timer_id"] = _timer_anew(handler_input, session, token.timeline.end_seconds - offset / 1000)
        elif session.paused and resume_timer:
            alerts.control_timer(handler_input, session.state.get("timer_id"), "resume")
        session.state.pop(TIMER_ENDS_AT, None)          # its timer runs with the audio again
        _save(handler_input, session, paused=False, offset_ms=offset, **changes)
        steps, noted = place_in_steps(handler_input), memory(handler_input).get(LAST_SESSION)
        if steps is not None and isinstance(noted, dict) and noted.get("run") == token.run:
            # The remedy's steps it waited behind end with this response (it plays): "next" after
            # it carries on with them, as after a session started from them.
            memory(handler_input)["last"] = {**noted, "remedy": steps}
        return True

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

    def carry_on_held(self, handler_input: HandlerInput) -> str:
        """After "no" to a question that paused their session to ask it ("would you like 30
        minutes?" for a second session), nothing replaces it: it plays on from where it waited.
        What to say ("Back to your mat session."), or "" if this conversation paused none."""
        if not conversation(handler_input).get(HELD):
            return ""
        session = running_session(handler_input)
        if session is None or not session.paused or session.remaining_seconds <= 0:
            return ""
        conversation(handler_input).pop(HELD, None)
        self.resume(handler_input, session)       # a response that plays ends the conversation
        return content(handler_input).session_say("back_to_session", name=session.name(handler_input))

    def pause(self, handler_input: HandlerInput, session: RunningSession) -> bool:
        """It waits where it is, its timer too. A timer-only session waits only if its timer
        does: False when that timer could not be paused (it then runs on, as before)."""
        if not session.timer_only:
            stop(handler_input)
            _mark_paused(handler_input, session)
            return True
        return timer_only.pause(handler_input, session)

    def start_over(self, handler_input: HandlerInput, session: RunningSession) -> bool:
        """From the beginning, on the full render: a lengthened session that left out its halfway
        cue (extend) has it again, since the first half is heard afresh. A timer-only session's
        timer starts again from the whole length: False when it could not be set."""
        token = session.token.from_the_start()
        again = RunningSession(token, 0, session.state, session.on_player)
        if session.timer_only:
            return timer_only.start_over(handler_input, again, token)
        timer_id = _timer_anew(handler_input, session, token.timeline.end_seconds)
        _save(handler_input, again, token=str(token), timer_id=timer_id)
        self.resume(handler_input, again, offset_ms=0, resume_timer=False)
        return True

    def extend(self, handler_input: HandlerInput, session: RunningSession, added_minutes: int) -> RunningSession:
        """The same run, longer: see resize."""
        return self.resize(handler_input, session, session.token.minutes + added_minutes)

    def resize(self, handler_input: HandlerInput, session: RunningSession, minutes: int) -> RunningSession:
        """The same run at a new length: the longer or shorter render of the session plays on from
        the same place (the cues still ahead follow the new length, but a halfway cue that has rung
        does not ring again: SessionToken.resized), and its timer moves to the new end. A paused
        session (they are up, or talking) stays paused, its timer too, until "resume". The new
        end must be after where it is (the caller checks)."""
        token = session.token.resized(minutes, session.offset_ms)
        resized = RunningSession(token, session.offset_ms, session.state, session.on_player)
        timer_id = _timer_anew(handler_input, session, resized.remaining_seconds)
        _save(handler_input, resized, token=str(token), timer_id=timer_id)
        last = memory(handler_input).get("last")
        if isinstance(last, dict) and last.get("kind") == "session" and last.get("type") == token.session_type:
            memory(handler_input)["last"] = {**last, "minutes": token.minutes}    # "same as last time"
        _note_on_last_session(handler_input, token.run, minutes=token.minutes)
        if session.paused and (session.timer_only or not timer_runs_while_paused(session)):
            alerts.control_timer(handler_input, timer_id, "pause")      # it waits with the session
        else:
            self.resume(handler_input, resized, resume_timer=False)
        return resized

    def end(self, handler_input: HandlerInput, session: RunningSession) -> bool:
        """Stopped before its end: the audio and its timer, and noted as stopped after so long.
        False when a timer-only session's timer could not be cancelled (it would still ring)."""
        stop(handler_input, clear_queue=True)
        timer_id = session.state.get("timer_id")
        cancelled = alerts.control_timer(handler_input, timer_id, "delete") or not timer_id
        forget_stopped(handler_input, session.token, {**session.state, "timer_id": None},    # "did I finish?"
                       session.offset_ms)
        return cancelled or not session.timer_only


STOPPED_FOR = "stopped_for"     # memory LAST_SESSION: why it was ended, when it was for their sake


def note_stopped_for(handler_input: HandlerInput, session: RunningSession, why: str) -> None:
    """Notes why this session was ended ("sleep": they were going to sleep): "how much time is
    left" then says only that none is running, inviting them to no session by name
    (session_info._stopped_lately_said)."""
    _note_on_last_session(handler_input, session.token.run, **{STOPPED_FOR: why})


def _note_on_last_session(handler_input: HandlerInput, run: str, **changes: Any) -> None:
    """The last session they started (memory.LAST_SESSION), if it is this run, with `changes`."""
    noted = memory(handler_input).get(LAST_SESSION)
    if isinstance(noted, dict) and noted.get("run") == run:
        memory(handler_input)[LAST_SESSION] = {**noted, **changes}
