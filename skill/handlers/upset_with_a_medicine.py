"""Upset and a medicine in one breath: "I'm on antidepressants and I can't cope", "I'm scared and
I took ibuprofen", "I'm on blood thinners and I'm panicking".

Each alone has its answer: the kind words of "I can't cope" (the crisis line offered) or of "I'm
scared" (navigation.struggling, comfort), and the caution for the medicine (medicines don't mix,
safety.RedFlagHandler; one already taken, everyday_pain.MedicineTakenHandler). Said together they
got only one of them, or neither (RedFlagIntent's catch-all: every warning sign). Here the kind
words come first, then the medicine's caution, then the urgent signs in one breath and where it
hurts (answers.yaml, prompts.yaml: struggling_lead, comfort_lead, urgent_signs_brief). Registered
before the cautions that would take the medicine alone; a red flag said with it (an overdose,
thoughts of harming themselves) is still safety.RedFlagHandler's, the crisis line first.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent, content_for
from skill.content.words import phrases_pattern
from skill.handlers.conversation import content, conversation, note_around_birth, steps_to_come
from skill.handlers.everyday_pain import ALREADY_TAKEN, medicine_taken
from skill.handlers.questions import BLOOD_THINNERS, answer
from skill.handlers.remedies import answer_then_the_pain
from skill.handlers.session_handler import WordsCheckHandler
from skill.handlers.words_said import Words, words_fact
from skill.responses import text
from skill.routing import ANY_INTENT

FEELINGS = ("struggling", "afraid", "upset_now")      # vocabulary.yaml mentions
MIXING = "medicine_cautions.mixing"
BLOOD_THINNER_CAUTION = "medicine_cautions.blood_thinners"         # answers.yaml: what "I'm on antidepressants" alone hears
# Their own kind answer in pregnancy or after a birth said earlier (navigation.struggling).
_STRUGGLING_AROUND_BIRTH = {"pregnant": "pregnancy_struggling", "postpartum": "postpartum_struggling"}


class UpsetWithAMedicine(NamedTuple):
    """The kind words to say ("struggling" or "comfort"), the caution's answer id, whether the
    medicine is a blood thinner (remembered, as said alone), and whether a part that hurts was
    named too (then its steps follow)."""

    feeling: str
    caution: str
    blood_thinner: bool
    pain: bool = False


@words_fact
def upset_with_a_medicine(content_: LocaleContent, words: Words) -> Optional[UpsetWithAMedicine]:
    """Not coping, or afraid (vocabulary.yaml: mentions struggling, afraid, upset_now), said with a
    medicine of their own (COMPANION blood_thinner or other_medicine) or one already taken
    (everyday_pain.medicine_taken); a question about a medicine is questions.MedicineHandler's.
    A part that hurts may be said with them (kin40: "I'm scared and my lower back hurts and I took
    ibuprofen" got the caution alone)."""
    said = words.said
    if not said or words.intent == "MedicineIntent":
        return None
    pain = content_.value_within("BODY_AREA", without_feelings(content_, words)) is not None
    if struggling_said(content_, words):
        feeling = "struggling"
    elif content_.mentioned("afraid", said) or content_.mentioned("upset_now", said):
        feeling = "comfort"
    else:
        return None
    companion = content_.value_within("COMPANION", said)
    if companion in ("blood_thinner", "other_medicine"):
        return UpsetWithAMedicine(feeling, MIXING, companion == "blood_thinner", pain)
    if medicine_taken.by_words(content_.locale, words):
        return UpsetWithAMedicine(feeling, ALREADY_TAKEN, False, pain)
    return None


def struggling_said(content_: LocaleContent, words: Words) -> bool:
    """Not coping or low (mentions struggling), or low at a slot's start."""
    return content_.mentioned("struggling", words.said) or low_at_a_start(content_, words)


def low_at_a_start(content_: LocaleContent, words: Words) -> bool:
    """Low said of themselves at a slot's start (_low_said_first)."""
    low_first = _low_said_first(content_.locale)
    return any(low_first.match(value.lower()) for value in words.values)


def without_feelings(content_: LocaleContent, words: Words) -> str:
    """The words with not coping and fear taken out, where a part or a feeling is looked for:
    "really low and my lower back hurts" leaves the lower back, not a low one."""
    low_first = _low_said_first(content_.locale)
    moods = " ".join(low_first.sub(" ", value.lower(), count=1) for value in words.values)
    return " ".join(_feelings(content_.locale).sub(" ", moods).split())


@lru_cache(maxsize=None)
def _low_said_first(locale: str) -> "re.Pattern[str]":
    """Low at a slot's start, before "and" or "but": what "I'm really {symptom}" leaves of "I'm
    really low and I took paracetamol", said the other way round "I'm really low" (side41), or
    with its "am" ("am low and": "I'm {symptom} {area}" of "I'm low and my back hurts"), or a
    whole slot with its "I'm" ("i'm low" of "I'm low and I took paracetamol", leftovers48)."""
    phrases = content_for(locale).mentions.get("low_said_first") or ()
    low = phrases_pattern(p.lower() for p in phrases).pattern
    return re.compile(f"^(?:(?:i am |i'm |am )?{low}(?= (?:and|but)\\b)|(?:i am |i'm ){low}$)")


@lru_cache(maxsize=None)
def _feelings(locale: str) -> "re.Pattern[str]":
    """The words of not coping or fear, taken out before a part is looked for: "really low" is a
    mood, not the lower back."""
    mentions = content_for(locale).mentions
    return phrases_pattern(p.lower() for key in FEELINGS for p in mentions.get(key) or ())


class UpsetWithAMedicineHandler(WordsCheckHandler):
    """The kind words, the medicine's caution, then the urgent signs and where it hurts, or with a
    part named, on with the pain as said; in a remedy's steps, the kind words and the caution, and
    on with the steps."""

    takes = ANY_INTENT
    heard = upset_with_a_medicine

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        said = upset_with_a_medicine(handler_input)
        if said.blood_thinner:
            conversation(handler_input)[BLOOD_THINNERS] = True
        around_birth = _STRUGGLING_AROUND_BIRTH.get(note_around_birth(handler_input) or "")
        if said.feeling == "struggling" and around_birth:
            lead = text(content_.answers[around_birth].speech)
        elif said.feeling == "comfort" and said.pain:       # the steps say "one step at a time"
            lead = text(content_.say("comfort_lead_before_steps"))
        else:
            lead = text(content_.say(f"{said.feeling}_lead"))
        if said.pain:       # a blood thinner's own caution before the steps, as BloodThinnersHandler says it
            caution = BLOOD_THINNER_CAUTION if said.blood_thinner else said.caution
            return answer_then_the_pain(handler_input, self.controls, caution, needs_a_part=False, lead=lead)
        after = "" if steps_to_come(handler_input) else text(content_.say("urgent_signs_brief"))
        return answer(handler_input, self.controls, said.caution, lead=lead, after=after)
