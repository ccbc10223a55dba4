"""RedFlagIntent's "i can't cope {coping}", "not coping {coping}": Alexa sends only the slot's words,
so "I can't cope, I've taken codeine" arrived as "i've taken codeine" and got the medicine's caution
alone, the not coping lost. The samples give those words a slot of their own (model.yaml), and
before routing it becomes the red_flag slot with what the sample said in front of it ("can't cope
i've taken codeine"): every red flag, crisis phrase and caution is read in the words as before,
and not coping is read with them (upset_with_a_medicine.py: the kind words, then the caution).
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.slot import Slot

from skill.handlers.words_said import forget_request_words
from skill.routing import INTENT_REQUEST, kind_of

COPING = "coping"           # the slot of "i can't cope {coping}"
SAID_BEFORE = "can't cope"  # what those samples say in front of it (vocabulary.yaml: mentions struggling)


class NotCopingSaidWith(AbstractRequestInterceptor):
    """The coping slot becomes the red_flag slot, read with "can't cope" in front, before routing."""

    def process(self, handler_input: HandlerInput) -> None:
        kind, name = kind_of(handler_input)
        if kind != INTENT_REQUEST or name != "RedFlagIntent":
            return
        slots = handler_input.request_envelope.request.intent.slots or {}
        coping = slots.pop(COPING, None)
        if coping is None or not coping.value:
            return
        red_flag = slots.get("red_flag")
        if red_flag is not None and red_flag.value:
            return                          # never both: leave what was said as it came
        # What the words resolved to stays (a crisis phrase resolved as itself is still one).
        slots["red_flag"] = Slot(name="red_flag", value=f"{SAID_BEFORE} {coping.value}",
                                 resolutions=coping.resolutions)
        handler_input.request_envelope.request.intent.slots = slots
        forget_request_words(handler_input)         # read again, with the not coping
