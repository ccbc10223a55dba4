"""The state of a timed session on one device, and the AudioPlayer directives that drive it.

AudioPlayer events carry no session and no voice profile, so a session's state lives in the
account's persistent attributes under a key per device (the store keeps only a keyed hash of the
device id), where every request from that device finds it. The state names the recognised speaker
who started it (STARTED_BY), whose history the finished session joins. Alexa's own view of the
player (context.AudioPlayer: token, offset) is preferred whenever the token is ours.
"""
from __future__ import annotations

import uuid
from functools import lru_cache
from dataclasses import dataclass, replace
from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.audioplayer import (AudioItem, AudioItemMetadata, ClearBehavior,
                                                  ClearQueueDirective, PlayBehavior, PlayDirective,
                                                  StopDirective, Stream)

from skill.audio.timeline import Timeline, build_timeline
from skill.store.attributes import DEVICE_KEY_PREFIX, STOPPED_RECORD
from skill.store.attributes import SPEAKER_FIELD as STARTED_BY  # noqa: F401 - re-exported for handlers

# Device state note: they asked for this session not to be kept ("don't save this session"): its
# end is not written to the history (session_endings.count_as_finished, timer_session.settle).
NOT_KEPT = "not_kept"

TOKEN_PREFIX = "backrelief"
NO_HALFWAY = "no-halfway"   # a fifth part of the token: its audio leaves the halfway cue out


@dataclass(frozen=True)
class SessionToken:
    """An AudioPlayer token naming the session type, its minutes, and this run of it; and whether
    its audio is the render without the halfway cue, played once that cue has rung in this run.
    "backrelief:mat:10:<run>", or "backrelief:mat:15:<run>:no-halfway"."""

    session_type: str
    minutes: int
    run: str
    without_halfway: bool = False

    def __str__(self) -> str:
        text = f"{TOKEN_PREFIX}:{self.session_type}:{self.minutes}:{self.run}"
        return f"{text}:{NO_HALFWAY}" if self.without_halfway else text

    @classmethod
    def new(cls, session_type: str, minutes: int) -> "SessionToken":
        return cls(session_type, minutes, uuid.uuid4().hex[:12])

    @classmethod
    def parse(cls, token: Optional[str]) -> Optional["SessionToken"]:
        return _parsed(token)

    @classmethod
    def _parse(cls, token: Optional[str]) -> Optional["SessionToken"]:
        parts = (token or "").split(":")
        if len(parts) not in (4, 5) or parts[0] != TOKEN_PREFIX or not parts[2].isdigit():
            return None
        without_halfway = len(parts) == 5
        if without_halfway and parts[4] != NO_HALFWAY:
            return None
        try:
            build_timeline(parts[1], int(parts[2]), without_halfway=without_halfway)
        except (KeyError, ValueError):
            return None
        return cls(parts[1], int(parts[2]), parts[3], without_halfway)

    @property
    def timeline(self) -> Timeline:
        return build_timeline(self.session_type, self.minutes, without_halfway=self.without_halfway)

    def lengthened(self, added_minutes: int, offset_ms: int) -> "SessionToken":
        """The same run, longer, playing on from `offset_ms`: once its halfway cue has rung, the
        longer audio is the render without one (its own halfway would be a second)."""
        return self.resized(self.minutes + added_minutes, offset_ms)

    def resized(self, minutes: int, offset_ms: int) -> "SessionToken":
        """The same run at a new length, longer or shorter, playing on from `offset_ms`: once its
        halfway cue has rung, the audio is the render without one (its own would be a second)."""
        rung = self.without_halfway or self.timeline.halfway_rung_by(offset_ms / 1000)
        return replace(self, minutes=minutes, without_halfway=rung)

    def from_the_start(self) -> "SessionToken":
        """The same run heard again from the beginning: the full render, halfway cue and all."""
        return replace(self, without_halfway=False)


def device_key(handler_input: HandlerInput) -> str:
    device = handler_input.request_envelope.context.system.device
    device_id = getattr(device, "device_id", None) or "unknown-device"
    return DEVICE_KEY_PREFIX + device_id


@lru_cache(maxsize=1024)
def _parsed(token: Optional[str]) -> Optional[SessionToken]:
    """SessionToken.parse, once per token: every request of a session carries its token (the
    player's report), and most read it more than once. Tokens are immutable."""
    return SessionToken._parse(token)


def player_context(handler_input: HandlerInput):
    """Alexa's report of this device's player: (token, offset ms, activity) or (None, 0, None)."""
    player = handler_input.request_envelope.context.audio_player
    if player is None:
        return None, 0, None
    activity = getattr(player.player_activity, "value", player.player_activity)
    return player.token, int(player.offset_in_milliseconds or 0), activity


def supports_audio(handler_input: HandlerInput) -> bool:
    device = handler_input.request_envelope.context.system.device
    interfaces = getattr(device, "supported_interfaces", None)
    return bool(interfaces and interfaces.audio_player is not None)


def play(handler_input: HandlerInput, url: str, token: SessionToken, offset_ms: int = 0,
         title: str = "") -> None:
    """Play the session's audio; in a conversation, a response that plays audio ends the session.
    Never to a device without AudioPlayer: Alexa rejects the whole response."""
    if not supports_audio(handler_input):
        return
    if handler_input.request_envelope.session is not None:
        handler_input.response_builder.set_should_end_session(True)
    handler_input.response_builder.add_directive(PlayDirective(
        play_behavior=PlayBehavior.REPLACE_ALL,
        audio_item=AudioItem(stream=Stream(token=str(token), url=url, offset_in_milliseconds=int(offset_ms)),
                             metadata=AudioItemMetadata(title=title, subtitle="Back Relief") if title else None)))


def stop(handler_input: HandlerInput, clear_queue: bool = False) -> None:
    """Stop the audio (and clear what is queued); a device without AudioPlayer has none, and
    Alexa rejects a response that sends it an AudioPlayer directive."""
    if not supports_audio(handler_input):
        return
    handler_input.response_builder.add_directive(StopDirective())
    if clear_queue:
        handler_input.response_builder.add_directive(ClearQueueDirective(clear_behavior=ClearBehavior.CLEAR_ALL))


def stopped_key(key: str) -> str:
    """Where PlaybackStopped notes the place for the device whose state is at `key`: a record of
    its own, {"run": SessionToken.run, "offset_ms": ...}, written without reading anything (one
    round trip) and laid over the state by `state_of` when the runs match. It holds no token,
    session type or speaker: alone it says nothing about anyone."""
    return key + STOPPED_RECORD


def state_of(attributes: Dict[str, Any], key: str) -> Optional[Dict[str, Any]]:
    """This device's saved session state, with the place its audio last stopped at when that was
    this run's (see stopped_key)."""
    state = attributes.get(key)
    if not isinstance(state, dict):
        return None
    state = dict(state)
    stopped = _stop_record_of_this_run(attributes, key, state)
    if stopped is not None and isinstance(stopped.get("offset_ms"), int):
        state["offset_ms"] = stopped["offset_ms"]
    return state


def save_state(attributes: Dict[str, Any], key: str, state: Dict[str, Any]) -> None:
    """Save the device's session state. A stop record of the same run is brought in step with it
    (same statement: an upsert of both rows), or it would undo a start-over or a resume point."""
    attributes[key] = state
    stopped = _stop_record_of_this_run(attributes, key, state)
    if stopped is not None:
        attributes[stopped_key(key)] = {**stopped, "offset_ms": state.get("offset_ms", 0)}


def _stop_record_of_this_run(attributes: Dict[str, Any], key: str, state: Dict[str, Any]
                             ) -> Optional[Dict[str, Any]]:
    stopped = attributes.get(stopped_key(key))
    token = SessionToken.parse(state.get("token"))
    if isinstance(stopped, dict) and token is not None and stopped.get("run") == token.run:
        return stopped
    return None


def drop_state(attributes: Dict[str, Any], key: str) -> None:
    """Forget the device's session: its state and where it stopped."""
    attributes.pop(key, None)
    attributes.pop(stopped_key(key), None)
