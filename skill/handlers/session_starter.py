"""Starting a timed session, wherever it is asked for: which session and how long (said,
preferred, or the default) → within bounds, or offer the nearest allowed → a device that can play
audio, or offer a timer instead → the first time, ask permission for a spoken end (an Alexa timer)
→ intro, card and AudioPlayer.Play. The handlers that ask for one: sessions.py, preferences.py
(my usual, same as last time), corrections.py and builtins.py (yes to an offer).
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.connections import SendRequestDirective

from skill import alerts, clock, timer_session
from skill.audio.library import AudioLibrary
from skill.audio.timeline import session_type as session_kind
from skill.handlers import session_cards
from skill.handlers.conversation import (REDUCED_FEELING, SESSION_NOTE, STEP_NOTES, content, conversation,
                                         note_around_birth, place_in_steps)
from skill.handlers.memory import LAST_SESSION, memory, memory_available
from skill.handlers.replies import first_use_notice, reply
from skill.handlers.session_endings import heat_off_owed
from skill.handlers.session_words import whole_minutes
from skill.handlers.timer_permission import permission_token
from skill.playback import NOT_KEPT, STARTED_BY, SessionToken, device_key, play, save_state, supports_audio
from skill.store.attributes import SAVING_OFF
from skill.responses import calm, text



def preferred_minutes(handler_input: HandlerInput, session_type: str) -> Optional[int]:
    preferred = memory(handler_input).get("preferred_minutes") or {}
    value = preferred.get(session_type) if isinstance(preferred, dict) else None
    return value if isinstance(value, int) else None


def spoken_minutes(content_, minutes: int) -> str:
    return content_.session_say("one_minute") if minutes == 1 else content_.session_say("minutes", count=minutes)


# Memory: Alexa refused our last timer for want of permission, though the request carried a
# consent token (given for reminders, not timers): the next session asks for timers.
TIMERS_REFUSED = "timers_refused"


def timers_allowed(handler_input: HandlerInput) -> bool:
    """Timers allowed, as the request tells, and not refused by Alexa since (TIMERS_REFUSED)."""
    return alerts.has_timer_permission(handler_input) and not memory(handler_input).get(TIMERS_REFUSED)


def note_timer_refusal(handler_input: HandlerInput) -> None:
    """After a timer was tried: refused for want of permission, timers are asked for at the next
    start (their consent token was for something else: reminders)."""
    if handler_input.attributes_manager.request_attributes.get(alerts.TIMER_REFUSED):
        remembered = memory(handler_input)
        remembered[TIMERS_REFUSED] = True
        remembered.pop("timer_permission_asked", None)


def end_of_session_timer(handler_input: HandlerInput, session_type: str, seconds: float) -> Optional[str]:
    """An Alexa timer, labelled with the session, that announces its end; its id, or None."""
    content_ = content(handler_input)
    texts = content_.sessions[session_type]
    return alerts.create_timer(handler_input, seconds, content_.session_say("timer_label", name=texts.name),
                               texts.finished)


def total_minutes(session_type: str, minutes: int) -> int:
    """The whole length: a release's minutes are per side."""
    return minutes * (2 if session_kind(session_type).minutes_are_per_side else 1)


def held_between(handler_input: HandlerInput, first: str, question: str) -> str:
    """`first` (what we can't do), then the word that a session playing here now waits, then the
    question: what matters is heard first, not "I've paused your mat session" (SSML-safe parts)."""
    from skill.handlers.running_session import hold_for_conversation
    held = text(hold_for_conversation(handler_input))
    return " ".join(p for p in (first, held, question) if p)


def unfinished_session_name(handler_input: HandlerInput) -> str:
    """The name of the session this device has not finished (playing, paused or held), or ""."""
    from skill.handlers.running_session import running_session
    session = running_session(handler_input)
    return session.name(handler_input) if session is not None and session.remaining_seconds > 0 else ""


class SessionStarter:
    """Starts sessions; shared by every handler that can lead to one (start, yes, usual, last time)."""

    def __init__(self, audio: AudioLibrary) -> None:
        self.audio = audio

    def start(self, handler_input: HandlerInput, session_type: str, minutes: Optional[float], lead: str = "",
              remedy_step: Optional[Dict[str, Any]] = None):
        """`remedy_step` (conversation.place_in_steps): the remedy step this session times, to carry on
        from after it (see begin); by default, where the remedy open in the conversation is (its
        offer after the last step, "what else can I do", a session named in the steps)."""
        content_ = content(handler_input)
        remedy_step = remedy_step or place_in_steps(handler_input)
        if conversation(handler_input).get("pregnant") and session_type in content_.say("pregnancy_cautions"):
            lead = " ".join(p for p in (lead, text(content_.say("pregnancy_reminder"))) if p)
        if conversation(handler_input).get(REDUCED_FEELING) and session_type == "heat":   # cautions.py
            lead = " ".join(p for p in (lead, text(content_.say("reduced_feeling_reminder"))) if p)
        if conversation(handler_input).get("blood_thinners") and session_type == "release":     # cautions.py
            lead = " ".join(p for p in (lead, text(content_.say("blood_thinner_step_reminder"))) if p)
        kind = session_kind(session_type)
        name = content_.sessions[session_type].name
        if minutes is None:
            minutes = preferred_minutes(handler_input, session_type) or kind.default_minutes
        whole = whole_minutes(minutes)
        if whole not in kind.allowed_minutes:
            nearest = min(max(whole, kind.min_minutes), kind.max_minutes)
            conversation(handler_input).update(awaiting="offer_session", offer=session_type, offer_minutes=nearest)
            per_side = "_per_side" if kind.minutes_are_per_side else ""       # a release's minutes
            bounds = content_.session_say(f"out_of_range{per_side}", name=name, low=kind.min_minutes,
                                          high=kind.max_minutes)
            question = content_.session_say(f"out_of_range_question{per_side}", nearest=nearest)
            said = held_between(handler_input, text(bounds), text(question))
            return reply(handler_input, " ".join(p for p in (lead, said) if p),
                         reprompt=text(content_.session_say(f"out_of_range_reprompt{per_side}", nearest=nearest)))
        if not supports_audio(handler_input):
            conversation(handler_input).update(awaiting="timer_only", offer=session_type, offer_minutes=whole)
            question = content_.session_say("no_audio_device", minutes=total_minutes(session_type, whole), name=name)
            return reply(handler_input, " ".join(p for p in (lead, text(question)) if p),
                         reprompt=text(content_.session_say("no_audio_reprompt")))
        attributes = memory(handler_input)
        if (not timers_allowed(handler_input) and memory_available(attributes)
                and not attributes.get("timer_permission_asked")):
            pending = {"type": session_type, "minutes": whole, **({"remedy": remedy_step} if remedy_step else {}),
                       **{SESSION_NOTE: note for note in [note_around_birth(handler_input)] if note}}
            return self.ask_timer_permission(handler_input, pending, lead)
        return self.begin(handler_input, session_type, whole, lead=lead, remedy_step=remedy_step)

    def ask_timer_permission(self, handler_input: HandlerInput, pending: Dict[str, Any], lead: str = ""):
        """Ask once, by voice, to announce the end with an Alexa timer; the answer resumes the start.
        What to resume travels in the request's token too, which Alexa hands back with the answer:
        with the database away, the session still starts."""
        attributes = memory(handler_input)
        attributes["timer_permission_asked"] = True
        attributes["pending_session"] = pending
        content_ = content(handler_input)
        builder = handler_input.response_builder
        # A device without audio asked for the timer itself: "also" would not fit.
        asking = "ask_timer_only_permission" if pending.get("timer_only") else "ask_timer_permission"
        builder.speak(calm(" ".join(p for p in (lead, text(content_.session_say(asking))) if p)))
        builder.add_directive(SendRequestDirective(name="AskFor", token=permission_token(pending), payload={
            "@type": "AskForPermissionsConsentRequest", "@version": "2",
            "permissionScopes": [{"permissionScope": alerts.TIMERS_SCOPE, "consentLevel": "ACCOUNT"}]}))
        builder.set_should_end_session(True)
        return builder.response

    def begin(self, handler_input: HandlerInput, session_type: str, minutes: int, lead: str = "",
              note: str = "", remedy_step: Optional[Dict[str, Any]] = None, around_birth: Optional[str] = None):
        """Intro, card, an Alexa timer when allowed, and the audio itself. A session started from a
        remedy's steps is remembered with where they were ("last"), so "next" after it carries on
        from there; pregnancy or a new baby (`around_birth`, or said now), with it (conversation.SESSION_NOTE)."""
        content_ = content(handler_input)
        texts = content_.sessions[session_type]
        replaced = unfinished_session_name(handler_input)
        if replaced:                                    # the new one takes its place: said, briefly
            if replaced == content_.sessions["heat"].name and session_type != "heat":
                heat_off_owed(handler_input, "heat", "ended")     # and the heat comes off
            lead = " ".join(p for p in (text(content_.session_say("session_replaced", name=replaced)), lead) if p)
        token = SessionToken.new(session_type, minutes)
        timer_id = None
        if timers_allowed(handler_input):
            timer_id = end_of_session_timer(handler_input, session_type, token.timeline.end_seconds)
            if timer_id is None and not note:
                note = content_.session_say("timer_failed")
            note_timer_refusal(handler_input)
        state = {"token": str(token), "offset_ms": 0, "timer_id": timer_id, "paused": False,
                 "started_at": clock.now(handler_input).isoformat()}
        around_birth = around_birth or note_around_birth(handler_input)
        if around_birth in STEP_NOTES and not (remedy_step or {}).get(around_birth):    # not kept twice
            state[SESSION_NOTE] = around_birth
        _started(handler_input, token, state, remedy_step)
        short = texts.intro_short and not session_kind(session_type).rings_between(minutes)
        intro = (texts.intro_short if short else texts.intro).format(length=spoken_minutes(content_, minutes))
        end_bells = f'<audio src="{self.audio.cue_url("end_bells")}"/>'
        notice = first_use_notice(handler_input)       # whatever they do first, heard once
        kind = session_cards.kind_word(content_, session_type, minutes)     # shorter than advised
        # No spoken alert after all: said first, before the intro that leads into the audio.
        # The end bells close what is said: the audio follows them, so nothing may come after.
        speech = " ".join(p for p in (lead, text(note), notice, text(kind), text(intro), end_bells) if p)
        handler_input.response_builder.speak(calm(speech, rate="88%"))
        card = session_cards.session_card(content_, session_type, minutes)
        handler_input.response_builder.set_card(card)
        play(handler_input, self.audio.url_for(session_type, minutes), token, 0, title=card.title)
        handler_input.response_builder.set_should_end_session(True)
        return handler_input.response_builder.response

    def timer_only(self, handler_input: HandlerInput, session_type: str, minutes: int,
                   remedy_step: Optional[Dict[str, Any]] = None):
        """A device without AudioPlayer: an Alexa timer that announces the end, and nothing else.
        It is this device's session all the same (timer_session: its place by the clock); started
        from a remedy's steps, it keeps where they were, as a played session does (see begin)."""
        content_ = content(handler_input)
        texts = content_.sessions[session_type]
        remedy_step = remedy_step or place_in_steps(handler_input)
        if not timers_allowed(handler_input):
            return self.ask_timer_permission(handler_input, {"type": session_type, "minutes": minutes,
                                                             "timer_only": True,
                                                             **({"remedy": remedy_step} if remedy_step else {})})
        total = total_minutes(session_type, minutes)
        replaced = unfinished_session_name(handler_input)
        timer_id = end_of_session_timer(handler_input, session_type, total * 60)
        note_timer_refusal(handler_input)
        notice = first_use_notice(handler_input)
        if timer_id is None:
            return self.without_timer(handler_input, session_type, minutes, "timer_only_unavailable", notice)
        token = SessionToken.new(session_type, minutes)
        _started(handler_input, token, timer_session.new_state(token, timer_id, timer_session.request_time(handler_input)),
                 remedy_step)
        lead = text(content_.session_say("session_replaced", name=replaced)) if replaced else ""
        # No audio to guide them: what to do is said, and the how-to goes to the Alexa app.
        said = text(content_.session_say("timer_only_started", minutes=total, name=texts.name,
                                         how=session_cards.how_to(content_, session_type, minutes)))
        return reply(handler_input, " ".join(p for p in (lead, notice, said) if p),
                     card=session_cards.session_card(content_, session_type, minutes, audio=False))

    @staticmethod
    def without_timer(handler_input: HandlerInput, session_type: str, minutes: int, key: str, notice: str = ""):
        """No timer from us (declined, or Alexa's API failed): what to do, and their own timer."""
        content_ = content(handler_input)
        said = text(content_.session_say(key, minutes=total_minutes(session_type, minutes),
                                         name=content_.sessions[session_type].name,
                                         how=session_cards.how_to(content_, session_type, minutes)))
        return reply(handler_input, " ".join(p for p in (said, notice) if p),     # no timer: said first
                     card=session_cards.session_card(content_, session_type, minutes, audio=False))


def _started(handler_input: HandlerInput, token: SessionToken, state: Dict[str, Any],
             remedy_step: Optional[Dict[str, Any]] = None) -> None:
    """`state` is this device's session from now: the one before it ends (its timer too); it
    names who started it (whose history it joins when it finishes); and memory's "last" notes
    which run, and when ("did I finish my session?" looks for it in the history, "same as last
    time" starts it again), with the remedy step it timed, for "next" after it."""
    attributes = memory(handler_input)
    previous = attributes.get(device_key(handler_input))
    if isinstance(previous, dict):
        alerts.control_timer(handler_input, previous.get("timer_id"), "delete")
    starter = getattr(attributes, "speaker", None)
    if starter is not None:
        state[STARTED_BY] = starter
    if attributes.get(SAVING_OFF):          # "stop saving my sessions": not kept, as "don't save this session"
        state[NOT_KEPT] = True
    save_state(attributes, device_key(handler_input), state)
    if memory_available(attributes):
        # What they did before it, for "what did I do last time" while it runs.
        before = attributes.get("last")
        before = {k: v for k, v in before.items() if k != "before"} if isinstance(before, dict) else None
        started = {"kind": "session", "type": token.session_type, "minutes": token.minutes,
                   "run": token.run, "started_at": state["started_at"]}
        attributes[LAST_SESSION] = started
        attributes["last"] = {**started, **({"remedy": remedy_step} if remedy_step else {}),
                              **({"before": before} if before and before.get("kind") else {})}
