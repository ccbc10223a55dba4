"""privacy62: "stop saving my sessions" really stops it, for whoever says it. Through signed
envelopes into the app, on the real store (SQLite, and PostgreSQL when SKILL_TEST_POSTGRES_URL is
set): asked first, saying what changes and what stays; while off, no history row is written for
them (sessions finished with a voice profile come back without one, so those too) and the history
questions say saving is off and how to turn it on; their saved lengths and the choice itself are
kept; "start saving my sessions again" turns it back on; "forget everything" deletes the choice
too, and says saving is on again. Before, saving could not be switched off at all."""
from __future__ import annotations

import pytest

from skill.app import create_app
from skill.config import Settings
from skill.content import content_for
from skill.simulator.envelopes import DEFAULT_SKILL_ID, EnvelopeFactory
from skill.store import open_store
from skill.store.identity import RawIds
from skill.verification import ApplicationIdVerifier, TimestampVerifier
from tests.support.alexa_ca import AlexaTestCA
from tests.store.helpers import history_ages_days, remember, session_entry
from tests.test_memory_flow import finish, history, set_preference, without_notice

EN = content_for("en-US")
ALICE, BOB = "amzn1.ask.person.ALICE", "amzn1.ask.person.BOB"
TURN_ON = "To turn it back on, say, Alexa, ask Back Relief to start saving my sessions."


@pytest.fixture
def app(db_url, audio_cache_dir, fake_api, request_clock):
    """The app of tests/conftest.py, on this test's database (SQLite or PostgreSQL)."""
    settings = Settings(skill_id=DEFAULT_SKILL_ID, database_url=db_url, audio_cache_dir=audio_cache_dir,
                        public_url="https://skill.example.test")
    verifiers = [AlexaTestCA.shared().make_verifier(), TimestampVerifier(clock=request_clock),
                 ApplicationIdVerifier(settings.skill_id)]
    application = create_app(settings, verifiers=verifiers, api_client=fake_api,
                             store=open_store(settings, clock=request_clock))
    yield application
    application.extensions["back_relief"]["store"].close()


def stored(app, alexa, person=None):
    """What the store holds for this person (the account's shared memory without one)."""
    attributes, rows, _ = app.extensions["back_relief"]["store"].load(
        RawIds(user_id=alexa.factory.user_id, person_id=person))
    return attributes, rows


def stop_saving(alexa):
    asked = alexa.intent("StopSavingIntent", one_shot=True)
    assert not asked.ended
    done = alexa.intent("AMAZON.YesIntent")
    assert done.speech.startswith("Done. I won't keep the sessions you finish from now on.")
    return without_notice(asked.speech)


def test_the_question_says_what_changes_and_what_stays(granted):
    granted.factory.person_id = ALICE
    asked = without_notice(granted.intent("StopSavingIntent", one_shot=True).speech)
    assert asked.startswith("From now on, I won't keep the sessions you finish")
    assert "same as last time" in asked and "Your saved lengths stay." in asked
    assert "What I've already kept stays until it's 90 days old, unless you say, forget everything about me." in asked
    assert asked.endswith("Should I stop saving your sessions?")
    assert granted.intent("AMAZON.NoIntent").speech.startswith("Okay, I'll keep saving your sessions as before.")


def test_while_off_no_history_row_is_written_and_history_questions_say_so(app, granted):
    granted.factory.person_id = ALICE
    finish(granted, "mat", 10)
    set_preference(granted, "heat", duration="PT20M")
    stop_saving(granted)
    finish(granted, "meditation", 5)            # its last events come with no voice: Alice's all the same
    attributes, rows = stored(app, granted, ALICE)
    assert [row for row in rows if "meditation" in row[1]] == [] and len(rows) == 1      # the mat, kept from before
    assert attributes["saving_off"] == "true" and "heat" in attributes["preferred_minutes"]
    for intent in ("HistoryIntent", "StreakIntent"):
        assert history(granted, intent=intent).startswith("Saving is off, so I'm not keeping your sessions")
    same = without_notice(granted.intent("SameAsLastTimeIntent", one_shot=True).speech)
    assert same.startswith("Saving is off, so I don't keep what you did last time.")
    known = without_notice(granted.intent("WhatWeKeepIntent", one_shot=True).speech)
    assert "Saving is off, so I'm not keeping new sessions." in known


def test_one_voice_stopping_leaves_another_voice_saved(app, granted):
    granted.factory.person_id = ALICE
    stop_saving(granted)
    granted.factory.person_id = BOB
    finish(granted, "mat", 10)
    assert len(stored(app, granted, BOB)[1]) == 1 and stored(app, granted, ALICE)[1] == []
    assert history(granted, period="today").startswith("You've finished one acupressure mat session today")


def test_start_saving_again_turns_it_back_on(app, granted):
    stop_saving(granted)
    assert without_notice(granted.intent("StopSavingIntent", one_shot=True).speech) == (
        f"Saving is already off, so I'm not keeping the sessions you finish. {TURN_ON}")
    on = granted.intent("StartSavingIntent", one_shot=True).speech
    assert on == "Done. I'll keep the sessions you finish again, for 90 days, for your history and streaks."
    finish(granted, "mat", 10)
    assert len(stored(app, granted)[1]) == 1 and "saving_off" not in stored(app, granted)[0]
    assert history(granted, period="today").startswith("You've finished one acupressure mat session today")


def test_forget_everything_deletes_the_choice_and_says_saving_is_on_again(app, granted):
    granted.factory.person_id = ALICE
    finish(granted, "mat", 10)
    stop_saving(granted)
    asked = granted.intent("ForgetMeIntent", one_shot=True).speech
    assert asked.startswith("Saving is off for you now. Forgetting everything deletes that choice too")
    forgotten = granted.intent("AMAZON.YesIntent").speech
    assert "Saving is on again, as it is for everyone." in forgotten
    assert stored(app, granted, ALICE) == ({}, [])
    finish(granted, "mat", 10)
    assert len(stored(app, granted, ALICE)[1]) == 1


def test_a_session_playing_when_saving_stops_is_not_kept(app, granted):
    granted.factory.person_id = ALICE
    start = granted.intent("StartSessionIntent", one_shot=True, session_type="mat", duration="PT10M")
    assert "AudioPlayer.Play" in [d["type"] for d in start.directives]
    granted.send(granted.factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    stop_saving(granted)
    end = (3 + 10 * 60 + 4) * 1000
    granted.send(granted.factory.audio_event("AudioPlayer.PlaybackNearlyFinished", end - 20_000))
    granted.send(granted.factory.audio_event("AudioPlayer.PlaybackFinished", end))
    assert stored(app, granted, ALICE)[1] == [] and stored(app, granted)[1] == []


def test_the_store_writes_no_history_row_for_someone_with_saving_off(store):
    """Whatever a handler appends: the store itself refuses it while their choice is set."""
    factory = EnvelopeFactory(user_id="amzn1.ask.account.SAVINGOFF", person_id=ALICE)
    remember(store, factory, saving_off=True, history=[session_entry()])
    assert history_ages_days(store) == []
    remember(store, EnvelopeFactory(user_id="amzn1.ask.account.SAVINGOFF", person_id=BOB), history=[session_entry()])
    assert history_ages_days(store) == [0]
