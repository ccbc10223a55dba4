"""What every handler needs: its locale's content, the conversation state, slots and cards.

Session attributes (the conversation) use these keys:
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

Persistent attributes (the person's memory, see skill/store): disclaimer_heard, preferred_minutes,
last, history, timer_permission_asked, pending_session, and playback.<device> for a running session.
"last" is what they did last, a remedy ({"kind", "id", "feeling"}: remedy_note) or a session;
last_session, the last session they started (a remedy started since does not hide it from "did I
finish my session?").
A session started from a remedy's steps keeps in "last" where the steps were (place_in_steps, with
the pregnancy notes that shape them) until "next" takes them up again.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.slu.entityresolution import StatusCode
from ask_sdk_model.ui import StandardCard

from skill import timer_session
from skill.content import Condition, LocaleContent, content_for
from skill.handlers import red_flag_words
from skill.responses import CALM_RATE, calm, text


# Request note: this response answers a question (questions.answer): "repeat" then says it again,
# not the step (navigation.RememberWhatWasSaid).
ANSWERED = "answered"
# Request note: this response gave the warning signs (safety.RedFlagHandler): a "yes" right after
# means "yes, I have one of those" (navigation.RememberWhatWasSaid keeps it with what was said).
WARNED = "warned"


def content(handler_input: HandlerInput) -> LocaleContent:
    return content_for(getattr(handler_input.request_envelope.request, "locale", None))


def conversation(handler_input: HandlerInput) -> Dict[str, Any]:
    """Session attributes; empty (and not saved) for requests that have no session."""
    if handler_input.request_envelope.session is None:
        return {}
    return handler_input.attributes_manager.session_attributes


class _Unavailable(dict):
    available = False


SETTLED = "timer_session_settled"      # request note: timer_session.settle has looked at memory
# Persistent attribute: the last session they started, as "last" notes it at its start (without
# where a remedy's steps were), with how far it got if it was stopped.
LAST_SESSION = "last_session"


def memory(handler_input: HandlerInput) -> Dict[str, Any]:
    """The person's persistent attributes; an empty, unavailable dict when there is no store. As
    it stands now: a session on a device without audio whose time is up is finished (its timer
    sent us no word of it: timer_session.settle)."""
    try:
        attributes = handler_input.attributes_manager.persistent_attributes
    except Exception:  # noqa: BLE001 - no adapter configured: the skill works without memory
        return _Unavailable()
    notes = handler_input.attributes_manager.request_attributes
    if not notes.get(SETTLED) and memory_available(attributes):
        notes[SETTLED] = True
        timer_session.settle(handler_input, attributes)
    return attributes


def memory_noting(handler_input: HandlerInput, notes: Dict[str, Any]) -> Dict[str, Any]:
    """The person's memory with `notes` set in it (when there is memory). A handler that knows
    what it will write before it reads calls this first: if memory is not loaded yet, the notes are
    stored in the same database round trip as the load, instead of a second one when the response
    is saved. (The ASK AttributesManager has no public "is it loaded" or "which adapter"; without
    them this falls back to loading, then noting.)"""
    manager = handler_input.attributes_manager
    adapter = getattr(manager, "_persistence_adapter", None)
    if not getattr(manager, "_persistent_attributes_set", True) and hasattr(adapter, "get_attributes_noting"):
        manager.persistent_attributes = adapter.get_attributes_noting(handler_input.request_envelope, notes)
        replaced = getattr(manager.persistent_attributes, "replaced", {})
        manager.request_attributes[REPLACED] = {key: replaced[key] for key in notes if key in replaced}
        return memory(handler_input)
    attributes = memory(handler_input)
    if memory_available(attributes):
        manager.request_attributes[REPLACED] = {key: attributes[key] for key in notes if key in attributes}
        attributes.update(notes)
    return attributes


REPLACED = "replaced_memory"        # request attribute: what memory_noting's notes replaced


def replaced_by_notes(handler_input: HandlerInput) -> Dict[str, Any]:
    """What this request's memory_noting replaced ("last" before a remedy's), by name."""
    return handler_input.attributes_manager.request_attributes.get(REPLACED) or {}


def note_without_reading(handler_input: HandlerInput, notes: Dict[str, Any]) -> None:
    """Store `notes` without loading memory: one round trip, a write, for an event that reports a
    fact and needs nothing back (where the audio stopped). Memory that is already loaded gets
    them like any change. Saved with the response, as always; not at all without the database."""
    manager = handler_input.attributes_manager
    if getattr(manager, "_persistence_adapter", None) is None:
        return                                      # no store configured: nothing is kept
    if getattr(manager, "_persistent_attributes_set", True):
        memory_noting(handler_input, notes)
    else:
        # A dict not from the adapter has no snapshot: its keys are all written, nothing deleted.
        manager.persistent_attributes = dict(notes)


def memory_available(attributes: Dict[str, Any]) -> bool:
    return getattr(attributes, "available", True)


@dataclass(frozen=True)
class SlotReading:
    """A slot as heard: `id` when it resolved to one of our values, `heard` is the raw words."""

    id: Optional[str]
    heard: Optional[str]

    @property
    def unresolved(self) -> bool:
        return self.heard is not None and self.id is None


def read_slot(handler_input: HandlerInput, name: str) -> SlotReading:
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slot = (intent.slots or {}).get(name) if intent else None
    if slot is None or not slot.value:
        return SlotReading(None, None)
    for authority in (slot.resolutions.resolutions_per_authority or []) if slot.resolutions else []:
        code = getattr(authority.status, "code", None)
        if code == StatusCode.ER_SUCCESS_MATCH and authority.values:
            return SlotReading(authority.values[0].value.id.lower(), slot.value)
    return SlotReading(None, slot.value)  # no match, or a built-in type (no resolutions)


def slot_values(handler_input: HandlerInput) -> Dict[str, str]:
    """Every filled slot's raw words, for the safety check."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    if intent is None or not intent.slots:
        return {}
    return {name: slot.value for name, slot in intent.slots.items() if slot is not None and slot.value}


def unknown_words(content_: LocaleContent, key: str, heard: Optional[str], **values) -> str:
    """The prompt `key` that says their words back ('I don't have steps for "{heard}" yet'), or
    its `_unnamed` form when the words carry a crisis or an emergency meaning, even one set aside
    ("life", "heart attack"): those are never said back as a body part or a feeling."""
    words = heard or ""
    if (content_.mentioned("crisis_words", words) or content_.mentioned("emergency_words", words)
            or any(red_flag_words.read_any(content_.locale, words))):
        return content_.say(f"{key}_unnamed", **values)
    return content_.say(key, heard=heard, **values)


WARNED_IN_FALLBACK = "fallback_warned"    # conversation note: the urgent signs were said on a fallback


def first_fallback(state: Dict[str, Any]) -> bool:
    """Whether this "Sorry, I didn't catch that" is the conversation's first, which says the
    urgent signs in full (Alexa sends no words: they may have been a red flag); noted as said."""
    first = not state.get(WARNED_IN_FALLBACK)
    state[WARNED_IN_FALLBACK] = True
    return first


SAID_WORDS = "said_words"             # request attribute: said_words() of this request


def said_words(handler_input: HandlerInput) -> str:
    """Every filled slot's words in one string, worked out once a request: the safety handlers
    that look at every intent's words each read them."""
    cache = handler_input.attributes_manager.request_attributes
    words = cache.get(SAID_WORDS)
    if words is None:
        words = cache[SAID_WORDS] = " ".join(slot_values(handler_input).values())
    return words


# Where the conversation keeps the question a yes, a no or a length would answer (what is
# awaited, what is offered, how long, and whether they asked for a short one).
QUESTION_KEYS = ("awaiting", "offer", "offer_minutes", "brief", "offer_feeling")


def drop_question(state: Dict[str, Any]) -> None:
    """The question we asked no longer stands: a yes after this cannot confirm it."""
    for key in QUESTION_KEYS:
        state.pop(key, None)


# Questions a yes would confirm that must not outlive a turn about something else (help, a
# comfort, words not caught): "yes" then cannot delete their data.
CONFIRMATIONS = ("forget", "reset_preference")


def drop_confirmation(state: Dict[str, Any]) -> None:
    """A pending forget-me or reset confirmation no longer stands."""
    if state.get("awaiting") in CONFIRMATIONS:
        drop_question(state)


def steps_to_come(handler_input: HandlerInput) -> bool:
    """A remedy is open in the conversation and its last step has not been said yet."""
    state = conversation(handler_input)
    condition = content(handler_input).conditions.get(state.get("condition", ""))
    return condition is not None and state.get("step", 0) + 1 < len(condition.steps)


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


def no_session_reply(handler_input: HandlerInput):
    """ "How long is left?", "five more minutes" with no session running: said so. In a remedy's
    steps (one says heat for fifteen minutes) the steps go on after it, as after any question."""
    content_ = content(handler_input)
    if steps_to_come(handler_input):
        said = f"{text(content_.session_say('no_session_in_steps'))} {text(content_.say('answer_back_to_steps'))}"
        return reply(handler_input, said, reprompt=text(content_.say("step_reprompt")))
    return reply(handler_input, text(content_.session_say("no_session")))


def offered_session(handler_input: HandlerInput) -> Optional[str]:
    """The name of the session offered after a remedy's last step, while that offer still stands."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    offer = state.get("offer")
    if state.get("awaiting") == "offer_session" and offer in content_.sessions:
        return content_.sessions[offer].name
    return None


def steps_go_on(handler_input: HandlerInput, speech: str):
    """`speech` (SSML-safe), and the remedy's steps open in the conversation go on after it, as
    after any question: "say next" while steps are to come; after the last step, the session it
    offered, asked again. None when there are no steps to go on with."""
    content_ = content(handler_input)
    if steps_to_come(handler_input):
        return reply(handler_input, f"{speech} {text(content_.say('answer_back_to_steps'))}",
                     reprompt=text(content_.say("step_reprompt")))
    offered = offered_session(handler_input) if conversation(handler_input).get("condition") else None
    if offered:
        return reply(handler_input, f"{speech} {text(content_.say('offer_session', session=offered))}",
                     reprompt=text(content_.say("offer_session_reprompt", session=offered)))
    return None


def back_to_the_steps(handler_input: HandlerInput) -> None:
    """A reply that leads on to the next step ("say next when you're ready"): a session offered
    along the way ("what else can I do") no longer stands, so a later "okay" is the next step,
    not yes to that offer."""
    if steps_to_come(handler_input):
        drop_question(conversation(handler_input))


def steps_reprompt(handler_input: HandlerInput) -> str:
    """How to carry on in a remedy's steps: "say next" while steps are to come; after the last
    one, the session still offered, or start over (there is no next step to lead to)."""
    content_ = content(handler_input)
    if steps_to_come(handler_input):
        return content_.say("step_reprompt")
    session = offered_session(handler_input)
    if session:
        return content_.say("offer_session_reprompt", session=session)
    return content_.say("last_step_reprompt")


def where_in_steps(handler_input: HandlerInput) -> str:
    """Which step they are on and how to carry on, for help and for words not caught."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    total = len(content_.conditions[state["condition"]].steps)
    if steps_to_come(handler_input):
        return content_.say("in_steps_where", number=state.get("step", 0) + 1, total=total)
    return content_.say("after_steps_where", carry_on=steps_reprompt(handler_input))


def remedy_card(content_: LocaleContent, condition: Condition, pregnant: bool = False,
                feeling: Optional[str] = None) -> StandardCard:
    """The whole remedy for the Alexa app, titled for the `feeling` they said: every step (as said
    in pregnancy, when `pregnant`), then what's good to know."""
    lines = [f"{content_.say('card_steps_heading')}:"]
    lines += [f"{number}. {step}" for number, step in enumerate(condition.steps_for(pregnant), start=1)]
    if condition.caveats:
        lines += ["", f"{content_.say('card_caveats_heading')}:"] + [f"• {c}" for c in condition.caveats]
    lines += ["", content_.say("card_footer")]
    return StandardCard(title=condition.named(feeling), text="\n".join(lines))


# Request notes about the first-use notice in this response: it was said (or held back on
# purpose), or, when due, it goes after what is said (warning signs first).
NOTICE_PLACED = "notice_placed"
NOTICE_LAST = "notice_last"


def first_use_notice(handler_input: HandlerInput) -> str:
    """The one-sentence disclaimer, once per person (every time when memory is unavailable).
    Handlers place it where it belongs; a response that has none gets it from FirstUseNotice."""
    handler_input.attributes_manager.request_attributes[NOTICE_PLACED] = True
    attributes = memory(handler_input)
    if attributes.get("disclaimer_heard"):
        return ""
    if memory_available(attributes):
        attributes["disclaimer_heard"] = True
    return text(content(handler_input).say("disclaimer"))


def hold_back_notice(handler_input: HandlerInput) -> None:
    """No first-use notice in this response, whatever else: someone in crisis, or asking us to call
    for help, hears nothing after what to do now. It waits for their next time."""
    handler_input.attributes_manager.request_attributes[NOTICE_PLACED] = True


def notice_last(handler_input: HandlerInput) -> None:
    """If this response carries the first-use notice, it comes after what is said: the warning
    signs, or what to do if it's urgent, come first."""
    handler_input.attributes_manager.request_attributes[NOTICE_LAST] = True


def reply(handler_input: HandlerInput, speech: str, reprompt: Optional[str] = None, card=None, *,
          rate: str = CALM_RATE):
    """Speak calmly (or at `rate`); keep listening when there is a reprompt, end the session
    otherwise."""
    builder = handler_input.response_builder.speak(calm(speech, rate=rate))
    if card is not None:
        builder.set_card(card)
    if reprompt:
        builder.ask(calm(reprompt))
    builder.set_should_end_session(not reprompt)
    return builder.response


__all__ = ["content", "conversation", "memory", "memory_available", "read_slot", "slot_values",
           "remedy_card", "first_use_notice", "reply", "SlotReading", "steps_to_come", "steps_reprompt",
           "back_to_the_steps",
           "offered_session", "where_in_steps", "text"]
