"""A running session on an Echo: the AudioPlayer events Alexa sends while it plays, and what the
person can say or press meanwhile (pause, resume, start over, stop, how much time is left, and the
controls that mean nothing for a timed session).

AudioPlayer and PlaybackController requests may only be answered with AudioPlayer directives: no
speech, card or reprompt (Alexa rejects those responses). Every answer here is checked for that.
"""
from __future__ import annotations


import pytest

from skill.content import content_for
from skill.playback import SessionToken
from skill.simulator.envelopes import AudioPlayerState
from tests.store.helpers import statements

EN = content_for("en-US")
LEAD_IN_S = 3          # skill/content/sessions.yaml: lead_in_seconds
TAIL_S = 4             # skill/content/sessions.yaml: tail_seconds
TIMERS = "/v1/alerts/timers"
MAT = EN.sessions["mat"].name           # "acupressure mat session"


def stopped_lately(speech: str, name: str = MAT) -> bool:
    """ "How much time is left" just after it was stopped: none running, said as stopped, after how
    long, with how to start another (asked52; it was sessions.yaml no_session)."""
    return (speech.startswith(f"You stopped your {name} after ") and "so nothing is running now." in speech
            and speech.endswith(EN.session_say("start_again", start=EN.say("step_time_it_kinds.mat"))))
NOTICE = EN.say("disclaimer")           # the first-use notice: what a new person hears first


def end_ms(minutes: int, per_side: bool = False) -> int:
    """Offset of the end bells: lead-in + the session (both sides for the release)."""
    return (LEAD_IN_S + minutes * 60 * (2 if per_side else 1)) * 1000


class Running:
    """One person with one session playing on their Echo (timer permission already granted)."""

    def __init__(self, alexa, fake_api, session_type="mat", minutes=10):
        self.alexa, self.api = alexa, fake_api
        alexa.factory.consent_token = "x"
        reply = alexa.intent("StartSessionIntent", one_shot=True, session_type=session_type,
                             duration=f"PT{minutes}M")
        self.stream = reply.directive("AudioPlayer.Play")["audioItem"]["stream"]
        self.token, self.url = self.stream["token"], self.stream["url"]
        self.timer_id = next(iter(fake_api.timers)) if fake_api.timers else None
        self.event("PlaybackStarted", 0)

    def event(self, kind, offset_ms=None):
        reply = self.alexa.send(self.alexa.factory.audio_event(f"AudioPlayer.{kind}", offset_ms))
        assert_silent(reply)
        return reply

    def button(self, command):
        reply = self.alexa.send(self.alexa.factory.playback_controller(command))
        assert_silent(reply)
        return reply

    def say(self, intent, **slots):
        return self.alexa.intent(intent, one_shot=True, **slots)

    def interrupt_at(self, offset_ms):
        """The person says "Alexa, ...": the audio stops at this offset first."""
        return self.event("PlaybackStopped", offset_ms)

    def timer_calls(self, method, suffix=""):
        return self.api.calls_to(method, f"{TIMERS}/{self.timer_id}{suffix}")


def assert_silent(reply):
    """What Alexa allows in answers to AudioPlayer/PlaybackController/System requests."""
    assert reply.status == 200
    assert set(reply.response) <= {"directives"}, reply.response
    assert "outputSpeech" not in reply.response and "card" not in reply.response
    assert "reprompt" not in reply.response
    for directive in reply.directives:
        assert directive["type"].startswith("AudioPlayer."), directive


def assert_plays_from(reply, running, offset_ms):
    play = reply.directive("AudioPlayer.Play")
    stream = play["audioItem"]["stream"]
    assert play["playBehavior"] == "REPLACE_ALL"
    assert (stream["url"], stream["token"]) == (running.url, running.token)
    assert stream["offsetInMilliseconds"] == offset_ms


@pytest.fixture(params=["shared account", "recognised voice"])
def mat(request, alexa, fake_api) -> Running:
    """Every control, for the account's shared memory and for a recognised speaker, whose spoken
    requests carry their voice profile while the events and button presses carry none."""
    if request.param == "recognised voice":
        alexa.factory.person_id = "amzn1.ask.person.ALICE"
    return Running(alexa, fake_api, "mat", 10)


# -- the whole AudioPlayer sequence ---------------------------------------------------------------
def test_start_stop_resume_plays_the_same_audio_from_exactly_where_it_stopped(mat, settings):
    assert mat.url == f"{settings.public_url}/audio/mat-10.mp3"
    stopped = mat.interrupt_at(123_456)
    assert stopped.response == {}                       # nothing at all for PlaybackStopped
    reply = mat.say("AMAZON.ResumeIntent")
    assert_plays_from(reply, mat, 123_456)
    assert reply.ended and not reply.speech


def test_resume_after_other_audio_played_starts_where_the_session_stopped(mat):
    # Our notes, written by the PlaybackStopped event, are all that knows the place: the device
    # now reports someone else's stream.
    mat.interrupt_at(95_000)
    mat.alexa.factory.audio = AudioPlayerState("someone-elses-stream", 12_000, "PLAYING")
    reply = mat.say("AMAZON.ResumeIntent")
    assert_plays_from(reply, mat, 95_000)


def test_playback_events_cost_at_most_one_write_and_no_read(mat, app):
    """Started and nearly finished carry nothing to keep (playback starts where our Play said):
    no round trip. PlaybackStopped records the place without reading anything first: one."""
    store = app.extensions["back_relief"]["store"]
    with statements(store) as sent:
        mat.event("PlaybackStarted", 0)
        mat.event("PlaybackNearlyFinished", end_ms(10) - 20_000)
    assert sent == []
    with statements(store) as sent:
        mat.interrupt_at(60_000)
    assert [s.split()[0].upper() for s in sent] == ["INSERT"]


def test_the_stop_of_a_replaced_session_does_not_move_the_new_one(mat):
    """A new session on the same Echo replaces the playing one, and Alexa then reports where the
    old stream stopped. That place belongs to a run that is over."""
    mat.event("PlaybackStarted", 0)
    alexa, first = mat.alexa, mat.token
    reply = alexa.intent("StartSessionIntent", one_shot=True, session_type="meditation", duration="PT5M")
    second = reply.directive("AudioPlayer.Play")["audioItem"]["stream"]
    stopped = alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackStopped", 250_000, token=first))
    assert_silent(stopped)                                     # the mat session's stream, replaced
    alexa.factory.audio = AudioPlayerState("someone-elses-stream", 12_000, "PLAYING")
    play = alexa.intent("AMAZON.ResumeIntent").directive("AudioPlayer.Play")
    assert play["audioItem"]["stream"]["token"] == second["token"]
    assert play["audioItem"]["stream"]["offsetInMilliseconds"] == 0

    alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackStopped", 40_000, token=second["token"]))
    alexa.factory.audio = AudioPlayerState("someone-elses-stream", 12_000, "PLAYING")
    play = alexa.intent("AMAZON.ResumeIntent").directive("AudioPlayer.Play")
    assert play["audioItem"]["stream"]["offsetInMilliseconds"] == 40_000


def test_nearly_finished_then_finished_needs_nothing_more(mat):
    nearly = mat.event("PlaybackNearlyFinished", end_ms(10) - 20_000)
    assert nearly.directives == []                      # nothing queued after a session
    finished = mat.event("PlaybackFinished", end_ms(10) + TAIL_S * 1000)
    assert finished.directives == []


def test_a_finished_session_counts_in_this_weeks_history(mat):
    mat.event("PlaybackNearlyFinished", end_ms(10) - 20_000)
    mat.event("PlaybackFinished", end_ms(10) + TAIL_S * 1000)
    reply = mat.say("HistoryIntent")
    assert reply.speech == f"You've finished one {MAT} in the last seven days. Nice start."


def test_a_session_stopped_halfway_does_not_count(mat):
    mat.interrupt_at(200_000)
    mat.say("AMAZON.StopIntent")
    assert mat.say("HistoryIntent").speech == EN.say("memory.history_none", period="in the last seven days")


def test_just_after_it_finished_time_left_says_so_and_nothing_resumes(mat):
    # "How long is left?" just after the end bells was "You don't have a session running".
    mat.event("PlaybackFinished", end_ms(10) + TAIL_S * 1000)
    assert mat.say("TimeLeftIntent").speech == f"Your {MAT} is finished."
    reply = mat.say("AMAZON.ResumeIntent")
    assert reply.speech == EN.session_say("nothing_to_resume")
    assert "AudioPlayer.Play" not in reply.directive_types


# -- more time ------------------------------------------------------------------------------------
def test_five_more_minutes_plays_the_longer_session_on_from_the_same_place(mat, fake_api, settings):
    # Six minutes into a ten minute mat session: "Alexa, ask back relief for five more minutes".
    mat.interrupt_at(360_000)
    reply = mat.say("AddTimeIntent", minutes="5")
    assert reply.speech == f"Okay, 5 minutes more. Your {MAT} now ends in 9 minutes and 5 seconds."
    stream = reply.directive("AudioPlayer.Play")["audioItem"]["stream"]
    # The ten-minute session's halfway chime rang at five minutes: the fifteen-minute render plays
    # on without its own (see the tests below).
    assert stream["url"] == f"{settings.public_url}/audio/mat-15-no-halfway.mp3"
    assert stream["offsetInMilliseconds"] == 360_000 and stream["token"] != mat.token
    assert reply.ended
    assert len(mat.timer_calls("DELETE")) == 1                     # the old end, gone
    moved = [timer for timer_id, timer in fake_api.timers.items() if timer_id != mat.timer_id]
    assert [timer["duration"] for timer in moved] == ["PT9M3S"]     # 15 min + lead-in - 6 min

    alexa, longer = mat.alexa, stream["token"]
    assert_silent(alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackStopped", 360_000, token=mat.token)))
    assert_silent(alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackStarted", 360_000, token=longer)))
    assert mat.say("TimeLeftIntent").speech.startswith("You have 9 minutes and 5 seconds left")
    assert_silent(alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackFinished",
                                                       end_ms(15) + TAIL_S * 1000, token=longer)))
    assert mat.say("HistoryIntent").speech.startswith(f"You've finished one {MAT}")


# The halfway chime rings once in a run: a ten-minute mat session's 5 minutes after the start bell,
# a fifteen-minute one's 7 and a half minutes after it.
HALFWAY_OF_10 = (LEAD_IN_S + 10 * 60 // 2) * 1000       # 303 s into the audio
HALFWAY_OF_15 = (LEAD_IN_S + 15 * 60 // 2) * 1000       # 453 s


def played(reply):
    """(audio file name, offset, token) of the Play directive in the reply."""
    stream = reply.directive("AudioPlayer.Play")["audioItem"]["stream"]
    return stream["url"].rsplit("/", 1)[-1], stream["offsetInMilliseconds"], SessionToken.parse(stream["token"])


@pytest.mark.parametrize("offset_ms,audio", [
    (240_000, "mat-15.mp3"),                        # 4 minutes in: the halfway is still to come
    (HALFWAY_OF_10 - 1_000, "mat-15.mp3"),
    (HALFWAY_OF_10, "mat-15-no-halfway.mp3"),       # the chime has just struck
    (360_000, "mat-15-no-halfway.mp3"),             # 6 minutes in
    (end_ms(10) - 5_000, "mat-15-no-halfway.mp3"),
])
def test_five_more_minutes_after_the_halfway_chime_plays_on_without_a_second_one(mat, offset_ms, audio):
    mat.interrupt_at(offset_ms)
    name, offset, token = played(mat.say("AddTimeIntent", minutes="5"))
    assert (name, offset) == (audio, offset_ms)
    assert (token.session_type, token.minutes, token.run) == ("mat", 15, SessionToken.parse(mat.token).run)
    assert token.without_halfway == audio.endswith("-no-halfway.mp3")


def test_the_audio_played_on_without_the_halfway_is_there_to_fetch(alexa, fake_api, app, settings):
    mat = Running(alexa, fake_api)
    mat.interrupt_at(360_000)
    url = mat.say("AddTimeIntent", minutes="5").directive("AudioPlayer.Play")["audioItem"]["stream"]["url"]
    assert url.startswith(f"{settings.public_url}/audio/")
    fetched = app.test_client().head(url.removeprefix(settings.public_url))
    assert fetched.status_code == 200 and fetched.headers["Content-Type"] == "audio/mpeg"


def test_more_time_twice_after_the_halfway_chime_never_brings_it_back(mat):
    mat.interrupt_at(360_000)
    assert played(mat.say("AddTimeIntent", minutes="5"))[0] == "mat-15-no-halfway.mp3"
    # Still before where a fifteen-minute session's own halfway would be: it stays left out.
    mat.interrupt_at(HALFWAY_OF_15 - 30_000)
    name, offset, token = played(mat.say("AddTimeIntent", minutes="5"))
    assert (name, offset, token.minutes) == ("mat-20-no-halfway.mp3", HALFWAY_OF_15 - 30_000, 20)
    mat.interrupt_at(HALFWAY_OF_15 + 60_000)
    assert played(mat.say("AddTimeIntent", duration="PT10M"))[0] == "mat-30-no-halfway.mp3"


def test_more_time_before_the_halfway_then_after_the_new_one_rang(mat):
    mat.interrupt_at(120_000)                       # 2 minutes in: the new length's halfway, once
    assert played(mat.say("AddTimeIntent", minutes="5"))[0] == "mat-15.mp3"
    mat.interrupt_at(HALFWAY_OF_10 + 60_000)        # past 5 minutes, before 7 and a half: not rung
    assert played(mat.say("AddTimeIntent", minutes="5"))[0] == "mat-20.mp3"
    mat.interrupt_at(end_ms(10) + 30_000)           # past the twenty-minute session's halfway (10:03)
    assert played(mat.say("AddTimeIntent", minutes="5"))[0] == "mat-25-no-halfway.mp3"


def test_the_session_without_its_halfway_pauses_resumes_and_tells_the_time_left(mat):
    mat.interrupt_at(360_000)
    longer = played(mat.say("AddTimeIntent", minutes="5"))[2]
    mat.event("PlaybackStarted", 360_000)
    mat.interrupt_at(423_000)
    assert mat.say("AMAZON.PauseIntent").directive_types == ["AudioPlayer.Stop"]
    assert mat.say("TimeLeftIntent").speech == f"Your {MAT} is paused with 8 minutes left. Say resume to carry on."
    assert played(mat.say("AMAZON.ResumeIntent")) == ("mat-15-no-halfway.mp3", 423_000, longer)
    assert played(mat.button("Play")) == ("mat-15-no-halfway.mp3", 423_000, longer)
    reply = mat.say("TimeLeftIntent")
    assert reply.speech == f"You have 8 minutes left in your {MAT}."
    assert played(reply) == ("mat-15-no-halfway.mp3", 423_000, longer)
    # Its place, noted when another stream took over, is found by its token too.
    mat.interrupt_at(480_000)
    mat.alexa.factory.audio = AudioPlayerState("someone-elses-stream", 12_000, "PLAYING")
    assert played(mat.say("AMAZON.ResumeIntent")) == ("mat-15-no-halfway.mp3", 480_000, longer)


def test_starting_over_a_session_without_its_halfway_brings_the_halfway_back(mat, fake_api):
    mat.interrupt_at(360_000)
    mat.say("AddTimeIntent", minutes="5")
    mat.interrupt_at(420_000)
    name, offset, token = played(mat.say("AMAZON.StartOverIntent"))
    assert (name, offset, token.minutes, token.without_halfway) == ("mat-15.mp3", 0, 15, False)
    assert token.run == SessionToken.parse(mat.token).run
    assert fake_api.calls_to("POST", TIMERS)[-1][2]["duration"] == f"PT15M{LEAD_IN_S}S"
    mat.event("PlaybackStarted", 0)
    mat.interrupt_at(60_000)
    assert played(mat.say("AMAZON.ResumeIntent")) == ("mat-15.mp3", 60_000, token)
    assert mat.say("TimeLeftIntent").speech == f"You have 14 minutes and 5 seconds left in your {MAT}."


def test_a_session_without_its_halfway_that_plays_to_the_end_counts(mat):
    mat.interrupt_at(360_000)
    longer = str(played(mat.say("AddTimeIntent", minutes="5"))[2])
    alexa = mat.alexa
    assert_silent(alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackStarted", 360_000, token=longer)))
    assert_silent(alexa.send(alexa.factory.audio_event("AudioPlayer.PlaybackFinished",
                                                       end_ms(15) + TAIL_S * 1000, token=longer)))
    assert mat.say("HistoryIntent").speech.startswith(f"You've finished one {MAT}")
    assert mat.say("TimeLeftIntent").speech == f"Your {MAT} is finished."


def test_more_time_than_the_longest_session_adds_what_fits_and_says_so(mat):
    mat.interrupt_at(60_000)
    reply = mat.say("AddTimeIntent", duration="PT1H")
    assert reply.speech.startswith(f"Your {MAT} can run for up to 30 minutes, so I've added 20 minutes.")
    assert reply.directive("AudioPlayer.Play")["audioItem"]["stream"]["url"].endswith("/mat-30.mp3")
    again = mat.say("AddTimeIntent")                              # "make it longer", at the longest
    assert again.speech == f"Your {MAT} is already as long as it goes, 30 minutes, so it carries on as it was."
    assert again.directive("AudioPlayer.Play")["audioItem"]["stream"]["url"].endswith("/mat-30.mp3")


def test_more_time_while_paused_stays_paused_then_resumes_the_longer_session(mat, fake_api):
    # Paused to get up, "five more minutes" once played on while they were away: it waits.
    mat.interrupt_at(90_000)
    mat.say("AMAZON.PauseIntent")
    reply = mat.say("AddTimeIntent")                              # "a few more minutes": five
    assert reply.speech.startswith("Okay, 5 minutes more.") and "stays paused" in reply.speech
    assert [d["type"] for d in reply.response.get("directives", [])] == []
    (moved,) = [timer_id for timer_id in fake_api.timers if timer_id != mat.timer_id]
    assert len(fake_api.calls_to("POST", f"/{moved}/pause")) == 1          # the new end waits too
    assert "is paused" in mat.say("TimeLeftIntent").speech
    again = mat.say("AMAZON.ResumeIntent")
    stream = again.directive("AudioPlayer.Play")["audioItem"]["stream"]
    assert stream["url"].endswith("/mat-15.mp3") and stream["offsetInMilliseconds"] == 90_000
    assert len(fake_api.calls_to("POST", f"/{moved}/resume")) == 1


def test_adding_no_time_adds_none_and_plays_on(mat):
    mat.interrupt_at(60_000)
    reply = mat.say("AddTimeIntent", minutes="0")                 # "add zero minutes"
    assert reply.speech == EN.session_say("nothing_added", name=MAT)
    assert_plays_from(reply, mat, 60_000)
    assert mat.timer_calls("DELETE") == []


@pytest.mark.parametrize("offset_ms", [30_000, LEAD_IN_S * 1000 + 150_000])    # 30 s into each side
def test_a_hip_flexor_release_keeps_its_time_per_side_and_plays_on(alexa, fake_api, offset_ms):
    # Its minutes are per side, so a longer render would move the switch-sides chime (it would ring
    # again on the second side): more time is refused, and the switch rings once.
    release = Running(alexa, fake_api, "release", 2)
    release.interrupt_at(offset_ms)
    reply = release.say("AddTimeIntent", minutes="2")
    assert reply.speech == EN.session_say("release_keeps_its_time")
    stream = reply.directive("AudioPlayer.Play")["audioItem"]["stream"]
    assert (stream["token"], stream["offsetInMilliseconds"]) == (release.token, offset_ms)
    assert stream["url"] == release.url


def test_more_time_with_no_session_says_how_to_start_one(alexa):
    reply = alexa.intent("AddTimeIntent", one_shot=True, minutes="5")
    assert reply.speech == f'{NOTICE} {EN.session_say("no_session")}' and reply.directives == []


# -- pause and resume ------------------------------------------------------------------------------
def test_pause_stops_the_audio_and_pauses_the_timer(mat):
    mat.interrupt_at(90_000)
    reply = mat.say("AMAZON.PauseIntent")
    assert reply.directive_types == ["AudioPlayer.Stop"]
    assert not reply.speech and reply.ended
    assert len(mat.timer_calls("POST", "/pause")) == 1


def test_resume_after_pause_plays_from_the_pause_and_resumes_the_timer(mat):
    mat.interrupt_at(90_000)
    mat.say("AMAZON.PauseIntent")
    reply = mat.say("AMAZON.ResumeIntent")
    assert_plays_from(reply, mat, 90_000)
    assert len(mat.timer_calls("POST", "/resume")) == 1


def test_resume_without_a_pause_leaves_the_timer_alone(mat):
    mat.interrupt_at(30_000)
    mat.say("AMAZON.ResumeIntent")
    assert mat.timer_calls("POST", "/resume") == [] and mat.timer_calls("POST", "/pause") == []


def test_pausing_twice_pauses_the_timer_once(mat):
    mat.interrupt_at(90_000)
    mat.say("AMAZON.PauseIntent")
    mat.say("AMAZON.PauseIntent")
    assert len(mat.timer_calls("POST", "/pause")) == 1


def test_resume_with_nothing_running_says_so(alexa):
    reply = alexa.intent("AMAZON.ResumeIntent", one_shot=True)
    assert reply.speech == f'{NOTICE} {EN.session_say("nothing_to_resume")}'
    assert reply.directives == []


# -- start over ------------------------------------------------------------------------------------
def test_start_over_plays_from_zero_with_a_fresh_timer(mat, fake_api):
    mat.interrupt_at(240_000)
    reply = mat.say("AMAZON.StartOverIntent")
    assert_plays_from(reply, mat, 0)
    assert len(mat.timer_calls("DELETE")) == 1
    posts = fake_api.calls_to("POST", TIMERS)
    assert len(posts) == 2 and posts[-1][2]["duration"] == f"PT10M{LEAD_IN_S}S"


def test_start_over_then_time_left_counts_from_the_beginning(mat):
    mat.interrupt_at(240_000)
    mat.say("AMAZON.StartOverIntent")
    mat.event("PlaybackStarted", 0)
    mat.interrupt_at(3_000)
    assert mat.say("TimeLeftIntent").speech == f"You have 10 minutes left in your {MAT}."


def test_start_over_is_not_undone_by_where_the_audio_stopped_before(mat):
    """Where PlaybackStopped left the audio (4 minutes in) is the same run's; starting over must
    still count from the beginning when Alexa's report of the player is not about our stream."""
    mat.interrupt_at(240_000)
    mat.say("AMAZON.StartOverIntent")
    mat.alexa.factory.audio = AudioPlayerState("someone-elses-stream", 12_000, "PLAYING")
    assert mat.say("TimeLeftIntent").speech.startswith("You have 10 minutes and ")


# -- stop and cancel -------------------------------------------------------------------------------
@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_or_cancel_ends_the_session_clears_the_queue_and_deletes_the_timer(mat, intent):
    mat.interrupt_at(100_000)
    reply = mat.say(intent)
    assert reply.directive_types == ["AudioPlayer.Stop", "AudioPlayer.ClearQueue"]
    assert reply.directive("AudioPlayer.ClearQueue")["clearBehavior"] == "CLEAR_ALL"
    assert reply.speech == f"Okay, I've stopped your {MAT}. Roll onto your side before you get up."
    assert reply.ended
    assert len(mat.timer_calls("DELETE")) == 1


def test_end_my_session_ends_it_even_in_the_conversation_that_paused_it(mat):
    mat.interrupt_at(50_000)
    mat.alexa.launch()                              # the session waits while we talk
    reply = mat.alexa.intent("EndSessionIntent")    # "I'm done"
    assert reply.speech == f"Okay, I've stopped your {MAT}. Roll onto your side before you get up."
    assert reply.directive_types == ["AudioPlayer.Stop", "AudioPlayer.ClearQueue"] and reply.ended
    assert len(mat.timer_calls("DELETE")) == 1
    assert stopped_lately(mat.say("TimeLeftIntent").speech)       # none running (asked52: said as stopped)


def test_end_my_session_with_none_running_says_goodbye(alexa):
    reply = alexa.intent("EndSessionIntent", one_shot=True, session_type="mat")
    assert reply.speech == f'{NOTICE} {EN.say("goodbye")}' and reply.ended and reply.directives == []


def test_thank_you_while_a_session_plays_gets_a_kind_word_and_the_session_plays_on(mat):
    mat.interrupt_at(90_000)
    reply = mat.say("FeelingBetterIntent")          # "Alexa, tell back relief thank you"
    assert reply.speech == f"{EN.say('glad_it_helps_short')} Back to your {MAT}."
    assert_plays_from(reply, mat, 90_000)
    assert mat.timer_calls("POST", "/pause") == []


def test_stop_without_a_session_just_says_goodbye(alexa):
    reply = alexa.intent("AMAZON.StopIntent", one_shot=True)
    assert reply.speech == f'{NOTICE} {EN.say("goodbye")}'
    assert reply.directives == []


def test_time_left_after_stopping_does_not_restart_the_session(mat):
    mat.interrupt_at(60_000)
    mat.say("AMAZON.StopIntent")
    reply = mat.say("TimeLeftIntent")
    assert "AudioPlayer.Play" not in reply.directive_types
    assert stopped_lately(reply.speech)          # none running (asked52: said as stopped, how to start another)


def test_next_after_stopping_does_not_restart_the_session(mat):
    mat.interrupt_at(60_000)
    mat.say("AMAZON.StopIntent")
    reply = mat.say("AMAZON.NextIntent")
    assert "AudioPlayer.Play" not in reply.directive_types


# -- how much time is left -------------------------------------------------------------------------
@pytest.mark.parametrize("offset_ms,heard", [
    (0, "10 minutes and 5 seconds"),                       # 603 s to the end bells, said to 5 s
    (LEAD_IN_S * 1000, "10 minutes"),                      # the start bell
    (end_ms(10) - 270_000, "4 minutes and 30 seconds"),    # midway
    (end_ms(10) - 61_000, "1 minute"),
    (end_ms(10) - 30_000, "30 seconds"),                   # near the end
])
def test_time_left_while_playing_says_minutes_and_seconds_then_carries_on(mat, offset_ms, heard):
    mat.interrupt_at(offset_ms)
    reply = mat.say("TimeLeftIntent")
    assert reply.speech == f"You have {heard} left in your {MAT}."
    assert_plays_from(reply, mat, offset_ms)               # the audio carries on where it was
    assert reply.ended


def test_a_question_while_playing_is_answered_then_the_session_carries_on(mat):
    """Lying on the mat: "Alexa, ask back relief should I take magnesium" must not end the session."""
    mat.interrupt_at(150_000)
    reply = mat.say("MedicineIntent", medicine="magnesium")
    assert EN.answers["medicines.magnesium"].speech in reply.speech
    assert reply.speech.endswith(EN.session_say("back_to_session", name=MAT))
    assert reply.card_title == EN.answers["medicines.magnesium"].title
    assert_plays_from(reply, mat, 150_000)
    assert reply.ended and not reply.reprompt


def test_a_question_after_another_stream_replaced_the_session_leaves_that_stream_alone(mat):
    mat.interrupt_at(50_000)
    mat.alexa.factory.audio = AudioPlayerState(token="amzn1.music.some-other-stream", offset_ms=4_000,
                                               activity="STOPPED")
    reply = mat.say("MedicineIntent", medicine="magnesium")
    assert "don't go above 350 milligrams a day" in reply.speech
    assert "AudioPlayer.Play" not in reply.directive_types
    assert EN.session_say("back_to_session", name=MAT) not in reply.speech


@pytest.mark.parametrize("intent, slots, said", [
    ("HistoryIntent", {}, EN.say("memory.history_none", period="in the last seven days")),
    ("SetPreferenceIntent", {"session_type": "meditation", "duration": "PT8M"},
     "Done. Your breathing meditations will be 8 minutes from now on."),
])
def test_asking_about_your_memory_while_playing_is_answered_then_the_session_carries_on(mat, intent,
                                                                                     slots, said):
    mat.interrupt_at(150_000)
    reply = mat.say(intent, **slots)
    assert reply.speech == f"{said} {EN.session_say('back_to_session', name=MAT)}"
    assert_plays_from(reply, mat, 150_000)
    assert reply.ended and mat.timer_calls("POST", "/pause") == []


def test_a_question_back_about_your_memory_while_playing_pauses_the_session(mat):
    mat.interrupt_at(150_000)
    reply = mat.say("SetPreferenceIntent")                  # "change my session length"
    assert reply.speech == f"{EN.session_say('held_for_conversation', name=MAT)} {EN.say('memory.preference_which')}"
    assert not reply.ended and "AudioPlayer.Play" not in reply.directive_types
    assert len(mat.timer_calls("POST", "/pause")) == 1


def test_words_we_cannot_place_while_playing_let_the_session_play_on(mat):
    # "Which side am I on", said on the mat and placed nowhere: it paused the session to ask
    # "where does it hurt?", and a release sat paused for half an hour.
    mat.interrupt_at(150_000)
    reply = mat.say("AMAZON.FallbackIntent")
    assert reply.speech.startswith("Sorry, I didn't catch that. If it's urgent")
    assert reply.speech.endswith(EN.session_say("back_to_session", name=MAT))
    assert reply.ended and "AudioPlayer.Play" in reply.directive_types
    assert not mat.timer_calls("POST", "/pause")


def test_the_first_words_we_cannot_place_while_playing_name_the_crisis_line(mat):
    # Someone in crisis on the mat whose words Alexa could not place heard only the urgent signs.
    # Each request while the audio plays is a conversation of its own: each is the first.
    mat.interrupt_at(150_000)
    first = mat.say("AMAZON.FallbackIntent")
    assert "If you're thinking of harming yourself, call or text nine eight eight" in first.speech
    assert first.speech.endswith(EN.session_say("back_to_session", name=MAT))


@pytest.mark.parametrize("intent, slots", [
    ("RemedyIntent", {"symptom": "spasm"}),            # "where does it hurt?"
    ("MoreOptionsIntent", {}),                          # no remedy yet: "where does it hurt?"
    ("AMAZON.NavigateHomeIntent", {}),
    ("UsualSessionIntent", {}),                         # someone else, with no usual yet
    ("SameAsLastTimeIntent", {}),                       # nothing done last time
])
def test_anything_that_asks_back_while_playing_pauses_the_session_and_says_so(mat, intent, slots):
    mat.interrupt_at(150_000)
    if intent in ("UsualSessionIntent", "SameAsLastTimeIntent"):
        mat.alexa.factory.person_id = "amzn1.ask.person.BOB"    # walks in while it plays
    reply = mat.say(intent, **slots)
    assert EN.session_say("held_for_conversation", name=MAT) in reply.speech
    assert not reply.ended and "AudioPlayer.Play" not in reply.directive_types
    assert len(mat.timer_calls("POST", "/pause")) == 1


def test_forget_me_while_my_session_plays_pauses_it_and_says_yes_ends_it(mat):
    # It said "When you want it back, say, Alexa, resume", and after yes there was nothing to resume.
    mat.interrupt_at(150_000)
    reply = mat.say("ForgetMeIntent")
    shared = "" if mat.alexa.factory.person_id else "_shared"
    assert reply.speech == EN.say(f"memory.forget_confirm_ending{shared}", name=MAT)
    assert not reply.ended and "AudioPlayer.Play" not in reply.directive_types
    assert len(mat.timer_calls("POST", "/pause")) == 1


def test_a_red_flag_while_playing_pauses_the_session_without_a_word_about_it(mat):
    mat.interrupt_at(150_000)
    reply = mat.say("RemedyIntent", area="lower back", symptom="numbness in my legs")
    assert reply.speech.startswith(EN.say("red_flag_lead"))
    assert "paused your" not in reply.speech and "AudioPlayer.Play" not in reply.directive_types
    assert len(mat.timer_calls("POST", "/pause")) == 1
    assert_plays_from(mat.say("AMAZON.ResumeIntent"), mat, 150_000)


def test_a_red_flag_is_said_even_when_pausing_the_session_fails(mat, monkeypatch):
    from skill import alerts

    def broken(*args, **kwargs):
        raise RuntimeError("timers API exploded")

    monkeypatch.setattr(alerts, "control_timer", broken)
    mat.interrupt_at(150_000)
    reply = mat.say("RemedyIntent", area="lower back", symptom="numbness in my legs")
    assert reply.speech.startswith(EN.say("red_flag_lead"))


def test_forgetting_everything_during_a_session_deletes_its_timer_too(mat):
    mat.interrupt_at(150_000)
    mat.say("ForgetMeIntent")
    reply = mat.alexa.intent("AMAZON.YesIntent")
    assert reply.speech == EN.say("memory.forgotten" if mat.alexa.factory.person_id else "memory.forgotten_shared")
    # No timer of ours left waiting: a recognised voice's own session's timer; on the shared
    # account, where every device's session is forgotten, every timer we set for it.
    everything = mat.api.calls_to("DELETE", TIMERS)
    if mat.alexa.factory.person_id:
        assert len(mat.timer_calls("DELETE")) == 1 and everything == []
    else:
        assert len(everything) == 1 and mat.timer_calls("DELETE") == []
    # Forgotten, they are new again: the notice comes first again.
    assert mat.say("AMAZON.ResumeIntent").speech == f'{NOTICE} {EN.session_say("nothing_to_resume")}'


def test_forgetting_the_shared_account_on_another_device_deletes_the_timers_there_too(alexa, fake_api):
    mat = Running(alexa, fake_api)                          # playing on the bedroom Echo
    mat.interrupt_at(150_000)
    bedroom = alexa.factory.device_id
    alexa.factory.device_id = "amzn1.ask.device.KITCHEN"
    alexa.intent("ForgetMeIntent", one_shot=True)
    assert alexa.intent("AMAZON.YesIntent").speech == EN.say("memory.forgotten_shared")
    assert len(fake_api.calls_to("DELETE", TIMERS)) == 1    # the bedroom's end-of-session timer too
    alexa.factory.device_id = bedroom
    assert mat.say("AMAZON.ResumeIntent").speech == f'{NOTICE} {EN.session_say("nothing_to_resume")}'


def test_forgetting_someone_else_leaves_the_session_they_did_not_start(alexa, fake_api):
    mat = Running(alexa, fake_api)                          # started on the shared account
    mat.interrupt_at(150_000)
    alexa.factory.person_id = "amzn1.ask.person.BOB"
    mat.say("ForgetMeIntent")
    assert mat.alexa.intent("AMAZON.YesIntent").speech == (      # and the paused session waits, said
        f"{EN.say('memory.forgotten')} Your {MAT} is paused. When you want it back, say, Alexa, resume.")
    assert mat.timer_calls("DELETE") == []
    assert_plays_from(mat.say("AMAZON.ResumeIntent"), mat, 150_000)


def test_a_question_while_paused_leaves_the_session_paused(mat):
    mat.interrupt_at(150_000)
    mat.say("AMAZON.PauseIntent")
    reply = mat.say("SelfCareQuestionIntent", topic="drinking water")
    assert reply.speech.endswith(EN.say("answer_follow_up")) and not reply.ended
    assert "AudioPlayer.Play" not in reply.directive_types


def test_time_left_while_paused_says_paused_and_keeps_it_paused(mat):
    offset = end_ms(10) - 180_000
    mat.interrupt_at(offset)
    mat.say("AMAZON.PauseIntent")
    reply = mat.say("TimeLeftIntent")
    assert reply.speech == f"Your {MAT} is paused with 3 minutes left. Say resume to carry on."
    assert reply.directives == []


def test_time_left_during_the_closing_bells_says_it_is_finished(mat):
    mat.interrupt_at(end_ms(10) + 1_000)
    reply = mat.say("TimeLeftIntent")
    assert reply.speech == EN.session_say("time_left_finished", name=MAT)
    assert reply.directives == []


def test_time_left_in_a_hip_flexor_release_counts_both_sides(alexa, fake_api):
    release = Running(alexa, fake_api, "release", 2)
    assert release.url.endswith("/audio/release-2.mp3")
    release.interrupt_at(LEAD_IN_S * 1000)
    assert release.say("TimeLeftIntent").speech == \
        "You're on your first side, and you switch in 2 minutes. You have 4 minutes left in your hip flexor release."
    release.interrupt_at(LEAD_IN_S * 1000 + 150_000)       # 30 s into the second side
    assert release.say("TimeLeftIntent").speech == \
        "You're on your second side. You have 1 minute and 30 seconds left in your hip flexor release."


def test_time_left_follows_progress_events(mat):
    mat.event("PlaybackStarted", 0)
    mat.interrupt_at(end_ms(10) - 300_000)
    assert mat.say("TimeLeftIntent").speech == f"You have 5 minutes left in your {MAT}."


def test_time_left_with_no_session_says_how_to_start_one(alexa):
    reply = alexa.intent("TimeLeftIntent", one_shot=True)
    assert reply.speech == f'{NOTICE} {EN.session_say("no_session")}'
    assert reply.directives == []


# -- controls that mean nothing for a timed session -------------------------------------------------
@pytest.mark.parametrize("intent", [
    "AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.LoopOnIntent",
    "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent", "AMAZON.ShuffleOffIntent",
])
def test_other_controls_get_a_short_polite_answer_and_the_audio_carries_on(mat, intent):
    mat.interrupt_at(50_000)
    reply = mat.say(intent)
    assert reply.speech == EN.session_say("not_during_session")
    assert len(reply.speech) < 160
    assert_plays_from(reply, mat, 50_000)


def test_repeat_in_a_session_says_what_to_do_in_it_and_the_audio_carries_on(mat):
    """ "Repeat that", "I didn't catch that" on the mat: they missed what to do, not a step to
    skip. It was "Sessions play straight through, so there's nothing to skip"."""
    mat.interrupt_at(50_000)
    reply = mat.say("AMAZON.RepeatIntent")
    assert reply.speech == EN.sessions["mat"].how
    assert "skip" not in reply.speech
    assert_plays_from(reply, mat, 50_000)


def test_repeat_while_paused_says_what_to_do_and_it_stays_paused(mat):
    mat.interrupt_at(50_000)
    mat.say("AMAZON.PauseIntent")
    reply = mat.say("AMAZON.RepeatIntent")
    assert reply.speech.startswith(EN.sessions["mat"].how)
    assert "paused" in reply.speech and "skip" not in reply.speech
    assert "AudioPlayer.Play" not in reply.directive_types


def test_other_controls_while_paused_do_not_unpause(mat):
    mat.interrupt_at(50_000)
    mat.say("AMAZON.PauseIntent")
    reply = mat.say("AMAZON.PreviousIntent")
    assert reply.speech == EN.session_say("not_during_session")
    assert "AudioPlayer.Play" not in reply.directive_types


def test_next_while_paused_plays_on_from_where_it_waits(mat):
    """ "I'm ready" (NextIntent) to a paused session: they are ready to carry on."""
    mat.interrupt_at(50_000)
    mat.say("AMAZON.PauseIntent")
    reply = mat.say("AMAZON.NextIntent")
    assert reply.speech == EN.session_say("back_to_session", name="acupressure mat session")
    assert_plays_from(reply, mat, 50_000)


def test_next_during_a_remedy_moves_the_remedy_on_even_while_a_session_plays(mat):
    mat.interrupt_at(50_000)
    mat.alexa.launch()
    first = mat.alexa.intent("RemedyIntent", area="lower back", symptom="spasming")
    assert "Step 1 of" in first.speech
    reply = mat.alexa.intent("AMAZON.NextIntent")
    assert "Step 2 of" in reply.speech
    assert "AudioPlayer.Play" not in reply.directive_types


def test_a_remedy_asked_for_while_a_session_plays_pauses_it_until_resume(mat):
    # Lying on the mat: "Alexa, ask back relief what helps tight hips". The steps need the
    # conversation, so the session waits, its end-of-session timer too, and they are told how to
    # get it back.
    mat.interrupt_at(50_000)
    reply = mat.say("RemedyIntent", area="hips", symptom="tight")
    held = EN.session_say("held_for_conversation", name=MAT)
    assert held in reply.speech and reply.speech.index(held) < reply.speech.index("Step 1 of")
    assert "AudioPlayer.Play" not in reply.directive_types and not reply.ended
    assert len(mat.timer_calls("POST", "/pause")) == 1
    assert "Step 2 of" in mat.alexa.intent("AMAZON.NextIntent").speech
    goodbye = mat.alexa.intent("AMAZON.StopIntent")
    assert goodbye.speech.startswith(EN.session_say("still_held", name=MAT))      # then the goodbye
    assert "is paused with" in mat.say("TimeLeftIntent").speech
    assert_plays_from(mat.say("AMAZON.ResumeIntent"), mat, 50_000)
    assert len(mat.timer_calls("POST", "/resume")) == 1


@pytest.mark.parametrize("opening", ["LaunchRequest", "AMAZON.HelpIntent"])
def test_opening_the_skill_or_asking_for_help_while_a_session_plays_pauses_it(mat, opening):
    # "Alexa, open back relief" from the mat: the welcome's question keeps the conversation open.
    mat.interrupt_at(50_000)
    reply = mat.alexa.launch() if opening == "LaunchRequest" else mat.say(opening)
    held = (EN.say("welcome_held", name=MAT, remaining="9 minutes") if opening == "LaunchRequest"
            else EN.session_say("held_for_conversation", name=MAT))
    assert held in reply.speech and not reply.ended and "AudioPlayer.Play" not in reply.directive_types
    assert len(mat.timer_calls("POST", "/pause")) == 1
    assert_plays_from(mat.alexa.intent("AMAZON.ResumeIntent"), mat, 50_000)
    assert len(mat.timer_calls("POST", "/resume")) == 1


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_in_the_conversation_that_paused_the_session_leaves_it_waiting_for_resume(mat, intent):
    # "Alexa, open back relief" from the mat, then "stop": we said "when you want it back, say,
    # Alexa, resume", so stop ends the conversation and the session waits, timer paused.
    mat.interrupt_at(50_000)
    mat.alexa.launch()
    reply = mat.alexa.intent(intent)
    assert reply.speech == f"{EN.session_say('still_held', name=MAT)} {EN.say('goodbye')}"
    assert reply.ended and reply.directives == []
    assert mat.timer_calls("DELETE") == []
    assert "is paused with" in mat.say("TimeLeftIntent").speech
    assert_plays_from(mat.say("AMAZON.ResumeIntent"), mat, 50_000)
    assert len(mat.timer_calls("POST", "/resume")) == 1


def test_stop_in_a_later_conversation_still_ends_a_paused_session(mat):
    mat.interrupt_at(50_000)
    mat.alexa.launch()
    mat.alexa.intent("AMAZON.StopIntent")
    reply = mat.say("AMAZON.StopIntent")          # "Alexa, tell back relief to stop", later on
    assert reply.speech == f"Okay, I've stopped your {MAT}. Roll onto your side before you get up."
    assert len(mat.timer_calls("DELETE")) == 1
    assert stopped_lately(mat.say("TimeLeftIntent").speech)       # none running (asked52: said as stopped)


def test_help_during_a_session_says_what_can_be_said_about_it(mat):
    mat.interrupt_at(50_000)
    playing = mat.say("AMAZON.HelpIntent")
    held = EN.session_say("held_for_conversation", name=MAT)
    assert playing.speech == f"{held} {EN.say('help_in_session')}" and not playing.ended
    assert playing.reprompt == EN.say("help_in_session_reprompt")
    assert playing.speech.count("resume") == 1          # how to carry on, said once
    paused = mat.say("AMAZON.HelpIntent")                # asked again later: it is paused now
    where = EN.session_say("time_left_paused", name=MAT, remaining="9 minutes and 15 seconds")
    assert paused.speech == f"{where} {EN.say('help_in_session')}"
    assert paused.speech.count("resume") == 1
    assert_plays_from(mat.alexa.intent("AMAZON.ResumeIntent"), mat, 50_000)


def test_resume_in_the_steps_that_paused_a_session_brings_the_session_back(mat):
    # We said "when you want it back, say, Alexa, resume": in the middle of the steps too.
    mat.interrupt_at(50_000)
    mat.say("RemedyIntent", area="hips", symptom="tight")
    assert_plays_from(mat.alexa.intent("AMAZON.ResumeIntent"), mat, 50_000)


def test_a_remedy_after_another_stream_replaced_the_session_says_nothing_about_it(mat):
    # Music played on the Echo since: the player is not on our session, so there is nothing to hold.
    mat.interrupt_at(50_000)
    mat.alexa.factory.audio = AudioPlayerState(token="amzn1.music.some-other-stream", offset_ms=4_000,
                                               activity="STOPPED")
    reply = mat.say("RemedyIntent", area="hips", symptom="tight")
    assert "paused your" not in reply.speech and "Step 1 of" in reply.speech
    assert mat.timer_calls("POST", "/pause") == []


def test_a_remedy_while_the_session_is_paused_leaves_it_as_it_was(mat):
    mat.interrupt_at(50_000)
    mat.say("AMAZON.PauseIntent")
    reply = mat.say("RemedyIntent", area="hips", symptom="tight")
    assert "paused your" not in reply.speech and "Step 1 of" in reply.speech
    assert len(mat.timer_calls("POST", "/pause")) == 1


# -- buttons on the device (PlaybackController) -----------------------------------------------------
def test_pause_button_stops_the_audio_and_play_button_resumes_it(mat):
    mat.interrupt_at(77_000)
    paused = mat.button("Pause")
    assert paused.directive_types == ["AudioPlayer.Stop"]
    assert len(mat.timer_calls("POST", "/pause")) == 1
    played = mat.button("Play")
    assert_plays_from(played, mat, 77_000)
    assert len(mat.timer_calls("POST", "/resume")) == 1


@pytest.mark.parametrize("command", ["Next", "Previous"])
def test_next_and_previous_buttons_do_nothing(mat, command):
    reply = mat.button(command)
    assert reply.directives == []


def test_play_button_with_nothing_to_resume_answers_empty(alexa):
    reply = alexa.send(alexa.factory.playback_controller("Play"))
    assert_silent(reply)
    assert reply.directives == []


def test_pause_button_with_nothing_running_still_stops(alexa):
    reply = alexa.send(alexa.factory.playback_controller("Pause"))
    assert_silent(reply)
    assert reply.directive_types == ["AudioPlayer.Stop"]


# -- failures reported by Alexa --------------------------------------------------------------------
def test_playback_failed_is_answered_silently(mat):
    reply = mat.event("PlaybackFailed")
    assert reply.directives == []


def test_system_exception_encountered_gets_an_empty_answer(alexa):
    reply = alexa.send(alexa.factory.exception_encountered("Invalid directive"))
    assert reply.response == {}


def test_events_for_a_stream_that_is_not_ours_are_answered_silently(alexa):
    for kind in ("PlaybackStarted", "PlaybackStopped", "PlaybackNearlyFinished", "PlaybackFinished"):
        reply = alexa.send(alexa.factory.audio_event(f"AudioPlayer.{kind}", 1_000, token="someone-elses-token"))
        assert_silent(reply)
        assert reply.directives == []


def test_a_session_alexa_reports_finished_is_over_even_if_our_notes_were_not_cleared(mat):
    # The PlaybackFinished event never reached us (the database was away, say), so our notes still
    # name the session; Alexa's own report that it finished wins, and it counts then, once.
    mat.alexa.factory.audio.activity, mat.alexa.factory.audio.offset_ms = "FINISHED", end_ms(10) + 4000
    reply = mat.say("TimeLeftIntent")
    assert reply.speech == f"Your {MAT} is finished." and "AudioPlayer.Play" not in reply.directive_types
    assert mat.say("HistoryIntent").speech == f"You've finished one {MAT} in the last seven days. Nice start."
    assert mat.say("HistoryIntent").speech == f"You've finished one {MAT} in the last seven days. Nice start."


@pytest.mark.parametrize("offset_ms, side", [(30_000, "You're on your first side, and you switch in 1 minute and 35 seconds."),
                                             (150_000, "You're on your second side.")])
def test_which_side_am_i_on_in_a_hip_flexor_release(alexa, fake_api, offset_ms, side):
    # "Which side am I on?" was Fallback, which paused the release; a two-minute-a-side release
    # switches at 2:03 into its audio.
    release = Running(alexa, fake_api, "release", 2)
    release.interrupt_at(offset_ms)
    reply = release.say("TimeLeftIntent")
    assert reply.speech.startswith(side)
    assert "AudioPlayer.Play" in reply.directive_types and reply.ended
