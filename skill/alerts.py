"""Alexa timers that announce the end of a session, through the SDK's Timers API client.

Every call may fail (no permission, network, the ten-timer limit): callers get None or False and
carry on, because the session audio has its own end signal.
"""
from __future__ import annotations

import functools
import logging
from typing import Optional

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.services import ApiClient
from ask_sdk_model.services.timer_management import (AnnounceOperation, CreationBehavior,
                                                     DisplayExperience, NotificationConfig,
                                                     TextToAnnounce, TimerRequest, TriggeringBehavior,
                                                     Visibility)

log = logging.getLogger("skill.alerts")

TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite"
MAX_TIMER_SECONDS = 2 * 60 * 60


# Alexa waits about 8 s for our answer; a call to its APIs that hangs must not take all of it (the
# SDK's own client sets no timeout at all: a hung call held a worker thread until gunicorn killed it).
API_TIMEOUT_S = 3.0


class AlexaApiClient(ApiClient):
    """The SDK's HTTP client for Alexa's APIs, with a timeout, imported on first use: it pulls in
    `requests`, which would otherwise add to every instance's start-up."""

    def __init__(self, timeout_s: float = API_TIMEOUT_S) -> None:
        self._client: Optional[ApiClient] = None
        self._timeout_s = timeout_s

    def invoke(self, request):
        if self._client is None:
            from ask_sdk_core.api_client import DefaultApiClient

            timeout_s = self._timeout_s

            class TimedApiClient(DefaultApiClient):
                def _resolve_method(self, request):
                    return functools.partial(super()._resolve_method(request), timeout=timeout_s)

            self._client = TimedApiClient()
        return self._client.invoke(request)


def iso_duration(seconds: float) -> str:
    """Whole seconds as ISO-8601, e.g. 603 → PT10M3S."""
    total = max(1, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")


# Request note: Alexa refused this request's timer for want of permission (401/403).
TIMER_REFUSED = "timer_refused"


def permission_granted(handler_input: HandlerInput, scope: str) -> bool:
    """Granted, as far as the request tells. Alexa's consent token comes with any permission the
    person gave; the scopes beside it, when sent, say which: one listed as anything but GRANTED,
    or missing from a list that names others, is not. Without scopes, the token is taken at its
    word (a refused call then tells: TIMER_REFUSED, the reminders' own)."""
    user = handler_input.request_envelope.context.system.user
    permissions = getattr(user, "permissions", None) if user else None
    if not permissions or not permissions.consent_token:
        return False
    if not permissions.scopes:
        return True
    status = getattr(permissions.scopes.get(scope), "status", None)
    return getattr(status, "value", status) == "GRANTED"


def has_timer_permission(handler_input: HandlerInput) -> bool:
    return permission_granted(handler_input, TIMERS_SCOPE)


def _timers(handler_input: HandlerInput):
    factory = handler_input.service_client_factory
    if factory is None:
        raise RuntimeError("no Alexa API client configured")
    return factory.get_timer_management_service()


def create_timer(handler_input: HandlerInput, seconds: float, label: str, announce: str) -> Optional[str]:
    """Start a timer that speaks `announce` when it ends; its id, or None if it could not be set."""
    locale = handler_input.request_envelope.request.locale or "en-US"
    request = TimerRequest(
        duration=iso_duration(min(seconds, MAX_TIMER_SECONDS)),
        timer_label=label[:256],
        creation_behavior=CreationBehavior(display_experience=DisplayExperience(visibility=Visibility.VISIBLE)),
        triggering_behavior=TriggeringBehavior(
            operation=AnnounceOperation(text_to_announce=[TextToAnnounce(locale=locale, text=announce)]),
            notification_config=NotificationConfig(play_audible=True)))
    try:
        response = _timers(handler_input).create_timer(timer_request=request)
        return getattr(response, "id", None)
    except Exception as failure:  # noqa: BLE001 - any failure means "no spoken alert this time"
        if getattr(failure, "status_code", None) in (401, 403):
            handler_input.attributes_manager.request_attributes[TIMER_REFUSED] = True
        log.warning("could not create a timer: %s", type(failure).__name__)
        return None


def control_timer(handler_input: HandlerInput, timer_id: Optional[str], action: str) -> bool:
    """pause, resume or delete a timer we created; False when it did not work. Deleting one that
    is gone already (rung, or cancelled by voice) works: nothing of it is left to ring."""
    if not timer_id:
        return False
    try:
        service = _timers(handler_input)
        {"pause": service.pause_timer, "resume": service.resume_timer,
         "delete": service.delete_timer}[action](id=timer_id)
        return True
    except Exception as failure:  # noqa: BLE001
        if action == "delete" and getattr(failure, "status_code", None) == 404:
            return True
        log.info("could not %s a timer: %s", action, type(failure).__name__)
        return False


def delete_all_timers(handler_input: HandlerInput) -> bool:
    """Cancel every timer this skill has set for the account, on any of its devices."""
    try:
        _timers(handler_input).delete_timers()
        return True
    except Exception as failure:  # noqa: BLE001
        log.info("could not delete the timers: %s", type(failure).__name__)
        return False
