"""A local stand-in for Amazon's request-signing PKI, for offline tests and benchmarks.

`AlexaTestCA.shared()` builds, once per process, a root CA, an intermediate and a signing
certificate for `echo-api.amazon.com` (key usage digitalSignature), plus broken variants. Use it to
sign exact request bodies and to get a `RequestVerifier` that trusts only this root:

    ca = AlexaTestCA.shared()
    body, headers = ca.signed_request(envelope_dict)
    ca.make_verifier(clock=lambda: NOW).verify(headers, body, envelope_dict)

Certificates are valid from 30 days before the CA was built until 10 years after (`ca.now`), so
both the real clock and a fixed clock near `ca.now` work. The expired variant ended a day before.

Chain variants (`chain_pem(variant)`, `headers_for(..., variant=...)`):
    "good"                 leaf + intermediate, trusted
    "expired"              the leaf's validity ended a day before `ca.now`
    "not_yet_valid"        the leaf becomes valid a day after `ca.now`
    "no_san"               the leaf has no echo-api.amazon.com in its SAN (it has another name)
    "no_digital_signature" the leaf's key usage lacks digitalSignature
    "untrusted"            a look-alike chain from a root the verifier does not trust
"""
from __future__ import annotations

import base64
import json
import threading
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, Optional, Tuple

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from skill.verification import RequestVerifier

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
ALEXA_DOMAIN = "echo-api.amazon.com"
VARIANTS = ("good", "expired", "not_yet_valid", "no_san", "no_digital_signature", "untrusted")

_shared: Optional["AlexaTestCA"] = None
_shared_lock = threading.Lock()


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Back Relief tests"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _ca_cert(name: str, key, issuer: Optional[x509.Certificate], issuer_key, start, end):
    """A CA certificate shaped the way WebPKI path validation expects (KU, BC, SKI/AKI)."""
    builder = (x509.CertificateBuilder()
               .subject_name(_name(name))
               .issuer_name(issuer.subject if issuer else _name(name))
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(start).not_valid_after(end)
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=True,
                                            crl_sign=True, encipher_only=False,
                                            decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False))
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _leaf_cert(key, issuer: x509.Certificate, issuer_key, start, end, *,
               dns_name: str = ALEXA_DOMAIN, digital_signature: bool = True):
    """A signing certificate like Amazon's: a TLS server certificate for echo-api.amazon.com."""
    return (x509.CertificateBuilder()
            .subject_name(_name(dns_name))
            .issuer_name(issuer.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(dns_name)]), critical=False)
            .add_extension(x509.KeyUsage(digital_signature=digital_signature,
                                         content_commitment=False,
                                         key_encipherment=not digital_signature,
                                         data_encipherment=False, key_agreement=False,
                                         key_cert_sign=False, crl_sign=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                  ExtendedKeyUsageOID.CLIENT_AUTH]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer_key.public_key()), critical=False)
            .sign(issuer_key, hashes.SHA256()))


def _pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


class AlexaTestCA:
    """A trusted root, an intermediate, signing certificates (see VARIANTS) and their keys.

    Building one takes a second or so (six RSA-2048 keys): use `AlexaTestCA.shared()`.
    Attributes: `now` (aware UTC, when it was built), `root`, `root_pem`, `intermediate`,
    `leaf_key` (signs for every variant of the trusted chain), `other_key` (a key no certificate
    belongs to, for "signed by the wrong key" tests), `untrusted_root`.
    """

    def __init__(self, now: Optional[datetime] = None):
        self.now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
        start, end = self.now - timedelta(days=30), self.now + timedelta(days=3650)
        day = timedelta(days=1)

        root_key, inter_key = _new_key(), _new_key()
        self.root = _ca_cert("Test Alexa Root CA", root_key, None, root_key, start, end)
        self.intermediate = _ca_cert("Test Alexa Intermediate CA", inter_key, self.root,
                                     root_key, start, end)
        self.leaf_key = _new_key()
        self.other_key = _new_key()

        def leaf(first=start, last=end, **kw):
            return _leaf_cert(self.leaf_key, self.intermediate, inter_key, first, last, **kw)

        # A look-alike hierarchy with the same names but keys the verifier does not trust.
        fake_root_key, fake_inter_key = _new_key(), _new_key()
        self.untrusted_root = _ca_cert("Test Alexa Root CA", fake_root_key, None, fake_root_key,
                                       start, end)
        fake_inter = _ca_cert("Test Alexa Intermediate CA", fake_inter_key, self.untrusted_root,
                              fake_root_key, start, end)
        fake_leaf = _leaf_cert(self.leaf_key, fake_inter, fake_inter_key, start, end)

        self._chains: Dict[str, bytes] = {
            "good": _pem(leaf(), self.intermediate),
            "expired": _pem(leaf(first=start, last=self.now - day), self.intermediate),
            "not_yet_valid": _pem(leaf(first=self.now + day), self.intermediate),
            "no_san": _pem(leaf(dns_name="not-echo-api.example.com"), self.intermediate),
            "no_digital_signature": _pem(leaf(digital_signature=False), self.intermediate),
            "untrusted": _pem(fake_leaf, fake_inter),
        }
        self.root_pem = _pem(self.root)

    @classmethod
    def shared(cls) -> "AlexaTestCA":
        """The process-wide instance, built on first use."""
        global _shared
        with _shared_lock:
            if _shared is None:
                _shared = cls()
            return _shared

    def chain_pem(self, variant: str = "good") -> bytes:
        """The PEM bundle (leaf first, then intermediate) a certificate URL would serve."""
        if variant not in self._chains:
            raise KeyError(f"unknown chain variant {variant!r}; choose from {VARIANTS}")
        return self._chains[variant]

    def sign(self, body: bytes, key: Optional[rsa.RSAPrivateKey] = None) -> str:
        """Signature-256 header value: base64 RSA PKCS#1 v1.5 SHA-256 over the exact bytes."""
        signature = (key or self.leaf_key).sign(body, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode("ascii")

    def headers_for(self, body: bytes, variant: str = "good", url: str = CERT_URL,
                    key: Optional[rsa.RSAPrivateKey] = None) -> Dict[str, str]:
        """The two headers Alexa sends. `variant` only checks the name: every variant's leaf
        uses `leaf_key`, so the signature is valid and only the chain at `url` decides."""
        self.chain_pem(variant)
        return {"SignatureCertChainUrl": url, "Signature-256": self.sign(body, key)}

    def signed_request(self, envelope: Dict[str, Any], **header_options) -> Tuple[bytes, Dict]:
        """(body, headers) for a JSON envelope, ready to POST to the webhook."""
        body = json.dumps(envelope).encode("utf-8")
        return body, self.headers_for(body, **header_options)

    def make_verifier(self, clock: Optional[Callable[[], datetime]] = None, *,
                      variant: str = "good", url: str = CERT_URL,
                      fetch: Optional[Callable[[str, float], bytes]] = None) -> RequestVerifier:
        """A RequestVerifier trusting only this root, with `variant`'s chain preloaded for
        `url`. Without `fetch`, any download attempt fails (tests never touch the network)."""
        verifier = RequestVerifier([self.root], clock=clock, fetch=fetch or _no_network)
        verifier.preload_chain(url, self.chain_pem(variant))
        return verifier


def _no_network(url: str, timeout: float) -> bytes:
    raise OSError(f"tests do not download certificates ({url})")
