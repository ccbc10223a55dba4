"""Emergency numbers are heard digit by digit: written as digits, Alexa reads "999" as a quantity
("nine hundred ninety-nine"), so speech says them as telephone numbers while cards keep the
digits a person would dial."""
import pytest

from skill.content import content_for
from tests.support.locales import LOCALES

DIGIT_NUMBERS = {locale: content_for(locale).terms["emergency_number"] for locale in LOCALES
                 if content_for(locale).terms["emergency_number"].isdigit()}


def test_the_locales_with_a_number_in_digits_are_covered():
    assert {"911", "999", "112"} <= set(DIGIT_NUMBERS.values())


@pytest.mark.parametrize("locale", sorted(DIGIT_NUMBERS))
def test_a_red_flag_says_the_number_digit_by_digit(alexa, locale):
    alexa.factory.locale = locale
    number = DIGIT_NUMBERS[locale]
    reply = alexa.intent("RedFlagIntent", one_shot=True, red_flag="my legs are numb")
    assert f'<say-as interpret-as="telephone">{number}</say-as>' in reply.ssml, reply.ssml
    assert f"call {number}" in reply.speech.lower(), reply.speech
    assert number in reply.card_text and "say-as" not in reply.card_text, reply.card_text
