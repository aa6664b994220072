from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlywheelConfig(AppConfig):
    name = "flywheel"
    verbose_name = _("Catalog and flywheel")
