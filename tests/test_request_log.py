"""One log line per answered request: request id, type, intent and time — never who asked or what
they said about their body. Under gunicorn (gunicorn.conf.py) that line is the access line; any
other server gets the skill's own line."""
from __future__ import annotations

import json
import logging
import time

import pytest

from skill.simulator.envelopes import DEFAULT_SKILL_ID, EnvelopeFactory
from tests.support.gunicorn_process import gunicorn, request
from tests.support.skill_client import AlexaClient, resolve, slot_type_of

# What a person said and who they are must not reach a log line.
PRIVATE_WORDS = ("lower back", "spasm", "spasming")


def _private_values(factory: EnvelopeFactory):
    return (factory.user_id, factory.device_id, factory.person_id or "no person") + PRIVATE_WORDS


def test_each_answered_request_logs_one_line_without_personal_data(app, caplog):
    caplog.set_level(logging.INFO)
    factory = EnvelopeFactory(person_id="amzn1.ask.person.TESTPERSON")
    alexa = AlexaClient(app, factory)

    reply = alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasming")
    assert "spasm" in reply.speech.lower()          # the words did reach the skill
    launch = factory.launch()
    alexa.post(launch)

    lines = [r.getMessage() for r in caplog.records if r.name == "skill.requests"]
    assert len(lines) == 2
    assert " IntentRequest RemedyIntent answered in " in lines[0]
    assert lines[1].startswith(f"{launch['request']['requestId']} LaunchRequest answered in ")
    for value in _private_values(factory):
        assert value not in caplog.text


def test_rejected_requests_log_no_answer_line(app, caplog):
    caplog.set_level(logging.INFO)
    response = app.test_client().post("/alexa", data=json.dumps(EnvelopeFactory().launch()),
                                      content_type="application/json")    # unsigned
    assert response.status_code == 400
    assert not [r for r in caplog.records if r.name == "skill.requests"]


def test_request_ids_that_could_forge_a_log_line_are_not_logged(app, caplog):
    caplog.set_level(logging.INFO)
    factory = EnvelopeFactory()
    launch = factory.launch()
    launch["request"]["requestId"] = "amzn1.echo-api.request.1\n2026-11-21 ERROR forged"
    AlexaClient(app, factory).post(launch)
    lines = [r.getMessage() for r in caplog.records if r.name == "skill.requests"]
    assert len(lines) == 1 and lines[0].startswith("? LaunchRequest answered in ") and "\n" not in lines[0]


# -- under gunicorn, as production serves it -------------------------------------------------------
@pytest.fixture
def gunicorn_server(tmp_path, audio_cache_dir):
    """The production command, `gunicorn -c gunicorn.conf.py 'skill.app:create_app()'`, with one
    worker and verification off (its certificate download needs the internet)."""
    log_path = tmp_path / "gunicorn.log"
    env = {"SKILL_WORKERS": "1", "SKILL_VERIFY_REQUESTS": "false", "SKILL_ID": DEFAULT_SKILL_ID,
           "SKILL_DATABASE_URL": f"sqlite:///{tmp_path / 'skill.sqlite3'}",
           "SKILL_AUDIO_CACHE_DIR": str(audio_cache_dir), "SKILL_PUBLIC_URL": "https://skill.example.test",
           "SKILL_REQUEST_LOG": None}       # unset: gunicorn.conf.py's own choice, as in production
    with gunicorn("skill.app:create_app()", env, log_path) as port:
        yield port, log_path


def test_under_gunicorn_the_access_line_is_the_only_line_per_request(gunicorn_server):
    port, log_path = gunicorn_server
    factory = EnvelopeFactory(person_id="amzn1.ask.person.TESTPERSON")
    envelope = factory.intent("RemedyIntent", {
        "area": resolve(slot_type_of("RemedyIntent", "area"), "lower back"),
        "symptom": resolve(slot_type_of("RemedyIntent", "symptom"), "spasming")}, new_session=True)
    status, body = request(port, "/alexa", json.dumps(envelope).encode())
    assert status == 200 and "spasm" in json.loads(body)["response"]["outputSpeech"]["ssml"].lower()
    assert request(port, "/alexa", b"{not json")[0] == 400

    time.sleep(0.2)                                # let the lines reach the file
    lines = log_path.read_text().splitlines()
    request_id = envelope["request"]["requestId"]
    answered = [line for line in lines if request_id in line]
    assert len(answered) == 1, lines
    assert '"POST /alexa HTTP/1.1" 200 ' in answered[0]
    assert answered[0].endswith(f"{request_id} IntentRequest RemedyIntent")
    assert not [line for line in lines if "skill.requests" in line or "answered in" in line]
    assert [line for line in lines if '"POST /alexa HTTP/1.1" 400 ' in line][0].endswith(" -")
    for value in _private_values(factory):
        assert value not in "\n".join(lines)
