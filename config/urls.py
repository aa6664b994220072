import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import user_passes_test
from django.urls import include, path, re_path
from django.views.static import serve
from django.utils.translation import gettext_lazy as _
from django_rq.urls import get_admin_urlpatterns, get_api_urlpatterns
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from members.accounts.views import set_language

from .health import healthz

superuser_required = user_passes_test(lambda user: user.is_active and user.is_superuser, login_url="admin:login")

admin.site.site_header = _("Andon")
admin.site.site_title = _("Andon admin")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # The job dashboard can empty queues and requeue jobs (a refund among them): superusers only,
    # not every staff role that signs in to the admin.
    path(
        "django-rq/",
        include((get_api_urlpatterns() + get_admin_urlpatterns(view_wrapper=superuser_required), "django_rq")),
    ),
    path("admin/", admin.site.urls),
    path("agent/", include("tickets.console.urls")),
    path("andon/bonuses/", include("andon.bonuses.urls")),
    path("andon/", include("andon.pulls.urls")),
    path("andon/", include("andon.frontline.urls")),
    path("andon/", include("andon.verdicts.urls")),
    path("orders/", include("tickets.selfservice.urls")),
    path("reports/", include("andon.reports.urls")),
    path("work/", include("andon.work_orders.urls")),
    path("", include("members.urls")),
]
# Media in development, except the private folder (complaint photos): only the views that check
# who asks serve those (tickets.selfservice.views.report_photo).
PUBLIC_MEDIA = rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?!private/)(?P<path>.*)$"
if settings.DEBUG:
    urlpatterns += [re_path(PUBLIC_MEDIA, serve, {"document_root": settings.MEDIA_ROOT})]
