"""Skin reddened by heat is no clot sign: "my calf is warm and red from the heat pad" got "get
medical help now" for a blood vessel, and "my leg went red under the heat pack" got pain down the
leg. Heat reddens skin by itself: now the heat skin check (the redness should fade within the
hour; if it blisters, stays red or hurts, a doctor), and said of a leg, one sentence on when a calf
is a clot sign. A calf swollen or painful, or warm and red with no heat as the cause, is still the
warning. In every locale, through the resolver (the interaction model) and the real skill."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

STEPS = "ask back relief my lower back is spasming"
URGENT = "Please get medical help now"
SIGNS = "If you have numbness"
SKIN_CHECK = "Take the heat off now"
FADES = "should fade within the hour"
CLOT = "may be a clot: get medical help now"


def _in_the_steps(locale, said, expect):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": STEPS, "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": said, "expect": expect}]})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said, leg", [
    ("my calf is warm and red from the heat pad", True),
    ("my leg is red and warm from the hot water bottle", True),
    ("my leg went red under the heat pack", True),
    ("my skin is red from the heat", False),
])
def test_skin_reddened_by_heat_gets_the_skin_check(locale, said, leg):
    _in_the_steps(locale, said, {
        "speech_starts_with": SKIN_CHECK, "speech_contains": [FADES, "blisters"] + ([CLOT] if leg else []),
        "speech_not_contains": [SIGNS, "sciatica", "blood vessel"] + ([] if leg else [CLOT])})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", [
    "my calf is swollen and red",
    "my calf is hot red and painful",
    "my calf is swollen and red from the heat pad",
    "my calf is warm and red and tender from the heat pad",
    "my calf is hot and red can i use a heat pad",          # heat named, but not as the cause
])
def test_a_calf_swollen_or_painful_or_red_without_heat_is_still_the_warning(locale, said):
    _in_the_steps(locale, said, {"speech_starts_with": URGENT, "speech_contains": ["blood vessel"],
                                 "session": "closed"})


def test_reddened_under_a_heat_session_the_heat_comes_off():
    assert_dialog({"name": "calf reddened under a heat session", "turns": [
        {"say": "ask back relief to start a twenty minute heat session",
         "expect": {"directives": ["Connections.SendRequest"]}},
        {"do": ":permission denied", "expect": {"directives": ["AudioPlayer.Play"]}},
        {"wait": "2m"},
        {"say": "ask back relief my calf is warm and red from the heat pad", "expect": {
            "speech_starts_with": SKIN_CHECK, "speech_contains": [FADES, CLOT, "I've stopped your heat session."],
            "directives": ["AudioPlayer.Stop", "AudioPlayer.ClearQueue"]}},
        {"say": "ask back relief start a twenty minute heat session", "expect": {"directives": ["AudioPlayer.Play"]}},
        {"wait": "2m"},
        {"say": "ask back relief my skin has gone red", "expect": {
            "speech_starts_with": SKIN_CHECK, "speech_contains": [FADES, "I've stopped your heat session."],
            "speech_not_contains": [CLOT], "directives": ["AudioPlayer.Stop", "AudioPlayer.ClearQueue"]}},
        # A blister is a burn: its first aid, as before.
        {"say": "ask back relief i have a blister from the heat pad", "expect": {
            "speech_starts_with": SKIN_CHECK, "speech_contains": ["bigger than your palm"],
            "speech_not_contains": [FADES]}}]})
