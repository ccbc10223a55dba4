"""safety10: "I'm boiling", "I'm sweating" on the mat, with no heat on them, got the general warning
signs and "tell me where it hurts", the session paused. Now a layer off and some water, and when
to get medical help now (a fever, or sweating with the heart's signs) by the locale's emergency
number; the mat plays on. In every locale."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

EMERGENCY = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "triple zero", "en-IN": "112"}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", ["i'm boiling", "i'm sweating"])
def test_hot_or_sweaty_on_the_mat_cools_down_with_the_signs(locale, said):
    assert_dialog({"name": f"{said} on the mat ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief start a ten minute mat session"},
        {"do": ":permission denied", "expect": {"directives": ["AudioPlayer.Play"]}},
        {"say": f"ask back relief {said}",
         "expect": {"speech_starts_with": "Let's cool you down:",
                    "speech_contains": [f"get medical help now, by calling {EMERGENCY[locale]} or your doctor",
                                        "Back to your acupressure mat session."],
                    "speech_not_contains": ["If you have numbness"],
                    "directives": ["AudioPlayer.Play"]}}]})
