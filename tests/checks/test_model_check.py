"""check-model on the valid fixture package and on deliberately broken copies of it."""
import io
import json
import shutil
from pathlib import Path
from typing import Callable

import pytest

from skill.checks.model_check import check_model_main, check_package
from skill.config import PROJECT_DIR

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "models" / "back_relief"
LOCALES = ("en-US", "en-GB")


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "back_relief"
    shutil.copytree(FIXTURE, root)
    return root


def package_dir(project: Path) -> Path:
    return project / "interaction_model"


def edit_json(path: Path, change: Callable) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=2))


def edit_model(project: Path, change: Callable, locales=LOCALES) -> None:
    """Apply `change(languageModel)` to the given locales (both by default, so they stay in step)."""
    for locale in locales:
        edit_json(package_dir(project) / "interactionModels" / "custom" / f"{locale}.json",
                  lambda data: change(data["interactionModel"]["languageModel"]))


def edit_manifest(project: Path, change: Callable) -> None:
    edit_json(package_dir(project) / "skill.json", lambda data: change(data["manifest"]))


def intent(language, name):
    return next(i for i in language["intents"] if i["name"] == name)


def slot_type(language, name):
    return next(t for t in language["types"] if t["name"] == name)


def findings(project: Path, severity: str):
    report = check_package(package_dir(project))
    return [str(f) for f in report.findings if f.severity == severity]


def assert_found(project: Path, severity: str, *fragments: str):
    found = findings(project, severity)
    for fragment in fragments:
        assert any(fragment in line for line in found), f"{fragment!r} not in:\n" + "\n".join(found)


def test_the_valid_fixture_passes_cleanly(project):
    report = check_package(package_dir(project))
    assert report.findings == []
    out = io.StringIO()
    assert check_model_main([str(package_dir(project))], stdout=out) == 0
    assert "check-model OK" in out.getvalue()


# -- files and structure ------------------------------------------------------------------------
def test_missing_skill_json(project):
    (package_dir(project) / "skill.json").unlink()
    assert_found(project, "error", "skill.json: missing")


def test_invalid_json(project):
    (package_dir(project) / "interactionModels" / "custom" / "en-GB.json").write_text('{"interactionModel": ')
    assert_found(project, "error", "en-GB.json: not valid JSON (line 1")


def test_model_without_language_model(project):
    edit_json(package_dir(project) / "interactionModels" / "custom" / "en-GB.json",
              lambda data: data.pop("interactionModel"))
    assert_found(project, "error", "en-GB.json: needs interactionModel.languageModel")


def test_no_models_at_all(project):
    shutil.rmtree(package_dir(project) / "interactionModels")
    assert_found(project, "error", "no interaction models")


def test_ask_resources_pointing_elsewhere(project):
    edit_json(project / "ask-resources.json",
              lambda data: data["profiles"]["default"]["skillMetadata"].update(src="./skill-package"))
    assert_found(project, "error", "skillMetadata.src points at './skill-package'")


def test_missing_ask_resources_is_a_warning(project):
    (project / "ask-resources.json").unlink()
    assert_found(project, "warning", "ask-resources.json: not found")


def test_bad_names_and_duplicates(project):
    def change(language):
        language["intents"].append({"name": "Remedy-Intent", "samples": ["remedy please"]})
        language["intents"].append(dict(intent(language, "TimeLeftIntent")))
        intent(language, "RemedyIntent")["slots"].append({"name": "area", "type": "BODY_AREA"})
        slot_type(language, "SYMPTOM")["values"] = []
    edit_model(project, change)
    assert_found(project, "error", "intent name 'Remedy-Intent' is not valid", "intent TimeLeftIntent is declared twice",
                 "RemedyIntent: slot area is declared twice", "slot type SYMPTOM has no values")


def test_manifest_problems(project):
    def change(manifest):
        manifest["apis"]["custom"]["endpoint"] = {"uri": "http://example.com/alexa"}
        del manifest["privacyAndCompliance"]["containsAds"]
        manifest["publishingInformation"]["locales"]["en-AU"] = manifest["publishingInformation"]["locales"]["en-US"]
        del manifest["publishingInformation"]["locales"]["en-GB"]
        manifest["publishingInformation"]["locales"]["en-US"]["summary"] = ""
    edit_manifest(project, change)
    assert_found(project, "error", "endpoint uri must be HTTPS", "privacyAndCompliance.containsAds must be true or false",
                 "locale en-AU is published but has no interaction model",
                 "locale en-GB has a model but no publishingInformation.locales entry",
                 "publishingInformation.locales.en-US.summary is missing")


def test_not_a_custom_skill(project):
    edit_manifest(project, lambda manifest: manifest["apis"].pop("custom"))
    assert_found(project, "error", "manifest.apis.custom is missing")


# -- invocation name ----------------------------------------------------------------------------
@pytest.mark.parametrize("name, message", [
    ("Back Relief", "must be lowercase"),
    ("relief", "needs at least two words"),
    ("alexa back relief", "must not contain the wake word \"alexa\""),
    ("echo back relief", "must not contain the wake word \"echo\""),
    ("ask back relief", "must not contain the launch word \"ask\""),
    ("back relief open", "must not contain the launch word \"open\""),
    ("to back relief", "must not start with the connecting word \"to\""),
    ("back relief 2", "numbers must be spelled out"),
    ("back relief!", "only lowercase letters and spaces are allowed, not '!'"),
    ("the relief", "a two-word name must not include an article or preposition (the)"),
    ("back relief.", "periods are only allowed in spelled abbreviations"),
    ("", "the invocation name is empty"),
])
def test_invocation_name_errors(project, name, message):
    edit_model(project, lambda language: language.update(invocationName=name))
    assert_found(project, "error", message)


def test_possessive_invocation_name_is_a_warning(project):
    edit_model(project, lambda language: language.update(invocationName="sam's back relief"))
    assert_found(project, "warning", "Alexa accepts a possessive apostrophe")
    assert not [e for e in findings(project, "error") if 'invocation name "sam' in e]


# -- built-in intents ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
                                  "AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent"])
def test_required_builtins(project, name):
    edit_model(project, lambda language: language["intents"].remove(intent(language, name)))
    assert_found(project, "error", f"{name} is required in every custom skill")


def test_audio_player_builtins(project):
    edit_model(project, lambda language: [language["intents"].remove(intent(language, n)) for n in
                                          ("AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.NextIntent",
                                           "AMAZON.ShuffleOffIntent")])
    assert_found(project, "error", "AMAZON.PauseIntent is required when the skill uses the AUDIO_PLAYER",
                 "AMAZON.ResumeIntent is required")
    assert_found(project, "warning", "AMAZON.NextIntent should be handled", "AMAZON.ShuffleOffIntent should be handled")
    edit_manifest(project, lambda manifest: manifest["apis"]["custom"].update(interfaces=[]))
    assert not [f for f in findings(project, "error") + findings(project, "warning") if "PauseIntent" in f]


# -- sample utterances --------------------------------------------------------------------------
@pytest.mark.parametrize("sample, message", [
    ("what helps my back?", "characters not allowed in a sample: '?'"),
    ("help, please", "characters not allowed in a sample: ','"),
    ("start a 10 minute session", "numbers must be spelled out"),
    ("", "empty sample utterance"),
    ("my back " * 30, "sample longer than 200 characters"),
    ("what helps my {area", "malformed slot reference"),
    ("my {area} and my {area}", "slot {area} is used twice in one sample"),
    ("it hurts. a lot", "periods are only allowed in abbreviations"),
    ("what helps my {elbow}", "slot {elbow} is used but not declared"),
])
def test_sample_errors(project, sample, message):
    edit_model(project, lambda language: intent(language, "RemedyIntent")["samples"].append(sample))
    assert_found(project, "error", f"RemedyIntent: {message}")


def test_allowed_punctuation(project):
    edit_model(project, lambda language: intent(language, "RemedyIntent")["samples"].extend(
        ["my {area} hurts in the a.m.", "my {area} is a bit achy-breaky", "it's my {area}"]))
    assert findings(project, "error") == []


def test_fallback_with_samples_and_custom_intent_without(project):
    def change(language):
        intent(language, "AMAZON.FallbackIntent")["samples"] = ["blah"]
        intent(language, "TimeLeftIntent")["samples"] = []
    edit_model(project, change)
    assert_found(project, "error", "AMAZON.FallbackIntent cannot have sample utterances",
                 "TimeLeftIntent: a custom intent needs at least one sample utterance")


def test_duplicate_samples(project):
    def change(language):
        intent(language, "RemedyIntent")["samples"].append("What  helps my {area}")
        intent(language, "TimeLeftIntent")["samples"].append("numb groin")
        intent(language, "RedFlagIntent")["samples"].append("numb groin")
    edit_model(project, change)
    assert_found(project, "warning", 'RemedyIntent: duplicate sample (same as "what helps my {area}")')
    assert_found(project, "error", 'TimeLeftIntent: the same sample is in RedFlagIntent ("numb groin")')


def test_same_pattern_in_two_intents(project):
    edit_model(project, lambda language: intent(language, "RemedyIntent")["samples"].append("i have {symptom}"))
    assert_found(project, "warning", 'RedFlagIntent: same words and slot positions as RemedyIntent '
                                     '("i have {symptom}"): only the slot values tell them apart (RED_FLAG vs SYMPTOM)')


def test_shared_slot_values_make_a_pattern_ambiguous(project):
    def change(language):
        intent(language, "RemedyIntent")["samples"].append("i have {symptom}")
        slot_type(language, "SYMPTOM")["values"][0]["name"]["synonyms"].append("a fever")
    edit_model(project, change)
    assert_found(project, "warning", 'both accept "a fever"')


def test_literal_sample_matched_by_another_intents_slot_pattern(project):
    edit_model(project, lambda language: intent(language, "TimeLeftIntent")["samples"].append("my neck is sore"))
    assert_found(project, "warning", "TimeLeftIntent: \"my neck is sore\" also matches RemedyIntent's sample "
                                     "\"my {area} is {symptom}\" (area=neck, symptom=sore)")


def test_custom_sample_colliding_with_a_builtin_phrase(project):
    edit_model(project, lambda language: intent(language, "TimeLeftIntent")["samples"].append("next"))
    assert_found(project, "warning", "\"next\" (Alexa's own phrasing for AMAZON.NextIntent) is also a sample "
                                     "of TimeLeftIntent")


# -- slots and slot types -----------------------------------------------------------------------
def test_slot_declared_but_unused(project):
    edit_model(project, lambda language: intent(language, "TimeLeftIntent").update(
        slots=[{"name": "session_type", "type": "SESSION_TYPE"}]))
    assert_found(project, "warning", "TimeLeftIntent: slot session_type is declared but no sample uses it")


def test_slot_types_missing_unused_and_duplicated(project):
    def change(language):
        intent(language, "RemedyIntent")["slots"][0]["type"] = "BODY_PART"
        values = slot_type(language, "SYMPTOM")["values"]
        values.append({"id": "SPASM_AGAIN", "name": {"value": "Spasm", "synonyms": []}})
        values.append({"id": "KNOT", "name": {"value": "lump", "synonyms": ["lumps", "lumps"]}})
        values[0]["name"]["synonyms"].append("knots")
    edit_model(project, change)
    assert_found(project, "error", "RemedyIntent: slot area has type BODY_PART, which is not declared",
                 "slot type SYMPTOM: value \"Spasm\" is listed twice", "slot type SYMPTOM: id KNOT is used twice")
    assert_found(project, "warning", "slot type BODY_AREA is declared but no slot uses it",
                 "slot type SYMPTOM: \"lumps\" is listed twice for \"lump\"",
                 "slot type SYMPTOM: \"knots\" belongs to both \"spasm\" and \"knot\"")


# -- example phrases ----------------------------------------------------------------------------
@pytest.mark.parametrize("phrases, severity, message", [
    (["Alexa, open back relief"] * 4, "error", "en-US: 4 examplePhrases (at most 3)"),
    ([], "error", "en-US: examplePhrases is empty"),
    (["open back relief"], "error", "en-US example phrase 1 must start with \"Alexa, \""),
    (["Alexa, what helps my lower back"], "error", "en-US example phrase 1 must open the skill"),
    (["Alexa, open back relief", "Alexa, ask back relief to make me a coffee"], "error",
     "en-US example phrase 2 does not match any sample utterance"),
    (["Alexa, open back relief", "Alexa, ask back relief to open the pod bay doors"], "error",
     "does not match any sample utterance"),
    (["Alexa, open back relief", "Alexa, ask back relief what helps my elbow"], "warning",
     "en-US example phrase 2: \"elbow\" is not a value of BODY_AREA"),
])
def test_example_phrases(project, phrases, severity, message):
    edit_manifest(project, lambda manifest: manifest["publishingInformation"]["locales"]["en-US"].update(
        examplePhrases=phrases))
    assert_found(project, severity, message)


def test_in_session_example_phrases_are_accepted(project):
    edit_manifest(project, lambda manifest: manifest["publishingInformation"]["locales"]["en-US"].update(
        examplePhrases=["Alexa, launch back relief", "Alexa, what helps my neck", "Alexa, start a mat session."]))
    assert findings(project, "error") == []


# -- locales ------------------------------------------------------------------------------------
def test_locales_out_of_step(project):
    def change(language):
        language["intents"].remove(intent(language, "TimeLeftIntent"))
        intent(language, "RemedyIntent")["samples"][0] = "my {area} is really {symptom}"
        intent(language, "StartSessionIntent")["slots"].pop()
        intent(language, "StartSessionIntent")["samples"] = ["start a {session_type} session"]
        slot_type(language, "BODY_AREA")["values"].pop()
        language["types"].append({"name": "EXTRA", "values": [{"name": {"value": "x"}}]})
    edit_model(project, change, locales=["en-GB"])
    assert_found(project, "error", "en-GB.json: TimeLeftIntent: intent missing (it is in en-US)",
                 "en-GB.json: StartSessionIntent: slots differ than en-US",
                 "en-GB.json: slot types differ than en-US: missing [], extra ['EXTRA']")
    assert_found(project, "warning", "en-GB.json: RemedyIntent: samples differ than en-US (1 missing, 1 extra): "
                                     "missing \"my {area} is {symptom}\"",
                 "en-GB.json: slot type BODY_AREA: values or synonyms differ than en-US")


def test_a_locales_own_phrasings_are_not_locales_out_of_step(project):
    # en-GB's model has "me {area} is {symptom}" and "knackered" of its own (content/en/regional):
    # declared, they are no warning; anything else added or missing still is.
    def change(language):
        intent(language, "RemedyIntent")["samples"] += ["me {area} is {symptom}", "my {area} is right {symptom}"]
        slot_type(language, "SYMPTOM")["values"][0]["name"]["synonyms"].append("knackered")
    edit_model(project, change, locales=["en-GB"])
    symptom_id = slot_type(json.loads((package_dir(project) / "interactionModels" / "custom" / "en-GB.json")
                                      .read_text())["interactionModel"]["languageModel"], "SYMPTOM")["values"][0]["id"]
    own = {"en-GB": {"samples": {"RemedyIntent": ["me {area} is {symptom}"]},
                     "slot_types": {"SYMPTOM": {symptom_id.lower(): ["knackered"]}}}}
    warnings = [str(f) for f in check_package(package_dir(project), own=own).findings if f.severity == "warning"]
    assert [w for w in warnings if "differ" in w] == [
        "WARNING interaction_model/interactionModels/custom/en-GB.json: RemedyIntent: samples differ than en-US "
        "(0 missing, 1 extra): extra \"my {area} is right {symptom}\""]
    own["en-GB"]["samples"]["RemedyIntent"].append("my {area} is right {symptom}")
    warnings = [str(f) for f in check_package(package_dir(project), own=own).findings if f.severity == "warning"]
    assert [w for w in warnings if "differ" in w] == []
    assert any("slot type SYMPTOM: values or synonyms differ" in str(f)
               for f in check_package(package_dir(project)).findings)


def test_same_finding_in_every_locale_is_shown_once(project):
    edit_model(project, lambda language: intent(language, "RemedyIntent")["samples"].append("what?"))
    out = io.StringIO()
    assert check_model_main([str(package_dir(project))], stdout=out) == 1
    lines = [l for l in out.getvalue().splitlines() if "what?" in l and l.startswith("ERROR")]
    assert len(lines) == 1 and "custom/{en-GB,en-US}.json" in lines[0]


# -- permissions --------------------------------------------------------------------------------
def test_permission_used_in_code_but_not_declared(project):
    (project / "skill" / "reminders.py").write_text('SCOPE = "alexa::alerts:reminders:skill:readwrite"\n')
    assert_found(project, "error", "the code asks for permission alexa::alerts:reminders:skill:readwrite "
                                   "(skill/reminders.py:1) but manifest.permissions does not list it")


def test_permission_declared_but_never_used(project):
    (project / "skill" / "timers.py").unlink()
    assert_found(project, "warning", "permission alexa::alerts:timers:skill:readwrite is declared but the code")


def test_tooling_folders_are_not_skill_code(project):
    (project / "skill" / "simulator").mkdir()
    (project / "skill" / "simulator" / "envelopes.py").write_text('X = "alexa::profile:email:read"\n')
    assert findings(project, "error") == []


# -- the command --------------------------------------------------------------------------------
def test_exit_status(project):
    edit_model(project, lambda language: intent(language, "RemedyIntent")["samples"].append("what helps my {area}"))
    out = io.StringIO()
    assert check_model_main([str(package_dir(project))], stdout=out) == 0          # warnings only
    assert check_model_main([str(package_dir(project)), "--strict"], stdout=io.StringIO()) == 1
    quiet = io.StringIO()
    check_model_main([str(package_dir(project)), "--errors-only"], stdout=quiet)
    assert "WARNING " not in quiet.getvalue() and "2 warning(s)" in quiet.getvalue()
    assert check_model_main([str(project / "nowhere")], stdout=io.StringIO()) == 1


@pytest.mark.skipif(not (PROJECT_DIR / "interaction_model" / "skill.json").exists(),
                    reason="the real skill package (interaction_model/skill.json) is not there yet")
def test_the_real_skill_package_has_no_errors():
    report = check_package(PROJECT_DIR / "interaction_model")
    assert report.errors == [], "\n".join(str(e) for e in report.errors)
