"""Findings of the package checks: errors (the console build or certification would fail) and
warnings (it would pass, but users or reviewers may trip over it)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Dict, List, Optional, Union


@dataclass(frozen=True)
class Finding:
    severity: str                  # "error" | "warning"
    file: str
    message: str
    intent: Optional[str] = None
    utterance: Optional[str] = None

    def __str__(self) -> str:
        where = f"{self.file}: " + (f"{self.intent}: " if self.intent else "")
        said = f' — "{self.utterance}"' if self.utterance is not None else ""
        return f"{self.severity.upper():7} {where}{self.message}{said}"


@dataclass
class Report:
    base: Optional[Path] = None            # file names are shown relative to this folder
    findings: List[Finding] = field(default_factory=list)

    def name(self, path: Union[str, Path]) -> str:
        path = Path(path)
        if self.base is not None:
            try:
                return str(path.resolve().relative_to(self.base.resolve()))
            except ValueError:
                pass
        return str(path)

    def error(self, file: Union[str, Path], message: str, intent: Optional[str] = None,
              utterance: Optional[str] = None) -> None:
        self.findings.append(Finding("error", self.name(file), message, intent, utterance))

    def warning(self, file: Union[str, Path], message: str, intent: Optional[str] = None,
                utterance: Optional[str] = None) -> None:
        self.findings.append(Finding("warning", self.name(file), message, intent, utterance))

    @property
    def errors(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def collapsed(self) -> List[Finding]:
        """Errors then warnings, with a finding repeated in several locale files shown once:
        "interactionModels/custom/{en-US,en-GB}.json"."""
        groups: Dict[tuple, List[Finding]] = {}
        for finding in self.errors + self.warnings:
            folder, _, name = finding.file.rpartition("/")
            key = (finding.severity, folder, finding.message, finding.intent, finding.utterance,
                   name.endswith(".json") and "interactionModels" in folder)
            groups.setdefault(key if key[-1] else key + (finding.file,), []).append(finding)
        shown = []
        for group in groups.values():
            if len(group) == 1:
                shown.append(group[0])
                continue
            folder = group[0].file.rpartition("/")[0]
            stems = ",".join(f.file.rpartition("/")[2][:-5] for f in group)
            shown.append(replace(group[0], file=f"{folder}/{{{stems}}}.json"))
        return shown

    def render(self) -> str:
        lines = [str(f) for f in self.collapsed()]
        lines.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)
