"""The simulator's reading of spoken times for AMAZON.TIME (skill/simulator/clock_words.py): the
ways people in each English say a time, so reminders are probed as Alexa would send them."""
import pytest

from skill.simulator.clock_words import parse_time


@pytest.mark.parametrize("said, sent", [
    ("eight pm", "20:00"), ("seven thirty", "07:30"), ("half past seven", "07:30"), ("half seven", "07:30"),
    ("half seven pm", "19:30"), ("quarter past eight", "08:15"), ("quarter to nine", "08:45"),
    ("quarter to one", "12:45"), ("evening", "EV"), ("half", None), ("quarter eight", None),
])
def test_spoken_times_are_read_as_alexa_sends_them(said, sent):
    assert parse_time(said) == sent
