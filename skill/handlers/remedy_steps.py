"""A remedy's steps, one per turn: starting them, saying a step, and the question asked instead
when the words don't say enough.

The remedy handlers (remedies.py), navigation ("next", "go back") and a yes to an offer all go on
through here, so a step is said, carded and remembered the same way whoever asked for it.
"""
from __future__ import annotations

from typing import Dict, List, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent
from skill.handlers.conversation import (FEELING, OFFERED_FEELING, REDUCED_FEELING, content, conversation,
                                         move_kept_place, open_remedy_name, remedy_note)
from skill.handlers.memory import memory_noting, replaced_by_notes
from skill.handlers.replies import STEP_SAID, first_use_notice, remedy_card, reply
from skill.handlers.running_session import asking_back
from skill.responses import CALM_RATE, text


def say_step(handler_input: HandlerInput, index: int, *, lead: str = "", rate: str = CALM_RATE,
             with_card: bool = False):
    """Say step `index` of the current remedy (at `rate`); the last step offers a session. The card
    with every step goes to the Alexa app once, with the first step (`with_card`): each card sent
    is another entry in the app's feed."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    condition = content_.conditions[state["condition"]]
    total = len(condition.steps)
    index = max(0, min(index, total - 1))
    state["step"] = index
    state.pop("awaiting", None)
    handler_input.attributes_manager.request_attributes[STEP_SAID] = True
    move_kept_place(handler_input)
    parts = [lead, step_said(handler_input, index)]
    reprompt = text(content_.say("step_reprompt"))
    session_type = session_they_can_do(content_, state, condition.session)
    if index < total - 1:
        parts.append(text(content_.say("step_prompt")))
    elif session_type:
        session_name = content_.sessions[session_type].name
        parts += [text(content_.say("last_step_done")),
                  text(content_.say("offer_session", session=session_name))]
        reprompt = text(content_.say("offer_session_reprompt", session=session_name))
        state.update(awaiting="offer_session", offer=session_type)
    else:
        parts.append(text(content_.say("no_more_steps", condition=open_remedy_name(handler_input))))
        reprompt = text(content_.say("last_step_reprompt"))         # there is no next step
    return reply(handler_input, " ".join(p for p in parts if p), reprompt=reprompt,
                 card=remedy_card(content_, condition, bool(state.get("pregnant")), state.get(FEELING))
                 if with_card else None,
                 rate=rate)


LAST_STEP = "last"          # STEP_ORDINAL's id for "the last step", "the last one"
FINAL_STEP = "final"        # STEP_ORDINAL's id for "the final step", "the very last step"
STEP_BEFORE = "previous"    # STEP_ORDINAL's id for "the previous step", "the one before"


def step_by_place(handler_input: HandlerInput, place: Optional[str]) -> Optional[int]:
    """The index of the open remedy's step said by its place (STEP_ORDINAL's id, "2" for "the
    second step", LAST_STEP or FINAL_STEP for the remedy's last step, STEP_BEFORE for the one
    before where they are: at the first step, the first step), or None when it is not one of its
    steps."""
    state = conversation(handler_input)
    total = len(content(handler_input).conditions[state["condition"]].steps)
    if place in (LAST_STEP, FINAL_STEP):
        return total - 1
    if place == STEP_BEFORE:
        return max(state.get("step", 0) - 1, 0)
    if not (place or "").isdigit() or not 1 <= int(place) <= total:
        return None
    return int(place) - 1


def step_said(handler_input: HandlerInput, index: int) -> str:
    """Step `index` of the open remedy as it is said (SSML-safe): "Step 2 of 7." and its words (in
    pregnancy, its own), with the reminders a caution said earlier brings to it."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    condition = content_.conditions[state["condition"]]
    steps = condition.steps_for(bool(state.get("pregnant")))
    said = text(content_.say("step", number=index + 1, total=len(condition.steps), text=steps[index]))
    return " ".join([said, *step_reminders(handler_input, steps[index])])


def step_reminders(handler_input: HandlerInput, step: str) -> List[str]:
    """The reminders a caution said earlier brings to a step with these words (SSML-safe), said with
    the step and with what is said about it ("why does that help", "how do I do that")."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    parts = []
    if state.get(REDUCED_FEELING) and content_.mentioned("heat_source", step):
        # Diabetes or nerve damage mentioned (cautions.ReducedFeelingHandler): as a heat session does.
        parts.append(text(content_.say("reduced_feeling_reminder")))
    if state.get("blood_thinners") and content_.mentioned("pressure_on_muscles", step):
        # On blood thinners (cautions.BloodThinnersHandler): a ball or massage pressed gently.
        parts.append(text(content_.say("blood_thinner_step_reminder")))
    return parts


def session_they_can_do(content_: LocaleContent, state: Dict[str, object], session_type: Optional[str]
                         ) -> Optional[str]:
    """The remedy's session, or, for something they said they don't have ("I don't have a mat") or
    should check first in pregnancy, the session its answer offers instead (answers.yaml: instead)."""
    if session_type in (state.get("missing") or ()) or (
            state.get("pregnant") and session_type in content_.say("pregnancy_cautions")):
        substitute = content_.answers.get(f"instead.{session_type}")
        session_type = substitute.session if substitute is not None else None
    return session_type if session_type in content_.sessions else None


def start_remedy(handler_input: HandlerInput, condition_id: str, *, lead: str = "",
                 symptom: Optional[str] = None, opening: str = "", remind: bool = True):
    """Begin a remedy at step one, with its one-sentence introduction (the `symptom`'s own, if it
    has one: a tight lower back is not introduced as a spasm), after `lead`, if any, and the
    first-use notice; `opening` comes just before the introduction. In pregnancy the reminder
    comes first, unless `remind` is False (the cautions are in `lead`). The symptom is the feeling
    that names the remedy from now on (FEELING), in the conversation and in memory; with none
    said, the one the remedy was offered for, if a yes to that offer starts it."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    offered = state.pop(OFFERED_FEELING, None)
    if symptom is None and isinstance(offered, dict) and offered.get("id") == condition_id:
        symptom = offered.get(FEELING)
    for key in ("pending", "offer", "awaiting", "area", FEELING):     # area: set again by remedy_or_question
        state.pop(key, None)
    state["condition"] = condition_id
    if symptom:
        state[FEELING] = symptom
    memory_note(handler_input, remedy_note(condition_id, symptom))
    condition = content_.conditions[condition_id]
    intro = asking_back(handler_input, " ".join(
        text(p) for p in (opening, condition.intro_for.get(symptom or "", condition.intro)) if p))
    reminder = text(content_.say("pregnancy_reminder")) if state.get("pregnant") and remind else ""
    lead = " ".join(p for p in (lead, first_use_notice(handler_input), reminder, intro) if p)
    return say_step(handler_input, 0, lead=lead, with_card=True)


def memory_note(handler_input: HandlerInput, last: Dict[str, object]) -> None:
    """Remember what the person did last, for "same as last time": noted with the load, so a
    remedy costs one database round trip (see memory_noting). What it replaced is what they did
    before this, kept in the conversation: "what did I do last time" during it means that one."""
    memory_noting(handler_input, {"last": last})
    note_before(handler_input, replaced_by_notes(handler_input).get("last"), last)


def note_before(handler_input: HandlerInput, before: object, now: Dict[str, object]) -> None:
    """Keep what they did before `now` in the conversation (BEFORE), unless it is `now` itself
    started again in this conversation ("start over"): then what came before it still stands."""
    state = conversation(handler_input)
    if not isinstance(before, dict) or not before.get("kind"):
        return
    before = {key: value for key, value in before.items() if key != BEFORE}
    if before == now and BEFORE in state:
        return
    state[BEFORE] = before


BEFORE = "before"           # conversation note: what they did before the remedy open now ("last")


def ask_question(handler_input: HandlerInput, question: str, pending: Dict[str, Optional[str]], *,
                 lead: str = ""):
    content_ = content(handler_input)
    state = conversation(handler_input)
    state.update(awaiting="clarify", pending={k: v for k, v in pending.items() if v})
    asked = asking_back(handler_input, text(question))
    return reply(handler_input, " ".join(p for p in (lead, first_use_notice(handler_input), asked) if p),
                 reprompt=text(content_.say("ask_reprompt")))


def offer_feeling(state: Dict[str, object], condition_id: str, feeling: Optional[str]) -> None:
    """Remedy steps are offered ("would you like the steps for ..."): a yes starts them for the
    feeling they were offered for (start_remedy), named and introduced as it was said."""
    state.pop(OFFERED_FEELING, None)
    if feeling:
        state[OFFERED_FEELING] = {"id": condition_id, FEELING: feeling}

