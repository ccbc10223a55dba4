"""Alexa's Timers API as the simulated device sees it, behind the SDK's ApiClient interface, the
Reminders API (the skill's reminders kept, listed and deleted; they never ring here), and the
device's time zone from its settings API.

Given to the in-process skill (`create_app(settings, api_client=...)`), it keeps the simulator
offline: timers run on the simulator's clock, and the display shows when one is set and when it
rings. Without the user's consent (no `:permission accepted` / "yes" yet) it answers 401, as Alexa does.
"""
from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import urlparse

from ask_sdk_model.services import ApiClient, ApiClientResponse

from skill.simulator.display import format_ms
from skill.simulator.durations import duration_seconds

MAX_TIMERS = 10


def _announcement(body: Dict[str, Any]) -> str:
    operation = (body.get("triggeringBehavior") or {}).get("operation") or {}
    texts = operation.get("textToAnnounce") or []
    return texts[0].get("text", "") if texts else ""


class SimulatedAlexaApi(ApiClient):
    def __init__(self, clock: Optional[Callable[[], datetime]] = None):
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.permitted = False
        self.time_zone = "UTC"      # the device's, as Alexa's settings API reports it (:timezone)
        self.timers: Dict[str, Dict[str, Any]] = {}
        self.reminders: Dict[str, Dict[str, Any]] = {}
        self.messages: List[str] = []
        self.calls: List[tuple] = []

    def _reply(self, status: int, body: Any = None) -> ApiClientResponse:
        return ApiClientResponse(headers=[("Content-Type", "application/json")], status_code=status,
                                 body=json.dumps(body) if body is not None else "")

    def invoke(self, request: Any) -> ApiClientResponse:
        path = urlparse(request.url).path
        body = request.body or {}
        if isinstance(body, (str, bytes)):      # the SDK hands over the serialized dict as it is
            body = json.loads(body)
        self.calls.append((request.method, path, body))
        if re.fullmatch(r"/v2/devices/[^/]+/settings/System\.timeZone", path):
            return self._reply(200, self.time_zone)
        if path.startswith("/v1/alerts/reminders"):
            return self._reminders(request.method, path, body)
        if not path.startswith("/v1/alerts/timers"):
            self.messages.append(f"(the skill called {request.method} {path}; the simulator answered 200)")
            return self._reply(200, {})
        if not self.permitted:
            self.messages.append(f"⏲ Timers API refused {request.method} {path}: no permission yet (401)")
            return self._reply(401, {"code": "UNAUTHORIZED", "message": "no consent for timers"})
        match = re.fullmatch(r"/v1/alerts/timers(?:/([^/]+))?(?:/(pause|resume))?", path)
        timer_id, action = match.groups() if match else (None, None)
        if request.method == "POST" and timer_id is None:
            return self._create(body)
        timer = self.timers.get(timer_id or "")
        if timer_id and timer is None:
            return self._reply(404, {"code": "TIMER_NOT_FOUND", "message": "no such timer"})
        if request.method == "DELETE":
            for key in ([timer_id] if timer_id else list(self.timers)):
                self.messages.append(f"⏲ timer “{self.timers.pop(key)['timerLabel']}” deleted")
            return self._reply(200)
        if action == "pause" and timer["status"] == "ON":
            timer["remaining"] = max(0.0, (timer["ends_at"] - self.clock()).total_seconds())
            timer["status"] = "PAUSED"
            self.messages.append(f"⏲ timer “{timer['timerLabel']}” paused")
        elif action == "resume" and timer["status"] == "PAUSED":
            timer["ends_at"] = self.clock() + timedelta(seconds=timer["remaining"])
            timer["status"] = "ON"
            self.messages.append(f"⏲ timer “{timer['timerLabel']}” resumed")
        return self._reply(200, self._public(timer_id) if timer_id else
                           {"timers": [self._public(k) for k in self.timers]})

    def _reminders(self, method: str, path: str, body: Dict[str, Any]) -> ApiClientResponse:
        token = path[len("/v1/alerts/reminders/"):] if path.startswith("/v1/alerts/reminders/") else ""
        if method == "POST" and not token:
            token = str(uuid.uuid4())
            self.reminders[token] = {**body, "alertToken": token, "status": "ON"}
            trigger = body.get("trigger") or {}
            rules = (trigger.get("recurrence") or {}).get("recurrenceRules") or []
            every = f" repeating {rules[0]}" if rules else ""
            self.messages.append(f"⏰ reminder set for {trigger.get('scheduledTime')} {trigger.get('timeZoneId')}{every}")
            return self._reply(200, {"alertToken": token, "status": "ON", "version": "1"})
        if method == "GET" and not token:
            return self._reply(200, {"totalCount": str(len(self.reminders)), "alerts": list(self.reminders.values())})
        if method == "DELETE" and token in self.reminders:
            del self.reminders[token]
            self.messages.append("⏰ reminder deleted")
            return self._reply(200)
        return self._reply(404, {"code": "NOT_FOUND", "message": "no such reminder"})

    def _create(self, body: Dict[str, Any]) -> ApiClientResponse:
        seconds = duration_seconds(str(body.get("duration", ""))) or 0
        if len(self.timers) >= MAX_TIMERS:
            return self._reply(400, {"code": "MAXIMUM_TIMERS_REACHED", "message": "ten timers already"})
        if not seconds or seconds > 24 * 3600:
            return self._reply(400, {"code": "INVALID_DURATION", "message": str(body.get("duration"))})
        timer_id = str(uuid.uuid4())
        self.timers[timer_id] = {"timerLabel": body.get("timerLabel", ""), "duration": body.get("duration"),
                                 "announce": _announcement(body), "status": "ON",
                                 "ends_at": self.clock() + timedelta(seconds=seconds)}
        self.messages.append(f"⏲ timer “{body.get('timerLabel', '')}” set for {format_ms(seconds * 1000)}")
        return self._reply(200, self._public(timer_id))

    def _public(self, timer_id: str) -> Dict[str, Any]:
        timer = self.timers[timer_id]
        stamp = self.clock().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return {"id": timer_id, "status": timer["status"], "duration": timer["duration"],
                "timerLabel": timer["timerLabel"], "createdTime": stamp, "updatedTime": stamp,
                "triggerTime": timer["ends_at"].strftime("%Y-%m-%dT%H:%M:%S.000Z")}

    def next_due(self) -> Optional[datetime]:
        running = [t["ends_at"] for t in self.timers.values() if t["status"] == "ON"]
        return min(running) if running else None

    def ring_due(self, now: datetime) -> List[str]:
        """Timers that have ended by `now`: removed, with what Alexa announces."""
        rung = []
        for timer_id, timer in sorted(self.timers.items(), key=lambda item: item[1]["ends_at"]):
            if timer["status"] == "ON" and timer["ends_at"] <= now:
                del self.timers[timer_id]
                said = f": Alexa announces “{timer['announce']}”" if timer["announce"] else ""
                rung.append(f"⏲ timer “{timer['timerLabel']}” rings{said}")
        return rung
