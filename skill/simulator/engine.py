"""The simulated Alexa: turns what the user says (and the passing of time) into requests, sends
them to the skill, and keeps the session and the Echo's audio player the way Alexa would.

    sim = Simulator(transport, model)
    turn = sim.say("open back relief")        # → LaunchRequest, the skill's answer, the checks
    turn = sim.wait(300)                      # → PlaybackNearlyFinished / PlaybackFinished …
    turn = sim.handle(":device no-audio")     # simulator commands start with a colon

What one line led to is a Turn (turns.py); the colon commands are carried out by commands.py.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Mapping, Optional

from skill.simulator.builtins import PHRASES
from skill.simulator.clock_words import SIMULATED_TODAY
from skill.simulator.commands import run_command
from skill.alerts import TIMERS_SCOPE
from skill.simulator.display import format_ms, permission_name, permission_scope, speech_text
from skill.simulator.envelopes import DEVICE_PROFILES, EnvelopeFactory
from skill.simulator.model import InteractionModel
from skill.simulator.playback import DurationLookup, Player, session_audio_seconds
from skill.simulator.resolver import resolve
from skill.simulator.rules import problems
from skill.simulator.text import normalise
from skill.simulator.transport import Transport, TransportError
from skill.simulator.turns import Exchange, Turn

MAX_EXCHANGES_PER_TURN = 25          # a skill and a player that keep answering each other stop here


class Simulator:
    def __init__(self, transport: Transport, model: InteractionModel, *, locale: str = "en-US",
                 device: str = "speaker", skill_id: Optional[str] = None,
                 durations: Optional[DurationLookup] = None, start: Optional[datetime] = None,
                 factory: Optional[EnvelopeFactory] = None, alexa_api: Any = None):
        self.transport = transport
        self.model = model
        self.now = start or datetime.now(timezone.utc).replace(microsecond=0)
        extra = {"skill_id": skill_id} if skill_id else {}
        self.factory = factory or EnvelopeFactory(locale=locale, device=device, **extra)
        self.factory.clock = lambda: self.now
        self.player = Player(durations or session_audio_seconds)
        # Alexa's REST APIs as the in-process skill reaches them (SimulatedAlexaApi), if any.
        self.alexa_api = alexa_api if alexa_api is not None else getattr(transport, "alexa_api", None)
        if self.alexa_api is not None:
            self.alexa_api.clock = lambda: self.now
        if hasattr(transport, "clock"):            # the in-process skill's store keeps our time
            transport.clock = lambda: self.now
        self.reprompt: Optional[Dict[str, Any]] = None      # the open session's reprompt
        self.reprompted = False
        self.pending_permission: Optional[Dict[str, Any]] = None
        self.last_card: Optional[Dict[str, Any]] = None
        self._turn: Optional[Turn] = None

    # -- state --------------------------------------------------------------------------------
    @property
    def session_open(self) -> bool:
        return self.factory.session_id is not None

    def _sync_audio(self) -> None:
        audio = self.factory.audio
        if self.player.current is None:
            audio.token, audio.offset_ms, audio.activity = None, 0, "IDLE"
            return
        audio.token = self.player.current.token
        audio.offset_ms = self.player.position_ms(self.now)
        audio.activity = self.player.activity

    def new_session(self) -> None:
        self.factory.new_session()
        self.reprompt, self.reprompted = None, False
        self.pending_permission = None

    # -- the user's side ------------------------------------------------------------------------
    def handle(self, line: str) -> Turn:
        """One line as typed: a simulator command (":wait 5m") or something said to Alexa."""
        line = line.strip()
        if line.startswith(":"):
            return self.command(line)
        return self.say(line)

    def say(self, utterance: str) -> Turn:
        turn = self._turn = Turn(utterance)
        if self.pending_permission is not None:
            return self._answer_permission(turn, utterance)
        today = SIMULATED_TODAY.set(self.now.date())      # "tomorrow" is the day after ours
        try:
            resolution = resolve(utterance, self.model, in_session=self.session_open,
                                 playing=self.player.playing, audio_owner=self.player.owner)
        finally:
            SIMULATED_TODAY.reset(today)
        turn.resolution = resolution
        if not resolution.routed:
            turn.note(resolution.note)
            return turn
        if self.player.playing:                       # speaking stops the audio first
            self._event("AudioPlayer.PlaybackStopped", self.player.stop(self.now))
        self._sync_audio()
        if resolution.kind == "launch":
            envelope = self.factory.launch()
        else:
            envelope = self.factory.intent(resolution.intent, resolution.slots,
                                           new_session=resolution.new_session)
        if resolution.new_session:
            self.reprompt, self.reprompted = None, False
        self._exchange("user", envelope)
        return turn

    def _answer_permission(self, turn: Turn, utterance: str) -> Turn:
        said = normalise(utterance)
        status = ("ACCEPTED" if said in PHRASES["AMAZON.YesIntent"] else
                  "DENIED" if said in PHRASES["AMAZON.NoIntent"] else "NOT_ANSWERED")
        return self.permission(status, turn)

    def permission(self, status: str, turn: Optional[Turn] = None) -> Turn:
        """The user's answer to Alexa's consent question (ACCEPTED, DENIED, NOT_ANSWERED)."""
        turn = self._turn = turn or Turn(f":permission {status.lower()}")
        request = self.pending_permission or {}
        self.pending_permission = None
        self._sync_audio()
        envelope = self.factory.connections_response(status.upper(), request.get("name", "AskFor"),
                                                     request.get("token", ""))
        scope = permission_scope(request.get("payload") or {})
        if scope:
            envelope["request"]["payload"]["permissionScope"] = scope
            if status.upper() == "ACCEPTED":       # from now on Alexa lists it beside the token
                self.factory.permission_scopes = {**(self.factory.permission_scopes or {}), scope: "GRANTED"}
        self._exchange("user", envelope)
        return turn

    def wait(self, seconds: float) -> Turn:
        """Let simulated time pass: the open session times out, audio plays on and ends."""
        turn = self._turn = Turn(f":wait {seconds:g}s")
        end = self.now + timedelta(seconds=seconds)
        if self.pending_permission is not None:      # the consent question goes unanswered
            self.permission("NOT_ANSWERED", turn)
        if self.session_open and seconds >= 8:
            self._time_out(turn)
        while len(turn.exchanges) < MAX_EXCHANGES_PER_TURN:
            nearly, finish = self.player.nearly_finished_time(), self.player.finish_time()
            timer = self.alexa_api.next_due() if self.alexa_api is not None else None
            if timer is not None and timer <= end and all(t is None or timer <= t for t in (nearly, finish)):
                self.now = max(self.now, timer)
                for message in self.alexa_api.ring_due(self.now):
                    turn.note(message)
            elif nearly is not None and nearly <= end and (finish is None or nearly < finish):
                self.now = max(self.now, nearly)
                self.player.nearly_finished_sent = True
                self._event("AudioPlayer.PlaybackNearlyFinished", self.player.position_ms(self.now))
            elif finish is not None and finish <= end:
                self.now = max(self.now, finish)
                self.player.nearly_finished_sent = True
                offset = self.player.position_ms(self.now)
                self.player.stop(self.now)
                self.player.finished = True
                self._event("AudioPlayer.PlaybackFinished", offset)
                if self.player.queue:
                    self._start(self.player.queue.pop(0))
            else:
                break
        self.now = max(self.now, end)
        turn.note(f"⏱ {format_ms(seconds * 1000)} later" + self.player_status())
        if self.player.playing and self.player.current and self.player.current.duration_s is None:
            turn.note(f"(length of {self.player.current.name} unknown: it never finishes)")
        return turn

    def silence(self) -> Turn:
        """The user says nothing: Alexa reprompts once, then ends the session."""
        turn = self._turn = Turn(":silence")
        if not self.session_open:
            turn.note("(no session is open: nothing happens)")
        elif self.reprompt and not self.reprompted:
            self.reprompted = True
            turn.note("Alexa (reprompt): " + speech_text(self.reprompt))
        else:
            self._end_session("EXCEEDED_MAX_REPROMPTS")
        return turn

    def _time_out(self, turn: Turn) -> None:
        if self.reprompt and not self.reprompted:
            turn.note("Alexa (reprompt): " + speech_text(self.reprompt))
        self._end_session("EXCEEDED_MAX_REPROMPTS")

    def _end_session(self, reason: str) -> None:
        self._sync_audio()
        self._exchange("event", self.factory.session_ended(reason))
        self.new_session()

    def button(self, command: str) -> Turn:
        """A press on the device: Play, Pause, Next or Previous."""
        turn = self._turn = Turn(f":button {command.lower()}")
        self._sync_audio()
        self._exchange("user", self.factory.playback_controller(command.capitalize()))
        return turn

    def set_device(self, device: str) -> Turn:
        turn = self._turn = Turn(f":device {device}")
        if device not in DEVICE_PROFILES:
            turn.note(f"unknown device {device!r}; choose one of {', '.join(DEVICE_PROFILES)}")
            return turn
        self.factory.device = device
        self.new_session()
        self.player = Player(self.player.durations)          # another device, another player
        self._sync_audio()
        turn.note(f"(now on a {device} device; new session)")
        return turn

    def command(self, line: str) -> Turn:
        """A simulator command (":wait 5m", ":device screen"): see commands.py."""
        return run_command(self, line)

    def player_status(self) -> str:
        current = self.player.current
        if current is None:
            return ""
        where = format_ms(self.player.position_ms(self.now))
        total = f" of {format_ms(current.duration_s * 1000)}" if current.duration_s else ""
        queued = f", {len(self.player.queue)} queued" if self.player.queue else ""
        return f" ({current.name} {self.player.activity.lower()} at {where}{total}{queued})"

    # -- the device's side ----------------------------------------------------------------------
    def _event(self, kind: str, offset_ms: int, token: Optional[str] = None) -> None:
        self._sync_audio()
        envelope = self.factory.audio_event(kind, offset_ms=offset_ms, token=token)
        exchange = self._exchange("event", envelope, send=False)
        current = self.player.current
        if current is not None and current.token == envelope["request"].get("token"):
            exchange.stream_name = current.name
        self._send(exchange)

    def _exchange(self, kind: str, envelope: Dict[str, Any], send: bool = True) -> Exchange:
        exchange = Exchange(kind, envelope)
        turn = self._turn or Turn("")
        turn.exchanges.append(exchange)
        if send:
            self._send(exchange)
        return exchange

    def _send(self, exchange: Exchange) -> None:
        envelope = exchange.request
        turn = self._turn or Turn("")
        if self.alexa_api is not None:
            scopes = self.factory.permission_scopes
            self.alexa_api.permitted = self.factory.consent_token is not None and (
                not scopes or scopes.get(TIMERS_SCOPE) == "GRANTED")     # the Timers API's own
        if len(turn.exchanges) > MAX_EXCHANGES_PER_TURN:
            exchange.error = (f"stopped after {MAX_EXCHANGES_PER_TURN} requests in one turn: the "
                              "skill and the player keep answering each other")
            return
        try:
            response = self.transport.send(envelope)
        except TransportError as exc:
            exchange.error = str(exc)
            if "session" in envelope:
                self.new_session()      # Alexa ends the session when the skill fails
            return
        exchange.response = response
        if self.alexa_api is not None:
            for message in self.alexa_api.messages:
                turn.note(message)
            self.alexa_api.messages.clear()
        exchange.violations, exchange.notes = problems(
            envelope, response, DEVICE_PROFILES[self.factory.device], self.model.invocation_name)
        request_type = exchange.request_type
        card = exchange.body.get("card")
        if card:
            exchange.card_repeated = card == self.last_card
            self.last_card = card
        if "session" in envelope and request_type != "SessionEndedRequest":
            self.factory.remember(response)
            body = exchange.body
            self.reprompt = ((body.get("reprompt") or {}).get("outputSpeech")
                             if body.get("shouldEndSession") is False else None)
            self.reprompted = False
        if request_type not in ("SessionEndedRequest", "System.ExceptionEncountered",
                                "AudioPlayer.PlaybackStopped"):
            self._apply(exchange)
        self._sync_audio()

    def _apply(self, exchange: Exchange) -> None:
        """Carry out the directives of an answer the way an Echo would."""
        has_player = "AudioPlayer" in DEVICE_PROFILES[self.factory.device]
        for directive in exchange.directives:
            kind = directive.get("type")
            if kind == "AudioPlayer.Play" and has_player:
                self._play(directive, exchange)
            elif kind == "AudioPlayer.Stop" and self.player.playing:
                self._event("AudioPlayer.PlaybackStopped", self.player.stop(self.now))
            elif kind == "AudioPlayer.ClearQueue":
                self.player.queue = []
                if directive.get("clearBehavior") == "CLEAR_ALL" and self.player.playing:
                    self._event("AudioPlayer.PlaybackStopped", self.player.stop(self.now))
            elif kind == "Connections.SendRequest" and directive.get("name") == "AskFor":
                self.pending_permission = directive
                scope = permission_scope(directive.get("payload") or {})
                if self._turn is not None:
                    self._turn.note(
                        f"(Alexa now asks the user whether the skill may use {permission_name(scope)}: "
                        "say yes or no, or type :permission accepted|denied|not_answered)")

    def _play(self, directive: Mapping[str, Any], exchange: Exchange) -> None:
        stream_json = (directive.get("audioItem") or {}).get("stream") or {}
        stream = self.player.stream(stream_json.get("token", ""), stream_json.get("url", ""),
                                    stream_json.get("offsetInMilliseconds", 0),
                                    stream_json.get("expectedPreviousToken"))
        behavior = directive.get("playBehavior", "REPLACE_ALL")
        if behavior == "ENQUEUE":
            last = self.player.queue[-1] if self.player.queue else self.player.current
            if last is None or stream.expected_previous != last.token:
                exchange.violations.append(
                    f"ENQUEUE expects the previous stream {stream.expected_previous!r}, but it is "
                    f"{last.token if last else None!r}: Alexa drops this Play")
                return
            self.player.queue.append(stream)
        elif behavior == "REPLACE_ENQUEUED":
            self.player.queue = [stream]
        else:
            self.player.queue = []
            if self.player.playing:
                self._event("AudioPlayer.PlaybackStopped", self.player.stop(self.now))
            self._start(stream)

    def _start(self, stream) -> None:
        self.player.start(stream, self.now)
        self._event("AudioPlayer.PlaybackStarted", stream.offset_ms, stream.token)
