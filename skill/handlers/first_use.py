"""The first thing a new person hears carries the first-use notice ("Back Relief shares general
self-care tips, not medical advice"), whatever they say first and on any device. Handlers that
know where it belongs place it (replies.first_use_notice); this interceptor gives it to a spoken
answer whose handler did not, and the handlers that must say something else first or alone say
so (replies.notice_last, replies.hold_back_notice).
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.ui import SsmlOutputSpeech

from skill.handlers.memory import memory, memory_available
from skill.handlers.replies import NOTICE_LAST, NOTICE_PLACED, first_use_notice
from skill.responses import SPEECH_PARTS


class FirstUseNotice(AbstractResponseInterceptor):
    """The very first thing a new person hears carries the first-use notice, whatever they said
    first ("start a five minute mat session", "help", "how long is left"): a spoken response whose
    handler did not place it gets it first (or last, after warning signs: notice_last). Only when
    we know they are new: without memory, the handlers that say it say it every time."""

    def process(self, handler_input: HandlerInput, response) -> None:
        speech = getattr(response, "output_speech", None) if response is not None else None
        notes = handler_input.attributes_manager.request_attributes
        if not isinstance(speech, SsmlOutputSpeech) or not speech.ssml or notes.get(NOTICE_PLACED):
            return
        session = handler_input.request_envelope.session
        if session is not None and not session.new:
            # A later turn of a conversation: its first turn carried the notice if it was due, and
            # "next" in the steps need not read the person's memory only to learn that.
            return
        match = SPEECH_PARTS.fullmatch(speech.ssml)
        if match is None or not match.group(2).strip():
            return
        attributes = memory(handler_input)
        if not memory_available(attributes) or attributes.get("disclaimer_heard"):
            return
        opening, said, closing = match.groups()
        notice = first_use_notice(handler_input)
        said = f"{said} {notice}" if notes.get(NOTICE_LAST) else f"{notice} {said}"
        speech.ssml = f"{opening}{said}{closing}"
