"""A session on a device without audio is the Alexa timer we set (skill/timer_session.py), kept
as the device's session: it can be stopped, paused and resumed through the Timers API, and when
Alexa's API fails the person hears how to do it by voice; once its time is up, it joins the
history of whoever started it, as a session played to its end does."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from skill.app import create_app
from skill.content import content_for
from skill.simulator.envelopes import EnvelopeFactory
from skill.simulator.testing import chosen_start
from skill.store import open_store
from skill.verification import ApplicationIdVerifier
from tests.support.alexa_ca import AlexaTestCA
from tests.support.skill_client import AlexaClient

EN = content_for("en-US")
TIMERS = "/v1/alerts/timers"
MAT = EN.sessions["mat"].name


class Clock:
    """The requests' own time (Alexa stamps each one), moved on by the test."""

    def __init__(self) -> None:
        self.now = chosen_start()

    def __call__(self) -> datetime:
        return self.now

    def wait(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(settings, fake_api, clock):
    """The app with real signatures, but requests may be stamped minutes ahead: the test's clock,
    which the store's 90 days of memory are counted on too."""
    verifiers = [AlexaTestCA.shared().make_verifier(), ApplicationIdVerifier(settings.skill_id)]
    application = create_app(settings, verifiers=verifiers, api_client=fake_api,
                             store=open_store(settings, clock=clock))
    yield application
    application.extensions["back_relief"]["store"].close()


def person(app, clock, person_id=None) -> AlexaClient:
    """Someone on a device without audio who allowed timers; `person_id`, a voice Alexa knows."""
    factory = EnvelopeFactory(device="no-audio")
    factory.clock = clock
    factory.consent_token = "x"
    factory.person_id = person_id
    return AlexaClient(app, factory)


def start_timer(alexa: AlexaClient, minutes: str = "5"):
    alexa.intent("StartSessionIntent", one_shot=True, session_type="mat", minutes=minutes)
    return alexa.intent("AMAZON.YesIntent")


def timer_id(fake_api) -> str:
    (timer,) = fake_api.timers
    return timer


def test_stop_cancels_its_timer_by_the_id_alexa_gave_back(app, fake_api, clock):
    alexa = person(app, clock)
    start_timer(alexa)
    made = timer_id(fake_api)
    clock.wait(minutes=1)
    reply = alexa.intent("AMAZON.StopIntent", one_shot=True)
    assert reply.speech == f"{EN.session_say('session_stopped_no_audio', name=MAT)} {EN.sessions['mat'].after}"
    assert fake_api.calls_to("DELETE", f"{TIMERS}/{made}")
    assert not any(d.startswith("AudioPlayer.") for d in reply.directive_types)


def test_when_the_timer_cannot_be_cancelled_they_hear_how_to_cancel_it_by_voice(app, fake_api, clock):
    alexa = person(app, clock)
    start_timer(alexa)
    fake_api.fail_with = 500
    reply = alexa.intent("EndSessionIntent", one_shot=True)
    assert reply.speech.startswith(EN.session_say("timer_not_cancelled", name=MAT))
    assert "say, Alexa, cancel the timer" in reply.speech
    fake_api.fail_with = None                       # it is stopped all the same: nothing left to ask about
    said = alexa.intent("TimeLeftIntent", one_shot=True).speech   # asked52: said as stopped, none running
    assert said.startswith(f"You stopped your {MAT} after ") and "so nothing is running now." in said


def test_when_the_timer_cannot_be_paused_it_carries_on_and_they_hear_how_by_voice(app, fake_api, clock):
    alexa = person(app, clock)
    start_timer(alexa)
    clock.wait(minutes=1)
    fake_api.fail_with = 500
    reply = alexa.intent("AMAZON.PauseIntent", one_shot=True)
    assert reply.speech == EN.session_say("timer_not_paused", name=MAT, remaining="4 minutes")
    fake_api.fail_with = None
    clock.wait(minutes=1)
    assert alexa.intent("TimeLeftIntent", one_shot=True).speech == f"You have 3 minutes left in your {MAT}."


def test_a_timer_gone_when_resumed_is_set_again_for_the_time_left(app, fake_api, clock):
    """Cancelled by voice while paused ("Alexa, cancel the timer"), say: resuming sets a new one."""
    alexa = person(app, clock)
    start_timer(alexa)
    clock.wait(minutes=2)
    alexa.intent("AMAZON.PauseIntent", one_shot=True)
    fake_api.fail_with = 404
    alexa.intent("AMAZON.ResumeIntent", one_shot=True)          # neither resumed nor set: said so
    fake_api.fail_with = None
    reply = alexa.intent("AMAZON.ResumeIntent", one_shot=True)
    assert reply.speech == EN.session_say("timer_resumed", name=MAT, remaining="3 minutes")
    assert [body["duration"] for _, _, body in fake_api.calls_to("POST", TIMERS)] == ["PT5M", "PT3M"]


def test_a_timer_that_ran_its_time_is_in_the_history_of_whoever_started_it(app, fake_api, clock):
    # A morning on the device's clock (UTC), also under any SKILL_TEST_START: the timer's eleven
    # minutes end on the day they began (started at 23:49 it finished "yesterday", rightly).
    clock.now = clock.now.replace(hour=8, minute=0)
    alice = person(app, clock, person_id="amzn1.ask.person.ALICE")
    start_timer(alice, "10")
    clock.wait(minutes=11)
    someone_else = person(app, clock)
    someone_else.factory.device_id = alice.factory.device_id        # the same kitchen device
    someone_else.factory.user_id = alice.factory.user_id
    assert "You haven't finished a session" in someone_else.intent("HistoryIntent", one_shot=True,
                                                                   period="this week").speech
    reply = alice.intent("HistoryIntent", one_shot=True, period="this week")
    assert reply.speech.startswith(f"You've finished one {MAT} in the last seven days.")
    assert alice.intent("SessionFinishedIntent", one_shot=True).speech == \
        f"Yes, you finished your {MAT} today, 10 minutes long."


def test_a_timer_session_they_asked_not_to_keep_leaves_no_history_and_no_last_time(app, fake_api, clock):
    # "Don't save this session" on a device without audio: when its time is up, it is neither in
    # the history nor what "did I finish my session?" and "same as last time" go by.
    clock.now = clock.now.replace(hour=8, minute=0)
    alice = person(app, clock, person_id="amzn1.ask.person.ALICE")
    start_timer(alice, "10")
    assert "won't be kept" in alice.intent("ForgetThisSessionIntent", one_shot=True).speech
    clock.wait(minutes=11)
    assert "You haven't finished a session" in alice.intent("HistoryIntent", one_shot=True,
                                                            period="this week").speech
    finished = alice.intent("SessionFinishedIntent", one_shot=True).speech
    assert MAT not in finished, finished


@pytest.mark.parametrize("intent", ["AMAZON.RepeatIntent", "SayItSlowerIntent"])
def test_repeat_or_slower_on_a_timer_says_what_to_do_and_the_timer_runs_on(app, fake_api, clock, intent):
    """ "Repeat that" on a timer-only session said "Your timer runs straight through, so there's
    nothing to skip", and "say that slower" "We haven't started any steps yet": they missed what
    to do, and hear it again; the timer is left as it was."""
    alexa = person(app, clock)
    start_timer(alexa)
    made = timer_id(fake_api)
    clock.wait(minutes=1)
    reply = alexa.intent(intent, one_shot=True)
    assert reply.speech.startswith(EN.sessions["mat"].how)
    assert "skip" not in reply.speech and "steps" not in reply.speech
    assert not any(d.startswith("AudioPlayer.") for d in reply.directive_types)
    assert not fake_api.calls_to("DELETE", f"{TIMERS}/{made}")
    assert alexa.intent("TimeLeftIntent", one_shot=True).speech == f"You have 4 minutes left in your {MAT}."
