"""A body part said to be fine is no red flag: "no, my legs are fine", "my legs feel fine", "no my
bladder is fine" in the steps got the warning signs (only "my chest is fine" was heard as fine).
Now the steps carry on, as for the chest; said with where it hurts, that part's steps. Said of a
part that is not fine, the warning still comes. Through the resolver and the real skill, in every
locale."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

SIGNS = "If you have numbness"
URGENT = "get medical help now"
STEPS = "ask back relief my lower back is spasming"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", [
    "no, my legs are fine",
    "my legs feel fine",
    "no my bladder is fine",
    "my legs are fine",
    "no my legs feel fine",
    "no, my chest is fine",
    "no my legs and my bladder are fine",
])
def test_in_the_steps_they_carry_on(locale, said):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": STEPS, "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": said, "expect": {"speech": "Say next when you're ready.", "session": "open"}},
        {"say": "next", "expect": {"speech_starts_with": "Step 2 of 7"}}]})


@pytest.mark.parametrize("said", ["lower and my legs are fine", "lower back and my bladder is fine"])
def test_to_our_question_the_part_that_hurts_gets_its_steps(said):
    assert_dialog({"name": said, "turns": [
        {"say": "ask back relief my back is killing me", "expect": {"speech_contains": ["lower back, or your upper back"]}},
        {"say": said, "expect": {"speech_contains": ["Step 1 of 7"], "speech_not_contains": [SIGNS, URGENT],
                                 "session": "open"}}]})


@pytest.mark.parametrize("said", [
    "no my legs are numb",
    "my legs are fine but my groin is numb",
    "my legs are not fine they feel numb",
    "no my legs are fine but i can't control my bladder",
])
def test_a_part_that_is_not_fine_still_gets_the_warning(said):
    assert_dialog({"name": said, "turns": [
        {"say": STEPS, "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": said, "expect": {"speech_contains": [URGENT], "session": "closed"}}]})
