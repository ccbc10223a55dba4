"""A remedy, a self-care topic or a medicine said on its own ("tennis ball", "magnesium", "my
tablets"), in answer to "where does it hurt?" or in the middle of the steps: the question it
stands for ("what about a tennis ball", "can I take magnesium", "can I take something with my
tablets"), answered by that question's own handler with its own content.

Alexa sends none of the words of a sample with no slot, so each word has an intent of literal
samples (model.yaml: the *SaidAloneIntent intents): a "{topic}" sample alone would take the names
other intents have ("heat" starts a heat session) and make Alexa pick between them. Before
routing, each becomes the question it stands for, with the slot that question would have
carried (as named_sessions.ControlSaidAsASession does for a control said as a session): every
gate, caution and offer of the question then applies as asked in full, and in the steps they go
on after the answer, as after any question.
"""
from __future__ import annotations

from typing import Dict, NamedTuple

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.slu.entityresolution import (Resolution, Resolutions, Status, StatusCode, Value,
                                                ValueWrapper)
from ask_sdk_model.slot import Slot

from skill.handlers.conversation import content
from skill.handlers.words_said import forget_request_words
from skill.routing import INTENT_REQUEST, kind_of


class StandsFor(NamedTuple):
    """The question a word said alone stands for: its intent, and the slot it fills with `words`."""
    intent: str
    slot: str
    slot_type: str
    words: str


def _topic(words: str) -> StandsFor:
    return StandsFor("SelfCareQuestionIntent", "topic", "TOPIC", words)


def _medicine(words: str) -> StandsFor:
    return StandsFor("MedicineIntent", "medicine", "MEDICINE", words)


SAID_ALONE: Dict[str, StandsFor] = {
    "TennisBallSaidAloneIntent": _topic("a tennis ball"),           # "what about a tennis ball"
    "MassageSaidAloneIntent": _topic("massage"),                    # "is massage good"
    "HeatOrIceSaidAloneIntent": _topic("heat or ice"),              # "should I use heat or ice"
    "StretchingSaidAloneIntent": _topic("stretching"),              # "is stretching good"
    "WalkingSaidAloneIntent": _topic("walking"),                    # "is walking good"
    "YogaSaidAloneIntent": _topic("yoga"),                          # "is yoga good"
    "HotBathSaidAloneIntent": _topic("a hot bath"),                 # "can I have a hot bath"
    "MagnesiumSaidAloneIntent": _medicine("magnesium"),             # "can I take magnesium"
    # Any anti-inflammatory ("naproxen", "aleve", "aspirin"): the anti-inflammatory answer.
    "IbuprofenSaidAloneIntent": _medicine("ibuprofen"),             # "can I take ibuprofen"
    "PainkillerSaidAloneIntent": _medicine("a painkiller"),         # "can I take a painkiller"
    # No answer of their own: "I can't advise on tylenol", the doctor or pharmacist, where it hurts.
    "TylenolSaidAloneIntent": _medicine("tylenol"),                 # "can I take tylenol"
    "ParacetamolSaidAloneIntent": _medicine("paracetamol"),
    "AcetaminophenSaidAloneIntent": _medicine("acetaminophen"),
    "MuscleRelaxantSaidAloneIntent": _medicine("muscle relaxants"),
    "CodeineSaidAloneIntent": _medicine("codeine"),
    "OpioidsSaidAloneIntent": _medicine("opioids"),
    # A medicine of their own we know nothing of ("my tablets", "I'm on steroids"): what they
    # take with it, "can I take something with my tablets", is the medicines-don't-mix caution.
    "OwnMedicineSaidAloneIntent": StandsFor("MedicineIntent", "other", "COMPANION", "my tablets"),
}


def _slot(handler_input: HandlerInput, stands_for: StandsFor) -> Slot:
    """The slot as Alexa would have sent it for the question, resolved when the words name a value."""
    value_id = content(handler_input).value_id(stands_for.slot_type, stands_for.words)
    status = StatusCode.ER_SUCCESS_MATCH if value_id else StatusCode.ER_SUCCESS_NO_MATCH
    values = [ValueWrapper(value=Value(name=stands_for.words, id=value_id.upper()))] if value_id else None
    authority = Resolution(authority=f"said alone.{stands_for.slot_type}", status=Status(code=status),
                           values=values)
    return Slot(name=stands_for.slot, value=stands_for.words,
                resolutions=Resolutions(resolutions_per_authority=[authority]))


class SaidAloneAsTheQuestion(AbstractRequestInterceptor):
    """A *SaidAloneIntent becomes the question it stands for (SAID_ALONE), before routing."""

    def process(self, handler_input: HandlerInput) -> None:
        kind, name = kind_of(handler_input)
        stands_for = SAID_ALONE.get(name or "") if kind == INTENT_REQUEST else None
        if stands_for is None:
            return
        intent = handler_input.request_envelope.request.intent
        intent.name = stands_for.intent
        intent.slots = {stands_for.slot: _slot(handler_input, stands_for)}
        forget_request_words(handler_input)         # read again, as the question
