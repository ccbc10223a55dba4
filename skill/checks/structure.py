"""The shape of the package files: what the console build and certification need to find."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Mapping

from skill.checks.package import Package
from skill.checks.report import Report

CERTIFICATE_TYPES = {"SelfSigned", "Wildcard", "Trusted"}
INTERFACES = {"AUDIO_PLAYER", "VIDEO_APP", "RENDER_TEMPLATE", "ALEXA_PRESENTATION_APL",
              "ALEXA_PRESENTATION_HTML", "CAN_FULFILL_INTENT_REQUEST", "GAME_ENGINE",
              "GADGET_CONTROLLER", "APP_LINKS", "ALEXA_EXTENSION"}
PRIVACY_FLAGS = ("allowsPurchases", "usesPersonalInfo", "isChildDirected", "isExportCompliant",
                 "containsAds")
LOCALE_FIELDS = ("name", "summary", "description")
INTENT_NAME = re.compile(r"(AMAZON\.[A-Za-z]+(<[^<>]+>)?|[A-Za-z_]+)")
SLOT_NAME = re.compile(r"[A-Za-z][A-Za-z_]*")
TYPE_NAME = re.compile(r"(AMAZON\.[A-Za-z_]+|[A-Za-z_]+)")


def check_resources(package: Package, report: Report) -> None:
    if package.resources_file is None:
        report.warning(package.root.parent / "ask-resources.json",
                       "not found: the ASK CLI needs it to deploy this package")
        return
    data, path = package.resources, package.resources_file
    if not isinstance(data, Mapping):
        if data is not None:
            report.error(path, "must be a JSON object")
        return
    if not data.get("askcliResourcesVersion"):
        report.error(path, "askcliResourcesVersion is missing")
    profiles = data.get("profiles")
    if not isinstance(profiles, Mapping) or not profiles:
        report.error(path, "needs profiles.<name>.skillMetadata.src")
        return
    for name, profile in profiles.items():
        src = ((profile or {}).get("skillMetadata") or {}).get("src")
        if not src:
            report.error(path, f"profiles.{name}.skillMetadata.src is missing")
        elif (path.parent / src).resolve() != package.root.resolve():
            report.error(path, f"profiles.{name}.skillMetadata.src points at {src!r}, "
                               f"not at this package ({package.root.name})")


def check_manifest(package: Package, report: Report) -> None:
    path = package.manifest_file
    if path is None or package.manifest is None:
        return
    if not isinstance(package.manifest, Mapping) or not package.manifest_body:
        report.error(path, "must hold a \"manifest\" object")
        return
    manifest = package.manifest_body
    if manifest.get("manifestVersion") != "1.0":
        report.warning(path, 'manifest.manifestVersion should be "1.0"')
    custom = (manifest.get("apis") or {}).get("custom")
    if not isinstance(custom, Mapping):
        report.error(path, "manifest.apis.custom is missing: this is not a custom skill")
        custom = {}
    endpoint = custom.get("endpoint")
    if not endpoint:
        report.warning(path, "manifest.apis.custom.endpoint is missing: Alexa will not know where "
                             "to send requests")
    else:
        uri = str(endpoint.get("uri") or "")
        if uri.startswith("arn:aws:lambda:"):
            pass
        elif not uri.startswith("https://"):
            report.error(path, f"endpoint uri must be HTTPS (or a Lambda ARN), not {uri!r}")
        elif endpoint.get("sslCertificateType") not in CERTIFICATE_TYPES:
            report.error(path, "endpoint sslCertificateType must be one of "
                               f"{sorted(CERTIFICATE_TYPES)}, not {endpoint.get('sslCertificateType')!r}")
    for interface in custom.get("interfaces") or []:
        kind = (interface or {}).get("type")
        if kind not in INTERFACES:
            report.warning(path, f"unknown interface type {kind!r}")
    for permission in manifest.get("permissions") or []:
        if not isinstance(permission, Mapping) or not str(permission.get("name", "")).startswith("alexa::"):
            report.error(path, f"permissions entries must be {{\"name\": \"alexa::…\"}}, not {permission!r}")
    _check_publishing(package, manifest, report)


def _check_publishing(package: Package, manifest: Mapping[str, Any], report: Report) -> None:
    path = package.manifest_file
    publishing = manifest.get("publishingInformation") or {}
    locales = publishing.get("locales") or {}
    if not locales:
        report.error(path, "publishingInformation.locales is missing: certification needs a name, "
                           "summary, description and example phrases per locale")
    if not publishing.get("category"):
        report.error(path, "publishingInformation.category is missing")
    privacy = manifest.get("privacyAndCompliance") or {}
    for flag in PRIVACY_FLAGS:
        if not isinstance(privacy.get(flag), bool):
            report.error(path, f"privacyAndCompliance.{flag} must be true or false")
    for locale, info in locales.items():
        for key in LOCALE_FIELDS:
            if not str((info or {}).get(key) or "").strip():
                report.error(path, f"publishingInformation.locales.{locale}.{key} is missing")
        if not (info or {}).get("keywords"):
            report.warning(path, f"publishingInformation.locales.{locale}.keywords is empty")
        if privacy.get("usesPersonalInfo") and not ((privacy.get("locales") or {}).get(locale) or {}
                                                    ).get("privacyPolicyUrl"):
            report.error(path, f"usesPersonalInfo is true, so privacyAndCompliance.locales.{locale}"
                               ".privacyPolicyUrl is required")
        if locale not in package.models and locale not in package.model_files:
            report.error(path, f"locale {locale} is published but has no interaction model "
                               f"(interactionModels/custom/{locale}.json)")
    for locale in package.model_files:
        if locales and locale not in locales:
            report.error(package.model_files[locale], f"locale {locale} has a model but no "
                         "publishingInformation.locales entry in skill.json")


def _names(items: List[Any], what: str, pattern: "re.Pattern[str]", path: Path, report: Report,
           intent: str = None) -> List[str]:
    names = []
    for item in items:
        name = (item or {}).get("name") if isinstance(item, Mapping) else None
        if not isinstance(name, str) or not pattern.fullmatch(name):
            report.error(path, f"{what} name {name!r} is not valid (letters and underscores)", intent)
            continue
        if name in names:
            report.error(path, f"{what} {name} is declared twice", intent)
        names.append(name)
    return names


def check_model_structure(package: Package, locale: str, report: Report) -> bool:
    """False when the model is too broken for the other checks to read it."""
    path = package.model_files[locale]
    language = package.language_model(locale)
    if not language:
        report.error(path, "needs interactionModel.languageModel")
        return False
    if not isinstance(language.get("invocationName"), str):
        report.error(path, "languageModel.invocationName is missing")
    intents = language.get("intents")
    if not isinstance(intents, list) or not intents:
        report.error(path, "languageModel.intents must be a non-empty list")
        return False
    _names(intents, "intent", INTENT_NAME, path, report)
    for intent in intents:
        if not isinstance(intent, Mapping):
            continue
        name = intent.get("name")
        samples = intent.get("samples", [])
        if not isinstance(samples, list) or not all(isinstance(s, str) for s in samples):
            report.error(path, "samples must be a list of strings", name)
            intent_samples_ok = False
        else:
            intent_samples_ok = True
        slots = intent.get("slots", [])
        if not isinstance(slots, list):
            report.error(path, "slots must be a list", name)
            continue
        _names(slots, "slot", SLOT_NAME, path, report, name)
        for slot in slots:
            if isinstance(slot, Mapping) and not (isinstance(slot.get("type"), str) and
                                                  TYPE_NAME.fullmatch(slot["type"])):
                report.error(path, f"slot {slot.get('name')} has no valid type", name)
        if not intent_samples_ok:
            return False
    types = language.get("types", [])
    if not isinstance(types, list):
        report.error(path, "languageModel.types must be a list")
        return False
    _names(types, "slot type", TYPE_NAME, path, report)
    for slot_type in types:
        if not isinstance(slot_type, Mapping):
            continue
        values = slot_type.get("values")
        if not isinstance(values, list) or not values:
            report.error(path, f"slot type {slot_type.get('name')} has no values")
            continue
        for value in values:
            name = ((value or {}).get("name") or {}) if isinstance(value, Mapping) else {}
            if not isinstance(name.get("value"), str) or not name["value"].strip():
                report.error(path, f"slot type {slot_type.get('name')}: a value has no name.value")
            synonyms = name.get("synonyms", [])
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                report.error(path, f"slot type {slot_type.get('name')}: synonyms of "
                                   f"{name.get('value')!r} must be a list of strings")
    return True


def model_interfaces(package: Package) -> Dict[str, Any]:
    custom = (package.manifest_body.get("apis") or {}).get("custom") or {}
    return {(i or {}).get("type"): i for i in custom.get("interfaces") or [] if isinstance(i, Mapping)}
