"""How a session on this device leaves it for the history: finished, or set aside as stopped.

A session whose time is up (its end bells have begun) is finished, whatever brought us the news:
Alexa's PlaybackFinished after the bells' last seconds, or anything said or pressed while they
ring. Either way `count_as_finished` adds it to the history once and forgets the device's session,
so the other finds nothing left to count. A session left waiting too long (`WAITS_AT_MOST`) is
set aside as stopped early: "did I finish" then says so, with no "say resume", and a new session
does not "stop" it.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill import alerts, clock, history
from skill.handlers.conversation import content
from skill.handlers.memory import LAST_SESSION, memory, memory_available
from skill.playback import NOT_KEPT, STARTED_BY, SessionToken, device_key, drop_state
from skill.responses import text

log = logging.getLogger("skill.session_endings")

# A question about the time just after the end bells is about the session that just ended.
JUST_FINISHED_S = 15 * 60

# How long a paused session waits for "Alexa, resume". A break for the loo, the door, a phone
# call, a meal or a nap fits well within three hours; after that the muscles have cooled and the
# pain has moved on, so taking it up again is a new session, with its own intro (and for heat, its
# own skin check), not the rest of one started yesterday. A session that was playing when we last
# heard of it waits as long after the time its audio would have ended.
WAITS_AT_MOST = timedelta(hours=3)


def count_as_finished(handler_input: HandlerInput, token: SessionToken, state: Dict[str, Any]) -> None:
    """The session played to its end: into the history (streaks, "this week") of whoever started
    it, unless they asked for it not to be kept, and the device's session is forgotten, so it is
    counted once. Without memory we cannot tell whose it was, and record nothing."""
    attributes = memory(handler_input)
    if not memory_available(attributes):
        return
    if state.get(NOT_KEPT):
        history.forget_noted_run(attributes, token.run)
        log.info("session finished, not kept: %s", token.session_type)
    else:
        entry = {"type": token.session_type, "minutes": token.minutes,
                 "finished_at": clock.now(handler_input).isoformat()}
        attributes.add_history_of(state.get(STARTED_BY), entry)
        log.info("session finished: %s", token.session_type)
    drop_state(attributes, device_key(handler_input))
    heat_off_owed(handler_input, token.session_type, "finished")


def just_finished_type(handler_input: HandlerInput) -> Optional[str]:
    """The kind of session this person finished in the last few minutes, or None."""
    attributes = memory(handler_input)
    last = history.last_finished(attributes) if memory_available(attributes) else None
    if last is None:
        return None
    ago = (clock.now(handler_input) - history.finished_at(last)).total_seconds()
    if 0 <= ago <= JUST_FINISHED_S and last.get("type") in content(handler_input).sessions:
        return last["type"]
    return None


def just_finished(handler_input: HandlerInput) -> str:
    """ "Your acupressure mat session is finished." when this person finished one in the last few
    minutes ("how much time is left", "five more minutes" just after the end bells are about
    it); "" otherwise."""
    finished = just_finished_type(handler_input)
    if finished is None:
        return ""
    content_ = content(handler_input)
    return text(content_.session_say("time_left_finished", name=content_.sessions[finished].name))


# Request note: a heat session ended or waits this turn, so they must hear to take the heat off:
# "finished" (its time ran out), "heat_time_up" (its timer rang while it waited), "ended"
# (stopped before its end, or replaced), "waits" (paused, no timer to tell them). Said by
# heat_off.TakeTheHeatOffInterceptor, which adds it to whatever the answer is.
HEAT_OFF_OWED = "heat_off_owed"
_OUTWEIGHS = {"waits": 1, "ended": 2, "finished": 3, "heat_time_up": 3}


def heat_off_owed(handler_input: HandlerInput, session_type: str, why: str) -> None:
    """Notes, for this response, that a session of `session_type` `why`; only heat's matters. An
    end outweighs a wait, and its time being up outweighs a plain end (it says why)."""
    if session_type != "heat":
        return
    notes = handler_input.attributes_manager.request_attributes
    if _OUTWEIGHS[why] > _OUTWEIGHS.get(notes.get(HEAT_OFF_OWED), 0):
        notes[HEAT_OFF_OWED] = why


NOTED_AT = "noted_at"       # device state: when we last saved it (its offset was true then)


def note_changes(handler_input: HandlerInput, state: Dict[str, Any], changes: Dict[str, Any]) -> None:
    """Apply `changes` to the device's session state, noting when it was last heard of (for
    `waited_too_long` and heat's waiting): now, unless it waited paused and still does. A paused
    session waits from its pause, however often they ask about it or add time meanwhile."""
    still_waiting = state.get("paused") and changes.get("paused", True) and state.get(NOTED_AT)
    state.update(changes)
    if not still_waiting:
        state[NOTED_AT] = clock.now(handler_input).isoformat()


def noted_moment(value: Any) -> Optional[datetime]:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.utcoffset() is not None else None


def waited_too_long(handler_input: HandlerInput, token: SessionToken, state: Dict[str, Any]) -> bool:
    """Whether the session has waited longer than WAITS_AT_MOST since it was last heard: since it
    was paused, or, if it was playing when we last saved it, since its audio would have ended.
    A state from before these notes counts from its start."""
    noted = noted_moment(state.get(NOTED_AT)) or noted_moment(state.get("started_at"))
    if noted is None:
        return False
    last_heard = noted if state.get("paused") else noted + timedelta(seconds=token.timeline.total_seconds)
    return clock.now(handler_input) - last_heard > WAITS_AT_MOST


def forget_stopped(handler_input: HandlerInput, token: SessionToken, state: Dict[str, Any], offset_ms: int) -> None:
    """The session is over before its end: its timer goes, the device forgets it, and "did I
    finish" will say how far it got, and when it stopped (its pause, if it waited paused; else
    now): a session started at 11:58 pm and stopped at 12:02 was stopped today, not yesterday.
    One they asked not to keep ("don't save this session") leaves nothing: what memory noted of it
    at its start goes, as at its end (count_as_finished), so "did I finish", "same as last time"
    and the welcome never bring it up (leftovers48: its stopped-after note stayed)."""
    alerts.control_timer(handler_input, state.get("timer_id"), "delete")
    heat_off_owed(handler_input, token.session_type, "ended")
    attributes = memory(handler_input)
    drop_state(attributes, device_key(handler_input))
    if state.get(NOT_KEPT):
        history.forget_noted_run(attributes, token.run)
        return
    paused_at = state.get(NOTED_AT) if state.get("paused") else None
    stopped_at = paused_at if noted_moment(paused_at) else clock.now(handler_input).isoformat()
    for key in ("last", LAST_SESSION):     # what they did last; the last session they started
        noted = attributes.get(key)
        if isinstance(noted, dict) and noted.get("run") == token.run:
            attributes[key] = {**noted, "stopped_after_s": int(offset_ms / 1000), "stopped_at": stopped_at}
