from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members, storefront and orders")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .orders import notifications  # noqa: F401  (registers the order notices' kinds)
        from .restock import notifications as _restock_kinds  # noqa: F401  (and the back-in-stock notice's)

        post_migrate.connect(_grant_after_last_app, dispatch_uid="members.grant_role_permissions")

        from flywheel.signals import product_may_be_back

        product_may_be_back.connect(_product_may_be_back, dispatch_uid="members.restock_notices")


def _product_may_be_back(sender, product_id: int, **kwargs) -> None:
    """A product may be buyable again (relisted, published, restocked): tell its waiting members after commit."""
    from .restock.services import schedule_restock_notices

    schedule_restock_notices(product_id=product_id)


def _grant_after_last_app(sender, **kwargs) -> None:
    """After the last app's post_migrate, when every app's permissions exist, sync the role groups'."""
    from django.apps import apps

    from .roles import grant_role_permissions

    if sender.label == list(apps.get_app_configs())[-1].label:
        grant_role_permissions(using=kwargs.get("using", "default"), strict=False)
