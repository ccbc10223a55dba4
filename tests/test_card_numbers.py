"""Advice lines are said in words (Alexa would read "111" as a quantity) but written in digits on
the card, which a person reads in the Alexa app to dial: "NHS 111", "811", "1800 022 222"."""
import pytest

from skill.content import content_for


@pytest.mark.parametrize("locale, said, written", [
    ("en-GB", "NHS one one one", "NHS 111"),
    ("en-CA", "eight one one", "811"),
])
def test_the_doctor_answer_card_shows_the_advice_line_in_digits(alexa, locale, said, written):
    alexa.factory.locale = locale
    reply = alexa.intent("SeeDoctorIntent", one_shot=True)
    assert said in reply.speech, reply.speech
    assert written in reply.card_text and said not in reply.card_text, reply.card_text


def test_whom_to_call_today_is_written_in_digits_too(alexa):
    alexa.factory.locale = "en-AU"
    reply = alexa.intent("RedFlagIntent", one_shot=True, red_flag="i feel sick")
    assert "one eight hundred" in reply.speech, reply.speech
    assert "1800 022 222" in reply.card_text and "one eight hundred" not in reply.card_text, reply.card_text


def test_locales_without_an_advice_line_have_nothing_to_swap():
    assert not content_for("en-US").card_numbers and not content_for("en-IN").card_numbers
