"""Thoughts of suicide said in answer to one of our yes/no questions ("no, I want to die" to "would
you like a timed acupressure mat session?"): a sweep found the general urgent line said instead of
the crisis line. Through the resolver and the real skill, in every locale, after each kind of
offer: the crisis line leads, whatever the "no" in front of it."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import CRISIS_LINES, LOCALES

# What brings each yes/no question of ours to be answered.
OFFERS = {
    "a session after the last step": ["ask back relief my lower back is spasming"] + ["next"] * 6,
    "a session after an answer": ["ask back relief is heat or ice better"],
    "a nearer length": ["ask back relief start a ninety minute mat session"],
    "in the steps": ["ask back relief my lower back is spasming", "next"],
}
SAID = ["no, I want to die", "no I want to kill myself", "no, I don't want to live"]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("offer", OFFERS)
@pytest.mark.parametrize("said", SAID)
def test_the_crisis_line_leads(locale, offer, said):
    turns = [{"say": line} for line in OFFERS[offer]]
    turns.append({"say": said, "expect": {
        "speech_starts_with": "I'm so sorry you're hurting this much",
        "speech_contains": [CRISIS_LINES[locale]], "speech_not_contains": ["Please get medical help now"],
        "session": "closed"}})
    assert_dialog({"name": f"{said} ({offer}, {locale})", "locale": locale, "turns": turns})
