"""One log line per answered request: request id, type, intent and time — never who asked or what
they said about their body. Under gunicorn (gunicorn.conf.py) that line is the access line; any
other server gets the skill's own line."""
from __future__ import annotations

import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skill.simulator.envelopes import DEFAULT_SKILL_ID, EnvelopeFactory
from tests.support.skill_client import AlexaClient, resolve, slot_type_of

PROJECT_DIR = Path(__file__).resolve().parent.parent
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
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post(port: int, path: str, body: bytes = b"", method: str = "POST"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body or None, {"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture
def gunicorn_server(tmp_path, audio_cache_dir):
    """The production command, `gunicorn -c gunicorn.conf.py 'skill.app:create_app()'`, on a free
    port, with one worker and verification off (its certificate download needs the internet)."""
    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    env = {**os.environ, "SKILL_BIND": f"127.0.0.1:{port}", "SKILL_WORKERS": "1",
           "SKILL_VERIFY_REQUESTS": "false", "SKILL_ID": DEFAULT_SKILL_ID,
           "SKILL_DATABASE_URL": f"sqlite:///{tmp_path / 'skill.sqlite3'}",
           "SKILL_AUDIO_CACHE_DIR": str(audio_cache_dir), "SKILL_PUBLIC_URL": "https://skill.example.test"}
    env.pop("SKILL_REQUEST_LOG", None)
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                                    "skill.app:create_app()"], cwd=PROJECT_DIR, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log_path.read_text()
            try:
                if _post(port, "/healthz", method="GET")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.05)
        yield port, log_path
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_under_gunicorn_the_access_line_is_the_only_line_per_request(gunicorn_server):
    port, log_path = gunicorn_server
    factory = EnvelopeFactory(person_id="amzn1.ask.person.TESTPERSON")
    envelope = factory.intent("RemedyIntent", {
        "area": resolve(slot_type_of("RemedyIntent", "area"), "lower back"),
        "symptom": resolve(slot_type_of("RemedyIntent", "symptom"), "spasming")}, new_session=True)
    status, body = _post(port, "/alexa", json.dumps(envelope).encode())
    assert status == 200 and "spasm" in json.loads(body)["response"]["outputSpeech"]["ssml"].lower()
    assert _post(port, "/alexa", b"{not json")[0] == 400

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
