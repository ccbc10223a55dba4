"""Red flags swept through the simulator in three places (said afresh, in a remedy's steps, during
a playing session), in every locale. Pain down both legs (sciatica on both sides, a sign of
pressure on the nerves at the base of the spine) got the lower back's steps, or "Where does it
hurt?": now help now, with the locale's emergency number. "My pee is dark" got "I don't have steps
for pee": now the doctor today, as for dark urine. And two false alarms: "my dad has cancer" was
the person's own cancer, and "I'm burning up from the heat pad" a fever (it is the heat: off it
comes)."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import LOCALES

EMERGENCY = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "triple zero", "en-IN": "112"}
NOW = "Please get medical help now."
TODAY = "Please see your doctor about this today."


def _in_three_places(locale, said, starts, contains):
    expect = {"speech_contains": contains, "speech_not_contains": ["Step 1 of", "Where does it hurt"]}
    return {"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": f"ask back relief {said}", "expect": {"speech_starts_with": starts, **expect}},
        {"do": ":new"},
        {"say": "ask back relief my lower back is spasming", "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": said, "expect": {"speech_starts_with": starts, **expect}},
        {"do": ":new"},
        {"say": "ask back relief start a ten minute mat session", "expect": {"directives": ["Connections.SendRequest"]}},
        {"do": ":permission denied", "expect": {"directives": ["AudioPlayer.Play"]}},
        {"say": f"ask back relief {said}", "expect": {"speech_starts_with": starts, **expect}}]}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", ["the pain goes down both legs", "i've got pain down both legs",
                                  "i have sciatica in both legs", "it's shooting down both my legs"])
def test_pain_down_both_legs_is_help_now(locale, said):
    assert_dialog(_in_three_places(locale, said, NOW, ["both legs", EMERGENCY[locale]]))


@pytest.mark.parametrize("locale", LOCALES)
def test_dark_pee_is_the_doctor_today(locale):
    assert_dialog(_in_three_places(locale, "my pee is dark", TODAY, ["kidney", EMERGENCY[locale]]))


@pytest.mark.parametrize("locale", LOCALES)
def test_sciatica_down_one_leg_and_words_that_only_brush_a_flag_are_no_alarm(locale):
    assert_dialog({"name": f"no alarm ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief my dad has cancer", "expect": {"speech_not_contains": [TODAY, NOW, "cancer"]}},
        {"say": "ask back relief i'm burning up from the heat pad",
         "expect": {"speech_starts_with": "Take the heat off now", "speech_not_contains": [NOW, "fever"]}},
        {"say": "ask back relief i have pain down my leg", "expect": {"speech_not_contains": [NOW, "both legs"]}},
        # Still red flags.
        {"say": "ask back relief i'm burning up", "expect": {"speech_starts_with": NOW, "speech_contains": ["fever"]}},
        {"say": "ask back relief i have cancer", "expect": {"speech_starts_with": TODAY}}]})
