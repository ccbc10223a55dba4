"""Questions about self-care: "when should I see a doctor", "can I take ibuprofen", "is heat or ice
better", "how long will this last", "how should I sleep", "should I go to work".

The handlers only choose an answer from answers.yaml; what follows it keeps things where they
were. Asked while a timed session plays (someone lying on the mat), the answer is said and the
session's audio carries on from where it was. In the middle of a remedy the steps are left as they
were, and "next" carries on from the step last said. Otherwise the answer ends with a question:
the timed session that fits it, or where it hurts. Breathing trouble and other red flags never
reach this module: RedFlagHandler is registered first.
"""
from __future__ import annotations

from typing import Collection, Optional, Union

from ask_sdk_core.handler_input import HandlerInput

from skill.handlers.conversation import REDUCED_FEELING, content, conversation, drop_question, step_on, steps_to_come
from skill.handlers.replies import ANSWERED, INVITED, answer_card, first_use_notice, reply
from skill.handlers.running_session import (SessionControls, heat_session, hold_for_conversation, note_stopped_for,
                                            running_session)
from skill.handlers.slots import read_slot
from skill.playback import supports_audio
from skill.responses import text
from skill.routing import RoutedHandler, intents, kind_of

# Conversation note: an answer has ended with "tell me where it hurts" (answer_follow_up).
FOLLOWED_UP = "followed_up"


def answer(handler_input: HandlerInput, controls: SessionControls, answer_id: str,
           heard: Optional[str] = None, *, lead: str = "", after: str = "",
           hold: Union[bool, Collection[str]] = False, offer_in_steps: bool = False):
    """Say one answer with its card, then carry on: the playing session, or the conversation with
    a follow-up question. An urgent answer (answers.yaml: one that starts with warning signs) comes
    before the first-use disclaimer instead of after it; `lead` (the warning signs) before both;
    `after` (SSML-safe: "I've stopped your heat session") right after the answer. An answer that
    holds (answers.yaml: holds, or `hold`: True, or the session types it holds) pauses the session
    that was playing, says so, and ends: it waits for "Alexa, resume" while they act on it.
    With `offer_in_steps`, the answer's session is offered in a remedy's steps too ("I'm so
    tired": a short meditation; "no" then leads on to the next step)."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    found = content_.answers[answer_id]
    handler_input.attributes_manager.request_attributes[ANSWERED] = True
    said = found.speech.format(heard=heard or "")
    notice = first_use_notice(handler_input)     # heard now, whether said or not
    if found.disclaims:
        notice = ""
    said = " ".join(p for p in (pregnancy_line(content_, state, answer_id), said) if p)
    hold = hold or found.holds
    held = text(hold_for_conversation(handler_input, only=None if hold is True else hold)) if hold else ""
    after = " ".join(p for p in (after, held) if p)
    parts = [lead] + ([text(said), after, notice] if found.urgent else [notice, text(said), after])
    card = answer_card(content_, found.title, said)
    if held:
        return reply(handler_input, " ".join(p for p in parts if p), card=card)
    back = controls.carry_on(handler_input)
    if back:
        return reply(handler_input, " ".join(p for p in parts + [text(back)] if p), card=card)
    # A clarifying question ("is it your lower or upper back?") still stands: its answer must find
    # what they said before, so nothing is dropped and no session is offered over it.
    clarifying = state.get("awaiting") == "clarify"
    # At a remedy's last step, its offer of a session still stands after the answer.
    remedy_offer = state.get("offer") if state.get("condition") and state.get("awaiting") == "offer_session" else None
    if not clarifying:      # a yes after an answer can never confirm something asked before it
        drop_question(state)
    # "I'm so tired" after the last step: the rest it offers, not the remedy's session.
    session = found.session if offer_in_steps and found.session else remedy_offer or found.session
    if state.get("pregnant") and session in content_.say("pregnancy_cautions"):
        session = None                          # heat and the mat: the midwife or doctor first
    offered_here = offer_in_steps and session in content_.sessions and not clarifying
    if steps_to_come(handler_input) and not offered_here:
        follow_up, reprompt = content_.say("answer_back_to_steps"), content_.say("step_reprompt")
    elif session in content_.sessions and (remedy_offer or not clarifying):
        name = content_.sessions[session].name
        follow_up = content_.say("offer_session", session=name)
        reprompt = content_.say("offer_session_reprompt", session=name)
        state.update(awaiting="offer_session", offer=session)
    else:
        # "Tell me where it hurts" once a conversation; after that, shorter (unless a question waits).
        again = state.get(FOLLOWED_UP) and not clarifying
        follow_up = content_.say("answer_follow_up_again" if again else "answer_follow_up")
        if not again:           # "yes" to it: they want steps, so where (builtins.YesHandler)
            handler_input.attributes_manager.request_attributes[INVITED] = "answer"
        reprompt = content_.say("welcome_reprompt")
        state[FOLLOWED_UP] = True
    return reply(handler_input, " ".join(p for p in parts + [text(follow_up)] if p),
                 reprompt=text(reprompt), card=card)


def off_to_sleep(handler_input: HandlerInput, controls: SessionControls, *, heat_off: bool = False,
                 after: str = ""):
    """ "I'm going to sleep", "I'm off to bed": rest well, and we let them go (no question to keep
    them up). With heat on them (`heat_off`), taking it off comes first, then `after` (SSML-safe:
    "I've stopped your heat session"). Any other session here, playing or paused, ends as stopping
    ends it, first: nobody is left asleep on the mat's points, or woken by a meditation's bells."""
    content_ = content(handler_input)
    handler_input.attributes_manager.request_attributes[ANSWERED] = True
    drop_question(conversation(handler_input))
    first = content_.answers["heat_before_sleep"] if heat_off else None
    rest = content_.answers["going_to_sleep"]
    stopped = "" if heat_off else _stopped_for_sleep(handler_input, controls)
    notice = first_use_notice(handler_input)
    parts = ([text(first.speech), after, notice] if first else [stopped, notice]) + [text(rest.speech)]
    said = "\n\n".join(found.speech for found in (first, rest) if found)
    card = answer_card(content_, (first or rest).title, said)
    return reply(handler_input, " ".join(p for p in parts if p), card=card)


def _stopped_for_sleep(handler_input: HandlerInput, controls: SessionControls) -> str:
    """The session on this device, ended as "stop" ends it (its timer cancelled, counted as
    stopped), and what to do before sleeping ("come off the mat"): what to say (SSML-safe), or ""
    with none."""
    from skill.handlers import timer_replies
    session = running_session(handler_input)
    if session is None or session.remaining_seconds <= 0:
        return ""
    kind = content(handler_input).sessions[session.token.session_type]
    stopped = timer_replies.stopped(handler_input, controls, session)
    note_stopped_for(handler_input, session, "sleep")      # "how much time is left": none, no new one
    return " ".join(p for p in (stopped, text(kind.before_sleep or kind.after)) if p)


# What the conversation remembers (cautions.PregnancyHandler, cautions.BloodThinnersHandler) → the
# lines that lead answers then (the first that has one).
BLOOD_THINNERS = "blood_thinners"
ANSWER_LEADS = (("pregnant", "pregnancy_answer_leads"), ("postpartum", "postpartum_answer_leads"),
                (BLOOD_THINNERS, "blood_thinner_answer_leads"),
                (REDUCED_FEELING, "reduced_feeling_answer_leads"))


def pregnancy_line(content_, state, answer_id: str) -> str:
    """The lines an answer is led by once pregnancy, a new baby, a blood thinner or reduced feeling
    has been mentioned ("can I take ibuprofen": not every painkiller is advised in pregnancy; "how
    long should I use heat" with diabetes: you may not feel a burn), or "" (prompts.yaml:
    *_answer_leads). One line for each that was said, so that none is lost for another."""
    lines = []
    for key, leads in ANSWER_LEADS:
        line = next((lead["says"] for lead in content_.say(leads) if answer_id in lead["answers"]),
                    "") if state.get(key) else ""
        if line and line not in lines:
            lines.append(line)
    return " ".join(lines)


def _medicine_said_back(content_, words: str) -> str:
    """A medicine's words as we say them back: from our side ("my wife's diazepam" → "your wife's
    diazepam"), or "that" for words that name none ("something for it"). See prompts.yaml."""
    said = words.split()
    if said[0].lower() in content_.say("medicine_filler_starts"):
        return content_.say("that")
    swaps = content_.say("said_back_swaps")
    return " ".join(swaps.get(word.lower(), word) for word in said)


def _sounds_like_a_name(content_, words: str) -> bool:
    """Whether words we have no answer for are worth saying back: a short name ("yoga"), not a
    phrase the slot caught ("do this", "point of living like this")."""
    return 0 < len(words.split()) <= 3 and not content_.ends_like_a_phrase(words)


class _QuestionHandler(RoutedHandler):
    """A question's handler: it needs the session controls to let a playing session carry on."""

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls


class MedicineHandler(_QuestionHandler):
    """ "Can I take ibuprofen?", "how much magnesium should I take?", "what can I take?".

    A medicine we have no answer for ("tylenol", or words that are no medicine we know) gets
    "ask your doctor or pharmacist about that one"; words that name a self-care topic instead
    ("can I take a warm towel") get that topic's answer."""

    takes = intents("MedicineIntent")

    def handle(self, handler_input: HandlerInput):
        medicine = read_slot(handler_input, "medicine")
        content_ = content(handler_input)
        other = read_slot(handler_input, "other")
        if other.heard is not None and not self._names_a_medicine(content_, medicine, other):
            # "Can I have sex with a bad back" ("{medicine} with {other}"): no medicine in it, so
            # not whether two mix (it got that); said back as a question we have no answer for.
            return answer(handler_input, self.controls, "unknown_topic", other.heard)
        caution = self._caution(handler_input, content_, medicine.heard)
        if caution is not None:
            return answer(handler_input, self.controls, caution)
        lead = self._health_line(handler_input, content_)
        if medicine.heard is None:
            return answer(handler_input, self.controls, "medicines.general", lead=lead)
        # "Can I take my wife's diazepam": never someone else's medicine, said first.
        someone_elses = content_.mentioned("someone_elses", medicine.heard)
        lead = " ".join(p for p in (text(content_.say("someone_elses_medicine")) if someone_elses else "", lead) if p)
        heard = _medicine_said_back(content_, medicine.heard)
        if f"medicines.{medicine.id}" in content_.answers:
            return answer(handler_input, self.controls, f"medicines.{medicine.id}", heard, lead=lead)
        named = content_.answer_named(content_.without("person_cold", medicine.heard),    # "ibuprofen every day",
                                      within=True, prefer="MEDICINE")                     # "heat if I have a cold"
        if someone_elses and named in (None, "medicines.other_medicine"):  # not "whether it's right for you"
            return answer(handler_input, self.controls, "medicine_cautions.someone_elses")
        return answer(handler_input, self.controls, named or "medicines.other_medicine", heard, lead=lead)

    @staticmethod
    def _names_a_medicine(content_, medicine, other) -> bool:
        """Whether either slot names a medicine, a drink or what is taken with one."""
        words = (medicine.heard, other.heard)
        return bool(medicine.id or other.id or any(
            content_.value_within("MEDICINE", w) or content_.value_within("COMPANION", w)
            or content_.mentioned("drinking", w) for w in words if w))

    @staticmethod
    def _caution(handler_input: HandlerInput, content_, medicine_words: Optional[str]) -> Optional[str]:
        """The answer for a medicine asked about for someone else ("how much ibuprofen can I give
        my daughter": a child's is never an adult's dose), with a drink, or with another medicine
        ("ibuprofen and naproxen together"), more than its label says, or None (answers.yaml:
        medicines). A slot often catches another's words ("had a few drinks" as a health
        condition): each is looked for in the others' too."""
        health = read_slot(handler_input, "health").heard
        if content_.mentioned("more_than_label", medicine_words):
            return "medicine_cautions.more_than_label"
        who = read_slot(handler_input, "who")
        if who.heard is not None:
            kind = who.id or content_.value_within("WHO", who.heard)
            child = kind == "child" or (kind is None and "year" in who.heard.lower())
            return "medicine_cautions.for_a_child" if child else "medicine_cautions.for_someone_else"
        if content_.value_within("WHO", health) == "child":              # "my son has asthma"
            return "medicine_cautions.for_a_child"
        other = read_slot(handler_input, "other")
        drinking = any(content_.mentioned("drinking", words) for words in (health, medicine_words))
        if other.heard is not None or drinking:
            kind = "alcohol" if drinking else other.id or content_.value_within("COMPANION", other.heard)
            return "medicine_cautions.with_alcohol" if kind == "alcohol" else "medicine_cautions.mixing"
        if content_.value_within("COMPANION", health) is not None:       # "I'm on warfarin" as a condition
            return "medicine_cautions.mixing"
        if content_.value_within("MEDICINE", health) is not None:        # "magnesium with ibuprofen"
            return "medicine_cautions.mixing"
        if content_.count_within("MEDICINE", medicine_words) >= 2:
            return "medicine_cautions.mixing"
        return None

    @staticmethod
    def _health_line(handler_input: HandlerInput, content_) -> str:
        """ "I have asthma, can I take ibuprofen": a line that comes first, the condition said back
        when it is one we know, else in general (prompts.yaml: medicine_with_health)."""
        health = read_slot(handler_input, "health")
        if health.heard is None:
            # "Can I take ibuprofen, I have asthma": the condition inside the medicine's words.
            within = content_.value_within("HEALTH", read_slot(handler_input, "medicine").heard)
            if within is None:
                return ""
            return text(content_.say("medicine_with_health").format(health=content_.slot_types["HEALTH"][within][0]))
        if health.id or content_.value_within("HEALTH", health.heard):
            return text(content_.say("medicine_with_health").format(
                health=_medicine_said_back(content_, health.heard)))
        if content_.value_within("TOPIC", health.heard) in ("food", "water"):
            return ""                                   # "ibuprofen with food": no condition said
        return text(content_.say("medicine_with_a_condition"))


# -- sleep17: sleep and the night.
FALLING_ASLEEP = "falling_asleep"       # TOPIC (vocabulary.yaml): "can I fall asleep"


def sleep_in_session(handler_input: HandlerInput) -> Optional[str]:
    """Sleep asked about, or said to be coming, in a session playing here: the answer for it, or
    None with none playing. A meditation: fine to drift off, and what its end really does (three
    end bells and nothing after; an Alexa timer's announcement too when one was set; on a device
    without audio, only the timer: answers.yaml drifting_off*). The mat: not the night on its points
    (topics.sleeping_on_mat). Heat: not with it on (sleep_under_heat). The release: None (its own answers)."""
    session = running_session(handler_input)
    if session is None or session.paused or session.remaining_seconds <= 0:
        return None
    kind = session.token.session_type
    if kind == "meditation":
        if session.timer_only:
            return "drifting_off_timer_only"
        return "drifting_off_meditation_timer" if session.state.get("timer_id") else "drifting_off_meditation"
    return {"mat": "topics.sleeping_on_mat", "heat": "sleep_under_heat"}.get(kind)


class CantSleepHandler(_QuestionHandler):
    """ "I can't sleep because of my back", "I can't get comfortable in bed": how to lie, a few
    slow breaths and a meditation named (answers.yaml: cant_sleep), then the usual question, where
    it hurts. It got only "lower or upper back?". In a remedy's steps, or after them, or in a
    session, the tip alone, and the steps or the session go on; with heat on them, off first
    (tired_heat)."""

    takes = intents("CantSleepIntent")
    # What is said, in order (answers.yaml): in a session or the steps the first as the answer,
    # the rest after it; else all of them before where it hurts.
    SAID = ("cant_sleep",)

    def handle(self, handler_input: HandlerInput):
        from skill.handlers.remedies import remedy_or_question      # remedies imports this module
        if _heat_on_them(handler_input):
            return answer(handler_input, self.controls, "tired_heat")
        answers = content(handler_input).answers
        first, *rest = self.SAID
        state = conversation(handler_input)
        if running_session(handler_input) is not None or state.get("condition") or state.get("awaiting") == "clarify":
            return answer(handler_input, self.controls, first,
                          after=" ".join(text(answers[answer_id].speech) for answer_id in rest))
        handler_input.attributes_manager.request_attributes[ANSWERED] = True
        return remedy_or_question(handler_input, "back", None,
                                  lead=" ".join(text(answers[answer_id].speech) for answer_id in self.SAID))


class PainKeepsMeAwakeHandler(CantSleepHandler):
    """ "I can't sleep because of my back pain", "the pain kept me up all night": pain that keeps
    them from sleep is night pain (awake27: it got the sleep tip alone), so the doctor in the next
    few days with the signs that make it urgent first (answers.yaml: night_pain), then as
    CantSleepHandler: the tip and where it hurts; in a session or the steps both, and they go on.
    "My back pain is keeping me awake" says the same as RemedyIntent's (remedies.RemedyHandler)."""

    takes = intents("PainKeepsMeAwakeIntent")
    SAID = ("night_pain", "cant_sleep")


class HelpMeSleepHandler(_QuestionHandler):
    """ "Help me sleep", "I need to sleep": how to lie, slow breathing, and a breathing meditation
    offered, in a remedy's steps too, which yes starts (answers.yaml: help_sleep). In a session,
    sleep_in_session's answer; with heat on them, off first (tired_heat). It got "Sorry, I didn't
    catch that", or "what does that feel like?"."""

    takes = intents("HelpMeSleepIntent")

    def handle(self, handler_input: HandlerInput):
        if _heat_on_them(handler_input):
            return answer(handler_input, self.controls, "tired_heat")
        plain = "help_sleep" if supports_audio(handler_input) else "help_sleep_no_audio"    # no tones here
        return answer(handler_input, self.controls, sleep_in_session(handler_input) or plain,
                      offer_in_steps=True)


class SelfCareQuestionHandler(_QuestionHandler):
    """ "Is heat or ice better?", "should I stretch?", "what is an acupressure mat?".

    The carrier phrases are shared by every topic, so a medicine can arrive here too ("does
    ibuprofen help"): it gets the medicine's answer, with the doctor or pharmacist in it."""

    takes = intents("SelfCareQuestionIntent")

    def handle(self, handler_input: HandlerInput):
        topic = read_slot(handler_input, "topic")
        content_ = content(handler_input)
        if topic.id == FALLING_ASLEEP:      # "can I just go to sleep" in a meditation: what its end does
            return answer(handler_input, self.controls, sleep_in_session(handler_input) or f"topics.{topic.id}")
        if f"topics.{topic.id}" in content_.answers:
            return answer(handler_input, self.controls, f"topics.{topic.id}")
        if topic.unresolved and (content_.mentioned("emergency_asked", topic.heard)
                                 or content_.mentioned("advice_line_asked", topic.heard)):
            return answer(handler_input, self.controls, "see_doctor")     # "when should I call 911", "ring 111"
        if topic.heard is None:
            return answer(handler_input, self.controls, "topics_list")
        # "Heat if I'm cold": the cold is theirs, not an ice pack's.
        named = content_.answer_named(content_.without("person_cold", topic.heard), within=True)   # "use a heat patch"
        if named is None and not _sounds_like_a_name(content_, topic.heard):
            named = "topics_list"                       # "how often should I do this": not said back
        return answer(handler_input, self.controls, named or "unknown_topic", topic.heard)


class HowOftenHandler(SelfCareQuestionHandler):
    """ "How often should I use the mat?", "how many times a day can I use heat?": how often
    (answers.yaml how_often), or, for a topic without one, the topic's own answer."""

    takes = intents("HowOftenIntent")
    ANSWERS = "how_often"           # answers.yaml: the group whose answer for the topic is said

    def handle(self, handler_input: HandlerInput):
        topic_id = topic_asked(handler_input)
        if f"{self.ANSWERS}.{topic_id}" in content(handler_input).answers:
            return answer(handler_input, self.controls, f"{self.ANSWERS}.{topic_id}")
        return super().handle(handler_input)


class HowLongForHandler(HowOftenHandler):
    """ "How long should a heat session be?", "how long should I lie on the mat?", "how long should
    I meditate?": how long (answers.yaml how_long_for), or, for a topic without one ("how long
    should I rest"), the topic's own answer, as these questions had before (asks39)."""

    takes = intents("HowLongForIntent")
    ANSWERS = "how_long_for"


class WhereToBuyHandler(_QuestionHandler):
    """ "Where can I buy an acupressure mat?", "what kind of mat should I buy?", "do I need a
    special ball?" (topics47: every warning sign, then the mat's answer): where such things are
    sold, with no brand, and how to use it (answers.yaml where_to_buy); `general` for the rest."""

    takes = intents("WhereToBuyIntent")

    def handle(self, handler_input: HandlerInput):
        found = f"where_to_buy.{topic_asked(handler_input)}"
        return answer(handler_input, self.controls,
                      found if found in content(handler_input).answers else "where_to_buy.general")


def topic_asked(handler_input: HandlerInput) -> Optional[str]:
    """The TOPIC asked about: the slot's value, or the one topic named within its words ("use
    heat": heat)."""
    topic = read_slot(handler_input, "topic")
    content_ = content(handler_input)
    named = content_.answer_named(content_.without("person_cold", topic.heard), within=True) \
        if topic.unresolved else None
    return topic.id or (named.split(".", 1)[1] if named and named.startswith("topics.") else None)


class NamedAnswerHandler(_QuestionHandler):
    """ "Tell me about heat", "what helps with magnesium": ConditionIntent's words, naming no
    remedy (remedies.ConditionHandler takes those) but a topic or a medicine we answer."""

    takes = intents("ConditionIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        return content(handler_input).answer_named(read_slot(handler_input, "condition").heard) is not None

    def handle(self, handler_input: HandlerInput):
        heard = read_slot(handler_input, "condition").heard
        return answer(handler_input, self.controls, content(handler_input).answer_named(heard), heard)


class InsteadHandler(_QuestionHandler):
    """ "I don't have a heat pad", "what can I use instead of a massage ball": what will do
    instead (answers.yaml: instead), or that skipping it is fine; in the steps, back to them."""

    takes = intents("InsteadIntent")

    def handle(self, handler_input: HandlerInput):
        item = read_slot(handler_input, "item")
        content_ = content(handler_input)
        item_id = item.id or content_.value_within("TOPIC", item.heard)       # "a heat pad for my back"
        found = f"instead.{item_id}"
        state = conversation(handler_input)
        if item_id and item_id not in state.get("missing", []):       # not offered at the last step
            state["missing"] = [*state.get("missing", []), item_id]
        return answer(handler_input, self.controls, found if found in content_.answers else "instead.general",
                      item.heard)


def for_the_session_on(handler_input: HandlerInput, answer_id: str, without: Optional[str] = None) -> str:
    """`answer_id`'s variant for the session on this device (answers.yaml <answer_id>_<session
    type>: "is it working?" on heat, the heat's), when it has one; else `without`, or `answer_id`."""
    session = running_session(handler_input)
    variant = f"{answer_id}_{session.token.session_type}" if session is not None else None
    if variant in content(handler_input).answers:
        return variant
    return without or answer_id


class AnswerByIntentHandler(_QuestionHandler):
    """Questions with an intent of their own and nothing to fill in: "when should I see a doctor",
    "how do I get up off the floor", "how long will this last", "help me relax", "why does my back
    keep spasming", "what should I eat", "how should I sleep", "how do I find a physical therapist",
    "remind me to do my mat tonight", "my heat pad isn't working", "how do I get in the car",
    "could it be my kidneys", "I have a headache too", "my mind keeps wandering", "I'm getting
    cold", "I have a doctor's appointment tomorrow", "which side should I lie on", "I can't lie on
    my back", "I can't get down to the floor", "do I close my eyes"."""

    ANSWERS = {"SeeDoctorIntent": "see_doctor", "GetUpIntent": "getting_up",
               "HowLongIntent": "how_long", "RelaxIntent": "relax", "CauseIntent": "causes",
               "NotADoctorIntent": "not_a_doctor", "PhysicalTherapyIntent": "physical_therapy",
               "VolumeIntent": "volume", "FellAsleepIntent": "fell_asleep",
               "HeatTooHotIntent": "heat_too_hot", "MatHurtsIntent": "mat_hurts",
               "NotHelpingIntent": "not_helping", "HeatPadBrokenIntent": "heat_pad_broken",
               "FoodQuestionIntent": "topics.food", "SleepQuestionIntent": "topics.sleep_position",
               "LegPainIntent": "topics.leg_pain",
               "MovingAroundIntent": "moving_around", "KidneysIntent": "kidneys", "HeadacheIntent": "headache",
               "MindWanderingIntent": "mind_wandering", "BadHeadacheIntent": "headache",
               "GettingWorseIntent": "getting_worse", "IsItWorkingIntent": "is_it_working",
               "WhatIfWorseIntent": "if_it_gets_worse",      # "what if it gets worse", asked ahead
               # Everyday life on the mat or in the steps: "I'm getting cold", "I have a doctor's
               # appointment tomorrow" (the bells and music: session_info.BellsOrMusicHandler).
               "FeelingColdIntent": "feeling_cold", "DoctorAppointmentIntent": "doctor_appointment",
               "FeelingHotIntent": "feeling_hot",                # "I'm boiling" with no heat on them
               "WhichSideIntent": "topics.lying_on_side",
               # "I need to turn over", "I want to lie on my side": what they're about to do.
               "TurnOverIntent": "topics.turning_over", "LieOnSideIntent": "topics.lying_on_side",
               "LieOnBackIntent": "topics.lying_on_back", "SitUpIntent": "topics.sitting_up",
               "CantLieOnBackIntent": "cant_lie_on_back", "CantGetToFloorIntent": "cant_get_to_floor",
               # In a session: "do I close my eyes", "can I keep my eyes open".
               "EyesIntent": "eyes",
               # leg16: "what should I avoid", "what makes it worse".
               "AvoidIntent": "what_to_avoid",
               # awake27: "ice packs", "an ice pack", said and nothing else.
               "IcePackIntent": "topics.ice",
               # floor35: "what helps fastest", "my partner wants to help, what can they do".
               "QuickestReliefIntent": "quickest_relief", "PartnerHelpIntent": "partner_help",
               # topics47: "how do I meditate": the breath, the meditation offered.
               "HowToMeditateIntent": "topics.breathing",
               # sessions44: "help me breathe" (the emergency number first, a meditation offered);
               # "should I use ice instead", "is ice better": heat or ice's answer.
               "HelpMeBreatheIntent": "help_breathe", "IceInsteadIntent": "topics.heat_or_ice",
               # asked52: "did I do it right", after the steps or a session.
               "DidItRightIntent": "did_it_right"}
    takes = intents(*ANSWERS)
    # Answers with a variant for the session on this device ("is it working?" on heat: the heat's,
    # not the mat's; "my partner wants to help" on the mat: no steps to read out): answers.yaml
    # <answer>_<session type>, when there is one.
    BY_SESSION = ("is_it_working", "partner_help")
    # Answers with a variant for the remedy whose steps are open ("what if it doesn't stop" in a
    # leg cramp's steps: the calf's, not the back's): answers.yaml <answer>_<condition>.
    BY_REMEDY = ("if_it_gets_worse",)
    # Answers that end a heat session on them, as a red flag does ("help me breathe": breathing).
    ENDS_HEAT = ("help_breathe",)

    def handle(self, handler_input: HandlerInput):
        answer_id = self.ANSWERS[kind_of(handler_input)[1]]
        steps_open = conversation(handler_input).get("condition")
        if answer_id in self.BY_SESSION and not (answer_id == "partner_help" and steps_open):   # steps to read out
            answer_id = for_the_session_on(handler_input, answer_id)
        if answer_id in self.BY_REMEDY and f"{answer_id}_{steps_open}" in content(handler_input).answers:
            answer_id = f"{answer_id}_{steps_open}"
        heat = heat_session(handler_input) if answer_id in self.ENDS_HEAT else None
        if heat is not None:
            # onmat55: "help me breathe" under heat played the heat on. Breathing trouble ends it,
            # as a red flag does: the emergency line first, then that it stopped (the heat off is
            # added by heat_off.TakeTheHeatOffInterceptor), then the meditation, as with none on.
            self.controls.end(handler_input, heat)
            stopped = content(handler_input).session_say("heat_stopped", name=heat.name(handler_input))
            return answer(handler_input, self.controls, answer_id, after=text(stopped))
        return answer(handler_input, self.controls, answer_id)


def step_kind(handler_input: HandlerInput) -> Optional[str]:
    """What the remedy step said last has them do, for answers that differ by it: "heat" (its
    words name a heat source), "mat" or "ball" (vocabulary.yaml: mentions heat_source, mat_step,
    ball_step), "" for any other step, or None outside a remedy."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    condition = content_.conditions.get(state.get("condition", ""))
    if condition is None:
        return None
    steps = condition.steps_for(bool(state.get("pregnant")))
    step = steps[step_on(state, len(steps))]
    return next((kind for kind, mention in (("heat", "heat_source"), ("mat", "mat_step"), ("ball", "ball_step"))
                 if content_.mentioned(mention, step)), "")


def _heat_on_them(handler_input: HandlerInput) -> bool:
    """A heat session runs or waits here, or, with no session, the step they are on puts heat on."""
    session = running_session(handler_input)
    if session is not None:
        return session.token.session_type == "heat"
    return step_kind(handler_input) == "heat"


HEAT_TOPIC = "heat"                 # vocabulary.yaml TOPIC: how hot is asked of it


class HowHotHandler(SelfCareQuestionHandler):
    """ "How hot should it be", "how warm should it be", "what temperature should the heat pad be":
    under a heat session, how it should feel there (feel_heat); otherwise heat's answer, with how
    long (heat_how_hot) and a heat session offered, or, in the steps, on with them. It got how
    easing it feels in general. Another topic named ("how hot should the bath be"): its own answer."""

    takes = intents("HowHotIntent")

    def handle(self, handler_input: HandlerInput):
        named = topic_asked(handler_input)
        if named is not None and named != HEAT_TOPIC:
            return super().handle(handler_input)
        session = running_session(handler_input)
        on_heat = session is not None and session.token.session_type == "heat"
        return answer(handler_input, self.controls, "feel_heat" if on_heat else "heat_how_hot")


class TiredHandler(_QuestionHandler):
    """ "I'm so tired", "I'm exhausted": rest is part of recovery, and a short breathing
    meditation offered, in the steps too (answers.yaml: tired; "no" then leads on to the next
    step, "stop" stops). With heat on them, a heat session or a heat step, taking it off before
    they doze comes first (tired_heat); in another session, rest where they are as it plays on
    (tired_in_session). It got "Sorry, I didn't catch that", or the warning signs."""

    takes = intents("TiredIntent")

    def handle(self, handler_input: HandlerInput):
        if _heat_on_them(handler_input):
            return answer(handler_input, self.controls, "tired_heat")
        if running_session(handler_input) is not None:
            return answer(handler_input, self.controls, "tired_in_session")
        return answer(handler_input, self.controls, "tired", offer_in_steps=True)


class ShirtOffHandler(_QuestionHandler):
    """ "Do I need to take my shirt off": for the session on here, or the remedy step they are on,
    the mat's (bare skin, or a thin T-shirt at first) or heat's (keep a layer on); with neither,
    both in short (answers.yaml: shirt_off*). It got "ask your doctor or pharmacist"."""

    takes = intents("ShirtOffIntent")

    def handle(self, handler_input: HandlerInput):
        answer_id = for_the_session_on(handler_input, "shirt_off")
        if answer_id == "shirt_off" and running_session(handler_input) is None:
            kind = step_kind(handler_input)
            answer_id = f"shirt_off_{kind}" if kind in ("heat", "mat") else answer_id
        return answer(handler_input, self.controls, answer_id)


class InBedHandler(SelfCareQuestionHandler):
    """ "Can I do this in bed", "can I do this on the mattress", "do I have to get out of bed": in a
    remedy's steps with no session on, for the step they are on (answers.yaml: in_bed_heat, heat
    fine while awake; in_bed_mat, gentler on something soft; in_bed_ball, something firm; else
    in_bed_steps); under a heat session, heat's (in_bed_heat). Otherwise, and for a topic that is no bed ("can I do this on the mat"), the
    topic's own answer, as SelfCareQuestionHandler gives it; no place said, the bed's."""

    takes = intents("DoItInBedIntent")
    IN_BED = ("bed_or_sofa", "mattress")

    def handle(self, handler_input: HandlerInput):
        topic = read_slot(handler_input, "topic")
        content_ = content(handler_input)
        place = (topic.id or content_.value_within("TOPIC", topic.heard)) if topic.heard else "bed_or_sofa"
        if place in self.IN_BED:
            session = running_session(handler_input)
            if session is None and steps_to_come(handler_input):
                kind = step_kind(handler_input)
                return answer(handler_input, self.controls, f"in_bed_{kind}" if kind else "in_bed_steps")
            if session is not None and session.token.session_type == "heat":
                return answer(handler_input, self.controls, "in_bed_heat")      # awake, and a layer on
        if topic.heard is None:
            return answer(handler_input, self.controls, "topics.bed_or_sofa")
        return super().handle(handler_input)


class CantRelaxHandler(_QuestionHandler):
    """ "I can't relax", "I can't switch off": in a session, playing or waiting, or in a remedy's
    steps, back to the breath as a wandering mind is (mind_wandering), and the session plays on;
    with neither, letting go of stress, with a meditation offered (relax)."""

    takes = intents("CantRelaxIntent")

    def handle(self, handler_input: HandlerInput):
        busy = running_session(handler_input) is not None or steps_to_come(handler_input)
        return answer(handler_input, self.controls, "mind_wandering" if busy else "relax")


class GoingToSleepHandler(RoutedHandler):
    """ "Goodnight", "time for bed", "I'm going for a kip": rest well, and we let them go (a
    session playing plays on). With heat on them, cautions.HeatSkinCheckHandler answers first:
    the heat off before they sleep."""

    takes = intents("GoingToSleepIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        return off_to_sleep(handler_input, self.controls)

