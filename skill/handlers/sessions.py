"""Starting a timed session: "start a ten minute mat session", "a five minute meditation".

The path: which session and how long (said, preferred, or the default) → within bounds, or offer
the nearest allowed → a device that can play audio, or offer a timer instead → the first time,
ask permission for a spoken end (an Alexa timer) → intro, card and AudioPlayer.Play.
"""
from __future__ import annotations

from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.connections import SendRequestDirective

from skill import alerts, clock, timer_session
from skill.audio.library import AudioLibrary
from skill.audio.timeline import session_type as session_kind
from skill.handlers import session_cards
from skill.handlers.conversation import (SESSION_NOTE, STEP_NOTES, content, conversation, keep_place_for_a_break,
                                         note_around_birth, place_in_steps, steps_to_come)
from skill.handlers.memory import LAST_SESSION, memory, memory_available
from skill.handlers.replies import first_use_notice, reply, steps_reprompt, where_in_steps
from skill.handlers.session_endings import heat_off_owed
from skill.handlers.session_words import (BRIEF, brief_with_no_kind_named, kind_words, lying_or_body, named_session,
                                          requested_minutes, whole_minutes)
from skill.handlers.slots import read_slot
from skill.handlers.timer_permission import pending_from_token, permission_token
from skill.playback import STARTED_BY, SessionToken, device_key, play, save_state, supports_audio
from skill.responses import text
from skill.responses import calm
from skill.routing import RoutedHandler, intents, requests

def preferred_minutes(handler_input: HandlerInput, session_type: str) -> Optional[int]:
    preferred = memory(handler_input).get("preferred_minutes") or {}
    value = preferred.get(session_type) if isinstance(preferred, dict) else None
    return value if isinstance(value, int) else None


def spoken_minutes(content_, minutes: int) -> str:
    return content_.session_say("one_minute") if minutes == 1 else content_.session_say("minutes", count=minutes)


def end_of_session_timer(handler_input: HandlerInput, session_type: str, seconds: float) -> Optional[str]:
    """An Alexa timer, labelled with the session, that announces its end; its id, or None."""
    content_ = content(handler_input)
    texts = content_.sessions[session_type]
    return alerts.create_timer(handler_input, seconds, content_.session_say("timer_label", name=texts.name),
                               texts.finished)


def total_minutes(session_type: str, minutes: int) -> int:
    """The whole length: a release's minutes are per side."""
    return minutes * (2 if session_kind(session_type).minutes_are_per_side else 1)


def _asking_back(handler_input: HandlerInput, speech: str) -> str:
    """running_session.asking_back: a session playing here waits while we ask, and they hear so
    (imported here: running_session builds on this module)."""
    from skill.handlers.running_session import asking_back
    return asking_back(handler_input, speech)


def _held_between(handler_input: HandlerInput, first: str, question: str) -> str:
    """`first` (what we can't do), then the word that a session playing here now waits, then the
    question: what matters is heard first, not "I've paused your mat session" (SSML-safe parts)."""
    from skill.handlers.running_session import hold_for_conversation
    held = text(hold_for_conversation(handler_input))
    return " ".join(p for p in (first, held, question) if p)


def _unfinished_session_name(handler_input: HandlerInput) -> str:
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
        if conversation(handler_input).get("reduced_feeling") and session_type == "heat":   # cautions.py
            lead = " ".join(p for p in (lead, text(content_.say("reduced_feeling_reminder"))) if p)
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
            said = _held_between(handler_input, text(bounds), text(question))
            return reply(handler_input, " ".join(p for p in (lead, said) if p),
                         reprompt=text(content_.session_say(f"out_of_range_reprompt{per_side}", nearest=nearest)))
        if not supports_audio(handler_input):
            conversation(handler_input).update(awaiting="timer_only", offer=session_type, offer_minutes=whole)
            question = content_.session_say("no_audio_device", minutes=total_minutes(session_type, whole), name=name)
            return reply(handler_input, " ".join(p for p in (lead, text(question)) if p),
                         reprompt=text(content_.session_say("no_audio_reprompt")))
        attributes = memory(handler_input)
        if (not alerts.has_timer_permission(handler_input) and memory_available(attributes)
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
        replaced = _unfinished_session_name(handler_input)
        if replaced:                                    # the new one takes its place: said, briefly
            if replaced == content_.sessions["heat"].name and session_type != "heat":
                heat_off_owed(handler_input, "heat", "ended")     # and the heat comes off
            lead = " ".join(p for p in (text(content_.session_say("session_replaced", name=replaced)), lead) if p)
        token = SessionToken.new(session_type, minutes)
        timer_id = None
        if alerts.has_timer_permission(handler_input):
            timer_id = end_of_session_timer(handler_input, session_type, token.timeline.end_seconds)
            if timer_id is None and not note:
                note = content_.session_say("timer_failed")
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
        if not alerts.has_timer_permission(handler_input):
            return self.ask_timer_permission(handler_input, {"type": session_type, "minutes": minutes,
                                                             "timer_only": True,
                                                             **({"remedy": remedy_step} if remedy_step else {})})
        total = total_minutes(session_type, minutes)
        replaced = _unfinished_session_name(handler_input)
        timer_id = end_of_session_timer(handler_input, session_type, total * 60)
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


def _not_a_session(handler_input: HandlerInput):
    """ "I'm on my back" answering a step ("lie on your back"): in the steps, say next when
    ready; otherwise, where it hurts."""
    content_ = content(handler_input)
    if conversation(handler_input).get("condition") in content_.conditions:
        said = content_.say("step_prompt") if steps_to_come(handler_input) else where_in_steps(handler_input)
        return reply(handler_input, text(said), reprompt=text(steps_reprompt(handler_input)))
    return reply(handler_input, _asking_back(handler_input, text(content_.say("lying_outside_steps"))),
                 reprompt=text(content_.say("welcome_reprompt")))


def _remedy_session(content_, state) -> Optional[str]:
    """The session of the remedy open in the conversation, as they can do it (in pregnancy, or
    without what it needs, the one offered instead), or None."""
    from skill.handlers.remedies import session_they_can_do      # remedies imports this module
    condition = content_.conditions.get(state.get("condition", ""))
    return session_they_can_do(content_, state, condition.session) if condition is not None else None


class StartSessionHandler(RoutedHandler):
    takes = intents("StartSessionIntent", "SessionLengthIntent")

    def __init__(self, starter: SessionStarter) -> None:
        self.starter = starter

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        session_type = kind_words(handler_input)
        if lying_or_body(handler_input, session_type):
            return _not_a_session(handler_input)
        minutes = requested_minutes(handler_input)
        if minutes is None and state.get("awaiting") == "session_type":
            minutes = state.get("offer_minutes")
        chosen = named_session(handler_input)
        brief = read_slot(handler_input, "brevity").id == "short"
        if chosen is None and session_type.heard is None and state.get("awaiting") == "offer_session":
            chosen = state.get("offer")             # "Would you like 30 minutes?" "No, make it twenty."
        if chosen is None and brief_with_no_kind_named(handler_input):
            brief = True
            chosen = _remedy_session(content_, state)          # "just a quick one" at a step
        brief = brief or (state.get("awaiting") == "session_type" and bool(state.get(BRIEF)))
        if chosen in content_.sessions:
            state.pop("awaiting", None)
            state.pop(BRIEF, None)
            if minutes is None and brief:
                minutes = session_kind(chosen).min_minutes             # "a quick meditation"
            return self.starter.start(handler_input, chosen, minutes)
        state.update(awaiting="session_type", offer_minutes=minutes)
        if brief and minutes is None:
            state[BRIEF] = True                 # "a quick one": which? Then the shortest of that one
        reprompt = text(content_.session_say("which_session_reprompt"))
        if not session_type.unresolved or brief:
            return reply(handler_input, _asking_back(handler_input, text(content_.session_say("which_session"))),
                         reprompt=reprompt)
        key, heard = "unknown_session", session_type.heard
        if (content_.ends_like_a_phrase(heard)                          # "pause my" session
                or content_.mentioned("crisis_words", heard)):          # never said back
            key = "unknown_session_phrase"
        if _unfinished_session_name(handler_input):     # it waits while we ask: "I can't time" first
            said = _held_between(handler_input, text(content_.session_say(f"{key}_held", heard=heard)),
                                 text(content_.session_say("session_choices")))
            return reply(handler_input, said, reprompt=reprompt)
        return reply(handler_input, _asking_back(handler_input, text(content_.session_say(key, heard=heard))),
                     reprompt=reprompt)


class SessionChosenHandler(RoutedHandler):
    """The answer to "which would you like, an acupressure mat session, ...?" heard as a remedy
    ("the mat one" sounds like "the lower back one"): the session it names starts, at the length
    asked for before; or, when the question was which session a length is for, that is saved."""

    takes = intents("RemedyIntent")

    def __init__(self, starter: SessionStarter) -> None:
        self.starter = starter

    def wants(self, handler_input: HandlerInput) -> bool:
        return (conversation(handler_input).get("awaiting") in ("session_type", "preference_type")
                and named_session(handler_input, "area", "symptom") is not None)

    def handle(self, handler_input: HandlerInput):
        from skill.handlers import preferences
        state = conversation(handler_input)
        session_type = named_session(handler_input, "area", "symptom")
        awaiting, minutes = state.pop("awaiting", None), state.pop("offer_minutes", None)
        state.pop("offer", None)
        if awaiting == "preference_type" and minutes is not None:
            return preferences.answer_preference(handler_input, session_type, minutes)
        if state.pop(BRIEF, None) and minutes is None:          # "a quick one", then "the mat one"
            minutes = session_kind(session_type).min_minutes
        return self.starter.start(handler_input, session_type, minutes)


class TimeThisStepHandler(RoutedHandler):
    """ "Time it for me" at "lie on your mat for at least ten minutes": the session the step names
    (a session's name said in its text, as said to them: in pregnancy, its own wording), else the
    remedy's own; in pregnancy, or without what it needs, the one offered instead
    (remedy_steps.session_they_can_do); none of those, or outside a remedy, which one."""

    takes = intents("TimeThisStepIntent")

    def __init__(self, starter: SessionStarter) -> None:
        self.starter = starter

    def handle(self, handler_input: HandlerInput):
        from skill.handlers.remedies import session_they_can_do      # remedies imports this module
        content_ = content(handler_input)
        state = conversation(handler_input)
        condition = content_.conditions.get(state.get("condition", ""))
        session_type, index = None, None
        if condition is not None:
            index = min(state.get("step", 0), len(condition.steps) - 1)
            named = content_.value_within("SESSION_TYPE", condition.steps_for(bool(state.get("pregnant")))[index])
            session_type = session_they_can_do(content_, state, named if named in content_.sessions
                                               else condition.session)
        if session_type is None and state.get("pregnant") and condition is not None:
            return self._what_suits_pregnancy(handler_input)
        if session_type is None:
            state.update(awaiting="session_type", offer_minutes=None)
            return reply(handler_input, _asking_back(handler_input, text(content_.session_say("which_session"))),
                         reprompt=text(content_.session_say("which_session_reprompt")))
        return self.starter.start(handler_input, session_type, None,
                                  remedy_step=place_in_steps(handler_input, index))


    @staticmethod
    def _what_suits_pregnancy(handler_input: HandlerInput):
        """No session of this step suits pregnancy: said plainly, and the one that does offered
        (a breathing meditation), never the list with heat and the mat in it."""
        content_ = content(handler_input)
        state = conversation(handler_input)
        cautions = content_.say("pregnancy_cautions")
        suited = [kind for kind in content_.sessions if kind not in cautions]
        said = text(content_.say("no_step_session_in_pregnancy"))
        if len(suited) != 1:
            return reply(handler_input, f"{said} {text(content_.say('answer_back_to_steps'))}",
                         reprompt=text(steps_reprompt(handler_input)))
        name = content_.sessions[suited[0]].name
        state.update(awaiting="offer_session", offer=suited[0], offer_minutes=None)
        return reply(handler_input, f"{said} {text(content_.say('offer_session', session=name))}",
                     reprompt=text(content_.say("offer_session_reprompt", session=name)))


class PermissionAnswerHandler(RoutedHandler):
    """Alexa's answer to our timer-permission request: carry on with the session either way."""

    takes = requests("Connections.Response")

    def __init__(self, starter: SessionStarter) -> None:
        self.starter = starter

    def handle(self, handler_input: HandlerInput):
        request = handler_input.request_envelope.request
        answer = ((request.payload or {}).get("status") or "NOT_ANSWERED").upper()
        content_ = content(handler_input)
        remembered = memory(handler_input).pop("pending_session", None) or {}
        pending = pending_from_token(getattr(request, "token", None), content_) or remembered
        if pending.get("type") not in content_.sessions:
            return reply(handler_input, text(content_.say("welcome_back")),
                         reprompt=text(content_.say("welcome_reprompt")))
        if pending.get("timer_only"):
            step = remembered.get("remedy") if remembered.get("type") == pending["type"] else None
            if answer == "ACCEPTED":
                return self.starter.timer_only(handler_input, pending["type"], pending["minutes"], remedy_step=step)
            if step:                            # they time the step themselves: "next" goes on after it
                keep_place_for_a_break(handler_input, step)
            return self.starter.without_timer(handler_input, pending["type"], int(pending["minutes"]),
                                              "timer_only_declined", first_use_notice(handler_input))
        note = "" if answer == "ACCEPTED" else content_.session_say("timer_declined")
        remembered = remembered if remembered.get("type") == pending["type"] else {}
        return self.starter.begin(handler_input, pending["type"], int(pending["minutes"]), note=note,
                                  remedy_step=remembered.get("remedy"), around_birth=remembered.get(SESSION_NOTE))
