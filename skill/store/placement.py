"""Where a request's keys are stored, and under which names.

A person's keys live in their own bucket (the voice profile's hashed id, else the account's); a
device's keys live with the account, named by the keyed hash of the device id, so every request
from that device finds them whoever speaks, and no device id reaches the database.
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import Dict, List, Optional, Tuple

from ask_sdk_core.exceptions import PersistenceException

from .attributes import DEVICE_KEY_PREFIX, DEVICE_RECORD_SUFFIXES, is_device_key
from .identity import IdHasher, RawIds

_SPEAKER_ID = re.compile(r"[0-9a-f]{64}")       # an IdHasher hex digest


def checked_speaker(speaker: Optional[str]) -> Optional[str]:
    """A speaker reference a handler took from stored state, checked to be one of our hashed ids."""
    if speaker is not None and not (isinstance(speaker, str) and _SPEAKER_ID.fullmatch(speaker)):
        raise PersistenceException("history of another speaker: not a speaker reference")
    return speaker


class Placement:
    """One request's owner, account and device keys, hashed once for all its statements."""

    def __init__(self, ids: RawIds, hasher: IdHasher):
        self.owner, self.account = hasher(ids.owner), hasher(ids.user_id)
        # A recognised voice profile's hashed id (PersistentAttributes.speaker); None for the account.
        self.speaker = self.owner if ids.person_id else None
        self._hasher = hasher
        self.device_key = DEVICE_KEY_PREFIX + ids.device_id if ids.device_id else None

    @cached_property
    def device_keys(self) -> Dict[str, str]:
        """This device's keys as stored -> as handlers know them: its state and the records beside
        it (what a load reads; a save names its keys itself)."""
        if not self.device_key:
            return {}
        keys = (self.device_key, *(self.device_key + suffix for suffix in DEVICE_RECORD_SUFFIXES))
        return {self.stored(key)[1]: key for key in keys}

    def stored(self, key: str) -> Tuple[str, str]:
        """(owner, name) under which `key`, as handlers know it, is stored."""
        if is_device_key(key):
            return self.account, DEVICE_KEY_PREFIX + self._hasher(key[len(DEVICE_KEY_PREFIX):])
        return self.owner, key

    def by_owner(self, keys: List[str]) -> Dict[str, List[str]]:
        grouped: Dict[str, List[str]] = {}
        for key in keys:
            owner, name = self.stored(key)
            grouped.setdefault(owner, []).append(name)
        return grouped
