"""Plain words for a pain we have steps for are no red flag: "I'm sore from running", "my back
aches after gardening", "pain in my right side of my lower back", "it hurts when I lie down" got
the warning signs first (the red flag's catch-all). Now, in every locale, through the resolver and
the real skill: the steps or the question their words lead to, and pain worse lying down the
doctor soon; the catch-all reads a feeling said with fillers and what brought it on as that
feeling. A red flag said with the same words still comes first."""
import pytest

from skill.content import content_for
from skill.handlers.red_flags_said import red_flags_in
from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

SIGNS = "If you have numbness"
WHICH_PART = "Is it your lower back, or your upper back"
NIGHT = "Pain that's worse lying down or at night"


def _one_shot(locale, said, expect):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale,
                   "turns": [{"say": f"ask back relief {said}", "expect": expect}]})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said, expect", [
    ("i'm sore from running", {"card_title": "Sore muscles"}),
    ("i ache all over after the gym", {"card_title": "Sore muscles"}),
    ("my back aches after gardening", {"speech_contains": [WHICH_PART]}),
    ("i'm stiff from sitting at my desk", {"speech_contains": [WHICH_PART]}),
    ("my back is sore from carrying my toddler", {"speech_contains": [WHICH_PART]}),
    ("pain in my right side of my lower back", {"card_title": "Lower back soreness"}),
    ("it hurts between my shoulders", {"speech_contains": ["upper back and shoulder blades"]}),
    ("it hurts when i lie down", {"speech_starts_with": NIGHT, "session": "open"}),
])
def test_plain_words_get_the_steps_not_the_signs(locale, said, expect):
    _one_shot(locale, said, {**expect, "speech_not_contains": [SIGNS, "Please get medical help now"]})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", [
    "i'm sore from falling down the stairs",
    "my back aches after a fall",
    "i'm sore from running and my legs are numb",
    "it hurts when i lie down and i have a fever",
    "pain in my right side of my lower back and i can't control my bladder",
])
def test_a_red_flag_said_with_them_still_comes_first(locale, said):
    _one_shot(locale, said, {"speech_starts_with": "Please get medical help now", "session": "closed"})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words, feeling", [
    ("it hurts", "sore"),
    ("sore from running", "sore"),
    ("aches after gardening", "sore"),
    ("is sore from carrying my toddler", "sore"),
    ("really stiff from sitting at my desk", "sore"),
    ("spasming after the gym", "spasm"),
])
def test_the_catch_all_reads_a_feeling_with_its_cause(locale, words, feeling):
    content = content_for(locale)
    assert content.feeling_said(words) == feeling
    assert red_flags_in(content, words) == []


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words", ["hurts all over", "hurts everywhere", "feel really strange", "it hurts too much",
                                   "sore from a fall", "hurts when i lie down"])
def test_words_that_say_more_than_a_feeling_are_not_one(locale, words):
    assert content_for(locale).feeling_said(words) is None


@pytest.mark.parametrize("locale", LOCALES)
def test_every_ordinary_cause_is_a_cause(locale):
    """The catch-all's ordinary causes ("after a long drive") are causes the remedy reads too."""
    content = content_for(locale)
    causes = set(content.mentions["causes_everyday"]) | set(content.mentions["causes_exercise"])
    assert set(content.mentions["ordinary_causes"]) <= causes
