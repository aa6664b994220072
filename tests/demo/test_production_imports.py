"""A production install (`pip install .`, no `demo` extra) runs without factory-boy, Faker, tqdm or time-machine.

Each check runs in a fresh interpreter where those modules cannot be imported, since in this one
the test suite has imported them already.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_EXTRA = ("factory", "faker", "tqdm", "time_machine")

# Makes the demo extra's modules unimportable, as in an install without it.
WITHOUT_DEMO_EXTRA = f"""
import sys

BLOCKED = {DEMO_EXTRA!r}


class WithoutDemoExtra:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, WithoutDemoExtra())
"""

# Every view behind a URL, the admin (autodiscovered at setup), and every app module production
# loads; the factories and the demo package are the only ones left out, on purpose.
IMPORT_PRODUCTION_CODE = """
import importlib
import pkgutil

import django

django.setup()

from django.urls import URLResolver, get_resolver


def view_modules(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from view_modules(pattern.url_patterns)
        else:
            yield pattern.callback.__module__


views = sorted(set(view_modules(get_resolver().url_patterns)))
for module in views:
    importlib.import_module(module)

LEFT_OUT = {"factories", "demo", "migrations", "settings"}  # "demo": the andon.demo package, not the command


def app_modules(path, prefix):
    for info in pkgutil.iter_modules(path, prefix):
        if info.name.rpartition(".")[2] in LEFT_OUT and not info.name.endswith("commands.demo"):
            continue
        yield importlib.import_module(info.name).__name__
        if info.ispkg:
            yield from app_modules(importlib.import_module(info.name).__path__, f"{info.name}.")


modules = [
    module for app in ("config", "flywheel", "members", "tickets", "andon")
    for module in app_modules(importlib.import_module(app).__path__, f"{app}.")
]

from django.core.management import call_command

call_command("check")
print(f"imported {len(views)} view modules and {len(modules)} app modules")
"""

CALL_DEMO = """
import django

django.setup()

from django.core.management import CommandError, call_command

try:
    call_command("demo")
except CommandError as error:
    print(f"CommandError: {error}")
"""


def run_without_demo_extra(script: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_DEMO_EXTRA + script],
        cwd=ROOT,
        # The suite's own DJANGO_* variables stay out (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE,
        # which the deploy check rightly refuses).
        env={
            **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_the_blocker_really_blocks_the_demo_extra():
    result = run_without_demo_extra("import factory")

    assert "ModuleNotFoundError: No module named 'factory'" in result.stderr


def test_urls_views_admin_and_app_modules_import_and_check_passes_without_the_demo_extra():
    result = run_without_demo_extra(IMPORT_PRODUCTION_CODE)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_passes_without_the_demo_extra():
    result = run_without_demo_extra(
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])\n",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="check-only-" + "x" * 50,
        ALLOWED_HOSTS="andon.example",
        REDIS_URL="redis://127.0.0.1:6379/15",
        SITE_URL="https://andon.example",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_demo_command_without_the_extra_says_what_to_install():
    result = run_without_demo_extra(CALL_DEMO)

    assert result.returncode == 0, result.stderr
    assert 'CommandError: The demo needs the "demo" extra' in result.stdout
    assert 'pip install -e ".[demo]"' in result.stdout
