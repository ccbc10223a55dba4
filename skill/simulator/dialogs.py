"""Scripted conversations: `ask dialog` replay files and YAML dialogs with expectations per turn.

An `ask dialog --replay` file (JSON) lists what the user says:

    {"skillId": "amzn1.ask.skill…", "locale": "en-US", "type": "text",
     "userInput": ["open back relief", "my lower back is spasming", "stop"]}

A YAML dialog also says what must happen (every expectation is optional):

    name: lower back spasm, then a mat session
    locale: en-US                 # default en-US
    device: speaker               # speaker | screen | no-audio
    model: ../fixtures/model.json # default: the project's interaction_model/ (relative to this file)
    turns:
      - say: open back relief
        expect:
          request: LaunchRequest
          speech_contains: [welcome]          # text or list, case-insensitive, SSML made readable
          speech_starts_with: Back Relief     # what is said first (a red flag's warning, say)
          speech_not_contains: [diagnos]
          speech_rate: 80%                    # the pace it is said at (the outermost prosody rate)
          reprompt: true                      # true/false, or text it must contain
          session: open                       # open | closed
      - say: my lower back is spasming
        expect:
          intent: RemedyIntent
          slots: {area: LOWER_BACK, symptom: spasming}   # resolved id, name or value; null = empty
          card_title: Lower back spasm
          card_contains: [heat]
      - say: start a ten minute mat session
        expect: {directives: [AudioPlayer.Play], session: closed}
      - wait: 10m                             # simulated time passes
        expect: {events: [AudioPlayer.PlaybackNearlyFinished, AudioPlayer.PlaybackFinished]}
      - wait: until 23:50                     # to the next 23:50 on the device's clock (:timezone);
                                              # the skill's "now" is the requests' time, so days pass
      - do: ":device no-audio"                # any simulator command
      - do: ":voice alice"                    # who speaks: a voice profile (":voice none": unknown)
      - say: hello there
        expect: {routed: false}               # Alexa does not send it to the skill

Other expectations: `speech` (the whole text), `card: false`, `directives: []` (none),
`allow_violations: true` (otherwise anything Alexa would refuse fails the turn), `error: true`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, TextIO, Union

import yaml

from skill.config import PROJECT_DIR
from skill.simulator.display import render_turn, speech_text
from skill.simulator.engine import Simulator
from skill.simulator.model import InteractionModel, load_model
from skill.simulator.transport import Transport
from skill.simulator.turns import Turn

DEFAULT_MODEL_DIR = PROJECT_DIR / "interaction_model"
EXPECTATIONS = {"request", "intent", "slots", "speech", "speech_starts_with", "speech_contains",
                "speech_not_contains", "speech_rate",
                "reprompt", "card", "card_title", "card_contains", "directives", "session",
                "events", "routed", "allow_violations", "error"}
STEP_KINDS = ("say", "wait", "do", "command", "silence")


class DialogError(ValueError):
    """The dialog file itself is wrong (not the skill)."""


@dataclass
class Step:
    kind: str                 # say | wait | do
    text: str
    expect: Dict[str, Any] = field(default_factory=dict)

    @property
    def line(self) -> str:
        return {"say": self.text, "wait": f":wait {self.text}", "do": self.text}[self.kind]


@dataclass
class Dialog:
    name: str
    steps: List[Step]
    locale: str = "en-US"
    device: str = "speaker"
    skill_id: Optional[str] = None
    model_path: Optional[Path] = None


@dataclass
class TurnResult:
    number: int
    step: Step
    turn: Turn
    failures: List[str]


@dataclass
class DialogResult:
    name: str
    turns: List[TurnResult] = field(default_factory=list)
    error: Optional[str] = None

    @property
    def passed(self) -> bool:
        return self.error is None and not self.failures

    def __bool__(self) -> bool:
        return self.passed

    @property
    def failures(self) -> List[str]:
        return [f"turn {t.number} ({t.step.line!r}): {f}" for t in self.turns for f in t.failures]

    def report(self) -> str:
        if self.error:
            return f"dialog {self.name!r}: {self.error}"
        if self.passed:
            return f"dialog {self.name!r}: {len(self.turns)} turns passed"
        return "\n".join([f"dialog {self.name!r} failed:"] + [f"  {f}" for f in self.failures])


def _as_list(value: Any) -> List[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _step(raw: Any, number: int) -> Step:
    if isinstance(raw, str):
        return Step("do", raw) if raw.startswith(":") else Step("say", raw)
    if not isinstance(raw, Mapping):
        raise DialogError(f"turn {number}: expected text or a mapping, not {raw!r}")
    kinds = [k for k in STEP_KINDS if k in raw]
    unknown = set(raw) - set(STEP_KINDS) - {"expect"}
    if len(kinds) != 1 or unknown:
        raise DialogError(f"turn {number}: needs exactly one of say/wait/do (and optional expect); "
                          f"got {sorted(raw)}")
    expect = dict(raw.get("expect") or {})
    typos = set(expect) - EXPECTATIONS
    if typos:
        raise DialogError(f"turn {number}: unknown expectation(s) {sorted(typos)}; "
                          f"known: {sorted(EXPECTATIONS)}")
    kind = kinds[0]
    if kind == "silence":
        return Step("do", ":silence", expect)
    text = str(raw[kind])
    if kind == "command":
        kind = "do"
    if kind == "do" and not text.startswith(":"):
        text = ":" + text
    return Step(kind, text, expect)


def load_dialog(source: Union[str, Path, Mapping[str, Any]]) -> Dialog:
    base: Optional[Path] = None
    if isinstance(source, Mapping):
        data, name = source, str(source.get("name") or "dialog")
    else:
        path = Path(source)
        base = path.parent
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        except (OSError, ValueError, yaml.YAMLError) as exc:
            raise DialogError(f"{path}: {exc}") from None
        if not isinstance(data, Mapping):
            raise DialogError(f"{path}: expected a mapping at the top")
        name = str(data.get("name") or path.stem)
    if "userInput" in data:                                   # ask dialog replay file
        steps = [_step(str(line), i) for i, line in enumerate(data["userInput"], 1)]
    elif "turns" in data:
        steps = [_step(raw, i) for i, raw in enumerate(data["turns"] or [], 1)]
    else:
        raise DialogError(f"{name}: needs `turns` (YAML dialog) or `userInput` (ask dialog file)")
    model = data.get("model")
    model_path = (base / model if base and model else Path(model)) if model else None
    return Dialog(name, steps, data.get("locale") or "en-US", data.get("device") or "speaker",
                  data.get("skillId") or data.get("skill_id"), model_path)


def _slot_matches(slot: Mapping[str, Any], expected: Any) -> bool:
    if expected is None:
        return "value" not in slot
    wanted = str(expected).casefold()
    seen = {str(slot.get("value", "")).casefold()}
    for authority in (slot.get("resolutions") or {}).get("resolutionsPerAuthority") or []:
        for value in authority.get("values") or []:
            seen |= {str(value["value"].get("id", "")).casefold(),
                     str(value["value"].get("name", "")).casefold()}
    return wanted in seen


def check_turn(turn: Turn, expect: Mapping[str, Any]) -> List[str]:
    """What in this turn differs from the expectations (empty when all is as expected)."""
    failures: List[str] = []
    main = turn.main
    if not expect.get("error"):
        failures.extend(f"{e.request_type} failed: {e.error}" for e in turn.exchanges if e.error)
    if not expect.get("allow_violations"):
        failures.extend(f"not allowed by Alexa: {e.request_type}: {v}"
                        for e in turn.exchanges for v in e.violations)
    if expect.get("error") and not any(e.error for e in turn.exchanges):
        failures.append("expected the skill to fail, but it answered")
    if "routed" in expect:
        routed = turn.resolution is None or turn.resolution.routed
        if bool(expect["routed"]) != routed:
            failures.append(f"expected routed={expect['routed']}, but "
                            + (turn.resolution.describe() if turn.resolution else "nothing was said"))
    if "events" in expect:
        sent, position = turn.events, 0
        for wanted in _as_list(expect["events"]):
            try:
                position = sent.index(wanted, position) + 1
            except ValueError:
                failures.append(f"expected event {wanted} (in order); the device sent {sent or 'none'}")
                break
    needs_main = set(expect) - {"routed", "events", "allow_violations", "error"}
    if not needs_main:
        return failures
    if main is None or main.response is None:
        why = (turn.resolution.note if turn.resolution and not turn.resolution.routed
               else "the skill did not answer")
        return failures + [f"Alexa sent nothing the skill answered ({why}); cannot check "
                           f"{', '.join(sorted(needs_main))}"]
    request = main.request.get("request", {})
    body = main.body
    said = speech_text(body.get("outputSpeech"))
    heard = f'; Alexa said: "{said}"'
    if "request" in expect and main.request_type != expect["request"]:
        failures.append(f"expected a {expect['request']}, Alexa sent a {main.request_type}")
    if "intent" in expect:
        name = request.get("intent", {}).get("name")
        if name != expect["intent"]:
            sample = f" (matched sample {turn.resolution.sample!r})" if turn.resolution and \
                turn.resolution.sample else ""
            failures.append(f"expected intent {expect['intent']}, Alexa sent {name or main.request_type}"
                            f"{sample}")
    for slot_name, wanted in (expect.get("slots") or {}).items():
        slot = (request.get("intent", {}).get("slots") or {}).get(slot_name)
        if slot is None or not _slot_matches(slot, wanted):
            failures.append(f"expected slot {slot_name}={wanted!r}, got "
                            f"{(slot or {}).get('value', 'nothing')!r}")
    folded = said.casefold()
    if "speech_starts_with" in expect and not folded.startswith(str(expect["speech_starts_with"]).casefold()):
        failures.append(f"expected speech to start with {expect['speech_starts_with']!r}{heard}")
    for text in _as_list(expect.get("speech_contains", [])):
        if str(text).casefold() not in folded:
            failures.append(f"expected speech to contain {text!r}{heard}")
    for text in _as_list(expect.get("speech_not_contains", [])):
        if str(text).casefold() in folded:
            failures.append(f"expected speech not to contain {text!r}{heard}")
    if "speech_rate" in expect:
        ssml = ((body.get("outputSpeech") or {}).get("ssml")) or ""
        rate = re.search(r'<prosody rate="([^"]+)"', ssml)
        if (rate.group(1) if rate else None) != str(expect["speech_rate"]):
            failures.append(f"expected speech at rate {expect['speech_rate']}, got "
                            f"{rate.group(1) if rate else 'no rate'}{heard}")
    if "speech" in expect and " ".join(str(expect["speech"]).split()).casefold() != folded:
        failures.append(f"expected speech {expect['speech']!r}{heard}")
    if "reprompt" in expect:
        reprompt = speech_text((body.get("reprompt") or {}).get("outputSpeech"))
        wanted = expect["reprompt"]
        if isinstance(wanted, bool) and wanted != bool(reprompt):
            failures.append("expected a reprompt" if wanted else f"expected no reprompt, got {reprompt!r}")
        elif not isinstance(wanted, bool) and str(wanted).casefold() not in reprompt.casefold():
            failures.append(f"expected the reprompt to contain {wanted!r}; it is {reprompt!r}")
    card = body.get("card") or {}
    if "card" in expect and bool(expect["card"]) != bool(card):
        failures.append("expected a card" if expect["card"] else
                        f"expected no card, got {card.get('title')!r}")
    if "card_title" in expect:
        title = str(card.get("title") or "")
        if " ".join(title.split()).casefold() != " ".join(str(expect["card_title"]).split()).casefold():
            failures.append(f"expected card title {expect['card_title']!r}, got {title or 'no card'!r}")
    card_text = str(card.get("content") or card.get("text") or "").casefold()
    for text in _as_list(expect.get("card_contains", [])):
        if str(text).casefold() not in card_text:
            failures.append(f"expected the card to contain {text!r}")
    if "directives" in expect:
        types = [d.get("type") for d in main.directives]
        wanted_types = _as_list(expect["directives"] or [])
        if not wanted_types and types:
            failures.append(f"expected no directives, got {types}")
        for wanted in wanted_types:
            if wanted not in types:
                failures.append(f"expected directive {wanted}, got {types or 'none'}")
    if "session" in expect:
        state = "open" if main.session_open else "closed"
        if str(expect["session"]).lower() != state:
            failures.append(f"expected the session {expect['session']}, it is {state}{heard}")
    return failures


def run_dialog(source: Union[str, Path, Mapping[str, Any]], transport: Transport, *,
               model: Optional[InteractionModel] = None, model_dir: Optional[Path] = None,
               out: Optional[TextIO] = None, show_json: bool = False,
               start: Optional[datetime] = None) -> DialogResult:
    """Play a dialog against the skill, its clock starting at `start` (default: now); with `out`,
    print each turn as it happens."""
    try:
        dialog = load_dialog(source)
        if model is None:
            model = load_model(dialog.model_path or model_dir or DEFAULT_MODEL_DIR, dialog.locale)
    except (DialogError, ValueError) as exc:
        name = source.get("name", "dialog") if isinstance(source, Mapping) else str(source)
        return DialogResult(str(name), error=str(exc))
    simulator = Simulator(transport, model, locale=dialog.locale, device=dialog.device,
                          skill_id=dialog.skill_id, start=start)
    result = DialogResult(dialog.name)
    for number, step in enumerate(dialog.steps, 1):
        turn = simulator.handle(step.line)
        failures = check_turn(turn, step.expect)
        result.turns.append(TurnResult(number, step, turn, failures))
        if out is not None:
            out.write(f"you › {step.line}\n" if step.kind == "say" else f"{step.line}\n")
            rendered = render_turn(turn, show_json)
            out.write(rendered + "\n" if rendered else "")
            out.writelines(f"  ✗ {failure}\n" for failure in failures)
    if out is not None:
        out.write(("✓ " if result.passed else "✗ ") + result.report() + "\n")
    return result

