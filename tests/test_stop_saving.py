"""memory56: "Delete yesterday's session" offered to forget today's instead. (Its "stop saving my
sessions" answers are privacy62's now: tests/store/test_saving_off.py.)"""
from __future__ import annotations

from skill.content import content_for
from tests.test_memory_flow import finish, history, without_notice

EN = content_for("en-US")


def test_yesterdays_session_is_never_read_as_todays(granted):
    finish(granted, "mat", 10)
    reply = granted.intent("ForgetThisSessionIntent", one_shot=True, period="yesterday")
    assert without_notice(reply.speech) == EN.say("memory.session_forget_only_today") and reply.ended
    assert history(granted, period="today").startswith("You've finished one acupressure mat session today")
