"""A simulated Echo's audio player: what is playing, from where, for how long, and what is queued.

The clock is the simulator's, not the wall's: `:wait 5m` moves it, and the player reports the
events Alexa would send on the way (PlaybackNearlyFinished, PlaybackFinished, the next stream's
PlaybackStarted).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, List, Optional

import yaml

# Alexa sends PlaybackNearlyFinished once the stream is buffered; the simulator sends it this long
# before the end (or at once for a shorter stream).
NEARLY_FINISHED_BEFORE_END_S = 15.0
SESSIONS_FILE = Path(__file__).resolve().parent.parent / "content" / "sessions.yaml"

DurationLookup = Callable[[str, str], Optional[float]]      # (token, url) → seconds, None if unknown


def audio_name(token: str, url: str) -> str:
    """A short name for a stream: the file name of its URL without the extension."""
    stem = url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    stem = re.sub(r"\.(mp3|aac|m4a|ogg|wav|m3u8?|pls)$", "", stem, flags=re.I)
    return stem or token


def session_audio_seconds(token: str, url: str, sessions_file: Path = SESSIONS_FILE) -> Optional[float]:
    """The default lookup: "…/mat-10.mp3" is a ten-minute mat session, plus its lead-in and tail.

    Asks skill.audio.timeline when it is available, else reads sessions.yaml, else counts the
    minutes alone."""
    for text in (url, token):
        match = re.search(r"([a-z_]+)-(\d+)(?:\.mp3|\b)", text or "")
        if match:
            break
    else:
        return None
    kind, minutes = match.group(1), int(match.group(2))
    try:
        from skill.audio.timeline import build_timeline
        return float(build_timeline(kind, minutes).total_seconds)
    except Exception:           # the audio package is optional here; fall back to the YAML
        pass
    seconds = minutes * 60.0
    try:
        spec = yaml.safe_load(sessions_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return seconds
    session = (spec.get("sessions") or {}).get(kind)
    if not isinstance(session, dict):
        return seconds                      # not a timed session: the minutes are all we know
    if session.get("minutes_are_per_side"):
        seconds *= 2
    return seconds + float(spec.get("lead_in_seconds") or 0) + float(spec.get("tail_seconds") or 0)


@dataclass
class Stream:
    token: str
    url: str
    offset_ms: int = 0
    duration_s: Optional[float] = None
    expected_previous: Optional[str] = None

    @property
    def name(self) -> str:
        return audio_name(self.token, self.url)


@dataclass
class Player:
    """The device's player. `position_ms(now)` is where the current stream is."""

    durations: DurationLookup = session_audio_seconds
    current: Optional[Stream] = None
    playing: bool = False
    started_at: Optional[datetime] = None        # simulated time when playback (re)started
    start_offset_ms: int = 0
    nearly_finished_sent: bool = False
    queue: List[Stream] = field(default_factory=list)
    owner: bool = False                          # this skill played audio last
    finished: bool = False                       # the current stream played to its end

    @property
    def activity(self) -> str:
        """As in context.AudioPlayer.playerActivity."""
        if self.current is None:
            return "IDLE"
        return "PLAYING" if self.playing else "FINISHED" if self.finished else "STOPPED"

    def stream(self, token: str, url: str, offset_ms: int = 0,
               expected_previous: Optional[str] = None) -> Stream:
        return Stream(token, url, int(offset_ms or 0), self.durations(token, url), expected_previous)

    def position_ms(self, now: datetime) -> int:
        if self.current is None:
            return 0
        if not self.playing or self.started_at is None:
            return self.start_offset_ms
        elapsed = int((now - self.started_at).total_seconds() * 1000)
        position = self.start_offset_ms + elapsed
        if self.current.duration_s is not None:
            position = min(position, int(self.current.duration_s * 1000))
        return position

    def start(self, stream: Stream, now: datetime) -> None:
        self.current, self.playing, self.started_at = stream, True, now
        self.start_offset_ms = stream.offset_ms
        self.nearly_finished_sent = False
        self.owner, self.finished = True, False

    def stop(self, now: datetime) -> int:
        offset = self.position_ms(now)
        self.start_offset_ms, self.playing, self.started_at = offset, False, None
        return offset

    def finish_time(self) -> Optional[datetime]:
        if not self.playing or self.current is None or self.current.duration_s is None:
            return None
        remaining = self.current.duration_s - self.start_offset_ms / 1000
        return self.started_at + timedelta(seconds=max(0.0, remaining))

    def nearly_finished_time(self) -> Optional[datetime]:
        finish = self.finish_time()
        if finish is None or self.nearly_finished_sent:
            return None
        return max(self.started_at, finish - timedelta(seconds=NEARLY_FINISHED_BEFORE_END_S))
