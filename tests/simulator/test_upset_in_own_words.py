"""Upset, in their own words: "I'm in bits" (British and Irish for very upset) got the warning
signs, then "rest where you are" or "where does it hurt"; then the kind words of "I'm scared".
Falling apart is more than fear: now the kind words of "I can't cope" (StrugglingIntent), with the
crisis line offered: outside the steps with the urgent signs in one breath and where it hurts, in
the steps on with them at their pace. "I'm upset" keeps the kind words of "I'm scared". "My lower
back is in bits" names a part: still pain, in Britain. In every locale, through the resolver and
the real skill."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import CRISIS_LINES, LOCALES

STEPS = "ask back relief my lower back is spasming"
COMFORT = "I'm here with you."
STRUGGLING = "I'm so sorry it's this hard, and you're not alone."
SIGNS = "If you have numbness"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", ["i'm in bits", "i'm all in bits", "i'm in pieces", "i'm falling apart"])
def test_falling_apart_gets_kind_words_and_the_crisis_line(locale, said):
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": "open back relief", "expect": {"session": "open"}},
        {"say": said, "expect": {
            "speech_starts_with": STRUGGLING, "speech_contains": [CRISIS_LINES[locale], "tell me where it hurts"],
            "speech_not_contains": [SIGNS, COMFORT], "session": "open"}},
        {"say": STEPS, "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": said, "expect": {
            "speech_starts_with": STRUGGLING, "speech_contains": [CRISIS_LINES[locale], "one step at a time"],
            "speech_not_contains": [SIGNS], "session": "open"}},
        {"say": "next", "expect": {"speech_starts_with": "Step 2 of 7"}}]})


@pytest.mark.parametrize("locale", LOCALES)
def test_upset_gets_the_kind_words_of_fear(locale):
    assert_dialog({"name": f"i'm upset ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief i'm upset", "expect": {
            "speech_starts_with": COMFORT, "speech_contains": ["call", "tell me where it hurts"],
            "speech_not_contains": [SIGNS], "session": "open"}}]})


def test_in_bits_on_the_mat_the_session_waits_as_for_i_cant_cope():
    assert_dialog({"name": "in bits on the mat", "locale": "en-GB", "turns": [
        {"say": "ask back relief to start a ten minute mat session",
         "expect": {"directives": ["Connections.SendRequest"]}},
        {"do": ":permission denied", "expect": {"directives": ["AudioPlayer.Play"]}},
        {"wait": "1m"},
        {"say": "ask back relief i'm in bits", "expect": {
            "speech_starts_with": "I've paused your acupressure mat session",
            "speech_contains": [STRUGGLING, "Samaritans", "call 999 now"], "speech_not_contains": [SIGNS],
            "session": "open"}}]})


def test_a_back_in_bits_is_still_pain_in_britain():
    assert_dialog({"name": "my lower back is in bits", "locale": "en-GB", "turns": [
        {"say": "ask back relief my lower back is in bits",
         "expect": {"card_title": "Lower back soreness", "speech_not_contains": [COMFORT]}}]})


def test_upset_with_a_red_flag_is_still_the_warning():
    assert_dialog({"name": "in bits and numb", "turns": [
        {"say": STEPS, "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": "i'm in bits and my legs have gone numb",
         "expect": {"speech_starts_with": "Please get medical help now", "session": "closed"}}]})



@pytest.mark.parametrize("locale", LOCALES)
def test_in_bits_after_a_birth_is_her_own_support(locale):
    """ "I just had a baby and I'm in bits" got only the cautions after a birth: now support, the
    midwife today, and the crisis line for thoughts of harm."""
    assert_dialog({"name": f"in bits after a birth ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief i just had a baby and i'm in bits", "expect": {
            "speech_starts_with": "That sounds so hard, and you're not alone.",
            "speech_contains": ["midwife or doctor today", CRISIS_LINES[locale]]}}]})
