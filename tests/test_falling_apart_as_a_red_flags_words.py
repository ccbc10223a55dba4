""""I'm in bits", "I'm falling apart" sent as RedFlagIntent's catch-all ("i'm {red_flag}"), as
Alexa may: it was the kind words of "I'm scared"; now those of "I can't cope", with the crisis
line offered and no warning signs, as StrugglingIntent gives them."""
import pytest

from tests.support.locales import CRISIS_LINES, LOCALES

STRUGGLING = "I'm so sorry it's this hard, and you're not alone."


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words", ["in bits", "falling apart", "an emotional wreck"])
def test_falling_apart_heard_as_a_red_flags_words_is_struggling(alexa, locale, words):
    alexa.factory.locale = locale
    reply = alexa.intent("RedFlagIntent", one_shot=True, red_flag=words)
    assert reply.speech.startswith(STRUGGLING), reply.speech
    assert CRISIS_LINES[locale] in reply.speech and "If you have numbness" not in reply.speech
    assert not reply.ended
