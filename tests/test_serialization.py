"""FastSerializer against the ASK SDK's DefaultSerializer, which it replaces on every request.

Requests: the objects must be the SDK's, class for class and value for value, for every kind of
envelope the skill receives (built with the project's envelope factory). Responses: the bytes must
be the SDK's data written as compact JSON. Bad input must raise SerializationException (a 400).
"""
from __future__ import annotations

import copy
import json
import random
from datetime import datetime
from enum import Enum

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import Request, RequestEnvelope, Response, ResponseEnvelope
from ask_sdk_model.interfaces.audioplayer import (AudioItem, AudioItemMetadata, ClearBehavior,
                                                  ClearQueueDirective, PlayBehavior, PlayDirective,
                                                  PlaybackStartedRequest, StopDirective, Stream)
from ask_sdk_model.interfaces.connections import ConnectionsResponse, SendRequestDirective
from ask_sdk_model.events.skillevents import SkillDisabledRequest
from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.services.timer_management import TimerRequest, TimerResponse
from ask_sdk_model.ui import Reprompt, SimpleCard, SsmlOutputSpeech, StandardCard

from skill.responses import apology_envelope
from skill.serialization import FastSerializer
from skill.simulator.envelopes import EnvelopeFactory, Slot
from tests.support.skill_client import resolve, slot_type_of

FAST, SDK = FastSerializer(), DefaultSerializer()


def sdk_request(envelope: dict) -> RequestEnvelope:
    return SDK.deserialize(json.dumps(envelope), RequestEnvelope)


def assert_same_tree(ours, theirs, path="envelope"):
    """`==` on models compares __dict__; this also insists on the exact class of every value
    (an enum member, not its string; an aware datetime; a subclass, not its base)."""
    assert type(ours) is type(theirs), f"{path}: {type(ours).__name__} vs {type(theirs).__name__}"
    if hasattr(theirs, "deserialized_types"):
        assert vars(ours).keys() == vars(theirs).keys(), path
        for name, value in vars(theirs).items():
            assert_same_tree(getattr(ours, name), value, f"{path}.{name}")
    elif isinstance(theirs, dict):
        assert ours.keys() == theirs.keys(), path
        for key, value in theirs.items():
            assert_same_tree(ours[key], value, f"{path}[{key!r}]")
    elif isinstance(theirs, list):
        assert len(ours) == len(theirs), path
        for index, (mine, value) in enumerate(zip(ours, theirs)):
            assert_same_tree(mine, value, f"{path}[{index}]")
    else:
        assert ours == theirs, path
        if isinstance(theirs, datetime):
            assert ours.utcoffset() == theirs.utcoffset(), path


def assert_like_the_sdk(envelope: dict) -> RequestEnvelope:
    ours, theirs = FAST.deserialize_request(envelope), sdk_request(envelope)
    assert ours == theirs
    assert type(ours.request) is type(theirs.request)
    assert_same_tree(ours, theirs)
    return ours


# -- every kind of request the skill receives -----------------------------------------------------
def slot(intent: str, name: str, words: str) -> Slot:
    return resolve(slot_type_of(intent, name), words)


def remedy(f: EnvelopeFactory, area="lower back", symptom="spasm") -> dict:
    return f.intent("RemedyIntent", {"area": slot("RemedyIntent", "area", area),
                                     "symptom": slot("RemedyIntent", "symptom", symptom)}, new_session=True)


def start_session(f: EnvelopeFactory, kind="mat", duration="PT10M") -> dict:
    return f.intent("StartSessionIntent", {"session_type": slot("StartSessionIntent", "session_type", kind),
                                           "duration": slot("StartSessionIntent", "duration", duration)},
                    new_session=True)


def next_step(f: EnvelopeFactory) -> dict:
    f.session_id, f.session_new = "amzn1.echo-api.session.test", False
    f.session_attributes = {"condition": "lower_back_spasm", "step": 2, "memory": {"seen": [1, 2], "x": None}}
    return f.intent("AMAZON.NextIntent")


def playing(f: EnvelopeFactory, kind: str) -> dict:
    f.audio.token = "backrelief:mat:10:0123456789ab"
    return f.audio_event(kind, offset_ms=123_250)


def can_fulfill(f: EnvelopeFactory) -> dict:
    envelope = remedy(f)
    envelope["request"]["type"] = "CanFulfillIntentRequest"
    return envelope


def speaker(**fields) -> EnvelopeFactory:
    return EnvelopeFactory(device="speaker", **fields)


KINDS = {
    "launch": lambda: speaker().launch(),
    "launch on a screen": lambda: EnvelopeFactory(device="screen").launch(),
    "launch without audio": lambda: EnvelopeFactory(device="no-audio").launch(),
    "remedy with resolved slots": lambda: remedy(speaker()),
    "remedy with words that do not resolve": lambda: remedy(speaker(), "elbow", "itchy"),
    "remedy with an empty slot": lambda: speaker().intent("RemedyIntent", {"area": None}, new_session=True),
    "start a session": lambda: start_session(speaker()),
    "start a session, person and consent": lambda: start_session(
        speaker(person_id="amzn1.ask.person.X", consent_token="token")),
    "next step with session attributes": lambda: next_step(speaker()),
    "help on a screen": lambda: EnvelopeFactory(device="screen").intent("AMAZON.HelpIntent"),
    "can fulfill": lambda: can_fulfill(speaker()),
    "session ended": lambda: speaker().session_ended(),
    "session ended with an error": lambda: speaker().session_ended(
        "ERROR", {"type": "INVALID_RESPONSE", "message": "x"}),
    **{f"AudioPlayer.{event}": (lambda event=event: playing(speaker(), f"AudioPlayer.{event}"))
       for event in ("PlaybackStarted", "PlaybackNearlyFinished", "PlaybackFinished", "PlaybackStopped",
                     "PlaybackFailed")},
    **{f"PlaybackController.{command}": (lambda command=command: speaker().playback_controller(command))
       for command in ("Play", "Pause", "Next", "Previous")},
    "System.ExceptionEncountered": lambda: speaker().exception_encountered(),
    **{f"Connections.Response {status}": (lambda status=status: speaker().connections_response(
        status, token="timer-permission")) for status in ("ACCEPTED", "DENIED", "NOT_ANSWERED")},
    "AlexaSkillEvent.SkillDisabled": lambda: speaker().skill_event(),
    "AlexaSkillEvent.SkillEnabled": lambda: speaker().skill_event("AlexaSkillEvent.SkillEnabled"),
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_request_reads_as_the_sdk_reads_it(kind):
    assert_like_the_sdk(KINDS[kind]())


def test_a_realistic_mix_of_many_users_reads_as_the_sdk_reads_it():
    rng = random.Random(7)
    users = [speaker() for _ in range(40)]
    makers = [remedy, next_step, start_session, lambda f: playing(f, "AudioPlayer.PlaybackStarted"),
              lambda f: playing(f, "AudioPlayer.PlaybackStopped"), lambda f: f.launch()]
    for _ in range(300):
        assert_like_the_sdk(rng.choice(makers)(rng.choice(users)))


def test_the_classes_and_values_handlers_rely_on():
    intent = assert_like_the_sdk(remedy(speaker()))
    assert isinstance(intent.request, IntentRequest)
    assert intent.request.timestamp.tzinfo is not None
    area = intent.request.intent.slots["area"]
    assert isinstance(area.confirmation_status, Enum)
    assert area.resolutions.resolutions_per_authority[0].values[0].value.name == "lower back"
    assert intent.request.dialog_state is None and intent.context.viewport is None
    assert intent.session.attributes == {} and intent.session.new is True

    assert isinstance(assert_like_the_sdk(playing(speaker(), "AudioPlayer.PlaybackStarted")).request,
                      PlaybackStartedRequest)
    assert isinstance(assert_like_the_sdk(speaker().skill_event()).request, SkillDisabledRequest)
    response = assert_like_the_sdk(speaker().connections_response("ACCEPTED", token="timer-permission"))
    assert isinstance(response.request, ConnectionsResponse)
    assert response.request.payload["status"] == "ACCEPTED"


def test_keys_the_model_does_not_declare_are_kept_as_the_sdk_keeps_them():
    envelope = remedy(speaker())
    ours = assert_like_the_sdk(envelope)
    assert ours.request.intent.slots["area"].source == "USER"   # not in ask_sdk_model's Slot


def test_unknown_enum_values_stay_plain_strings():
    envelope = remedy(speaker())
    envelope["request"]["intent"]["slots"]["area"]["confirmationStatus"] = "SOMETHING_NEW"
    area = FAST.deserialize_request(envelope).request.intent.slots["area"]
    assert area.confirmation_status == "SOMETHING_NEW"


def test_an_unknown_request_type_reads_as_a_plain_request():
    envelope = speaker().launch()
    envelope["request"]["type"] = "Something.New"
    request = FAST.deserialize_request(envelope).request
    assert type(request) is Request and request.object_type == "Something.New"


# -- bad input ------------------------------------------------------------------------------------
def spoiled(change) -> dict:
    envelope = remedy(speaker())
    change(envelope)
    return envelope


BAD = {
    "envelope is a list": lambda: [remedy(speaker())],
    "request is a list": lambda: spoiled(lambda e: e.update(request=[e["request"]])),
    "request is a string": lambda: spoiled(lambda e: e.update(request="IntentRequest")),
    "intent is a string": lambda: spoiled(lambda e: e["request"].update(intent="RemedyIntent")),
    "session is a number": lambda: spoiled(lambda e: e.update(session=3)),
    "a slot is a string": lambda: spoiled(lambda e: e["request"]["intent"]["slots"].update(area="back")),
    "a slot value is an object": lambda: spoiled(
        lambda e: e["request"]["intent"]["slots"]["area"].update(value={"text": "back"})),
    "timestamp is not a time": lambda: spoiled(lambda e: e["request"].update(timestamp="yesterday")),
    "timestamp is a number": lambda: spoiled(lambda e: e["request"].update(timestamp=1700000000)),
    "new is a string": lambda: spoiled(lambda e: e["session"].update(new="yes")),
    "offset is a word": lambda: spoiled(
        lambda e: e["context"]["AudioPlayer"].update(offsetInMilliseconds="later")),
    "an enum value is a list": lambda: spoiled(
        lambda e: e["request"]["intent"].update(confirmationStatus=["NONE"])),
    "a slot value without its type": lambda: spoiled(
        lambda e: e["request"]["intent"]["slots"]["area"]["slotValue"].pop("type")),
}


@pytest.mark.parametrize("kind", BAD)
def test_bad_input_raises_serialization_exception(kind):
    with pytest.raises(SerializationException):
        FAST.deserialize_request(BAD[kind]())


def test_an_unreadable_envelope_is_a_400_through_the_webhook(alexa):
    envelope = spoiled(lambda e: e["request"].update(intent="RemedyIntent"))
    reply = alexa.post(envelope)
    assert reply.status == 400 and reply.json == {"error": "request envelope could not be read"}


def test_the_input_is_left_untouched():
    envelope = next_step(speaker())
    before = copy.deepcopy(envelope)
    ours = FAST.deserialize_request(envelope)
    ours.session.attributes["step"] = 3     # handlers change session attributes in place
    assert envelope == before


# -- responses ------------------------------------------------------------------------------------
def assert_written_like_the_sdk(envelope: ResponseEnvelope) -> None:
    data = SDK.serialize(envelope)
    body = FAST.serialize_response(envelope)
    assert json.loads(body) == data
    assert body == json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def ssml(text: str) -> SsmlOutputSpeech:
    return SsmlOutputSpeech(ssml=f"<speak>{text}</speak>")


RESPONSES = {
    "speech, reprompt and a card": lambda: ResponseEnvelope(
        version="1.0",
        session_attributes={"condition": "lower_back_spasm", "step": 1, "nested": {"a": [1, None]}},
        response=Response(output_speech=ssml("Step one — breathe. “Slowly”"), reprompt=Reprompt(ssml("Next?")),
                          card=StandardCard(title="Lower back spasm", text="1. Breathe\n2. Stretch"),
                          should_end_session=False)),
    "a simple card and the end": lambda: ResponseEnvelope(version="1.0", response=Response(
        output_speech=ssml("Please call 911."), card=SimpleCard(title="Get help", content="Call 911"),
        should_end_session=True)),
    "play with stream and metadata": lambda: ResponseEnvelope(version="1.0", response=Response(
        directives=[PlayDirective(play_behavior=PlayBehavior.REPLACE_ALL, audio_item=AudioItem(
            stream=Stream(token="backrelief:mat:10:abc", url="https://skill.example.test/audio/mat.mp3",
                          offset_in_milliseconds=0),
            metadata=AudioItemMetadata(title="Acupressure mat", subtitle="Back Relief")))],
        should_end_session=True)),
    "stop and clear the queue": lambda: ResponseEnvelope(version="1.0", response=Response(
        directives=[StopDirective(), ClearQueueDirective(clear_behavior=ClearBehavior.CLEAR_ALL)])),
    "ask for the timer permission": lambda: ResponseEnvelope(version="1.0", response=Response(
        output_speech=ssml("May I set a timer?"), should_end_session=True,
        directives=[SendRequestDirective(name="AskFor", token="timer-permission", payload={
            "@type": "AskForPermissionsConsentRequest", "@version": "2",
            "permissionScopes": [{"permissionScope": "alexa::alerts:timers:skill:readwrite",
                                  "consentLevel": "ACCOUNT"}]})])),
    "the apology": lambda: apology_envelope("IntentRequest", "en-US"),
    "the silent apology": lambda: apology_envelope("AudioPlayer.PlaybackStarted", "en-US"),
}


@pytest.mark.parametrize("kind", RESPONSES)
def test_responses_are_written_as_the_sdk_writes_them(kind):
    assert_written_like_the_sdk(RESPONSES[kind]())


def test_a_deleted_field_is_written_as_if_none():
    envelope = RESPONSES["speech, reprompt and a card"]()
    del envelope.response.card
    assert "card" not in json.loads(FAST.serialize_response(envelope))["response"]


def test_a_conversation_reads_and_writes_like_the_sdk(alexa, monkeypatch):
    """Every response the skill builds in a session, and every Timers API body and answer."""
    written, read, sent = [], [], []
    serialize_response, deserialize, serialize = (FastSerializer.serialize_response, FastSerializer.deserialize,
                                                  FastSerializer.serialize)
    monkeypatch.setattr(FastSerializer, "serialize_response",
                        lambda self, envelope: written.append(envelope) or serialize_response(self, envelope))
    monkeypatch.setattr(FastSerializer, "deserialize",
                        lambda self, payload, obj_type: read.append((payload, obj_type))
                        or deserialize(self, payload, obj_type))
    monkeypatch.setattr(FastSerializer, "serialize", lambda self, obj: sent.append(obj) or serialize(self, obj))

    alexa.launch()
    alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasm")
    alexa.intent("StartSessionIntent", one_shot=True, session_type="mat", duration="PT10M")
    alexa.send(alexa.factory.connections_response("ACCEPTED", token="timer-permission"))
    alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackStarted", offset_ms=0))
    alexa.intent("AMAZON.PauseIntent")
    alexa.send(alexa.factory.session_ended())
    monkeypatch.undo()                      # the checks below must not record themselves

    kinds = {type(d).__name__ for envelope in written for d in (envelope.response.directives or [])}
    assert {"PlayDirective", "SendRequestDirective", "StopDirective"} <= kinds
    for envelope in written:
        assert_written_like_the_sdk(envelope)
    assert any(isinstance(obj, TimerRequest) for obj in sent)
    for obj in sent:
        assert FAST.serialize(obj) == SDK.serialize(obj)
    assert any(obj_type == "ask_sdk_model.services.timer_management.timer_response.TimerResponse"
               for _, obj_type in read)
    for payload, obj_type in read:
        assert FAST.deserialize(payload, obj_type) == SDK.deserialize(payload, obj_type)


def test_service_answers_read_as_the_sdk_reads_them():
    answer = json.dumps({"id": "t-1", "status": "ON", "duration": "PT10M", "timerLabel": "Back Relief",
                         "createdTime": "2024-05-01T10:00:00.000Z", "triggerTime": "2024-05-01T10:10:00Z",
                         "remainingTimeWhenPaused": None})
    ours = FAST.deserialize(answer, TimerResponse)
    assert ours == SDK.deserialize(answer, TimerResponse)
    assert ours.created_time.utcoffset() is not None
