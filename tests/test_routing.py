"""Routing (skill/routing.py): every intent of the interaction model, in each state a person can
be in (nothing open, walking through a remedy, a timed session playing), and every request type
Alexa sends us, gets a real answer from the handler that skill.py's order gives it. The audit in
tests/conftest.py checks each request against the SDK's own scan of every handler in turn."""
from __future__ import annotations

import pytest

from skill.handlers.said_alone import SAID_ALONE
from skill.package import interaction_model
from skill.simulator.envelopes import EnvelopeFactory
from tests.support.skill_client import AlexaClient

INTENTS = [intent["name"] for intent in interaction_model("en")["interactionModel"]["languageModel"]["intents"]]
SLOT_WORDS = {
    "RemedyIntent": {"area": "lower back", "symptom": "spasm"},
    "ConditionIntent": {"condition": "sciatica"},
    "RedFlagIntent": {"red_flag": "numbness in my legs"},
    "MedicineIntent": {"medicine": "ibuprofen"},
    "SelfCareQuestionIntent": {"topic": "heat"},
    "StartSessionIntent": {"session_type": "meditation", "duration": "PT5M"},
    "SetPreferenceIntent": {"session_type": "mat", "duration": "PT15M"},
    "UsualSessionIntent": {"session_type": "mat"},
}


def _person(app) -> AlexaClient:
    alexa = AlexaClient(app, EnvelopeFactory())
    alexa.factory.consent_token = "x"           # timer permission granted
    return alexa


def _nothing_open(alexa):
    return True                                 # a one-shot: "Alexa, ask back relief ..."


def _in_a_remedy(alexa):
    alexa.intent("RemedyIntent", area="lower back", symptom="spasm")
    return False                                # the next turn is in the same conversation


def _session_playing(alexa):
    reply = alexa.intent("StartSessionIntent", one_shot=True, session_type="mat", duration="PT10M")
    assert "AudioPlayer.Play" in reply.directive_types
    alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackStopped", 30_000))   # "Alexa, ..."
    return True


STATES = {"nothing open": _nothing_open, "in a remedy": _in_a_remedy, "session playing": _session_playing}


@pytest.mark.parametrize("state", STATES)
def test_every_intent_gets_its_own_answer_in_every_state(app, state, routing_audit):
    for intent in INTENTS:
        alexa = _person(app)
        one_shot = STATES[state](alexa)
        reply = alexa.intent(intent, one_shot=one_shot, **SLOT_WORDS.get(intent, {}))
        kind, handler = routing_audit.routed[-1]
        # A word said alone ("magnesium") is routed as the question it stands for (said_alone.py).
        asked = SAID_ALONE[intent].intent if intent in SAID_ALONE else intent
        assert kind == ("IntentRequest", asked)
        assert handler not in (None, "UnknownRequestHandler"), f"{intent} ({state}) had no handler"
        assert reply.speech or reply.directives, f"{intent} ({state}) got an empty answer"
    assert not routing_audit.mismatches


def test_every_request_type_reaches_its_handler(app, routing_audit):
    alexa = _person(app)
    _session_playing(alexa)
    factory = alexa.factory
    expected = {
        "LaunchRequest": (factory.launch(), "LaunchHandler"),
        "SessionEndedRequest": (factory.session_ended(), "SessionEndedHandler"),
        "AudioPlayer.PlaybackNearlyFinished": (factory.audio_event("AudioPlayer.PlaybackNearlyFinished", 1000),
                                               "PlaybackProgressHandler"),
        "AudioPlayer.PlaybackFailed": (factory.audio_event("AudioPlayer.PlaybackFailed", 1000),
                                       "PlaybackFailedHandler"),
        "PlaybackController.PauseCommandIssued": (factory.playback_controller("Pause"),
                                                  "PauseSessionHandler"),
        "PlaybackController.PlayCommandIssued": (factory.playback_controller("Play"),
                                                 "ResumeSessionHandler"),
        "PlaybackController.NextCommandIssued": (factory.playback_controller("Next"),
                                                 "PlaybackButtonsHandler"),
        "System.ExceptionEncountered": (factory.exception_encountered(), "SystemExceptionHandler"),
        "Connections.Response": (factory.connections_response("ACCEPTED"), "PermissionAnswerHandler"),
        "AudioPlayer.PlaybackFinished": (factory.audio_event("AudioPlayer.PlaybackFinished", 603_000),
                                         "PlaybackFinishedHandler"),
        "AlexaSkillEvent.SkillDisabled": (factory.skill_event(), "SkillDisabledHandler"),
    }
    for request_type, (envelope, handler) in expected.items():
        alexa.send(envelope)
        assert routing_audit.routed[-1] == ((request_type, None), handler)

    # A request type this skill has never heard of still gets a valid, empty answer.
    envelope = factory.launch()
    envelope["request"]["type"] = "Alexa.Presentation.APL.UserEvent"
    reply = alexa.send(envelope)
    assert routing_audit.routed[-1] == (("Alexa.Presentation.APL.UserEvent", None), "UnknownRequestHandler")
    assert not reply.speech
    assert not routing_audit.mismatches
