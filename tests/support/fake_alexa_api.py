"""A stand-in for Alexa's REST APIs behind the SDK's ApiClient interface: the Timers API, the
Reminders API (`reminders`: the bodies posted), and the device's time zone from the settings API (`time_zone`; unset, it answers nothing, like a
failure, and the skill counts in UTC).

It records every call and answers as Alexa does; `fail_with` makes every call fail with that HTTP
status, so tests can show that a failing Timers API never breaks a session; `hang` makes every
call raise as a timed-out one does.
"""
from __future__ import annotations

import json
import uuid
from typing import Dict, List, Optional

from ask_sdk_model.services import ApiClient, ApiClientResponse


class FakeAlexaApi(ApiClient):
    def __init__(self) -> None:
        self.calls: List[tuple] = []
        self.fail_with: Optional[int] = None
        self.timers = {}
        self.time_zone: Optional[str] = None
        self.reminders: List[dict] = []       # every body posted
        self.alerts: Dict[str, dict] = {}      # the reminders set and not deleted, by alertToken
        self.hang = False

    def invoke(self, request):
        body = json.loads(request.body) if isinstance(request.body, (str, bytes)) else request.body
        self.calls.append((request.method, request.url, body))
        if self.hang:
            raise TimeoutError("Alexa's API did not answer in time")
        if self.fail_with:
            return ApiClientResponse(headers=[], status_code=self.fail_with,
                                     body=json.dumps({"code": "ERROR", "message": "failed"}))
        if request.url.endswith("/settings/System.timeZone") and self.time_zone:
            return ApiClientResponse(headers=[], status_code=200, body=json.dumps(self.time_zone))
        if request.method == "POST" and request.url.endswith("/v1/alerts/timers"):
            timer_id = str(uuid.uuid4())
            self.timers[timer_id] = body
            return ApiClientResponse(headers=[], status_code=200, body=json.dumps(
                {"id": timer_id, "status": "ON", "duration": body["duration"], "timerLabel": body["timerLabel"]}))
        if request.method == "POST" and request.url.endswith("/v1/alerts/reminders"):
            token = str(uuid.uuid4())
            self.reminders.append(body)
            self.alerts[token] = {**body, "alertToken": token, "status": "ON"}
            return ApiClientResponse(headers=[], status_code=200, body=json.dumps(
                {"alertToken": token, "status": "ON", "version": "1"}))
        if request.method == "GET" and request.url.endswith("/v1/alerts/reminders"):
            return ApiClientResponse(headers=[], status_code=200, body=json.dumps(
                {"totalCount": str(len(self.alerts)), "alerts": list(self.alerts.values())}))
        if request.method == "DELETE" and "/v1/alerts/reminders/" in request.url:
            self.alerts.pop(request.url.rsplit("/", 1)[-1], None)
        return ApiClientResponse(headers=[], status_code=200, body="")

    def calls_to(self, method: str, suffix: str = "") -> List[tuple]:
        return [call for call in self.calls if call[0] == method and call[1].split("?")[0].endswith(suffix)]
