"""The last handlers in line: requests nobody else takes, and failures inside handlers.

A failing handler must not end the conversation in silence: the person hears a short apology and
what to say next. Response interceptors don't run when a handler raises, so the persistent
attributes are saved here too.
"""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput

from skill.errors import RetryLater
from skill.handlers.conversation import content
from skill.handlers.replies import notice_last, reply
from skill.responses import may_speak, text

log = logging.getLogger("skill.handlers")


class UnknownRequestHandler(AbstractRequestHandler):
    """Any request type we don't use (new Alexa events, for example): a valid, empty answer."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput):
        request = handler_input.request_envelope.request
        log.info("no handler for %s %s", request.object_type,
                 getattr(getattr(request, "intent", None), "name", ""))
        if request.object_type == "IntentRequest":
            notice_last(handler_input)          # what to do if it's urgent comes first
            content_ = content(handler_input)
            return reply(handler_input, text(content_.say("fallback")),
                         reprompt=text(content_.say("fallback_reprompt")))
        return handler_input.response_builder.response


class CatchAllExceptionHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return not isinstance(exception, RetryLater)  # that one must reach the webhook

    def handle(self, handler_input: HandlerInput, exception: Exception):
        request = handler_input.request_envelope.request
        log.error("handler failed for %s (request %s)", request.object_type, request.request_id,
                  exc_info=exception)
        save_memory_quietly(handler_input)
        if not may_speak(request.object_type or ""):
            return handler_input.response_builder.response
        content_ = content(handler_input)
        return reply(handler_input, text(content_.say("error")), reprompt=text(content_.say("error_reprompt")))


def save_memory_quietly(handler_input: HandlerInput) -> None:
    """Save persistent attributes if they were read; never let saving itself fail a response."""
    try:
        handler_input.attributes_manager.save_persistent_attributes()
    except Exception:  # noqa: BLE001
        log.warning("could not save persistent attributes", exc_info=True)
