"""Why a remedy's step helps and how to do it, asked while its steps are open: "why", "what's
the point of this" (StepWhyIntent), and "what does that mean", "I don't get it", "can you
explain" (StepExplainIntent) right after a step. They got "Sorry, I didn't catch that", the
warning signs, or the step said again more slowly; now the step's own reason or a little more
detail (conditions.yaml why, how: step_questions.about_the_step), and the steps go on. Asked
while a timed session plays ("why am I doing this", "what's this for"), why that session helps
(answers.yaml why_session_<type>), and it plays on.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.builtins import FallbackHandler
from skill.handlers.conversation import conversation
from skill.handlers.navigation import LAST_SAID, SayItSlowerHandler
from skill.handlers.questions import answer, for_the_session_on
from skill.handlers.running_session import SessionControls, running_session
from skill.handlers.step_questions import about_the_step, in_remedy
from skill.routing import RoutedHandler, intents


class StepWhyHandler(RoutedHandler):
    """ "Why does that help?": in a timed session, why that session helps, and it plays on; in a
    remedy's steps, why the step they are on helps. Outside both there is nothing to give a reason
    for: words we can't place, as before (FallbackHandler)."""

    takes = intents("StepWhyIntent")
    SESSION_ANSWER = "why_session"      # answers.yaml why_session_<session type>

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls
        self.fallback = FallbackHandler(controls)

    def handle(self, handler_input: HandlerInput):
        found = for_the_session_on(handler_input, self.SESSION_ANSWER)
        if found != self.SESSION_ANSWER:            # a session plays (or waits) on this device
            return answer(handler_input, self.controls, found)
        if in_remedy(handler_input):
            return about_the_step(handler_input, "why")
        return self.fallback.handle(handler_input)


class StepExplainHandler(SayItSlowerHandler):
    """ "What does that mean?", "I don't understand": right after a step, how to do it in a little
    more detail. After an answer (or outside the steps) it is that answer they did not follow: said
    again more slowly, as "say that slower" does (SayItSlowerHandler)."""

    takes = intents("StepExplainIntent")

    def handle(self, handler_input: HandlerInput):
        said = conversation(handler_input).get(LAST_SAID)
        after_a_step = not isinstance(said, dict) or (said.get("step") and not said.get("answer"))
        if in_remedy(handler_input) and after_a_step:
            return about_the_step(handler_input, "how")
        return super().handle(handler_input)
