"""What causes a knot or a cramp: "what causes knots in my back", "what causes leg cramps".

"What causes knots in my back" got every warning sign (RedFlagIntent's catch-all: "{red_flag} in
my {area}"), and "what causes cramps" got "Sorry". CauseIntent's "what causes {symptom}" samples
now carry what they ask about: a knot or a cramp gets its cause (answers.yaml causes_knots,
causes_cramps) and its steps offered, a yes starting them (builtins.YesHandler, offer_remedy).
A spasm, back pain, or a cramp in a part of the back is the spasm's cause as before
(questions.AnswerByIntentHandler: causes). In a remedy's steps or with a session playing, the
cause alone, and the steps or the session go on.
"""
from __future__ import annotations

from typing import Optional, Tuple

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import content, conversation, drop_question, steps_to_come
from skill.handlers.questions import answer
from skill.handlers.replies import answer_card, first_use_notice, reply
from skill.handlers.running_session import asking_back, running_session
from skill.handlers.session_handler import SessionHandler
from skill.handlers.slots import read_slot
from skill.responses import text
from skill.routing import intents

# The feeling asked about → (its cause's answer, the remedy offered after it).
CAUSES = {"knot": ("causes_knots", "back_knots"), "cramp": ("causes_cramps", "leg_cramps")}


def cause_asked(handler_input: HandlerInput) -> Optional[Tuple[str, str]]:
    """(answer id, remedy) for "what causes knots", "what causes (leg) cramps"; a cramp in a part
    of the back (a resolved part) is a spasm's, so None, as for anything else; and a lump, whose
    cause we won't guess at (the general answer: the doctor or a physical therapist can tell)."""
    reading = read_slot(handler_input, "symptom")
    symptom = reading.id
    if symptom == "cramp" and read_slot(handler_input, "area").id:
        return None
    if "lump" in (reading.heard or "").lower():     # not called a knot by us: "I can't tell", the doctor
        return None
    return CAUSES.get(symptom or "")


class CauseOfHandler(SessionHandler):
    """The cause of a knot or a cramp, then its steps offered."""

    takes = intents("CauseIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        return cause_asked(handler_input) is not None

    def handle(self, handler_input: HandlerInput):
        answer_id, remedy = cause_asked(handler_input)
        playing = running_session(handler_input)
        if steps_to_come(handler_input) or (playing is not None and not playing.paused):
            return answer(handler_input, self.controls, answer_id)
        content_ = content(handler_input)
        found = content_.answers[answer_id]
        state = conversation(handler_input)
        drop_question(state)
        state.update(awaiting="offer_remedy", offer=remedy)
        offer = asking_back(handler_input, text(content_.say(f"causes_offer.{remedy}")))
        card = answer_card(content_, found.title, found.speech)
        return reply(handler_input, " ".join(p for p in (first_use_notice(handler_input), text(found.speech), offer) if p),
                     reprompt=text(content_.say(f"causes_offer_reprompt.{remedy}")), card=card)
