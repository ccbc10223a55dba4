"""Who owns the data of a request, and how their ids are hidden before they reach the database.

A household shares one Alexa account; a recognised voice profile (`context.System.person`) gets its
own memory, everyone else shares the account's. Only keyed hashes (HMAC-SHA256) are stored, so a
copy of the database cannot be joined with other data by Alexa ids; the key is random per database
(created by the first migration).
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional


@dataclass(frozen=True)
class RawIds:
    """Alexa's ids for one request; never logged, never stored."""

    user_id: str
    person_id: Optional[str] = None
    device_id: Optional[str] = None

    @property
    def owner(self) -> str:
        return self.person_id or self.user_id

    def __repr__(self) -> str:                  # keep ids out of tracebacks and logs
        return f"RawIds(person={'yes' if self.person_id else 'no'})"


def ids_from_envelope(request_envelope) -> Optional[RawIds]:
    """The ids of a deserialized `RequestEnvelope`, or None when it carries no user at all."""
    context = getattr(request_envelope, "context", None)
    system = getattr(context, "system", None)
    user = getattr(system, "user", None)
    user_id = getattr(user, "user_id", None)
    if not user_id:
        session = getattr(request_envelope, "session", None)
        user_id = getattr(getattr(session, "user", None), "user_id", None)
    if not user_id:
        return None
    person_id = getattr(getattr(system, "person", None), "person_id", None)
    device_id = getattr(getattr(system, "device", None), "device_id", None)
    return RawIds(user_id=user_id, person_id=person_id or None, device_id=device_id or None)


class IdHasher:
    """HMAC-SHA256 of an id with this database's key. A request hashes its ids two or three times
    (load, save); the people active right now are remembered in this process only."""

    def __init__(self, key: bytes, remembered: int = 4096):
        self._key = key
        self._cached = lru_cache(maxsize=remembered)(self._hash)

    def _hash(self, raw_id: str) -> str:
        return hmac.new(self._key, raw_id.encode("utf-8"), hashlib.sha256).hexdigest()

    def __call__(self, raw_id: str) -> str:
        return self._cached(raw_id)
