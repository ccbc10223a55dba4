"""A stretch asked for, with or without the part it is for: "what stretches can I do", "give me a
stretch for my lower back", "how do I stretch my psoas".

The articles go easy on stretching: done over and over it gives relief that soon fades, and for a
sore lower back, releasing the front of the hips does more (answers.yaml: topics stretching). So
the lower back, the back as a whole, or no part at all gets that answer; the hip flexors their
own (topics hip_flexors); any other part we have steps for gets those steps, which are what helps
it (a knot's tennis ball, sore legs' gentle walk and light stretch). Said "give me a stretch for
my lower back", it fell to the red flags' catch-all: every warning sign, then "tell me where it
hurts" though they just had.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import content, steps_to_come
from skill.handlers.questions import answer
from skill.handlers.remedies import offer_nearby_area, remedy_or_question
from skill.handlers.running_session import SessionControls, running_session
from skill.handlers.slots import read_slot
from skill.routing import RoutedHandler, intents

STRETCHING = "topics.stretching"
# The parts whose answer is about the stretch itself, not a part's steps (BODY_AREA ids).
STRETCHING_ANSWERS = {None: STRETCHING, "lower_back": STRETCHING, "back": STRETCHING,
                      "whole_back": STRETCHING, "hips": "topics.hip_flexors"}


class StretchQuestionHandler(RoutedHandler):
    """ "What stretches can I do?", "what stretch helps my upper back?": the stretching answer
    (for the hips, the hip flexors'), or, for another part and nothing else under way, that
    part's steps (a part we have no steps for next to one we have: those offered). In a remedy's
    steps or a session, the answer, and the steps or the session go on."""

    takes = intents("StretchQuestionIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        area = read_slot(handler_input, "area")
        answer_id = None if area.unresolved else STRETCHING_ANSWERS.get(area.id)
        busy = steps_to_come(handler_input) or running_session(handler_input) is not None
        if answer_id is not None or busy:
            return answer(handler_input, self.controls, answer_id or STRETCHING)
        if area.id is not None:
            return remedy_or_question(handler_input, area.id, None)
        nearby = content_.nearby_area(area.heard)           # "my neck": the steps close by, offered
        if nearby is not None:
            return offer_nearby_area(handler_input, nearby, area.heard, None)
        return answer(handler_input, self.controls, STRETCHING)
