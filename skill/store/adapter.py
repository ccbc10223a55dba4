"""`AbstractPersistenceAdapter` for the ASK SDK: what a request's memory does when the database
does or does not answer.

Loading never fails a request: without the database the handlers get an empty dict marked
`available=False` and the skill answers without memory. Saving writes only what changed and is a
no-op when the database is away. Deleting is the exception: a person who asked us to forget them
must hear the truth, so `delete_attributes` raises `PersistenceException` when it could not.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Mapping

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from .attributes import HISTORY, PersistentAttributes, diff, dumped, history_row, mark_saved
from .breaker import StoreUnavailable
from .identity import ids_from_envelope

if TYPE_CHECKING:  # pragma: no cover
    from .store import Store

log = logging.getLogger("skill.store")


def _corrupt(key: str) -> None:
    log.warning("stored attribute %r is not valid JSON; ignored", key)


class SqlPersistenceAdapter(AbstractPersistenceAdapter):
    def __init__(self, store: "Store"):
        self._store = store

    def get_attributes(self, request_envelope) -> PersistentAttributes:
        return self.get_attributes_noting(request_envelope, {})

    def get_attributes_noting(self, request_envelope, notes: Mapping[str, Any]) -> PersistentAttributes:
        """get_attributes with `notes` (name -> value) set. On PostgreSQL they are stored in the
        load's own statement (one round trip instead of a load and a save); on SQLite the response's
        save writes them, if they changed anything. Without the database nothing is noted, as a save
        would not be."""
        ids = ids_from_envelope(request_envelope)
        if ids is None:
            return PersistentAttributes.unavailable()
        with_load = self._store.notes_with_load
        texts = dumped(notes)
        try:
            values, rows, speaker = self._store.load(ids, note=texts if with_load else None)
        except StoreUnavailable:
            return PersistentAttributes.unavailable()
        replaced = {key: values[key] for key in texts if key in values}
        attributes = PersistentAttributes.loaded({**values, **texts} if with_load else values, rows,
                                                 on_corrupt=_corrupt, speaker=speaker)
        attributes.note_replaced(replaced)
        if not with_load:
            attributes.update(notes)
        return attributes

    def save_attributes(self, request_envelope, attributes: Mapping[str, Any]) -> None:
        """Write what changed since this request loaded; a no-op if nothing did or the database is
        away. Raises PersistenceException only for values that cannot be stored (a bug)."""
        ids = ids_from_envelope(request_envelope)
        if ids is None or attributes is None:
            return
        changes = diff(attributes)
        if not changes:
            return
        try:
            self._store.apply(ids, changes)
        except StoreUnavailable:
            return
        mark_saved(attributes, changes)

    def delete_attributes(self, request_envelope) -> None:
        ids = ids_from_envelope(request_envelope)
        if ids is None:
            raise PersistenceException("the request carries no user id")
        try:
            self._store.delete_owner(ids)
        except StoreUnavailable as exc:
            raise PersistenceException(f"could not delete stored data: {exc}") from exc

    def forget_history_entry(self, request_envelope, attributes: Mapping[str, Any],
                             entry: Mapping[str, Any]) -> None:
        """Delete one finished session of this person's ("forget that session") from the database
        and from this request's `attributes`. Raises PersistenceException when it could not: they
        are told it is forgotten only when it is."""
        ids = ids_from_envelope(request_envelope)
        if ids is None:
            raise PersistenceException("the request carries no user id")
        try:
            self._store.delete_history_entry(ids, history_row(entry))
        except StoreUnavailable as exc:
            raise PersistenceException(f"could not delete a history entry: {exc}") from exc
        entries = attributes.get(HISTORY)
        if isinstance(entries, list):
            entries[:] = [e for e in entries if e is not entry and history_row(e) != history_row(entry)]
