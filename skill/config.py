"""One settings object, read from the environment once at start-up.

Every setting is an environment variable; the README lists them all in one table. Tests build a
`Settings` directly with `Settings(...)` or `Settings.from_env({...})` instead of touching os.environ.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, Optional, Tuple

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message names the variable."""


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {raw!r}") from None


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    value = _number(env, name, default)
    if not value > 0:
        raise SettingsError(f"{name} must be more than 0, not {env.get(name)!r}")
    return value


def _choice(env: Mapping[str, str], name: str, choices: Tuple[str, ...], default: str) -> str:
    value = (env.get(name) or "").strip().lower() or default
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, not {env.get(name)!r}")
    return value


# Where each answered request's line goes: the skill's own log ("app"), or the WSGI environ key
# `skill.request` for the server's access line to include ("access"; gunicorn.conf.py sets this).
REQUEST_LOGS = ("app", "access")


@dataclass(frozen=True)
class Settings:
    """Everything the skill can be configured with. Defaults need no set-up at all."""

    # Alexa
    skill_id: Optional[str] = None                # SKILL_ID: checked on every request when set
    verify_requests: bool = True                  # SKILL_VERIFY_REQUESTS
    trusted_ca_file: Optional[Path] = None        # SKILL_TRUSTED_CA_FILE: extra PEM roots (tests, staging)
    cert_download_timeout_s: float = 5.0          # SKILL_CERT_TIMEOUT
    max_request_bytes: int = 128 * 1024           # SKILL_MAX_REQUEST_BYTES
    # Where Alexa reaches us and where audio lives
    public_url: str = "https://localhost:5000"    # SKILL_PUBLIC_URL (HTTPS base URL of this server)
    audio_base_url: Optional[str] = None          # SKILL_AUDIO_BASE_URL: a CDN with pre-rendered audio
    audio_cache_dir: Path = PROJECT_DIR / "var" / "audio"   # SKILL_AUDIO_CACHE_DIR
    # Memory
    database_url: str = f"sqlite:///{PROJECT_DIR / 'var' / 'back_relief.sqlite3'}"  # SKILL_DATABASE_URL
    database_timeout_s: float = 1.5               # SKILL_DATABASE_TIMEOUT
    database_retry_s: float = 5.0                 # SKILL_DATABASE_RETRY: cool-down after a failure
    # Logging
    log_level: str = "INFO"                       # SKILL_LOG_LEVEL
    request_log: str = "app"                      # SKILL_REQUEST_LOG: "app" or "access" (see app.py)

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if env is None else env
        defaults = cls()
        ca_file = env.get("SKILL_TRUSTED_CA_FILE") or None
        public_url = (env.get("SKILL_PUBLIC_URL") or defaults.public_url).rstrip("/")
        audio_base = (env.get("SKILL_AUDIO_BASE_URL") or "").rstrip("/") or None
        return cls(
            skill_id=(env.get("SKILL_ID") or "").strip() or None,
            verify_requests=_flag(env, "SKILL_VERIFY_REQUESTS", True),
            trusted_ca_file=Path(ca_file) if ca_file else None,
            cert_download_timeout_s=_number(env, "SKILL_CERT_TIMEOUT", defaults.cert_download_timeout_s),
            max_request_bytes=int(_number(env, "SKILL_MAX_REQUEST_BYTES", defaults.max_request_bytes)),
            public_url=public_url,
            audio_base_url=audio_base,
            audio_cache_dir=Path(env.get("SKILL_AUDIO_CACHE_DIR") or defaults.audio_cache_dir),
            database_url=env.get("SKILL_DATABASE_URL") or defaults.database_url,
            database_timeout_s=_number(env, "SKILL_DATABASE_TIMEOUT", defaults.database_timeout_s),
            database_retry_s=_positive(env, "SKILL_DATABASE_RETRY", defaults.database_retry_s),
            log_level=(env.get("SKILL_LOG_LEVEL") or defaults.log_level).upper(),
            request_log=_choice(env, "SKILL_REQUEST_LOG", REQUEST_LOGS, defaults.request_log),
        )

    def with_changes(self, **changes) -> "Settings":
        return replace(self, **changes)

    @property
    def media_base_url(self) -> str:
        """Base URL of audio files: the CDN when one is set, else this server's /audio route."""
        return self.audio_base_url or f"{self.public_url}/audio"
