"""The path of one Alexa POST: read, verify, dispatch, answer.

Kept apart from Flask so the rules are in one place: bad input is the caller's fault and gets a
400 with a short reason; anything that goes wrong after verification is ours, is logged, and
still gets a well-formed answer Alexa can speak (or an empty one where speech is not allowed).

Every answered request is summed up for the logs as request id, request type and intent name:
never who asked or what they said.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Sequence

import orjson
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model import RequestEnvelope

from skill.errors import RetryLater
from skill.responses import apology_envelope
from skill.serialization import FastSerializer
from skill.verification import AbstractVerifier, VerificationException

log = logging.getLogger("skill.webhook")


@dataclass(frozen=True)
class WebhookResult:
    status: int
    body: bytes
    summary: Optional[str] = None   # "<request id> <type> [<intent>]" of an answered request


_LOGGABLE = re.compile(r"[\w.:-]{1,120}")     # ids and names Alexa sends; nothing that could forge a line


def _loggable(value: Any) -> str:
    return value if isinstance(value, str) and _LOGGABLE.fullmatch(value) else "?"


def _summary(request: Dict[str, Any]) -> str:
    intent = request.get("intent")
    name = intent.get("name") if isinstance(intent, dict) else None
    summary = f"{_loggable(request.get('requestId'))} {_loggable(request.get('type'))}"
    return f"{summary} {_loggable(name)}" if name is not None else summary


def _error(status: int, reason: str) -> WebhookResult:
    return WebhookResult(status, orjson.dumps({"error": reason}))


def _envelope_shape_problem(envelope: Any) -> Optional[str]:
    """Why this JSON is not an Alexa request envelope, or None when it looks like one."""
    if not isinstance(envelope, dict):
        return "request body must be a JSON object"
    request = envelope.get("request")
    if not isinstance(request, dict) or not isinstance(request.get("type"), str):
        return "request.type is missing"
    if not isinstance(request.get("requestId", ""), str) or not isinstance(request.get("locale", ""), str):
        return "request fields have the wrong type"
    context = envelope.get("context")
    if context is not None and not isinstance(context, dict):
        return "context must be an object"
    session = envelope.get("session")
    if session is not None and not isinstance(session, dict):
        return "session must be an object"
    return None


class AlexaWebhook:
    """Verifies and dispatches raw Alexa requests to a CustomSkill."""

    def __init__(self, skill: CustomSkill, verifiers: Sequence[AbstractVerifier],
                 serializer: Optional[FastSerializer] = None) -> None:
        self.skill = skill
        self.verifiers = list(verifiers)
        self.serializer = serializer or FastSerializer()

    def handle(self, raw_body: bytes, headers: Mapping[str, str]) -> WebhookResult:
        if not raw_body or not raw_body.strip():
            return _error(400, "empty request body")
        try:
            envelope_json = orjson.loads(raw_body)
        except (ValueError, UnicodeDecodeError):
            return _error(400, "request body is not valid JSON")
        problem = _envelope_shape_problem(envelope_json)
        if problem:
            return _error(400, problem)
        try:
            for verifier in self.verifiers:
                verifier.verify(headers, raw_body, envelope_json)
        except VerificationException as failure:
            log.info("rejected request: %s", failure.reason)
            return _error(400, failure.reason)
        try:
            envelope = self.serializer.deserialize_request(envelope_json)
        except Exception as failure:  # noqa: BLE001 - anything unreadable is the caller's fault
            log.info("unreadable envelope: %s", type(failure).__name__)
            return _error(400, "request envelope could not be read")
        try:
            body = self._dispatch(envelope, envelope_json)
        except RetryLater as failure:
            return _error(503, str(failure))
        return WebhookResult(200, body, _summary(envelope_json["request"]))

    def _dispatch(self, envelope: RequestEnvelope, envelope_json: Dict[str, Any]) -> bytes:
        request = envelope_json["request"]
        try:
            response = self.skill.invoke(request_envelope=envelope, context=None)
            body = self.serializer.serialize_response(response)
        except RetryLater:
            raise
        except Exception:  # noqa: BLE001 - the last line of defence: always answer Alexa
            log.exception("unhandled failure for %s (request %s)", request.get("type"),
                          request.get("requestId"))
            body = self.serializer.serialize_response(
                apology_envelope(request.get("type", ""), request.get("locale")))
        return body

