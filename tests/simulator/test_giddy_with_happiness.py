"""Giddy with happiness is no dizziness: "I feel giddy with relief" in the steps got "see your
doctor about this today" for dizziness, and "I'm giddy with excitement" the warning signs. Now
relief is "I'm glad it's helping" and excitement carries on with the steps; "I feel giddy", "I'm
giddy when I stand" (British and Australian for dizzy) are still dizziness, and a red flag said
with it still comes first. In every locale, through the resolver and the real skill."""
import pytest

from skill.content import content_for
from skill.handlers.red_flags_said import red_flags_in
from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

STEPS = "ask back relief my lower back is spasming"
TODAY = "Please see your doctor about this today"


def _in_the_steps(locale, said, expect):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": STEPS, "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": said, "expect": expect},
        {"say": "next", "expect": {"speech_starts_with": "Step 2 of 7"}}]})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said, heard", [
    ("i feel giddy with relief", "I'm glad it's helping"),
    ("i'm giddy with relief", "I'm glad it's helping"),
    ("i'm giddy with excitement", "Say next when you're ready."),
])
def test_giddy_with_happiness_carries_on_with_the_steps(locale, said, heard):
    _in_the_steps(locale, said, {"speech_starts_with": heard, "speech_not_contains": [TODAY, "dizzy"],
                                 "session": "open"})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words", ["i feel giddy with relief", "giddy with excitement", "so giddy with joy"])
def test_giddy_with_happiness_in_any_words_is_no_red_flag(locale, words):
    assert red_flags_in(content_for(locale), words) == []


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words, flag", [
    ("i feel giddy", "dizziness"),
    ("giddy when i stand", "dizziness"),
    ("giddy with relief but my legs are numb", "leg_numbness"),
])
def test_giddy_said_of_dizziness_is_still_a_red_flag(locale, words, flag):
    assert flag in red_flags_in(content_for(locale), words)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", ["i feel giddy", "i'm giddy when i stand"])
def test_giddy_is_still_dizziness_in_the_steps(locale, said):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": STEPS, "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": said, "expect": {"speech_starts_with": TODAY, "speech_contains": ["dizzy"]}}]})
