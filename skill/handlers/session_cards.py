"""How a session is described for the length they chose: its card, and the kind word said when
it is shorter than the articles advise. A five-minute mat session's card once said "stay at least
ten minutes"; a five-minute heat session's, "check your skin at each chime" (it has none); and on
a device without audio, where the session is an Alexa timer, cards told of bells and tones. Each
says what is true of this session instead (sessions.yaml: card, card_short, card_timer, advice).
"""
from __future__ import annotations

from ask_sdk_model.ui import StandardCard

from skill.audio.timeline import session_type as session_kind
from skill.content import LocaleContent


def _minutes(content_: LocaleContent, minutes: int) -> str:
    return content_.session_say("one_minute") if minutes == 1 else content_.session_say("minutes", count=minutes)


def shorter_than_advised(content_: LocaleContent, session_type: str, minutes: int) -> bool:
    advised = content_.sessions[session_type].advised_minutes
    return advised is not None and minutes < advised


def kind_word(content_: LocaleContent, session_type: str, minutes: int) -> str:
    """For a session shorter than the articles advise, the advice said kindly ("ten minutes or more
    is when deep relaxation comes, and 5 minutes is a fine start"); "" otherwise."""
    if not shorter_than_advised(content_, session_type, minutes):
        return ""
    return content_.sessions[session_type].advice_short.format(length=_minutes(content_, minutes))


def _filled(content_: LocaleContent, session_type: str, minutes: int, template: str) -> str:
    texts = content_.sessions[session_type]
    advice = kind_word(content_, session_type, minutes) or texts.advice
    return template.format(advice=advice, half=_minutes(content_, minutes), length=_minutes(content_, minutes))


def card_text(content_: LocaleContent, session_type: str, minutes: int, audio: bool = True) -> str:
    """The how-to for the Alexa app, true of this session: its length, and its sounds (none on a
    device without audio; no periodic chimes in one too short for them)."""
    texts = content_.sessions[session_type]
    if not audio and texts.card_timer:
        template = texts.card_timer
    elif texts.card_short and not session_kind(session_type).rings_between(minutes):
        template = texts.card_short
    else:
        template = texts.card
    return "\n".join(line for line in _filled(content_, session_type, minutes, template).splitlines() if line.strip())


def how_to(content_: LocaleContent, session_type: str, minutes: int) -> str:
    """What to do, said when a timer-only session starts, with the kind word on a short one."""
    texts = content_.sessions[session_type]
    return " ".join(p for p in (_filled(content_, session_type, minutes, texts.how),
                                kind_word(content_, session_type, minutes)) if p)


def session_card(content_: LocaleContent, session_type: str, minutes: int, audio: bool = True) -> StandardCard:
    """ "Acupressure mat session: 5 minutes", "Hip flexor release: 2 minutes per side", and its how-to."""
    name = content_.sessions[session_type].name
    title = f"{name[0].upper()}{name[1:]}: {_minutes(content_, minutes)}"
    if session_kind(session_type).minutes_are_per_side:
        title += f" {content_.session_say('per_side')}"
    return StandardCard(title=title, text=card_text(content_, session_type, minutes, audio))
