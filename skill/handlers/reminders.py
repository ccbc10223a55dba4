"""Reminders by voice ("remind me to use the mat at 8 pm", "set a daily reminder for my mat session
at seven", "remind me to take magnesium at bedtime"): what for and when → "what time?" if no time
was said → Alexa's consent asked the first time (the answer, Connections.Response, sets it) → the
reminder set through skill/reminders.py, or what went wrong with a way forward. "Seven" when seven
this morning has passed asks morning or evening; a repeat we can't set, or something that is none
of ours, is said plainly with what we can do. How often it rings ("every weekday", "every Monday
and Thursday", "every other day") is a repeat rule (skill/reminders.py), said back plainly.
Changing and cancelling one: handlers/reminder_changes.py.

What is being set travels in the permission request's token, which Alexa hands back with the
answer: nothing about it is stored (a medicine's reminder is health information). A medicine's
reminder is set only with the doctor's caution said, and its own words carry no dose.
"""
from __future__ import annotations

import json
from typing import Any, Dict, Optional

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.connections import SendRequestDirective
from ask_sdk_model.ui import AskForPermissionsConsentCard

from skill import reminders
from skill.handlers.conversation import content, conversation, drop_question
from skill.handlers.questions import pregnancy_line
from skill.handlers.replies import reply
from skill.handlers.session_words import minutes_from_duration
from skill.handlers.slots import read_slot
from skill.responses import calm, text
from skill.routing import RoutedHandler, intents, requests

AWAITING_TIME = "reminder_time"         # conversation "awaiting": we asked "what time?"
AWAITING_WHAT = "reminder_what"         # conversation "awaiting": we asked what it is for
# What may answer "what would you like me to remind you about?" besides ReminderIntent: "the mat"
# (a session named), "magnesium" (said_alone.py makes it the question "can I take magnesium").
WHAT_ANSWERS = ("StartSessionIntent", "MedicineIntent")
# "My stretches", "my magnesium" said alone arrive as RemedyIntent, their words in these slots.
SAID_ALONE = ("area", "symptom")
PENDING = "reminder"                    # conversation: what that time is for
TOKEN_PREFIX = "reminder-permission:"
MEDICINES = ("magnesium", "medicine")


def to_do_named(handler_input: HandlerInput) -> Optional[str]:
    """What the reminder is for: a session's id, "stretch", "magnesium" or "medicine"."""
    content_ = content(handler_input)
    session = read_slot(handler_input, "session_type")
    if session.id in content_.sessions:
        return session.id
    medicine = read_slot(handler_input, "medicine")
    if medicine.heard:
        return "magnesium" if medicine.id == "magnesium" else "medicine"
    task = read_slot(handler_input, "task")
    return task.id if task.id in ("stretch", "medicine") else None


def said_alone(handler_input: HandlerInput) -> Optional[str]:
    """What "my stretches" or "my magnesium", said alone (RemedyIntent), names as a reminder's
    to-do; None for anything else, so pain words still get their steps."""
    content_ = content(handler_input)
    for name in SAID_ALONE:
        words = " ".join((read_slot(handler_input, name).heard or "").lower().split())
        for lead in ("my ", "the ", "some ", "a "):
            words = words[len(lead):] if words.startswith(lead) else words
        if not words:
            continue
        session = content_.value_id("SESSION_TYPE", words)
        if session in content_.sessions:
            return session
        medicine = content_.value_id("MEDICINE", words)
        if medicine:
            return "magnesium" if medicine == "magnesium" else "medicine"
        task = content_.value_id("REMINDER_TASK", words) or content_.value_id("REMINDER_TASK", f"do my {words}")
        if task in ("stretch", "medicine"):
            return task
    return None


def _medicine(handler_input: HandlerInput) -> Optional[str]:
    """The MEDICINE id heard ("anti_inflammatory" for ibuprofen), for the caution's lead."""
    medicine = read_slot(handler_input, "medicine")
    return medicine.id if medicine.heard and medicine.id else None


def _caution(handler_input: HandlerInput, pending: Dict[str, Any]) -> str:
    """A medicine's caution, led as its question's answer is once pregnancy, a new baby, a blood
    thinner or reduced feeling was said in this conversation ("As you're pregnant, ask your
    midwife ..."): the same lines "can I take magnesium" is led by (questions.pregnancy_line)."""
    what = pending["what"]
    if what not in MEDICINES:
        return ""
    content_ = content(handler_input)
    named = f"medicines.{pending.get('medicine') or ''}"
    answer_id = ("medicines.magnesium" if what == "magnesium" else named if named in content_.answers
                 else "medicines.general")
    lead = pregnancy_line(content_, conversation(handler_input), answer_id)
    return " ".join(p for p in (text(lead), text(content_.say(f"reminders.caution.{what}"))) if p)


def ask_what(handler_input: HandlerInput, pending: Dict[str, Any]):
    """"What would you like me to remind you about?": the when they said is kept for the answer."""
    content_ = content(handler_input)
    conversation(handler_input).update(awaiting=AWAITING_WHAT, **{PENDING: pending})
    return reply(handler_input, text(content_.say("reminders.what")),
                 reprompt=text(content_.say("reminders.what_reprompt")))


def _valid(pending: Any, content_) -> bool:
    if not isinstance(pending, dict) or pending.get("what") not in (*content_.sessions, "stretch", *MEDICINES):
        return False
    if pending.get("date") is not None and reminders.calendar_date(pending["date"]) is None:
        return False
    return reminders.clock_time(pending.get("time")) is not None and reminders.valid_repeat(pending.get("repeat"))


def _from_token(token: Optional[str], content_) -> Optional[Dict[str, Any]]:
    if not (token or "").startswith(TOKEN_PREFIX):
        return None
    try:
        pending = json.loads(token[len(TOKEN_PREFIX):])
    except ValueError:
        return None
    return pending if _valid(pending, content_) else None


def _spoken_time(at) -> str:
    """20:00 → "8 PM", 07:30 → "7:30 AM": the way Alexa reads a clock time aloud."""
    hour = at.hour % 12 or 12
    return f"{hour}{f':{at.minute:02d}' if at.minute else ''} {'AM' if at.hour < 12 else 'PM'}"


def said_when(content_, when: reminders.When) -> str:
    """"every weekday at 8 AM", "tomorrow at 9 PM" …: when it rings, as said back and listed."""
    time = _spoken_time(when.at)
    if when.repeat:
        return content_.say(f"reminders.{_repeat_key(when.repeat)}", time=time, every=_every(content_, when.repeat))
    if when.day == "other":
        return content_.say("reminders.when_on", weekday=when.at.strftime("%A"), month=when.at.strftime("%B"),
                            day=when.at.day, time=time)
    return content_.say(f"reminders.when_{when.day}", time=time)


def _repeat_key(repeat: str) -> str:
    if repeat == "daily":
        return "when_daily"
    days = reminders.repeat_days(repeat)
    named = {"MO,TU,WE,TH,FR": "when_weekdays", "SA,SU": "when_weekends"}.get(",".join(days))
    return named or ("when_days" if days else "when_every")


def _every(content_, repeat: str) -> str:
    """"Monday and Thursday", "other day", "3 days": what follows "every"."""
    days = [content_.say(f"reminders.day_names.{day}") for day in reminders.repeat_days(repeat)]
    if days:
        return days[0] if len(days) == 1 else content_.say("reminders.list_join", first=", ".join(days[:-1]),
                                                           last=days[-1]).replace(", and", " and")
    count = int(repeat.partition(":")[2] or 1)
    return content_.say("reminders.other_day") if count == 2 else content_.say("reminders.n_days", count=count)


def ask_time(handler_input: HandlerInput, pending: Dict[str, Any], key: str = "reminders.what_time"):
    """"What time?": the answer ("remind me at eight pm") finishes what was asked."""
    content_ = content(handler_input)
    state = conversation(handler_input)
    state.update(awaiting=AWAITING_TIME, **{PENDING: {**pending, "time": None}})
    to_do = content_.say(f"reminders.to_do.{pending['what']}")
    return reply(handler_input, text(content_.say(key, to_do=to_do)),
                 reprompt=text(content_.say("reminders.what_time_reprompt")))


def consent_card(handler_input: HandlerInput, key: str):
    """Said, with the card in the Alexa app that turns reminders on."""
    handler_input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[reminders.REMINDERS_SCOPE]))
    return reply(handler_input, text(content(handler_input).say(key)))


def ask_permission(handler_input: HandlerInput, pending: Dict[str, Any], lead: str = ""):
    """Alexa asks for their okay; its answer carries `pending` back (ReminderPermissionHandler)."""
    builder = handler_input.response_builder
    content_ = content(handler_input)
    said = [_caution(handler_input, pending)] + [text(content_.say(key)) for key in (lead, "reminders.ask_permission") if key]
    builder.speak(calm(" ".join(p for p in said if p)))
    builder.add_directive(SendRequestDirective(
        name="AskFor", token=TOKEN_PREFIX + json.dumps(pending, separators=(",", ":")), payload={
            "@type": "AskForPermissionsConsentRequest", "@version": "2",
            "permissionScopes": [{"permissionScope": reminders.REMINDERS_SCOPE, "consentLevel": "ACCOUNT"}]}))
    builder.set_should_end_session(True)
    return builder.response


def set_reminder(handler_input: HandlerInput, pending: Dict[str, Any], just_allowed: bool = False,
                 replacing: Optional[Dict[str, Any]] = None):
    """Set it now and say so (a medicine's caution first), or what went wrong and what to do. The
    permission refused (turned off, or never given though another was): Alexa asks for it again,
    unless they have `just_allowed` it, when the card in the Alexa app is the way left. With
    `replacing` (a listed reminder being changed), that one is deleted once the new one is set."""
    content_ = content(handler_input)
    when = reminders.when_it_rings(handler_input, reminders.clock_time(pending["time"]),
                                   reminders.calendar_date(pending.get("date")), pending.get("repeat"))
    if when.past:
        return ask_time(handler_input, {**pending, "date": None}, "reminders.past_day")
    outcome = reminders.create_reminder(handler_input, when, content_.say(f"reminders.says.{pending['what']}"))
    if outcome == reminders.NOT_ALLOWED:
        if just_allowed:
            return consent_card(handler_input, "reminders.not_allowed_card")
        return ask_permission(handler_input, pending, lead="reminders.not_allowed")
    if outcome == reminders.BAD_TIME:
        return ask_time(handler_input, {**pending, "date": None}, "reminders.bad_time")
    if outcome != reminders.SET:
        return reply(handler_input, text(content_.say("reminders.try_later")))
    to_do = content_.say(f"reminders.to_do.{pending['what']}")
    key = "reminders.set_moved" if when.moved else "reminders.set"
    if replacing is not None:
        gone = reminders.delete_reminders(handler_input, [replacing]) == reminders.SET
        key = ("reminders.changed_moved" if when.moved else "reminders.changed") if gone else "reminders.changed_both"
    said = content_.say(key, when=said_when(content_, when), to_do=to_do)
    caution = _caution(handler_input, pending)
    return reply(handler_input, " ".join(p for p in (caution, text(said), text(content_.say("reminders.set_after"))) if p))


class SetReminderHandler(RoutedHandler):
    """ReminderIntent: what for and when, merged with what was said before "what time?" or "what
    would you like me to remind you about?" ("remind me tomorrow" ... "the mat")."""

    takes = intents("ReminderIntent", *WHAT_ANSWERS)

    def wants(self, handler_input: HandlerInput) -> bool:
        if handler_input.request_envelope.request.intent.name == "ReminderIntent":
            return True
        if any(read_slot(handler_input, name).heard for name in ("duration", "minutes")):
            return False                    # "start a ten minute mat session": a session, now
        return conversation(handler_input).get("awaiting") == AWAITING_WHAT and to_do_named(handler_input) is not None

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        state = conversation(handler_input)
        asked = state.get("awaiting") in (AWAITING_TIME, AWAITING_WHAT)
        earlier = state.pop(PENDING, None) if asked else None
        earlier = earlier if isinstance(earlier, dict) else {}
        drop_question(state)
        said_time = read_slot(handler_input, "time").heard
        often = read_slot(handler_input, "often").id
        if reminders.clock_time(said_time) is None and said_time:     # "at bedtime" heard as a time
            often = often or next(filter(None, (content_.value_id("REMINDER_WHEN", words)
                                                for words in (said_time, f"at {said_time}"))), None)
        repeat, usual_time = reminders.WHEN_SAID.get(often or "", (None, None))
        repeat = reminders.with_day(repeat, content_.value_id("WEEKDAY", read_slot(handler_input, "also").heard))
        at = reminders.clock_time(said_time)
        if at is None and earlier.get("time") and often not in reminders.NOT_YET:
            at = reminders.clock_time(earlier["time"])          # "seven" ... "in the evening"
        at = reminders.in_half_of_day(at, often) if at else reminders.clock_time(usual_time)
        on = reminders.calendar_date(read_slot(handler_input, "date").heard)
        after = minutes_from_duration(read_slot(handler_input, "duration").heard)
        if after and after >= 1:                                   # "in twenty minutes": once
            ring = reminders.from_now(handler_input, after)
            at, on, repeat, often = ring.time(), ring.date(), None, "once"
        what = to_do_named(handler_input) or said_alone(handler_input)
        pending = {"what": what or earlier.get("what"),
                   "time": at.strftime("%H:%M") if at else None,
                   "date": on.isoformat() if on else earlier.get("date"),
                   "repeat": repeat or (earlier.get("repeat") if often != "once" else None),
                   "medicine": _medicine(handler_input) if what else earlier.get("medicine")}
        if pending["what"] is None and _named_other(handler_input):      # "remind me to drink water"
            return _ask(handler_input, {**pending, "repeat": None}, AWAITING_WHAT, "reminders.what_not_ours",
                        "reminders.what_reprompt")
        if often in reminders.NOT_YET:
            return _ask(handler_input, {**pending, "repeat": None}, AWAITING_TIME,
                        f"reminders.not_yet.{often}", "reminders.once_or_daily_reprompt",
                        every_day=_every_day(content_, at))
        if pending["what"] is None:
            return ask_what(handler_input, pending)
        if pending["time"] is None:
            heard_when = read_slot(handler_input, "often").unresolved or (said_time and at is None)
            return ask_time(handler_input, pending, "reminders.when_not_caught" if heard_when else "reminders.what_time")
        if (said_time and reminders.clock_time(said_time) and often is None and not pending["repeat"]
                and not earlier.get("half_asked")
                and reminders.morning_or_evening(handler_input, at, reminders.calendar_date(pending["date"]))):
            return _ask(handler_input, {**pending, "half_asked": True}, AWAITING_TIME, "reminders.am_or_pm",
                        "reminders.am_or_pm_reprompt", hour=_spoken_hour(at))
        if not reminders.has_reminder_permission(handler_input):
            return ask_permission(handler_input, pending)
        return set_reminder(handler_input, pending)


def _spoken_hour(at) -> str:
    """07:30 → "7:30": an hour said back without its half of the day."""
    return f"{at.hour % 12 or 12}{f':{at.minute:02d}' if at.minute else ''}"


def _every_day(content_, at) -> str:
    """ "every day at 8 AM", or "every day" with no time said yet."""
    return content_.say("reminders.when_daily", time=_spoken_time(at)) if at else content_.say("reminders.every_day")


def _named_other(handler_input: HandlerInput) -> bool:
    """Something to be reminded of was said that is none of ours ("drink water", "call mum")."""
    return any(read_slot(handler_input, name).unresolved for name in ("session_type", "task"))


def _ask(handler_input: HandlerInput, pending: Dict[str, Any], awaiting: str, key: str, reprompt_key: str,
         **values):
    """A question about the reminder; `pending` is kept for the answer (SetReminderHandler)."""
    content_ = content(handler_input)
    conversation(handler_input).update(awaiting=awaiting, **{PENDING: pending})
    return reply(handler_input, text(content_.say(key, **values)), reprompt=text(content_.say(reprompt_key)))


class WhatForSaidAloneHandler(SetReminderHandler):
    """"My stretches", "my magnesium" said alone after our "what would you like me to remind you
    about?": Alexa hears RemedyIntent, but the conversation knows we asked, so they finish the
    reminder (registered before the remedies, which would otherwise take them)."""

    takes = intents("RemedyIntent")

    def wants(self, handler_input: HandlerInput) -> bool:
        return conversation(handler_input).get("awaiting") == AWAITING_WHAT and said_alone(handler_input) is not None


class ReminderPermissionHandler(RoutedHandler):
    """Alexa's answer to our reminders consent request: yes sets the reminder asked for; no, or
    no answer, says none is set and sends the card that allows it later."""

    takes = requests("Connections.Response")

    def wants(self, handler_input: HandlerInput) -> bool:
        return (getattr(handler_input.request_envelope.request, "token", None) or "").startswith(TOKEN_PREFIX)

    def handle(self, handler_input: HandlerInput):
        request = handler_input.request_envelope.request
        answer = ((request.payload or {}).get("status") or "NOT_ANSWERED").upper()
        pending = _from_token(request.token, content(handler_input))
        if answer != "ACCEPTED":
            return consent_card(handler_input, "reminders.declined")
        if pending is None:                 # not a token we wrote: ask again what for
            content_ = content(handler_input)
            return reply(handler_input, text(content_.say("reminders.what")),
                         reprompt=text(content_.say("reminders.what_reprompt")))
        return set_reminder(handler_input, pending, just_allowed=True)


def what_of(content_, alert: Dict[str, Any]) -> Optional[str]:
    """Which of ours a listed reminder is, by the words it says (prompts.yaml reminders.says)."""
    spoken = ((alert.get("alertInfo") or {}).get("spokenInfo") or {}).get("content") or []
    said = {item.get("text") for item in spoken if isinstance(item, dict)}
    return next((what for what, words in content_.prompts["reminders"]["says"].items() if words in said), None)


def listed(handler_input: HandlerInput, alert: Any) -> str:
    content_ = content(handler_input)
    what, when = what_of(content_, alert), reminders.when_listed(handler_input, alert)
    when_said = said_when(content_, when) if when is not None else ""
    if what is None:
        return content_.say("reminders.item_unknown", when=when_said).strip()
    return " ".join(p for p in (content_.say(f"reminders.to_do.{what}"), when_said) if p)


def ours(handler_input: HandlerInput):
    """(outcome, Back Relief's reminders): none to read without the permission (not an error:
    none of ours can exist then)."""
    if not reminders.has_reminder_permission(handler_input):
        return reminders.SET, []
    return reminders.our_reminders(handler_input)


def not_done(handler_input: HandlerInput, outcome: str, failed: str = "reminders.list_failed"):
    """The answer when the Reminders API did not do what was asked (`outcome`): the card asking for
    the permission when it is missing, else the `failed` line; None when it was done."""
    if outcome == reminders.NOT_ALLOWED:
        return consent_card(handler_input, "reminders.not_allowed_card")
    if outcome != reminders.SET:
        return reply(handler_input, text(content(handler_input).say(failed)))
    return None


class ReminderListHandler(RoutedHandler):
    """"What reminders do I have": Back Relief's own, what each is for and when it rings."""

    takes = intents("ReminderListIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        outcome, alerts = ours(handler_input)
        if outcome != reminders.SET:
            return not_done(handler_input, outcome)
        if not alerts:
            return reply(handler_input, text(content_.say("reminders.list_none")))
        items = [listed(handler_input, alert) for alert in alerts]
        joined = items[0] if len(items) == 1 else content_.say(
            "reminders.list_join", first=", ".join(items[:-1]), last=items[-1])
        key = "reminders.list_one" if len(items) == 1 else "reminders.list_many"
        return reply(handler_input, text(content_.say(key, count=len(items), items=joined)))
