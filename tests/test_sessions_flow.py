"""Starting timed sessions by voice, as a person in a flare-up would: how long, which kind, the
device they are on, and the one-time question about a spoken end (an Alexa timer).

Everything goes through the webhook as signed envelopes; assertions are about what the person
hears and what their Echo is told to do (directives), plus the Timers API calls Alexa receives.
"""
from __future__ import annotations


import pytest

from skill.alerts import TIMERS_SCOPE
from skill.app import create_app
from skill.audio.timeline import load_session_types
from skill.content import content_for
from skill.handlers.timer_permission import pending_from_token, permission_token
from skill.playback import SessionToken
from skill.reminders import REMINDERS_SCOPE
from skill.simulator.envelopes import EnvelopeFactory
from skill.verification import ApplicationIdVerifier, TimestampVerifier
from tests.support.alexa_ca import AlexaTestCA
from tests.support.skill_client import AlexaClient

EN = content_for("en-US")
NOTICE = EN.say("disclaimer")       # the first-use notice, said first whatever they do first
KINDS = load_session_types()
LEAD_IN_S = 3          # skill/content/sessions.yaml: lead_in_seconds
TIMERS = "/v1/alerts/timers"


def start(alexa, session_type="mat", **slots):
    return alexa.intent("StartSessionIntent", one_shot=True, session_type=session_type, **slots)


def play_of(reply):
    return reply.directive("AudioPlayer.Play")


def stream_of(reply):
    return play_of(reply)["audioItem"]["stream"]


def assert_plays(reply, settings, session_type, minutes):
    """The Echo is told to play that session's audio from the top."""
    play = play_of(reply)
    stream = play["audioItem"]["stream"]
    assert play["playBehavior"] == "REPLACE_ALL"
    assert stream["url"] == f"{settings.public_url}/audio/{session_type}-{minutes}.mp3"
    assert stream["url"].startswith("https://")
    assert stream["offsetInMilliseconds"] == 0
    assert isinstance(stream["token"], str)
    token = SessionToken.parse(stream["token"])
    assert (token.session_type, token.minutes) == (session_type, minutes)
    assert reply.ended


def timer_posts(fake_api):
    return [body for _, _, body in fake_api.calls_to("POST", TIMERS)]


# -- how long: durations as Alexa hears them ----------------------------------------------------
@pytest.mark.parametrize("said,slots,minutes", [
    ("ten minutes", {"duration": "PT10M"}, 10),
    ("fifteen", {"minutes": "15"}, 15),
    ("a quarter of an hour", {"duration": "PT15M"}, 15),
    ("half an hour", {"duration": "PT30M"}, 30),
])
def test_spoken_durations_start_a_mat_session_of_that_length(granted, settings, said, slots, minutes):
    reply = start(granted, "mat", **slots)
    assert_plays(reply, settings, "mat", minutes)
    assert reply.card_title == f"Acupressure mat session: {minutes} minutes"
    assert f"{minutes} minutes" in reply.speech
    assert EN.sessions["mat"].intro.format(length=f"{minutes} minutes") in reply.speech


def test_an_hour_is_out_of_range_the_bounds_are_said_and_the_nearest_offered(granted):
    reply = start(granted, "mat", duration="PT1H")
    assert "5 to 30 minutes" in reply.speech
    assert "Would you like 30 minutes?" in reply.speech
    assert not reply.ended and "30 minutes" in reply.reprompt
    assert not reply.directives


def test_yes_to_the_nearest_length_starts_it(granted, settings):
    start(granted, "mat", duration="PT1H")
    reply = granted.intent("AMAZON.YesIntent")
    assert_plays(reply, settings, "mat", 30)
    assert reply.card_title == "Acupressure mat session: 30 minutes"


def test_too_short_offers_the_shortest_allowed(granted, settings):
    reply = start(granted, "heat", minutes="2")
    assert "5 to 30 minutes" in reply.speech and "Would you like 5 minutes?" in reply.speech
    assert_plays(granted.intent("AMAZON.YesIntent"), settings, "heat", 5)


def test_no_to_the_nearest_length_starts_nothing(granted):
    start(granted, "mat", duration="PT1H")
    reply = granted.intent("AMAZON.NoIntent")
    assert "AudioPlayer.Play" not in reply.directive_types
    assert reply.speech == EN.say("no_thanks_outside_remedy")


def test_out_of_range_sentence_reads_naturally_for_the_mat(granted):
    reply = start(granted, "mat", duration="PT1H")
    assert "A acupressure" not in reply.speech


# -- how long when nothing is said: the defaults --------------------------------------------------
@pytest.mark.parametrize("session_type,minutes", [("mat", 10), ("meditation", 5), ("heat", 15), ("release", 2)])
def test_no_duration_starts_the_default_length(granted, settings, session_type, minutes):
    reply = start(granted, session_type)
    assert_plays(reply, settings, session_type, minutes)
    assert KINDS[session_type].default_minutes == minutes


def test_hip_flexor_release_minutes_are_per_side(granted, settings):
    reply = start(granted, "hip flexor release")
    assert_plays(reply, settings, "release", 2)
    assert reply.card_title == "Hip flexor release: 2 minutes per side"
    assert "Stay 2 minutes on this side" in reply.speech
    assert play_of(reply)["audioItem"]["metadata"]["title"] == "Hip flexor release: 2 minutes per side"


def test_hip_flexor_release_timer_covers_both_sides(granted, fake_api):
    start(granted, "release", minutes="3")
    (body,) = timer_posts(fake_api)
    assert body["duration"] == f"PT6M{LEAD_IN_S}S"          # 3 minutes a side, after the lead-in


# -- which session: the words people use ----------------------------------------------------------
@pytest.mark.parametrize("words,session_type", [
    ("acupressure mat", "mat"), ("breathing", "meditation"), ("heating pad", "heat"),
    ("massage ball", "release"), ("bed of nails", "mat"), ("hip flexor", "release"),
])
def test_session_types_are_recognised_by_their_everyday_names(granted, settings, words, session_type):
    reply = start(granted, words)
    assert_plays(reply, settings, session_type, KINDS[session_type].default_minutes)
    assert reply.card_title.lower().startswith(EN.sessions[session_type].name.lower())


def test_the_one_session_named_inside_more_words_starts(granted, settings):
    # "Start a mat session and remind me when it's done": the slot catches the rest too.
    assert_plays(start(granted, "mat session and remind me when it's done"), settings, "mat", 10)


def test_two_sessions_named_together_ask_which(granted):
    reply = start(granted, "heat and mat")
    assert 'I can\'t time "heat and mat"' in reply.speech and not reply.directives


def test_no_session_type_asks_which_then_keeps_the_length(granted, settings):
    reply = granted.intent("StartSessionIntent", one_shot=True, duration="PT20M")
    assert reply.speech == f'{NOTICE} {EN.session_say("which_session_for", minutes="20 minutes")}' and not reply.ended
    reply = granted.intent("StartSessionIntent", session_type="heat")
    assert_plays(reply, settings, "heat", 20)


def test_a_session_we_cannot_time_is_named_back_and_the_choices_listed(granted):
    reply = start(granted, "yoga")
    assert 'I can\'t time "yoga"' in reply.speech
    assert not reply.ended and not reply.directives


# -- what the start sounds like -------------------------------------------------------------------
def test_start_says_the_intro_plays_the_end_bells_and_shows_the_card(granted, settings):
    reply = start(granted, "meditation", duration="PT10M")
    texts = EN.sessions["meditation"]
    # Someone's first use: the first-use notice comes first (it was never said when they started
    # with a session), then the intro.
    assert reply.speech.startswith(f'{NOTICE} {texts.intro.format(length="10 minutes")}')
    assert NOTICE not in start(granted, "meditation", duration="PT10M").speech
    assert f'<audio src="{settings.public_url}/audio/' in reply.ssml and "end_bells" in reply.ssml
    assert reply.card_title == "Breathing meditation: 10 minutes"
    assert reply.card_text == texts.card
    assert not reply.reprompt


def test_every_start_gets_a_new_token(granted):
    first = stream_of(start(granted, "mat"))["token"]
    granted.intent("AMAZON.StopIntent", one_shot=True)
    second = stream_of(start(granted, "mat"))["token"]
    assert first != second


def test_starting_the_session_that_is_on_goes_on_with_it(granted):
    # "Start a mat session" while that very session plays started it over, "I've stopped your
    # acupressure mat session" and the time done lost. It goes on from where it is; a length
    # asked for ("a twenty minute mat session") still starts one of that length.
    first = stream_of(start(granted, "mat"))
    granted.send(granted.factory.audio_event("AudioPlayer.PlaybackStopped", 60_000))
    again = start(granted, "mat")
    assert again.speech == "Your acupressure mat session is already on, with 9 minutes and 5 seconds left."
    assert stream_of(again)["token"] == first["token"] and stream_of(again)["offsetInMilliseconds"] == 60_000
    longer = start(granted, "mat", duration="PT20M")
    assert longer.speech.startswith("I've stopped your acupressure mat session.")
    assert stream_of(longer)["token"] != first["token"]


def test_a_screen_device_plays_the_session_too(granted, settings):
    granted.factory.device = "screen"
    assert_plays(start(granted, "heat"), settings, "heat", 15)


def test_starting_a_new_session_while_one_runs_cancels_the_old_spoken_alert(granted, fake_api):
    start(granted, "mat")
    old_timer = next(iter(fake_api.timers))
    granted.send(granted.factory.audio_event("AudioPlayer.PlaybackStarted", 0))
    granted.send(granted.factory.audio_event("AudioPlayer.PlaybackStopped", 60_000))
    start(granted, "heat")
    assert fake_api.calls_to("DELETE", f"{TIMERS}/{old_timer}")


# -- the spoken end: asking for timer permission once ----------------------------------------------
def test_first_session_asks_permission_for_a_spoken_end(alexa, fake_api):
    reply = start(alexa, "mat")
    ask = reply.directive("Connections.SendRequest")
    assert ask["name"] == "AskFor"
    assert ask["payload"]["@type"] == "AskForPermissionsConsentRequest"
    assert ask["payload"]["permissionScopes"][0]["permissionScope"] == "alexa::alerts:timers:skill:readwrite"
    assert reply.speech == f'{NOTICE} {EN.session_say("ask_timer_permission")}'     # heard first, once
    assert reply.ended and "AudioPlayer.Play" not in reply.directive_types
    assert fake_api.calls == []


def test_permission_accepted_plays_the_session_and_sets_a_timer_that_announces_the_end(alexa, fake_api, settings):
    start(alexa, "mat", duration="PT10M")
    reply = alexa.send(alexa.factory.connections_response("ACCEPTED", token="timer-permission"))
    assert_plays(reply, settings, "mat", 10)
    assert EN.session_say("timer_failed") not in reply.speech
    assert EN.session_say("timer_declined") not in reply.speech
    (body,) = timer_posts(fake_api)
    assert body["duration"] == f"PT10M{LEAD_IN_S}S"                    # lead-in + session
    assert body["timerLabel"] == "Back Relief acupressure mat session"
    operation = body["triggeringBehavior"]["operation"]
    assert operation["type"] == "ANNOUNCE"
    assert operation["textToAnnounce"] == [{"locale": "en-US", "text": EN.sessions["mat"].finished}]


def test_permission_denied_still_plays_and_says_so_once(alexa, fake_api, settings):
    start(alexa, "heat")
    reply = alexa.send(alexa.factory.connections_response("DENIED", token="timer-permission"))
    assert_plays(reply, settings, "heat", 15)
    assert EN.session_say("timer_declined") in reply.speech
    assert fake_api.calls == []

    again = start(alexa, "meditation")
    assert "Connections.SendRequest" not in again.directive_types
    assert_plays(again, settings, "meditation", 5)
    assert EN.session_say("timer_declined") not in again.speech
    assert EN.session_say("ask_timer_permission") not in again.speech


def test_permission_not_answered_still_plays(alexa, fake_api, settings):
    start(alexa, "mat", minutes="12")
    reply = alexa.send(alexa.factory.connections_response("NOT_ANSWERED", token="timer-permission"))
    assert_plays(reply, settings, "mat", 12)
    assert fake_api.calls == []


def test_a_permission_answer_with_nothing_pending_just_welcomes(alexa):
    reply = alexa.send(alexa.factory.connections_response("ACCEPTED", token="timer-permission"))
    assert reply.speech == f'{NOTICE} {EN.say("welcome_back")}'
    assert not reply.directives and not reply.ended


def test_already_granted_permission_sets_the_timer_without_asking(granted, fake_api, settings):
    reply = start(granted, "meditation", duration="PT10M")
    assert "Connections.SendRequest" not in reply.directive_types
    assert_plays(reply, settings, "meditation", 10)
    (body,) = timer_posts(fake_api)
    assert body["duration"] == f"PT10M{LEAD_IN_S}S"
    assert body["triggeringBehavior"]["operation"]["textToAnnounce"][0]["text"] == \
        EN.sessions["meditation"].finished


def test_timers_api_failure_still_plays_and_tells_the_person(granted, fake_api, settings):
    fake_api.fail_with = 500
    reply = start(granted, "mat")
    assert_plays(reply, settings, "mat", 10)
    assert EN.session_say("timer_failed") in reply.speech
    assert len(fake_api.calls_to("POST", TIMERS)) == 1


def test_timers_api_failure_right_after_accepting_still_plays(alexa, fake_api, settings):
    start(alexa, "heat")
    fake_api.fail_with = 500
    reply = alexa.send(alexa.factory.connections_response("ACCEPTED", token="timer-permission"))
    assert_plays(reply, settings, "heat", 15)
    assert EN.session_say("timer_failed") in reply.speech


def test_a_consent_given_for_reminders_only_still_asks_for_the_spoken_end(alexa, fake_api):
    """Alexa's consent token comes with any permission granted; its scopes say which. Allowed
    reminders but never timers: the first session asks for timers, it does not try one and fail."""
    alexa.factory.consent_token = "x"
    alexa.factory.permission_scopes = {REMINDERS_SCOPE: "GRANTED", TIMERS_SCOPE: "DENIED"}
    reply = start(alexa, "mat")
    ask = reply.directive("Connections.SendRequest")
    assert ask["payload"]["permissionScopes"][0]["permissionScope"] == TIMERS_SCOPE
    assert not fake_api.calls_to("POST", TIMERS)


def test_timers_granted_in_the_scopes_set_the_timer_without_asking(alexa, fake_api, settings):
    alexa.factory.consent_token = "x"
    alexa.factory.permission_scopes = {TIMERS_SCOPE: "GRANTED"}
    reply = start(alexa, "mat")
    assert "Connections.SendRequest" not in reply.directive_types
    assert_plays(reply, settings, "mat", 10)
    assert len(timer_posts(fake_api)) == 1


@pytest.mark.parametrize("status", [401, 403])
def test_a_timer_refused_for_want_of_permission_asks_for_it_next_time(granted, fake_api, settings, status):
    """A consent token without timers' consent (reminders allowed, timers never, and no scopes
    sent): Alexa refuses the timer. The session plays and says so; the next one asks for timers."""
    fake_api.fail_with = status
    reply = start(granted, "mat")
    assert_plays(reply, settings, "mat", 10)
    assert EN.session_say("timer_failed") in reply.speech
    fake_api.fail_with = None
    again = start(granted, "heat")
    ask = again.directive("Connections.SendRequest")
    assert ask["payload"]["permissionScopes"][0]["permissionScope"] == TIMERS_SCOPE


def test_after_a_refused_timer_a_no_is_final_and_a_yes_sets_timers_again(granted, fake_api, settings):
    fake_api.fail_with = 403
    start(granted, "mat")                                   # refused: the next start asks
    fake_api.fail_with = None
    tried = len(timer_posts(fake_api))
    start(granted, "heat").directive("Connections.SendRequest")
    declined = granted.send(granted.factory.connections_response("DENIED", token="timer-permission"))
    assert_plays(declined, settings, "heat", 15)
    assert EN.session_say("timer_declined") in declined.speech
    third = start(granted, "meditation")
    assert "Connections.SendRequest" not in third.directive_types     # asked once; no is final
    assert len(timer_posts(fake_api)) == tried              # declined: never tried behind their back


def test_a_yes_after_a_refused_timer_sets_the_timer(granted, fake_api, settings):
    fake_api.fail_with = 401
    start(granted, "mat")
    fake_api.fail_with = None
    tried = len(timer_posts(fake_api))
    start(granted, "heat").directive("Connections.SendRequest")
    accepted = granted.send(granted.factory.connections_response("ACCEPTED", token="timer-permission"))
    assert_plays(accepted, settings, "heat", 15)
    assert len(timer_posts(fake_api)) == tried + 1
    later = start(granted, "meditation")
    assert "Connections.SendRequest" not in later.directive_types
    assert len(timer_posts(fake_api)) == tried + 2


# -- a device without AudioPlayer: a timer instead ------------------------------------------------
def test_device_without_audio_says_so_and_offers_a_timer(granted, fake_api):
    granted.factory.device = "no-audio"
    reply = start(granted, "heat")
    assert reply.speech == f'{NOTICE} {EN.session_say("no_audio_device", minutes=15, name="heat session")}'
    assert not reply.ended and reply.reprompt == EN.session_say("no_audio_reprompt")
    assert not reply.directives and fake_api.calls == []


def test_yes_on_a_device_without_audio_sets_the_timer(granted, fake_api):
    granted.factory.device = "no-audio"
    start(granted, "mat", duration="PT20M")
    reply = granted.intent("AMAZON.YesIntent")
    assert reply.speech == EN.session_say('timer_only_started', minutes=20, name='acupressure mat session',
                                          how=EN.sessions['mat'].how)
    assert not any(kind.startswith("AudioPlayer.") for kind in reply.directive_types)
    assert reply.ended
    (body,) = timer_posts(fake_api)
    assert body["duration"] == "PT20M"
    assert body["timerLabel"] == "Back Relief acupressure mat session"
    assert body["triggeringBehavior"]["operation"]["textToAnnounce"][0]["text"] == EN.sessions["mat"].finished


def test_no_on_a_device_without_audio_sets_nothing(granted, fake_api):
    granted.factory.device = "no-audio"
    start(granted, "heat")
    granted.intent("AMAZON.NoIntent")
    assert fake_api.calls == []


def test_device_without_audio_and_without_permission_asks_for_it_then_sets_the_timer(alexa, fake_api):
    alexa.factory.device = "no-audio"
    start(alexa, "meditation")
    reply = alexa.intent("AMAZON.YesIntent")
    assert reply.directive("Connections.SendRequest")["name"] == "AskFor"
    assert fake_api.calls == []
    reply = alexa.send(alexa.factory.connections_response("ACCEPTED", token="timer-permission"))
    assert reply.speech == EN.session_say('timer_only_started', minutes=5, name='breathing meditation',
                                          how=EN.sessions['meditation'].how)
    assert not reply.directives
    (body,) = timer_posts(fake_api)
    assert body["duration"] == "PT5M"


def test_device_without_audio_permission_denied_suggests_an_alexa_timer(alexa, fake_api):
    alexa.factory.device = "no-audio"
    start(alexa, "heat")
    alexa.intent("AMAZON.YesIntent")
    reply = alexa.send(alexa.factory.connections_response("DENIED", token="timer-permission"))
    # With no timer from us, they still hear what to do, and get the how-to on a card.
    assert reply.speech == EN.session_say('timer_only_declined', minutes=15, name='heat session',
                                          how=EN.sessions['heat'].how)
    assert reply.card_title == "Heat session: 15 minutes" and "Never sleep with heat on" in reply.card_text
    assert fake_api.calls == []


def test_device_without_audio_timer_failure_is_said_plainly(granted, fake_api):
    granted.factory.device = "no-audio"
    fake_api.fail_with = 500
    start(granted, "heat")
    reply = granted.intent("AMAZON.YesIntent")
    assert reply.speech == EN.session_say('timer_only_unavailable', minutes=15, name='heat session',
                                          how=EN.sessions['heat'].how)
    assert reply.card_title == "Heat session: 15 minutes"


def test_device_without_audio_release_timer_length_matches_what_is_said(granted, fake_api):
    granted.factory.device = "no-audio"
    offer = start(granted, "release")
    reply = granted.intent("AMAZON.YesIntent")
    (body,) = timer_posts(fake_api)
    assert body["duration"] == "PT4M"
    assert "4 minute" in offer.speech and "4 minute" in reply.speech


def test_without_the_database_a_timer_only_start_still_resumes_after_permission(settings, fake_api,
                                                                                 request_clock):
    """What to resume travels in the permission request's token, not only in the database."""
    ca = AlexaTestCA.shared()
    app = create_app(settings.with_changes(database_url="postgresql://nobody@127.0.0.1:1/none",
                                           database_timeout_s=0.2),
                     verifiers=[ca.make_verifier(), TimestampVerifier(clock=request_clock), ApplicationIdVerifier(settings.skill_id)],
                     api_client=fake_api)
    try:
        alexa = AlexaClient(app, EnvelopeFactory(device="no-audio"))
        start(alexa, "meditation")
        asked = alexa.intent("AMAZON.YesIntent")
        token = asked.directive("Connections.SendRequest")["token"]     # Alexa hands it back
        assert token == "timer-permission:meditation:5:timer-only"
        reply = alexa.send(alexa.factory.connections_response("ACCEPTED", token=token))
        # Without memory, whether they are new is unknown: the notice, as every time.
        started = EN.session_say('timer_only_started', minutes=5, name='breathing meditation',
                                 how=EN.sessions['meditation'].how)
        assert reply.speech == f"{NOTICE} {started}"
        (body,) = timer_posts(fake_api)
        assert body["duration"] == "PT5M"
    finally:
        app.extensions["back_relief"]["store"].close()


@pytest.mark.parametrize("token", ["timer-permission:mat:999", "timer-permission:yoga:10",
                                   "timer-permission:mat:10:later", "other:mat:10", "timer-permission"])
def test_permission_tokens_we_did_not_make_resume_nothing(token):
    assert pending_from_token(token, EN) is None


def test_permission_tokens_round_trip():
    for pending in ({"type": "mat", "minutes": 15}, {"type": "heat", "minutes": 20, "timer_only": True}):
        assert pending_from_token(permission_token(pending), EN) == pending


# -- short, with no kind named ---------------------------------------------------------------------
@pytest.mark.parametrize("caught", ["short", "just a quick", "quick little"])
def test_short_caught_where_the_kind_goes_asks_which_then_starts_it_shortest(granted, settings, caught):
    """'Start a short session' heard with "short" as the kind got 'I can't time "short"'."""
    reply = start(granted, caught)
    assert reply.speech.startswith(f'{NOTICE} {EN.session_say("which_session")}') and not reply.ended
    assert_plays(granted.intent("StartSessionIntent", session_type="heat"), settings, "heat", KINDS["heat"].min_minutes)


def test_a_quick_one_caught_where_the_kind_goes_makes_the_running_session_short(granted):
    start(granted, "mat", duration="PT20M")
    reply = start(granted, "one", brevity="quick")
    assert reply.speech.startswith("Okay, your acupressure mat session is now 5 minutes.")
    assert token_of(reply).minutes == 5


def token_of(reply):
    return SessionToken.parse(stream_of(reply)["token"])
