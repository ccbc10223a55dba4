"""How bad it is, said in everyday words, in every locale: "ten out of ten" is pain past bearing
and "four out of ten" is not; "I'm so tired of this" is kind words for being fed up, while "I'm so tired of living"
(and "sick of living", "fed up with life") is the crisis line, which before was no red flag at all;
stuck bent over is a lower back spasm's steps, a cough that hurts how to brace for it, a medicine
already taken the label's caution; and a red flag said with any of them still comes first."""
import pytest

from skill.content import content_for
from skill.handlers.red_flags_said import red_flags_in
from skill.simulator.testing import assert_dialog
from tests.support.locales import CRISIS_LINES, LOCALES

HELP_NOW = "Please get medical help now."


@pytest.mark.parametrize("locale", LOCALES)
def test_worn_down_is_no_red_flag_but_tired_of_living_is_the_crisis(locale):
    content_ = content_for(locale)
    for words in ("i'm so tired of this", "i'm sick of this pain", "i'm fed up", "sick of being in pain",
                  "i'm sick of being stuck in bed", "sick and tired of being sore"):
        assert red_flags_in(content_, words) == [], words
    # "Sick of being alive" was cut to "alive" by the exclusion that keeps "sick of being in pain"
    # from reading as being sick: no red flag at all.
    for words in ("i'm so tired of living", "i'm sick of living", "i'm fed up with life",
                  "sick and tired of living", "tired of being alive", "i'm sick of being alive",
                  "i'm sick and tired of being alive", "i'm sick of being here"):
        assert "crisis" in red_flags_in(content_, words), words


@pytest.mark.parametrize("locale", LOCALES)
def test_pain_scores_past_bearing(locale):
    content_ = content_for(locale)
    for words in ("ten out of ten", "a nine out of ten", "10 out of 10", "seven out of ten"):
        assert content_.mentioned("severe_pain", words), words
    for words in ("a four out of ten", "two out of ten", "6 out of 10"):
        assert not content_.mentioned("severe_pain", words), words


@pytest.mark.parametrize("locale", LOCALES)
def test_how_bad_it_is_in_every_locale(locale):
    assert_dialog({"name": f"how bad it is ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief the pain is a ten out of ten",
         "expect": {"speech_contains": ["call your doctor today"]}},
        {"say": "ask back relief i'm so tired of this", "expect": {"speech_starts_with": "That's completely understandable."}},
        {"say": "ask back relief i'm so tired of living", "expect": {"speech_contains": [CRISIS_LINES[locale]]}},
        {"say": "ask back relief i bent over and now i can't straighten up",
         "expect": {"speech_contains": ["Step 1 of 7"], "speech_not_contains": ["medical help"]}},
        {"say": "ask back relief it hurts when i cough", "expect": {"speech_contains": ["common with a back spasm"]}},
        {"say": "ask back relief i've taken two ibuprofen already",
         "expect": {"speech_contains": ["Follow the label"]}},
        # A red flag said with any of them still comes first.
        *({"say": f"ask back relief {said}", "expect": {"speech_starts_with": HELP_NOW}} for said in (
            "i bent over and now i can't straighten up and my legs are numb",
            "it hurts when i cough and my legs are numb",
            "i've taken two ibuprofen and i've lost control of my bladder",
            "i've had six co-codamol"))]})
