"""A break asked for ("I need the loo", "someone's at the door", "I'm nipping to the loo"): a
session waits for "Alexa, resume"; a remedy's steps keep their place for "Alexa, ask back relief
next", since the conversation closes while they are away."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent
from skill.handlers import timer_replies
from skill.handlers.conversation import content, conversation, keep_place_for_a_break, steps_to_come
from skill.handlers.heat_timer import HEAT
from skill.handlers.questions import answer
from skill.handlers.replies import back_to_the_steps, reply, steps_reprompt
from skill.handlers.running_session import SessionControls, running_session
from skill.handlers.session_speech import held_say
from skill.handlers.words_said import Words, words_fact
from skill.responses import text
from skill.routing import RoutedHandler, intents


def take_a_break(handler_input: HandlerInput, controls: SessionControls):
    """A break asked for: the session waits (paused, timer too) and they hear how to get it back;
    in a remedy's steps, take your time; otherwise, how to come back. Off to see a doctor, that
    first: it is a good idea (_doctor_visit_said)."""
    content_ = content(handler_input)
    lead = text(content_.say("break_for_the_doctor")) if _doctor_visit_said(handler_input) else ""

    def said(*parts: str) -> str:
        return " ".join(p for p in (lead, *parts) if p)

    session = running_session(handler_input)
    if session is not None and session.remaining_seconds > 0:
        key = "paused_for_break_heat" if session.token.session_type == HEAT else "paused_for_break"
        if session.timer_only:                  # a device without audio: its Alexa timer waits
            return timer_replies.paused(handler_input, controls, session, key=key, lead=lead)
        controls.pause(handler_input, session)
        return reply(handler_input, said(text(held_say(handler_input, session, key))))
    if steps_to_come(handler_input):
        # They are going: the conversation ends, and "Alexa, ask back relief next" carries on.
        back_to_the_steps(handler_input)
        keep_place_for_a_break(handler_input)
        return reply(handler_input, said(text(content_.say("break_in_steps"))))
    if conversation(handler_input).get("condition"):          # after the last step: its way on
        return reply(handler_input, said(text(content_.say("pause_after_steps", carry_on=steps_reprompt(handler_input)))),
                     reprompt=text(steps_reprompt(handler_input)))
    return reply(handler_input, said(text(content_.session_say("break_no_session"))))


@words_fact
def _doctor_visit_said(content_: LocaleContent, words: Words) -> bool:
    """The break is to see a doctor: "I need to go to the doctor", "I have to go to the doctor's
    now", "I'm off to the GP" (vocabulary.yaml: mentions doctor_visit, in any slot's words). A
    hospital or A&E never gets here: it is a red flag (red_flags_said.GOING_TO_HOSPITAL)."""
    return content_.mentioned("doctor_visit", words.said)


@words_fact
def _cant_get_there(content_: LocaleContent, words: Words) -> bool:
    """A break they can't get up for: "I need to go to the toilet but I can't move" (vocabulary
    .yaml: mentions break_but_stuck, in the break's words)."""
    return content_.mentioned("break_but_stuck", words.said)


class TakeABreakHandler(RoutedHandler):
    """ "I need the loo", "someone's at the door" on the mat: a break, not a symptom to ask about.
    Said by someone who can't get up ("I need the toilet but I can't move"), how to get up, as
    "I can't get up" has it (answers.yaml: getting_up), and the conversation stays open (leg16:
    it ended as a break)."""

    takes = intents("TakeABreakIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        if _cant_get_there(handler_input):
            return answer(handler_input, self.controls, "getting_up")
        return take_a_break(handler_input, self.controls)
