"""`GET`/`HEAD /audio/<name>`: serves rendered session audio and cue clips to Alexa.

Only names the library knows are ever turned into paths, so traversal tricks (`..`, encoded
slashes, backslashes, NUL, absolute paths) are simply unknown names: 404 with a short JSON body.
Range, ETag and If-None-Match handling come from Flask's send_file(conditional=True); the ETag is
the content hash, so every instance agrees. The bytes behind a name only change when the sounds are
redesigned (library.RENDER_VERSION), hence year-long immutable caching: a redesign must be published
under a new media base URL so devices and CDNs do not keep the old audio.
"""
from __future__ import annotations

import logging

from flask import Flask, jsonify, request, send_file
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.routing import BaseConverter

from .library import AudioLibrary

log = logging.getLogger(__name__)
ONE_YEAR = 31536000


class _AnyTail(BaseConverter):
    """Matches everything after /audio/, slashes and empty included, so every odd path gets our 404."""

    regex = ".*"
    part_isolating = False


def register_audio_routes(app: Flask, library: AudioLibrary, url_prefix: str = "/audio") -> None:
    app.url_map.converters.setdefault("audio_tail", _AnyTail)

    def serve_audio(name: str):
        if not library.is_known(name):
            return jsonify(error="not found"), 404
        try:
            entry = library.ensure(name)
        except Exception:  # disk full, render bug…: say so briefly, log the detail
            log.exception("audio: could not provide %s", name)
            return jsonify(error="audio unavailable"), 503
        if request.range is not None and len(request.range.ranges) > 1:
            # Multipart ranges are optional (RFC 9110 14.2) and players never ask: send it all.
            request.environ.pop("HTTP_RANGE", None)
        try:
            response = send_file(
                entry.path, mimetype="audio/mpeg", conditional=True, etag=entry.etag, max_age=ONE_YEAR,
            )
        except RequestedRangeNotSatisfiable:
            response = jsonify(error="range not satisfiable")
            response.status_code = 416
            response.headers["Content-Range"] = f"bytes */{entry.size}"
            return response
        response.cache_control.immutable = True
        return response

    app.add_url_rule(
        f"{url_prefix}/<audio_tail:name>", endpoint="audio_file", view_func=serve_audio,
        methods=["GET", "HEAD"], merge_slashes=False, strict_slashes=False,
    )
