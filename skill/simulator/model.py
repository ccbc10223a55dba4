"""An interaction model, loaded once and prepared for matching utterances.

Reads the standard ASK JSON (`interactionModel.languageModel.{invocationName, intents, types}`)
from `<model dir>/interactionModels/custom/<locale>.json`, or from a JSON file given directly.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from skill.simulator.text import Part, SampleSyntaxError, clean, normalise, parse_sample


class ModelError(ValueError):
    """The interaction model cannot be found or read."""


@dataclass(frozen=True)
class Sample:
    intent: str
    text: str                      # as written in the model
    parts: Tuple[Part, ...]
    builtin: bool = False          # one of Alexa's own phrasings for a built-in intent

    @property
    def literal_chars(self) -> int:
        return sum(len(word) for kind, word in self.parts if kind == "lit")


@dataclass
class SlotType:
    name: str
    values: List[Tuple[str, str, List[str]]] = field(default_factory=list)   # (id, name, synonyms)
    index: Dict[str, Tuple[str, str]] = field(default_factory=dict)          # phrase → (id, name)

    def resolve(self, phrase: str) -> Optional[Tuple[str, str]]:
        """Entity resolution: (id, canonical name) when the phrase is a value or synonym."""
        return self.index.get(normalise(phrase))


@dataclass
class Intent:
    name: str
    slots: Dict[str, str] = field(default_factory=dict)                     # slot name → type
    samples: List[Sample] = field(default_factory=list)


def _value_id(value: Mapping[str, Any]) -> str:
    name = value.get("name", {}).get("value", "")
    # Alexa invents an id when the model gives none; any stable string will do here.
    return value.get("id") or hashlib.md5(name.encode("utf-8")).hexdigest()


@dataclass
class InteractionModel:
    invocation_name: str
    intents: Dict[str, Intent]
    types: Dict[str, SlotType]
    locale: Optional[str] = None
    path: Optional[Path] = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any], locale: Optional[str] = None,
                  path: Optional[Path] = None) -> "InteractionModel":
        language = (data.get("interactionModel") or {}).get("languageModel")
        if not isinstance(language, Mapping):
            raise ModelError(f"{path or 'model'}: no interactionModel.languageModel")
        types: Dict[str, SlotType] = {}
        for raw_type in language.get("types") or []:
            slot_type = SlotType(raw_type.get("name", ""))
            for value in raw_type.get("values") or []:
                name = (value.get("name") or {}).get("value", "")
                synonyms = list((value.get("name") or {}).get("synonyms") or [])
                entry = (_value_id(value), name)
                slot_type.values.append((entry[0], name, synonyms))
                for phrase in [name, *synonyms]:
                    slot_type.index.setdefault(normalise(phrase), entry)
            types[slot_type.name] = slot_type
        intents: Dict[str, Intent] = {}
        for raw in language.get("intents") or []:
            intent = Intent(raw.get("name", ""),
                            {s.get("name", ""): s.get("type", "") for s in raw.get("slots") or []})
            for text in raw.get("samples") or []:
                try:
                    intent.samples.append(Sample(intent.name, text, tuple(parse_sample(text))))
                except SampleSyntaxError:
                    continue            # check-model reports it; the simulator just skips it
            intents[intent.name] = intent
        return cls(clean(language.get("invocationName") or ""), intents, types, locale, path)

    def has_intent(self, name: str) -> bool:
        return name in self.intents


def model_file(model_dir: Union[str, Path], locale: str) -> Path:
    path = Path(model_dir)
    if path.is_file():
        return path
    for candidate in (path / "interactionModels" / "custom" / f"{locale}.json", path / f"{locale}.json"):
        if candidate.is_file():
            return candidate
    raise ModelError(f"no interaction model for {locale} under {path} "
                     f"(expected {path / 'interactionModels' / 'custom' / f'{locale}.json'})")


def load_model(model_dir: Union[str, Path], locale: str = "en-US") -> InteractionModel:
    path = model_file(model_dir, locale)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: {exc}") from None
    return InteractionModel.from_json(data, locale, path)


def as_model(model: Union[InteractionModel, Mapping[str, Any]]) -> InteractionModel:
    return model if isinstance(model, InteractionModel) else InteractionModel.from_json(model)
