"""POST /alexa as the internet sees it: real verification with a local test CA; every bad request
gets a 4xx with a short JSON reason, never a 500 and never a traceback."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from skill.app import create_app
from skill.simulator.envelopes import EnvelopeFactory
from skill.verification import RequestVerifier
from tests.support.alexa_ca import AlexaTestCA

CA = AlexaTestCA.shared()


@pytest.fixture
def client(app):
    return app.test_client()


def launch_body(**changes) -> bytes:
    envelope = EnvelopeFactory().launch()
    envelope["request"].update(changes)
    return json.dumps(envelope).encode()


def post(client, body: bytes, headers=None):
    response = client.post("/alexa", data=body, headers=headers or {}, content_type="application/json")
    return response.status_code, response.get_json(silent=True), response.get_data(as_text=True)


def assert_rejected(result, status=400, mentions=""):
    code, payload, raw = result
    assert code == status, raw
    assert set(payload) == {"error"} and len(payload["error"]) < 120
    assert mentions in payload["error"]
    assert "Traceback" not in raw and "File \"" not in raw


def test_valid_signed_request_is_answered(client):
    body = launch_body()
    code, payload, _ = post(client, body, CA.headers_for(body))
    assert code == 200 and "Welcome" in payload["response"]["outputSpeech"]["ssml"]


def test_tampered_body_is_rejected(client):
    body = launch_body()
    headers = CA.headers_for(body)
    assert_rejected(post(client, body.replace(b"LaunchRequest", b"LaunchRequesT"), headers), mentions="signature")


def test_signature_from_another_key_is_rejected(client):
    body = launch_body()
    assert_rejected(post(client, body, CA.headers_for(body, key=CA.other_key)), mentions="signature")


@pytest.mark.parametrize("url", [
    "http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
    "https://notamazon.com/echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/invalid.path/echo-api-cert-test.pem",
    "https://s3.amazonaws.com:563/echo.api/echo-api-cert-test.pem",
    "https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert-test.pem",
])
def test_bad_certificate_urls_are_rejected(client, url):
    body = launch_body()
    assert_rejected(post(client, body, CA.headers_for(body, url=url)), mentions="certificate URL")


@pytest.mark.parametrize("variant,mentions", [("expired", "certificate"), ("no_san", "echo-api.amazon.com"),
                                              ("untrusted", "not trusted")])
def test_bad_certificate_chains_are_rejected(settings, fake_api, variant, mentions):
    app = create_app(settings, verifiers=[CA.make_verifier(variant=variant)], api_client=fake_api)
    body = launch_body()
    assert_rejected(post(app.test_client(), body, CA.headers_for(body)), mentions=mentions)


@pytest.mark.parametrize("missing", ["SignatureCertChainUrl", "Signature-256"])
def test_missing_signature_headers_are_rejected(client, missing):
    body = launch_body()
    headers = CA.headers_for(body)
    headers.pop(missing)
    assert_rejected(post(client, body, headers))


def test_certificate_download_failure_is_a_400_not_a_500(settings, fake_api):
    def unreachable(url, timeout):
        raise OSError("network is unreachable")
    verifier = RequestVerifier([CA.root], fetch=unreachable)
    app = create_app(settings, verifiers=[verifier], api_client=fake_api)
    body = launch_body()
    assert_rejected(post(app.test_client(), body, CA.headers_for(body)), mentions="download")


@pytest.mark.parametrize("age", [timedelta(seconds=151), timedelta(seconds=-151)])
def test_stale_or_future_timestamps_are_rejected(client, age, request_clock):
    moment = request_clock() - age
    if age < timedelta(0):      # whole seconds only: rounded up, so it stays past the limit until checked
        moment += timedelta(seconds=1)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = launch_body(timestamp=stamp)
    assert_rejected(post(client, body, CA.headers_for(body)), mentions="timestamp")


def test_timestamp_without_a_zone_is_a_400(client, request_clock):
    body = launch_body(timestamp=request_clock().strftime("%Y-%m-%dT%H:%M:%S"))
    assert_rejected(post(client, body, CA.headers_for(body)), mentions="timestamp")


def test_wrong_application_id_is_rejected(client):
    envelope = EnvelopeFactory(skill_id="amzn1.ask.skill.someone-else").launch()
    body = json.dumps(envelope).encode()
    assert_rejected(post(client, body, CA.headers_for(body)), mentions="application")


@pytest.mark.parametrize("body,mentions", [(b"", "empty"), (b"   ", "empty"), (b"{not json", "JSON"),
                                           (b"[1, 2]", "object"), (b'{"request": {}}', "request.type"),
                                           (b"\xff\xfe", "JSON")])
def test_malformed_bodies_are_rejected(client, body, mentions):
    assert_rejected(post(client, body, CA.headers_for(body)), mentions=mentions)


def test_oversized_body_is_a_413(client, settings):
    body = b"{" + b" " * (settings.max_request_bytes + 10) + b"}"
    assert_rejected(post(client, body, {}), status=413)


def test_unverified_server_still_checks_the_application_id(settings, fake_api):
    app = create_app(settings.with_changes(verify_requests=False), api_client=fake_api)
    good = json.dumps(EnvelopeFactory().launch()).encode()
    assert post(app.test_client(), good)[0] == 200
    wrong = json.dumps(EnvelopeFactory(skill_id="amzn1.ask.skill.other").launch()).encode()
    assert_rejected(post(app.test_client(), wrong), mentions="application")


def test_other_routes_answer_json(client):
    response = client.get("/alexa")
    assert response.status_code == 405 and response.get_json() == {"error": "method not allowed"}
    response = client.get("/nope")
    assert response.status_code == 404 and response.get_json() == {"error": "not found"}


def test_healthz_reports_the_database(client):
    payload = client.get("/healthz").get_json()
    assert payload["status"] == "ok" and payload["database"]["database"] == "ok"


def test_internal_failure_outside_handlers_still_answers(client, monkeypatch):
    from skill import webhook

    real = webhook.FastSerializer.serialize_response
    calls = {"n": 0}

    def first_call_fails(self, envelope):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("serializer exploded")
        return real(self, envelope)
    monkeypatch.setattr(webhook.FastSerializer, "serialize_response", first_call_fails)
    body = launch_body()
    code, payload, raw = post(client, body, CA.headers_for(body))
    assert code == 200 and "Sorry" in payload["response"]["outputSpeech"]["ssml"]
    assert "exploded" not in raw
