"""Static files under the production storage: every file collectstatic gathers must post-process.

whitenoise's manifest storage rewrites each URL a CSS or JS file names (a source map included); a
name that does not exist fails `collectstatic`, and without the manifest every page answers 500.
"""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def production_static_storage(tmp_path):
    # override_settings rebuilds the static storage when STORAGES or STATIC_ROOT change.
    with override_settings(STORAGES=MANIFEST, STATIC_ROOT=tmp_path):
        yield tmp_path


def test_collectstatic_succeeds_under_the_production_storage(production_static_storage):
    call_command("collectstatic", interactive=False, verbosity=0)

    assert (production_static_storage / "staticfiles.json").exists()


def test_the_vendored_chart_library_gets_a_hashed_name(production_static_storage):
    call_command("collectstatic", interactive=False, verbosity=0)

    hashed = staticfiles_storage.url("vendor/chartjs/chart.umd.min.js")
    assert hashed != "/static/vendor/chartjs/chart.umd.min.js"
    assert (production_static_storage / hashed.removeprefix("/static/")).exists()
