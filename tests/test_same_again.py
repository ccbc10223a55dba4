""""Same as yesterday" and "again please", through the webhook: yesterday's session, and the last
one again when nothing is paused."""
from __future__ import annotations

from tests.test_memory_flow import finish, played


def test_same_as_yesterday_is_yesterdays_session(alexa, request_clock):
    alexa.factory.consent_token = "x"
    with request_clock.earlier(days=1):
        finish(alexa, "mat", 15)
    finish(alexa, "meditation", 5)
    assert played(alexa.intent("SameAsLastTimeIntent", one_shot=True, period="yesterday")) == ("mat", 15)


def test_again_with_nothing_paused_is_the_last_session_again(alexa):
    alexa.factory.consent_token = "x"
    finish(alexa, "meditation", 5)
    assert played(alexa.intent("StartSessionIntent", one_shot=True, session_type="again")) == ("meditation", 5)
