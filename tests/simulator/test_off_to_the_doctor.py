"""Off to see a doctor in the middle of the steps: "I need to go to the doctor", "I have to go to
the doctor's now" got the loo's "Take your time. I'll keep your place". It is still a break (they
are going), but now it says seeing the doctor is a good idea first, and the place is kept for
later; a session waits the same way. A hospital is still a warning, never a break. In every
locale, through the resolver and the real skill."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

STEPS = "ask back relief my lower back is spasming"
DOCTOR = "Seeing your doctor is a good idea."


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", ["i need to go to the doctor", "i have to go to the doctor's now",
                                  "i'm off to the doctor's"])
def test_off_to_the_doctor_in_the_steps_the_place_is_kept(locale, said):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": STEPS, "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": said, "expect": {"speech_starts_with": DOCTOR, "speech_contains": ["keep your place"],
                                 "speech_not_contains": ["If you have numbness"], "session": "closed"}},
        {"say": "ask back relief next", "expect": {"speech_starts_with": "Step 2 of 7"}}]})


@pytest.mark.parametrize("locale", LOCALES)
def test_off_to_the_hospital_is_still_the_warning(locale):
    assert_dialog({"name": f"hospital ({locale})", "locale": locale, "turns": [
        {"say": STEPS, "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": "i need to go to the hospital", "expect": {"speech_starts_with": "Please get medical help now",
                                                           "session": "closed"}}]})


def test_off_to_the_doctor_a_session_waits():
    assert_dialog({"name": "off to the doctor on the mat", "turns": [
        {"say": "ask back relief to start a ten minute mat session",
         "expect": {"directives": ["Connections.SendRequest"]}},
        {"do": ":permission denied", "expect": {"directives": ["AudioPlayer.Play"]}},
        {"wait": "1m"},
        {"say": "ask back relief i need to go to the doctor", "expect": {
            "speech_starts_with": DOCTOR, "speech_contains": ["I've paused your acupressure mat session"]}},
        {"say": "ask back relief resume", "expect": {"directives": ["AudioPlayer.Play"]}},
        {"wait": "1m"},
        # The loo is no doctor.
        {"say": "ask back relief i need the loo", "expect": {
            "speech_starts_with": "Take your time", "speech_not_contains": [DOCTOR]}}]})


def test_off_to_the_doctor_on_a_device_without_audio_its_timer_waits():
    assert_dialog({"name": "off to the doctor, timer only", "device": "no-audio", "turns": [
        {"say": "ask back relief to start a ten minute mat session", "expect": {"session": "open"}},
        {"say": "yes", "expect": {"directives": ["Connections.SendRequest"]}},
        {"do": ":permission accepted", "expect": {"speech_contains": ["timer is set"]}},
        {"wait": "1m"},
        {"say": "ask back relief i need to go to the doctor", "expect": {
            "speech_starts_with": DOCTOR, "speech_contains": ["timer and all"]}}]})
