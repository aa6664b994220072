"""The member's problem reports, mounted under /orders/ beside the storefront's order pages."""

from django.urls import path

from . import views

app_name = "selfservice"

urlpatterns = [
    path("reports/", views.my_reports, name="reports"),
    path("reports/<int:complaint_id>/", views.report_detail, name="report"),
    path("reports/photos/<int:pk>/", views.report_photo, name="photo"),
    path("<str:number>/report/", views.report_problem, name="report-problem"),
    path("<str:number>/report/<int:complaint_id>/", views.problem_reported, name="problem-reported"),
]
