"""The attributes dict handlers see, and what changed in it since it was loaded.

Handlers read and write `attributes_manager.persistent_attributes` like a plain dict. To make two
devices of one person safe together, a save writes only the top-level keys whose value changed in
this request (and deletes the ones removed), and `history` only ever grows: entries added after the
load are inserted, nothing is rewritten. The loaded state lives on the dict itself, because the
ASK AttributesManager hands the very object from `get_attributes` back to `save_attributes`.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import orjson
from ask_sdk_core.exceptions import PersistenceException

from .schema import KEY_LEN

HISTORY = "history"
FINISHED_AT = "finished_at"
# A person's own choice that their finished sessions are not kept ("stop saving my sessions"):
# while it is set, no history row is written for them, whatever a handler appends.
SAVING_OFF = "saving_off"

# Keys that belong to a device rather than to whoever is speaking (a timed session's playback state):
# DEVICE_KEY_PREFIX + the device id. They live with the account: AudioPlayer events and button
# presses come with no voice profile, so a recognised speaker's session must be found where those
# requests look. Handlers see the device id; the database only its keyed hash, and a request loads
# the keys of its own device only: the state, and the records kept beside it, each named by the
# state's key plus one of DEVICE_RECORD_SUFFIXES (playback.stopped_key).
DEVICE_KEY_PREFIX = "playback."
STOPPED_RECORD = "#stopped"             # where its audio last stopped (playback.stopped_key)
DEVICE_RECORD_SUFFIXES = (STOPPED_RECORD,)

# A device key's value names the recognised speaker who started what it holds (their `speaker`), so
# forgetting that speaker deletes it too. Canonical JSON spells it '"started_by":"<id>"'.
SPEAKER_FIELD = "started_by"


def is_device_key(key: str) -> bool:
    return key.startswith(DEVICE_KEY_PREFIX)

# A history entry as stored: when it finished, as UTC ISO 8601 text (`datetime.isoformat()` of a
# UTC time, so one instant has one spelling), and the rest of it as canonical JSON. Equal entries
# are equal tuples: comparing needs no parsing.
HistoryRow = Tuple[str, str]


# One encoder for every save (json.dumps with options builds a new one per call).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                              allow_nan=False)
# orjson writes the same text ten times faster; what it would write differently or accept where
# the encoder above refuses (NaN as null, datetimes, dataclasses) goes to the encoder instead.
_ORJSON_CANONICAL = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def dump_json(value: Any) -> str:
    """Canonical JSON, so equal values give equal text and "unchanged" is a string comparison."""
    try:
        text = orjson.dumps(value, option=_ORJSON_CANONICAL)
    except TypeError:           # int keys, huge ints, sets, objects: the encoder's answer
        return _CANONICAL.encode(value)
    if b"null" in text:         # None, or a NaN orjson wrote as null: the encoder tells them apart
        return _CANONICAL.encode(value)
    return text.decode()


def utc_iso(value: Any) -> str:
    return _utc(value).isoformat()


def _utc(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise PersistenceException("history entry: finished_at is not an ISO 8601 time") from None
    if not isinstance(value, datetime):
        raise PersistenceException("history entry needs finished_at (ISO 8601 text or datetime)")
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def history_row(entry: Any) -> HistoryRow:
    if not isinstance(entry, Mapping):
        raise PersistenceException("history entries must be dicts")
    rest = {k: v for k, v in entry.items() if k != FINISHED_AT}
    try:
        return utc_iso(entry.get(FINISHED_AT)), dump_json(rest)
    except (TypeError, ValueError) as exc:
        raise PersistenceException(f"history entry is not JSON: {type(exc).__name__}") from None


def history_entries(rows: Sequence[HistoryRow]) -> List[Dict[str, Any]]:
    """Entries from stored rows (time as ISO text). Up to 500 of them are loaded on most requests,
    so they are parsed as one JSON document, not one by one."""
    parts = []
    for finished_at, text in rows:
        stamp = f'"{FINISHED_AT}":"{finished_at}"'
        parts.append(f"{text[:-1]},{stamp}}}" if text != "{}" else f"{{{stamp}}}")
    try:
        return orjson.loads(f"[{','.join(parts)}]")
    except ValueError:                 # a damaged row: keep the others
        entries = []
        for part in parts:
            try:
                entries.append(orjson.loads(part))
            except ValueError:
                continue
        return entries


class _Snapshot:
    """What one request loaded: canonical JSON per key, and the history entries handed out.

    New history entries are found by identity first (a loaded entry is the very object we handed
    out, whatever the handler did to the list), and only the rest are compared by content.
    """

    __slots__ = ("values", "history_objects", "history_ids", "history_rows")

    def __init__(self, values: Dict[str, str], history_objects: List[Any],
                 history_rows: Sequence[HistoryRow]):
        self.values = values
        self.history_objects = history_objects          # keeps the objects alive, so ids stay unique
        self.history_ids = {id(e) for e in history_objects}
        self.history_rows = list(history_rows)

    def history_keys(self) -> Counter:
        return Counter(self.history_rows)


class PersistentAttributes(dict):
    """A person's memory for one request, with their account's key for this device. `available` is
    False when the database could not be read; the dict is then empty and a save will not write any
    key (it would overwrite what is stored).

    `speaker` names whose memory this is: an opaque reference to a recognised voice profile (the
    store's hashed id), or None for the account's shared memory. A handler that finishes something a
    different speaker started (a session's last AudioPlayer event, which carries no voice) records
    it in that speaker's history with `add_history_of`.
    """

    def __init__(self, values: Optional[Mapping[str, Any]] = None, *, available: bool = True,
                 speaker: Optional[str] = None):
        super().__init__(values or {})
        self.available = available
        self.speaker = speaker
        self.history_of_others: List[Tuple[Optional[str], Dict[str, Any]]] = []
        # What notes laid over at the load replaced (SqlPersistenceAdapter.get_attributes_noting):
        # the "last" before a remedy's, for "what did I do last time" during it.
        self.replaced: Dict[str, Any] = {}
        self._snapshot: Optional[_Snapshot] = None

    @classmethod
    def unavailable(cls) -> "PersistentAttributes":
        attrs = cls(available=False)
        attrs._snapshot = _Snapshot({}, [], [])
        return attrs

    @classmethod
    def loaded(cls, values: Mapping[str, str], rows: Sequence[HistoryRow],
               on_corrupt=lambda key: None, speaker: Optional[str] = None) -> "PersistentAttributes":
        attrs = cls(speaker=speaker)
        snapshot_values = {}
        for key, text in values.items():
            try:
                attrs[key] = orjson.loads(text)
            except ValueError:
                on_corrupt(key)          # left out: the next save of this key repairs it
                continue
            snapshot_values[key] = text
        history = history_entries(rows)
        attrs[HISTORY] = history
        attrs._snapshot = _Snapshot(snapshot_values, list(history), rows)
        return attrs

    def note_replaced(self, texts: Mapping[str, str]) -> None:
        """Keep what notes laid over at the load replaced (name -> stored JSON text): `replaced`."""
        for key, text in texts.items():
            try:
                self.replaced[key] = orjson.loads(text)
            except ValueError:
                continue

    def add_history_of(self, speaker: Optional[str], entry: Dict[str, Any]) -> None:
        """Add `entry` to the history of `speaker` (a `.speaker` of an earlier request), which may
        be someone other than whose memory this is."""
        if speaker == self.speaker:
            if not self.get(SAVING_OFF):
                self[HISTORY] = [*(self.get(HISTORY) or []), entry]
        elif self.available:
            self.history_of_others.append((speaker, entry))

    def __repr__(self) -> str:
        # Values are what people told us, and device keys hold a device id: keep both out of logs.
        keys = sorted({DEVICE_KEY_PREFIX + "*" if is_device_key(k) else k for k in self if isinstance(k, str)})
        return f"PersistentAttributes(keys={keys}, available={self.available})"


@dataclass
class Changes:
    upserts: Dict[str, str] = field(default_factory=dict)     # key -> canonical JSON
    deletes: List[str] = field(default_factory=list)
    appends: List[HistoryRow] = field(default_factory=list)
    # History rows for other speakers of the same account (PersistentAttributes.add_history_of):
    appends_of_others: Dict[Optional[str], List[HistoryRow]] = field(default_factory=dict)
    # For updating the snapshot after a successful save:
    current: Dict[str, str] = field(default_factory=dict)
    history_objects: List[Any] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.upserts or self.deletes or self.appends or self.appends_of_others)


def _check_key(key: Any) -> None:
    """Names must fit the column; a device's key is stored under the hash of its (long) device id."""
    if not isinstance(key, str) or not key or (len(key) > KEY_LEN and not is_device_key(key)):
        raise PersistenceException(f"attribute names must be text of 1..{KEY_LEN} characters")


def _dump_value(key: str, value: Any) -> str:
    try:
        return dump_json(value)
    except (TypeError, ValueError) as exc:
        raise PersistenceException(f"attribute {key!r} is not JSON: {type(exc).__name__}") from None


def dumped(values: Mapping[str, Any]) -> Dict[str, str]:
    """Canonical JSON of attributes to store (not `history`). Raises PersistenceException for
    names or values that cannot be stored (a bug)."""
    for key in values:
        if key == HISTORY:
            raise PersistenceException("history is appended by a save, not noted")
        _check_key(key)
    return {key: _dump_value(key, value) for key, value in values.items()}


def diff(attributes: Mapping[str, Any]) -> Changes:
    """What a save has to write. Raises PersistenceException for values that are not JSON (a bug).

    A plain dict (not from get_attributes) has no snapshot: every key counts as changed, nothing is
    deleted, and history entries are inserted unless already stored (the store checks).
    """
    snapshot = attributes._snapshot if isinstance(attributes, PersistentAttributes) else None
    available = snapshot is not None and attributes.available
    changes = Changes()
    for key, value in attributes.items():
        if key == HISTORY:
            continue
        _check_key(key)
        text = _dump_value(key, value)
        changes.current[key] = text
        if snapshot is None or (available and snapshot.values.get(key) != text):
            changes.upserts[key] = text
    if available:
        changes.deletes = [key for key in snapshot.values if key not in attributes]

    for speaker, entry in getattr(attributes, "history_of_others", ()):
        changes.appends_of_others.setdefault(speaker, []).append(history_row(entry))

    history = attributes.get(HISTORY)
    if history is None:
        return changes
    if not isinstance(history, (list, tuple)):
        raise PersistenceException("attribute 'history' must be a list of dicts")
    changes.history_objects = list(history)
    if attributes.get(SAVING_OFF):           # they asked us not to keep their sessions: nothing new goes in
        return changes
    if snapshot is None:
        changes.appends = [history_row(e) for e in history]
        return changes
    fresh = [e for e in history if id(e) not in snapshot.history_ids]
    if fresh:
        # Copies of loaded entries (a handler that rebuilt the list) are not new: match by content.
        loaded = snapshot.history_keys()
        for entry in fresh:
            row = history_row(entry)
            if loaded[row] > 0:
                loaded[row] -= 1
            else:
                changes.appends.append(row)
    return changes


def mark_saved(attributes: Mapping[str, Any], changes: Changes) -> None:
    """After a successful save, what was written counts as loaded (a second save writes nothing)."""
    if not isinstance(attributes, PersistentAttributes) or attributes._snapshot is None:
        return
    old = attributes._snapshot
    values = changes.current if attributes.available else old.values
    rows = old.history_rows + changes.appends
    objects = changes.history_objects or old.history_objects
    attributes._snapshot = _Snapshot(dict(values), objects, rows)
    attributes.history_of_others.clear()


def unique(rows: Iterable[HistoryRow], stored: Iterable[HistoryRow]) -> List[HistoryRow]:
    """Rows not already stored (and not repeated), in their original order."""
    seen = set(stored)
    out = []
    for row in rows:
        if row not in seen:
            seen.add(row)
            out.append(row)
    return out
