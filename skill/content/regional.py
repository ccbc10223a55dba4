"""Each locale's own phrasings: the samples and slot synonyms only its speakers use ("me back's
gone", "my back's crook"), added to its language's shared model.yaml and vocabulary.yaml from
content/<language>/regional/<locale>.yaml.

The shared files stay the one source of what every English says. A locale's file only adds, and
is checked on load so a slip fails at start-up and in the tests: each intent, slot type and value
it names must exist, and a phrase already in the shared files (or given to another value) is an
error, so a word never means one thing in the shared model and another in one locale's.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Mapping

from skill.content import CONTENT_DIR, ContentError, read_yaml

SECTIONS = ("samples", "slot_types")


@lru_cache(maxsize=None)
def locale_additions(language: str, locale: str) -> Mapping[str, Any]:
    """A locale's additions: {"samples": {intent: [...]}, "slot_types": {TYPE: {value: [...]}}}."""
    path = CONTENT_DIR / language / "regional" / f"{locale}.yaml"
    raw = (read_yaml(path) or {}) if path.exists() else {}
    unknown = sorted(set(raw) - set(SECTIONS))
    if unknown:
        raise ContentError(f"{path.name}: unknown sections {unknown} (it may add {list(SECTIONS)})")
    return {section: raw.get(section) or {} for section in SECTIONS}


def add_samples(source: Mapping[str, Any], additions: Mapping[str, Any], where: str = "") -> Dict[str, Any]:
    """The model source with the additions' samples after each intent's own."""
    intents = dict(source["intents"])
    for name, samples in (additions.get("samples") or {}).items():
        if name not in intents:
            raise ContentError(f"{where}: samples for an intent the model does not have: {name}")
        shared = list(intents[name].get("samples") or [])
        repeated = sorted(set(samples) & set(shared)) or sorted({s for s in samples if samples.count(s) > 1})
        if repeated:
            raise ContentError(f"{where}: {name} already has these samples: {repeated}")
        intents[name] = {**intents[name], "samples": shared + list(samples)}
    return {**source, "intents": intents}


def add_synonyms(slot_types: Mapping[str, Mapping[str, List[str]]], additions: Mapping[str, Any],
                 where: str = "") -> Dict[str, Dict[str, List[str]]]:
    """The slot types with the additions' synonyms after each value's own."""
    merged = {name: dict(values) for name, values in slot_types.items()}
    for type_name, values in (additions.get("slot_types") or {}).items():
        if type_name not in merged:
            raise ContentError(f"{where}: synonyms for a slot type the vocabulary does not have: {type_name}")
        owner = {word.lower(): value_id for value_id, words in merged[type_name].items() for word in words}
        for value_id, words in values.items():
            if value_id not in merged[type_name]:
                raise ContentError(f"{where}: {type_name} has no value {value_id}")
            for word in words:
                if word.lower() in owner:
                    raise ContentError(f"{where}: {type_name} already has \"{word}\" (under {owner[word.lower()]})")
                owner[word.lower()] = value_id
            merged[type_name][value_id] = list(merged[type_name][value_id]) + list(words)
    return merged


def with_locale_vocabulary(vocabulary: Mapping[str, Any], language: str, locale: str) -> Dict[str, Any]:
    """vocabulary.yaml as the locale reads it: its slot types with the locale's synonyms added."""
    additions = locale_additions(language, locale)
    return {**vocabulary, "slot_types": add_synonyms(vocabulary["slot_types"], additions, f"{locale}.yaml")}


def with_locale_samples(source: Mapping[str, Any], language: str, locale: str) -> Dict[str, Any]:
    """model.yaml as the locale's interaction model has it: its samples with the locale's added."""
    return add_samples(source, locale_additions(language, locale), f"{locale}.yaml")
