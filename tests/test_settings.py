"""Production settings: refuse to start without secrets, a queue or the site's address, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
# What production needs besides the secrets; each test leaves out the one it is about.
NEEDED = {"REDIS_URL": "redis://127.0.0.1:6379/15", "SITE_URL": "https://shop.example.com"}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "SITE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings.production")
    clean.update({k: v for k, v in env.items() if v is not None})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", ALLOWED_HOSTS="shop.example.com", **NEEDED)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", SECRET_KEY="x" * 60, **NEEDED)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_check_deploy_reports_nothing_under_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY="a-long-random-production-secret-for-the-check-0123456789-abcdefghij",
        ALLOWED_HOSTS="shop.example.com", **NEEDED,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


SECRETS = {"SECRET_KEY": "y" * 60, "ALLOWED_HOSTS": "shop.example.com"}


def test_production_refuses_to_start_without_redis():
    result = _manage("check", **SECRETS, **{**NEEDED, "REDIS_URL": None})
    assert result.returncode != 0
    assert "REDIS_URL must be set in production" in result.stderr


def test_production_refuses_to_start_without_the_site_address():
    result = _manage("check", **SECRETS, **{**NEEDED, "SITE_URL": None})
    assert result.returncode != 0
    assert "SITE_URL must be set in production" in result.stderr


def test_production_refuses_a_site_address_that_is_not_https():
    result = _manage("check", **SECRETS, **{**NEEDED, "SITE_URL": "http://shop.example.com"})
    assert result.returncode != 0
    assert "SITE_URL must be set in production" in result.stderr


def test_production_keeps_its_cache_in_redis_for_every_process():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'])"
    result = _manage("shell", "-v", "0", "-c", code, **SECRETS, **NEEDED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", NEEDED["REDIS_URL"]]
