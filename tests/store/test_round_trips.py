"""Database round trips per request, on SQLite and PostgreSQL, through the Flask app: each one is
time a person waits and work a shared database server does for every instance.

The most common request, asking for a remedy, knows what it will remember ("last", for "same as
last time") before it reads anything, so on PostgreSQL it stores that with the load: one round
trip. (PlaybackStopped, which writes without reading: tests/test_session_controls.py.)
"""
from __future__ import annotations

import pytest

from skill.app import create_app
from skill.content import content_for
from skill.simulator.envelopes import DEFAULT_SKILL_ID, EnvelopeFactory
from skill.verification import ApplicationIdVerifier, TimestampVerifier
from tests.support.alexa_ca import AlexaTestCA
from tests.support.fake_alexa_api import FakeAlexaApi
from tests.support.skill_client import AlexaClient

from .helpers import envelope, remember, statements

EN = content_for("en-US")


@pytest.fixture
def app(settings, tmp_path, request_clock):
    ca = AlexaTestCA.shared()
    settings = settings.with_changes(skill_id=DEFAULT_SKILL_ID, audio_cache_dir=tmp_path / "audio")
    verifiers = [ca.make_verifier(), TimestampVerifier(clock=request_clock), ApplicationIdVerifier(settings.skill_id)]
    application = create_app(settings, verifiers=verifiers, api_client=FakeAlexaApi())
    yield application
    application.extensions["back_relief"]["store"].close()


def test_a_remedy_is_one_round_trip_on_postgresql_and_is_remembered(app):
    """On PostgreSQL, what a remedy remembers is stored in the load's own statement. SQLite has no
    round trips to save: it reads, then writes "last" with the response only when it changed."""
    store = app.extensions["back_relief"]["store"]
    alexa = AlexaClient(app, EnvelopeFactory())
    first = alexa.intent("RemedyIntent", one_shot=True, area="butt", symptom="cramping")
    assert first.speech.startswith(EN.say("disclaimer"))        # new: heard once, then noted

    with statements(store) as sent:
        reply = alexa.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasming")
    expected = ["WITH"] if store.backend == "postgresql" else ["SELECT", "INSERT"]
    assert [s.split()[0].upper() for s in sent] == expected, sent
    assert not reply.speech.startswith(EN.say("disclaimer"))
    assert EN.conditions["lower_back_spasm"].steps[0] in reply.speech

    again = alexa.intent("SameAsLastTimeIntent", one_shot=True)
    assert again.card_title == EN.conditions["lower_back_spasm"].named("spasm")


def test_a_noted_load_keeps_the_rest_of_memory_and_the_note_outlasts_the_request(store, factory):
    remember(store, factory, disclaimer_heard=True, last={"kind": "remedy", "id": "glute_knot"},
             preferred_minutes={"mat": 15})
    request = envelope(factory)
    note = {"kind": "remedy", "id": "lower_back_spasm"}

    attrs = store.adapter.get_attributes_noting(request, {"last": note})
    assert attrs.available
    assert attrs["last"] == note
    assert attrs["disclaimer_heard"] is True and attrs["preferred_minutes"] == {"mat": 15}
    with statements(store) as sent:
        store.adapter.save_attributes(request, attrs)
    assert (sent == []) == store.notes_with_load           # stored already, or saved now
    assert store.adapter.get_attributes(envelope(factory))["last"] == note


def test_a_noted_load_tells_what_its_note_replaced(store, factory):
    """ "What did I do last time" during a remedy: the "last" its note replaced, read in the same
    round trip (PostgreSQL's statement reads the snapshot from before its own write)."""
    before = {"kind": "session", "type": "mat", "minutes": 15}
    remember(store, factory, last=before)
    note = {"kind": "remedy", "id": "lower_back_spasm"}
    with statements(store) as sent:
        attrs = store.adapter.get_attributes_noting(envelope(factory), {"last": note})
    assert len(sent) == 1
    assert attrs["last"] == note and attrs.replaced == {"last": before}
    factory.user_id = "amzn1.ask.account.someone-new"
    assert store.adapter.get_attributes_noting(envelope(factory), {"last": note}).replaced == {}


def test_a_noted_load_without_the_database_notes_nothing(store, factory, monkeypatch):
    from skill.store import StoreUnavailable

    def away(*args, **kwargs):
        raise StoreUnavailable("database skipped during cool-down")

    monkeypatch.setattr(store, "load", away)
    attrs = store.adapter.get_attributes_noting(envelope(factory), {"last": {"kind": "remedy"}})
    assert not attrs.available and "last" not in attrs
