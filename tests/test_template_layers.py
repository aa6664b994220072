"""Templates follow the same arrows as the Python code: a lower app's template never reaches up.

Each template under `templates/` belongs to the app named by its folder. A template may `{% load %}`
tag libraries, `{% include %}` / `{% extends %}` templates and `{% url %}` pages, of its own app or of a lower one
(flywheel < members < tickets < andon). `admin/index.html` is the project's admin front page: it
sits with `config`, above every app, and may reach anything. Libraries and templates that are not
ours (Django's `i18n`, `static`, `humanize`, the admin's templates...) are not checked.

A lower app that must show something from a higher one offers a hook (a context-processor slot,
a registry) that the higher app fills in its `AppConfig.ready()`; it never loads the higher app's
tags.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.backends.django import get_installed_libraries
from django.urls import get_resolver

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"

# Lowest first; `config` is the project itself, above every app.
LAYERS = ["flywheel", "members", "tickets", "andon", "config"]

# Most specific first: the first matching prefix decides the owner.
OWNER_BY_PREFIX = [
    ("admin/index.html", "config"),
    ("admin/base_site.html", "flywheel"),  # every app's admin pages stand on it: the stock one, breadcrumb links underlined
    ("admin/andon/", "andon"),
    ("admin/members/", "members"),
    ("andon/", "andon"),
    ("work/", "andon"),
    ("reports/", "andon"),
    ("agent/", "tickets"),
    ("tickets/", "tickets"),
    ("members/", "members"),
    ("base.html", "members"),
    ("400.html", "flywheel"),  # answered by flywheel.middleware, before any app routes the request
    ("standalone_error.html", "flywheel"),  # the shell of 400.html and 500.html
    ("403.html", "members"),
    ("404.html", "members"),
    ("500.html", "members"),
]

COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)
COMMENT_LINE = re.compile(r"{#.*?#}")
LOAD_TAG = re.compile(r"{%\s*load\s+(.+?)\s*%}")
URL_NAMESPACE_REFERENCE = re.compile(r"{%\s*url\s+([\"'])([\w-]+):")
TEMPLATE_REFERENCE = re.compile(r"{%\s*(?:include|extends)\s+([\"'])(.+?)\1")


def all_templates() -> list[str]:
    return sorted(
        path.relative_to(TEMPLATES_DIR).as_posix()
        for path in TEMPLATES_DIR.rglob("*")
        if path.is_file()
    )


def owner_of_template(name: str) -> str | None:
    """The app a template under `templates/` belongs to, by its folder; None if unclassified."""
    for prefix, app in OWNER_BY_PREFIX:
        if name == prefix or (prefix.endswith("/") and name.startswith(prefix)):
            return app
    return None


def owner_of_library(library: str) -> str | None:
    """The app whose `templatetags` package defines a tag library; None if it is not ours."""
    module = get_installed_libraries().get(library)
    if module is None:
        return None
    app = module.split(".", 1)[0]
    return app if app in LAYERS else None


def loaded_libraries(source: str) -> list[str]:
    """Library names in `{% load a b %}` and `{% load x y from a %}`."""
    libraries = []
    for arguments in LOAD_TAG.findall(source):
        words = arguments.split()
        if len(words) >= 3 and words[-2] == "from":
            libraries.append(words[-1])
        else:
            libraries.extend(words)
    return libraries


def owner_of_namespace(namespace: str) -> str | None:
    """The app whose URL conf defines a URL namespace; None if it is not ours (the admin's)."""
    resolver = get_resolver().namespace_dict.get(namespace)
    if resolver is None:
        return None
    module = getattr(resolver[1].urlconf_module, "__name__", "")  # the admin's is a list of patterns
    app = module.split(".", 1)[0]
    return app if app in LAYERS else None


def referenced_namespaces(source: str) -> list[str]:
    """URL namespaces in `{% url "namespace:name" ... %}` with a literal name."""
    return [namespace for _quote, namespace in URL_NAMESPACE_REFERENCE.findall(source)]


def referenced_templates(source: str) -> list[str]:
    """Literal names in `{% include "..." %}` and `{% extends "..." %}`."""
    return [name for _quote, name in TEMPLATE_REFERENCE.findall(source)]


def upward_arrows(name: str, source: str | None = None) -> list[str]:
    """Every tag library or template that `name` (read from disk unless `source` is given) reaches
    in an app above its own."""
    owner = owner_of_template(name)
    if owner is None:
        return [f"{name} has no owning app: add its folder to OWNER_BY_PREFIX"]
    if source is None:
        source = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    source = COMMENT_LINE.sub("", COMMENT_BLOCK.sub("", source))
    arrows = []
    for library in loaded_libraries(source):
        target = owner_of_library(library)
        if target is not None and LAYERS.index(target) > LAYERS.index(owner):
            arrows.append(f"{{% load {library} %}} is {target}'s")
    for namespace in referenced_namespaces(source):
        target = owner_of_namespace(namespace)
        if target is not None and LAYERS.index(target) > LAYERS.index(owner):
            arrows.append(f"{{% url '{namespace}:...' %}} is {target}'s")
    ours = set(all_templates())
    for referenced in referenced_templates(source):
        # A name we do not ship (the admin's own templates) belongs to Django, below everything.
        if referenced == name or referenced not in ours:
            continue
        target = owner_of_template(referenced)
        if target is not None and LAYERS.index(target) > LAYERS.index(owner):
            arrows.append(f'"{referenced}" is {target}\'s')
    return arrows


def test_our_tag_libraries_are_recognised_by_their_app():
    assert owner_of_library("console_panels") == "tickets"
    assert owner_of_library("i18n") is None


def test_a_storefront_page_linking_to_a_higher_apps_page_is_caught():
    assert upward_arrows("members/order_detail.html", "{% url 'members:orders' %}{% url \"selfservice:report-problem\" n %}") == [
        "{% url 'selfservice:...' %} is tickets's",
    ]


def test_a_storefront_template_reaching_up_is_caught():
    assert upward_arrows("base.html", '{% load i18n console_panels %}{% include "work/_state.html" %}') == [
        "{% load console_panels %} is tickets's",
        '"work/_state.html" is andon\'s',
    ]


def test_an_upward_load_is_caught():
    assert loaded_libraries('{% load i18n humanize andon_console %}') == [
        "i18n", "humanize", "andon_console",
    ]
    assert loaded_libraries("{% load pulls_for from andon_console %}") == ["andon_console"]


def test_a_literal_include_or_extends_is_read():
    source = '{% extends "base.html" %}{% include \'work/_state.html\' with x=1 %}{% include var %}'
    assert referenced_templates(source) == ["base.html", "work/_state.html"]


@pytest.mark.parametrize("name", all_templates())
def test_every_template_has_an_owning_app(name):
    assert owner_of_template(name) in LAYERS


@pytest.mark.parametrize("name", all_templates())
def test_a_template_reaches_only_its_own_app_or_lower_ones(name):
    assert upward_arrows(name) == [], f"{name} ({owner_of_template(name)}) reaches up"
