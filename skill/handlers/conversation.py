"""The conversation (session attributes): what it is about, where the steps are, and the question
a yes or a short answer would answer. Every handler reads it, with its locale's content.

Its keys:
  condition   id of the remedy being walked through; area, the body area that led to it
  feeling     the symptom id they said it feels like ("sore"), which names the remedy (remedy_name)
  step        index of the step last said (0-based)
  awaiting    what a yes/no or a short answer refers to: "clarify", "offer_session", "offer_remedy",
              "timer_only", "session_type", "offer_preference" (a length to save), "preference_type"
              (which session a length is for) or "forget"
  pending     slots heard so far while clarifying: {"area": id, "symptom": id}
  missing     what they said they don't have ("mat"): its session is not offered (answers.yaml: instead)
  more_told   remedies whose "what else can I do" has been said in this conversation
  followed_up an answer has ended with "tell me where it hurts" (later ones end shorter)
  offer       the session type a yes would start (or save a length for); offer_minutes, its length
              (None: default); or, with "offer_remedy", the remedy a yes would start, and
              offer_feeling, the feeling it was offered for ({"id", "feeling"})
  brief       with "session_type": they asked for a short one, so the kind chosen starts shortest
  usual_offered  with "offer_session": the session offered is the usual they just named
  usual_asked    with "session_type": asked after "start my usual", so the kind chosen is their usual
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput

from skill.content import LocaleContent, content_for
from skill.handlers.memory import memory, memory_available


def content(handler_input: HandlerInput) -> LocaleContent:
    return content_for(getattr(handler_input.request_envelope.request, "locale", None))


def conversation(handler_input: HandlerInput) -> Dict[str, Any]:
    """Session attributes; empty (and not saved) for requests that have no session."""
    if handler_input.request_envelope.session is None:
        return {}
    return handler_input.attributes_manager.session_attributes


WARNED_IN_FALLBACK = "fallback_warned"    # conversation note: the urgent signs were said on a fallback


def first_fallback(state: Dict[str, Any]) -> bool:
    """Whether this "Sorry, I didn't catch that" is the conversation's first, which says the
    urgent signs in full (Alexa sends no words: they may have been a red flag); noted as said."""
    first = not state.get(WARNED_IN_FALLBACK)
    state[WARNED_IN_FALLBACK] = True
    return first


# With "offer_session": the session offered is the usual they just named (usual_choice.py), so a
# no ends kindly with how to start it later. With "session_type": we asked which after "start my
# usual" with no usual known, so the kind they choose is kept as their usual.
USUAL_OFFERED = "usual_offered"
USUAL_ASKED = "usual_asked"
# Where the conversation keeps the question a yes, a no or a length would answer (what is
# awaited, what is offered, how long, whether they asked for a short one, and why it is offered).
QUESTION_KEYS = ("awaiting", "offer", "offer_minutes", "brief", "offer_feeling", USUAL_OFFERED, USUAL_ASKED)


def drop_question(state: Dict[str, Any]) -> None:
    """The question we asked no longer stands: a yes after this cannot confirm it."""
    for key in QUESTION_KEYS:
        state.pop(key, None)


# Questions a yes would confirm that must not outlive a turn about something else (help, a
# comfort, words not caught): "yes" then cannot delete their data.
FORGET_SESSION = "forget_session"       # "forget that session": yes deletes it (session_privacy.py)
STOP_SAVING = "stop_saving"             # "stop saving my sessions": yes switches it off (saving_choice.py)
CONFIRMATIONS = ("forget", "reset_preference", FORGET_SESSION, STOP_SAVING)


def drop_confirmation(state: Dict[str, Any]) -> None:
    """A pending forget-me or reset confirmation no longer stands."""
    if state.get("awaiting") in CONFIRMATIONS:
        drop_question(state)


def steps_to_come(handler_input: HandlerInput) -> bool:
    """A remedy is open in the conversation and its last step has not been said yet."""
    state = conversation(handler_input)
    condition = content(handler_input).conditions.get(state.get("condition", ""))
    return condition is not None and state.get("step", 0) + 1 < len(condition.steps)


def step_on(state: Dict[str, Any], step_count: int) -> int:
    """The index of the step they are on, within a remedy of `step_count` steps (a conversation
    kept from before may point past the end of a remedy that has fewer steps now)."""
    return min(state.get("step", 0), step_count - 1)


# Conversation notes that shape how the rest of a remedy is said: pregnancy's steps and cautions,
# a new baby's cautions, and "what else can I do" already said (not said again).
MORE_TOLD = "more_told"
STEP_NOTES = ("pregnant", "postpartum")
# Device session state: which of STEP_NOTES was said when the session started ("I'm pregnant", yes
# to the meditation offered), kept only while it runs, so a warning said during it in a new
# conversation ("I'm bleeding") is still pregnancy's (red_flags_said.py; said in "what do you know about me").
SESSION_NOTE = "note"


def note_around_birth(handler_input: HandlerInput) -> Optional[str]:
    """Pregnancy or a new baby, said in this conversation (STEP_NOTES), or None."""
    state = conversation(handler_input)
    return next((note for note in STEP_NOTES if state.get(note)), None)


# Diabetes, nerve damage or poor circulation said (cautions.ReducedFeelingHandler): heat sessions,
# heat steps and answers that advise heat then carry a reminder (questions.ANSWER_LEADS).
REDUCED_FEELING = "reduced_feeling"
FEELING = "feeling"          # conversation, and remedy notes in memory: how they said it feels
OFFERED_FEELING = "offer_feeling"   # conversation: the feeling of the remedy a yes would start


def remedy_note(condition_id: str, feeling: Optional[str]) -> Dict[str, Any]:
    """Memory's note of a remedy ("last"): which, and the feeling they said, which names it. A
    note from before feelings were kept has none, and reads as well (Condition.named)."""
    return {"kind": "remedy", "id": condition_id, **({FEELING: feeling} if feeling else {})}


def remedy_name(content_: LocaleContent, condition_id: str, feeling: Optional[str]) -> str:
    """A remedy's name as said mid-sentence ("the steps for lower back soreness"), for the feeling
    they said (none known: the name that says no feeling)."""
    return content_.conditions[condition_id].named(feeling).lower()


def open_remedy_name(handler_input: HandlerInput) -> str:
    """The name of the remedy open in the conversation, for the feeling they said."""
    state = conversation(handler_input)
    return remedy_name(content(handler_input), state["condition"], state.get(FEELING))


def place_in_steps(handler_input: HandlerInput, step: Optional[int] = None) -> Optional[Dict[str, Any]]:
    """Where the remedy open in the conversation is: its id, the step last said (or `step`), the
    feeling that names it, and the notes that shape how the rest is said. A session started from
    the steps keeps it, since the audio ends the conversation: "next" after the session goes on
    from there (navigation.carry_on_after_session). None with no remedy open."""
    state = conversation(handler_input)
    condition_id = state.get("condition")
    if condition_id not in content(handler_input).conditions:
        return None
    place: Dict[str, Any] = {"id": condition_id, "step": state.get("step", 0) if step is None else step}
    if state.get(FEELING):
        place[FEELING] = state[FEELING]
    if condition_id in (state.get(MORE_TOLD) or ()):
        place[MORE_TOLD] = True
    place.update({note: True for note in STEP_NOTES if state.get(note)})
    return place


# Conversation note: a break in the steps kept their place in memory ("last"'s "remedy"); a step
# said after it in the same conversation moves it (remedy_steps.say_step).
PLACE_KEPT = "place_kept"


def keep_place_for_a_break(handler_input: HandlerInput, place: Optional[Dict[str, Any]] = None) -> None:
    """A break in a remedy's steps (the loo, "hang on"): where the steps were (`place`, or the
    conversation's) is kept with the remedy in memory's "last", as for a session started from
    them, since the conversation may close before they are back: "Alexa, ask back relief next"
    goes on from the following step."""
    place = place or place_in_steps(handler_input)
    attributes = memory(handler_input)
    if place is None or not memory_available(attributes):
        return
    last = attributes.get("last")
    kept = dict(last) if isinstance(last, dict) and last.get("kind") == "remedy" and last.get("id") == place["id"] \
        else remedy_note(place["id"], place.get(FEELING))
    attributes["last"] = {**kept, "remedy": place}
    conversation(handler_input)[PLACE_KEPT] = True


def move_kept_place(handler_input: HandlerInput) -> None:
    """The steps went on in the conversation a break was in: the place kept moves with them (a
    write only then; "next" otherwise sends the database nothing)."""
    if conversation(handler_input).get(PLACE_KEPT):
        keep_place_for_a_break(handler_input)

