"""Memory by voice, through the webhook: preferred lengths, "my usual", "same as last time", the
history of finished sessions, forgetting (by voice and when the skill is disabled), separate voice
profiles on one account, and a skill that keeps answering when its database is unreachable.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from skill.app import create_app
from skill.content import content_for
from skill.playback import SessionToken
from skill.simulator.envelopes import EnvelopeFactory
from skill.verification import ApplicationIdVerifier, TimestampVerifier
from tests.support.alexa_ca import AlexaTestCA
from tests.support.skill_client import AlexaClient

EN = content_for("en-US")
NOTICE = EN.say("disclaimer")       # the first-use notice, said first whatever they do first
UNREACHABLE_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:1/none"
LEAD_IN_S, TAIL_S = 3, 4            # skill/content/sessions.yaml


@pytest.fixture
def offline(settings, fake_api, request_clock):
    """The app with its database unreachable (nothing listens on port 1)."""
    ca = AlexaTestCA.shared()
    verifiers = [ca.make_verifier(), TimestampVerifier(clock=request_clock), ApplicationIdVerifier(settings.skill_id)]
    app = create_app(settings.with_changes(database_url=UNREACHABLE_DATABASE), verifiers=verifiers,
                     api_client=fake_api)
    yield AlexaClient(app, EnvelopeFactory())
    app.extensions["back_relief"]["store"].close()


# -- helpers: what a person says -----------------------------------------------------------------
def set_preference(alexa, session_type, **slots):
    return alexa.intent("SetPreferenceIntent", one_shot=True, session_type=session_type, **slots)


def start(alexa, session_type, **slots):
    return alexa.intent("StartSessionIntent", one_shot=True, session_type=session_type, **slots)


def without_notice(speech):
    """What was said after the first-use notice (said first, the first time, whatever it is)."""
    return speech[len(NOTICE) + 1:] if speech.startswith(f"{NOTICE} ") else speech


def played(reply):
    """(type, minutes) of the session the Echo was told to play, or None."""
    plays = [d for d in reply.directives if d["type"] == "AudioPlayer.Play"]
    if not plays:
        return None
    token = SessionToken.parse(plays[0]["audioItem"]["stream"]["token"])
    return token.session_type, token.minutes


def finish(alexa, session_type, minutes):
    """A whole session: started by voice, played to the end."""
    assert played(start(alexa, session_type, duration=f"PT{minutes}M")) == (session_type, minutes)
    alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    end = (LEAD_IN_S + minutes * 60 * (2 if session_type == "release" else 1) + TAIL_S) * 1000
    alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackNearlyFinished", end - 20_000))
    alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackFinished", end))


def history(alexa, session_type=None, intent="HistoryIntent", **slots):
    return without_notice(alexa.intent(intent, one_shot=True, session_type=session_type, **slots).speech)


# -- preferred lengths -----------------------------------------------------------------------------
def test_preferred_length_is_used_when_starting_without_a_length(granted):
    reply = set_preference(granted, "mat", minutes="15")
    assert reply.speech == f"{NOTICE} Done. Your acupressure mat sessions will be 15 minutes from now on."
    assert reply.ended
    assert played(start(granted, "mat session")) == ("mat", 15)


def test_preference_by_duration_words(granted):
    set_preference(granted, "heating pad", duration="PT20M")
    assert played(start(granted, "heat")) == ("heat", 20)


def test_a_length_said_at_start_still_wins_over_the_preference(granted):
    set_preference(granted, "mat", minutes="15")
    assert played(start(granted, "mat", duration="PT10M")) == ("mat", 10)


def test_preference_for_one_kind_leaves_the_others_at_their_default(granted):
    set_preference(granted, "mat", minutes="15")
    assert played(start(granted, "meditation")) == ("meditation", 5)


def test_out_of_range_preference_is_refused_and_not_saved(granted):
    reply = set_preference(granted, "mat", minutes="45")
    assert "5 to 30 minutes" in reply.speech and "can't save 45 minutes" in reply.speech
    assert not reply.ended
    assert played(start(granted, "mat")) == ("mat", 10)


def test_out_of_range_preference_keeps_the_previous_one(granted):
    set_preference(granted, "meditation", minutes="8")
    set_preference(granted, "meditation", duration="PT1H")
    assert played(start(granted, "meditation")) == ("meditation", 8)


def test_a_length_for_a_kind_named_among_other_words_is_saved(granted):
    # "Set the default length of the mat to fifteen minutes": the kind inside the words was not
    # heard, and it asked which session.
    reply = set_preference(granted, "default length of the mat", minutes="15")
    assert without_notice(reply.speech) == "Done. Your acupressure mat sessions will be 15 minutes from now on."


def test_out_of_range_hip_release_length_is_said_per_side(granted):
    # "Make my hip flexor release eight minutes": "from 1 to 5 minutes ... Should I save 5
    # minutes?", though its minutes are each side's, as a session start says.
    reply = set_preference(granted, "release", minutes="8")
    assert without_notice(reply.speech) == ("I can time hip flexor releases from 1 to 5 minutes per side, so I can't "
                                            "save 8 minutes. Should I save 5 minutes per side?")
    assert "5 minutes per side?" in reply.reprompt


def test_preference_without_a_session_type_asks_which(granted):
    reply = granted.intent("SetPreferenceIntent", one_shot=True, minutes="15")
    assert without_notice(reply.speech) == EN.say("memory.preference_which_for", minutes="15 minutes")
    assert not reply.ended


# -- my usual, same as last time --------------------------------------------------------------------
def test_my_usual_session_is_the_most_finished_kind_at_its_preferred_length(granted):
    set_preference(granted, "meditation", minutes="8")
    finish(granted, "meditation", 5)
    finish(granted, "meditation", 5)
    finish(granted, "mat", 10)
    reply = granted.intent("UsualSessionIntent", one_shot=True)
    assert played(reply) == ("meditation", 8)


def test_my_usual_without_a_preferred_length_is_the_length_i_usually_do(granted):
    # One twelve-minute mat session, then "the usual": it started the default ten.
    finish(granted, "mat", 12)
    assert played(granted.intent("UsualSessionIntent", one_shot=True)) == ("mat", 12)
    assert "12 minutes long" in granted.intent("WhatIsMyUsualIntent", one_shot=True).speech
    finish(granted, "mat", 15)
    finish(granted, "mat", 15)
    assert played(granted.intent("UsualSessionIntent", one_shot=True)) == ("mat", 15)


def test_my_usual_mat_session_uses_the_preferred_length(granted):
    set_preference(granted, "mat", minutes="15")
    assert played(granted.intent("UsualSessionIntent", one_shot=True, session_type="mat")) == ("mat", 15)


def test_my_usual_after_setting_one_kinds_length_is_that_kind(granted):
    # "Make my mat sessions fifteen minutes", then, before any session: "start my usual session".
    set_preference(granted, "mat", minutes="15")
    assert played(granted.intent("UsualSessionIntent", one_shot=True)) == ("mat", 15)


def test_my_usual_after_setting_two_kinds_lengths_asks_which(granted):
    set_preference(granted, "mat", minutes="15")
    set_preference(granted, "heat", minutes="20")
    reply = granted.intent("UsualSessionIntent", one_shot=True)
    assert reply.speech == EN.say("memory.no_usual") and played(reply) is None


def test_changing_my_usual_without_naming_it_changes_the_kind_i_use(granted):
    # "Change my usual to twenty minutes" fell to Fallback; now it is the kind they finish most.
    finish(granted, "meditation", 5)
    reply = granted.intent("SetUsualLengthIntent", one_shot=True, minutes="12")
    assert "breathing meditations will be 12 minutes" in reply.speech
    assert played(granted.intent("UsualSessionIntent", one_shot=True)) == ("meditation", 12)


def test_changing_my_usual_is_the_usual_even_after_another_kind(granted):
    # Two meditations finished make it their usual; a mat session tried since is not. "Change my
    # usual to twelve minutes" is for the one "start my usual" starts, not the one done last.
    finish(granted, "meditation", 5)
    finish(granted, "meditation", 5)
    start(granted, "mat", duration="PT10M")
    granted.intent("AMAZON.StopIntent", one_shot=True)
    reply = granted.intent("SetUsualLengthIntent", one_shot=True, minutes="12")
    assert reply.speech == "Done. Your breathing meditations will be 12 minutes from now on."
    assert played(granted.intent("UsualSessionIntent", one_shot=True)) == ("meditation", 12)


def test_changing_my_usual_with_no_usual_yet_asks_which(granted):
    reply = granted.intent("SetUsualLengthIntent", one_shot=True, minutes="12")
    assert without_notice(reply.speech).startswith("Which session should be 12 minutes?") and not reply.ended
    # The answer saves the length asked for; it used to start a 10-minute session instead.
    answer = granted.intent("StartSessionIntent", session_type="mat")
    assert "acupressure mat sessions will be 12 minutes" in answer.speech and played(answer) is None


def test_a_length_without_a_kind_is_for_the_session_on_this_device_first(granted):
    # "I prefer fifteen minutes" while someone else's mat session plays on the Echo: it was the
    # kind they finish most (a meditation); the session on the device they hear is what they mean.
    granted.factory.person_id = "amzn1.ask.person.ALICE"
    finish(granted, "meditation", 5)
    granted.factory.person_id = "amzn1.ask.person.BOB"
    start(granted, "mat", duration="PT10M")
    granted.send(granted.factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    granted.factory.person_id = "amzn1.ask.person.ALICE"
    reply = granted.intent("SetPreferenceIntent", one_shot=True, minutes="15")
    assert reply.speech == ("Done. Your acupressure mat sessions will be 15 minutes from now on. "
                            "Back to your acupressure mat session.")
    assert played(reply) == ("mat", 10)         # the session on keeps its own length


def test_a_length_without_a_kind_is_for_the_last_session_before_the_one_done_most(granted):
    # Two mat sessions finished, then a meditation started and stopped: "make it eight minutes
    # from now on" was for the mat; it means the meditation they just did.
    finish(granted, "mat", 10)
    finish(granted, "mat", 10)
    start(granted, "meditation", duration="PT5M")
    granted.intent("AMAZON.StopIntent", one_shot=True)
    reply = granted.intent("SetPreferenceIntent", one_shot=True, minutes="8")
    assert reply.speech == "Done. Your breathing meditations will be 8 minutes from now on."
    assert played(granted.intent("StartSessionIntent", one_shot=True, session_type="meditation")) == ("meditation", 8)
    assert played(granted.intent("StartSessionIntent", one_shot=True, session_type="mat")) == ("mat", 10)


def test_my_usual_for_someone_new_asks_which_and_the_answer_starts_it(granted):
    reply = granted.intent("UsualSessionIntent", one_shot=True)
    assert without_notice(reply.speech) == EN.say("memory.no_usual")
    assert not reply.ended and played(reply) is None
    assert played(granted.intent("StartSessionIntent", session_type="heat")) == ("heat", 15)


def test_my_usual_heard_as_a_session_to_start_is_my_usual(granted):
    # Alexa may hear "let's do my usual" as a session to start, named "my usual": it said "I can't
    # time my usual". It is their usual, at its length; "my usual meditation" is that kind's.
    set_preference(granted, "mat", minutes="15")
    set_preference(granted, "meditation", minutes="8")
    finish(granted, "mat", 15)
    assert played(start(granted, "my usual")) == ("mat", 15)
    assert played(start(granted, "the usual")) == ("mat", 15)
    assert played(start(granted, "usual meditation")) == ("meditation", 8)
    assert played(start(granted, "my regular")) == ("mat", 15)


def test_same_as_last_time_heard_as_a_session_to_start_is_last_time(granted):
    granted.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasming")
    reply = start(granted, "same as last time")
    assert "Step 1 of" in reply.speech and played(reply) is None
    finish(granted, "meditation", 7)
    assert played(start(granted, "last session again")) == ("meditation", 7)


def test_whats_my_usual_says_it_without_starting_it(granted):
    assert without_notice(granted.intent("WhatIsMyUsualIntent", one_shot=True).speech) == EN.say("memory.usual_unknown")
    set_preference(granted, "mat", minutes="15")
    reply = granted.intent("WhatIsMyUsualIntent", one_shot=True)
    assert reply.speech == "Your usual is the acupressure mat session, 15 minutes long. When you want it, say, Alexa, ask Back Relief to start my usual."
    assert played(reply) is None


def test_what_did_i_do_last_time_says_it_without_starting_it(granted):
    reply = granted.intent("LastTimeQuestionIntent", one_shot=True)
    assert without_notice(reply.speech) == EN.say("memory.no_last_time") and not reply.ended
    start(granted, "release", minutes="3")
    granted.intent("AMAZON.StopIntent", one_shot=True)
    reply = granted.intent("LastTimeQuestionIntent", one_shot=True)
    # Stopped before its end, so not "you did" (it said so).
    assert reply.speech.startswith("Last time, you started the hip flexor release, 3 minutes per side, "
                                   "and stopped it after less than a minute.")
    assert played(reply) is None
    granted.intent("RemedyIntent", one_shot=True, area="butt", symptom="cramping")
    reply = granted.intent("LastTimeQuestionIntent", one_shot=True)
    # Lower case mid-sentence (it said "the steps for Piriformis and glute spasm"); named as felt.
    assert reply.speech.startswith("Last time, we went through the steps for piriformis and glute cramp.")


def test_same_as_last_time_repeats_the_last_session_and_its_length(granted):
    start(granted, "meditation", duration="PT12M")
    assert played(granted.intent("SameAsLastTimeIntent", one_shot=True)) == ("meditation", 12)


def test_same_as_last_time_repeats_the_last_remedy(granted):
    first = granted.intent("RemedyIntent", one_shot=True, area="butt", symptom="cramping")
    condition = EN.conditions["piriformis_spasm"]
    assert first.card_title == condition.named("cramp")
    reply = granted.intent("SameAsLastTimeIntent", one_shot=True)
    assert reply.card_title == condition.named("cramp")
    assert condition.steps[0] in reply.speech
    assert played(reply) is None and not reply.ended


def test_same_as_last_time_follows_whatever_came_last(granted):
    start(granted, "heat")
    granted.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasming")
    reply = granted.intent("SameAsLastTimeIntent", one_shot=True)
    assert reply.card_title == EN.conditions["lower_back_spasm"].named("spasm") and played(reply) is None


def test_a_remedy_remembered_without_its_feeling_is_named_plainly(app, granted):
    # "Last" as it was stored before the feeling said was kept with it ({"kind", "id"}): what
    # the person felt is not known, so the remedy is named without a feeling, never as a spasm.
    from skill.store.attributes import Changes
    from skill.store.identity import RawIds
    store = app.extensions["back_relief"]["store"]
    store.apply(RawIds(user_id=granted.factory.user_id),
                Changes(upserts={"last": '{"id":"lower_back_spasm","kind":"remedy"}'}))
    name = EN.conditions["lower_back_spasm"].name.lower()
    assert "spasm" not in name
    told = granted.intent("LastTimeQuestionIntent", one_shot=True)
    assert EN.say("memory.last_time_remedy", condition=name) in told.speech
    kept = granted.intent("WhatWeKeepIntent", one_shot=True)
    assert EN.say("memory.keep_last_remedy", condition=name) in kept.speech
    offer = granted.intent("AMAZON.NextIntent", one_shot=True)
    assert offer.speech == EN.say("offer_last_remedy", condition=name)
    again = granted.intent("SameAsLastTimeIntent", one_shot=True)
    assert again.card_title == EN.conditions["lower_back_spasm"].name and "Step 1 of 7" in again.speech


def test_same_as_last_time_for_someone_new_says_there_is_none(granted):
    reply = granted.intent("SameAsLastTimeIntent", one_shot=True)
    assert without_notice(reply.speech) == EN.say("memory.no_last_time")
    assert played(reply) is None


# -- saying which is my usual; a length on its own ---------------------------------------------------
def say_usual(alexa, session_type):
    """ "My usual is the mat", "make meditation my usual"."""
    return alexa.intent("SetUsualKindIntent", one_shot=True, session_type=session_type)


def test_a_usual_said_is_kept_ahead_of_the_kind_finished_most(granted):
    # "My usual is the mat" started a mat session and kept nothing; "start my usual" was still
    # the meditation they finish most.
    finish(granted, "meditation", 5)
    finish(granted, "meditation", 5)
    reply = say_usual(granted, "mat")
    assert reply.speech == "Got it, the acupressure mat session is your usual. Would you like to start it now?"
    assert not reply.ended and played(reply) is None
    assert played(granted.intent("UsualSessionIntent", one_shot=True)) == ("mat", 10)
    assert granted.intent("WhatIsMyUsualIntent", one_shot=True).speech.startswith(
        "Your usual is the acupressure mat session, 10 minutes long.")


def test_yes_to_the_usual_offered_starts_it_at_its_preferred_length(granted):
    set_preference(granted, "meditation", minutes="8")
    say_usual(granted, "meditation")
    assert played(granted.intent("AMAZON.YesIntent")) == ("meditation", 8)


def test_no_to_the_usual_offered_ends_kindly_and_keeps_it(granted):
    say_usual(granted, "heat")
    reply = granted.intent("AMAZON.NoIntent")
    assert reply.speech == "Okay. Whenever you want it, say, Alexa, ask Back Relief to start my usual." and reply.ended
    assert played(granted.intent("UsualSessionIntent", one_shot=True)) == ("heat", 15)


def test_i_prefer_heat_is_my_usual_not_a_feeling(granted):
    # "I prefer heat" was heard as a feeling: 'I didn't quite get what "prefer heat" feels like'.
    reply = granted.intent("SetPreferenceIntent", one_shot=True, session_type="heat")
    assert without_notice(reply.speech).startswith("Got it, the heat session is your usual.")
    assert "feels like" not in reply.speech


def test_changing_my_usual_length_is_for_the_usual_said(granted):
    finish(granted, "mat", 10)
    finish(granted, "mat", 10)
    say_usual(granted, "heat")
    reply = granted.intent("SetUsualLengthIntent", one_shot=True, minutes="20")
    assert reply.speech == "Done. Your heat sessions will be 20 minutes from now on."
    assert played(granted.intent("UsualSessionIntent", one_shot=True)) == ("heat", 20)


def test_the_kind_chosen_when_asked_after_my_usual_is_kept(granted):
    # "Start my usual" with no usual known asks which; the choice used to be forgotten.
    granted.intent("UsualSessionIntent", one_shot=True)
    reply = granted.intent("StartSessionIntent", session_type="meditation")
    assert reply.speech.startswith("Got it, the breathing meditation is your usual.")
    assert played(reply) == ("meditation", 5)
    finish(granted, "mat", 10)
    finish(granted, "mat", 10)
    assert played(granted.intent("UsualSessionIntent", one_shot=True)) == ("meditation", 5)


def test_a_usual_said_is_in_what_we_keep_and_goes_with_everything(granted):
    granted.factory.person_id = "amzn1.ask.person.ALICE"
    say_usual(granted, "heat")
    kept = granted.intent("WhatWeKeepIntent", one_shot=True)
    assert kept.speech == ("Here's what Back Relief keeps for you. You've told me your usual is the heat session. "
                           f"{EN.say('memory.keep_how_to_delete')}")
    granted.intent("ForgetMeIntent", one_shot=True)
    granted.intent("AMAZON.YesIntent")
    assert granted.intent("WhatIsMyUsualIntent", one_shot=True).speech.endswith(EN.say("memory.usual_unknown"))
    assert EN.say("memory.no_usual") in granted.intent("UsualSessionIntent", one_shot=True).speech


def test_a_length_on_its_own_is_for_the_session_done_last(granted):
    # "Fifteen minutes please" asked which session, with a mat session just done.
    finish(granted, "mat", 10)
    assert played(granted.intent("StartSessionIntent", one_shot=True, minutes="15")) == ("mat", 15)


def test_a_length_on_its_own_with_a_session_on_makes_it_that_long(granted):
    start(granted, "meditation", duration="PT5M")
    granted.send(granted.factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    reply = granted.intent("StartSessionIntent", one_shot=True, minutes="12")
    assert reply.speech.startswith("Okay, your breathing meditation is now 12 minutes.")
    assert played(reply) == ("meditation", 12)


def test_a_length_on_its_own_with_nothing_to_go_on_asks_which(granted):
    reply = granted.intent("StartSessionIntent", one_shot=True, minutes="15")
    assert without_notice(reply.speech) == EN.session_say("which_session_for", minutes="15 minutes")
    assert played(granted.intent("StartSessionIntent", session_type="heat")) == ("heat", 15)


# -- history -----------------------------------------------------------------------------------------
def test_history_with_nothing_finished(granted):
    assert history(granted) == EN.say("memory.history_none", period="in the last seven days")


def test_history_counts_sessions_by_kind(granted):
    finish(granted, "mat", 10)
    finish(granted, "mat", 15)
    finish(granted, "heat", 15)
    assert history(granted).startswith(
        "You've finished 3 sessions in the last seven days, 2 acupressure mat sessions and 1 heat session.")
    assert history(granted, "mat") == "You've finished 2 acupressure mat sessions in the last seven days."
    assert history(granted, "meditation") == "You haven't finished any breathing meditations in the last seven days."


def test_history_of_one_kind_with_one_session_says_one_session(granted):
    # It said "You've finished 1 acupressure mat sessions".
    finish(granted, "mat", 10)
    assert history(granted, "mat") == "You've finished one acupressure mat session in the last seven days."


def test_history_mentions_a_streak_of_days_in_a_row(granted, request_clock):
    with request_clock.earlier(days=1):
        finish(granted, "meditation", 5)
    finish(granted, "mat", 10)
    assert history(granted) == ("You've finished 2 sessions in the last seven days, 1 breathing meditation "
                                "and 1 acupressure mat session. That's 2 days in a row. Lovely work.")


def _zone_where_it_is_now_one_in_the_morning(now: datetime) -> str:
    """An IANA zone (Etc/GMT±N: whole hours, sign reversed) whose clock says 1 am at `now`."""
    offset = (1 - now.hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"


def test_days_in_a_row_are_the_persons_own_days_not_utc(granted, request_clock, fake_api):
    # A session at 11 pm and another at 1 am, where they live, are two days in a row; in UTC the
    # two (two hours apart) mostly fell on one day, and no streak was said.
    fake_api.time_zone = _zone_where_it_is_now_one_in_the_morning(request_clock())
    with request_clock.earlier(hours=2):
        finish(granted, "meditation", 5)
    finish(granted, "mat", 10)
    assert history(granted).endswith("That's 2 days in a row. Lovely work.")
    assert granted.intent("HistoryIntent", one_shot=True, period="today").speech.startswith(
        "You've finished one acupressure mat session today")
    assert any(call[1].endswith("/settings/System.timeZone") for call in fake_api.calls)


def test_a_session_counted_as_its_end_bells_rang_is_not_counted_again_when_they_end(granted):
    # Spoken to in the audio's last seconds, after the session's time: it was lost from the
    # history. Now it counts then, and Alexa's PlaybackFinished later does not count it twice.
    factory = granted.factory
    start(granted, "mat", duration="PT10M")
    granted.send(factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    end_of_time = (LEAD_IN_S + 10 * 60) * 1000
    granted.send(factory.audio_event("AudioPlayer.PlaybackStopped", end_of_time + 1000))
    once = "You've finished one acupressure mat session today. Nice start."
    assert history(granted, period="today") == once
    granted.send(factory.audio_event("AudioPlayer.PlaybackFinished", end_of_time + TAIL_S * 1000))
    assert history(granted, period="today") == once


def test_no_streak_is_mentioned_for_a_single_day(granted, request_clock):
    # Finished at two moments (requests are stamped to the second, and the history holds one
    # entry per moment): close together, so never on two days.
    with request_clock.earlier(seconds=30):
        finish(granted, "mat", 10)
    finish(granted, "mat", 10)
    # One kind is said once (it was "2 sessions in the last seven days, 2 acupressure mat sessions").
    assert history(granted) == "You've finished 2 acupressure mat sessions in the last seven days."


def test_history_today_counts_today_only(granted, request_clock):
    # "How many sessions have I done today?" answered with the last seven days.
    with request_clock.earlier(days=1):
        finish(granted, "meditation", 5)
    # Not "a five minute breathing meditation is an easy place to start", as to a newcomer: when
    # their last one was (past midnight, it was a few minutes ago).
    assert history(granted, period="today") == (
        "You haven't finished a session today. Your last one was the breathing meditation, yesterday.")
    finish(granted, "mat", 10)
    # Not their first ever session: no "Nice start."
    assert history(granted, period="today") == "You've finished one acupressure mat session today."
    assert history(granted, "meditation", period="today") == "You haven't finished any breathing meditations today."
    assert history(granted, period="this week").startswith("You've finished 2 sessions in the last seven days")


def test_history_read_from_words_alexa_did_not_place(granted, request_clock):
    # "How many meditations have I had this week", "how many in total": the period's words came
    # unplaced, and were answered for every kind, or for the last seven days whatever was asked.
    with request_clock.earlier(days=20):
        finish(granted, "meditation", 5)
    finish(granted, "mat", 10)
    assert history(granted, period="meditations have i had this week") == (
        "You haven't finished any breathing meditations in the last seven days.")
    assert history(granted, period="have i had today") == "You've finished one acupressure mat session today."
    assert history(granted, period="altogether") == (
        "You've finished 2 sessions in the last ninety days, 1 breathing meditation and 1 acupressure mat session.")


def test_nothing_yesterday_after_a_session_today_is_said_plainly(granted):
    # It said "You didn't finish a session yesterday. Your last one was the acupressure mat
    # session, today": the last one is only worth saying when it came before the day asked about.
    finish(granted, "mat", 10)
    assert history(granted, period="yesterday") == "You didn't finish a session yesterday."


def test_history_yesterday_counts_yesterday_only(granted, request_clock):
    # "How many sessions did I do yesterday?" was answered for the last seven days.
    assert history(granted, period="yesterday") == "You didn't finish a session yesterday."
    with request_clock.earlier(days=1):
        finish(granted, "meditation", 5)
    finish(granted, "mat", 10)
    assert history(granted, period="yesterday") == "You finished one breathing meditation yesterday."
    assert history(granted, "mat", period="yesterday") == "You didn't finish any acupressure mat sessions yesterday."
    assert history(granted, period="today") == "You've finished one acupressure mat session today."


def test_nice_start_is_only_for_the_first_session_ever(granted, request_clock):
    # It was said whenever one session fell in the last seven days, to long-time users too.
    with request_clock.earlier(days=10):
        finish(granted, "meditation", 5)
    finish(granted, "mat", 10)
    assert history(granted) == "You've finished one acupressure mat session in the last seven days."
    assert history(granted, intent="StreakIntent") == (
        "Your streak starts today, with one acupressure mat session. Every day you do a session adds to it.")


def test_a_streak_question_says_the_streak_first_whatever_it_is(granted, request_clock):
    # "What's my streak?" after one session said nothing about a streak.
    assert history(granted, intent="StreakIntent") == EN.say("memory.streak_none")
    finish(granted, "mat", 10)
    assert history(granted, intent="StreakIntent") == (
        "Your streak starts today, with your first acupressure mat session. Lovely work.")
    with request_clock.earlier(days=1):
        finish(granted, "meditation", 5)
    assert history(granted, intent="StreakIntent").startswith("You're on a 2 day streak. Lovely work. You've finished 2")



def test_a_streaks_first_day_is_said_once(granted, request_clock):
    # "You've started a streak today. Every day you do a session adds to it. You've finished one
    # acupressure mat session in the last seven days. Nice start.": the same start said twice, and
    # today's one session counted again as the week's. Today's the week's only sessions: one sentence.
    finish(granted, "mat", 10)
    finish(granted, "meditation", 5)
    said = history(granted, intent="StreakIntent")
    assert said == "Your streak starts today, with 2 sessions. Every day you do a session adds to it."
    # With sessions earlier in the week, the week's count still follows.
    with request_clock.earlier(days=3):
        finish(granted, "heat", 15)
    said = history(granted, intent="StreakIntent")
    assert said.startswith(f"{EN.say('memory.streak_one')} You've finished 3 sessions in the last seven days")
    assert "start." not in said


def test_a_streak_that_has_had_a_break_is_not_said_to_be_none_yet(granted, request_clock):
    # After two days in a row and two days off, "what's my streak?" said "You haven't got a streak
    # going yet", as to someone who never had one: a missed day (a bad flare, often) said coldly.
    for days in (4, 3):
        with request_clock.earlier(days=days):
            finish(granted, "mat", 10)
    said = history(granted, intent="StreakIntent")
    assert said.startswith(EN.say("memory.streak_rest") + " You've finished 2 acupressure mat sessions")
    assert "yet" not in said and "that's okay" in said


# -- forget everything -------------------------------------------------------------------------------
def test_forget_everything_asks_first(granted):
    granted.factory.person_id = "amzn1.ask.person.ALICE"
    reply = granted.intent("ForgetMeIntent", one_shot=True)
    assert without_notice(reply.speech) == EN.say("memory.forget_confirm")
    assert not reply.ended and reply.reprompt == EN.say("memory.forget_confirm_reprompt")
    assert granted.intent("AMAZON.YesIntent").speech == EN.say("memory.forgotten")


def test_forgetting_a_voice_alexa_does_not_know_says_it_is_the_households_shared_memory(granted):
    # It said "I've deleted everything Back Relief had saved about you", but voice profiles keep theirs.
    reply = granted.intent("ForgetMeIntent", one_shot=True)
    assert without_notice(reply.speech) == EN.say("memory.forget_confirm_shared")
    assert "household's shared use" in reply.speech and "People Alexa knows by voice keep theirs" in reply.speech
    assert reply.reprompt == EN.say("memory.forget_confirm_reprompt_shared")
    done = granted.intent("AMAZON.YesIntent").speech
    assert done == EN.say("memory.forgotten_shared") and "everything" not in done


def test_forget_everything_yes_deletes_preferences_history_and_the_disclaimer_flag(granted):
    granted.launch()
    set_preference(granted, "mat", minutes="20")
    finish(granted, "mat", 10)
    granted.intent("ForgetMeIntent", one_shot=True)
    reply = granted.intent("AMAZON.YesIntent")
    assert reply.speech == EN.say("memory.forgotten_shared") and reply.ended
    # The first-use notice is said again, once, with whatever comes first: here a session.
    again = start(granted, "mat")
    assert played(again) == ("mat", 10) and again.speech.startswith(NOTICE)
    # Asked while that new session plays: the answer, then the session carries on.
    back = EN.session_say("back_to_session", name=EN.sessions["mat"].name)
    assert history(granted) == f'{EN.say("memory.history_none", period="in the last seven days")} {back}'
    assert not granted.launch().speech.startswith(NOTICE)


def test_forget_everything_no_keeps_everything(granted):
    granted.launch()
    set_preference(granted, "mat", minutes="20")
    granted.intent("ForgetMeIntent", one_shot=True)
    reply = granted.intent("AMAZON.NoIntent")
    assert reply.speech == EN.say("memory.forget_declined")
    assert played(start(granted, "mat")) == ("mat", 20)
    assert EN.say("disclaimer") not in granted.launch().speech


def test_after_forgetting_the_timer_permission_question_comes_back(alexa):
    start(alexa, "mat")
    alexa.send(alexa.factory.connections_response("DENIED", token="timer-permission"))
    alexa.factory.consent_token = None
    alexa.intent("ForgetMeIntent", one_shot=True)
    alexa.intent("AMAZON.YesIntent")
    assert "Connections.SendRequest" in start(alexa, "mat").directive_types


# -- the skill is disabled ---------------------------------------------------------------------------
def test_skill_disabled_deletes_the_accounts_data(granted):
    granted.launch()
    set_preference(granted, "mat", minutes="20")
    finish(granted, "heat", 15)
    reply = granted.send(granted.factory.skill_event("AlexaSkillEvent.SkillDisabled"))
    assert reply.response == {}
    assert granted.launch().speech.startswith(EN.say("disclaimer"))
    assert played(start(granted, "mat")) == ("mat", 10)
    back = EN.session_say("back_to_session", name=EN.sessions["mat"].name)
    assert history(granted) == f'{EN.say("memory.history_none", period="in the last seven days")} {back}'      # the new session plays on


def test_skill_disabled_deletes_every_voice_profile_on_the_account(granted):
    granted.factory.person_id = "amzn1.ask.person.ALICE"
    set_preference(granted, "mat", minutes="25")
    granted.factory.person_id = None                     # skill events carry no speaker
    granted.send(granted.factory.skill_event("AlexaSkillEvent.SkillDisabled"))
    granted.factory.person_id = "amzn1.ask.person.ALICE"
    assert played(start(granted, "mat")) == ("mat", 10)


def test_skill_disabled_leaves_other_accounts_alone(app, granted):
    other = AlexaClient(app, EnvelopeFactory(consent_token="x"))
    set_preference(other, "mat", minutes="25")
    granted.send(granted.factory.skill_event("AlexaSkillEvent.SkillDisabled"))
    assert played(start(other, "mat")) == ("mat", 25)


# -- voice profiles ---------------------------------------------------------------------------------
def test_voice_profiles_on_one_account_keep_separate_preferences(granted):
    factory = granted.factory
    factory.person_id = "amzn1.ask.person.ALICE"
    set_preference(granted, "mat", minutes="20")
    factory.person_id = "amzn1.ask.person.BOB"
    set_preference(granted, "mat", minutes="12")
    factory.person_id = None
    assert played(start(granted, "mat")) == ("mat", 10)          # the shared account: default
    factory.person_id = "amzn1.ask.person.ALICE"
    assert played(start(granted, "mat")) == ("mat", 20)
    factory.person_id = "amzn1.ask.person.BOB"
    assert played(start(granted, "mat")) == ("mat", 12)


def test_voice_profiles_each_hear_the_disclaimer_once(granted):
    granted.factory.person_id = "amzn1.ask.person.ALICE"
    assert granted.launch().speech.startswith(EN.say("disclaimer"))
    assert not granted.launch().speech.startswith(EN.say("disclaimer"))
    granted.factory.person_id = "amzn1.ask.person.BOB"
    assert granted.launch().speech.startswith(EN.say("disclaimer"))


def test_forgetting_one_voice_profile_keeps_the_other(granted):
    factory = granted.factory
    factory.person_id = "amzn1.ask.person.ALICE"
    set_preference(granted, "heat", minutes="20")
    factory.person_id = "amzn1.ask.person.BOB"
    set_preference(granted, "heat", minutes="25")
    granted.intent("ForgetMeIntent", one_shot=True)
    granted.intent("AMAZON.YesIntent")
    assert played(start(granted, "heat")) == ("heat", 15)
    factory.person_id = "amzn1.ask.person.ALICE"
    assert played(start(granted, "heat")) == ("heat", 20)


def test_forgetting_one_voice_during_anothers_session_says_how_to_get_it_back(granted):
    # Bob asks to be forgotten while Alice's mat session plays: the question paused it, and after
    # "Done" nobody was told it waits (a no said so; a yes did not).
    factory = granted.factory
    factory.person_id = "amzn1.ask.person.ALICE"
    start(granted, "mat", duration="PT10M")
    granted.send(factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    factory.person_id = "amzn1.ask.person.BOB"
    asked = granted.intent("ForgetMeIntent", one_shot=True)
    assert "paused your acupressure mat session" in asked.speech
    done = granted.intent("AMAZON.YesIntent")
    assert done.speech.startswith(EN.say("memory.forgotten"))
    assert "resume" in done.speech and played(done) is None


def test_a_recognised_speakers_finished_session_is_in_their_history_only(granted):
    # The AudioPlayer events that finish it carry no voice profile; the session still counts for
    # the person who started it, and for nobody else.
    factory = granted.factory
    factory.person_id = "amzn1.ask.person.ALICE"
    finish(granted, "mat", 10)
    assert history(granted) == f"You've finished one {EN.sessions['mat'].name} in the last seven days. Nice start."
    factory.person_id = "amzn1.ask.person.BOB"
    assert history(granted) == EN.say("memory.history_none", period="in the last seven days")
    factory.person_id = None
    assert history(granted) == EN.say("memory.history_none", period="in the last seven days")


def test_a_recognised_speakers_session_also_works_if_events_carry_their_voice_profile(granted):
    # In case Alexa does put `person` on AudioPlayer events and button presses after all.
    factory = granted.factory
    factory.person_id, factory.person_on_unspoken_requests = "amzn1.ask.person.ALICE", True
    start(granted, "mat")
    granted.send(factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    granted.send(factory.audio_event("AudioPlayer.PlaybackStopped", 42_000))
    factory.audio.token = "someone-elses-stream"        # so only our notes know where it stopped
    resumed = granted.send(factory.playback_controller("Play")).directive("AudioPlayer.Play")
    assert resumed["audioItem"]["stream"]["offsetInMilliseconds"] == 42_000
    factory.audio.token = resumed["audioItem"]["stream"]["token"]
    granted.send(factory.audio_event("AudioPlayer.PlaybackFinished", (LEAD_IN_S + 600 + TAIL_S) * 1000))
    assert history(granted) == f"You've finished one {EN.sessions['mat'].name} in the last seven days. Nice start."
    factory.person_id = None
    assert history(granted) == EN.say("memory.history_none", period="in the last seven days")


def test_anyone_in_the_household_can_pause_a_session_someone_else_started(granted):
    factory = granted.factory
    factory.person_id = "amzn1.ask.person.ALICE"
    start(granted, "mat")
    granted.send(factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    granted.send(factory.audio_event("AudioPlayer.PlaybackStopped", 61_000))
    factory.person_id = "amzn1.ask.person.BOB"
    assert granted.intent("AMAZON.PauseIntent").directive_types == ["AudioPlayer.Stop"]
    factory.audio.token = "someone-elses-stream"       # so only our notes know where it paused
    resumed = granted.intent("AMAZON.ResumeIntent").directive("AudioPlayer.Play")
    assert resumed["audioItem"]["stream"]["offsetInMilliseconds"] == 61_000


def test_forgetting_a_speaker_whose_session_is_playing_leaves_no_trace_when_it_finishes(granted):
    factory = granted.factory
    factory.person_id = "amzn1.ask.person.ALICE"
    finish(granted, "heat", 15)
    assert played(start(granted, "mat")) == ("mat", 10)
    granted.send(factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    granted.intent("ForgetMeIntent", one_shot=True)
    granted.intent("AMAZON.YesIntent")
    granted.send(factory.audio_event("AudioPlayer.PlaybackFinished", (LEAD_IN_S + 600 + TAIL_S) * 1000))
    assert history(granted) == EN.say("memory.history_none", period="in the last seven days")
    factory.person_id = None
    assert history(granted) == EN.say("memory.history_none", period="in the last seven days")


# -- the database is unreachable ---------------------------------------------------------------------
def test_offline_launch_still_welcomes_with_the_disclaimer_every_time(offline):
    for _ in range(2):
        reply = offline.launch()
        assert reply.speech.startswith(EN.say("disclaimer"))
        assert EN.say("welcome") in reply.speech and not reply.ended


def test_offline_remedy_still_gives_the_first_step(offline):
    reply = offline.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasming")
    assert reply.card_title == EN.conditions["lower_back_spasm"].named("spasm")
    assert EN.conditions["lower_back_spasm"].steps[0] in reply.speech


def test_offline_session_start_plays_without_asking_for_permission(offline, fake_api, settings):
    reply = start(offline, "mat", duration="PT10M")
    assert played(reply) == ("mat", 10)
    assert reply.directive("AudioPlayer.Play")["audioItem"]["stream"]["url"] == \
        f"{settings.public_url}/audio/mat-10.mp3"
    assert "Connections.SendRequest" not in reply.directive_types
    assert fake_api.calls == []


def test_offline_session_start_with_permission_still_sets_the_timer(offline, fake_api):
    offline.factory.consent_token = "x"
    assert played(start(offline, "heat")) == ("heat", 15)
    assert len(fake_api.calls_to("POST", "/v1/alerts/timers")) == 1


def test_offline_audio_events_and_controls_still_answer(offline):
    start(offline, "mat", duration="PT10M")
    for kind, offset in (("PlaybackStarted", 0), ("PlaybackNearlyFinished", 500_000)):
        reply = offline.send(offline.factory.audio_event(f"AudioPlayer.{kind}", offset))
        assert set(reply.response) <= {"directives"}
    assert offline.send(offline.factory.audio_event("AudioPlayer.PlaybackStopped", 123_000)).response == {}
    left = offline.intent("TimeLeftIntent", one_shot=True)      # from Alexa's own report of the player
    assert left.speech == "You have 8 minutes left in your acupressure mat session."
    resumed = offline.intent("AMAZON.ResumeIntent", one_shot=True)
    assert resumed.directive("AudioPlayer.Play")["audioItem"]["stream"]["offsetInMilliseconds"] == 123_000
    reply = offline.send(offline.factory.audio_event("AudioPlayer.PlaybackFinished", 607_000))
    assert set(reply.response) <= {"directives"}


def test_offline_more_time_after_the_halfway_chime_is_known_from_the_player_alone(offline):
    """No notes of ours: the token Alexa reports says the halfway chime has rung in this run."""
    start(offline, "mat", duration="PT10M")
    offline.send(offline.factory.audio_event("AudioPlayer.PlaybackStopped", 360_000))
    longer = offline.intent("AddTimeIntent", one_shot=True, minutes="5").directive("AudioPlayer.Play")
    longer = longer["audioItem"]["stream"]
    assert longer["url"].endswith("/audio/mat-15-no-halfway.mp3") and longer["offsetInMilliseconds"] == 360_000
    offline.send(offline.factory.audio_event("AudioPlayer.PlaybackStopped", 400_000))
    left = offline.intent("TimeLeftIntent", one_shot=True)
    assert left.speech == "You have 8 minutes and 25 seconds left in your acupressure mat session."
    resumed = offline.intent("AMAZON.ResumeIntent", one_shot=True).directive("AudioPlayer.Play")
    assert resumed["audioItem"]["stream"] == {**longer, "offsetInMilliseconds": 400_000}


@pytest.mark.parametrize("intent,slots", [
    ("SetPreferenceIntent", {"session_type": "mat", "minutes": "15"}),
    ("SetUsualKindIntent", {"session_type": "heat"}),
    ("HistoryIntent", {}),
    ("HistoryIntent", {"session_type": "mat"}),
])
def test_offline_memory_features_say_memory_is_unavailable(offline, intent, slots):
    reply = offline.intent(intent, one_shot=True, **slots)
    assert reply.speech == EN.say("memory.unavailable")
    assert not reply.ended


@pytest.mark.parametrize("intent,slots", [("HistoryIntent", {}), ("UsualSessionIntent", {})])
def test_offline_memory_asked_for_while_a_session_plays_pauses_it_and_says_so(offline, intent, slots):
    # Lying on the mat: "how many sessions this week?" with the database down. The answer keeps
    # the conversation open, so the session waits and they are told how to get it back.
    start(offline, "mat", duration="PT10M")
    offline.send(offline.factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    offline.send(offline.factory.audio_event("AudioPlayer.PlaybackStopped", 60_000))
    reply = offline.intent(intent, one_shot=True, **slots)
    held = EN.session_say("held_for_conversation", name=EN.sessions["mat"].name)
    assert reply.speech == f"{held} {EN.say('memory.unavailable')}"
    assert not reply.ended and "AudioPlayer.Play" not in reply.directive_types
    resumed = offline.intent("AMAZON.ResumeIntent", one_shot=True)
    assert resumed.directive("AudioPlayer.Play")["audioItem"]["stream"]["offsetInMilliseconds"] == 60_000


def test_offline_my_usual_says_memory_is_unavailable(offline):
    reply = offline.intent("UsualSessionIntent", one_shot=True)
    assert reply.speech == EN.say("memory.unavailable")


def test_offline_same_as_last_time_says_memory_is_unavailable(offline):
    reply = offline.intent("SameAsLastTimeIntent", one_shot=True)
    assert reply.speech == EN.say("memory.unavailable")


def test_offline_forget_everything_says_honestly_that_it_could_not(offline):
    offline.intent("ForgetMeIntent", one_shot=True)
    reply = offline.intent("AMAZON.YesIntent")
    assert reply.speech == EN.say("memory.forget_failed")


def test_offline_skill_disabled_is_refused_so_alexa_delivers_it_again(offline):
    reply = offline.post(offline.factory.skill_event("AlexaSkillEvent.SkillDisabled"))
    assert reply.status == 503


# -- what we keep ------------------------------------------------------------------------------------
def test_what_we_keep_for_a_recognised_voice_is_their_own(granted):
    # "What do you know about me?" fell to Fallback.
    granted.factory.person_id = "amzn1.ask.person.ALICE"
    set_preference(granted, "mat", minutes="15")
    reply = granted.intent("WhatWeKeepIntent", one_shot=True)
    assert reply.speech == ("Here's what Back Relief keeps for you. Your saved lengths: acupressure mat sessions, "
                            "15 minutes. Your usual is the acupressure mat session. "
                            f"{EN.say('memory.keep_how_to_delete')}")
    assert reply.ended


def test_did_i_finish_for_a_recognised_voice_follows_their_own_session(granted):
    # The events that stop and finish it carry no voice profile.
    factory = granted.factory
    factory.person_id = "amzn1.ask.person.ALICE"
    start(granted, "meditation", duration="PT5M")
    granted.send(factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    granted.send(factory.audio_event("AudioPlayer.PlaybackStopped", 65_000))
    granted.intent("AMAZON.PauseIntent")
    assert granted.intent("SessionFinishedIntent", one_shot=True).speech.startswith(
        "No, you stopped your breathing meditation after about a minute.")
    finish(granted, "mat", 10)
    assert granted.intent("SessionFinishedIntent", one_shot=True).speech == (
        "Yes, you finished your acupressure mat session today, 10 minutes long.")
    factory.person_id = None
    reply = granted.intent("SessionFinishedIntent", one_shot=True)
    assert without_notice(reply.speech) == EN.say("memory.finished_none")


def test_a_session_finished_yesterday_is_no_yes_to_have_i_done_my_session_today(granted, request_clock):
    with request_clock.earlier(days=1):
        finish(granted, "meditation", 5)
    assert granted.intent("SessionFinishedIntent", one_shot=True).speech == (
        "You finished your last one, the breathing meditation, yesterday, 5 minutes long. None yet today.")


def test_what_we_keep_says_how_long_finished_sessions_are_kept_once(granted):
    # "2 finished sessions from the last 90 days, for your streaks. I keep each one for 90 days."
    granted.factory.person_id = "amzn1.ask.person.ALICE"
    finish(granted, "mat", 10)
    finish(granted, "meditation", 5)
    said = granted.intent("WhatWeKeepIntent", one_shot=True).speech
    assert "2 finished sessions, for your streaks. I keep each one for 90 days." in said
    assert said.count("90 days") == 1


def test_did_i_finish_with_no_session_yet_says_so(granted):
    # "Did I finish my session?" before any session said "I don't have a last time for you yet",
    # an answer to another question; after the steps of a remedy, too.
    assert without_notice(granted.intent("SessionFinishedIntent", one_shot=True).speech).startswith(
        "You haven't done a session with me yet.")
    granted.intent("RemedyIntent", one_shot=True, area="lower back", symptom="spasming")
    reply = granted.intent("SessionFinishedIntent", one_shot=True)
    assert reply.speech.startswith("You haven't done a session with me yet.") and not reply.ended
