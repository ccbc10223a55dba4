"""What time it is for a request: the moment Alexa stamped on it (request.timestamp).

Every part of the skill that needs "now" (when a session started or finished, what "today" and
"this week" are, how long ago something happened) asks here, so one request agrees with itself,
and a conversation whose requests are stamped later (the simulator's ":wait 25h", a dialog test
crossing midnight) is later for the skill too. With request verification on, TimestampVerifier
has already checked the stamp is within 150 seconds of the real time. The serializer has parsed
it into an aware datetime; without one (missing, or with no time zone), the wall clock.
"""
from __future__ import annotations

from datetime import datetime, timezone

from ask_sdk_core.handler_input import HandlerInput


def now(handler_input: HandlerInput) -> datetime:
    """The request's own time, aware and in UTC; the wall clock when it carries none we can use."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, datetime) and stamp.utcoffset() is not None:
        return stamp.astimezone(timezone.utc)
    return datetime.now(timezone.utc)
