"""Small helpers for what Alexa says: SSML building and the last-resort apology.

Speech is built from content text with these helpers so escaping and the calm pace live in one
place; responses are always ask_sdk_model objects, never hand-written JSON.
"""
from __future__ import annotations

import re
from html import escape
from typing import Optional

from ask_sdk_model import Response, ResponseEnvelope
from ask_sdk_model.ui import Reprompt, SsmlOutputSpeech

from skill.content import content_for, locale_table

# Speech as `reply` builds it: <speak>, the calm pace's <prosody>, what is said. The response
# interceptors that add a line (first_use, heat_off) put it inside both, at the same pace.
SPEECH_PARTS = re.compile(r"(<speak>(?:<prosody[^>]*>)?)(.*?)((?:</prosody>)?</speak>)", re.S)

# Requests whose responses may not carry speech (AudioPlayer, buttons, system and skill events).
SILENT_REQUEST_PREFIXES = ("AudioPlayer.", "PlaybackController.", "System.", "AlexaSkillEvent.",
                           "Alexa.Presentation.", "Messaging.")


def may_speak(request_type: str) -> bool:
    return request_type != "SessionEndedRequest" and not request_type.startswith(SILENT_REQUEST_PREFIXES)


# The emergency numbers the locales write in digits (locales.yaml terms: 911, 999, 112). Written
# so, Alexa reads a bare number as a quantity ("nine hundred ninety-nine"): said as a telephone
# number, each digit is heard. Cards keep the digits as they are.
_EMERGENCY_NUMBERS = tuple(sorted({entry["terms"]["emergency_number"]
                                   for entry in locale_table()["locales"].values()
                                   if entry["terms"]["emergency_number"].isdigit()}))
_EMERGENCY_NUMBER = re.compile(r"(?<![\w.,])(%s)(?!\w|[.,]\d)" % "|".join(_EMERGENCY_NUMBERS))
_SAID_AS_DIGITS = r'<say-as interpret-as="telephone">\1</say-as>'


def text(value: str) -> str:
    """Plain content text made safe inside SSML, emergency numbers said digit by digit."""
    safe = escape(value, quote=False)
    # Most text names no number: a few substring checks cost less than a regex pass.
    for number in _EMERGENCY_NUMBERS:
        if number in safe:
            return _EMERGENCY_NUMBER.sub(_SAID_AS_DIGITS, safe)
    return safe


CALM_RATE = "95%"       # a little slower than Alexa's own: someone talking you through pain
SLOW_RATE = "80%"       # for "say that slower", "what does that mean"


def calm(*parts: str, rate: str = CALM_RATE) -> str:
    """Joins SSML parts and says them at the calm pace (or `rate`)."""
    body = " ".join(part for part in parts if part)
    return f'<prosody rate="{rate}">{body}</prosody>' if body else ""


def slower(ssml: str, lead: str = "") -> str:
    """Speech we built with `calm`, said at SLOW_RATE instead, after `lead` (SSML) if any."""
    opening = f'<prosody rate="{SLOW_RATE}">' + (f"{lead} " if lead else "")
    return ssml.replace(f'<prosody rate="{CALM_RATE}">', opening, 1)


def apology_envelope(request_type: str, locale: Optional[str]) -> ResponseEnvelope:
    """What Alexa gets when even the skill's own error handling failed."""
    if not may_speak(request_type):
        return ResponseEnvelope(version="1.0", response=Response())
    content = content_for(locale)
    return ResponseEnvelope(version="1.0", response=Response(
        output_speech=SsmlOutputSpeech(ssml=f"<speak>{calm(text(content.say('error')))}</speak>"),
        reprompt=Reprompt(output_speech=SsmlOutputSpeech(
            ssml=f"<speak>{text(content.say('error_reprompt'))}</speak>")),
        should_end_session=False))
