"""Shorter or longer, with no length: "I'd like my mat sessions shorter", "I prefer longer
meditations". We can't guess the minutes, so we say how long that session is now and ask how many
minutes it should be; the answer ("eight minutes") is kept as a length said to "should I save 30
minutes?" is (preferences.PreferenceAnswerHandler)."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.audio.timeline import session_type as session_kind
from skill.handlers.conversation import content, conversation
from skill.handlers.memory_by_voice import (AboutMemoryHandler, asked, kind_in_context, say, spoken_length,
                                            usual_minutes)
from skill.handlers.session_starter import preferred_minutes
from skill.handlers.session_words import named_session
from skill.routing import intents


class ChangeLengthHandler(AboutMemoryHandler):
    """ChangeLengthIntent: the kind named, else the one on or done last; how long it is now, and
    how many minutes it should be. With no kind to go on, which session."""

    takes = intents("ChangeLengthIntent")

    def answer(self, handler_input: HandlerInput, content_, attributes):
        session_type = named_session(handler_input) or kind_in_context(handler_input, attributes, content_.sessions)
        if session_type not in content_.sessions:
            return asked(handler_input, say(handler_input, "preference_which"),
                         say(handler_input, "preference_which"))
        minutes = (preferred_minutes(handler_input, session_type) or usual_minutes(attributes, session_type)
                   or session_kind(session_type).default_minutes)
        name = content_.sessions[session_type].name
        # Our question about a length to save: a length said next is kept for this kind.
        conversation(handler_input).update(awaiting="offer_preference", offer=session_type)
        conversation(handler_input).pop("offer_minutes", None)
        return asked(handler_input,
                     say(handler_input, "length_change_ask", name=name,
                         length=spoken_length(content_, session_type, minutes)),
                     say(handler_input, "length_change_reprompt", name=name))


def ask_length_again(handler_input: HandlerInput, session_type: str):
    """ "Yes" to "how many minutes should they be?": no length in it, so the question again."""
    conversation(handler_input).update(awaiting="offer_preference", offer=session_type)
    name = content(handler_input).sessions[session_type].name
    reprompt = say(handler_input, "length_change_reprompt", name=name)
    return asked(handler_input, reprompt, reprompt)
