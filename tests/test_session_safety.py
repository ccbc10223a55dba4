"""Safety while a timed session runs: heat that burns, or sleep with the heat on, ends a heat
session for good (audio stopped, queue cleared, its Alexa timer deleted) instead of playing on."""
from __future__ import annotations

import pytest

from skill.content import content_for
from tests.test_session_controls import Running

EN = content_for("en-US")
HEAT = EN.sessions["heat"].name


@pytest.fixture
def heat(alexa, fake_api) -> Running:
    return Running(alexa, fake_api, "heat", 20)


@pytest.mark.parametrize("intent", ["HeatTooHotIntent", "FellAsleepIntent"])
def test_burning_or_asleep_in_a_heat_session_ends_it_and_deletes_its_timer(heat, intent):
    heat.interrupt_at(180_000)
    reply = heat.say(intent)
    assert reply.speech.startswith(EN.answers["heat_too_hot"].speech)
    assert EN.session_say("heat_stopped", name=HEAT) in reply.speech
    assert reply.directive_types == ["AudioPlayer.Stop", "AudioPlayer.ClearQueue"]
    assert len(heat.timer_calls("DELETE")) == 1
    assert heat.say("TimeLeftIntent").speech == EN.session_say("no_session")


def test_burning_in_a_held_heat_session_ends_it_too(heat):
    heat.interrupt_at(60_000)
    heat.alexa.launch()                                 # the session waits while we talk
    reply = heat.alexa.intent("HeatTooHotIntent")
    assert EN.session_say("heat_stopped", name=HEAT) in reply.speech
    assert len(heat.timer_calls("DELETE")) == 1
    assert heat.say("AMAZON.ResumeIntent").speech == EN.session_say("nothing_to_resume")
