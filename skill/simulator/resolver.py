"""From what the user says to the request Alexa sends: launch, one-shot, intent or nothing.

    resolve("ask back relief what to do my lower back is spasming", model)
      → Resolution(kind="intent", intent="RemedyIntent", new_session=True,
                   slots={"area": lower back → LOWER_BACK, "symptom": spasming → SPASM})

Matching works on normalised words (see text.py). Every sample utterance is tried against every
way of splitting the utterance into its `{slot}`s; a split is kept when each slot's words fit the
slot's type (AMAZON.NUMBER and AMAZON.DURATION must parse; a custom type accepts unknown words,
as Alexa does, except in a sample made of slots alone). Among the candidates the winner is, in
order: every custom slot resolved (ER_SUCCESS_MATCH), the most literal characters matched (as in
virtual-alexa), the most resolved slots, a model sample over Alexa's own built-in phrasings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from skill.simulator.builtins import AUDIO_INTENTS, builtin_samples
from skill.simulator.clock_words import parse_date, parse_time
from skill.simulator.durations import parse_duration, words_to_number
from skill.simulator.envelopes import Slot
from skill.simulator.model import InteractionModel, Sample, as_model
from skill.simulator.text import clean, tokenize

FALLBACK = "AMAZON.FallbackIntent"
LAUNCH_VERBS = ("open", "open up", "launch", "start", "talk to", "ask", "load", "begin", "use",
                "run", "play", "tell")


@dataclass
class Match:
    intent: str
    sample: Sample
    slots: Dict[str, Slot]
    score: Tuple[Any, ...]


@dataclass
class Resolution:
    """What Alexa makes of one utterance.

    kind: "launch" (LaunchRequest), "intent" (IntentRequest), "unmatched" (the skill has no
    FallbackIntent, so nothing fits) or "not_routed" (Alexa would answer it herself).
    """

    kind: str
    intent: Optional[str] = None
    slots: Dict[str, Slot] = field(default_factory=dict)
    new_session: bool = False
    sample: Optional[str] = None
    heard: str = ""
    note: str = ""

    @property
    def routed(self) -> bool:
        return self.kind in ("launch", "intent")

    def describe(self) -> str:
        if self.kind == "launch":
            return "LaunchRequest"
        if self.kind != "intent":
            return f"({self.note or self.kind})"
        parts = [self.intent or "?"]
        for name, slot in self.slots.items():
            if slot.value is None:
                continue
            shown = f'{name}="{slot.value}"'
            if slot.slot_type and not slot.builtin:
                shown += f" → {slot.resolved[0]}" if slot.resolved else " (no match)"
            parts.append(shown)
        return " ".join(parts)


def _splits(parts: Sequence[Tuple[str, str]], words: Sequence[str], pi: int = 0, wi: int = 0
            ) -> Iterator[List[Tuple[str, int, int]]]:
    """Every way the words fill the sample: lists of (slot name, first word, end word)."""
    if pi == len(parts):
        if wi == len(words):
            yield []
        return
    kind, value = parts[pi]
    if kind == "lit":
        if wi < len(words) and words[wi] == value:
            yield from _splits(parts, words, pi + 1, wi + 1)
        return
    still_needed = len(parts) - pi - 1          # every later part takes at least one word
    for end in range(wi + 1, len(words) - still_needed + 1):
        for rest in _splits(parts, words, pi + 1, end):
            yield [(value, wi, end)] + rest


def fill_slot(slot_type: str, text: str, model: InteractionModel) -> Optional[Slot]:
    """The slot Alexa would send for these words, or None when they cannot fill this type."""
    if slot_type in ("AMAZON.NUMBER", "AMAZON.FOUR_DIGIT_NUMBER"):
        number = words_to_number(text)
        if number is None or (slot_type == "AMAZON.FOUR_DIGIT_NUMBER" and number > 9999):
            return None
        return Slot(str(number), builtin=True)
    if slot_type == "AMAZON.DURATION":
        iso = parse_duration(text)
        return Slot(iso, builtin=True) if iso else None
    if slot_type in ("AMAZON.TIME", "AMAZON.DATE"):
        value = (parse_time if slot_type == "AMAZON.TIME" else parse_date)(text)
        return Slot(value, builtin=True) if value else None
    if slot_type.startswith("AMAZON."):
        return Slot(text, builtin=True)
    known = model.types.get(slot_type)
    return Slot(text, slot_type, known.resolve(text) if known else None)


class Words:
    """An utterance's normalised words, remembering the typed word each came from, so that a slot
    carries the words as the user said them ("can't", not "can not") when they line up."""

    def __init__(self, text: str):
        tokens = tokenize(text)
        self.typed = [typed for typed, _ in tokens]
        self.words = [word for _, words in tokens for word in words]
        self.owner = [i for i, (_, words) in enumerate(tokens) for _ in words]

    def span(self, start: int, end: int) -> str:
        owner = self.owner
        aligned = (start == 0 or owner[start - 1] != owner[start]) and \
            (end == len(owner) or owner[end] != owner[end - 1])
        if aligned:
            return " ".join(self.typed[owner[start]:owner[end - 1] + 1])
        return " ".join(self.words[start:end])


def match_sample(sample: Sample, utterance: Union[str, Words], slot_types: Mapping[str, str],
                 model: InteractionModel) -> Optional[Match]:
    """The best way this sample matches the utterance, or None."""
    heard = utterance if isinstance(utterance, Words) else Words(utterance)
    best: Optional[Match] = None
    for split in _splits(sample.parts, heard.words):
        slots: Dict[str, Slot] = {}
        resolved = unresolved = 0
        for name, start, end in split:
            slot = fill_slot(slot_types.get(name, ""), heard.span(start, end), model)
            if slot is None:
                break
            if not slot.builtin:
                resolved, unresolved = resolved + bool(slot.resolved), unresolved + (not slot.resolved)
            slots[name] = slot
        else:
            if unresolved and sample.literal_chars == 0:
                continue        # "{area}" alone does not swallow every sentence
            score = (unresolved == 0, sample.literal_chars, resolved, not sample.builtin)
            if best is None or score > best.score:
                best = Match(sample.intent, sample, slots, score)
    return best


def _candidates(model: InteractionModel, playing: bool, audio_owner: bool, only_audio: bool
                ) -> Iterator[Tuple[str, Mapping[str, str], Sample]]:
    audio = playing or audio_owner
    for intent in model.intents.values():
        if only_audio and intent.name not in AUDIO_INTENTS and not (
                playing and intent.name == "AMAZON.StopIntent"):
            continue
        for sample in intent.samples:
            yield intent.name, intent.slots, sample
        if intent.name.startswith("AMAZON."):
            for sample in builtin_samples(intent.name, playing):
                yield intent.name, intent.slots, sample
    if audio:   # Alexa routes these to the audio skill even when the model leaves them out
        for name in AUDIO_INTENTS:
            if name not in model.intents:
                for sample in builtin_samples(name, playing):
                    yield name, {}, sample


def best_match(model: InteractionModel, text: str, *, playing: bool = False,
               audio_owner: bool = False, only_audio: bool = False) -> Optional[Match]:
    heard = Words(text)
    if not heard.words:
        return None
    best: Optional[Match] = None
    for intent_name, slot_types, sample in _candidates(model, playing, audio_owner, only_audio):
        if playing and intent_name == "AMAZON.StopIntent" and sample.builtin:
            continue
        found = match_sample(sample, heard, slot_types, model)
        if found and (best is None or found.score > best.score):
            best = found
    if best is not None:
        declared = model.intents.get(best.intent)
        for name in (declared.slots if declared else {}):
            best.slots.setdefault(name, Slot(None))      # Alexa sends every slot, filled or not
        best.slots = {name: best.slots[name] for name in (declared.slots if declared else best.slots)}
    return best


def _one_shot_requests(text: str, inv: str) -> List[str]:
    """The request inside "ask back relief to …", "… with back relief" and the like."""
    name = re.escape(inv)
    patterns = [
        rf"^ask {name} (?:(?P<conn>to|for|about|whether|if) )?(?P<req>.+)$",
        rf"^tell {name} (?:(?P<conn>to|that|about) )?(?P<req>.+)$",
        rf"^(?:open|open up|launch|start|load|begin|use|run|talk to) {name} and (?P<req>.+)$",
        rf"^(?:use|open|launch|start|load|run) {name} to (?P<req>.+)$",
        rf"^talk to {name} (?:(?P<conn>about) )?(?P<req>.+)$",
        rf"^(?P<req>.+?) (?:with|using|via|from|on|in) {name}$",
    ]
    requests: List[str] = []
    for pattern in patterns:
        match = re.match(pattern, text)
        if match:
            requests.append(match.group("req"))
            if match.groupdict().get("conn"):
                requests.append(f"{match.group('conn')} {match.group('req')}")
    return requests


def _as_intent(match: Match, new_session: bool, heard: str) -> Resolution:
    return Resolution("intent", match.intent, match.slots, new_session, match.sample.text, heard)


def _fallback(model: InteractionModel, new_session: bool, heard: str) -> Resolution:
    if model.has_intent(FALLBACK):
        slots = {n: Slot(None) for n in model.intents[FALLBACK].slots}
        return Resolution("intent", FALLBACK, slots, new_session, None, heard,
                          note="no sample fits")
    return Resolution("unmatched", None, {}, new_session, None, heard,
                      note="no match: no sample fits and the model has no AMAZON.FallbackIntent")


def resolve(utterance: str, model: Union[InteractionModel, Mapping[str, Any]],
            invocation_name: Optional[str] = None, *, in_session: bool = True,
            playing: bool = False, audio_owner: bool = False) -> Resolution:
    """Turn one utterance into what Alexa would send.

    in_session: a session of this skill is open, so plain utterances go to it.
    playing: the skill's audio is playing ("stop" and "pause" become AMAZON.PauseIntent).
    audio_owner: the skill played audio last, so audio commands reach it without its name.
    """
    model = as_model(model)
    inv = clean(invocation_name or model.invocation_name)
    text = clean(utterance)         # one-shot patterns are found in the words as typed
    text = re.sub(r"^(?:alexa|echo|computer|amazon) ", "", text)
    if inv:
        if re.fullmatch(rf"(?:{'|'.join(LAUNCH_VERBS)}) {re.escape(inv)}(?: please)?", text):
            return Resolution("launch", new_session=True, heard=text)
        requests = _one_shot_requests(text, inv)
        if requests:
            found = [(m, r) for m, r in ((best_match(model, r), r) for r in requests) if m]
            if found:
                winner, request = max(found, key=lambda pair: pair[0].score)
                return _as_intent(winner, True, request)
            return _fallback(model, True, requests[0])
    if in_session:
        match = best_match(model, text, playing=playing, audio_owner=audio_owner)
        return _as_intent(match, False, text) if match else _fallback(model, False, text)
    if playing or audio_owner:
        match = best_match(model, text, playing=playing, audio_owner=True, only_audio=True)
        if match:
            return _as_intent(match, True, text)
    hint = f'say "open {inv}" or "ask {inv} …"' if inv else "open the skill first"
    return Resolution("not_routed", heard=text,
                      note=f"Alexa would handle this herself, not the skill: {hint}")
