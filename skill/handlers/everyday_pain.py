"""What the pain does, said in everyday words: stuck bent over after bending (the way a lower
back spasm most often starts), it hurts to cough or sneeze, a medicine already taken.

Each reads any intent's words, since a custom slot catches whole sentences ("i bent over" | "now
i can't straighten up" as a red flag's words), and is registered before safety.RedFlagHandler,
whose catch-all would otherwise answer them with the warning signs alone; each steps aside when a
red flag is said too, so the warning still comes first. How bad it is ("ten out of ten") is pain
past bearing (vocabulary.yaml: mentions severe_pain; remedy_rules.worry_in), and being worn down
by it ("I'm fed up") is comfort (not_red_flags comfort; ComfortIntent).
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent
from skill.handlers.conversation import content, steps_to_come
from skill.handlers.questions import answer
from skill.handlers.remedies import answer_then_the_pain, remedy_or_question
from skill.handlers.remedy_rules import WHOLE_BACK
from skill.handlers.session_handler import WordsCheckHandler
from skill.handlers.slots import read_slot, said_words
from skill.handlers.words_said import Words, words_fact
from skill.responses import text
from skill.routing import ANY_INTENT, kind_of

LOWER_BACK, SPASM = "lower_back", "spasm"
COUGH_OR_SNEEZE = "cough_or_sneeze"             # its answer (answers.yaml) and its mention
COUGH_INTENT = "CoughOrSneezeIntent"
ALREADY_TAKEN = "medicine_cautions.already_taken"


@words_fact
def _stuck_bent_over(content_: LocaleContent, words: Words) -> bool:
    """ "I bent over and now I can't straighten up", "I'm stuck bent over" (vocabulary.yaml:
    mentions stuck_bent_over)."""
    return content_.mentioned("stuck_bent_over", words.said)


@words_fact
def _hurts_to_cough(content_: LocaleContent, words: Words) -> bool:
    """ "It hurts when I cough", "sneezing makes it worse": its own intent, or a cough or sneeze
    in any intent's words, with nothing said of breathing or the chest (those are for the
    warning signs)."""
    said = words.said
    return words.intent == COUGH_INTENT or (content_.mentioned(COUGH_OR_SNEEZE, said)
                                            and not content_.mentioned("breathing_said", said))


@words_fact
def medicine_taken(content_: LocaleContent, words: Words) -> bool:
    """A medicine said as taken already ("I've taken two ibuprofen already"), for themselves: not
    asked as the MedicineIntent (its handler reads who it is for and what it is with), nor with a
    child, someone else's medicine or a drink, whose cautions are their own."""
    said = words.said
    if words.intent == "MedicineIntent" or not content_.mentioned("medicine_taken", said):
        return False
    if not (content_.values_within("MEDICINE", said) or content_.mentioned("some_medicine", said)):
        return False
    return not (content_.value_within("WHO", said) is not None or content_.mentioned("years_old", said)
                or content_.mentioned("someone_elses", said) or content_.mentioned("drinking", said)
                or content_.value_within("COMPANION", said) is not None)


class StuckBentOverHandler(WordsCheckHandler):
    """Stuck bent over after bending: a lower back spasm's steps (or those of the part they name),
    not the warning signs, nor the way up off the floor."""

    takes = ANY_INTENT
    heard = _stuck_bent_over

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        words = said_words(handler_input)
        area = read_slot(handler_input, "area").id or content_.value_within("BODY_AREA", words)
        if area in (None, "back", WHOLE_BACK):
            area = LOWER_BACK
        return remedy_or_question(handler_input, area, SPASM)


class CoughOrSneezeHandler(WordsCheckHandler):
    """ "It hurts when I cough": common with a back spasm, how to brace for it, and when to get it
    checked (answers.yaml: cough_or_sneeze); then on as after any answer. Said with a part that
    hurts and how ("my lower back hurts when I sneeze"), the answer leads into its steps."""

    takes = ANY_INTENT
    heard = _hurts_to_cough

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        words = said_words(handler_input)
        area = read_slot(handler_input, "area").id or content_.value_within("BODY_AREA", words)
        feeling = content_.value_within("SYMPTOM", content_.without(COUGH_OR_SNEEZE, words))
        if area is not None and kind_of(handler_input)[1] != COUGH_INTENT and not steps_to_come(handler_input):
            return remedy_or_question(handler_input, area, feeling,
                                      lead=text(content_.answers[COUGH_OR_SNEEZE].speech))
        return answer(handler_input, self.controls, COUGH_OR_SNEEZE)


class MedicineTakenHandler(WordsCheckHandler):
    """ "I've taken two ibuprofen already", "I already took some paracetamol": check with the
    doctor or pharmacist, follow the label, no more before it says (answers.yaml:
    medicine_cautions.already_taken); then on as after any answer. Too many at once ("I've had six
    co-codamol") is the overdose red flag, RedFlagHandler's. Said with a part that hurts ("my lower
    back hurts and I took ibuprofen"), the caution, then on with the pain as said (kind40: the
    steps were dropped)."""

    takes = ANY_INTENT
    heard = medicine_taken

    def handle(self, handler_input: HandlerInput):
        content_, words = content(handler_input), said_words(handler_input)
        if content_.mentioned("struggling", words) and \
                content_.value_within("BODY_AREA", content_.without("struggling", words)) is None:
            return answer(handler_input, self.controls, ALREADY_TAKEN)      # "really low": a mood, no part
        return answer_then_the_pain(handler_input, self.controls, ALREADY_TAKEN)
