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
HIP_FLEXORS = "topics.hip_flexors"
# The parts whose answer is about the stretch itself, not a part's steps (BODY_AREA ids).
STRETCHING_ANSWERS = {None: STRETCHING, "lower_back": STRETCHING, "back": STRETCHING,
                      "whole_back": STRETCHING, "hips": HIP_FLEXORS}


class StretchQuestionHandler(RoutedHandler):
    """ "What stretches can I do?", "what stretch helps my upper back?": the stretching answer
    (for the hips, the hip flexors'), or, for another part and nothing else under way, that
    part's steps (a part we have no steps for next to one we have: those offered). In a remedy's
    steps or a session, the answer, and the steps or the session go on."""

    takes = intents("StretchQuestionIntent")
    answers = STRETCHING_ANSWERS
    general = STRETCHING            # busy, or a part we have no word for

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        area = read_slot(handler_input, "area")
        answer_id = None if area.unresolved else self.answers.get(area.id)
        if answer_id is None and area.unresolved:           # "my psoas": its own answer, if it has one
            answer_id = content_.answer_named(area.heard)
        busy = steps_to_come(handler_input) or running_session(handler_input) is not None
        if answer_id is not None or busy:
            return answer(handler_input, self.controls, answer_id or self.general)
        if area.id is not None:
            return remedy_or_question(handler_input, area.id, None)
        nearby = content_.nearby_area(area.heard)           # "my neck": the steps close by, offered
        if nearby is not None:
            return offer_nearby_area(handler_input, nearby, area.heard, None)
        return answer(handler_input, self.controls, self.general)


class ReleaseQuestionHandler(StretchQuestionHandler):
    """ "How do I release my lower back?", "how do I loosen my lower back?" (week30: "I don't have
    an answer about 'lower back'", or the red flags' catch-all). For the back, the answers'
    advice for a tight lower back: release the hip flexors that pull on it (topics.hip_flexors,
    offering the timed release); for another part, its steps, as a stretch asked for it has."""

    takes = intents("ReleaseQuestionIntent")
    answers = {None: HIP_FLEXORS, "lower_back": HIP_FLEXORS, "back": HIP_FLEXORS,
               "whole_back": HIP_FLEXORS, "hips": HIP_FLEXORS}
    general = HIP_FLEXORS
