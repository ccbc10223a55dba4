"""A timed session on a device that cannot play audio: an Alexa timer is all there is of it.

No AudioPlayer event ever says where such a session is or that it finished, so its place comes
from the clock. Its state is a device's session state like any other (playback.<device>, naming
who started it), marked TIMER_ONLY, with the moment its position 0 was (RUNS_FROM: the timeline's
lead-in before it started), or, while paused, the position it stopped at (offset_ms). Once its time
has passed it is finished, as a session that played to its end: `settle` adds it to the history
of whoever started it, the first time anything reads the memory after that (handlers/memory.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill import clock, history
from skill.playback import NOT_KEPT, STARTED_BY, SessionToken, device_key, drop_state

TIMER_ONLY = "timer_only"
RUNS_FROM = "runs_from"


def request_time(handler_input: HandlerInput) -> datetime:
    """Now, for this request (skill/clock.py: the moment Alexa stamped on it)."""
    return clock.now(handler_input)


def is_timer_only(state: Optional[Dict[str, Any]]) -> bool:
    return isinstance(state, dict) and bool(state.get(TIMER_ONLY))


def _moment(value: Any) -> Optional[datetime]:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def position_ms(state: Dict[str, Any], now: datetime) -> int:
    """Where on its timeline the session is now: where it stopped when paused, else by the clock."""
    runs_from = _moment(state.get(RUNS_FROM))
    if state.get("paused") or runs_from is None:
        return int(state.get("offset_ms") or 0)
    return max(0, int((now - runs_from).total_seconds() * 1000))


def running_from(offset_ms: int, now: datetime) -> Dict[str, Any]:
    """The state's changes for a session that runs on from `offset_ms` now."""
    return {"paused": False, "offset_ms": int(offset_ms),
            RUNS_FROM: (now - timedelta(milliseconds=offset_ms)).isoformat()}


def new_state(token: SessionToken, timer_id: Optional[str], now: datetime) -> Dict[str, Any]:
    """A session starting now: its timer is set for the session itself, so its position starts
    after the timeline's lead-in (the time left is then the timer's)."""
    return {"token": str(token), TIMER_ONLY: True, "timer_id": timer_id, "started_at": now.isoformat(),
            **running_from(int(token.timeline.start_seconds * 1000), now)}


def ends_at(state: Dict[str, Any], token: SessionToken) -> Optional[datetime]:
    """When a running session's time is up; None while it is paused."""
    runs_from = _moment(state.get(RUNS_FROM))
    if state.get("paused") or runs_from is None:
        return None
    return runs_from + timedelta(seconds=token.timeline.end_seconds)


def settle(handler_input: HandlerInput, attributes: Dict[str, Any]) -> None:
    """This device's timer-only session, if its time is up: finished, in the history of whoever
    started it (as PlaybackFinished records an audio session), and no longer running."""
    key = device_key(handler_input)
    state = attributes.get(key)
    if not is_timer_only(state) or not hasattr(attributes, "add_history_of"):
        return
    token = SessionToken.parse(state.get("token"))
    end = ends_at(state, token) if token is not None else None
    if end is None or request_time(handler_input) < end:
        return
    if state.get(NOT_KEPT):                     # "don't save this session": not written, not "last"
        history.forget_noted_run(attributes, token.run)
    else:
        attributes.add_history_of(state.get(STARTED_BY), {"type": token.session_type, "minutes": token.minutes,
                                                          "finished_at": end.astimezone(timezone.utc).isoformat()})
    drop_state(attributes, key)
