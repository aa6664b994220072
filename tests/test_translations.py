"""The Chinese catalogue is complete and its committed .mo is exactly the compiled .po.

File times are useless here (a clone resets them), so the contents are compared.
"""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGUES = sorted(
    path for locale_dir in settings.LOCALE_PATHS for path in Path(locale_dir).glob("*/LC_MESSAGES/django.po")
)


def _entries(catalogue) -> dict:
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in catalogue
        if not entry.obsolete and "fuzzy" not in entry.flags
    }


def test_a_chinese_catalogue_exists():
    assert [path.parent.parent.name for path in CATALOGUES] == ["zh_Hans"]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=str)
def test_every_string_is_translated(po_path):
    catalogue = polib.pofile(str(po_path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert missing == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=str)
def test_compiled_catalogue_matches_its_source(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), "run `make messages` and commit the .mo"
    assert _entries(polib.mofile(str(mo_path))) == _entries(polib.pofile(str(po_path)))


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext) to read the code")
def test_every_string_in_the_code_is_in_the_catalogue_and_translated(tmp_path, settings):
    """Extract the strings from the code afresh, merged into a copy of the catalogue: nothing may be new."""
    copy = tmp_path / "zh_Hans" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copy(CATALOGUES[0], copy / "django.po")
    settings.LOCALE_PATHS = [tmp_path]
    cwd = os.getcwd()
    os.chdir(settings.BASE_DIR)
    try:
        call_command(
            "makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0,
            # The real catalogue's folder is left out so makemessages cannot pick it as its target.
            ignore_patterns=[".venv", "var", "tests", "test-artifacts", "node_modules", "config/locale"],
        )
    finally:
        os.chdir(cwd)

    fresh = polib.pofile(str(copy / "django.po"))
    assert [entry.msgid for entry in fresh.untranslated_entries() + fresh.fuzzy_entries()] == []
