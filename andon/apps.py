from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AndonConfig(AppConfig):
    name = "andon"
    verbose_name = _("Andon pulls and work orders")

    def ready(self) -> None:
        from flywheel.services import register_relist_guard

        from .work_orders.services import refuse_relist_while_pulled

        # A pulled product or partner comes back only when its pull's work orders are closed.
        register_relist_guard(refuse_relist_while_pulled)
