"""GET/HEAD /audio/<name> through a Flask app: full and ranged fetches, caching headers, and 404s
for anything that is not a name the library produces."""
from __future__ import annotations

import pytest
from flask import Flask

from skill.audio.library import AudioLibrary
from skill.audio.routes import register_audio_routes

NAME = "release-1.mp3"


@pytest.fixture(scope="module")
def client(shared_library):
    app = Flask(__name__)
    register_audio_routes(app, shared_library)
    return app.test_client()


@pytest.fixture(scope="module")
def body(shared_library) -> bytes:
    return shared_library.path_for(NAME).read_bytes()


def test_full_fetch(client, body):
    r = client.get(f"/audio/{NAME}")
    assert r.status_code == 200 and r.data == body
    assert r.headers["Content-Type"] == "audio/mpeg"
    assert r.headers["Content-Length"] == str(len(body))
    assert r.headers["Accept-Ranges"] == "bytes"
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert r.headers["ETag"].startswith('"') and len(r.headers["ETag"]) > 10


def test_the_render_without_the_halfway_is_served_by_its_name(client, shared_library):
    name = "mat-15-no-halfway.mp3"
    r = client.get(f"/audio/{name}")
    assert r.status_code == 200 and r.headers["Content-Type"] == "audio/mpeg"
    assert r.data == shared_library.path_for(name).read_bytes() != shared_library.path_for("mat-15.mp3").read_bytes()


def test_cue_clip_fetch(client, shared_library):
    r = client.get("/audio/cue-start_bell.mp3")
    assert r.status_code == 200 and r.data == shared_library.path_for("cue-start_bell.mp3").read_bytes()


@pytest.mark.parametrize("header,start,end", [
    ("bytes=0-99", 0, 99), ("bytes=1000-4095", 1000, 4095), ("bytes=-500", None, None), ("bytes=100-", 100, None),
])
def test_range_requests(client, body, header, start, end):
    size = len(body)
    if start is None:
        start, end = size - 500, size - 1
    elif end is None:
        end = size - 1
    r = client.get(f"/audio/{NAME}", headers={"Range": header})
    assert r.status_code == 206
    assert r.headers["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert r.headers["Content-Length"] == str(end - start + 1)
    assert r.data == body[start:end + 1]


def test_unsatisfiable_range(client, body):
    r = client.get(f"/audio/{NAME}", headers={"Range": f"bytes={len(body) + 10}-"})
    assert r.status_code == 416
    assert r.headers["Content-Range"] == f"bytes */{len(body)}"
    assert r.is_json and r.get_json() == {"error": "range not satisfiable"}


def test_multiple_ranges_get_the_whole_file(client, body):
    r = client.get(f"/audio/{NAME}", headers={"Range": "bytes=0-9,20-29"})
    assert r.status_code == 200 and r.data == body


def test_head(client, body):
    r = client.head(f"/audio/{NAME}")
    assert r.status_code == 200 and r.data == b""
    assert r.headers["Content-Length"] == str(len(body)) and r.headers["Content-Type"] == "audio/mpeg"
    assert r.headers["Accept-Ranges"] == "bytes" and "ETag" in r.headers


def test_etag_revalidation(client):
    etag = client.get(f"/audio/{NAME}").headers["ETag"]
    r = client.get(f"/audio/{NAME}", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.data == b""
    assert client.get(f"/audio/{NAME}", headers={"If-None-Match": '"something-else"'}).status_code == 200
    # If-Range with the current ETag honours the range.
    r = client.get(f"/audio/{NAME}", headers={"Range": "bytes=0-9", "If-Range": etag})
    assert r.status_code == 206 and len(r.data) == 10


def test_every_instance_gives_the_same_etag(client, tmp_path):
    other = Flask(__name__)
    register_audio_routes(other, AudioLibrary(tmp_path, "https://other.example/audio"))
    name = "cue-halfway_chime.mp3"
    theirs = other.test_client().head(f"/audio/{name}").headers["ETag"]
    assert theirs == client.head(f"/audio/{name}").headers["ETag"]


@pytest.mark.parametrize("path", [
    "/audio/nope.mp3", "/audio/mat-4.mp3", "/audio/mat-31.mp3", "/audio/MAT-10.mp3", "/audio/mat-10",
    "/audio/", "/audio/.meta/release-1.mp3.json", "/audio/.locks/release-1.mp3.lock",
    "/audio/release-1.mp3/", "/audio/release-1.mp3%00", "/audio/%00",
    "/audio/..%2Fconfig.py", "/audio/../skill/config.py", "/audio/%2e%2e%2fetc%2fpasswd",
    "/audio/..%2f..%2fetc%2fpasswd", "/audio//etc/passwd", "/audio/%2Fetc%2Fpasswd",
    "/audio/..\\skill\\config.py", "/audio/..%5Cconfig.py", "/audio/release-1.mp3%5C",
    "/audio/%252e%252e%252fetc%252fpasswd", "/audio/./release-1.mp3",
    "/audio/heat-15-no-halfway.mp3", "/audio/mat-15-no-halfway", "/audio/mat-15-NO-HALFWAY.mp3",
])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_unknown_names_and_traversal_are_404(client, path, method):
    r = client.open(path, method=method)
    assert r.status_code == 404
    if method == "GET":
        assert r.is_json and r.get_json() == {"error": "not found"}


def test_files_planted_in_the_cache_are_not_served(client, shared_library):
    (shared_library.cache_dir / "secret.txt").write_text("no")
    assert client.get("/audio/secret.txt").status_code == 404


def test_render_failure_is_a_short_503(shared_library, monkeypatch):
    app = Flask(__name__)
    lib = AudioLibrary(shared_library.cache_dir, "https://x.example/audio")

    def boom(name):
        raise OSError("disk full")

    monkeypatch.setattr(lib, "ensure", boom)
    register_audio_routes(app, lib)
    r = app.test_client().get(f"/audio/{NAME}")
    assert r.status_code == 503 and r.get_json() == {"error": "audio unavailable"}


def test_post_is_not_allowed(client):
    assert client.post(f"/audio/{NAME}").status_code == 405
