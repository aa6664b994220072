"""A member's address book: the addresses checkout offers, one of them the default."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SavedAddress(models.Model):
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="saved_addresses"
    )
    label = models.CharField(pgettext_lazy("address book field", "label"), max_length=40, blank=True, help_text=_("For you, e.g. Home or Office."))
    name = models.CharField(_("Recipient name"), max_length=120)
    address = models.CharField(_("Shipping address"), max_length=300)
    phone = models.CharField(_("Phone"), max_length=40, blank=True)
    is_default = models.BooleanField(pgettext_lazy("address book field: filled in first at checkout", "default"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("saved address")
        verbose_name_plural = _("saved addresses")
        ordering = ["-is_default", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["customer"], condition=models.Q(is_default=True), name="address_one_default_per_member")
        ]

    def __str__(self) -> str:
        return self.label or self.name
