"""A stub skill (a tiny Flask app answering canned Alexa responses) and the fixture model.

The stub stands in for skill.app until the real skill exists, and keeps the engine's tests about
the simulator rather than about the skill's wording.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
from flask import Flask, jsonify, request

from skill.simulator.engine import Simulator
from skill.simulator.model import load_model
from skill.simulator.transport import FlaskTransport
from skill.simulator.testing import chosen_start

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "models"
PACKAGE = FIXTURES / "back_relief" / "interaction_model"
AUDIO = "https://skill.example/audio"


def _say(text: str, reprompt: Optional[str] = None, end: bool = True, **extra: Any) -> Dict[str, Any]:
    body: Dict[str, Any] = {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"},
                            "shouldEndSession": end}
    if reprompt:
        body["reprompt"] = {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{reprompt}</speak>"}}
    body.update(extra)
    return body


def _play(token: str, offset: int = 0, behavior: str = "REPLACE_ALL",
          previous: Optional[str] = None) -> Dict[str, Any]:
    stream = {"token": token, "url": f"{AUDIO}/{token}.mp3", "offsetInMilliseconds": offset}
    if previous:
        stream["expectedPreviousToken"] = previous
    return {"type": "AudioPlayer.Play", "playBehavior": behavior, "audioItem": {"stream": stream}}


def _slot(intent: Dict[str, Any], name: str) -> Optional[str]:
    slot = (intent.get("slots") or {}).get(name) or {}
    for authority in (slot.get("resolutions") or {}).get("resolutionsPerAuthority") or []:
        if authority["status"]["code"] == "ER_SUCCESS_MATCH":
            return authority["values"][0]["value"]["id"]
    return slot.get("value")


def _answer(envelope: Dict[str, Any]) -> Dict[str, Any]:
    req = envelope["request"]
    kind = req["type"]
    player = envelope["context"].get("AudioPlayer") or {}
    attributes = dict((envelope.get("session") or {}).get("attributes") or {})
    attributes["turns"] = attributes.get("turns", 0) + 1
    if kind == "LaunchRequest":
        body = _say('Welcome to back relief. <break time="1s"/> What is going on?',
                    "What is going on with your back?", end=False)
    elif kind == "IntentRequest":
        intent = req["intent"]
        name = intent["name"]
        if name == "RemedyIntent":
            area = _slot(intent, "area") or "back"
            body = _say(f"For your {area}, lie on your back with your knees bent.", "Say next.",
                        end=False, card={"type": "Simple", "title": f"Relief for {area}",
                                         "content": "1. Lie down\n2. Breathe"})
        elif name == "StartSessionIntent":
            minutes = _slot(intent, "minutes") or "10"
            kind_ = (_slot(intent, "session_type") or "MAT").lower()
            body = _say(f'Starting. <audio src="{AUDIO}/cue-start_bell.mp3"/>',
                        directives=[_play(f"{kind_}-{minutes}")])
        elif name == "AMAZON.PauseIntent":
            body = {"directives": [{"type": "AudioPlayer.Stop"}], "shouldEndSession": True}
        elif name == "AMAZON.ResumeIntent":
            body = {"directives": [_play(player.get("token", "mat-10"), player.get("offsetInMilliseconds", 0))],
                    "shouldEndSession": True}
        elif name == "TimeLeftIntent":
            body = _say(f"You are {player.get('offsetInMilliseconds', 0) // 1000} seconds in.")
        elif name == "AMAZON.YesIntent":
            body = _say("I can set a timer for that.", directives=[{
                "type": "Connections.SendRequest", "name": "AskFor", "token": "timers",
                "payload": {"@type": "AskForPermissionsConsentRequest", "@version": "2",
                            "permissionScopes": [{"permissionScope": "alexa::alerts:timers:skill:readwrite",
                                                  "consentLevel": "ACCOUNT"}]}}])
        elif name == "AMAZON.FallbackIntent":
            body = _say("Sorry, I did not get that.", "What is going on?", end=False)
        else:
            body = _say(f"You asked for {name}.")
    elif kind == "Connections.Response":
        body = _say(f"Permission {req['payload']['status'].lower()}.")
    elif kind == "AudioPlayer.PlaybackNearlyFinished" and req["token"].startswith("mat"):
        body = {"directives": [_play("outro-1", behavior="ENQUEUE", previous=req["token"])]}
    elif kind == "AudioPlayer.PlaybackStarted" and "bad" in req["token"]:
        body = _say("I should not speak here.")
    else:
        body = {}
    return {"version": "1.0", "sessionAttributes": attributes, "response": body}


def stub_app() -> Flask:
    app = Flask("stub_skill")
    app.config["REQUESTS"] = []

    @app.post("/alexa")
    def alexa():
        envelope = request.get_json()
        app.config["REQUESTS"].append(envelope)
        if (envelope["request"].get("intent") or {}).get("name") == "AMAZON.NavigateHomeIntent":
            return "boom", 500
        return jsonify(_answer(envelope))

    return app


@pytest.fixture
def app() -> Flask:
    return stub_app()


@pytest.fixture
def transport(app: Flask) -> FlaskTransport:
    return FlaskTransport(app)


@pytest.fixture
def requests_sent(app: Flask) -> List[Dict[str, Any]]:
    return app.config["REQUESTS"]


@pytest.fixture(scope="session")
def model():
    return load_model(PACKAGE, "en-US")


@pytest.fixture
def sim(transport, model) -> Simulator:
    return Simulator(transport, model, start=chosen_start())
