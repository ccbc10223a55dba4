"""`python -m skill check-model [DIR]`: the skill package checked offline, the way the developer
console's build and certification would, before anything is deployed.

Exit status 1 when there are errors, 0 with warnings only (or with `--strict`, 1 for warnings too).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, TextIO

from skill.checks.crosscheck import (check_builtins, check_example_phrases, check_locales_agree,
                                     check_permissions)
from skill.checks.invocation import check_invocation
from skill.checks.package import load_package
from skill.checks.report import Report
from skill.checks.structure import (check_manifest, check_model_structure, check_resources,
                                    model_interfaces)
from skill.checks.utterances import check_overlaps, check_samples, check_vocabulary
from skill.config import PROJECT_DIR
from skill.simulator.model import InteractionModel

DEFAULT_PACKAGE = PROJECT_DIR / "interaction_model"


def check_package(root: Path, code_dir: Optional[Path] = None, base: Optional[Path] = None,
                  own: Optional[Mapping[str, Mapping[str, Any]]] = None) -> Report:
    """Every check on the package in `root`; `code_dir` (default: <root>/../skill) is scanned for
    permission scopes; `own`: the phrasings each locale's model has for itself (locale → its
    additions), which are no sign of locales out of step."""
    root = Path(root)
    report = Report(base if base is not None else root.parent)
    package = load_package(root, report)
    check_resources(package, report)
    check_manifest(package, report)
    interfaces = model_interfaces(package)
    models = {}
    for locale in sorted(package.models):
        path = package.model_files[locale]
        if not check_model_structure(package, locale, report):
            continue
        language = package.language_model(locale)
        check_invocation(language.get("invocationName"), path, report)
        check_builtins(language, path, interfaces, report)
        check_samples(language, path, report)
        check_vocabulary(language, path, report)
        model = InteractionModel.from_json(package.models[locale], locale, path)
        check_overlaps(model, path, report)
        models[locale] = model
    check_locales_agree(package, report, own)
    if package.manifest_body:
        check_example_phrases(package, models, report)
    check_permissions(package, code_dir if code_dir is not None else root.parent / "skill", report)
    return report


def _locales_own_phrasings() -> Dict[str, Mapping[str, Any]]:
    """What the content gives each locale's model for itself (skill/content/regional.py)."""
    from skill.content import locale_table
    from skill.content.regional import locale_additions
    return {locale: locale_additions(entry["language"], locale)
            for locale, entry in locale_table()["locales"].items()}


def check_model_main(argv: List[str], *, stdout: Optional[TextIO] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill check-model", description=__doc__.split("\n")[0])
    parser.add_argument("dir", nargs="?", type=Path, default=DEFAULT_PACKAGE,
                        help="skill package folder (default: interaction_model/)")
    parser.add_argument("--code", type=Path, help="skill code to scan for permission scopes "
                                                  "(default: the skill/ folder next to DIR)")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--errors-only", action="store_true", help="do not list warnings")
    args = parser.parse_args(argv)
    out = stdout or sys.stdout
    report = check_package(args.dir, args.code, base=Path.cwd(), own=_locales_own_phrasings())
    for finding in report.collapsed():
        if args.errors_only and finding.severity != "error":
            continue
        out.write(f"{finding}\n")
    verdict = "FAILED" if report.errors or (args.strict and report.warnings) else "OK"
    out.write(f"check-model {verdict}: {args.dir}: {len(report.errors)} error(s), "
              f"{len(report.warnings)} warning(s)\n")
    return 1 if verdict == "FAILED" else 0
