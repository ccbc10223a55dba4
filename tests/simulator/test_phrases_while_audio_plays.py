"""An answer that leaves the skill's audio playing closes the session: what it tells them to say
next must reach the skill without one (a playback built-in, Alexa's own command, or the skill's
invocation name). skill/simulator/rules.py: unreachable_phrases."""
from skill.simulator.rules import problems, unreachable_phrases

PLAY = {"type": "AudioPlayer.Play", "playBehavior": "REPLACE_ALL",
        "audioItem": {"stream": {"url": "https://example.com/a.mp3", "token": "mat-10"}}}


def _request(activity="IDLE"):
    return {"request": {"type": "IntentRequest"}, "context": {"AudioPlayer": {"playerActivity": activity}}}


def _answer(speech, directives=(), end=True):
    body = {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{speech}</speak>"},
            "directives": list(directives)}
    if end is not None:
        body["shouldEndSession"] = end
    return {"version": "1.0", "response": body}


def _unreachable(violations):
    return [v for v in violations if "would not reach the skill" in v]


def _unreachable_while_playing(violations):
    return [v for v in violations if "would not reach the skill while its audio plays" in v]


def test_phrases_that_reach_the_skill_during_playback():
    for said in ("To carry on, say, Alexa, resume.", "Just say, Alexa, stop.",
                 "You can say, Alexa, pause, or ask Back Relief how much time is left.",
                 "If you're done, say, Alexa, ask Back Relief to end my session.",
                 "Say resume to carry on.", "You can make them quieter: say, Alexa, volume down.",
                 "While it plays, you can also say, Alexa, pause, or ask Back Relief how much time is left."):
        assert unreachable_phrases(said, "back relief") == [], said


def test_phrases_that_would_not_reach_it():
    assert unreachable_phrases("To stop it, say, Alexa, end my session.", "back relief") == [
        "say, Alexa, end my session"]
    assert unreachable_phrases("You can say pause, resume, start over, or how much time is left.",
                               "back relief")
    assert unreachable_phrases("To delete it all, say, forget everything about me.", "back relief")


def test_flagged_when_the_answer_plays_audio_or_leaves_it_playing():
    wrong = "To stop it, say, Alexa, end my session."
    violations, _ = problems(_request(), _answer(wrong, [PLAY]), {"AudioPlayer": {}}, "back relief")
    assert _unreachable(violations)
    violations, _ = problems(_request("PLAYING"), _answer(wrong), {"AudioPlayer": {}}, "back relief")
    assert _unreachable(violations)


def test_not_flagged_as_unreachable_during_playback_once_the_audio_stops():
    """Stopped by this answer, or never playing, the audio is no excuse: the closing-answer rule
    (test_phrases_when_the_session_ends) judges these instead, and an open session hears anything."""
    wrong = "To stop it, say, Alexa, end my session."
    asked = _answer(wrong, end=False)
    asked["response"]["reprompt"] = {"outputSpeech": {"type": "PlainText", "text": "Say yes or no."}}
    assert not problems(_request("PLAYING"), asked, {"AudioPlayer": {}}, "back relief")[0]
    stopped = _answer(wrong, [{"type": "AudioPlayer.Stop"}])
    assert not _unreachable_while_playing(problems(_request("PLAYING"), stopped, {"AudioPlayer": {}}, "back relief")[0])
    assert not _unreachable_while_playing(problems(_request("IDLE"), _answer(wrong), {"AudioPlayer": {}}, "back relief")[0])
