"""Builds the ASK CLI skill package (interaction_model/) from the content files.

The English locales share one source (content/en/model.yaml and vocabulary.yaml), each with the few
phrasings only its speakers use added (content/en/regional/<locale>.yaml), so their models are
generated, never edited by hand: `python -m skill build-model` writes them and a test fails when the
committed files differ from what this module would write.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

from skill.config import PROJECT_DIR
from skill.content import CONTENT_DIR, locale_table, model_source, read_yaml
from skill.content.regional import with_locale_samples, with_locale_vocabulary

PACKAGE_DIR = PROJECT_DIR / "interaction_model"
DEFAULT_ENDPOINT = "https://example.com/alexa"
PERMISSIONS = ["alexa::alerts:timers:skill:readwrite", "alexa::alerts:reminders:skill:readwrite"]


def _type_values(values: Mapping[str, List[str]]) -> List[Dict[str, Any]]:
    """Slot type values: the first word list entry is the canonical name, the rest synonyms."""
    return [{"id": value_id.upper(), "name": {"value": words[0], "synonyms": list(words[1:])}}
            for value_id, words in values.items()]


def _condition_names(language: str, names: Mapping[str, List[str]]) -> Dict[str, List[str]]:
    """Each remedy answers to its listed names and to its own card titles (the one that names no
    feeling, and each feeling's: "lower back soreness")."""
    conditions = read_yaml(CONTENT_DIR / language / "conditions.yaml")
    merged = {}
    for condition_id, words in names.items():
        entry = conditions[condition_id]
        titles = [entry["name"], *(entry.get("name_for") or {}).values()]
        merged[condition_id] = list(words)
        for title in (title.lower().replace("-", " ") for title in titles):
            if title not in merged[condition_id]:
                merged[condition_id].append(title)
    return merged


def interaction_model(language: str = "en", locale: Optional[str] = None) -> Dict[str, Any]:
    """The language's shared model; for a locale, with the phrasings only its speakers use
    (content/<language>/regional/<locale>.yaml)."""
    source = model_source(language)
    vocabulary = read_yaml(CONTENT_DIR / language / "vocabulary.yaml")
    if locale:
        source = with_locale_samples(source, language, locale)
        vocabulary = with_locale_vocabulary(vocabulary, language, locale)
    types = {name: _type_values(values) for name, values in vocabulary["slot_types"].items()}
    types["CONDITION"] = _type_values(_condition_names(language, source["condition_names"]))
    intents = []
    for name, spec in source["intents"].items():
        intent: Dict[str, Any] = {"name": name, "samples": list(spec.get("samples") or [])}
        if spec.get("slots"):
            intent["slots"] = [{"name": slot, "type": slot_type} for slot, slot_type in spec["slots"].items()]
        intents.append(intent)
    return {"interactionModel": {"languageModel": {
        "invocationName": source["invocation_name"],
        "intents": intents,
        "types": [{"name": name, "values": values} for name, values in sorted(types.items())],
    }}}


def skill_manifest(endpoint: str = DEFAULT_ENDPOINT) -> Dict[str, Any]:
    locales = {}
    for locale, entry in locale_table()["locales"].items():
        listing = read_yaml(CONTENT_DIR / entry["language"] / "listing.yaml")
        locales[locale] = {
            "name": listing["name"], "summary": listing["summary"],
            "description": listing["description"], "examplePhrases": listing["example_phrases"],
            "keywords": listing["keywords"],
        }
    return {"manifest": {
        "manifestVersion": "1.0",
        "publishingInformation": {
            "locales": locales, "isAvailableWorldwide": False,
            "distributionCountries": ["US", "GB", "CA", "AU", "IN"], "category": "HEALTH_AND_FITNESS",
            "testingInstructions": "Say: open back relief. Then: my lower back is spasming. Then: next.",
        },
        "privacyAndCompliance": {"allowsPurchases": False, "usesPersonalInfo": False,
                                 "isChildDirected": False, "isExportCompliant": True,
                                 "containsAds": False},
        "apis": {"custom": {
            "endpoint": {"uri": endpoint, "sslCertificateType": "Wildcard"},
            "interfaces": [{"type": "AUDIO_PLAYER"}],
        }},
        "permissions": [{"name": name} for name in PERMISSIONS],
    }}


def package_files(endpoint: str = DEFAULT_ENDPOINT) -> Dict[Path, str]:
    """Every generated file of the skill package, path → exact text."""
    files: Dict[Path, str] = {}
    dump = lambda data: json.dumps(data, indent=2, ensure_ascii=False) + "\n"  # noqa: E731
    for locale, entry in locale_table()["locales"].items():
        files[PACKAGE_DIR / "interactionModels" / "custom" / f"{locale}.json"] = dump(
            interaction_model(entry["language"], locale))
    files[PACKAGE_DIR / "skill.json"] = dump(skill_manifest(endpoint))
    files[PROJECT_DIR / "ask-resources.json"] = dump({
        "askcliResourcesVersion": "2020-03-31",
        "profiles": {"default": {"skillMetadata": {"src": "./interaction_model"}}},
    })
    return files


def write_package(endpoint: str = DEFAULT_ENDPOINT) -> List[Path]:
    written = []
    for path, text in package_files(endpoint).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
