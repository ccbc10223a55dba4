"""Low, alone, not coping: "I can't cope", "I'm so depressed", "I feel so alone" got the comfort
meant for fear ("Spasms are frightening ..."), the urgent signs and where it hurts, with no word of
the crisis line; and said after "I'm pregnant" in an earlier turn, the same general comfort
instead of pregnancy's support. Now kind words and the crisis line offered, then where it hurts
(in the steps, on at their pace); in pregnancy, the midwife today and the crisis line. Fear ("I'm
scared") keeps its own answer. In every locale, through the resolver and the real skill."""
import pytest

from skill.simulator.testing import assert_dialog
from tests.support.locales import CRISIS_LINES, LOCALES


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("said", ["i can't cope", "i'm so depressed", "i feel so alone", "i'm not coping"])
def test_struggling_offers_the_crisis_line(locale, said):
    line = CRISIS_LINES[locale]
    assert_dialog({"name": f"{said} ({locale})", "locale": locale, "turns": [
        {"say": f"ask back relief {said}", "expect": {
            "intent": "StrugglingIntent", "speech_starts_with": "I'm so sorry it's this hard, and you're not alone.",
            "speech_contains": [line, "tell me where it hurts"], "session": "open"}},
        {"say": "my lower back is spasming", "expect": {"speech_contains": ["Step 1 of 7"]}},
        {"say": said, "expect": {"intent": "StrugglingIntent", "speech_contains": [line, "Say next when you're ready"],
                                 "session": "open"}},
        {"say": "next", "expect": {"speech_starts_with": "Step 2 of 7"}}]})


@pytest.mark.parametrize("locale", LOCALES)
def test_struggling_in_pregnancy_is_pregnancys_support(locale):
    assert_dialog({"name": f"pregnant, then can't cope ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief i'm pregnant", "expect": {"session": "open"}},
        {"say": "i can't cope", "expect": {"intent": "StrugglingIntent", "speech_contains": [
            "many people feel this way in pregnancy", "midwife", CRISIS_LINES[locale]]}}]})


@pytest.mark.parametrize("locale", LOCALES)
def test_fear_keeps_its_own_comfort(locale):
    assert_dialog({"name": f"scared ({locale})", "locale": locale, "turns": [
        {"say": "ask back relief i'm scared", "expect": {
            "intent": "ComfortIntent", "speech_starts_with": "I'm here with you.",
            "speech_not_contains": [CRISIS_LINES[locale]]}}]})
