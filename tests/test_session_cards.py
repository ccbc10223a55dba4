"""Cards and what is said at the start of a session tell the truth about the session they chose:
a five-minute mat session's card said "Stay at least ten minutes"; a five-minute heat session's,
"check your skin at each chime" (it has none before its end bells); and on a device without
audio, where the session is an Alexa timer, the cards told of bells and tones it never plays."""
from __future__ import annotations

import re

import pytest

from skill.audio.timeline import load_session_types
from skill.content import content_for
from skill.simulator.envelopes import EnvelopeFactory
from tests.support.skill_client import AlexaClient

EN = content_for("en-US")
KINDS = load_session_types()
SOUNDS = re.compile(r"\b(bells?|chimes?|tones?)\b", re.I)
KIND_WORD = "Ten minutes or more is when deep relaxation comes, and 5 minutes is a fine start."


def started(app, device: str, session_type: str, minutes: int):
    """The answer that starts it: the Play on a speaker, the timer on a device without audio."""
    factory = EnvelopeFactory(device=device)
    factory.consent_token = "x"
    alexa = AlexaClient(app, factory)
    alexa.intent("AMAZON.HelpIntent", one_shot=True)            # not new: the notice is said
    reply = alexa.intent("StartSessionIntent", one_shot=True, session_type=session_type, minutes=str(minutes))
    return alexa.intent("AMAZON.YesIntent") if device == "no-audio" else reply


LENGTHS = [(kind, minutes) for kind, spec in KINDS.items()
           for minutes in sorted({spec.min_minutes, spec.default_minutes})]


@pytest.mark.parametrize("session_type,minutes", LENGTHS, ids=lambda v: str(v))
def test_a_card_never_contradicts_the_length_or_the_sounds_of_the_session(app, session_type, minutes):
    reply = started(app, "speaker", session_type, minutes)
    card = reply.card_text
    assert "{" not in card and card
    if minutes < 10:
        assert "at least ten minutes" not in card
    chimes_between = KINDS[session_type].rings_between(minutes)
    if not chimes_between:
        assert not re.search(r"each chime|every five|each minute", card), card


@pytest.mark.parametrize("session_type,minutes", LENGTHS, ids=lambda v: str(v))
def test_on_a_device_without_audio_the_card_and_the_words_tell_of_no_sounds(app, session_type, minutes):
    reply = started(app, "no-audio", session_type, minutes)
    assert "timer is set" in reply.speech
    assert not SOUNDS.search(reply.card_text), reply.card_text
    assert not SOUNDS.search(reply.speech), reply.speech
    assert "{" not in reply.card_text and (minutes >= 10 or "at least ten minutes" not in reply.card_text)


def test_a_short_mat_session_says_the_advice_kindly_and_a_long_one_as_it_is(app):
    short = started(app, "speaker", "mat", 5)
    assert KIND_WORD in short.card_text and KIND_WORD in short.speech
    assert "Stay at least ten minutes" not in short.card_text
    usual = started(app, "speaker", "mat", 10)
    assert "Stay at least ten minutes" in usual.card_text and "fine start" not in usual.speech
    timer = started(app, "no-audio", "mat", 5)
    assert KIND_WORD in timer.card_text and KIND_WORD in timer.speech
    assert "When your timer goes off" in timer.card_text


def test_a_release_on_a_device_without_audio_says_when_to_switch_sides(app):
    reply = started(app, "no-audio", "release", 2)
    assert "switch to the other hip after 2 minutes" in reply.speech
    assert "After 2 minutes, switch to the other hip." in reply.card_text
    assert reply.card_title == "Hip flexor release: 2 minutes per side"
