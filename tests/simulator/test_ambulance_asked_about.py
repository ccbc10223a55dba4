"""safety10: "Do I need to call an ambulance", "should I call an ambulance", "should I ring nine nine
nine" got "I can't advise on to call an ambulance, so please ask your doctor or pharmacist" (heard
as a medicine) or "I don't have an answer about call an ambulance yet". Asked about, not asked for,
an ambulance is the doctor question: get medical help now, by calling the locale's emergency
number, with the signs that need it, and otherwise when to see the doctor; in a remedy's steps,
then the steps go on; on the mat, it plays on after the answer. "Call an ambulance" itself is still
"I can't make phone calls" and the number. In every locale."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

EMERGENCY = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "triple zero", "en-IN": "112"}
NUMBER_SAID = {"en-US": "nine one one", "en-CA": "nine one one", "en-GB": "nine nine nine",
               "en-AU": "triple zero", "en-IN": "one one two"}
ASKED = ["do i need to call an ambulance", "should i call an ambulance", "do i need an ambulance",
         "is this an emergency", "should i go to hospital", "do i need to go to the er"]


def _when_to_call(locale):
    return {"intent": "SeeDoctorIntent",
            "speech_starts_with": f"Get medical help now, by calling {EMERGENCY[locale]} or your doctor, if you have numbness",
            "speech_contains": ["chest pain, or trouble breathing", "Otherwise, see your doctor"],
            "speech_not_contains": ["I can't advise", "I don't have an answer"]}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", ASKED + ["should i call NUMBER"])
def test_an_ambulance_asked_about_is_when_to_call_the_emergency_number(locale, said):
    said = said.replace("NUMBER", NUMBER_SAID[locale])
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": f"ask back relief {said}", "expect": _when_to_call(locale)},
        {"say": "ask back relief call an ambulance",
         "expect": {"intent": "EmergencyCallIntent", "speech_starts_with": "I can't make phone calls.",
                    "speech_contains": [EMERGENCY[locale]]}}]})


@pytest.mark.parametrize("locale", LOCALES)
def test_an_ambulance_asked_about_in_the_steps_and_on_the_mat(locale):
    expect = _when_to_call(locale)
    assert_dialog({"name": f"ambulance in the steps and on the mat ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief my lower back is spasming", "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": "should i call an ambulance",
         "expect": {**expect, "speech_contains": expect["speech_contains"] + ["say next to carry on"],
                    "session": "open"}},
        {"say": "next", "expect": {"speech_starts_with": "Step 2 of 7"}},
        {"say": "ask back relief start a ten minute mat session"},
        {"do": ":permission denied", "expect": {"directives": ["AudioPlayer.Play"]}},
        {"say": "ask back relief do i need to call an ambulance", "expect": expect}]})
