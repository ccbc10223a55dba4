"""memory56: "stop saving my sessions" got the warning signs, and "stop saving my data" a yes to
delete everything that never said the next session is saved again. Saving can't be switched off:
that is said first, then the question of "forget everything about me"; a yes really deletes (the
store holds nothing of them), a no keeps it all. "Delete yesterday's session" offered to forget
today's instead."""
from __future__ import annotations

import pytest

from skill.content import content_for
from skill.store.identity import RawIds
from tests.test_memory_flow import finish, history, without_notice

EN = content_for("en-US")


@pytest.fixture
def granted(alexa):
    alexa.factory.consent_token = "x"
    return alexa


def stored(app, alexa):
    """What the store holds for this account: its attributes and its history rows."""
    attributes, rows, _ = app.extensions["back_relief"]["store"].load(RawIds(user_id=alexa.factory.user_id))
    return attributes, rows


def test_stop_saving_says_it_cannot_then_asks_before_deleting(app, granted):
    finish(granted, "mat", 10)
    assert stored(app, granted)[1]                      # the finished session is in the store
    reply = granted.intent("StopSavingIntent", one_shot=True)
    speech = without_notice(reply.speech)
    assert speech.startswith("I can't switch off saving.") and "90 days" in speech
    assert speech.endswith("Are you sure?") and not reply.ended
    assert history(granted, period="today").startswith("You've finished one acupressure mat session today")


def test_yes_to_stop_saving_deletes_everything_in_the_store(app, granted):
    finish(granted, "mat", 10)
    granted.intent("StopSavingIntent", one_shot=True)
    assert granted.intent("AMAZON.YesIntent").speech == EN.say("memory.forgotten_shared")
    attributes, rows = stored(app, granted)
    assert rows == [] and "usual" not in str(attributes) and "mat" not in str(attributes)
    assert history(granted, period="today").startswith("You haven't finished a session today.")


def test_no_to_stop_saving_keeps_everything(granted):
    finish(granted, "mat", 10)
    granted.intent("StopSavingIntent", one_shot=True)
    assert granted.intent("AMAZON.NoIntent").speech.startswith(EN.say("memory.forget_declined"))
    assert history(granted, period="today").startswith("You've finished one acupressure mat session today")


def test_yesterdays_session_is_never_read_as_todays(granted):
    finish(granted, "mat", 10)
    reply = granted.intent("ForgetThisSessionIntent", one_shot=True, period="yesterday")
    assert without_notice(reply.speech) == EN.say("memory.session_forget_only_today") and reply.ended
    assert history(granted, period="today").startswith("You've finished one acupressure mat session today")
