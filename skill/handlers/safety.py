"""Red flags: symptoms that need a doctor now, whenever and however they are mentioned; and "call
911", which we cannot.

RedFlagHandler is registered first but for the cautions (cautions.py), so it sees every intent
before any other handler does; EmergencyCallHandler ("call 911") comes right after it.
RedFlagHandler acts on the RedFlagIntent and on any other intent whose slot words contain a
red-flag phrase (a custom slot is not a closed list: "my back and I have a fever" can arrive as an
unresolved body area). The cautions, ahead of it, act unless a red flag is said too: then the
warning comes first. Which red flags a request says, from its words and where the person is,
is worked out in red_flags_said.py.
"""
from __future__ import annotations

import logging
import re
from typing import Optional

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.ui import SimpleCard

from skill.content import LocaleContent
from skill.handlers import red_flag_words, timer_replies
from skill.handlers.conversation import content, conversation, drop_question, steps_to_come
from skill.handlers.navigation import carry_on_after_session, comfort, steps_after_session, struggling
from skill.handlers.questions import BLOOD_THINNERS, answer, off_to_sleep, sleep_in_session
from skill.handlers.red_flags_said import back_numbness_said, detected_red_flags
from skill.handlers.red_flags_said import red_flags_in  # noqa: F401 - tests import it from here
from skill.handlers.remedies import (RemedyHandler, headache_said, headache_then_the_pain, leg_with_a_cramp,
                                     offer_nearby_area, only_a_score, remedy_or_question)
from skill.handlers.remedy_rules import (CANT_SLEEP, NIGHT_PAIN, SEVERE_PAIN_SYMPTOM, cause_in, feeling_with_a_cause,
                                         only_lasted, sleep_lead, worry_in, worry_lead)
from skill.handlers.replies import ANSWERED, WARNED, first_use_notice, hold_back_notice, notice_last, reply, steps_reprompt
from skill.handlers.running_session import heat_session, hold_for_conversation, running_session
from skill.handlers.session_breaks import take_a_break
from skill.handlers.session_handler import SessionHandler, WordsCheckHandler
from skill.handlers.session_remarks import remark_in_session
from skill.handlers.session_speech import held_say
from skill.handlers.slots import SlotReading, read_slot, said_words
from skill.handlers.words_said import Words, words_fact
from skill.responses import text
from skill.routing import ANY_INTENT, RoutedHandler, intents, kind_of

log = logging.getLogger("skill.safety")
_ARTICLE = re.compile(r"^(?:a|an|the|some) ", re.IGNORECASE)
# An everyday cause of back pain said with no feeling for it ("after a long drive"): soreness.
ORDINARY_PAIN_SYMPTOM = "sore"
BACK_NUMBNESS = "back_numbness"             # its answer (answers.yaml)
GET_UP_FROM = ("mat", "release")       # sessions.yaml: lying on points or a ball, where getting up jolts


def _cant_get_up(handler_input: HandlerInput, content_: LocaleContent) -> bool:
    """ "I've fallen and I can't get up": said in any slot's words with a red flag, how to reach
    help from the floor follows the warning (vocabulary.yaml: mentions getting_up; not a step
    they can't do)."""
    said = said_words(handler_input)
    return content_.mentioned("getting_up", said) and not content_.mentioned("cant_do_step", said)


def _pause_any_session(handler_input: HandlerInput) -> None:
    """A session that was playing waits, paused with its timer, and nothing is said about it: the
    warning is all they should hear now ("Alexa, resume" still brings it back). Nothing that goes
    wrong here may keep the warning from being said."""
    try:
        hold_for_conversation(handler_input)
        timer_replies.hold_for_warning(handler_input)
    except Exception:  # noqa: BLE001 - the warning comes first, whatever failed
        log.exception("could not pause the session before a red-flag warning")


def _drop_earlier_question(handler_input: HandlerInput) -> None:
    """A question we asked before the warning (forget everything, start a session, save a length)
    no longer stands: right after the warning signs, "yes" means "yes, I have one of those"
    (warning_again). A clarifying question stays: its answer is no yes, and what they said before
    it still names the part that hurts."""
    state = conversation(handler_input)
    if state.get("awaiting") != "clarify":
        drop_question(state)
    handler_input.attributes_manager.request_attributes[WARNED] = True


def warning_again(handler_input: HandlerInput):
    """ "Yes" right after the warning signs, with no question of ours since: get medical help now,
    with the card that says so; the conversation ends, as for any red flag."""
    content_ = content(handler_input)
    hold_back_notice(handler_input)             # only what to do now
    lead, action = content_.say("red_flag_lead"), content_.say("red_flag_action")
    written = content_.prompts.get("red_flag_card_action", action)
    card = SimpleCard(title=content_.say("red_flag_card_title"),
                      content=f"{lead}\n\n{written}\n\n{content_.say('card_footer')}")
    return reply(handler_input, f"{text(lead)} {text(action)}", card=card)


class RedFlagHandler(SessionHandler):
    """Any red flag → "get medical help now" first, with a card that says so; the few that are for
    the doctor today rather than straight away (a history of cancer, say) → "see your doctor today"."""

    takes = ANY_INTENT

    def wants(self, handler_input: HandlerInput) -> bool:
        return kind_of(handler_input)[1] == "RedFlagIntent" or bool(detected_red_flags(handler_input))

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        notice_last(handler_input)                  # the warning signs come first
        flags = detected_red_flags(handler_input)
        if not flags:
            meaning = self._plain_meaning(handler_input, content_)
            if meaning is not None:
                return self._not_a_red_flag(handler_input, content_, meaning)
            words = read_slot(handler_input, "red_flag").heard
            if words and only_a_score(content_, words):
                # "I'm a four out of ten" ("i'm {red_flag}"): a pain score, as RemedyIntent's "it's
                # a four out of ten" is (safety11: it got every sign and a spasm's steps, "out" heard
                # as "gone out"); seven and up is pain past bearing there, the signs first.
                return RemedyHandler(self.controls).said_as(handler_input, read_slot(handler_input, "area"),
                                                            SlotReading(None, words))
            remark = remark_in_session(handler_input, self.controls, None, words)
            if remark is not None:          # "I'm going cold" under heat, "I'm feeling weird" on the mat
                return remark               # (imx59: every warning sign, the session held)
            if self._stuck(handler_input, content_):       # "I'm on the floor and I can't get up"
                _drop_earlier_question(handler_input)
                return answer(handler_input, self.controls, "getting_up")
            if self._in_place_for_the_steps(handler_input, content_):
                return answer(handler_input, self.controls, "floor_in_the_steps")
            if content_.going_to_sleep(read_slot(handler_input, "red_flag").heard):
                return off_to_sleep(handler_input, self.controls)      # "I'm off to bed": rest well
            if headache_said(handler_input):        # "my back hurts and I have a headache"
                return headache_then_the_pain(handler_input, self.controls)
            caution = self._medicines_dont_mix(handler_input, content_)
            if caution is not None:         # "I'm on blood thinners": in the steps too, which go on
                return answer(handler_input, self.controls, caution)  # a session plays on after it
        # Under heat, a named warning ends the session: the heat must come off, not wait for them.
        heat = heat_session(handler_input) if flags else None
        if heat is not None:
            self.controls.end(handler_input, heat)
        else:
            _pause_any_session(handler_input)
        _drop_earlier_question(handler_input)
        if not flags:
            return self._unclear(handler_input, content_)
        # The most urgent first: a crisis line for thoughts of suicide, "now" for any flag that
        # needs help now, "today" when none does.
        crisis, today = set(content_.say("red_flags_crisis")), set(content_.say("red_flags_today"))
        flags.sort(key=lambda flag: (flag not in crisis, flag in today))
        tier = ("red_flag_crisis" if flags[0] in crisis else
                "red_flag_today" if flags[0] in today else "red_flag")
        reasons = " ".join(content_.say(f"red_flag_reasons.{flag}") for flag in flags[:2])
        lead, action = content_.say(f"{tier}_lead"), content_.say(f"{tier}_action")
        written = content_.prompts.get(f"{tier}_card_action", action)       # a number in digits
        # Someone in crisis hears nothing after the line to call (the disclaimer waits for next time).
        if tier == "red_flag_crisis":
            hold_back_notice(handler_input)
        notice = "" if tier == "red_flag_crisis" else first_use_notice(handler_input)
        heat_off = content_.say("red_flag_heat_off") if heat is not None and tier != "red_flag_crisis" else ""
        stuck = content_.say("red_flag_stuck") if tier != "red_flag_crisis" and _cant_get_up(handler_input, content_) else ""
        speech = " ".join(part for part in (text(lead), text(reasons), text(action), text(stuck), text(heat_off),
                                            notice) if part)
        card = SimpleCard(title=content_.say(f"{tier}_card_title"),
                          content="\n\n".join(part for part in (lead, reasons, written, stuck, content_.say("card_footer"))
                                              if part))
        return reply(handler_input, speech.strip(), card=card)

    @staticmethod
    def _plain_meaning(handler_input: HandlerInput, content_: LocaleContent) -> Optional[str]:
        """What plain words mean ("I'm back": "resume"), or None. Words that name a body part
        ("back") count only while a session runs or waits, or back to a remedy's steps ("wait",
        then "I'm back"): else they are where it hurts. A part a red flag is about, said to be
        fine and nothing else ("no, my legs are fine"), is "fine": no warning signs, no remedy
        for that part."""
        words = read_slot(handler_input, "red_flag").heard
        meaning = content_.not_a_red_flag(words)
        if meaning is None and read_slot(handler_input, "area").id is None and words and \
                red_flag_words.parts_said_fine(content_.locale, words):
            return "fine"                   # "no, my legs are fine": as "I'm okay", no part named
        if meaning is None or content_.value_within("BODY_AREA", words) is None:
            return meaning
        if meaning == "resume" and (conversation(handler_input).get("condition")
                                    or steps_after_session(handler_input)):
            return meaning                  # back to a remedy's steps, or to what follows its last
        return meaning if running_session(handler_input) is not None else None

    @staticmethod
    def _medicines_dont_mix(handler_input: HandlerInput, content_: LocaleContent) -> Optional[str]:
        """ "I'm on blood thinners", "I'm on blood thinners, what can I take", with no part named:
        the caution for what they take with it (answers.yaml: medicine_cautions mixing, or
        with_alcohol), a question and no sign, or None. Read before a session is held or the steps'
        warning signs are said (safety10: in the steps it was the signs, on the mat a held session):
        answered as any question, the steps go on and a session plays on.
        A medicine of their own named ("I've been taking steroids", "I'm on prednisone": COMPANION
        other_medicine or blood_thinner) is one they take, unless they say they are low or afraid
        too; a drink only with a medicine answer or taking words ("I've had a few drinks, what can
        I take")."""
        words = read_slot(handler_input, "red_flag").heard
        companion = content_.value_within("COMPANION", words)
        if companion is None or read_slot(handler_input, "area").id is not None or \
                content_.value_within("BODY_AREA", words) is not None:
            return None
        taken = companion != "alcohol" and not (content_.mentioned("struggling", words)
                                                or content_.mentioned("afraid", words))
        if not taken and content_.medicine_answer(words) is None and \
                not content_.mentioned("taking_medicine", words):
            return None
        if companion == "blood_thinner":            # remembered: medicine and massage answers led by it
            conversation(handler_input)[BLOOD_THINNERS] = True
        return f"medicine_cautions.{'with_alcohol' if companion == 'alcohol' else 'mixing'}"

    @staticmethod
    def _stuck(handler_input: HandlerInput, content_: LocaleContent) -> bool:
        """Stuck, or can't get up (vocabulary.yaml: mentions getting_up), or on the floor with no
        session or steps going on (on_the_floor), and not a step they can't do ("I can't lie on
        the floor")."""
        words = read_slot(handler_input, "red_flag").heard
        if content_.mentioned("cant_do_step", words):
            return False
        return content_.mentioned("getting_up", words) or (
            content_.mentioned("on_the_floor", words) and not steps_to_come(handler_input)
            and running_session(handler_input) is None)

    @staticmethod
    def _in_place_for_the_steps(handler_input: HandlerInput, content_: LocaleContent) -> bool:
        """ "I'm on the floor" in a remedy's steps: where step 1 put them, not a cry for the way
        up (that is "I'm stuck", "I can't get up"); it got every warning sign (floor35)."""
        words = read_slot(handler_input, "red_flag").heard
        return bool(steps_to_come(handler_input)) and content_.mentioned("on_the_floor", words) \
            and not content_.mentioned("cant_do_step", words)

    def _not_a_red_flag(self, handler_input: HandlerInput, content_: LocaleContent, meaning: str):
        """ "I'm back", "I'm done with the mat", "I'm okay", "my legs are fine", "I'm in bits": no
        warning signs. Upset, the kind words of "I'm scared" (navigation.comfort); falling apart,
        those of "I can't cope" (navigation.struggling).
        In a remedy's steps, the step prompt (a session they end ends first). With a session and
        no steps: back → it plays again; done → it ends; okay or fine → it plays on, or waits if
        held. With neither, a kind word, or where it hurts when they say they're ready or that a
        part is fine."""
        session = running_session(handler_input)
        if session is not None and session.remaining_seconds <= 0:
            session = None
        if meaning == "break":              # "I'm nipping to the loo": as "I need the loo"
            return take_a_break(handler_input, self.controls)
        if meaning == "comfort":            # "I'm upset": as "I'm scared"
            return comfort(handler_input)
        if meaning == "struggling":         # "I'm in bits": as "I can't cope", the crisis line offered
            return struggling(handler_input, self.controls)
        if meaning == "carry_on" and session is not None and session.token.session_type in ("meditation", "mat") and \
                content_.mentioned("drifting_off", read_slot(handler_input, "red_flag").heard):
            drifting = sleep_in_session(handler_input)      # "I'm falling asleep": what its end does
            if drifting is not None and session.token.session_type == "mat":
                drifting = "drifting_off_mat"               # a doze is fine, not long on the points
            if drifting is not None:
                return answer(handler_input, self.controls, drifting)
        if meaning == "getting_up" and session is not None and session.token.session_type in GET_UP_FROM:
            # On the mat or the ball: it ends, and how to get up without a jolt (onmat60).
            self.controls.end(handler_input, session)
            stopped = content_.session_say("session_stopped", name=session.name(handler_input))
            return answer(handler_input, self.controls, "getting_up", lead=text(stopped))
        if meaning == "getting_up":
            meaning = "end"
        said = []
        named = content_.value_within("SESSION_TYPE", read_slot(handler_input, "red_flag").heard)
        if session is not None and meaning == "end" and named not in (None, session.token.session_type):
            meaning = "carry_on"            # "I'm done with the heat" on the mat: the mat is not done
        if session is not None and meaning == "end":
            self.controls.end(handler_input, session)
            said.append(content_.session_say("session_stopped", name=session.name(handler_input)))
            session = None
        if steps_to_come(handler_input):
            said.append(content_.say("step_prompt"))
            return reply(handler_input, " ".join(text(part) for part in said),
                         reprompt=text(content_.say("step_reprompt")))
        if session is None and conversation(handler_input).get("condition"):
            said.append(steps_reprompt(handler_input))        # after the last step: the way on from it
            return reply(handler_input, " ".join(text(part) for part in said),
                         reprompt=text(steps_reprompt(handler_input)))
        if said:
            return reply(handler_input, " ".join(text(part) for part in said))
        if session is not None:
            name = session.name(handler_input)
            if meaning == "resume" or not session.paused:
                self.controls.resume(handler_input, session)
                return reply(handler_input, text(content_.session_say("back_to_session", name=name)))
            return reply(handler_input, text(held_say(handler_input, session, "still_held")))
        if meaning == "resume" and steps_after_session(handler_input):
            return carry_on_after_session(handler_input)      # back after a break in the steps
        if meaning in ("resume", "fine"):     # "my legs are fine" to "lower or upper?": where, then
            return reply(handler_input, text(content_.say("welcome_reprompt")),
                         reprompt=text(content_.say("welcome_reprompt")))
        return reply(handler_input, text(content_.say("goodbye")))

    def _unclear(self, handler_input: HandlerInput, content_: LocaleContent):
        """A RedFlagIntent whose words name no red flag: the warning signs first. In the middle
        of the steps, stay with them. When the words ask about a medicine or a topic ("I'm on
        blood thinners, can I take ibuprofen"), its answer; when they name a pain ("my back" + "is
        stiff this morning", "is in agony"), on as for any remedy (the part they named, now or to
        our question, or the open remedy's; else the back), with what they said about it
        (remedy_rules.worry_lead), the signs first unless the words say a feeling and nothing else
        ("is stiff this morning": LocaleContent.feeling_said); else listen. Pain said to have
        lasted ("my back has hurt for a week") is the doctor and a physical therapist, with no
        warning signs, as RemedyIntent has it (week30); getting worse, or a feeling we don't
        know ("it's felt weird for weeks"), still hears them."""
        words = read_slot(handler_input, "red_flag").heard
        worry = worry_in(content_, words)
        said_worry = [content_.say(worry)] if worry else []
        # Only how long it has hurt, and a feeling we know: no warning signs (week30).
        warn = not (only_lasted(content_, worry, words) and content_.value_within("SYMPTOM", words))
        signs = content_.say("red_flag_signs")
        # "Lower, and I ..." to our question: the part is in a slot of its own.
        area = read_slot(handler_input, "area").id or content_.value_within("BODY_AREA", words)
        feeling = content_.value_id("SYMPTOM", _ARTICLE.sub("", words or ""))
        if feeling is None and not worry:       # "it hurts", "sore from running": fillers, a cause
            feeling = content_.feeling_said(words)
        if not worry and content_.mentioned(NIGHT_PAIN, words):
            return self._night_pain(handler_input, content_, words)
        said_area = read_slot(handler_input, "area")
        if said_area.unresolved and words and not worry:
            # "Hot and cold packs" ("{area} and {red_flag}": "hot" + "cold packs"), a remedy named
            # and nothing else: its answer, as "can I use hot and cold packs" (words21: it got the
            # warning signs first).
            named = content_.answer_named(f"{said_area.heard} and {words}")
            if named is not None:
                return answer(handler_input, self.controls, named, content_.say("that"))
        slot_area = said_area.id or content_.value_within("BODY_AREA", said_area.heard)
        if slot_area and feeling is not None:
            # "Spasm in my lower back", "pain in my right side of my lower back" ("{red_flag} in
            # my {area}"): a feeling we know, no red flag.
            return remedy_or_question(handler_input, slot_area, feeling, lead=sleep_lead(content_, words, feeling))
        nearby = content_.nearby_area(said_area.heard) if said_area.unresolved else None
        if nearby is not None and feeling is not None:
            # "It hurts between my shoulders" ("{red_flag} between my {area}"): as "my shoulders hurt".
            return offer_nearby_area(handler_input, nearby, said_area.heard, feeling)
        cause = cause_in(content_, words)
        if cause is not None and feeling is not None and not worry and said_area.heard is None:
            # "Sore from running", "aches after gardening": as RemedyIntent's "I'm sore from running".
            return remedy_or_question(handler_input, *feeling_with_a_cause(None, feeling, cause))
        if area is not None and not worry and red_flag_words.set_aside_in(content_.locale, words) and \
                not content_.mentioned("someone_elses", words):
            # "Lower, and my chest is fine" to our question: no red flag, only the part that hurts
            # ("my dad had a heart attack" still hears the signs).
            state = conversation(handler_input)
            pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
            return remedy_or_question(handler_input, area,
                                      content_.value_within("SYMPTOM", words) or pending.get("symptom"))
        if area is None and steps_to_come(handler_input):
            # "It hurts too much to move" at step four, "and then what": stay with the steps.
            parts = [signs, *said_worry, content_.say("red_flag_in_steps")] if warn else \
                [*said_worry, content_.say("step_prompt")]      # "it's hurt for a week": the doctor, on
            return reply(handler_input, " ".join(text(part) for part in parts),
                         reprompt=text(content_.say("step_reprompt")))
        named = content_.medicine_answer(words)
        if named is not None:
            return answer(handler_input, self.controls, named, content_.say("that"), lead=text(signs))
        symptom = content_.value_within("SYMPTOM", words)
        if symptom is None and worry == "severe_pain":                  # "my back is in agony"
            symptom = SEVERE_PAIN_SYMPTOM
        if symptom is None and area is None and content_.mentioned("ordinary_causes", words):
            # "My back hurts after a long drive": ordinary pain, not the warning signs.
            return remedy_or_question(handler_input, "back", ORDINARY_PAIN_SYMPTOM)
        if area is None:                    # "cramp in my calf": the leg cramp steps, not the back's
            heard = " ".join(w for w in (words, read_slot(handler_input, "area").heard) if w)
            area = leg_with_a_cramp(content_, SlotReading(None, heard), symptom).id
        if symptom is not None:
            state = conversation(handler_input)
            pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
            earlier = pending.get("area") or (state.get("area") if state.get("condition") else None)
            # A feeling and nothing else ("is stiff this morning"): its steps or question, no signs.
            plain_feeling = feeling is not None and not worry
            # "It hurts too much to sleep", "is stiff in the morning": after the signs, if any, a
            # short answer for the night or the morning (remedy_rules.sleep_lead).
            lead = " ".join(p for p in (worry_lead(content_, worry, signs=warn and not plain_feeling),
                                        sleep_lead(content_, words, feeling or symptom)) if p)
            return remedy_or_question(handler_input, area or earlier or "back", symptom, lead=lead)
        named = content_.answer_named(words, within=True)
        if named is not None:
            return answer(handler_input, self.controls, named, content_.say("that"), lead=text(signs))
        if read_slot(handler_input, "area").id is not None:
            # "Lower, I guess" to our question: the signs, then on with the part they named.
            state = conversation(handler_input)
            pending = state.get("pending", {}) if state.get("awaiting") == "clarify" else {}
            return remedy_or_question(handler_input, area, pending.get("symptom"),
                                      lead=worry_lead(content_, worry, signs=True))
        parts = [signs, *said_worry, content_.say("red_flag_unclear")]
        return reply(handler_input, " ".join(text(part) for part in parts),
                     reprompt=text(content_.say("welcome_reprompt")))

    def _night_pain(self, handler_input: HandlerInput, content_: LocaleContent, words: Optional[str]):
        """ "It hurts when I lie down", "my back is worse at night": the doctor soon, not the
        warning signs on their own (answers.yaml: night_pain); with no part named, then how to lie
        for sleep and "lower or upper back?", as "my back is keeping me awake" (kind40: it ended
        "tell me where it hurts" with no tip); with a part named, that part's steps. In the steps,
        a session or our question, the answer, and they go on. Read only once no red flag was
        found."""
        said_area = read_slot(handler_input, "area")
        area = said_area.id or content_.value_within("BODY_AREA", said_area.heard) or \
            content_.value_within("BODY_AREA", words)
        tip = sleep_lead(content_, words)       # "it keeps waking me up": how to lie, after the doctor
        state = conversation(handler_input)
        busy = steps_to_come(handler_input) or state.get("condition") or state.get("awaiting") == "clarify" \
            or running_session(handler_input) is not None
        if area is None and not busy:
            handler_input.attributes_manager.request_attributes[ANSWERED] = True
            return remedy_or_question(handler_input, "back", None, lead=" ".join(
                text(content_.answers[answer_id].speech) for answer_id in (NIGHT_PAIN, CANT_SLEEP)))
        if area is None or steps_to_come(handler_input):
            return answer(handler_input, self.controls, NIGHT_PAIN, after=tip)
        return remedy_or_question(handler_input, area, content_.value_within("SYMPTOM", words),
                                  lead=" ".join(p for p in (text(content_.answers[NIGHT_PAIN].speech), tip) if p))


class BackFromABreakHandler(SessionHandler):
    """ "Sorry about that", "sorry, the phone rang", "I got distracted": back from whatever got in
    the way, as "I'm back" is (RedFlagHandler's plain words, meaning resume): a session here plays
    again, the steps wait for next, and back from a break in the steps, the step after it."""

    takes = intents("BackFromBreakIntent")

    def handle(self, handler_input: HandlerInput):
        return RedFlagHandler(self.controls)._not_a_red_flag(handler_input, content(handler_input), "resume")


class BackNumbnessHandler(WordsCheckHandler):
    """ "Pins and needles in my back", "my back feels numb": in the back itself, no red flag (the
    legs' numbness is one), but when it would be and when to see the doctor (answers.yaml:
    back_numbness), in any intent's words. Registered before RedFlagHandler, which would otherwise
    take it in RedFlagIntent's words ("I have numbness in my back"); any red flag said with it
    goes there instead."""

    takes = ANY_INTENT
    heard = back_numbness_said

    def handle(self, handler_input: HandlerInput):
        """Its answer; said with a pain we have steps for ("my lower back is spasming and
        tingling"), the answer leads into them."""
        content_ = content(handler_input)
        said = said_words(handler_input)
        area, symptom = content_.value_within("BODY_AREA", said), content_.value_within("SYMPTOM", said)
        if area is not None and symptom is not None and not steps_to_come(handler_input):
            return remedy_or_question(handler_input, area, symptom,
                                      lead=text(content_.answers[BACK_NUMBNESS].speech))
        return answer(handler_input, self.controls, BACK_NUMBNESS)



WALKING_TROUBLE = "walking_trouble"         # its mention (vocabulary.yaml) and its answer (answers.yaml)


@words_fact
def _walking_trouble_said(content_: LocaleContent, words: Words) -> bool:
    """ "I'm limping", "I'm walking funny", "I can't walk properly", in any intent's words."""
    return bool(words.said) and content_.mentioned(WALKING_TROUBLE, words.said)


class WalkingTroubleHandler(WordsCheckHandler):
    """ "I'm limping", "I'm walking funny", "I can't walk properly": limping from the pain is common,
    new weakness or numbness is the red flag, so the signs that make it one first and then the
    common case (answers.yaml: walking_trouble), in any intent's words; said with a pain we have
    steps for ("my lower back is spasming and I'm limping"), the answer leads into them. Registered
    before RedFlagHandler, whose catch-all would list every warning sign and "tell me where it
    hurts"; a red flag said with it ("I'm limping and my leg is numb") goes there instead."""

    takes = ANY_INTENT
    heard = _walking_trouble_said

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        said = said_words(handler_input)
        area, symptom = content_.value_within("BODY_AREA", said), content_.value_within("SYMPTOM", said)
        if area is not None and not steps_to_come(handler_input):
            return remedy_or_question(handler_input, area, symptom,
                                      lead=text(content_.answers[WALKING_TROUBLE].speech))
        return answer(handler_input, self.controls, WALKING_TROUBLE)


class EmergencyCallHandler(RoutedHandler):
    """ "Call 911", "call an ambulance", "call my doctor": a skill cannot call anyone, and Alexa
    itself may not reach emergency services, so we say so at once, with the number to call from a
    phone, and end the session so that nothing stands between them and help."""

    takes = intents("EmergencyCallIntent")

    def handle(self, handler_input: HandlerInput):
        _pause_any_session(handler_input)
        hold_back_notice(handler_input)             # nothing between them and the call
        content_ = content(handler_input)
        speech = content_.say("emergency_call")
        card = SimpleCard(title=content_.say("emergency_call_card_title"),
                          content=f"{speech}\n\n{content_.say('card_footer')}")
        return reply(handler_input, text(speech), card=card)
