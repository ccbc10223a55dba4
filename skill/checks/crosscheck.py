"""Checks across files: built-in intents the manifest calls for, example phrases that must work,
locales that must agree, and permissions the code asks for."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Set, Tuple

from skill.checks.package import Package
from skill.checks.report import Report
from skill.simulator.model import InteractionModel
from skill.simulator.resolver import FALLBACK, resolve

REQUIRED_BUILTINS = ("AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
                     "AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent")
AUDIO_REQUIRED = ("AMAZON.PauseIntent", "AMAZON.ResumeIntent")
AUDIO_RECOMMENDED = ("AMAZON.CancelIntent", "AMAZON.NextIntent", "AMAZON.PreviousIntent",
                     "AMAZON.RepeatIntent", "AMAZON.StartOverIntent", "AMAZON.LoopOnIntent",
                     "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent", "AMAZON.ShuffleOffIntent")
MAX_EXAMPLE_PHRASES = 3
SCOPE = re.compile(r"""["'](alexa::[a-z_]+(?::[a-z_.]+)+)["']""")
NOT_SKILL_CODE = ("simulator", "checks")      # tooling folders under skill/ that name scopes


def check_builtins(language: Mapping[str, Any], path: Path, interfaces: Mapping[str, Any],
                   report: Report) -> None:
    names = {intent.get("name") for intent in language.get("intents") or []}
    for name in REQUIRED_BUILTINS:
        if name not in names:
            report.error(path, f"{name} is required in every custom skill")
    if "AUDIO_PLAYER" in interfaces:
        for name in AUDIO_REQUIRED:
            if name not in names:
                report.error(path, f"{name} is required when the skill uses the AUDIO_PLAYER interface")
        for name in AUDIO_RECOMMENDED:
            if name not in names and name not in REQUIRED_BUILTINS:
                report.warning(path, f"{name} should be handled by a skill that streams audio")


def check_example_phrases(package: Package, models: Mapping[str, InteractionModel],
                          report: Report) -> None:
    path = package.manifest_file
    locales = (package.manifest_body.get("publishingInformation") or {}).get("locales") or {}
    for locale, info in locales.items():
        phrases = (info or {}).get("examplePhrases") or []
        if not phrases:
            report.error(path, f"{locale}: examplePhrases is empty (one to three are needed)")
        if len(phrases) > MAX_EXAMPLE_PHRASES:
            report.error(path, f"{locale}: {len(phrases)} examplePhrases (at most {MAX_EXAMPLE_PHRASES})")
        model = models.get(locale)
        for index, phrase in enumerate(phrases):
            where = f"{locale} example phrase {index + 1}"
            if not isinstance(phrase, str) or not re.match(r"Alexa, \S", phrase):
                report.error(path, f"{where} must start with \"Alexa, \"", utterance=str(phrase))
                continue
            if model is None:
                continue
            said = phrase[len("Alexa, "):].rstrip(".?! ")
            resolution = resolve(said, model, in_session=False)
            if index > 0 and resolution.kind == "not_routed":
                resolution = resolve(said, model, in_session=True)
            if index == 0 and not resolution.new_session:
                report.error(path, f"{where} must open the skill by its invocation name "
                                   f"(\"Alexa, open {model.invocation_name}\")", utterance=phrase)
            elif not resolution.routed or resolution.intent == FALLBACK:
                report.error(path, f"{where} does not match any sample utterance of the "
                                   f"{locale} model", utterance=phrase)
            else:
                for name, slot in resolution.slots.items():
                    if slot.slot_type and slot.value is not None and not slot.resolved:
                        report.warning(path, f"{where}: \"{slot.value}\" is not a value of "
                                             f"{slot.slot_type} (slot {name})", utterance=phrase)


def _shape(language: Mapping[str, Any], own: Optional[Mapping[str, Any]] = None
           ) -> Tuple[Dict[str, Set[Tuple[str, str]]], Dict[str, Any], Dict[str, List[str]]]:
    """Intents' slots, slot types and samples, without the locale's `own` phrasings (the samples
    and synonyms its content declares for it alone: content/<language>/regional/<locale>.yaml)."""
    own_samples = (own or {}).get("samples") or {}
    own_words = {(name, value_id.upper()): set(words)
                 for name, values in ((own or {}).get("slot_types") or {}).items()
                 for value_id, words in values.items()}
    intents = {i.get("name"): {(s.get("name"), s.get("type")) for s in i.get("slots") or []}
               for i in language.get("intents") or []}
    types = {t.get("name"): sorted((v.get("id"), (v.get("name") or {}).get("value"),
                                    tuple(w for w in (v.get("name") or {}).get("synonyms") or []
                                          if w not in own_words.get((t.get("name"), v.get("id")), ())))
                                   for v in t.get("values") or [])
             for t in language.get("types") or []}
    samples = {i.get("name"): [s for s in i.get("samples") or [] if s not in own_samples.get(i.get("name"), ())]
               for i in language.get("intents") or []}
    return intents, types, samples


def check_locales_agree(package: Package, report: Report,
                        own: Optional[Mapping[str, Mapping[str, Any]]] = None) -> None:
    """Every locale's model the same as en-US's but for the phrasings `own` declares for it
    (locale → its additions)."""
    own = own or {}
    locales = sorted(package.models, key=lambda loc: (loc != "en-US", loc))
    if len(locales) < 2:
        return
    reference = locales[0]
    ref_language = package.language_model(reference)
    ref_intents, ref_types, ref_samples = _shape(ref_language, own.get(reference))
    for locale in locales[1:]:
        path = package.model_files[locale]
        language = package.language_model(locale)
        intents, types, samples = _shape(language, own.get(locale))
        against = f"than {reference}"
        if language.get("invocationName") != ref_language.get("invocationName"):
            report.warning(path, f"invocation name \"{language.get('invocationName')}\" differs from "
                                 f"{reference}'s \"{ref_language.get('invocationName')}\"")
        for name in sorted(set(ref_intents) - set(intents)):
            report.error(path, f"intent missing (it is in {reference})", name)
        for name in sorted(set(intents) - set(ref_intents)):
            report.error(path, f"intent not in {reference}", name)
        for name in sorted(set(intents) & set(ref_intents)):
            if intents[name] != ref_intents[name]:
                report.error(path, f"slots differ {against}: {sorted(intents[name])} vs "
                                   f"{sorted(ref_intents[name])}", name)
            missing = [s for s in ref_samples[name] if s not in samples[name]]
            extra = [s for s in samples[name] if s not in ref_samples[name]]
            if missing or extra:
                shown = "; ".join([f"missing \"{s}\"" for s in missing[:3]] +
                                  [f"extra \"{s}\"" for s in extra[:3]])
                report.warning(path, f"samples differ {against} ({len(missing)} missing, "
                                     f"{len(extra)} extra): {shown}", name)
        if set(types) != set(ref_types):
            missing, extra = sorted(set(ref_types) - set(types)), sorted(set(types) - set(ref_types))
            report.error(path, f"slot types differ {against}: missing {missing}, extra {extra}")
        for name in sorted(set(types) & set(ref_types)):
            if types[name] != ref_types[name]:
                report.warning(path, f"slot type {name}: values or synonyms differ {against}")


def code_scopes(code_dir: Path) -> Dict[str, str]:
    """Permission scopes named in the skill's code → where first seen ("skill/x.py:12")."""
    found: Dict[str, str] = {}
    if not code_dir.is_dir():
        return found
    for path in sorted(code_dir.rglob("*.py")):
        relative = path.relative_to(code_dir)
        if relative.parts[0] in NOT_SKILL_CODE or "__pycache__" in relative.parts:
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, 1):
            for scope in SCOPE.findall(line):
                found.setdefault(scope, f"{code_dir.name}/{relative}:{number}")
    return found


def check_permissions(package: Package, code_dir: Path, report: Report) -> None:
    if package.manifest_file is None or not package.manifest_body:
        return
    declared = {str((p or {}).get("name")) for p in package.manifest_body.get("permissions") or []
                if isinstance(p, Mapping)}
    used = code_scopes(code_dir)
    for scope, where in sorted(used.items()):
        if scope not in declared:
            report.error(package.manifest_file, f"the code asks for permission {scope} ({where}) "
                                                "but manifest.permissions does not list it")
    if code_dir.is_dir():
        for scope in sorted(declared - set(used)):
            report.warning(package.manifest_file, f"permission {scope} is declared but the code "
                                                  f"under {code_dir.name}/ never names it")
