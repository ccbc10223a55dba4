"""Each locale's own phrasings (content/en/regional/<locale>.yaml): added to the shared model for
that locale alone, never repeating it, and never taking a red flag's warning away."""
import pytest

from skill.content import ContentError, content_for, locale_table
from skill.content.regional import add_samples, add_synonyms, locale_additions
from skill.handlers.red_flag_words import red_flags_in
from skill.package import interaction_model

LOCALES = ["en-US", "en-GB", "en-CA", "en-AU", "en-IN"]


def _samples(model):
    return {intent["name"]: intent["samples"] for intent in model["interactionModel"]["languageModel"]["intents"]}


def _synonyms(model):
    return {(slot_type["name"], value["id"]): [value["name"]["value"], *value["name"]["synonyms"]]
            for slot_type in model["interactionModel"]["languageModel"]["types"] for value in slot_type["values"]}


@pytest.mark.parametrize("locale", LOCALES)
def test_a_locale_model_is_the_shared_one_with_its_own_phrasings_after(locale):
    shared, own = interaction_model("en"), interaction_model("en", locale)
    added = locale_additions("en", locale)
    for name, samples in _samples(own).items():
        assert samples == _samples(shared)[name] + list(added["samples"].get(name, [])), name
    for (type_name, value_id), words in _synonyms(own).items():
        extra = (added["slot_types"].get(type_name) or {}).get(value_id.lower(), [])
        assert words == _synonyms(shared)[(type_name, value_id)] + list(extra), (type_name, value_id)


def test_the_regional_files_add_something_for_each_locale_but_the_us():
    for locale in ("en-GB", "en-AU", "en-IN", "en-CA"):
        added = locale_additions("en", locale)
        assert added["samples"] and added["slot_types"], locale


def test_a_locale_file_may_not_repeat_the_shared_model_or_name_what_it_lacks():
    source = {"intents": {"ThanksIntent": {"samples": ["cheers", "ta"]}}}
    assert add_samples(source, {"samples": {"ThanksIntent": ["ta muchly"]}})["intents"]["ThanksIntent"][
        "samples"] == ["cheers", "ta", "ta muchly"]
    with pytest.raises(ContentError, match="already has"):
        add_samples(source, {"samples": {"ThanksIntent": ["cheers"]}})
    with pytest.raises(ContentError, match="does not have"):
        add_samples(source, {"samples": {"CheersIntent": ["cheers"]}})
    types = {"SYMPTOM": {"spasm": ["spasm", "done in"], "sore": ["sore"]}}
    assert add_synonyms(types, {"slot_types": {"SYMPTOM": {"sore": ["crook"]}}})["SYMPTOM"]["sore"] == ["sore", "crook"]
    assert types["SYMPTOM"]["sore"] == ["sore"]            # the shared vocabulary is left as it was
    with pytest.raises(ContentError, match="under spasm"):
        add_synonyms(types, {"slot_types": {"SYMPTOM": {"sore": ["Done in"]}}})
    with pytest.raises(ContentError, match="no value"):
        add_synonyms(types, {"slot_types": {"SYMPTOM": {"aching": ["crook"]}}})


@pytest.mark.parametrize("locale, words, value", [
    ("en-AU", "rooted", "sore"), ("en-AU", "rooted my back", "spasm"), ("en-AU", "crook", "sore"),
    ("en-AU", "stuffed my back", "spasm"), ("en-AU", "cactus", "sore"),
    ("en-GB", "in bits", "sore"), ("en-GB", "giving me gyp", "sore"), ("en-GB", "cricked", "spasm"),
    ("en-IN", "catching", "spasm"), ("en-IN", "muscle catch", "spasm"), ("en-CA", "wrecked", "spasm"),
])
def test_a_regional_word_means_its_feeling_only_where_it_is_said(locale, words, value):
    assert content_for(locale).value_id("SYMPTOM", words) == value
    # "Rooted" is nothing to an American, "is it catching?" asks whether it spreads, and a
    # Briton who is "wrecked" is drunk or worn out.
    elsewhere = "en-GB" if locale in ("en-CA", "en-US") else "en-US"
    assert content_for(elsewhere).value_id("SYMPTOM", words) is None


@pytest.mark.parametrize("locale, words, flags", [
    ("en-GB", "i've wet myself and my legs are numb", {"leg_numbness", "bladder_bowel"}),
    ("en-GB", "i've wet meself and me legs are numb", {"leg_numbness", "bladder_bowel"}),
    ("en-GB", "i've lost control of me bladder", {"bladder_bowel"}),
    ("en-GB", "me back's gone and i can't control me bowels", {"bladder_bowel"}),
    ("en-GB", "i want to do myself in", {"crisis"}),
    ("en-GB", "i want to do meself in", {"crisis"}),
    ("en-GB", "thinking about doing myself in", {"crisis"}),
    ("en-GB", "thinking of topping meself", {"crisis"}),
    ("en-AU", "i can't feel me legs", {"leg_numbness"}),
    ("en-AU", "i've stuffed my back and i can't feel me legs", {"leg_numbness"}),
    ("en-AU", "my back's rooted and i've wet meself", {"bladder_bowel"}),
    ("en-AU", "i want to neck myself", {"crisis"}),
    ("en-AU", "neck myself", {"crisis"}),                  # "i want to {session_type}": the slot's words
    ("en-AU", "i can't control me bladder", {"bladder_bowel"}),
    ("en-AU", "came a gutser off the ladder", {"fall_or_accident"}),
    ("en-AU", "i've been chundering", {"vomiting"}),
    ("en-IN", "i am not able to control my urine", {"bladder_bowel"}),
    ("en-IN", "urine is leaking without control", {"bladder_bowel"}),
    ("en-IN", "i am having breathing problem", {"trouble_breathing"}),
    ("en-IN", "heaviness in my chest since morning", {"chest_pain"}),
    ("en-IN", "my back is paining and i am not able to walk", {"leg_weakness"}),
    ("en-IN", "i slipped in the bathroom", {"fall_or_accident"}),
    ("en-IN", "i am not able to feel my legs", {"leg_numbness"}),
    ("en-IN", "i vomited twice", {"vomiting"}),
    ("en-CA", "i wrecked my back and i can't pee", {"bladder_bowel"}),
])
def test_a_red_flag_said_in_regional_words_is_read_in_every_locale(locale, words, flags):
    # Read the same in every locale: a person's English goes with them, whatever the device says.
    for any_locale in LOCALES:
        assert flags <= set(red_flags_in(any_locale, words)), (any_locale, words)


@pytest.mark.parametrize("locale, words", [
    ("en-AU", "my back's rooted"), ("en-AU", "i've stuffed me back"), ("en-AU", "my back's crook"),
    ("en-GB", "my lower back is in bits"), ("en-GB", "me back's gone"), ("en-GB", "i've done me back in"),
    ("en-GB", "my back's giving me gyp"), ("en-GB", "it's killing me"), ("en-GB", "give me a minute"),
    ("en-GB", "i've done myself in lifting the shopping"), ("en-AU", "i'll massage my neck myself"),
    ("en-GB", "my legs are dead sore"),
    ("en-IN", "my back is catching since morning"), ("en-CA", "i wrecked my back shovelling snow"),
])
def test_regional_words_for_how_it_feels_are_no_red_flag(locale, words):
    assert red_flags_in(locale, words) == ()


def test_every_locale_file_is_for_a_published_locale():
    from skill.content import CONTENT_DIR
    published = set(locale_table()["locales"])
    assert {path.stem for path in (CONTENT_DIR / "en" / "regional").glob("*.yaml")} <= published
