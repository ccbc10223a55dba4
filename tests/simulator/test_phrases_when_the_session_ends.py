"""An answer that ends the session (shouldEndSession not false) with nothing of the skill's playing:
what it tells them to say next must name the skill ("say, Alexa, ask Back Relief to …"), or be
Alexa's own command. Playback built-ins ("Alexa, resume") reach the skill only while its stream
plays or waits paused. skill/simulator/rules.py: unreachable_phrases, problems."""
from skill.simulator.rules import problems, unreachable_phrases

AUDIO = {"AudioPlayer": {}}
BARE = "There's no session to resume. You can say, start a ten minute mat session."
NAMED = "There's no session to resume. To start one, say, Alexa, ask Back Relief to start a ten minute mat session."


def _request(activity="IDLE", token=None, kind="IntentRequest"):
    player = {"playerActivity": activity, **({"token": token} if token else {})}
    return {"request": {"type": kind}, "context": {"AudioPlayer": player}}


def _answer(speech, directives=(), end=True):
    body = {"outputSpeech": {"type": "SSML", "ssml": f"<speak>{speech}</speak>"}, "directives": list(directives)}
    if end is not None:
        body["shouldEndSession"] = end
    return {"version": "1.0", "response": body}


def _closing(request, answer):
    return [v for v in problems(request, answer, AUDIO, "back relief")[0] if "the session ends here" in v]


def test_phrases_that_name_the_skill_or_are_alexas_own():
    for said in ("To start one, say, Alexa, ask Back Relief to start a ten minute mat session.",
                 "Whenever you want it, say, Alexa, open Back Relief.",
                 "Just say, Alexa, ask Back Relief for a heat session.",
                 "say, alexa, ask back relief to start my usual",
                 "If you use Alexa calling, you can also say, Alexa, call, and a name from your contacts.",
                 "Say, Alexa, set a timer for fifteen minutes.",
                 "You can make them quieter: say, Alexa, volume down.",
                 "Take a slow breath, out longer than in."):
        assert unreachable_phrases(said, "back relief", playback=False) == [], said


def test_phrases_that_would_go_to_alexa_instead():
    assert unreachable_phrases(BARE, "back relief", playback=False) == ["say, start a ten minute mat session"]
    assert unreachable_phrases("Whenever you want it, say, start my usual.", "back relief", playback=False)
    assert unreachable_phrases("Say, Alexa, volume down, or start a mat session.", "back relief", playback=False)
    assert unreachable_phrases("To drift off, say, start a five minute meditation.", "back relief", playback=False)


def test_playback_built_ins_only_while_the_skill_holds_the_player():
    resume = "When you're back, say, Alexa, resume."
    assert unreachable_phrases(resume, "back relief", playback=True) == []
    assert unreachable_phrases(resume, "back relief", playback=False) == ["say, Alexa, resume"]
    # This answer pauses the skill's stream: "Alexa, resume" is sent to it as the last to play.
    paused_here = _answer(resume, [{"type": "AudioPlayer.Stop"}])
    assert _closing(_request("PLAYING", "mat-10"), paused_here) == []
    # Paused earlier, still the skill's stream: the same.
    assert _closing(_request("STOPPED", "mat-10"), _answer(resume)) == []
    # Nothing of the skill's playing or paused (a timer-only session, a finished stream).
    assert _closing(_request("IDLE"), _answer(resume))
    assert _closing(_request("FINISHED", "mat-10"), _answer(resume))


def test_a_closing_answer_with_nothing_playing_is_flagged():
    flagged = _closing(_request(), _answer(BARE))
    assert len(flagged) == 1 and '"say, start a ten minute mat session"' in flagged[0]
    assert _closing(_request(kind="LaunchRequest"), _answer(BARE))
    # No shouldEndSession at all ends the session too.
    assert _closing(_request(), _answer(BARE, end=None))
    assert _closing(_request(), _answer(NAMED)) == []


def test_an_open_session_hears_a_bare_suggestion():
    asked = _answer(BARE, end=False)
    asked["response"]["reprompt"] = {"outputSpeech": {"type": "PlainText", "text": "What would you like?"}}
    assert _closing(_request(), asked) == []


# Said as the session ends with nothing of the skill's playing (or, cant_sleep, while the mat plays
# on): each suggestion names the skill, in every English locale (they share content/en's strings).
CLOSING_SESSION_PROMPTS = ("no_session", "nothing_to_resume", "nothing_to_pause", "sounds_no_session")
CLOSING_PROMPTS = ("memory.usual_kind_declined",)


def test_closing_prompts_name_the_skill_in_every_locale():
    from skill.content import content_for, supported_locales
    for locale in supported_locales():
        content_ = content_for(locale)
        said = ([content_.session_say(key) for key in CLOSING_SESSION_PROMPTS]
                + [content_.say(key) for key in CLOSING_PROMPTS] + [content_.answers["cant_sleep"].speech])
        for text in said:
            assert unreachable_phrases(text, "back relief", playback=False) == [], (locale, text)
            assert "Alexa, ask Back Relief to" in text, (locale, text)


def test_each_suggestion_in_a_clause_names_the_skill():
    """The skill named in one choice does not carry to another said afresh (nosession34): "say,
    start a mat session, or ask Back Relief for heat" sends its first choice to Alexa."""
    for bad in ("To start one, say start a ten minute mat session, or ask Back Relief for a heat session.",
                "Say, Alexa, ask Back Relief for a heat session, or start a mat session.",
                "Say, Alexa, ask Back Relief for a heat session, or Alexa, start a mat session.",
                "You can say, Alexa, ask Back Relief how long is left, or say, start over."):
        assert unreachable_phrases(bad, "back relief", playback=False), bad
        assert _closing(_request(), _answer(bad)), bad
    for good in ("Say, Alexa, ask Back Relief to start a mat session, or a heat session.",
                 "Say, Alexa, ask Back Relief for heat, or Alexa, open Back Relief.",
                 "Say, Alexa, volume down, or ask Back Relief to end my session."):
        assert unreachable_phrases(good, "back relief", playback=False) == [], good
    # Said while its audio plays on, a playback built-in beside the named choice still reaches it.
    assert unreachable_phrases("Say, Alexa, pause, or ask Back Relief how much time is left.",
                               "back relief", playback=True) == []
