""""What's my preferred length?": the lengths they saved, by kind ("Your acupressure mat sessions
are 15 minutes, and breathing meditations 5 minutes."), or, with none saved, each kind's usual
length. Said, never started."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.audio.timeline import session_type as session_kind
from skill.handlers.conversation import content
from skill.handlers.memory_by_voice import AboutMemoryHandler, lengths_listed, said, saved_lengths, say
from skill.handlers.session_words import kind_words
from skill.routing import intents, kind_of


class SavedLengthsHandler(AboutMemoryHandler):
    """ "What's my preferred length", also when Alexa heard it as "what's my {session_type}
    length" with "preferred" as the kind (vocabulary.yaml: lengths_named)."""

    takes = intents("SavedLengthsIntent", "WhatIsMyUsualIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        if kind_of(handler_input)[1] == "SavedLengthsIntent":
            return True
        words = kind_words(handler_input)
        return words.unresolved and content(handler_input).mentioned("lengths_named", words.heard)

    def answer(self, handler_input: HandlerInput, content_, attributes):
        saved = saved_lengths(attributes, content_.sessions)
        if not saved:
            usual = {kind: session_kind(kind).default_minutes for kind in content_.sessions}
            return said(handler_input, self.controls,
                        say(handler_input, "lengths_none", lengths=lengths_listed(content_, usual, first=" ", rest=" ")))
        speech = say(handler_input, "lengths_saved", lengths=lengths_listed(content_, saved, first=" are ", rest=" "))
        if len(saved) < len(content_.sessions):
            speech += " " + say(handler_input, "lengths_others_usual")
        return said(handler_input, self.controls, speech)

