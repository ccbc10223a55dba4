"""Normalising utterances, spoken numbers and durations."""
import pytest

from skill.simulator.durations import clock_seconds, duration_seconds, parse_duration, words_to_number
from skill.simulator.text import SampleSyntaxError, normalise, parse_sample, sample_key


@pytest.mark.parametrize("typed, expected", [
    ("I've got a KNOT!", "i have got a knot"),
    ("i have got a knot", "i have got a knot"),
    ("What’s next?", "what is next"),
    ("whats next", "what is next"),
    ("I can't feel my legs.", "i can not feel my legs"),
    ("a ten-minute mat session", "a ten minute mat session"),
    ("start a 10 minute session", "start a ten minute session"),
    ("  lots   of\tspace ", "lots of space"),
])
def test_normalise(typed, expected):
    assert normalise(typed) == expected


def test_contractions_match_both_ways():
    assert normalise("I've got spasms") == normalise("I have got spasms")
    assert sample_key("i've got {symptom}") == sample_key("i have got {symptom}")


def test_parse_sample_and_errors():
    assert parse_sample("what helps my {area}") == [("lit", "what"), ("lit", "helps"), ("lit", "my"),
                                                   ("slot", "area")]
    assert sample_key("My {area} is {symptom}", keep_slot_names=False) == "my {} is {}"
    for broken in ("my {area", "my area}", "my { area }", "{}"):
        with pytest.raises(SampleSyntaxError):
            parse_sample(broken)


@pytest.mark.parametrize("spoken, iso", [
    ("ten minutes", "PT10M"), ("fifteen minutes", "PT15M"), ("a quarter of an hour", "PT15M"),
    ("quarter of an hour", "PT15M"), ("three quarters of an hour", "PT45M"),
    ("half an hour", "PT30M"), ("a half hour", "PT30M"), ("an hour and a half", "PT1H30M"),
    ("one and a half hours", "PT1H30M"), ("90 seconds", "PT90S"), ("2 minutes", "PT2M"),
    ("twenty five minutes", "PT25M"), ("twenty-five minutes", "PT25M"), ("a minute", "PT1M"),
    ("an hour", "PT1H"), ("one hour and thirty minutes", "PT1H30M"), ("a minute and a half", "PT1M30S"),
    ("two and a half minutes", "PT2M30S"), ("two days", "P2D"), ("one hundred seconds", "PT100S"),
    ("5 mins", "PT5M"),
])
def test_parse_duration(spoken, iso):
    assert parse_duration(spoken) == iso


@pytest.mark.parametrize("spoken", ["", "a while", "ten", "minutes", "ten apples", "soon"])
def test_not_a_duration(spoken):
    assert parse_duration(spoken) is None


@pytest.mark.parametrize("spoken, number", [
    ("fifteen", 15), ("twenty five", 25), ("twenty-five", 25), ("ninety", 90), ("zero", 0),
    ("one hundred and five", 105), ("a hundred", 100), ("two thousand twenty", 2020), ("42", 42),
])
def test_words_to_number(spoken, number):
    assert words_to_number(spoken) == number


@pytest.mark.parametrize("spoken", ["five five", "twenty thirty", "ten apples", "a", "", "fifteen twenty"])
def test_not_a_number(spoken):
    assert words_to_number(spoken) is None


def test_duration_seconds_and_clock():
    assert duration_seconds("PT1H30M") == 5400
    assert duration_seconds("PT90S") == 90
    assert duration_seconds("nonsense") is None
    assert clock_seconds("5m") == 300
    assert clock_seconds("30s") == 30
    assert clock_seconds("1h30m") == 5400
    assert clock_seconds("90") == 90
    assert clock_seconds("2:30") == 150
    assert clock_seconds("ten minutes") == 600
    assert clock_seconds("1d") == 86400                 # tomorrow, for yesterday's history
    assert clock_seconds("2d") == 2 * 86400
    assert clock_seconds("1d2h") == 86400 + 7200
    assert clock_seconds("later") is None
