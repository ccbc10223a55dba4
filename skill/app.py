"""create_app(): the Flask web service Alexa talks to.

Routes: POST /alexa (the skill), GET /healthz (for load balancers), GET|HEAD /audio/<name>
(session audio). Every error answer is a short JSON body; no traceback ever leaves the server.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Optional, Sequence

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from skill.alerts import AlexaApiClient
from skill.audio.library import AudioLibrary
from skill.audio.routes import register_audio_routes
from skill.config import Settings
from skill.skill import build_skill
from skill.store import open_store
from skill.verification import AbstractVerifier, build_verifiers
from skill.webhook import AlexaWebhook

log = logging.getLogger("skill.app")
request_log = logging.getLogger("skill.requests")
REQUEST_SUMMARY_KEY = "skill.request"     # WSGI environ key gunicorn.conf.py's access line prints


def configure_logging(settings: Settings) -> None:
    """Plain one-line logs to stderr, unless the host (gunicorn, pytest) already set logging up."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("skill").setLevel(settings.log_level)


def create_app(settings: Optional[Settings] = None, *, verifiers: Optional[Sequence[AbstractVerifier]] = None,
               store: Any = None, audio_library: Optional[AudioLibrary] = None,
               api_client: Any = None) -> Flask:
    """The app, wired from settings; tests may hand in their own verifiers, store or audio library."""
    settings = settings or Settings.from_env()
    configure_logging(settings)
    store = store if store is not None else open_store(settings)
    audio_library = audio_library or AudioLibrary(settings.audio_cache_dir, settings.media_base_url)

    app = Flask("skill")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.extensions["back_relief"] = {"settings": settings, "store": store, "audio": audio_library}
    skill = build_skill(persistence_adapter=store.adapter, api_client=api_client or AlexaApiClient(),
                        audio=audio_library, store=store)
    webhook = AlexaWebhook(skill, build_verifiers(settings) if verifiers is None else verifiers)
    if not settings.verify_requests:
        log.warning("request verification is OFF: use this only for local testing")

    in_access_log = settings.request_log == "access"

    @app.post("/alexa")
    def alexa() -> Response:
        started = time.perf_counter()
        result = webhook.handle(request.get_data(cache=False), request.headers)
        if result.summary:
            # One line per request: the server's access line carries it, or we write our own.
            if in_access_log:
                request.environ[REQUEST_SUMMARY_KEY] = result.summary
            else:
                request_log.info("%s answered in %.1f ms", result.summary,
                                 (time.perf_counter() - started) * 1000)
        return Response(result.body, status=result.status, mimetype="application/json")

    @app.get("/healthz")
    def healthz() -> Response:
        database = store.health()
        status = "ok" if database.get("database") == "ok" else "degraded"
        return jsonify(status=status, database=database)

    register_audio_routes(app, audio_library)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        reasons = {413: "request body too large", 404: "not found", 405: "method not allowed"}
        response = jsonify(error=reasons.get(error.code or 500, error.name.lower()))
        response.status_code = error.code or 500
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Response:
        log.exception("unexpected error on %s", request.path)
        response = jsonify(error="internal error")
        response.status_code = 500
        return response

    return app
