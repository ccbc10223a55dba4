"""What Alexa would refuse in a skill's response, checked for every exchange the simulator makes.

`problems(request, response)` returns (violations, notes): violations are things Alexa rejects,
ignores or says wrongly (shown as "⚠ not allowed by Alexa"), notes are design advice from the notes and the
design guide (shown as "△").
"""
from __future__ import annotations

import json
import re
from typing import Any, List, Mapping, Tuple

MAX_SPEECH_CHARS = 8000
MAX_RESPONSE_BYTES = 24 * 1024
MAX_BREAK_S = 10.0
NO_REPLY_ALLOWED = ("SessionEndedRequest", "System.ExceptionEncountered", "AudioPlayer.PlaybackStopped")


def _ssml_text(speech: Mapping[str, Any]) -> str:
    return speech.get("ssml") or speech.get("text") or ""


def _break_seconds(value: str) -> float:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*", value or "")
    if not match:
        return 0.0
    number = float(match.group(1))
    return number / 1000 if match.group(2) == "ms" else number


# An emergency number in digits outside <say-as>: Alexa reads it as a quantity ("nine hundred
# ninety-nine"), the one thing a person must hear right (skill/responses.py says it digit by digit).
_SAY_AS = re.compile(r"<say-as\b[^>]*>.*?</say-as>", re.S)
_BARE_EMERGENCY_NUMBER = re.compile(r"(?<![\w.,])(911|999|112)(?!\w|[.,]\d)")


def _ssml_problems(ssml: str) -> List[str]:
    found: List[str] = []
    stack: List[str] = []
    for tag in re.finditer(r"<\s*(/?)\s*([A-Za-z][\w:.-]*)([^>]*?)(/?)\s*>", ssml):
        closing, name, attributes, self_closing = tag.groups()
        if closing:
            if not stack:
                found.append(f"SSML: </{name}> closes a tag that was never opened")
                break
            if stack[-1] != name:
                found.append(f"SSML: <{stack[-1]}> is never closed (</{name}> comes first)")
                break
            stack.pop()
        elif not self_closing:
            stack.append(name)
        if name == "break":
            time = re.search(r'time\s*=\s*["\']([^"\']*)["\']', attributes)
            if time and _break_seconds(time.group(1)) > MAX_BREAK_S:
                found.append(f"SSML: <break time=\"{time.group(1)}\"/> is longer than {MAX_BREAK_S:g} s")
        if name == "audio":
            src = re.search(r'src\s*=\s*["\']([^"\']*)["\']', attributes)
            if src and not src.group(1).startswith(("https://", "soundbank://")):
                found.append(f"SSML: <audio src=\"{src.group(1)}\"/> must be an HTTPS URL")
    if stack and not found:
        found.append(f"SSML: <{stack[-1]}> is never closed")
    said = re.sub(r"<[^>]*>", " ", _SAY_AS.sub(" ", ssml))
    return found + [f"SSML: {number} would be read as a quantity; say it with "
                    f'<say-as interpret-as="telephone">' for number in _BARE_EMERGENCY_NUMBER.findall(said)]


# Once an answer ends the session, only the invocation name reaches the skill again ("Alexa, ask
# Back Relief to start a ten minute mat session", "Alexa, open Back Relief"): a "say …" suggestion
# without it goes to Alexa herself. Two kinds of phrase need no name: Alexa's own commands ("Alexa,
# volume down", "Alexa, set a timer", "Alexa, call, and a name"), and, while the skill holds the
# player, the playback built-ins said on their own ("Alexa, pause", "Alexa, resume", "Alexa, stop" …).
_SAY = re.compile(r"\bsay\b,?\s*([^.?!;:]*)", re.I)
_LEAD = r"(?:just\s+)?(?:alexa,?\s*)?"
_PLAYBACK_BUILT_INS = re.compile(_LEAD + r"(?:pause|resume|stop|next|previous|start over|cancel|repeat)\b", re.I)
_ALEXAS_OWN = re.compile(_LEAD + r"(?:volume|set a\b|cancel the timer|pause the timer|call\b|play\b)", re.I)
# Where the skill's stream is paused or stopped part way, Alexa still sends the playback built-ins
# to it, as the skill most recently playing audio ("Alexa, stop" arrives as AMAZON.PauseIntent, and
# "Alexa, resume" as AMAZON.ResumeIntent): the skill's pause answers rely on it. A finished stream,
# or none (a timer-only session), holds nothing to resume.
_HELD_ACTIVITIES = ("PLAYING", "PAUSED", "STOPPED", "BUFFER_UNDERRUN")


def _stops_audio(body: Mapping[str, Any]) -> bool:
    return any(d.get("type") == "AudioPlayer.Stop" or (
        d.get("type") == "AudioPlayer.ClearQueue" and d.get("clearBehavior") == "CLEAR_ALL")
        for d in body.get("directives") or [])


def _audio_goes_on(request: Mapping[str, Any], body: Mapping[str, Any]) -> bool:
    """The answer ends the session while the skill's audio plays on, or starts it."""
    if body.get("shouldEndSession") is False:
        return False
    if any(d.get("type") == "AudioPlayer.Play" for d in body.get("directives") or []):
        return True
    player = ((request.get("context") or {}).get("AudioPlayer") or {})
    return player.get("playerActivity") == "PLAYING" and not _stops_audio(body)


def _holds_the_player(request: Mapping[str, Any], body: Mapping[str, Any]) -> bool:
    """After this answer the skill's own stream plays, or waits paused part way (this answer or an
    earlier one stopped it): "Alexa, resume" said on its own reaches the skill."""
    if _audio_goes_on(request, body):
        return True
    player = ((request.get("context") or {}).get("AudioPlayer") or {})
    return bool(player.get("token")) and player.get("playerActivity") in _HELD_ACTIVITIES


def _session_closes(body: Mapping[str, Any]) -> bool:
    """The answer ends the session (a missing shouldEndSession ends it too): anything said next
    needs the invocation name."""
    return body.get("shouldEndSession") is not False


def _reaches_without_name(words: str, playback: bool) -> bool:
    """Alexa's own command (whatever follows it: "call, and a name from your contacts"), or, with
    `playback`, playback built-ins only ("pause, resume, or start over")."""
    for choice in re.split(r"\bor\b", words, flags=re.I):
        choice = choice.strip(" ,")
        if not choice or _ALEXAS_OWN.match(choice):
            continue
        pieces = [p.strip() for p in re.split(r",|\band\b", choice, flags=re.I)]
        pieces = [p for p in pieces if p and p.lower() not in ("alexa", "just")]
        if not (playback and all(_PLAYBACK_BUILT_INS.match(p) or _ALEXAS_OWN.match(p) for p in pieces)):
            return False
    return True


def unreachable_phrases(said: str, invocation_name: str = "", playback: bool = True) -> List[str]:
    """What `said` tells them to say that would not reach the skill with no session open: each
    "say …" clause must name the skill ("say, Alexa, ask Back Relief to …", "just say, Alexa, open
    Back Relief"), or be Alexa's own commands, or, with `playback` (the skill holds the player),
    playback built-ins.

    Without `playback`, "say, Alexa, pause" or "say, Alexa, next" is refused: with none of the
    skill's audio playing or paused, Alexa answers that nothing is playing, or hands it to
    whatever played last. Harmless, but a dead end for someone in pain who did as they were told."""
    name = invocation_name.strip().lower()
    return [clause.group(0).strip() for clause in _SAY.finditer(re.sub(r"<[^>]*>", " ", said))
            if not _each_choice_reaches(clause.group(1).strip(), name, playback)]


def _names_the_skill(words: str, name: str) -> bool:
    if name:
        return name in words.lower()
    return bool(re.search(r"\b(ask|tell|open)\s+\w+", words, re.I))


def _each_choice_reaches(words: str, name: str, playback: bool) -> bool:
    """Each choice in one "say …" clause reaches the skill: it names the skill, or goes on with
    the choice before it that did ("ask Back Relief to start a mat session, or a heat session"),
    or is Alexa's own command or (with `playback`) playback built-ins. A name said in one choice
    does not carry to another that starts afresh ("say, start a mat session, or ask Back Relief
    for heat": the first goes to Alexa), nor past a new "Alexa," ("…, or Alexa, start heat")."""
    named_before = False
    for choice in re.split(r"\bor\b", words, flags=re.I):
        choice = re.sub(r"^say\b,?\s*", "", choice.strip(" ,"), flags=re.I)
        if not choice:
            continue
        if _names_the_skill(choice, name):
            named_before = True
            continue
        if named_before and not re.match(r"(?:just\s+)?alexa\b", choice, re.I) \
                and not re.match(r"(?:start|play|open|ask|tell|set|stop|pause|resume)\b", choice, re.I):
            continue        # more of the named request: "… to start a mat session, or a heat session"
        named_before = False
        if not _reaches_without_name(choice, playback):
            return False
    return True


def _closing_problems(request: Mapping[str, Any], body: Mapping[str, Any], invocation_name: str) -> List[str]:
    """The "say …" suggestions of an answer that ends the session which would not reach the skill."""
    said = _ssml_text(body["outputSpeech"])
    if _audio_goes_on(request, body):
        return [f'speech: "{phrase}" would not reach the skill while its audio plays (no session is '
                f'open): use a playback built-in ("Alexa, pause") or the invocation name'
                for phrase in unreachable_phrases(said, invocation_name)]
    name = invocation_name.title() or "<invocation name>"
    return [f'speech: "{phrase}" would not reach the skill: the session ends here, so name it '
            f'("say, Alexa, ask {name} to …" or "say, Alexa, open {name}")'
            for phrase in unreachable_phrases(said, invocation_name, _holds_the_player(request, body))]


def problems(request: Mapping[str, Any], response: Mapping[str, Any],
             supported: Mapping[str, Any] = (), invocation_name: str = "") -> Tuple[List[str], List[str]]:
    kind = (request.get("request") or {}).get("type", "")
    body = response.get("response")
    violations: List[str] = []
    notes: List[str] = []
    if not isinstance(body, Mapping):
        return ["the answer has no \"response\" object"], notes
    if response.get("version") is None:
        notes.append('the answer has no "version" (Alexa expects "1.0")')
    directives = body.get("directives") or []
    has_content = [part for part in ("outputSpeech", "card", "reprompt") if body.get(part)]

    if kind in NO_REPLY_ALLOWED and (has_content or directives):
        violations.append(f"a reply to {kind} must be empty; this one has "
                          + ", ".join(has_content + [d.get("type", "?") for d in directives]))
    elif kind.startswith(("AudioPlayer.", "PlaybackController.")):
        for part in has_content:
            violations.append(f"{part} in a reply to {kind} (only AudioPlayer directives are allowed)")
        for directive in directives:
            if not str(directive.get("type", "")).startswith("AudioPlayer."):
                violations.append(f"{directive.get('type')} in a reply to {kind}")

    if "AudioPlayer" not in supported:          # Play, Stop, ClearQueue: none for such a device
        violations.extend(f"{d.get('type')} sent to a device without AudioPlayer (check "
                          "context.System.device.supportedInterfaces)"
                          for d in directives if str(d.get("type", "")).startswith("AudioPlayer."))
    plays = [d for d in directives if d.get("type") == "AudioPlayer.Play"]
    if len(plays) > 1:
        violations.append("more than one AudioPlayer.Play in one response")
    for play in plays:
        stream = ((play.get("audioItem") or {}).get("stream") or {})
        if not str(stream.get("url", "")).startswith("https://"):
            violations.append(f"AudioPlayer.Play stream URL must be HTTPS: {stream.get('url')!r}")
        if not stream.get("token") or len(str(stream.get("token"))) > 1024:
            violations.append("AudioPlayer.Play needs a token of 1 to 1024 characters")
        if play.get("playBehavior") == "ENQUEUE" and not stream.get("expectedPreviousToken"):
            violations.append("AudioPlayer.Play ENQUEUE needs expectedPreviousToken")
        if body.get("shouldEndSession") is False:
            notes.append("shouldEndSession is false with AudioPlayer.Play: Alexa ends the session "
                         "when audio plays")

    for part, speech in (("speech", body.get("outputSpeech")),
                         ("reprompt", (body.get("reprompt") or {}).get("outputSpeech"))):
        if not speech:
            continue
        text = _ssml_text(speech)
        if len(text) > MAX_SPEECH_CHARS:
            violations.append(f"{part} is {len(text)} characters (at most {MAX_SPEECH_CHARS})")
        if speech.get("type") == "SSML":
            if not re.match(r"^\s*<speak>.*</speak>\s*$", text, re.S):
                violations.append(f"{part}: SSML must be wrapped in <speak>…</speak>")
            violations.extend(f"{part}: {p}" for p in _ssml_problems(text))
    size = len(json.dumps(response).encode("utf-8"))
    if size > MAX_RESPONSE_BYTES:
        violations.append(f"the response is {size} bytes (at most {MAX_RESPONSE_BYTES})")

    if kind in ("LaunchRequest", "IntentRequest"):
        if body.get("shouldEndSession") is False and not body.get("reprompt") and not directives:
            notes.append("the session stays open without a reprompt")
        if body.get("reprompt") and body.get("shouldEndSession") is not False:
            notes.append("a reprompt is never heard when the session ends")
        if not body.get("outputSpeech") and not directives:
            notes.append("Alexa says nothing in reply")
        if body.get("outputSpeech") and _session_closes(body):
            violations.extend(_closing_problems(request, body, invocation_name))
    return violations, notes
