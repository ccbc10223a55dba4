"""A WSGI app that answers with the process id of the worker that served it, after an optional
pause (`/slow?seconds=2`): for tests of how gunicorn.conf.py spreads work over its workers."""
from __future__ import annotations

import os
import time
from urllib.parse import parse_qs


def app(environ, start_response):
    if environ.get("PATH_INFO") == "/slow":
        seconds = float(parse_qs(environ.get("QUERY_STRING", "")).get("seconds", ["1"])[0])
        time.sleep(min(seconds, 10))
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
