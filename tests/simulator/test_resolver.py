"""From utterance to request, on the fixture model (tests/fixtures/models/back_relief)."""
import copy
import json

import pytest

from skill.simulator.resolver import resolve
from tests.simulator.conftest import PACKAGE


def intent_of(model, utterance, **state):
    resolution = resolve(utterance, model, **state)
    return resolution.intent if resolution.kind == "intent" else resolution.kind


def slot_ids(resolution):
    return {name: (slot.resolved[0] if slot.resolved else slot.value)
            for name, slot in resolution.slots.items() if slot.value is not None}


@pytest.mark.parametrize("utterance", [
    "open back relief", "launch back relief", "start back relief", "talk to back relief",
    "ask back relief", "load back relief", "begin back relief", "use back relief",
    "Alexa, open Back Relief.", "alexa open back relief please", "tell back relief",
])
def test_launch_phrasings(model, utterance):
    resolution = resolve(utterance, model, in_session=False)
    assert resolution.kind == "launch"
    assert resolution.new_session


@pytest.mark.parametrize("utterance, intent, slots", [
    ("ask back relief what helps my lower back", "RemedyIntent", {"area": "LOWER_BACK"}),
    ("ask back relief to start a mat session", "StartSessionIntent", {"session_type": "MAT"}),
    ("ask back relief for help", "AMAZON.HelpIntent", {}),
    ("ask back relief about my lower back is spasming", "RemedyIntent",
     {"area": "LOWER_BACK", "symptom": "SPASM"}),
    ("ask back relief whether i have a fever", "RedFlagIntent", {"red_flag": "FEVER"}),
    ("ask back relief how much time is left", "TimeLeftIntent", {}),
    ("tell back relief to start a heat session", "StartSessionIntent", {"session_type": "HEAT"}),
    ("tell back relief my neck is sore", "RemedyIntent", {"area": "NECK", "symptom": "SORE"}),
    ("open back relief and start a mat session", "StartSessionIntent", {"session_type": "MAT"}),
    ("start a mat session with back relief", "StartSessionIntent", {"session_type": "MAT"}),
    ("what helps my lower back using back relief", "RemedyIntent", {"area": "LOWER_BACK"}),
    ("talk to back relief about what helps my neck", "RemedyIntent", {"area": "NECK"}),
    ("Alexa, ask Back Relief to start a 10 minute mat session", "StartSessionIntent",
     {"session_type": "MAT", "minutes": "10"}),
])
def test_one_shot_forms_open_a_new_session(model, utterance, intent, slots):
    resolution = resolve(utterance, model, in_session=False)
    assert (resolution.kind, resolution.intent) == ("intent", intent)
    assert resolution.new_session
    assert slot_ids(resolution) == slots


def test_one_shot_with_nothing_that_fits_goes_to_fallback_in_a_new_session(model):
    resolution = resolve("ask back relief to make me a coffee", model, in_session=False)
    assert resolution.intent == "AMAZON.FallbackIntent" and resolution.new_session


def test_plain_utterances_need_a_session(model):
    assert resolve("what helps my lower back", model, in_session=False).kind == "not_routed"
    resolution = resolve("what helps my lower back", model)
    assert resolution.intent == "RemedyIntent" and not resolution.new_session


def test_synonyms_resolve_to_the_value(model):
    resolution = resolve("my lumbar is cramping", model)
    assert resolution.intent == "RemedyIntent"
    area, symptom = resolution.slots["area"], resolution.slots["symptom"]
    assert (area.value, area.resolved) == ("lumbar", ("LOWER_BACK", "lower back"))
    assert (symptom.value, symptom.resolved) == ("cramping", ("SPASM", "spasm"))


def test_unknown_word_still_matches_without_resolution(model):
    resolution = resolve("my elbow is spasming", model)
    assert resolution.intent == "RemedyIntent"
    assert resolution.slots["area"].value == "elbow"
    assert resolution.slots["area"].resolved is None            # ER_SUCCESS_NO_MATCH
    assert resolution.slots["symptom"].resolved == ("SPASM", "spasm")


def test_no_match_envelope_keeps_raw_value(model):
    from skill.simulator.envelopes import EnvelopeFactory
    resolution = resolve("my elbow is spasming", model)
    envelope = EnvelopeFactory().intent(resolution.intent, resolution.slots)
    area = envelope["request"]["intent"]["slots"]["area"]
    assert area["value"] == "elbow"
    assert area["resolutions"]["resolutionsPerAuthority"][0]["status"]["code"] == "ER_SUCCESS_NO_MATCH"


def test_resolved_slot_beats_unresolved_one(model):
    # "i have {symptom} in my {area}" fits with nothing resolved; "i have {red_flag}" resolves.
    resolution = resolve("i have numbness in my groin", model)
    assert resolution.intent == "RedFlagIntent"
    assert resolution.slots["red_flag"].resolved[0] == "GROIN_NUMBNESS"


def test_more_literal_characters_win(model):
    # Both "my {area} {symptom}" and "my {area} is {symptom}" fit; the second has more literal text.
    resolution = resolve("my lower back is spasming", model)
    assert resolution.sample == "my {area} is {symptom}"


def test_bare_slot_sample_needs_a_known_value(model):
    assert intent_of(model, "numb groin") == "RedFlagIntent"
    assert intent_of(model, "play some jazz") == "AMAZON.FallbackIntent"


def test_slot_value_keeps_the_words_as_said(model):
    resolution = resolve("my back hurts and can't control my bladder", model)
    slot = resolution.slots["red_flag"]
    assert slot.value == "can't control my bladder"
    assert slot.resolved[0] == "BLADDER"


def test_contractions_in_either_direction(model):
    assert resolve("I have got a knot in my upper back", model).sample == "i've got a {symptom} in my {area}"
    assert intent_of(model, "let us do meditation") == "StartSessionIntent"
    assert intent_of(model, "what is the time left") == "TimeLeftIntent"


@pytest.mark.parametrize("utterance, slot, value", [
    ("start a mat session for ten minutes", "duration", "PT10M"),
    ("start a mat session for fifteen minutes", "duration", "PT15M"),
    ("start a heat session for a quarter of an hour", "duration", "PT15M"),
    ("start a mat session for half an hour", "duration", "PT30M"),
    ("heat for an hour and a half", "duration", "PT1H30M"),
    ("start a meditation session for 90 seconds", "duration", "PT90S"),
    ("mat for 2 minutes", "duration", "PT2M"),
    ("start a fifteen minute heat session", "minutes", "15"),
    ("start a twenty five minute mat session", "minutes", "25"),
    ("start a 12 minute mat session", "minutes", "12"),
])
def test_durations_and_numbers_from_words(model, utterance, slot, value):
    resolution = resolve(utterance, model)
    assert resolution.intent == "StartSessionIntent"
    assert resolution.slots[slot].value == value
    assert resolution.slots[slot].builtin                       # no entity resolution for AMAZON.*


def test_a_number_slot_rejects_words_that_are_not_numbers(model):
    resolution = resolve("start a lovely minute mat session", model)
    assert resolution.sample == "start a {session_type} session"     # not the {minutes} sample
    assert resolution.slots["minutes"].value is None
    assert resolution.slots["session_type"].resolved is None


def test_every_declared_slot_is_sent(model):
    resolution = resolve("start a mat session", model)
    assert set(resolution.slots) == {"session_type", "duration", "minutes"}
    assert resolution.slots["duration"].value is None and resolution.slots["minutes"].value is None


@pytest.mark.parametrize("intent, phrases", [
    ("AMAZON.HelpIntent", ["help", "what can i do", "help me", "what can you do for my back"]),
    ("AMAZON.StopIntent", ["stop", "shut up", "quit"]),
    ("AMAZON.CancelIntent", ["cancel", "never mind"]),
    ("AMAZON.NextIntent", ["next", "skip", "next step"]),
    ("AMAZON.PreviousIntent", ["go back", "previous", "back"]),
    ("AMAZON.RepeatIntent", ["repeat", "say that again", "what"]),
    ("AMAZON.StartOverIntent", ["start over", "restart"]),
    ("AMAZON.YesIntent", ["yes", "yeah", "sure", "okay"]),
    ("AMAZON.NoIntent", ["no", "nope"]),
    ("AMAZON.NavigateHomeIntent", ["go home", "main menu"]),
    ("AMAZON.PauseIntent", ["pause"]),
    ("AMAZON.ResumeIntent", ["resume", "continue", "unpause"]),
    ("AMAZON.LoopOnIntent", ["loop on"]),
    ("AMAZON.LoopOffIntent", ["loop off"]),
    ("AMAZON.ShuffleOnIntent", ["shuffle on"]),
    ("AMAZON.ShuffleOffIntent", ["shuffle off"]),
])
def test_builtin_phrasings_without_samples(model, intent, phrases):
    for phrase in phrases:
        assert intent_of(model, phrase) == intent, phrase


def test_while_audio_plays_stop_pauses_and_audio_commands_need_no_name(model):
    playing = dict(in_session=False, playing=True, audio_owner=True)
    assert intent_of(model, "stop", **playing) == "AMAZON.PauseIntent"
    assert intent_of(model, "pause", **playing) == "AMAZON.PauseIntent"
    assert intent_of(model, "next", **playing) == "AMAZON.NextIntent"
    assert resolve("next", model, **playing).new_session
    assert intent_of(model, "what helps my lower back", **playing) == "not_routed"
    after = dict(in_session=False, audio_owner=True)
    assert intent_of(model, "resume", **after) == "AMAZON.ResumeIntent"


def _without(model_json, *intents):
    data = copy.deepcopy(model_json)
    language = data["interactionModel"]["languageModel"]
    language["intents"] = [i for i in language["intents"] if i["name"] not in intents]
    return data


@pytest.fixture
def model_json():
    return json.loads((PACKAGE / "interactionModels" / "custom" / "en-US.json").read_text())


def test_no_fallback_means_no_match(model_json):
    bare = _without(model_json, "AMAZON.FallbackIntent")
    resolution = resolve("play some jazz", bare)
    assert resolution.kind == "unmatched" and "no match" in resolution.note


def test_undeclared_builtins_only_reach_an_audio_skill(model_json):
    bare = _without(model_json, "AMAZON.NextIntent")
    assert intent_of(bare, "next") == "AMAZON.FallbackIntent"
    assert intent_of(bare, "next", audio_owner=True) == "AMAZON.NextIntent"
