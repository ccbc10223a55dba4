"""Remedies: from "my lower back is spasming" to the first step, one step per turn after that.

A body area and a symptom lead to a remedy through the ordered rules in vocabulary.yaml
(remedy_rules.py); when they don't say enough ("my back hurts"), the rule names a short question
instead of a guess, and the answer is merged with what was heard before. The steps themselves are
said by remedy_steps.py; here is what the words said lead to, and the handlers that hear them.
"""
from __future__ import annotations

import re
from typing import Dict, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill.content import Condition, LocaleContent
from skill.handlers import red_flag_words
from skill.handlers.conversation import (FEELING, MORE_TOLD, OFFERED_FEELING, content, conversation, drop_question,
                                         first_fallback, remedy_name, steps_to_come)
from skill.handlers.questions import answer, pregnancy_line
from skill.handlers.remedy_rules import (CANT_SLEEP, CRAMP, LEGS, MIXED_FEELINGS_SYMPTOM, NIGHT_PAIN, SEVERE_PAIN_SYMPTOM,
                                         UNSURE_SYMPTOM, WHOLE_BACK, cause_in, feeling_with_a_cause, pain_scores,
                                         kept_from_sleep, only_lasted, remedy_for, sleep_lead, worry_in, worry_lead)
from skill.handlers.remedy_steps import (ask_question, offer_feeling, say_step, session_they_can_do, start_remedy,
                                        step_by_place)
from skill.handlers.replies import (INVITED, back_to_the_steps, first_use_notice, remedy_card, reply, steps_go_on,
                                    steps_reprompt, where_in_steps)
from skill.handlers.running_session import SessionControls, asking_back, running_session
from skill.handlers.session_remarks import remark_in_session
from skill.handlers.slots import SlotReading, read_slot, said_words, unknown_words
from skill.handlers.words_said import Words, words_fact
from skill.responses import text
from skill.routing import RoutedHandler, intents


def remedy_or_question(handler_input: HandlerInput, area_id: Optional[str], symptom_id: Optional[str], *,
                       lead: str = "", remind: bool = True):
    """The remedy a body area and a symptom lead to (after the sentence their rule leads with, if
    any), or the short question their rule asks."""
    content_ = content(handler_input)
    rule = remedy_for(content_, area_id, symptom_id)
    if "remedy" in rule:
        opening = content_.say(f"remedy_lead.{rule['lead']}") if rule.get("lead") else ""
        said = start_remedy(handler_input, rule["remedy"], lead=lead, symptom=symptom_id, opening=opening,
                            remind=remind)
        conversation(handler_input)["area"] = area_id      # "spasming" said later: still this part
        return said
    return ask_question(handler_input, content_.say(f"ask.{rule['ask']}"),
                        {"area": area_id, "symptom": symptom_id}, lead=lead)


def offer_nearby_area(handler_input: HandlerInput, area_id: str, heard: str,
                      symptom_id: Optional[str], *, lead: str = ""):
    """ "My neck hurts": no steps for the neck, so the steps for the area close by are offered;
    a yes starts them (builtins.YesHandler)."""
    content_ = content(handler_input)
    rule = remedy_for(content_, area_id, symptom_id)
    if "remedy" not in rule:
        return ask_question(handler_input, unknown_words(content_, "unknown_area", heard),
                            {"symptom": symptom_id}, lead=lead)
    state = conversation(handler_input)
    state.pop("pending", None)
    state.update(awaiting="offer_remedy", offer=rule["remedy"])
    offer_feeling(state, rule["remedy"], symptom_id)
    place = re.sub(r"^(my|the) |'s\b", "", " ".join(heard.lower().split()))     # "my shoulder's"
    offer = asking_back(handler_input, text(content_.say(f"nearby_area.{area_id}.offer", heard=place)))
    return reply(handler_input, " ".join(p for p in (lead, first_use_notice(handler_input), offer) if p),
                 reprompt=text(content_.say(f"nearby_area.{area_id}.reprompt")))


def _within(content_: LocaleContent, slot_type: str, reading: SlotReading, said) -> SlotReading:
    """The slot as resolved, or else the value of `slot_type` said inside its own words, then
    inside the other slot's (`said`: its own words first)."""
    if reading.id:
        return reading
    for words in said:
        found = content_.value_within(slot_type, words)
        if found:
            return SlotReading(found, reading.heard or found)
    return reading


def only_a_score(content_: LocaleContent, words: Optional[str]) -> bool:
    """Whether these words say a pain score and nothing else ("a six out of ten", "about a four")."""
    if pain_scores(content_, words)[0] is None:
        return False
    rest = content_.without("score_fillers", content_.without("pain_score", words)).replace(",", " ").split()
    return all(word.isdigit() or word in content_.mentions["score_numbers"] for word in rest)


# A body part or a feeling has a short name; more words than this are a sentence the slot caught.
_LONGEST_NAME_WORDS = 3


def _not_a_name(words: Optional[str]) -> bool:
    return len((words or "").split()) > _LONGEST_NAME_WORDS


def leg_with_a_cramp(content_: LocaleContent, area: SlotReading, symptom_id: Optional[str]) -> SlotReading:
    """A part of the leg we have no steps for, said with a cramp ("my calf is cramping", "my leg
    is cramping", or "my calf" to "where is the cramp?"): the legs, whose cramp steps fit it,
    rather than "I don't have steps for calf" or the answer for pain down the leg."""
    if symptom_id == CRAMP and area.unresolved and content_.mentioned("cramping_legs", area.heard):
        return SlotReading(LEGS, area.heard)
    return area


def _answer_named_instead(content_: LocaleContent, area: SlotReading, symptom: SlotReading, words) -> Optional[str]:
    """The answer the words ask for instead of steps, or None: a part whose answer is the warning
    ("my leg hurts": sciatica's); any medicine named ("my mate gave me diazepam for the spasm":
    the doctor or pharmacist); a self-care topic, when no symptom was named ("my sciatica"), or
    the feeling's words are one and nothing else ("I slipped a disc", "I think I have sciatica")."""
    if not area.unresolved:
        if symptom.unresolved and not area.heard:
            return content_.answer_named(content_.without("feeling_fillers", symptom.heard))
        return None
    named = content_.answer_named(area.heard)
    if named is not None:
        return named
    joined = " ".join(words)
    named = content_.medicine_answer(joined)
    if named is not None:
        return named
    if symptom.id:
        return None
    return (content_.answer_named(joined, within=True)
            or content_.answer_named(" ".join(words[::-1]), within=True))


# Conversation note: the pain score they said last ("it's a six out of ten"), to tell whether the
# next one is lower, the same or higher. Only for this conversation.
PAIN_SCORE = "pain_score"


# -- handlers -------------------------------------------------------------------------------------
def _in_steps(handler_input: HandlerInput) -> bool:
    """In a remedy's steps, with no question of ours waiting for its answer."""
    state = conversation(handler_input)
    return state.get("awaiting") != "clarify" and state.get("condition") in content(handler_input).conditions


class RemedyHandler(RoutedHandler):
    """ "My lower back is spasming", and the short answers to our clarifying questions.

    A custom slot often catches more than its value ("I hurt my back lifting a box" → body area
    "back lifting a box"), so a body area or symptom said inside either slot's words counts. Words
    that name neither but a self-care topic ("I have a pinched nerve") get that topic's answer; a
    part we have no steps for next to one we have ("my neck") gets those offered. Pain past bearing
    or gone on for weeks is spoken to before the steps (WORRIES)."""

    takes = intents("RemedyIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        area, symptom = read_slot(handler_input, "area"), read_slot(handler_input, "symptom")
        if area.heard is None and symptom.heard is None and _in_steps(handler_input):
            # "Make it stop", "what should I do right now", in the steps: nothing new was said, so
            # the step they are on is the answer (floor35: "what does it feel like?" lost them).
            state = conversation(handler_input)
            return say_step(handler_input, state.get("step", 0), lead=text(content(handler_input).say("this_step_now")))
        remark = remark_in_session(handler_input, self.controls, area.heard, symptom.heard)
        if remark is not None:              # "it's gone cold", "I feel weird", said on the mat
            return remark
        return self.said_as(handler_input, area, symptom)

    def said_as(self, handler_input: HandlerInput, area: SlotReading, symptom: SlotReading):
        """The answer to a body area and a feeling as said, in these slots' words (another intent's
        words may be read as them: safety.RedFlagHandler's pain score alone)."""
        content_ = content(handler_input)
        state = conversation(handler_input)
        said = (area.heard, symptom.heard)
        # "My lower back keeps me awake" ("my {area} keeps {symptom}"): the feeling's words say only
        # that the pain keeps them awake, no feeling: night pain, with the sleep tip (below). Read
        # before a feeling is looked for in the part's words: "my back pain is keeping me awake"
        # (awake27) has its feeling, "pain", there, and lost the night pain to it.
        kept_awake = symptom.unresolved and content_.mentioned("kept_awake", symptom.heard) and \
            not content_.without("kept_awake", symptom.heard).strip()
        # A pain score names no part or feeling ("four out of ten" is no spasm for its "out").
        unscored = tuple(content_.without("pain_score", w) if w else w for w in said)
        area = _within(content_, "BODY_AREA", area, unscored)
        symptom = _within(content_, "SYMPTOM", symptom, unscored[::-1])
        # "My lower back is a six out of ten": the feeling's words are only a score, so no feeling
        # was said (no unknown feeling, and no warning signs for one): how bad, not what it's like.
        score_only = symptom.unresolved and only_a_score(content_, symptom.heard)
        if score_only:
            symptom = SlotReading(None, None)
        asked = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
        area = leg_with_a_cramp(content_, area, symptom.id or (None if symptom.heard else asked.get("symptom")))
        words = [w for w in said if w]
        named = _answer_named_instead(content_, area, symptom, words)
        if named is not None:                               # {heard}: "I can't advise on that"
            return answer(handler_input, self.controls, named, content_.say("that"))
        in_steps = _in_steps(handler_input)
        if _one_side_only(content_, area, symptom):
            # asks39: "the pain is on one side" (it got "I didn't quite get what 'on one side'
            # feels like"): one-sided back pain. In the steps they go on; otherwise the back's
            # question, lower or upper.
            if in_steps:
                said_now = " ".join(text(content_.say(key)) for key in ("one_side_in_steps", "step_prompt"))
                return reply(handler_input, said_now, reprompt=text(content_.say("step_reprompt")))
            area, symptom = SlotReading(BACK, area.heard or symptom.heard), SlotReading(None, None)
        if _night_pain_only(content_, area, symptom):
            # side41: "I keep waking up with the pain" ended "Where does it hurt?", while "my back is
            # keeping me awake" asks lower or upper: the pain here is the back (the night pain's
            # doctor line and the sleep tip still lead, below). In the steps, both, and the steps
            # go on (they had restarted as a sore lower back's).
            if in_steps:
                return answer(handler_input, self.controls, NIGHT_PAIN, after=sleep_lead(content_, symptom.heard))
            area, symptom = SlotReading(BACK, symptom.heard), SlotReading(None, None)
        place = content_.value_id("STEP_ORDINAL", area.heard) if area.unresolved and in_steps else None
        if place is not None:                               # "the second one", "the last one", in the steps
            index = step_by_place(handler_input, place)
            return say_step(handler_input, int(place) - 1 if index is None else index)
        if in_steps and red_flag_words.set_aside_in(content_.locale, " is ".join(words)):
            # "My chest is fine" ("chest" + "fine"), in the steps: no red flag, no new part.
            return reply(handler_input, text(content_.say("step_prompt")),
                         reprompt=text(content_.say("step_reprompt")))
        if kept_awake:                      # no feeling in them; one said with the part stays
            symptom = SlotReading(symptom.id, None)
        # Words about how it feels that name no feeling we know ("my legs won't hold me up"): a
        # rule for the part alone must not take them for soreness without the warning signs.
        unplaced = symptom.unresolved
        # Words the slot caught that name no body part: "the size of a golf ball", "spasm is so
        # bad I'm crying", "a" ("I have a spasm"), "last" ("the last one"). Not said back as a
        # part we have no steps for.
        if area.unresolved and (_not_a_name(area.heard) or content_.value_within("SYMPTOM", area.heard)
                                or content_.ends_like_a_phrase(area.heard)):
            area = SlotReading(None, None)
        if symptom.unresolved and (_not_a_name(symptom.heard) or content_.ends_like_a_phrase(symptom.heard)):
            symptom = SlotReading(None, None)
        if in_steps and score_only and area.id and area.id == state.get("area"):
            area = SlotReading(None, None)      # "my lower back is a four now", in its own steps: progress
        if words and area.heard is None and in_steps:
            remark = self._remark_in_steps(handler_input, content_, symptom, " ".join(words))
            if remark is not None:
                return remark
        if words and area.id is None and symptom.id is None and state.get("awaiting") != "clarify":
            scored = self._score_on_the_mat(handler_input, content_, " ".join(words))
            if scored is not None:
                return scored
        worry = worry_in(content_, " ".join(words))
        only_hurting = symptom.id == UNSURE_SYMPTOM or (symptom.id is None and not unplaced)
        if in_steps and only_hurting and only_lasted(content_, worry, " ".join(words)) and \
                (area.id in ("back", state.get("area")) or not area.heard):
            # "My back has been hurting for two weeks" in its steps (no new part, nor a feeling
            # beyond its hurting): the doctor and a physical therapist, and the steps go on
            # (week30: "lower or upper back?" asked again).
            said = " ".join(text(content_.say(key)) for key in ("long_lasting", "step_prompt"))
            return reply(handler_input, said, reprompt=text(content_.say("step_reprompt")))
        lead = worry_lead(content_, worry)
        pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
        # A symptom alone goes with the part named before: in answer to our question, or for the
        # remedy open now ("it's more the bottom bit", then "spasming").
        earlier = pending.get("area") or (state.get("area") if state.get("condition") else None)
        if area.id == WHOLE_BACK and pending.get("area") not in (None, "back"):
            area, symptom = SlotReading(None, None), SlotReading(symptom.id or MIXED_FEELINGS_SYMPTOM, None)
        area_id = area.id or (None if area.heard else earlier)
        symptom_id = symptom.id or (None if symptom.heard else pending.get("symptom"))
        if worry == "severe_pain" and not symptom.id:          # "my lower back is in agony"
            symptom, symptom_id = SlotReading(None, None), SEVERE_PAIN_SYMPTOM if area_id or area.heard else None
        elif score_only and not symptom_id:
            if area_id:                         # "my glutes are a five out of ten": as for soreness
                symptom_id = UNSURE_SYMPTOM
            elif not area.heard:                # "it's a four out of ten": heard, and where (then as sore)?
                conversation(handler_input)[PAIN_SCORE] = pain_scores(content_, " ".join(words))[0]
                question = " ".join((content_.say("score_heard"), content_.say("ask.where_does_it_hurt")))
                return ask_question(handler_input, question, {"symptom": UNSURE_SYMPTOM}, lead=lead)
        cause = cause_in(content_, " ".join(words))         # "I'm stiff from sitting at my desk"
        if cause and symptom_id and not lead:
            if area.unresolved and content_.nearby_area(area.heard) is None:
                area, area_id = SlotReading(None, None), None  # "desk": where they sat, not a part
            if not area.unresolved:
                area_id, symptom_id = feeling_with_a_cause(area_id, symptom_id, cause)
        if area.unresolved:
            nearby = content_.nearby_area(area.heard)
            if nearby is not None:
                return offer_nearby_area(handler_input, nearby, area.heard, symptom_id, lead=lead)
            return ask_question(handler_input, unknown_words(content_, "unknown_area", area.heard),
                                {"symptom": symptom_id}, lead=lead)
        if symptom.unresolved and not area_id:
            return ask_question(handler_input, unknown_words(content_, "unknown_symptom", symptom.heard),
                                {"area": area_id}, lead=lead)
        # "My back hurts at night", and the back or its ache said to stop sleep ("I cant sleep
        # because of my back", "my lower back is so sore I can't sleep": night32): the doctor soon.
        if not lead and (kept_awake or content_.mentioned(NIGHT_PAIN, " ".join(words))
                         or kept_from_sleep(content_, " ".join(words), symptom_id)):
            lead = text(content_.answers[NIGHT_PAIN].speech)
        # "I can't sleep because of my back", "I woke up with back pain": a short answer first, after
        # any worry's or the night pain's (the words are accounted for: no signs for unknown words).
        tip = sleep_lead(content_, " ".join(words), symptom_id) or \
            (text(content_.answers[CANT_SLEEP].speech) if kept_awake else "")
        lead = " ".join(p for p in (lead, tip) if p)
        if unplaced and not lead and not symptom_id and "remedy" in remedy_for(content_, area_id, None):
            lead = worry_lead(content_, None, signs=True)       # the part's steps, after the signs
        elif unplaced and not symptom_id and only_lasted(content_, worry, " ".join(words)) and \
                "remedy" in remedy_for(content_, area_id, None):
            # "My legs have felt weird for weeks": how long does not account for the words (week30).
            lead = " ".join(p for p in (worry_lead(content_, worry, signs=True), tip) if p)
        said_now = remedy_or_question(handler_input, area_id, symptom_id, lead=lead)
        score, _ = pain_scores(content_, " ".join(words))
        if score is not None:                   # "my lower back is a six out of ten": the next is compared
            conversation(handler_input)[PAIN_SCORE] = score
        return said_now


    def _remark_in_steps(self, handler_input: HandlerInput, content_: LocaleContent, symptom: SlotReading,
                         said: str):
        """ "It's worse now", "I did it", "it's unbearable" in the middle of the steps,
        naming no body part: not a new remedy, nor "what does it feel like?" again, but the answer
        or prompt for where they are (vocabulary.yaml mentions); a feeling we know ("it's spasming
        again") goes on as before (None)."""
        if worry_in(content_, said) == SEVERE_PAIN_SYMPTOM:
            # "It's ten out of ten", "it's unbearable": the signs and the doctor today, then the
            # steps at their pace, as when heard as a red flag's words (safety.RedFlagHandler).
            parts = ("red_flag_signs", SEVERE_PAIN_SYMPTOM, "red_flag_in_steps")
            return reply(handler_input, " ".join(text(content_.say(part)) for part in parts),
                         reprompt=text(content_.say("step_reprompt")))
        if content_.mentioned("worse_in_steps", said):     # worse than before: the signs first
            worse = content_.mentioned("worse_than_before", said)
            return answer(handler_input, self.controls, "getting_worse" if worse else "not_helping")
        if symptom.id:
            return None
        scored = self._score_said(handler_input, content_, said, in_steps=True)
        if scored is not None:
            return scored
        prompt = ("cant_do_step" if content_.mentioned("cant_do_step", said) else
                  "step_prompt" if content_.mentioned("step_done", said) else "fallback_in_steps")
        if prompt == "fallback_in_steps" and first_fallback(conversation(handler_input)):
            prompt += "_first"              # the signs in full, the first time in a conversation
        return reply(handler_input, text(content_.say(prompt, where=where_in_steps(handler_input))),
                     reprompt=text(steps_reprompt(handler_input)))


    def _score_on_the_mat(self, handler_input: HandlerInput, content_: LocaleContent, said: str):
        """A pain score said while a session plays ("it's a four out of ten"), naming no part or
        feeling: how it's going, and the session plays on (it paused it to ask where it hurts)."""
        session = running_session(handler_input)
        if session is None or not session.carries_on:
            return None
        return self._score_said(handler_input, content_, said, in_steps=False)

    def _score_said(self, handler_input: HandlerInput, content_: LocaleContent, said: str, *, in_steps: bool):
        """A pain score below seven said as how it's going (seven and up is pain past bearing,
        answered before this), against the one said before it, in the same words or earlier in the
        conversation: lower, or none at all, glad it's easing; the same, the not-helping answer;
        higher, getting worse, with its signs; the first, noted. Then the steps or the session go
        on. None with no score said."""
        now, before = pain_scores(content_, said)
        if now is None or worry_in(content_, said) == SEVERE_PAIN_SYMPTOM:     # seven and up: answered before
            return None
        state = conversation(handler_input)
        before = before if before is not None else state.get(PAIN_SCORE)
        state[PAIN_SCORE] = now
        if content_.mentioned("worse_than_before", said) or (before is not None and now > before):
            return answer(handler_input, self.controls, "getting_worse")
        if content_.mentioned("score_same", said) or (before is not None and now == before):
            return answer(handler_input, self.controls, "not_helping")
        if now == 0 or content_.mentioned("score_easing", said) or before is not None:
            easing = text(content_.say("score_easing"))
            if steps_to_come(handler_input):
                back_to_the_steps(handler_input)
                return reply(handler_input, f"{easing} {text(content_.say('glad_it_helps_in_steps'))}",
                             reprompt=text(content_.say("step_reprompt")))
            return self._go_on(handler_input, content_, f"{easing} {text(content_.say('glad_it_helps_short'))}",
                               in_steps)
        return self._go_on(handler_input, content_, text(content_.say("score_noted")), in_steps)

    def _go_on(self, handler_input: HandlerInput, content_: LocaleContent, speech: str, in_steps: bool):
        """`speech` (SSML-safe), then the steps go on where they were, or the session plays on."""
        if in_steps:
            return steps_go_on(handler_input, speech) or reply(
                handler_input, f"{speech} {text(where_in_steps(handler_input))}",
                reprompt=text(steps_reprompt(handler_input)))
        return reply(handler_input, f"{speech} {text(self.controls.carry_on(handler_input))}")


HEADACHE = "headache"            # its answer (answers.yaml), and what leads its cautions in pregnancy


@words_fact
def headache_said(content_: LocaleContent, words: Words) -> bool:
    """A headache said in any intent's words (vocabulary.yaml: mentions headache_said)."""
    return bool(words.said) and content_.mentioned("headache_said", words.said)


def headache_then_the_pain(handler_input: HandlerInput, controls: SessionControls):
    """ "I have a headache and my back hurts", no pregnancy: the headache's short answer first (a
    sudden, severe one, or one with a stiff neck: help now; otherwise rest, water, the pharmacist:
    answers.yaml headache), then on with the pain (answer_then_the_pain). A sudden or worst-ever
    headache is a red flag (RED_FLAG sudden_headache), answered before this."""
    return answer_then_the_pain(handler_input, controls, HEADACHE)


def answer_then_the_pain(handler_input: HandlerInput, controls: SessionControls, answer_id: str, *,
                         needs_a_part: bool = True, lead: str = ""):
    """An answer said with a pain ("I have a headache and my back hurts", "I'm on blood thinners and
    my lower back hurts"): the answer first, then on with the pain as said (its steps, or our
    question), what they said of it leading too (pain past bearing: the signs first). With no part
    named (`needs_a_part`; else no part and no feeling), or in the steps already, the answer alone
    (then where it hurts, or the steps go on). `lead` (kind words) before everything."""
    content_, words = content(handler_input), said_words(handler_input)
    state = conversation(handler_input)
    pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
    area = read_slot(handler_input, "area").id or content_.value_within("BODY_AREA", words)
    symptom = content_.value_within("SYMPTOM", words)
    if steps_to_come(handler_input) or area is None and (needs_a_part or symptom is None):
        return answer(handler_input, controls, answer_id, lead=lead)
    area, symptom = area or pending.get("area"), symptom or pending.get("symptom")
    worry = worry_in(content_, words)
    if worry == SEVERE_PAIN_SYMPTOM and symptom is None:
        symptom = SEVERE_PAIN_SYMPTOM
    lead = " ".join(p for p in (lead, worry_lead(content_, worry), text(content_.answers[answer_id].speech)) if p)
    return remedy_or_question(handler_input, area, symptom, lead=lead)


class HeadacheWithPainHandler(RoutedHandler):
    """ "I have a headache and my back hurts" as RemedyIntent's words: the headache is not dropped
    (safety11: it got only "lower or upper back?"), but answered first (headache_then_the_pain).
    In pregnancy or after a birth, cautions.PregnancyHandler's line leads instead."""

    takes = intents("RemedyIntent")
    heard = headache_said

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def wants(self, handler_input: HandlerInput) -> bool:
        return headache_said(handler_input)

    def handle(self, handler_input: HandlerInput):
        return headache_then_the_pain(handler_input, self.controls)


class NotSureHandler(RoutedHandler):
    """ "I don't know", "no idea", to "what does it feel like?": the steps for the part they named,
    as for soreness (the gentlest), instead of the same question again. Asked nothing, where it
    hurts."""

    takes = intents("NotSureIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
        area = pending.get("area")
        if area is not None and "remedy" in remedy_for(content_, area, pending.get("symptom") or UNSURE_SYMPTOM):
            return remedy_or_question(handler_input, area, pending.get("symptom") or UNSURE_SYMPTOM)
        return ask_question(handler_input, content_.say("not_sure"), pending)


class ConditionHandler(RoutedHandler):
    """ "Tell me about piriformis syndrome": a remedy asked for by name. Words that name no
    remedy but a self-care topic or a medicine ("tell me about heat") are left to
    questions.NamedAnswerHandler; words that name a body area or a symptom ("tips for back pain",
    "I've got a spasm") go on as a remedy request. A remedy's name that says a feeling ("a back
    spasm") names it so; one that says none ("piriformis syndrome"), plainly. Words that are a
    topic's own name ("the hip flexor release") are the topic's even if Alexa resolved them
    loosely to a remedy (tight hip flexors): no remedy's name is a topic's (asked52)."""

    takes = intents("ConditionIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        condition = read_slot(handler_input, "condition")
        return content(handler_input).answer_named(condition.heard) is None

    def handle(self, handler_input: HandlerInput):
        condition = read_slot(handler_input, "condition")
        content_ = content(handler_input)
        heard = condition.heard or ""
        if condition.id in content_.conditions:         # "a back spasm": named as a spasm
            conversation(handler_input).pop(OFFERED_FEELING, None)
            return start_remedy(handler_input, condition.id, symptom=content_.value_within("SYMPTOM", heard))
        area = content_.value_within("BODY_AREA", heard)          # "tips for back pain"
        symptom = content_.value_within("SYMPTOM", heard)         # "I've got a spasm"
        if area is not None or symptom is not None:
            return remedy_or_question(handler_input, area, symptom)
        return ask_question(handler_input, unknown_words(content_, "unknown_condition", heard), {})


class PreventionHandler(RoutedHandler):
    """ "How do I stop the next flare-up?" """

    takes = intents("PreventionIntent")

    def handle(self, handler_input: HandlerInput):
        return start_remedy(handler_input, "prevent_flare_ups")


def more_ideas(content_: LocaleContent, state: Dict[str, object], condition: Condition) -> str:
    """ "What else can I do", as said: a few ideas and the doctor caveats (led by pregnancy's or a
    new baby's line when medicines are named), or, once said in this conversation, that's all."""
    told = state.setdefault(MORE_TOLD, [])
    name = remedy_name(content_, condition.id, state.get(FEELING))
    if condition.id in told:
        return text(content_.say("more_options_again", condition=name))
    told.append(condition.id)
    lead = pregnancy_line(content_, state, "more_options") if content_.values_within(
        "MEDICINE", condition.more_said) else ""
    ideas = text(content_.say("more_options", condition=name, ideas=condition.more_said))
    return " ".join(p for p in (text(lead), ideas) if p)


class MoreOptionsHandler(RoutedHandler):
    """ "What else can I do?": a few extra ideas and the doctor caveats (the card has them all),
    then offer a timed session. Asked again for the same remedy, only that that's all, and on."""

    takes = intents("MoreOptionsIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        condition = content_.conditions.get(state.get("condition", ""))
        if condition is None:
            drop_question(state)                                     # an earlier offer: not this answer's
            # "Tell me what's bothering you first": a "yes" to it asks where it hurts (builtins.YesHandler).
            handler_input.attributes_manager.request_attributes[INVITED] = "more_options"
            return reply(handler_input, asking_back(handler_input, text(content_.say("more_options_none"))),
                         reprompt=text(content_.say("welcome_reprompt")))
        parts = [more_ideas(content_, state, condition)]
        reprompt = text(steps_reprompt(handler_input))
        session_type = session_they_can_do(content_, state, condition.session)
        if session_type:
            session_name = content_.sessions[session_type].name
            parts.append(text(content_.say("offer_session", session=session_name)))
            reprompt = text(content_.say("offer_session_reprompt", session=session_name))
            state.update(awaiting="offer_session", offer=session_type)
        return reply(handler_input, " ".join(p for p in parts if p), reprompt=reprompt,
                     card=remedy_card(content_, condition, bool(state.get("pregnant")), state.get(FEELING)))


BACK = "back"                   # BODY_AREA: the back, lower or upper not said


def _night_pain_only(content_: LocaleContent, area: SlotReading, symptom: SlotReading) -> bool:
    """Night pain and nothing more, no part said ("I keep waking up with the pain"; vocabulary.yaml:
    mentions night_pain): the back, as "my back is keeping me awake" is."""
    if area.heard or area.id is not None or not symptom.heard:      # "pain" in them reads as soreness
        return False
    return content_.mentioned(NIGHT_PAIN, symptom.heard) and not content_.without(NIGHT_PAIN, symptom.heard).strip()


def _one_side_only(content_: LocaleContent, area: SlotReading, symptom: SlotReading) -> bool:
    """Pain said to be on one side and nothing more ("the pain is on one side", "it's on one side
    of my back"; vocabulary.yaml: mentions one_side_said): no feeling, and no part but the back.
    Lying on one side is a position, not this (LieOnSideIntent)."""
    if symptom.id is not None or area.id not in (None, BACK) or area.unresolved:
        return False
    said = " ".join(w for w in (area.heard, symptom.heard) if w)
    return content_.mentioned("one_side_said", said) and not content_.without("one_side_said", symptom.heard).strip()
