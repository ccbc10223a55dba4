"""Forgetting one finished session ("forget that session"): its history row is deleted in the
database, on both backends, and nothing else is: not the person's other sessions, not someone
else's identical one."""
from __future__ import annotations

from skill.simulator.envelopes import EnvelopeFactory
from skill.store import HISTORY

from .helpers import envelope, remember, session_entry

USER_ID = "amzn1.ask.account.FORGETONEENTRY0123456789"
PERSON_ID = "amzn1.ask.person.FORGETONEENTRY0123456789"


def _history(store, factory):
    return [(e["type"], e["minutes"], e["finished_at"]) for e in
            store.adapter.get_attributes(envelope(factory))[HISTORY]]


def test_one_entry_is_deleted_and_the_rest_stay(store):
    shared, person = EnvelopeFactory(user_id=USER_ID), EnvelopeFactory(user_id=USER_ID, person_id=PERSON_ID)
    yesterday, this_morning = session_entry(60 * 24, minutes=15), session_entry(30, minutes=10)
    remember(store, shared, history=[yesterday, session_entry(90, kind="meditation", minutes=5), this_morning])
    remember(store, person, history=[dict(this_morning)])        # the same session, someone else's

    request = envelope(shared)
    attrs = store.adapter.get_attributes(request)
    newest = max(attrs[HISTORY], key=lambda e: e["finished_at"])
    store.adapter.forget_history_entry(request, attrs, newest)

    assert newest not in attrs[HISTORY]                             # this request sees it gone
    store.adapter.save_attributes(request, attrs)                   # and a save does not bring it back
    left = _history(store, shared)
    assert [(kind, minutes) for kind, minutes, _ in left] == [("mat", 15), ("meditation", 5)]
    assert [(kind, minutes) for kind, minutes, _ in _history(store, person)] == [("mat", 10)]


def test_an_entry_no_longer_stored_deletes_nothing(store):
    shared = EnvelopeFactory(user_id=USER_ID)
    remember(store, shared, history=[session_entry(30, minutes=10)])
    request = envelope(shared)
    attrs = store.adapter.get_attributes(request)
    store.adapter.forget_history_entry(request, attrs, session_entry(5, minutes=20))
    assert [(kind, minutes) for kind, minutes, _ in _history(store, shared)] == [("mat", 10)]
