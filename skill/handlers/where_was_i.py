""" "Where was I?", "what was I doing?", "what's going on?": someone who lost track hears what is
going on for them, what matters most first: a session here, playing or paused (as "how much
time is left" says it, and a paused one's remedy steps after it); a remedy's steps, open or kept
from a break (which remedy, which step, how to go on); a session finished earlier today (what,
when, and what could come next); or, with nothing, where it hurts. They got "We haven't started
a remedy yet" with a session paused, the warning signs, or "I don't have an answer about
'happening'".
"""
from __future__ import annotations

from datetime import timedelta
from typing import Tuple

from ask_sdk_core.handler_input import HandlerInput

from skill import clock, history
from skill.content import LocaleContent
from skill.handlers.conversation import conversation, open_remedy_name
from skill.handlers.heat_off import heat_over_now
from skill.handlers.history_questions import about_duration
from skill.handlers.memory import memory, memory_available
from skill.handlers.memory_by_voice import length_said, minutes_of
from skill.handlers.navigation import kept_steps_where, steps_after_session
from skill.handlers.replies import reply, steps_reprompt, where_in_steps
from skill.handlers.running_session import RunningSession
from skill.handlers.session_info import TimeLeftHandler
from skill.handlers.session_speech import paused_time_left
from skill.local_time import device_time_zone
from skill.responses import text
from skill.routing import intents

# Finished this long ago or less: said as "about 20 minutes ago"; longer, "earlier today".
SAID_AS_AGO = timedelta(hours=1)


class WhereWasIHandler(TimeLeftHandler):
    """What is going on for them, said in the order it matters (module docstring)."""

    takes = intents("WhereWasIIntent")

    def about(self, handler_input: HandlerInput, content_: LocaleContent, session: RunningSession):
        steps = _open_steps(handler_input, content_)
        if not session.paused or not steps:
            return super().about(handler_input, content_, session)
        # Paused behind a remedy's steps: the session waits, and the steps go on.
        said = f"{text(paused_time_left(handler_input, session, 'time_left_held'))} {steps}"
        return reply(handler_input, said, reprompt=text(steps_reprompt(handler_input)))

    def no_session(self, handler_input: HandlerInput, content_: LocaleContent):
        if text(heat_over_now(handler_input)):          # its time up as it waited: the heat off
            return super().no_session(handler_input, content_)
        steps = _open_steps(handler_input, content_)
        if steps:
            return reply(handler_input, steps, reprompt=text(steps_reprompt(handler_input)))
        finished, next_ = _finished_today(handler_input, content_)
        place = steps_after_session(handler_input)
        if place:           # back from a break, or from a session started from the steps
            # That session, just finished, before where the steps were; an unrelated one is left out.
            from_steps = finished if (memory(handler_input).get("last") or {}).get("kind") == "session" else ""
            said = " ".join(p for p in (from_steps, kept_steps_where(handler_input, place)) if p)
            return reply(handler_input, said, reprompt=text(content_.say("steps_kept_reprompt")))
        if finished:
            return reply(handler_input, f"{finished} {next_}", reprompt=text(content_.say("welcome_reprompt")))
        return reply(handler_input, text(content_.say("where_nothing")),
                     reprompt=text(content_.say("welcome_reprompt")))


def _open_steps(handler_input: HandlerInput, content_: LocaleContent) -> str:
    """ "We're going through the steps for lower back spasm now. You're on step 3 of 7. Say next
    ..." with a remedy open in the conversation; "" otherwise."""
    state = conversation(handler_input)
    condition = state.get("condition")
    if condition not in content_.conditions:
        return ""
    lead = text(content_.say("memory.now_remedy", condition=open_remedy_name(handler_input)))
    return f"{lead} {text(where_in_steps(handler_input))}"


def _finished_today(handler_input: HandlerInput, content_: LocaleContent) -> Tuple[str, str]:
    """The last session they finished today and when, and what could come next; ("", "") if none."""
    attributes = memory(handler_input)
    if not memory_available(attributes):
        return "", ""
    zone, now = device_time_zone(handler_input), clock.now(handler_input)
    entry = history.last_finished(attributes)
    if entry is None or entry.get("type") not in content_.sessions:
        return "", ""
    ago = now - history.finished_at(entry)
    recent = timedelta(0) <= ago <= SAID_AS_AGO           # just after midnight too: "about 5 minutes ago"
    if not recent and history.local_day(history.finished_at(entry), zone) != history.today(zone, now):
        return "", ""
    kind = entry["type"]
    name, length = content_.sessions[kind].name, length_said(content_, kind, minutes_of(entry))
    if recent:
        when = content_.say("where_finished_ago", name=name, length=length,
                            ago=about_duration(handler_input, ago.total_seconds()))
    else:
        when = content_.say("memory.finished_earlier_today", name=name, length=length)
    return text(when), text(content_.say(_next_key(content_, kind)))


def _next_key(content_: LocaleContent, kind: str) -> str:
    """What could come after a session of `kind`: its own suggestion, else the general one."""
    key = f"where_next_{kind}"
    return key if key in content_.prompts else "where_next"
