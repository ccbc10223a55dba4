"""Sample utterances: what each may contain, and which of them two intents would fight over."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List, Mapping, Set, Tuple

from skill.checks.report import Report
from skill.simulator.builtins import PHRASES
from skill.simulator.model import InteractionModel, Sample
from skill.simulator.resolver import Words, match_sample
from skill.simulator.text import SampleSyntaxError, parse_sample, sample_key

MAX_SAMPLE_CHARS = 200
ALLOWED_CHAR = re.compile(r"[^\W\d_]|[ '.\-]")


def check_sample_text(sample: str, intent: str, path: Path, report: Report) -> bool:
    """Characters, length and braces of one sample; False when it cannot be parsed."""
    if not sample.strip():
        report.error(path, "empty sample utterance", intent, sample)
        return False
    if len(sample) > MAX_SAMPLE_CHARS:
        report.error(path, f"sample longer than {MAX_SAMPLE_CHARS} characters", intent, sample)
    try:
        parts = parse_sample(sample)
    except SampleSyntaxError as exc:
        report.error(path, f"malformed slot reference: {exc}", intent, sample)
        return False
    outside = re.sub(r"\{[^{}]*\}", " ", sample)
    if re.search(r"\d", outside):
        report.error(path, "numbers must be spelled out (\"ten\", not \"10\")", intent, sample)
    odd = sorted({c for c in outside if not ALLOWED_CHAR.fullmatch(c) and not c.isdigit()})
    if odd:
        shown = " ".join(repr(c) for c in odd)
        report.error(path, f"characters not allowed in a sample: {shown} (only letters, spaces, "
                           "apostrophes, hyphens and periods in abbreviations)", intent, sample)
    if "." in re.sub(r"\b[^\W\d_]\.", "", outside):
        report.error(path, "periods are only allowed in abbreviations (\"a.m.\")", intent, sample)
    names = [name for kind, name in parts if kind == "slot"]
    for name in sorted({n for n in names if names.count(n) > 1}):
        report.error(path, f"slot {{{name}}} is used twice in one sample", intent, sample)
    return True


def check_samples(language: Mapping[str, Any], path: Path, report: Report) -> None:
    """Per-intent sample rules and slot use."""
    for intent in language.get("intents") or []:
        name = intent.get("name")
        samples = intent.get("samples") or []
        declared = {s.get("name"): s.get("type") for s in intent.get("slots") or []}
        if name == "AMAZON.FallbackIntent" and samples:
            report.error(path, "AMAZON.FallbackIntent cannot have sample utterances", name)
        if not name.startswith("AMAZON.") and not samples:
            report.error(path, "a custom intent needs at least one sample utterance", name)
        used: Set[str] = set()
        seen: Dict[str, str] = {}
        for sample in samples:
            if not check_sample_text(sample, name, path, report):
                continue
            parts = parse_sample(sample)
            slots = [slot for kind, slot in parts if kind == "slot"]
            used.update(slots)
            for slot in slots:
                if slot not in declared:
                    report.error(path, f"slot {{{slot}}} is used but not declared", name, sample)
            searches = [s for s in slots if declared.get(s) == "AMAZON.SearchQuery"]
            if searches and (len(slots) > 1 or len(parts) == 1):
                report.error(path, "an AMAZON.SearchQuery slot needs a carrier phrase and no other "
                                   "slot in the same sample", name, sample)
            key = sample_key(parts)
            if key in seen:
                report.warning(path, f"duplicate sample (same as \"{seen[key]}\")", name, sample)
            seen.setdefault(key, sample)
        for slot in sorted(set(declared) - used):
            if slot:
                report.warning(path, f"slot {slot} is declared but no sample uses it", name)


def _valid_samples(model: InteractionModel) -> List[Sample]:
    return [s for intent in model.intents.values() for s in intent.samples]


def _told_apart(model: InteractionModel, one: Sample, other: Sample) -> str:
    """How Alexa could tell two samples of the same shape apart: by their slot values, unless
    the slot types share phrases."""
    def types(sample: Sample) -> List[str]:
        slots = model.intents[sample.intent].slots
        return [slots.get(name, "") for kind, name in sample.parts if kind == "slot"]

    shared: List[str] = []
    pairs = []
    for mine, theirs in zip(types(one), types(other)):
        pairs.append(mine if mine == theirs else f"{mine} vs {theirs}")
        if mine in model.types and theirs in model.types:
            shared += sorted(set(model.types[mine].index) & set(model.types[theirs].index))
    if shared:
        return "both accept " + ", ".join(f"\"{p}\"" for p in shared[:5]) + " — Alexa may pick either"
    return f"only the slot values tell them apart ({'; '.join(pairs)})"


def check_overlaps(model: InteractionModel, path: Path, report: Report) -> None:
    """Samples that could send the same words to two intents."""
    samples = _valid_samples(model)
    exact: Dict[str, Sample] = {}
    patterns: Dict[str, Sample] = {}
    for sample in samples:
        key, pattern = sample_key(list(sample.parts)), sample_key(list(sample.parts), False)
        first = exact.get(key)
        if first is not None and first.intent != sample.intent:
            report.error(path, f"the same sample is in {first.intent} (\"{first.text}\")",
                         sample.intent, sample.text)
        elif first is None and pattern in patterns and patterns[pattern].intent != sample.intent:
            other = patterns[pattern]
            report.warning(path, f"same words and slot positions as {other.intent} "
                                 f"(\"{other.text}\"): {_told_apart(model, sample, other)}",
                           sample.intent, sample.text)
        exact.setdefault(key, sample)
        patterns.setdefault(pattern, sample)

    literals: List[Tuple[str, str, bool]] = [
        (s.intent, s.text, False) for s in samples if all(k == "lit" for k, _ in s.parts)]
    for intent in model.intents:
        literals += [(intent, phrase, True) for phrase in PHRASES.get(intent, [])]
    with_slots = [s for s in samples if any(k == "slot" for k, _ in s.parts)]
    reported: Set[Tuple[str, str]] = set()
    for intent, text, builtin in literals:
        words = Words(text)
        what = f"\"{text}\"" + (f" (Alexa's own phrasing for {intent})" if builtin else "")
        other = exact.get(" ".join(words.words))
        if builtin and other is not None and other.intent != intent:
            report.warning(path, f"{what} is also a sample of {other.intent}", other.intent, other.text)
            continue
        for sample in with_slots:
            if sample.intent == intent or (text, sample.intent) in reported:
                continue
            match = match_sample(sample, words, model.intents[sample.intent].slots, model)
            if match is not None and match.score[0]:
                reported.add((text, sample.intent))
                filled = ", ".join(f"{k}={v.value}" for k, v in match.slots.items())
                report.warning(path, f"{what} also matches {sample.intent}'s sample "
                                     f"\"{sample.text}\" ({filled}): Alexa may pick either",
                               intent, text)


def check_vocabulary(language: Mapping[str, Any], path: Path, report: Report) -> None:
    """Slot types: missing, unused, and duplicate values or synonyms."""
    declared = {t.get("name"): t for t in language.get("types") or []}
    used = defaultdict(list)
    for intent in language.get("intents") or []:
        for slot in intent.get("slots") or []:
            used[slot.get("type")].append(intent.get("name"))
            kind = slot.get("type") or ""
            if not kind.startswith("AMAZON.") and kind not in declared:
                report.error(path, f"slot {slot.get('name')} has type {kind}, which is not declared",
                             intent.get("name"))
    for name, slot_type in declared.items():
        if name not in used:
            report.warning(path, f"slot type {name} is declared but no slot uses it")
        owners: Dict[str, Tuple[str, bool]] = {}      # phrase → (value name, is the value itself)
        ids: Set[str] = set()
        for value in slot_type.get("values") or []:
            value_name = (value.get("name") or {}).get("value", "")
            value_id = value.get("id")
            if value_id and value_id in ids:
                report.error(path, f"slot type {name}: id {value_id} is used twice")
            ids.add(value_id)
            phrases = [value_name, *((value.get("name") or {}).get("synonyms") or [])]
            for index, phrase in enumerate(phrases):
                key = " ".join(Words(phrase).words)
                if key not in owners:
                    owners[key] = (value_name, index == 0)
                    continue
                owner, was_value = owners[key]
                if index == 0 and was_value:
                    report.error(path, f"slot type {name}: value \"{value_name}\" is listed twice")
                elif owner == value_name:
                    report.warning(path, f"slot type {name}: \"{phrase}\" is listed twice for "
                                         f"\"{value_name}\"")
                else:
                    report.warning(path, f"slot type {name}: \"{phrase}\" belongs to both "
                                         f"\"{owner}\" and \"{value_name}\" (entity resolution is ambiguous)")
