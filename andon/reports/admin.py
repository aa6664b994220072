"""The weekly report's pages in the admin, and the snapshots kept for history (read only).

The report pages are admin views of the snapshot model's admin, so they sit under the admin's
address with its sign-in, header and breadcrumbs; the admin's front page links them through the
staff-links hook (andon/apps.py).
"""

from django.contrib import admin
from django.urls import path

from flywheel.admin import ReadOnlyAdmin

from . import views
from .models import WeeklyTeamSnapshot


@admin.register(WeeklyTeamSnapshot)
class WeeklyTeamSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["iso_year", "iso_week", "team", "computed_at"]
    list_filter = ["iso_year", "team"]
    list_select_related = ["team"]
    fields = ["team", "iso_year", "iso_week", "figures", "computed_at"]
    readonly_fields = fields

    def get_urls(self):
        def admin_page(view):
            def with_admin_context(request, *args, **kwargs):
                return view(request, *args, admin_context=self.admin_site.each_context(request), **kwargs)

            return self.admin_site.admin_view(with_admin_context)

        return [
            path("weekly/", admin_page(views.weekly_report), name="andon_weekly_report"),
            path("weekly/csv/", self.admin_site.admin_view(views.weekly_report_csv), name="andon_weekly_report_csv"),
            path("team/<int:team_id>/", admin_page(views.team_coaching), name="andon_team_coaching"),
        ] + super().get_urls()
