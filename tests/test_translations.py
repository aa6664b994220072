"""The Chinese catalogue is complete and its committed .mo is exactly the compiled .po.

File times are useless here (a clone resets them), so the contents are compared.
"""

import os
import shutil
from pathlib import Path

import django
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


# Strings Django translates too, where ours says the same thing in other words (or fixes a typo of
# Django's: its "不允许是用空字符串" means "use of empty strings"). Any other shared word needs a context.
SAME_MEANING_AS_DJANGOS = {
    "Email": "邮箱 and 电子邮件 both mean e-mail",
    "Page not found": "页面未找到 and 页面没有找到 both mean page not found",
    "Null characters are not allowed.": "Django's own translation has a typo",
}


def _djangos_chinese() -> dict[str, set[str]]:
    """Each context-free msgid Django and the installed apps translate into Chinese, with their translations."""
    from django.apps import apps

    roots = [Path(django.__file__).parent / "conf" / "locale"] + [Path(app.path) / "locale" for app in apps.get_app_configs()]
    ours = {Path(locale_dir).resolve() for locale_dir in settings.LOCALE_PATHS}
    found: dict[str, set[str]] = {}
    for root in roots:
        path = root / "zh_Hans" / "LC_MESSAGES" / "django.po"
        if path.exists() and root.resolve() not in ours:
            for entry in polib.pofile(str(path)):
                if entry.msgstr and entry.msgctxt is None and not entry.obsolete:
                    found.setdefault(entry.msgid, set()).add(entry.msgstr)
    return found


@pytest.mark.parametrize("po_path", CATALOGUES, ids=str)
def test_no_word_of_ours_replaces_djangos_own_translation(po_path):
    """Our catalogue is read first: a context-free "Change" of ours turned the admin's 修改 links into 切换."""
    djangos = _djangos_chinese()
    replaced = {
        entry.msgid: (entry.msgstr, sorted(djangos[entry.msgid]))
        for entry in polib.pofile(str(po_path))
        if not entry.obsolete and entry.msgctxt is None and not entry.msgid_plural
        and entry.msgid in djangos and entry.msgstr not in djangos[entry.msgid]
        and entry.msgid not in SAME_MEANING_AS_DJANGOS
    }
    assert djangos["Change"] == {"修改"}  # the check reads Django's catalogues
    assert replaced == {}, "give these strings a context (pgettext / {% translate ... context ... %})"
