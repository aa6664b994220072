"""Writes to a member's address book. Each is scoped to the member: another member's address is refused."""

from django.db import transaction
from django.utils.translation import gettext as _

from flywheel.errors import DomainError
from flywheel.services import record_audit
from flywheel.text import require_readable

from .models import SavedAddress

MAX_ADDRESSES = 20


def _check(*, name: str, address: str, phone: str, label: str) -> None:
    # Printed on a parcel label, like the checkout's shipping details.
    require_readable(name, field=_("The recipient's name"), max_length=120)
    require_readable(address, field=_("The address"), max_length=300)
    require_readable(phone, field=_("The phone number"), max_length=40)
    require_readable(label, field=_("The label"), max_length=40)


def _locked_book(customer) -> list[SavedAddress]:
    return list(SavedAddress.objects.select_for_update().filter(customer=customer).order_by("pk"))


@transaction.atomic
def add_address(*, customer, name: str, address: str, phone: str = "", label: str = "", make_default: bool = False) -> SavedAddress:
    """Add an address to the member's book; the first one (or one asked for) becomes the default.

    Raises DomainError past MAX_ADDRESSES or for unreadable text.
    """
    _check(name=name, address=address, phone=phone, label=label)
    book = _locked_book(customer)
    if len(book) >= MAX_ADDRESSES:
        raise DomainError(_("Your address book is full (%(max)d addresses). Delete one first.") % {"max": MAX_ADDRESSES})
    make_default = make_default or not book
    if make_default:
        SavedAddress.objects.filter(customer=customer, is_default=True).update(is_default=False)
    saved = SavedAddress.objects.create(customer=customer, name=name, address=address, phone=phone, label=label, is_default=make_default)
    record_audit(obj=saved, action="add", actor=customer)
    return saved


@transaction.atomic
def edit_address(*, saved: SavedAddress, customer, name: str, address: str, phone: str = "", label: str = "") -> SavedAddress:
    """Change an address of the member's own book."""
    _check(name=name, address=address, phone=phone, label=label)
    saved = _own(saved, customer)
    saved.name, saved.address, saved.phone, saved.label = name, address, phone, label
    saved.save(update_fields=["name", "address", "phone", "label"])
    record_audit(obj=saved, action="edit", actor=customer)
    return saved


@transaction.atomic
def make_default_address(*, saved: SavedAddress, customer) -> SavedAddress:
    """The address checkout fills in first."""
    _locked_book(customer)
    saved = _own(saved, customer)
    SavedAddress.objects.filter(customer=customer, is_default=True).exclude(pk=saved.pk).update(is_default=False)
    saved.is_default = True
    saved.save(update_fields=["is_default"])
    record_audit(obj=saved, action="make_default", actor=customer)
    return saved


@transaction.atomic
def delete_address(*, saved: SavedAddress, customer) -> None:
    """Remove an address; when it was the default, the newest remaining one takes its place."""
    book = _locked_book(customer)
    saved = _own(saved, customer)
    record_audit(obj=saved, action="delete", actor=customer, note=str(saved))
    saved.delete()
    if saved.is_default:
        rest = sorted((entry for entry in book if entry.pk != saved.pk), key=lambda entry: (entry.created_at, entry.pk))
        if rest:
            SavedAddress.objects.filter(pk=rest[-1].pk).update(is_default=True)


def _own(saved: SavedAddress, customer) -> SavedAddress:
    owned = SavedAddress.objects.select_for_update().filter(pk=saved.pk, customer=customer).first()
    if owned is None:
        raise DomainError(_("This address is not in your address book."))
    return owned
