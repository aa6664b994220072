"""Complaints and the things they can be about besides products: partners and processes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

from flywheel.models import Bilingual, Lot, Partner, Product
from members.models import OrderLine


class IssueCode(Bilingual):
    """The managed taxonomy of problems; the andon rule counts complaints per issue code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    active = models.BooleanField(pgettext_lazy("still in use: a supplier or an issue code", "active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("issue code")
        verbose_name_plural = _("issue codes")
        ordering = ["position", "code"]


class Process(Bilingual, FSMModelMixin):
    """A business process or an internal support step that an andon pull can stop (turn red)."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("business process")
        SUPPORT_STEP = "support_step", _("internal support step")

    class Lamp(models.TextChoices):
        GREEN = "green", _("green")
        RED = "red", _("red")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROCESS)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="owned_processes",
    )
    lamp = FSMField(_("lamp"), choices=Lamp.choices, default=Lamp.GREEN, protected=True)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["name"]

    @transition(field=lamp, source=Lamp.GREEN, target=Lamp.RED)
    def stop(self) -> None:
        pass

    @transition(field=lamp, source=Lamp.RED, target=Lamp.GREEN)
    def restart(self) -> None:
        pass


class Complaint(FSMModelMixin, models.Model):
    """One customer's complaint about one target: a product (through an order line), a partner or a process."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed")

    class Channel(models.TextChoices):
        PHONE = "phone", _("phone")
        CHAT = "chat", _("chat")
        EMAIL = "email", _("email")
        SELF_SERVICE = "self_service", _("self-service")
        API = "api", _("API")

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="complaints"
    )
    order_line = models.ForeignKey(
        OrderLine, verbose_name=_("order line"), on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    issue_code = models.ForeignKey(IssueCode, verbose_name=_("issue code"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("what the customer says"), max_length=5000)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.PHONE)
    state = FSMField(_("state"), choices=State.choices, default=State.OPEN, protected=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="handled_complaints",
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    # Set by the reply service; the console queue shows the time since the customer last heard from us.
    last_reply_to_customer_at = models.DateTimeField(_("last reply to the customer"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="complaint_has_exactly_one_target",
                condition=(
                    Q(product__isnull=False, partner__isnull=True, process__isnull=True)
                    | Q(product__isnull=True, partner__isnull=False, process__isnull=True)
                    | Q(product__isnull=True, partner__isnull=True, process__isnull=False)
                ),
            )
        ]
        indexes = [
            # The andon rule: same target + same issue code within the look-back window.
            models.Index(fields=["product", "issue_code", "created_at"], name="complaint_product_rule_idx"),
            models.Index(fields=["partner", "issue_code", "created_at"], name="complaint_partner_rule_idx"),
            models.Index(fields=["process", "issue_code", "created_at"], name="complaint_process_rule_idx"),
            models.Index(fields=["state", "-created_at"], name="complaint_queue_idx"),
            # The weekly report: complaints received in a week, counted per agent's team.
            models.Index(fields=["created_at", "taken_by"], name="complaint_week_idx"),
            # The console queue sorts and filters by the time the customer last heard from us.
            models.Index(fields=["last_reply_to_customer_at"], name="complaint_last_reply_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.issue_code_id}"

    @property
    def target(self):
        return self.product or self.partner or self.process

    @transition(field=state, source=State.OPEN, target=State.RESOLVED)
    def resolve(self) -> None:
        pass

    @transition(field=state, source=State.RESOLVED, target=State.CLOSED)
    def close(self) -> None:
        pass

    @transition(field=state, source=[State.RESOLVED, State.CLOSED], target=State.OPEN)
    def reopen(self) -> None:
        pass
