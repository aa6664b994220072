"""Back-in-stock requests: a member asks to be told when a product they cannot buy now returns."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flywheel.models import Product


class RestockRequest(models.Model):
    """One member waiting for one product; told once (`notified_at`), then a new wait needs a new request."""

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="restock_requests"
    )
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="restock_requests")
    # The language the member asked in: the notice uses the one they chose since (Profile), else this.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    notified_at = models.DateTimeField(_("told"), null=True, blank=True)

    class Meta:
        verbose_name = _("back-in-stock request")
        verbose_name_plural = _("back-in-stock requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "product"], condition=models.Q(notified_at__isnull=True), name="restock_one_waiting_per_member"
            )
        ]
        indexes = [models.Index(fields=["product", "notified_at"], name="restock_product_waiting_idx")]

    def __str__(self) -> str:
        return f"{self.customer} ← {self.product.sku}"
