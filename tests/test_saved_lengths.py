""""What's my preferred length", through the webhook: the lengths saved, or the usual ones."""
from __future__ import annotations

from tests.test_memory_flow import set_preference, without_notice


def test_the_saved_lengths_are_said_by_kind(alexa):
    set_preference(alexa, "mat", duration="PT15M")
    set_preference(alexa, "meditation", duration="PT5M")
    speech = without_notice(alexa.intent("SavedLengthsIntent", one_shot=True).speech)
    assert speech == ("Your acupressure mat sessions are 15 minutes, and breathing meditations 5 minutes. "
                      "The others are at their usual lengths.")


def test_preferred_heard_as_the_kind_of_my_usual_is_the_saved_lengths(alexa):
    speech = without_notice(alexa.intent("WhatIsMyUsualIntent", one_shot=True, session_type="preferred").speech)
    assert speech.startswith("You haven't saved any session lengths, so each is at its usual length: "
                             "acupressure mat sessions 10 minutes")
