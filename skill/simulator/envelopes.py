"""Request envelopes shaped as the Alexa developer console shows them.

One factory builds every kind of request the skill receives, so tests, the simulator and the
benchmarks all speak the same dialect as Alexa. It keeps a conversation's session (id, attributes,
`new`) and the device's AudioPlayer state between calls, the way Alexa does.
"""
from __future__ import annotations

import base64
import copy
import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Mapping, Optional

DEFAULT_SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-back0relief0"
API_ENDPOINT = "https://api.amazonalexa.com"

DEVICE_PROFILES: Dict[str, Dict[str, Any]] = {
    # An Echo speaker: plays long-form audio.
    "speaker": {"AudioPlayer": {}},
    # An Echo Show: audio plus a screen.
    "screen": {"AudioPlayer": {}, "Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}},
    # Some third-party devices and the phone app: no AudioPlayer.
    "no-audio": {},
}


def _opaque_id() -> str:
    """The random part of an account or device id, as long as Alexa's (about 200 characters)."""
    return base64.b32encode(os.urandom(115)).decode().rstrip("=")


def _new_id(kind: str) -> str:
    return f"amzn1.echo-api.{kind}.{uuid.uuid4()}"


def wall_clock() -> datetime:
    """The real time: what a factory without its own clock stamps (tests may put theirs here)."""
    return datetime.now(timezone.utc)


def iso_now(clock: Callable[[], datetime]) -> str:
    return clock().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Slot:
    """A slot as the user filled it. `resolved` is the canonical (id, name) for custom types,
    `None` for a custom value that did not resolve, and unused for built-in types."""

    value: Optional[str]
    slot_type: Optional[str] = None            # custom type name, e.g. "BODY_AREA"
    resolved: Optional[tuple] = None           # (id, name) when ER_SUCCESS_MATCH
    builtin: bool = False                      # AMAZON.* types carry no resolutions

    def to_json(self, name: str, skill_id: str) -> Dict[str, Any]:
        slot: Dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
        if self.value is None:
            return slot
        slot["value"] = self.value
        slot["source"] = "USER"
        simple: Dict[str, Any] = {"type": "Simple", "value": self.value}
        if not self.builtin and self.slot_type:
            authority = {
                "authority": f"amzn1.er-authority.echo-sdk.{skill_id}.{self.slot_type}",
                "status": {"code": "ER_SUCCESS_MATCH" if self.resolved else "ER_SUCCESS_NO_MATCH"},
            }
            if self.resolved:
                value_id, value_name = self.resolved
                authority["values"] = [{"value": {"name": value_name, "id": value_id}}]
            resolutions = {"resolutionsPerAuthority": [authority]}
            slot["resolutions"] = resolutions
            simple["resolutions"] = resolutions
        slot["slotValue"] = simple
        return slot


@dataclass
class AudioPlayerState:
    token: Optional[str] = None
    offset_ms: int = 0
    activity: str = "IDLE"

    def to_json(self) -> Dict[str, Any]:
        state: Dict[str, Any] = {"playerActivity": self.activity}
        if self.token:
            state["token"] = self.token
            state["offsetInMilliseconds"] = int(self.offset_ms)
        return state


@dataclass
class EnvelopeFactory:
    """Builds envelopes for one user on one device, remembering the open session."""

    skill_id: str = DEFAULT_SKILL_ID
    locale: str = "en-US"
    device: str = "speaker"
    user_id: str = field(default_factory=lambda: f"amzn1.ask.account.{_opaque_id()}")
    device_id: str = field(default_factory=lambda: f"amzn1.ask.device.{_opaque_id()}")
    person_id: Optional[str] = None
    # Alexa's documentation does not say whether requests nobody spoke (AudioPlayer events, button
    # presses) carry the speaker's `person`; we assume not, and this makes them carry it anyway.
    person_on_unspoken_requests: bool = False
    consent_token: Optional[str] = None        # set when the user granted a permission
    # Which permissions, as Alexa lists them beside the token (scope -> GRANTED or DENIED); None
    # sends the token alone.
    permission_scopes: Optional[Dict[str, str]] = None
    clock: Callable[[], datetime] = field(default_factory=lambda: wall_clock)
    audio: AudioPlayerState = field(default_factory=AudioPlayerState)
    session_id: Optional[str] = None
    session_attributes: Dict[str, Any] = field(default_factory=dict)
    session_new: bool = True

    # -- conversation state ------------------------------------------------------------------
    def new_session(self) -> None:
        self.session_id = None
        self.session_attributes = {}
        self.session_new = True

    def remember(self, response: Mapping[str, Any]) -> None:
        """Update session and AudioPlayer state from a skill response, as Alexa would."""
        body = response.get("response") or {}
        self.session_attributes = copy.deepcopy(response.get("sessionAttributes") or {})
        for directive in body.get("directives") or []:
            kind = directive.get("type")
            if kind == "AudioPlayer.Play":
                stream = directive["audioItem"]["stream"]
                self.audio = AudioPlayerState(stream["token"], stream.get("offsetInMilliseconds", 0), "PLAYING")
            elif kind == "AudioPlayer.Stop":
                self.audio.activity = "STOPPED"
            elif kind == "AudioPlayer.ClearQueue" and directive.get("clearBehavior") == "CLEAR_ALL":
                self.audio.activity = "STOPPED"
        if body.get("shouldEndSession") is not False:
            # Alexa ends the session unless the response explicitly keeps it open.
            self.new_session()

    # -- building blocks ---------------------------------------------------------------------
    def _system(self, spoken: bool = True) -> Dict[str, Any]:
        """context.System. Alexa recognises a speaker by their voice, so `person` is only on requests
        someone spoke: AudioPlayer events, button presses and skill events carry the account alone
        (unless `person_on_unspoken_requests`)."""
        system: Dict[str, Any] = {
            "application": {"applicationId": self.skill_id},
            "user": {"userId": self.user_id},
            "device": {
                "deviceId": self.device_id,
                "supportedInterfaces": copy.deepcopy(DEVICE_PROFILES[self.device]),
            },
            "apiEndpoint": API_ENDPOINT,
            "apiAccessToken": "test-api-access-token",
        }
        if self.consent_token:
            system["user"]["permissions"] = {"consentToken": self.consent_token}
            if self.permission_scopes:
                system["user"]["permissions"]["scopes"] = {
                    scope: {"status": status} for scope, status in self.permission_scopes.items()}
        if self.person_id and (spoken or self.person_on_unspoken_requests):
            system["person"] = {"personId": self.person_id, "accessToken": "test-person-token"}
        return system

    def _context(self, spoken: bool = True) -> Dict[str, Any]:
        context: Dict[str, Any] = {"System": self._system(spoken)}
        if "AudioPlayer" in DEVICE_PROFILES[self.device]:
            context["AudioPlayer"] = self.audio.to_json()
        if self.device == "screen":
            context["Viewport"] = {
                "experiences": [{"arcMinuteWidth": 246, "arcMinuteHeight": 144, "canRotate": False,
                                 "canResize": False}],
                "shape": "RECTANGLE", "pixelWidth": 1024, "pixelHeight": 600, "dpi": 160,
                "currentPixelWidth": 1024, "currentPixelHeight": 600, "touch": ["SINGLE"],
            }
        return context

    def _base_request(self, kind: str, **extra: Any) -> Dict[str, Any]:
        request = {"type": kind, "requestId": _new_id("request"), "locale": self.locale,
                   "timestamp": iso_now(self.clock)}
        request.update(extra)
        return request

    def _in_session(self, request: Dict[str, Any]) -> Dict[str, Any]:
        if self.session_id is None:
            self.session_id = _new_id("session")
            self.session_new = True
        envelope = {
            "version": "1.0",
            "session": {
                "new": self.session_new,
                "sessionId": self.session_id,
                "application": {"applicationId": self.skill_id},
                "attributes": copy.deepcopy(self.session_attributes),
                "user": self._system()["user"],
            },
            "context": self._context(),
            "request": request,
        }
        self.session_new = False
        return envelope

    def _out_of_session(self, request: Dict[str, Any]) -> Dict[str, Any]:
        """A request outside any conversation: nobody spoke it (see `_system`)."""
        return {"version": "1.0", "context": self._context(spoken=False), "request": request}

    # -- requests ----------------------------------------------------------------------------
    def launch(self) -> Dict[str, Any]:
        self.new_session()
        return self._in_session(self._base_request("LaunchRequest", shouldLinkResultBeReturned=False))

    def intent(self, name: str, slots: Optional[Mapping[str, Optional[Slot]]] = None,
               *, new_session: bool = False) -> Dict[str, Any]:
        """An IntentRequest. `new_session=True` makes it a one-shot ("ask back relief ...")."""
        if new_session:
            self.new_session()
        slot_json = {n: (s or Slot(None)).to_json(n, self.skill_id) for n, s in (slots or {}).items()}
        intent: Dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
        if slot_json:
            intent["slots"] = slot_json
        return self._in_session(self._base_request("IntentRequest", intent=intent))

    def session_ended(self, reason: str = "USER_INITIATED", error: Optional[Dict[str, str]] = None
                      ) -> Dict[str, Any]:
        extra: Dict[str, Any] = {"reason": reason}
        if error:
            extra["error"] = error
        envelope = self._in_session(self._base_request("SessionEndedRequest", **extra))
        self.new_session()
        return envelope

    def audio_event(self, kind: str, offset_ms: Optional[int] = None, token: Optional[str] = None,
                    error: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
        """An AudioPlayer.* event for the current stream; updates the device's player state."""
        token = token or self.audio.token
        offset = self.audio.offset_ms if offset_ms is None else int(offset_ms)
        self.audio.token, self.audio.offset_ms = token, offset
        self.audio.activity = {
            "AudioPlayer.PlaybackStarted": "PLAYING",
            "AudioPlayer.PlaybackNearlyFinished": "PLAYING",
            "AudioPlayer.PlaybackFinished": "FINISHED",
            "AudioPlayer.PlaybackStopped": "STOPPED",
            "AudioPlayer.PlaybackFailed": "STOPPED",
        }.get(kind, self.audio.activity)
        extra: Dict[str, Any] = {"token": token, "offsetInMilliseconds": offset}
        if kind == "AudioPlayer.PlaybackFailed":
            extra.pop("offsetInMilliseconds")
            extra["error"] = error or {"type": "MEDIA_ERROR_UNKNOWN", "message": "playback failed"}
            extra["currentPlaybackState"] = {"token": token, "offsetInMilliseconds": offset,
                                             "playerActivity": "PLAYING"}
        return self._out_of_session(self._base_request(kind, **extra))

    def playback_controller(self, command: str) -> Dict[str, Any]:
        """A button press: command is Play, Pause, Next or Previous."""
        return self._out_of_session(self._base_request(f"PlaybackController.{command}CommandIssued"))

    def exception_encountered(self, message: str = "Invalid directive") -> Dict[str, Any]:
        return self._out_of_session(self._base_request(
            "System.ExceptionEncountered",
            error={"type": "INVALID_RESPONSE", "message": message},
            cause={"requestId": _new_id("request")}))

    def connections_response(self, status: str, name: str = "AskFor",
                             token: str = "") -> Dict[str, Any]:
        """The answer to a permission request: status is ACCEPTED, DENIED or NOT_ANSWERED."""
        if status == "ACCEPTED":
            self.consent_token = "test-consent-token"
        return self._in_session(self._base_request(
            "Connections.Response", name=name, status={"code": "200", "message": "OK"},
            payload={"permissionScope": "alexa::alerts:timers:skill:readwrite", "status": status},
            token=token))

    def skill_event(self, kind: str = "AlexaSkillEvent.SkillDisabled") -> Dict[str, Any]:
        request = self._base_request(kind, eventCreationTime=iso_now(self.clock),
                                     eventPublishingTime=iso_now(self.clock))
        if kind == "AlexaSkillEvent.SkillDisabled":
            request["body"] = {"userInformation": {"persistenceStatus": "NOT_PERSISTED"}}
        return {"version": "1.0", "context": {"System": self._system(spoken=False)}, "request": request}
