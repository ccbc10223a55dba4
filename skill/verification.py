"""Alexa request verification: signature, certificate chain, timestamp and application id.

Same contract as `ask_sdk_webservice_support.verifier` (whose module cannot be imported on current
OpenSSL: certvalidator -> oscrypto), but the chain is validated with `cryptography`'s own X.509 path
validation. Every failure raises `VerificationException` with a short `.reason` that is safe to
send back to the caller; the underlying error, if any, is kept as `__cause__` for the logs.
"""
from __future__ import annotations

import abc
import base64
import binascii
import functools
import posixpath
import threading
import urllib.request
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, List, Mapping, Optional
from urllib.parse import urlsplit

from ask_sdk_runtime.exceptions import AskSdkException
from ask_sdk_webservice_support.verifier_constants import (
    ALEXA_SKILL_EVENT_LIST, CERT_CHAIN_DOMAIN, CERT_CHAIN_URL_HOSTNAME, CERT_CHAIN_URL_PORT,
    CERT_CHAIN_URL_PROTOCOL, MAX_NORMAL_REQUEST_TOLERANCE_IN_MILLIS,
    MAX_SKILL_EVENT_TOLERANCE_IN_MILLIS, SIGNATURE_CERT_CHAIN_URL_HEADER, SIGNATURE_HEADER)
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

MAX_CHAIN_BYTES = 256 * 1024
# The SDK builds this with os.path.sep; a URL path is always POSIX.
CERT_CHAIN_URL_STARTPATH = "/echo.api/"
Fetch = Callable[[str, float], bytes]
Clock = Callable[[], datetime]


class VerificationException(AskSdkException):
    """The request is not a genuine, fresh Alexa request for this skill."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _never_raises_other(verify):
    """Turn any unexpected error (wrong types, odd input) into a VerificationException."""
    @functools.wraps(verify)
    def wrapper(self, headers, serialized_request_env, deserialized_request_env):
        try:
            verify(self, headers, serialized_request_env, deserialized_request_env)
        except VerificationException:
            raise
        except Exception as exc:
            raise VerificationException("request could not be verified") from exc
    return wrapper


class AbstractVerifier(abc.ABC):
    """One check on an incoming request; returns None or raises VerificationException."""

    @abc.abstractmethod
    def verify(self, headers, serialized_request_env: bytes, deserialized_request_env) -> None:
        raise NotImplementedError


def _header(headers: Mapping, name: str) -> Optional[str]:
    value = headers.get(name)  # Flask's headers already ignore case; a dict does not.
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if str(k).lower() == wanted), None)
    return value


_ATTRIBUTES = {"type": "object_type", "System": "system", "applicationId": "application_id"}


def _field(envelope: Any, *path: str) -> Any:
    """Read a JSON path from a parsed dict or from an ask_sdk_model RequestEnvelope."""
    for key in path:
        if envelope is None:
            return None
        if type(envelope) is dict or isinstance(envelope, Mapping):   # the first test is the cheap one
            envelope = envelope.get(key)
        else:
            envelope = getattr(envelope, _ATTRIBUTES.get(key, key), None)
    return envelope


def normalise_cert_url(url: str) -> str:
    """Check a SignatureCertChainUrl against Alexa's rules; return the URL we will fetch."""
    if not isinstance(url, str):
        raise VerificationException("certificate URL is not a string")
    return _checked_cert_url(url)


@functools.lru_cache(maxsize=64)      # Alexa signs with a handful of URLs; failures are not cached
def _checked_cert_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise VerificationException("certificate URL is malformed") from exc
    if parts.scheme.lower() != CERT_CHAIN_URL_PROTOCOL:
        raise VerificationException("certificate URL must use https")
    if (parts.hostname or "").lower() != CERT_CHAIN_URL_HOSTNAME:
        raise VerificationException("certificate URL host must be s3.amazonaws.com")
    if port is not None and port != CERT_CHAIN_URL_PORT:
        raise VerificationException("certificate URL port must be 443")
    path = posixpath.normpath(parts.path) if parts.path else ""
    if not path.startswith(CERT_CHAIN_URL_STARTPATH):
        raise VerificationException("certificate URL path must start with /echo.api/")
    # Rebuilt from the checked parts only, so what we fetch is exactly what we validated.
    return f"https://{CERT_CHAIN_URL_HOSTNAME}{path}"


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx then surfaces as an HTTPError: the chain must come from the checked URL


_OPENER = urllib.request.build_opener(_RefuseRedirects)


def _urllib_fetch(url: str, timeout: float) -> bytes:
    with _OPENER.open(url, timeout=timeout) as response:
        if response.status != 200:
            raise OSError(f"HTTP {response.status}")
        return response.read(MAX_CHAIN_BYTES + 1)


_certifi_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def certifi_roots() -> List[x509.Certificate]:
    """certifi's bundle, parsed once (a few of its roots trigger harmless deprecation warnings)."""
    import certifi
    from cryptography.utils import CryptographyDeprecationWarning

    with _certifi_lock, warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        with open(certifi.where(), "rb") as bundle:
            return x509.load_pem_x509_certificates(bundle.read())


def _extension(cert: x509.Certificate, kind):
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


@dataclass(frozen=True)
class _ValidChain:
    """What a validated chain leaves behind: the signing key and the window the chain is valid."""
    public_key: rsa.RSAPublicKey
    not_before: datetime
    not_after: datetime


@dataclass
class _CacheEntry:
    pem: bytes
    valid: Optional[_ValidChain] = None  # set once path validation has passed


class RequestVerifier(AbstractVerifier):
    """Checks Signature-256 against the certificate chain named by SignatureCertChainUrl.

    Chains are cached per URL (LRU, bounded) together with their validation result, so a steady
    stream of requests costs one RSA verification each; only the validity window is re-checked.
    """

    def __init__(self, trusted_roots: Optional[List[x509.Certificate]] = None, *,
                 download_timeout_s: float = 5.0, fetch: Optional[Fetch] = None,
                 clock: Optional[Clock] = None, max_cached_chains: int = 64):
        if trusted_roots is not None and not trusted_roots:
            raise ValueError("trusted_roots must not be empty (None means certifi's bundle)")
        self._roots = list(trusted_roots) if trusted_roots is not None else None
        self._store: Optional[Store] = None
        self._timeout = download_timeout_s
        self._fetch = fetch or _urllib_fetch
        self._clock = clock or _utc_now
        self._max_cached = max(1, max_cached_chains)
        self._cache: "OrderedDict[str, _CacheEntry]" = OrderedDict()
        self._lock = threading.Lock()

    def preload_chain(self, url: str, pem_chain: bytes) -> None:
        """Put a chain in the cache as if downloaded from `url`; it is validated on first use."""
        self._remember(normalise_cert_url(url), bytes(pem_chain))

    @_never_raises_other
    def verify(self, headers, serialized_request_env, deserialized_request_env) -> None:
        cert_url = _header(headers, SIGNATURE_CERT_CHAIN_URL_HEADER)
        signature_b64 = _header(headers, SIGNATURE_HEADER)
        if not cert_url:
            raise VerificationException(f"missing {SIGNATURE_CERT_CHAIN_URL_HEADER} header")
        if not signature_b64:
            raise VerificationException(f"missing {SIGNATURE_HEADER} header")
        url = normalise_cert_url(cert_url)
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except (binascii.Error, ValueError, TypeError) as exc:
            raise VerificationException("signature is not valid base64") from exc
        body = serialized_request_env
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, (bytes, bytearray, memoryview)):
            raise VerificationException("request body is missing")
        now = self._clock()
        chain = self._valid_chain(url, now)
        if not chain.not_before <= now <= chain.not_after:
            raise VerificationException("signing certificate has expired or is not yet valid")
        try:
            chain.public_key.verify(signature, bytes(body), padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as exc:
            raise VerificationException("signature does not match the request body") from exc

    def _remember(self, url: str, pem: bytes) -> _CacheEntry:
        entry = _CacheEntry(pem)
        with self._lock:
            self._cache[url] = entry
            self._cache.move_to_end(url)
            while len(self._cache) > self._max_cached:
                self._cache.popitem(last=False)
        return entry

    def _valid_chain(self, url: str, now: datetime) -> _ValidChain:
        with self._lock:
            entry = self._cache.get(url)
            if entry is not None:
                self._cache.move_to_end(url)
        if entry is None:  # concurrent misses may both download; the results are identical
            entry = self._remember(url, self._download(url))
        if entry.valid is None:
            try:
                entry.valid = self._validate(entry.pem, now)
            except VerificationException:
                with self._lock:  # not cached: a corrected file at the same URL is picked up
                    if self._cache.get(url) is entry:
                        del self._cache[url]
                raise
        return entry.valid

    def _download(self, url: str) -> bytes:
        try:
            data = self._fetch(url, self._timeout)
        except Exception as exc:
            raise VerificationException("certificate chain download failed") from exc
        if not isinstance(data, (bytes, bytearray)):
            raise VerificationException("certificate chain download failed")
        if len(data) > MAX_CHAIN_BYTES:
            raise VerificationException("certificate chain download is too large")
        return bytes(data)

    def _trust_store(self) -> Store:
        if self._store is None:  # a race builds two equal stores; harmless
            self._store = Store(self._roots if self._roots is not None else certifi_roots())
        return self._store

    def _validate(self, pem: bytes, now: datetime) -> _ValidChain:
        try:
            certs = x509.load_pem_x509_certificates(pem)
        except ValueError as exc:
            raise VerificationException("certificate chain is not valid PEM") from exc
        leaf, intermediates = certs[0], certs[1:]
        if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
            raise VerificationException("signing certificate has expired or is not yet valid")
        san = _extension(leaf, x509.SubjectAlternativeName)
        if san is None or CERT_CHAIN_DOMAIN not in san.get_values_for_type(x509.DNSName):
            raise VerificationException(f"signing certificate is not for {CERT_CHAIN_DOMAIN}")
        usage = _extension(leaf, x509.KeyUsage)
        if usage is not None and not usage.digital_signature:
            raise VerificationException("signing certificate is not for digital signatures")
        key = leaf.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise VerificationException("signing certificate key is not RSA")
        # A server verifier for echo-api.amazon.com: Amazon's signing certificate is a public TLS
        # certificate for that name, and certifi's roots are TLS server roots.
        verifier = (PolicyBuilder().store(self._trust_store()).time(now)
                    .build_server_verifier(x509.DNSName(CERT_CHAIN_DOMAIN)))
        try:
            path = verifier.verify(leaf, intermediates)
        except VerificationError as exc:
            raise VerificationException("certificate chain is not trusted") from exc
        return _ValidChain(key, max(c.not_valid_before_utc for c in path),
                           min(c.not_valid_after_utc for c in path))


class TimestampVerifier(AbstractVerifier):
    """Rejects replays: request.timestamp must be close to now (skill events may be 1 h old)."""

    def __init__(self, tolerance_ms: int = MAX_NORMAL_REQUEST_TOLERANCE_IN_MILLIS,
                 skill_event_tolerance_ms: int = MAX_SKILL_EVENT_TOLERANCE_IN_MILLIS,
                 clock: Optional[Clock] = None):
        if tolerance_ms < 0 or skill_event_tolerance_ms < 0:
            raise ValueError("tolerances must not be negative")
        self._tolerance_s = tolerance_ms / 1000
        self._skill_event_tolerance_s = skill_event_tolerance_ms / 1000
        self._clock = clock or _utc_now

    @_never_raises_other
    def verify(self, headers, serialized_request_env, deserialized_request_env) -> None:
        stamp = _field(deserialized_request_env, "request", "timestamp")
        if stamp is None:
            raise VerificationException("request timestamp is missing")
        if isinstance(stamp, str):
            try:
                stamp = datetime.fromisoformat(stamp)
            except ValueError as exc:
                raise VerificationException("request timestamp is not ISO-8601") from exc
        if not isinstance(stamp, datetime):
            raise VerificationException("request timestamp is not ISO-8601")
        if stamp.utcoffset() is None:
            raise VerificationException("request timestamp has no time zone")
        age_s = (self._clock() - stamp).total_seconds()
        request_type = _field(deserialized_request_env, "request", "type")
        is_skill_event = isinstance(request_type, str) and (
            request_type in ALEXA_SKILL_EVENT_LIST or request_type.startswith("AlexaSkillEvent."))
        if age_s > (self._skill_event_tolerance_s if is_skill_event else self._tolerance_s):
            raise VerificationException("request timestamp is too old")
        if -age_s > self._tolerance_s:
            raise VerificationException("request timestamp is in the future")


class ApplicationIdVerifier(AbstractVerifier):
    """Rejects requests meant for another skill (flask-ask-sdk's skill_id does not check this)."""

    def __init__(self, skill_id: str):
        if not skill_id:
            raise ValueError("skill_id is required")
        self._skill_id = skill_id

    @_never_raises_other
    def verify(self, headers, serialized_request_env, deserialized_request_env) -> None:
        app_id = (_field(deserialized_request_env, "context", "System", "application",
                         "applicationId")
                  or _field(deserialized_request_env, "session", "application", "applicationId"))
        if not app_id:
            raise VerificationException("application id is missing")
        if app_id != self._skill_id:
            raise VerificationException("application id does not match this skill")


def _load_extra_roots(path) -> List[x509.Certificate]:
    from skill.config import SettingsError

    try:
        with open(path, "rb") as pem:
            return x509.load_pem_x509_certificates(pem.read())
    except (OSError, ValueError) as exc:
        raise SettingsError(f"SKILL_TRUSTED_CA_FILE {str(path)!r} is not a readable PEM "
                            f"certificate file: {exc}") from exc


def build_verifiers(settings) -> List[AbstractVerifier]:
    """The verifiers `settings` asks for, in the order they should run."""
    verifiers: List[AbstractVerifier] = []
    if settings.verify_requests:
        roots = list(certifi_roots())
        if settings.trusted_ca_file:
            roots += _load_extra_roots(settings.trusted_ca_file)
        verifiers.append(RequestVerifier(roots,
                                         download_timeout_s=settings.cert_download_timeout_s))
        verifiers.append(TimestampVerifier())
    if settings.skill_id:
        verifiers.append(ApplicationIdVerifier(settings.skill_id))
    return verifiers
