"""The first thing a new person hears carries the first-use notice, whatever they say first and on
any device: once, never again; after the warning signs when there are any; and not at all for
someone asking us to call for help (it waits for their next time)."""
from __future__ import annotations

import pytest

from skill.content import content_for
from skill.simulator.envelopes import EnvelopeFactory
from tests.support.skill_client import AlexaClient

EN = content_for("en-US")
NOTICE = EN.say("disclaimer")


def newcomer(app, device: str = "speaker") -> AlexaClient:
    return AlexaClient(app, EnvelopeFactory(device=device))


FIRST_WORDS = [
    ("no-audio", "StartSessionIntent", {"session_type": "mat", "minutes": "5"}),
    ("speaker", "StartSessionIntent", {"session_type": "mat", "minutes": "10"}),   # asks for timers first
    ("speaker", "AMAZON.HelpIntent", {}),
    ("no-audio", "AMAZON.HelpIntent", {}),
    ("speaker", "AMAZON.StopIntent", {}),
    ("speaker", "AMAZON.NextIntent", {}),
    ("speaker", "AMAZON.RepeatIntent", {}),
    ("no-audio", "TimeLeftIntent", {}),
    ("speaker", "AddTimeIntent", {}),
    ("speaker", "EndSessionIntent", {}),
    ("speaker", "SessionSoundsIntent", {}),
    ("speaker", "FeelingBetterIntent", {}),
    ("speaker", "ForgetMeIntent", {}),
    ("speaker", "AMAZON.YesIntent", {}),
]


@pytest.mark.parametrize("device,intent,slots", FIRST_WORDS, ids=lambda v: str(v))
def test_the_first_answer_to_a_new_person_starts_with_the_notice_and_the_next_does_not(app, device, intent, slots):
    alexa = newcomer(app, device)
    first = alexa.intent(intent, one_shot=True, **slots)
    assert first.speech.startswith(NOTICE), first.speech
    assert first.speech.count(NOTICE) == 1
    again = alexa.intent(intent, one_shot=True, **slots)
    assert NOTICE not in again.speech


def test_a_timer_permission_answer_after_a_first_start_does_not_repeat_the_notice(app):
    alexa = newcomer(app, "no-audio")
    alexa.intent("StartSessionIntent", one_shot=True, session_type="mat", minutes="5")
    alexa.intent("AMAZON.YesIntent")
    alexa.factory.consent_token = "consent"
    answer = alexa.send(alexa.factory.connections_response("ACCEPTED", "AskFor", "timer-permission:mat:5:timer-only"))
    assert "timer is set" in answer.speech and NOTICE not in answer.speech


def test_words_not_caught_say_what_to_do_if_it_is_urgent_before_the_notice(app):
    alexa = newcomer(app)
    first = alexa.intent("AMAZON.FallbackIntent", one_shot=True)
    assert first.speech.startswith("Sorry, I didn't catch that. If it's urgent")
    assert first.speech.endswith(NOTICE)


def test_asking_us_to_call_for_help_hears_only_what_to_do_and_the_notice_waits(app):
    alexa = newcomer(app)
    call = alexa.intent("EmergencyCallIntent", one_shot=True)
    assert call.speech == EN.say("emergency_call")
    later = alexa.intent("AMAZON.HelpIntent", one_shot=True)
    assert later.speech.startswith(NOTICE)
