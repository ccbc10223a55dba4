"""The running webhook, driven by an independent Alexa client: Bespoken's virtual-alexa (npm).

The set-up installs virtual-alexa with `npm ci` (skipped when node_modules already matches the
lockfile), starts the real server (`python -m skill serve --no-verify`) on a free loopback port with
its own SQLite file and audio cache, and runs `conversations.js`, which talks to the server through
virtual-alexa using our en-US interaction model and prints one JSON result per conversation. Each
conversation is one test here.

These tests are skipped only where Node.js (node and npm) is not installed; a failing `npm ci`, a
server that does not start, or a script that cannot run are failures.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import ipaddress
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional

import pytest

HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE.parents[1]
SCRIPT = HERE / "conversations.js"
PUBLIC_URL = "https://skill.example.test"
APPLICATION_ID = "amzn1.ask.skill.back-relief-virtual-alexa"    # what conversations.js sends

NPM_TIMEOUT_S = 240             # a cold `npm ci`; a warm run skips it
SERVER_START_TIMEOUT_S = 30
CONVERSATIONS_TIMEOUT_S = 90

# Every conversation in conversations.js; a test each.
CONVERSATIONS = [
    "launch, a remedy, and next, previous, repeat, start over",
    "one-shot forms",
    "red flags get medical help now",
    "my back hurts: a clarifying question, then the answer",
    "my back is hurting: the answer names the kind of pain",
    "a sore lower back is named as it feels, not as a spasm",
    "what else can I do",
    "questions: a doctor, medicines, heat or ice, and one in the middle of a remedy",
    "on the floor: getting up, eating, sleeping, thanks; pregnancy",
    "help",
    "stop and exit",
    "mat session by voice: permission, pause, resume, time left, to the end",
    "meditation with a duration, declining the timer",
    "preferences: fifteen minute mat sessions, my usual, forget me",
]

NODE = shutil.which("node")
NPM = shutil.which("npm")
_MISSING = [name for name, path in (("node", NODE), ("npm", NPM)) if path is None]

pytestmark = pytest.mark.skipif(
    bool(_MISSING),
    reason=f"Node.js is not installed ({' and '.join(_MISSING)} not found on PATH): "
           "the virtual-alexa client runs on Node")


class SetupProblem(Exception):
    """The client could not be installed or run, or the server did not start: every test fails."""


# -- installing virtual-alexa ----------------------------------------------------------------------
def _install_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((HERE / name).read_bytes())
    node_version = subprocess.run([NODE, "--version"], capture_output=True, text=True, timeout=30).stdout
    digest.update(node_version.strip().encode())
    return digest.hexdigest()


@contextlib.contextmanager
def _install_lock():
    """One `npm ci` at a time in this folder, even across concurrent pytest runs."""
    lock_path = Path(tempfile.gettempdir()) / f"back-relief-virtual-alexa-{hashlib.sha256(str(HERE).encode()).hexdigest()[:16]}.lock"
    try:
        import fcntl
    except ImportError:             # Windows: no lock
        yield
        return
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def install_virtual_alexa() -> None:
    """`npm ci` into tests/virtual_alexa, unless node_modules already matches the lockfile."""
    stamp = HERE / "node_modules" / ".back-relief-installed"
    with _install_lock():
        wanted = _install_fingerprint()
        installed = (HERE / "node_modules" / "virtual-alexa" / "package.json").is_file()
        if installed and stamp.is_file() and stamp.read_text() == wanted:
            return
        command = [NPM, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"]
        try:
            done = subprocess.run(command, cwd=HERE, capture_output=True, text=True, timeout=NPM_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise SetupProblem(f"`npm ci` in {HERE} did not finish within {NPM_TIMEOUT_S} s") from None
        if done.returncode != 0:
            raise SetupProblem(f"`npm ci` in {HERE} failed (exit {done.returncode}):\n"
                               f"{(done.stderr or done.stdout)[-4000:]}")
        stamp.write_text(wanted)


@pytest.fixture(scope="session")
def virtual_alexa_install() -> Optional[str]:
    """None when virtual-alexa is installed, else why not (each test then fails with it)."""
    try:
        install_virtual_alexa()
    except SetupProblem as problem:
        return str(problem)
    return None


# -- a certificate for the Timers API stand-in -----------------------------------------------------
def write_certificates(folder: Path) -> Dict[str, Path]:
    """A throwaway CA and a 127.0.0.1 server certificate: conversations.js serves the Timers API
    stand-in with them (the skill's API client only speaks HTTPS); the skill server trusts the CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Back Relief virtual-alexa test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = {"ca": folder / "ca.pem", "cert": folder / "api-cert.pem", "key": folder / "api-key.pem"}
    paths["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths["cert"].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths["key"].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    return paths


# -- the skill server ------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SkillServer:
    process: subprocess.Popen
    url: str
    log_path: Path

    def log_tail(self, characters: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-characters:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(folder: Path, ca_file: Path) -> SkillServer:
    """`python -m skill serve --no-verify` on a free loopback port, once /healthz says ok."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SKILL_")}
    env.update(SKILL_DATABASE_URL=f"sqlite:///{folder / 'skill.sqlite3'}",
               SKILL_AUDIO_CACHE_DIR=str(folder / "audio"),
               SKILL_PUBLIC_URL=PUBLIC_URL,
               SKILL_ID=APPLICATION_ID,
               SKILL_LOG_LEVEL="INFO",
               REQUESTS_CA_BUNDLE=str(ca_file),       # the Timers API stand-in's CA, for the skill's API client
               PYTHONUNBUFFERED="1")
    loopback = "127.0.0.1,localhost"                  # never through a proxy: everything here is local
    for name in ("NO_PROXY", "no_proxy"):
        env[name] = f"{env[name]},{loopback}" if env.get(name) else loopback
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    problems = []
    for attempt in range(3):                          # another process may take the port first
        port = _free_port()
        log_path = folder / f"server-{attempt}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "skill", "serve", "--no-verify", "--host", "127.0.0.1", "--port", str(port)],
                cwd=PROJECT_DIR, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        server = SkillServer(process, f"http://127.0.0.1:{port}/alexa", log_path)
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with direct.open(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                    if json.load(answer).get("status") == "ok":
                        return server
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.1)
        server.stop()
        problems.append(f"port {port}: {'exited with ' + str(process.returncode) if process.returncode else 'no healthy /healthz in time'}\n"
                        f"{server.log_tail()}")
    raise SetupProblem("the skill server did not start:\n" + "\n".join(problems))


# -- running the conversations ---------------------------------------------------------------------
@dataclass
class Run:
    problem: Optional[str] = None
    results: Dict[str, dict] = field(default_factory=dict)
    server_log: str = ""


@pytest.fixture(scope="module")
def conversations(virtual_alexa_install, tmp_path_factory) -> Run:
    """Every conversation's result, from one run of conversations.js against the live server."""
    if virtual_alexa_install:
        return Run(problem=virtual_alexa_install)
    folder = tmp_path_factory.mktemp("virtual-alexa")
    try:
        certificates = write_certificates(folder)
        server = start_server(folder, certificates["ca"])
    except SetupProblem as problem:
        return Run(problem=str(problem))
    try:
        command = [NODE, str(SCRIPT), "--skill-url", server.url, "--public-url", PUBLIC_URL,
                   "--api-cert", str(certificates["cert"]), "--api-key", str(certificates["key"])]
        try:
            done = subprocess.run(command, cwd=HERE, capture_output=True, text=True,
                                  timeout=CONVERSATIONS_TIMEOUT_S, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return Run(problem=f"conversations.js did not finish within {CONVERSATIONS_TIMEOUT_S} s",
                       server_log=server.log_tail())
        results = {}
        for line in done.stdout.splitlines():
            if line.strip().startswith("{"):
                result = json.loads(line)
                results[result["name"]] = result
        if done.returncode not in (0, 1) or not results:
            return Run(problem=f"conversations.js could not run (exit {done.returncode}):\n{done.stderr[-4000:]}",
                       server_log=server.log_tail())
        return Run(results=results, server_log=server.log_tail())
    finally:
        server.stop()


def describe(result: dict) -> str:
    """A conversation turn by turn, failing turns marked, for the failure report."""
    lines = [f"conversation: {result['name']}"]
    lines += [f"  ✗ {failure}" for failure in result["failures"]]
    for number, turn in enumerate(result["turns"], start=1):
        mark = "✗" if turn.get("failures") else " "
        lines.append(f"{mark} {number}. you › {turn['say']}")
        request = turn.get("request")
        if request:
            slots = ", ".join(f"{name}={slot['id']}" if slot.get("id") else f"{name}={slot['value']!r}"
                              for name, slot in (request.get("slots") or {}).items())
            new = " [new session]" if request.get("sessionNew") else ""
            lines.append(f"       → {request['type']} {request.get('intent', '')} {slots}{new}".rstrip())
        for event in turn.get("events") or []:
            lines.append(f"       ↳ {event['type']} {event.get('token', '')} @ {event.get('offsetInMilliseconds', '')}")
        if turn.get("outputSpeech"):
            lines.append(f"       Alexa: {turn['outputSpeech']}")
        if turn.get("reprompt"):
            lines.append(f"       reprompt: {turn['reprompt']}")
        if turn.get("card"):
            lines.append(f"       card: {turn['card'].get('title')}")
        for directive in turn.get("directives") or []:
            detail = {k: v for k, v in directive.items() if k not in ("type", "payload")}
            lines.append(f"       directive: {directive['type']} {json.dumps(detail) if detail else ''}".rstrip())
        for call in turn.get("timers") or []:
            lines.append(f"       Timers API: {call['call']}")
        if "shouldEndSession" in turn:
            lines.append(f"       shouldEndSession: {turn['shouldEndSession']}")
        lines += [f"       note: {note}" for note in turn.get("notes") or []]
        lines += [f"       ✗ {failure}" for failure in turn.get("failures") or []]
    return "\n".join(lines)


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_conversation(conversations: Run, name: str) -> None:
    if conversations.problem:
        pytest.fail(conversations.problem + (f"\n\nserver log:\n{conversations.server_log}" if conversations.server_log else ""),
                    pytrace=False)
    result = conversations.results.get(name)
    assert result is not None, f"conversations.js printed no result for {name!r}"
    for advisory in result.get("advisories", []):
        warnings.warn(f"{name}: {advisory}", UserWarning, stacklevel=1)
    if not result["passed"]:
        pytest.fail(describe(result) + f"\n\nserver log (tail):\n{conversations.server_log}", pytrace=False)


def test_every_conversation_has_a_test(conversations: Run) -> None:
    if conversations.problem:
        pytest.fail(conversations.problem, pytrace=False)
    assert sorted(conversations.results) == sorted(CONVERSATIONS)
