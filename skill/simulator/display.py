"""Alexa's side of a turn, written for someone who has never seen the developer console:
what she says (SSML made readable), the reprompt, the card in the phone app, what the device does
(directives), whether she keeps listening, and anything Alexa would not allow.
"""
from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any, List, Mapping, Optional

if TYPE_CHECKING:
    from skill.simulator.turns import Exchange, Turn

PERMISSION_NAMES = {
    "alexa::alerts:timers:skill:readwrite": "timers",
    "alexa::alerts:reminders:skill:readwrite": "reminders",
    "alexa::profile:given_name:read": "first name",
    "alexa::profile:name:read": "full name",
    "alexa::profile:email:read": "email address",
    "alexa::profile:mobile_number:read": "phone number",
}
ALEXA_ERROR = "There was a problem with the requested skill's response."


def permission_name(scope: str) -> str:
    return PERMISSION_NAMES.get(scope, scope)


def permission_scope(payload: Mapping[str, Any]) -> str:
    """The scope an AskFor asks for: `permissionScope` (version 1) or `permissionScopes` (2)."""
    scopes = payload.get("permissionScopes") or []
    if scopes and isinstance(scopes[0], Mapping):
        return str(scopes[0].get("permissionScope") or "")
    return str(payload.get("permissionScope") or "")


def format_ms(ms: float) -> str:
    """12_000 → "0:12", 3_723_000 → "1:02:03"."""
    seconds = int(round(ms / 1000))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def sound_name(src: str) -> str:
    """ "https://…/cue-start_bell.mp3" → "start_bell"; soundbank URLs keep their last part."""
    stem = src.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    stem = re.sub(r"\.(mp3|wav|ogg|aac|m4a)$", "", stem, flags=re.I)
    return re.sub(r"^cue-", "", stem)


def readable_ssml(ssml: str) -> str:
    """SSML as a listener hears it: pauses as " … ", sounds as "[♪ name]", no tags."""
    text = re.sub(r"<break\b[^>]*>", " … ", ssml)
    text = re.sub(r"""<audio\b[^>]*\bsrc\s*=\s*["']([^"']+)["'][^>]*>""",
                  lambda m: f" [♪ {sound_name(m.group(1))}] ", text)
    text = re.sub(r"</?p>|</?s>", " ", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    text = re.sub(r"(\s*…\s*)+", " … ", text)
    return " ".join(text.split()).strip(" …") if text.strip(" …\n") else ""


def speech_text(speech: Optional[Mapping[str, Any]]) -> str:
    if not speech:
        return ""
    return readable_ssml(speech.get("ssml") or speech.get("text") or "")


def describe_directive(directive: Mapping[str, Any]) -> str:
    kind = directive.get("type", "?")
    if kind == "AudioPlayer.Play":
        from skill.simulator.playback import audio_name
        stream = (directive.get("audioItem") or {}).get("stream") or {}
        name = audio_name(stream.get("token", ""), stream.get("url", ""))
        start = format_ms(stream.get("offsetInMilliseconds") or 0)
        behavior = directive.get("playBehavior", "REPLACE_ALL")
        how = {"ENQUEUE": " (queued to play next)", "REPLACE_ENQUEUED": " (replaces the queue)"}
        return f"▶ playing {name} from {start}{how.get(behavior, '')}"
    if kind == "AudioPlayer.Stop":
        return "■ audio stopped"
    if kind == "AudioPlayer.ClearQueue":
        everything = directive.get("clearBehavior") == "CLEAR_ALL"
        return "⏏ queue cleared" + (" and audio stopped" if everything else "")
    if kind == "Connections.SendRequest":
        scope = permission_scope(directive.get("payload") or {})
        if directive.get("name") == "AskFor" and scope:
            return f"permission request: {permission_name(scope)}"
        return f"connections request: {directive.get('name')}"
    if kind.startswith("Dialog."):
        slot = directive.get("slotToElicit") or directive.get("slotToConfirm")
        return f"dialog: {kind[7:]}" + (f" ({slot})" if slot else "")
    if kind == "Alexa.Presentation.APL.RenderDocument":
        return f"▭ screen: APL document {directive.get('token', '')}".rstrip()
    return kind


def _request_line(exchange: "Exchange", turn: "Turn") -> str:
    request = exchange.request.get("request", {})
    kind = request.get("type", "?")
    if kind == "IntentRequest" and turn.resolution is not None and turn.resolution.intent == \
            request.get("intent", {}).get("name"):
        line = f"→ IntentRequest {turn.resolution.describe()}"
    elif kind == "IntentRequest":
        line = f"→ IntentRequest {request.get('intent', {}).get('name')}"
    elif kind == "Connections.Response":
        line = f"→ Connections.Response {request.get('payload', {}).get('status')}"
    else:
        line = f"→ {kind}"
    session = exchange.request.get("session")
    if session is not None and session.get("new"):
        line += "   [new session]"
    return line


def _answer_lines(exchange: "Exchange", indent: str) -> List[str]:
    lines: List[str] = []
    if exchange.error:
        return [f"{indent}✖ the skill failed: {exchange.error}",
                f"{indent}  Alexa would say: “{ALEXA_ERROR}”"]
    body = exchange.body
    said = speech_text(body.get("outputSpeech"))
    if said:
        lines.append(f"{indent}Alexa: {said}")
    reprompt = speech_text((body.get("reprompt") or {}).get("outputSpeech"))
    if reprompt:
        lines.append(f"{indent}reprompt: {reprompt}")
    card = body.get("card")
    if card and exchange.card_repeated:
        lines.append(f"{indent}card: {card.get('title') or '(no title)'} (same as before)")
    elif card:
        lines.append(f"{indent}card: {card.get('title') or '(no title)'}")
        for text_line in str(card.get("content") or card.get("text") or "").splitlines():
            lines.append(f"{indent}      {text_line}")
    lines.extend(f"{indent}{describe_directive(d)}" for d in exchange.directives)
    lines.extend(f"{indent}⚠ not allowed by Alexa: {v}" for v in exchange.violations)
    lines.extend(f"{indent}△ {n}" for n in exchange.notes)
    return lines


def render_turn(turn: "Turn", show_json: bool = False) -> str:
    lines: List[str] = []
    pending = list(zip(turn.message_at or [len(turn.exchanges)] * len(turn.messages), turn.messages))
    for index, exchange in enumerate(turn.exchanges):
        lines.extend(f"  {message}" for at, message in pending if at == index)
        if exchange.kind == "user":
            lines.append("  " + _request_line(exchange, turn))
            lines.extend(_answer_lines(exchange, "  "))
            if exchange.response is not None and exchange.request_type not in (
                    "SessionEndedRequest",) and "session" in exchange.request:
                lines.append("  (listening…)" if exchange.session_open else "  (session ended)")
        else:
            request = exchange.request.get("request", {})
            where = ""
            if "offsetInMilliseconds" in request:
                name = exchange.stream_name or request.get("token", "")
                where = f"  {name} at {format_ms(request['offsetInMilliseconds'])}"
            if request.get("reason"):
                where = f"  ({request['reason']})"
            answer = _answer_lines(exchange, "      ")
            lines.append(f"  ↳ {request.get('type')}{where}" + ("" if answer else "  → no reply"))
            lines.extend(answer)
        if show_json:
            lines.append("  ── request ──")
            lines.extend("  " + l for l in json.dumps(exchange.request, indent=2).splitlines())
            lines.append("  ── response ──")
            shown = exchange.response if exchange.response is not None else {"error": exchange.error}
            lines.extend("  " + l for l in json.dumps(shown, indent=2).splitlines())
    lines.extend(f"  {message}" for at, message in pending if at >= len(turn.exchanges))
    return "\n".join(lines)
