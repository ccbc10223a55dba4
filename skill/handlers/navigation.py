"""Moving through a remedy's steps by voice: next, go back, repeat, start over; and "repeat that"
for whatever was said last, outside the steps.

These run only while a remedy is open in the conversation; during a timed session the session
handlers, registered earlier, take the same built-in intents.
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.ui import SsmlOutputSpeech

from skill.handlers.conversation import (FEELING, MORE_TOLD, STEP_NOTES, content, conversation, drop_confirmation,
                                         drop_question, keep_place_for_a_break, note_around_birth, open_remedy_name,
                                         remedy_name, remedy_note, steps_to_come)
from skill.handlers.memory import memory
from skill.handlers.questions import answer
from skill.handlers.remedies import more_ideas
from skill.handlers.remedy_steps import (LAST_STEP, STEP_BEFORE, note_before, offer_feeling, say_step, step_by_place,
                                         step_said)
from skill.handlers.replies import (ANSWERED, INVITED, STEP_SAID, WARNED, back_to_the_steps, first_use_notice,
                                    offered_session, remedy_card, reply, steps_reprompt, where_in_steps)
from skill.handlers.running_session import SessionControls, asking_back, running_session
from skill.handlers.session_handler import SessionHandler
from skill.handlers.session_how import how_said
from skill.handlers.session_speech import said_of
from skill.handlers.slots import read_slot
from skill.responses import SLOW_RATE, slower, text
from skill.routing import INTENT_REQUEST, RoutedHandler, intents, kind_of

LAST_SAID = "said"      # conversation note: the speech and reprompt of our last answer that kept listening


def _in_remedy(handler_input: HandlerInput) -> bool:
    return conversation(handler_input).get("condition") in content(handler_input).conditions


class NextStepHandler(RoutedHandler):
    """ "Next", "done that", and "continue" (Alexa's ResumeIntent) when no session is here to resume."""

    takes = intents("AMAZON.NextIntent", "AMAZON.ResumeIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        return _in_remedy(handler_input)

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        condition = content_.conditions[state["condition"]]
        step = state.get("step", 0)
        if step + 1 >= len(condition.steps):
            # No next step: the session offered after the last one, while that offer stands.
            session = offered_session(handler_input)
            said = ([content_.say("last_step_done"), content_.say("offer_session", session=session)] if session
                    else [content_.say("no_more_steps", condition=open_remedy_name(handler_input))])
            return reply(handler_input, " ".join(text(p) for p in said),
                         reprompt=text(steps_reprompt(handler_input)))
        return say_step(handler_input, step + 1)


class PreviousStepHandler(RoutedHandler):
    takes = intents("AMAZON.PreviousIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        return _in_remedy(handler_input)

    def handle(self, handler_input: HandlerInput):
        step = conversation(handler_input).get("step", 0)
        if step == 0:
            return say_step(handler_input, 0, lead=text(content(handler_input).say("first_step_already")))
        return say_step(handler_input, step - 1)


class RepeatStepHandler(RoutedHandler):
    """ "Repeat": the step; or, right after an answer to a question ("how do I get up off the
    floor" in the steps), that answer."""

    takes = intents("AMAZON.RepeatIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        return _in_remedy(handler_input)

    def handle(self, handler_input: HandlerInput):
        said = conversation(handler_input).get(LAST_SAID)
        if isinstance(said, dict) and said.get("answer") and said.get("speech") and said.get("reprompt"):
            return _say_again(handler_input, said)
        return say_step(handler_input, conversation(handler_input).get("step", 0))


def _say_again(handler_input: HandlerInput, said):
    """Our last answer that kept listening (LAST_SAID), word for word, and still what it was: an
    answer, or the warning signs (a "yes" after it is still "I have one of those")."""
    marks = handler_input.attributes_manager.request_attributes
    if said.get("answer"):
        marks[ANSWERED] = True
    if said.get("warned"):
        marks[WARNED] = True
    builder = handler_input.response_builder.speak(said["speech"]).ask(said["reprompt"])
    return builder.set_should_end_session(False).response


class StepByNumberHandler(RoutedHandler):
    """ "Go to step three", "take me back to step one", "start from step two", "go to the last
    step": that step, and they go on from there. Back from a break in the steps, the kept steps
    open again first (NotInRemedyHandler)."""

    takes = intents("StepNumberIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        return _in_remedy(handler_input)

    def handle(self, handler_input: HandlerInput):
        index = self.index_asked(handler_input)
        if index is None:
            return _no_such_step(handler_input)
        return self.step_asked(handler_input, index)

    def index_asked(self, handler_input: HandlerInput) -> Optional[int]:
        """The step said, by number or place ("the last one" is the remedy's end), or None."""
        return step_by_place(handler_input, _place_said(handler_input))

    def step_asked(self, handler_input: HandlerInput, index: int):
        return say_step(handler_input, index)


class WhatWasStepHandler(StepByNumberHandler):
    """ "What was step one?", "what was the first step", "what was step two again": that step, then
    where they are, and their place is kept ("You're still on step three. Say next when you're
    ready."). It moved them to the step asked about, as "go to step one" does. Asked of the step
    they are on: that step, as "repeat" says it.

    "What was the last one" (or "the last step") is the one they heard before the one they are
    on, not the remedy's end, which they have not heard yet ("the final step" is); back from a
    break (`after_a_break`), the one they were on when they left (last26). "What's the last step"
    asks what it is, not what it was: the remedy's end, their place kept (week30; its own slot,
    `place`, tells the two apart)."""

    takes = intents("WhatWasStepIntent")

    def __init__(self, after_a_break: bool = False) -> None:
        self.after_a_break = after_a_break

    def index_asked(self, handler_input: HandlerInput) -> Optional[int]:
        if read_slot(handler_input, "ordinal").id == LAST_STEP:        # "what was the last one"
            if self.after_a_break:
                return conversation(handler_input).get("step", 0)
            return step_by_place(handler_input, STEP_BEFORE)
        return super().index_asked(handler_input)

    def step_asked(self, handler_input: HandlerInput, index: int):
        content_ = content(handler_input)
        state = conversation(handler_input)
        here = state.get("step", 0)
        if index == here:
            # At the first step, there was none before it: it, as "go back" says it there.
            before = here == 0 and self._asked_the_one_before(handler_input)
            return say_step(handler_input, index, lead=text(content_.say("first_step_already")) if before else "")
        said = step_said(handler_input, index)
        # "Repeat" says the step asked about again; "next" goes on from where they are.
        handler_input.attributes_manager.request_attributes[ANSWERED] = True
        if steps_to_come(handler_input):
            back_to_the_steps(handler_input)            # an offer along the way no longer stands
            where = text(content_.say("recalled_step_where", number=here + 1))
            return reply(handler_input, f"{said} {where}", reprompt=text(content_.say("step_reprompt")))
        # At the last step: the remedy's offer, if it still stands, is asked again.
        where = text(content_.say("recalled_step_last", number=here + 1))
        offered = offered_session(handler_input)
        carry_on = (content_.say("offer_session", session=offered) if offered
                    else content_.say("last_step_reprompt"))
        return reply(handler_input, f"{said} {where} {text(carry_on)}", reprompt=text(steps_reprompt(handler_input)))

    def _asked_the_one_before(self, handler_input: HandlerInput) -> bool:
        place = _place_said(handler_input)
        was_last = read_slot(handler_input, "ordinal").id == LAST_STEP
        return place == STEP_BEFORE or (was_last and not self.after_a_break)


class SkipToEndHandler(RoutedHandler):
    """ "Skip to the end", "jump to the end", "fast forward to the end" (skip22: they were "Sorry,
    I didn't catch that" with the crisis lines; "fast forward" on its own is "next"). In a remedy's steps, the last step, as going to it by its
    number says it (back from a break or a session started from the steps, the same steps, at
    their last step); in a timed session, that it plays straight through and how to end it if
    they're done, the audio playing on; with neither, how to begin."""

    takes = intents("SkipToEndIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        if _in_remedy(handler_input):
            return _last_step(handler_input)
        session = running_session(handler_input)
        if session is not None:
            if session.carries_on:
                self.controls.resume(handler_input, session)
            return reply(handler_input, text(said_of(handler_input, session, "skip_to_end")))
        if steps_after_session(handler_input):
            reopen_steps(handler_input)
            return _last_step(handler_input)
        content_ = content(handler_input)
        drop_question(conversation(handler_input))                  # an earlier offer: not this answer's
        return reply(handler_input, text(content_.say("skip_to_end_nothing")),
                     reprompt=text(content_.say("welcome_reprompt")))


class SkipPartHandler(SkipToEndHandler):
    """ "Skip this part", "skip this bit" (sessions44: "Sorry, I didn't catch that"). In a remedy's
    steps, the next step, as "next" says it; in a timed session, which has no parts, that there is
    none to skip and what they can do instead, for the kind on (sessions.yaml: skip_part_<kind>),
    the audio playing on; with neither, as "skip to the end" says it."""

    takes = intents("SkipPartIntent")

    def handle(self, handler_input: HandlerInput):
        if _in_remedy(handler_input):
            return NextStepHandler().handle(handler_input)
        session = running_session(handler_input)
        if session is None:
            return super().handle(handler_input)
        if session.carries_on:
            self.controls.resume(handler_input, session)
        key = "skip_part" if session.timer_only else f"skip_part_{session.token.session_type}"
        return reply(handler_input, text(said_of(handler_input, session, key)))


def _last_step(handler_input: HandlerInput):
    return say_step(handler_input, step_by_place(handler_input, LAST_STEP))


def _place_said(handler_input: HandlerInput) -> Optional[str]:
    """The step's place as said: its number ("step two"), or STEP_ORDINAL's id ("2" for "the
    second step", "last", "final", "previous"), asked what it was (`ordinal`) or is (`place`:
    "what's the last step")."""
    return (read_slot(handler_input, "number").heard or read_slot(handler_input, "ordinal").id
            or read_slot(handler_input, "place").id)


def _no_such_step(handler_input: HandlerInput):
    content_ = content(handler_input)
    total = len(content_.conditions[conversation(handler_input)["condition"]].steps)
    return reply(handler_input, text(content_.say("no_such_step", total=total)),
                 reprompt=text(content_.say("step_reprompt")))


class StepsOverviewHandler(RoutedHandler):
    """ "How many steps are there?": how many, where they are, and that the card has them all."""

    takes = intents("StepsOverviewIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        return _in_remedy(handler_input)

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        total = len(content_.conditions[state["condition"]].steps)
        return reply(handler_input, text(content_.say("steps_overview", total=total,
                                                      number=state.get("step", 0) + 1)),
                     reprompt=text(content_.say("step_reprompt")))


class ReadAllStepsHandler(RoutedHandler):
    """ "Read me all the steps": every step, one after another, then where they are (the place
    kept). It said how many there were and that the card has them, but someone on the floor may
    have no phone to hand."""

    takes = intents("ReadAllStepsIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        return _in_remedy(handler_input)

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        steps = content_.conditions[state["condition"]].steps_for(bool(state.get("pregnant")))
        said = [content_.say("all_steps_lead", total=len(steps))]
        said += [content_.say("step_in_list", number=number, text=step) for number, step in enumerate(steps, 1)]
        said.append(content_.say("all_steps_where", number=state.get("step", 0) + 1))
        return reply(handler_input, " ".join(text(part) for part in said),
                     reprompt=text(content_.say("step_reprompt")))


class SayItSlowerHandler(RoutedHandler):
    """ "What does that mean?", "say that slower": the step again, or else our last answer again,
    more slowly (there is no other wording to offer, and pain makes listening hard). Asked while a
    session plays, with nothing said before it: what its sounds mean, and it plays on; on its
    timer alone, or paused, what to do in it (session_how), as it stays."""

    takes = intents("SayItSlowerIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        said = state.get(LAST_SAID)
        if isinstance(said, dict) and said.get("speech") and said.get("reprompt"):
            # What was said last, step or answer, is what they did not follow; said again, it is
            # still what it was ("what does that mean" after a step said slowly explains the step).
            marks = handler_input.attributes_manager.request_attributes
            marks.update({note: True for note, kept in ((ANSWERED, "answer"), (STEP_SAID, "step")) if said.get(kept)})
            speech = slower(said["speech"], lead=text(content_.say("slower_lead")))
            builder = handler_input.response_builder.speak(speech).ask(said["reprompt"])
            return builder.set_should_end_session(False).response
        if _in_remedy(handler_input):
            return say_step(handler_input, state.get("step", 0), lead=text(content_.say("slower_lead")),
                            rate=SLOW_RATE)
        session = running_session(handler_input)
        back = self.controls.carry_on(handler_input) if session is not None else ""
        if back:                    # on the mat, a cue just rang: what the session's sounds mean
            sounds = content_.sessions[session.token.session_type].sounds
            return reply(handler_input, f"{text(sounds)} {text(back)}", rate=SLOW_RATE)
        if session is not None:     # on its timer, or paused: what to do in it (not "no steps yet")
            return how_said(handler_input, self.controls, session, rate=SLOW_RATE)
        return reply(handler_input, asking_back(handler_input, text(content_.say("nothing_to_repeat"))),
                     reprompt=text(content_.say("welcome_reprompt")))


def _in_steps_or_where_it_hurts(handler_input: HandlerInput, in_steps: str, outside: str, *,
                                invites: bool = False):
    """Say the prompt `in_steps` and wait for "next" in the middle of a remedy (after its last
    step, `in_steps`_last, with the way on from there); else `outside`, which asks where it hurts
    (a session playing waits while we talk). With `invites`, a "yes" to `outside` is answered as
    its kind of invitation (replies.INVITED: builtins.YesHandler)."""
    content_ = content(handler_input)
    drop_confirmation(conversation(handler_input))          # "yes" after this deletes nothing
    if _in_remedy(handler_input):
        if not steps_to_come(handler_input):
            return reply(handler_input, text(content_.say(f"{in_steps}_last", where=where_in_steps(handler_input))),
                         reprompt=text(steps_reprompt(handler_input)))
        return reply(handler_input, text(content_.say(in_steps)), reprompt=text(content_.say("step_reprompt")))
    if invites:
        handler_input.attributes_manager.request_attributes[INVITED] = outside
    said = [asking_back(handler_input, text(content_.say(outside))), first_use_notice(handler_input)]
    return reply(handler_input, " ".join(p for p in said if p), reprompt=text(content_.say("welcome_reprompt")))


def comfort(handler_input: HandlerInput):
    """A kind word first. In the middle of the steps, on with them at their pace; otherwise the
    urgent signs in one breath (fear may hide a red flag we cannot hear), then where it hurts."""
    return _in_steps_or_where_it_hurts(handler_input, "comfort_in_steps", "comfort", invites=True)


class ComfortHandler(RoutedHandler):
    """ "Stay with me", "talk me through it": comfort. ("I'm upset", heard as a red flag's
    words, is safety.RedFlagHandler's, and the same.)"""

    takes = intents("ComfortIntent")

    def handle(self, handler_input: HandlerInput):
        return comfort(handler_input)


class FedUpHandler(RoutedHandler):
    """ "I'm fed up", "I'm so frustrated with my back": frustration, not fear, so a short kind word
    of its own, then on with the steps or where it hurts (a "yes" asks where)."""

    takes = intents("FedUpIntent")

    def handle(self, handler_input: HandlerInput):
        return _in_steps_or_where_it_hurts(handler_input, "fed_up_in_steps", "fed_up", invites=True)


# Pregnancy or a new baby said in this conversation (conversation.STEP_NOTES): their own answer.
_STRUGGLING_AROUND_BIRTH = {"pregnant": "pregnancy_struggling", "postpartum": "postpartum_struggling"}


class StrugglingHandler(SessionHandler):
    """ "I can't cope", "I'm so depressed", "I feel so alone": kind words and the crisis line
    offered, then on as comfort goes. In pregnancy or after a birth said in this conversation,
    their own answer (the midwife today, the crisis line), as when said in the same breath."""

    takes = intents("StrugglingIntent")

    def handle(self, handler_input: HandlerInput):
        return struggling(handler_input, self.controls)


def struggling(handler_input: HandlerInput, controls: SessionControls):
    """Kind words and the crisis line offered ("I can't cope", "I'm in bits", "I've had enough");
    in pregnancy or after a birth said in this conversation, their own answer."""
    around_birth = _STRUGGLING_AROUND_BIRTH.get(note_around_birth(handler_input))
    if around_birth:
        return answer(handler_input, controls, around_birth)
    return _in_steps_or_where_it_hurts(handler_input, "struggling_in_steps", "struggling", invites=True)


class CantDoStepHandler(RoutedHandler):
    """ "I can't do that": never push through pain; skip the step. Outside the steps, where it
    hurts, for something gentler."""

    takes = intents("CantDoStepIntent")

    def handle(self, handler_input: HandlerInput):
        return _in_steps_or_where_it_hurts(handler_input, "cant_do_step", "cant_do_outside_steps", invites=True)


class StepsToPhoneHandler(RoutedHandler):
    """ "Send the steps to my phone": they are on the card in the Alexa app, sent again here."""

    takes = intents("StepsToPhoneIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        if not _in_remedy(handler_input):
            return reply(handler_input, asking_back(handler_input, text(content_.say("steps_on_phone_none"))),
                         reprompt=text(content_.say("welcome_reprompt")))
        state = conversation(handler_input)
        condition = content_.conditions[state["condition"]]
        return reply(handler_input, text(content_.say("steps_on_phone", condition=open_remedy_name(handler_input))),
                     reprompt=text(content_.say("step_reprompt")),
                     card=remedy_card(content_, condition, bool(state.get("pregnant")), state.get(FEELING)))


class StartOverHandler(RoutedHandler):
    takes = intents("AMAZON.StartOverIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        return _in_remedy(handler_input)

    def handle(self, handler_input: HandlerInput):
        return say_step(handler_input, 0)


class NotInRemedyHandler(RoutedHandler):
    """Next, back, repeat, start over or a step's number with no remedy open: "repeat" says our last
    answer again (an answer to a question, the welcome, a question back); otherwise the steps they
    went through last time are offered again, or we say how to begin (a session playing waits
    while we ask). "What step am I on?" while a session plays: it has none, and plays on."""

    takes = intents("AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.RepeatIntent",
                    "AMAZON.StartOverIntent", "StepNumberIntent", "WhatWasStepIntent", "StepsOverviewIntent",
                    "ReadAllStepsIntent")
    # Asked about the steps: while a session plays, it has none and plays on.
    ABOUT_STEPS = ("StepNumberIntent", "WhatWasStepIntent", "StepsOverviewIntent", "ReadAllStepsIntent")
    # Asked where they were: after a break or a session started from the steps, where that was.
    WHERE_WAS_I = ("StepsOverviewIntent", "ReadAllStepsIntent")

    def __init__(self, controls: SessionControls) -> None:
        self.controls = controls

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        back = self.controls.carry_on(handler_input) if kind_of(handler_input)[1] in self.ABOUT_STEPS else ""
        if back:
            return reply(handler_input, f"{text(content_.session_say('no_steps_in_session'))} {text(back)}")
        repeat = kind_of(handler_input)[1] == "AMAZON.RepeatIntent"
        said = conversation(handler_input).get(LAST_SAID) if repeat else None
        if isinstance(said, dict) and said.get("speech") and said.get("reprompt"):
            return _say_again(handler_input, said)
        state = conversation(handler_input)
        drop_question(state)                                        # an earlier offer: not this answer's
        last = memory(handler_input).get("last") or {}
        if kind_of(handler_input)[1] == "AMAZON.NextIntent" and steps_after_session(handler_input):
            return carry_on_after_session(handler_input)
        if kind_of(handler_input)[1] == "WhatWasStepIntent" and steps_after_session(handler_input):
            return recall_step_after_break(handler_input)
        if kind_of(handler_input)[1] == "StepNumberIntent" and steps_after_session(handler_input):
            reopen_steps(handler_input)     # "go to step two" after a break: step two of those steps
            return StepByNumberHandler().handle(handler_input)
        place = steps_after_session(handler_input) if kind_of(handler_input)[1] in self.WHERE_WAS_I else None
        if place:                               # "what step was I on" after a break: where they were
            return reply(handler_input, kept_steps_where(handler_input, place),
                         reprompt=text(content_.say("steps_kept_reprompt")))
        if last.get("kind") == "remedy" and last.get("id") in content_.conditions:
            # "Next step" after they stopped: the steps they were on, from the start, if they like.
            state.update(awaiting="offer_remedy", offer=last["id"])
            offer_feeling(state, last["id"], last.get(FEELING))
            name = remedy_name(content_, last["id"], last.get(FEELING))
            return reply(handler_input, asking_back(handler_input, text(content_.say("offer_last_remedy", condition=name))),
                         reprompt=text(content_.say("offer_last_remedy_reprompt", condition=name)))
        key = "nothing_to_repeat" if repeat else "nothing_to_continue"
        return reply(handler_input, asking_back(handler_input, text(content_.say(key))),
                     reprompt=text(content_.say("welcome_reprompt")))


def steps_after_session(handler_input: HandlerInput) -> Optional[Dict[str, Any]]:
    """Where a remedy's steps were (conversation.place_in_steps) when the last thing they did was a
    session started from them ("time it for me" at "put heat on it", yes to the session offered
    after the last step or after "what else can I do"), or those steps with a break in them
    (conversation.keep_place_for_a_break), those steps not being open now."""
    last = memory(handler_input).get("last") or {}
    place = last.get("remedy") if last.get("kind") in ("session", "remedy") else None
    if (_in_remedy(handler_input) or not isinstance(place, dict)
            or place.get("id") not in content(handler_input).conditions or not isinstance(place.get("step"), int)):
        return None
    return place


def kept_steps_where(handler_input: HandlerInput, place: Dict[str, Any]) -> str:
    """ "You were on step 3 of 7 for lower back spasm. Say next to carry on.": where the steps kept
    after a break or a session started from them (steps_after_session's `place`) were."""
    content_ = content(handler_input)
    condition = content_.conditions[place["id"]]
    name = remedy_name(content_, place["id"], place.get(FEELING))
    return text(content_.say("steps_kept_where", number=place["step"] + 1, total=len(condition.steps),
                             condition=name))


def reopen_steps(handler_input: HandlerInput) -> Dict[str, Any]:
    """The remedy's steps kept after a break or a session started from them (steps_after_session)
    open again in the conversation, as they were (pregnancy's steps, the notes that shape them),
    at the step they were on; the remedy is what they did last again. Where they were: the place."""
    place = steps_after_session(handler_input)
    state = conversation(handler_input)
    state["condition"] = place["id"]
    if place.get(FEELING):
        state[FEELING] = place[FEELING]
    state.update({note: True for note in STEP_NOTES if place.get(note)})
    if place.get(MORE_TOLD):
        state[MORE_TOLD] = [place["id"]]
    note = remedy_note(place["id"], place.get(FEELING))
    note_before(handler_input, memory(handler_input).get("last"), note)
    memory(handler_input)["last"] = note
    state["step"] = place["step"]
    return place


def carry_on_after_session(handler_input: HandlerInput):
    """ "Next" after a session started from a remedy's steps: the steps go on from the one after
    where they were, said as they were (pregnancy's steps); after the last step, the next thing
    the steps lead to: a few more ideas, if "what else can I do" was not said yet, or that that's
    all. The remedy is what they did last again, for "next" another time."""
    place = reopen_steps(handler_input)
    state = conversation(handler_input)
    content_ = content(handler_input)
    condition = content_.conditions[place["id"]]
    if place["step"] + 1 < len(condition.steps):
        return say_step(handler_input, place["step"] + 1)
    state["step"] = len(condition.steps) - 1
    name = open_remedy_name(handler_input)
    way_on = text(content_.say("steps_all_said_reprompt"))
    if place.get(MORE_TOLD):
        said = text(content_.say("steps_all_said", condition=name))
    else:
        said = more_ideas(content_, state, condition)
    return reply(handler_input, f"{said} {way_on}", reprompt=way_on)


def recall_step_after_break(handler_input: HandlerInput):
    """ "What was step one" back from a break in the steps (or after a session started from them):
    the steps open again where they were, and the step asked about is said as it is without a
    break, then "You're still on step 3" (WhatWasStepHandler). They were asked "Would you like to
    start them again?", and yes started at step 1 (skip22). Their place stays kept, as at the
    break, should they go again before saying next."""
    reopen_steps(handler_input)
    keep_place_for_a_break(handler_input)
    return WhatWasStepHandler(after_a_break=True).handle(handler_input)


class RememberWhatWasSaid(AbstractResponseInterceptor):
    """Keeps the last answer that kept listening in the conversation, for "repeat that"."""

    def process(self, handler_input: HandlerInput, response) -> None:
        if (response is None or response.should_end_session is not False
                or kind_of(handler_input)[0] not in (INTENT_REQUEST, "LaunchRequest")):
            return                      # an ended conversation, or a request without one
        speech = response.output_speech
        reprompt = response.reprompt.output_speech if response.reprompt else None
        if isinstance(speech, SsmlOutputSpeech) and isinstance(reprompt, SsmlOutputSpeech):
            said = {"speech": speech.ssml, "reprompt": reprompt.ssml}
            if handler_input.attributes_manager.request_attributes.get(ANSWERED):
                said["answer"] = True
            if handler_input.attributes_manager.request_attributes.get(WARNED):
                said["warned"] = True
            if handler_input.attributes_manager.request_attributes.get(STEP_SAID):
                said["step"] = True
            invited = handler_input.attributes_manager.request_attributes.get(INVITED)
            if invited:
                said["invited"] = invited
            conversation(handler_input)[LAST_SAID] = said
