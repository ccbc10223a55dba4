"""Alexa request verification, offline: a local CA stands in for Amazon's (tests/support)."""
from __future__ import annotations

import base64
import http.server
import json
import socket
import threading
import urllib.error
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from ask_sdk_model import RequestEnvelope
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_webservice_support.verifier_constants import SIGNATURE_CERT_CHAIN_URL_HEADER, SIGNATURE_HEADER

import skill.verification as verification
from skill.config import Settings, SettingsError
from skill.verification import (
    ApplicationIdVerifier, RequestVerifier, TimestampVerifier, VerificationException,
    build_verifiers)
from tests.support.alexa_ca import CERT_URL, AlexaTestCA

SKILL_ID = "amzn1.ask.skill.test-back-relief"


@pytest.fixture(scope="module")
def ca() -> AlexaTestCA:
    return AlexaTestCA.shared()


@pytest.fixture
def now(ca) -> datetime:
    return ca.now


def envelope(now: datetime, *, request_type="LaunchRequest", age_s: float = 0,
             timestamp=None, app_id=SKILL_ID) -> dict:
    stamp = timestamp if timestamp is not None else (
        (now - timedelta(seconds=age_s)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    env = {"version": "1.0",
           "context": {"System": {"application": {"applicationId": app_id}}},
           "request": {"type": request_type, "requestId": "amzn1.echo-api.request.1",
                       "timestamp": stamp, "locale": "en-US"}}
    if app_id is None:
        del env["context"]["System"]["application"]
    return env


def rejected(verifier, headers, body, env) -> str:
    with pytest.raises(VerificationException) as info:
        verifier.verify(headers, body, env)
    reason = info.value.reason
    assert reason and len(reason) < 80 and "\n" not in reason
    return reason


class CountingFetch:
    """A fetch stand-in: serves `responses` in order (bytes, or an exception to raise)."""

    def __init__(self, *responses):
        self.responses, self.calls = list(responses), []

    def __call__(self, url, timeout):
        self.calls.append((url, timeout))
        response = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        if isinstance(response, BaseException):
            raise response
        return response


# --- signature -----------------------------------------------------------------------------

def test_valid_request_passes(ca, now):
    body, headers = ca.signed_request(envelope(now))
    ca.make_verifier(clock=lambda: now).verify(headers, body, json.loads(body))


def test_headers_match_case_insensitively_and_str_body_is_accepted(ca, now):
    body, headers = ca.signed_request(envelope(now))
    lowered = {k.lower(): v for k, v in headers.items()}
    ca.make_verifier(clock=lambda: now).verify(lowered, body.decode("utf-8"), json.loads(body))


def test_tampered_body_fails(ca, now):
    body, headers = ca.signed_request(envelope(now))
    tampered = body.replace(b"LaunchRequest", b"SessionEndedRequest")
    reason = rejected(ca.make_verifier(clock=lambda: now), headers, tampered, json.loads(tampered))
    assert "signature" in reason


def test_signature_by_another_key_fails(ca, now):
    body = json.dumps(envelope(now)).encode()
    headers = ca.headers_for(body, key=ca.other_key)
    assert "signature" in rejected(ca.make_verifier(clock=lambda: now), headers, body, {})


@pytest.mark.parametrize("missing", ["SignatureCertChainUrl", "Signature-256"])
def test_each_header_is_required(ca, now, missing):
    body, headers = ca.signed_request(envelope(now))
    del headers[missing]
    assert missing in rejected(ca.make_verifier(clock=lambda: now), headers, body, {})


def test_sha1_signature_header_alone_is_not_accepted(ca, now):
    body, headers = ca.signed_request(envelope(now))
    headers["Signature"] = headers.pop("Signature-256")
    assert "Signature-256" in rejected(ca.make_verifier(clock=lambda: now), headers, body, {})


@pytest.mark.parametrize("bad", ["not base64 at all!", "QUJDR", "\u00e9t\u00e9"])
def test_malformed_base64_signature(ca, now, bad):
    body, headers = ca.signed_request(envelope(now))
    headers["Signature-256"] = bad
    assert "base64" in rejected(ca.make_verifier(clock=lambda: now), headers, body, {})


def test_wrong_input_types_raise_verification_exception_only(ca, now):
    body, headers = ca.signed_request(envelope(now))
    verifier = ca.make_verifier(clock=lambda: now)
    assert "body" in rejected(verifier, headers, 12345, {})
    assert "body" in rejected(verifier, headers, None, {})
    rejected(verifier, {"SignatureCertChainUrl": 7, "Signature-256": headers["Signature-256"]},
             body, {})


# --- certificate URL -----------------------------------------------------------------------

@pytest.mark.parametrize("url, what", [
    ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", "https"),
    ("https://notamazon.com/echo.api/echo-api-cert.pem", "host"),
    ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", "path"),
    ("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem", "path"),
    ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", "port"),
    ("https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert.pem", "path"),
    ("https://s3.amazonaws.com", "path"),
    ("https://s3.amazonaws.com:99999/echo.api/x.pem", "URL"),
])
def test_bad_certificate_urls(ca, now, url, what):
    fetch = CountingFetch(ca.chain_pem())
    verifier = RequestVerifier([ca.root], clock=lambda: now, fetch=fetch)
    body, headers = ca.signed_request(envelope(now), url=url)
    assert what in rejected(verifier, headers, body, {})
    assert fetch.calls == []  # rejected before any download


@pytest.mark.parametrize("url", [
    "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    "HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
])
def test_good_certificate_urls_fetch_the_normalised_url(ca, now, url):
    fetch = CountingFetch(ca.chain_pem())
    verifier = RequestVerifier([ca.root], clock=lambda: now, fetch=fetch, download_timeout_s=2.5)
    body, headers = ca.signed_request(envelope(now), url=url)
    verifier.verify(headers, body, {})
    assert fetch.calls == [("https://s3.amazonaws.com/echo.api/echo-api-cert.pem", 2.5)]


# --- certificate chain ---------------------------------------------------------------------

@pytest.mark.parametrize("variant, what", [
    ("expired", "expired"),
    ("not_yet_valid", "not yet valid"),
    ("no_san", "echo-api.amazon.com"),
    ("no_digital_signature", "digital signature"),
    ("untrusted", "not trusted"),
])
def test_bad_chains(ca, now, variant, what):
    body, headers = ca.signed_request(envelope(now), variant=variant)
    verifier = ca.make_verifier(clock=lambda: now, variant=variant)
    assert what in rejected(verifier, headers, body, {})


def test_leaf_without_its_intermediate_is_not_trusted(ca, now):
    end = b"-----END CERTIFICATE-----\n"
    leaf_only = ca.chain_pem().split(end)[0] + end
    verifier = RequestVerifier([ca.root], clock=lambda: now, fetch=CountingFetch(leaf_only))
    body, headers = ca.signed_request(envelope(now))
    assert "not trusted" in rejected(verifier, headers, body, {})


def test_default_roots_do_not_trust_the_test_ca(ca, now):
    fetch = CountingFetch(ca.chain_pem())
    verifier = RequestVerifier(clock=lambda: now, fetch=fetch)  # certifi's bundle
    body, headers = ca.signed_request(envelope(now))
    assert "not trusted" in rejected(verifier, headers, body, {})


# Amazon's own signing chain as it was served at https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem
# in 2023 (public certificates: echo-api.amazon.com, Amazon RSA 2048 M01, Amazon Root CA 1 and its
# Starfield cross-signature); the leaf was valid from 2023-03-16 to 2023-12-23. No request signed
# with its key is public, so these show the chain and certificate rules on Amazon's real chain, and
# the signature rules on the test CA above.
AMAZON_CHAIN = (Path(__file__).parent / "fixtures" / "amazon" / "echo-api-cert-12.pem").read_bytes()
AMAZON_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"
SOME_SIGNATURE = {SIGNATURE_HEADER: base64.b64encode(bytes(range(256))).decode(),
                  SIGNATURE_CERT_CHAIN_URL_HEADER: AMAZON_URL}


def _amazon_verifier(when: datetime, chain: bytes = AMAZON_CHAIN) -> RequestVerifier:
    return RequestVerifier(clock=lambda: when, fetch=CountingFetch(chain))       # certifi's bundle


def test_amazons_real_chain_is_trusted_by_the_public_roots_while_valid():
    # Path validation passed, so the only complaint left is the signature (not Amazon's).
    verifier = _amazon_verifier(datetime(2023, 6, 1, tzinfo=timezone.utc))
    assert rejected(verifier, SOME_SIGNATURE, b'{"version":"1.0"}', {}) == \
        "signature does not match the request body"


def test_amazons_real_chain_after_it_expired_is_rejected():
    verifier = _amazon_verifier(datetime(2024, 1, 15, tzinfo=timezone.utc))
    assert rejected(verifier, SOME_SIGNATURE, b"{}", {}) == "signing certificate has expired or is not yet valid"


def test_amazons_real_leaf_without_its_intermediate_is_not_trusted():
    end = b"-----END CERTIFICATE-----\n"
    leaf_only = AMAZON_CHAIN.split(end)[0] + end
    verifier = _amazon_verifier(datetime(2023, 6, 1, tzinfo=timezone.utc), leaf_only)
    assert rejected(verifier, SOME_SIGNATURE, b"{}", {}) == "certificate chain is not trusted"


BAD_DER = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"


@pytest.mark.parametrize("garbage", [b"", b"not a certificate", BAD_DER])
def test_garbage_pem(ca, now, garbage):
    verifier = RequestVerifier([ca.root], clock=lambda: now, fetch=CountingFetch(garbage))
    body, headers = ca.signed_request(envelope(now))
    assert "certificate chain" in rejected(verifier, headers, body, {})


@pytest.mark.parametrize("failure", [
    OSError("connection refused"),
    socket.timeout("timed out"),
    TimeoutError(),
    urllib.error.HTTPError(CERT_URL, 404, "Not Found", {}, None),
])
def test_download_failures(ca, now, failure):
    verifier = RequestVerifier([ca.root], clock=lambda: now, fetch=CountingFetch(failure))
    body, headers = ca.signed_request(envelope(now))
    reason = rejected(verifier, headers, body, {})
    assert "download" in reason and "404" not in reason and "refused" not in reason


def test_oversized_or_non_bytes_download(ca, now):
    body, headers = ca.signed_request(envelope(now))
    huge = ca.chain_pem() + b"\n" * (256 * 1024)
    for response in (huge, "a str", None):
        verifier = RequestVerifier([ca.root], clock=lambda: now, fetch=CountingFetch(response))
        assert "download" in rejected(verifier, headers, body, {})


@pytest.fixture
def local_server():
    """A plain-HTTP server on localhost: /ok serves a body, /moved redirects, /big is oversized."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            routes = {"/ok": (200, b"PEM"), "/big": (200, b"x" * (300 * 1024)),
                      "/moved": (302, b""), "/missing": (404, b"")}
            status, payload = routes.get(self.path, (500, b""))
            self.send_response(status)
            if status == 302:
                self.send_header("Location", "/ok")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_default_fetch(local_server):
    fetch = verification._urllib_fetch
    assert fetch(local_server + "/ok", 2) == b"PEM"
    assert len(fetch(local_server + "/big", 2)) == 256 * 1024 + 1  # stops reading past the cap
    for path in ("/moved", "/missing"):  # redirects are refused, not followed
        with pytest.raises(urllib.error.HTTPError):
            fetch(local_server + path, 2)


# --- caching -------------------------------------------------------------------------------

def test_validated_chain_is_cached(ca, now, monkeypatch):
    builds = []
    real_builder = verification.PolicyBuilder
    monkeypatch.setattr(verification, "PolicyBuilder", lambda: builds.append(1) or real_builder())
    fetch = CountingFetch(ca.chain_pem())
    verifier = RequestVerifier([ca.root], clock=lambda: now, fetch=fetch)
    for _ in range(3):
        body, headers = ca.signed_request(envelope(now))
        verifier.verify(headers, body, {})
    assert len(fetch.calls) == 1 and len(builds) == 1


def test_cached_chain_still_expires(ca, now):
    clock = [now]
    verifier = ca.make_verifier(clock=lambda: clock[0])
    body, headers = ca.signed_request(envelope(now))
    verifier.verify(headers, body, {})
    clock[0] = now + timedelta(days=3651)  # past the leaf and the intermediate
    assert "expired" in rejected(verifier, headers, body, {})


def test_failed_download_is_not_cached(ca, now):
    fetch = CountingFetch(OSError("down"), ca.chain_pem())
    verifier = RequestVerifier([ca.root], clock=lambda: now, fetch=fetch)
    body, headers = ca.signed_request(envelope(now))
    rejected(verifier, headers, body, {})
    verifier.verify(headers, body, {})
    verifier.verify(headers, body, {})
    assert len(fetch.calls) == 2


def test_invalid_chain_is_not_cached(ca, now):
    fetch = CountingFetch(ca.chain_pem())
    verifier = RequestVerifier([ca.root], clock=lambda: now, fetch=fetch)
    verifier.preload_chain(CERT_URL, b"garbage")
    body, headers = ca.signed_request(envelope(now))
    rejected(verifier, headers, body, {})
    verifier.verify(headers, body, {})  # re-downloaded the (now good) chain
    assert len(fetch.calls) == 1


def test_cache_is_bounded(ca, now):
    fetch = CountingFetch(ca.chain_pem())
    verifier = RequestVerifier([ca.root], clock=lambda: now, fetch=fetch, max_cached_chains=2)
    body = json.dumps(envelope(now)).encode()
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{i}.pem" for i in (1, 2, 3, 1)]
    for url in urls:
        verifier.verify(ca.headers_for(body, url=url), body, {})
    assert len(fetch.calls) == 4  # cert-1 had been evicted by cert-3


def test_preload_rejects_bad_url(ca):
    with pytest.raises(VerificationException):
        RequestVerifier([ca.root]).preload_chain("https://example.com/echo.api/x.pem", b"")


def test_concurrent_verification(ca, now):
    verifier = ca.make_verifier(clock=lambda: now)
    body, headers = ca.signed_request(envelope(now))
    errors = []

    def work():
        try:
            for _ in range(50):
                verifier.verify(headers, body, {})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


# --- timestamp -----------------------------------------------------------------------------

@pytest.mark.parametrize("age_s, ok", [(0, True), (149, True), (150, True), (151, False),
                                       (-149, True), (-151, False)])
def test_timestamp_tolerance(now, age_s, ok):
    verifier = TimestampVerifier(clock=lambda: now)
    env = envelope(now, age_s=age_s)
    if ok:
        verifier.verify({}, b"", env)
    else:
        assert ("old" if age_s > 0 else "future") in rejected(verifier, {}, b"", env)


@pytest.mark.parametrize("request_type", ["AlexaSkillEvent.SkillDisabled",
                                          "AlexaSkillEvent.SkillPermissionAccepted",
                                          "AlexaSkillEvent.SomethingNew"])
def test_skill_events_may_be_an_hour_old(now, request_type):
    verifier = TimestampVerifier(clock=lambda: now)
    verifier.verify({}, b"", envelope(now, request_type=request_type, age_s=59 * 60))
    assert "old" in rejected(verifier, {}, b"",
                             envelope(now, request_type=request_type, age_s=61 * 60))
    assert "future" in rejected(verifier, {}, b"",
                                envelope(now, request_type=request_type, age_s=-151))


def test_normal_request_does_not_get_the_skill_event_tolerance(now):
    verifier = TimestampVerifier(clock=lambda: now)
    rejected(verifier, {}, b"", envelope(now, age_s=59 * 60))


@pytest.mark.parametrize("stamp, what", [
    ("2024-05-01T12:00:00", "time zone"),
    ("yesterday", "ISO-8601"),
    (1714564800, "ISO-8601"),
])
def test_bad_timestamps(now, stamp, what):
    verifier = TimestampVerifier(clock=lambda: now)
    assert what in rejected(verifier, {}, b"", envelope(now, timestamp=stamp))


def test_missing_timestamp_or_request(now):
    verifier = TimestampVerifier(clock=lambda: now)
    env = envelope(now)
    del env["request"]["timestamp"]
    assert "missing" in rejected(verifier, {}, b"", env)
    assert "missing" in rejected(verifier, {}, b"", {})
    assert "missing" in rejected(verifier, {}, b"", None)


def test_timestamp_with_offset_and_millis(now):
    verifier = TimestampVerifier(clock=lambda: now)
    local = (now - timedelta(seconds=10)).astimezone(timezone(timedelta(hours=-5)))
    verifier.verify({}, b"", envelope(now, timestamp=local.isoformat(timespec="milliseconds")))


def test_request_envelope_objects_are_accepted(now):
    env = DefaultSerializer().deserialize(json.dumps(envelope(now, age_s=200)), RequestEnvelope)
    assert "old" in rejected(TimestampVerifier(clock=lambda: now), {}, b"", env)
    ApplicationIdVerifier(SKILL_ID).verify({}, b"", env)
    fresh = DefaultSerializer().deserialize(json.dumps(envelope(now)), RequestEnvelope)
    TimestampVerifier(clock=lambda: now).verify({}, b"", fresh)


# --- application id ------------------------------------------------------------------------

def test_application_id(now):
    verifier = ApplicationIdVerifier(SKILL_ID)
    verifier.verify({}, b"", envelope(now))
    assert "match" in rejected(verifier, {}, b"", envelope(now, app_id="amzn1.ask.skill.other"))
    assert "missing" in rejected(verifier, {}, b"", envelope(now, app_id=None))
    assert "missing" in rejected(verifier, {}, b"", {"context": "not a dict"})


def test_application_id_falls_back_to_session(now):
    env = envelope(now, app_id=None)
    env["session"] = {"application": {"applicationId": SKILL_ID}}
    ApplicationIdVerifier(SKILL_ID).verify({}, b"", env)
    env["session"]["application"]["applicationId"] = "amzn1.ask.skill.other"
    rejected(ApplicationIdVerifier(SKILL_ID), {}, b"", env)


# --- build_verifiers -----------------------------------------------------------------------

def test_build_verifiers_without_verification():
    assert build_verifiers(Settings(verify_requests=False)) == []
    (only,) = build_verifiers(Settings(verify_requests=False, skill_id=SKILL_ID))
    assert isinstance(only, ApplicationIdVerifier)


def test_build_verifiers_full(ca, tmp_path, monkeypatch):
    kinds = [type(v) for v in build_verifiers(Settings(skill_id=SKILL_ID))]
    assert kinds == [RequestVerifier, TimestampVerifier, ApplicationIdVerifier]
    assert [type(v) for v in build_verifiers(Settings())] == [RequestVerifier, TimestampVerifier]

    fetch = CountingFetch(ca.chain_pem())
    monkeypatch.setattr(verification, "_urllib_fetch", fetch)
    ca_file = tmp_path / "test-root.pem"
    ca_file.write_bytes(ca.root_pem)
    request_verifier = build_verifiers(Settings(trusted_ca_file=ca_file,
                                                cert_download_timeout_s=1.5))[0]
    body, headers = ca.signed_request(envelope(ca.now))
    request_verifier.verify(headers, body, {})  # real clock; trusts the extra root
    assert fetch.calls == [(CERT_URL, 1.5)]


def test_build_verifiers_bad_ca_file(tmp_path):
    bad = tmp_path / "bad.pem"
    bad.write_text("nope")
    for path in (bad, tmp_path / "missing.pem"):
        with pytest.raises(SettingsError, match="SKILL_TRUSTED_CA_FILE"):
            build_verifiers(Settings(trusted_ca_file=path))


def test_reason_is_exposed_and_exception_is_sdk_type():
    from ask_sdk_runtime.exceptions import AskSdkException
    exc = VerificationException("short reason")
    assert isinstance(exc, AskSdkException) and exc.reason == "short reason"
