"""`python -m skill simulate`: talk to the skill as you would in the developer console's simulator.

Interactive on a terminal; with stdin from a pipe or file it reads one utterance per line and
prints each reply, so it can be used in scripts (exit status 1 when the skill failed or answered
something Alexa would not allow).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional, TextIO

from skill.config import PROJECT_DIR
from skill.simulator.dialogs import run_dialog
from skill.simulator.display import render_turn
from skill.simulator.engine import Simulator
from skill.simulator.envelopes import DEVICE_PROFILES
from skill.simulator.model import ModelError, load_model
from skill.simulator.testing import parse_instant
from skill.simulator.transport import HttpTransport, Transport, in_process_transport

HELP = """\
Say anything you would say to Alexa, for example:
  open back relief                      ask back relief what helps a knot in my upper back
  my lower back is spasming             start a ten minute mat session      stop
Commands:
  :wait 5m | 30s | 1h30m | 1d   let time pass (audio plays on; an open session times out)
  :wait until 23:50        let time pass to the next 23:50 on the device's clock (its time zone)
  :silence                 say nothing (Alexa reprompts, then ends the session)
  :new                     start a new session
  :device speaker|screen|no-audio
  :button play|pause|next|previous      press a button on the device
  :permission accepted|denied|not_answered
  :timezone America/Los_Angeles          the device's time zone (UTC until set)
  :voice alice | none      who speaks: a voice profile Alexa recognises, or a voice it doesn't know
  :state                   session attributes, player, device, clock
  :json on|off             show the raw request and response (Skill I/O)
  :help                    this text
  :quit                    leave"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m skill simulate", description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="POST to a running skill server instead of the in-process app "
                                      "(it must run with request verification off: --no-verify)")
    parser.add_argument("--insecure", action="store_true",
                        help="with an https --url, accept a self-signed certificate")
    parser.add_argument("--json", action="store_true", help="print raw requests and responses")
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--device", default="speaker", choices=sorted(DEVICE_PROFILES))
    parser.add_argument("--start", type=parse_instant, metavar="INSTANT",
                        help="start the clock there instead of now, e.g. 2026-03-14T23:30:00Z "
                             "(as SKILL_TEST_START does for the tests)")
    parser.add_argument("--model-dir", type=Path, default=PROJECT_DIR / "interaction_model",
                        help="skill package folder (default: interaction_model/)")
    parser.add_argument("--script", type=Path,
                        help="replay a dialog: an `ask dialog` JSON file or a YAML dialog with expectations")
    return parser


def _lines(stdin: TextIO, stdout: TextIO, interactive: bool):
    while True:
        if interactive:
            try:
                yield input("you › ") if stdin is sys.stdin else _prompt(stdin, stdout)
            except EOFError:
                return
        else:
            line = stdin.readline()
            if not line:
                return
            yield line.rstrip("\n")


def _prompt(stdin: TextIO, stdout: TextIO) -> str:
    stdout.write("you › ")
    stdout.flush()
    line = stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


def simulate_main(argv: List[str], *, stdin: Optional[TextIO] = None, stdout: Optional[TextIO] = None,
                  stderr: Optional[TextIO] = None, transport: Optional[Transport] = None) -> int:
    args = build_parser().parse_args(argv)
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    own_transport = transport is None
    try:
        if transport is None and args.url:
            stderr.write(f"Sending unsigned requests to {args.url}: the server must run with request "
                         "verification off (python -m skill serve --no-verify).\n")
            transport = HttpTransport(args.url, insecure=args.insecure)
        elif transport is None:
            transport = in_process_transport()
    except ImportError as exc:
        stderr.write(f"Cannot load the skill in-process ({exc}); start it and use --url.\n")
        return 2
    try:
        if args.script:
            result = run_dialog(args.script, transport, model_dir=args.model_dir, out=stdout,
                                show_json=args.json, start=args.start)
            return 0 if result.passed else 1
        try:
            model = load_model(args.model_dir, args.locale)
        except ModelError as exc:
            stderr.write(f"{exc}\n")
            return 2
        return _converse(Simulator(transport, model, locale=args.locale, device=args.device,
                                   start=args.start),
                         stdin, stdout, args.json)
    finally:
        if own_transport and hasattr(transport, "close"):
            transport.close()


def _converse(simulator: Simulator, stdin: TextIO, stdout: TextIO, show_json: bool) -> int:
    interactive = hasattr(stdin, "isatty") and stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (history and editing for input())
        except ImportError:
            pass
        stdout.write(f"Simulating Alexa for “{simulator.model.invocation_name}” "
                     f"({simulator.factory.locale}, {simulator.factory.device}). :help lists commands.\n")
    status = 0
    for line in _lines(stdin, stdout, interactive):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line in (":quit", ":exit", ":q"):
            break
        if line == ":help":
            stdout.write(HELP + "\n")
            continue
        if line.startswith(":json"):
            show_json = not line.endswith("off")
            stdout.write(f"(raw JSON {'on' if show_json else 'off'})\n")
            continue
        if not interactive:
            stdout.write(f"you › {line}\n")
        turn = simulator.handle(line)
        rendered = render_turn(turn, show_json)
        stdout.write(rendered + "\n" if rendered else "")
        stdout.flush()
        if turn.problems:
            status = 1
    return status
