"""Invocation-name rules (Amazon's invocation name requirements, plus the project's own)."""
from __future__ import annotations

import re
from pathlib import Path

from skill.checks.report import Report

WAKE_WORDS = {"alexa", "amazon", "echo", "computer"}
LAUNCH_WORDS = {"ask", "open", "tell", "launch", "load", "begin", "enable", "play"}
OTHER_LAUNCH_WORDS = {"start", "run", "resume", "use", "talk"}
CONNECTING_WORDS = {"to", "for", "from", "in", "using", "with", "about", "by", "if", "and",
                    "whether", "that", "of", "on", "the", "a", "an"}
TWO_WORD_FORBIDDEN = {"the", "a", "an", "for", "to", "of"}
MAX_LENGTH = 50


def check_invocation(name: object, path: Path, report: Report) -> None:
    if not isinstance(name, str) or not name.strip():
        report.error(path, "the invocation name is empty")
        return
    shown = f'invocation name "{name}"'
    if re.search(r"\d", name):
        report.error(path, f"{shown}: numbers must be spelled out (\"two\", not \"2\")")
    if name != name.lower():
        report.error(path, f"{shown}: must be lowercase")
    odd = sorted(set(re.sub(r"[a-z0-9 .']", "", name.lower())))
    if odd:
        report.error(path, f"{shown}: only lowercase letters and spaces are allowed, not {''.join(odd)!r}")
    if "'" in name:
        report.warning(path, f"{shown}: Alexa accepts a possessive apostrophe, but it is easy to "
                             "mis-hear; the project's rule is plain words")
    periods = re.sub(r"\b[a-z]\.", "", name.lower())
    if "." in periods:
        report.error(path, f"{shown}: periods are only allowed in spelled abbreviations (\"a. b. c.\")")
    elif "." in name:
        report.warning(path, f"{shown}: abbreviations are hard to say; prefer words")
    if "  " in name or name != name.strip():
        report.error(path, f"{shown}: words must be separated by single spaces")
    words = re.findall(r"[a-z']+", name.lower())
    if len(words) < 2:
        report.error(path, f"{shown}: needs at least two words (one word only for a brand you own)")
    for word in words:
        if word in WAKE_WORDS:
            report.error(path, f"{shown}: must not contain the wake word \"{word}\"")
        if word in LAUNCH_WORDS:
            report.error(path, f"{shown}: must not contain the launch word \"{word}\"")
        elif word in OTHER_LAUNCH_WORDS:
            report.warning(path, f"{shown}: \"{word}\" is also a launch phrase; users may be misheard")
        if word in ("skill", "app"):
            report.warning(path, f"{shown}: avoid the word \"{word}\"")
    if words and words[0] in CONNECTING_WORDS:
        report.error(path, f"{shown}: must not start with the connecting word \"{words[0]}\"")
    if len(words) > 1 and words[-1] in CONNECTING_WORDS:
        report.warning(path, f"{shown}: ends with the connecting word \"{words[-1]}\"")
    if len(words) == 2 and TWO_WORD_FORBIDDEN & set(words):
        report.error(path, f"{shown}: a two-word name must not include an article or preposition "
                           f"({', '.join(sorted(TWO_WORD_FORBIDDEN & set(words)))})")
    if len(name) > MAX_LENGTH:
        report.warning(path, f"{shown}: longer than {MAX_LENGTH} characters")
