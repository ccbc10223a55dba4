""""What sessions do you have?", "what can you time?" (topics47: "Sorry, I didn't catch that", or
every warning sign): the timed sessions and how to start one.

With nothing under way, "which would you like?" follows, and the answer ("the mat") starts it, as
after "start a session". In a remedy's steps or with a session on this device, it is a question
answered on the way: the steps or the session go on (questions.answer).
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import content, conversation, steps_to_come
from skill.handlers.questions import answer
from skill.handlers.replies import ANSWERED, answer_card, first_use_notice, reply
from skill.handlers.running_session import SessionControls, running_session
from skill.playback import supports_audio
from skill.responses import text
from skill.routing import RoutedHandler, intents

SESSIONS_LIST = "sessions_list"         # answers.yaml
SESSIONS_LIST_NO_AUDIO = "sessions_list_no_audio"   # the same where the device can't play their bells


class SessionsListHandler(RoutedHandler):
    takes = intents("SessionsListIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        listing = SESSIONS_LIST if supports_audio(handler_input) else SESSIONS_LIST_NO_AUDIO
        if steps_to_come(handler_input) or running_session(handler_input) is not None:
            return answer(handler_input, self.controls, listing)
        content_ = content(handler_input)
        found = content_.answers[listing]
        handler_input.attributes_manager.request_attributes[ANSWERED] = True
        conversation(handler_input).update(awaiting="session_type", offer_minutes=None)
        said = " ".join(p for p in (first_use_notice(handler_input), text(found.speech),
                                    text(content_.session_say("which_one"))) if p)
        card = answer_card(content_, found.title, found.speech)
        return reply(handler_input, said, reprompt=text(content_.session_say("which_session_reprompt")), card=card)
