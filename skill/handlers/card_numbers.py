"""Numbers said in words are written in digits on cards: "call NHS one one one" is heard digit by
digit, but a person reading the card in the Alexa app to dial wants "NHS 111" (locales.yaml:
card_numbers). The emergency and crisis numbers have their own written forms already.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import content

# Where each card kind keeps its text (ask_sdk_model.ui: StandardCard.text, SimpleCard.content).
_CARD_TEXT_FIELDS = ("text", "content")


class NumbersWrittenOnCards(AbstractResponseInterceptor):
    """Swaps the locale's numbers said in words for their digits in the response's card."""

    def process(self, handler_input: HandlerInput, response) -> None:
        card = getattr(response, "card", None) if response is not None else None
        if card is None:
            return
        numbers = content(handler_input).card_numbers
        if not numbers:
            return
        for field_name in _CARD_TEXT_FIELDS:
            value = getattr(card, field_name, None)
            if not isinstance(value, str):
                continue
            for said, written in numbers.items():
                if said in value:
                    value = value.replace(said, written)
            setattr(card, field_name, value)
