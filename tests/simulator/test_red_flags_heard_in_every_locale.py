"""Red flags said in ways the model once had no sample for: "tearing pain in my upper back",
"this is the worst headache of my life" fell to "Sorry, I didn't catch that" in every locale.
Played through the simulator's resolver (the interaction model) and the real skill."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

SAID = [
    ("tearing pain in my upper back", "A tearing pain"),
    ("sudden tearing pain between my shoulder blades", "A tearing pain"),
    ("this is the worst headache of my life", "A sudden, severe headache"),
]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said, reason", SAID)
def test_the_red_flag_is_heard_and_warned_of(locale, said, reason):
    assert_dialog({"name": f"{said} in {locale}", "locale": locale, "turns": [
        {"say": f"ask back relief {said}", "expect": {
            "intent": "RedFlagIntent", "speech_starts_with": "Please get medical help now",
            "speech_contains": [reason], "session": "closed"}}]})


@pytest.mark.parametrize("said, steps", [
    ("spasm in my lower back", "A lower back spasm is scary"),
    ("a knot in my upper back", "Knots are small areas of muscle"),
])
def test_a_feeling_we_know_said_the_same_way_gets_its_steps(said, steps):
    # The same shape as "tearing pain in my upper back": no red flag, no warning signs first.
    assert_dialog({"name": said, "turns": [{"say": f"ask back relief {said}", "expect": {
        "speech_contains": [steps], "speech_not_contains": ["get medical help now"], "session": "open"}}]})
