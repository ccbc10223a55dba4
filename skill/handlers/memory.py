"""The person's memory (persistent attributes, see skill/store): read once a request, and noted in
the same database round trip as the load when a handler knows beforehand what it will write.

It holds disclaimer_heard, preferred_minutes, usual_type, last, history, timer_permission_asked,
pending_session, and playback.<device> for a running session. "last" is what they did last, a
remedy ({"kind", "id", "feeling"}: conversation.remedy_note) or a session; last_session, the last
session they started (a remedy started since does not hide it from "did I finish my session?").
A session started from a remedy's steps keeps in "last" where the steps were
(conversation.place_in_steps, with the pregnancy notes that shape them) until "next" takes them up
again.
"""
from __future__ import annotations

from typing import Any, Dict

from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.handler_input import HandlerInput

from skill import timer_session
# The last session they started: a persistent attribute, kept in history.py beside what forgets it.
from skill.history import LAST_SESSION  # noqa: F401 - handlers import it from here


class _Unavailable(dict):
    available = False


SETTLED = "timer_session_settled"      # request note: timer_session.settle has looked at memory
# Persistent attribute: the kind of session they said is their usual ("my usual is the mat",
# "I prefer heat"): what "start my usual" starts, ahead of the kind they finish most.
USUAL_TYPE = "usual_type"


def memory(handler_input: HandlerInput) -> Dict[str, Any]:
    """The person's persistent attributes; an empty, unavailable dict when there is no store. As
    it stands now: a session on a device without audio whose time is up is finished (its timer
    sent us no word of it: timer_session.settle)."""
    try:
        attributes = handler_input.attributes_manager.persistent_attributes
    except Exception:  # noqa: BLE001 - no adapter configured: the skill works without memory
        return _Unavailable()
    notes = handler_input.attributes_manager.request_attributes
    if not notes.get(SETTLED) and memory_available(attributes):
        notes[SETTLED] = True
        timer_session.settle(handler_input, attributes)
    return attributes


def memory_noting(handler_input: HandlerInput, notes: Dict[str, Any]) -> Dict[str, Any]:
    """The person's memory with `notes` set in it (when there is memory). A handler that knows
    what it will write before it reads calls this first: if memory is not loaded yet, the notes are
    stored in the same database round trip as the load, instead of a second one when the response
    is saved. (The ASK AttributesManager has no public "is it loaded" or "which adapter"; without
    them this falls back to loading, then noting.)"""
    manager = handler_input.attributes_manager
    adapter = getattr(manager, "_persistence_adapter", None)
    if not getattr(manager, "_persistent_attributes_set", True) and hasattr(adapter, "get_attributes_noting"):
        manager.persistent_attributes = adapter.get_attributes_noting(handler_input.request_envelope, notes)
        replaced = getattr(manager.persistent_attributes, "replaced", {})
        manager.request_attributes[REPLACED] = {key: replaced[key] for key in notes if key in replaced}
        return memory(handler_input)
    attributes = memory(handler_input)
    if memory_available(attributes):
        manager.request_attributes[REPLACED] = {key: attributes[key] for key in notes if key in attributes}
        attributes.update(notes)
    return attributes


REPLACED = "replaced_memory"        # request attribute: what memory_noting's notes replaced


def replaced_by_notes(handler_input: HandlerInput) -> Dict[str, Any]:
    """What this request's memory_noting replaced ("last" before a remedy's), by name."""
    return handler_input.attributes_manager.request_attributes.get(REPLACED) or {}


def note_without_reading(handler_input: HandlerInput, notes: Dict[str, Any]) -> None:
    """Store `notes` without loading memory: one round trip, a write, for an event that reports a
    fact and needs nothing back (where the audio stopped). Memory that is already loaded gets
    them like any change. Saved with the response, as always; not at all without the database."""
    manager = handler_input.attributes_manager
    if getattr(manager, "_persistence_adapter", None) is None:
        return                                      # no store configured: nothing is kept
    if getattr(manager, "_persistent_attributes_set", True):
        memory_noting(handler_input, notes)
    else:
        # A dict not from the adapter has no snapshot: its keys are all written, nothing deleted.
        manager.persistent_attributes = dict(notes)


def memory_available(attributes: Dict[str, Any]) -> bool:
    return getattr(attributes, "available", True)



def forget_finished(handler_input: HandlerInput, entry: Dict[str, Any]) -> None:
    """Delete one finished session from their history, in the store and in this request's memory
    ("forget that session"). Raises PersistenceException when it could not."""
    adapter = getattr(handler_input.attributes_manager, "_persistence_adapter", None)
    if not hasattr(adapter, "forget_history_entry"):
        raise PersistenceException("no store to forget a session in")
    adapter.forget_history_entry(handler_input.request_envelope, memory(handler_input), entry)
