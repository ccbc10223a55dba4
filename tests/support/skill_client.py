"""Talk to the Flask app the way Alexa does: full, signed request envelopes over POST /alexa.

    alexa = AlexaClient(app)
    reply = alexa.send(alexa.factory.launch())
    reply = alexa.intent("RemedyIntent", area="lower back", symptom="spasming")
    assert reply.speech.startswith("Step 1") and reply.card_title == "Lower back spasm"

Slot words resolve against our own vocabulary the way entity resolution does: a value or synonym
gives ER_SUCCESS_MATCH with its id; any other words give ER_SUCCESS_NO_MATCH.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, List, Optional

from skill.package import interaction_model
from skill.simulator.envelopes import EnvelopeFactory, Slot
from tests.support.alexa_ca import AlexaTestCA

BUILTIN_SLOT_PREFIX = "AMAZON."


@lru_cache(maxsize=None)
def _model() -> Dict[str, Any]:
    return interaction_model("en")["interactionModel"]["languageModel"]


def slot_type_of(intent: str, slot: str) -> str:
    for entry in _model()["intents"]:
        if entry["name"] == intent:
            for declared in entry.get("slots", []):
                if declared["name"] == slot:
                    return declared["type"]
    raise KeyError(f"{intent} has no slot {slot}")


def resolve(slot_type: str, words: str) -> Slot:
    if slot_type.startswith(BUILTIN_SLOT_PREFIX):
        return Slot(words, builtin=True)
    wanted = words.lower().strip()
    for type_entry in _model()["types"]:
        if type_entry["name"] == slot_type:
            for value in type_entry["values"]:
                names = [value["name"]["value"]] + value["name"].get("synonyms", [])
                if wanted in (n.lower() for n in names):
                    return Slot(words, slot_type, (value["id"], value["name"]["value"]))
    return Slot(words, slot_type, None)


def plain(ssml: Optional[str]) -> str:
    """SSML as the words a person hears: tags inside a word or phrase (say-as) join it, the others
    part words."""
    joined = re.sub(r"</?(?:say-as|emphasis|sub|phoneme|lang|w)\b[^>]*>", "", ssml or "")
    return " ".join(re.sub(r"<[^>]+>", " ", joined).split())


@dataclass
class Reply:
    status: int
    json: Dict[str, Any]

    @property
    def response(self) -> Dict[str, Any]:
        return self.json.get("response") or {}

    @property
    def ssml(self) -> str:
        return (self.response.get("outputSpeech") or {}).get("ssml", "")

    @property
    def speech(self) -> str:
        return plain(self.ssml)

    @property
    def reprompt(self) -> str:
        return plain(((self.response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml"))

    @property
    def card(self) -> Dict[str, Any]:
        return self.response.get("card") or {}

    @property
    def card_title(self) -> Optional[str]:
        return self.card.get("title")

    @property
    def card_text(self) -> str:
        return self.card.get("text") or self.card.get("content") or ""

    @property
    def directives(self) -> List[Dict[str, Any]]:
        return self.response.get("directives") or []

    @property
    def directive_types(self) -> List[str]:
        return [d["type"] for d in self.directives]

    def directive(self, kind: str) -> Dict[str, Any]:
        matches = [d for d in self.directives if d["type"] == kind]
        assert matches, f"no {kind} directive in {self.directive_types}"
        return matches[0]

    @property
    def ended(self) -> bool:
        return self.response.get("shouldEndSession") is not False

    @property
    def attributes(self) -> Dict[str, Any]:
        return self.json.get("sessionAttributes") or {}


class AlexaClient:
    """One user on one device, talking to the app with signed requests."""

    def __init__(self, app, factory: Optional[EnvelopeFactory] = None, ca: Optional[AlexaTestCA] = None,
                 sign: bool = True) -> None:
        self.client = app.test_client()
        self.factory = factory or EnvelopeFactory()
        self.ca = ca or AlexaTestCA.shared()
        self.sign = sign

    def post(self, envelope: Dict[str, Any]) -> Reply:
        body = json.dumps(envelope).encode()
        headers = self.ca.headers_for(body) if self.sign else {}
        result = self.client.post("/alexa", data=body, headers=headers, content_type="application/json")
        return Reply(result.status_code, result.get_json(silent=True) or {})

    def send(self, envelope: Dict[str, Any]) -> Reply:
        reply = self.post(envelope)
        assert reply.status == 200, f"HTTP {reply.status}: {reply.json}"
        self.factory.remember(reply.json)
        return reply

    def intent(self, name: str, *, one_shot: bool = False, **slot_words: Optional[str]) -> Reply:
        slots = {slot: (resolve(slot_type_of(name, slot), words) if words is not None else None)
                 for slot, words in slot_words.items()}
        return self.send(self.factory.intent(name, slots, new_session=one_shot))

    def launch(self) -> Reply:
        return self.send(self.factory.launch())
