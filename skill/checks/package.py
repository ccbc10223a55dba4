"""Reading a skill package from disk: skill.json, interactionModels/custom/<locale>.json and the
ASK CLI's ask-resources.json (next to the package folder, or inside it)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Optional

from skill.checks.report import Report


@dataclass
class Package:
    root: Path
    manifest: Optional[Dict[str, Any]] = None
    manifest_file: Optional[Path] = None
    models: Dict[str, Dict[str, Any]] = field(default_factory=dict)      # locale → model JSON
    model_files: Dict[str, Path] = field(default_factory=dict)
    resources: Optional[Dict[str, Any]] = None
    resources_file: Optional[Path] = None

    def language_model(self, locale: str) -> Dict[str, Any]:
        model = self.models.get(locale) or {}
        language = (model.get("interactionModel") or {}).get("languageModel")
        return language if isinstance(language, dict) else {}

    @property
    def manifest_body(self) -> Dict[str, Any]:
        body = (self.manifest or {}).get("manifest")
        return body if isinstance(body, dict) else {}


def read_json(path: Path, report: Report) -> Optional[Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        report.error(path, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
    except (OSError, UnicodeDecodeError) as exc:
        report.error(path, f"cannot be read: {exc}")
    return None


def load_package(root: Path, report: Report) -> Package:
    package = Package(root)
    if not root.is_dir():
        report.error(root, "the skill package folder does not exist")
        return package
    manifest_file = root / "skill.json"
    if manifest_file.is_file():
        package.manifest_file = manifest_file
        package.manifest = read_json(manifest_file, report)
    else:
        report.error(manifest_file, "missing: every skill package needs skill.json")
    models_dir = root / "interactionModels" / "custom"
    files = sorted(models_dir.glob("*.json")) if models_dir.is_dir() else []
    if not files:
        report.error(models_dir, "no interaction models (expected <locale>.json files here)")
    for path in files:
        data = read_json(path, report)
        package.model_files[path.stem] = path
        if data is not None:
            package.models[path.stem] = data
    for candidate in (root.parent / "ask-resources.json", root / "ask-resources.json"):
        if candidate.is_file():
            package.resources_file = candidate
            package.resources = read_json(candidate, report)
            break
    return package
