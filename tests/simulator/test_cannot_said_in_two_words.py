"""A red flag said with "can not" or "cannot" for "can't", or split across the slots of a sample
like "i {symptom} my {area}": "I'm scared and I can't feel my legs" reached the skill as symptom
"am scared and i can not feel" and area "legs", and got the warning signs, then the legs' steps;
"... I can't control my bladder" got "I don't have steps for that yet". Both are get help now.
In every locale, through the resolver and the real skill."""
import pytest

from skill.content import content_for
from skill.handlers.red_flags_said import red_flags_in
from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

STEPS = "ask back relief my lower back is spasming"
HELP_NOW = "Please get medical help now."


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said, sign", [
    ("i'm scared and i can't feel my legs", "Numbness"),
    ("i'm scared and i can't control my bladder", "bladder"),
    ("i'm scared and i cannot move my legs", "weakness"),
])
def test_a_red_flag_split_across_the_slots_is_get_help_now(locale, said, sign):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": STEPS, "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": said, "expect": {"speech_starts_with": HELP_NOW, "speech_contains": [sign]}}]})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words, flag", [
    ("i can not feel my legs", "leg_numbness"),
    ("i cannot control my bladder", "bladder_bowel"),
    ("i do not want to live", "crisis"),
])
def test_can_not_and_cannot_are_read_as_cant(locale, words, flag):
    assert flag in red_flags_in(content_for(locale), words)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words", ["i can not feel the heat pad", "my legs feel fine", "i can not wait"])
def test_can_not_said_of_no_red_flag_is_none(locale, words):
    assert red_flags_in(content_for(locale), words) == []
