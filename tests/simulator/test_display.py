"""Alexa's side made readable, and what Alexa would refuse in a response."""
import pytest

from skill.simulator.display import describe_directive, format_ms, readable_ssml
from skill.simulator.rules import problems

CUE = "https://skill.example/audio/cue-start_bell.mp3"


@pytest.mark.parametrize("ssml, text", [
    ('<speak>Lie down. <break time="1s"/> Breathe.</speak>', "Lie down. … Breathe."),
    (f'<speak><audio src="{CUE}"/> Begin.</speak>', "[♪ start_bell] Begin."),
    ('<speak><prosody rate="95%">Slowly &amp; gently.</prosody></speak>', "Slowly & gently."),
    ('<speak><audio src="soundbank://soundlibrary/bell/chime_01"/></speak>', "[♪ chime_01]"),
    ('<speak><amazon:effect name="whispered">shh</amazon:effect></speak>', "shh"),
    ("Plain text.", "Plain text."),
    ('<speak><break time="2s"/></speak>', ""),
])
def test_readable_ssml(ssml, text):
    assert readable_ssml(ssml) == text


def play(url="https://skill.example/audio/mat-10.mp3", behavior="REPLACE_ALL", offset=0, **stream):
    return {"type": "AudioPlayer.Play", "playBehavior": behavior,
            "audioItem": {"stream": {"url": url, "token": "t1", "offsetInMilliseconds": offset, **stream}}}


@pytest.mark.parametrize("directive, text", [
    (play(), "▶ playing mat-10 from 0:00"),
    (play(offset=125_000), "▶ playing mat-10 from 2:05"),
    (play(behavior="ENQUEUE", expectedPreviousToken="t0"), "▶ playing mat-10 from 0:00 (queued to play next)"),
    ({"type": "AudioPlayer.Stop"}, "■ audio stopped"),
    ({"type": "AudioPlayer.ClearQueue", "clearBehavior": "CLEAR_ENQUEUED"}, "⏏ queue cleared"),
    ({"type": "AudioPlayer.ClearQueue", "clearBehavior": "CLEAR_ALL"}, "⏏ queue cleared and audio stopped"),
    ({"type": "Connections.SendRequest", "name": "AskFor",
      "payload": {"permissionScope": "alexa::alerts:timers:skill:readwrite"}}, "permission request: timers"),
    ({"type": "Connections.SendRequest", "name": "AskFor",
      "payload": {"permissionScopes": [{"permissionScope": "alexa::alerts:reminders:skill:readwrite"}]}},
     "permission request: reminders"),
    ({"type": "Dialog.ElicitSlot", "slotToElicit": "area"}, "dialog: ElicitSlot (area)"),
    ({"type": "Alexa.Presentation.APL.RenderDocument", "token": "steps"}, "▭ screen: APL document steps"),
    ({"type": "Custom.Thing"}, "Custom.Thing"),
])
def test_describe_directive(directive, text):
    assert describe_directive(directive) == text


def test_format_ms():
    assert format_ms(0) == "0:00" and format_ms(607_000) == "10:07" and format_ms(3_723_000) == "1:02:03"


def envelope(kind):
    return {"request": {"type": kind}}


def answer(**body):
    return {"version": "1.0", "response": body}


def say(text):
    return {"type": "SSML", "ssml": f"<speak>{text}</speak>"}


AUDIO = {"AudioPlayer": {}}


def test_audio_events_allow_only_audio_directives():
    violations, _ = problems(envelope("AudioPlayer.PlaybackStarted"),
                             answer(outputSpeech=say("hi"), card={"type": "Simple"},
                                    directives=[{"type": "Dialog.Delegate"}]), AUDIO)
    assert violations == ["outputSpeech in a reply to AudioPlayer.PlaybackStarted (only AudioPlayer "
                          "directives are allowed)",
                          "card in a reply to AudioPlayer.PlaybackStarted (only AudioPlayer directives "
                          "are allowed)", "Dialog.Delegate in a reply to AudioPlayer.PlaybackStarted"]
    assert problems(envelope("AudioPlayer.PlaybackNearlyFinished"),
                    answer(directives=[play(behavior="ENQUEUE", expectedPreviousToken="t0")]), AUDIO)[0] == []


@pytest.mark.parametrize("kind", ["AudioPlayer.PlaybackStopped", "SessionEndedRequest",
                                  "System.ExceptionEncountered"])
def test_some_requests_take_no_reply(kind):
    violations, _ = problems(envelope(kind), answer(directives=[{"type": "AudioPlayer.Stop"}]), AUDIO)
    assert violations and "must be empty" in violations[0]
    assert problems(envelope(kind), answer(), AUDIO)[0] == []


@pytest.mark.parametrize("body, message", [
    ({"directives": [play(url="http://skill.example/mat-10.mp3")]}, "must be HTTPS"),
    ({"directives": [play(), play()]}, "more than one AudioPlayer.Play"),
    ({"directives": [play(behavior="ENQUEUE")]}, "needs expectedPreviousToken"),
    ({"outputSpeech": say('<break time="15s"/>')}, "longer than 10 s"),
    ({"outputSpeech": say('<audio src="http://x.example/a.mp3"/>')}, "must be an HTTPS URL"),
    ({"outputSpeech": say("<prosody rate='slow'>never closed")}, "is never closed"),
    ({"outputSpeech": {"type": "SSML", "ssml": "no speak tag"}}, "wrapped in <speak>"),
    ({"outputSpeech": say("x" * 8001)}, "at most 8000"),
    ({"outputSpeech": say("please call 999 now")}, "999 would be read as a quantity"),
    ({"reprompt": {"outputSpeech": say("Call 911.")}}, "911 would be read as a quantity"),
])
def test_response_violations(body, message):
    violations, _ = problems(envelope("IntentRequest"), answer(**body), AUDIO)
    assert any(message in v for v in violations), violations


def test_an_emergency_number_said_digit_by_digit_is_allowed():
    said = say('call <say-as interpret-as="telephone">112</say-as>, or 1999 people, or 3.999')
    violations, _ = problems(envelope("IntentRequest"), answer(outputSpeech=said), AUDIO)
    assert violations == []


def test_play_on_a_device_without_audio():
    violations, _ = problems(envelope("IntentRequest"), answer(directives=[play()]), {})
    assert any("device without AudioPlayer" in v for v in violations)


@pytest.mark.parametrize("directive", [{"type": "AudioPlayer.Stop"},
                                       {"type": "AudioPlayer.ClearQueue", "clearBehavior": "CLEAR_ALL"}])
def test_any_audio_directive_on_a_device_without_audio(directive):
    # "Pause" on a device without AudioPlayer was answered with AudioPlayer.Stop alone, unflagged.
    violations, _ = problems(envelope("IntentRequest"), answer(directives=[directive]), {})
    assert violations == [f"{directive['type']} sent to a device without AudioPlayer (check "
                          "context.System.device.supportedInterfaces)"]
    assert problems(envelope("IntentRequest"), answer(directives=[directive]), AUDIO)[0] == []


def test_design_notes():
    _, notes = problems(envelope("IntentRequest"), answer(outputSpeech=say("Hi?"), shouldEndSession=False))
    assert notes == ["the session stays open without a reprompt"]
    _, notes = problems(envelope("LaunchRequest"),
                        answer(outputSpeech=say("Bye."), reprompt={"outputSpeech": say("Hm?")},
                               shouldEndSession=True))
    assert notes == ["a reprompt is never heard when the session ends"]
