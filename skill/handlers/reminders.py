"""Reminders by voice ("remind me to use the mat at 8 pm", "set a daily reminder for my mat session
at seven", "remind me to take magnesium at bedtime"): what for and when → "what time?" if no time
was said → Alexa's consent asked the first time (the answer, Connections.Response, sets it) → the
reminder set through skill/reminders.py, or what went wrong with a way forward. "Seven" when seven
this morning has passed asks morning or evening; a repeat we can't set, or something that is none
of ours, is said plainly with what we can do. "Cancel the mat reminder" deletes that one; "change
my reminder to nine" sets it anew and deletes the old one.

What is being set travels in the permission request's token, which Alexa hands back with the
answer: nothing about it is stored (a medicine's reminder is health information). A medicine's
reminder is set only with the doctor's caution said, and its own words carry no dose.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

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
PENDING = "reminder"                    # conversation: what that time is for
TOKEN_PREFIX = "reminder-permission:"
MEDICINES = ("magnesium", "medicine")


def _to_do(handler_input: HandlerInput) -> Optional[str]:
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
    return reminders.clock_time(pending.get("time")) is not None and isinstance(pending.get("daily"), bool)


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


def _said_when(content_, when: reminders.When) -> str:
    time = _spoken_time(when.at)
    if when.day == "other":
        return content_.say("reminders.when_on", weekday=when.at.strftime("%A"), month=when.at.strftime("%B"),
                            day=when.at.day, time=time)
    return content_.say(f"reminders.when_{when.day}", time=time)


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
                                   reminders.calendar_date(pending.get("date")), pending["daily"])
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
    said = content_.say(key, when=_said_when(content_, when), to_do=to_do)
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
        return conversation(handler_input).get("awaiting") == AWAITING_WHAT and _to_do(handler_input) is not None

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
        daily, usual_time = reminders.WHEN_SAID.get(often or "", (False, None))
        at = reminders.clock_time(said_time)
        if at is None and earlier.get("time") and often not in reminders.NOT_YET:
            at = reminders.clock_time(earlier["time"])          # "seven" ... "in the evening"
        at = reminders.in_half_of_day(at, often) if at else reminders.clock_time(usual_time)
        on = reminders.calendar_date(read_slot(handler_input, "date").heard)
        after = minutes_from_duration(read_slot(handler_input, "duration").heard)
        if after and after >= 1:                                   # "in twenty minutes": once
            ring = reminders.from_now(handler_input, after)
            at, on, daily, often = ring.time(), ring.date(), False, "once"
        what = _to_do(handler_input)
        pending = {"what": what or earlier.get("what"),
                   "time": at.strftime("%H:%M") if at else None,
                   "date": on.isoformat() if on else earlier.get("date"),
                   "daily": bool(daily or (earlier.get("daily") and often != "once")),
                   "medicine": _medicine(handler_input) if what else earlier.get("medicine")}
        if pending["what"] is None and _named_other(handler_input):      # "remind me to drink water"
            return _ask(handler_input, {**pending, "daily": False}, AWAITING_WHAT, "reminders.what_not_ours",
                        "reminders.what_reprompt")
        if often in reminders.NOT_YET:
            return _ask(handler_input, {**pending, "daily": False}, AWAITING_TIME,
                        f"reminders.not_yet.{often}", "reminders.once_or_daily_reprompt",
                        every_day=_every_day(content_, at))
        if pending["what"] is None:
            return ask_what(handler_input, pending)
        if pending["time"] is None:
            heard_when = read_slot(handler_input, "often").unresolved or (said_time and at is None)
            return ask_time(handler_input, pending, "reminders.when_not_caught" if heard_when else "reminders.what_time")
        if (said_time and reminders.clock_time(said_time) and often is None and not pending["daily"]
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


def _what_of(content_, alert: Dict[str, Any]) -> Optional[str]:
    """Which of ours a listed reminder is, by the words it says (prompts.yaml reminders.says)."""
    spoken = ((alert.get("alertInfo") or {}).get("spokenInfo") or {}).get("content") or []
    said = {item.get("text") for item in spoken if isinstance(item, dict)}
    return next((what for what, words in content_.prompts["reminders"]["says"].items() if words in said), None)


def _listed(handler_input: HandlerInput, alert: Any) -> str:
    content_ = content(handler_input)
    what, when = _what_of(content_, alert), reminders.when_listed(handler_input, alert)
    when_said = _said_when(content_, when) if when is not None else ""
    if what is None:
        return content_.say("reminders.item_unknown", when=when_said).strip()
    return " ".join(p for p in (content_.say(f"reminders.to_do.{what}"), when_said) if p)


def _ours(handler_input: HandlerInput):
    """(outcome, Back Relief's reminders): none to read without the permission (not an error:
    none of ours can exist then)."""
    if not reminders.has_reminder_permission(handler_input):
        return reminders.SET, []
    return reminders.our_reminders(handler_input)


class ReminderListHandler(RoutedHandler):
    """"What reminders do I have": Back Relief's own, what each is for and when it rings."""

    takes = intents("ReminderListIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        outcome, alerts = _ours(handler_input)
        if outcome == reminders.NOT_ALLOWED:
            return consent_card(handler_input, "reminders.not_allowed_card")
        if outcome != reminders.SET:
            return reply(handler_input, text(content_.say("reminders.list_failed")))
        if not alerts:
            return reply(handler_input, text(content_.say("reminders.list_none")))
        items = [_listed(handler_input, alert) for alert in alerts]
        joined = items[0] if len(items) == 1 else content_.say(
            "reminders.list_join", first=", ".join(items[:-1]), last=items[-1])
        key = "reminders.list_one" if len(items) == 1 else "reminders.list_many"
        return reply(handler_input, text(content_.say(key, count=len(items), items=joined)))


def _named(handler_input: HandlerInput, alerts: List[Dict[str, Any]]) -> Tuple[Optional[str], List[Dict[str, Any]]]:
    """("mat", the mat reminders) when one of ours was named ("cancel the mat reminder"); else
    (None, all of them)."""
    what = _to_do(handler_input)
    if what is None:
        return None, alerts
    content_ = content(handler_input)
    return what, [alert for alert in alerts if _what_of(content_, alert) == what]


class CancelRemindersHandler(RoutedHandler):
    """"Cancel my reminders": every reminder Back Relief has set is deleted, and how many said;
    "cancel the mat reminder": only those for the mat."""

    takes = intents("CancelRemindersIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        outcome, alerts = _ours(handler_input)
        what, alerts = _named(handler_input, alerts)
        if outcome == reminders.SET and alerts:
            outcome = reminders.delete_reminders(handler_input, alerts)
        if outcome == reminders.NOT_ALLOWED:
            return consent_card(handler_input, "reminders.not_allowed_card")
        if outcome != reminders.SET:
            return reply(handler_input, text(content_.say("reminders.cancel_failed")))
        to_do = content_.say(f"reminders.to_do.{what}") if what else ""
        if not alerts:
            key = "reminders.cancel_none_named" if what else "reminders.cancel_none"
            return reply(handler_input, text(content_.say(key, to_do=to_do)))
        key = "reminders.cancelled_one" if len(alerts) == 1 else "reminders.cancelled_many"
        key = f"{key}_named" if what else key
        return reply(handler_input, text(content_.say(key, count=len(alerts), to_do=to_do)))


class ChangeReminderHandler(RoutedHandler):
    """"Change my reminder to nine", "move it to tomorrow": the one reminder of ours (or the one
    named) set again at the new time or day, keeping what it is for and whether it is every day;
    the new one is set before the old one is deleted, so a failure loses neither. An hour said
    without morning or evening keeps the half of the day the old one rang in ("eight" for an
    8 PM reminder: 9 PM), and is said back so they can hear it."""

    takes = intents("ChangeReminderIntent")

    def handle(self, handler_input: HandlerInput):
        content_ = content(handler_input)
        outcome, alerts = _ours(handler_input)
        what, alerts = _named(handler_input, alerts)
        if outcome == reminders.NOT_ALLOWED:
            return consent_card(handler_input, "reminders.not_allowed_card")
        if outcome != reminders.SET:
            return reply(handler_input, text(content_.say("reminders.list_failed")))
        if not alerts:
            return reply(handler_input, text(content_.say("reminders.change_none")))
        if len(alerts) > 1:
            items = [_listed(handler_input, alert) for alert in alerts]
            return reply(handler_input, text(content_.say(
                "reminders.change_which", count=len(items),
                items=content_.say("reminders.list_join", first=", ".join(items[:-1]), last=items[-1]))),
                reprompt=text(content_.say("reminders.change_how")))
        (alert,) = alerts
        old, said_time = reminders.when_listed(handler_input, alert), read_slot(handler_input, "time").heard
        at = reminders.clock_time(said_time)
        on = reminders.calendar_date(read_slot(handler_input, "date").heard)
        was = _what_of(content_, alert)
        if old is None or was is None or (at is None and on is None):
            return reply(handler_input, text(content_.say("reminders.change_how")),
                         reprompt=text(content_.say("reminders.change_how")))
        if at is not None and ":" in said_time and old.at.hour >= 12:      # "nine", not "MO"
            at = reminders.in_half_of_day(at, "pm")
        day = on or (None if old.daily else old.at.date())
        pending = {"what": was, "time": (at or old.at.time()).strftime("%H:%M"),
                   "date": day.isoformat() if day else None, "daily": old.daily}
        return set_reminder(handler_input, pending, replacing=alert)
