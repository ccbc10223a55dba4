"""The simulated Alexa against the stub skill: sessions, playback, time, violations, failures."""
from datetime import timedelta

import pytest

from skill.simulator.alexa_api import SimulatedAlexaApi
from skill.simulator.display import render_turn
from skill.simulator.engine import Simulator
from skill.simulator.playback import NEARLY_FINISHED_BEFORE_END_S, session_audio_seconds


def types(requests):
    return [r["request"]["type"] + (":" + r["request"]["intent"]["name"] if "intent" in r["request"] else "")
            for r in requests]


def test_session_and_attributes_carry_across_turns(sim, requests_sent):
    first = sim.say("open back relief")
    assert first.main.request_type == "LaunchRequest" and first.main.session_open
    second = sim.say("my lower back is spasming")
    session = requests_sent[1]["session"]
    assert session["new"] is False and session["attributes"] == {"turns": 1}
    assert session["sessionId"] == requests_sent[0]["session"]["sessionId"]
    assert second.main.body["card"]["title"] == "Relief for LOWER_BACK"


def test_a_reply_that_ends_the_session_starts_the_next_one_fresh(sim, requests_sent):
    sim.say("open back relief")
    sim.say("how much time is left")            # the stub ends the session here
    assert not sim.session_open
    assert sim.say("what helps my neck").resolution.kind == "not_routed"


def test_play_sends_playback_started(sim, requests_sent):
    turn = sim.say("ask back relief to start a 10 minute mat session")
    assert types(requests_sent) == ["IntentRequest:StartSessionIntent", "AudioPlayer.PlaybackStarted"]
    started = requests_sent[1]
    assert "session" not in started                              # AudioPlayer events are out of session
    assert started["request"]["token"] == "mat-10" and started["request"]["offsetInMilliseconds"] == 0
    assert started["context"]["AudioPlayer"]["playerActivity"] == "PLAYING"
    assert turn.events == ["AudioPlayer.PlaybackStarted"]
    assert "▶ playing mat-10 from 0:00" in render_turn(turn)


def test_wait_sends_nearly_finished_then_finished_then_the_queue(sim, requests_sent):
    sim.say("ask back relief to start a 10 minute mat session")
    length = session_audio_seconds("mat-10", "https://skill.example/audio/mat-10.mp3")
    assert length == 607                                        # 3 s lead-in + 10 min + 4 s tail
    early = sim.wait(60)
    assert early.events == []
    turn = sim.wait(length - 30)       # mat-10 ends at 607 s; the queued outro-1 (60 s) starts then
    assert turn.events == ["AudioPlayer.PlaybackNearlyFinished", "AudioPlayer.PlaybackFinished",
                           "AudioPlayer.PlaybackStarted"]
    nearly, finished, started = (r["request"] for r in requests_sent[2:5])
    assert nearly["offsetInMilliseconds"] == (length - NEARLY_FINISHED_BEFORE_END_S) * 1000
    assert finished["offsetInMilliseconds"] == length * 1000 and finished["token"] == "mat-10"
    assert started["token"] == "outro-1"                        # the stub enqueued it
    assert sim.player.current.token == "outro-1"


def test_speaking_during_playback_stops_it_first_with_the_offset(sim, requests_sent):
    sim.say("ask back relief to start a 10 minute mat session")
    sim.wait(125.5)
    turn = sim.say("ask back relief how much time is left")
    stopped, asked = requests_sent[2], requests_sent[3]
    assert stopped["request"]["type"] == "AudioPlayer.PlaybackStopped"
    assert stopped["request"]["offsetInMilliseconds"] == 125_500
    assert asked["request"]["intent"]["name"] == "TimeLeftIntent"
    assert asked["context"]["AudioPlayer"] == {"playerActivity": "STOPPED", "token": "mat-10",
                                               "offsetInMilliseconds": 125_500}
    assert "125 seconds in" in render_turn(turn)


def test_stop_pauses_and_resume_plays_from_the_offset(sim, requests_sent):
    sim.say("ask back relief to start a 10 minute mat session")
    sim.wait(30)
    paused = sim.say("stop")
    assert types(requests_sent[2:]) == ["AudioPlayer.PlaybackStopped", "IntentRequest:AMAZON.PauseIntent"]
    assert "■ audio stopped" in render_turn(paused)
    sim.wait(300)                                               # nothing plays meanwhile
    assert len(requests_sent) == 4
    resumed = sim.say("resume")
    assert resumed.events == ["AudioPlayer.PlaybackStarted"]
    assert requests_sent[-1]["request"]["offsetInMilliseconds"] == 30_000


def test_words_for_alexa_herself_do_not_stop_the_audio(sim, requests_sent):
    sim.say("ask back relief to start a 10 minute mat session")
    turn = sim.say("what is the weather")
    assert turn.resolution.kind == "not_routed" and turn.exchanges == []
    assert sim.player.playing


def test_speech_in_reply_to_an_audio_event_is_flagged(sim):
    turn = sim.say("ask back relief to start a bad session")    # the stub talks at PlaybackStarted
    assert turn.events == ["AudioPlayer.PlaybackStarted"]
    assert any("outputSpeech in a reply to AudioPlayer.PlaybackStarted" in p for p in turn.problems)
    shown = render_turn(turn)
    assert "⚠ not allowed by Alexa: outputSpeech in a reply to AudioPlayer.PlaybackStarted" in shown


def test_playback_controller_buttons(sim):
    sim.say("ask back relief to start a mat session")
    turn = sim.handle(":button pause")
    assert turn.main.request_type == "PlaybackController.PauseCommandIssued"
    assert "session" not in turn.main.request


def test_a_failing_skill_is_shown_and_ends_the_session(sim):
    sim.say("open back relief")
    turn = sim.say("go home")                                   # the stub answers HTTP 500
    assert "HTTP 500" in turn.main.error
    assert "There was a problem with the requested skill's response" in render_turn(turn)
    assert not sim.session_open


def test_a_device_without_audio_player(sim):
    sim.handle(":device no-audio")
    turn = sim.say("ask back relief to start a mat session")
    assert "AudioPlayer" not in turn.main.request["context"]
    assert any("device without AudioPlayer" in v for v in turn.main.violations)
    assert turn.events == []


def test_silence_reprompts_then_ends_the_session(sim, requests_sent):
    sim.say("open back relief")
    first = sim.handle(":silence")
    assert first.messages == ["Alexa (reprompt): What is going on with your back?"]
    second = sim.handle(":silence")
    assert second.exchanges[0].request["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert not sim.session_open


def test_waiting_with_an_open_session_times_it_out(sim, requests_sent):
    sim.say("open back relief")
    turn = sim.handle(":wait 1m")
    assert turn.events == ["SessionEndedRequest"]
    assert "reprompt" in render_turn(turn)


def test_new_session_and_device_commands(sim, requests_sent):
    sim.say("open back relief")
    assert "(new session)" in render_turn(sim.handle(":new"))
    assert not sim.session_open
    assert "unknown device" in render_turn(sim.handle(":device toaster"))
    assert "unknown command" in render_turn(sim.handle(":dance"))
    assert "cannot read" in render_turn(sim.handle(":wait forever"))


def test_permission_request_is_answered_by_voice(sim, requests_sent):
    sim.say("open back relief")
    asked = sim.say("yes")                                      # the stub asks for timers
    assert "permission request: timers" in render_turn(asked)
    answer = sim.say("yes")
    request = requests_sent[-1]["request"]
    assert request["type"] == "Connections.Response"
    assert request["payload"] == {"permissionScope": "alexa::alerts:timers:skill:readwrite",
                                  "status": "ACCEPTED"}
    assert requests_sent[-1]["context"]["System"]["user"]["permissions"]["consentToken"]
    assert "Permission accepted" in render_turn(answer)


def test_duration_lookup_is_pluggable(transport, model, requests_sent):
    sim = Simulator(transport, model, durations=lambda token, url: 20.0)
    sim.say("ask back relief to start a mat session")
    assert sim.wait(45).events == ["AudioPlayer.PlaybackNearlyFinished", "AudioPlayer.PlaybackFinished",
                                   "AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackNearlyFinished",
                                   "AudioPlayer.PlaybackFinished"]


def test_unknown_length_never_finishes(transport, model):
    sim = Simulator(transport, model, durations=lambda token, url: None)
    sim.say("ask back relief to start a mat session")
    turn = sim.wait(3600)
    assert turn.events == [] and "unknown" in render_turn(turn)


def test_requests_carry_the_simulated_clock(sim, requests_sent):
    sim.say("open back relief")
    start = sim.now
    sim.handle(":new")
    sim.wait(90)
    sim.say("open back relief")
    assert sim.now - start == timedelta(seconds=90)
    assert requests_sent[-1]["request"]["timestamp"] == sim.now.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_wait_until_a_time_of_day_on_the_devices_clock(transport, model):
    from datetime import datetime, timezone
    api = SimulatedAlexaApi()
    sim = Simulator(transport, model, alexa_api=api, start=datetime(2026, 3, 7, 20, 0, tzinfo=timezone.utc))
    sim.handle(":wait until 23:50")                                       # UTC until set
    assert sim.now == datetime(2026, 3, 7, 23, 50, tzinfo=timezone.utc)
    sim.handle(":timezone America/Los_Angeles")                           # 15:50 there
    sim.handle(":wait until 23:50")                                       # the same evening
    assert sim.now == datetime(2026, 3, 8, 7, 50, tzinfo=timezone.utc)
    sim.handle(":wait until 23:50")                                       # clocks went forward overnight
    assert sim.now == datetime(2026, 3, 9, 6, 50, tzinfo=timezone.utc)
    assert "cannot read" in render_turn(sim.handle(":wait until 25:00"))


def test_voice_command_sets_who_is_speaking(sim, requests_sent):
    # Voice profiles could only be tried from Python (factory.person_id), not in a dialog or by hand.
    sim.handle(":voice alice")
    sim.say("ask back relief what's my streak")
    assert requests_sent[-1]["context"]["System"]["person"]["personId"] == "amzn1.ask.person.alice"
    sim.handle(":voice none")                       # a voice Alexa doesn't know
    sim.say("ask back relief what's my streak")
    assert "person" not in requests_sent[-1]["context"]["System"]


@pytest.fixture
def api():
    return SimulatedAlexaApi()


def test_simulated_timers_api(transport, model, api):
    sim = Simulator(transport, model, alexa_api=api)

    class Request:
        def __init__(self, method, url, body=None):
            self.method, self.url, self.body, self.headers = method, url, body, []

    url = "https://api.amazonalexa.com/v1/alerts/timers"
    body = {"duration": "PT5M", "timerLabel": "mat",
            "triggeringBehavior": {"operation": {"type": "ANNOUNCE",
                                                 "textToAnnounce": [{"locale": "en-US", "text": "Done."}]}}}
    assert api.invoke(Request("POST", url, body)).status_code == 401      # no consent yet
    api.permitted = True
    assert api.invoke(Request("POST", url, body)).status_code == 200
    api.messages.clear()
    turn = sim.wait(301)
    assert turn.messages[0] == "⏲ timer “mat” rings: Alexa announces “Done.”"
    assert api.timers == {}
