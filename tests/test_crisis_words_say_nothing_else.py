"""Crisis talk read from words that also brush another flag's words: "I'm sick of being alive"
was crisis and "being sick" (vomiting), so the crisis answer carried the kidneys' sentence before
the crisis line. A word-set flag read from the crisis talk's own words is none; the same flag said
in words of its own still is."""
import pytest

from skill.content import content_for
from skill.handlers.safety import red_flags_in
from tests.support.locales import CRISIS_LINES, LOCALES


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words", ["i'm sick of being alive", "sick of being alive", "so sick of being alive"])
def test_crisis_talk_says_no_other_flag_in_its_own_words(locale, words):
    assert red_flags_in(content_for(locale), words) == ["crisis"]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words", ["i've been sick and i want to die", "i keep being sick and i want to end it all"])
def test_a_flag_in_words_of_its_own_still_counts_with_crisis_talk(locale, words):
    assert red_flags_in(content_for(locale), words) == ["crisis", "vomiting"]


@pytest.mark.parametrize("locale", LOCALES)
def test_sick_of_being_alive_hears_only_the_crisis_line(alexa, locale):
    alexa.factory.locale = locale
    reply = alexa.intent("RedFlagIntent", one_shot=True, red_flag="i'm sick of being alive")
    assert reply.speech.startswith("I'm so sorry you're hurting this much"), reply.speech
    assert CRISIS_LINES[locale] in reply.speech
    assert "sick can mean" not in reply.speech and "kidneys" not in reply.speech, reply.speech
