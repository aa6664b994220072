"""The member's address book pages: list, add, edit, delete, choose the default. Scoped to the member."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from flywheel.errors import DomainError

from .forms import AddressForm, NewAddressForm
from .models import SavedAddress
from .selectors import addresses_of
from .services import add_address, delete_address, edit_address, make_default_address


def _own_or_404(request, pk: int) -> SavedAddress:
    saved = addresses_of(request.user).filter(pk=pk).first()
    if saved is None:
        raise Http404(_("This address is not in your address book."))
    return saved


@login_required
@require_http_methods(["GET", "POST"])
def address_book(request):
    form = NewAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_address(customer=request.user, **form.cleaned_data)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The address is saved. Checkout will offer it."))
            return redirect("members:addresses")
    return render(
        request, "members/addresses.html", {"addresses": list(addresses_of(request.user)), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request, pk: int):
    saved = _own_or_404(request, pk)
    form = AddressForm(request.POST or None, instance=SavedAddress(pk=saved.pk, customer=request.user) if request.method == "POST" else saved)
    if request.method == "POST" and form.is_valid():
        try:
            edit_address(saved=saved, customer=request.user, **form.cleaned_data)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The address is updated."))
            return redirect("members:addresses")
    return render(request, "members/address_edit.html", {"saved": saved, "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def address_delete(request, pk: int):
    delete_address(saved=_own_or_404(request, pk), customer=request.user)
    messages.success(request, _("The address is deleted."))
    return redirect("members:addresses")


@login_required
@require_POST
def address_default(request, pk: int):
    saved = make_default_address(saved=_own_or_404(request, pk), customer=request.user)
    messages.success(request, _("Checkout will fill in %(label)s first.") % {"label": str(saved)})
    return redirect("members:addresses")
