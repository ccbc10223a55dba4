"""WSGI apps the webhook benchmark serves with gunicorn, and the on-disk test CA they share.

    gunicorn -c gunicorn.conf.py 'bench.apps:create_bare_app()'    # the Flask floor
    gunicorn -c gunicorn.conf.py 'bench.apps:create_skill_app()'   # the real skill

The skill is built from the usual environment (`Settings.from_env()`); with verification on, the
request verifier trusts only the local test CA whose files the benchmark driver wrote to
`$BENCH_CA_DIR` (gunicorn workers are separate processes, so the CA must travel through disk).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Tuple

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from flask import Flask, Response, request

from tests.support.alexa_ca import CERT_URL

CA_DIR_ENV = "BENCH_CA_DIR"
ROOT_PEM, CHAIN_PEM, LEAF_KEY_PEM = "root.pem", "chain.pem", "leaf-key.pem"

# About the size of a short skill answer, so both servers write similar responses.
_BARE_ANSWER = json.dumps({
    "version": "1.0", "sessionAttributes": {"condition": "lower_back_spasm", "step": 1},
    "response": {"outputSpeech": {"type": "SSML", "ssml": "<speak>" + "x" * 160 + "</speak>"},
                 "shouldEndSession": False}}, separators=(",", ":")).encode()


def create_bare_app() -> Flask:
    """The floor: Flask parses the same request bodies as JSON and answers a fixed small JSON."""
    app = Flask("bare")

    @app.post("/alexa")
    def alexa() -> Response:
        envelope = json.loads(request.get_data(cache=False))
        status = 200 if isinstance(envelope, dict) else 400
        return Response(_BARE_ANSWER, status=status, mimetype="application/json")

    @app.get("/healthz")
    def healthz() -> Response:
        return Response(b'{"status":"ok"}', mimetype="application/json")

    return app


def save_test_ca(ca, directory: Path) -> None:
    """Write what the server (root, chain) and a signer (leaf key) need from an AlexaTestCA."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / ROOT_PEM).write_bytes(ca.root_pem)
    (directory / CHAIN_PEM).write_bytes(ca.chain_pem("good"))
    key = ca.leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    key_path = directory / LEAF_KEY_PEM
    key_path.write_bytes(key)
    key_path.chmod(0o600)


def load_test_ca(directory: Path) -> Tuple[x509.Certificate, bytes]:
    """(trusted root, PEM chain served at CERT_URL) from a directory written by save_test_ca."""
    root = x509.load_pem_x509_certificate((directory / ROOT_PEM).read_bytes())
    return root, (directory / CHAIN_PEM).read_bytes()


def _no_network(url: str, timeout: float) -> bytes:
    raise OSError(f"the benchmark never downloads certificates ({url})")


def verifier_for_test_ca(directory: Path):
    """A RequestVerifier trusting only the test CA saved in `directory`, its chain preloaded for
    CERT_URL: the benchmark never downloads anything."""
    from skill.verification import RequestVerifier

    root, chain = load_test_ca(directory)
    verifier = RequestVerifier([root], fetch=_no_network)
    verifier.preload_chain(CERT_URL, chain)
    return verifier


def create_skill_app() -> Flask:
    """The skill as `create_app()` builds it, except that signatures are checked against the test CA."""
    from skill.app import create_app
    from skill.config import Settings
    from skill.verification import ApplicationIdVerifier, TimestampVerifier

    settings = Settings.from_env()
    if not settings.verify_requests:
        return create_app(settings)                 # build_verifiers: application id only
    ca_dir = os.environ.get(CA_DIR_ENV)
    if not ca_dir:
        raise RuntimeError(f"{CA_DIR_ENV} must name the test CA directory when verification is on")
    verifiers = [verifier_for_test_ca(Path(ca_dir)), TimestampVerifier()]
    if settings.skill_id:
        verifiers.append(ApplicationIdVerifier(settings.skill_id))
    return create_app(settings, verifiers=verifiers)
