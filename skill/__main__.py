"""python -m skill <command>: serve, simulate, check-model, build-model, render-audio,
prune-history."""
from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional


def _serve(args: argparse.Namespace) -> int:
    from skill.app import create_app
    from skill.config import Settings, SettingsError

    env = dict(os.environ)
    if args.no_verify:
        env["SKILL_VERIFY_REQUESTS"] = "false"
        print("WARNING: request verification is OFF (--no-verify). Never expose this server to the internet.",
              file=sys.stderr)
    try:
        settings = Settings.from_env(env)
    except SettingsError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    app = create_app(settings)
    from skill.store.sweeper import start_sweeper_for
    start_sweeper_for(app)                  # as each gunicorn worker does (gunicorn.conf.py)
    print(f"Back Relief is listening on http://{args.host}:{args.port}/alexa "
          f"(health: /healthz, audio: /audio/<name>)", flush=True)
    from werkzeug.serving import run_simple
    run_simple(args.host, args.port, app, threaded=True)
    return 0


def _prune_history() -> int:
    """Delete history past the retention from the database the environment names (run daily)."""
    from skill.config import Settings, SettingsError
    from skill.store import StoreUnavailable, open_store

    try:
        settings = Settings.from_env()
    except SettingsError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    store = open_store(settings)
    try:
        deleted = store.prune_history()
    except StoreUnavailable as problem:
        print(f"error: the database is unavailable: {problem}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"deleted {deleted} history entries older than {store.history_days} days")
    return 0


def _build_model(args: argparse.Namespace) -> int:
    from skill.package import write_package
    written = write_package(args.endpoint) if args.endpoint else write_package()
    for path in written:
        print(f"wrote {path}")
    print("skill package is up to date" if not written else f"{len(written)} file(s) written")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m skill", description="Back Relief, an Alexa skill.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the web service Alexa talks to")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--no-verify", action="store_true", help="accept unsigned requests (local testing only)")
    commands.add_parser("simulate", help="talk to the skill as the Alexa simulator would", add_help=False)
    commands.add_parser("check-model", help="check the skill package offline", add_help=False)
    build = commands.add_parser("build-model", help="regenerate interaction_model/ from the content files")
    build.add_argument("--endpoint", help="HTTPS endpoint URL to write into skill.json")
    render = commands.add_parser("render-audio", help="pre-render every session's audio, e.g. for a CDN")
    render.add_argument("--out", required=True, help="folder to write the MP3 files into")
    commands.add_parser("prune-history", help="delete finished sessions older than the 90 days memory "
                        "uses (SKILL_DATABASE_URL); run it daily")

    if argv and argv[0] in ("simulate", "check-model"):
        # These parse their own options.
        if argv[0] == "simulate":
            from skill.simulator.cli import simulate_main
            return simulate_main(argv[1:])
        from skill.checks.model_check import check_model_main
        return check_model_main(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "build-model":
        return _build_model(args)
    if args.command == "prune-history":
        return _prune_history()
    from skill.audio.cli import render_audio_main
    return render_audio_main(args.out)


if __name__ == "__main__":
    sys.exit(main())
