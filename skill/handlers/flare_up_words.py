"""Things said in a flare-up that are neither a part and a feeling we know nor a warning sign:
pain going down a leg ("it's spreading down my leg", "my leg hurts too"), a click or a pop before
the pain ("my back clicked and now it hurts"), and someone else's back ("my son's back hurts",
"my husband's back is spasming").

Each looks at the intent first (those words arrive as LegPainSpreadsIntent, or caught in
RemedyIntent's or RedFlagIntent's slots), then at the words, once per words (words_said). Each is
registered before safety.RedFlagHandler, whose catch-all would otherwise answer them with every
warning sign, and steps aside when a red flag is said too, so the warning still comes first.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Tuple

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent, content_for
from skill.handlers.conversation import content, conversation, steps_to_come
from skill.handlers.questions import answer
from skill.handlers.red_flags_said import detected_red_flags, red_flags_in
from skill.handlers.remedies import remedy_or_question
from skill.handlers.remedy_rules import CRAMP, UNSURE_SYMPTOM, WHOLE_BACK, remedy_for
from skill.handlers.running_session import running_session
from skill.handlers.session_handler import SessionHandler, WordsCheckHandler
from skill.handlers.slots import read_slot, said_words
from skill.handlers.words_said import Words, words_fact
from skill.responses import text
from skill.routing import intents

LOWER_BACK = "lower_back"
LEG_PAIN_SPREADS = "leg_pain_spreads"       # its intent's answer (answers.yaml) and its mention
LEG_PAIN_INTENT = "LegPainSpreadsIntent"
CLICK_OR_POP = "click_or_pop"               # its answer and its mention
STRAIN = "spasm"                            # SYMPTOM "a strain", "tweaked", "pulled"
CHILD = "child"                             # WHO: a child
FEVER = "fever"                             # the red flag, said of a child: child_back_pain_fever


def _answer_or_the_steps(handler_input: HandlerInput, controls, answer_id: str, area: Optional[str],
                         symptom: Optional[str]):
    """The answer, then on: with a session playing, it plays on; in a remedy's steps, they go on
    (questions.answer); otherwise the steps for `area` and `symptom`, or our question where they
    don't say enough, led by the answer."""
    session = running_session(handler_input)
    if steps_to_come(handler_input) or (session is not None and session.carries_on):
        return answer(handler_input, controls, answer_id)
    lead = text(content(handler_input).answers[answer_id].speech)
    return remedy_or_question(handler_input, area, symptom, lead=lead)


def _part_said(handler_input: HandlerInput, content_: LocaleContent, words: str) -> Optional[str]:
    """The body part named, as resolved or inside any slot's words, else the one asked about."""
    state = conversation(handler_input)
    pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
    return read_slot(handler_input, "area").id or content_.value_within("BODY_AREA", words) or pending.get("area")


# -- pain going down a leg ------------------------------------------------------------------------
@words_fact
def _leg_pain_spreads(content_: LocaleContent, words: Words) -> bool:
    """Its intent, or pain going down a leg said in a remedy's or a red flag's words (vocabulary
    .yaml: mentions leg_pain_spreads), not a cramp (the legs' own steps)."""
    if words.intent == LEG_PAIN_INTENT:
        return True
    said = words.said
    return content_.mentioned(LEG_PAIN_SPREADS, said) and content_.value_within("SYMPTOM", said) != CRAMP


class LegPainSpreadsHandler(WordsCheckHandler):
    """ "It's spreading down my leg", "shooting pain down my leg", "my leg hurts too": the signs
    that make it a nerve emergency, then that it is common with a lower back flare-up and usually
    eases, and when to see someone (answers.yaml: leg_pain_spreads); then the steps for the part
    they named that has steps (the glutes for "my buttock"), else the lower back's; in the steps,
    they go on; with a session playing, it plays on. Numbness, weakness, both legs or the bladder
    said with it are red flags: RedFlagHandler's, first."""

    takes = intents(LEG_PAIN_INTENT, "RemedyIntent", "RedFlagIntent")
    heard = _leg_pain_spreads

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        words = said_words(handler_input)
        rest = content_.without(LEG_PAIN_SPREADS, words)
        area = _part_said(handler_input, content_, rest)
        if area in (None, "back", WHOLE_BACK) or area not in _parts_with_steps(content_.locale):
            area = LOWER_BACK
        symptom = content_.value_within("SYMPTOM", rest) or UNSURE_SYMPTOM
        return _answer_or_the_steps(handler_input, self.controls, LEG_PAIN_SPREADS, area, symptom)


@lru_cache(maxsize=None)
def _parts_with_steps(locale: Optional[str]) -> frozenset:
    """The body areas whose soreness has steps of their own (the legs' steps are for cramps)."""
    content_ = content_for(locale)
    return frozenset(area for area in content_.slot_types.get("BODY_AREA", {})
                     if "remedy" in remedy_for(content_, area, UNSURE_SYMPTOM))


# -- a click or a pop ------------------------------------------------------------------------------
@words_fact
def _click_or_pop(content_: LocaleContent, words: Words) -> bool:
    """A click or pop said in a remedy's or a red flag's words (vocabulary.yaml: mentions
    click_or_pop), not a disc said popped (topics disc, answered as the disc)."""
    said = words.said
    return content_.mentioned(CLICK_OR_POP, said) and content_.answer_named(said, within=True) != "topics.disc"


class ClickOrPopHandler(WordsCheckHandler):
    """ "My back clicked and now it hurts", "I heard a pop in my back": usually a strain, the
    signs as one short clause (answers.yaml: click_or_pop), then where it hurts, or the steps for
    the part and feeling said (none said: a strain's, as for "I pulled something"); in the steps they go on, a session plays on. A fall or another
    warning sign said with it is RedFlagHandler's, first."""

    takes = intents("RemedyIntent", "RedFlagIntent")
    heard = _click_or_pop

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        rest = content_.without(CLICK_OR_POP, said_words(handler_input))
        area = _part_said(handler_input, content_, rest)
        # No feeling said: a strain, as "I pulled something" or "I tweaked it" is (a spasm's steps).
        symptom = content_.value_within("SYMPTOM", rest) or STRAIN
        return _answer_or_the_steps(handler_input, self.controls, CLICK_OR_POP, area, symptom)


# -- someone else's back ---------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _whose_pattern(locale: Optional[str]) -> "re.Pattern[str]":
    """ "my son's back", "my kid", "our daughter's lower back": someone (vocabulary.yaml WHO) at
    the start of the body part's words, then what of theirs hurts."""
    names = sorted({name.lower() for names in content_for(locale).slot_types.get("WHO", {}).values()
                    for name in names}, key=len, reverse=True)
    return re.compile(r"^(?:my |our |the )?(?P<who>%s)(?:'s|s'|s)?(?: (?P<part>.*))?$"
                      % "|".join(re.escape(name) for name in names))


@words_fact
def _someone_elses(content_: LocaleContent, words: Words) -> Optional[Tuple[str, str]]:
    """Whose back, when the body part's words start with someone else ("my son's back hurts",
    "my kid has back pain"): (WHO id, the part as said, maybe ""), or None."""
    heard = " ".join((words.heard("area") or "").lower().split())
    found = _whose_pattern(content_.locale).match(heard) if heard else None
    if found is None:
        return None
    who = content_.value_id("WHO", found.group("who"))
    return (who, found.group("part") or "") if who else None


@words_fact
def _fever_said(content_: LocaleContent, words: Words) -> bool:
    """A fever said in any slot's words, whoever has it ("he has a fever": read as someone else's,
    so no red flag of the user's)."""
    return any(FEVER in red_flags_in(content_, said) for said in words.values)


class SomeoneElsesBackHandler(SessionHandler):
    """ "My son's back hurts", "my kid has back pain": a child's back pain is less common and
    worth their doctor's check (answers.yaml: child_back_pain); with a fever ("my son's back hurts
    and he has a fever", "my daughter has back pain and a temperature"), a doctor today, or urgent
    help now if they are very unwell (child_back_pain_fever; safety19: it said only "sooner with a
    fever", or the user's own fever warning); "my husband's back is spasming": the steps, read out
    for them (prompts.yaml: someone_elses_back). Any other red flag said is RedFlagHandler's."""

    takes = intents("RemedyIntent")
    heard = _someone_elses

    def wants(self, handler_input: HandlerInput) -> bool:
        whose = _someone_elses(handler_input)
        if whose is None:
            return False
        flags = detected_red_flags(handler_input)
        return not flags or (whose[0] == CHILD and set(flags) == {FEVER})

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        who, part = _someone_elses(handler_input)
        if who == CHILD:
            fever = _fever_said(handler_input)
            return answer(handler_input, self.controls, "child_back_pain_fever" if fever else "child_back_pain")
        feeling = read_slot(handler_input, "symptom")
        area = content_.value_within("BODY_AREA", part) or content_.value_within("BODY_AREA", feeling.heard)
        symptom = feeling.id or content_.value_within("SYMPTOM", feeling.heard)
        lead = text(content_.say("someone_elses_back"))
        if steps_to_come(handler_input):
            lead = ""
        return remedy_or_question(handler_input, area, symptom, lead=lead)
