"""Read MPEG audio frame headers, to check what Alexa checks: bitrate, sample rate, channels."""
from __future__ import annotations

from dataclasses import dataclass

# Layer III bitrates (kbps) by header index: MPEG-1, and MPEG-2/2.5 (low sample rates).
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


@dataclass(frozen=True)
class Frame:
    offset: int
    bitrate_kbps: int
    sample_rate: int
    mono: bool
    length: int


def frames(data: bytes) -> list[Frame]:
    """Every frame of a bare Layer III stream; ValueError at the first byte that is not a frame."""
    found, pos = [], 0
    while pos < len(data):
        h = data[pos:pos + 4]
        if len(h) < 4 or h[0] != 0xFF or (h[1] & 0xE0) != 0xE0 or (h[1] >> 1) & 3 != 1:
            raise ValueError(f"no Layer III frame header at byte {pos}")
        version = (h[1] >> 3) & 3          # 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
        bitrate = _BITRATES[1 if version == 3 else 2][h[2] >> 4]
        rate = _RATES[version][(h[2] >> 2) & 3]
        padding = (h[2] >> 1) & 1
        length = (144 if version == 3 else 72) * bitrate * 1000 // rate + padding
        found.append(Frame(pos, bitrate, rate, mono=(h[3] >> 6) == 3, length=length))
        pos += length
    return found
