"""Settings come from the environment; a value we cannot use stops start-up with the variable's name."""
from __future__ import annotations

import pytest

from skill.config import Settings, SettingsError


def test_defaults_need_no_environment():
    settings = Settings.from_env({})
    assert settings.verify_requests and settings.request_log == "app"
    assert settings.database_timeout_s == 1.5 and settings.database_retry_s == 5.0


def test_values_are_read_and_normalised():
    settings = Settings.from_env({"SKILL_REQUEST_LOG": " Access ", "SKILL_DATABASE_RETRY": "0.5",
                                  "SKILL_VERIFY_REQUESTS": "off", "SKILL_PUBLIC_URL": "https://x.test/"})
    assert settings.request_log == "access" and settings.database_retry_s == 0.5
    assert not settings.verify_requests and settings.public_url == "https://x.test"


@pytest.mark.parametrize("name, value", [("SKILL_REQUEST_LOG", "syslog"), ("SKILL_DATABASE_RETRY", "0"),
                                         ("SKILL_DATABASE_RETRY", "soon"), ("SKILL_VERIFY_REQUESTS", "maybe"),
                                         ("SKILL_DATABASE_TIMEOUT", "1.5s")])
def test_unusable_values_name_their_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})
