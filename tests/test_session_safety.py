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


# -- pause and stop under heat ----------------------------------------------------------------------
# "Alexa, stop" during heat arrives as PauseIntent: it paused the session and its timer without a
# word, and an hour later "your heat session is paused with 17 minutes left": nothing said to take
# the heat off, nothing left to announce the end.
@pytest.mark.parametrize("intent", ["AMAZON.PauseIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
                                    "EndSessionIntent"])
def test_stop_pause_cancel_or_done_in_a_heat_session_ends_it_and_says_take_the_heat_off(heat, intent):
    heat.interrupt_at(180_000)
    reply = heat.say(intent)
    assert reply.speech == (f"{EN.session_say('session_stopped', name=HEAT)} {EN.sessions['heat'].after}")
    assert "Take the heat off" in reply.speech
    assert reply.directive_types == ["AudioPlayer.Stop", "AudioPlayer.ClearQueue"]
    assert len(heat.timer_calls("DELETE")) == 1 and heat.timer_calls("POST", "/pause") == []
    assert heat.say("TimeLeftIntent").speech == EN.session_say("no_session")


def test_pause_button_in_a_heat_session_leaves_its_timer_running_and_play_sets_it_anew(heat, fake_api):
    # The button cannot be answered in words: the audio stops, and the timer still announces the
    # end ("take the heat off now") if they never come back.
    heat.interrupt_at(180_000)
    paused = heat.button("Pause")
    assert paused.directive_types == ["AudioPlayer.Stop"]
    assert heat.timer_calls("POST", "/pause") == [] and heat.timer_calls("DELETE") == []
    played = heat.button("Play")
    assert played.directive("AudioPlayer.Play")["audioItem"]["stream"]["offsetInMilliseconds"] == 180_000
    assert heat.timer_calls("POST", "/resume") == [] and len(heat.timer_calls("DELETE")) == 1
    new_timer = fake_api.calls_to("POST", "/v1/alerts/timers")[-1][2]
    assert new_timer["duration"] == "PT17M3S"          # what is left of 20:03 from 3:00


def test_a_conversation_that_holds_a_heat_session_leaves_its_timer_running(heat):
    heat.interrupt_at(60_000)
    reply = heat.alexa.launch()
    assert reply.speech == EN.say("welcome_held_heat_timer", name=HEAT, remaining="19 minutes")
    assert "its timer keeps running" in reply.speech            # and we say so
    assert "take the heat off" in reply.speech                  # what ending it means
    assert heat.timer_calls("POST", "/pause") == []


def test_a_break_in_a_heat_session_says_take_the_heat_off_while_up(heat):
    heat.interrupt_at(60_000)
    reply = heat.say("TakeABreakIntent")
    assert reply.speech == EN.session_say("paused_for_break_heat_timer", name=HEAT)
    assert "take the heat off" in reply.speech and heat.timer_calls("POST", "/pause") == []
    assert "Its timer keeps running" in reply.speech
