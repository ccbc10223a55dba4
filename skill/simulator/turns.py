"""What happened for one line typed: the requests sent and answered (exchanges) and the messages
to show with them.

The engine fills these in; display.py renders them and dialogs.py checks them against a dialog's
expectations, so they live apart from the engine that makes them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from skill.simulator.resolver import Resolution


@dataclass
class Exchange:
    """One request and the skill's answer. kind: "user" (caused by the user) or "event" (sent by
    the device on its own: AudioPlayer events, SessionEndedRequest)."""

    kind: str
    request: Dict[str, Any]
    response: Optional[Dict[str, Any]] = None
    error: Optional[str] = None
    violations: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    stream_name: Optional[str] = None        # for AudioPlayer events: the stream's short name
    card_repeated: bool = False              # the same card as the previous answer

    @property
    def request_type(self) -> str:
        return self.request.get("request", {}).get("type", "")

    @property
    def body(self) -> Dict[str, Any]:
        return (self.response or {}).get("response") or {}

    @property
    def directives(self) -> List[Dict[str, Any]]:
        return list(self.body.get("directives") or [])

    @property
    def session_open(self) -> bool:
        return self.response is not None and self.body.get("shouldEndSession") is False


@dataclass
class Turn:
    """Everything that happened for one line the user typed."""

    said: str
    resolution: Optional[Resolution] = None
    exchanges: List[Exchange] = field(default_factory=list)
    messages: List[str] = field(default_factory=list)
    message_at: List[int] = field(default_factory=list)    # how many exchanges came before each

    def note(self, message: str) -> None:
        self.messages.append(message)
        self.message_at.append(len(self.exchanges))

    @property
    def main(self) -> Optional[Exchange]:
        return next((e for e in self.exchanges if e.kind == "user"), None)

    @property
    def events(self) -> List[str]:
        return [e.request_type for e in self.exchanges if e.kind == "event"]

    @property
    def problems(self) -> List[str]:
        found = [f"{e.request_type}: {e.error}" for e in self.exchanges if e.error]
        found += [f"{e.request_type}: {v}" for e in self.exchanges for v in e.violations]
        return found


def message_turn(said: str, *messages: str) -> Turn:
    """A turn that only shows `messages` (a simulator command's answer): nothing was sent."""
    turn = Turn(said)
    for message in messages:
        turn.note(message)
    return turn
