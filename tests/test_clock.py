"""The skill's "now" is the request's own timestamp (skill/clock.py): read from the envelope as
the serializer parsed it, the wall clock only when the request carries no usable time."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from skill import clock
from skill.serialization import FastSerializer
from skill.simulator.envelopes import EnvelopeFactory

A_YEAR_AGO = datetime(2025, 3, 30, 1, 30, tzinfo=timezone.utc)


def _handler_input(envelope_json):
    return SimpleNamespace(request_envelope=FastSerializer().deserialize_request(envelope_json))


def test_now_is_the_request_timestamp_as_the_serializer_parsed_it():
    envelope = EnvelopeFactory(clock=lambda: A_YEAR_AGO).launch()
    handler_input = _handler_input(envelope)
    assert clock.now(handler_input) == A_YEAR_AGO
    # The serializer's datetime itself, not a second parse of the text.
    assert clock.now(handler_input) is handler_input.request_envelope.request.timestamp


def test_a_timestamp_with_an_offset_is_the_same_moment_in_utc():
    envelope = EnvelopeFactory().launch()
    envelope["request"]["timestamp"] = "2025-03-30T03:30:00+02:00"
    now = clock.now(_handler_input(envelope))
    assert now == A_YEAR_AGO and now.utcoffset() == timedelta(0)


def test_without_a_usable_timestamp_it_is_the_wall_clock():
    for stamp in (None, "2025-03-30T01:30:00"):          # missing; no time zone
        envelope = EnvelopeFactory().launch()
        if stamp is None:
            del envelope["request"]["timestamp"]
        else:
            envelope["request"]["timestamp"] = stamp
        before = datetime.now(timezone.utc)
        now = clock.now(_handler_input(envelope))
        assert before <= now <= datetime.now(timezone.utc)
