"""Evidence on a work order: inspection photos, the supplier's written answer, as images or PDF."""

from pathlib import Path

from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from flywheel.errors import DomainError
from flywheel.services import record_audit

from ..models import WorkOrder, WorkOrderAttachment
from .work_orders import NotYourDepartment, in_department

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Extension -> how the file must begin. The extension alone is whatever the uploader typed, so the
# first bytes are checked too: a script renamed to .pdf is refused.
ATTACHMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


def check_attachment(file) -> None:
    """Refuse files over 10 MB and anything that is not an image or a PDF (by extension and by content)."""
    if file.size > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            _("The file is %(size)s; attachments are limited to %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(MAX_ATTACHMENT_BYTES)}
        )
    signatures = ATTACHMENT_SIGNATURES.get(Path(file.name or "").suffix.lower())
    if signatures is None:
        raise DomainError(_("Attach a photo (JPEG, PNG, GIF, WebP) or a PDF."))
    file.seek(0)
    head = file.read(12)
    file.seek(0)
    webp = not head.startswith(b"RIFF") or head[8:12] == b"WEBP"
    if not any(head.startswith(signature) for signature in signatures) or not webp:
        raise DomainError(_("%(name)s is not the image or PDF its name says it is.") % {"name": Path(file.name).name})


@transaction.atomic
def attach_to_work_order(*, work_order: WorkOrder, actor, file, caption: str = "") -> WorkOrderAttachment:
    """Keep a piece of evidence on the work order; only its department adds to it, and only while it is open."""
    # Only the work order's row is locked: PostgreSQL refuses FOR UPDATE on the nullable target joins.
    work_order = WorkOrder.objects.select_for_update(of=("self",)).select_related(
        "pull__product__supplier", "pull__partner", "pull__process"
    ).get(pk=work_order.pk)
    if not in_department(actor, work_order):
        raise NotYourDepartment(
            _("Only %(department)s can add to %(work_order)s.")
            % {"department": work_order.get_department_display(), "work_order": work_order}
        )
    if work_order.state not in WorkOrder.ACTIVE:
        raise DomainError(_("%(work_order)s is finished; nothing more can be attached.") % {"work_order": work_order})
    check_attachment(file)
    attachment = WorkOrderAttachment.objects.create(
        work_order=work_order, file=file, caption=" ".join((caption or "").split())[:200], uploaded_by=actor
    )
    record_audit(obj=work_order, action="attach", actor=actor, note=Path(attachment.file.name).name)
    return attachment
