"""When each cue sounds in a timed session, computed from `skill/content/sessions.yaml`.

The timeline is the single schedule that the renderer mixes and the tests check the decoded audio
against, so the rules of the YAML (start, periodic, halfway, switch sides, end, breath pacing) live
here and nowhere else.

A session with a halfway cue also has a variant without it, "mat-15-no-halfway.mp3": what plays on
when the session is lengthened after its halfway cue rang, so nobody hears "halfway" twice.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, Optional

from skill.content import read_yaml

SESSIONS_FILE = Path(__file__).resolve().parent.parent / "content" / "sessions.yaml"
AMBIENT_KINDS = ("soft_bed", "silence")
_AT_KINDS = ("start", "halfway", "switch_sides", "end")
# Which cue survives when two fall together: higher wins.
_PRIORITY = {"breath": 0, "periodic": 1, "halfway": 2, "switch_sides": 2, "start": 3, "end": 3}
# Cues closer than this would blur into one another.
COLLISION_SECONDS = 1.5


@dataclass(frozen=True)
class Cue:
    at_seconds: float   # from the start of the audio file
    sound: str          # a name in skill.audio.sounds.SOUNDS
    label: str          # what it marks: "start", "5 minutes", "halfway", "switch sides", "inhale", …


@dataclass(frozen=True)
class Breath:
    inhale_seconds: float
    exhale_seconds: float


@dataclass(frozen=True)
class CueRule:
    sound: str
    at: Optional[str] = None                 # one of _AT_KINDS
    every_minutes: Optional[int] = None


@dataclass(frozen=True)
class SessionType:
    """One session kind from sessions.yaml, with the file-wide lead-in and tail copied in."""

    name: str
    default_minutes: int
    min_minutes: int
    max_minutes: int
    minutes_are_per_side: bool
    ambient: str
    cues: tuple[CueRule, ...]
    breath: Optional[Breath]
    lead_in_seconds: float
    tail_seconds: float

    @property
    def allowed_minutes(self) -> range:
        return range(self.min_minutes, self.max_minutes + 1)

    def rings_between(self, minutes: int) -> bool:
        """Whether a session of `minutes` has a periodic chime before its end ("a soft chime
        every five" is not true of a five-minute session)."""
        return any(rule.every_minutes and rule.every_minutes < minutes for rule in self.cues)

    @property
    def has_halfway(self) -> bool:
        """Whether it rings a halfway cue, and so has a render without it."""
        return any(rule.at == "halfway" for rule in self.cues)


@dataclass(frozen=True)
class Timeline:
    session_type: str
    minutes: int                # as asked for (per side for release)
    lead_in_seconds: float
    session_seconds: float
    tail_seconds: float
    ambient: str
    cues: tuple[Cue, ...]       # sorted by time
    without_halfway: bool = False

    @property
    def start_seconds(self) -> float:
        return self.lead_in_seconds

    @property
    def end_seconds(self) -> float:
        return self.lead_in_seconds + self.session_seconds

    @property
    def total_seconds(self) -> float:
        return self.lead_in_seconds + self.session_seconds + self.tail_seconds

    @property
    def audio_name(self) -> str:
        return audio_name(self.session_type, self.minutes, self.without_halfway)

    def halfway_rung_by(self, seconds: float) -> bool:
        """Whether its halfway cue has struck `seconds` into the audio."""
        return any(c.label == "halfway" and c.at_seconds <= seconds for c in self.cues)


def cue_clip_name(sound: str) -> str:
    return f"cue-{sound}.mp3"


def audio_name(session_type: str, minutes: int, without_halfway: bool = False) -> str:
    return f"{session_type}-{minutes}{'-no-halfway' if without_halfway else ''}.mp3"


def _positive_int(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"sessions.yaml: {what} must be a positive whole number, not {value!r}")
    return value


def _parse_type(name: str, raw: dict, lead_in: float, tail: float) -> SessionType:
    lo, hi, default = (
        _positive_int(raw[key], f"{name}.{key}") for key in ("min_minutes", "max_minutes", "default_minutes")
    )
    if not lo <= default <= hi:
        raise ValueError(f"sessions.yaml: {name}: default {default} is outside {lo}..{hi}")
    if raw.get("ambient", "silence") not in AMBIENT_KINDS:
        raise ValueError(f"sessions.yaml: {name}.ambient must be one of {AMBIENT_KINDS}")
    rules = []
    for rule in raw.get("cues") or ():
        at, every = rule.get("at"), rule.get("every_minutes")
        if (at is None) == (every is None) or (at is not None and at not in _AT_KINDS):
            raise ValueError(f"sessions.yaml: {name}: a cue needs one of at {_AT_KINDS} or every_minutes")
        if at == "switch_sides" and not raw.get("minutes_are_per_side"):
            raise ValueError(f"sessions.yaml: {name}: switch_sides needs minutes_are_per_side")
        every = None if every is None else _positive_int(every, f"{name}.every_minutes")
        rules.append(CueRule(sound=str(rule["sound"]), at=at, every_minutes=every))
    breath = raw.get("breath")
    if breath is not None:
        breath = Breath(float(breath["inhale_seconds"]), float(breath["exhale_seconds"]))
        if min(breath.inhale_seconds, breath.exhale_seconds) <= 0:
            raise ValueError(f"sessions.yaml: {name}.breath needs positive seconds")
    return SessionType(
        name=name, default_minutes=default, min_minutes=lo, max_minutes=hi,
        minutes_are_per_side=bool(raw.get("minutes_are_per_side", False)),
        ambient=raw.get("ambient", "silence"), cues=tuple(rules), breath=breath,
        lead_in_seconds=lead_in, tail_seconds=tail,
    )


@lru_cache(maxsize=8)
def load_session_types(path: Path = SESSIONS_FILE) -> Mapping[str, SessionType]:
    """The session kinds by name (read-only; loaded once per path). Raises ValueError if malformed."""
    raw = read_yaml(Path(path))
    lead_in, tail = float(raw["lead_in_seconds"]), float(raw["tail_seconds"])
    types = {name: _parse_type(name, spec, lead_in, tail) for name, spec in raw["sessions"].items()}
    return MappingProxyType(types)


def session_type(name: str, path: Path = SESSIONS_FILE) -> SessionType:
    try:
        return load_session_types(path)[name]
    except KeyError:
        raise ValueError(f"unknown session type {name!r}") from None


def _keep_most_specific(cues: list[tuple[float, int, Cue]]) -> list[tuple[float, int, Cue]]:
    """Drop any cue within COLLISION_SECONDS of a higher-priority one (breath tones included)."""
    kept_times: list[float] = []      # sorted, so only the neighbours need checking
    kept: list[tuple[float, int, Cue]] = []
    for item in sorted(cues, key=lambda c: -c[1]):
        i = bisect.bisect_left(kept_times, item[0])
        neighbours = kept_times[max(0, i - 1):i + 1]
        if all(abs(item[0] - t) >= COLLISION_SECONDS - 1e-9 for t in neighbours):
            kept_times.insert(i, item[0])
            kept.append(item)
    return sorted(kept, key=lambda c: c[0])


@lru_cache(maxsize=256, typed=True)  # typed: True and 1.0 must not hit the entry for 1
def build_timeline(kind: str, minutes: Optional[int] = None, path: Path = SESSIONS_FILE, *,
                   without_halfway: bool = False) -> Timeline:
    """The cue schedule for `kind` lasting `minutes` (per side for release; None = the default),
    with its halfway cue left out if asked (any periodic cue it stood in for then rings).

    Raises ValueError for an unknown kind, minutes outside the kind's bounds, or leaving out a
    halfway cue the kind does not have. Timelines are immutable, so each is built once and shared
    (handlers ask for them on every request).
    """
    spec = session_type(kind, path)
    if minutes is None:
        minutes = spec.default_minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes not in spec.allowed_minutes:
        raise ValueError(
            f"{kind} sessions last {spec.min_minutes} to {spec.max_minutes} minutes, not {minutes!r}"
        )
    if without_halfway and not spec.has_halfway:
        raise ValueError(f"{kind} sessions have no halfway cue to leave out")
    session = minutes * 60.0 * (2 if spec.minutes_are_per_side else 1)
    start = spec.lead_in_seconds
    cues: list[tuple[float, int, Cue]] = []

    def add(offset: float, kind_: str, sound: str, label: str) -> None:
        cues.append((offset, _PRIORITY[kind_], Cue(start + offset, sound, label)))

    for rule in spec.cues:
        if rule.at == "start":
            add(0.0, "start", rule.sound, "start")
        elif rule.at == "end":
            add(session, "end", rule.sound, "end")
        elif rule.at == "halfway":
            if not without_halfway:
                add(session / 2, "halfway", rule.sound, "halfway")
        elif rule.at == "switch_sides":
            add(minutes * 60.0, "switch_sides", rule.sound, "switch sides")
        else:
            step = rule.every_minutes * 60.0
            for k in range(1, int(session // step) + 1):
                if k * step < session:
                    n = k * rule.every_minutes
                    add(k * step, "periodic", rule.sound, f"{n} minute{'' if n == 1 else 's'}")
    if spec.breath is not None:
        # Pacing begins one full breath after the start bell, so the listener can settle first.
        cycle = spec.breath.inhale_seconds + spec.breath.exhale_seconds
        t = cycle
        while t < session:
            add(t, "breath", "inhale", "inhale")
            if t + spec.breath.inhale_seconds < session:
                add(t + spec.breath.inhale_seconds, "breath", "exhale", "exhale")
            t += cycle
    ordered = _keep_most_specific(cues)
    return Timeline(
        session_type=kind, minutes=minutes, lead_in_seconds=spec.lead_in_seconds,
        session_seconds=session, tail_seconds=spec.tail_seconds, ambient=spec.ambient,
        cues=tuple(c for _, _, c in ordered), without_halfway=without_halfway,
    )
