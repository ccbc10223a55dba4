"""Shared fixtures: the real app (real verification with a local test CA, a real SQLite file,
real audio rendering into a temporary cache) and an Alexa client that signs every request."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Optional

import pytest

from skill.app import create_app
from skill.config import Settings
from skill.simulator import envelopes
from skill.simulator.envelopes import DEFAULT_SKILL_ID, EnvelopeFactory
from skill.simulator.testing import chosen_start
from skill.store import open_store
from tests.support.alexa_ca import AlexaTestCA
from tests.support.fake_alexa_api import FakeAlexaApi
from tests.support.routing_audit import RoutingAudit
from tests.support.skill_client import AlexaClient

from skill.verification import ApplicationIdVerifier, TimestampVerifier


@pytest.fixture(autouse=True)
def routing_audit(monkeypatch) -> RoutingAudit:
    """Every request any test sends is routed as the SDK's full scan of the handlers would route
    it (skill/routing.py only skips handlers that cannot take the request, or whose `heard` words
    fact is false of its words: a `wants` true there shows up here as a mismatch)."""
    audit = RoutingAudit().install(monkeypatch)
    yield audit
    assert not audit.mismatches, "\n".join(audit.mismatches)


@pytest.fixture(scope="session")
def audio_cache_dir(tmp_path_factory) -> Path:
    """One audio cache for the whole run: renders are deterministic, so sharing them is safe."""
    return tmp_path_factory.mktemp("audio-cache")


@pytest.fixture
def settings(tmp_path, audio_cache_dir) -> Settings:
    return Settings(skill_id=DEFAULT_SKILL_ID, database_url=f"sqlite:///{tmp_path / 'skill.sqlite3'}",
                    audio_cache_dir=audio_cache_dir, public_url="https://skill.example.test")


@pytest.fixture
def fake_api() -> FakeAlexaApi:
    return FakeAlexaApi()


class RequestClock:
    """The time Alexa stamps on a test's requests, and the real time the timestamp verifier checks
    it against: the skill's "now" is the request's timestamp (skill/clock.py), so a test that
    sets this earlier ("yesterday") does that part of its conversation yesterday, verified.

    It runs at the real pace from the instant $SKILL_TEST_START names, else from 10:00 UTC today
    (skill/simulator/testing.py): the whole suite can be run at 23:55, on a Sunday night, on a day
    the clocks change, and gives the same answers whatever hour CI happens to run it at."""

    def __init__(self, start: Optional[datetime] = None) -> None:
        start = start or chosen_start()
        self.base = start - datetime.now(timezone.utc)
        self.offset = self.base

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset

    @contextmanager
    def earlier(self, **by):
        """Requests sent inside are stamped `by` (timedelta's keywords) earlier."""
        self.offset = self.base - timedelta(**by)
        try:
            yield
        finally:
            self.offset = self.base


@pytest.fixture
def request_clock(monkeypatch) -> RequestClock:
    clock = RequestClock()
    # Envelopes a test builds without a clock of their own are stamped by this one too.
    monkeypatch.setattr(envelopes, "wall_clock", clock)
    return clock


@pytest.fixture(autouse=True)
def _requests_on_the_tests_clock(request_clock) -> None:
    """Every test's requests keep the tests' time ($SKILL_TEST_START, or 10:00 UTC today)."""


@pytest.fixture
def app(settings, fake_api, request_clock):
    """The app with real verification: the request verifier trusts only the local test CA."""
    ca = AlexaTestCA.shared()
    verifiers = [ca.make_verifier(), TimestampVerifier(clock=request_clock), ApplicationIdVerifier(settings.skill_id)]
    # The store's 90 days of memory are counted on the requests' clock too.
    application = create_app(settings, verifiers=verifiers, api_client=fake_api,
                             store=open_store(settings, clock=request_clock))
    yield application
    application.extensions["back_relief"]["store"].close()


@pytest.fixture
def alexa(app, request_clock) -> AlexaClient:
    return AlexaClient(app, EnvelopeFactory(clock=request_clock))


@pytest.fixture
def granted(alexa):
    """A person who already allowed Back Relief to set timers: starts go straight to the audio."""
    alexa.factory.consent_token = "x"
    return alexa
