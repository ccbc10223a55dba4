"""The simulator's own commands, typed with a colon (":wait 5m", ":device no-audio", ":state"):
not said to Alexa, but moving time, switching the device or showing the state.

Apart from engine.py, the simulated Alexa itself, since these only drive it.
"""
from __future__ import annotations

import re
from datetime import timedelta, timezone
from typing import TYPE_CHECKING, List, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from skill.simulator.durations import clock_seconds
from skill.simulator.turns import Turn, message_turn

if TYPE_CHECKING:                   # engine.py runs these
    from skill.simulator.engine import Simulator


def run_command(sim: "Simulator", line: str) -> Turn:
    """One simulator command (":wait 5m", ":new", ":device screen" …) carried out on `sim`."""
    name, _, argument = line[1:].strip().partition(" ")
    name, argument = name.lower(), argument.strip()
    if name == "wait":
        seconds = (seconds_until(sim, argument[len("until"):]) if argument.lower().startswith("until")
                   else clock_seconds(argument or ""))
        if seconds is None:
            return message_turn(line, f"cannot read {argument!r} as a time: try 5m, 30s, 1h30m, 1d, until 23:50")
        return sim.wait(seconds)
    if name == "new":
        sim.new_session()
        return message_turn(line, "(new session)")
    if name == "device":
        return sim.set_device(argument)
    if name == "silence":
        return sim.silence()
    if name == "button" and argument.lower() in ("play", "pause", "next", "previous"):
        return sim.button(argument)
    if name == "permission" and argument.upper() in ("ACCEPTED", "DENIED", "NOT_ANSWERED"):
        return sim.permission(argument.upper())
    if name == "timezone" and argument:
        if sim.alexa_api is None:
            return message_turn(line, "this skill is not in-process: its time zone comes from Alexa")
        sim.alexa_api.time_zone = argument
        return message_turn(line, f"(the device's time zone is now {argument})")
    if name == "voice" and argument:        # a voice profile Alexa recognises, or none
        sim.factory.person_id = None if argument.lower() == "none" else f"amzn1.ask.person.{argument}"
        who = "a voice Alexa doesn't know" if sim.factory.person_id is None else f"voice profile {argument}"
        return message_turn(line, f"(speaking: {who})")
    if name == "state":
        return message_turn(line, *state_lines(sim))
    return message_turn(line, f"unknown command {line!r} (:help lists them)")


def seconds_until(sim: "Simulator", clock_time: str) -> Optional[float]:
    """Seconds from now to the next `clock_time` ("23:50", "7:05") on the device's clock (its
    time zone, :timezone), for ":wait until 23:50": the skill's day turns with the requests'
    times, so this is how a dialog reaches midnight. None when it is not a time of day."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", clock_time)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    zone_name = getattr(sim.alexa_api, "time_zone", None) or "UTC"
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = timezone.utc
    local = sim.now.astimezone(zone)
    target = local.replace(hour=int(match.group(1)), minute=int(match.group(2)), second=0, microsecond=0)
    if target <= local:
        target += timedelta(days=1)
    return (target.astimezone(timezone.utc) - sim.now).total_seconds()    # across a DST change too


def state_lines(sim: "Simulator") -> List[str]:
    return [f"session: {'open' if sim.session_open else 'none'}, attributes "
            f"{sim.factory.session_attributes or '{}'}",
            "player:" + (sim.player_status() or " idle"),
            f"device: {sim.factory.device}, clock {sim.now:%Y-%m-%d %H:%M:%S} UTC"]
