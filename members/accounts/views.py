"""Account pages: sign-up, sign-in and out, password resets, and choosing the language."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods

from flywheel.links import site_parts

from ..access import safe_next
from ..cart.intent import carry_out_cart_intent, pending_cart_intent
from .forms import SignUpForm
from .models import Profile
from .services import remember_language, sign_up


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("members:catalog")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = sign_up(form=form)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Andon Store, %(name)s! Your account is ready.") % {"name": user.username})
        return redirect(carry_out_cart_intent(request) or safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
    return render(
        request, "members/accounts/signup.html",
        {"form": form, "next": request.GET.get("next", ""), "pending_add": pending_cart_intent(request)},
    )


class LoginView(auth_views.LoginView):
    template_name = "members/accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "pending_add": pending_cart_intent(self.request)}

    def form_valid(self, form):
        """Signing in brings back the language the user chose, on whichever browser they use, and
        carries out an "add to cart" made while signed out (then the cart is where they land)."""
        response = super().form_valid(form)
        added_to = carry_out_cart_intent(self.request)
        if added_to:
            response = redirect(added_to)
        chosen = Profile.objects.filter(user=form.get_user()).values_list("language", flat=True).first()
        if chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, chosen, max_age=settings.LANGUAGE_COOKIE_AGE,
                domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE, path=settings.LANGUAGE_COOKIE_PATH,
            )
        return response


class LogoutView(auth_views.LogoutView):
    # Django's LogoutView accepts POST only, so a link (or a prefetch) can never sign anyone out.
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are signed out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "members/accounts/password_reset.html"
    email_template_name = "members/accounts/password_reset_email.txt"
    subject_template_name = "members/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("members:password-reset-done")

    @property
    def extra_email_context(self) -> dict:
        """The e-mail names the site by SITE_URL, not by the Host header of whoever asked for the reset."""
        protocol, domain = site_parts()
        return {"protocol": protocol, "domain": domain, "site_name": domain}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "members/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "members/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("members:password-reset-complete")

    def render_to_response(self, context, **response_kwargs):
        """A link that names no valid reset says so, as a 404: there is nothing at that address."""
        if not context.get("validlink"):
            response_kwargs.setdefault("status", 404)
        return super().render_to_response(context, **response_kwargs)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "members/accounts/password_reset_complete.html"


def set_language(request):
    """Django's language switch, also remembered for a signed-in user: jobs write their notifications in it."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        remember_language(user=request.user, code=request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, ""))
    return response
