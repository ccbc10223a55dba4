"""The person's own day, for "today" and "days in a row" (history.py): the device's time zone.

It comes from Alexa's settings API (no permission needed), asked only by the
requests that count days. Any failure means UTC, said once in the log: the answer is then off by
at most the zone's offset, never missing.
"""
from __future__ import annotations

import logging
from datetime import timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.handler_input import HandlerInput

log = logging.getLogger("skill.local_time")


def device_time_zone(handler_input: HandlerInput) -> tzinfo:
    """The zone the device is set to, or UTC when Alexa can't tell us."""
    system = handler_input.request_envelope.context.system if handler_input.request_envelope.context else None
    device_id = getattr(getattr(system, "device", None), "device_id", None)
    factory = handler_input.service_client_factory
    if not device_id or factory is None:
        return timezone.utc
    try:
        name = factory.get_ups_service().get_system_time_zone(device_id=device_id)
        return ZoneInfo(name) if isinstance(name, str) and name else timezone.utc
    except (ZoneInfoNotFoundError, ValueError) as failure:
        log.info("unknown time zone from the settings API: %s", type(failure).__name__)
    except Exception as failure:  # noqa: BLE001 - the API down or refusing: count in UTC
        log.info("could not read the device's time zone: %s", type(failure).__name__)
    return timezone.utc

